# Connect once, use everywhere: Connect-Auriko, Disconnect-Auriko, Get-AurikoConnection, -Session,
# environment variable defaults, ForEach-Object -Parallel.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey

    function Get-AuthHeader([object] $Request) {
        $h = $Request.headers
        foreach ($p in $h.PSObject.Properties) { if ($p.Name -eq 'Authorization') { return [string]$p.Value } }
    }
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe 'Connect-Auriko' {
    BeforeEach {
        Disconnect-Auriko
        Reset-AurikoTestServer
    }

    It 'checks the key with GET /me and sets the default session (plain string key)' {
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl
        $me = @(Get-AurikoTestRequest -Path '/me')
        $me.Count | Should -Be 1
        $me[0].method | Should -Be 'GET'
        Get-AuthHeader $me[0] | Should -Be "Bearer $key"
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x'
        Get-AuthHeader (Get-AurikoTestRequest -Path '/chat/completions')[0] | Should -Be "Bearer $key"
    }

    It 'accepts a SecureString and a PSCredential (what Get-Secret returns)' {
        $secure = ConvertTo-SecureString $key -AsPlainText -Force
        Connect-Auriko -ApiKey $secure -BaseUrl $server.BaseUrl -SkipValidation
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x'
        Get-AuthHeader (Get-AurikoTestRequest -Path '/chat/completions')[-1] | Should -Be "Bearer $key"

        $cred = [pscredential]::new('auriko', $secure)
        Connect-Auriko -ApiKey $cred -BaseUrl $server.BaseUrl -SkipValidation
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x'
        Get-AuthHeader (Get-AurikoTestRequest -Path '/chat/completions')[-1] | Should -Be "Bearer $key"
    }

    It 'makes no request with -SkipValidation' {
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }

    It 'fails on a rejected key and leaves the previous connection untouched' {
        $good = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -DefaultModel 'gpt-4o' -PassThru
        $err = { Connect-Auriko -ApiKey 'bad_key_0123456789' -BaseUrl $server.BaseUrl } | Should -Throw -PassThru
        $err.Exception | Should -BeOfType ([Auriko.AuthenticationException])
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.FullyQualifiedErrorId | Should -BeLike 'invalid_api_key*'
        $err.ToString() | Should -Match 'unchanged'
        $current = Get-AurikoConnection
        $current.MaskedApiKey | Should -Be $good.MaskedApiKey
        $current.DefaultModel | Should -Be 'gpt-4o'
    }

    It 'never shows the user:password of a -Proxy URI' {
        $s = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -Proxy 'http://proxyuser:pr0xy%40pass@127.0.0.1:9' -SkipValidation -PassThru
        $s.Proxy | Should -Be ([uri]'http://127.0.0.1:9')
        $text = (Get-AurikoConnection | Out-String) + ($s | Format-List * | Out-String)
        $text | Should -Not -Match 'proxyuser'
        $text | Should -Not -Match 'pr0xy'
    }

    It '-PassThru returns the session with base URL, masked key, timeout, retries and options' {
        $proxy = [uri]'http://127.0.0.1:9'
        $s = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -TimeoutSec 12.5 -MaxRetries 4 -Proxy $proxy -DefaultModel 'gpt-4o-mini' -RequestShape Gateway -SkipValidation -PassThru
        $s | Should -BeOfType ([Auriko.PowerShell.AurikoSession])
        $s.BaseUrl | Should -Be ([uri]$server.BaseUrl)
        $s.TimeoutSec | Should -Be 12.5
        $s.MaxRetries | Should -Be 4
        $s.Proxy | Should -Be $proxy
        $s.DefaultModel | Should -Be 'gpt-4o-mini'
        $s.RequestShape | Should -Be 'Gateway'
        $s.MaskedApiKey | Should -Not -Be $key
        $s.MaskedApiKey | Should -BeLike "$($key.Substring(0, 4))*"
        "$s" | Should -Not -Match ([regex]::Escape($key))
        ($s | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($key))
        $s.PSObject.Properties.Value -contains $key | Should -BeFalse
    }

    It 'writes nothing without -PassThru' {
        $out = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
        $out | Should -BeNullOrEmpty
    }

    It 'refuses to send the key over plain http:// to a non-loopback host unless -AllowInsecureHttp' {
        $err = { Connect-Auriko -ApiKey $key -BaseUrl 'http://api.example.invalid/v1' -SkipValidation } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InsecureHttpRefused*'
        $err.Exception.Message | Should -Match 'AllowInsecureHttp'
        Get-AurikoConnection | Should -BeNullOrEmpty
        { Connect-Auriko -ApiKey $key -BaseUrl 'http://api.example.invalid/v1' -SkipValidation -AllowInsecureHttp } | Should -Not -Throw
        (Get-AurikoConnection).AllowInsecureHttp | Should -BeTrue
    }

    It 'rejects an invalid base URL and a conflicting request shape' {
        { Connect-Auriko -ApiKey $key -BaseUrl 'not a url' -SkipValidation } | Should -Throw -ErrorId 'InvalidBaseUrl*'
        { Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -RequestShape TopLevel -UseGatewayShape -SkipValidation } | Should -Throw -ErrorId 'RequestShapeConflict*'
    }

    It 'honours -TimeoutSec and -MaxRetries' {
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -TimeoutSec 0.5 -MaxRetries 0 -SkipValidation
        Add-AurikoTestScenario @{ kind = 'hang'; path = '/v1/chat/completions' }
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $err = { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -ErrorAction Stop } | Should -Throw -PassThru
        $sw.Stop()
        $err.Exception | Should -BeOfType ([Auriko.AurikoConnectionException])
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 5
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 1
    }

    It 'sends requests through -Proxy' {
        # The test server accepts absolute-form request targets, so it can stand in for a proxy.
        Connect-Auriko -ApiKey $key -BaseUrl 'http://api.auriko-proxy-test.invalid/v1' -Proxy $server.Url -AllowInsecureHttp -SkipValidation
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'via proxy'
        $r.Content | Should -Match 'via proxy'
        (Get-AurikoTestRequest -Path '/chat/completions')[-1].Json.messages[-1].content | Should -Be 'via proxy'
    }

    It 'sends a User-Agent naming the module and PowerShell' {
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl
        $ua = (Get-AurikoTestRequest -Path '/me')[0].headers.'User-Agent'
        $ua | Should -Match 'Auriko\.PowerShell/\d'
        $ua | Should -Match 'PowerShell/\d'
    }
}

Describe 'Disconnect-Auriko and Get-AurikoConnection' {
    BeforeEach { Reset-AurikoTestServer }

    It 'shows the connection in a format view without the key' {
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
        $text = Get-AurikoConnection | Out-String
        $text | Should -Match 'BaseUrl'
        $text | Should -Match 'ApiKey'
        $text | Should -Match 'TimeoutSec'
        $text | Should -Match 'MaxRetries'
        $text | Should -Not -Match ([regex]::Escape($key))
    }

    It 'forgets the default connection' {
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
        Disconnect-Auriko
        Get-AurikoConnection | Should -BeNullOrEmpty
        { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' } | Should -Throw -ErrorId 'NoAurikoSession*'
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }
}

Describe '-Session on every API cmdlet' {
    BeforeAll {
        $other = Start-AurikoTestServer
    }
    AfterAll { Stop-AurikoTestServer -Server $other }

    It 'uses the given session instead of the default' {
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
        $second = Connect-Auriko -ApiKey $key -BaseUrl $other.BaseUrl -SkipValidation -PassThru
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
        Reset-AurikoTestServer -Server $server
        Reset-AurikoTestServer -Server $other
        $null = Invoke-AurikoChatCompletion -Session $second -Model gpt-4o -Message 'x'
        $null = Get-AurikoIdentity -Session $second
        $null = Get-AurikoWorkspace -Session $second
        $null = Get-AurikoBudget -Session $second
        $null = Get-AurikoModel -Session $second
        $null = Get-AurikoProvider -Session $second
        @(Get-AurikoTestRequest -Server $server).Count | Should -Be 0
        @(Get-AurikoTestRequest -Server $other).Count | Should -BeGreaterOrEqual 6
    }
}

Describe 'Environment variables without Connect-Auriko (fresh pwsh)' {
    BeforeEach { Reset-AurikoTestServer }

    It 'AURIKO_API_KEY and AURIKO_BASE_URL just work' {
        $out = Invoke-FreshPwsh -Environment @{ AURIKO_API_KEY = $key; AURIKO_BASE_URL = $server.BaseUrl } {
            $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'from env'
            $c = Get-AurikoConnection
            [pscustomobject]@{ Content = $r.Content; Source = $c.Source; BaseUrl = "$($c.BaseUrl)"; Masked = $c.MaskedApiKey }
        }
        $out.Content | Should -Not -BeNullOrEmpty
        $out.Source | Should -Be 'Environment'
        $out.BaseUrl | Should -Be ([uri]$server.BaseUrl).AbsoluteUri
        $out.Masked | Should -Not -Be $key
        $req = (Get-AurikoTestRequest -Path '/chat/completions')[-1]
        Get-AuthHeader $req | Should -Be "Bearer $key"
        $req.Json.messages[-1].content | Should -Be 'from env'
    }

    It 'without a key, API cmdlets fail with a clear error and discovery still works' {
        $out = Invoke-FreshPwsh -Environment @{ AURIKO_BASE_URL = $server.BaseUrl } {
            try { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x'; 'no error' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            @(Get-AurikoModel).Count
            Get-AurikoConnection | Measure-Object | ForEach-Object Count
        }
        $out[0] | Should -BeLike 'NoAurikoSession*'
        $out[1] | Should -Match 'Connect-Auriko'
        $out[1] | Should -Match 'AURIKO_API_KEY'
        $out[2] | Should -BeGreaterThan 0
        $out[3] | Should -Be 0
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 0
    }

    It 'Get-AurikoConnection with an unusable AURIKO_BASE_URL (<Value>) is a clear InvalidEnvironmentConfiguration error' -ForEach @(
        @{ Value = 'ftp://example.com/v1' }
        # Not a URL at all: must not fall back to the public API silently (the key would go where the user did not choose).
        @{ Value = 'not a url' }
    ) {
        $out = Invoke-FreshPwsh -Environment @{ AURIKO_API_KEY = $key; AURIKO_BASE_URL = $Value } {
            try { Get-AurikoConnection -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId; "$($_.CategoryInfo.Category)"; "$_" }
        }
        $out[0] | Should -BeLike 'InvalidEnvironmentConfiguration,*'
        $out[1] | Should -Be 'InvalidArgument'
        $out[2] | Should -BeLike '*AURIKO_BASE_URL*'
    }

    It 'Connect-Auriko without -ApiKey takes AURIKO_API_KEY' {
        $out = Invoke-FreshPwsh -Environment @{ AURIKO_API_KEY = $key } -ArgumentList $server.BaseUrl {
            param($url)
            Connect-Auriko -BaseUrl $url
            (Get-AurikoConnection).Source
        }
        $out | Should -Be 'Connect-Auriko'
        Get-AuthHeader (Get-AurikoTestRequest -Path '/me')[-1] | Should -Be "Bearer $key"
    }
}

Describe 'ForEach-Object -Parallel after one Connect-Auriko' {
    BeforeEach {
        Skip-OnWindowsPowerShell -Because 'ForEach-Object -Parallel is new in PowerShell 7'
        Reset-AurikoTestServer
    }

    It 'every runspace uses the process-wide default session without reconnecting' {
        $out = Invoke-FreshPwsh -ArgumentList $key, $server.BaseUrl, (Get-AurikoTestModulePath) {
            param($key, $url, $module)
            Connect-Auriko -ApiKey $key -BaseUrl $url
            1..6 | ForEach-Object -ThrottleLimit 6 -Parallel {
                Import-Module $using:module
                $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message "parallel $_"
                "$_=$($r.Content.Length -gt 0)"
            }
        }
        @($out).Count | Should -Be 6
        $out | ForEach-Object { $_ | Should -Match '=True$' }
        @(Get-AurikoTestRequest -Path '/me').Count | Should -Be 1 -Because 'only the one Connect-Auriko validates'
        $chats = @(Get-AurikoTestRequest -Path '/chat/completions')
        $chats.Count | Should -Be 6
        $chats | ForEach-Object { Get-AuthHeader $_ | Should -Be "Bearer $key" }
    }
}
