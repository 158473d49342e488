# Shared helpers for the Pester tests of the built Auriko module: the loopback test server,
# its control API, and a fresh child pwsh for tests where a new process matters.
# The suite also runs in Windows PowerShell 5.1 (CI, tests/pester/Invoke-WindowsPowerShellPester.ps1),
# so this file and the tests use only what 5.1 has, or check first (Test-WindowsPowerShell).
Set-StrictMode -Version Latest

$script:Servers = [System.Collections.Generic.List[object]]::new()

function Get-AurikoTestModulePath {
    <# The built module's manifest: AURIKO_TEST_MODULE (set by build.ps1), else the newest out/Auriko/<version>. #>
    if ($env:AURIKO_TEST_MODULE) { return $env:AURIKO_TEST_MODULE }
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $candidate = Get-ChildItem (Join-Path $root 'out/Auriko/*/Auriko.psd1') -ErrorAction SilentlyContinue |
        Sort-Object { [version]$_.Directory.Name } | Select-Object -Last 1
    if (-not $candidate) { throw 'Set AURIKO_TEST_MODULE or run ./build.ps1 -Task Build first.' }
    $candidate.FullName
}

function Get-AurikoTestServerDll {
    if ($env:AURIKO_TEST_SERVER_DLL) { return $env:AURIKO_TEST_SERVER_DLL }
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Join-Path $root 'tests/Auriko.TestServer/bin/Release/net10.0/Auriko.TestServer.dll'
}

function Test-WindowsPowerShell {
    <# True in Windows PowerShell 5.1 (.NET Framework), false in PowerShell 7. #>
    $PSVersionTable.PSEdition -eq 'Desktop'
}

function Skip-OnWindowsPowerShell {
    <#
    In an It (or a BeforeEach): marks the test skipped, with the reason, when the suite runs in
    Windows PowerShell 5.1; does nothing in PowerShell 7.
    #>
    param([Parameter(Mandatory)] [string] $Because)
    if (Test-WindowsPowerShell) { Set-ItResult -Skipped -Because "PowerShell 7 only: $Because" }
}

function Get-PwshCommand {
    <#
    The PowerShell running the tests, to start a fresh one of the same kind: the pwsh apphost,
    'dotnet pwsh.dll' when pwsh runs as a dotnet tool, or powershell.exe for Windows PowerShell.
    #>
    $exe = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -ne 'dotnet') { return @($exe) }
    @($exe, (Join-Path $PSHOME 'pwsh.dll'))
}

function New-ProcessStartInfo {
    <#
    A ProcessStartInfo for $FilePath with each argument passed as one argument: ArgumentList where
    the runtime has it (.NET Core), else one command line quoted the way Windows splits it.
    #>
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    if ($psi.PSObject.Properties['ArgumentList']) {
        foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    }
    else {
        $psi.Arguments = (@($ArgumentList | ForEach-Object {
            if ($_ -and $_ -notmatch '[\s"]') { $_ }
            else { '"' + (($_ -replace '(\\*)"', '$1$1\"') -replace '(\\+)$', '$1$1') + '"' }
        }) -join ' ')
    }
    $psi.UseShellExecute = $false
    $psi
}

function Stop-ProcessTree {
    <# Kills the process and, where the runtime can (.NET Core), its children. #>
    param([Parameter(Mandatory)] [System.Diagnostics.Process] $Process)
    try {
        if (Test-WindowsPowerShell) { $Process.Kill() } else { $Process.Kill($true) }
    }
    catch { }
}

function Get-NoProxyParameter {
    <# @{ NoProxy = $true } for Invoke-RestMethod where it has -NoProxy (PowerShell 7), else @{}. #>
    if ((Get-Command Invoke-RestMethod).Parameters.ContainsKey('NoProxy')) { @{ NoProxy = $true } } else { @{} }
}

function ConvertFrom-JsonToHashtable {
    <# JSON text to hashtables and arrays, as ConvertFrom-Json -AsHashtable does in PowerShell 7. #>
    param([Parameter(Mandatory, ValueFromPipeline)] [AllowEmptyString()] [string] $Json)
    process {
        if (-not (Test-WindowsPowerShell)) { return ($Json | ConvertFrom-Json -AsHashtable -Depth 100) }
        ConvertTo-PlainHashtable ($Json | ConvertFrom-Json)
    }
}

function ConvertTo-PlainHashtable($Value) {
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        $table = [ordered]@{}
        foreach ($p in $Value.PSObject.Properties) { $table[$p.Name] = ConvertTo-PlainHashtable $p.Value }
        $hashtable = @{}
        foreach ($k in $table.Keys) { $hashtable[$k] = $table[$k] }
        return $hashtable
    }
    if ($Value -is [array]) { return , @($Value | ForEach-Object { ConvertTo-PlainHashtable $_ }) }
    $Value
}

function New-AurikoTestKey {
    <# A unique fake key, so leak scans can search every output for it. #>
    'ak_test_' + [guid]::NewGuid().ToString('N')
}

function Start-AurikoTestServer {
    <# Starts the loopback emulator on a free port; returns { Url, BaseUrl, Process }. #>
    [CmdletBinding()]
    param([int] $TimeoutSec = 60)
    $dll = Get-AurikoTestServerDll
    if (-not (Test-Path $dll)) { throw "Test server not built: $dll" }
    $psi = New-ProcessStartInfo 'dotnet' -ArgumentList $dll, '--port', '0'
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy') {
        $psi.Environment.Remove($name) | Out-Null
    }
    $process = [System.Diagnostics.Process]::Start($psi)
    $process.BeginErrorReadLine()
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $url = $null
    while (-not $url -and [DateTime]::UtcNow -lt $deadline) {
        $task = $process.StandardOutput.ReadLineAsync()
        if (-not $task.Wait([Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalMilliseconds))) { break }
        $line = $task.Result
        if ($null -eq $line) { break }
        if ($line -match '^AURIKO_TEST_SERVER (\S+)') { $url = $Matches[1].TrimEnd('/') }
    }
    if (-not $url) {
        try { $process.Kill() } catch { }
        throw 'The test server did not report its address.'
    }
    # Keep draining stdout so the server never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $server = [pscustomobject]@{
        PSTypeName = 'Auriko.TestServer'
        Url        = $url
        BaseUrl    = "$url/v1"
        Process    = $process
    }
    $script:Servers.Add($server)
    $server
}

function Stop-AurikoTestServer {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Server)
    process {
        $targets = if ($Server) { @($Server) } else { @($script:Servers) }
        foreach ($s in $targets) {
            if (-not $s) { continue }
            try { $s.Process.StandardInput.Close() } catch { }
            if (-not $s.Process.WaitForExit(5000)) { try { $s.Process.Kill() } catch { } }
            $null = $script:Servers.Remove($s)
        }
    }
}

function Get-DefaultServer {
    if ($script:Servers.Count -eq 0) { throw 'No test server running: call Start-AurikoTestServer.' }
    $script:Servers[$script:Servers.Count - 1]
}

function Invoke-TestControl {
    param([string] $Method, [string] $Path, $Body, $Server)
    if (-not $Server) { $Server = Get-DefaultServer }
    $params = @{ Method = $Method; Uri = "$($Server.Url)$Path" } + (Get-NoProxyParameter)
    if ($null -ne $Body) {
        $params.Body = ($Body | ConvertTo-Json -Depth 20 -Compress)
        $params.ContentType = 'application/json'
    }
    Invoke-RestMethod @params
}

function Reset-AurikoTestServer {
    <# Clears recorded requests, queued scenarios, chaos and counters. #>
    param($Server)
    $null = Invoke-TestControl -Method Post -Path '/_test/reset' -Server $Server
}

function Get-AurikoTestRequest {
    <# The requests the server recorded since the last reset, each with Json = the parsed body (hashtable). #>
    param([string] $Path, $Server)
    $all = Invoke-TestControl -Method Get -Path '/_test/requests' -Server $Server
    foreach ($r in @($all)) {
        if ($Path -and $r.path -notlike "*$Path*") { continue }
        $json = $null
        if ($r.body) { try { $json = $r.body | ConvertFrom-JsonToHashtable } catch { } }
        $r | Add-Member -NotePropertyName Json -NotePropertyValue $json -PassThru
    }
}

function Get-AurikoTestStats {
    param($Server)
    Invoke-TestControl -Method Get -Path '/_test/stats' -Server $Server
}

function Add-AurikoTestScenario {
    <# Queues scenarios, e.g. Add-AurikoTestScenario @{ kind = 'error'; status = 429; code = 'rate_limit_exceeded' } #>
    param([Parameter(Mandatory, Position = 0)] [object[]] $Scenario, $Server)
    $null = Invoke-TestControl -Method Post -Path '/_test/scenarios' -Body @{ scenarios = @($Scenario) } -Server $Server
}

function Invoke-FreshPwsh {
    <#
    Runs a script block in a NEW child pwsh -NoProfile with the built module imported and
    returns what it outputs (objects round-trip through CliXml, so they come back deserialised).
    -Environment sets (or, with $null values, removes) environment variables of the child.
    -ArgumentList is passed to the script block. On failure of the child process, throws with
    its stderr. The script block can splat $NoProxy into Invoke-RestMethod calls to the loopback
    server (-NoProxy in PowerShell 7; nothing in Windows PowerShell, which lacks the parameter).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [scriptblock] $ScriptBlock,
        [hashtable] $Environment = @{},
        [object[]] $ArgumentList = @(),
        [int] $TimeoutSec = 120,
        [switch] $NoImport
    )
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('auriko-pester-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $dir
    try {
        $scriptPath = Join-Path $dir 'child.ps1'
        $argsPath = Join-Path $dir 'args.clixml'
        $outPath = Join-Path $dir 'out.clixml'
        $ArgumentList | Export-Clixml -Path $argsPath -Depth 5
        $import = if ($NoImport) { '' } else { "Import-Module '$((Get-AurikoTestModulePath) -replace "'", "''")' -ErrorAction Stop" }
        @"
`$ErrorActionPreference = 'Continue'
`$NoProxy = if ((Get-Command Invoke-RestMethod).Parameters.ContainsKey('NoProxy')) { @{ NoProxy = `$true } } else { @{} }
$import
`$__args = @(Import-Clixml -Path '$argsPath')
`$__sb = [scriptblock]::Create(@'
$($ScriptBlock.ToString())
'@)
`$__out = @(& `$__sb @__args)
Export-Clixml -InputObject `$__out -Path '$outPath' -Depth 4
"@ | Set-Content -Path $scriptPath -Encoding utf8

        $cmd = @(Get-PwshCommand)
        $psi = New-ProcessStartInfo $cmd[0] -ArgumentList (@($cmd | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $scriptPath))
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        foreach ($name in 'AURIKO_API_KEY', 'AURIKO_BASE_URL') { $psi.Environment.Remove($name) | Out-Null }
        foreach ($k in $Environment.Keys) {
            if ($null -eq $Environment[$k]) { $psi.Environment.Remove($k) | Out-Null } else { $psi.Environment[$k] = [string]$Environment[$k] }
        }
        $p = [System.Diagnostics.Process]::Start($psi)
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $stderr = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSec * 1000)) {
            Stop-ProcessTree $p
            throw "The child pwsh did not finish within $TimeoutSec s."
        }
        $p.WaitForExit()
        if (-not (Test-Path $outPath)) {
            throw "The child pwsh failed (exit $($p.ExitCode)): $($stderr.Result) $($stdout.Result)"
        }
        Import-Clixml -Path $outPath
    }
    finally {
        Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue
    }
}

function Assert-NoKeyLeak {
    <# Fails when $Key (or its middle part) appears in $Text. #>
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text, [Parameter(Mandatory)] [string] $Key)
    $middle = $Key.Substring(4, $Key.Length - 8)
    if ($Text.Contains($Key) -or $Text.Contains($middle)) {
        throw "The API key leaked into the output:`n$Text"
    }
}

Export-ModuleMember -Function Get-AurikoTestModulePath, Get-AurikoTestServerDll, Get-PwshCommand, New-AurikoTestKey,
    Start-AurikoTestServer, Stop-AurikoTestServer, Reset-AurikoTestServer, Get-AurikoTestRequest, Get-AurikoTestStats,
    Add-AurikoTestScenario, Invoke-FreshPwsh, Assert-NoKeyLeak, Test-WindowsPowerShell, Skip-OnWindowsPowerShell,
    New-ProcessStartInfo, Stop-ProcessTree, Get-NoProxyParameter, ConvertFrom-JsonToHashtable
