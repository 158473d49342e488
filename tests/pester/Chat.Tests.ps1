# Invoke-AurikoChatCompletion: the request a user's parameters produce, and the answer object.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey
    Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation

    function Get-LastChatBody {
        (Get-AurikoTestRequest -Path '/chat/completions' | Select-Object -Last 1).Json
    }
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe 'Invoke-AurikoChatCompletion basics' {
    BeforeEach { Reset-AurikoTestServer }

    It 'answers -Model gpt-4o -Message Hello with a typed completion' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hello'
        $r | Should -BeOfType ([Auriko.ChatCompletion])
        $r.Content | Should -Not -BeNullOrEmpty
        $r.ToString() | Should -BeExactly $r.Content
        $r.Id | Should -Not -BeNullOrEmpty
        $r.Model | Should -Not -BeNullOrEmpty
        $r.Created | Should -Not -BeNullOrEmpty
        $r.Choices.Count | Should -BeGreaterThan 0
        $r.Usage.TotalTokens | Should -BeGreaterThan 0
        $r.RoutingMetadata | Should -Not -BeNullOrEmpty
        $r.ResponseHeaders.RequestId | Should -Not -BeNullOrEmpty
        $r.FinishReason | Should -Not -BeNullOrEmpty
        $r.Provider | Should -Not -BeNullOrEmpty
        $r.CostUsd | Should -BeGreaterThan 0
    }

    It 'takes the message by position and sends it as the last user message' {
        $null = Invoke-AurikoChatCompletion 'Positional hello' -Model gpt-4o
        $body = Get-LastChatBody
        $body.model | Should -Be 'gpt-4o'
        $body.messages[-1].role | Should -Be 'user'
        $body.messages[-1].content | Should -Be 'Positional hello'
    }

    It 'returns History with every message including the reply' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hi' -SystemMessage 'Be brief.'
        $r.History.Count | Should -Be 3
        $r.History[0].Role | Should -Be 'system'
        $r.History[1].Role | Should -Be 'user'
        $r.History[2].Role | Should -Be 'assistant'
        $r.History[2].Content | Should -Be $r.Content
    }

    It 'sends one request per piped string' {
        $results = 'one', 'two', 'three' | Invoke-AurikoChatCompletion -Model gpt-4o
        $results.Count | Should -Be 3
        $requests = @(Get-AurikoTestRequest -Path '/chat/completions')
        $requests.Count | Should -Be 3
        $requests.Json.ForEach({ $_.messages[-1].content }) | Should -Be @('one', 'two', 'three')
    }

    It 'takes the message (and model) of piped rows by property name: Import-Csv prompts.csv | Invoke-AurikoChatCompletion' {
        $csv = Join-Path $TestDrive 'prompts.csv'
        [pscustomobject]@{ Prompt = 'first row'; Model = 'gpt-4o' }, [pscustomobject]@{ Prompt = 'second row'; Model = 'gpt-4o-mini' } |
            Export-Csv -Path $csv -NoTypeInformation
        $results = @(Import-Csv $csv | Invoke-AurikoChatCompletion)
        $results.Count | Should -Be 2
        $requests = @(Get-AurikoTestRequest -Path '/chat/completions')
        $requests.Json.ForEach({ $_.messages[-1].content }) | Should -Be @('first row', 'second row')
        $requests.Json.ForEach({ $_.model }) | Should -Be @('gpt-4o', 'gpt-4o-mini')
        $null = [pscustomobject]@{ Question = 'a question' } | Invoke-AurikoChatCompletion -Model gpt-4o
        (Get-LastChatBody).messages[-1].content | Should -Be 'a question'
    }

    It 'refuses a piped object that is not a message, naming its type, instead of sending its ToString()' {
        $ev = $null
        $out = @(@{ Text = 'x' }, 'a real one' | Invoke-AurikoChatCompletion -Model gpt-4o -ErrorAction SilentlyContinue -ErrorVariable ev)
        $out.Count | Should -Be 1
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'InvalidMessageInput,*'
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $ev[0].ToString() | Should -Match 'System\.Collections\.Hashtable'
        $requests = @(Get-AurikoTestRequest -Path '/chat/completions')
        $requests.Count | Should -Be 1
        $requests[0].Json.messages[-1].content | Should -Be 'a real one'
    }

    It 'requires a message to continue a piped completion instead of resending its answer' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'first question'
        Reset-AurikoTestServer
        $err = { $r | Invoke-AurikoChatCompletion } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NoMessage,*'
        $err.Exception.Message | Should -Match 'message is required'
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 0
    }

    It 'continues a conversation when a completion is piped: $r | Invoke-AurikoChatCompletion ''next''' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'first question' -SystemMessage 'sys'
        $r2 = $r | Invoke-AurikoChatCompletion 'next question'
        $body = Get-LastChatBody
        $body.messages.Count | Should -Be 4
        $body.messages.role | Should -Be @('system', 'user', 'assistant', 'user')
        $body.messages[2].content | Should -Be $r.Content
        $body.messages[3].content | Should -Be 'next question'
        $body.model | Should -Be $r.RoutingMetadata.ModelCanonical -Because 'the canonical model continues the chat, not the provider''s dated id'
        $r2.History.Count | Should -Be 5
    }

    It 'does not repeat the system message when continuing with -SystemMessage' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'q1' -SystemMessage 'sys'
        $null = $r | Invoke-AurikoChatCompletion 'q2' -SystemMessage 'sys'
        (Get-LastChatBody).messages.role | Should -Be @('system', 'user', 'assistant', 'user')
    }

    It 'accepts -History as hashtables and objects, tool messages included' {
        $history = @(
            @{ role = 'user'; content = 'What is the weather in Paris?' }
            [pscustomobject]@{ Role = 'assistant'; Content = $null; tool_calls = @(@{ id = 'call_1'; type = 'function'; function = @{ name = 'get_weather'; arguments = '{"city":"Paris"}' } }) }
            @{ role = 'tool'; tool_call_id = 'call_1'; content = '{"temp":21}' }
        )
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -History $history -Message 'Thanks'
        $body = Get-LastChatBody
        $body.messages.Count | Should -Be 4
        $body.messages[1].tool_calls[0].id | Should -Be 'call_1'
        $body.messages[1].tool_calls[0].function.name | Should -Be 'get_weather'
        $body.messages[1].tool_calls[0].function.arguments | Should -Be '{"city":"Paris"}'
        $body.messages[2].role | Should -Be 'tool'
        $body.messages[2].tool_call_id | Should -Be 'call_1'
        $body.messages[3].content | Should -Be 'Thanks'
    }

    It 'sends tool-call arguments given as a hashtable as their JSON text' {
        $history = @(
            @{ role = 'user'; content = 'Weather?' }
            @{ role = 'assistant'; content = $null; tool_calls = @(@{ id = 'call_2'; type = 'function'; function = @{ name = 'get_weather'; arguments = [ordered]@{ city = 'Paris'; days = 2 } } }) }
            @{ role = 'tool'; tool_call_id = 'call_2'; content = 'sunny' }
        )
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -History $history -Message 'Thanks'
        (Get-LastChatBody).messages[1].tool_calls[0].function.arguments | Should -BeExactly '{"city":"Paris","days":2}'
    }

    It 'sends -History alone (no -Message)' {
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -History @(@{ role = 'user'; content = 'only history' })
        (Get-LastChatBody).messages[-1].content | Should -Be 'only history'
    }

    It 'exposes ToolCalls and FinishReason of a non-streamed tool-call answer, and the reply in History' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'weather?' -AdditionalBody @{ emulator = @{ tool_calls = $true } }
        $r.FinishReason | Should -Be 'tool_calls'
        @($r.ToolCalls).Count | Should -BeGreaterThan 0
        $r.ToolCalls[0].Id | Should -Not -BeNullOrEmpty
        $r.ToolCalls[0].FunctionName | Should -Not -BeNullOrEmpty
        $r.ToolCalls[0].Arguments | ConvertFrom-Json | Should -Not -BeNullOrEmpty
        @($r.History[-1].ToolCalls).Count | Should -Be @($r.ToolCalls).Count
    }

    It 'exposes ReasoningContent of a non-streamed answer separately from Content' {
        $r = Invoke-AurikoChatCompletion -Model claude-sonnet-4-6 -Message 'think' -AdditionalBody @{ emulator = @{ reasoning = $true } }
        $r.ReasoningContent | Should -Not -BeNullOrEmpty
        $r.Content | Should -Not -BeNullOrEmpty
        $r.Content | Should -Not -Be $r.ReasoningContent
    }

    It 'uses Connect-Auriko -DefaultModel when neither -Model nor -Models is given' {
        $s = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -DefaultModel 'gpt-4o-mini' -PassThru
        try {
            $null = Invoke-AurikoChatCompletion 'hi'
            (Get-LastChatBody).model | Should -Be 'gpt-4o-mini'
        }
        finally {
            Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
        }
    }

    It 'renders through the format view (model, provider, cost, tokens, answer)' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hello'
        $text = $r | Out-String
        $text | Should -Match 'Model\s*:\s*\S'
        $text | Should -Match 'Provider\s*:\s*\S'
        $text | Should -Match 'CostUsd\s*:\s*\d'
        $text | Should -Match 'Tokens\s*:\s*\d+ in, \d+ out'
        $text | Should -Match ([regex]::Escape($r.Content.Substring(0, [Math]::Min(20, $r.Content.Length))))
        $r | Format-List -DisplayError | Out-String | Should -Not -Match '#ERR'
        $history = $r.History | Format-Table -DisplayError | Out-String -Width 200
        $history | Should -Not -Match '#ERR'
        $history | Should -Match 'user'
        $history | Should -Match 'assistant'
    }
}

Describe 'Request body: every parameter reaches the wire' {
    BeforeEach { Reset-AurikoTestServer }

    It 'sends sampling parameters under their API names (and accepts the snake_case aliases)' {
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Temperature 0.5 -max_tokens 100 -top_p 0.9 `
            -Stop 'END' -Seed 42 -response_format 'json_object' -presence_penalty 0.1 -frequency_penalty 0.2 -User 'u1' `
            -max_completion_tokens 200 -reasoning_effort low -parallel_tool_calls
        $b = Get-LastChatBody
        $b.temperature | Should -Be 0.5
        $b.max_tokens | Should -Be 100
        $b.top_p | Should -Be 0.9
        $b.stop | Should -Be 'END'
        $b.seed | Should -Be 42
        $b.presence_penalty | Should -Be 0.1
        $b.frequency_penalty | Should -Be 0.2
        $b.user | Should -Be 'u1'
        $b.max_completion_tokens | Should -Be 200
        $b.reasoning_effort | Should -Be 'low'
        $b.parallel_tool_calls | Should -BeTrue
        ($b.response_format -is [string] -and $b.response_format -eq 'json_object') -or $b.response_format.type -eq 'json_object' | Should -BeTrue
    }

    It 'sends several stop sequences as an array and a json_schema response format as an object' {
        $schema = @{ type = 'json_schema'; json_schema = @{ name = 'answer'; schema = @{ type = 'object'; properties = @{ a = @{ type = 'string' } } } } }
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Stop 'A', 'B' -ResponseFormat $schema
        $b = Get-LastChatBody
        $b.stop | Should -Be @('A', 'B')
        $b.response_format.type | Should -Be 'json_schema'
        $b.response_format.json_schema.schema.properties.a.type | Should -Be 'string'
    }

    It 'omits parameters the user did not give' {
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x'
        $b = Get-LastChatBody
        foreach ($k in 'temperature', 'max_tokens', 'top_p', 'stop', 'seed', 'routing', 'extensions', 'auriko_metadata', 'tools', 'tool_choice', 'models') {
            $b.ContainsKey($k) | Should -BeFalse -Because "$k was not given"
        }
    }

    It 'sends -Routing with snake_case keys as top-level routing' {
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Routing @{ optimize = 'cost'; max_ttft_ms = 800; providers = @('openai'); allow_fallbacks = $false }
        $r = (Get-LastChatBody).routing
        $r.optimize | Should -Be 'cost'
        $r.max_ttft_ms | Should -Be 800
        $r.providers | Should -Be @('openai')
        $r.allow_fallbacks | Should -BeFalse
    }

    It 'sends -Routing with PascalCase keys, nested weights, and from an [Auriko.RoutingOptions]' {
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Routing @{ Optimize = 'ttft'; MaxCostPer1M = 5; Weights = @{ Cost = 0.7; Ttft = 0.3 }; DataPolicy = 'zdr' }
        $r = (Get-LastChatBody).routing
        $r.optimize | Should -Be 'ttft'
        $r.max_cost_per_1m | Should -Be 5
        $r.weights.cost | Should -Be 0.7
        $r.data_policy | Should -Be 'zdr'

        $opts = [Auriko.RoutingOptions]::new()
        $opts.Optimize = [Auriko.Optimize]::Throughput
        $opts.ExcludeProviders = [System.Collections.Generic.List[string]]@('deepseek')
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Routing $opts
        $r = (Get-LastChatBody).routing
        $r.optimize | Should -Be 'throughput'
        $r.exclude_providers | Should -Be @('deepseek')
    }

    It '-Optimize leaves the caller''s RoutingOptions unchanged' {
        $opts = [Auriko.RoutingOptions]::new()
        $opts.Optimize = [Auriko.Optimize]::Throughput
        $opts.ExcludeProviders = [System.Collections.Generic.List[string]]@('deepseek')
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Routing $opts -Optimize cost
        (Get-LastChatBody).routing.optimize | Should -Be 'cost'
        (Get-LastChatBody).routing.exclude_providers | Should -Be @('deepseek')
        $opts.Optimize | Should -Be ([Auriko.Optimize]::Throughput)
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Routing $opts
        (Get-LastChatBody).routing.optimize | Should -Be 'throughput'
    }

    It 'sends -Optimize as routing.optimize, merged with -Routing' {
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Optimize cost-focus -Routing @{ max_ttft_ms = 500 }
        $r = (Get-LastChatBody).routing
        $r.optimize | Should -Be 'cost-focus'
        $r.max_ttft_ms | Should -Be 500
    }

    It 'sends -Models as top-level models' {
        $null = Invoke-AurikoChatCompletion -Models gpt-4o, claude-sonnet-4-6 -Message 'x' -Routing @{ mode = 'fallback' }
        $b = Get-LastChatBody
        $b.models | Should -Be @('gpt-4o', 'claude-sonnet-4-6')
        $b.ContainsKey('model') | Should -BeFalse
        $b.routing.mode | Should -Be 'fallback'
    }

    It 'sends -Thinking -ThinkingBudget as extensions.thinking, merged with -Extensions' {
        $null = Invoke-AurikoChatCompletion -Model claude-sonnet-4-6 -Message 'x' -Thinking -ThinkingBudget 2048 -Extensions @{ anthropic = @{ top_k = 5 } }
        $e = (Get-LastChatBody).extensions
        $e.thinking.enabled | Should -BeTrue
        $e.thinking.budget_tokens | Should -Be 2048
        $e.anthropic.top_k | Should -Be 5
    }

    It 'sends -Metadata (alias auriko_metadata) as auriko_metadata' {
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -auriko_metadata @{ session_id = 's1'; tags = @('a', 'b') }
        $m = (Get-LastChatBody).auriko_metadata
        $m.session_id | Should -Be 's1'
        $m.tags | Should -Be @('a', 'b')
    }

    It 'sends -Tools and -ToolChoice (hashtables and PSCustomObjects) in OpenAI format' {
        $tool = [pscustomobject]@{
            type     = 'function'
            function = [ordered]@{ name = 'get_weather'; description = 'Weather'; parameters = @{ type = 'object'; properties = @{ city = @{ type = 'string' } }; required = @('city') } }
        }
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Tools $tool -tool_choice @{ type = 'function'; function = @{ name = 'get_weather' } }
        $b = Get-LastChatBody
        $b.tools.Count | Should -Be 1
        $b.tools[0].function.name | Should -Be 'get_weather'
        $b.tools[0].function.parameters.required | Should -Be @('city')
        $b.tool_choice.function.name | Should -Be 'get_weather'
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Tools $tool -ToolChoice required
        (Get-LastChatBody).tool_choice | Should -Be 'required'
    }

    It 'sends -AdditionalBody fields at the top level' {
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -AdditionalBody @{ logprobs = $true; top_logprobs = 2 }
        $b = Get-LastChatBody
        $b.logprobs | Should -BeTrue
        $b.top_logprobs | Should -Be 2
    }

    It 'sends gateway.routing / gateway.models / gateway.metadata with the Gateway request shape' {
        $gw = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -UseGatewayShape -PassThru
        $gw.RequestShape | Should -Be 'Gateway'
        $null = Invoke-AurikoChatCompletion -Session $gw -Models gpt-4o, gpt-4o-mini -Message 'x' -Optimize cost -Metadata @{ k = 'v' } -Extensions @{ e = 1 }
        $b = Get-LastChatBody
        $b.gateway.routing.optimize | Should -Be 'cost'
        $b.gateway.models | Should -Be @('gpt-4o', 'gpt-4o-mini')
        $b.gateway.metadata.k | Should -Be 'v'
        $b.ContainsKey('routing') | Should -BeFalse
        $b.ContainsKey('models') | Should -BeFalse
        $b.extensions.e | Should -Be 1
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -RequestShape Gateway
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Optimize speed
        (Get-LastChatBody).gateway.routing.optimize | Should -Be 'speed'
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
    }
}

Describe 'Unusable parameters terminate before any request' {
    BeforeEach { Reset-AurikoTestServer }

    It 'rejects -Model with -Models' {
        { Invoke-AurikoChatCompletion -Model gpt-4o -Models gpt-4o-mini -Message 'x' -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'ModelAndModels*'
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }

    It 'rejects a call with neither a model nor a default model, with a clear message' {
        $err = { Invoke-AurikoChatCompletion -Message 'x' -ErrorAction SilentlyContinue } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NoModel*'
        $err.Exception.Message | Should -Match '-Model'
        $err.Exception.Message | Should -Match 'DefaultModel'
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }

    It 'rejects an unknown routing key, naming it' {
        $err = { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Routing @{ optimise = 'cost' } } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match 'optimise'
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }

    It 'rejects a routing value out of range, naming the field' {
        $err = { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Routing @{ min_success_rate = 3 } } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match 'min_success_rate'
        $err.Exception.Message | Should -Match 'between 0 and 1'
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }

    It 'rejects -Models with more than ten models' {
        { Invoke-AurikoChatCompletion -Models (1..11 | ForEach-Object { "m$_" }) -Message 'x' } | Should -Throw
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }

    It 'rejects an unknown -Optimize strategy, listing the valid ones' {
        $err = { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Optimize fastest } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match 'fastest'
        $err.Exception.Message | Should -Match 'cost-focus'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }

    It 'rejects an out-of-range temperature before any request and stops the pipeline' {
        { 'a', 'b' | Invoke-AurikoChatCompletion -Model gpt-4o -Temperature 7 -ErrorAction SilentlyContinue } | Should -Throw
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }

    It 'rejects an empty call (no message, no history)' {
        { Invoke-AurikoChatCompletion -Model gpt-4o } | Should -Throw -ErrorId 'NoMessage*'
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }

    It 'rejects a history item without a role' {
        { Invoke-AurikoChatCompletion -Model gpt-4o -History @(@{ content = 'x' }) -Message 'y' } | Should -Throw -ErrorId 'InvalidHistory*'
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }
}
