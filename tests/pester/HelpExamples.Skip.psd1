# Help examples that tests/pester/HelpExamples.Tests.ps1 cannot run against the loopback test server,
# each with the reason the test report shows. Keys are example ids as Get-AurikoHelpExample gives
# them: '<Command or about topic>: <example title without "Example N:">'. Keep this list short: an
# example that needs only a key, a model or a file runs (the test supplies $key, $prodKey,
# $labKey, prompts.txt and a Get-Secret stand-in). An entry that names no example fails the test.
@{
    'Connect-Auriko: Tune timeouts and retries for an unattended script' =
        'it sends the requests through http://proxy.corp.example:8080, a proxy that exists only in the example'
    'Enter-AurikoChat: Chat, change the model, save the conversation' =
        'the chat reads lines from an interactive console; ChatConsole.Tests.ps1 drives it in a real terminal (tmux)'
    'Enter-AurikoChat: Let the model run two read-only commands' =
        'the chat reads lines from an interactive console, and Get-Service and Get-WinEvent exist only on Windows'
    'Enter-AurikoChat: Go on with a saved conversation' =
        'the chat reads lines from an interactive console; ChatConsole.Tests.ps1 covers /save and -History in tmux'
    'Invoke-AurikoChatCompletion: Let the model run two read-only commands' =
        'Get-Service and Get-WinEvent exist only on Windows; Tools.Tests.ps1 runs the same loop with portable commands'
    'New-AurikoTool: Let the model run two read-only commands' =
        'Get-Service and Get-WinEvent exist only on Windows; Tools.Tests.ps1 runs the same loop with portable commands'
    'New-AurikoTool: Tools from Get-Command, in a chat' =
        'it names a Get-DiskUsage function of the reader''s own and opens the interactive chat'
}
