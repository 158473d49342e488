#Requires -Version 7.2
<#
.SYNOPSIS
    The Demo task: a short tour of the module in the terminal.

.DESCRIPTION
    Without AURIKO_API_KEY it starts the bundled loopback test server and runs against it (no
    account, no network); with AURIKO_API_KEY it runs against the real API (AURIKO_BASE_URL, or
    the default https://api.auriko.ai/v1). It connects, streams an answer to the console as it
    arrives, shows the routing metadata and response headers, continues the conversation, and
    writes a budget report (Get-AurikoWorkspace | Get-AurikoBudget | Export-Csv) to
    <OutputPath>/budgets.csv. The test server is stopped at the end, also when a step fails.

    Why here: build tooling that never ships lives in tests/tools/ (see AurikoHelp.psm1).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $TestServerDll,
    [Parameter(Mandatory)] [string] $OutputPath,
    # The model to ask; AURIKO_DEMO_MODEL overrides the default.
    [string] $Model = $(if ($env:AURIKO_DEMO_MODEL) { $env:AURIKO_DEMO_MODEL } else { 'gpt-4o-mini' })
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$accent = $PSStyle.Foreground.BrightCyan
$dim = $PSStyle.Foreground.BrightBlack
$reset = $PSStyle.Reset

function Write-Section([string] $Title) {
    Write-Host ''
    Write-Host "$accent$($PSStyle.Bold)» $Title$reset"
}

function Write-Command([string] $Text) {
    Write-Host "${dim}PS> $Text$reset"
}

# Starts the loopback emulator on a free port and returns the process and its /v1 URL.
function Start-DemoServer {
    if (-not (Test-Path -LiteralPath $TestServerDll)) { throw "The test server is not built: $TestServerDll (run ./build.ps1 -Task Build)." }
    $psi = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $TestServerDll, '--port', '0') { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardInput = $true    # the server exits when its stdin closes
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($psi)
    $null = $process.StandardError.ReadToEndAsync()
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds(30)) -or $line.Result -notmatch '^AURIKO_TEST_SERVER (\S+)') {
        try { $process.Kill($true) } catch { }
        throw 'The test server did not start within 30 seconds.'
    }
    $null = $process.StandardOutput.ReadToEndAsync()
    [pscustomobject]@{ Process = $process; BaseUrl = $Matches[1].TrimEnd('/') + '/v1' }
}

function Stop-DemoServer($Server) {
    if (-not $Server) { return }
    try { $Server.Process.StandardInput.Close() } catch { }
    if (-not $Server.Process.WaitForExit(5000)) { try { $Server.Process.Kill($true) } catch { } }
}

$server = $null
$stopwatch = [Diagnostics.Stopwatch]::StartNew()
try {
    Import-Module $ModulePath -Force
    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    $local = -not $env:AURIKO_API_KEY

    Write-Section 'Connect'
    if ($local) {
        Write-Host "AURIKO_API_KEY is not set, so this demo runs against the bundled test server (no account needed)."
        $server = Start-DemoServer
        # The test server accepts any key; this one is made up for the demo.
        Write-Command "Connect-Auriko -ApiKey 'ak_demo_...' -BaseUrl $($server.BaseUrl)"
        Connect-Auriko -ApiKey ('ak_demo_' + [guid]::NewGuid().ToString('N')) -BaseUrl $server.BaseUrl
    }
    else {
        $target = if ($env:AURIKO_BASE_URL) { $env:AURIKO_BASE_URL } else { 'https://api.auriko.ai/v1' }
        Write-Host "AURIKO_API_KEY is set: running against the Auriko API at $target (model $Model; set AURIKO_DEMO_MODEL to change it)."
        Write-Command 'Connect-Auriko'
        Connect-Auriko
    }
    Write-Command 'Get-AurikoConnection'
    Get-AurikoConnection | Format-List BaseUrl, @{ n = 'ApiKey'; e = 'MaskedApiKey' }, TimeoutSec, MaxRetries, WorkspaceId | Out-Host

    Write-Section 'Stream an answer as it arrives'
    $question = 'In two sentences: why route LLM requests through a gateway?'
    # The test server echoes the question; ask it to send it in small timed pieces, so the
    # streaming is visible. The real API gets a plain request.
    $shape = if ($local) { @{ AdditionalBody = @{ emulator = @{ chunks = 24; delay_ms = 40 } } } } else { @{} }
    Write-Command "Invoke-AurikoChatCompletion -Model $Model -Message '$question' -Stream | Write-Host -NoNewline"
    $final = Invoke-AurikoChatCompletion -Model $Model -Message $question -Stream @shape |
        ForEach-Object {
            Write-Host $_.Content -NoNewline
            if ($_.IsFinal) { $_ }
        }
    Write-Host ''

    Write-Section 'Routing metadata (the final chunk)'
    $meta = $final.RoutingMetadata
    [pscustomobject]@{
        Provider        = $meta.Provider
        ProviderModelId = $meta.ProviderModelId
        ModelCanonical  = $meta.ModelCanonical
        RoutingStrategy = $meta.RoutingStrategy
        TtftMs          = $meta.TtftMs
        TotalLatencyMs  = $meta.TotalLatencyMs
        CostUsd         = '{0:0.000000}' -f $meta.CostUsd
        Tokens          = '{0} in, {1} out' -f $final.Usage.PromptTokens, $final.Usage.CompletionTokens
    } | Format-List | Out-Host

    Write-Section 'Response headers'
    $headers = $final.ResponseHeaders
    [pscustomobject]@{
        RequestId          = $headers.RequestId
        ProviderUsed       = $headers.ProviderUsed
        RateLimit          = '{0} of {1} left' -f $headers.RateLimitRemaining, $headers.RateLimitLimit
        RateLimitReset     = $headers.RateLimitReset
        CreditsBalanceUsd  = $headers.CreditsBalanceUsd
    } | Format-List | Out-Host

    Write-Section 'Continue the conversation: pipe the final chunk back in'
    Write-Command "`$final | Invoke-AurikoChatCompletion 'Now in five words.'"
    $final | Invoke-AurikoChatCompletion 'Now in five words.' | Out-Host

    Write-Section 'Budget report'
    $csv = Join-Path $OutputPath 'budgets.csv'
    Write-Command "Get-AurikoWorkspace | Get-AurikoBudget | Export-Csv $([IO.Path]::GetRelativePath((Get-Location).Path, $csv))"
    Get-AurikoWorkspace | Get-AurikoBudget | Export-Csv -LiteralPath $csv -NoTypeInformation
    # What the file holds: the header and the first rows as written (exact amounts, dates with their
    # time zone), then the whole report read back as a table.
    $lines = @(Get-Content -LiteralPath $csv)
    Write-Command "Get-Content $([IO.Path]::GetFileName($csv)) -TotalCount 4"
    $lines | Select-Object -First 4 | ForEach-Object { Write-Host "${dim}$_$reset" }
    if ($lines.Count -gt 4) { Write-Host "${dim}... $($lines.Count - 1) budgets in all$reset" }
    Write-Command "Import-Csv $([IO.Path]::GetFileName($csv)) | Format-Table"
    Import-Csv -LiteralPath $csv | Format-Table BudgetId, ScopeType, Period, LimitUsd, SpendUsd, RemainingUsd, @{ n = 'Used%'; e = { '{0:N1}' -f [decimal] $_.PercentUsed }; a = 'right' } | Out-Host

    Write-Host "${accent}Done in $([Math]::Round($stopwatch.Elapsed.TotalSeconds, 1)) s.$reset See Get-Help about_Auriko for more."
}
finally {
    Disconnect-Auriko -ErrorAction Ignore
    Stop-DemoServer $server
}
