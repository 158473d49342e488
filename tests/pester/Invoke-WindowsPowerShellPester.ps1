#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the Pester suite in Windows PowerShell 5.1 against the built module (CI, windows-latest).

.DESCRIPTION
    build.ps1 runs tests/pester in PowerShell 7. Windows PowerShell 5.1 runs the same module on
    .NET Framework, through code paths PowerShell 7 never takes: the module's dependency resolver
    loading System.Text.Json and friends from dependencies/, TLS and proxies on .NET Framework,
    -Debug written to the host. This script runs the suite there, against what the Build task laid
    out in out/Auriko/<version>/, with the loopback test server started from its built dll.

    Run it after 'dotnet pwsh ./build.ps1 -Task Test' (or Build, plus a restore of
    tests/tools/TestTools.csproj for Pester). Tests that need PowerShell 7 are reported as skipped,
    with the reason (Skip-OnWindowsPowerShell in TestHelpers.psm1).

    Ends with one line 'N passed, M failed, K skipped' and exits 1 when anything failed.

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File tests/pester/Invoke-WindowsPowerShellPester.ps1
#>
[CmdletBinding()]
param(
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

if ($PSVersionTable.PSEdition -ne 'Desktop') {
    throw 'Run this script in Windows PowerShell 5.1 (powershell.exe); build.ps1 runs the suite in PowerShell 7.'
}

$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$pesterVersion = '5.7.1'

# Pester comes from the NuGet package folder, as build.ps1 restores it (the Gallery is not used).
$packageFolders = @()
if ($env:NUGET_PACKAGES) { $packageFolders += $env:NUGET_PACKAGES }
$packageFolders += Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget\packages'
$pester = $packageFolders | ForEach-Object { Join-Path $_ "pester\$pesterVersion\tools\Pester.psd1" } |
    Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
if (-not $pester) {
    throw "Pester $pesterVersion was not found under $($packageFolders -join ', '). Run 'dotnet pwsh ./build.ps1 -Task Test' first (it restores Pester from NuGet)."
}

$manifest = Get-ChildItem -Path (Join-Path $root 'out\Auriko\*\Auriko.psd1') -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $manifest) { throw "No built module in out\Auriko\<version>\. Run 'dotnet pwsh ./build.ps1 -Task Build' first." }
$serverDll = Join-Path $root "tests\Auriko.TestServer\bin\$Configuration\net10.0\Auriko.TestServer.dll"
if (-not (Test-Path -LiteralPath $serverDll)) { throw "The test server is not built: $serverDll" }

$resultsDir = Join-Path $root 'out\test-results'
$null = New-Item -ItemType Directory -Path $resultsDir -Force

# The same variables build.ps1 gives its Pester run.
$env:AURIKO_TEST_MODULE = $manifest.FullName
$env:AURIKO_TEST_SERVER_DLL = $serverDll

Write-Host "Windows PowerShell $($PSVersionTable.PSVersion) on $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription)"
Write-Host "Module: $($manifest.FullName)"
Write-Host "Pester: $pester"

Import-Module -Name $pester -Force
$config = New-PesterConfiguration
$config.Run.Path = Join-Path $root 'tests\pester'
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $resultsDir 'pester-windows-powershell.xml'
$result = Invoke-Pester -Configuration $config

# As in build.ps1: a failed block without a failed test (an AfterAll that threw) and a test file
# that could not run count as failures too.
function Test-HasFailedTest($Block) {
    foreach ($test in $Block.Tests) { if ($test.Result -eq 'Failed') { return $true } }
    foreach ($child in $Block.Blocks) { if (Test-HasFailedTest $child) { return $true } }
    return $false
}
$extraBlocks = @($result.FailedBlocks | Where-Object { -not (Test-HasFailedTest $_) })
$failed = $result.FailedCount + $extraBlocks.Count + $result.FailedContainersCount

foreach ($block in $extraBlocks) { Write-Host "FAILED: $($block.ExpandedPath) (BeforeAll/AfterAll)" -ForegroundColor Red }
foreach ($container in $result.FailedContainers) { Write-Host "FAILED: $($container.Item) (could not run)" -ForegroundColor Red }
Write-Host ('{0} passed, {1} failed, {2} skipped' -f $result.PassedCount, $failed, $result.SkippedCount)
if ($failed -gt 0) { exit 1 }
exit 0
