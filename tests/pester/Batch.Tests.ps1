# Issue 10, batches: Invoke-AurikoChatCompletion -ThrottleLimit N runs piped prompts N at a time,
# writes answers and errors in input order with the piped object attached, pauses the whole
# batch on a 429, stops at once on Ctrl+C, shows progress, honours -MaxCostUsd, and survives a
# soak with injected failures. Per-prompt server behaviour comes from scenarios with "match"
# (the prompt text), so each item of one batch can be slow, fail or be rate-limited on its own.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $modulePath = Get-AurikoTestModulePath
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey
    Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -DefaultModel gpt-4o
    $session = Get-AurikoConnection

    function Get-Prompt([int] $Number) { 'item {0:000}' -f $Number }

    # Makes the server answer the prompt after $Ms milliseconds.
    function Set-PromptDelay([int] $Number, [int] $Ms) {
        Add-AurikoTestScenario @{ kind = 'ok'; match = (Get-Prompt $Number); delay_ms = $Ms; times = -1; path = '/v1/chat/completions' }
    }

    # The chat requests the server received, oldest first: Prompt (the last user message), At (DateTime, UTC).
    function Get-ChatRequest {
        $all = Invoke-RestMethod -Uri "$($server.Url)/_test/requests?path=/v1/chat/completions" -NoProxy
        foreach ($r in @($all)) {
            $body = $r.body | ConvertFrom-Json -Depth 20
            [pscustomobject]@{ Prompt = $body.messages[-1].content; At = ([DateTimeOffset] $r.receivedAt).UtcDateTime; Sequence = $r.sequence }
        }
    }

    # What each written object answers: an answer's InputObject, an error's TargetObject.
    function Get-Answered($Object) {
        if ($Object -is [System.Management.Automation.ErrorRecord]) { $Object.TargetObject } else { $Object.InputObject }
    }

    # Runs $Script in a new PowerShell instance (module imported) and returns it with its streams.
    function Invoke-InNewShell([string] $Script, [hashtable] $Parameters = @{}) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$($modulePath -replace "'", "''")' -ErrorAction Stop").AddStatement().AddScript($Script)
            foreach ($k in $Parameters.Keys) { $null = $ps.AddParameter($k, $Parameters[$k]) }
            $output = @($ps.Invoke())
            [pscustomobject]@{ Output = $output; Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error); Warnings = @($ps.Streams.Warning) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Disconnect-Auriko -ErrorAction SilentlyContinue
    Stop-AurikoTestServer
}

Describe 'Invoke-AurikoChatCompletion -ThrottleLimit: order' {
    BeforeEach { Reset-AurikoTestServer }

    It 'runs up to N requests at once and still writes the answers in input order' {
        # Early prompts slow, later ones fast: the server finishes them in a very different order.
        $delays = @{ 1 = 700; 2 = 50; 3 = 400; 4 = 0; 5 = 600; 6 = 0; 7 = 250; 8 = 100; 9 = 500; 10 = 0; 11 = 300; 12 = 0 }
        foreach ($n in $delays.Keys) { Set-PromptDelay $n $delays[$n] }
        $prompts = 1..12 | ForEach-Object { Get-Prompt $_ }

        $sw = [Diagnostics.Stopwatch]::StartNew()
        $answers = @($prompts | Invoke-AurikoChatCompletion -ThrottleLimit 4)
        $elapsed = $sw.Elapsed.TotalMilliseconds

        $answers.Count | Should -Be 12
        @($answers | ForEach-Object InputObject) | Should -Be $prompts
        @($answers | ForEach-Object Content) | Should -Be @($prompts | ForEach-Object { "Echo (1 messages): $_" })
        $serial = ($delays.Values | Measure-Object -Sum).Sum
        $elapsed | Should -BeLessThan ($serial * 0.7) -Because "the server's delays add up to $serial ms one after another"
        $requests = @(Get-ChatRequest)
        $requests.Count | Should -Be 12
        # The first four were all sent before the first (slowest) one was answered.
        $firstFour = $requests | Where-Object Prompt -in $prompts[0..3]
        (($firstFour | Measure-Object At -Maximum).Maximum - ($firstFour | Measure-Object At -Minimum).Minimum).TotalMilliseconds |
            Should -BeLessThan 500
    }

    It 'writes each answer as soon as every earlier input is answered' {
        Set-PromptDelay 2 1200
        $prompts = 1..8 | ForEach-Object { Get-Prompt $_ }
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $seen = @($prompts | Invoke-AurikoChatCompletion -ThrottleLimit 4 |
                ForEach-Object { [pscustomobject]@{ Prompt = $_.InputObject; Ms = $sw.Elapsed.TotalMilliseconds } })
        @($seen.Prompt) | Should -Be $prompts
        $seen[0].Ms | Should -BeLessThan 800 -Because 'the first answer does not wait for the slow second one'
        foreach ($later in $seen[1..7]) { $later.Ms | Should -BeGreaterThan 1100 -Because "$($later.Prompt) follows the slow second prompt" }
    }

    It 'holds at most 4 x N inputs behind a slow first request (bounded memory)' {
        Set-PromptDelay 1 1500
        $prompts = 1..40 | ForEach-Object { Get-Prompt $_ }
        $script:sentWhenFirstWritten = $null
        $answers = @($prompts | Invoke-AurikoChatCompletion -ThrottleLimit 2 | ForEach-Object {
                if ($null -eq $script:sentWhenFirstWritten) { $script:sentWhenFirstWritten = (Get-AurikoTestStats).requests }
                $_
            })
        @($answers | ForEach-Object InputObject) | Should -Be $prompts
        $script:sentWhenFirstWritten | Should -BeLessOrEqual 8 -Because 'with -ThrottleLimit 2 the reorder window is 8 inputs'
        $script:sentWhenFirstWritten | Should -BeGreaterThan 2 -Because 'the other worker kept going while the first request was slow'
    }
}

Describe 'InputObject: every answer carries what was piped in' {
    BeforeEach { Reset-AurikoTestServer }

    It 'carries the piped string (-ThrottleLimit <Limit>)' -TestCases @(@{ Limit = 1 }, @{ Limit = 4 }) {
        $answers = @('alpha', 'beta', 'gamma' | Invoke-AurikoChatCompletion -ThrottleLimit $Limit)
        @($answers | ForEach-Object InputObject) | Should -Be @('alpha', 'beta', 'gamma')
        $answers[1].InputObject | Should -BeOfType ([string])
    }

    It 'carries the CSV row: the Import-Csv | Export-Csv round trip (-ThrottleLimit <Limit>)' -TestCases @(@{ Limit = 1 }, @{ Limit = 8 }) {
        $csv = Join-Path $TestDrive "tickets-$Limit.csv"
        $out = Join-Path $TestDrive "answers-$Limit.csv"
        1..20 | ForEach-Object { [pscustomobject]@{ Id = "T$_"; Prompt = "Classify ticket $_" } } | Export-Csv $csv -NoTypeInformation
        Import-Csv $csv | Invoke-AurikoChatCompletion -ThrottleLimit $Limit |
            Select-Object @{ n = 'Id'; e = { $_.InputObject.Id } }, Content, CostUsd | Export-Csv $out -NoTypeInformation
        $rows = @(Import-Csv $out)
        $rows.Count | Should -Be 20
        @($rows.Id) | Should -Be @(1..20 | ForEach-Object { "T$_" })
        foreach ($row in $rows) {
            $row.Content | Should -Be ("Echo (1 messages): Classify ticket " + $row.Id.Substring(1))
            [double] $row.CostUsd | Should -BeGreaterThan 0
        }
    }

    It 'carries a piped object, and a piped completion continuing its conversation' {
        $objects = 1..3 | ForEach-Object { [pscustomobject]@{ Question = "Question $_"; Tag = $_ * 10 } }
        $answers = @($objects | Invoke-AurikoChatCompletion -ThrottleLimit 3)
        @($answers | ForEach-Object { $_.InputObject.Tag }) | Should -Be @(10, 20, 30)
        $answers[2].InputObject.Question | Should -Be 'Question 3'

        $next = @($answers | Invoke-AurikoChatCompletion 'And then?' -ThrottleLimit 3)
        @($next | ForEach-Object { $_.InputObject.InputObject.Tag }) | Should -Be @(10, 20, 30)
        $next[0].History.Count | Should -Be 4
    }

    It 'is $null when nothing was piped, and set on the final chunk of a stream' {
        (Invoke-AurikoChatCompletion -Message 'hello').psobject.Properties['InputObject'] | Should -Not -BeNullOrEmpty
        (Invoke-AurikoChatCompletion -Message 'hello').InputObject | Should -BeNullOrEmpty
        $final = @('one', 'two' | Invoke-AurikoChatCompletion -Stream | Where-Object IsFinal)
        @($final | ForEach-Object InputObject) | Should -Be @('one', 'two')
    }
}

Describe 'Per-item errors in a batch' {
    BeforeEach { Reset-AurikoTestServer }

    It 'writes each failed row as a non-terminating error, in input order, with the row as TargetObject; the rest go on' {
        $csv = Join-Path $TestDrive 'rows.csv'
        1..10 | ForEach-Object { [pscustomobject]@{ Id = $_; Prompt = Get-Prompt $_ } } | Export-Csv $csv -NoTypeInformation
        Set-PromptDelay 1 500   # the first row is slow, so the errors finish long before it
        Add-AurikoTestScenario @{ kind = 'error'; status = 400; code = 'invalid_request_error'; match = (Get-Prompt 3); times = -1; path = '/v1/chat/completions' }
        Add-AurikoTestScenario @{ kind = 'error'; status = 404; code = 'model_not_found'; match = (Get-Prompt 7); times = -1; path = '/v1/chat/completions' }

        $all = @(Import-Csv $csv | Invoke-AurikoChatCompletion -ThrottleLimit 4 -ErrorAction Continue 2>&1)

        $all.Count | Should -Be 10
        @($all | ForEach-Object { (Get-Answered $_).Id }) | Should -Be @(1..10 | ForEach-Object { "$_" })
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        @($errors | ForEach-Object { $_.TargetObject.Id }) | Should -Be @('3', '7')
        $errors[0].Exception | Should -BeOfType ([Auriko.InvalidRequestException])
        $errors[1].Exception | Should -BeOfType ([Auriko.ModelNotFoundException])
        $errors[0].Exception.RequestId | Should -Not -BeNullOrEmpty
        @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }).Count | Should -Be 8
    }

    It 'keeps an input refused before sending in its place among the answers' {
        Set-PromptDelay 1 400
        $all = @((Get-Prompt 1), @{ NotAPrompt = 1 }, (Get-Prompt 3) | Invoke-AurikoChatCompletion -ThrottleLimit 3 -ErrorAction Continue 2>&1)
        $all.Count | Should -Be 3
        $all[0].InputObject | Should -Be (Get-Prompt 1)
        $all[1] | Should -BeOfType ([System.Management.Automation.ErrorRecord])
        $all[1].FullyQualifiedErrorId | Should -BeLike 'InvalidMessageInput,*'
        $all[2].InputObject | Should -Be (Get-Prompt 3)
    }

    It 'applies the command''s own -MaxRetries to every request of the batch' {
        Add-AurikoTestScenario @{ kind = 'error'; status = 503; code = 'service_unavailable'; retry_after = 0; match = (Get-Prompt 2); times = -1; path = '/v1/chat/completions' }
        $errs = $null
        $prompts = 1..4 | ForEach-Object { Get-Prompt $_ }
        $out = @($prompts | Invoke-AurikoChatCompletion -ThrottleLimit 2 -MaxRetries 0 -ErrorAction SilentlyContinue -ErrorVariable errs)
        $out.Count | Should -Be 3
        $errs.Count | Should -Be 1
        $errs[0].TargetObject | Should -Be (Get-Prompt 2)
        @(Get-ChatRequest | Where-Object Prompt -EQ (Get-Prompt 2)).Count | Should -Be 1 -Because '-MaxRetries 0 means no retry, whatever the session says'
    }

    It 'stops sending after a rejected key, with one warning counting the inputs not sent' {
        $bad = Connect-Auriko -ApiKey 'bad-key-for-batch-test' -BaseUrl $server.BaseUrl -SkipValidation -PassThru -DefaultModel gpt-4o
        $errs = $null; $warnings = $null
        $prompts = 1..30 | ForEach-Object { Get-Prompt $_ }
        $out = @($prompts | Invoke-AurikoChatCompletion -Session $bad -ThrottleLimit 4 -ErrorAction SilentlyContinue -ErrorVariable errs -WarningVariable warnings -WarningAction SilentlyContinue)
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -DefaultModel gpt-4o
        $out.Count | Should -Be 0
        $errs.Count | Should -BeGreaterThan 0
        $errs.Count | Should -BeLessOrEqual 4 -Because 'only the requests already in flight can fail'
        $errs | ForEach-Object { $_.Exception | Should -BeOfType ([Auriko.AuthenticationException]) }
        @(Get-ChatRequest).Count | Should -Be $errs.Count
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match "Skipped $(30 - $errs.Count) remaining input\(s\) after invalid_api_key"
    }

    It 'stops new sends after a budget error, and says how many inputs were not sent' {
        Add-AurikoTestScenario @{ kind = 'error'; status = 402; code = 'budget_exceeded'; match = (Get-Prompt 3); times = -1; path = '/v1/chat/completions' }
        $errs = $null; $warnings = $null
        $prompts = 1..30 | ForEach-Object { Get-Prompt $_ }
        $out = @($prompts | Invoke-AurikoChatCompletion -ThrottleLimit 4 -AdditionalBody @{ emulator = @{ delay_ms = 150 } } `
                -ErrorAction SilentlyContinue -ErrorVariable errs -WarningVariable warnings -WarningAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].Exception | Should -BeOfType ([Auriko.BudgetExceededException])
        $errs[0].TargetObject | Should -Be (Get-Prompt 3)
        $sent = @(Get-ChatRequest).Count
        $sent | Should -BeLessThan 30
        $out.Count | Should -Be ($sent - 1)
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match "Skipped $(30 - $sent) remaining input\(s\) after budget_exceeded"
    }
}

Describe 'Rate limits: a 429 pauses the whole batch' {
    BeforeEach { Reset-AurikoTestServer }

    It 'sends nothing while one request waits out a 429 (<Case>)' -TestCases @(
        @{ Case = 'Retry-After: 1'; RetryAfter = 1; QuietMs = 900 }
        @{ Case = 'no Retry-After, backoff 0.5 s +-25 %'; RetryAfter = $null; QuietMs = 350 }
    ) {
        $scenario = @{ kind = 'error'; status = 429; code = 'rate_limit_exceeded'; match = (Get-Prompt 6); times = 1; path = '/v1/chat/completions' }
        if ($RetryAfter) { $scenario.retry_after = $RetryAfter }
        Add-AurikoTestScenario $scenario
        $prompts = 1..40 | ForEach-Object { Get-Prompt $_ }
        $warnings = $null
        # 100 ms per answer: without a shared pause the other three workers would send about 30 requests a second.
        $verbose = $( $answers = @($prompts | Invoke-AurikoChatCompletion -ThrottleLimit 4 -AdditionalBody @{ emulator = @{ delay_ms = 100 } } -Verbose -WarningVariable warnings -WarningAction SilentlyContinue) ) 4>&1

        @($answers | ForEach-Object InputObject) | Should -Be $prompts
        @($verbose | Where-Object { "$_" -like 'Retrying *' }).Count | Should -Be 1 -Because 'the one retry is reported, as Verbose'
        @($warnings).Count | Should -Be 0 -Because 'a batch that succeeded after a retry needs no action'
        $requests = @(Get-ChatRequest)
        $requests.Count | Should -Be 41 -Because 'forty prompts and one retry'
        $limited = @($requests | Where-Object Prompt -eq (Get-Prompt 6))
        $limited.Count | Should -Be 2
        $pausedAt = $limited[0].At
        # Requests already on the wire when the 429 came back may still land just after it.
        $quietFrom = $pausedAt.AddMilliseconds(200)
        $quietUntil = $pausedAt.AddMilliseconds($QuietMs)
        $during = @($requests | Where-Object { $_.At -gt $quietFrom -and $_.At -lt $quietUntil })
        $during | Should -BeNullOrEmpty -Because "no worker may send between +200 ms and +$QuietMs ms after the 429 (got $(@($during.Prompt) -join ', '))"
        @($requests | Where-Object At -gt $quietUntil).Count | Should -BeGreaterThan 20 -Because 'the batch goes on after the pause'
        $minimumWait = if ($RetryAfter) { 950 } else { 370 }
        ($limited[1].At - $pausedAt).TotalMilliseconds | Should -BeGreaterOrEqual $minimumWait
    }
}

Describe 'Ctrl+C stops a batch at once' {
    BeforeEach { Reset-AurikoTestServer }

    It 'returns from Stop() within a second, aborts the requests in flight and sends nothing more' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$($modulePath -replace "'", "''")' -ErrorAction Stop").AddStatement().AddScript({
                    param($s)
                    1..40 | ForEach-Object { 'item {0:000}' -f $_ } |
                        Invoke-AurikoChatCompletion -Session $s -ThrottleLimit 4 -AdditionalBody @{ emulator = @{ delay_ms = 10000 } }
                }.ToString()).AddParameter('s', $session)
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ((Get-AurikoTestStats).requests -lt 4) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'the batch never had four requests in flight' }
                Start-Sleep -Milliseconds 20
            }
            Start-Sleep -Milliseconds 200
            $before = Get-AurikoTestStats
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $stopMs = $sw.Elapsed.TotalMilliseconds
            $handle.AsyncWaitHandle.WaitOne(5000) | Should -BeTrue
            Start-Sleep -Milliseconds 700
            $after = Get-AurikoTestStats

            Write-Host "  Ctrl+C in a batch of 4 in flight: Stop() returned in $([math]::Round($stopMs)) ms"
            $stopMs | Should -BeLessThan 1000
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $before.requests | Should -Be 4
            $after.requests | Should -Be 4 -Because 'nothing is sent after Ctrl+C'
            $after.activeConnections | Should -BeLessOrEqual ($before.activeConnections - 4) -Because 'the four requests in flight were cancelled and their connections closed'
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Stopping a batch early' {
    BeforeEach { Reset-AurikoTestServer }

    It 'stops at the first error with -ErrorAction Stop, after the answers before it, and sends nothing more' {
        Set-PromptDelay 1 0
        Add-AurikoTestScenario @{ kind = 'error'; status = 400; code = 'invalid_request_error'; match = (Get-Prompt 2); times = -1; path = '/v1/chat/completions' }
        $prompts = 1..12 | ForEach-Object { Get-Prompt $_ }
        $written = [Collections.Generic.List[object]]::new()
        $caught = $null
        $sw = [Diagnostics.Stopwatch]::StartNew()
        try {
            $prompts | Invoke-AurikoChatCompletion -ThrottleLimit 4 -AdditionalBody @{ emulator = @{ delay_ms = 3000 } } -ErrorAction Stop |
                ForEach-Object { $written.Add($_) }
        }
        catch { $caught = $_ }
        $sw.Elapsed.TotalMilliseconds | Should -BeLessThan 2500 -Because 'the slow requests still in flight are abandoned, not awaited'
        $sent = (Get-AurikoTestStats).requests
        $caught.TargetObject | Should -Be (Get-Prompt 2)
        @($written | ForEach-Object InputObject) | Should -Be @(Get-Prompt 1)
        # The fifth prompt may have gone out when the first was answered, before the error was.
        $sent | Should -BeLessOrEqual 5
        Start-Sleep -Milliseconds 500
        (Get-AurikoTestStats).requests | Should -Be $sent -Because 'no request is sent after the error stopped the pipeline'
    }

    It 'writes the earlier answers before a terminating error for unusable input' {
        $previous = Invoke-AurikoChatCompletion -Message 'earlier'
        Reset-AurikoTestServer
        Set-PromptDelay 1 400
        $written = [Collections.Generic.List[object]]::new()
        $caught = $null
        try {
            (Get-Prompt 1), (Get-Prompt 2), $previous, (Get-Prompt 4) |
                Invoke-AurikoChatCompletion -ThrottleLimit 4 | ForEach-Object { $written.Add($_) }
        }
        catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'NoMessage,*' -Because 'a piped completion needs -Message to continue'
        @($written | ForEach-Object InputObject) | Should -Be @((Get-Prompt 1), (Get-Prompt 2))
        @(Get-ChatRequest).Count | Should -Be 2
    }

    It 'stops when a downstream Select-Object -First has what it needs' {
        $prompts = 1..200 | ForEach-Object { Get-Prompt $_ }
        $first = @($prompts | Invoke-AurikoChatCompletion -ThrottleLimit 4 | Select-Object -First 3)
        @($first | ForEach-Object InputObject) | Should -Be $prompts[0..2]
        Start-Sleep -Milliseconds 300
        (Get-AurikoTestStats).requests | Should -BeLessOrEqual 16 -Because 'at most the reorder window (4 x 4) was read ahead'
    }
}

Describe 'Progress' {
    BeforeEach { Reset-AurikoTestServer }

    It 'shows answered, failed, in flight, elapsed and cost for a batch longer than a second, never in the output' {
        $r = Invoke-InNewShell -Parameters @{ s = $session } -Script {
            param($s)
            1..30 | ForEach-Object { "p$_" } | Invoke-AurikoChatCompletion -Session $s -ThrottleLimit 2 -AdditionalBody @{ emulator = @{ delay_ms = 100 } }
        }.ToString()
        $r.Output.Count | Should -Be 30
        $r.Output | ForEach-Object { $_.psobject.BaseObject | Should -BeOfType ([Auriko.ChatCompletion]) }
        $r.Progress.Count | Should -BeGreaterThan 1
        $r.Progress[0].Activity | Should -Be 'Invoke-AurikoChatCompletion -ThrottleLimit 2'
        $r.Progress[0].StatusDescription | Should -Match '^\d+ answered, \d+ failed, \d+ in flight, \d+:\d\d elapsed, [0-9.]+ USD so far$'
        $r.Progress[-1].RecordType | Should -Be 'Completed'
        $r.Progress[-1].StatusDescription | Should -Match '^30 answered, 0 failed, 0 in flight'
        $r.Progress[-1].StatusDescription -match ' ([0-9.]+) USD so far$' | Should -BeTrue
        [double] $Matches[1] | Should -BeGreaterThan 0 -Because 'the answers cost something'
    }

    It 'shows nothing with $ProgressPreference = SilentlyContinue' {
        $r = Invoke-InNewShell -Parameters @{ s = $session } -Script {
            param($s)
            $ProgressPreference = 'SilentlyContinue'
            1..24 | ForEach-Object { "p$_" } | Invoke-AurikoChatCompletion -Session $s -ThrottleLimit 2 -AdditionalBody @{ emulator = @{ delay_ms = 100 } }
        }.ToString()
        $r.Output.Count | Should -Be 24
        $r.Progress.Count | Should -Be 0
    }

    It 'shows nothing for a batch shorter than a second' {
        $r = Invoke-InNewShell -Parameters @{ s = $session } -Script {
            param($s)
            1..6 | ForEach-Object { "p$_" } | Invoke-AurikoChatCompletion -Session $s -ThrottleLimit 2
        }.ToString()
        $r.Output.Count | Should -Be 6
        $r.Progress.Count | Should -Be 0
    }
}

Describe '-MaxCostUsd' {
    BeforeEach { Reset-AurikoTestServer }

    It 'stops sending once the answers cost that much, and warns how many inputs were not sent (-ThrottleLimit <Limit>)' -TestCases @(@{ Limit = 1 }, @{ Limit = 4 }) {
        $each = [decimal] (Invoke-AurikoChatCompletion -Message (Get-Prompt 1)).CostUsd
        Reset-AurikoTestServer
        $prompts = 1..20 | ForEach-Object { Get-Prompt $_ }
        $warnings = $null
        $answers = @($prompts | Invoke-AurikoChatCompletion -ThrottleLimit $Limit -MaxCostUsd ($each * 2.5) -WarningVariable warnings -WarningAction SilentlyContinue)

        # Three answers reach 2.5 x the cost of one; requests in flight then still finish.
        $answers.Count | Should -BeGreaterOrEqual 3
        $answers.Count | Should -BeLessOrEqual (3 + $Limit - 1)
        if ($Limit -eq 1) { $answers.Count | Should -Be 3 }
        @($answers | ForEach-Object InputObject) | Should -Be $prompts[0..($answers.Count - 1)]
        @(Get-ChatRequest).Count | Should -Be $answers.Count
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match "^-MaxCostUsd [0-9.]+ reached: $($answers.Count) answer\(s\) cost [0-9.]+ USD in all; $(20 - $answers.Count) input\(s\) were not sent\.$"
    }

    It 'counts the final chunk of each stream with -Stream' {
        $each = [decimal] (Invoke-AurikoChatCompletion -Message (Get-Prompt 1)).CostUsd
        Reset-AurikoTestServer
        $warnings = $null
        $chunks = @(1..8 | ForEach-Object { Get-Prompt $_ } |
                Invoke-AurikoChatCompletion -Stream -MaxCostUsd ($each * 2.5) -WarningVariable warnings -WarningAction SilentlyContinue)
        @($chunks | Where-Object IsFinal | ForEach-Object InputObject) | Should -Be @(1..3 | ForEach-Object { Get-Prompt $_ })
        @(Get-ChatRequest).Count | Should -Be 3
        $warnings[0].Message | Should -Match '; 5 input\(s\) were not sent\.$'
    }

    It 'refuses a limit of zero before any request' {
        { 'x' | Invoke-AurikoChatCompletion -MaxCostUsd 0 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMaxCostUsd,*'
        @(Get-ChatRequest).Count | Should -Be 0
    }
}

Describe 'Refusals before any request' {
    BeforeEach { Reset-AurikoTestServer }

    It 'refuses -Stream with -ThrottleLimit above 1 with a clear error' {
        $caught = $null
        try { 'a', 'b' | Invoke-AurikoChatCompletion -Stream -ThrottleLimit 2 -ErrorAction Stop } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'StreamWithThrottleLimit,*'
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $caught.Exception.Message | Should -Match '-Stream cannot be combined with -ThrottleLimit above 1'
        @(Get-ChatRequest).Count | Should -Be 0
    }

    It 'refuses -InvokeTools with -ThrottleLimit above 1 with a clear error' {
        $caught = $null
        try { 'a', 'b' | Invoke-AurikoChatCompletion -Tools (New-AurikoTool Get-Date) -InvokeTools Auto -ThrottleLimit 2 -ErrorAction Stop } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'InvokeToolsWithThrottleLimit,*'
        $caught.Exception.Message | Should -Match 'one at a time'
        @(Get-ChatRequest).Count | Should -Be 0
    }

    It 'refuses -InvokeTools with -NumberOfAnswers above 1 before any request' {
        $caught = $null
        try { Invoke-AurikoChatCompletion 'a' -Tools (New-AurikoTool Get-Date) -InvokeTools Auto -NumberOfAnswers 2 -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'InvokeToolsWithSeveralAnswers,*'
        @(Get-ChatRequest).Count | Should -Be 0
    }

    It 'reads batch answers like any answer: Parsed from -JsonSchema, routing warnings once per answer' {
        $schema = @{ type = 'object'; properties = @{ name = @{ type = 'string' } }; required = @('name'); additionalProperties = $false }
        $warnings = $null
        $answers = @(1..4 | ForEach-Object { Get-Prompt $_ } |
                Invoke-AurikoChatCompletion -ThrottleLimit 4 -JsonSchema $schema -AdditionalBody @{ metadata = @{ run = 1 } } -WarningVariable warnings -WarningAction SilentlyContinue)
        $answers.Count | Should -Be 4
        foreach ($answer in $answers) { $answer.Parsed.name | Should -BeOfType ([string]) }
        @($answers | ForEach-Object InputObject) | Should -Be @(1..4 | ForEach-Object { Get-Prompt $_ })
        @($warnings | Where-Object { "$_" -match 'metadata' }).Count | Should -Be 4 -Because 'each answer carries one routing warning'
    }

    It 'accepts -ThrottleLimit 1 to 64 only' {
        { 'x' | Invoke-AurikoChatCompletion -ThrottleLimit 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { 'x' | Invoke-AurikoChatCompletion -ThrottleLimit 65 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        @(Get-ChatRequest).Count | Should -Be 0
    }
}

Describe 'Help' {
    It 'documents -ThrottleLimit and -MaxCostUsd, with a CSV example' {
        $help = Get-Help Invoke-AurikoChatCompletion -Full
        $throttle = $help.parameters.parameter | Where-Object name -eq 'ThrottleLimit'
        ($throttle.description.Text -join ' ') | Should -Match 'in input order'
        $throttle.defaultValue | Should -Be '1'
        (($help.parameters.parameter | Where-Object name -eq 'MaxCostUsd').description.Text -join ' ') | Should -Match 'not sent'
        $csvExample = @($help.examples.example | Where-Object { $_.code -match 'Import-Csv' -and $_.code -match '-ThrottleLimit' -and $_.code -match 'InputObject' })
        $csvExample.Count | Should -Be 1
        ($csvExample[0].remarks.Text -join ' ') | Should -Match 'InputObject'
        @($help.examples.example | Where-Object { $_.code -match '-MaxCostUsd' }).Count | Should -Be 1
    }
}

Describe 'Soak: 2,000 prompts at -ThrottleLimit 16 with 5 % 429 and 5 % 5xx injected' {
    BeforeAll {
        Reset-AurikoTestServer
        $null = Invoke-RestMethod -Method Post -Uri "$($server.Url)/_test/chaos" -Body '{"rate429":0.05,"rate5xx":0.05,"seed":10}' -ContentType 'application/json' -NoProxy
        $prompts = 1..2000 | ForEach-Object { 'soak {0:0000}' -f $_ }
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $all = @($prompts | Invoke-AurikoChatCompletion -ThrottleLimit 16 -WarningAction SilentlyContinue -ErrorAction Continue 2>&1)
        $soakSeconds = $sw.Elapsed.TotalSeconds
        $stats = Get-AurikoTestStats
        $requests = @(Get-ChatRequest)
        $null = Invoke-RestMethod -Method Post -Uri "$($server.Url)/_test/chaos" -Body '{"rate429":0,"rate5xx":0}' -ContentType 'application/json' -NoProxy
        $answers = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        Write-Host ("  Soak: {0} prompts in {1:0.0} s; {2} requests, {3} failures injected, {4} answers, {5} errors (out of retries)" -f
            $prompts.Count, $soakSeconds, $stats.requests, $stats.chaosInjected, $answers.Count, $errors.Count)
        # The build prints figure files named faults*.json at the end of the test run.
        $resultsDir = Join-Path (Resolve-Path "$PSScriptRoot/../..") 'out/test-results'
        $null = New-Item -ItemType Directory -Path $resultsDir -Force
        [ordered]@{
            generatedAt   = [DateTime]::UtcNow.ToString('o')
            prompts       = $prompts.Count
            throttleLimit = 16
            seconds       = [math]::Round($soakSeconds, 2)
            requests      = $stats.requests
            chaosInjected = $stats.chaosInjected
            answers       = $answers.Count
            errors        = $errors.Count
            inOrder       = (@($all | ForEach-Object { Get-Answered $_ }) -join "`n") -eq ($prompts -join "`n")
            connections   = $stats.connections
        } | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $resultsDir 'faults-batch-soak.json') -Encoding utf8
    }

    It 'accounts for every input exactly once, in input order' {
        $all.Count | Should -Be 2000
        @($all | ForEach-Object { Get-Answered $_ }) | Should -Be $prompts
        ($answers.Count + $errors.Count) | Should -Be 2000
        $errors | ForEach-Object { $_.Exception | Should -BeOfType ([Auriko.AurikoApiException]) }
    }

    It 'sends no prompt twice beyond its retries' {
        $stats.chaosInjected | Should -BeGreaterThan 100 -Because 'the soak must really be hit by failures'
        # Every request was either an injected failure or served: one served request per answer.
        ($stats.requests - $stats.chaosInjected) | Should -Be $answers.Count
        $perPrompt = $requests | Group-Object Prompt
        $perPrompt.Count | Should -Be 2000
        ($perPrompt | Measure-Object Count -Maximum).Maximum | Should -BeLessOrEqual 3 -Because 'one try and at most two retries'
        foreach ($e in $errors) {
            ($perPrompt | Where-Object Name -eq $e.TargetObject).Count | Should -Be 3 -Because 'a prompt fails only after all its retries'
        }
    }

    It 'finishes well under a minute' {
        $soakSeconds | Should -BeLessThan 60
    }
}
