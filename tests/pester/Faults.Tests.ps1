# Issue 6, the fault matrix through the cmdlets: every row asserts what the user gets (success
# after retry, or one typed error with request id, ErrorCategory and FullyQualifiedErrorId) and
# how many requests the server saw. Then the big response, the Retry-After cap, and Ctrl+C
# (PowerShell.Stop()) in each phase of a call, measured. Figures go to the console (Write-Host)
# and to out/test-results/faults.json.
BeforeDiscovery {
    $rows = (Import-PowerShellDataFile -LiteralPath "$PSScriptRoot/fixtures/faults/FaultMatrix.psd1").Rows
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    Import-Module "$PSScriptRoot/fixtures/faults/FaultRunner.psm1" -Force
    $modulePath = Get-AurikoTestModulePath
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey
    $sessions = New-FaultSessions -BaseUrl $server.BaseUrl -Key $key
    $matrix = [System.Collections.Generic.List[object]]::new()
    $stops = [System.Collections.Generic.List[object]]::new()

    function Add-MatrixRow([string] $Name, [string] $Expected) {
        $r = [pscustomobject]@{ Fault = $Name; Expected = $Expected; Got = 'not run'; Requests = $null; Ms = $null; Survived = $false }
        $matrix.Add($r)
        $r
    }
    function Get-Shown([object] $Result) {
        if ($Result.Errors.Count) { $Result.Errors[0].Exception.GetType().Name } elseif ($Result.Output.Count) { "$($Result.Output.Count) object(s)" } else { 'nothing' }
    }
}

AfterAll {
    Disconnect-Auriko -ErrorAction SilentlyContinue
    Stop-AurikoTestServer
    $survived = @($matrix | Where-Object Survived).Count
    Write-Host ''
    Write-Host ($matrix | Format-Table Fault, Expected, Got, Requests, Ms, Survived -AutoSize -Wrap | Out-String -Width 220)
    Write-Host ("Fault matrix: {0} faults tried, {1} survived." -f $matrix.Count, $survived)
    if ($stops.Count) {
        Write-Host ($stops | Format-Table Phase, StopMs, StateAfter -AutoSize | Out-String)
    }
    $resultsDir = Join-Path (Resolve-Path "$PSScriptRoot/../..") 'out/test-results'
    $null = New-Item -ItemType Directory -Path $resultsDir -Force
    [ordered]@{
        generatedAt = [DateTime]::UtcNow.ToString('o')
        faultsTried = $matrix.Count
        survived    = $survived
        rows        = @($matrix)
        stopTimings = @($stops | Select-Object Phase, StopMs, StateBefore, StateAfter)
    } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $resultsDir 'faults.json') -Encoding utf8
}

Describe 'Fault matrix through the cmdlets' {
    It '<Name>' -ForEach $rows {
        $row = $_
        $entry = Add-MatrixRow $row.Name $row.Expect
        $r = Invoke-FaultRow -Row $row -Sessions $sessions -ControlUrl $server.Url
        $entry.Got = Get-Shown $r
        $entry.Requests = $r.Requests
        $entry.Ms = $r.ElapsedMs

        $r.Requests | Should -Be $row.Requests -Because 'the number of requests the server saw'
        if ($row.ContainsKey('Retries')) {
            $r.Retries.Count | Should -Be $row.Retries -Because "one Verbose line per retry: $($r.Retries -join ' | ')"
        }
        if ($row.ContainsKey('RetryLike')) { $r.Retries[0].Message | Should -BeLike $row.RetryLike }
        if ($row.Expect -eq 'Success') {
            $r.Warnings.Count | Should -Be 0 -Because "a call that succeeded (after any retries) needs no action: $($r.Warnings -join ' | ')"
        }
        if ($row.ContainsKey('MinMs')) { $r.ElapsedMs | Should -BeGreaterOrEqual $row.MinMs -Because 'the announced wait was honoured' }

        if ($row.Expect -eq 'Success') {
            $r.Errors.Count | Should -Be 0 -Because "$($r.Errors -join ' | ')"
            switch ($row.Cmdlet) {
                'Chat' {
                    if ($row['Stream']) {
                        $r.Output.Count | Should -BeGreaterOrEqual $(if ($row.ContainsKey('MinChunks')) { $row.MinChunks } else { 1 })
                        $r.Output | Should -BeOfType ([Auriko.ChatCompletionChunk])
                        @($r.Output | Where-Object IsFinal).Count | Should -Be 1
                        $r.Output[-1].IsFinal | Should -BeTrue
                        $r.Output[-1].Completion.Message.Content | Should -Match 'Echo'
                    }
                    else {
                        $r.Output.Count | Should -Be 1
                        $r.Output[0] | Should -BeOfType ([Auriko.ChatCompletion])
                        $r.Output[0].Message.Content | Should -Match 'Echo'
                    }
                }
                default { $r.Output.Count | Should -BeGreaterThan 0 }
            }
        }
        else {
            $r.Errors.Count | Should -Be 1 -Because 'one error, no cascade'
            $e = $r.Errors[0]
            $e.Exception.GetType().FullName | Should -Be $row.Expect
            $e.Exception | Should -BeOfType ([Auriko.AurikoException]) -Because 'never a raw JsonException/HttpRequestException/IOException'
            $e.CategoryInfo.Category | Should -Be $row.Category
            $e.FullyQualifiedErrorId | Should -BeLike "$($row.ErrorId),Auriko.PowerShell.Commands.*"
            if ($row['MessageLike']) { $e.ToString() | Should -BeLike $row.MessageLike }
            if ($row['RequestId']) {
                $r.LastRequestId | Should -Not -BeNullOrEmpty
                $e.ToString() | Should -Match ([regex]::Escape($r.LastRequestId)) -Because 'the user can quote the request id to support'
                if ($e.Exception.PSObject.Properties['RequestId']) { $e.Exception.RequestId | Should -Be $r.LastRequestId }
            }
            if ($row['Stream'] -and $row['MinChunks']) {
                # The chunks already received were written before the one error.
                @($r.Output | Where-Object Content).Count | Should -BeGreaterOrEqual $row.MinChunks
                @($r.Output | Where-Object IsFinal).Count | Should -Be 0
                $errorAt = [array]::IndexOf($r.Records, $e)
                $lastChunkAt = [array]::IndexOf($r.Records, @($r.Output)[-1])
                $errorAt | Should -BeGreaterThan $lastChunkAt
            }
        }
        $entry.Survived = $true
    }
}

Describe 'Special rows' {
    It 'a body far above the completion size cap fails clearly, without a crash, and memory stays sane' {
        $entry = Add-MatrixRow 'Huge response (100 MB body, cap 64 MB)' 'AurikoException'
        $child = Invoke-FreshPwsh -ArgumentList $server.BaseUrl, $server.Url, $key {
            param($url, $root, $key)
            $null = Invoke-RestMethod @NoProxy -Method Post -Uri "$root/_test/reset"
            $s = Connect-Auriko -ApiKey $key -BaseUrl $url -SkipValidation -MaxRetries 1 -PassThru
            $null = Invoke-AurikoChatCompletion -Session $s -Model gpt-4o -Message warm-up
            [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
            $heapBefore = [GC]::GetTotalMemory($true)
            $null = Invoke-RestMethod @NoProxy -Method Post -Uri "$root/_test/reset"
            $body = @{ scenarios = @(@{ kind = 'large_body'; bytes = 100MB; times = -1; path = '/v1/chat/completions' }) } | ConvertTo-Json -Depth 5
            $null = Invoke-RestMethod @NoProxy -Method Post -Uri "$root/_test/scenarios" -ContentType 'application/json' -Body $body
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $out = @(Invoke-AurikoChatCompletion -Session $s -Model gpt-4o -Message big -ErrorAction SilentlyContinue -ErrorVariable ev -WarningAction SilentlyContinue)
            $ms = $sw.ElapsedMilliseconds
            [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
            $heapAfter = [GC]::GetTotalMemory($true)
            $p = [Diagnostics.Process]::GetCurrentProcess()
            $requests = @(Invoke-RestMethod @NoProxy -Uri "$root/_test/requests?path=/v1").Count
            # Still usable afterwards.
            $null = Invoke-RestMethod @NoProxy -Method Post -Uri "$root/_test/reset"
            $ok = Invoke-AurikoChatCompletion -Session $s -Model gpt-4o -Message after
            [pscustomobject]@{
                Outputs      = $out.Count
                ErrorCount   = @($ev).Count
                ErrorType    = if ($ev) { $ev[0].Exception.GetType().FullName } else { $null }
                Category     = if ($ev) { [string]$ev[0].CategoryInfo.Category } else { $null }
                Message      = if ($ev) { $ev[0].ToString() } else { $null }
                Ms           = $ms
                Requests     = $requests
                RetainedMB   = [math]::Round(($heapAfter - $heapBefore) / 1MB, 1)
                PeakWorkingMB = [math]::Round($p.PeakWorkingSet64 / 1MB)
                AfterOk      = [bool]$ok
            }
        }
        Write-Host ("  huge body: {0} in {1} ms, {2} request(s); managed heap retained after full GC: {3} MB; peak working set {4} MB" -f $child.ErrorType, $child.Ms, $child.Requests, $child.RetainedMB, $child.PeakWorkingMB)
        $entry.Got = $child.ErrorType; $entry.Requests = $child.Requests; $entry.Ms = $child.Ms
        $child.Outputs | Should -Be 0
        $child.ErrorCount | Should -Be 1
        $child.ErrorType | Should -Be 'Auriko.AurikoException'
        $child.Message | Should -Match 'larger than the 64 MB'
        $child.Message | Should -Match 'req_'
        $child.Requests | Should -Be 1 -Because 'a body that is too large is not retried'
        $child.AfterOk | Should -BeTrue -Because 'the process and the session stay usable'
        $child.PeakWorkingMB | Should -BeLessThan 1024
        # After a full GC the client must not keep more than one cap's worth of buffers alive.
        $child.RetainedMB | Should -BeLessThan 64 -Because 'buffers rented for a refused body must not stay alive in the process after a full GC'
        $entry.Survived = $true
    }
}

Describe 'Ctrl+C (PowerShell.Stop()) in each phase' {
    BeforeEach { Reset-AurikoTestServer }

    It 'stops while connecting (a port whose backlog is full)' {
        $entry = Add-MatrixRow 'Ctrl+C while connecting' 'Stopped < 1 s'
        $listener = New-BacklogFullListener
        try {
            $s = Connect-Auriko -ApiKey $key -BaseUrl "http://127.0.0.1:$($listener.Port)/v1" -SkipValidation -MaxRetries 0 -TimeoutSec 30 -PassThru
            $m = Measure-PipelineStop -ModulePath $modulePath -Parameters @{ s = $s } -Script {
                param($s) $VerbosePreference = 'Continue'; Invoke-AurikoChatCompletion -Session $s -Model gpt-4o -Message x
            }.ToString() -Until { param($ps, $out) @($ps.Streams.Verbose | Where-Object Message -like '*attempt 1 of 1*').Count -gt 0 } -SettleMs 300
        }
        finally { $listener.Dispose() }
        $stops.Add([pscustomobject]@{ Phase = 'connecting'; StopMs = $m.StopMs; StateBefore = $m.StateBefore; StateAfter = $m.StateAfter })
        Write-Host "  Ctrl+C while connecting: Stop() returned in $($m.StopMs) ms"
        $entry.Got = "$($m.StateAfter) in $($m.StopMs) ms"; $entry.Ms = $m.StopMs
        $m.StateBefore | Should -Be 'Running'
        $m.StateAfter | Should -Be 'Stopped'
        @($m.Errors | Where-Object FullyQualifiedErrorId -ne 'PipelineStopped').Count | Should -Be 0 -Because 'stopping is not an error of the call'
        $m.StopMs | Should -BeLessThan 1000
        $entry.Survived = $true
    }

    It 'stops while waiting for the response headers (hang)' {
        $entry = Add-MatrixRow 'Ctrl+C while waiting for headers' 'Stopped < 1 s'
        Add-AurikoTestScenario @{ kind = 'hang'; path = '/v1/chat/completions' }
        $m = Measure-PipelineStop -ModulePath $modulePath -Parameters @{ s = $sessions.Retry } -Script {
            param($s) Invoke-AurikoChatCompletion -Session $s -Model gpt-4o -Message x
        }.ToString() -Until { param($ps, $out) (Get-AurikoTestStats).requests -ge 1 }
        $stops.Add([pscustomobject]@{ Phase = 'waiting for headers'; StopMs = $m.StopMs; StateBefore = $m.StateBefore; StateAfter = $m.StateAfter })
        Write-Host "  Ctrl+C while waiting for headers: Stop() returned in $($m.StopMs) ms"
        $entry.Got = "$($m.StateAfter) in $($m.StopMs) ms"; $entry.Requests = (Get-AurikoTestStats).requests; $entry.Ms = $m.StopMs
        $m.StateAfter | Should -Be 'Stopped'
        @($m.Errors | Where-Object FullyQualifiedErrorId -ne 'PipelineStopped').Count | Should -Be 0 -Because 'stopping is not an error of the call'
        $m.StopMs | Should -BeLessThan 1000
        $entry.Requests | Should -Be 1 -Because 'a stopped call is not retried'
        $entry.Survived = $true
    }

    It 'stops while streaming (silent after 2 chunks)' {
        $entry = Add-MatrixRow 'Ctrl+C while streaming' 'Stopped < 1 s'
        Add-AurikoTestScenario @{ kind = 'silent_after'; after = 2; path = '/v1/chat/completions' }
        $m = Measure-PipelineStop -ModulePath $modulePath -Parameters @{ s = $sessions.Retry } -Script {
            param($s) Invoke-AurikoChatCompletion -Session $s -Model gpt-4o -Message x -Stream
        }.ToString() -Until { param($ps, $out) $out.Count -ge 2 }
        $stops.Add([pscustomobject]@{ Phase = 'streaming'; StopMs = $m.StopMs; StateBefore = $m.StateBefore; StateAfter = $m.StateAfter })
        Write-Host "  Ctrl+C while streaming: Stop() returned in $($m.StopMs) ms"
        $entry.Got = "$($m.StateAfter) in $($m.StopMs) ms; $($m.Output.Count) chunks"; $entry.Requests = (Get-AurikoTestStats).requests; $entry.Ms = $m.StopMs
        $m.StateAfter | Should -Be 'Stopped'
        $m.Output.Count | Should -BeGreaterOrEqual 2
        @($m.Errors | Where-Object FullyQualifiedErrorId -ne 'PipelineStopped').Count | Should -Be 0 -Because 'stopping is not an error of the call'
        $m.StopMs | Should -BeLessThan 1000
        $entry.Survived = $true
    }

    It 'stops while backing off between retries (429 Retry-After: 30)' {
        $entry = Add-MatrixRow 'Ctrl+C while backing off (Retry-After 30 s)' 'Stopped < 1 s'
        Add-AurikoTestScenario @{ kind = 'error'; status = 429; code = 'rate_limit_exceeded'; retry_after = 30; path = '/v1/chat/completions' }
        $m = Measure-PipelineStop -ModulePath $modulePath -Parameters @{ s = $sessions.Retry } -Script {
            param($s) Invoke-AurikoChatCompletion -Session $s -Model gpt-4o -Message x -Verbose
        }.ToString() -Until { param($ps, $out) @($ps.Streams.Verbose | Where-Object Message -Like 'Retrying *').Count -ge 1 }
        $stops.Add([pscustomobject]@{ Phase = 'backing off'; StopMs = $m.StopMs; StateBefore = $m.StateBefore; StateAfter = $m.StateAfter })
        Write-Host "  Ctrl+C while backing off: Stop() returned in $($m.StopMs) ms"
        $entry.Got = "$($m.StateAfter) in $($m.StopMs) ms"; $entry.Requests = (Get-AurikoTestStats).requests; $entry.Ms = $m.StopMs
        @($m.Verbose | Where-Object Message -Like 'Retrying *')[0].Message | Should -BeLike '* in 30 s *'
        $m.StateAfter | Should -Be 'Stopped'
        $m.StopMs | Should -BeLessThan 1000
        $entry.Requests | Should -Be 1 -Because 'the retry never started'
        $entry.Survived = $true
    }

    It 'caps a too-large Retry-After (3600 s) at 60 s, then stops while waiting' {
        $entry = Add-MatrixRow '429 Retry-After 3600 s capped at 60 s' 'Verbose "in 60 s"; stopped'
        Add-AurikoTestScenario @{ kind = 'error'; status = 429; code = 'rate_limit_exceeded'; retry_after = 3600; path = '/v1/chat/completions' }
        $m = Measure-PipelineStop -ModulePath $modulePath -Parameters @{ s = $sessions.Retry } -Script {
            param($s) Invoke-AurikoChatCompletion -Session $s -Model gpt-4o -Message x -Verbose
        }.ToString() -Until { param($ps, $out) @($ps.Streams.Verbose | Where-Object Message -Like 'Retrying *').Count -ge 1 }
        $stops.Add([pscustomobject]@{ Phase = 'backing off (capped Retry-After)'; StopMs = $m.StopMs; StateBefore = $m.StateBefore; StateAfter = $m.StateAfter })
        $retry = @($m.Verbose | Where-Object Message -Like 'Retrying *')[0].Message
        Write-Host "  Retry-After 3600: '$retry'; Stop() returned in $($m.StopMs) ms"
        $entry.Got = "verbose: in 60 s; $($m.StateAfter)"; $entry.Requests = (Get-AurikoTestStats).requests; $entry.Ms = $m.StopMs
        $retry | Should -BeLike '* in 60 s *'
        $retry | Should -Not -BeLike '*3600*'
        $m.StateAfter | Should -Be 'Stopped'
        $m.StopMs | Should -BeLessThan 1000
        $entry.Survived = $true
    }
}
