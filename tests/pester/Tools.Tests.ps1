# PowerShell commands as tools: New-AurikoTool's schema, and Invoke-AurikoChatCompletion
# -InvokeTools running the calls the test server's tool_plan makes (streamed and not).
# Confirm answered at a real prompt is in ChatConsole.Tests.ps1 (tmux).
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    Connect-Auriko -ApiKey (New-AurikoTestKey) -BaseUrl $server.BaseUrl -SkipValidation

    # The sample command: one parameter of each kind the schema must describe.
    function global:Get-TestInventory {
        <#
        .SYNOPSIS
        Lists items of the test inventory.
        .PARAMETER Name
        The item name, lowercase letters only.
        .PARAMETER Ids
        Item ids to list.
        .PARAMETER Count
        How many items to list.
        .PARAMETER Ratio
        A weighting factor.
        .PARAMETER Price
        The most an item may cost.
        .PARAMETER Color
        Colors to include.
        .PARAMETER Day
        The delivery day.
        .PARAMETER InStock
        Only items in stock.
        .PARAMETER Enabled
        Whether the listing is enabled.
        .PARAMETER Tags
        Tags to match.
        .PARAMETER Big
        A large number.
        .PARAMETER Filter
        Code: never offered to a model.
        .PARAMETER Credential
        A secret: never offered to a model.
        #>
        [CmdletBinding(DefaultParameterSetName = 'ByName')]
        param(
            [Parameter(Mandatory, ParameterSetName = 'ByName', Position = 0)] [ValidatePattern('^[a-z]+$')] [string] $Name,
            [Parameter(Mandatory, ParameterSetName = 'ById')] [long[]] $Ids,
            [ValidateRange(1, 10)] [int] $Count = 1,
            [double] $Ratio,
            [decimal] $Price,
            [ValidateSet('Red', 'Green', 'Blue')] [string[]] $Color,
            [System.DayOfWeek] $Day,
            [switch] $InStock,
            [bool] $Enabled,
            [string[]] $Tags,
            [long] $Big,
            [scriptblock] $Filter,
            [pscredential] $Credential
        )
        $global:ToolRuns++
        [pscustomobject]@{ Name = $Name; Count = $Count; Color = @($Color); Day = "$Day"; InStock = [bool] $InStock; Tags = @($Tags); Big = $Big }
    }

    function global:Invoke-TestFailure {
        <# .SYNOPSIS Always fails. #>
        param([string] $Reason = 'disk on fire')
        $global:ToolRuns++
        throw "The tool failed: $Reason"
    }

    function global:Get-TestMany {
        <# .SYNOPSIS Writes many objects. #>
        param([int] $Count = 10000, [int] $TextLength)
        $global:ToolRuns++
        if ($TextLength) { return [pscustomobject]@{ Text = '"quoted" ' * ($TextLength / 9) } }
        1..$Count | ForEach-Object { [pscustomobject]@{ Index = $_; Text = 'row number ' + $_; Nested = @{ Level1 = @{ Level2 = @{ Level3 = 'deep' } } } } }
    }

    # Not offered as a tool in any test: it must never run.
    function global:Set-TestCanary {
        param([string] $Path)
        Set-Content -LiteralPath $Path -Value 'the canary ran'
    }

    $script:Inventory = New-AurikoTool Get-TestInventory

    # -AdditionalBody for the test server: the calls every tool-call answer makes, and how many rounds.
    function New-ToolPlan([object[]] $Calls, [int] $Rounds = 1) {
        @{ emulator = @{ tool_plan = @($Calls); tool_rounds = $Rounds } }
    }
    function Get-ChatBodies { @(Get-AurikoTestRequest -Path '/chat/completions' | ForEach-Object Json) }
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
    Remove-Item function:Get-TestInventory, function:Invoke-TestFailure, function:Get-TestMany, function:Set-TestCanary -ErrorAction Ignore
}

Describe 'New-AurikoTool: the schema from a command''s own metadata' {
    BeforeAll {
        $script:Schema = $script:Inventory.Parameters
        $script:Props = $script:Schema.properties
    }

    It 'is named after the command and described by its help synopsis' {
        $script:Inventory | Should -BeOfType ([Auriko.PowerShell.AurikoTool])
        $script:Inventory.Name | Should -BeExactly 'Get-TestInventory'
        $script:Inventory.Description | Should -BeExactly 'Lists items of the test inventory.'
        $script:Inventory.ParameterSetName | Should -Be 'ByName' -Because 'the default parameter set is used when none is named'
        $script:Inventory.Command.Name | Should -Be 'Get-TestInventory'
    }

    It 'maps int and long to integer, double and decimal to number, bool and switch to boolean, arrays to arrays of their item type' {
        $script:Props.Count.type | Should -Be 'integer'
        $script:Props.Big.type | Should -Be 'integer'
        $script:Props.Ratio.type | Should -Be 'number'
        $script:Props.Price.type | Should -Be 'number'
        $script:Props.InStock.type | Should -Be 'boolean'
        $script:Props.Enabled.type | Should -Be 'boolean'
        $script:Props.Name.type | Should -Be 'string'
        $script:Props.Tags.type | Should -Be 'array'
        $script:Props.Tags.items.type | Should -Be 'string'
    }

    It 'turns ValidateSet and enums into enum, ValidateRange into minimum/maximum, ValidatePattern into pattern' {
        $script:Props.Color.type | Should -Be 'array'
        $script:Props.Color.items.type | Should -Be 'string'
        @($script:Props.Color.items.enum) | Should -Be @('Red', 'Green', 'Blue')
        $script:Props.Day.type | Should -Be 'string'
        @($script:Props.Day.enum) | Should -Be @([enum]::GetNames([DayOfWeek]))
        $script:Props.Count.minimum | Should -Be 1
        $script:Props.Count.maximum | Should -Be 10
        $script:Props.Name.pattern | Should -BeExactly '^[a-z]+$'
    }

    It 'describes each parameter from its help' {
        $script:Props.Name.description | Should -BeExactly 'The item name, lowercase letters only.'
        $script:Props.Count.description | Should -BeExactly 'How many items to list.'
        $script:Props.Color.description | Should -BeExactly 'Colors to include.'
    }

    It 'requires the mandatory parameters of the chosen set, and lists only that set''s parameters' {
        @($script:Schema.required) | Should -Be @('Name')
        $script:Schema.type | Should -Be 'object'
        $script:Schema.additionalProperties | Should -BeFalse
        $script:Props.Contains('Ids') | Should -BeFalse -Because 'Ids belongs to the ById set'

        $byId = New-AurikoTool Get-TestInventory -ParameterSetName ById
        @($byId.Parameters.required) | Should -Be @('Ids')
        $byId.Parameters.properties.Ids.type | Should -Be 'array'
        $byId.Parameters.properties.Ids.items.type | Should -Be 'integer'
        $byId.Parameters.properties.Contains('Name') | Should -BeFalse
    }

    It 'leaves out the common parameters, script blocks and credentials' {
        $names = @($script:Props.Keys)
        foreach ($common in 'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'ErrorVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'InformationAction', 'ProgressAction', 'WhatIf', 'Confirm') {
            $names | Should -Not -Contain $common
        }
        $names | Should -Not -Contain 'Filter'
        $names | Should -Not -Contain 'Credential'
        @($names | Sort-Object) | Should -Be @('Big', 'Color', 'Count', 'Day', 'Enabled', 'InStock', 'Name', 'Price', 'Ratio', 'Tags')
    }

    It 'takes -Description, an alias, a piped CommandInfo, names piped as strings, and several names' {
        (New-AurikoTool Get-TestInventory -Description 'Inventory lookup.').Description | Should -BeExactly 'Inventory lookup.'
        Set-Alias -Name gti -Value Get-TestInventory -Scope Global
        try { (New-AurikoTool gti).Name | Should -BeExactly 'Get-TestInventory' } finally { Remove-Item alias:gti }
        (Get-Command Get-TestInventory | New-AurikoTool).Name | Should -BeExactly 'Get-TestInventory'
        @('Get-TestInventory', 'Invoke-TestFailure' | New-AurikoTool).Name | Should -Be @('Get-TestInventory', 'Invoke-TestFailure')
        @(New-AurikoTool Get-TestInventory, Invoke-TestFailure).Name | Should -Be @('Get-TestInventory', 'Invoke-TestFailure')
    }

    It 'describes a command without help by its name, and a cmdlet''s parameters from its metadata' {
        $tool = New-AurikoTool Get-Date -ParameterSetName DateAndFormat
        $tool.Name | Should -BeExactly 'Get-Date'
        $tool.Description | Should -Not -BeNullOrEmpty
        $tool.Parameters.properties.Year.type | Should -Be 'integer'
        $tool.Parameters.properties.Year.minimum | Should -Be 1
        $tool.Parameters.properties.Year.maximum | Should -Be 9999
    }

    It 'fails clearly for an unknown command, an unknown set and a native program' {
        $ev = $null
        New-AurikoTool Get-NoSuchCommandAtAll -ErrorAction SilentlyContinue -ErrorVariable ev | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'ToolCommandNotFound,*'
        $ev[0].TargetObject | Should -Be 'Get-NoSuchCommandAtAll'

        $ev = $null
        New-AurikoTool Get-TestInventory -ParameterSetName Nope -ErrorAction SilentlyContinue -ErrorVariable ev | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'InvalidToolCommand,*'
        $ev[0].Exception.Message | Should -Match "no parameter set 'Nope'.*ByName.*ById|ById.*ByName"

        $native = Get-Command -CommandType Application -Name sh, cmd -ErrorAction Ignore | Select-Object -First 1
        $ev = $null
        New-AurikoTool $native -ErrorAction SilentlyContinue -ErrorVariable ev | Should -BeNullOrEmpty
        $ev[0].Exception.Message | Should -Match 'native program'
    }

    It 'shows as a table of name, parameters (required ones starred) and description within 80 columns' {
        $text = $script:Inventory, (New-AurikoTool Invoke-TestFailure) | Format-Table -DisplayError | Out-String -Width 80
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Name\s+Parameters\s+Description'
        $text | Should -Match 'Get-TestInventory\s+Name\*, Count, Ratio'
        $text | Should -Match 'Lists items of the'
        $text | Should -Not -Match '#ERR'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
    }

    It 'is sent in OpenAI format through -Tools, beside a hashtable tool' {
        Reset-AurikoTestServer
        $plain = @{ type = 'function'; function = @{ name = 'get_weather'; parameters = @{ type = 'object'; properties = @{ city = @{ type = 'string' } } } } }
        $null = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'hi' -Tools $script:Inventory, $plain -ToolChoice none
        $tools = @(Get-ChatBodies)[-1].tools
        $tools.Count | Should -Be 2
        $tools[0].type | Should -Be 'function'
        $tools[0].function.name | Should -BeExactly 'Get-TestInventory'
        $tools[0].function.description | Should -BeExactly 'Lists items of the test inventory.'
        $tools[0].function.parameters.required | Should -Be @('Name')
        $tools[0].function.parameters.properties.Count.maximum | Should -Be 10
        $tools[0].function.parameters.properties.Color.items.enum | Should -Be @('Red', 'Green', 'Blue')
        $tools[0].function.parameters.properties.Name.pattern | Should -BeExactly '^[a-z]+$'
        $tools[1].function.name | Should -Be 'get_weather'
        ($script:Inventory.ToJson() | ConvertFrom-Json -AsHashtable).function.name | Should -BeExactly 'Get-TestInventory'
    }

    It 'refuses a command given to -Tools without New-AurikoTool, and two tools with one name' {
        { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Tools (Get-Command Get-TestInventory) } |
            Should -Throw -ExpectedMessage '*New-AurikoTool*'
        { Invoke-AurikoChatCompletion -Model gpt-4o -Message 'x' -Tools $script:Inventory, $script:Inventory } |
            Should -Throw -ExpectedMessage "*Two tools are named 'Get-TestInventory'*"
    }
}

Describe 'Invoke-AurikoChatCompletion -InvokeTools' {
    BeforeEach {
        Reset-AurikoTestServer
        $global:ToolRuns = 0
    }

    It 'returns the tool calls and runs nothing by default (-InvokeTools None)' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'go' -Tools $script:Inventory `
            -AdditionalBody (New-ToolPlan @(@{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc' } }))
        $r.FinishReason | Should -Be 'tool_calls'
        $r.ToolCalls[0].FunctionName | Should -BeExactly 'Get-TestInventory'
        $global:ToolRuns | Should -Be 0
        @(Get-ChatBodies).Count | Should -Be 1
    }

    It 'runs a full Auto loop: binds the JSON with PowerShell''s conversion, sends the result as a tool message, returns the answer' {
        $plan = New-ToolPlan @(@{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc'; Count = '3'; Color = @('Red', 'Blue'); Day = 'Friday'; InStock = $true; Big = 12345678901 } })
        $output = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'What is in stock?' -Tools $script:Inventory -InvokeTools Auto -AdditionalBody $plan -Verbose 4>&1)
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $r = @($output | Where-Object { $_ -is [Auriko.ChatCompletion] })
        $r.Count | Should -Be 1
        $global:ToolRuns | Should -Be 1

        $bodies = Get-ChatBodies
        $bodies.Count | Should -Be 2
        $sent = $bodies[1].messages
        @($sent.role) | Should -Be @('user', 'assistant', 'tool')
        $sent[2].tool_call_id | Should -Be $sent[1].tool_calls[0].id
        $result = $sent[2].content | ConvertFrom-Json
        $result.Name | Should -Be 'abc'
        $result.Count | Should -Be 3 -Because "'3' was converted to [int] by PowerShell's binder"
        @($result.Color) | Should -Be @('Red', 'Blue')
        $result.Day | Should -Be 'Friday'
        $result.InStock | Should -BeTrue
        $result.Big | Should -Be 12345678901

        $r[0].FinishReason | Should -Be 'stop'
        $r[0].Content | Should -BeLike "Echo (3 messages): *`"Count`":3*"
        @($r[0].History.Role) | Should -Be @('user', 'assistant', 'tool', 'assistant')
        $r[0].History[1].ToolCalls[0].FunctionName | Should -BeExactly 'Get-TestInventory'

        $line = @($verbose.Message | Where-Object { $_ -like 'Tool Get-TestInventory*' })
        $line.Count | Should -Be 1
        $line[0] | Should -Match '"Count":"3"'
        $line[0] | Should -Match 'ran in \d+ ms'
    }

    It 'runs a full Auto loop streamed: the final answer streams, one final chunk carries the whole exchange' {
        $plan = New-ToolPlan @(@{ name = 'Get-TestInventory'; arguments = @{ Name = 'xyz' } }, @{ name = 'Get-TestInventory'; arguments = @{ Name = 'pqr'; Count = 2 } })
        $output = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'stream it' -Tools $script:Inventory -InvokeTools Auto -Stream -AdditionalBody $plan -Verbose 4>&1)
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $chunks = @($output | Where-Object { $_ -is [Auriko.ChatCompletionChunk] })
        $global:ToolRuns | Should -Be 2
        @($chunks | Where-Object IsFinal).Count | Should -Be 1
        $final = $chunks[-1]
        $final.IsFinal | Should -BeTrue
        $text = -join ($chunks | ForEach-Object Content)
        $text | Should -BeExactly $final.Completion.Content
        $text | Should -BeLike 'Echo (4 messages): *"Name":"xyz"*|*"Name":"pqr"*'
        @($chunks | Where-Object Content).Count | Should -BeGreaterThan 1 -Because 'the answer arrives in pieces'
        @($final.History.Role) | Should -Be @('user', 'assistant', 'tool', 'tool', 'assistant')
        @($verbose.Message | Where-Object { $_ -match '^Tool Get-TestInventory .*ran in \d+ ms' }).Count | Should -Be 2
        @(Get-ChatBodies | ForEach-Object stream) | Should -Be @($true, $true)
    }

    It 'refuses a tool that was not offered: nothing runs, the model is told why' {
        $canary = Join-Path $TestDrive 'canary.txt'
        $keep = Join-Path $TestDrive 'keep.txt'
        Set-Content -LiteralPath $keep -Value 'still here'
        $plan = New-ToolPlan @(
            @{ name = 'Set-TestCanary'; arguments = @{ Path = $canary } }
            @{ name = 'Remove-Item'; arguments = @{ LiteralPath = $keep } }
            @{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc' } }
        )
        $ev = $null
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'try everything' -Tools $script:Inventory -InvokeTools Auto -AdditionalBody $plan -ErrorVariable ev
        $ev | Should -BeNullOrEmpty
        $canary | Should -Not -Exist
        $keep | Should -Exist
        $global:ToolRuns | Should -Be 1
        $results = @($r.History | Where-Object Role -eq 'tool' | ForEach-Object { $_.Content | ConvertFrom-Json })
        $results[0].error | Should -Match "'Set-TestCanary' is not one of the tools.*nothing ran"
        $results[1].error | Should -Match "'Remove-Item' is not one of the tools.*nothing ran"
        $results[2].Name | Should -Be 'abc'
        $r.Content | Should -Match 'Set-TestCanary.*not one of the tools'
    }

    It 'treats arguments as data, never as script' {
        $canary = Join-Path $TestDrive 'injected.txt'
        $tricks = @("`$(Set-Content -LiteralPath '$canary' -Value x)", "'; Set-TestCanary -Path '$canary'; '", '@{a=1}')
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'go' -Tools $script:Inventory -InvokeTools Auto `
            -AdditionalBody (New-ToolPlan @(@{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc'; Tags = $tricks } }))
        $canary | Should -Not -Exist
        $result = ($r.History | Where-Object Role -eq 'tool').Content | ConvertFrom-Json
        @($result.Tags) | Should -Be $tricks
    }

    It 'answers unusable arguments with an error result and runs nothing for them' {
        $plan = New-ToolPlan @(
            @{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc'; Count = 'many' } }
            @{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc'; Bogus = 1 } }
            @{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc'; OutVariable = 'x' } }
            @{ name = 'Get-TestInventory'; arguments = @{ Count = 2 } }
            @{ name = 'Get-TestInventory'; arguments = '{"Name": "abc", ' }
            @{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc1' } }
        )
        $ev = $null
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'go' -Tools $script:Inventory -InvokeTools Auto -AdditionalBody $plan -ErrorVariable ev
        $ev | Should -BeNullOrEmpty
        $global:ToolRuns | Should -Be 0
        $errors = @($r.History | Where-Object Role -eq 'tool' | ForEach-Object { ($_.Content | ConvertFrom-Json).error })
        $errors.Count | Should -Be 6
        $errors[0] | Should -Match "Count.*many|many.*Count"
        $errors[1] | Should -Match "no parameter 'Bogus'"
        $errors[2] | Should -Match "no parameter 'OutVariable'" -Because 'common parameters are not the model''s to set'
        $errors[3] | Should -Match "required argument 'Name' is missing"
        $errors[4] | Should -Match 'not valid JSON'
        $errors[5] | Should -Match 'Name.*abc1|abc1.*Name' -Because 'ValidatePattern refuses a digit'
        $r.FinishReason | Should -Be 'stop'
    }

    It 'sends an error thrown by a tool to the model as its result, not to the user' {
        $tools = $script:Inventory, (New-AurikoTool Invoke-TestFailure)
        $ev = $null
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'go' -Tools $tools -InvokeTools Auto -ErrorVariable ev `
            -AdditionalBody (New-ToolPlan @(@{ name = 'Invoke-TestFailure'; arguments = @{ Reason = 'disk on fire' } }))
        $ev | Should -BeNullOrEmpty
        $global:ToolRuns | Should -Be 1
        (($r.History | Where-Object Role -eq 'tool').Content | ConvertFrom-Json).error | Should -BeExactly 'The tool failed: disk on fire'
        $r.Content | Should -Match 'disk on fire'
    }

    It 'bounds a tool''s output: depth like ConvertTo-Json, and size' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'go' -Tools (New-AurikoTool Get-TestMany) -InvokeTools Auto `
            -AdditionalBody (New-ToolPlan @(@{ name = 'Get-TestMany'; arguments = @{ Count = 10000 } }))
        $content = ($r.History | Where-Object Role -eq 'tool').Content
        $content.Length | Should -BeLessOrEqual 16000
        $items = $content | ConvertFrom-Json
        $items[0].Index | Should -Be 1
        $items[0].Nested.Level1 | Should -BeOfType ([string]) -Because 'objects nested deeper than 2 levels become text'
        $items[-1] | Should -Match 'more item\(s\) not shown'

        Reset-AurikoTestServer
        $r = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'go' -Tools (New-AurikoTool Get-TestMany) -InvokeTools Auto `
            -AdditionalBody (New-ToolPlan @(@{ name = 'Get-TestMany'; arguments = @{ TextLength = 100000 } }))
        $content = ($r.History | Where-Object Role -eq 'tool').Content
        $content.Length | Should -BeLessOrEqual 16000
        $content | ConvertFrom-Json | Should -Match 'cut: a tool''s output is limited to 16000 characters'
    }

    It 'stops with a clear error carrying the History when the tool rounds run out (-MaxToolRounds)' {
        $plan = New-ToolPlan @(@{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc' } }) -Rounds 100
        $ev = $null
        $out = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'loop' -Tools $script:Inventory -InvokeTools Auto -MaxToolRounds 3 `
            -AdditionalBody $plan -ErrorAction SilentlyContinue -ErrorVariable ev
        $out | Should -BeNullOrEmpty
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'ToolRoundsExhausted,*'
        $ev[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $ev[0].Exception | Should -BeOfType ([Auriko.PowerShell.ToolRoundsExhaustedException])
        $ev[0].Exception | Should -BeOfType ([Auriko.AurikoException])
        $ev[0].Exception.Message | Should -Match 'tool rounds ran out'
        $ev[0].Exception.Message | Should -Match 'MaxToolRounds 3'
        $ev[0].Exception.MaxToolRounds | Should -Be 3
        $global:ToolRuns | Should -Be 3
        @(Get-ChatBodies).Count | Should -Be 4
        $history = $ev[0].Exception.History
        @($history.Role) | Should -Be @('user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'tool')
        $ev[0].Exception.PendingToolCalls[0].FunctionName | Should -BeExactly 'Get-TestInventory'

        # The History goes back as -History: the model goes on from the last tool results.
        Reset-AurikoTestServer
        $next = Invoke-AurikoChatCompletion -Model gpt-4o -History $history -Tools $script:Inventory -InvokeTools Auto `
            -AdditionalBody (New-ToolPlan @(@{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc' } }) -Rounds 0)
        $next.FinishReason | Should -Be 'stop'
        @(Get-ChatBodies)[0].messages.Count | Should -Be 7
    }

    It 'stops streamed with the same error when the tool rounds run out' {
        $plan = New-ToolPlan @(@{ name = 'Get-TestInventory'; arguments = @{ Name = 'abc' } }) -Rounds 100
        $ev = $null
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'loop' -Tools $script:Inventory -InvokeTools Auto -MaxToolRounds 1 -Stream `
            -AdditionalBody $plan -ErrorAction SilentlyContinue -ErrorVariable ev)
        @($chunks | Where-Object IsFinal).Count | Should -Be 0
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'ToolRoundsExhausted,*'
        @($ev[0].Exception.History.Role) | Should -Be @('user', 'assistant', 'tool')
    }

    It 'refuses to guess with -InvokeTools Confirm in a host that cannot ask: nothing runs' {
        $result = Invoke-FreshPwsh -ArgumentList $server.BaseUrl -ScriptBlock {
            param($BaseUrl)
            function Get-Thing { param([string] $Name) $global:ran = $true; "thing $Name" }
            Connect-Auriko -ApiKey 'ak_test_confirm_0000' -BaseUrl $BaseUrl -SkipValidation
            $plan = @{ emulator = @{ tool_plan = @(@{ name = 'Get-Thing'; arguments = @{ Name = 'a' } }) } }
            try {
                Invoke-AurikoChatCompletion -Model gpt-4o -Message 'go' -Tools (New-AurikoTool Get-Thing) -InvokeTools Confirm -AdditionalBody $plan
                'no error'
            }
            catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            [bool] $global:ran
        }
        $result[0] | Should -BeLike 'ConfirmNeedsInteractiveHost,*'
        $result[1] | Should -Match 'cannot ask'
        $result[2] | Should -BeFalse
    }
}
