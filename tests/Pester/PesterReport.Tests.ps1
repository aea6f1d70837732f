BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:RunScript = Join-Path $RepoRoot 'tools/Invoke-PesterRun.ps1'
    $script:PesterPsd1 = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'
}

# tools/Invoke-PesterRun.ps1, run in a child PowerShell on one tiny test file whose failure message holds a character XML 1.0
# cannot hold: the NUnit report is still written, is valid XML, and keeps the message, escaped as the module escapes it.
Describe 'The Pester run''s NUnit report' {
    It 'is written and valid for a failure message holding <What>' -ForEach @(
        @{ What = 'ESC'; Code = 0x1B; Escaped = '\x1B' }
        @{ What = 'NUL'; Code = 0x00; Escaped = '\x00' }
        @{ What = 'a lone surrogate'; Code = 0xD800; Escaped = '\uD800' }
        @{ What = 'U+FFFF'; Code = 0xFFFF; Escaped = '\uFFFF' }
    ) {
        $dir = Join-Path $TestDrive ('run-' + $Code)
        New-Item -ItemType Directory -Path $dir | Out-Null
        $inner = Join-Path $dir 'Inner.Tests.ps1'
        Set-Content -LiteralPath $inner -Encoding utf8 -Value "Describe 'inner' { It 'fails' { throw ('before' + [char]$Code + '[31mafter') }; It 'passes' { 1 | Should -Be 1 } }"
        $xml = Join-Path $dir 'pester.xml'
        $summary = Join-Path $dir 'summary.json'
        $exe = Get-ChildPwsh
        $output = & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -File $RunScript -PesterPath $PesterPsd1 -ModuleDir $ModuleDir `
            -TestPath $inner -ResultPath $xml -SummaryPath $summary 2>&1
        $LASTEXITCODE | Should -Be 1 -Because ($output -join "`n")
        (Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json).Failed | Should -Be 1
        # Read with the XML 1.0 character checks on: a raw ESC (or &#x1B;) in the file fails here.
        $reader = [Xml.XmlReader]::Create($xml, [Xml.XmlReaderSettings]@{ CheckCharacters = $true })
        try { $doc = [xml]::new(); $doc.Load($reader) } finally { $reader.Dispose() }
        $message = $doc.SelectSingleNode('//test-case[@result="Failure"]/failure/message').InnerText
        $message | Should -BeLike ('*before' + $Escaped + '`[31mafter*')
        @($doc.SelectNodes('//test-case')).Count | Should -Be 2
    }
}
