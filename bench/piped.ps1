<#
.SYNOPSIS
    Lines piped from Get-Content to Find-TeleportMcpError and Get-TeleportMcpAuditEvent, against a baseline in the same run.
.DESCRIPTION
    Writes two files of -Lines lines each (the example audit log repeated; a VS Code server log's start, waits and stderr repeated, so each file ends in one wait),
    then, each in its own child process, -Rounds times:
      - Get-Content audit-a.log, audit-b.log | Get-TeleportMcpAuditEvent | Measure-Object
      - Get-Content vscode-a.log, vscode-b.log | Find-TeleportMcpError | Measure-Object
      - the same VS Code lines sorted by line number (the two files interleaved)
      - each file as one list (Get-Content -ReadCount 0), audit and VS Code lines
    and prints the best time of each and its ratio to the baseline's (the machine is shared: compare within one run).
    The baseline: with -BaselineModuleDir, the same pipelines in that build (which build goes first alternates by round);
    without it, this build reading the same two files with -Path (what the piped lines must equal: each file read as
    its own input). Both sides must give the same count, or the run stops.
.EXAMPLE
    dotnet pwsh ./bench/piped.ps1 -ModuleDir ./out/TeleportMcp -BaselineModuleDir /tmp/base/out/TeleportMcp
.EXAMPLE
    dotnet pwsh ./bench/piped.ps1 -Lines 20000
.EXAMPLE
    dotnet pwsh ./bench/piped.ps1 -Lines 8388608 -CaseName '*ReadCount 0*' -Rounds 1 -BaselineModuleDir /tmp/base/out/TeleportMcp
    Two files of 4 Mi lines each, each written as one list.
#>
[CmdletBinding()]
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [Alias('BaselineDir')] [string] $BaselineModuleDir,
    [int] $Lines = 100000,
    [int] $Rounds = 3,
    # The cases to run (a wildcard on their names).
    [string] $CaseName = '*'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
. (Join-Path $repo 'tools/Common.ps1')
$builds = Get-BenchBuilds -ModuleDir $ModuleDir -BaselineModuleDir $BaselineModuleDir
$work = Join-Path ([IO.Path]::GetTempPath()) ('tmcp-bench-piped-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Force -Path $work | Out-Null
try {
    $audit = @(Get-Content -LiteralPath (Join-Path $repo 'examples/audit/events-2025-09-30.log'))
    $vscode = @(
        '2026-03-02 10:00:00.100 [info] Starting server teleport-mcp-demo'
        '2026-03-02 10:00:05.150 [info] Waiting for server to respond to `initialize` request...'
        '2026-03-02 10:00:07.000 [warning] [server stderr] some line the server wrote'
        '2026-03-02 10:00:10.150 [info] Waiting for server to respond to `initialize` request...'
    )
    $auditFiles = "'$work/audit-a.log', '$work/audit-b.log'"
    $vscodeFiles = "'$work/mcpServer.mcp.config.usrlocal.teleport-mcp-a.log', '$work/mcpServer.mcp.config.usrlocal.teleport-mcp-b.log'"
    # Each case: the piped pipeline, and what it must equal read from the files (the baseline without -BaselineModuleDir).
    $cases = [ordered]@{
        'audit lines of two files' = @("Get-Content -LiteralPath $auditFiles | Get-TeleportMcpAuditEvent | Measure-Object | ForEach-Object Count",
            "Get-TeleportMcpAuditEvent -LiteralPath $auditFiles | Measure-Object | ForEach-Object Count")
        'VS Code lines of two files' = @("Get-Content -LiteralPath $vscodeFiles | Find-TeleportMcpError | Measure-Object | ForEach-Object Count",
            "Find-TeleportMcpError -LiteralPath $vscodeFiles | Measure-Object | ForEach-Object Count")
        'the same, interleaved' = @("Get-Content -LiteralPath $vscodeFiles | Sort-Object { `$_.ReadCount } | Find-TeleportMcpError | Measure-Object | ForEach-Object Count",
            "Find-TeleportMcpError -LiteralPath $vscodeFiles | Measure-Object | ForEach-Object Count")
        'audit lines, ReadCount 0' = @("Get-Content -LiteralPath $auditFiles -ReadCount 0 | Get-TeleportMcpAuditEvent | Measure-Object | ForEach-Object Count",
            "Get-TeleportMcpAuditEvent -LiteralPath $auditFiles | Measure-Object | ForEach-Object Count")
        'VS Code lines, ReadCount 0' = @("Get-Content -LiteralPath $vscodeFiles -ReadCount 0 | Find-TeleportMcpError | Measure-Object | ForEach-Object Count",
            "Find-TeleportMcpError -LiteralPath $vscodeFiles | Measure-Object | ForEach-Object Count")
    }
    # Only the files the chosen cases read are written (audit lines are long: 4 Mi of them are about 2.3 GB).
    $selected = @($cases.Keys | Where-Object { $_ -like $CaseName })
    $reads = ($selected | ForEach-Object { $cases[$_] }) -join ' '
    foreach ($side in 'a', 'b') {
        $n = [int]($Lines / 2)
        if ($reads -like '*audit-a.log*') { [IO.File]::WriteAllLines((Join-Path $work "audit-$side.log"), [string[]]@(for ($i = 0; $i -lt $n; $i++) { $audit[$i % $audit.Count] })) }
        if ($reads -like '*teleport-mcp-a.log*') {
            [IO.File]::WriteAllLines((Join-Path $work "mcpServer.mcp.config.usrlocal.teleport-mcp-$side.log"),
                [string[]]@(for ($i = 0; $i -lt $n; $i++) { $vscode[$i % $vscode.Count] }))
        }
    }
    $pwshCmd = Get-ChildPwsh
    $pwsh = $pwshCmd[0]
    $pwshArgs = @($pwshCmd | Select-Object -Skip 1)
    Write-Host ("baseline: " + $(if ($BaselineModuleDir) { "the build in $BaselineModuleDir" } else { 'this build reading the files with -LiteralPath' }) + "; load average: " + (Get-LoadAverage))
    foreach ($case in $selected) {
        $best = [ordered]@{}
        for ($r = 0; $r -lt $Rounds; $r++) {
            # Which build runs first alternates by round: on this shared machine the first of a pair was measured up to 1.3x slower.
            $pair = @($builds.Keys)
            if ($r % 2) { [array]::Reverse($pair) }
            foreach ($build in $pair) {
                $command = if ($build -eq 'baseline' -and -not $BaselineModuleDir) { $cases[$case][1] } else { $cases[$case][0] }
                $script = "Import-Module '$(Join-Path $builds[$build] 'TeleportMcp.psd1')'; `$sw = [Diagnostics.Stopwatch]::StartNew(); `$c = $command; `$sw.Stop(); `"`$c `$(`$sw.Elapsed.TotalSeconds)`""
                $run = Invoke-Measured $pwsh ($pwshArgs + @('-NoProfile', '-NonInteractive', '-Command', $script))
                $count, $seconds = ($run.Output.Trim() -split '\s+')[-2, -1]
                Add-BestRun $best $build ([double]$seconds) ([long]$count) $run.PeakMB $run.Wall
            }
        }
        if ($best['this build'].Count -ne $best['baseline'].Count) { throw "${case}: this build counted $($best['this build'].Count), the baseline $($best['baseline'].Count)" }
        foreach ($b in $best.Values) {
            '{0,-28} {1,-11} {2,8:N3} s  {3,6:N2}x  count {4}  peak {5} MB' -f $case, $b.Tool, $b.Seconds, ($b.Seconds / $best['baseline'].Seconds), $b.Count, $b.PeakMB
        }
    }
    Write-Host ("load average: " + (Get-LoadAverage))
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
