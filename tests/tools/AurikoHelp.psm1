# Help tooling for Auriko for PowerShell: reads the PlatyPS-schema markdown in docs/, writes the
# MAML and about_*.help.txt files PowerShell's Get-Help reads, and writes markdown skeletons from
# a built module's real command metadata.
#
# Why here: PlatyPS cannot be installed on our build machines, so we carry this small,
# dependency-free equivalent. It is build tooling that never ships, and tests/tools/ is the
# repository's home for such tooling (it also restores Pester); docs/ keeps only the markdown.
# Used by Export-AurikoHelp.ps1 (the Docs task), Update-AurikoHelpMarkdown.ps1 (skeletons) and
# tests/pester/Help.Tests.ps1 (the drift check).
Set-StrictMode -Version 3.0

$script:CommonParameterNames = @(
    [System.Management.Automation.Cmdlet]::CommonParameters +
    [System.Management.Automation.Cmdlet]::OptionalCommonParameters + 'ProgressAction') | Select-Object -Unique

$script:CommonParametersText = 'This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, ' +
    '-InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -ProgressAction, ' +
    '-Verbose, -WarningAction, and -WarningVariable. For more information, see ' +
    '[about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).'

$script:RequiredCommandSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'

#region Markdown reading

# Splits lines into sections at headings of exactly $Level '#', ignoring headings inside code
# fences (a '# comment' in a PowerShell example is not a heading). Text before the first heading
# becomes a section with an empty title.
function Split-MarkdownSection {
    param([string[]] $Lines, [int] $Level)
    $prefix = ('#' * $Level) + ' '
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = [pscustomobject]@{ Title = ''; Lines = [System.Collections.Generic.List[string]]::new() }
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($prefix) -and $line -notmatch '^#{' + ($Level + 1) + '}') {
            if ($current.Title -or ($current.Lines | Where-Object { $_.Trim() })) { $sections.Add($current) }
            $current = [pscustomobject]@{ Title = $line.Substring($prefix.Length).Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            continue
        }
        $current.Lines.Add($line)
    }
    if ($current.Title -or ($current.Lines | Where-Object { $_.Trim() })) { $sections.Add($current) }
    $sections.ToArray()
}

# Splits lines into text and code blocks, in order: @{ Kind = 'Text'|'Code'; Lines; Language }.
function Split-MarkdownBlock {
    param([string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $language = ''
    foreach ($line in $Lines) {
        if ($line -match '^\s*```(.*)$') {
            if ($inFence) {
                $blocks.Add([pscustomobject]@{ Kind = 'Code'; Lines = $buffer.ToArray(); Language = $language })
            }
            elseif ($buffer | Where-Object { $_.Trim() }) {
                $blocks.Add([pscustomobject]@{ Kind = 'Text'; Lines = $buffer.ToArray(); Language = '' })
            }
            $buffer.Clear()
            $inFence = -not $inFence
            $language = $Matches[1].Trim()
            continue
        }
        $buffer.Add($line)
    }
    if ($inFence) { throw "Unclosed code fence (started with ``````$language)." }
    if ($buffer | Where-Object { $_.Trim() }) {
        $blocks.Add([pscustomobject]@{ Kind = 'Text'; Lines = $buffer.ToArray(); Language = '' })
    }
    $blocks.ToArray()
}

# Markdown inline markup to plain help text: `code` -> code, **b** -> b, [text](x.md) -> text,
# [text](https://...) -> text (https://...).
function ConvertTo-PlainInline {
    param([string] $Text)
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\((https?://[^)]+)\)', { param($m) if ($m.Groups[1].Value -eq $m.Groups[2].Value) { $m.Groups[1].Value } else { '{0} ({1})' -f $m.Groups[1].Value, $m.Groups[2].Value } })
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\([^)]*\)', '$1')
    $Text = $Text -replace '\*\*([^*]+)\*\*', '$1'
    $Text = $Text -replace '(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])', '$1'
    $Text = $Text -replace '`([^`]+)`', '$1'
    return $Text
}

# Text lines to paragraphs of plain help text. Blank lines separate paragraphs; soft-wrapped
# lines are joined; each list item is its own paragraph; a code block is one paragraph, verbatim.
function ConvertTo-HelpParagraph {
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    foreach ($block in Split-MarkdownBlock $Lines) {
        if ($block.Kind -eq 'Code') {
            $paragraphs.Add((($block.Lines | ForEach-Object { '    ' + $_ }) -join "`n"))
            continue
        }
        $current = $null
        foreach ($raw in $block.Lines) {
            $line = $raw.TrimEnd()
            if (-not $line.Trim()) {
                if ($current) { $paragraphs.Add($current) }
                $current = $null
                continue
            }
            $isItem = $line -match '^\s*([-*]|\d+\.)\s+'
            if ($isItem) {
                if ($current) { $paragraphs.Add($current) }
                $current = ConvertTo-PlainInline ($line.Trim() -replace '^\*\s+', '- ')
            }
            elseif ($current) {
                $current += ' ' + (ConvertTo-PlainInline $line.Trim())
            }
            else {
                $current = ConvertTo-PlainInline $line.Trim()
            }
        }
        if ($current) { $paragraphs.Add($current) }
    }
    $paragraphs.ToArray()
}

# Reads a simple 'Key: value' YAML block (the PlatyPS parameter metadata and front matter).
function ConvertFrom-SimpleYaml {
    param([string[]] $Lines)
    $result = [ordered]@{}
    foreach ($line in $Lines) {
        if (-not $line.Trim()) { continue }
        if ($line -notmatch '^\s*([^:]+?)\s*:\s?(.*)$') { throw "Not a 'Key: value' line: '$line'." }
        $result[$Matches[1]] = $Matches[2].Trim()
    }
    return $result
}

function Get-TrimmedLine {
    param([string[]] $Lines)
    $list = @($Lines)
    $start = 0
    while ($start -lt $list.Count -and -not $list[$start].Trim()) { $start++ }
    $end = $list.Count - 1
    while ($end -ge $start -and -not $list[$end].Trim()) { $end-- }
    if ($end -lt $start) { return }
    @($list[$start..$end])
}

# Whether a fenced block of this language is PowerShell to run (no language counts), as opposed to
# shown text such as ```Output.
function Test-ScriptLanguage {
    param([string] $Language)
    return $Language -in '', 'powershell', 'pwsh', 'ps1', 'ps'
}

<#
.SYNOPSIS
    Reads one cmdlet help file in PlatyPS schema 2.0.0 into an object.
#>
function Read-AurikoCommandMarkdown {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    $file = Split-Path $Path -Leaf
    $lines = [IO.File]::ReadAllLines($Path)
    if ($lines.Count -lt 3 -or $lines[0].Trim() -ne '---') { throw "${file}: missing YAML front matter (a first line '---')." }
    $end = [Array]::IndexOf([string[]] $lines, '---', 1)
    if ($end -lt 0) { throw "${file}: the YAML front matter is not closed with '---'." }
    $front = ConvertFrom-SimpleYaml $lines[1..($end - 1)]
    $body = if ($end + 1 -lt $lines.Count) { $lines[($end + 1)..($lines.Count - 1)] } else { @() }

    $top = Split-MarkdownSection $body 1
    $titled = @($top | Where-Object Title)
    if ($titled.Count -ne 1) { throw "${file}: expected exactly one '# <Command-Name>' title." }
    $name = $titled[0].Title
    $sections = [ordered]@{}
    foreach ($section in Split-MarkdownSection $titled[0].Lines 2) {
        if (-not $section.Title) { continue }
        $sections[$section.Title.ToUpperInvariant()] = $section.Lines.ToArray()
    }
    foreach ($required in $script:RequiredCommandSections) {
        if (-not $sections.Contains($required)) { throw "${file}: missing section '## $required'." }
    }

    # SYNTAX: '### SetName' headings (optional when there is one set), each with a code block.
    $syntax = @()
    $syntaxSections = @(Split-MarkdownSection $sections['SYNTAX'] 3)
    foreach ($s in $syntaxSections) {
        $code = @(Split-MarkdownBlock $s.Lines | Where-Object Kind -eq 'Code')
        if (-not $code) { continue }
        $setName = if ($s.Title) { ($s.Title -replace '\s*\(Default\)\s*$', '') } else { '__AllParameterSets' }
        $syntax += [pscustomobject]@{ ParameterSet = $setName; IsDefault = $s.Title -match '\(Default\)'; Text = ($code[0].Lines -join ' ').Trim() }
    }
    if (-not $syntax) { throw "${file}: '## SYNTAX' has no code block." }

    $examples = @()
    foreach ($e in Split-MarkdownSection $sections['EXAMPLES'] 3) {
        if (-not $e.Title) { continue }
        $blocks = @(Split-MarkdownBlock $e.Lines)
        $firstCode = [Array]::FindIndex([object[]] $blocks, [Predicate[object]] { param($b) $b.Kind -eq 'Code' })
        if ($firstCode -lt 0) { throw "${file}: example '$($e.Title)' has no code block." }
        $intro = @($blocks | Select-Object -First $firstCode | ForEach-Object { $_.Lines })
        # The example's code is its PowerShell only, so Get-Help's code is a script that runs as written
        # (tests/pester/HelpExamples.Tests.ps1 runs it); an ```Output block goes to the remarks, verbatim,
        # where Get-Help shows it right after the code.
        $after = @($blocks | Select-Object -Skip $firstCode)
        $code = @($after | Where-Object { $_.Kind -eq 'Code' -and (Test-ScriptLanguage $_.Language) } | ForEach-Object { ($_.Lines -join "`n").TrimEnd() })
        $remarks = @(foreach ($block in $after) {
                if ($block.Kind -eq 'Text') { ConvertTo-HelpParagraph $block.Lines }
                # Verbatim and not indented: Get-Help indents every line of a paragraph but trims the first,
                # so an indent of our own would shift a table's header against its rows.
                elseif (-not (Test-ScriptLanguage $block.Language)) { ((Get-TrimmedLine $block.Lines) -join "`n").TrimEnd() }
            })
        $examples += [pscustomobject]@{
            Title        = $e.Title
            Introduction = ConvertTo-HelpParagraph $intro
            Code         = $code -join "`n`n"
            Remarks      = $remarks
        }
    }

    $parameters = @()
    $commonParameters = $false
    foreach ($p in Split-MarkdownSection $sections['PARAMETERS'] 3) {
        if (-not $p.Title) { continue }
        if ($p.Title -eq 'CommonParameters') { $commonParameters = $true; continue }
        if ($p.Title -notmatch '^-(\w+)$') { throw "${file}: parameter heading '### $($p.Title)' must be '### -Name'." }
        $paramName = $Matches[1]
        $blocks = @(Split-MarkdownBlock $p.Lines)
        $yaml = @($blocks | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'yaml' })
        if ($yaml.Count -ne 1) { throw "${file}: parameter -$paramName needs exactly one ``````yaml metadata block." }
        $meta = ConvertFrom-SimpleYaml $yaml[0].Lines
        foreach ($key in 'Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value', 'Accept pipeline input', 'Accept wildcard characters') {
            if (-not $meta.Contains($key)) { throw "${file}: parameter -$paramName has no '$key' in its metadata block." }
        }
        $descriptionLines = @($blocks | Where-Object Kind -eq 'Text' | ForEach-Object { $_.Lines; '' })
        $parameters += [pscustomobject]@{
            Name                = $paramName
            Description         = ConvertTo-HelpParagraph $descriptionLines
            DescriptionMarkdown = (Get-TrimmedLine $descriptionLines) -join "`n"
            Type                = $meta['Type']
            ParameterSets       = @($meta['Parameter Sets'] -split '\s*,\s*' | Where-Object { $_ })
            Aliases             = @($meta['Aliases'] -split '\s*,\s*' | Where-Object { $_ })
            AcceptedValues      = @(if ($meta.Contains('Accepted values')) { $meta['Accepted values'] -split '\s*,\s*' | Where-Object { $_ } })
            Required            = $meta['Required']
            Position            = $meta['Position']
            DefaultValue        = $meta['Default value']
            PipelineInput       = $meta['Accept pipeline input']
            Globbing            = $meta['Accept wildcard characters']
        }
    }

    $typed = {
        param([string[]] $Lines)
        foreach ($t in Split-MarkdownSection $Lines 3) {
            if (-not $t.Title) { continue }
            [pscustomobject]@{ Type = $t.Title; Description = ConvertTo-HelpParagraph $t.Lines; Markdown = (Get-TrimmedLine $t.Lines) -join "`n" }
        }
    }

    $links = @()
    foreach ($line in $sections['RELATED LINKS']) {
        foreach ($m in [regex]::Matches($line, '\[([^\]]*)\]\(([^)]*)\)')) {
            $links += [pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $m.Groups[2].Value }
        }
    }

    $nameParts = $name -split '-', 2
    [pscustomobject]@{
        Path             = $Path
        Name             = $name
        Verb             = $nameParts[0]
        Noun             = if ($nameParts.Count -gt 1) { $nameParts[1] } else { '' }
        FrontMatter      = $front
        OnlineVersion    = if ($front.Contains('online version')) { $front['online version'] } else { '' }
        Synopsis         = (ConvertTo-HelpParagraph $sections['SYNOPSIS']) -join ' '
        SynopsisMarkdown = (Get-TrimmedLine $sections['SYNOPSIS']) -join "`n"
        Syntax           = $syntax
        Description      = ConvertTo-HelpParagraph $sections['DESCRIPTION']
        DescriptionMarkdown = (Get-TrimmedLine $sections['DESCRIPTION']) -join "`n"
        ExamplesMarkdown = (Get-TrimmedLine $sections['EXAMPLES']) -join "`n"
        Examples         = $examples
        Parameters       = $parameters
        CommonParameters = $commonParameters
        Inputs           = @(& $typed $sections['INPUTS'])
        Outputs          = @(& $typed $sections['OUTPUTS'])
        Notes            = ConvertTo-HelpParagraph $sections['NOTES']
        NotesMarkdown    = (Get-TrimmedLine $sections['NOTES']) -join "`n"
        RelatedLinks     = $links
        RelatedLinksMarkdown = (Get-TrimmedLine $sections['RELATED LINKS']) -join "`n"
    }
}

<#
.SYNOPSIS
    Checks a read help file for the content users need; returns one message per problem.
#>
function Test-AurikoCommandMarkdown {
    param([Parameter(Mandatory)] $Help)
    $file = Split-Path $Help.Path -Leaf
    $text = [IO.File]::ReadAllText($Help.Path)
    if ($text -match '\{\{') { "${file}: still holds a '{{ ... }}' placeholder from the skeleton." }
    if ($Help.FrontMatter['external help file'] -ne 'Auriko.PowerShell.dll-Help.xml') { "${file}: front matter 'external help file' must be Auriko.PowerShell.dll-Help.xml." }
    if ($Help.FrontMatter['Module Name'] -ne 'Auriko') { "${file}: front matter 'Module Name' must be Auriko." }
    if ($Help.FrontMatter['schema'] -ne '2.0.0') { "${file}: front matter 'schema' must be 2.0.0." }
    if ($file -ne "$($Help.Name).md") { "${file}: the file name must be '$($Help.Name).md'." }
    if (-not $Help.Synopsis) { "${file}: empty SYNOPSIS." }
    if (-not $Help.Description) { "${file}: empty DESCRIPTION." }
    if (-not $Help.Examples) { "${file}: no '### Example 1: ...' under EXAMPLES." }
    foreach ($e in $Help.Examples) { if (-not $e.Remarks) { "${file}: example '$($e.Title)' has no explanation after its code." } }
    foreach ($p in $Help.Parameters) { if (-not $p.Description) { "${file}: parameter -$($p.Name) has no description." } }
    if (-not $Help.CommonParameters) { "${file}: no '### CommonParameters' under PARAMETERS." }
    if (-not $Help.Outputs) { "${file}: OUTPUTS names no type." }
}

#endregion

#region MAML

$script:MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Para {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $script:MamlNs)
    foreach ($p in @($Paragraphs | Where-Object { $_ })) { $Writer.WriteElementString('maml', 'para', $script:MamlNs, $p) }
    if (-not @($Paragraphs | Where-Object { $_ })) { $Writer.WriteElementString('maml', 'para', $script:MamlNs, '') }
    $Writer.WriteEndElement()
}

function Get-RequiredIn {
    param($Parameter, [string] $SetName)
    # 'True', 'False', or PlatyPS's per-set form 'True (SetA), False (SetB)'.
    if ($Parameter.Required -match "(True|False) \($([regex]::Escape($SetName))\)") { return $Matches[1] -eq 'True' }
    return $Parameter.Required -like 'True*'
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, [bool] $Required)
    $w = $Writer
    $isSwitch = $Parameter.Type -eq 'SwitchParameter'
    $w.WriteStartElement('command', 'parameter', $script:CommandNs)
    $w.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $w.WriteAttributeString('variableLength', 'true')
    $w.WriteAttributeString('globbing', $Parameter.Globbing)
    $w.WriteAttributeString('pipelineInput', $Parameter.PipelineInput)
    $w.WriteAttributeString('position', $Parameter.Position.ToLowerInvariant())
    $w.WriteAttributeString('aliases', $(if ($Parameter.Aliases) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $script:MamlNs, $Parameter.Name)
    Write-Para $w $Parameter.Description
    if ($Parameter.AcceptedValues) {
        $w.WriteStartElement('command', 'parameterValueGroup', $script:CommandNs)
        foreach ($v in $Parameter.AcceptedValues) {
            $w.WriteStartElement('command', 'parameterValue', $script:CommandNs)
            $w.WriteAttributeString('required', 'false')
            $w.WriteAttributeString('command', 'variableLength', $script:CommandNs, 'false')
            $w.WriteString($v)
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }
    if (-not $isSwitch) {
        $w.WriteStartElement('command', 'parameterValue', $script:CommandNs)
        $w.WriteAttributeString('required', 'true')
        $w.WriteAttributeString('variableLength', 'false')
        $w.WriteString($Parameter.Type)
        $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $script:DevNs)
    $w.WriteElementString('maml', 'name', $script:MamlNs, $Parameter.Type)
    $w.WriteElementString('maml', 'uri', $script:MamlNs, '')
    $w.WriteEndElement()
    $w.WriteElementString('dev', 'defaultValue', $script:DevNs, $Parameter.DefaultValue)
    $w.WriteEndElement()
}

function Write-MamlTypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Types)
    $w = $Writer
    $w.WriteStartElement('command', $ListName, $script:CommandNs)
    foreach ($t in $Types) {
        $w.WriteStartElement('command', $ItemName, $script:CommandNs)
        $w.WriteStartElement('dev', 'type', $script:DevNs)
        $w.WriteElementString('maml', 'name', $script:MamlNs, $t.Type)
        $w.WriteEndElement()
        Write-Para $w $t.Description
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
}

<#
.SYNOPSIS
    Writes the MAML help file (…-Help.xml) for the given help objects from Read-AurikoCommandMarkdown.
#>
function Export-AurikoMaml {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [object[]] $Help, [Parameter(Mandatory)] [string] $Path)

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $w = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $w.WriteStartDocument()
        $w.WriteStartElement('helpItems', 'http://msh')
        $w.WriteAttributeString('schema', 'maml')
        foreach ($h in $Help | Sort-Object Name) {
            $w.WriteStartElement('command', 'command', $script:CommandNs)
            $w.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNs)
            $w.WriteAttributeString('xmlns', 'command', $null, $script:CommandNs)
            $w.WriteAttributeString('xmlns', 'dev', $null, $script:DevNs)
            $w.WriteAttributeString('xmlns', 'MSHelp', $null, 'http://msdn.microsoft.com/mshelp')

            $w.WriteStartElement('command', 'details', $script:CommandNs)
            $w.WriteElementString('command', 'name', $script:CommandNs, $h.Name)
            $w.WriteElementString('command', 'verb', $script:CommandNs, $h.Verb)
            $w.WriteElementString('command', 'noun', $script:CommandNs, $h.Noun)
            Write-Para $w @($h.Synopsis)
            $w.WriteEndElement()

            Write-Para $w $h.Description

            $w.WriteStartElement('command', 'syntax', $script:CommandNs)
            foreach ($s in $h.Syntax) {
                $w.WriteStartElement('command', 'syntaxItem', $script:CommandNs)
                $w.WriteElementString('maml', 'name', $script:MamlNs, $h.Name)
                $inSet = @($h.Parameters | Where-Object { $_.ParameterSets -contains '(All)' -or $_.ParameterSets -contains $s.ParameterSet })
                # Get-Help shows syntax parameters in document order: positional ones first.
                $ordered = @($inSet | Where-Object { $_.Position -ne 'Named' } | Sort-Object { [int] $_.Position }) +
                           @($inSet | Where-Object { $_.Position -eq 'Named' })
                foreach ($p in $ordered) { Write-MamlParameter $w $p (Get-RequiredIn $p $s.ParameterSet) }
                $w.WriteEndElement()
            }
            $w.WriteEndElement()

            $w.WriteStartElement('command', 'parameters', $script:CommandNs)
            foreach ($p in $h.Parameters) { Write-MamlParameter $w $p ($p.Required -like 'True*') }
            $w.WriteEndElement()

            Write-MamlTypeList $w 'inputTypes' 'inputType' $h.Inputs
            Write-MamlTypeList $w 'returnValues' 'returnValue' $h.Outputs

            $w.WriteStartElement('maml', 'alertSet', $script:MamlNs)
            $w.WriteStartElement('maml', 'alert', $script:MamlNs)
            foreach ($n in $h.Notes) { $w.WriteElementString('maml', 'para', $script:MamlNs, $n) }
            $w.WriteEndElement()
            $w.WriteEndElement()

            $w.WriteStartElement('command', 'examples', $script:CommandNs)
            foreach ($e in $h.Examples) {
                $w.WriteStartElement('command', 'example', $script:CommandNs)
                $w.WriteElementString('maml', 'title', $script:MamlNs, "-------------------------- $($e.Title) --------------------------")
                $w.WriteStartElement('maml', 'introduction', $script:MamlNs)
                foreach ($p in $e.Introduction) { $w.WriteElementString('maml', 'para', $script:MamlNs, $p) }
                $w.WriteEndElement()
                $w.WriteElementString('dev', 'code', $script:DevNs, $e.Code)
                $w.WriteStartElement('dev', 'remarks', $script:DevNs)
                foreach ($p in $e.Remarks) { $w.WriteElementString('maml', 'para', $script:MamlNs, $p) }
                # An empty last paragraph keeps a blank line before the next example's title.
                $w.WriteElementString('maml', 'para', $script:MamlNs, '')
                $w.WriteEndElement()
                $w.WriteEndElement()
            }
            $w.WriteEndElement()

            $w.WriteStartElement('command', 'relatedLinks', $script:CommandNs)
            $links = @()
            if ($h.OnlineVersion) { $links += [pscustomobject]@{ Text = 'Online Version:'; Uri = $h.OnlineVersion } }
            $links += @($h.RelatedLinks | Where-Object { $_.Uri -ne $h.OnlineVersion })
            foreach ($l in $links) {
                $w.WriteStartElement('maml', 'navigationLink', $script:MamlNs)
                $w.WriteElementString('maml', 'linkText', $script:MamlNs, $l.Text)
                # Links to sibling .md files make sense on the web only; Get-Help shows their text.
                $w.WriteElementString('maml', 'uri', $script:MamlNs, $(if ($l.Uri -match '^https?://') { $l.Uri } else { '' }))
                $w.WriteEndElement()
            }
            $w.WriteEndElement()

            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteEndDocument()
    }
    finally {
        $w.Dispose()
    }
}

#endregion

#region About topics

function Format-Wrapped {
    param([string] $Text, [string] $Indent, [int] $Width = 80)
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ''
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if ($line -and ($Indent.Length + $line.Length + 1 + $word.Length) -gt $Width) {
            $lines.Add($Indent + $line)
            $line = $word
        }
        else {
            $line = if ($line) { "$line $word" } else { $word }
        }
    }
    if ($line) { $lines.Add($Indent + $line) }
    return $lines
}

# Body lines of an about section to help text: paragraphs wrapped at 80 columns under $Indent,
# list items with a hanging indent, code blocks verbatim and indented, tables verbatim.
function Format-AboutBody {
    param([string[]] $Lines, [string] $Indent)
    $out = [System.Collections.Generic.List[string]]::new()
    foreach ($block in Split-MarkdownBlock $Lines) {
        if ($block.Kind -eq 'Code') {
            foreach ($l in Get-TrimmedLine $block.Lines) { $out.Add(($Indent + '    ' + $l).TrimEnd()) }
            $out.Add('')
            continue
        }
        $paragraph = $null
        $table = [System.Collections.Generic.List[string[]]]::new()
        $flushTable = {
            if ($table.Count) { Format-AboutTable $table.ToArray() $Indent | ForEach-Object { $out.Add($_) }; $out.Add('') }
            $table.Clear()
        }
        $flush = {
            if ($null -ne $paragraph) {
                if ($paragraph -match '^([-*]|\d+\.)\s+(.*)$') {
                    $bullet = if ($Matches[1] -eq '*') { '-' } else { $Matches[1] }
                    $wrapped = @(Format-Wrapped $Matches[2] ($Indent + (' ' * ($bullet.Length + 1))))
                    $wrapped[0] = $Indent + $bullet + ' ' + $wrapped[0].TrimStart()
                    $wrapped | ForEach-Object { $out.Add($_) }
                }
                else {
                    Format-Wrapped $paragraph $Indent | ForEach-Object { $out.Add($_) }
                    $out.Add('')
                }
            }
        }
        foreach ($raw in $block.Lines) {
            $line = $raw.TrimEnd()
            if ($line -match '^\s*\|') {
                . $flush; $paragraph = $null
                if ($line -notmatch '^\s*\|[\s:|-]+\|\s*$') {
                    $table.Add([string[]] @($line.Trim().Trim('|').Split('|') | ForEach-Object { ConvertTo-PlainInline $_.Trim() }))
                }
                continue
            }
            . $flushTable
            if (-not $line.Trim()) {
                . $flush; $paragraph = $null
                if ($out.Count -and $out[$out.Count - 1] -ne '') { $out.Add('') }
                continue
            }
            $plain = ConvertTo-PlainInline $line.Trim()
            if ($line -match '^\s*([-*]|\d+\.)\s+') { . $flush; $paragraph = $plain }
            elseif ($null -ne $paragraph) { $paragraph += ' ' + $plain }
            else { $paragraph = $plain }
        }
        . $flush
        . $flushTable
        if ($out.Count -and $out[$out.Count - 1] -ne '') { $out.Add('') }
    }
    return $out
}

# A markdown table as help text: aligned columns when they fit in 80 columns, otherwise one block
# per row (the first cell, then 'Header: value' lines), which reads better than wrapped columns.
function Format-AboutTable {
    param([object[]] $Rows, [string] $Indent)
    $header = $Rows[0]
    $body = @($Rows | Select-Object -Skip 1)
    $widths = for ($c = 0; $c -lt $header.Count; $c++) { ($Rows | ForEach-Object { if ($c -lt $_.Count) { $_[$c].Length } else { 0 } } | Measure-Object -Maximum).Maximum }
    if ($Indent.Length + ($widths | Measure-Object -Sum).Sum + 2 * ($widths.Count - 1) -le 80) {
        $format = { param($cells) $Indent + ((0..($header.Count - 1) | ForEach-Object { $v = if ($_ -lt $cells.Count) { $cells[$_] } else { '' }; $v.PadRight($widths[$_]) }) -join '  ').TrimEnd() }
        & $format $header
        & $format @($widths | ForEach-Object { '-' * $_ })
        foreach ($row in $body) { & $format $row }
        return
    }
    $first = $true
    foreach ($row in $body) {
        if (-not $first) { '' }
        $first = $false
        $Indent + $row[0]
        for ($c = 1; $c -lt $header.Count -and $c -lt $row.Count; $c++) {
            # Two columns read as a definition list; more need the column names.
            $text = if ($header.Count -eq 2) { $row[$c] } else { "$($header[$c]): $($row[$c])" }
            $lines = @(Format-Wrapped $text ($Indent + '    '))
            $lines[0]
            $lines | Select-Object -Skip 1 | ForEach-Object { '  ' + $_ }
        }
    }
}

<#
.SYNOPSIS
    Converts an about topic in PlatyPS about-markdown form to the about_*.help.txt text Get-Help reads.
#>
function ConvertTo-AurikoAboutText {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    $file = Split-Path $Path -Leaf
    $lines = [IO.File]::ReadAllLines($Path)
    # Optional front matter.
    if ($lines.Count -and $lines[0].Trim() -eq '---') {
        $end = [Array]::IndexOf([string[]] $lines, '---', 1)
        if ($end -lt 0) { throw "${file}: the YAML front matter is not closed with '---'." }
        $lines = if ($end + 1 -lt $lines.Count) { $lines[($end + 1)..($lines.Count - 1)] } else { @() }
    }
    $titled = @(Split-MarkdownSection $lines 1 | Where-Object Title)
    if ($titled.Count -ne 1 -or $titled[0].Title -notmatch '^about_\w+$') { throw "${file}: expected exactly one '# about_<Name>' title." }
    $topic = $titled[0].Title
    if ("$topic.md" -ne $file) { throw "${file}: the title '# $topic' must match the file name." }
    $sections = @(Split-MarkdownSection $titled[0].Lines 2 | Where-Object Title)
    foreach ($required in 'SHORT DESCRIPTION', 'LONG DESCRIPTION') {
        if ($sections.Title -notcontains $required) { throw "${file}: missing section '## $required'." }
    }
    if ([IO.File]::ReadAllText($Path) -match '\{\{') { throw "${file}: still holds a '{{ ... }}' placeholder." }

    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $topic")
    $out.Add('')
    foreach ($section in $sections) {
        $out.Add($section.Title.ToUpperInvariant())
        foreach ($sub in Split-MarkdownSection $section.Lines 3) {
            if ($sub.Title) {
                $out.Add("  $($sub.Title.ToUpperInvariant())")
            }
            Format-AboutBody $sub.Lines '    ' | ForEach-Object { $out.Add($_) }
        }
    }
    while ($out.Count -and $out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    return ($out -join [Environment]::NewLine) + [Environment]::NewLine
}

#endregion

#region Skeletons from real metadata

<#
.SYNOPSIS
    The documentable parameters of a command, from its real metadata: name, PlatyPS type name,
    parameter sets, aliases, required, position, pipeline input, wildcards, accepted values.
    Common parameters and DontShow parameters (plumbing hidden from users) are left out.
#>
function Get-AurikoParameterMetadata {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command)
    $allSets = @($Command.ParameterSets.Name)
    foreach ($p in $Command.Parameters.Values) {
        if ($p.Name -in $script:CommonParameterNames) { continue }
        $attributes = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        if ($attributes | Where-Object DontShow) { continue }
        $sets = @($attributes | ForEach-Object ParameterSetName | Select-Object -Unique)
        $setsText = if ($sets -contains '__AllParameterSets' -or @($allSets | Where-Object { $_ -notin $sets }).Count -eq 0) { '(All)' } else { ($sets | Sort-Object) -join ', ' }
        $mandatory = @($attributes | Where-Object Mandatory)
        $required = if (-not $mandatory) { 'False' }
                    elseif ($mandatory.Count -eq $attributes.Count) { 'True' }
                    else { ($attributes | ForEach-Object { '{0} ({1})' -f $_.Mandatory, $_.ParameterSetName }) -join ', ' }
        $positions = @($attributes | Where-Object { $_.Position -ge 0 } | ForEach-Object Position | Select-Object -Unique)
        $byValue = [bool]($attributes | Where-Object ValueFromPipeline)
        $byName = [bool]($attributes | Where-Object ValueFromPipelineByPropertyName)
        $pipeline = if ($byValue -and $byName) { 'True (ByPropertyName, ByValue)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }
        $validateSet = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] })
        $accepted = if ($validateSet) { @($validateSet[0].ValidValues) }
                    elseif ($p.ParameterType.IsEnum) { @([Enum]::GetNames($p.ParameterType)) }
                    else { @() }
        [pscustomobject]@{
            Name           = $p.Name
            Type           = $p.ParameterType.Name
            ParameterSets  = $setsText
            Aliases        = ($p.Aliases | Sort-Object) -join ', '
            AcceptedValues = $accepted -join ', '
            Required       = $required
            Position       = if ($positions.Count -eq 1) { [string] $positions[0] } elseif ($positions.Count -eq 0) { 'Named' } else { $positions -join ', ' }
            PipelineInput  = $pipeline
            Globbing       = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        }
    }
}

# One syntax line in PlatyPS style: Verb-Noun [[-Positional] <Type>] -Mandatory <Type> [-Switch] [<CommonParameters>]
function Get-AurikoSyntaxLine {
    param([System.Management.Automation.CommandInfo] $Command, [System.Management.Automation.CommandParameterSetInfo] $Set)
    $parts = @($Command.Name)
    $params = @($Set.Parameters | Where-Object { $_.Name -notin $script:CommonParameterNames -and -not $_.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) })
    $ordered = @($params | Where-Object { $_.Position -ge 0 } | Sort-Object Position) + @($params | Where-Object { $_.Position -lt 0 } | Sort-Object -Stable { -not $_.IsMandatory })
    foreach ($p in $ordered) {
        $name = if ($p.Position -ge 0) { "[-$($p.Name)]" } else { "-$($p.Name)" }
        $text = if ($p.ParameterType -eq [System.Management.Automation.SwitchParameter]) { $name } else { "$name <$($p.ParameterType.Name)>" }
        $parts += if ($p.IsMandatory) { $text } else { "[$text]" }
    }
    $parts += '[<CommonParameters>]'
    return $parts -join ' '
}

<#
.SYNOPSIS
    Markdown for one command from its real metadata. With -Existing (a Read-AurikoCommandMarkdown
    object), keeps every hand-written part (synopsis, description, examples, parameter descriptions
    and defaults, inputs, outputs, notes, links) and refreshes SYNTAX and the metadata blocks;
    new parameters get a placeholder, removed ones disappear.
#>
function New-AurikoCommandMarkdown {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command,
        $Existing,
        [string] $OnlineBaseUri = 'https://github.com/auriko-ai/auriko-powershell/blob/main/docs'
    )
    $placeholder = { param($what) "{{ Fill in $what }}" }
    $kept = { param($value, $what) if ($value) { $value } else { & $placeholder $what } }
    $sb = [System.Text.StringBuilder]::new()
    $add = { param($line = '') $null = $sb.Append($line).Append("`n") }

    & $add '---'
    & $add 'external help file: Auriko.PowerShell.dll-Help.xml'
    & $add 'Module Name: Auriko'
    & $add "online version: $OnlineBaseUri/$($Command.Name).md"
    & $add 'schema: 2.0.0'
    & $add '---'
    & $add
    & $add "# $($Command.Name)"
    & $add
    & $add '## SYNOPSIS'
    & $add (& $kept $(if ($Existing) { $Existing.SynopsisMarkdown }) 'the synopsis: one sentence')
    & $add
    & $add '## SYNTAX'
    & $add
    $sets = @($Command.ParameterSets)
    foreach ($set in $sets) {
        if ($sets.Count -gt 1) {
            & $add ("### $($set.Name)" + $(if ($set.IsDefault) { ' (Default)' } else { '' }))
        }
        & $add '```'
        & $add (Get-AurikoSyntaxLine $Command $set)
        & $add '```'
        & $add
    }
    & $add '## DESCRIPTION'
    & $add (& $kept $(if ($Existing) { $Existing.DescriptionMarkdown }) 'the description')
    & $add
    & $add '## EXAMPLES'
    & $add
    if ($Existing -and $Existing.ExamplesMarkdown) { & $add $Existing.ExamplesMarkdown }
    else {
        & $add '### Example 1: {{ Fill in the title }}'
        & $add '```powershell'
        & $add "{{ Fill in the code }}"
        & $add '```'
        & $add
        & $add '{{ Fill in the explanation }}'
    }
    & $add
    & $add '## PARAMETERS'
    & $add
    foreach ($p in Get-AurikoParameterMetadata $Command) {
        $old = if ($Existing) { $Existing.Parameters | Where-Object Name -eq $p.Name | Select-Object -First 1 } else { $null }
        & $add "### -$($p.Name)"
        & $add (& $kept $(if ($old) { $old.DescriptionMarkdown }) "the description of -$($p.Name)")
        & $add
        & $add '```yaml'
        & $add "Type: $($p.Type)"
        & $add "Parameter Sets: $($p.ParameterSets)"
        & $add "Aliases: $($p.Aliases)".TrimEnd()
        if ($p.AcceptedValues) { & $add "Accepted values: $($p.AcceptedValues)" }
        & $add
        & $add "Required: $($p.Required)"
        & $add "Position: $($p.Position)"
        $default = if ($old -and $old.DefaultValue) { $old.DefaultValue } elseif ($p.Type -eq 'SwitchParameter') { 'False' } else { 'None' }
        & $add "Default value: $default"
        & $add "Accept pipeline input: $($p.PipelineInput)"
        & $add "Accept wildcard characters: $($p.Globbing)"
        & $add '```'
        & $add
    }
    & $add '### CommonParameters'
    & $add $script:CommonParametersText
    & $add
    & $add '## INPUTS'
    & $add
    if ($Existing -and $Existing.Inputs) {
        foreach ($t in $Existing.Inputs) { & $add "### $($t.Type)"; & $add $t.Markdown; & $add }
    }
    else { & $add '### None'; & $add '{{ Fill in what can be piped }}'; & $add }
    & $add '## OUTPUTS'
    & $add
    if ($Existing -and $Existing.Outputs) {
        foreach ($t in $Existing.Outputs) { & $add "### $($t.Type)"; & $add $t.Markdown; & $add }
    }
    else {
        foreach ($t in $Command.OutputType) { & $add "### $($t.Name)"; & $add '{{ Fill in the description of the output }}'; & $add }
    }
    & $add '## NOTES'
    & $add (& $kept $(if ($Existing) { $Existing.NotesMarkdown }) 'the notes')
    & $add
    & $add '## RELATED LINKS'
    & $add
    & $add (& $kept $(if ($Existing) { $Existing.RelatedLinksMarkdown }) 'the related links')
    return $sb.ToString()
}

#endregion

#region Examples as users see them

<#
.SYNOPSIS
    The examples of a loaded module's help, read from Get-Help as a user sees them: every example of
    every exported command, and the EXAMPLES section of every about topic the module ships.

.DESCRIPTION
    One object per example: Source (the command or about topic), Title (as shown, e.g.
    'Example 3: Continue a conversation'), Id ('<Source>: <title without Example N:>', stable when
    examples are renumbered; skip lists use it) and Code (the script). Nothing is read from docs/:
    this is the compiled help, so an example runner tests what Get-Help shows. About topics are
    plain text; their code blocks are the lines indented by eight spaces under a sub-heading (the
    layout ConvertTo-AurikoAboutText writes).
#>
function Get-AurikoHelpExample {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $ModuleName)
    $module = Get-Module -Name $ModuleName
    if (-not $module) { throw "Module $ModuleName is not loaded." }
    foreach ($command in Get-Command -Module $ModuleName -CommandType Cmdlet, Function | Sort-Object Name) {
        foreach ($example in @((Get-Help -Name $command.Name -Full).examples.example | Where-Object { $_ })) {
            $title = ([string] $example.title).Trim().Trim('-').Trim()
            [pscustomobject]@{
                Source = $command.Name
                Title  = $title
                Id     = '{0}: {1}' -f $command.Name, ($title -replace '^Example\s+\d+\s*:\s*', '')
                Code   = ([string] $example.code).Trim()
            }
        }
    }
    foreach ($file in Get-ChildItem -Path (Join-Path $module.ModuleBase '*/about_*.help.txt') | Sort-Object Name) {
        $topic = $file.Name -replace '\.help\.txt$', ''
        $inExamples = $false
        $current = $null
        $flush = {
            if ($current -and $current.Lines.Count) {
                [pscustomobject]@{
                    Source = $topic
                    Title  = $current.Title
                    Id     = '{0}: {1}' -f $topic, $current.Title
                    Code   = ((Get-TrimmedLine $current.Lines.ToArray()) -join "`n")
                }
            }
        }
        foreach ($line in ([string] (Get-Help -Name $topic)) -split '\r?\n') {
            if ($line -match '^\S') {
                # A section heading: only EXAMPLES holds examples.
                if ($inExamples) { & $flush; $current = $null }
                $inExamples = $line.Trim() -eq 'EXAMPLES'
                continue
            }
            if (-not $inExamples) { continue }
            if ($line -match '^  (\S.*)$') {
                & $flush
                $current = [pscustomobject]@{ Title = $Matches[1].Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            }
            elseif ($current -and ($line -match '^ {8}' -or (-not $line.Trim() -and $current.Lines.Count))) {
                # Code lines keep their own indentation beyond the eight spaces; blank lines inside the code stay.
                $current.Lines.Add($(if ($line.Length -ge 8) { $line.Substring(8) } else { '' }))
            }
            elseif ($current -and $line.Trim()) {
                # Explanation text ends the code (a later code block of the same example would continue it).
                $current.Lines.Add('')
            }
        }
        if ($inExamples) { & $flush }
    }
}

#endregion

Export-ModuleMember -Function Read-AurikoCommandMarkdown, Test-AurikoCommandMarkdown, Export-AurikoMaml,
    ConvertTo-AurikoAboutText, Get-AurikoParameterMetadata, Get-AurikoSyntaxLine, New-AurikoCommandMarkdown,
    Get-AurikoHelpExample
