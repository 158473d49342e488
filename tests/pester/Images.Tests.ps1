# Invoke-AurikoChatCompletion -Image / -ImageDetail: what is sent (content parts, data URL bytes),
# how files are found and refused, and that the parts survive into History and continue the chat.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-AurikoTestModulePath) -Force
    $server = Start-AurikoTestServer
    Connect-Auriko -ApiKey (New-AurikoTestKey) -BaseUrl $server.BaseUrl -SkipValidation

    # Real signatures followed by distinct filler, so a decoded data URL can be compared byte for byte.
    $script:Signatures = @{
        png  = [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
        jpeg = [byte[]](0xFF, 0xD8, 0xFF, 0xE0)
        gif  = [Text.Encoding]::ASCII.GetBytes('GIF89a')
        webp = [Text.Encoding]::ASCII.GetBytes('RIFF') + [byte[]](0x24, 0, 0, 0) + [Text.Encoding]::ASCII.GetBytes('WEBPVP8 ')
    }
    function New-TestImage([string] $Path, [string] $Kind = 'png', [int] $Filler = 300) {
        $bytes = $script:Signatures[$Kind] + [byte[]](1..$Filler | ForEach-Object { $_ % 251 })
        [IO.File]::WriteAllBytes($Path, $bytes)
        , $bytes
    }
    function Get-ChatBodies { @(Get-AurikoTestRequest -Path '/chat/completions').ForEach({ $_.Json }) }
    function ConvertFrom-DataUrl([string] $Url) {
        $null = $Url -match '^data:([^;]+);base64,(.*)$'
        [pscustomobject]@{ Mime = $Matches[1]; Bytes = [Convert]::FromBase64String($Matches[2]) }
    }
}

AfterAll {
    Disconnect-Auriko
    Stop-AurikoTestServer
}

Describe 'Invoke-AurikoChatCompletion -Image' {
    BeforeEach { Reset-AurikoTestServer }

    It 'sends the message as a text part, then the file as a data URL whose bytes are the file''s' {
        $bytes = New-TestImage (Join-Path $TestDrive 'dashboard.png')
        Push-Location $TestDrive
        try { $r = Invoke-AurikoChatCompletion -Model gpt-4o 'Why is this dashboard red?' -Image dashboard.png }
        finally { Pop-Location }

        $content = @(Get-ChatBodies)[0].messages[-1].content
        $content.Count | Should -Be 2
        $content[0].type | Should -Be 'text'
        $content[0].text | Should -Be 'Why is this dashboard red?'
        $content[1].type | Should -Be 'image_url'
        $content[1].image_url.Keys | Should -Not -Contain 'detail' -Because 'without -ImageDetail the provider default applies'
        $image = ConvertFrom-DataUrl $content[1].image_url.url
        $image.Mime | Should -Be 'image/png'
        [Convert]::ToBase64String($image.Bytes) | Should -BeExactly ([Convert]::ToBase64String($bytes))
        $r.Content | Should -Match '\[1 image: image/png default\]' -Because 'the server saw one PNG'
    }

    It 'resolves paths against the PowerShell location and PowerShell drives, not the process directory' {
        $null = New-TestImage (Join-Path $TestDrive 'here.png')
        [Environment]::CurrentDirectory | Should -Not -Be $TestDrive
        Push-Location $TestDrive
        try { $null = Invoke-AurikoChatCompletion -Model gpt-4o 'relative' -Image './here.png' }
        finally { Pop-Location }
        $null = Invoke-AurikoChatCompletion -Model gpt-4o 'drive' -Image 'TestDrive:/here.png'
        $bodies = @(Get-ChatBodies)
        $bodies.Count | Should -Be 2
        foreach ($body in $bodies) { $body.messages[-1].content[1].image_url.url | Should -BeLike 'data:image/png;base64,*' }
    }

    It 'tells a <Kind> image by its content, whatever its extension says' -TestCases @(
        @{ Kind = 'jpeg'; Mime = 'image/jpeg' }
        @{ Kind = 'gif'; Mime = 'image/gif' }
        @{ Kind = 'webp'; Mime = 'image/webp' }
        @{ Kind = 'png'; Mime = 'image/png' }
    ) {
        $path = Join-Path $TestDrive "saved-as-wrong.bmp"
        $bytes = New-TestImage $path $Kind
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'What is it?' -Image $path
        $image = ConvertFrom-DataUrl @(Get-ChatBodies)[0].messages[-1].content[1].image_url.url
        $image.Mime | Should -Be $Mime
        $image.Bytes.Length | Should -Be $bytes.Length
        $r.Content | Should -Match ([regex]::Escape("[1 image: $Mime default]"))
    }

    It 'sends http(s) URLs as they are, after the files, with -ImageDetail on each image' {
        $null = New-TestImage (Join-Path $TestDrive 'a.png')
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'Compare them' -ImageDetail High `
            -Image (Join-Path $TestDrive 'a.png'), 'https://example.com/b.jpg', 'http://example.com/c?size=2'
        $content = @(Get-ChatBodies)[0].messages[-1].content
        $content.type | Should -Be @('text', 'image_url', 'image_url', 'image_url')
        $content[2].image_url.url | Should -BeExactly 'https://example.com/b.jpg'
        $content[3].image_url.url | Should -BeExactly 'http://example.com/c?size=2'
        $content[1..3].ForEach({ $_.image_url.detail }) | Should -Be @('high', 'high', 'high')
        $r.Content | Should -Match ([regex]::Escape('[3 images: image/png high, url high, url high]'))
    }

    It 'sends the images with every piped message' {
        $null = New-TestImage (Join-Path $TestDrive 'shared.gif') gif
        $answers = @('first', 'second' | Invoke-AurikoChatCompletion -Model gpt-4o -Image (Join-Path $TestDrive 'shared.gif') -ImageDetail low)
        $answers.Count | Should -Be 2
        $bodies = @(Get-ChatBodies)
        $bodies.ForEach({ $_.messages[-1].content[0].text }) | Should -Be @('first', 'second')
        $bodies.ForEach({ $_.messages[-1].content[1].image_url.detail }) | Should -Be @('low', 'low')
    }

    It 'streams with images too, and the final chunk''s History keeps the parts' {
        $null = New-TestImage (Join-Path $TestDrive 's.jpg') jpeg
        $chunks = @(Invoke-AurikoChatCompletion -Model gpt-4o 'Stream it' -Image (Join-Path $TestDrive 's.jpg') -Stream)
        $body = @(Get-ChatBodies)[0]
        $body.stream | Should -BeTrue
        $body.messages[-1].content[1].image_url.url | Should -BeLike 'data:image/jpeg;base64,*'
        $final = $chunks[-1]
        $final.IsFinal | Should -BeTrue
        -join ($chunks | ForEach-Object { $_.Content }) | Should -Match ([regex]::Escape('[1 image: image/jpeg default]'))
        $final.History[0].Content.Count | Should -Be 2
    }
}

Describe 'Images in History' {
    BeforeEach { Reset-AurikoTestServer }

    It 'keeps the parts, so $r | Invoke-AurikoChatCompletion ''next'' sends the image again' {
        $bytes = New-TestImage (Join-Path $TestDrive 'keep.png')
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'What does it show?' -Image (Join-Path $TestDrive 'keep.png') -ImageDetail auto
        $null = $r | Invoke-AurikoChatCompletion 'And the colours?'
        $second = @(Get-ChatBodies)[1]
        $second.messages.role | Should -Be @('user', 'assistant', 'user')
        $second.messages[0].content[0].text | Should -Be 'What does it show?'
        $second.messages[0].content[1].image_url.detail | Should -Be 'auto'
        $image = ConvertFrom-DataUrl $second.messages[0].content[1].image_url.url
        [Convert]::ToBase64String($image.Bytes) | Should -BeExactly ([Convert]::ToBase64String($bytes))
        $second.messages[2].content | Should -Be 'And the colours?'
    }

    It 'keeps a CSV cell of History readable: the inline image shows as its type and size, not its base64' {
        $null = New-TestImage (Join-Path $TestDrive 'big.png') -Filler 200000
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'Describe it' -Image (Join-Path $TestDrive 'big.png')
        $cell = ($r | Select-Object History | ConvertTo-Csv | Select-Object -Last 1)
        $cell.Length | Should -BeLessThan 2000
        $history = $r.History.ToString() | ConvertFrom-Json
        $history[0].content[1].image_url.url | Should -Match '^data:image/png;base64,… \(195 KB\)$'
        $r.History[0].Content[1].ToString() | Should -Match 'big\.png'
        (Get-AurikoTestRequest -Path '/chat/completions')[-1].Json.messages[0].content[1].image_url.url.Length | Should -BeGreaterThan 200000 -Because 'the request itself still sends every byte'
    }

    It 'shows the history and the answer readably: text and which image, never type names or base64' {
        $null = New-TestImage (Join-Path $TestDrive 'view.png')
        $r = Invoke-AurikoChatCompletion -Model gpt-4o 'Describe it' -Image (Join-Path $TestDrive 'view.png'), 'https://example.com/x.png'
        $r.ToString() | Should -BeExactly $r.Content
        $r.History[0].ToString() | Should -BeExactly 'Describe it'

        $table = $r.History | Out-String -Width 120
        $table | Should -Match 'Describe it \[2 images\]'
        $list = $r.History[0] | Format-List | Out-String -Width 200
        $list | Should -Match 'view\.png \(image/png, \d+ bytes\)'
        $list | Should -Match 'https://example\.com/x\.png'
        foreach ($text in $table, $list, ($r | Out-String)) {
            $text | Should -Not -Match 'System\.Collections|Dictionary|Auriko\.PowerShell'
            $text | Should -Not -Match 'base64'
        }
    }
}

Describe 'Unusable -Image values stop before any request' {
    BeforeEach { Reset-AurikoTestServer }

    It 'names a missing file (ImageNotFound, ObjectNotFound)' {
        $err = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -Image (Join-Path $TestDrive 'nope.png') } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ImageNotFound,*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception | Should -BeOfType ([IO.FileNotFoundException])
        $err.Exception.Message | Should -Match "nope\.png' was not found"
        $err.TargetObject | Should -Be (Join-Path $TestDrive 'nope.png')
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 0
    }

    It 'names a folder given as an image' {
        $err = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -Image $TestDrive } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ImageNotFound,*'
        $err.Exception.Message | Should -Match 'folder'
    }

    It 'names a file that is no supported image, even with an image extension (ImageTypeUnsupported)' {
        Set-Content -Path (Join-Path $TestDrive 'notes.png') -Value 'just text'
        $err = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -Image (Join-Path $TestDrive 'notes.png') } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ImageTypeUnsupported,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match 'notes\.png.*PNG, JPEG, GIF or WebP'
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 0
    }

    It 'names a file over the 20 MB limit without reading it (ImageTooLarge)' {
        $path = Join-Path $TestDrive 'huge.png'
        $stream = [IO.File]::Create($path)
        try { $stream.SetLength(20MB + 1) } finally { $stream.Dispose() }
        $err = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -Image $path } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ImageTooLarge,*'
        $err.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $err.Exception.Message | Should -Match 'huge\.png.*20 MB'
        $err.TargetObject | Should -Be $path
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 0
    }

    It 'refuses a path of another provider, an empty value, -ImageDetail alone and an image without a message' {
        $cases = @(
            @{ Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -Image 'Env:/PATH' }; Id = 'ImageNotFound' }
            @{ Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -Image '' }; Id = 'ParameterArgumentValidationError' }
            @{ Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -ImageDetail high }; Id = 'ImageDetailWithoutImage' }
            @{ Run = { Invoke-AurikoChatCompletion -Model gpt-4o -History @{ role = 'user'; content = 'hi' } -Image 'https://example.com/x.png' }; Id = 'ImageNeedsMessage' }
            @{ Run = { Invoke-AurikoChatCompletion -Model gpt-4o 'x' -Image 'https://example.com/x.png' -ImageDetail ultra }; Id = 'ParameterArgumentValidationError' }
        )
        foreach ($case in $cases) {
            $err = { & $case.Run } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike "$($case.Id),*"
        }
        @(Get-AurikoTestRequest -Path '/chat/completions').Count | Should -Be 0
    }
}
