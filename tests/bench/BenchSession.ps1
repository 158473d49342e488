#Requires -Version 7.2
<#
.SYNOPSIS
    One PowerShell-side benchmark scenario, run by Invoke-AurikoBenchmark.ps1 in a fresh pwsh.

.DESCRIPTION
    Imports the built Auriko module (by name, from PSModulePath), connects to the loopback test
    server, measures one scenario and writes its raw samples as JSON to -OutFile. Every scenario
    warms up first (JIT, connection, command discovery); only the measured phase is timed.

    Sequential  per-request latency (ms): Invoke-AurikoChatCompletion, the .NET client called
                from PowerShell, Invoke-RestMethod -WebSession; alternated in rounds.
    Lag         delivery lag (ms) from the server's write to a downstream ForEach-Object.
    Throughput  seconds for a 20,000-chunk stream through the cmdlet into ForEach-Object, plus
                ForEach-Object alone over 20,000 items (the pipeline's own share).
    Memory      peak working set and managed heap above the baseline while a long stream flows
                through the cmdlet into ForEach-Object.
    Parallel    8 runspaces (ForEach-Object -Parallel -ThrottleLimit 8) x 50 requests after one
                Connect-Auriko: request phase only, and connections the server saw; the same with
                Invoke-RestMethod (one -WebSession per runspace).
    Batch       one pipeline: -Count prompts piped into Invoke-AurikoChatCompletion -ThrottleLimit
                -Runspaces (seconds, connections); then -SlowCount prompts that each take -DelayMs
                on the server at -ThrottleLimit -SlowLimit (seconds, connections used and opened).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [ValidateSet('Sequential', 'Lag', 'Throughput', 'Memory', 'Parallel', 'Batch')]
    [string] $Scenario,

    [Parameter(Mandatory)]
    [string] $BaseUrl,

    [Parameter(Mandatory)]
    [string] $OutFile,

    [int] $Count = 500,
    [int] $Rounds = 5,
    [int] $Chunks = 20000,
    [int] $DelayMs = 20,
    [int] $Runs = 3,
    [long] $ContentBytes = 50MB,
    [int] $Runspaces = 8,
    [int] $SlowCount = 160,
    [int] $SlowLimit = 16
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
# WebRequestSession lives in the Utility module's assembly, which PowerShell loads only on first use of one of its
# cmdlets: load it before the Invoke-RestMethod rows name the type.
Import-Module Microsoft.PowerShell.Utility

$Model = 'gpt-4o'
$ApiKey = 'bench-key'
$BaseUrl = $BaseUrl.TrimEnd('/') + '/'
$ChatUri = [Uri]::new([Uri] $BaseUrl, 'chat/completions')
$RootUri = [Uri]::new([Uri] $BaseUrl, '/')
$TickMs = 1000.0 / [Diagnostics.Stopwatch]::Frequency
$EpochTicks = [DateTime]::UnixEpoch.Ticks

Import-Module Auriko
Connect-Auriko -BaseUrl $BaseUrl -ApiKey $ApiKey -MaxRetries 0

function Reset-ServerStats { $null = Invoke-RestMethod -Method Post -Uri ([Uri]::new($RootUri, '_test/reset')) }
function Get-ServerStats { Invoke-RestMethod -Uri ([Uri]::new($RootUri, '_test/stats')) }

function Invoke-Sequential {
    $request = [Auriko.ChatCompletionRequest]::new()
    $request.Model = $Model
    $request.Messages.Add([Auriko.ChatMessage]::User('Hello'))
    $options = [Auriko.AurikoClientOptions]::new()
    $options.BaseUrl = $BaseUrl
    $options.ApiKey = $ApiKey
    $options.MaxRetries = 0
    $client = [Auriko.AurikoClient]::new($options)

    $session = [Microsoft.PowerShell.Commands.WebRequestSession]::new()
    $session.Headers['Authorization'] = "Bearer $ApiKey"
    $body = @{ model = $Model; messages = @(@{ role = 'user'; content = 'Hello' }) } | ConvertTo-Json -Compress -Depth 5

    $contenders = [ordered]@{
        cmdlet = { $null = Invoke-AurikoChatCompletion -Model $Model -Message 'Hello' }
        clientFromPowerShell = { $null = $client.CreateChatCompletionAsync($request).GetAwaiter().GetResult() }
        invokeRestMethod = { $null = Invoke-RestMethod -Uri $ChatUri -Method Post -Body $body -ContentType 'application/json' -WebSession $session }
    }
    $samples = [ordered]@{}
    foreach ($name in $contenders.Keys) {
        $samples[$name] = [Collections.Generic.List[double]]::new($Count)
        $call = $contenders[$name]
        for ($i = 0; $i -lt 50; $i++) { & $call }
    }

    $perRound = [Math]::Max(1, [int] ($Count / $Rounds))
    for ($round = 0; $round -lt $Rounds; $round++) {
        foreach ($name in $contenders.Keys) {
            $call = $contenders[$name]
            $list = $samples[$name]
            for ($i = 0; $i -lt $perRound; $i++) {
                $t0 = [Diagnostics.Stopwatch]::GetTimestamp()
                & $call
                $list.Add(([Diagnostics.Stopwatch]::GetTimestamp() - $t0) * $TickMs)
            }
        }
    }
    $client.Dispose()
    $result = [ordered]@{}
    foreach ($name in $samples.Keys) { $result["${name}Ms"] = $samples[$name].ToArray() }
    return $result
}

function Invoke-Lag {
    # Warm-up: a short timestamped stream through the same pipeline.
    $warm = @{ emulator = @{ chunks = 5; delay_ms = 1; timestamps = $true } }
    Invoke-AurikoChatCompletion -Model $Model -Message 'Hello' -Stream -AdditionalBody $warm | ForEach-Object { $null = $_.Content }

    $lags = [Collections.Generic.List[double]]::new()
    $extra = @{ emulator = @{ chunks = $Chunks; delay_ms = $DelayMs; timestamps = $true } }
    $invariant = [Globalization.CultureInfo]::InvariantCulture
    Invoke-AurikoChatCompletion -Model $Model -Message 'Hello' -Stream -AdditionalBody $extra | ForEach-Object {
        $now = ([DateTime]::UtcNow.Ticks - $EpochTicks) / 10000.0
        $content = $_.Content
        if ($content) { $lags.Add($now - [double]::Parse($content, $invariant)) }
    }
    return [ordered]@{ cmdletMs = $lags.ToArray() }
}

function Invoke-Throughput {
    $extra = @{ emulator = @{ chunks = $Chunks; content_bytes = [long] $Chunks * 8 } }
    $small = @{ emulator = @{ chunks = 200; content_bytes = 1600 } }
    Invoke-AurikoChatCompletion -Model $Model -Message 'Hello' -Stream -AdditionalBody $small | ForEach-Object { $null = $_ }

    $options = [Auriko.AurikoClientOptions]::new()
    $options.BaseUrl = $BaseUrl
    $options.ApiKey = $ApiKey
    $client = [Auriko.AurikoClient]::new($options)
    $request = [Auriko.ChatCompletionRequest]::new()
    $request.Model = $Model
    $request.Messages.Add([Auriko.ChatMessage]::User('Hello'))
    $request.ExtraBody = [Collections.Generic.Dictionary[string, object]]::new()
    $request.ExtraBody['emulator'] = $extra.emulator

    $cmdlet = [Collections.Generic.List[double]]::new()
    $direct = [Collections.Generic.List[double]]::new()
    $alone = [Collections.Generic.List[double]]::new()
    $objects = 0
    for ($run = 0; $run -lt $Runs; $run++) {
        $n = 0
        $t0 = [Diagnostics.Stopwatch]::GetTimestamp()
        Invoke-AurikoChatCompletion -Model $Model -Message 'Hello' -Stream -AdditionalBody $extra | ForEach-Object { $n++ }
        $cmdlet.Add(([Diagnostics.Stopwatch]::GetTimestamp() - $t0) * $TickMs / 1000)
        $objects = $n

        # The client called from PowerShell, chunks written by a script block into the same stage:
        # PowerShell's own cost of a streamed pipeline, without the cmdlet.
        $k = 0
        $t0 = [Diagnostics.Stopwatch]::GetTimestamp()
        & {
            $stream = $client.StreamChatCompletionAsync($request).GetAwaiter().GetResult()
            try { while ($stream.MoveNext()) { $stream.Current } } finally { $stream.Dispose() }
        } | ForEach-Object { $k++ }
        $direct.Add(([Diagnostics.Stopwatch]::GetTimestamp() - $t0) * $TickMs / 1000)

        # The downstream stage by itself, fed the same number of objects: what no module can avoid.
        $m = 0
        $t0 = [Diagnostics.Stopwatch]::GetTimestamp()
        1..$Chunks | ForEach-Object { $m++ }
        $alone.Add(([Diagnostics.Stopwatch]::GetTimestamp() - $t0) * $TickMs / 1000)
    }
    return [ordered]@{ cmdletSeconds = $cmdlet.ToArray(); clientFromPowerShellSeconds = $direct.ToArray(); forEachAloneSeconds = $alone.ToArray(); cmdletObjects = $objects }
}

function Get-PeakResidentBytes {
    # Linux: VmHWM is the peak resident set; elsewhere the process's peak working set.
    if (Test-Path -LiteralPath '/proc/self/status') {
        $line = Select-String -LiteralPath '/proc/self/status' -Pattern '^VmHWM:\s+(\d+)\s+kB' | Select-Object -First 1
        if ($line) { return [long] $line.Matches[0].Groups[1].Value * 1KB }
    }
    $p = [Diagnostics.Process]::GetCurrentProcess()
    return $p.PeakWorkingSet64
}

function Invoke-Memory {
    $small = @{ emulator = @{ chunks = 1000; content_bytes = 1MB } }
    Invoke-AurikoChatCompletion -Model $Model -Message 'Hello' -Stream -AdditionalBody $small | ForEach-Object { $null = $_.Content }
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()

    $process = [Diagnostics.Process]::GetCurrentProcess()
    $process.Refresh()
    $baseline = $process.WorkingSet64
    $managedBaseline = [GC]::GetTotalMemory($true)
    # Reset the kernel's peak-RSS mark to now, so the peak is this stream's (Linux 4.0+).
    $peakReset = $false
    try { [IO.File]::WriteAllText('/proc/self/clear_refs', '5'); $peakReset = $true } catch { }
    if (-not $peakReset) { $peakBefore = Get-PeakResidentBytes }

    $extra = @{ emulator = @{ content_bytes = $ContentBytes } }
    $script:chars = [long] 0
    $script:managedPeak = [long] 0
    $script:objects = 0
    $t0 = [Diagnostics.Stopwatch]::GetTimestamp()
    Invoke-AurikoChatCompletion -Model $Model -Message 'Hello' -Stream -AdditionalBody $extra | ForEach-Object {
        $content = $_.Content
        if ($content) { $script:chars += $content.Length }
        if ((++$script:objects % 256) -eq 0) {
            $managed = [GC]::GetTotalMemory($false)
            if ($managed -gt $script:managedPeak) { $script:managedPeak = $managed }
        }
    }
    $seconds = ([Diagnostics.Stopwatch]::GetTimestamp() - $t0) * $TickMs / 1000
    $managed = [GC]::GetTotalMemory($false)
    if ($managed -gt $script:managedPeak) { $script:managedPeak = $managed }
    $peak = Get-PeakResidentBytes
    return [ordered]@{
        contentBytes          = $ContentBytes
        contentCharsSeen      = $script:chars
        objects               = $script:objects
        seconds               = $seconds
        baselineWorkingSet    = $baseline
        peakWorkingSet        = $peak
        peakResetForStream    = $peakReset
        peakAboveBaseline     = [Math]::Max(0, $peak - $baseline)
        managedBaseline       = $managedBaseline
        managedPeak           = $script:managedPeak
        managedPeakAboveBase  = [Math]::Max(0, $script:managedPeak - $managedBaseline)
    }
}

function Invoke-Parallel {
    $null = Invoke-AurikoChatCompletion -Model $Model -Message 'Hello'
    $count = $Count
    $result = [ordered]@{
        cmdletSeconds = @(); cmdletConnections = @()
        clientFromPowerShellSeconds = @(); clientFromPowerShellConnections = @()
        invokeRestMethodSeconds = @(); invokeRestMethodConnections = @()
    }
    $body = @{ model = $Model; messages = @(@{ role = 'user'; content = 'Hello' }) } | ConvertTo-Json -Compress -Depth 5

    $options = [Auriko.AurikoClientOptions]::new()
    $options.BaseUrl = $BaseUrl
    $options.ApiKey = $ApiKey
    $options.MaxRetries = 0
    $sharedClient = [Auriko.AurikoClient]::new($options)

    for ($run = 0; $run -lt $Runs; $run++) {
        foreach ($kind in 'cmdlet', 'clientFromPowerShell', 'invokeRestMethod') {
            $barrier = [Threading.Barrier]::new($Runspaces)
            Reset-ServerStats
            $spans = 1..$Runspaces | ForEach-Object -ThrottleLimit $Runspaces -Parallel {
                $ErrorActionPreference = 'Stop'
                $kind = $using:kind
                $n = $using:count
                $model = $using:Model
                # Not timed: module import and command lookup in this runspace.
                Import-Module Auriko, Microsoft.PowerShell.Utility
                $null = Get-AurikoConnection
                if ($kind -eq 'invokeRestMethod') {
                    $session = [Microsoft.PowerShell.Commands.WebRequestSession]::new()
                    $key = $using:ApiKey
                    $session.Headers['Authorization'] = "Bearer $key"
                    $uri = $using:ChatUri
                    $json = $using:body
                }
                if ($kind -eq 'clientFromPowerShell') {
                    # One client shared by all runspaces (as the session's is), called directly: the cmdlet minus the cmdlet.
                    $client = $using:sharedClient
                    $request = [Auriko.ChatCompletionRequest]::new()
                    $request.Model = $model
                    $request.Messages.Add([Auriko.ChatMessage]::User('Hello'))
                }
                if (-not ($using:barrier).SignalAndWait(120000)) { throw 'runspaces did not all start' }
                $t0 = [Diagnostics.Stopwatch]::GetTimestamp()
                if ($kind -eq 'cmdlet') {
                    for ($i = 0; $i -lt $n; $i++) { $null = Invoke-AurikoChatCompletion -Model $model -Message 'Hello' }
                }
                elseif ($kind -eq 'clientFromPowerShell') {
                    for ($i = 0; $i -lt $n; $i++) { $null = $client.CreateChatCompletionAsync($request).GetAwaiter().GetResult() }
                }
                else {
                    for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Uri $uri -Method Post -Body $json -ContentType 'application/json' -WebSession $session }
                }
                [pscustomobject]@{ Start = $t0; End = [Diagnostics.Stopwatch]::GetTimestamp() }
            }
            $start = ($spans | Measure-Object Start -Minimum).Minimum
            $end = ($spans | Measure-Object End -Maximum).Maximum
            $stats = Get-ServerStats
            $result["${kind}Seconds"] += ($end - $start) * $TickMs / 1000
            $result["${kind}Connections"] += $stats.connections
        }
    }
    return $result
}

function Invoke-Batch {
    $prompts = 1..$Count | ForEach-Object { "Prompt $_" }
    # Warm-up: JIT, command discovery and a few pooled connections.
    $null = $prompts | Select-Object -First 100 | Invoke-AurikoChatCompletion -Model $Model -ThrottleLimit $Runspaces
    $result = [ordered]@{ cmdletSeconds = @(); cmdletConnections = @(); slowSeconds = @(); slowConnections = @(); slowOpened = @() }
    for ($run = 0; $run -lt $Runs; $run++) {
        Reset-ServerStats
        $t0 = [Diagnostics.Stopwatch]::GetTimestamp()
        $null = $prompts | Invoke-AurikoChatCompletion -Model $Model -ThrottleLimit $Runspaces
        $result.cmdletSeconds += ([Diagnostics.Stopwatch]::GetTimestamp() - $t0) * $TickMs / 1000
        $result.cmdletConnections += (Get-ServerStats).connections
    }
    $slow = 1..$SlowCount | ForEach-Object { "Slow prompt $_" }
    $extra = @{ emulator = @{ delay_ms = $DelayMs } }
    for ($run = 0; $run -lt $Runs; $run++) {
        Reset-ServerStats
        $t0 = [Diagnostics.Stopwatch]::GetTimestamp()
        $null = $slow | Invoke-AurikoChatCompletion -Model $Model -ThrottleLimit $SlowLimit -AdditionalBody $extra
        $result.slowSeconds += ([Diagnostics.Stopwatch]::GetTimestamp() - $t0) * $TickMs / 1000
        $stats = Get-ServerStats
        $result.slowConnections += $stats.connections
        # Opened during the run, less the one the stats call opens (Invoke-RestMethod without a session connects anew).
        $result.slowOpened += [Math]::Max(0, $stats.tcpConnectionsOpened - 1)
    }
    return $result
}

$result = switch ($Scenario) {
    'Sequential' { Invoke-Sequential }
    'Lag' { Invoke-Lag }
    'Throughput' { Invoke-Throughput }
    'Memory' { Invoke-Memory }
    'Parallel' { Invoke-Parallel }
    'Batch' { Invoke-Batch }
}
$result | ConvertTo-Json -Depth 5 -Compress | Set-Content -LiteralPath $OutFile -Encoding utf8
