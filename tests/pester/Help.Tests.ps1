# Help: Get-Help -Full, in a fresh pwsh with the built module, shows real help for every exported
# cmdlet, the parameters documented in docs/ are exactly the cmdlets' real parameters (names and
# metadata, so help cannot drift from the code), and the about topics are found.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $manifest = Import-PowerShellDataFile -LiteralPath (Get-AurikoTestModulePath)
    $script:CmdletCases = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
    $docs = Join-Path $PSScriptRoot '../../docs'
    $script:AboutCases = @(Get-ChildItem -LiteralPath $docs -Filter 'about_*.md' | ForEach-Object { @{ Topic = $_.BaseName } })
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $helpTool = (Resolve-Path "$PSScriptRoot/../tools/AurikoHelp.psm1").Path
    $docsPath = (Resolve-Path "$PSScriptRoot/../../docs").Path
    Import-Module $helpTool -Force

    # One fresh pwsh collects what a user would see, as plain data.
    $collected = Invoke-FreshPwsh -ArgumentList $helpTool, $docsPath -ScriptBlock {
        param($HelpTool, $DocsPath)
        $ErrorActionPreference = 'Stop'
        Import-Module $HelpTool
        $text = { param($items) (@($items) | ForEach-Object { $_.Text } | Where-Object { $_ }) -join "`n" }
        $module = Get-Module Auriko
        foreach ($command in Get-Command -Module Auriko -CommandType Cmdlet) {
            $help = Get-Help $command.Name -Full
            $helpParameters = @($help.parameters.parameter | Where-Object { $_ })
            [pscustomobject]@{
                Kind           = 'Command'
                Name           = $command.Name
                HelpFileName   = $command.HelpFile
                Synopsis       = [string] $help.Synopsis
                Description    = & $text $help.description
                FullText       = $help | Out-String -Width 200
                Examples       = @($help.examples.example | Where-Object { $_ } | ForEach-Object {
                    [pscustomobject]@{ Title = [string] $_.title; Code = [string] $_.code; Remarks = & $text $_.remarks }
                })
                HelpParameters = @($helpParameters | ForEach-Object {
                    [pscustomobject]@{ Name = [string] $_.name; Description = & $text $_.description; Type = [string] $_.type.name }
                })
                RealParameters = @(Get-AurikoParameterMetadata -Command $command)
            }
        }
        foreach ($file in Get-ChildItem -LiteralPath $DocsPath -Filter 'about_*.md') {
            $help = Get-Help $file.BaseName -ErrorAction SilentlyContinue
            [pscustomobject]@{
                Kind  = 'About'
                Name  = $file.BaseName
                Found = [bool] $help
                Text  = ($help | Out-String -Width 200)
            }
        }
        [pscustomobject]@{ Kind = 'Module'; Name = $module.Name; ModuleBase = $module.ModuleBase }
    }
    $script:Commands = @{}
    $script:Abouts = @{}
    foreach ($item in $collected) {
        switch ($item.Kind) {
            'Command' { $script:Commands[$item.Name] = $item }
            'About' { $script:Abouts[$item.Name] = $item }
            'Module' { $script:ModuleBase = $item.ModuleBase }
        }
    }
    $script:Docs = @{}
    foreach ($file in Get-ChildItem -LiteralPath $docsPath -Filter '*.md' | Where-Object Name -notlike 'about_*') {
        $script:Docs[$file.BaseName] = Read-AurikoCommandMarkdown -Path $file.FullName
    }

    # Plain values of a parameter's metadata, in one comparable line.
    function Format-Metadata($p) {
        $aliases = @($p.Aliases) -join ', '
        'Type={0}; Sets={1}; Aliases={2}; Required={3}; Position={4}; Pipeline={5}; Wildcards={6}' -f
            $p.Type, (@($p.ParameterSets) -join ', '), $aliases, $p.Required, $p.Position, $p.PipelineInput, $p.Globbing
    }
}

Describe 'The help files shipped with the built module' {
    It 'holds the MAML for the cmdlet assembly and one help.txt per about topic' {
        Join-Path $script:ModuleBase 'en-US/Auriko.PowerShell.dll-Help.xml' | Should -Exist
        foreach ($topic in $script:Abouts.Keys) {
            Join-Path $script:ModuleBase "en-US/$topic.help.txt" | Should -Exist
        }
    }

    It 'has a docs/<Cmdlet>.md for every exported cmdlet and none for cmdlets that do not exist' {
        @($script:Docs.Keys | Sort-Object) | Should -Be @($script:Commands.Keys | Sort-Object)
    }

    It 'has docs that pass the Docs task checks (no skeleton placeholders, every section filled)' {
        $problems = foreach ($doc in $script:Docs.Values) { Test-AurikoCommandMarkdown -Help $doc }
        $problems | Should -BeNullOrEmpty
    }
}

Describe 'Get-Help -Full <Name> in a fresh pwsh' -ForEach $CmdletCases {
    BeforeAll {
        $cmd = $script:Commands[$Name]
        $doc = $script:Docs[$Name]
    }

    It '<Name> is exported and documented' {
        $cmd | Should -Not -BeNullOrEmpty -Because "Get-Command -Module Auriko lists $Name"
        $doc | Should -Not -BeNullOrEmpty -Because "docs/$Name.md exists"
    }

    It '<Name> reads its help from Auriko.PowerShell.dll-Help.xml' {
        Split-Path $cmd.HelpFileName -Leaf | Should -Be 'Auriko.PowerShell.dll-Help.xml'
    }

    It '<Name> shows the synopsis from docs/' {
        $cmd.Synopsis | Should -Not -BeNullOrEmpty
        # Without MAML, Get-Help makes the synopsis up from the syntax; ours is the written one.
        $cmd.Synopsis.Trim() | Should -BeExactly $doc.Synopsis
    }

    It '<Name> shows a description' {
        $cmd.Description | Should -Not -BeNullOrEmpty
        $first = @($doc.Description)[0]
        $cmd.Description | Should -BeLike "*$([WildcardPattern]::Escape($first.Substring(0, [Math]::Min(40, $first.Length))))*"
    }

    It '<Name> describes every parameter' {
        foreach ($p in $cmd.HelpParameters) {
            $p.Description | Should -Not -BeNullOrEmpty -Because "-$($p.Name) needs a description"
        }
    }

    It '<Name> shows at least one example with code and an explanation' {
        $cmd.Examples.Count | Should -BeGreaterThan 0
        foreach ($e in $cmd.Examples) {
            $e.Code | Should -Not -BeNullOrEmpty -Because "$($e.Title) needs code"
            $e.Remarks | Should -Not -BeNullOrEmpty -Because "$($e.Title) needs an explanation"
        }
        $cmd.FullText | Should -Match 'Example 1:'
    }

    It '<Name>: Get-Help documents exactly the real parameters (common parameters aside)' {
        @($cmd.HelpParameters.Name | Sort-Object) | Should -Be @($cmd.RealParameters.Name | Sort-Object)
    }

    It '<Name>: docs/<Name>.md documents exactly the real parameters, with their real metadata' {
        @($doc.Parameters.Name | Sort-Object) | Should -Be @($cmd.RealParameters.Name | Sort-Object)
        foreach ($real in $cmd.RealParameters) {
            $documented = $doc.Parameters | Where-Object Name -eq $real.Name
            $expected = [pscustomobject]@{
                Type = $real.Type; ParameterSets = $real.ParameterSets; Aliases = $real.Aliases; Required = $real.Required
                Position = $real.Position; PipelineInput = $real.PipelineInput; Globbing = $real.Globbing
            }
            $actual = [pscustomobject]@{
                Type = $documented.Type; ParameterSets = @($documented.ParameterSets) -join ', '; Aliases = @($documented.Aliases) -join ', '
                Required = $documented.Required; Position = $documented.Position; PipelineInput = $documented.PipelineInput; Globbing = [bool]::Parse($documented.Globbing)
            }
            Format-Metadata $actual | Should -BeExactly (Format-Metadata $expected) -Because "docs/$Name.md must match -$($real.Name) (tests/tools/Update-AurikoHelpMarkdown.ps1 refreshes it)"
        }
    }
}

Describe 'Get-Help <Topic>' -ForEach $AboutCases {
    It '<Topic> is found and shows its short description' {
        $about = $script:Abouts[$Topic]
        $about.Found | Should -BeTrue
        $about.Text | Should -Match 'SHORT DESCRIPTION'
        $about.Text | Should -Match 'LONG DESCRIPTION'
        $about.Text.Length | Should -BeGreaterThan 500
    }
}

Describe 'The conceptual topics' {
    It 'include about_Auriko, about_Auriko_Streaming, about_Auriko_Routing and about_Auriko_Errors' {
        foreach ($topic in 'about_Auriko', 'about_Auriko_Streaming', 'about_Auriko_Routing', 'about_Auriko_Errors') {
            $script:Abouts[$topic].Found | Should -BeTrue -Because "Get-Help $topic must work"
        }
    }

    It 'about_Auriko_Errors names every exception type of the client' {
        $client = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Auriko' } | Select-Object -First 1
        if (-not $client) {
            $client = [Reflection.Assembly]::LoadFrom((Join-Path $script:ModuleBase 'Auriko.dll'))
        }
        $exceptions = @($client.GetExportedTypes() | Where-Object { [Exception].IsAssignableFrom($_) } | ForEach-Object Name)
        $exceptions.Count | Should -BeGreaterThan 5
        foreach ($name in $exceptions) {
            $script:Abouts['about_Auriko_Errors'].Text | Should -Match "\b$name\b" -Because "about_Auriko_Errors must explain $name"
        }
    }
}
