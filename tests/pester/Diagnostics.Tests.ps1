# What a newcomer sees while finding a mistake: -Debug output (one prefix per line, every logged body
# labelled with what it is, its method and URL), a base URL without /v1 (the error says so), and
# model tab completion after Get-AurikoModel -Detailed (still the whole registry).
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey
    Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation

    function Get-DebugMessage([scriptblock] $Command) {
        @(& $Command 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
    }
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe '-Debug output' {
    BeforeEach { Reset-AurikoTestServer }

    It 'has no doubled prefixes: verbose detail under -Debug is one plain debug line each' {
        Add-AurikoTestScenario @{ kind = 'rate_limit_then_ok'; retry_after = 0; path = '/v1/chat/completions' }
        $debug = Get-DebugMessage { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Debug }
        $debug | Should -Not -Match '^(VERBOSE|WARNING|DEBUG): ' -Because 'PowerShell adds DEBUG: itself; a second prefix is noise'
        @($debug | Where-Object { $_ -match '^POST .*/chat/completions \(attempt 1 of 3\)' }).Count | Should -Be 1 -Because 'the verbose request line is there, as a debug line'
        @($debug | Where-Object { $_ -match '^Retrying POST' }).Count | Should -Be 1 -Because 'the retry warning is there, as a debug line'
    }

    It 'labels each body: request or response, method and URL (and status and request id of a response)' {
        $url = "$($server.BaseUrl)/chat/completions"
        $debug = Get-DebugMessage { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'label-marker' -Debug }
        $request = @($debug | Where-Object { $_ -like 'Request body*' })
        $response = @($debug | Where-Object { $_ -like 'Response body*' })
        $request.Count | Should -Be 1
        $response.Count | Should -Be 1
        $request[0] | Should -Match "^Request body of POST $([regex]::Escape($url)):\r?\n\{"
        $request[0] | Should -Match 'label-marker'
        $response[0] | Should -Match "^Response body of POST $([regex]::Escape($url)) \(200, request req_[^)]+\):\r?\n\{"
        $response[0] | Should -Match '"chat\.completion"'
        ($debug -join "`n") | Should -Not -Match ([regex]::Escape($key))
    }

    It 'labels a GET''s response body and an error body' {
        $me = "$($server.BaseUrl)/me"
        $debug = Get-DebugMessage { $null = Get-AurikoIdentity -Debug }
        @($debug | Where-Object { $_ -match "^Response body of GET $([regex]::Escape($me)) \(200, " }).Count | Should -Be 1

        $debug = Get-DebugMessage { $null = Get-AurikoWorkspace -Id 'ws_missing' -Debug -ErrorAction SilentlyContinue }
        @($debug | Where-Object { $_ -match '^Response body of GET .*/workspaces/ws_missing \(404, ' }).Count | Should -Be 1
    }

    It 'with -Debug -Verbose, verbose lines stay verbose' {
        $records = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Debug -Verbose *>&1
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'attempt 1 of 3' }).Count | Should -Be 1
    }
}

Describe 'A base URL without /v1' {
    BeforeEach { Reset-AurikoTestServer }

    It 'Connect-Auriko and New-AurikoSession suggest the /v1 URL when GET /me answers 404' -ForEach @(@{ Command = 'Connect-Auriko' }, @{ Command = 'New-AurikoSession' }) {
        $err = { & $Command -ApiKey $key -BaseUrl $server.Url } | Should -Throw -PassThru
        $err.Exception.StatusCode | Should -Be 404
        $err.ToString() | Should -Match 'No route'
        $err.ToString() | Should -Match ([regex]::Escape("has no /v1 path"))
        $err.ToString() | Should -Match ([regex]::Escape("$($server.Url)/v1"))
        $err.ErrorDetails.RecommendedAction | Should -Match ([regex]::Escape("Use the base URL $($server.Url)/v1"))
    }

    It 'a chat (POST /chat/completions) and Get-AurikoIdentity say the same' {
        $bare = New-AurikoSession -ApiKey $key -BaseUrl "$($server.Url)/" -SkipValidation
        $null = Invoke-AurikoChatCompletion -Session $bare -Model gpt-4o -Message 'x' -ErrorVariable chatError -ErrorAction SilentlyContinue
        $null = Get-AurikoIdentity -Session $bare -ErrorVariable meError -ErrorAction SilentlyContinue
        foreach ($e in @($chatError) + @($meError)) {
            $e.ToString() | Should -Match ([regex]::Escape("Use the base URL $($server.Url)/v1"))
        }
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 1 -Because 'a 404 is not retried'
    }

    It 'says nothing about /v1 for a 404 that is about a missing model or workspace' {
        $null = Invoke-AurikoChatCompletion -Model missing-model -Message 'x' -ErrorVariable modelError -ErrorAction SilentlyContinue
        $null = Get-AurikoWorkspace -Id 'ws_missing' -ErrorVariable workspaceError -ErrorAction SilentlyContinue
        $modelError[0].Exception | Should -BeOfType ([Auriko.ModelNotFoundException])
        foreach ($e in @($modelError) + @($workspaceError)) {
            $e.Exception.StatusCode | Should -Be 404
            $e.ToString() | Should -Not -Match '/v1 path'
        }
    }
}

Describe 'Model tab completion after Get-AurikoModel -Detailed' {
    It 'still offers every registry model: the directory (a subset) does not replace them' {
        Reset-AurikoTestServer
        # A directory of two models; the registry has six.
        Add-AurikoTestScenario @{ kind = 'content_type'; value = 'application/json'; path = '/v1/directory/models'; times = -1
            body = '{"object":"list","data":[{"id":"gpt-4o","providers":[]},{"id":"deepseek-chat","providers":[]}]}' }
        try {
            $out = Invoke-FreshPwsh -Environment @{ AURIKO_API_KEY = $key; AURIKO_BASE_URL = $server.BaseUrl } {
                $registry = @(Get-AurikoModel).Count
                $directory = @(Get-AurikoModel -Detailed).Count
                $line = 'Invoke-AurikoChatCompletion -Model '
                $offered = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).Count
                "$registry|$directory|$offered"
            }
            $registry, $directory, $offered = $out[-1] -split '\|'
            [int] $directory | Should -Be 2
            [int] $registry | Should -Be 6
            [int] $offered | Should -Be $registry -Because '-Model <Tab> offers the registry, whatever -Detailed fetched'
        }
        finally { Reset-AurikoTestServer }
    }
}
