# One reading of the wire: what a third-party OpenAI-compatible server (or a stricter gateway) sends
# is understood the same way streamed and not, through the built module.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey
    Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -MaxRetries 0

    # A chunk whose delta text is given as JSON-escaped text (so "\ud83d" stays an escape on the wire).
    function New-Delta([string] $EscapedText) {
        '{"id":"w","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"' + $EscapedText + '"},"finish_reason":null}]}'
    }
    # A 200 response with this literal body (the 'error' scenario kind sends any status and body).
    function Set-Body([string] $Body) {
        Add-AurikoTestScenario @{ kind = 'error'; path = '/chat/completions'; status = 200; content_type = 'application/json'; body = $Body }
    }
    # A 200 event stream of these literal data payloads.
    function Set-Events([string[]] $Events) {
        Add-AurikoTestScenario @{ kind = 'events'; path = '/chat/completions'; events = $Events }
    }
    # Runs a chat that must fail; returns its ErrorRecord.
    function Get-ChatError([switch] $Stream) {
        $err = $null
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hi' -Stream:$Stream -ErrorVariable err -ErrorAction SilentlyContinue
        @($err)[0]
    }
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe 'Text from the wire' {
    BeforeEach { Reset-AurikoTestServer }

    It 'joins an emoji whose UTF-16 halves arrive in two chunks; no chunk throws' {
        Set-Events @((New-Delta 'smile \ud83d'), (New-Delta '\ude00 ok'), '[DONE]')
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hi' -Stream)
        $chunks[-1].Completion.Content | Should -BeExactly "smile $([char]::ConvertFromUtf32(0x1F600)) ok"
        (-join ($chunks | ForEach-Object { "$_" })) | Should -BeExactly "smile $([char]::ConvertFromUtf32(0x1F600)) ok"
    }

    It 'decodes an escaped surrogate pair in a non-streamed body as usual' {
        Set-Body '{"id":"b","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"smile \ud83d\ude00 ok"},"finish_reason":"stop"}]}'
        (Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hi').Content | Should -BeExactly "smile $([char]::ConvertFromUtf32(0x1F600)) ok"
    }
}

Describe 'Errors inside successful responses' {
    BeforeEach { Reset-AurikoTestServer }

    It 'turns a 200 body holding an error into the typed error (<Label>)' -ForEach @(
        @{ Label = 'streamed'; Stream = $true }
        @{ Label = 'not streamed'; Stream = $false }
    ) {
        $payload = '{"error":{"message":"The upstream provider failed","type":"api_error","code":"upstream_error"}}'
        if ($Stream) { Set-Events @((New-Delta 'partial '), $payload) } else { Set-Body $payload }
        $record = Get-ChatError -Stream:$Stream
        $record.Exception | Should -BeOfType ([Auriko.ProviderException])
        $record.Exception.Code | Should -Be 'upstream_error'
        $record.Exception.Message | Should -Match 'The upstream provider failed'
        $record.Exception.RequestId | Should -Not -BeNullOrEmpty
    }

    It 'maps a streamed error event exactly like the same error in a body: class, Code and ErrorCategory (<Payload>)' -ForEach @(
        @{ Payload = '{"error":{"message":"mystery","code":"never_heard_of_it"}}' }
        @{ Payload = '{"error":{"message":"slow down","type":"rate_limit_error"}}' }
        @{ Payload = '{"error":{"message":"no such model","code":"model_not_found"}}' }
    ) {
        Set-Body $Payload
        $fromBody = Get-ChatError
        Set-Events @((New-Delta 'partial '), $Payload)
        $fromStream = Get-ChatError -Stream
        $fromStream.Exception.GetType() | Should -Be $fromBody.Exception.GetType()
        $fromStream.Exception.Code | Should -Be $fromBody.Exception.Code
        $fromStream.CategoryInfo.Category | Should -Be $fromBody.CategoryInfo.Category
        $fromStream.FullyQualifiedErrorId | Should -Be $fromBody.FullyQualifiedErrorId
    }

    It 'treats a streamed {"detail": ...} event as an error, not an empty chunk' {
        Set-Events @((New-Delta 'partial '), '{"detail":"Model is loading, try again"}')
        $record = Get-ChatError -Stream
        $record.Exception | Should -BeOfType ([Auriko.AurikoApiException])
        $record.Exception.Message | Should -Match 'Model is loading, try again'
    }

    It 'says what is missing when a 200 holds no answer: <Body> (<Label>)' -ForEach @(
        @{ Body = '{}'; Expected = "has no 'choices'"; Label = 'empty object' }
        @{ Body = '[]'; Expected = 'is a JSON array'; Label = 'array' }
        @{ Body = '{"id":"x","object":"chat.completion"}'; Expected = "has no 'choices'"; Label = 'no choices' }
    ) {
        Set-Body $Body
        $record = Get-ChatError
        $record.Exception.GetType() | Should -Be ([Auriko.AurikoException])
        $record.Exception.Message | Should -Match ([regex]::Escape($Expected))
        $record.Exception.RawBody | Should -BeExactly $Body
        $record.Exception.RequestId | Should -Not -BeNullOrEmpty
        $record.Exception.Message | Should -Match ([regex]::Escape($record.Exception.RequestId))
    }
}

Describe 'Error bodies of other shapes' {
    BeforeEach { Reset-AurikoTestServer }

    It 'keeps the detail of <Label> in the message' -ForEach @(
        @{ Label = 'a flat error with a message'; Type = 'application/json'; Body = '{"error":"Bad Gateway","message":"upstream timed out after 30 s"}'; Expected = 'Bad Gateway: upstream timed out after 30 s' }
        @{ Label = 'FastAPI detail'; Type = 'application/json'; Body = '{"detail":"Rate limit reached for this key"}'; Expected = 'Rate limit reached for this key' }
        @{ Label = 'a JSON string'; Type = 'application/json'; Body = '"Service down for maintenance"'; Expected = 'Service down for maintenance' }
        @{ Label = 'plain text (first line)'; Type = 'text/plain'; Body = "upstream connect error`nreset reason: overflow"; Expected = 'upstream connect error' }
        @{ Label = 'HTML (its title)'; Type = 'text/html'; Body = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>'; Expected = '502 Bad Gateway' }
    ) {
        Add-AurikoTestScenario @{ kind = 'error'; path = '/chat/completions'; status = 502; content_type = $Type; body = $Body }
        $record = Get-ChatError
        $record.Exception | Should -BeOfType ([Auriko.AurikoApiException])
        $record.Exception.Message | Should -Match ([regex]::Escape($Expected))
        $record.Exception.Message | Should -Not -Match 'reset reason|nginx|DOCTYPE'
    }
}

Describe 'Continuing a conversation' {
    BeforeEach { Reset-AurikoTestServer }

    It 'asks for the requested model, not the provider''s dated id (<Label>)' -ForEach @(
        @{ Label = 'not streamed'; Stream = $false }
        @{ Label = 'streamed'; Stream = $true }
    ) {
        $dated = '{"id":"d","model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}]}'
        if ($Stream) {
            Set-Events @('{"id":"d","model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}]}', '[DONE]')
            $answer = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'first' -Stream | Select-Object -Last 1
        }
        else {
            Set-Body $dated
            $answer = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'first'
        }
        $answer.Model | Should -Be 'gpt-4o-2024-08-06'
        $null = $answer | Invoke-AurikoChatCompletion 'next'
        $body = (Get-AurikoTestRequest -Path '/chat/completions')[-1].Json
        $body.model | Should -Be 'gpt-4o'
        $body.messages.Count | Should -Be 3
    }

    It 'asks again across the same models with the same routing' {
        $first = Invoke-AurikoChatCompletion -Models gpt-4o, claude-sonnet-4-6 -Optimize cost -Routing @{ max_ttft_ms = 900 } -Message 'first'
        $null = $first | Invoke-AurikoChatCompletion 'next'
        $body = (Get-AurikoTestRequest -Path '/chat/completions')[-1].Json
        $body.ContainsKey('model') | Should -BeFalse
        $body.models | Should -Be @('gpt-4o', 'claude-sonnet-4-6')
        $body.routing.optimize | Should -Be 'cost'
        $body.routing.max_ttft_ms | Should -Be 900
    }

    It 'lets the command line override what the answer asked for' {
        $first = Invoke-AurikoChatCompletion -Model gpt-4o -Optimize cost -Message 'first'
        $null = $first | Invoke-AurikoChatCompletion 'next' -Model gpt-4o-mini -Optimize ttft
        $body = (Get-AurikoTestRequest -Path '/chat/completions')[-1].Json
        $body.model | Should -Be 'gpt-4o-mini'
        $body.routing.optimize | Should -Be 'ttft'
    }
}

Describe 'What an answer shows' {
    BeforeEach { Reset-AurikoTestServer }

    It 'reads cost.billable_cost_usd and cost.usd under either name (<Field>)' -ForEach @(
        @{ Field = 'usd' }
        @{ Field = 'billable_cost_usd' }
    ) {
        Set-Body ('{"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}],"routing_metadata":{"provider":"p","cost":{"' + $Field + '":0.0125}}}')
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hi'
        $r.RoutingMetadata.Cost.BillableCostUsd | Should -Be 0.0125
        $r.RoutingMetadata.Cost.Usd | Should -Be 0.0125
        $r.CostUsd | Should -Be 0.0125
    }

    It 'shows the response headers in Format-List * and on the console' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hi'
        $list = $r | Format-List * | Out-String -Width 200
        $list | Should -Match ('ResponseHeaders\s*:\s*RequestId=' + [regex]::Escape($r.RequestId))
        $console = $r.ResponseHeaders | Out-String -Width 200
        $console | Should -Match ('RequestId\s*:\s*' + [regex]::Escape($r.RequestId))
        $console | Should -Match 'ProviderUsed\s*:\s*\S'
        "$($r.ResponseHeaders)" | Should -Match '^RequestId=\S+; Provider=\S+'
    }

    It 'keeps reasoning and every received field in a streamed answer''s raw JSON' {
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hi' -Stream -Thinking)
        $raw = $chunks[-1].Completion.GetRawJson() | ConvertFrom-Json -Depth 20
        $raw.choices[0].message.reasoning_content | Should -Not -BeNullOrEmpty
        $raw.choices[0].message.reasoning_content | Should -BeExactly $chunks[-1].Completion.ReasoningContent
        $raw.usage.total_tokens | Should -Be $chunks[-1].Usage.TotalTokens
        $raw.routing_metadata.provider | Should -Be $chunks[-1].RoutingMetadata.Provider
    }
}

Describe 'Retries' {
    BeforeEach { Reset-AurikoTestServer }

    It 'reports a retry as Verbose (what failed, the wait, the attempt) and writes no warning when the call then succeeds' {
        Add-AurikoTestScenario @{ kind = 'error'; path = '/chat/completions'; status = 503; code = 'service_unavailable'; retry_after = 0 }
        $retrying = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -MaxRetries 1 -PassThru
        try {
            $warnings = $null
            $verbose = $( $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hi' -Session $retrying -Verbose -WarningVariable warnings -WarningAction SilentlyContinue ) 4>&1
        }
        finally {
            Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -MaxRetries 0
        }
        $r.Content | Should -Match 'Echo'
        @($warnings).Count | Should -Be 0
        $retry = @($verbose | Where-Object { "$_" -match '^Retrying' })
        $retry.Count | Should -Be 1
        "$($retry[0])" | Should -Match 'POST .*/chat/completions in 0 s \(attempt 2 of 2\) after HTTP 503 service_unavailable'
    }
}
