# Issues 3 and 6, secrets: a canary key through every fault of the matrix and every cmdlet scenario
# (parameter errors, environment defaults and ForEach-Object -Parallel included) in one fresh pwsh, with Verbose and Debug on and every stream captured, must be found in zero
# places; the key is never sent to a non-loopback http:// URL without -AllowInsecureHttp; TLS
# validation is never disabled; proxies from the environment are honoured.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $modulePath = Get-AurikoTestModulePath
    $runnerPath = "$PSScriptRoot/fixtures/faults/FaultRunner.psm1"
    $repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $server = Start-AurikoTestServer
    $serverPort = ([uri]$server.Url).Port
    if (-not ('AurikoRecordingProxy' -as [type])) {
        Add-Type -TypeDefinition (Get-Content -Raw "$PSScriptRoot/fixtures/secrets/RecordingProxy.cs")
    }

    function Invoke-ChildScript {
        <#
        Runs $Script (text) in a fresh pwsh -NoProfile with $Arguments (CliXml) and $Environment;
        returns { Result (what the script returned), Stdout, Stderr, ExitCode }.
        #>
        param([string] $Script, [object[]] $Arguments = @(), [hashtable] $Environment = @{}, [int] $TimeoutSec = 150)
        $dir = Join-Path ([IO.Path]::GetTempPath()) ('auriko-secrets-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $dir
        try {
            $Arguments | Export-Clixml -Path (Join-Path $dir 'args.clixml') -Depth 5
            @"
`$__dir = '$dir'
`$NoProxy = if ((Get-Command Invoke-RestMethod).Parameters.ContainsKey('NoProxy')) { @{ NoProxy = `$true } } else { @{} }
`$__args = @(Import-Clixml -Path (Join-Path `$__dir 'args.clixml'))
`$__sb = [scriptblock]::Create(@'
$Script
'@)
`$__out = & `$__sb @__args
Export-Clixml -InputObject `$__out -Path (Join-Path `$__dir 'out.clixml') -Depth 4
"@ | Set-Content -Path (Join-Path $dir 'child.ps1') -Encoding utf8
            $cmd = @(Get-PwshCommand)
            $psi = New-ProcessStartInfo $cmd[0] -ArgumentList (@($cmd | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $dir 'child.ps1')))
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            foreach ($name in 'AURIKO_API_KEY', 'AURIKO_BASE_URL', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy') {
                $psi.Environment.Remove($name) | Out-Null
            }
            foreach ($k in $Environment.Keys) { $psi.Environment[$k] = [string]$Environment[$k] }
            $p = [System.Diagnostics.Process]::Start($psi)
            $stdout = $p.StandardOutput.ReadToEndAsync()
            $stderr = $p.StandardError.ReadToEndAsync()
            if (-not $p.WaitForExit($TimeoutSec * 1000)) {
                Stop-ProcessTree $p
                throw "The child pwsh did not finish within $TimeoutSec s."
            }
            $p.WaitForExit()
            $outPath = Join-Path $dir 'out.clixml'
            if (-not (Test-Path $outPath)) { throw "The child pwsh failed (exit $($p.ExitCode)): $($stderr.Result) $($stdout.Result)" }
            [pscustomobject]@{ Result = Import-Clixml $outPath; Stdout = $stdout.Result; Stderr = $stderr.Result; ExitCode = $p.ExitCode }
        }
        finally { Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }
    }
}

AfterAll {
    Disconnect-Auriko -ErrorAction SilentlyContinue
    Stop-AurikoTestServer
}

Describe 'A canary key through every scenario is found in zero places' {
    It 'runs the fault matrix, Ctrl+C phases and the cmdlet suite with Verbose and Debug on, and scans every output' {
        $unique = [guid]::NewGuid().ToString('N')
        $key = 'ak_live_LEAKCANARY_' + $unique
        $child = Invoke-ChildScript -Arguments $key, $server.BaseUrl, $server.Url, $modulePath, $runnerPath -Script {
            param($key, $url, $root, $modulePath, $runnerPath)
            $ErrorActionPreference = 'Continue'
            $global:VerbosePreference = 'Continue'
            $global:DebugPreference = 'Continue'
            $global:InformationPreference = 'Continue'
            $work = Join-Path ([IO.Path]::GetTempPath()) ('auriko-canary-' + [guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory -Path $work
            Start-Transcript -Path (Join-Path $work 'transcript.txt') | Out-Null
            Import-Module $modulePath
            Import-Module $runnerPath
            $places = [System.Collections.Generic.List[object]]::new()
            function Add-Place([string] $Name, $Value) {
                $text = if ($null -eq $Value) { '' } elseif ($Value -is [string]) { $Value } else { $Value | Out-String -Width 500 }
                $places.Add([pscustomobject]@{ Name = $Name; Text = [string]$text })
            }
            function Add-Objects([string] $Name, [object[]] $Objects) {
                $i = 0
                foreach ($o in @($Objects)) {
                    $i++
                    if ($null -eq $o) { continue }
                    Add-Place "$Name #$i Out-String" $o
                    Add-Place "$Name #$i Format-List * -Force" ($o | Format-List * -Force | Out-String -Width 500)
                    if ($o -is [System.Management.Automation.ErrorRecord]) {
                        Add-Place "$Name #$i ToString" $o.ToString()
                        Add-Place "$Name #$i Exception.ToString()" $o.Exception.ToString()
                        Add-Place "$Name #$i Exception Format-List" ($o.Exception | Format-List * -Force | Out-String -Width 500)
                    }
                    elseif ($o -is [System.Management.Automation.InformationalRecord]) { Add-Place "$Name #$i Message" $o.Message }
                    elseif ($o -is [System.Management.Automation.InformationRecord]) { Add-Place "$Name #$i MessageData" "$($o.MessageData)" }
                    else {
                        Add-Place "$Name #$i ToString" "$o"
                        try { Add-Place "$Name #$i ConvertTo-Json" ($o | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue) } catch { Add-Place "$Name #$i ConvertTo-Json failed" $_.ToString() }
                        try { Add-Place "$Name #$i CliXml" ([System.Management.Automation.PSSerializer]::Serialize($o, 3)) } catch { }
                    }
                }
                # What a user sees on the console, too (stdout is scanned by the parent).
                $Objects | Out-Host
            }
            function Invoke-Scenario([string] $Name, [scriptblock] $Block) {
                $records = @(try { & $Block *>&1 } catch { $_ })
                Add-Objects $Name $records
                $records
            }
            function Add-Scenario([hashtable] $s) {
                $null = Invoke-RestMethod @NoProxy -Verbose:$false -Debug:$false -Method Post -Uri "$root/_test/scenarios" -ContentType 'application/json' -Body (@{ scenarios = @($s) } | ConvertTo-Json -Depth 5)
            }
            function Reset-Server { $null = Invoke-RestMethod @NoProxy -Verbose:$false -Debug:$false -Method Post -Uri "$root/_test/reset" }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            function Write-Lap([string] $What) { [Console]::Error.WriteLine(('LAP {0,6:N0} ms {1}' -f $clock.ElapsedMilliseconds, $What)) }

            # The main cmdlet scenarios.
            $null = Invoke-Scenario 'Connect-Auriko (validated)' { Connect-Auriko -ApiKey $key -BaseUrl $url -PassThru -Verbose -Debug }
            $null = Invoke-Scenario 'Connect-Auriko (SecureString)' { Connect-Auriko -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force) -BaseUrl $url -PassThru -Verbose }
            $session = Get-AurikoConnection
            Add-Place 'session ToString()' $session.ToString()
            Add-Place 'session "$()"' "$session"
            Add-Place 'session Format-List * -Force' ($session | Format-List * -Force | Out-String -Width 500)
            Add-Place 'session Format-Table' ($session | Format-Table * | Out-String -Width 500)
            Add-Place 'session ConvertTo-Json' ($session | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue)
            Add-Place 'session CliXml' ([System.Management.Automation.PSSerializer]::Serialize($session, 5))
            Add-Place 'session properties' (($session.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join "`n")
            $null = Invoke-Scenario 'Get-AurikoConnection' { Get-AurikoConnection -Verbose }
            $chat = Invoke-Scenario 'Invoke-AurikoChatCompletion' { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'hello canary' -Verbose -Debug }
            $stream = Invoke-Scenario 'Invoke-AurikoChatCompletion -Stream' { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'hello canary' -Stream -Verbose -Debug }
            $null = Invoke-Scenario 'continue a conversation' { $chat | Where-Object { $_ -is [Auriko.ChatCompletion] } | Invoke-AurikoChatCompletion -Message 'and then?' -Verbose -Debug }
            $null = Invoke-Scenario 'Get-AurikoIdentity' { Get-AurikoIdentity -Verbose -Debug }
            $workspaces = Invoke-Scenario 'Get-AurikoWorkspace' { Get-AurikoWorkspace -Verbose -Debug }
            $budgets = Invoke-Scenario 'Get-AurikoBudget' { Get-AurikoWorkspace | Get-AurikoBudget -Verbose -Debug }
            $models = Invoke-Scenario 'Get-AurikoModel' { Get-AurikoModel -Verbose -Debug }
            $null = Invoke-Scenario 'Get-AurikoModel -Detailed' { Get-AurikoModel -Detailed -Verbose -Debug }
            $null = Invoke-Scenario 'Get-AurikoProvider' { Get-AurikoProvider -Verbose -Debug }
            $null = Invoke-Scenario 'Get-AurikoWorkspace -Id missing' { Get-AurikoWorkspace -Id 'ws_missing' -Verbose -Debug }
            $null = Invoke-Scenario 'Get-AurikoBudget -Id missing' { Get-AurikoBudget -Id 'bdgt_missing' -Verbose -Debug }
            $null = Invoke-Scenario 'bad parameters' { Invoke-AurikoChatCompletion -Model gpt-4o -Message x -Temperature 9 -Debug }
            $null = Invoke-Scenario 'bad routing' { Invoke-AurikoChatCompletion -Model gpt-4o -Message x -Routing @{ bogus = 1 } -Debug }
            # ForEach-Object -Parallel exists in PowerShell 7 only.
            $parallel = if ($PSVersionTable.PSEdition -eq 'Desktop') { @() } else {
                Invoke-Scenario 'ForEach-Object -Parallel' { 1..2 | ForEach-Object -Parallel { Import-Module $using:modulePath; Invoke-AurikoChatCompletion -Model gpt-4o -Message "p$_" -Verbose -Debug } }
            }
            foreach ($c in @($chat | Where-Object { $_ -is [Auriko.ChatCompletion] })) {
                Add-Place 'completion GetRawJson()' $c.GetRawJson()
                Add-Place 'completion ResponseHeaders.All' ($c.ResponseHeaders.All | Format-List * | Out-String -Width 500)
            }

            Write-Lap 'Export-Csv of what the cmdlets return.'
            # Export-Csv of what the cmdlets return.
            $csv = @{
                'connection.csv' = @(Get-AurikoConnection)
                'chat.csv'       = @($chat | Where-Object { $_ -is [Auriko.ChatCompletion] })
                'stream.csv'     = @($stream | Where-Object { $_ -is [Auriko.ChatCompletionChunk] })
                'workspaces.csv' = @($workspaces | Where-Object { $_ -isnot [System.Management.Automation.InformationalRecord] })
                'budgets.csv'    = @($budgets | Where-Object { $_ -isnot [System.Management.Automation.InformationalRecord] })
                'models.csv'     = @($models | Where-Object { $_ -isnot [System.Management.Automation.InformationalRecord] })
                'errors.csv'     = @($Error | Select-Object -First 20)
            }
            foreach ($name in $csv.Keys) {
                $path = Join-Path $work $name
                $csv[$name] | Export-Csv -Path $path -NoTypeInformation
                Add-Place "Export-Csv $name" (Get-Content -Raw -Path $path)
            }

            Write-Lap 'A rejected key, an insecure URL, a key from the environment.'
            # A rejected key, an insecure URL, a key from the environment.
            Add-Scenario @{ kind = 'error'; status = 401; code = 'invalid_api_key'; path = '/v1/me' }
            $null = Invoke-Scenario 'Connect-Auriko rejected (401)' { Connect-Auriko -ApiKey $key -BaseUrl $url -Verbose -Debug -ErrorAction Stop }
            $null = Invoke-Scenario 'Connect-Auriko to http://example.invalid' { Connect-Auriko -ApiKey $key -BaseUrl 'http://example.invalid/v1' -Verbose -Debug -ErrorAction Stop }
            Disconnect-Auriko
            $env:AURIKO_API_KEY = $key
            $env:AURIKO_BASE_URL = $url
            $null = Invoke-Scenario 'environment key: chat' { Invoke-AurikoChatCompletion -Model gpt-4o -Message env -Verbose -Debug }
            $null = Invoke-Scenario 'environment key: Get-AurikoConnection' { Get-AurikoConnection | Format-List * -Force }
            $null = Invoke-Scenario 'environment key: -Model with -Models' { Invoke-AurikoChatCompletion -Model gpt-4o -Models a -Message env }
            $env:AURIKO_BASE_URL = 'http://example.invalid/v1'
            $null = Invoke-Scenario 'environment key: insecure base URL' { Invoke-AurikoChatCompletion -Model gpt-4o -Message env -Verbose -Debug }
            Remove-Item env:AURIKO_API_KEY, env:AURIKO_BASE_URL

            Write-Lap 'Every row of the fault matrix.'
            # Every row of the fault matrix.
            $sessions = New-FaultSessions -BaseUrl $url -Key $key
            foreach ($row in Get-FaultMatrix) {
                $r = Invoke-FaultRow -Row $row -Sessions $sessions -ControlUrl $root
                Add-Objects "fault: $($row.Name)" $r.Records
            }
            Reset-Server
            Add-Scenario @{ kind = 'large_body'; bytes = 70MB; path = '/v1/chat/completions' }
            $null = Invoke-Scenario 'fault: huge body' { Invoke-AurikoChatCompletion -Session $sessions.Retry -Model gpt-4o -Message big }

            Write-Lap 'Ctrl+C in each phase: whatever the stopped pipeline wrote.'
            # Ctrl+C in each phase: whatever the stopped pipeline wrote. (The transcript pauses
            # here: while one is active, this thread stalls until the background pipeline ends.)
            Stop-Transcript | Out-Null
            $phases = @(
                @{ Name = 'hang'; Scenario = @{ kind = 'hang'; path = '/v1/chat/completions' }; Stream = $false; Until = { param($ps, $out) (Invoke-RestMethod @NoProxy "$root/_test/stats" -Verbose:$false -Debug:$false).requests -ge 1 } }
                @{ Name = 'streaming'; Scenario = @{ kind = 'silent_after'; after = 2; path = '/v1/chat/completions' }; Stream = $true; Until = { param($ps, $out) $out.Count -ge 2 } }
                @{ Name = 'backing off'; Scenario = @{ kind = 'error'; status = 429; code = 'rate_limit_exceeded'; retry_after = 30; path = '/v1/chat/completions' }; Stream = $false; Until = { param($ps, $out) $ps.Streams.Warning.Count -ge 1 -or @($ps.Streams.Debug | Where-Object Message -like '*Retrying*').Count -ge 1 } }
            )
            foreach ($phase in $phases) {
                Reset-Server
                Add-Scenario $phase.Scenario
                $m = Measure-PipelineStop -ModulePath $modulePath -Parameters @{ s = $sessions.Retry; stream = $phase.Stream } -Until $phase.Until -Script {
                    param($s, $stream)
                    $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
                    Invoke-AurikoChatCompletion -Session $s -Model gpt-4o -Message x -Stream:$stream -Debug
                }.ToString()
                Write-Lap "stopped $($phase.Name) in $($m.StopMs) ms; $(@($m.Output).Count) out, $(@($m.Debug).Count) debug, $(@($m.Verbose).Count) verbose"
                Add-Objects "Ctrl+C $($phase.Name)" (@($m.Output) + @($m.Warnings) + @($m.Errors) + @($m.Verbose) + @($m.Debug) + @($m.Information))
            }
            Start-Transcript -Path (Join-Path $work 'transcript.txt') -Append | Out-Null
            $null = Invoke-Scenario 'Disconnect-Auriko' { Disconnect-Auriko -Verbose }

            Write-Lap 'Everything $Error holds.'
            # Everything $Error holds.
            Add-Place '$Error | Format-List * -Force' ($Error | Format-List * -Force | Out-String -Width 500)
            Add-Place '$Error | Out-String' ($Error | Out-String -Width 500)
            $n = 0
            foreach ($e in $Error) {
                $n++
                if ($e -is [System.Management.Automation.ErrorRecord]) {
                    Add-Place "`$Error[$n] Exception.ToString()" $e.Exception.ToString()
                    Add-Place "`$Error[$n] ErrorDetails" "$($e.ErrorDetails)"
                }
                else { Add-Place "`$Error[$n] ToString()" $e.ToString() }
            }
            Write-Lap 'done'
            Stop-Transcript | Out-Null
            Add-Place 'transcript' (Get-Content -Raw -Path (Join-Path $work 'transcript.txt'))
            Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
            [pscustomobject]@{ Places = @($places); ErrorCount = $Error.Count; Masked = $session.MaskedApiKey; ParallelAnswers = @($parallel | Where-Object { $_ -is [Auriko.ChatCompletion] }).Count }
        }.ToString()

        $child.Stderr -split "`r?`n" | Where-Object { $_ -like 'LAP*' } | ForEach-Object { Write-Host "  $_" }
        $places = [System.Collections.Generic.List[object]]::new()
        foreach ($p in $child.Result.Places) { $places.Add($p) }
        $places.Add([pscustomobject]@{ Name = 'child stdout'; Text = $child.Stdout })
        $places.Add([pscustomobject]@{ Name = 'child stderr'; Text = $child.Stderr })

        $needles = @($key, $unique) + @(0..($unique.Length - 8) | ForEach-Object { $unique.Substring($_, 8) })
        $found = [System.Collections.Generic.List[string]]::new()
        $chars = 0L
        foreach ($p in $places) {
            $text = [string]$p.Text
            $chars += $text.Length
            foreach ($needle in $needles) {
                if ($text.IndexOf($needle, [StringComparison]::OrdinalIgnoreCase) -ge 0) { $found.Add("$($p.Name) contains '$needle'"); break }
            }
        }
        Write-Host ("  Secrets: {0} places checked ({1:N0} characters, {2} `$Error records, {3} needles: the key and every 8-char fragment of its unique part); key found in {4} place(s)." -f $places.Count, $chars, $child.Result.ErrorCount, $needles.Count, $found.Count)
        $resultsDir = Join-Path $repoRoot 'out/test-results'
        $null = New-Item -ItemType Directory -Path $resultsDir -Force
        [ordered]@{ placesChecked = $places.Count; characters = $chars; errorRecords = $child.Result.ErrorCount; needles = $needles.Count; found = $found.Count; where = @($found) } |
            ConvertTo-Json | Set-Content -LiteralPath (Join-Path $resultsDir 'secrets.json') -Encoding utf8

        # The scan looked at real output: the masked key and every fault's errors are there.
        $places.Count | Should -BeGreaterThan 500
        $child.Result.ErrorCount | Should -BeGreaterThan 30
        if (-not (Test-WindowsPowerShell)) {
            $child.Result.ParallelAnswers | Should -Be 2 -Because 'the -Parallel runspaces really answered with the default session'
        }
        $child.Result.Masked | Should -Be ('ak_l' + [char]0x2026 + $unique.Substring($unique.Length - 4))
        ($places | Where-Object Name -eq 'session Format-List * -Force').Text | Should -Match ([regex]::Escape($child.Result.Masked))
        $child.Stdout | Should -Match 'LimitsExceeded|RateLimit|rate_limit'
        $found | Should -BeNullOrEmpty -Because 'the key must appear nowhere'
    }
}

Describe 'No key over plain http:// to a non-loopback host; proxies from the environment' {
    BeforeAll {
        $proxy = [AurikoRecordingProxy]::new($serverPort)
    }
    AfterAll { $proxy.Dispose() }
    BeforeEach { Reset-AurikoTestServer }

    It 'Connect-Auriko refuses http://example.invalid with a clear SecurityError, before any network I/O' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $err = $null
        try { Connect-Auriko -ApiKey (New-AurikoTestKey) -BaseUrl 'http://example.invalid/v1' -ErrorAction Stop } catch { $err = $_ }
        $sw.Stop()
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'InsecureHttpRefused,*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        $err.Exception | Should -BeOfType ([Auriko.AurikoException])
        $err.ToString() | Should -Match 'example\.invalid'
        $err.ToString() | Should -Match 'AllowInsecureHttp'
        $err.ToString() | Should -Match 'https://'
        $sw.ElapsedMilliseconds | Should -BeLessThan 1000 -Because 'no DNS lookup or connect was attempted'
        Get-AurikoConnection -ErrorAction SilentlyContinue | Where-Object { "$($_.BaseUrl)" -like '*example.invalid*' } | Should -BeNullOrEmpty
    }

    It 'with the environment proxy set, a refused URL sends nothing; -AllowInsecureHttp sends through the proxy (absolute-URI request line)' {
        $proxyUrl = "http://127.0.0.1:$($proxy.Port)"
        $before = $proxy.RequestLines.Count
        $child = Invoke-ChildScript -Environment @{ HTTP_PROXY = $proxyUrl } -Arguments $modulePath, (New-AurikoTestKey), $serverPort -Script {
            param($modulePath, $key, $port)
            Import-Module $modulePath
            $out = [ordered]@{}
            try { Connect-Auriko -ApiKey $key -BaseUrl 'http://example.invalid/v1' -ErrorAction Stop; $out.ExampleInvalid = 'connected' } catch { $out.ExampleInvalid = $_.FullyQualifiedErrorId + ' | ' + $_.ToString() }
            try { Connect-Auriko -ApiKey $key -BaseUrl "http://auriko.test:$port/v1" -ErrorAction Stop; $out.AurikoTest = 'connected' } catch { $out.AurikoTest = $_.FullyQualifiedErrorId + ' | ' + $_.ToString() }
            $env:AURIKO_API_KEY = $key
            $env:AURIKO_BASE_URL = "http://auriko.test:$port/v1"
            $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'env' -ErrorAction SilentlyContinue -ErrorVariable ev
            $out.EnvSession = if ($ev) { $ev[0].Exception.GetType().FullName + ' | ' + $ev[0].ToString() } else { 'sent' }
            Remove-Item env:AURIKO_API_KEY, env:AURIKO_BASE_URL
            $s = Connect-Auriko -ApiKey $key -BaseUrl "http://auriko.test:$port/v1" -AllowInsecureHttp -PassThru -ErrorAction Stop
            $out.OptInUser = $s.UserId
            $c = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'through the proxy'
            $out.OptInAnswer = $c.Message.Content
            [pscustomobject]$out
        }.ToString()
        $r = $child.Result
        $lines = @($proxy.RequestLines.ToArray() | Select-Object -Skip $before)
        Write-Host "  proxy saw: $($lines -join ' ; ')"
        $r.ExampleInvalid | Should -BeLike 'InsecureHttpRefused,*example.invalid*'
        $r.AurikoTest | Should -BeLike 'InsecureHttpRefused,*auriko.test*'
        $r.EnvSession | Should -BeLike 'Auriko.AurikoException | *Refusing*auriko.test*AllowInsecureHttp*'
        $r.OptInUser | Should -Not -BeNullOrEmpty -Because 'GET /me went through the proxy'
        $r.OptInAnswer | Should -Be 'Echo (1 messages): through the proxy'
        $lines.Count | Should -Be 2 -Because 'only the opted-in session sent anything: GET /me and the chat'
        $lines[0] | Should -Match "^GET http://auriko\.test:$serverPort/v1/me HTTP/1\.1$"
        $lines[1] | Should -Match "^POST http://auriko\.test:$serverPort/v1/chat/completions HTTP/1\.1$"
        @(Get-AurikoTestRequest).Count | Should -Be 2
    }

    It 'honours an explicit -Proxy too' {
        $before = $proxy.RequestLines.Count
        $s = Connect-Auriko -ApiKey (New-AurikoTestKey) -BaseUrl "http://auriko.test:$serverPort/v1" -AllowInsecureHttp -SkipValidation -Proxy "http://127.0.0.1:$($proxy.Port)" -PassThru
        $c = Invoke-AurikoChatCompletion -Session $s -Model gpt-4o -Message 'explicit proxy'
        $c.Message.Content | Should -Be 'Echo (1 messages): explicit proxy'
        $lines = @($proxy.RequestLines.ToArray() | Select-Object -Skip $before)
        $lines | Should -Be @("POST http://auriko.test:$serverPort/v1/chat/completions HTTP/1.1")
        @($proxy.HadAuthorization.ToArray())[-1] | Should -BeTrue -Because 'the opted-in key went through the proxy'
    }
}

Describe 'TLS validation is never disabled' {
    It 'no source file under src/ mentions a certificate validation override' {
        $patterns = 'ServerCertificateCustomValidationCallback', 'DangerousAcceptAnyServerCertificateValidator',
            'ServerCertificateValidationCallback', 'RemoteCertificateValidationCallback', 'CheckCertificateRevocationList\s*=\s*false'
        $files = @(Get-ChildItem -Path (Join-Path $repoRoot 'src') -Recurse -File -Include *.cs, *.csproj, *.props, *.targets |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
        $files.Count | Should -BeGreaterThan 20
        $hits = @($files | Select-String -Pattern $patterns)
        $hits | ForEach-Object { "$($_.Path):$($_.LineNumber): $($_.Line.Trim())" } | Should -BeNullOrEmpty
    }

    It 'no built assembly of the module references a certificate validation override' {
        $dlls = @(Get-ChildItem -Path (Split-Path $modulePath -Parent) -Recurse -Filter *.dll)
        $dlls.Count | Should -BeGreaterThan 2
        $names = 'ServerCertificateCustomValidationCallback', 'DangerousAcceptAnyServerCertificateValidator', 'ServerCertificateValidationCallback', 'RemoteCertificateValidationCallback'
        $hits = foreach ($dll in $dlls) {
            $text = [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($dll.FullName))
            foreach ($n in $names) { if ($text.Contains($n)) { "$($dll.Name): $n" } }
        }
        $hits | Should -BeNullOrEmpty
    }
}
