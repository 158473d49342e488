# Discovery and management (read-only): identity, workspaces, budgets (to CSV), models, providers,
# tab completion, format views.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    $key = New-AurikoTestKey
    Connect-Auriko -ApiKey $key -BaseUrl $server.BaseUrl -SkipValidation
    $keyWorkspace = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe 'Get-AurikoIdentity' {
    It 'returns the key''s user, workspace, tier and rate limit' {
        $me = Get-AurikoIdentity
        $me | Should -BeOfType ([Auriko.Identity])
        $me.UserId | Should -Not -BeNullOrEmpty
        $me.WorkspaceId | Should -Be $keyWorkspace
        $me.Tier | Should -Not -BeNullOrEmpty
        $me.RateLimitRpm | Should -BeGreaterThan 0
        $text = $me | Format-List -DisplayError | Out-String
        $text | Should -Match ([regex]::Escape($keyWorkspace))
        $text | Should -Not -Match '#ERR'
        $me | Out-String | Should -Match ([regex]::Escape($me.UserId))
    }
}

Describe 'Get-AurikoWorkspace' {
    BeforeEach { Reset-AurikoTestServer }

    It 'lists every workspace, each carrying WorkspaceId' {
        $ws = @(Get-AurikoWorkspace)
        $ws.Count | Should -BeGreaterOrEqual 2
        $ws | ForEach-Object { $_ | Should -BeOfType ([Auriko.Workspace]); $_.WorkspaceId | Should -Not -BeNullOrEmpty }
        $ws[0].CreatedAt | Should -BeOfType ([DateTimeOffset])
        "$($ws[0])" | Should -Be $ws[0].WorkspaceId
    }

    It 'gets workspaces by -Id (position 0, several, and from the pipeline)' {
        (Get-AurikoWorkspace $keyWorkspace).WorkspaceId | Should -Be $keyWorkspace
        $all = @(Get-AurikoWorkspace)
        @(Get-AurikoWorkspace -Id $all.WorkspaceId).Count | Should -Be $all.Count
        @($all.WorkspaceId | Get-AurikoWorkspace).Count | Should -Be $all.Count
        (Get-AurikoIdentity | Get-AurikoWorkspace).WorkspaceId | Should -Be $keyWorkspace
    }

    It 'has a table view' {
        $text = Get-AurikoWorkspace | Out-String
        $text | Should -Match 'WorkspaceId'
        $text | Should -Match 'Acme'
    }
}

Describe 'Get-AurikoBudget' {
    BeforeEach { Reset-AurikoTestServer }

    It 'defaults to the key''s workspace (via GET /me)' {
        $b = @(Get-AurikoBudget)
        $b.Count | Should -BeGreaterThan 0
        $b | ForEach-Object { $_.WorkspaceId | Should -Be $keyWorkspace }
        @(Get-AurikoTestRequest -Path '/me').Count | Should -Be 1
        (Get-AurikoTestRequest -Path '/budgets')[0].path | Should -BeLike "*/workspaces/$keyWorkspace/budgets"
    }

    It 'gets budgets by -Id' {
        $first = (Get-AurikoBudget)[0]
        $one = Get-AurikoBudget $first.BudgetId
        $one.BudgetId | Should -Be $first.BudgetId
    }

    It 'Get-AurikoBudget | Get-AurikoWorkspace gets the budget''s workspace, not a workspace named like the budget' {
        $budgets = @(Get-AurikoBudget)
        $ws = @($budgets | Get-AurikoWorkspace -ErrorAction Stop)
        $ws.Count | Should -Be $budgets.Count
        $ws | ForEach-Object { $_.WorkspaceId | Should -Be $keyWorkspace }
        @('7c9e6679-7425-40de-944b-e07fc1f90ae7', '3f2504e0-4f89-41d3-9a0c-0305e82c3301' | Get-AurikoWorkspace).Count | Should -Be 2
        (Get-AurikoWorkspace -WorkspaceId $keyWorkspace).WorkspaceId | Should -Be $keyWorkspace
    }

    It 'binds -WorkspaceId by property name: Get-AurikoWorkspace | Get-AurikoBudget' {
        $ws = @(Get-AurikoWorkspace)
        $budgets = @(Get-AurikoWorkspace | Get-AurikoBudget)
        ($budgets.WorkspaceId | Sort-Object -Unique).Count | Should -Be $ws.Count
        @(Get-AurikoTestRequest -Path '/me').Count | Should -Be 0 -Because 'the workspace came from the pipeline'
    }

    It 'has numbers for amounts and dates for dates, and computes RemainingUsd and PercentUsed when absent' {
        $budgets = @(Get-AurikoWorkspace | Get-AurikoBudget)
        foreach ($b in $budgets) {
            $b.LimitUsd | Should -BeOfType ([decimal])
            $b.SpendUsd | Should -BeOfType ([decimal])
            $b.RemainingUsd | Should -BeOfType ([decimal])
            $b.PercentUsed | Should -BeOfType ([decimal])
            $b.RemainingUsd | Should -BeLessOrEqual $b.LimitUsd
            $b.CreatedAt | Should -BeOfType ([DateTimeOffset])
        }
        $computed = $budgets | Where-Object BudgetId -eq 'bdgt_monthly_byok'
        $computed.RemainingUsd | Should -Be 237.66
        $computed.PercentUsed | Should -Be 4.94
        ($budgets | Sort-Object PercentUsed -Descending)[0].PercentUsed | Should -Be ($budgets.PercentUsed | Measure-Object -Maximum).Maximum
        @($budgets | Where-Object { $_.SpendUsd -gt 1 }).Count | Should -BeGreaterThan 0
    }

    It 'Get-AurikoWorkspace | Get-AurikoBudget | Export-Csv gives only scalar columns, and Import-Csv reads them back' {
        $path = Join-Path $TestDrive 'budgets.csv'
        $budgets = @(Get-AurikoWorkspace | Get-AurikoBudget)
        Get-AurikoWorkspace | Get-AurikoBudget | Export-Csv -Path $path
        $raw = Get-Content -Raw $path
        $raw | Should -Not -Match '#TYPE'
        $raw | Should -Not -Match 'System\.'
        $raw | Should -Not -Match 'Auriko\.'
        $rows = @(Import-Csv $path)
        $rows.Count | Should -Be $budgets.Count
        $columns = $rows[0].PSObject.Properties.Name
        foreach ($c in 'BudgetId', 'WorkspaceId', 'LimitUsd', 'SpendUsd', 'RemainingUsd', 'PercentUsed', 'Period', 'ScopeType', 'CreatedAt') {
            $columns | Should -Contain $c
        }
        foreach ($row in $rows) {
            $original = $budgets | Where-Object BudgetId -eq $row.BudgetId
            [decimal]$row.LimitUsd | Should -Be $original.LimitUsd
            [DateTimeOffset]$row.CreatedAt | Should -Be $original.CreatedAt
            $row.WorkspaceId | Should -Be $original.WorkspaceId
        }
    }

    It 'has a table view' {
        $text = Get-AurikoBudget | Out-String
        $text | Should -Match 'LimitUsd'
        $text | Should -Match 'bdgt_'
    }
}

Describe 'Get-AurikoModel and Get-AurikoProvider' {
    BeforeEach { Reset-AurikoTestServer }

    It 'lists registry models' {
        $m = @(Get-AurikoModel)
        $m.Count | Should -BeGreaterThan 3
        $m[0] | Should -BeOfType ([Auriko.RegistryModel])
        $m.Id | Should -Contain 'gpt-4o'
    }

    It 'filters by -Name with wildcards' {
        $m = @(Get-AurikoModel -Name 'gpt-*')
        $m.Count | Should -BeGreaterOrEqual 2
        $m.Id | ForEach-Object { $_ | Should -BeLike 'gpt-*' }
        @(Get-AurikoModel 'gpt-4o').Id | Should -Be @('gpt-4o')
        @(Get-AurikoModel 'claude*', 'gemini*').Count | Should -BeGreaterOrEqual 2
        @(Get-AurikoModel 'zzz*').Count | Should -Be 0
    }

    It 'takes names from the pipeline and fetches the registry once' {
        $m = @('gpt-4o', 'claude*' | Get-AurikoModel)
        $m.Id | Should -Contain 'gpt-4o'
        $m.Id | Should -Contain 'claude-sonnet-4-6'
        @(Get-AurikoTestRequest -Path '/registry/models').Count | Should -Be 1
    }

    It 'reports a plain name that matches nothing as a non-terminating ObjectNotFound' {
        $ev = $null
        $m = @(Get-AurikoModel 'gpt-4o', 'no-such-model' -ErrorAction SilentlyContinue -ErrorVariable ev)
        $m.Count | Should -Be 1
        $ev.Count | Should -Be 1
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $ev[0].TargetObject | Should -Be 'no-such-model'
    }

    It '-Detailed returns directory entries with per-provider context window, capabilities and prices' {
        $d = @(Get-AurikoModel -Name 'deepseek*' -Detailed)
        $d.Count | Should -Be 1
        $d[0] | Should -BeOfType ([Auriko.DirectoryModel])
        $d[0].Providers.Count | Should -BeGreaterThan 1
        $p = $d[0].Providers[0]
        $p.ContextWindow | Should -BeGreaterThan 0
        $p.Capabilities | Should -Not -BeNullOrEmpty
        $p.InputPricePer1M | Should -BeGreaterThan 0
        $p.OutputPricePer1M | Should -BeGreaterThan 0
        @(Get-AurikoTestRequest -Path '/directory/models').Count | Should -Be 1
        ($d | Out-String) | Should -Match 'deepseek'
        $providers = $d[0].Providers | Format-Table -DisplayError | Out-String -Width 200
        $providers | Should -Not -Match '#ERR'
        $providers | Should -Match ([regex]::Escape($p.Provider))
    }

    It 'lists providers and filters by -Name' {
        $p = @(Get-AurikoProvider)
        $p.Count | Should -BeGreaterThan 2
        $p[0] | Should -BeOfType ([Auriko.Provider])
        $p | ForEach-Object { $_.Name | Should -Not -BeNullOrEmpty }
        @(Get-AurikoProvider 'open*').Id | Should -Contain 'openai'
        (Get-AurikoProvider | Out-String) | Should -Match 'openai'
    }

    It 'needs no API key' {
        $out = Invoke-FreshPwsh -Environment @{ AURIKO_BASE_URL = $server.BaseUrl } {
            @(Get-AurikoModel).Count
            @(Get-AurikoProvider).Count
        }
        $out[0] | Should -BeGreaterThan 0
        $out[1] | Should -BeGreaterThan 0
    }
}

Describe 'Tab completion' {
    It 'completes model names from the live registry' {
        $line = 'Invoke-AurikoChatCompletion -Model gpt-4'
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $result.CompletionMatches.CompletionText | Should -Contain 'gpt-4o'
        $result.CompletionMatches.CompletionText | Should -Contain 'gpt-4o-mini'
        $result.CompletionMatches.CompletionText | Should -Not -Contain 'claude-sonnet-4-6'
    }

    It 'completes -Models, Get-AurikoModel -Name and Connect-Auriko -DefaultModel too' {
        foreach ($line in 'Invoke-AurikoChatCompletion -Models clau', 'Get-AurikoModel clau', 'Connect-Auriko -DefaultModel clau') {
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $result.CompletionMatches.CompletionText | Should -Contain 'claude-sonnet-4-6' -Because $line
        }
    }

    It 'caches the registry per base URL' {
        Reset-AurikoTestServer
        $line = 'Invoke-AurikoChatCompletion -Model gem'
        1..3 | ForEach-Object { $null = TabExpansion2 -inputScript $line -cursorColumn $line.Length }
        @(Get-AurikoTestRequest -Path '/registry/models').Count | Should -BeLessOrEqual 1
    }

    It 'completes the known -Optimize strategies' {
        $line = 'Invoke-AurikoChatCompletion -Optimize cost'
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $result.CompletionMatches.CompletionText | Should -Contain 'cost'
        $result.CompletionMatches.CompletionText | Should -Contain 'cost-focus'
        $line = 'Invoke-AurikoChatCompletion -Optimize '
        $all = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        foreach ($s in 'cost', 'cheapest', 'speed', 'ttft', 'throughput', 'balanced', 'cost-focus', 'ttft-focus', 'tps', 'tps-focus') { $all | Should -Contain $s }
    }

    It 'completes provider names' {
        $line = 'Get-AurikoProvider anth'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'anthropic'
    }

    It 'waits briefly for a slow registry, and does not refetch on every Tab after a failure' {
        Reset-AurikoTestServer
        Add-AurikoTestScenario @{ kind = 'hang'; times = -1; path = '/v1/registry/models' }
        try {
            $out = Invoke-FreshPwsh -Environment @{ AURIKO_API_KEY = $null; AURIKO_BASE_URL = $server.BaseUrl } {
                $line = 'Invoke-AurikoChatCompletion -Model gp'
                $sw = [Diagnostics.Stopwatch]::StartNew()
                $null = TabExpansion2 -inputScript $line -cursorColumn $line.Length
                $sw.ElapsedMilliseconds
                # Tab on until a Tab no longer waits: the background fetch has given up (the unit tests
                # pin down how long that takes). Bounded, so a fetch that never gives up fails the test.
                $deadline = [DateTime]::UtcNow.AddSeconds(30)
                do {
                    $sw.Restart()
                    $null = TabExpansion2 -inputScript $line -cursorColumn $line.Length
                } while ($sw.ElapsedMilliseconds -ge 500 -and [DateTime]::UtcNow -lt $deadline)
                $sw.ElapsedMilliseconds
                $sw.Restart()
                1..3 | ForEach-Object { $null = TabExpansion2 -inputScript $line -cursorColumn $line.Length }
                $sw.ElapsedMilliseconds
            }
            $out[0] | Should -BeLessThan 3000 -Because 'one Tab waits at most about 1.5 s'
            $out[1] | Should -BeLessThan 500 -Because 'the failed fetch ends within 30 s'
            $out[2] | Should -BeLessThan 1000 -Because 'a recent failure is remembered: no new wait'
            @(Get-AurikoTestRequest -Path '/registry/models').Count | Should -Be 1 -Because 'Tabs during the fetch join it and Tabs after it remember the failure'
        }
        finally { Reset-AurikoTestServer }
    }

    It 'is silent when the registry cannot be reached' {
        $out = Invoke-FreshPwsh -Environment @{ AURIKO_API_KEY = $key; AURIKO_BASE_URL = 'http://127.0.0.1:9/v1' } {
            $line = 'Invoke-AurikoChatCompletion -Model gp'
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            "count=$($r.CompletionMatches.Count)"
            "errors=$($Error.Count)"
        }
        $out | Should -Contain 'errors=0'
    }
}

Describe 'OutputType and format views' {
    It 'every table view fits 80 columns: no column dropped, no header wrapped' -ForEach @(
        @{ Name = 'Workspace'; Columns = 'WorkspaceId', 'Name', 'Tier', 'UserRole', 'Members'; Run = { Get-AurikoWorkspace } }
        @{ Name = 'Budget'; Columns = 'BudgetId', 'Scope', 'Period', 'LimitUsd', 'SpendUsd', 'Used%'; Run = { Get-AurikoWorkspace | Get-AurikoBudget } }
        @{ Name = 'RegistryModel'; Columns = 'Id', 'DisplayName', 'Family'; Run = { Get-AurikoModel } }
        @{ Name = 'DirectoryModel'; Columns = 'Id', 'DisplayName', 'Context', 'Providers'; Run = { Get-AurikoModel -Detailed } }
        @{ Name = 'DirectoryModelProvider'; Columns = 'Provider', 'Context', 'MaxOutput', 'In/1M', 'Out/1M', 'Capabilities'; Run = { (Get-AurikoModel -Detailed)[0].Providers } }
        @{ Name = 'Provider'; Columns = 'Id', 'DisplayName', 'DataPolicy', 'Description'; Run = { Get-AurikoProvider } }
    ) {
        # Group headers ('Workspace: ...' of the budget view) are not table rows.
        $lines = @((& $Run | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() -and $_ -notmatch '^\s+Workspace: ' })
        $header = $lines[0]
        foreach ($c in $Columns) { $header | Should -Match ([regex]::Escape($c)) -Because "$Name shows $c at 80 columns" }
        $lines[1] | Should -Match '^[- ]+$' -Because 'the header is one line'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        # Every row's first cell is readable, not cut to a character (wrapped continuation lines start blank).
        $lines | Select-Object -Skip 2 | Where-Object { $_ -notmatch '^\s' } |
            ForEach-Object { ($_ -split ' ')[0].Trim('…').Length | Should -BeGreaterThan 1 }
    }

    It 'declares [OutputType] on every cmdlet' {
        foreach ($c in Get-Command -Module Auriko) {
            # These write no objects: Disconnect-Auriko, and Enter-AurikoChat (it writes to the console).
            if ($c.Name -in 'Disconnect-Auriko', 'Enter-AurikoChat') { continue }
            $c.OutputType.Count | Should -BeGreaterThan 0 -Because $c.Name
        }
        (Get-Command Invoke-AurikoChatCompletion).OutputType.Name | Should -Contain 'Auriko.ChatCompletionChunk'
    }

    It 'exports exactly the twelve cmdlets' {
        (Get-Command -Module Auriko).Name | Sort-Object | Should -Be @(
            'Connect-Auriko', 'Disconnect-Auriko', 'Enter-AurikoChat', 'Get-AurikoBudget', 'Get-AurikoConnection', 'Get-AurikoIdentity',
            'Get-AurikoModel', 'Get-AurikoProvider', 'Get-AurikoWorkspace', 'Invoke-AurikoChatCompletion', 'New-AurikoSession', 'New-AurikoTool')
    }

    It 'has a view for every output type' {
        $views = Get-FormatData -TypeName 'Auriko.*', 'Auriko.PowerShell.*' | ForEach-Object TypeNames
        foreach ($t in 'Auriko.ChatCompletion', 'Auriko.ChatCompletionChunk', 'Auriko.PowerShell.AurikoSession', 'Auriko.Identity',
            'Auriko.Workspace', 'Auriko.Budget', 'Auriko.RegistryModel', 'Auriko.DirectoryModel', 'Auriko.Provider', 'Auriko.ChatMessage') {
            $views | Should -Contain $t
        }
    }

    It 'renders every output type without error' {
        $objects = @(
            Get-AurikoConnection
            Get-AurikoIdentity
            Get-AurikoWorkspace
            Get-AurikoBudget
            Get-AurikoModel
            Get-AurikoModel -Detailed
            Get-AurikoProvider
            Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x'
            Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Stream
        )
        # A view whose script block fails does not throw: PowerShell leaves the cell blank. -DisplayError shows
        # such a cell as #ERR, so the table view (Format-Table) and the list view (Format-List) of every type are
        # checked cell by cell.
        $objects.Count | Should -BeGreaterThan 10
        foreach ($o in $objects) {
            $name = $o.GetType().FullName
            # (A chunk renders as its delta text, which the role-only first chunk does not have.)
            if ($o -isnot [Auriko.ChatCompletionChunk] -or $o.Content -or $o.IsFinal) {
                ($o | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$name renders"
            }
            $o | Format-Table -DisplayError | Out-String -Width 200 | Should -Not -Match '#ERR' -Because "every cell of the $name table renders"
            $o | Format-List -DisplayError | Out-String -Width 200 | Should -Not -Match '#ERR' -Because "every field of the $name list renders"
        }
    }
}
