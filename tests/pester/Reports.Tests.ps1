# Reports a newcomer builds: budgets to CSV (exact amounts, dates with their time zone, one id
# column each, the workspace in the console view), answers and stream chunks to CSV (no cell is a
# .NET type name), and the stream's final chunk read like an answer (also under Set-StrictMode).
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    Connect-Auriko -ApiKey (New-AurikoTestKey) -BaseUrl $server.BaseUrl -SkipValidation
    $keyWorkspace = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
    $sandbox = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'

    # A cell that is nothing but a .NET type name: System.Collections.Generic.List`1[Auriko.ChatChoice], Auriko.ToolCall[], ...
    $typeNameCell = '^(System|Auriko)(\.[\w`]+)+(\[[^\]]*\])*$'

    # Every cell of a CSV file that is a type name, as 'column=value'.
    function Get-TypeNameCell([string] $Path) {
        foreach ($row in Import-Csv -LiteralPath $Path) {
            foreach ($cell in $row.PSObject.Properties) {
                if ("$($cell.Value)" -match $typeNameCell) { "$($cell.Name)=$($cell.Value)" }
            }
        }
    }

    # The test server answers the budget list of $Workspace with this JSON instead of its fixtures.
    function Set-BudgetListBody([string] $Workspace, [string] $Json) {
        Add-AurikoTestScenario @{ kind = 'content_type'; value = 'application/json'; body = $Json; path = "/v1/workspaces/$Workspace/budgets" }
    }
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe 'Budgets in CSV' {
    BeforeEach { Reset-AurikoTestServer }

    It 'amounts are exact decimals: a limit of 1000 and a spend of 987.65 leave 12.35' {
        Set-BudgetListBody $keyWorkspace '{"object":"list","data":[{"id":"bdgt_exact","workspace_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","scope_type":"workspace","period":"monthly","limit_usd":1000,"spend_usd":987.65,"created_at":"2026-03-20T10:00:00Z","updated_at":"2026-03-21T08:00:00Z"}]}'
        $path = Join-Path $TestDrive 'exact.csv'
        $budget = Get-AurikoBudget -WorkspaceId $keyWorkspace
        $budget | Export-Csv -LiteralPath $path -NoTypeInformation

        $budget.RemainingUsd | Should -BeOfType ([decimal])
        $budget.RemainingUsd | Should -Be 12.35
        $row = Import-Csv -LiteralPath $path
        $row.RemainingUsd | Should -BeExactly ([decimal] '12.35').ToString() -Because 'the CSV cell is 12.35, not 12.350000000000023'
        $row.SpendUsd | Should -BeExactly ([decimal] '987.65').ToString()
        $row.PercentUsed | Should -BeExactly ([decimal] '98.77').ToString()
    }

    It 'dates keep their time zone in the CSV' {
        Set-BudgetListBody $keyWorkspace '{"data":[{"id":"bdgt_tz","workspace_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","limit_usd":10,"spend_usd":1,"created_at":"2026-03-20T10:00:00+02:00","updated_at":"2026-03-21T08:00:00Z"}]}'
        $path = Join-Path $TestDrive 'tz.csv'
        $budget = Get-AurikoBudget -WorkspaceId $keyWorkspace
        $budget | Export-Csv -LiteralPath $path -NoTypeInformation

        $budget.CreatedAt | Should -BeOfType ([DateTimeOffset])
        $budget.CreatedAt.Offset | Should -Be ([TimeSpan]::FromHours(2))
        $row = Import-Csv -LiteralPath $path
        $row.CreatedAt | Should -Match '\+02:00' -Because 'the cell says which time zone the time is in'
        $row.UpdatedAt | Should -Match '\+00:00'
        [DateTimeOffset]::Parse($row.CreatedAt, [cultureinfo]::CurrentCulture) | Should -Be ([DateTimeOffset] '2026-03-20T08:00:00Z')
        (Get-AurikoWorkspace | Select-Object -First 1).CreatedAt | Should -BeOfType ([DateTimeOffset])
    }

    It 'each id is one column: BudgetId and WorkspaceId, no Id repeating them' {
        $budgets = Join-Path $TestDrive 'budgets.csv'
        $workspaces = Join-Path $TestDrive 'workspaces.csv'
        Get-AurikoWorkspace | Get-AurikoBudget | Export-Csv -LiteralPath $budgets -NoTypeInformation
        Get-AurikoWorkspace | Export-Csv -LiteralPath $workspaces -NoTypeInformation

        $budgetColumns = (Import-Csv -LiteralPath $budgets)[0].PSObject.Properties.Name
        $budgetColumns | Should -Contain 'BudgetId'
        $budgetColumns | Should -Contain 'WorkspaceId'
        $budgetColumns | Should -Not -Contain 'Id'
        $workspaceColumns = (Import-Csv -LiteralPath $workspaces)[0].PSObject.Properties.Name
        $workspaceColumns | Should -Contain 'WorkspaceId'
        $workspaceColumns | Should -Not -Contain 'Id'
        @(Get-TypeNameCell $budgets) + @(Get-TypeNameCell $workspaces) | Should -BeNullOrEmpty
    }

    It 'the default table says whose budgets follow when several workspaces are listed' {
        $lines = @((Get-AurikoWorkspace | Get-AurikoBudget | Out-String -Width 80) -split "`r?`n")
        $keyHeader = [Array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match "Workspace: $keyWorkspace" })
        $sandboxHeader = [Array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match "Workspace: $sandbox" })
        $keyHeader | Should -BeGreaterOrEqual 0
        $sandboxHeader | Should -BeGreaterThan $keyHeader
        $row = { param($id) [Array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match "^$id\s" }) }
        (& $row 'bdgt_daily_ws') | Should -BeGreaterThan $keyHeader
        (& $row 'bdgt_daily_ws') | Should -BeLessThan $sandboxHeader
        (& $row 'bdgt_sandbox_monthly') | Should -BeGreaterThan $sandboxHeader
    }
}

Describe 'Answers and chunks in CSV' {
    BeforeEach { Reset-AurikoTestServer }

    It 'an exported answer (with tool calls) has no cell with a type name; its lists are JSON' {
        $weather = @{ type = 'function'; function = @{ name = 'get_weather'; parameters = @{ type = 'object'; properties = @{ city = @{ type = 'string' } } } } }
        $answers = @(
            Invoke-AurikoChatCompletion -Model gpt-4o -Message 'What is the weather in Paris?' -Tools $weather -ToolChoice auto
            Invoke-AurikoChatCompletion -Model claude-sonnet-4-6 -Message 'Think first.' -Thinking
        )
        $path = Join-Path $TestDrive 'answers.csv'
        $answers | Export-Csv -LiteralPath $path -NoTypeInformation

        Get-TypeNameCell $path | Should -BeNullOrEmpty
        $rows = @(Import-Csv -LiteralPath $path)
        ($rows[0].ToolCalls | ConvertFrom-Json)[0].function.name | Should -Be 'get_weather'
        ($rows[0].Choices | ConvertFrom-Json)[0].finish_reason | Should -Be 'tool_calls'
        $history = $rows[1].History | ConvertFrom-Json
        $history.role | Should -Be @('user', 'assistant')
        $history[1].content | Should -Be $answers[1].Content
        $rows[1].Usage | Should -Match '\d+ prompt \+ \d+ completion'
        $rows[1].ToolCalls | Should -BeNullOrEmpty -Because 'no tool calls: an empty cell'
    }

    It 'exported stream chunks (text, tool-call deltas, the final chunk) have no cell with a type name' {
        $chunks = @(
            Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Tell me a story.' -Stream
            Invoke-AurikoChatCompletion -Model gpt-4o -Message 'weather?' -Stream -AdditionalBody @{ emulator = @{ tool_calls = $true } }
        )
        $path = Join-Path $TestDrive 'chunks.csv'
        $chunks | Export-Csv -LiteralPath $path -NoTypeInformation

        Get-TypeNameCell $path | Should -BeNullOrEmpty
        $rows = @(Import-Csv -LiteralPath $path)
        @($rows | Where-Object ToolCallDeltas | ForEach-Object { $_.ToolCallDeltas | ConvertFrom-Json }).Count | Should -BeGreaterThan 0
        @($rows | Where-Object IsFinal -eq 'True' | ForEach-Object { ($_.History | ConvertFrom-Json).Count }) | Should -Be @(2, 2)
    }
}

Describe "The stream's final chunk reads like an answer" {
    BeforeEach { Reset-AurikoTestServer }

    It 'has Provider, CostUsd, FinishReason and RequestId, as the answer of the same request has (<Case>)' -ForEach @(
        @{ Case = 'usage in the last content event'; Emulator = @{} }
        @{ Case = 'usage in a separate last event'; Emulator = @{ usage_separate_chunk = $true } }
    ) {
        $answer = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'same' -AdditionalBody @{ emulator = $Emulator }
        $final = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'same' -Stream -AdditionalBody @{ emulator = $Emulator } | Select-Object -Last 1

        $final.IsFinal | Should -BeTrue
        $final.FinishReason | Should -Be 'stop'
        $final.FinishReason | Should -Be $final.Completion.FinishReason
        $final.Provider | Should -Be $answer.Provider
        $final.CostUsd | Should -Be $answer.CostUsd
        $final.CostUsd | Should -BeGreaterThan 0
        $final.RequestId | Should -Not -BeNullOrEmpty
        $final.RequestId | Should -Be $final.ResponseHeaders.RequestId
    }

    It 'the shortcuts exist under Set-StrictMode, on the final chunk and on every other chunk' {
        $values = & {
            Set-StrictMode -Version Latest
            $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'strict' -Stream)
            foreach ($c in $chunks) { $null = $c.Provider, $c.CostUsd, $c.FinishReason, $c.RequestId, $c.RoutingStrategy }
            $final = $chunks[-1]
            [pscustomobject]@{ Provider = $final.Provider; CostUsd = $final.CostUsd; FinishReason = $final.FinishReason; RequestId = $final.RequestId; Count = $chunks.Count }
        }
        $values.Count | Should -BeGreaterThan 2
        $values.Provider | Should -Be 'openai'
        $values.FinishReason | Should -Be 'stop'
        $values.CostUsd | Should -BeGreaterThan 0
        $values.RequestId | Should -Not -BeNullOrEmpty
    }

    It 'says tool_calls when the answer asked for tools' {
        $final = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'weather?' -Stream -AdditionalBody @{ emulator = @{ tool_calls = $true } } | Select-Object -Last 1
        $final.FinishReason | Should -Be 'tool_calls'
    }
}
