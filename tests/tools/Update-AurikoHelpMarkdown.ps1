#Requires -Version 7.2
<#
.SYNOPSIS
    Writes docs/<Cmdlet>.md skeletons from the built module's real command metadata, or refreshes
    existing ones.

.DESCRIPTION
    What PlatyPS's New-MarkdownHelp / Update-MarkdownHelp do, without PlatyPS (which our build
    machines cannot install). Run it in its own pwsh: it imports the built module. For a cmdlet without a file it writes a skeleton whose SYNTAX and parameter metadata
    blocks (type, parameter sets, aliases, required, position, pipeline input, wildcards, accepted
    values) come from Get-Command, with '{{ Fill in ... }}' placeholders for the prose; the Docs
    task refuses to build help while a placeholder remains. For an existing file it keeps every
    hand-written part and refreshes SYNTAX and the metadata blocks (new parameters get a
    placeholder, removed ones are dropped).

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh ./tests/tools/Update-AurikoHelpMarkdown.ps1
#>
[CmdletBinding()]
param(
    # The built module's manifest; default: the newest out/Auriko/<version>/Auriko.psd1.
    [string] $ModulePath,
    [string] $DocsPath = (Join-Path $PSScriptRoot '../../docs')
)
$ErrorActionPreference = 'Stop'
if (-not $ModulePath) {
    $ModulePath = Get-ChildItem (Join-Path $PSScriptRoot '../../out/Auriko/*/Auriko.psd1') |
        Sort-Object { [version] $_.Directory.Name } | Select-Object -Last 1 -ExpandProperty FullName
    if (-not $ModulePath) { throw 'No built module in out/Auriko; run ./build.ps1 -Task Build first.' }
}
$DocsPath = [IO.Path]::GetFullPath($DocsPath)
$null = New-Item -ItemType Directory -Path $DocsPath -Force

Import-Module (Join-Path $PSScriptRoot 'AurikoHelp.psm1') -Force
$module = Import-Module $ModulePath -PassThru -Force
foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $path = Join-Path $DocsPath "$($command.Name).md"
    $existing = if (Test-Path -LiteralPath $path) { Read-AurikoCommandMarkdown -Path $path } else { $null }
    $text = New-AurikoCommandMarkdown -Command $command -Existing $existing
    $old = if ($existing) { [IO.File]::ReadAllText($path) } else { $null }
    if ($text -ceq $old) { "unchanged $path"; continue }
    [IO.File]::WriteAllText($path, $text, [Text.UTF8Encoding]::new($false))
    "$(if ($existing) { 'updated' } else { 'created' }) $path"
}
