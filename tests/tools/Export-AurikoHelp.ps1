#Requires -Version 7.2
<#
.SYNOPSIS
    The Docs task: compiles docs/*.md into the help files the module ships.

.DESCRIPTION
    docs/<Cmdlet>.md (PlatyPS schema 2.0.0)  -> <OutputPath>/Auriko.PowerShell.dll-Help.xml (MAML)
    docs/about_*.md (PlatyPS about topics)   -> <OutputPath>/about_*.help.txt

    Fails, naming every problem, when a cmdlet the manifest exports has no markdown (or markdown
    names a cmdlet the manifest does not export), when a file misses a section, a parameter
    description or an example, or when a '{{ ... }}' skeleton placeholder remains. The output
    folder is rewritten from scratch, so a deleted topic does not linger.

    build.ps1 runs this before laying the module out; the layout copies <OutputPath> into
    out/Auriko/<version>/en-US/. Dependency-free on purpose (see AurikoHelp.psm1).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $ManifestPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'AurikoHelp.psm1') -Force

$manifest = Import-PowerShellDataFile -LiteralPath $ManifestPath
$helpFileName = "$([IO.Path]::GetFileNameWithoutExtension($manifest.RootModule)).dll-Help.xml"
$exported = @($manifest.CmdletsToExport)

$commandFiles = @(Get-ChildItem -LiteralPath $DocsPath -Filter '*.md' -File | Where-Object Name -notlike 'about_*')
$aboutFiles = @(Get-ChildItem -LiteralPath $DocsPath -Filter 'about_*.md' -File)

$problems = [System.Collections.Generic.List[string]]::new()
$help = foreach ($file in $commandFiles) {
    try {
        $h = Read-AurikoCommandMarkdown -Path $file.FullName
        Test-AurikoCommandMarkdown -Help $h | ForEach-Object { $problems.Add($_) }
        $h
    }
    catch { $problems.Add("$($file.Name): $($_.Exception.Message)") }
}
foreach ($name in $exported) {
    if (-not ($commandFiles.BaseName -ccontains $name)) { $problems.Add("docs/$name.md is missing: Auriko.psd1 exports $name (run tests/tools/Update-AurikoHelpMarkdown.ps1 for a skeleton).") }
}
foreach ($file in $commandFiles) {
    if ($exported -cnotcontains $file.BaseName) { $problems.Add("docs/$($file.Name) documents a cmdlet that Auriko.psd1 does not export.") }
}
$about = @{}
foreach ($file in $aboutFiles) {
    try { $about["$($file.BaseName).help.txt"] = ConvertTo-AurikoAboutText -Path $file.FullName }
    catch { $problems.Add("$($file.Name): $($_.Exception.Message)") }
}
if ($problems.Count) {
    throw "The help in docs/ cannot be built:`n  - $($problems -join "`n  - ")"
}

Remove-Item -LiteralPath $OutputPath -Recurse -Force -ErrorAction Ignore
$null = New-Item -ItemType Directory -Path $OutputPath -Force
Export-AurikoMaml -Help $help -Path (Join-Path $OutputPath $helpFileName)
foreach ($name in $about.Keys) {
    [IO.File]::WriteAllText((Join-Path $OutputPath $name), $about[$name], [Text.UTF8Encoding]::new($false))
}
Write-Host "Help: $($help.Count) cmdlets -> $helpFileName; $($about.Count) about topics -> $((($about.Keys | Sort-Object) -join ', '))"
