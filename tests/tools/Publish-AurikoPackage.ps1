#Requires -Version 7.2
<#
.SYNOPSIS
    The Package task: publishes the built module as a .nupkg to a local file repository.

.DESCRIPTION
    Uses Publish-PSResource (Microsoft.PowerShell.PSResourceGet, part of PowerShell 7.4+), which
    packs and publishes offline. The folder is registered as a repository only for the publish,
    under a unique name, and unregistered afterwards (also on failure), so the user's repository
    list is left as it was. Publish-PSResource runs Test-ModuleManifest on the way, so a broken
    manifest fails here.

    Any earlier package of the same version is replaced, so repeated runs work. Returns the path
    of the .nupkg.

    Why here: build tooling that never ships lives in tests/tools/ (see AurikoHelp.psm1).
#>
[CmdletBinding()]
param(
    # The built module folder, out/Auriko/<version>.
    [Parameter(Mandatory)] [string] $ModulePath,
    # The local repository folder; created when missing.
    [Parameter(Mandatory)] [string] $RepositoryPath
)
$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop

$manifestPath = Join-Path $ModulePath 'Auriko.psd1'
$manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
$name = [IO.Path]::GetFileNameWithoutExtension($manifestPath)
$version = $manifest.ModuleVersion
$null = New-Item -ItemType Directory -Path $RepositoryPath -Force
$RepositoryPath = (Resolve-Path -LiteralPath $RepositoryPath).Path
$package = Join-Path $RepositoryPath "$name.$version.nupkg"
Remove-Item -LiteralPath $package -Force -ErrorAction Ignore

$repositoryName = 'AurikoBuild-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Register-PSResourceRepository -Name $repositoryName -Uri $RepositoryPath -Trusted
try {
    Publish-PSResource -Path $ModulePath -Repository $repositoryName
}
finally {
    Unregister-PSResourceRepository -Name $repositoryName
}

if (-not (Test-Path -LiteralPath $package)) { throw "Publish-PSResource reported success but wrote no $package." }
$item = Get-Item -LiteralPath $package
Write-Host ("Published {0} {1}: {2} ({3:N0} KB)" -f $name, $version, $item.FullName, ($item.Length / 1KB))
$item.FullName
