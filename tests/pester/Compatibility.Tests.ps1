# Issue 6, compatibility: the module loads and runs beside another binary module that ships its
# own copy of System.Text.Json (9.0.x, a different version from ours, built from tests/pester/fixtures/compat/OtherJson), in
# either import order; and the netstandard2.0 assemblies use only APIs that Windows PowerShell
# 5.1 (.NET Framework 4.7.2 + netstandard 2.0 + PowerShellStandard 5.1) has.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $modulePath = Get-AurikoTestModulePath
    $moduleDir = Split-Path $modulePath -Parent
    $repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path

    function Get-NuGetPackageFolders {
        $folders = @()
        $assets = Join-Path $repoRoot 'src/Auriko.PowerShell/obj/project.assets.json'
        if (Test-Path $assets) { $folders += @((Get-Content -Raw $assets | ConvertFrom-Json -AsHashtable).packageFolders.Keys) }
        if ($env:NUGET_PACKAGES) { $folders += $env:NUGET_PACKAGES }
        $folders += Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
        $folders | Where-Object { Test-Path $_ } | Select-Object -Unique
    }

    function Find-PackageFile([string] $RelativePath) {
        foreach ($f in Get-NuGetPackageFolders) {
            $p = Join-Path $f $RelativePath
            if (Test-Path $p) { return $p }
        }
        throw "Not found in the NuGet package folders: $RelativePath"
    }

    function Open-Metadata([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        [pscustomobject]@{ PE = $pe; Reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe); Path = $Path }
    }

    function Get-TargetFramework($md) {
        $r = $md.Reader
        foreach ($h in $r.CustomAttributes) {
            $ca = $r.GetCustomAttribute($h)
            if ($ca.Constructor.Kind -ne 'MemberReference') { continue }
            $ctor = $r.GetMemberReference([System.Reflection.Metadata.MemberReferenceHandle]$ca.Constructor)
            if ($ctor.Parent.Kind -ne 'TypeReference') { continue }
            $t = $r.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$ctor.Parent)
            if ($r.GetString($t.Name) -ne 'TargetFrameworkAttribute') { continue }
            $blob = $r.GetBlobReader($ca.Value)
            $null = $blob.ReadUInt16()  # prolog
            return $blob.ReadSerializedString()
        }
        $null
    }

    function Get-AssemblyRefs($md) {
        $r = $md.Reader
        foreach ($h in $r.AssemblyReferences) {
            $a = $r.GetAssemblyReference($h)
            [pscustomobject]@{ Name = $r.GetString($a.Name); Version = $a.Version }
        }
    }

    # The public surface of a reference assembly: "Namespace.Name" (nested: "Outer/Inner") -> member names.
    function Get-ApiSurface([string] $Path) {
        $md = Open-Metadata $Path
        try {
            $r = $md.Reader
            $surface = [System.Collections.Generic.Dictionary[string, System.Collections.Generic.HashSet[string]]]::new()
            $bases = @{}
            foreach ($h in $r.TypeDefinitions) {
                $t = $r.GetTypeDefinition($h)
                $name = $r.GetString($t.Name)
                $ns = $r.GetString($t.Namespace)
                $full = if ($t.GetDeclaringType().IsNil) { if ($ns) { "$ns.$name" } else { $name } } else {
                    $d = $r.GetTypeDefinition($t.GetDeclaringType())
                    $dns = $r.GetString($d.Namespace)
                    "$(if ($dns) { "$dns." })$($r.GetString($d.Name))/$name"
                }
                $members = [System.Collections.Generic.HashSet[string]]::new()
                foreach ($m in $t.GetMethods()) { $null = $members.Add($r.GetString($r.GetMethodDefinition($m).Name)) }
                foreach ($f in $t.GetFields()) { $null = $members.Add($r.GetString($r.GetFieldDefinition($f).Name)) }
                $surface[$full] = $members
                if (-not $t.BaseType.IsNil -and $t.BaseType.Kind -eq 'TypeDefinition') {
                    $b = $r.GetTypeDefinition([System.Reflection.Metadata.TypeDefinitionHandle]$t.BaseType)
                    $bns = $r.GetString($b.Namespace)
                    $bases[$full] = "$(if ($bns) { "$bns." })$($r.GetString($b.Name))"
                }
            }
            [pscustomobject]@{ Types = $surface; Bases = $bases }
        }
        finally { $md.PE.Dispose() }
    }

    # Every type and member the assembly uses from the named reference assemblies, checked against their surfaces.
    function Test-ApiUse([string] $Path, [hashtable] $Surfaces) {
        $md = Open-Metadata $Path
        try {
            $r = $md.Reader
            $missing = [System.Collections.Generic.List[string]]::new()
            $checkedTypes = 0; $checkedMembers = 0
            $typeName = @{}
            foreach ($h in $r.TypeReferences) {
                $t = $r.GetTypeReference($h)
                $scope = $t.ResolutionScope
                $name = $r.GetString($t.Name); $ns = $r.GetString($t.Namespace)
                $assembly = $null; $full = $null
                if ($scope.Kind -eq 'AssemblyReference') {
                    $assembly = $r.GetString($r.GetAssemblyReference([System.Reflection.Metadata.AssemblyReferenceHandle]$scope).Name)
                    $full = if ($ns) { "$ns.$name" } else { $name }
                }
                elseif ($scope.Kind -eq 'TypeReference') {
                    $outer = $r.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$scope)
                    if ($outer.ResolutionScope.Kind -eq 'AssemblyReference') {
                        $assembly = $r.GetString($r.GetAssemblyReference([System.Reflection.Metadata.AssemblyReferenceHandle]$outer.ResolutionScope).Name)
                        $ons = $r.GetString($outer.Namespace)
                        $full = "$(if ($ons) { "$ons." })$($r.GetString($outer.Name))/$name"
                    }
                }
                if (-not $assembly -or -not $Surfaces.ContainsKey($assembly)) { continue }
                $typeName[$h] = @($assembly, $full)
                $checkedTypes++
                if (-not $Surfaces[$assembly].Types.ContainsKey($full)) { $missing.Add("type $assembly!$full") }
            }
            foreach ($h in $r.MemberReferences) {
                $m = $r.GetMemberReference($h)
                if ($m.Parent.Kind -ne 'TypeReference') { continue }  # generic instantiations etc.: their type is checked above
                $key = [System.Reflection.Metadata.TypeReferenceHandle]$m.Parent
                if (-not $typeName.ContainsKey($key)) { continue }
                $assembly, $full = $typeName[$key]
                $surface = $Surfaces[$assembly]
                if (-not $surface.Types.ContainsKey($full)) { continue }
                $member = $r.GetString($m.Name)
                $checkedMembers++
                $t = $full; $found = $false
                while ($t -and -not $found) {
                    if ($surface.Types.ContainsKey($t) -and $surface.Types[$t].Contains($member)) { $found = $true }
                    $t = $surface.Bases[$t]
                }
                if (-not $found) { $missing.Add("member $assembly!$full::$member") }
            }
            [pscustomobject]@{ Missing = @($missing); Types = $checkedTypes; Members = $checkedMembers }
        }
        finally { $md.PE.Dispose() }
    }
}

Describe 'Beside another module with its own System.Text.Json' {
    BeforeAll {
        $server = Start-AurikoTestServer
        # Build the fixture once per content: out/test-fixtures/OtherJson-<hash>/OtherJson/.
        $fixture = "$PSScriptRoot/fixtures/compat/OtherJson"
        $files = Get-ChildItem $fixture -File | Sort-Object Name
        $hash = (Get-FileHash -InputStream ([IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes((($files | ForEach-Object { (Get-FileHash $_.FullName).Hash }) -join ''))))).Hash.Substring(0, 12)
        $otherModuleDir = Join-Path $repoRoot "out/test-fixtures/OtherJson-$hash/OtherJson"
        if (-not (Test-Path (Join-Path $otherModuleDir 'OtherJson.dll'))) {
            $work = Join-Path ([IO.Path]::GetTempPath()) ('auriko-otherjson-' + [guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory -Path $work
            try {
                Copy-Item "$fixture/*" $work
                $log = & dotnet build (Join-Path $work 'OtherJson.csproj') -c Release -nologo -v:quiet -o (Join-Path $work 'bin-out') 2>&1
                if ($LASTEXITCODE -ne 0) { throw "Building the OtherJson fixture failed:`n$($log -join "`n")" }
                $null = New-Item -ItemType Directory -Path $otherModuleDir -Force
                Copy-Item (Join-Path $work 'bin-out/*.dll') $otherModuleDir
                Copy-Item (Join-Path $work 'OtherJson.psd1') $otherModuleDir
                Remove-Item (Join-Path $otherModuleDir 'System.Management.Automation.dll') -ErrorAction Ignore
            }
            finally { Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue }
        }
        $otherManifest = Join-Path $otherModuleDir 'OtherJson.psd1'
    }
    AfterAll { Stop-AurikoTestServer }

    It 'the fixture really ships its own, different System.Text.Json' {
        $stj = Join-Path $otherModuleDir 'System.Text.Json.dll'
        Test-Path $stj | Should -BeTrue
        $other = [System.Reflection.AssemblyName]::GetAssemblyName($stj).Version
        $ours = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleDir 'dependencies/System.Text.Json.dll')).Version
        $other.Major | Should -Be 9
        $other | Should -Not -Be $ours
    }

    It 'both run a cmdlet when <First> is imported first' -ForEach @(
        @{ First = 'OtherJson' }
        @{ First = 'Auriko' }
    ) {
        $r = Invoke-FreshPwsh -NoImport -ArgumentList $First, $modulePath, $otherManifest, $server.BaseUrl {
            param($first, $auriko, $other, $url)
            $ErrorActionPreference = 'Stop'
            $out = [ordered]@{}
            if ($first -eq 'OtherJson') {
                Import-Module $other
                $out.OtherBefore = ConvertTo-OtherJson @{ a = 1; b = 'two' }
                Import-Module $auriko
            }
            else {
                Import-Module $auriko
                Import-Module $other
            }
            Connect-Auriko -ApiKey 'ak_test_compat_0000000000' -BaseUrl $url -SkipValidation
            $chat = Invoke-AurikoChatCompletion -Model gpt-4o -Message 'side by side'
            $out.Chat = $chat.Message.Content
            $out.Stream = (@(Invoke-AurikoChatCompletion -Model gpt-4o -Message 'streamed side by side' -Stream) | Where-Object IsFinal).Completion.Message.Content
            $out.Other = ConvertTo-OtherJson @{ x = 'y' }
            $out.LoadedStj = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'System.Text.Json' } | ForEach-Object { "$($_.GetName().Version) $($_.Location)" })
            $out.Errors = $Error.Count
            [pscustomobject]$out
        }
        Write-Host "  $First first: System.Text.Json loaded: $($r.LoadedStj -join '; '); OtherJson used $($r.Other.StjVersion)"
        $r.Chat | Should -Be 'Echo (1 messages): side by side'
        $r.Stream | Should -Be 'Echo (1 messages): streamed side by side'
        $r.Other.Json | Should -Be '{"x":"y"}'
        if ($First -eq 'OtherJson') { $r.OtherBefore.Json | Should -Be '{"a":"1","b":"two"}' }
        $r.Errors | Should -Be 0
        if (-not (Test-WindowsPowerShell)) {
            # PowerShell 7's framework copy serves both. On .NET Framework both strong-named versions
            # may load side by side (each module gets the one it was built with), which is the point
            # of the module's private dependencies/ folder; working side by side is the test there.
            @($r.LoadedStj).Count | Should -Be 1 -Because 'one System.Text.Json serves both, with no conflict'
        }
    }
}

Describe 'Windows PowerShell 5.1 API surface (netstandard2.0)' {
    BeforeAll {
        # Reads the assemblies with System.Reflection.Metadata, which .NET Framework does not include.
        if (Test-WindowsPowerShell) { return }
        $ours = 'Auriko.dll', 'Auriko.PowerShell.dll' | ForEach-Object { Join-Path $moduleDir $_ }
        $shipped = @{}
        foreach ($f in Get-ChildItem $moduleDir -Recurse -Filter *.dll) {
            $shipped[[IO.Path]::GetFileNameWithoutExtension($f.Name)] = [System.Reflection.AssemblyName]::GetAssemblyName($f.FullName).Version
        }
        $netstandardRef = Find-PackageFile 'netstandard.library/2.0.3/build/netstandard2.0/ref/netstandard.dll'
        $smaRef = Find-PackageFile 'powershellstandard.library/5.1.1/lib/netstandard2.0/System.Management.Automation.dll'
        $surfaces = @{ 'netstandard' = Get-ApiSurface $netstandardRef; 'System.Management.Automation' = Get-ApiSurface $smaRef }
    }
    BeforeEach { Skip-OnWindowsPowerShell -Because 'a static check of the built files with System.Reflection.Metadata, which .NET Framework lacks; the same files are checked under PowerShell 7' }

    It '<_> targets .NETStandard 2.0 and references only netstandard, PowerShellStandard and shipped packages' -ForEach 'Auriko.dll', 'Auriko.PowerShell.dll' {
        $path = Join-Path $moduleDir $_
        $md = Open-Metadata $path
        try {
            Get-TargetFramework $md | Should -Be '.NETStandard,Version=v2.0'
            $refs = @(Get-AssemblyRefs $md)
        }
        finally { $md.PE.Dispose() }
        Write-Host "  $_ references: $(($refs | ForEach-Object { "$($_.Name) $($_.Version)" }) -join ', ')"
        $refs.Name | Should -Not -Contain 'System.Runtime'
        $refs.Name | Should -Not -Contain 'System.Private.CoreLib'
        $refs.Name | Should -Not -Contain 'mscorlib'
        $refs.Name | Should -Contain 'netstandard'
        foreach ($ref in $refs) {
            switch ($ref.Name) {
                'netstandard' { $ref.Version | Should -Be ([version]'2.0.0.0') }
                'System.Management.Automation' { $ref.Version | Should -Be ([version]'3.0.0.0') -Because 'PowerShellStandard.Library 5.1' }
                default {
                    $shipped.ContainsKey($ref.Name) | Should -BeTrue -Because "$($ref.Name) must ship with the module (5.1 has no copy)"
                    $shipped[$ref.Name] | Should -BeGreaterOrEqual $ref.Version
                }
            }
        }
    }

    It 'every shipped dependency is a netstandard2.0 or .NET Framework build (no System.Runtime references)' {
        $deps = @(Get-ChildItem (Join-Path $moduleDir 'dependencies') -Filter *.dll)
        $deps.Count | Should -BeGreaterThan 0
        $bad = foreach ($d in $deps) {
            $md = Open-Metadata $d.FullName
            try {
                $tfm = Get-TargetFramework $md
                $refs = @(Get-AssemblyRefs $md).Name
            }
            finally { $md.PE.Dispose() }
            if ($tfm -and $tfm -notlike '.NETStandard,Version=v2.0*' -and $tfm -notlike '.NETFramework,*') { "$($d.Name): $tfm" }
            if ($refs -contains 'System.Runtime' -or $refs -contains 'System.Private.CoreLib') { "$($d.Name) references $($refs -join ',')" }
            foreach ($r in $refs) {
                if ($r -notin 'netstandard', 'mscorlib', 'System', 'System.Core', 'System.Numerics' -and -not $shipped.ContainsKey($r)) { "$($d.Name) needs $r, which is not shipped" }
            }
        }
        $bad | Should -BeNullOrEmpty
    }

    It '<_> uses only types and members that netstandard 2.0 and PowerShellStandard 5.1 define' -ForEach 'Auriko.dll', 'Auriko.PowerShell.dll' {
        $result = Test-ApiUse (Join-Path $moduleDir $_) $surfaces
        Write-Host "  ${_}: $($result.Types) type and $($result.Members) member references into netstandard/SMA checked; $($result.Missing.Count) missing"
        $result.Types | Should -BeGreaterThan 20
        $result.Members | Should -BeGreaterThan 20
        $result.Missing | Should -BeNullOrEmpty
    }
}
