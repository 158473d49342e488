# The key appears in no stream, error, object or ToString(): every scenario, all streams (*>&1),
# Verbose and Debug on, in a fresh pwsh.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey
}

AfterAll { Stop-AurikoTestServer }

Describe 'The API key never leaks' {
    BeforeEach { Reset-AurikoTestServer }

    It 'is absent from every stream, error and object of <Name>' -ForEach @(
        @{ Name = 'Connect-Auriko (validated) and Get-AurikoConnection'; Script = {
                Connect-Auriko -ApiKey $key -BaseUrl $url -Verbose -Debug -PassThru
                Get-AurikoConnection | Format-List * -Force
                Get-AurikoConnection | ConvertTo-Json -Depth 5
                "$(Get-AurikoConnection)"
            }
        }
        @{ Name = 'Connect-Auriko with a SecureString'; Script = {
                Connect-Auriko -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force) -BaseUrl $url -Verbose -Debug -PassThru | Format-List *
            }
        }
        @{ Name = 'Connect-Auriko with a rejected key'; Script = {
                Add-AurikoScenarioInChild @{ kind = 'error'; status = 401; code = 'invalid_api_key'; path = '/v1/me' }
                Connect-Auriko -ApiKey $key -BaseUrl $url -Verbose -Debug
                $Error[0] | Format-List * -Force
                $Error[0].Exception | Format-List * -Force
                $Error[0].Exception.ToString()
            }
        }
        @{ Name = 'a chat completion'; Script = {
                Connect-Auriko -ApiKey $key -BaseUrl $url -SkipValidation
                $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'hi' -Verbose -Debug
                $r | Format-List * -Force
                $r | ConvertTo-Json -Depth 6
                $r.ResponseHeaders.All | Format-List *
                $r.GetRawJson()
            }
        }
        @{ Name = 'a streamed chat completion'; Script = {
                Connect-Auriko -ApiKey $key -BaseUrl $url -SkipValidation
                $c = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'hi' -Stream -Verbose -Debug
                $c | Format-List * -Force
                $c[-1] | ConvertTo-Json -Depth 6
            }
        }
        @{ Name = 'retries and API errors'; Script = {
                Connect-Auriko -ApiKey $key -BaseUrl $url -SkipValidation
                Add-AurikoScenarioInChild @{ kind = 'rate_limit_then_ok'; retry_after = 0; path = '/v1/chat/completions' }
                Invoke-AurikoChatCompletion -Model gpt-4o -Message 'hi' -Verbose -Debug
                foreach ($s in @(
                        @{ kind = 'error'; status = 401; code = 'invalid_api_key' }
                        @{ kind = 'error'; status = 500; code = 'internal_error'; times = -1; retry_after = 0 }
                        @{ kind = 'error'; status = 502; html = $true; times = -1; retry_after = 0 }
                        @{ kind = 'mid_stream_error'; after = 1 })) {
                    Reset-ServerInChild
                    $s.path = '/v1/chat/completions'
                    Add-AurikoScenarioInChild $s
                    Invoke-AurikoChatCompletion -Model gpt-4o -Message 'hi' -Stream:($s.kind -eq 'mid_stream_error') -Verbose -Debug -ErrorAction Continue
                    $Error[0] | Format-List * -Force
                    $Error[0].Exception.ToString()
                }
            }
        }
        @{ Name = 'connection failures and timeouts'; Script = {
                Connect-Auriko -ApiKey $key -BaseUrl 'http://127.0.0.1:9/v1' -SkipValidation -MaxRetries 1
                Invoke-AurikoChatCompletion -Model gpt-4o -Message 'hi' -Verbose -Debug
                $Error[0] | Format-List * -Force
                $Error[0].Exception.ToString()
                Connect-Auriko -ApiKey $key -BaseUrl $url -SkipValidation -MaxRetries 0 -TimeoutSec 0.5
                Add-AurikoScenarioInChild @{ kind = 'hang'; path = '/v1/chat/completions' }
                Invoke-AurikoChatCompletion -Model gpt-4o -Message 'hi' -Verbose -Debug
                $Error[0] | Format-List * -Force
            }
        }
        @{ Name = 'the discovery and management cmdlets'; Script = {
                Connect-Auriko -ApiKey $key -BaseUrl $url -SkipValidation
                Get-AurikoIdentity -Verbose -Debug | Format-List * -Force
                Get-AurikoWorkspace -Verbose -Debug | Format-List * -Force
                Get-AurikoWorkspace | Get-AurikoBudget -Verbose -Debug | ConvertTo-Csv
                Get-AurikoModel -Verbose -Debug | Out-String
                Get-AurikoModel -Detailed -Verbose -Debug | Out-String
                Get-AurikoProvider -Verbose -Debug | Out-String
                Get-AurikoWorkspace -Id 'missing' -Verbose -Debug
                $Error[0] | Format-List * -Force
            }
        }
        @{ Name = 'environment variable defaults'; UseEnv = $true; Script = {
                Invoke-AurikoChatCompletion -Model gpt-4o -Message 'hi' -Verbose -Debug | Format-List *
                Get-AurikoConnection | Format-List * -Force
                Invoke-AurikoChatCompletion -Model gpt-4o -Models a -Message 'hi'
                $Error[0] | Format-List * -Force
            }
        }
        @{ Name = 'parameter errors and ForEach-Object -Parallel'; Script = {
                Connect-Auriko -ApiKey $key -BaseUrl $url -SkipValidation
                Invoke-AurikoChatCompletion -Message 'hi' -Temperature 9 -Model gpt-4o -Debug
                Invoke-AurikoChatCompletion -Message 'hi' -Routing @{ bogus = 1 } -Model gpt-4o
                1..2 | ForEach-Object -Parallel { Import-Module $using:module; Invoke-AurikoChatCompletion -Model gpt-4o -Message "p$_" -Verbose -Debug }
                $Error | Format-List * -Force
            }
        }
    ) {
        $envVars = if ($UseEnv) { @{ AURIKO_API_KEY = $key; AURIKO_BASE_URL = $server.BaseUrl } } else { @{} }
        $text = Invoke-FreshPwsh -Environment $envVars -ArgumentList $key, $server.BaseUrl, $server.Url, (Get-AurikoTestModulePath), $Script.ToString() {
            param($key, $url, $root, $module, $body)
            function Add-AurikoScenarioInChild($s) { $null = Invoke-RestMethod -NoProxy -Method Post -Uri "$root/_test/scenarios" -ContentType 'application/json' -Body (@{ scenarios = @($s) } | ConvertTo-Json -Depth 5) }
            function Reset-ServerInChild { $null = Invoke-RestMethod -NoProxy -Method Post -Uri "$root/_test/reset" }
            $ErrorActionPreference = 'Continue'
            $DebugPreference = 'Continue'
            $VerbosePreference = 'Continue'
            $sb = [scriptblock]::Create($body)
            $all = . $sb *>&1 2>&1
            ($all | Out-String -Width 400) + ($Error | Out-String -Width 400) + (($Error | ForEach-Object { $_.Exception.ToString() }) -join "`n")
        }
        $text = $text -join "`n"
        $text.Length | Should -BeGreaterThan 100 -Because 'the scenario produced output to scan'
        Assert-NoKeyLeak -Text $text -Key $key
    }

    It 'is not a property of the session object' {
        Import-Module (Get-AurikoTestModulePath) -Force
        $s = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -PassThru
        try {
            foreach ($p in $s.PSObject.Properties) { "$($p.Value)" | Should -Not -Match ([regex]::Escape($key)) -Because $p.Name }
            [System.Management.Automation.PSSerializer]::Serialize($s, 5) | Should -Not -Match ([regex]::Escape($key))
        }
        finally { Disconnect-Auriko }
    }
}
