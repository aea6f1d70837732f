# Windows PowerShell 5.1's loading path on a .NET Framework runtime. There is no Windows here: Mono (its .NET Framework
# 4.7.2 profile) runs tests/Framework, a harness that loads the shipped folder out/TeleportMcp as Windows PowerShell
# does (TeleportMcp.Loader.dll by path, its FrameworkResolver answering for the engine and YamlDotNet from
# Dependencies/) and runs the engine's use cases on examples/. The same harness on .NET gives the reference summary.
# tests/setup/50-framework.ps1 installs Mono and builds the harness; where Mono cannot be installed the tests are
# skipped with the reason it wrote.

BeforeDiscovery {
    $script:MonoSkip = $null
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $why = Join-Path $repo 'out/mono-unavailable.txt'
    if (Test-Path $why) { $script:MonoSkip = (Get-Content -Raw $why).Trim() }
    elseif (-not (Get-Command mono -CommandType Application -ErrorAction SilentlyContinue)) { $script:MonoSkip = 'mono is not on the PATH (tests/setup/50-framework.ps1 installs it)' }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Harness = Join-Path $script:RepoRoot 'out/framework-harness'
    $script:Deps = Join-Path $script:ModuleDir 'Dependencies'

    # Mono's netstandard.dll facade, where the set-up took it from Debian's mono-devel package instead of installing it.
    $facades = Join-Path $script:RepoRoot 'out/mono/Facades'
    if (Test-Path (Join-Path $facades 'netstandard.dll')) { $env:MONO_PATH = $facades }

    function Invoke-Harness([string] $Runtime, [string[]] $Arguments) {
        $out = if ($Runtime -eq 'mono') {
            & mono --debug (Join-Path $script:Harness 'net472/TeleportMcp.FrameworkHarness.exe') @Arguments 2>&1
        }
        else {
            & dotnet (Join-Path $script:Harness 'net10.0/TeleportMcp.FrameworkHarness.dll') @Arguments 2>&1
        }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Lines = @($out | ForEach-Object { "$_" }) }
    }

    function Get-Summary($Run) {
        $begin = [array]::IndexOf($Run.Lines, 'SUMMARY-BEGIN')
        $end = [array]::IndexOf($Run.Lines, 'SUMMARY-END')
        if ($begin -lt 0 -or $end -lt $begin) { return @() }
        @($Run.Lines[($begin + 1)..($end - 1)] | Where-Object { $_ -ne $null })
    }

    function Get-Loaded($Run, [string] $Name) {
        @($Run.Lines | Where-Object { $_ -like "LOADED: $Name *" } | ForEach-Object { $_.Substring("LOADED: $Name ".Length) })
    }
}

Describe 'Windows PowerShell 5.1 loading path on a .NET Framework runtime (Mono)' -ForEach @{ Skip = $script:MonoSkip } {
    BeforeAll {
        if ($Skip) { return }
        $script:Mono = Invoke-Harness mono @($script:ModuleDir, $script:ExamplesDir)
        $script:Net = Invoke-Harness dotnet @($script:ModuleDir, $script:ExamplesDir)
        $script:MonoSummary = Get-Summary $script:Mono
        $script:NetSummary = Get-Summary $script:Net
    }

    It 'runs the use cases to the end on Mono''s .NET Framework profile (no AssemblyLoadContext)' {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $script:Mono.ExitCode | Should -Be 0 -Because ($script:Mono.Lines -join "`n")
        $script:Mono.Lines[0] | Should -BeLike 'RUNTIME: Mono 6.*AssemblyLoadContext absent'
        $script:MonoSummary.Count | Should -BeGreaterThan 50
    }

    It 'loads the engine and YamlDotNet from the module''s Dependencies folder, each once' {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        Get-Loaded $script:Mono 'TeleportMcp.Engine' | Should -BeExactly @(Join-Path $script:Deps 'TeleportMcp.Engine.dll')
        Get-Loaded $script:Mono 'YamlDotNet' | Should -BeExactly @(Join-Path $script:Deps 'YamlDotNet.dll')
    }

    It 'the engine is asked for without a requester (a type-name lookup) and is not next to the harness' {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $script:Mono.Lines | Should -Contain 'RESOLVE: TeleportMcp.Engine requested by (none)'
        Test-Path (Join-Path $script:Harness 'net472/TeleportMcp.Engine.dll') | Should -BeFalse
        Test-Path (Join-Path $script:Harness 'net472/YamlDotNet.dll') | Should -BeFalse
    }

    It 'gives exactly the summary the same harness gives on .NET' {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $script:Net.ExitCode | Should -Be 0 -Because ($script:Net.Lines -join "`n")
        $script:NetSummary.Count | Should -BeGreaterThan 50
        $diff = Compare-Object $script:NetSummary $script:MonoSummary -SyncWindow 0 | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" }
        $diff | Should -BeNullOrEmpty -Because '=> lines are Mono''s, <= lines .NET''s'
        $script:MonoSummary | Should -BeExactly $script:NetSummary
    }

    It 'the summary holds real answers: resources, decisions, lint, findings (also from a .gz) and a diagnosis' {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $s = $script:MonoSummary
        $s | Where-Object { $_ -like 'resource Role *' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'decision bob everything get-env Denied*' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'decision alice everything search_files NotGranted*' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'lint TMCP*' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'error UserNotFound *"nobody"*' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'finding TMCP-LOG-002 * logs/app-service.log:*' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'finding TMCP-LOG-002 * <temp>/app-service.log.1.gz:*' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'unreadable corrupt.log.2.gz *' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'diagnosis 1 Fail *' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'incident 1 *' } | Should -Not -BeNullOrEmpty
    }

    It 'reads a one-member .gz log whole, and says so when a .gz goes on after its first member, which .NET Framework does not inflate' {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        # The same log twice, as two gzip members: .NET reads both; the Framework reads the first and reports the rest.
        $net = @($script:Net.Lines | Where-Object { $_ -like 'GZIP-TWO-MEMBERS: *' })
        $mono = @($script:Mono.Lines | Where-Object { $_ -like 'GZIP-TWO-MEMBERS: *' })
        $net | Should -HaveCount 1
        $mono | Should -HaveCount 1
        # app-service.log (5 known failures) then app-service-http.log (2).
        $net[0] | Should -BeExactly 'GZIP-TWO-MEMBERS: findings 7 error none'
        $mono[0] | Should -BeLike 'GZIP-TWO-MEMBERS: findings 5 error LogReadException the gzip file goes on after its first member*'
        $s = $script:MonoSummary
        $s | Where-Object { $_ -like 'read <temp>/app-service.log.1.gz lines *' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'unreadable app-service.log.1.gz *' } | Should -BeNullOrEmpty
    }
}

Describe 'The loader''s types on a .NET Framework runtime (what Windows PowerShell''s DSC GetTypes() needs)' -ForEach @{ Skip = $script:MonoSkip } {
    BeforeAll {
        if ($Skip) { return }
        $script:Types = Invoke-Harness mono @('--loader-types', $script:ModuleDir)
    }

    It 'loads every type but the one that implements PowerShell''s IModuleAssemblyInitializer, which fails only for want of System.Management.Automation' {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        # Mono has no System.Management.Automation (Windows PowerShell 5.1 has it loaded), so GetTypes() cannot be
        # complete here: what is shown is that nothing else in the loader is missing on the Framework profile.
        $lines = $script:Types.Lines
        $script:Types.ExitCode | Should -Be 0 -Because ($lines -join "`n")
        $lines | Should -Contain 'GETTYPES: partial'
        $types = @($lines | Where-Object { $_ -like 'TYPE: *' } | ForEach-Object { $_.Substring(6) })
        $types | Should -Contain 'TeleportMcp.Loader.DependencyRule'
        $types | Should -Contain 'TeleportMcp.Loader.FrameworkResolver'
        $types | Should -Not -Contain 'TeleportMcp.Loader.ModuleLoader'
        $errors = @($lines | Where-Object { $_ -like 'LOADEREXCEPTION: *' })
        $errors | Should -Not -BeNullOrEmpty
        $errors | ForEach-Object { $_ | Should -BeLike '*System.Management.Automation*' }
        @($lines | Where-Object { $_ -like 'REFERENCE: *' }) | Should -BeExactly @('REFERENCE: System.Management.Automation', 'REFERENCE: netstandard')
    }
}
