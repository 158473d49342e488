# The README a newcomer starts from: its task table is complete, it says what the first run costs,
# and the demo it describes shows the budget report it writes (rows, not just the CSV header).
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $root = (Resolve-Path "$PSScriptRoot/../..").Path
    $readme = Get-Content -LiteralPath (Join-Path $root 'README.md') -Raw

    # The text of one '## Title' section of the README.
    function Get-ReadmeSection([string] $Title) {
        $m = [regex]::Match($readme, '(?ms)^## ' + [regex]::Escape($Title) + '\s*$(.*?)(?=^## |\z)')
        if (-not $m.Success) { throw "README.md has no '## $Title' section." }
        $m.Groups[1].Value
    }
}

Describe 'README.md' {
    It 'lists every build.ps1 task in the task table, and no other' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $root 'build.ps1'), [ref] $null, [ref] $null)
        $taskParameter = $ast.ParamBlock.Parameters | Where-Object { $_.Name.VariablePath.UserPath -eq 'Task' }
        $tasks = @($taskParameter.Attributes | Where-Object { $_.TypeName.Name -eq 'ValidateSet' } |
                ForEach-Object { $_.PositionalArguments.Value })
        $tasks | Should -Contain 'Bench'
        $table = [regex]::Matches((Get-ReadmeSection 'Build tasks'), '(?m)^\|\s*`(\w+)`\s*\|') | ForEach-Object { $_.Groups[1].Value }
        @($table | Sort-Object) | Should -Be @($tasks | Sort-Object)
    }

    It 'says that the first run builds, and how long that takes' {
        $quickStart = Get-ReadmeSection 'Quick start'
        $quickStart | Should -Not -Match 'In a few seconds it connects' -Because 'a fresh clone builds first'
        $quickStart | Should -Match '(?s)first run.{0,80}about \d+ seconds.{0,40}because it first\s+builds'
    }
}

Describe 'The demo (build.ps1 -Task Demo)' {
    It 'shows the budget report it writes: the first CSV rows and the whole report as a table' {
        $demo = Join-Path $root 'tests/tools/Invoke-AurikoDemo.ps1'
        $output = Join-Path $TestDrive 'demo'
        # As a user runs it: a new pwsh whose console output (Write-Host and the tables) is read back.
        $pwsh = @(Get-PwshCommand)
        $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh[0])
        foreach ($argument in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $demo,
                '-ModulePath', (Get-AurikoTestModulePath), '-TestServerDll', (Get-AurikoTestServerDll), '-OutputPath', $output)) {
            $psi.ArgumentList.Add($argument)
        }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        foreach ($name in 'AURIKO_API_KEY', 'AURIKO_BASE_URL') { $null = $psi.Environment.Remove($name) }
        $process = [System.Diagnostics.Process]::Start($psi)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(300000)) { $process.Kill($true); throw 'The demo did not finish within 5 minutes.' }
        $process.WaitForExit()
        $process.ExitCode | Should -Be 0 -Because "the demo succeeds ($($stderr.Result))"
        $text = $stdout.Result -replace '\e\[[0-9;]*m', ''
        $budgetStep = $text.Substring($text.IndexOf('Budget report'))
        $budgetStep | Should -Match '(?m)^"BudgetId","WorkspaceId",' -Because 'the header of the file'
        foreach ($id in 'bdgt_daily_ws', 'bdgt_weekly_key', 'bdgt_monthly_byok') {
            $budgetStep | Should -Match "(?m)^`"$id`"," -Because "the file's first rows are shown ($id)"
        }
        $budgetStep | Should -Match '(?m)^bdgt_sandbox_monthly\s+workspace\s+monthly' -Because 'the table shows every budget'
        $budgetStep | Should -Match 'Done in'
        (Import-Csv (Join-Path $output 'budgets.csv')).Count | Should -Be 4
    }
}
