# Installation, for real: the built module is published as a package to a local file repository
# (the Package task's own script), then a fresh pwsh whose module path holds nothing of ours
# registers that repository, installs the module by name, imports it by name and runs a
# completion against the test server.
#
# Both installers are proven, each in its own fresh pwsh:
# - Install-Module (PowerShellGet 2.2.5). It works offline here: PowerShell 7.6 ships
#   PackageManagement with its NuGet provider built in, so no provider bootstrap from the
#   internet is needed for a file repository.
# - Install-PSResource (PSResourceGet 1.2.0), the successor that PowerShell 7.4+ ships.
#
# Isolation: each child runs with HOME (and the XDG_* variables) pointing into a temp folder, so
# the repository registrations of both installers, the CurrentUser module folder and every cache
# live there and vanish with it; PSModulePath is set to that user folder plus $PSHOME/Modules.
# The user's own registrations and modules are never touched. On Windows the CurrentUser scope
# is the Documents folder, which an environment variable cannot move, so the test runs on Linux
# and macOS (where CI runs) and is skipped on Windows rather than install into a real profile.
BeforeDiscovery {
    $script:SkipReason = if ([Environment]::OSVersion.Platform -eq 'Win32NT') { 'CurrentUser installs go to Documents on Windows, which cannot be isolated' } else { $null }
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:ModuleDir = Split-Path (Get-AurikoTestModulePath) -Parent
    $script:Version = (Import-PowerShellDataFile (Get-AurikoTestModulePath)).ModuleVersion
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('auriko-install-' + [guid]::NewGuid().ToString('N'))
    $script:Repository = Join-Path $script:Work 'repo'
    $null = New-Item -ItemType Directory -Path $script:Repository -Force

    # Environment of a child pwsh whose per-user state lives under $Name in the work folder.
    function New-IsolatedEnvironment([string] $Name) {
        $userHome = Join-Path $script:Work $Name
        $null = New-Item -ItemType Directory -Path (Join-Path $userHome '.local/share'), (Join-Path $userHome '.cache'), (Join-Path $userHome '.config') -Force
        @{
            HOME            = $userHome
            XDG_DATA_HOME   = Join-Path $userHome '.local/share'
            XDG_CACHE_HOME  = Join-Path $userHome '.cache'
            XDG_CONFIG_HOME = Join-Path $userHome '.config'
            PSModulePath    = $null
        }
    }

    if ([Environment]::OSVersion.Platform -ne 'Win32NT') {
        # Publish with the Package task's script, in an isolated child too: it registers (and
        # unregisters) a PSResourceGet repository.
        $publishScript = (Resolve-Path "$PSScriptRoot/../tools/Publish-AurikoPackage.ps1").Path
        $script:Published = Invoke-FreshPwsh -NoImport -Environment (New-IsolatedEnvironment 'publisher') -ArgumentList $publishScript, $script:ModuleDir, $script:Repository -ScriptBlock {
            param($Script, $ModuleDir, $Repository)
            $ErrorActionPreference = 'Stop'
            try {
                $package = & $Script -ModulePath $ModuleDir -RepositoryPath $Repository 6>$null
                [pscustomobject]@{ Package = $package | Select-Object -Last 1; Repositories = @(Get-PSResourceRepository | ForEach-Object Name); Error = $null }
            }
            catch { [pscustomobject]@{ Package = $null; Repositories = @(); Error = "$_" } }
        }
        $script:Server = Start-AurikoTestServer
    }

    # The script a fresh child runs: prove the module is absent, register the repository, install
    # by name with the given installer, import by name, call the test server.
    $script:InstallAndUse = {
        param($Installer, $Repository, $BaseUrl, $Key)
        $ErrorActionPreference = 'Stop'
        $sep = [IO.Path]::PathSeparator
        $userModules = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'powershell/Modules'
        $env:PSModulePath = $userModules + $sep + (Join-Path $PSHOME 'Modules')
        $result = [ordered]@{
            Installer = $Installer; UserModules = $userModules; PSModulePath = $env:PSModulePath
            Before = @(Get-Module -ListAvailable -Name Auriko | ForEach-Object ModuleBase)
            InstalledBase = $null; ImportedBase = $null; ImportedVersion = $null; Commands = @()
            Synopsis = $null; Content = $null; Provider = $null; Error = $null; RepositoriesAfter = @()
        }
        try {
            if ($Installer -eq 'Install-Module') {
                Register-PSRepository -Name AurikoLocal -SourceLocation $Repository -InstallationPolicy Trusted
                try { Install-Module -Name Auriko -Repository AurikoLocal -Scope CurrentUser }
                finally { Unregister-PSRepository -Name AurikoLocal }
                $result.RepositoriesAfter = @(Get-PSRepository -WarningAction SilentlyContinue | ForEach-Object Name)
            }
            else {
                Register-PSResourceRepository -Name AurikoLocal -Uri $Repository -Trusted
                try { Install-PSResource -Name Auriko -Repository AurikoLocal -Scope CurrentUser }
                finally { Unregister-PSResourceRepository -Name AurikoLocal }
                $result.RepositoriesAfter = @(Get-PSResourceRepository | ForEach-Object Name)
            }
            $result.InstalledBase = @(Get-Module -ListAvailable -Name Auriko | ForEach-Object ModuleBase)
            Import-Module Auriko
            $module = Get-Module Auriko
            $result.ImportedBase = $module.ModuleBase
            $result.ImportedVersion = [string] $module.Version
            $result.Commands = @(Get-Command -Module Auriko | ForEach-Object Name)
            $result.Synopsis = (Get-Help Invoke-AurikoChatCompletion).Synopsis
            Connect-Auriko -ApiKey $Key -BaseUrl $BaseUrl
            $answer = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'Installed and working?'
            $result.Content = $answer.Content
            $result.Provider = $answer.Provider
        }
        catch { $result.Error = "$_ $($_.ScriptStackTrace)" }
        [pscustomobject] $result
    }
}

AfterAll {
    if ($script:Server) { Stop-AurikoTestServer -Server $script:Server }
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Package task' -Skip:([bool] $SkipReason) {
    It 'publishes Auriko.<version>.nupkg to the local repository and leaves no registration behind' {
        $script:Published.Error | Should -BeNullOrEmpty
        $script:Published.Package | Should -Exist
        Split-Path $script:Published.Package -Leaf | Should -Be "Auriko.$($script:Version).nupkg"
        @($script:Published.Repositories | Where-Object { $_ -like 'AurikoBuild-*' }) | Should -BeNullOrEmpty
    }

    It 'packs the files of the built module and nothing else' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($script:Published.Package)
        try { $entries = @($zip.Entries | ForEach-Object FullName) } finally { $zip.Dispose() }
        $moduleFiles = Get-ChildItem -LiteralPath $script:ModuleDir -Recurse -File |
            ForEach-Object { [IO.Path]::GetRelativePath($script:ModuleDir, $_.FullName).Replace('\', '/') }
        foreach ($file in $moduleFiles) { $entries | Should -Contain $file }
        $payload = @($entries | Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$|Auriko\.nuspec$)' })
        @($payload | Sort-Object) | Should -Be @($moduleFiles | Sort-Object)
    }
}

Describe 'Installing from the local repository in a fresh pwsh: <_>' -ForEach 'Install-Module', 'Install-PSResource' -Skip:([bool] $SkipReason) {
    BeforeAll {
        $installer = $_
        $key = New-AurikoTestKey
        $script:Result = Invoke-FreshPwsh -NoImport -TimeoutSec 180 -Environment (New-IsolatedEnvironment $installer) `
            -ArgumentList $installer, $script:Repository, $script:Server.BaseUrl, $key -ScriptBlock $script:InstallAndUse
    }

    It 'starts from a module path that holds nothing of ours' {
        $script:Result.PSModulePath | Should -BeLike "$($script:Work)*"
        $script:Result.Before | Should -BeNullOrEmpty
    }

    It '<_> Auriko installs the module into the CurrentUser module folder' {
        $script:Result.Error | Should -BeNullOrEmpty
        @($script:Result.InstalledBase) | Should -HaveCount 1
        @($script:Result.InstalledBase)[0] | Should -Be (Join-Path $script:Result.UserModules "Auriko/$($script:Version)")
    }

    It 'Import-Module Auriko (by name) loads the installed copy with every cmdlet and its help' {
        $script:Result.ImportedBase | Should -Be @($script:Result.InstalledBase)[0]
        $script:Result.ImportedVersion | Should -Be $script:Version
        $script:Result.Commands | Should -Contain 'Invoke-AurikoChatCompletion'
        $script:Result.Commands | Should -Contain 'Connect-Auriko'
        $script:Result.Synopsis | Should -BeLike 'Sends a chat completion request*'
    }

    It 'runs a completion against the test server' {
        $script:Result.Content | Should -BeExactly 'Echo (1 messages): Installed and working?'
        $script:Result.Provider | Should -Not -BeNullOrEmpty
    }

    It 'leaves no repository registration behind' {
        $script:Result.RepositoriesAfter | Should -Not -Contain 'AurikoLocal'
    }
}
