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
        $s | Where-Object { $_ -like 'error * nobody*' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'finding TMCP-LOG-002 * logs/app-service.log:*' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'finding TMCP-LOG-002 * <temp>/app-service.log.1.gz:*' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'unreadable corrupt.log.2.gz *' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'diagnosis 1 Fail *' } | Should -Not -BeNullOrEmpty
        $s | Where-Object { $_ -like 'incident 1 *' } | Should -Not -BeNullOrEmpty
    }
}
