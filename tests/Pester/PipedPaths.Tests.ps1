BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Every file a cmdlet reads has a copy in a folder whose name has wildcard characters: a piped path is literal.
    $script:Wild = Join-Path $TestDrive 'in[1]'
    foreach ($sub in 'logs', 'cluster', 'audit', 'clients') {
        New-Item -ItemType Directory -Force (Join-Path $Wild $sub) | Out-Null
        Get-ChildItem -LiteralPath (Join-Path $ExamplesDir $sub) -File | Copy-Item -Destination (Join-Path $Wild $sub)
    }
    # An object as its type and every property's text.
    function script:Key($objects) {
        @($objects | ForEach-Object { $_.PSObject.TypeNames[0] + ' ' + (@($_.PSObject.Properties | Where-Object MemberType -eq 'Property' | ForEach-Object { $_.Name + '=' + $_.Value }) -join ';') })
    }
}

# Get-ChildItem output (FileInfo: PSPath) and Resolve-Path output (PathInfo: ProviderPath) name files; each cmdlet that
# reads files reads them as -LiteralPath does, never as a line of text, an audit line or a user's name.
Describe 'piped files and paths are read like -LiteralPath' {
    It '<Command>: <How> gives what -LiteralPath gives' -ForEach @(
        foreach ($how in 'Get-ChildItem', 'Resolve-Path') {
            @{ Command = 'Find-TeleportMcpError'; Sub = 'logs'; Extra = @{}; How = $how }
            @{ Command = 'Import-TeleportResource'; Sub = 'cluster'; Extra = @{}; How = $how }
            @{ Command = 'Get-TeleportMcpAuditEvent'; Sub = 'audit'; Extra = @{}; How = $how }
            @{ Command = 'Get-TeleportMcpServing'; Sub = 'cluster'; Extra = @{}; How = $how }
            @{ Command = 'Test-TeleportMcpClient'; Sub = 'clients'; Extra = @{ SkipSession = $true }; How = $how }
        }
    ) {
        $dir = Join-Path $Wild $Sub
        $files = @(Get-ChildItem -LiteralPath $dir -File | Where-Object Extension -ne '.md')
        $expected = @(& $Command -LiteralPath $files.FullName @Extra -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $expected.Count | Should -BeGreaterThan 0
        $piped = if ($How -eq 'Get-ChildItem') { $files } else { @($files | ForEach-Object { Resolve-Path -LiteralPath $_.FullName }) }
        $got = @($piped | & $Command @Extra -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        Key $got | Should -BeExactly (Key $expected)
    }
}

# An object that carries a LiteralPath, PSPath or ProviderPath (Select-Object, Import-Csv, a script's own objects) binds to
# -LiteralPath by property name; where the pipeline takes any object (audit lines, resources) it is still the files it
# names, not an audit line or a resource (PipedPaths).
Describe 'objects with a path property are read like -LiteralPath' {
    It '<Command>: an object with <Property> gives what -LiteralPath gives' -ForEach @(
        foreach ($property in 'LiteralPath', 'PSPath', 'ProviderPath') {
            @{ Command = 'Find-TeleportMcpError'; Sub = 'logs'; Extra = @{}; Property = $property }
            @{ Command = 'Import-TeleportResource'; Sub = 'cluster'; Extra = @{}; Property = $property }
            @{ Command = 'Get-TeleportMcpAuditEvent'; Sub = 'audit'; Extra = @{}; Property = $property }
            @{ Command = 'Get-TeleportMcpServing'; Sub = 'cluster'; Extra = @{}; Property = $property }
            @{ Command = 'Test-TeleportMcpClient'; Sub = 'clients'; Extra = @{ SkipSession = $true }; Property = $property }
        }
    ) {
        $dir = Join-Path $Wild $Sub
        $files = @(Get-ChildItem -LiteralPath $dir -File | Where-Object Extension -ne '.md')
        $expected = @(& $Command -LiteralPath $files.FullName @Extra -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $expected.Count | Should -BeGreaterThan 0
        $piped = @($files | ForEach-Object { [pscustomobject]@{ $Property = $(if ($Property -eq 'PSPath') { $_.PSPath } else { $_.FullName }) } })
        $errors = $null
        $got = @($piped | & $Command @Extra -ErrorAction SilentlyContinue -ErrorVariable errors -WarningAction SilentlyContinue)
        Key $got | Should -BeExactly (Key $expected)
    }

    It 'an audit event object that has a PSPath is still an event' {
        $line = Get-Content -LiteralPath (Join-Path $ExamplesDir 'audit/events-2025-09-30.log') | Where-Object { $_ -like '*"mcp.session.*' } | Select-Object -First 1
        $event = $line | ConvertFrom-Json
        $event | Add-Member -NotePropertyName PSPath -NotePropertyValue (Join-Path $Wild 'missing.log')
        $got = @($event | Get-TeleportMcpAuditEvent -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $errors | Should -BeNullOrEmpty
        $got.Count | Should -Be 1
        $got[0].Code | Should -BeExactly ($line | ConvertFrom-Json).code
    }
}

# One rule for the literal path parameters: -LiteralPath has Microsoft's aliases (Get-Content, Import-Csv, Out-File:
# PSPath, LP) and the module's ProviderPath (Resolve-Path output); an alias names one parameter of a cmdlet, so another
# -Literal<Name>Path (Invoke-TeleportMcpDiagnosis' -LiteralLogPath) takes none of the three.
Describe 'literal path parameters' {
    It 'every -Literal* parameter of every cmdlet has the aliases of the rule' {
        $wrong = foreach ($command in Get-Command -Module TeleportMcp -CommandType Cmdlet) {
            foreach ($parameter in $command.Parameters.Values | Where-Object Name -like 'Literal*') {
                $expected = if ($parameter.Name -eq 'LiteralPath') { 'LP,PSPath,ProviderPath' } else { '' }
                $aliases = [string[]]@($parameter.Aliases)
                [Array]::Sort($aliases, [StringComparer]::Ordinal)
                $got = $aliases -join ','
                if ($got -ne $expected) { "$($command.Name) -$($parameter.Name): [$got], expected [$expected]" }
            }
        }
        $wrong | Should -BeNullOrEmpty
    }
}
