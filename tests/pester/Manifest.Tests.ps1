# The module manifest and the built module folder: ready for the Gallery, exports exactly what the
# assembly implements, one version everywhere, and nothing in the folder a user does not need.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:ManifestPath = Get-AurikoTestModulePath
    $script:ModuleDir = Split-Path $script:ManifestPath -Parent
    $script:Data = Import-PowerShellDataFile -LiteralPath $script:ManifestPath
    $script:Root = (Resolve-Path "$PSScriptRoot/../..").Path

    # What a fresh pwsh sees after importing the built module: its exports and the cmdlet classes
    # the assembly really implements.
    $script:Loaded = Invoke-FreshPwsh -ScriptBlock {
        $module = Get-Module Auriko
        $implemented = @($module.ImplementingAssembly.GetExportedTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { '{0}-{1}' -f $_.VerbName, $_.NounName })
        [pscustomobject]@{
            ExportedCmdlets   = @($module.ExportedCmdlets.Keys)
            ExportedFunctions = @($module.ExportedFunctions.Keys)
            ExportedAliases   = @($module.ExportedAliases.Keys)
            Commands          = @(Get-Command -Module Auriko | ForEach-Object Name)
            Implemented       = $implemented
            Version           = [string] $module.Version
        }
    }
}

Describe 'Auriko.psd1 in the built module' {
    It 'passes Test-ModuleManifest' {
        $result = Test-ModuleManifest -Path $script:ManifestPath -ErrorAction Stop
        $result.Name | Should -Be 'Auriko'
        $result.Version | Should -Be ([version] $script:Data.ModuleVersion)
    }

    It 'is the repository manifest, unchanged' {
        (Get-FileHash $script:ManifestPath).Hash | Should -Be (Get-FileHash (Join-Path $script:Root 'Auriko.psd1')).Hash
    }

    It 'lists CmdletsToExport explicitly, without wildcards' {
        $script:Data.CmdletsToExport | Should -Not -BeNullOrEmpty
        foreach ($name in $script:Data.CmdletsToExport) { [WildcardPattern]::ContainsWildcardCharacters($name) | Should -BeFalse }
        foreach ($key in 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $script:Data.ContainsKey($key) | Should -BeTrue -Because "$key must be explicit (an empty list), not the '*' default"
            @($script:Data[$key]).Count | Should -Be 0
        }
    }

    It 'exports exactly the cmdlets the assembly implements' {
        @($script:Data.CmdletsToExport | Sort-Object) | Should -Be @($script:Loaded.Implemented | Sort-Object)
        @($script:Loaded.ExportedCmdlets | Sort-Object) | Should -Be @($script:Data.CmdletsToExport | Sort-Object)
        @($script:Loaded.Commands | Sort-Object) | Should -Be @($script:Data.CmdletsToExport | Sort-Object)
        $script:Loaded.ExportedFunctions | Should -BeNullOrEmpty
        $script:Loaded.ExportedAliases | Should -BeNullOrEmpty
    }

    It 'declares both editions and the minimum PowerShell version' {
        @($script:Data.CompatiblePSEditions | Sort-Object) | Should -Be @('Core', 'Desktop')
        $script:Data.PowerShellVersion | Should -Be '5.1'
        $script:Data.Description.Length | Should -BeGreaterThan 50
        $script:Data.Author | Should -Not -BeNullOrEmpty
    }

    It 'has the Gallery metadata: tags, project and license links, release notes' {
        $psData = $script:Data.PrivateData.PSData
        foreach ($tag in 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS') {
            $psData.Tags | Should -Contain $tag
        }
        @($psData.Tags | Where-Object { $_ -notlike 'PSEdition_*' -and $_ -notin 'Windows', 'Linux', 'MacOS' }).Count | Should -BeGreaterThan 1 -Because 'topical tags help users find the module'
        foreach ($tag in $psData.Tags) { $tag | Should -Not -Match '\s' -Because 'Gallery tags cannot contain spaces' }
        foreach ($key in 'ProjectUri', 'LicenseUri') {
            $uri = [uri] $psData[$key]
            $uri.IsAbsoluteUri | Should -BeTrue
            $uri.Scheme | Should -Be 'https'
        }
        $psData.ReleaseNotes | Should -Match ([regex]::Escape($script:Data.ModuleVersion))
    }

    It 'processes format files that exist in the module folder' {
        $script:Data.FormatsToProcess | Should -Not -BeNullOrEmpty
        foreach ($file in @($script:Data.FormatsToProcess) + @($script:Data['TypesToProcess'] | Where-Object { $_ })) {
            Join-Path $script:ModuleDir $file | Should -Exist
        }
    }
}

Describe 'One version everywhere' {
    It 'the module folder is named after ModuleVersion and the imported module reports it' {
        Split-Path $script:ModuleDir -Leaf | Should -Be $script:Data.ModuleVersion
        $script:Loaded.Version | Should -Be $script:Data.ModuleVersion
    }

    It 'both assemblies carry ModuleVersion' {
        $expected = [version] $script:Data.ModuleVersion
        foreach ($dll in 'Auriko.PowerShell.dll', 'Auriko.dll') {
            $actual = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $script:ModuleDir $dll)).Version
            '{0}.{1}.{2}' -f $actual.Major, $actual.Minor, $actual.Build | Should -Be ('{0}.{1}.{2}' -f $expected.Major, $expected.Minor, $expected.Build) -Because "$dll must have the manifest's version"
        }
    }

    It 'no project file sets its own version (Directory.Build.props reads Auriko.psd1)' {
        $projects = Get-ChildItem -Path (Join-Path $script:Root 'src'), (Join-Path $script:Root 'tests') -Filter '*.csproj' -Recurse
        foreach ($project in $projects) {
            Get-Content -LiteralPath $project.FullName -Raw | Should -Not -Match '<(Version|AssemblyVersion|FileVersion|VersionPrefix)>\s*\d' -Because "$($project.Name) must not hard-code a version"
        }
        Get-Content (Join-Path $script:Root 'Directory.Build.props') -Raw | Should -Match 'Auriko\.psd1'
    }
}

Describe 'The built module folder' {
    It 'holds only the manifest, our two assemblies, format/types files, en-US help and dependencies/*.dll' {
        $allowed = @(
            '^Auriko\.psd1$'
            '^Auriko\.PowerShell\.dll$'
            '^Auriko\.dll$'
            '^[^/]+\.(Format|Types)\.ps1xml$'
            '^en-US/Auriko\.PowerShell\.dll-Help\.xml$'
            '^en-US/about_[A-Za-z_]+\.help\.txt$'
            '^dependencies/[^/]+\.dll$'
        )
        $base = (Get-Item -LiteralPath $script:ModuleDir).FullName.TrimEnd('\', '/')
        $files = Get-ChildItem -LiteralPath $script:ModuleDir -Recurse -File |
            ForEach-Object { $_.FullName.Substring($base.Length + 1).Replace('\', '/') }
        $unexpected = @($files | Where-Object { $f = $_; -not ($allowed | Where-Object { $f -match $_ }) })
        $unexpected | Should -BeNullOrEmpty -Because 'a user needs nothing else (no .pdb, .deps.json, .xml docs or test files)'
    }

    It 'holds the compiled help and every about topic from docs/' {
        Join-Path $script:ModuleDir 'en-US/Auriko.PowerShell.dll-Help.xml' | Should -Exist
        foreach ($about in Get-ChildItem (Join-Path $script:Root 'docs') -Filter 'about_*.md') {
            Join-Path $script:ModuleDir "en-US/$($about.BaseName).help.txt" | Should -Exist
        }
    }

    It 'keeps third-party assemblies out of the module root and never ships System.Management.Automation' {
        $rootDlls = @(Get-ChildItem -LiteralPath $script:ModuleDir -Filter '*.dll' -File | ForEach-Object Name | Sort-Object)
        $rootDlls | Should -Be @('Auriko.dll', 'Auriko.PowerShell.dll')
        Get-ChildItem -LiteralPath $script:ModuleDir -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
    }
}
