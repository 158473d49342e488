# Invoke-AurikoChatCompletion -JsonSchema / -ResponseFormat json_object / -NumberOfAnswers: the
# response_format and n sent, Parsed on the answer (typed when a class was given), answers that
# are not the JSON asked for as typed errors, and several answers in Choices.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    Connect-Auriko -ApiKey (New-AurikoTestKey) -BaseUrl $server.BaseUrl -SkipValidation

    # PowerShell classes, as a script would declare them; the type objects are kept so every It
    # block uses the very same types.
    $script:TicketType = Invoke-Expression @'
enum TicketPriority { Low; Normal; High }
class TicketFields {
    [string] $Title
    [TicketPriority] $Priority
    [string[]] $Tags
    [Nullable[int]] $EstimateHours
    [datetime] $Due
    hidden [string] $Internal
}
[TicketFields]
'@
    # A .NET type with nested classes, a List<T> and C# nullable annotations.
    Add-Type -TypeDefinition @'
#nullable enable
using System.Collections.Generic;
namespace AurikoTests.JsonAnswers
{
    public sealed class InvoiceLine { public string Item { get; set; } = ""; public int Quantity { get; set; } public decimal Price { get; set; } }
    public sealed class Invoice
    {
        public string Number { get; set; } = "";
        public bool Paid { get; set; }
        public List<InvoiceLine> Lines { get; set; } = new List<InvoiceLine>();
        public string? Note { get; set; }
        public string ReadOnly => "not part of the schema";
    }
}
'@
    function Get-ChatBodies { @(Get-AurikoTestRequest -Path '/chat/completions').ForEach({ $_.Json }) }
    function Get-LastChatBody { @(Get-ChatBodies)[-1] }
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe '-JsonSchema with a class' {
    BeforeEach { Reset-AurikoTestServer }

    It 'sends a PowerShell class as a strict json_schema and returns an instance of it in Parsed' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'Printer on floor 3 is on fire' -JsonSchema $TicketType

        $format = (Get-LastChatBody).response_format
        $format.type | Should -Be 'json_schema'
        $format.json_schema.name | Should -Be 'TicketFields'
        $format.json_schema.strict | Should -BeTrue
        $schema = $format.json_schema.schema
        $schema.type | Should -Be 'object'
        $schema.additionalProperties | Should -BeFalse
        @($schema.properties.Keys) | Should -Be @('Title', 'Priority', 'Tags', 'EstimateHours', 'Due') -Because 'public settable properties in order, hidden ones left out'
        $schema.required | Should -Be @('Title', 'Priority', 'Tags', 'EstimateHours', 'Due') -Because 'strict mode wants every property required'
        $schema.properties.Title.type | Should -Be 'string'
        $schema.properties.Priority.type | Should -Be 'string'
        $schema.properties.Priority.enum | Should -Be @('Low', 'Normal', 'High')
        $schema.properties.Tags.type | Should -Be 'array'
        $schema.properties.Tags.items.type | Should -Be 'string'
        $schema.properties.EstimateHours.type | Should -Be @('integer', 'null') -Because 'a Nullable[int] may be null'
        $schema.properties.Due.format | Should -Be 'date-time'

        $r.Parsed.GetType() | Should -Be $TicketType
        $r.Parsed.Title | Should -Be 'Title 1'
        $r.Parsed.Priority | Should -Be 'Low'
        $r.Parsed.Tags | Should -Be @('Tags 1 1', 'Tags 2 1')
        $r.Parsed.EstimateHours | Should -Be 1
        $r.Parsed.Due | Should -BeOfType ([datetime])
        $r.Content | ConvertFrom-Json | ForEach-Object Title | Should -Be 'Title 1' -Because 'Content keeps the raw JSON text'
    }

    It 'describes a .NET type: nested classes, List[T], numbers, booleans and C# nullable annotations' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'Invoice 42' -JsonSchema ([AurikoTests.JsonAnswers.Invoice]) -JsonSchemaName invoice_v2
        $json = (Get-LastChatBody).response_format.json_schema
        $json.name | Should -Be 'invoice_v2'
        $schema = $json.schema
        @($schema.properties.Keys) | Should -Be @('Number', 'Paid', 'Lines', 'Note')
        $schema.properties.Number.type | Should -Be 'string'
        $schema.properties.Note.type | Should -Be @('string', 'null') -Because 'string? is nullable'
        $schema.properties.Paid.type | Should -Be 'boolean'
        $line = $schema.properties.Lines.items
        $line.type | Should -Be 'object'
        $line.properties.Quantity.type | Should -Be 'integer'
        $line.properties.Price.type | Should -Be 'number'
        $line.required | Should -Be @('Item', 'Quantity', 'Price')
        $line.additionalProperties | Should -BeFalse

        $r.Parsed | Should -BeOfType ([AurikoTests.JsonAnswers.Invoice])
        $r.Parsed.Paid | Should -BeTrue
        $r.Parsed.Lines | Should -BeOfType ([AurikoTests.JsonAnswers.InvoiceLine])
        $r.Parsed.Lines.GetType().Name | Should -Be 'List`1'
        $r.Parsed.Lines.Count | Should -Be 2
        $r.Parsed.Lines[0].Price | Should -Be 1.5
    }

    It 'fills Parsed on the stream''s final chunk, from the whole streamed text' {
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o 'stream a ticket' -JsonSchema $TicketType -Stream)
        (Get-LastChatBody).stream | Should -BeTrue
        (Get-LastChatBody).response_format.json_schema.name | Should -Be 'TicketFields'
        @($chunks | Where-Object { $_.Content }).Count | Should -BeGreaterThan 1 -Because 'the JSON arrives in pieces'
        $final = $chunks[-1]
        $final.IsFinal | Should -BeTrue
        $final.Completion.Parsed.GetType() | Should -Be $TicketType
        $final.Completion.Parsed.Title | Should -Be 'Title 1'
        $final.Parsed.Title | Should -Be 'Title 1'
        -join ($chunks | ForEach-Object Content) | Should -BeExactly $final.Completion.Content
    }

    It 'takes a class declared in a script by its name (-JsonSchema Ticket), in a fresh pwsh' {
        $out = Invoke-FreshPwsh -Environment @{ AURIKO_API_KEY = (New-AurikoTestKey); AURIKO_BASE_URL = $server.BaseUrl } {
            class Ticket { [string] $Title; [int] $Severity }
            $r = Invoke-AurikoChatCompletion -Model gpt-4o 'Disk full on db01' -JsonSchema Ticket
            $r.Parsed.GetType().Name
            $r.Parsed.Title
            $r.Parsed.Severity
        }
        $out | Should -Be @('Ticket', 'Title 1', 1)
        (Get-LastChatBody).response_format.json_schema.name | Should -Be 'Ticket'
    }

    It 'turns tickets from a CSV into typed rows for Export-Csv' {
        $in = Join-Path $TestDrive 'tickets.csv'
        $out = Join-Path $TestDrive 'fields.csv'
        @(
            [pscustomobject]@{ Prompt = 'VPN drops every hour' }
            [pscustomobject]@{ Prompt = 'Printer on floor 3 is on fire' }
            [pscustomobject]@{ Prompt = 'Need a new laptop charger' }
        ) | Export-Csv -Path $in -NoTypeInformation

        Import-Csv $in | Invoke-AurikoChatCompletion -Model gpt-4o -JsonSchema $TicketType |
            ForEach-Object Parsed | Select-Object Title, Priority, EstimateHours |
            Export-Csv -Path $out -NoTypeInformation

        @(Get-ChatBodies).ForEach({ $_.messages[-1].content }) | Should -Be @('VPN drops every hour', 'Printer on floor 3 is on fire', 'Need a new laptop charger')
        $rows = @(Import-Csv $out)
        $rows.Count | Should -Be 3
        $rows[0].PSObject.Properties.Name | Should -Be @('Title', 'Priority', 'EstimateHours')
        $rows.Priority | Should -Be @('Low', 'Low', 'Low')
        $rows.Title | Should -Be @('Title 1', 'Title 1', 'Title 1')
    }
}

Describe '-JsonSchema as a hashtable, [ordered] dictionary or JSON text, and JSON mode' {
    BeforeEach { Reset-AurikoTestServer }

    It 'sends a <Kind> schema as given and Parsed is a PSCustomObject' -TestCases @(
        @{ Kind = 'hashtable'; Schema = @{ type = 'object'; properties = @{ city = @{ type = 'string' } }; required = @('city'); additionalProperties = $false } }
        @{ Kind = 'ordered'; Schema = [ordered]@{ type = 'object'; properties = [ordered]@{ city = @{ type = 'string' } }; required = @('city'); additionalProperties = $false } }
        @{ Kind = 'JSON text'; Schema = '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}' }
    ) {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'A city in Japan' -JsonSchema $Schema
        $json = (Get-LastChatBody).response_format.json_schema
        $json.name | Should -Be 'response'
        $json.strict | Should -BeTrue
        $json.schema.type | Should -Be 'object'
        $json.schema.properties.city.type | Should -Be 'string'
        $json.schema.required | Should -Be @('city')
        $json.schema.additionalProperties | Should -BeFalse
        $r.Parsed | Should -BeOfType ([pscustomobject])
        $r.Parsed.city | Should -Be 'city 1'
    }

    It 'names the schema from -JsonSchemaName, else the schema''s title, and accepts the {name, schema, strict} object' {
        $schema = @{ title = 'Weather report'; type = 'object'; properties = @{ celsius = @{ type = 'number' } } }
        $null = Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema $schema
        (Get-LastChatBody).response_format.json_schema.name | Should -Be 'Weather_report'
        $null = Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema $schema -JsonSchemaName weather
        (Get-LastChatBody).response_format.json_schema.name | Should -Be 'weather'
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema @{ name = 'wrapped'; strict = $false; schema = $schema }
        $json = (Get-LastChatBody).response_format.json_schema
        $json.name | Should -Be 'wrapped'
        $json.strict | Should -BeFalse
        $json.schema.properties.celsius.type | Should -Be 'number'
        $r.Parsed.celsius | Should -Be 1.5
    }

    It '-ResponseFormat json_object fills Parsed too, streamed or not' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'hello' -ResponseFormat json_object
        (Get-LastChatBody).response_format.type | Should -Be 'json_object'
        $r.Parsed | Should -BeOfType ([pscustomobject])
        $r.Parsed.echo | Should -Be 'Echo (1 messages): hello'
        $final = @(Invoke-AurikoChatCompletion -Model gpt-4o 'hello' -ResponseFormat json_object -Stream)[-1]
        $final.Completion.Parsed.answer | Should -Be 1
    }

    It 'leaves Parsed empty for a plain text answer' {
        (Invoke-AurikoChatCompletion -Model gpt-4o 'hello').Parsed | Should -BeNullOrEmpty
    }
}

Describe 'Answers that are not the JSON asked for' {
    BeforeEach { Reset-AurikoTestServer }

    It 'an answer that is not JSON is a StructuredOutputException with the raw text and the request id, and no answer object' {
        Add-AurikoTestScenario @{ kind = 'answer_text'; text = 'Sorry, I cannot help with that.' }
        $out = @(Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema $TicketType -ErrorAction SilentlyContinue -ErrorVariable ev)
        $out.Count | Should -Be 0 -Because 'never an answer with a silent null Parsed'
        $ev.Count | Should -Be 1
        $ex = $ev[0].Exception
        $ex | Should -BeOfType ([Auriko.StructuredOutputException])
        $ex | Should -BeOfType ([Auriko.AurikoException])
        $ex.RawText | Should -BeExactly 'Sorry, I cannot help with that.'
        $ex.IsValidJson | Should -BeFalse
        $ex.TargetType | Should -Be $TicketType
        $requestId = @(Get-AurikoTestRequest -Path '/chat/completions')[-1].requestId
        $ex.RequestId | Should -Be $requestId
        $ev[0].ToString() | Should -Match ([regex]::Escape($requestId))
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'answer_not_json,*'
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $ex.Completion.Usage.TotalTokens | Should -BeGreaterThan 0 -Because 'the response stays reachable'
    }

    It 'JSON that does not fit the class names where: <Case>' -TestCases @(
        @{ Case = 'an enum value it lacks'; Text = '{"Title":"t","Priority":"Urgent","Tags":[],"EstimateHours":null,"Due":"2025-01-15T09:30:00Z"}'; Path = '$.Priority'; Pattern = 'one of Low, Normal, High' }
        @{ Case = 'a string for an integer'; Text = '{"Title":"t","Priority":"Low","Tags":[],"EstimateHours":"three","Due":"2025-01-15T09:30:00Z"}'; Path = '$.EstimateHours'; Pattern = 'an integer' }
        @{ Case = 'a fraction for an integer, never rounded'; Text = '{"Title":"t","Priority":"Low","Tags":[],"EstimateHours":3.5,"Due":"2025-01-15T09:30:00Z"}'; Path = '$.EstimateHours'; Pattern = 'an integer \(got 3\.5\)' }
        @{ Case = 'a missing property'; Text = '{"Priority":"Low","Tags":[],"EstimateHours":1,"Due":"2025-01-15T09:30:00Z"}'; Path = '$.Title'; Pattern = 'missing' }
        @{ Case = 'an extra property'; Text = '{"Title":"t","Priority":"Low","Tags":[],"EstimateHours":1,"Due":"2025-01-15T09:30:00Z","Owner":"me"}'; Path = '$.Owner'; Pattern = 'not a property of \[TicketFields\]' }
        @{ Case = 'null that cannot be'; Text = '{"Title":"t","Priority":null,"Tags":[],"EstimateHours":1,"Due":"2025-01-15T09:30:00Z"}'; Path = '$.Priority'; Pattern = 'cannot be null' }
        @{ Case = 'a string in an array of strings'; Text = '{"Title":"t","Priority":"Low","Tags":["a",2],"EstimateHours":1,"Due":"2025-01-15T09:30:00Z"}'; Path = '$.Tags[1]'; Pattern = 'a string' }
        @{ Case = 'a date that is none'; Text = '{"Title":"t","Priority":"Low","Tags":[],"EstimateHours":1,"Due":"next week"}'; Path = '$.Due'; Pattern = 'cannot become \[DateTime\]' }
    ) {
        Add-AurikoTestScenario @{ kind = 'answer_text'; text = $Text }
        $null = Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema $TicketType -ErrorAction SilentlyContinue -ErrorVariable ev
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeLike 'answer_does_not_fit,*'
        $ex = $ev[0].Exception
        $ex | Should -BeOfType ([Auriko.StructuredOutputException])
        $ex.IsValidJson | Should -BeTrue
        $ex.JsonPath | Should -BeExactly $Path
        $ex.RawText | Should -BeExactly $Text
        $ex.Message | Should -Match $Pattern
        $ex.RequestId | Should -Be @(Get-AurikoTestRequest -Path '/chat/completions')[-1].requestId
    }

    It 'JSON mode: an answer that is not JSON is the same error' {
        Add-AurikoTestScenario @{ kind = 'answer_text'; text = '{"truncated": ' }
        $null = Invoke-AurikoChatCompletion -Model gpt-4o 'x' -ResponseFormat json_object -ErrorAction SilentlyContinue -ErrorVariable ev
        $ev[0].Exception | Should -BeOfType ([Auriko.StructuredOutputException])
        $ev[0].Exception.TargetType | Should -BeNullOrEmpty
        $ev[0].Exception.RawText | Should -BeExactly '{"truncated": '
    }

    It 'streamed: the chunks and the final chunk are written, then the error' {
        Add-AurikoTestScenario @{ kind = 'answer_text'; text = 'plain words, no JSON' }
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema $TicketType -Stream -ErrorAction SilentlyContinue -ErrorVariable ev)
        $chunks[-1].IsFinal | Should -BeTrue
        $chunks[-1].Completion.Parsed | Should -BeNullOrEmpty
        -join ($chunks | ForEach-Object Content) | Should -BeExactly 'plain words, no JSON'
        $ev.Count | Should -Be 1
        $ev[0].Exception.RawText | Should -BeExactly 'plain words, no JSON'
        $ev[0].Exception.RequestId | Should -Not -BeNullOrEmpty
    }

    It 'fails only its own item: the next piped message still gets its typed answer' {
        Add-AurikoTestScenario @{ kind = 'answer_text'; text = 'not json'; times = 1 }
        $out = @('first', 'second' | Invoke-AurikoChatCompletion -Model gpt-4o -JsonSchema $TicketType -ErrorAction SilentlyContinue -ErrorVariable ev)
        $ev.Count | Should -Be 1
        $out.Count | Should -Be 1
        $out[0].Parsed.GetType() | Should -Be $TicketType
    }
}

Describe 'Unusable -JsonSchema values stop before any request' {
    BeforeEach { Reset-AurikoTestServer }

    It 'refuses <Case>' -TestCases @(
        @{ Case = 'a type that is no object'; Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema ([int]) }; Id = 'InvalidJsonSchema'; Pattern = 'top level must be a JSON object' }
        @{ Case = 'a class with a hashtable property'; Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema (Invoke-Expression 'class BagHolder { [hashtable] $Bag }; [BagHolder]') }; Id = 'InvalidJsonSchema'; Pattern = 'BagHolder\.Bag.*cannot describe' }
        @{ Case = 'a class that contains itself'; Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema (Invoke-Expression 'class TreeNode { [string] $Name; [TreeNode[]] $Children }; [TreeNode]') }; Id = 'InvalidJsonSchema'; Pattern = 'inside itself' }
        @{ Case = 'text that is neither JSON nor a type'; Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema 'NoSuchTypeAnywhere' }; Id = 'InvalidJsonSchema'; Pattern = 'neither JSON text' }
        @{ Case = 'broken JSON text'; Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema '{"type": "object",' }; Id = 'InvalidJsonSchema'; Pattern = 'not valid JSON' }
        @{ Case = 'an object that is no schema'; Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema 42 }; Id = 'InvalidJsonSchema'; Pattern = 'takes a hashtable' }
        @{ Case = 'a name the API refuses'; Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema @{ type = 'object' } -JsonSchemaName 'my schema!' }; Id = 'InvalidJsonSchema'; Pattern = 'not a valid schema name' }
        @{ Case = '-JsonSchema with -ResponseFormat'; Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchema @{ type = 'object' } -ResponseFormat json_object }; Id = 'JsonSchemaAndResponseFormat'; Pattern = 'not both' }
        @{ Case = '-JsonSchemaName alone'; Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -JsonSchemaName x }; Id = 'JsonSchemaNameWithoutSchema'; Pattern = 'needs -JsonSchema' }
    ) {
        $err = { & $Run } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match $Pattern
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 0
    }
}

Describe '-NumberOfAnswers' {
    BeforeEach { Reset-AurikoTestServer }

    It 'sends n; Choices holds every answer, Content and History the first, and the view says how many' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'Name a colour' -NumberOfAnswers 3
        (Get-LastChatBody).n | Should -Be 3
        $r.Choices.Count | Should -Be 3
        $r.Choices.Index | Should -Be @(0, 1, 2)
        $r.Choices[1].Message.Content | Should -Be 'Echo (1 messages): Name a colour (answer 2)'
        $r.Choices[2].Message.Content | Should -Be 'Echo (1 messages): Name a colour (answer 3)'
        $r.Content | Should -BeExactly $r.Choices[0].Message.Content
        $r.History[-1].Content | Should -BeExactly $r.Content
        $view = $r | Out-String -Width 80
        $view | Should -Match 'Answers\s+: 3 '
        Invoke-AurikoChatCompletion -Model gpt-4o 'one' | Out-String | Should -Not -Match 'Answers'
    }

    It 'streams several answers: each choice by its index, Content the first''s only, all in the final Completion' {
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o 'Name a colour' -n 2 -Stream)
        (Get-LastChatBody).n | Should -Be 2
        @($chunks | Where-Object { $_.Choices.Index -contains 1 }).Count | Should -BeGreaterThan 1
        $final = $chunks[-1]
        $final.Completion.Choices.Count | Should -Be 2
        $final.Completion.Choices[0].Message.Content | Should -BeExactly 'Echo (1 messages): Name a colour'
        $final.Completion.Choices[1].Message.Content | Should -BeExactly 'Echo (1 messages): Name a colour (answer 2)'
        -join ($chunks | ForEach-Object Content) | Should -BeExactly 'Echo (1 messages): Name a colour' -Because 'the second answer''s text never mixes into the first'
        ($final | Out-String) | Should -Match '2 answers'
    }

    It 'parses every answer with -JsonSchema' {
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'ticket' -JsonSchema $TicketType -NumberOfAnswers 2
        ($r.Choices | ForEach-Object { $_.Parsed.GetType() }) | Should -Be @($TicketType, $TicketType)
        $r.Choices.Parsed.Title | Should -Be @('Title 1', 'Title 2')
        $r.Parsed.Title | Should -Be 'Title 1'
        $r | Out-String -Width 80 | Should -Match 'Parsed\s+: @\{Title=Title 1; Priority=Low'
    }

    It 'refuses <Value> before any request' -TestCases @(@{ Value = 0 }, @{ Value = 129 }) {
        { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -NumberOfAnswers $Value } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 0
    }
}

Describe 'Help for images, JSON answers and several answers' {
    It 'Get-Help shows an example for each new parameter: a screenshot question, and CSV tickets to typed rows' {
        $examples = @((Get-Help Invoke-AurikoChatCompletion -Examples).examples.example)
        foreach ($parameter in 'Image', 'ImageDetail', 'JsonSchema', 'JsonSchemaName', 'NumberOfAnswers') {
            @($examples | Where-Object { $_.code -match "-$parameter\b" }).Count | Should -BeGreaterThan 0 -Because "-$parameter needs an example"
        }
        $screenshot = @($examples | Where-Object { $_.code -match '-Image\b' -and $_.title -match 'screenshot' })
        $screenshot.Count | Should -Be 1
        $tickets = @($examples | Where-Object { $_.code -match 'Import-Csv' -and $_.code -match '-JsonSchema \(\[' -and $_.code -match 'Export-Csv' })
        $tickets.Count | Should -Be 1
        ($tickets[0].remarks | Out-String) | Should -Match 'Parsed'
    }
}
