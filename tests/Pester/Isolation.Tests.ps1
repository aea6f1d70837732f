# Another module's YamlDotNet must not break TeleportMcp, nor TeleportMcp theirs, whatever the load order.
# Each case runs in its own child PowerShell, because load order cannot be undone in a process.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $fixtures = Join-Path $RepoRoot 'out/fixtures'
    $rolesFile = Join-Path $ExamplesDir 'cluster/roles.yaml'
    function Invoke-Case([string] $Body) {
        $script = @"
`$ErrorActionPreference = 'Stop'
`$manifest = '$(Join-Path $ModuleDir 'TeleportMcp.psd1')'
`$roles = '$rolesFile'
function Use-OtherYaml { Add-Type -Path '$(Join-Path $fixtures 'yaml16/OtherYaml.dll')'; [OtherYaml.Probe]::Roundtrip('a: 1') }
function Get-Yaml { [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' } | ForEach-Object {
    [pscustomobject]@{ Version = `$_.GetName().Version.ToString(); Location = `$_.Location
        Context = if (`$PSVersionTable.PSEdition -eq 'Core') { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).GetType().FullName } else { '' } } } }
$Body
"@
        $out = Invoke-ChildPwsh -Command $script
        if ($LASTEXITCODE -ne 0) { throw "child PowerShell failed ($LASTEXITCODE): $out" }
        ($out | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
    }
}

Describe 'Dependency isolation' {
    It 'A: another module''s older YamlDotNet is loaded first' {
        $r = Invoke-Case @'
$other = Use-OtherYaml
Import-Module $manifest
$names = (Import-TeleportResource $roles).Name
$after = [OtherYaml.Probe]::Roundtrip('b: 2')
[pscustomobject]@{ Roles = $names; Other = $other; OtherAfter = $after; Yaml = @(Get-Yaml) } | ConvertTo-Json -Compress -Depth 4
'@
        $r.Roles | Should -Be @('access', 'mcp-developer', 'mcp-no-env-dump')
        $r.OtherAfter | Should -Match 'b: 2'
        ($r.Yaml.Version | Sort-Object) | Should -Be @('16.0.0.0', '18.0.0.0')
        if ($PSVersionTable.PSEdition -eq 'Core') {
            ($r.Yaml | Where-Object Version -eq '18.0.0.0').Context | Should -Be 'TeleportMcp.Loader.ModuleLoadContext'
        }
    }

    It 'A2: a YamlDotNet newer than ours is loaded first' {
        # The stand-in is an assembly named YamlDotNet with version 99.0.0.0; our engine must still get its own 18.0.0.0,
        # and a [YamlDotNet.*] literal in a script the newer copy.
        $r = Invoke-Case @"
Add-Type -Path '$(Join-Path $fixtures 'yaml-newer/YamlDotNet.dll')'
`$before = [YamlDotNet.Serialization.NewerProbe]::Roundtrip('a')
Import-Module `$manifest
`$names = (Import-TeleportResource `$roles).Name
`$after = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build()
[pscustomobject]@{ Roles = `$names; Before = `$before; After = `$after; Yaml = @(Get-Yaml) } | ConvertTo-Json -Compress -Depth 4
"@
        $r.Roles | Should -Be @('access', 'mcp-developer', 'mcp-no-env-dump')
        $r.Before | Should -Be 'newer:a'
        $r.After | Should -Be 'newer'
        ($r.Yaml.Version | Sort-Object) | Should -Be @('18.0.0.0', '99.0.0.0')
        if ($PSVersionTable.PSEdition -eq 'Core') {
            ($r.Yaml | Where-Object Version -eq '18.0.0.0').Context | Should -Be 'TeleportMcp.Loader.ModuleLoadContext'
            ($r.Yaml | Where-Object Version -eq '99.0.0.0').Location | Should -BeLike '*yaml-newer*'
        }
    }

    It 'B: the same YamlDotNet version is already loaded from another folder' {
        $r = Invoke-Case @"
Add-Type -Path '$(Join-Path $fixtures 'yaml18/YamlDotNet.dll')'
Import-Module `$manifest
`$names = (Import-TeleportResource `$roles).Name
[pscustomobject]@{ Roles = `$names; Yaml = @(Get-Yaml) } | ConvertTo-Json -Compress -Depth 4
"@
        $r.Roles.Count | Should -Be 3
        if ($PSVersionTable.PSEdition -eq 'Core') {
            $ours = $r.Yaml | Where-Object Context -eq 'TeleportMcp.Loader.ModuleLoadContext'
            $ours.Location | Should -BeLike '*Dependencies*YamlDotNet.dll'
        }
    }

    It 'C: TeleportMcp first, then another module''s YamlDotNet' {
        $r = Invoke-Case @'
Import-Module $manifest
$first = (Import-TeleportResource $roles).Name
$other = Use-OtherYaml
$second = (Import-TeleportResource $roles).Name
$literal = [YamlDotNet.Serialization.DeserializerBuilder].Assembly.GetName().Version.ToString()
[pscustomobject]@{ First = $first; Second = $second; Other = $other; Literal = $literal } | ConvertTo-Json -Compress -Depth 4
'@
        $r.First | Should -Be $r.Second
        $r.Other | Should -Match 'a: 1'
        # A [YamlDotNet.*] literal in a script resolves to the other module's copy, never to our private one.
        $r.Literal | Should -Be '16.0.0.0'
    }

    It 'D: Import-Module -Force twice keeps one engine' {
        $r = Invoke-Case @'
Import-Module $manifest
Import-Module $manifest -Force
Import-Module $manifest -Force
$names = (Import-TeleportResource $roles).Name
$engines = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'TeleportMcp.Engine' }).Count
[pscustomobject]@{ Roles = $names; Engines = $engines } | ConvertTo-Json -Compress
'@
        $r.Roles.Count | Should -Be 3
        $r.Engines | Should -Be 1
    }
}
