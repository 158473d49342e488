# Side sessions and per-call limits: New-AurikoSession (a session for -Session that leaves the default
# alone), what Connect-Auriko -PassThru does, -TimeoutSec and -MaxRetries on every API cmdlet, the
# limits' one definition (AurikoClientOptions), and the environment variables read by one rule.
BeforeDiscovery {
    # Every cmdlet that calls the API, with arguments that make it send one request to $Path.
    $script:ApiCalls = @(
        @{ Name = 'Invoke-AurikoChatCompletion'; Path = '/v1/chat/completions'; Arguments = @{ Model = 'gpt-4o'; Message = 'x' } }
        @{ Name = 'Invoke-AurikoChatCompletion -Stream'; Path = '/v1/chat/completions'; Arguments = @{ Model = 'gpt-4o'; Message = 'x'; Stream = $true } }
        @{ Name = 'Get-AurikoIdentity'; Path = '/v1/me'; Arguments = @{} }
        @{ Name = 'Get-AurikoWorkspace'; Path = '/v1/workspaces'; Arguments = @{} }
        @{ Name = 'Get-AurikoBudget'; Path = '/v1/workspaces'; Arguments = @{ WorkspaceId = '7c9e6679-7425-40de-944b-e07fc1f90ae7' } }
        @{ Name = 'Get-AurikoModel'; Path = '/v1/registry/models'; Arguments = @{} }
        @{ Name = 'Get-AurikoModel -Detailed'; Path = '/v1/directory/models'; Arguments = @{ Detailed = $true } }
        @{ Name = 'Get-AurikoProvider'; Path = '/v1/registry/providers'; Arguments = @{} }
    )
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey
    $labKey = New-AurikoTestKey

    function Get-AuthHeader([object] $Request) {
        foreach ($p in $Request.headers.PSObject.Properties) { if ($p.Name -eq 'Authorization') { return [string]$p.Value } }
    }

    function Invoke-ApiCall($Call, [hashtable] $Extra = @{}) {
        $command = $Call.Name -replace ' .*$', ''
        $arguments = $Call.Arguments + $Extra
        & $command @arguments
    }
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe 'New-AurikoSession' {
    BeforeEach {
        Disconnect-Auriko
        Reset-AurikoTestServer
    }

    It 'returns a validated session for -Session and leaves the default connection as it was' {
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl
        $before = Get-AurikoConnection
        Reset-AurikoTestServer

        $lab = New-AurikoSession -ApiKey $labKey -BaseUrl $server.BaseUrl -DefaultModel gpt-4o-mini

        $lab | Should -BeOfType ([Auriko.PowerShell.AurikoSession])
        $lab.Source | Should -Be 'New-AurikoSession'
        $lab.WorkspaceId | Should -Be '7c9e6679-7425-40de-944b-e07fc1f90ae7' -Because 'the key was validated with GET /me'
        Get-AuthHeader (Get-AurikoTestRequest -Path '/me')[0] | Should -Be "Bearer $labKey"
        (Get-AurikoConnection) | Should -Be $before -Because 'the default session is the same object as before'

        # Side by side: the default key without -Session, the lab key with it.
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'default'
        $null = Invoke-AurikoChatCompletion -Session $lab -Message 'lab'
        $chats = @(Get-AurikoTestRequest -Path '/chat/completions')
        Get-AuthHeader $chats[0] | Should -Be "Bearer $key"
        Get-AuthHeader $chats[1] | Should -Be "Bearer $labKey"
        $chats[1].Json.model | Should -Be 'gpt-4o-mini' -Because "the lab session's default model applies"
    }

    It 'works with no default connection and creates none' {
        $lab = New-AurikoSession -ApiKey $labKey -BaseUrl $server.BaseUrl -SkipValidation
        @(Get-AurikoTestRequest).Count | Should -Be 0 -Because '-SkipValidation sends nothing'
        [Auriko.PowerShell.AurikoSession]::Default | Should -BeNullOrEmpty
        (Get-AurikoIdentity -Session $lab).WorkspaceId | Should -Not -BeNullOrEmpty
    }

    It 'fails on a rejected key with a typed error, creating nothing and changing nothing' {
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl
        $before = Get-AurikoConnection
        $out = $null
        $err = { $script:out = New-AurikoSession -ApiKey 'bad_key_0123456789' -BaseUrl $server.BaseUrl } | Should -Throw -PassThru
        $err.Exception | Should -BeOfType ([Auriko.AuthenticationException])
        $err.ToString() | Should -Match 'no session was created and the default connection is unchanged'
        $script:out | Should -BeNullOrEmpty
        (Get-AurikoConnection) | Should -Be $before
    }

    It 'takes the same parameters as Connect-Auriko, except -PassThru' {
        $connect = (Get-Command Connect-Auriko).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters }
        $new = (Get-Command New-AurikoSession).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters }
        @($new | Sort-Object) | Should -Be @($connect | Where-Object { $_ -ne 'PassThru' } | Sort-Object)
    }

    It 'applies its limits and shape to the commands that get it' {
        $patient = New-AurikoSession -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -MaxRetries 0 -TimeoutSec 7 -UseGatewayShape
        $patient.MaxRetries | Should -Be 0
        $patient.TimeoutSec | Should -Be 7
        Add-AurikoTestScenario @{ kind = 'error'; status = 503; code = 'service_unavailable'; retry_after = 0; path = '/v1/chat/completions' }
        { Invoke-AurikoChatCompletion -Session $patient -Model gpt-4o -Message 'x' -ErrorAction Stop } | Should -Throw
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 1 -Because 'the session allows no retry'
        Reset-AurikoTestServer
        $null = Invoke-AurikoChatCompletion -Session $patient -Models gpt-4o, claude-sonnet-4-6 -Message 'x'
        (Get-AurikoTestRequest -Path '/chat/completions')[0].Json.gateway.models | Should -Be @('gpt-4o', 'claude-sonnet-4-6')
    }
}

Describe 'Connect-Auriko -PassThru' {
    BeforeEach {
        Disconnect-Auriko
        Reset-AurikoTestServer
    }

    It 'returns the new default, and says under -Verbose which connection it replaced' {
        $first = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -PassThru
        $records = Connect-Auriko -ApiKey $labKey -BaseUrl $server.BaseUrl -SkipValidation -PassThru -Verbose 4>&1
        $second = @($records | Where-Object { $_ -is [Auriko.PowerShell.AurikoSession] })
        $verbose = ($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
        $second.Count | Should -Be 1
        Get-AurikoConnection | Should -Be $second[0] -Because 'Connect-Auriko always sets the default'
        $verbose | Should -Match 'replaces the default connection'
        $verbose | Should -Match ([regex]::Escape($first.MaskedApiKey))
        $verbose | Should -Match 'New-AurikoSession'
        $verbose | Should -Not -Match ([regex]::Escape($key))
    }

    It 'says nothing about replacing when there was no default' {
        $verbose = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -Verbose 4>&1 | ForEach-Object Message
        ($verbose -join "`n") | Should -Not -Match 'replaces'
    }
}

Describe '-TimeoutSec and -MaxRetries on every API cmdlet' {
    BeforeAll {
        Disconnect-Auriko
        # A session that would wait a minute and never retry: the per-call values must win.
        $script:slow = New-AurikoSession -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -TimeoutSec 60 -MaxRetries 0
    }
    BeforeEach { Reset-AurikoTestServer }

    It 'every cmdlet that calls the API has both, with the client''s bounds' {
        $api = Get-Command -Module Auriko | Where-Object { $_.Parameters.ContainsKey('Session') }
        @($api).Count | Should -Be 7 -Because 'six API cmdlets and Enter-AurikoChat take -Session'
        foreach ($command in $api) {
            foreach ($name in 'TimeoutSec', 'MaxRetries') {
                $command.Parameters.ContainsKey($name) | Should -BeTrue -Because "$($command.Name) -$name"
            }
            $range = $command.Parameters['MaxRetries'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] }
            $range.MaxRange | Should -Be ([Auriko.AurikoClientOptions]::MaxMaxRetries)
        }
    }

    It '<Name> -MaxRetries retries that call as often as it says (the session says 0)' -ForEach $ApiCalls {
        Add-AurikoTestScenario @{ kind = 'error'; status = 503; code = 'service_unavailable'; retry_after = 0; path = $Path; times = 2 }
        $out = @(Invoke-ApiCall $_ @{ Session = $slow; MaxRetries = 2; WarningAction = 'SilentlyContinue'; ErrorAction = 'Stop' })
        $out.Count | Should -BeGreaterThan 0
        @(Get-AurikoTestRequest -Path $Path).Count | Should -BeGreaterOrEqual 3 -Because 'two failures, then the answer'
    }

    It '<Name> -TimeoutSec times that call out after its own timeout (the session says 60 s)' -ForEach $ApiCalls {
        Add-AurikoTestScenario @{ kind = 'hang'; path = $Path; times = -1 }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $err = { Invoke-ApiCall $_ @{ Session = $slow; TimeoutSec = 0.5; ErrorAction = 'Stop' } } | Should -Throw -PassThru
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        $err.Exception | Should -BeOfType ([Auriko.AurikoConnectionException])
        $err.Exception.IsTimeout | Should -BeTrue
        $err.Exception.Message | Should -Match 'within 0\.5 s'
    }

    It 'a stream is idle for at most -TimeoutSec' {
        $null = Invoke-AurikoChatCompletion -Session $slow -Model gpt-4o -Message 'warm up'
        Add-AurikoTestScenario @{ kind = 'silent_after'; after = 1; path = '/v1/chat/completions' }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $err = { Invoke-AurikoChatCompletion -Session $slow -Model gpt-4o -Message 'x' -Stream -TimeoutSec 1 -ErrorAction Stop } | Should -Throw -PassThru
        $err.Exception.IsTimeout | Should -BeTrue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
    }

    It 'leaves the session unchanged for the next call' {
        Add-AurikoTestScenario @{ kind = 'error'; status = 503; code = 'service_unavailable'; retry_after = 0; path = '/v1/chat/completions'; times = 2 }
        $null = Invoke-AurikoChatCompletion -Session $slow -Model gpt-4o -Message 'x' -MaxRetries 2 -WarningAction SilentlyContinue
        Reset-AurikoTestServer
        Add-AurikoTestScenario @{ kind = 'error'; status = 503; code = 'service_unavailable'; retry_after = 0; path = '/v1/chat/completions'; times = 2 }
        { Invoke-AurikoChatCompletion -Session $slow -Model gpt-4o -Message 'x' -ErrorAction Stop } | Should -Throw
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 1
        $slow.MaxRetries | Should -Be 0
        $slow.TimeoutSec | Should -Be 60
    }

    It 'refuses values outside the bounds before any request, naming the bound' -ForEach @(
        @{ Parameter = 'TimeoutSec'; Value = 0; Pattern = '86400' }
        @{ Parameter = 'TimeoutSec'; Value = 86401; Pattern = '86400' }
        @{ Parameter = 'MaxRetries'; Value = -1; Pattern = '0' }
        @{ Parameter = 'MaxRetries'; Value = 11; Pattern = '10' }
    ) {
        $arguments = @{ Session = $slow; Model = 'gpt-4o'; Message = 'x'; $Parameter = $Value }
        $err = { Invoke-AurikoChatCompletion @arguments } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError*'
        $err.ToString() | Should -Match $Pattern
        @(Get-AurikoTestRequest).Count | Should -Be 0
    }
}

Describe 'The limits have one definition: the client''s AurikoClientOptions' {
    BeforeEach { Disconnect-Auriko; Reset-AurikoTestServer }

    It 'Connect-Auriko and New-AurikoSession default to the client''s timeout and retries' {
        $connected = Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -PassThru
        $side = New-AurikoSession -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
        foreach ($session in $connected, $side) {
            $session.TimeoutSec | Should -Be ([Auriko.AurikoClientOptions]::DefaultTimeout.TotalSeconds)
            $session.MaxRetries | Should -Be ([Auriko.AurikoClientOptions]::DefaultMaxRetries)
        }
    }

    It '<Command> accepts exactly the client''s bounds' -ForEach @(@{ Command = 'Connect-Auriko' }, @{ Command = 'New-AurikoSession' }) {
        $max = [Auriko.AurikoClientOptions]::MaxTimeout.TotalSeconds
        $maxRetries = [Auriko.AurikoClientOptions]::MaxMaxRetries
        $extra = if ($Command -eq 'Connect-Auriko') { @{ PassThru = $true } } else { @{} }
        (& $Command -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -TimeoutSec $max -MaxRetries $maxRetries @extra).TimeoutSec | Should -Be $max
        { & $Command -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -TimeoutSec ($max + 1) } | Should -Throw "*at most $max seconds*"
        { & $Command -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -MaxRetries ($maxRetries + 1) } | Should -Throw "*$maxRetries*"
        { & $Command -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation -TimeoutSec 0 } | Should -Throw '*more than 0*'
    }
}

Describe 'AURIKO_API_KEY and AURIKO_BASE_URL, read by one rule everywhere' {
    It 'the environment session, Connect-Auriko and New-AurikoSession see the same values' {
        # Blank-padded values: every reader trims the URL and treats a blank key as unset, alike.
        $out = Invoke-FreshPwsh -Environment @{ AURIKO_API_KEY = $key; AURIKO_BASE_URL = "  $($server.BaseUrl)  " } {
            $environment = Get-AurikoConnection
            $side = New-AurikoSession -SkipValidation
            $connected = Connect-Auriko -SkipValidation -PassThru
            foreach ($s in $environment, $side, $connected) { '{0}|{1}|{2}' -f $s.Source, $s.BaseUrl, $s.MaskedApiKey }
            $env:AURIKO_API_KEY = '   '
            Disconnect-Auriko
            "none=$($null -eq (Get-AurikoConnection))"
            try { New-AurikoSession -SkipValidation; 'created' } catch { "error=$($_.FullyQualifiedErrorId)" }
        }
        $masked = (New-AurikoSession -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation).MaskedApiKey
        $expected = "$($server.BaseUrl)|$masked"
        $out[0] | Should -Be "Environment|$expected"
        $out[1] | Should -Be "New-AurikoSession|$expected"
        $out[2] | Should -Be "Connect-Auriko|$expected"
        $out[3] | Should -Be 'none=True' -Because 'a blank AURIKO_API_KEY is unset for the environment session'
        $out[4] | Should -BeLike 'error=NoApiKey*' -Because 'and for New-AurikoSession'
    }

    It 'an unusable AURIKO_BASE_URL is named by the environment session and by New-AurikoSession alike' {
        $out = Invoke-FreshPwsh -Environment @{ AURIKO_API_KEY = $key; AURIKO_BASE_URL = 'not a url' } {
            try { Get-AurikoIdentity -ErrorAction Stop } catch { "env=$($_.FullyQualifiedErrorId)|$($_.TargetObject)|$($_.Exception.Message)" }
            try { New-AurikoSession -SkipValidation } catch { "new=$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }
        }
        $out[0] | Should -BeLike "env=InvalidEnvironmentConfiguration*|not a url|*AURIKO_BASE_URL 'not a url'*"
        $out[1] | Should -BeLike "new=InvalidConnectionOptions*AURIKO_BASE_URL 'not a url'*"
    }
}
