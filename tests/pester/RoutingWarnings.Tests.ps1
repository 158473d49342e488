# The gateway's routing warnings (routing_metadata.warnings) as PowerShell warnings: one per warning,
# once per answer (a stream's: once, with its final chunk), governed by -WarningAction and
# $WarningPreference, and still on the object. The test server warns about a top-level 'metadata'
# (a plain-string warning) and 'prediction' (a structured one).
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    Connect-Auriko -ApiKey (New-AurikoTestKey) -BaseUrl $server.BaseUrl -SkipValidation
    $twoWarnings = @{ metadata = @{ run = 1 }; prediction = @{ type = 'content'; content = 'x' } }

    function Get-Record($Records, [type] $Type) { @($Records | Where-Object { $_ -is $Type }) }
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe 'Routing warnings' {
    BeforeEach { Reset-AurikoTestServer }

    It 'writes each warning of an answer once, and keeps them on the answer' {
        $records = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -AdditionalBody $twoWarnings 3>&1
        $answer = Get-Record $records ([Auriko.ChatCompletion])
        $warnings = Get-Record $records ([System.Management.Automation.WarningRecord])

        $answer.Count | Should -Be 1
        $answer[0].RoutingMetadata.Warnings.Count | Should -Be 2
        $warnings.Count | Should -Be 2
        $warnings[0].Message | Should -Match '^Auriko routing warning: unsupported_field: metadata'
        $warnings[1].Message | Should -Match "'prediction' is not supported"
        $warnings[1].Message | Should -Match 'unsupported_parameter, param prediction'
        foreach ($w in $warnings) { $w.Message | Should -Match ([regex]::Escape("request $($answer[0].RequestId)")) }
    }

    It 'writes them once per answer when prompts are piped' {
        $records = 'a', 'b', 'c' | Invoke-AurikoChatCompletion -Model gpt-4o -AdditionalBody @{ metadata = @{ run = 1 } } 3>&1
        (Get-Record $records ([Auriko.ChatCompletion])).Count | Should -Be 3
        (Get-Record $records ([System.Management.Automation.WarningRecord])).Count | Should -Be 3
    }

    It 'writes a stream''s warnings once, after its final chunk, not per chunk' {
        $records = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'a longer answer' -Stream -AdditionalBody ($twoWarnings + @{ emulator = @{ chunks = 6 } }) 3>&1)
        $chunks = Get-Record $records ([Auriko.ChatCompletionChunk])
        $warnings = Get-Record $records ([System.Management.Automation.WarningRecord])
        $chunks.Count | Should -BeGreaterThan 4
        $warnings.Count | Should -Be 2
        $chunks[-1].RoutingMetadata.Warnings.Count | Should -Be 2
        $lastChunk = [Array]::IndexOf($records, $chunks[-1])
        [Array]::IndexOf($records, $warnings[0]) | Should -BeGreaterThan $lastChunk
    }

    It 'writes nothing when the gateway has no warning' {
        $records = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' 3>&1
        Get-Record $records ([System.Management.Automation.WarningRecord]) | Should -BeNullOrEmpty
    }

    It '-WarningAction SilentlyContinue silences them; the answer still has them' {
        $records = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -AdditionalBody $twoWarnings -WarningAction SilentlyContinue 3>&1
        Get-Record $records ([System.Management.Automation.WarningRecord]) | Should -BeNullOrEmpty
        (Get-Record $records ([Auriko.ChatCompletion]))[0].RoutingMetadata.Warnings.Count | Should -Be 2
    }

    It '$WarningPreference silences them too, and -WarningVariable collects them' {
        $records = & {
            $WarningPreference = 'SilentlyContinue'
            Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -AdditionalBody $twoWarnings 3>&1
        }
        Get-Record $records ([System.Management.Automation.WarningRecord]) | Should -BeNullOrEmpty
        $collected = & {
            $WarningPreference = 'SilentlyContinue'
            $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -AdditionalBody $twoWarnings -WarningVariable w
            $w
        }
        @($collected).Count | Should -Be 2
        "$($collected[0])" | Should -Match 'Auriko routing warning'
    }

    It '-WarningAction Stop stops at the warning' {
        { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -AdditionalBody $twoWarnings -WarningAction Stop } |
            Should -Throw '*Auriko routing warning*'
    }

    It 'under -Debug alone: one debug line each, without a doubled prefix, unless $WarningPreference silences them' {
        $debug = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -AdditionalBody $twoWarnings -Debug 5>&1 |
            Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message
        @($debug | Where-Object { $_ -match '^Auriko routing warning: ' }).Count | Should -Be 2
        $debug | Should -Not -Match '^(WARNING|VERBOSE): '

        $quiet = & {
            $WarningPreference = 'SilentlyContinue'
            Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -AdditionalBody $twoWarnings -Debug 5>&1 |
                Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message
        }
        $quiet | Should -Not -Match 'routing warning'
    }
}
