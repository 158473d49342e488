# Invoke-AurikoChatCompletion -Stream: chunks arrive as they are parsed; the last one is final.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey
    Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe 'Streaming chunks' {
    BeforeEach { Reset-AurikoTestServer }

    It 'writes ChatCompletionChunk objects; the last is IsFinal with Usage, RoutingMetadata and the Completion' {
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hello' -Stream)
        $chunks.Count | Should -BeGreaterThan 2
        $chunks | ForEach-Object { $_ | Should -BeOfType ([Auriko.ChatCompletionChunk]) }
        @($chunks | Where-Object IsFinal).Count | Should -Be 1
        $final = $chunks[-1]
        $final.IsFinal | Should -BeTrue
        $final.Usage.TotalTokens | Should -BeGreaterThan 0
        $final.RoutingMetadata | Should -Not -BeNullOrEmpty
        $final.Completion | Should -BeOfType ([Auriko.ChatCompletion])
        $text = -join ($chunks | ForEach-Object Content)
        $final.Completion.Content | Should -BeExactly $text
        $final.Completion.Usage.TotalTokens | Should -Be $final.Usage.TotalTokens
        $final.Completion.FinishReason | Should -Not -BeNullOrEmpty
        $final.History.Count | Should -Be 2
        $final.History[-1].Content | Should -BeExactly $text
    }

    It 'sends stream: true with include_usage' {
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hello' -Stream
        $b = (Get-AurikoTestRequest -Path '/chat/completions')[-1].Json
        $b.stream | Should -BeTrue
        $b.stream_options.include_usage | Should -BeTrue
    }

    It 'gives every chunk the response headers and ToString() = the delta text' {
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hello' -Stream)
        $ids = $chunks | ForEach-Object { $_.ResponseHeaders.RequestId } | Sort-Object -Unique
        @($ids).Count | Should -Be 1
        $ids | Should -Not -BeNullOrEmpty
        foreach ($c in $chunks) { $c.ToString() | Should -BeExactly ([string]$c.Content) }
        (-join ($chunks | ForEach-Object { "$_" })) | Should -BeExactly $chunks[-1].Completion.Content
    }

    It 'prints live through Write-Host -NoNewline' {
        $out = & { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Hello' -Stream | Write-Host -NoNewline } 6>&1
        $printed = -join ($out | ForEach-Object { "$_" })
        $printed | Should -BeExactly 'Echo (1 messages): Hello' -Because 'the deltas print as the answer text, and the final chunk adds nothing'
    }

    It 'continues the conversation when the final chunk is piped' {
        $final = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'first' -Stream | Select-Object -Last 1
        $null = $final | Invoke-AurikoChatCompletion 'second'
        $b = (Get-AurikoTestRequest -Path '/chat/completions')[-1].Json
        $b.messages.role | Should -Be @('user', 'assistant', 'user')
        $b.messages[1].content | Should -BeExactly $final.Completion.Content
        $b.messages[2].content | Should -Be 'second'
    }

    It 'carries usage and routing metadata that came on a separate last chunk' {
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Stream -AdditionalBody @{ emulator = @{ usage_separate_chunk = $true } })
        $chunks[-1].IsFinal | Should -BeTrue
        $chunks[-1].Usage.TotalTokens | Should -BeGreaterThan 0
        $chunks[-1].Completion.Usage.TotalTokens | Should -BeGreaterThan 0
        $chunks[-1].Completion.FinishReason | Should -Not -BeNullOrEmpty
    }

    It 'streams reasoning deltas as ReasoningContent' {
        $chunks = @(Invoke-AurikoChatCompletion -Model claude-sonnet-4-6 -Message 'x' -Stream -AdditionalBody @{ emulator = @{ reasoning = $true } })
        (-join ($chunks | ForEach-Object ReasoningContent)) | Should -Not -BeNullOrEmpty
        $chunks[-1].Completion.ReasoningContent | Should -BeExactly (-join ($chunks | ForEach-Object ReasoningContent))
    }

    It 'assembles streamed tool calls in the final Completion' {
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'weather?' -Stream -AdditionalBody @{ emulator = @{ tool_calls = $true } })
        $completion = $chunks[-1].Completion
        $completion.ToolCalls.Count | Should -BeGreaterThan 0
        $completion.ToolCalls[0].FunctionName | Should -Not -BeNullOrEmpty
        { $completion.ToolCalls[0].Arguments | ConvertFrom-Json } | Should -Not -Throw
        $completion.History[-1].ToolCalls.Count | Should -Be $completion.ToolCalls.Count
    }

    It 'renders chunks through the format view as text: no table header, the final chunk sums up' {
        $text = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Stream | Out-String -Width 80
        $text | Should -Not -Match 'FinishReason|IsFinal|-----'
        $text | Should -Match 'Echo'
        $text | Should -Match '\[stop; \d+ in, \d+ out\]'
    }
}

Describe 'Streaming arrival timing' {
    BeforeEach { Reset-AurikoTestServer }

    It 'writes each chunk as it arrives: chunks sent 100 ms apart arrive spread out, not at once' {
        $arrivals = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Stream -AdditionalBody @{ emulator = @{ chunks = 6; delay_ms = 100; timestamps = $true } } |
            ForEach-Object { [pscustomobject]@{ At = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds(); Chunk = $_ } }
        $content = @($arrivals | Where-Object { $_.Chunk.Content })
        $content.Count | Should -Be 6
        $spread = $content[-1].At - $content[0].At
        $spread | Should -BeGreaterThan 300 -Because 'chunks sent 100 ms apart (500 ms in all) must not arrive in one burst'
        # Each delta's text is the server's send time (Unix ms). Ordering, not a latency budget: the first chunk reached
        # the pipeline before the server had even sent the last one, so nothing was held back for the end of the stream.
        $sent = @($content | ForEach-Object { [double]($_.Chunk.Content.Trim()) })
        $content[0].At | Should -BeLessThan $sent[-1] -Because 'the first chunk must be written while the stream is still being sent'
        $content[1].At | Should -BeLessThan $sent[-1] -Because 'so must the second'
    }
}

Describe 'Stopping a request or a stream (Ctrl+C)' {
    BeforeEach { Reset-AurikoTestServer }

    It 'Select-Object -First 1 on a slow stream returns at once' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $first = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Stream -AdditionalBody @{ emulator = @{ chunks = 50; delay_ms = 200 } } |
            Where-Object Content | Select-Object -First 1
        $sw.Stop()
        $first.Content | Should -Not -BeNullOrEmpty
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 4 -Because 'the full stream would take 10 s'
    }

    It 'PowerShell.Stop() on a request that never answers returns at once, without an error record' {
        Add-AurikoTestScenario @{ kind = 'hang'; path = '/v1/chat/completions' }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($m) Import-Module $m; Invoke-AurikoChatCompletion -Model gpt-4o -Message "x"').AddArgument((Get-AurikoTestModulePath))
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (@(Get-AurikoTestRequest -Path '/chat/completions').Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 50
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $sw.Stop()
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error.Count | Should -Be 0
        }
        finally { $ps.Dispose() }
    }

    It 'PowerShell.Stop() during a silent stream returns at once, without an error record' {
        Add-AurikoTestScenario @{ kind = 'headers_then_silence'; path = '/v1/chat/completions' }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($m) Import-Module $m; Invoke-AurikoChatCompletion -Model gpt-4o -Message "x" -Stream').AddArgument((Get-AurikoTestModulePath))
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (@(Get-AurikoTestRequest -Path '/chat/completions').Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 100
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $sw.Stop()
            $sw.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error.Count | Should -Be 0
        }
        finally { $ps.Dispose() }
    }

    It 'a stopped child pwsh shows no stack trace' {
        Add-AurikoTestScenario @{ kind = 'hang'; path = '/v1/chat/completions' }
        $out = Invoke-FreshPwsh -Environment @{ AURIKO_API_KEY = $key; AURIKO_BASE_URL = $server.BaseUrl } -ArgumentList (Get-AurikoTestModulePath), $server.Url {
            param($module, $root)
            $ps = [powershell]::Create()
            $null = $ps.AddScript('param($m) Import-Module $m; Invoke-AurikoChatCompletion -Model gpt-4o -Message "x"').AddArgument($module)
            $h = $ps.BeginInvoke()
            # Stop only once the request is at the server, so the stop lands inside the cmdlet, not in Import-Module.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ((Invoke-RestMethod @NoProxy "$root/_test/stats").requests -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            "requests=$((Invoke-RestMethod @NoProxy "$root/_test/stats").requests)"
            $ps.Stop()
            try { $ps.EndInvoke($h); 'no exception' } catch { $_.Exception.InnerException.GetType().FullName }
            "errors=$($ps.Streams.Error.Count)"
            $ps.Streams.Error | ForEach-Object { $_ | Out-String }
        }
        $out | Should -Contain 'requests=1' -Because 'the stop came while the request was waiting for its answer'
        $out | Should -Contain 'System.Management.Automation.PipelineStoppedException'
        $out | Should -Contain 'errors=0'
        ($out -join "`n") | Should -Not -Match ' at Auriko\.'
        ($out -join "`n") | Should -Not -Match 'StackTrace'
    }
}
