# Enter-AurikoChat, and -InvokeTools Confirm answered at a real prompt, through a real terminal:
# an interactive pwsh in tmux, driven with send-keys and read with capture-pane. build.ps1 -Task
# Test installs tmux from Debian's packages when it is missing. Not on Windows (no tmux there).
BeforeDiscovery {
    $script:NoTmux = $IsWindows
}

Describe 'Enter-AurikoChat and -InvokeTools Confirm in a terminal (tmux)' -Skip:$script:NoTmux {
    BeforeAll {
        Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
        Import-Module (Get-AurikoTestModulePath) -Force
        if (-not (Get-Command tmux -CommandType Application -ErrorAction Ignore)) {
            throw 'tmux is not installed. ./build.ps1 -Task Test installs it (apt-get install tmux, as root); or install it yourself.'
        }
        $server = Start-AurikoTestServer
        $key = New-AurikoTestKey
        Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation

        $script:Socket = 'auriko-test-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        $script:Target = 'chat'
        $script:ReadyPrompt = 'PS-READY>'

        # What the terminal's pwsh runs first: the built module, a connection to the test server,
        # a tool that counts its runs, a helper for Confirm, and a short prompt to wait for.
        $setup = Join-Path $TestDrive 'setup.ps1'
        @"
`$ErrorActionPreference = 'Continue'
if (Get-Module PSReadLine) { Set-PSReadLineOption -HistorySaveStyle SaveNothing }
Import-Module '$((Get-AurikoTestModulePath) -replace "'", "''")' -ErrorAction Stop
Connect-Auriko -ApiKey '$key' -BaseUrl '$($server.BaseUrl)' -SkipValidation
`$global:ChatToolRuns = 0
function global:Get-ChatThing {
    <# .SYNOPSIS Gets a thing by name. .PARAMETER Name The thing's name. #>
    param([Parameter(Mandatory)] [string] `$Name)
    `$global:ChatToolRuns++
    "thing `$Name"
}
`$global:ThingTool = New-AurikoTool Get-ChatThing
function global:Test-Confirm([string[]] `$Names) {
    `$plan = @{ emulator = @{ tool_plan = @(`$Names | ForEach-Object { @{ name = 'Get-ChatThing'; arguments = @{ Name = `$_ } } }) } }
    `$before = `$global:ChatToolRuns
    `$r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'confirm test' -Tools `$global:ThingTool -InvokeTools Confirm -AdditionalBody `$plan
    'RESULT[' + ((`$r.History | Where-Object Role -eq 'tool' | ForEach-Object Content) -join ' / ') + '] RAN=' + (`$global:ChatToolRuns - `$before)
}
function global:prompt { '$($script:ReadyPrompt) ' }
"@ | Set-Content -LiteralPath $setup -Encoding utf8

        function Invoke-Tmux {
            $output = & tmux -L $script:Socket @args 2>&1
            if ($LASTEXITCODE -ne 0) { throw "tmux $($args -join ' ') failed: $output" }
            $output
        }

        # Types text literally (never read as key names), then Enter.
        function Send-Line([string] $Text) {
            Invoke-Tmux send-keys -t $script:Target -l $Text | Out-Null
            Invoke-Tmux send-keys -t $script:Target Enter | Out-Null
        }

        # The terminal's text, wrapped lines joined; -Escapes keeps the SGR styles (dim, bold).
        function Get-Screen([switch] $Escapes) {
            $arguments = @('capture-pane', '-p', '-J', '-t', $script:Target, '-S', '-2000')
            if ($Escapes) { $arguments += '-e' }
            (Invoke-Tmux @arguments) -join "`n"
        }

        function Get-LastLine {
            @((Get-Screen) -split "`n" | Where-Object { $_.Trim() }) | Select-Object -Last 1
        }

        # Polls the terminal until $Pattern matches (or the last line is $LastLine); fails with the screen.
        function Wait-Screen([string] $Pattern, [string] $LastLine, [int] $TimeoutSec = 30, [switch] $Escapes) {
            $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
            do {
                $screen = Get-Screen -Escapes:$Escapes
                if ($Pattern -and $screen -match $Pattern) { return $screen }
                if ($LastLine -and "$(Get-LastLine)".Trim() -eq $LastLine) { return $screen }
                Start-Sleep -Milliseconds 150
            } while ([DateTime]::UtcNow -lt $deadline)
            throw "The terminal did not show '$Pattern$LastLine' within $TimeoutSec s. It shows:`n$screen"
        }

        # Waits for $Pattern and returns its match (named groups included).
        function Wait-Match([string] $Pattern) {
            [regex]::Match((Wait-Screen $Pattern), $Pattern)
        }

        function Start-Chat([string] $Arguments) {
            Send-Line "Enter-AurikoChat $Arguments"
            $null = Wait-Screen -LastLine 'you>'
        }

        function Stop-Chat {
            Send-Line '/exit'
            $null = Wait-Screen -LastLine $script:ReadyPrompt
        }

        function Get-ChatBody { @(Get-AurikoTestRequest -Path '/chat/completions')[-1].Json }

        # Back at an empty PowerShell prompt whatever the last test left behind (a chat, a prompt):
        # Ctrl+C ends it, Ctrl+L and clear-history leave only the prompt on the screen.
        function Reset-Terminal {
            for ($i = 0; $i -lt 5 -and "$(Get-LastLine)".Trim() -ne $script:ReadyPrompt; $i++) {
                Invoke-Tmux send-keys -t $script:Target C-c | Out-Null
                Start-Sleep -Milliseconds 500
            }
            Invoke-Tmux send-keys -t $script:Target C-l | Out-Null
            Invoke-Tmux clear-history -t $script:Target | Out-Null
            $null = Wait-Screen -LastLine $script:ReadyPrompt -TimeoutSec 15
        }

        # NO_COLOR (even empty) makes PowerShell render plain text; the dim line is part of what is tested.
        $pwsh = @('env', '-u', 'NO_COLOR') + @(Get-PwshCommand)
        Invoke-Tmux new-session -d -s $script:Target -x 220 -y 50 `
            -e POWERSHELL_UPDATECHECK=Off -e POWERSHELL_TELEMETRY_OPTOUT=1 `
            @pwsh -NoProfile -NoLogo -NoExit -Command ". '$($setup -replace "'", "''")'" | Out-Null
        $null = Wait-Screen -LastLine $script:ReadyPrompt -TimeoutSec 90
    }

    AfterAll {
        & tmux -L $script:Socket kill-server 2>$null
        Disconnect-Auriko
        Stop-AurikoTestServer
    }

    BeforeEach {
        Reset-Terminal
        Reset-AurikoTestServer
    }

    It 'streams answers, keeps the conversation, and ends each answer with a dim line of provider, cost and total' {
        Start-Chat "-Model gpt-4o -SystemMessage 'Be brief.'"
        $screen = Wait-Screen 'Chat with gpt-4o through Auriko'
        $screen | Should -Match '/model <name>, /optimize <strategy>, /system <text>, /reset, /save <file>, /exit'

        Send-Line 'first question alpha'
        $m = Wait-Match 'Echo \(2 messages\): first question alpha\n(?<line>.*\| total .*)'
        ($m.Groups['line'].Value -match '^openai \| cost \$(?<cost>[\d.]+) \| total \$(?<total>[\d.]+)$') | Should -BeTrue -Because $m.Groups['line'].Value
        $cost1 = [double] $Matches.cost
        [double] $Matches.total | Should -Be $cost1
        $cost1 | Should -BeGreaterThan 0
        Wait-Screen 'alpha' -Escapes | Should -Match ([regex]::Escape("$([char]27)[2mopenai | cost")) -Because 'the cost line is dim'

        Send-Line 'second question bravo'
        $m = Wait-Match 'Echo \(4 messages\): second question bravo\n(?<line>.*\| total .*)'
        ($m.Groups['line'].Value -match '^openai \| cost \$(?<cost>[\d.]+) \| total \$(?<total>[\d.]+)$') | Should -BeTrue -Because $m.Groups['line'].Value
        [double] $Matches.total | Should -BeGreaterThan $cost1
        [Math]::Abs([double] $Matches.total - ($cost1 + [double] $Matches.cost)) | Should -BeLessThan 0.000002

        $body = Get-ChatBody
        $body.stream | Should -BeTrue
        @($body.messages.role) | Should -Be @('system', 'user', 'assistant', 'user')
        $body.messages[0].content | Should -Be 'Be brief.'
        Stop-Chat
    }

    It 'shows an answer while it arrives, before it is complete' {
        Add-AurikoTestScenario @{ kind = 'trickle'; chunks = 12; delay_ms = 300 }
        Start-Chat '-Model gpt-4o'
        Send-Line 'slow answer charlie'
        $partial = Wait-Screen 'slow answer charlie\n+Echo'
        $partial | Should -Not -Match 'Echo \(1 messages\): slow answer charlie' -Because 'only the first pieces have arrived'
        $null = Wait-Screen 'Echo \(1 messages\): slow answer charlie\n.*\| total'
        Stop-Chat
    }

    It 'stops the answer at Ctrl+C, not the chat; the stopped question is not kept' {
        Add-AurikoTestScenario @{ kind = 'trickle'; chunks = 40; delay_ms = 200 }
        Start-Chat '-Model gpt-4o'
        Send-Line 'interrupt delta'
        $null = Wait-Screen 'interrupt delta\n+Echo'
        Invoke-Tmux send-keys -t $script:Target C-c | Out-Null
        $screen = Wait-Screen '\(answer stopped; the question is not kept in the conversation\)\n+you>'
        $screen | Should -Not -Match 'Echo \(1 messages\): interrupt delta'

        Send-Line 'after stop echo'
        $null = Wait-Screen 'Echo \(1 messages\): after stop echo\n.*\| total'
        @((Get-ChatBody).messages).Count | Should -Be 1
        Stop-Chat
        Get-LastLine | Should -Match ([regex]::Escape($script:ReadyPrompt)) -Because '/exit ends the chat and PowerShell goes on'
    }

    It 'changes the next request with /model, /optimize, /system and /reset, and explains bad commands' {
        Start-Chat '-Model gpt-4o'
        Send-Line '/model claude-sonnet-4-6'
        $null = Wait-Screen 'model: claude-sonnet-4-6'
        Send-Line '/optimize cost'
        $null = Wait-Screen 'optimize: cost'
        Send-Line '/system Be terse.'
        $null = Wait-Screen 'system message set'
        Send-Line 'echo one'
        $null = Wait-Screen 'Echo \(2 messages\): echo one\n.*\| total'
        $body = Get-ChatBody
        $body.model | Should -Be 'claude-sonnet-4-6'
        $body.routing.optimize | Should -Be 'cost'
        $body.messages[0].role | Should -Be 'system'
        $body.messages[0].content | Should -Be 'Be terse.'

        Send-Line 'echo two'
        $null = Wait-Screen 'Echo \(4 messages\): echo two\n.*\| total'
        Send-Line '/reset'
        $null = Wait-Screen 'conversation cleared'
        Send-Line 'echo three'
        $null = Wait-Screen 'Echo \(2 messages\): echo three\n.*\| total'
        @((Get-ChatBody).messages.role) | Should -Be @('system', 'user')

        Send-Line '/optimize sideways'
        $null = Wait-Screen "Invalid value 'sideways' for routing.optimize"
        Send-Line '/frobnicate'
        $null = Wait-Screen 'unknown command /frobnicate; commands: /model'
        Send-Line 'still chatting'
        $null = Wait-Screen 'Echo \(4 messages\): still chatting\n.*\| total'
        Stop-Chat
    }

    It 'saves the conversation with /save as JSON that -History loads back' {
        $file = Join-Path $TestDrive 'saved-chat.json'
        Start-Chat "-Model gpt-4o -SystemMessage 'Saved system.'"
        Send-Line 'save me echo'
        $null = Wait-Screen 'Echo \(2 messages\): save me echo\n.*\| total'
        Send-Line "/save $file"
        $null = Wait-Screen "saved 3 messages to $([regex]::Escape($file))"
        Stop-Chat

        $file | Should -Exist
        $saved = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json
        @($saved.role) | Should -Be @('system', 'user', 'assistant')
        $saved[2].content | Should -Be 'Echo (2 messages): save me echo'

        Reset-AurikoTestServer
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -History (Get-Content -LiteralPath $file -Raw | ConvertFrom-Json) -Message 'and then'
        @($r.History.Role) | Should -Be @('system', 'user', 'assistant', 'user', 'assistant')
        (Get-ChatBody).messages[2].content | Should -Be 'Echo (2 messages): save me echo'

        Start-Chat "-Model gpt-4o -History (Get-Content '$file' -Raw | ConvertFrom-Json)"
        Send-Line 'resumed echo'
        $null = Wait-Screen 'Echo \(4 messages\): resumed echo\n.*\| total'
        Stop-Chat
    }

    It 'asks before each tool call in the chat: No is reported as declined, Yes runs it; /save keeps the tool calls' {
        Add-AurikoTestScenario @{ kind = 'ok'; times = -1; emulator = @{ tool_plan = @(@{ name = 'Get-ChatThing'; arguments = @{ Name = 'alpha' } }) } }
        Send-Line '$global:ChatToolRuns = 0'
        Start-Chat '-Model gpt-4o -Tools $global:ThingTool'
        Send-Line 'use the thing'
        $null = Wait-Screen 'The model asks to run Get-ChatThing with \{"Name":"alpha"\}\. Run it\?\n.*\[Y\] Yes  \[A\] Yes to All  \[N\] No  \[L\] No to All'
        Send-Line 'N'
        $null = Wait-Screen 'Tool Get-ChatThing \{"Name":"alpha"\}: declined by the user; not run\.\n.*Echo \(3 messages\): \{"declined":true,"error":"The user declined to run Get-ChatThing; it did not run\."\}\n.*\| total'

        Send-Line 'use it again'
        $null = Wait-Screen 'use it again\n(.*\n){1,4}.*Run it\?\n.*\[Y\] Yes'
        Send-Line 'Y'
        $null = Wait-Screen 'Tool Get-ChatThing \{"Name":"alpha"\}: ran in \d+ ms\.\n.*Echo \(7 messages\): "thing alpha"\n.*\| total'

        $file = Join-Path $TestDrive 'tool-chat.json'
        Send-Line "/save $file"
        $null = Wait-Screen 'saved 8 messages'
        Stop-Chat
        Send-Line '"RUNS=$global:ChatToolRuns"'
        $null = Wait-Screen '\nRUNS=1\n'

        $saved = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json
        @($saved.role) | Should -Be @('user', 'assistant', 'tool', 'assistant', 'user', 'assistant', 'tool', 'assistant')
        $saved[1].tool_calls[0].function.name | Should -Be 'Get-ChatThing'
        $saved[1].tool_calls[0].function.arguments | Should -Be '{"Name":"alpha"}'
        $saved[2].tool_call_id | Should -Be $saved[1].tool_calls[0].id
        ($saved[2].content | ConvertFrom-Json).declined | Should -BeTrue
        $saved[6].content | Should -Be '"thing alpha"'

        Reset-AurikoTestServer
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -History (Get-Content -LiteralPath $file -Raw | ConvertFrom-Json) -Message 'next'
        $sent = (Get-ChatBody).messages
        $sent.Count | Should -Be 9
        $sent[5].tool_calls[0].function.name | Should -Be 'Get-ChatThing'
        $sent[6].tool_call_id | Should -Be $saved[5].tool_calls[0].id
    }

    It 'Invoke-AurikoChatCompletion -InvokeTools Confirm: No declines one call, Yes runs the next' {
        Send-Line 'Test-Confirm one, two'
        $null = Wait-Screen 'Get-ChatThing with \{"Name":"one"\}\. Run it\?\n.*\[Y\] Yes'
        Send-Line 'N'
        $null = Wait-Screen 'Get-ChatThing with \{"Name":"two"\}\. Run it\?\n.*\[Y\] Yes'
        Send-Line 'Y'
        $screen = Wait-Screen 'RESULT\[.*\] RAN=\d+'
        $screen | Should -Match ([regex]::Escape('RESULT[{"declined":true,"error":"The user declined to run Get-ChatThing; it did not run."} / "thing two"] RAN=1'))
    }

    It 'Invoke-AurikoChatCompletion -InvokeTools Confirm: Yes to All asks once and runs every call' {
        Send-Line 'Test-Confirm ya1, ya2, ya3'
        $null = Wait-Screen 'with \{"Name":"ya1"\}\. Run it\?\n.*\[Y\] Yes'
        Send-Line 'A'
        $screen = Wait-Screen 'RESULT\["thing ya1".*\] RAN=\d+'
        $screen | Should -Match ([regex]::Escape('RESULT["thing ya1" / "thing ya2" / "thing ya3"] RAN=3'))
        $screen | Should -Not -Match 'with \{"Name":"ya2"\}\. Run it\?'
    }

    It 'Invoke-AurikoChatCompletion -InvokeTools Confirm: No to All asks once and runs nothing' {
        Send-Line 'Test-Confirm nn1, nn2, nn3'
        $null = Wait-Screen 'with \{"Name":"nn1"\}\. Run it\?\n.*\[Y\] Yes'
        Send-Line 'L'
        $screen = Wait-Screen 'RESULT\[\{"declined".*\] RAN=\d+'
        $screen | Should -Match 'RESULT\[(\{"declined":true,[^}]*\}( / )?){3}\] RAN=0'
        $screen | Should -Not -Match 'with \{"Name":"nn2"\}\. Run it\?'
    }
}

Describe 'Enter-AurikoChat outside an interactive console' {
    BeforeAll {
        Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
        $server = Start-AurikoTestServer
    }

    AfterAll { Stop-AurikoTestServer }

    It 'stops with a clear error, before any request, in a non-interactive host or with unusable parameters' {
        $result = Invoke-FreshPwsh -ArgumentList $server.BaseUrl -ScriptBlock {
            param($BaseUrl)
            Connect-Auriko -ApiKey 'ak_test_nonint_0000' -BaseUrl $BaseUrl -SkipValidation
            foreach ($run in { Enter-AurikoChat -Model gpt-4o -Temperature 5 }, { Enter-AurikoChat -Model gpt-4o -Models a, b }, { Enter-AurikoChat -Model gpt-4o }) {
                try { & $run; 'no error' } catch { "$($_.FullyQualifiedErrorId) | $($_.Exception.Message)" }
            }
        }
        $result[0] | Should -Match '^invalid_request,.*temperature'
        $result[1] | Should -BeLike 'ModelAndModels,*'
        $result[2] | Should -Match '^ChatNeedsInteractiveHost,.*needs an interactive host'
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 0
    }
}
