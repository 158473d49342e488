#Requires -Version 7.2
<#
.SYNOPSIS
    The Bench task: Auriko against the floor and its peers, side by side, in one run.

.DESCRIPTION
    Starts the loopback test server and measures, in this order:
      1. Import-Module Auriko in a fresh pwsh, minus a bare pwsh start (interleaved runs).
      2. Sequential non-streaming requests: raw HttpClient (C#, the floor), the Auriko client
         from C# and from PowerShell, Invoke-AurikoChatCompletion, Invoke-RestMethod -WebSession.
      3. Stream delivery lag, server write -> consumer (chunks 20 ms apart, each carrying its
         send time): raw C#, the client from C#, the cmdlet into ForEach-Object.
      4. Stream throughput, 20,000 small chunks with no delay: raw C# SSE lines, the client from
         C#, the cmdlet into ForEach-Object; and the SSE reader alone (BenchmarkDotNet).
      5. A long stream (50 MB of content) through the cmdlet: peak memory above the baseline.
      6. 8 runspaces x 50 requests after one Connect-Auriko (request phase only) and the
         connections the server saw; raw floor: 8 C# tasks x 50 requests.
      7. Batches: 400 prompts through one pipeline with -ThrottleLimit 8 against the same floor
         (8 C# tasks x 50 requests on one HttpClient); 160 prompts that each take 100 ms on the
         server at -ThrottleLimit 16 against the ideal 1.0 s, and the connections opened.
    Prints one table (median, p95, ratio to the floor, the target beside each figure; no
    pass/fail) and writes it to out/bench/results.json and out/bench/results.md. The machine
    is noisy: compare ratios within one run, not figures across runs.

    Expects the module built in out/Auriko/<version>/ (build.ps1 -Task Build); builds the test
    server and tests/Auriko.Benchmarks itself.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
#>
[CmdletBinding()]
param(
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Scale for a quick smoke run (e.g. 0.2); 1 is the documented benchmark.
    [ValidateRange(0.01, 10)]
    [double] $Scale = 1,

    # Skip the BenchmarkDotNet micro benchmark (about 40 s).
    [switch] $SkipMicro
)

$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false
Set-StrictMode -Version 3.0
if ([Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }

$Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$OutRoot = Join-Path $Root 'out'
$BenchOut = Join-Path $OutRoot 'bench'
$ModuleRoot = Join-Path $OutRoot 'Auriko'
$BenchProject = Join-Path $Root 'tests/Auriko.Benchmarks/Auriko.Benchmarks.csproj'
$BenchDll = Join-Path $Root "tests/Auriko.Benchmarks/bin/$Configuration/net10.0/Auriko.Benchmarks.dll"
$ServerDll = Join-Path $Root "tests/Auriko.TestServer/bin/$Configuration/net10.0/Auriko.TestServer.dll"
$SessionScript = Join-Path $PSScriptRoot 'BenchSession.ps1'

function Scaled([int] $Value, [int] $Minimum = 1) { [Math]::Max($Minimum, [int] [Math]::Round($Value * $Scale)) }
$ImportRuns = Scaled 10 3
$SequentialCount = Scaled 500 50
$LagChunks = Scaled 100 20
$ThroughputChunks = Scaled 20000 1000
$ThroughputRuns = 3
$MemoryBytes = [long] (Scaled 50 1) * 1MB
$ParallelRunspaces = 8
$ParallelCount = 50
$ParallelRuns = 3
$BatchLimit = 8
$BatchCount = Scaled 400 40
$SlowCount = Scaled 160 16
$SlowLimit = 16
$SlowDelayMs = 100
$BatchRuns = 3

$Stopwatch = [Diagnostics.Stopwatch]::StartNew()
function Write-Step([string] $Message) {
    Write-Host ('--> {0}  [{1:mm\:ss}]' -f $Message, $Stopwatch.Elapsed) -ForegroundColor Cyan
}

# ---- processes ---------------------------------------------------------------------------------

# The command line that starts this same PowerShell (pwsh, or 'dotnet pwsh.dll' for the local tool).
function Get-PwshCommand {
    $processPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return @($processPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($processPath)
}
$Pwsh = @(Get-PwshCommand)

# Children find the built module by name, as a user's shell would.
$ChildModulePath = $OutRoot + [IO.Path]::PathSeparator + $env:PSModulePath

# Starts a process with the module path set; returns @{ ExitCode; StdOut; StdErr; Seconds }.
function Invoke-Child([string[]] $Command, [int] $TimeoutSeconds = 300) {
    $startInfo = [Diagnostics.ProcessStartInfo]::new($Command[0])
    foreach ($argument in $Command | Select-Object -Skip 1) { $startInfo.ArgumentList.Add($argument) }
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.WorkingDirectory = $Root
    $startInfo.Environment['PSModulePath'] = $ChildModulePath
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($startInfo)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill($true)
        throw "Timed out after $TimeoutSeconds s: $($Command -join ' ')"
    }
    $process.WaitForExit()
    $seconds = $watch.Elapsed.TotalSeconds
    return [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result; Seconds = $seconds }
}

function Invoke-Checked([string] $What, [string[]] $Command, [int] $TimeoutSeconds = 300) {
    $r = Invoke-Child $Command $TimeoutSeconds
    if ($r.ExitCode -ne 0) {
        throw "$What failed (exit code $($r.ExitCode)):`n$($r.StdErr)`n$($r.StdOut)"
    }
    return $r
}

function Invoke-CSharp([string] $Scenario, [string[]] $Arguments) {
    $r = Invoke-Checked "C# $Scenario" (@('dotnet', $BenchDll, $Scenario) + $Arguments)
    return ($r.StdOut.Trim() -split "`n")[-1] | ConvertFrom-Json -AsHashtable
}

function Invoke-Session([string] $Scenario, [hashtable] $Parameters) {
    $file = Join-Path $BenchOut "session-$($Scenario.ToLowerInvariant()).json"
    Remove-Item -LiteralPath $file -ErrorAction Ignore
    $arguments = @('-NoProfile', '-NonInteractive', '-File', $SessionScript, '-Scenario', $Scenario, '-BaseUrl', $script:BaseUrl, '-OutFile', $file)
    foreach ($key in $Parameters.Keys) { $arguments += @("-$key", [string] $Parameters[$key]) }
    $null = Invoke-Checked "PowerShell $Scenario" ($Pwsh + $arguments)
    return Get-Content -LiteralPath $file -Raw | ConvertFrom-Json -AsHashtable
}

function Start-TestServer {
    $startInfo = [Diagnostics.ProcessStartInfo]::new('dotnet')
    $startInfo.ArgumentList.Add($ServerDll)
    $startInfo.ArgumentList.Add('--port')
    $startInfo.ArgumentList.Add('0')
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true    # the server exits when its stdin closes
    $startInfo.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($startInfo)
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait(30000) -or $read.Result -notmatch '^AURIKO_TEST_SERVER (\S+)') {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "The test server did not report its URL within 30 s ($ServerDll)."
    }
    return [pscustomobject]@{ Process = $process; RootUrl = $Matches[1].TrimEnd('/') }
}

function Stop-TestServer($Server) {
    if ($null -eq $Server) { return }
    try { $Server.Process.StandardInput.Close() } catch { }
    if (-not $Server.Process.WaitForExit(5000)) { $Server.Process.Kill($true) }
}

# ---- statistics --------------------------------------------------------------------------------

function Get-Percentile([double[]] $Values, [double] $Percent) {
    if (-not $Values -or $Values.Count -eq 0) { return [double]::NaN }
    $sorted = [double[]] $Values.Clone()
    [Array]::Sort($sorted)
    if ($Percent -eq 50) {
        $mid = [int] [Math]::Floor($sorted.Count / 2)
        if ($sorted.Count % 2 -eq 1) { return $sorted[$mid] }
        return ($sorted[$mid - 1] + $sorted[$mid]) / 2
    }
    # Nearest rank.
    $rank = [int] [Math]::Ceiling($Percent / 100 * $sorted.Count)
    return $sorted[[Math]::Min($sorted.Count, [Math]::Max(1, $rank)) - 1]
}

$Rows = [Collections.Generic.List[object]]::new()

# Adds a row; $Floor is the median of the floor row of the same section (ratio = median / floor).
function Add-Row {
    param(
        [string] $Section, [string] $Contender, [double[]] $Samples, [string] $Unit,
        [double] $Floor = [double]::NaN, [string] $Target = '', [string] $Note = '',
        [double] $Median = [double]::NaN, [double] $P95 = [double]::NaN
    )
    $hasSamples = $null -ne $Samples -and $Samples.Count -gt 0
    if ($hasSamples) {
        $Median = Get-Percentile $Samples 50
        $P95 = Get-Percentile $Samples 95
    }
    $ratio = if ([double]::IsNaN($Floor) -or $Floor -le 0) { [double]::NaN } else { $Median / $Floor }
    $row = [pscustomobject][ordered]@{
        Section   = $Section
        Contender = $Contender
        Median    = $Median
        P95       = $P95
        Unit      = $Unit
        Ratio     = $ratio
        Target    = $Target
        Samples   = if ($hasSamples) { $Samples.Count } else { 0 }
        Note      = $Note
    }
    $Rows.Add($row)
    return $Median
}

function Format-Number([double] $Value) {
    if ([double]::IsNaN($Value)) { return '-' }
    $abs = [Math]::Abs($Value)
    $format = if ($abs -ge 100) { '0' } elseif ($abs -ge 10) { '0.0' } elseif ($abs -ge 1) { '0.00' } else { '0.000' }
    return $Value.ToString($format, [Globalization.CultureInfo]::InvariantCulture)
}

function Format-Ratio([double] $Value) {
    if ([double]::IsNaN($Value)) { return '' }
    return $Value.ToString('0.0', [Globalization.CultureInfo]::InvariantCulture) + 'x'
}

# ---- the run -----------------------------------------------------------------------------------

$null = New-Item -ItemType Directory -Path $BenchOut -Force
$manifest = Get-ChildItem -Path $ModuleRoot -Filter 'Auriko.psd1' -Recurse -File -ErrorAction Ignore | Select-Object -First 1
if (-not $manifest) { throw "No built module under $ModuleRoot; run 'dotnet pwsh ./build.ps1 -Task Build' first." }

Write-Step "Build tests/Auriko.Benchmarks ($Configuration)"
$build = Invoke-Child @('dotnet', 'build', $BenchProject, '-c', $Configuration, '-nologo', '-v:quiet') 600
if ($build.ExitCode -ne 0) { throw "dotnet build tests/Auriko.Benchmarks failed:`n$($build.StdOut)`n$($build.StdErr)" }

$server = $null
$machine = [ordered]@{}
try {
    Write-Step 'Start the test server'
    $server = Start-TestServer
    $script:BaseUrl = "$($server.RootUrl)/v1/"
    Write-Host "server $($script:BaseUrl)"

    # 1. Import ---------------------------------------------------------------------------------
    Write-Step "1. Import-Module Auriko vs a bare pwsh start ($ImportRuns runs each, interleaved)"
    $bareCommand = $Pwsh + @('-NoProfile', '-NonInteractive', '-Command', '$null')
    $importCommand = $Pwsh + @('-NoProfile', '-NonInteractive', '-Command', 'Import-Module Auriko')
    $null = Invoke-Checked 'bare pwsh (warm-up)' $bareCommand
    $null = Invoke-Checked 'Import-Module Auriko (warm-up)' $importCommand
    $bare = [Collections.Generic.List[double]]::new()
    $imported = [Collections.Generic.List[double]]::new()
    $added = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $ImportRuns; $i++) {
        $b = (Invoke-Checked 'bare pwsh' $bareCommand).Seconds
        $m = (Invoke-Checked 'Import-Module Auriko' $importCommand).Seconds
        $bare.Add($b); $imported.Add($m); $added.Add($m - $b)
    }
    $floor = Add-Row 'Import (s)' 'pwsh -NoProfile start (floor)' $bare 's'
    $null = Add-Row 'Import (s)' 'pwsh start + Import-Module Auriko' $imported 's' $floor
    $null = Add-Row 'Import (s)' 'added by Import-Module Auriko (paired runs)' $added 's' -Target '<= 0.15 s'

    # 2. Sequential ----------------------------------------------------------------------------
    Write-Step "2. Sequential non-streaming requests ($SequentialCount each)"
    $cs = Invoke-CSharp 'sequential' @('--base', $script:BaseUrl, '--count', $SequentialCount)
    $ps = Invoke-Session 'Sequential' @{ Count = $SequentialCount }
    $floor = Add-Row 'Sequential request (ms)' 'raw HttpClient loop, C# (floor)' $cs.rawMs 'ms'
    $null = Add-Row 'Sequential request (ms)' 'Auriko client, C#' $cs.clientMs 'ms' $floor
    $null = Add-Row 'Sequential request (ms)' 'Auriko client from PowerShell' $ps.clientFromPowerShellMs 'ms' $floor
    $irm = Get-Percentile $ps.invokeRestMethodMs 50
    $null = Add-Row 'Sequential request (ms)' 'Invoke-AurikoChatCompletion' $ps.cmdletMs 'ms' $floor `
        -Target ('<= 3x floor ({0} ms) and < Invoke-RestMethod ({1} ms)' -f (Format-Number (3 * $floor)), (Format-Number $irm))
    $null = Add-Row 'Sequential request (ms)' 'Invoke-RestMethod -WebSession' $ps.invokeRestMethodMs 'ms' $floor

    # 3. Lag -----------------------------------------------------------------------------------
    Write-Step "3. Stream delivery lag ($LagChunks chunks, 20 ms apart)"
    $cs = Invoke-CSharp 'lag' @('--base', $script:BaseUrl, '--chunks', $LagChunks, '--delay-ms', 20)
    $ps = Invoke-Session 'Lag' @{ Chunks = $LagChunks; DelayMs = 20 }
    $floor = Add-Row 'Stream delivery lag (ms)' 'raw HttpClient SSE lines, C# (floor)' $cs.rawMs 'ms'
    $null = Add-Row 'Stream delivery lag (ms)' 'Auriko client MoveNext, C#' $cs.clientMs 'ms' $floor
    $null = Add-Row 'Stream delivery lag (ms)' 'Invoke-AurikoChatCompletion -Stream | ForEach-Object' $ps.cmdletMs 'ms' $floor -Target 'median <= 1 ms, p95 <= 5 ms'

    # 4. Throughput ----------------------------------------------------------------------------
    Write-Step "4. Stream throughput ($ThroughputChunks chunks, no delay, $ThroughputRuns runs)"
    $cs = Invoke-CSharp 'throughput' @('--base', $script:BaseUrl, '--chunks', $ThroughputChunks, '--runs', $ThroughputRuns)
    $ps = Invoke-Session 'Throughput' @{ Chunks = $ThroughputChunks; Runs = $ThroughputRuns }
    $section = "Stream of $ThroughputChunks chunks (s)"
    $floor = Add-Row $section 'raw HttpClient SSE lines, C# (floor)' $cs.rawSeconds 's'
    $null = Add-Row $section 'Auriko client MoveNext, C#' $cs.clientSeconds 's' $floor
    $null = Add-Row $section 'Auriko client MoveNextAsync, C#' $cs.clientAsyncSeconds 's' $floor
    $null = Add-Row $section 'Invoke-AurikoChatCompletion -Stream | ForEach-Object' $ps.cmdletSeconds 's' $floor `
        -Target ('<= 3x floor ({0} s)' -f (Format-Number (3 * $floor))) -Note "$($ps.cmdletObjects) objects"
    $null = Add-Row $section 'Auriko client MoveNext from PowerShell | ForEach-Object' $ps.clientFromPowerShellSeconds 's' $floor
    $null = Add-Row $section "ForEach-Object alone over $ThroughputChunks items (pipeline share)" $ps.forEachAloneSeconds 's' $floor

    # 5. Memory --------------------------------------------------------------------------------
    Write-Step ('5. Long stream ({0} MB of content) through the cmdlet: peak memory' -f ($MemoryBytes / 1MB))
    $mem = Invoke-Session 'Memory' @{ ContentBytes = $MemoryBytes }
    $contentMB = $mem.contentBytes / 1MB
    $null = Add-Row 'Long stream memory (MB)' 'content size (floor)' @() 'MB' -Median $contentMB
    $null = Add-Row 'Long stream memory (MB)' 'peak working set above baseline' @() 'MB' $contentMB -Median ($mem.peakAboveBaseline / 1MB) `
        -Target ('<= 3x content ({0} MB)' -f (Format-Number (3 * $contentMB))) `
        -Note ('baseline {0} MB; {1} objects in {2} s' -f (Format-Number ($mem.baselineWorkingSet / 1MB)), $mem.objects, (Format-Number $mem.seconds))
    $null = Add-Row 'Long stream memory (MB)' 'peak managed heap above baseline' @() 'MB' $contentMB -Median ($mem.managedPeakAboveBase / 1MB)

    # 6. Parallel ------------------------------------------------------------------------------
    Write-Step "6. Parallel: $ParallelRunspaces x $ParallelCount requests ($ParallelRuns runs)"
    $cs = Invoke-CSharp 'parallel' @('--base', $script:BaseUrl, '--tasks', $ParallelRunspaces, '--count', $ParallelCount, '--runs', $ParallelRuns)
    $ps = Invoke-Session 'Parallel' @{ Count = $ParallelCount; Runs = $ParallelRuns; Runspaces = $ParallelRunspaces }
    $section = "Parallel $ParallelRunspaces x $ParallelCount requests (s)"
    $connections = { param($values) 'connections: ' + ((@($values) | ForEach-Object { [int] $_ }) -join ', ') }
    $floor = Add-Row $section "raw HttpClient, $ParallelRunspaces C# tasks (floor)" $cs.rawSeconds 's' -Note (& $connections $cs.rawConnections)
    $null = Add-Row $section "Auriko client, $ParallelRunspaces C# tasks" $cs.clientSeconds 's' $floor -Note (& $connections $cs.clientConnections)
    $null = Add-Row $section "Invoke-AurikoChatCompletion, $ParallelRunspaces runspaces" $ps.cmdletSeconds 's' $floor `
        -Target ('<= 3x floor ({0} s), <= {1} connections' -f (Format-Number (3 * $floor)), $ParallelRunspaces) -Note (& $connections $ps.cmdletConnections)
    $null = Add-Row $section "Auriko client from PowerShell, $ParallelRunspaces runspaces" $ps.clientFromPowerShellSeconds 's' $floor -Note (& $connections $ps.clientFromPowerShellConnections)
    $null = Add-Row $section "Invoke-RestMethod -WebSession, $ParallelRunspaces runspaces" $ps.invokeRestMethodSeconds 's' $floor -Note (& $connections $ps.invokeRestMethodConnections)

    # 7. Batches --------------------------------------------------------------------------------
    Write-Step "7. Batches: $BatchCount prompts at -ThrottleLimit $BatchLimit; $SlowCount x $SlowDelayMs ms at -ThrottleLimit $SlowLimit ($BatchRuns runs)"
    $perTask = [int] [Math]::Ceiling($BatchCount / $BatchLimit)
    $cs = Invoke-CSharp 'parallel' @('--base', $script:BaseUrl, '--tasks', $BatchLimit, '--count', $perTask, '--runs', $BatchRuns)
    $ps = Invoke-Session 'Batch' @{ Count = $BatchCount; Runs = $BatchRuns; Runspaces = $BatchLimit; SlowCount = $SlowCount; SlowLimit = $SlowLimit; DelayMs = $SlowDelayMs }
    $section = "Batch of $BatchCount requests, one pipeline (s)"
    $floor = Add-Row $section "raw HttpClient, $BatchLimit C# tasks x $perTask (floor)" $cs.rawSeconds 's' -Note (& $connections $cs.rawConnections)
    $null = Add-Row $section "Auriko client, $BatchLimit C# tasks x $perTask" $cs.clientSeconds 's' $floor -Note (& $connections $cs.clientConnections)
    $null = Add-Row $section "prompts | Invoke-AurikoChatCompletion -ThrottleLimit $BatchLimit" $ps.cmdletSeconds 's' $floor `
        -Target ('<= 2x floor ({0} s)' -f (Format-Number (2 * $floor))) -Note (& $connections $ps.cmdletConnections)
    $ideal = $SlowCount / $SlowLimit * $SlowDelayMs / 1000
    $section = "Batch of $SlowCount prompts x $SlowDelayMs ms on the server, -ThrottleLimit $SlowLimit (s)"
    $null = Add-Row $section "ideal: $SlowCount / $SlowLimit x $SlowDelayMs ms (floor)" @() 's' -Median $ideal
    $null = Add-Row $section "prompts | Invoke-AurikoChatCompletion -ThrottleLimit $SlowLimit" $ps.slowSeconds 's' $ideal `
        -Target ('<= 1.3x ideal ({0} s), <= {1} connections' -f (Format-Number (1.3 * $ideal)), $SlowLimit) `
        -Note ((& $connections $ps.slowConnections) + '; opened: ' + ((@($ps.slowOpened) | ForEach-Object { [int] $_ }) -join ', '))
}
finally {
    Stop-TestServer $server
}

# 4b. SSE reader micro benchmark (no server: parses a captured stream from memory) ---------------
if (-not $SkipMicro) {
    Write-Step '4b. SSE reader micro benchmark (BenchmarkDotNet, short in-process job)'
    $micro = Invoke-CSharp 'sse' @('--artifacts', (Join-Path $BenchOut 'BenchmarkDotNet'), '--chunks', $ThroughputChunks)
    $section = "SSE reader alone, $($micro.events) events from memory (ms)"
    $floor = [double]::NaN
    foreach ($r in $micro.results) {
        $name = $r.description.Trim("'")
        $note = if ($r.ok) { '{0} ns/event, {1} B allocated/event' -f $r.nsPerEvent, $r.bytesPerEvent } else { 'failed' }
        $median = if ($null -ne $r.medianMs) { [double] $r.medianMs } else { [double]::NaN }
        $p95 = if ($null -ne $r.p95Ms) { [double] $r.p95Ms } else { [double]::NaN }
        if ([double]::IsNaN($floor)) {
            $floor = $median
            $null = Add-Row $section ($name -match '\(floor\)' ? $name : "$name (floor)") @() 'ms' -Median $median -P95 $p95 -Note $note
        }
        else {
            $null = Add-Row $section $name @() 'ms' $floor -Median $median -P95 $p95 -Note $note
        }
    }
    if ($micro.readerNote) { Write-Warning $micro.readerNote }
}

# ---- report ------------------------------------------------------------------------------------

$cpu = (Get-Content -LiteralPath '/proc/cpuinfo' -ErrorAction Ignore | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$machine = [ordered]@{
    Date        = (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm') + ' UTC'
    Cores       = [Environment]::ProcessorCount
    Cpu         = if ($cpu) { $cpu } else { [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString() }
    OS          = [Runtime.InteropServices.RuntimeInformation]::OSDescription
    DotNet      = [Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
    PowerShell  = $PSVersionTable.PSVersion.ToString()
    Scale       = $Scale
    Seconds     = [Math]::Round($Stopwatch.Elapsed.TotalSeconds)
}

$table = foreach ($row in $Rows) {
    [pscustomobject][ordered]@{
        Section   = $row.Section
        Contender = $row.Contender
        Median    = Format-Number $row.Median
        P95       = Format-Number $row.P95
        Ratio     = Format-Ratio $row.Ratio
        Target    = $row.Target
        Note      = $row.Note
    }
}

Write-Host ''
Write-Host ('Auriko benchmark: {0} cores, {1}, {2}, {3}, PowerShell {4}' -f $machine.Cores, $machine.Cpu, $machine.OS, $machine.DotNet, $machine.PowerShell)
Write-Host 'Median and p95 of each contender; Ratio = median / the floor of its section; Targets from issues 5 and 10 (no pass/fail).'
# Sections in the order they were measured (Group-Object would sort them).
$sections = @($table | ForEach-Object Section | Select-Object -Unique)
foreach ($name in $sections) {
    $group = [pscustomobject]@{ Name = $name; Group = @($table | Where-Object Section -eq $name) }
    Write-Host ''
    Write-Host $group.Name -ForegroundColor Yellow
    $group.Group | Format-Table -Property Contender, Median, P95, Ratio, Target, Note -AutoSize -Wrap | Out-String -Width 220 | Write-Host
}

$json = [ordered]@{
    machine = $machine
    rows    = @($Rows | ForEach-Object {
            [ordered]@{
                section = $_.Section; contender = $_.Contender; unit = $_.Unit
                median = if ([double]::IsNaN($_.Median)) { $null } else { [Math]::Round($_.Median, 4) }
                p95 = if ([double]::IsNaN($_.P95)) { $null } else { [Math]::Round($_.P95, 4) }
                ratioToFloor = if ([double]::IsNaN($_.Ratio)) { $null } else { [Math]::Round($_.Ratio, 2) }
                target = $_.Target; samples = $_.Samples; note = $_.Note
            }
        })
}
$json | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $BenchOut 'results.json') -Encoding utf8

$md = [Text.StringBuilder]::new()
$null = $md.AppendLine('# Auriko benchmark results').AppendLine()
$null = $md.AppendLine(('{0} cores, {1}; {2}; {3}; PowerShell {4}; {5}; run took {6} s.' -f $machine.Cores, $machine.Cpu, $machine.OS, $machine.DotNet, $machine.PowerShell, $machine.Date, $machine.Seconds)).AppendLine()
$null = $md.AppendLine('Median and p95 per contender; ratio = median / the floor of its section. Targets from issues 5 and 10, printed beside the figures (no pass/fail).').AppendLine()
foreach ($name in $sections) {
    $group = [pscustomobject]@{ Name = $name; Group = @($table | Where-Object Section -eq $name) }
    $null = $md.AppendLine("## $($group.Name)").AppendLine()
    $null = $md.AppendLine('| Contender | Median | p95 | Ratio | Target | Note |').AppendLine('|---|---:|---:|---:|---|---|')
    foreach ($r in $group.Group) {
        $cells = @($r.Contender, $r.Median, $r.P95, $r.Ratio, $r.Target, $r.Note) | ForEach-Object { ([string] $_).Replace('|', '\|') }
        $null = $md.AppendLine(('| {0} | {1} | {2} | {3} | {4} | {5} |' -f $cells))
    }
    $null = $md.AppendLine()
}
Set-Content -LiteralPath (Join-Path $BenchOut 'results.md') -Value $md.ToString() -Encoding utf8 -NoNewline

Write-Host ('Written: {0}, {1}  (took {2:mm\:ss})' -f [IO.Path]::GetRelativePath($Root, (Join-Path $BenchOut 'results.json')), [IO.Path]::GetRelativePath($Root, (Join-Path $BenchOut 'results.md')), $Stopwatch.Elapsed)
