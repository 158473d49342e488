# Errors a script can act on, -ErrorAction, no cascades; Verbose/Debug/Warning content.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey
    Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -MaxRetries 2
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe 'Typed error records' {
    BeforeEach { Reset-AurikoTestServer }

    It '<Status> <Code> becomes <Exception> with category <Category>' -ForEach @(
        @{ Status = 401; Code = 'invalid_api_key'; Exception = 'Auriko.AuthenticationException'; Category = 'AuthenticationError' }
        @{ Status = 401; Code = 'provider_auth_error'; Exception = 'Auriko.ProviderAuthException'; Category = 'AuthenticationError' }
        @{ Status = 403; Code = 'insufficient_permissions'; Exception = 'Auriko.PermissionDeniedException'; Category = 'PermissionDenied' }
        @{ Status = 402; Code = 'insufficient_quota'; Exception = 'Auriko.InsufficientCreditsException'; Category = 'QuotaExceeded' }
        @{ Status = 402; Code = 'budget_exceeded'; Exception = 'Auriko.BudgetExceededException'; Category = 'QuotaExceeded' }
        @{ Status = 429; Code = 'budget_exhausted'; Exception = 'Auriko.BudgetExceededException'; Category = 'QuotaExceeded' }
        @{ Status = 429; Code = 'rate_limit_exceeded'; Exception = 'Auriko.RateLimitException'; Category = 'LimitsExceeded' }
        @{ Status = 404; Code = 'model_not_found'; Exception = 'Auriko.ModelNotFoundException'; Category = 'ObjectNotFound' }
        @{ Status = 400; Code = 'context_length_exceeded'; Exception = 'Auriko.InvalidRequestException'; Category = 'InvalidArgument' }
        @{ Status = 500; Code = 'internal_error'; Exception = 'Auriko.InternalServerException'; Category = 'ResourceUnavailable' }
        @{ Status = 502; Code = 'upstream_error'; Exception = 'Auriko.ProviderException'; Category = 'ResourceUnavailable' }
        @{ Status = 503; Code = 'service_unavailable'; Exception = 'Auriko.ServiceUnavailableException'; Category = 'ResourceUnavailable' }
    ) {
        Add-AurikoTestScenario @{ kind = 'error'; status = $Status; code = $Code; times = -1; retry_after = 0; path = '/v1/chat/completions' }
        $ev = $null
        $out = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -ErrorAction SilentlyContinue -ErrorVariable ev -WarningAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $ev.Count | Should -Be 1
        $e = $ev[0]
        $e.Exception.GetType().FullName | Should -Be $Exception
        $e.Exception | Should -BeOfType ([Auriko.AurikoApiException])
        $e.CategoryInfo.Category | Should -Be $Category
        $e.FullyQualifiedErrorId | Should -BeLike "$Code,*"
        $e.TargetObject | Should -Be 'gpt-4o'
        $e.Exception.RequestId | Should -Not -BeNullOrEmpty
        $e.ToString() | Should -Match ([regex]::Escape($e.Exception.RequestId))
        $e.Exception.StatusCode | Should -Be $Status
    }

    It 'maps a failure to connect to ConnectionError' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $dead = Connect-Auriko -ApiKey $key -BaseUrl "http://127.0.0.1:$port/v1" -SkipValidation -MaxRetries 0 -PassThru
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -MaxRetries 2
        $ev = $null
        Invoke-AurikoChatCompletion -Session $dead -Model gpt-4o -Message 'x' -ErrorAction SilentlyContinue -ErrorVariable ev
        $ev.Count | Should -Be 1
        $ev[0].Exception | Should -BeOfType ([Auriko.AurikoConnectionException])
        $ev[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'connection_error,*'
        $ev[0].TargetObject | Should -Be 'gpt-4o'
    }

    It 'uses the failing id as TargetObject for management cmdlets' {
        $ev = $null
        Get-AurikoWorkspace -Id 'ws_missing' -ErrorAction SilentlyContinue -ErrorVariable ev
        $ev.Count | Should -Be 1
        $ev[0].TargetObject | Should -Be 'ws_missing'
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $ev[0].Exception | Should -BeOfType ([Auriko.AurikoApiException])
        $ev[0].FullyQualifiedErrorId | Should -BeLike '*not_found*'
        $ev = $null
        Get-AurikoBudget -Id 'bdgt_missing' -ErrorAction SilentlyContinue -ErrorVariable ev
        $ev[0].TargetObject | Should -Be 'bdgt_missing'
    }

    It 'can be caught by exception type with -ErrorAction Stop' {
        Add-AurikoTestScenario @{ kind = 'error'; status = 404; code = 'model_not_found'; path = '/v1/chat/completions' }
        $caught = $null
        try { Invoke-AurikoChatCompletion -Model nope -Message 'x' -ErrorAction Stop }
        catch [Auriko.ModelNotFoundException] { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.TargetObject | Should -Be 'nope'
    }

    It 'reports a mid-stream error after the chunks already written' {
        Add-AurikoTestScenario @{ kind = 'mid_stream_error'; after = 2; path = '/v1/chat/completions' }
        $ev = $null
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Stream -ErrorAction SilentlyContinue -ErrorVariable ev)
        @($chunks | Where-Object Content).Count | Should -BeGreaterOrEqual 1
        @($chunks | Where-Object IsFinal).Count | Should -Be 0
        $ev.Count | Should -Be 1
        $ev[0].Exception | Should -BeOfType ([Auriko.AurikoException])
        $ev[0].TargetObject | Should -Be 'gpt-4o'
    }

    It 'reports a stream cut without [DONE] as a truncated stream, not success' {
        Add-AurikoTestScenario @{ kind = 'cut'; after = 2; path = '/v1/chat/completions' }
        $ev = $null
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Stream -ErrorAction SilentlyContinue -ErrorVariable ev)
        @($chunks | Where-Object IsFinal).Count | Should -Be 0
        $ev.Count | Should -Be 1
        $ev[0].Exception | Should -BeOfType ([Auriko.AurikoConnectionException])
        $ev[0].Exception.IsTruncatedStream | Should -BeTrue
    }
}

Describe '-ErrorAction and no cascades' {
    BeforeEach { Reset-AurikoTestServer }

    It 'a per-item failure is non-terminating: the next piped message is still sent' {
        Add-AurikoTestScenario @{ kind = 'error'; status = 404; code = 'model_not_found'; path = '/v1/chat/completions' }
        $ev = $null
        $out = @('first', 'second' | Invoke-AurikoChatCompletion -Model gpt-4o -ErrorAction SilentlyContinue -ErrorVariable ev)
        $ev.Count | Should -Be 1
        $out.Count | Should -Be 1
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 2
    }

    It '-ErrorAction SilentlyContinue hides the error; -ErrorAction Stop throws it' {
        Add-AurikoTestScenario @{ kind = 'error'; status = 404; code = 'model_not_found'; times = 2; path = '/v1/chat/completions' }
        $Error.Clear()
        { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -ErrorAction SilentlyContinue } | Should -Not -Throw
        $Error.Count | Should -Be 1
        { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -ErrorAction Stop } | Should -Throw -ExceptionType ([Auriko.ModelNotFoundException])
    }

    It '-ErrorAction Ignore leaves nothing in $Error' {
        Add-AurikoTestScenario @{ kind = 'error'; status = 404; code = 'model_not_found'; path = '/v1/chat/completions' }
        $Error.Clear()
        Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -ErrorAction Ignore
        $Error.Count | Should -Be 0
    }

    It 'an authentication failure is reported once, not once per piped message, and says how many were skipped' {
        Add-AurikoTestScenario @{ kind = 'error'; status = 401; code = 'invalid_api_key'; times = -1; path = '/v1/chat/completions' }
        $ev = $null
        $out = 'a', 'b', 'c' | Invoke-AurikoChatCompletion -Model gpt-4o -ErrorAction SilentlyContinue -ErrorVariable ev -WarningVariable wv -WarningAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $ev.Count | Should -Be 1
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 1
        @($wv).Count | Should -Be 1
        $wv[0].Message | Should -Match 'Skipped 2 remaining input\(s\) after invalid_api_key'
    }

    It 'a <Status> <Code> fails only its own item: the next piped message is still sent' -ForEach @(
        @{ Status = 403; Code = 'insufficient_permissions' }
        @{ Status = 429; Code = 'budget_exhausted' }
        @{ Status = 402; Code = 'budget_exceeded' }
    ) {
        Add-AurikoTestScenario @{ kind = 'error'; status = $Status; code = $Code; times = 1; path = '/v1/chat/completions' }
        $ev = $null
        $out = @('a', 'b' | Invoke-AurikoChatCompletion -Model gpt-4o -ErrorAction SilentlyContinue -ErrorVariable ev -WarningVariable wv -WarningAction SilentlyContinue)
        $ev.Count | Should -Be 1
        $out.Count | Should -Be 1
        @($wv).Count | Should -Be 0 -Because 'a budget error is not retried and nothing is skipped'
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 2
    }

    It 'a timeout fails only its own item' {
        $slow = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -MaxRetries 0 -TimeoutSec 1 -PassThru
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -MaxRetries 2
        Add-AurikoTestScenario @{ kind = 'hang'; times = 1; path = '/v1/chat/completions' }
        $ev = $null
        $out = @('a', 'b' | Invoke-AurikoChatCompletion -Session $slow -Model gpt-4o -ErrorAction SilentlyContinue -ErrorVariable ev)
        $ev.Count | Should -Be 1
        $ev[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $out.Count | Should -Be 1
    }

    It 'one unknown id among several gives one error and the other results' {
        $ev = $null
        $ws = @(Get-AurikoWorkspace -Id 'ws_missing', '7c9e6679-7425-40de-944b-e07fc1f90ae7' -ErrorAction SilentlyContinue -ErrorVariable ev)
        $ws.Count | Should -Be 1
        $ev.Count | Should -Be 1
    }
}

Describe 'Visible when asked, silent otherwise' {
    BeforeEach { Reset-AurikoTestServer }

    It 'writes nothing but the answer by default' {
        $all = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' *>&1
        @($all).Count | Should -Be 1
        $all | Should -BeOfType ([Auriko.ChatCompletion])
    }

    It '-Verbose shows method, URL, status, latency, request id and provider' {
        $verbose = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $text = ($verbose | ForEach-Object Message) -join "`n"
        $text | Should -Match 'POST'
        $text | Should -Match ([regex]::Escape("$($server.BaseUrl)/chat/completions"))
        $text | Should -Match '\b200\b'
        $text | Should -Match '\d+ ms'
        $text | Should -Match 'req_'
        $text | Should -Match 'openai'
    }

    It 'each retry is one Verbose line and no warning; the call then succeeds' {
        Add-AurikoTestScenario @{ kind = 'rate_limit_then_ok'; retry_after = 0; times = 2; path = '/v1/chat/completions' }
        $records = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Verbose *>&1
        @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 0 -Because 'a call that succeeded needs no action'
        $verboseRecords = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $retries = @($verboseRecords | Where-Object { $_ -like 'Retrying *' })
        $retries.Count | Should -Be 2
        $retries[0] | Should -Match '429|rate'
        $retries[1] | Should -Match 'attempt 3 of 3'
        # -Verbose shows the decision trail: each attempt and the status that led to the next one.
        $verbose = $verboseRecords -join "`n"
        foreach ($n in 1..3) { $verbose | Should -Match "attempt $n of 3" }
        ([regex]::Matches($verbose, '-> 429')).Count | Should -Be 2
        $verbose | Should -Match '-> 200'
        @($records | Where-Object { $_ -is [Auriko.ChatCompletion] }).Count | Should -Be 1
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 3
    }

    It '-Debug shows the redacted request and response bodies' {
        # The Windows PowerShell path (text to the host, no prompt per line) is unit-tested in tests/Auriko.PowerShell.Tests.
        Skip-OnWindowsPowerShell -Because 'there -Debug output goes to the host, to avoid a prompt per line, and 5>&1 cannot capture it'
        $debug = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'debug-marker' -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $text = ($debug | ForEach-Object Message) -join "`n"
        $text | Should -Match 'debug-marker'
        $text | Should -Match 'chat.completion'
        $text | Should -Not -Match ([regex]::Escape($key))
    }

    It 'streams verbose output too' {
        $verbose = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Stream -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        (($verbose | ForEach-Object Message) -join "`n") | Should -Match '\b200\b'
    }
}
