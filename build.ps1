#Requires -Version 7.2
<#
.SYNOPSIS
    The one entry point for building and testing Auriko for PowerShell.

.DESCRIPTION
    Build  Compiles the cmdlets (and the loopback test server) and lays the module out as a user
           would install it, in out/Auriko/<version>/.
    Test   Build, then the xunit tests of the client, the xunit tests of the PowerShell layer's
           internals, the Pester tests of the built module (in a fresh pwsh), and the validation
           of the GitHub workflow files (.github/workflows, with @action-validator/cli from npm).
           Ends with one line "N passed, M failed" and exits non-zero when anything failed,
           including a build or a test runner that crashed.
    Clean  Removes out/ and every project's bin/ and obj/.
    Docs   Compiles docs/*.md (PlatyPS markdown) into the module's en-US help: the MAML file for
           the cmdlets and about_*.help.txt (tests/tools/Export-AurikoHelp.ps1). Build runs it.
    Package  Build, then publishes the module as a .nupkg to the local file repository out/repo
           (tests/tools/Publish-AurikoPackage.ps1).
    Demo   Build, then a short tour in the terminal: against the bundled test server, or the real
           API when AURIKO_API_KEY is set (tests/tools/Invoke-AurikoDemo.ps1).
    Bench  Build, then tests/bench/Invoke-AurikoBenchmark.ps1: the module against a raw HttpClient
           floor and its peers on the loopback test server (import, requests, streams, memory,
           parallel runspaces); prints a table and writes out/bench/results.json and results.md.

    Everything it needs comes from package registries: the local PowerShell tool
    (dotnet tool restore), Pester (restored from NuGet through tests/tools/TestTools.csproj) and
    the workflow validator (npm, pinned in tests/tools/package.json; needs Node.js).

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Clean', 'Bench', 'Docs', 'Package', 'Demo')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false
Set-StrictMode -Version 3.0
# Plain text in CI logs and pipes; colours only on a terminal.
if ([Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }

$Root = $PSScriptRoot
$ManifestPath = Join-Path $Root 'Auriko.psd1'
$Version = (Import-PowerShellDataFile -LiteralPath $ManifestPath).ModuleVersion
$OutRoot = Join-Path $Root 'out'
$ModuleRoot = Join-Path $OutRoot 'Auriko'
$ModuleDir = Join-Path $ModuleRoot $Version
$TestResultsDir = Join-Path $OutRoot 'test-results'

$CmdletProject = Join-Path $Root 'src/Auriko.PowerShell/Auriko.PowerShell.csproj'
$CmdletOutput = Join-Path $Root "src/Auriko.PowerShell/bin/$Configuration/netstandard2.0"
$TestServerProject = Join-Path $Root 'tests/Auriko.TestServer/Auriko.TestServer.csproj'
$TestServerDll = Join-Path $Root "tests/Auriko.TestServer/bin/$Configuration/net10.0/Auriko.TestServer.dll"
# The xunit projects: name in the summary -> project, results file.
$XunitProjects = @(
    @{ Name = 'client'; Project = Join-Path $Root 'tests/Auriko.Tests/Auriko.Tests.csproj'; Trx = 'xunit.trx' }
    @{ Name = 'internals'; Project = Join-Path $Root 'tests/Auriko.PowerShell.Tests/Auriko.PowerShell.Tests.csproj'; Trx = 'xunit-powershell.trx' }
)
$PesterTests = Join-Path $Root 'tests/pester'
$TestToolsProject = Join-Path $Root 'tests/tools/TestTools.csproj'
$ToolsDir = Join-Path $Root 'tests/tools'
$HelpStagingDir = Join-Path $OutRoot 'help/en-US'
$PesterVersion = '5.7.1'
$WorkflowsDir = Join-Path $Root '.github/workflows'
# The workflow validator, installed by npm into tests/tools/node_modules (ignored by git).
$WorkflowValidatorVersion = '0.6.0'
$WorkflowValidatorCli = Join-Path $ToolsDir 'node_modules/@action-validator/cli/cli.mjs'

# Limits so a hung test fails the run instead of eating the CI budget: xunit per test (blame
# hang timeout), Pester for the whole child process.
$XunitHangTimeout = '5m'
$PesterTimeout = [TimeSpan]::FromMinutes(12)

# Assemblies the module never ships: PowerShell itself provides System.Management.Automation.
$NeverShipped = @('System.Management.Automation.dll')

$Stopwatch = [Diagnostics.Stopwatch]::StartNew()

function Write-Step([string] $Message) {
    Write-Host ('==> {0}  [{1:mm\:ss}]' -f $Message, $Stopwatch.Elapsed) -ForegroundColor Cyan
}

# Runs dotnet with the arguments given; returns its exit code (output streams to the console).
function Invoke-Dotnet([string[]] $Arguments) {
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    & dotnet @Arguments | Out-Host
    return $LASTEXITCODE
}

function Invoke-DotnetBuild([string] $Project) {
    $exitCode = Invoke-Dotnet @('build', $Project, '-c', $Configuration, '-nologo', '-v:minimal')
    if ($exitCode -ne 0) {
        throw "Build failed: 'dotnet build $([IO.Path]::GetRelativePath($Root, $Project))' exited with code $exitCode (see the errors above)."
    }
}

# The files a user's installed module holds, as relative path -> source path.
function Get-ModuleLayout {
    $manifest = Import-PowerShellDataFile -LiteralPath $ManifestPath
    $layout = [ordered]@{}
    $layout['Auriko.psd1'] = $ManifestPath

    # deps.json names exactly the runtime files of this build (a bin folder can hold stale ones):
    # our projects go next to the manifest, packages into dependencies/ for the module's resolver.
    $depsPath = Join-Path $CmdletOutput 'Auriko.PowerShell.deps.json'
    if (-not (Test-Path -LiteralPath $depsPath)) { throw "Missing $depsPath; the build did not produce it." }
    $deps = Get-Content -LiteralPath $depsPath -Raw | ConvertFrom-Json -AsHashtable
    $targets = $deps.targets[$deps.runtimeTarget.name]
    foreach ($libraryName in $targets.Keys) {
        $library = $targets[$libraryName]
        if (-not $library.ContainsKey('runtime')) { continue }
        $type = $deps.libraries[$libraryName].type
        foreach ($runtimeFile in $library.runtime.Keys) {
            $fileName = Split-Path $runtimeFile -Leaf
            if ($fileName -in $NeverShipped) { continue }
            $source = Join-Path $CmdletOutput $fileName
            if (-not (Test-Path -LiteralPath $source)) { throw "Missing $source (listed in $depsPath)." }
            $target = if ($type -eq 'project') { $fileName } else { "dependencies/$fileName" }
            $layout[$target] = $source
        }
    }

    foreach ($file in Get-ChildItem -LiteralPath (Join-Path $Root 'module') -Filter '*.ps1xml' -File -ErrorAction Ignore) {
        $layout[$file.Name] = $file.FullName
    }

    # Compiled help, when the Docs task has produced it.
    $helpDir = $HelpStagingDir
    if (Test-Path -LiteralPath $helpDir) {
        foreach ($file in Get-ChildItem -LiteralPath $helpDir -File) {
            $layout["en-US/$($file.Name)"] = $file.FullName
        }
    }

    # Everything the manifest names must be there, or Import-Module fails later with less context.
    $named = @($manifest.RootModule) + @($manifest['FormatsToProcess']) + @($manifest['TypesToProcess']) | Where-Object { $_ }
    foreach ($name in $named) {
        if (-not $layout.Contains($name)) {
            throw "Auriko.psd1 names '$name', but the build has no such file (expected in module/ or the cmdlet build output)."
        }
    }
    foreach ($file in $layout.Keys | Where-Object { $_ -like '*.ps1xml' -and $_ -notin $named }) {
        Write-Warning "module/$file is not listed in Auriko.psd1 (FormatsToProcess/TypesToProcess), so PowerShell will ignore it."
    }
    return $layout
}

# Makes $Destination hold exactly $Layout: copies new or changed files, removes the rest.
function Sync-ModuleDirectory([System.Collections.IDictionary] $Layout, [string] $Destination) {
    $copied = 0
    foreach ($relative in $Layout.Keys) {
        $source = Get-Item -LiteralPath $Layout[$relative]
        $target = Join-Path $Destination $relative
        $existing = Get-Item -LiteralPath $target -ErrorAction Ignore
        if ($existing -and $existing.Length -eq $source.Length -and $existing.LastWriteTimeUtc -eq $source.LastWriteTimeUtc) {
            continue
        }
        $null = New-Item -ItemType Directory -Path (Split-Path $target -Parent) -Force
        [IO.File]::Copy($source.FullName, $target, $true)
        [IO.File]::SetLastWriteTimeUtc($target, $source.LastWriteTimeUtc)
        $copied++
    }

    $wanted = [Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
    foreach ($relative in $Layout.Keys) { $null = $wanted.Add([IO.Path]::GetFullPath((Join-Path $Destination $relative))) }
    foreach ($file in Get-ChildItem -LiteralPath $Destination -Recurse -File) {
        if (-not $wanted.Contains($file.FullName)) { Remove-Item -LiteralPath $file.FullName -Force }
    }
    Get-ChildItem -LiteralPath $Destination -Recurse -Directory |
        Sort-Object { $_.FullName.Length } -Descending |
        Where-Object { -not (Get-ChildItem -LiteralPath $_.FullName -Force) } |
        Remove-Item -Force

    # Only one version in out/Auriko, so Import-Module by name cannot pick a stale one.
    Get-ChildItem -LiteralPath $ModuleRoot -Directory | Where-Object Name -ne $Version | Remove-Item -Recurse -Force
    return $copied
}

function Invoke-BuildTask {
    Write-Step "Build $Configuration (module version $Version)"
    Invoke-DotnetBuild $CmdletProject
    if (Test-Path -LiteralPath $TestServerProject) {
        Invoke-DotnetBuild $TestServerProject
    }

    Invoke-DocsTask

    Write-Step "Lay out module in $([IO.Path]::GetRelativePath($Root, $ModuleDir))"
    $null = New-Item -ItemType Directory -Path $ModuleDir -Force
    $layout = Get-ModuleLayout
    $copied = Sync-ModuleDirectory -Layout $layout -Destination $ModuleDir
    Write-Host "$($layout.Count) files, $copied updated: $(($layout.Keys | Sort-Object) -join ', ')"
}

# Compiles docs/ into out/help/en-US, which the layout copies to out/Auriko/<version>/en-US.
function Invoke-DocsTask {
    Write-Step 'Docs: docs/*.md -> en-US help'
    & (Join-Path $ToolsDir 'Export-AurikoHelp.ps1') -DocsPath (Join-Path $Root 'docs') -ManifestPath $ManifestPath -OutputPath $HelpStagingDir
}

function Invoke-PackageTask {
    Invoke-BuildTask
    Write-Step 'Package: publish to the local repository out/repo'
    & (Join-Path $ToolsDir 'Publish-AurikoPackage.ps1') -ModulePath $ModuleDir -RepositoryPath (Join-Path $OutRoot 'repo')
}

function Invoke-DemoTask {
    Invoke-BuildTask
    Write-Step 'Demo'
    & (Join-Path $ToolsDir 'Invoke-AurikoDemo.ps1') -ModulePath (Join-Path $ModuleDir 'Auriko.psd1') -TestServerDll $TestServerDll -OutputPath (Join-Path $OutRoot 'demo')
}

# Restores the PowerShell test modules from NuGet; returns the path of Pester.psd1.
function Install-Pester {
    $exitCode = Invoke-Dotnet @('restore', $TestToolsProject, '-nologo', '-v:quiet')
    if ($exitCode -ne 0) { throw "Could not restore Pester $PesterVersion from NuGet ('dotnet restore' exited with code $exitCode)." }

    # The assets file names the package folder NuGet really used (NUGET_PACKAGES, NuGet.Config, or ~/.nuget/packages).
    $folders = @()
    $assetsPath = Join-Path (Split-Path $TestToolsProject -Parent) 'obj/project.assets.json'
    if (Test-Path -LiteralPath $assetsPath) {
        $assets = Get-Content -LiteralPath $assetsPath -Raw | ConvertFrom-Json -AsHashtable
        $folders += @($assets.packageFolders.Keys)
    }
    if ($env:NUGET_PACKAGES) { $folders += $env:NUGET_PACKAGES }
    $folders += Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'

    foreach ($folder in $folders) {
        $candidate = Join-Path $folder "pester/$PesterVersion/tools/Pester.psd1"
        if (Test-Path -LiteralPath $candidate) { return $candidate }
    }
    throw "Pester $PesterVersion was restored but Pester.psd1 was not found under: $($folders -join ', ')."
}

# The command line that starts this same PowerShell: pwsh itself, or 'dotnet pwsh.dll' for the
# local dotnet tool (whose process is dotnet).
function Get-PwshCommand {
    $processPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return @($processPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($processPath)
}

function New-Counts([string] $Name) {
    [pscustomobject]@{ Name = $Name; Passed = 0; Failed = 0; Skipped = 0; Note = $null }
}

function Invoke-XunitTests([hashtable] $Suite) {
    $counts = New-Counts $Suite.Name
    $project = $Suite.Project
    $relative = [IO.Path]::GetRelativePath($Root, (Split-Path $project -Parent))
    if (-not (Test-Path -LiteralPath $project)) {
        $counts.Note = "skipped: $relative does not exist"
        return $counts
    }

    Write-Step "xunit: dotnet test $relative"
    $trxName = $Suite.Trx
    $trxPath = Join-Path $TestResultsDir $trxName
    Remove-Item -LiteralPath $trxPath -ErrorAction Ignore
    $exitCode = Invoke-Dotnet @(
        'test', $project, '-c', $Configuration, '-nologo',
        '--results-directory', $TestResultsDir,
        '--logger', "trx;LogFileName=$trxName",
        '--logger', 'console;verbosity=normal',
        '--blame-hang-timeout', $XunitHangTimeout, '--blame-hang-dump-type', 'none')

    if (-not (Test-Path -LiteralPath $trxPath)) {
        $counts.Failed = 1
        $counts.Note = "crashed: 'dotnet test' exited with code $exitCode and wrote no results (build error or runner crash; see above)"
        return $counts
    }

    # One UnitTestResult per test case (each theory row counts); anything not Passed or
    # NotExecuted (skipped) is a failure: Failed, Error, Timeout, Aborted, ...
    [xml] $trx = Get-Content -LiteralPath $trxPath -Raw
    $ns = @{ t = $trx.DocumentElement.NamespaceURI }
    foreach ($result in Select-Xml -Xml $trx -XPath '//t:Results/t:UnitTestResult' -Namespace $ns) {
        switch ($result.Node.outcome) {
            'Passed' { $counts.Passed++ }
            'NotExecuted' { $counts.Skipped++ }
            default { $counts.Failed++ }
        }
    }
    if ($exitCode -ne 0 -and $counts.Failed -eq 0) {
        $counts.Failed = 1
        $counts.Note = "'dotnet test' exited with code $exitCode although no test failed (runner or collector error; see above); counted as one failure"
    }
    return $counts
}

# The Pester run, in a fresh pwsh; it writes its counts as JSON for the parent to read back.
$PesterRunner = @'
$ErrorActionPreference = 'Stop'
if ([Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module -Name $env:AURIKO_BUILD_PESTER -Force
$config = New-PesterConfiguration
$config.Run.Path = $env:AURIKO_BUILD_PESTER_TESTS
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = $env:AURIKO_BUILD_PESTER_XML
$result = Invoke-Pester -Configuration $config

# A test in a block whose BeforeAll failed is already a failed test. A failed block with no
# failed test (an AfterAll that threw) and a test file that could not load (a failed
# container) are not, so each of those counts as one more failure.
function Test-HasFailedTest($Block) {
    foreach ($test in $Block.Tests) { if ($test.Result -eq 'Failed') { return $true } }
    foreach ($child in $Block.Blocks) { if (Test-HasFailedTest $child) { return $true } }
    return $false
}
$extraBlocks = @($result.FailedBlocks | Where-Object { -not (Test-HasFailedTest $_) })
[ordered]@{
    Result      = [string] $result.Result
    Passed      = $result.PassedCount
    Failed      = $result.FailedCount + $extraBlocks.Count + $result.FailedContainersCount
    Skipped     = $result.SkippedCount
    FailedNames = @(@($result.Failed | ForEach-Object { [string] $_.ExpandedPath }) +
                    @($extraBlocks | ForEach-Object { "$($_.ExpandedPath) (BeforeAll/AfterAll)" }) +
                    @($result.FailedContainers | ForEach-Object { "$($_.Item) (could not run)" }))
} | ConvertTo-Json | Set-Content -LiteralPath $env:AURIKO_BUILD_PESTER_SUMMARY -Encoding utf8
exit ($result.Result -eq 'Passed' ? 0 : 1)
'@

# The chat tests drive a real terminal through tmux (tests/pester/ChatConsole.Tests.ps1). On Linux
# it comes from the distribution's packages: apt-get, as root, only when tmux is missing. Without
# it those tests fail and say why; on Windows they are skipped.
function Install-Tmux {
    if ($IsWindows -or (Get-Command tmux -CommandType Application -ErrorAction Ignore)) { return }
    $isRoot = (Get-Command id -CommandType Application -ErrorAction Ignore) -and ((& id -u) -eq '0')
    if (-not $isRoot -or -not (Get-Command apt-get -CommandType Application -ErrorAction Ignore)) {
        Write-Warning 'tmux is missing and cannot be installed here (needs apt-get as root); the terminal chat tests will fail. Install tmux and run the tests again.'
        return
    }
    Write-Step 'apt-get install tmux (for the terminal chat tests)'
    & apt-get update -qq | Out-Host
    if ($LASTEXITCODE -eq 0) {
        $env:DEBIAN_FRONTEND = 'noninteractive'
        & apt-get install -y -qq tmux | Out-Host
    }
    if (-not (Get-Command tmux -CommandType Application -ErrorAction Ignore)) {
        Write-Warning 'apt-get could not install tmux; the terminal chat tests will fail.'
    }
}

function Invoke-PesterTests {
    $counts = New-Counts 'Pester'
    if (-not (Get-ChildItem -LiteralPath $PesterTests -Filter '*.Tests.ps1' -Recurse -ErrorAction Ignore)) {
        $counts.Note = 'skipped: no tests/pester/*.Tests.ps1'
        return $counts
    }

    Install-Tmux
    Write-Step "Pester ${PesterVersion}: tests/pester in a fresh pwsh"
    try {
        $pesterModule = Install-Pester
    }
    catch {
        Write-Host "ERROR: $_" -ForegroundColor Red
        $counts.Failed = 1
        $counts.Note = 'crashed: Pester could not be installed'
        return $counts
    }

    $summaryPath = Join-Path $TestResultsDir 'pester-summary.json'
    Remove-Item -LiteralPath $summaryPath -ErrorAction Ignore
    $pwsh = @(Get-PwshCommand)
    $startInfo = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
    foreach ($argument in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $PesterRunner)) {
        $startInfo.ArgumentList.Add($argument)
    }
    $startInfo.UseShellExecute = $false
    $startInfo.WorkingDirectory = $Root
    $startInfo.Environment['AURIKO_TEST_MODULE'] = Join-Path $ModuleDir 'Auriko.psd1'
    $startInfo.Environment['AURIKO_TEST_SERVER_DLL'] = $TestServerDll
    $startInfo.Environment['AURIKO_BUILD_PESTER'] = $pesterModule
    $startInfo.Environment['AURIKO_BUILD_PESTER_TESTS'] = $PesterTests
    $startInfo.Environment['AURIKO_BUILD_PESTER_XML'] = Join-Path $TestResultsDir 'pester.xml'
    $startInfo.Environment['AURIKO_BUILD_PESTER_SUMMARY'] = $summaryPath

    $process = [Diagnostics.Process]::Start($startInfo)
    if (-not $process.WaitForExit([int] $PesterTimeout.TotalMilliseconds)) {
        $process.Kill($true)
        $process.WaitForExit()
        $counts.Failed = 1
        $counts.Note = "crashed: the Pester run did not finish within $($PesterTimeout.TotalMinutes) minutes and was stopped"
        return $counts
    }
    $process.WaitForExit()
    $exitCode = $process.ExitCode

    if (-not (Test-Path -LiteralPath $summaryPath)) {
        $counts.Failed = 1
        $counts.Note = "crashed: the Pester process exited with code $exitCode and wrote no results"
        return $counts
    }
    $summary = Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json
    $counts.Passed = $summary.Passed
    $counts.Failed = $summary.Failed
    $counts.Skipped = $summary.Skipped
    if ($summary.FailedNames) {
        $counts.Note = "failed: $($summary.FailedNames -join '; ')"
    }
    if ($exitCode -ne 0 -and $counts.Failed -eq 0) {
        $counts.Failed = 1
        $counts.Note = "the Pester process exited with code $exitCode although no test failed; counted as one failure"
    }
    return $counts
}

# Installs the pinned workflow validator into tests/tools/node_modules, unless that version is there.
function Install-WorkflowValidator {
    $installed = Join-Path $ToolsDir 'node_modules/@action-validator/cli/package.json'
    if ((Test-Path -LiteralPath $installed) -and (Get-Content -LiteralPath $installed -Raw | ConvertFrom-Json).version -eq $WorkflowValidatorVersion -and
        (Test-Path -LiteralPath $WorkflowValidatorCli)) {
        return
    }
    foreach ($tool in 'node', 'npm') {
        if (-not (Get-Command $tool -CommandType Application -ErrorAction Ignore)) {
            throw "'$tool' was not found: the workflow validator needs Node.js (18 or later) and npm."
        }
    }
    # Exact versions in tests/tools/package.json pin the whole tree; no install scripts are run.
    Write-Host "npm install @action-validator/cli@$WorkflowValidatorVersion (tests/tools/node_modules)" -ForegroundColor DarkGray
    Push-Location $ToolsDir
    try {
        & npm install --no-audit --no-fund --no-package-lock --ignore-scripts --loglevel=error | Out-Host
        $exitCode = $LASTEXITCODE
    }
    finally { Pop-Location }
    if ($exitCode -ne 0 -or -not (Test-Path -LiteralPath $WorkflowValidatorCli)) {
        throw "Could not install @action-validator/cli $WorkflowValidatorVersion with npm (exit code $exitCode)."
    }
}

# Runs the validator on one workflow file; returns its exit code. Its findings go to the console,
# unless -Quiet (the self-check expects findings and shows them only if there are none).
function Invoke-WorkflowValidator([string] $Path, [switch] $Quiet) {
    $output = & node $WorkflowValidatorCli $Path 2>&1
    if (-not $Quiet) { $output | Out-Host }
    return $LASTEXITCODE
}

# Each workflow file in .github/workflows is one test: it must pass the validator. One more test
# proves the validator still rejects: a copy of the first workflow with a misspelt key must fail.
function Invoke-WorkflowTests {
    $counts = New-Counts 'workflow'
    $files = @(Get-ChildItem -LiteralPath $WorkflowsDir -File -ErrorAction Ignore | Where-Object Extension -in '.yml', '.yaml' | Sort-Object Name)
    if (-not $files) {
        $counts.Note = 'skipped: no .github/workflows/*.yml'
        return $counts
    }

    Write-Step "Workflows: @action-validator/cli $WorkflowValidatorVersion on .github/workflows"
    try {
        Install-WorkflowValidator
    }
    catch {
        Write-Host "ERROR: $_" -ForegroundColor Red
        $counts.Failed = 1
        $counts.Note = "crashed: $_"
        return $counts
    }

    $failedNames = @()
    foreach ($file in $files) {
        if ((Invoke-WorkflowValidator $file.FullName) -eq 0) {
            Write-Host "  [+] $($file.Name) is a valid workflow" -ForegroundColor Green
            $counts.Passed++
        }
        else {
            Write-Host "  [-] $($file.Name) is not a valid workflow (see above)" -ForegroundColor Red
            $counts.Failed++
            $failedNames += $file.Name
        }
    }

    $broken = Join-Path $TestResultsDir "broken-$($files[0].Name)"
    $text = Get-Content -LiteralPath $files[0].FullName -Raw
    if ($text -notmatch '(?m)^\s+runs-on:') {
        Write-Host "  [-] the validator self-check needs a 'runs-on:' key in $($files[0].Name)" -ForegroundColor Red
        $counts.Failed++
        $failedNames += 'validator self-check'
    }
    else {
        Set-Content -LiteralPath $broken -Value ($text -replace '(?m)^(\s+)runs-on:', '$1runs_on:') -NoNewline
        if ((Invoke-WorkflowValidator $broken -Quiet) -ne 0) {
            Write-Host "  [+] the validator rejects $($files[0].Name) with 'runs-on' misspelt" -ForegroundColor Green
            $counts.Passed++
        }
        else {
            Write-Host "  [-] the validator accepted $($files[0].Name) with 'runs-on' misspelt: it checks nothing" -ForegroundColor Red
            $counts.Failed++
            $failedNames += 'validator self-check'
        }
        Remove-Item -LiteralPath $broken -ErrorAction Ignore
    }
    if ($failedNames) { $counts.Note = "failed: $($failedNames -join '; ')" }
    return $counts
}

function Write-TestSummary([object[]] $AllCounts) {
    Write-Host ''
    foreach ($c in $AllCounts) {
        $line = '{0,-9} {1} passed, {2} failed, {3} skipped' -f $c.Name, $c.Passed, $c.Failed, $c.Skipped
        if ($c.Note) { $line += " ($($c.Note))" }
        Write-Host $line -ForegroundColor ($c.Failed ? 'Red' : 'Green')
    }
    $passed = ($AllCounts | Measure-Object Passed -Sum).Sum
    $failed = ($AllCounts | Measure-Object Failed -Sum).Sum
    $skipped = ($AllCounts | Measure-Object Skipped -Sum).Sum
    $skippedNote = if ($skipped -gt 0) { " $skipped test(s) skipped, each with its reason in the suite's report." } else { '' }
    Write-Host ('Test run took {0:mm\:ss}.{1}' -f $Stopwatch.Elapsed, $skippedNote)
    # The last line, exactly as the README promises: every suite counted together.
    Write-Host "$passed passed, $failed failed"
    return $failed
}

# Figure files the reliability tests write (xunit: reliability-*.json; Pester: faults*.json, secrets*.json).
$FigurePatterns = @('reliability-*.json', 'faults*.json', 'secrets*.json')

# Prints the figures of this run's reliability tests, one compact line per file.
function Write-ReliabilityFigures {
    $files = @(foreach ($pattern in $FigurePatterns) { Get-ChildItem -LiteralPath $TestResultsDir -Filter $pattern -File -ErrorAction Ignore }) |
        Sort-Object Name -Unique
    if (-not $files) { return }
    function Format-Figure($Value) {
        if ($null -eq $Value) { return 'null' }
        if ($Value -is [string] -or $Value -is [ValueType]) { return [string] $Value }
        if ($Value -is [Collections.IList]) {
            $items = @($Value)
            if ($items.Count -eq 0) { return '[]' }
            if (@($items | Where-Object { $null -ne $_ -and -not ($_ -is [string] -or $_ -is [ValueType]) }).Count) { return "[$($items.Count) items]" }
            return ($items -join ',')
        }
        $props = @($Value.PSObject.Properties)
        # A table of tables (fuzz byTarget) stays in the file; the line just says how big it is.
        if ($props.Count -and -not @($props | Where-Object { $null -eq $_.Value -or $_.Value -is [string] -or $_.Value -is [ValueType] }).Count) {
            return "{$($props.Count) entries}"
        }
        $pairs = foreach ($p in $props) { '{0}={1}' -f $p.Name, (Format-Figure $p.Value) }
        return '{' + ($pairs -join ' ') + '}'
    }
    Write-Host ''
    Write-Host 'Reliability figures' -ForegroundColor Cyan
    foreach ($file in $files) {
        $name = [IO.Path]::GetFileNameWithoutExtension($file.Name) -replace '^reliability-', ''
        try {
            $data = Get-Content -LiteralPath $file.FullName -Raw | ConvertFrom-Json
            $text = if ($data -is [Collections.IList]) { "[$(@($data).Count) items]" } else {
                (@(foreach ($p in $data.PSObject.Properties) {
                    if ($p.Name -in 'firstFailures', 'generatedAt') { continue }
                    '{0}={1}' -f $p.Name, (Format-Figure $p.Value)
                }) -join ', ')
            }
        }
        catch {
            $text = "unreadable: $($_.Exception.Message)"
        }
        Write-Host ('  {0,-10} {1}' -f $name, $text)
    }
}

function Invoke-TestTask {
    $null = New-Item -ItemType Directory -Path $TestResultsDir -Force
    # Stale figures from an earlier run must never show as this run's.
    foreach ($pattern in $FigurePatterns) {
        Get-ChildItem -LiteralPath $TestResultsDir -Filter $pattern -File -ErrorAction Ignore | Remove-Item -Force -ErrorAction Ignore
    }

    $buildCounts = New-Counts 'build'
    try {
        Write-Step 'dotnet tool restore'
        if ((Invoke-Dotnet @('tool', 'restore')) -ne 0) { throw "'dotnet tool restore' failed." }
        Invoke-BuildTask
    }
    catch {
        Write-Host "ERROR: $_" -ForegroundColor Red
        $buildCounts.Failed = 1
        $buildCounts.Note = 'build failed; no tests were run'
        $null = Write-TestSummary @($buildCounts)
        exit 1
    }

    $all = @(foreach ($suite in $XunitProjects) { Invoke-XunitTests $suite }; Invoke-PesterTests; Invoke-WorkflowTests)
    Write-ReliabilityFigures
    $failed = Write-TestSummary $all
    exit ($failed -gt 0 ? 1 : 0)
}

function Invoke-CleanTask {
    Write-Step 'Clean'
    Remove-Item -LiteralPath $OutRoot -Recurse -Force -ErrorAction Ignore
    foreach ($project in Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Filter '*.csproj' -Recurse -File -ErrorAction Ignore) {
        foreach ($name in 'bin', 'obj') {
            Remove-Item -LiteralPath (Join-Path $project.DirectoryName $name) -Recurse -Force -ErrorAction Ignore
        }
    }
}

try {
    switch ($Task) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'Clean' { Invoke-CleanTask }
        'Docs' {
            Invoke-DocsTask
            # Refresh an already laid-out module too, so Get-Help there shows the new text.
            if (Test-Path -LiteralPath $ModuleDir) {
                $null = Sync-ModuleDirectory -Layout (Get-ModuleLayout) -Destination $ModuleDir
            }
        }
        'Package' { Invoke-PackageTask }
        'Demo' { Invoke-DemoTask }
        'Bench' { Invoke-BuildTask; & (Join-Path $Root 'tests/bench/Invoke-AurikoBenchmark.ps1') -Configuration $Configuration }
    }
}
catch {
    Write-Host "ERROR: $($_.Exception.Message)" -ForegroundColor Red
    Write-Verbose $_.ScriptStackTrace
    exit 1
}
