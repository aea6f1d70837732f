BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }

Describe 'Package' {
    It 'publishes to a local PSResourceGet repository and installs like a gallery module' {
        $work = Join-Path $TestDrive 'package'
        $out = Invoke-ChildPwsh -File (Join-Path $RepoRoot 'tools/Test-Package.ps1') -ArgumentList @('-ModuleDir', $ModuleDir, '-WorkDir', $work)
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $line = $out | Where-Object { $_ -like 'INSTALLED *' }
        $line | Should -Match '^INSTALLED 0\.1\.0 FROM .*home.*TeleportMcp.* ROLES access,mcp-developer,mcp-no-env-dump HELP True$'
    }
}
