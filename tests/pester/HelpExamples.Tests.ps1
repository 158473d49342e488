# Help that runs: every example Get-Help shows (each exported command's examples and the EXAMPLES of
# every about topic) runs as written, in a fresh runspace, against the loopback test server. An
# example fails when it writes an error or throws, or when a CSV file it writes has a cell that is a
# .NET type name. Examples that cannot run here are listed, with the reason, in
# HelpExamples.Skip.psd1 and reported as skipped; new examples are picked up without any change here.
#
# What every example finds (so examples can read like a user's script):
#   AURIKO_API_KEY and AURIKO_BASE_URL  a test key and the test server (so Connect-Auriko without
#                                       -BaseUrl, and the environment session, reach the server)
#   $key, $prodKey, $labKey             test keys (the server takes any key)
#   Get-Secret                          a stand-in for Microsoft.PowerShell.SecretManagement's,
#                                       returning a test key as a SecureString
#   prompts.txt                         three prompts, in the current folder (a fresh one per example)
#   tickets.csv                         three support tickets (Id, Prompt, Text), in the same folder
#   screenshots/grafana.png             a small PNG image, in the same folder
#   no default connection               Disconnect-Auriko before each example; the server is reset
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $helpTool = (Resolve-Path "$PSScriptRoot/../tools/AurikoHelp.psm1").Path
    $skips = Import-PowerShellDataFile -LiteralPath "$PSScriptRoot/HelpExamples.Skip.psd1"
    $found = Invoke-FreshPwsh -ArgumentList $helpTool -ScriptBlock {
        param($HelpTool)
        Import-Module $HelpTool
        Get-AurikoHelpExample -ModuleName Auriko | Select-Object Source, Title, Id
    }
    $script:ExampleCases = @(foreach ($e in $found) {
            @{ Id = $e.Id; Name = "$($e.Source) $($e.Title)"; SkipReason = $skips[$e.Id] }
        })
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $helpTool = (Resolve-Path "$PSScriptRoot/../tools/AurikoHelp.psm1").Path
    $script:Skips = Import-PowerShellDataFile -LiteralPath "$PSScriptRoot/HelpExamples.Skip.psd1"
    $server = Start-AurikoTestServer
    $workRoot = Join-Path ([IO.Path]::GetTempPath()) ('auriko-examples-' + [guid]::NewGuid().ToString('N'))

    # One fresh pwsh runs them all, one runspace each; the results come back as plain data.
    $results = Invoke-FreshPwsh -TimeoutSec 900 -ArgumentList $helpTool, (Get-AurikoTestModulePath), $server.Url, $workRoot, @($script:Skips.Keys) -ScriptBlock {
        param($HelpTool, $ModulePath, $ServerUrl, $WorkRoot, $SkipIds)
        Import-Module $HelpTool
        # As for a user who installed the module: on PSModulePath, so new runspaces (ForEach-Object
        # -Parallel, thread jobs) load it by name.
        $env:PSModulePath = (Split-Path (Split-Path (Split-Path $ModulePath))) + [IO.Path]::PathSeparator + $env:PSModulePath
        $testKey = 'ak_test_' + [guid]::NewGuid().ToString('N')
        $typeNameCell = '^(System|Auriko)(\.[\w`]+)+(\[[^\]]*\])*$'
        $standIns = {
            function global:Get-Secret {
                # Stands in for Microsoft.PowerShell.SecretManagement's Get-Secret: the vault holds the test key.
                param([Parameter(Position = 0)] [string] $Name, [string] $Vault, [switch] $AsPlainText)
                if ($AsPlainText) { return $global:key }
                ConvertTo-SecureString -String $global:key -AsPlainText -Force
            }
        }
        foreach ($example in Get-AurikoHelpExample -ModuleName Auriko) {
            if ($example.Id -in $SkipIds) { continue }
            $env:AURIKO_API_KEY = $testKey
            $env:AURIKO_BASE_URL = "$ServerUrl/v1"
            Disconnect-Auriko
            $null = Invoke-RestMethod -NoProxy -Method Post -Uri "$ServerUrl/_test/reset"
            $dir = New-Item -ItemType Directory -Path (Join-Path $WorkRoot ([guid]::NewGuid().ToString('N')))
            Set-Content -LiteralPath (Join-Path $dir 'prompts.txt') -Value 'Define latency.', 'Define throughput.', 'Define jitter.'
            @(
                [pscustomobject]@{ Id = 'T-1'; Prompt = 'Is this a bug, a question or a request? The export button does nothing.'; Text = 'The export button does nothing.' }
                [pscustomobject]@{ Id = 'T-2'; Prompt = 'Is this a bug, a question or a request? How do I rotate my API key?'; Text = 'How do I rotate my API key?' }
                [pscustomobject]@{ Id = 'T-3'; Prompt = 'Is this a bug, a question or a request? Please add a dark theme.'; Text = 'Please add a dark theme.' }
            ) | Export-Csv -LiteralPath (Join-Path $dir 'tickets.csv') -NoTypeInformation
            $shots = New-Item -ItemType Directory -Path (Join-Path $dir 'screenshots')
            # A 1x1 PNG: the module tells the type by content, so the bytes must be a real PNG.
            [IO.File]::WriteAllBytes((Join-Path $shots 'grafana.png'), [Convert]::FromBase64String('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='))

            $state = [initialsessionstate]::CreateDefault2()
            $state.ImportPSModule([string[]] @($ModulePath))
            $runspace = [runspacefactory]::CreateRunspace($state)
            $runspace.Open()
            $runspace.SessionStateProxy.Path.SetLocation($dir.FullName) | Out-Null
            foreach ($name in 'key', 'prodKey', 'labKey') { $runspace.SessionStateProxy.SetVariable($name, $testKey) }
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            $errors = [System.Collections.Generic.List[string]]::new()
            $output = ''
            $watch = [Diagnostics.Stopwatch]::StartNew()
            try {
                $null = $ps.AddScript($standIns.ToString()).Invoke()
                $ps.Commands.Clear()
                # Out-String renders the output as the console would, so the format views run too.
                $null = $ps.AddScript($example.Code).AddCommand('Out-String').AddParameter('Width', 120)
                $async = $ps.BeginInvoke()
                if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(90))) {
                    $ps.Stop()
                    $errors.Add('did not finish within 90 seconds')
                }
                else {
                    $output = (@($ps.EndInvoke($async)) -join '').Trim()
                }
            }
            catch {
                $errors.Add("threw: $($_.Exception.InnerException.Message ?? $_.Exception.Message)")
            }
            foreach ($record in $ps.Streams.Error) { $errors.Add("error: $record ($($record.FullyQualifiedErrorId))") }
            foreach ($csv in Get-ChildItem -LiteralPath $dir -Filter '*.csv') {
                foreach ($row in Import-Csv -LiteralPath $csv.FullName) {
                    foreach ($cell in $row.PSObject.Properties) {
                        if ("$($cell.Value)" -match $typeNameCell) { $errors.Add("$($csv.Name): column $($cell.Name) shows the type name $($cell.Value)") }
                    }
                }
            }
            $ps.Dispose()
            $runspace.Dispose()
            [pscustomobject]@{
                Id      = $example.Id
                Errors  = $errors.ToArray()
                Output  = if ($output.Length -gt 2000) { $output.Substring(0, 2000) + '...' } else { $output }
                Seconds = [Math]::Round($watch.Elapsed.TotalSeconds, 1)
            }
        }
        Remove-Item -LiteralPath $WorkRoot -Recurse -Force -ErrorAction Ignore
    }
    $script:Results = @{}
    foreach ($r in $results) { $script:Results[$r.Id] = $r }
}

AfterAll {
    Stop-AurikoTestServer
}

Describe 'Help examples, as Get-Help shows them, run against the test server' {
    It 'finds examples of every exported command and of the about topics' {
        $manifest = Import-PowerShellDataFile -LiteralPath (Get-AurikoTestModulePath)
        foreach ($command in $manifest.CmdletsToExport) {
            @($ExampleCases | Where-Object { $_.Id -like "${command}: *" }).Count | Should -BeGreaterThan 0 -Because "Get-Help $command shows examples"
        }
        @($ExampleCases | Where-Object { $_.Id -like 'about_*' }).Count | Should -BeGreaterThan 0
    }

    It 'has a skip list whose every entry names an example and says why' {
        $ids = @($ExampleCases | ForEach-Object Id)
        foreach ($entry in $script:Skips.GetEnumerator()) {
            $ids | Should -Contain $entry.Key -Because 'a skip entry must name an existing example (ids change with titles)'
            $entry.Value | Should -Match '\w+ \w+' -Because 'the reason is shown in the report'
        }
    }

    It '<Name>' -ForEach $ExampleCases {
        if ($SkipReason) {
            Set-ItResult -Skipped -Because "it cannot run here: $SkipReason"
            return
        }
        $result = $script:Results[$Id]
        $result | Should -Not -BeNullOrEmpty -Because 'the runner ran it'
        $result.Errors | Should -BeNullOrEmpty -Because "the example runs as written (output: $($result.Output))"
    }
}
