# Help examples that tests/pester/HelpExamples.Tests.ps1 cannot run against the loopback test server,
# each with the reason the test report shows. Keys are example ids as Get-AurikoHelpExample gives
# them: '<Command or about topic>: <example title without "Example N:">'. Keep this list short: an
# example that needs only a key, a model or a file runs (the test supplies $key, $prodKey,
# $labKey, prompts.txt and a Get-Secret stand-in). An entry that names no example fails the test.
@{
    'Connect-Auriko: Tune timeouts and retries for an unattended script' =
        'it sends the requests through http://proxy.corp.example:8080, a proxy that exists only in the example'
}
