<#
    What ToolAccess.Agents costs: explained decisions (Test-TeleportMcpRole -Tool, 20,000 tools by default) for an app
    piped with its app_server heartbeats (three agents), against the same decisions for the app piped as a plain app
    resource, which has no agents (the baseline, measured in the same process). Two cases: a v8 role (every agent
    decides as the app's own copy, so each decision is reused) and a restricted v9 role with an agent older than v19
    (two groups decide on their own). Each figure is the CPU seconds and allocated bytes of -Rounds runs, after two
    warm-up runs of each; the ratio against the baseline is printed. -BaselineModuleDir names another build: its
    figures are measured in child processes of the same run (-BaselineRuns per build, in alternation; each figure the lowest)
    and printed beside, with the ratio of the two builds.
#>
param([string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'), [int] $Tools = 20000, [int] $Rounds = 5, [string] $BaselineModuleDir,
    # Child processes per build for -BaselineModuleDir.
    [ValidateRange(1, 20)] [int] $BaselineRuns = 2,
    # Internal: a child started for -BaselineModuleDir prints its figures as one JSON line.
    [switch] $Json)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
$ModuleDir = (Resolve-Path $ModuleDir).Path

if ($BaselineModuleDir) {
    $pwsh = (Get-Process -Id $PID).Path
    # PowerShell run as a dotnet tool: the host is dotnet, and pwsh.dll is its argument.
    $prefix = @(if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
    $dirs = $ModuleDir, (Resolve-Path $BaselineModuleDir).Path
    "load average before: $(Get-LoadAverage)"
    # Children in alternation, the order swapped every round; each build's figure is its lowest of the rounds.
    $best = @{}
    for ($round = 0; $round -lt $BaselineRuns; $round++) {
        $order = if ($round % 2) { 1, 0 } else { 0, 1 }
        foreach ($k in $order) {
            $out = & $pwsh @prefix -NoProfile -NonInteractive -File $PSCommandPath -ModuleDir $dirs[$k] -Tools $Tools -Rounds $Rounds -Json
            if ($LASTEXITCODE -ne 0) { throw "the child for $($dirs[$k]) failed" }
            $row = $out | Select-Object -Last 1 | ConvertFrom-Json
            foreach ($case in 'v8', 'v9') {
                foreach ($f in 'AgentsCpu', 'AgentsBytes', 'PlainCpu', 'PlainBytes') {
                    $key = "$k $case $f"
                    if (-not $best.ContainsKey($key) -or $row.$case.$f -lt $best[$key]) { $best[$key] = $row.$case.$f }
                }
            }
        }
    }
    foreach ($case in 'v8', 'v9') {
        $a = @{}; $b = @{}
        foreach ($f in 'AgentsCpu', 'AgentsBytes', 'PlainCpu', 'PlainBytes') { $a[$f] = $best["0 $case $f"]; $b[$f] = $best["1 $case $f"] }
        '{0}: with 3 agents {1:N2} s CPU, {2:N0} MB; baseline build {3:N2} s CPU, {4:N0} MB: {5:N2}x CPU, {6:N2}x allocated' -f $case,
            $a.AgentsCpu, ($a.AgentsBytes / 1MB), $b.AgentsCpu, ($b.AgentsBytes / 1MB), ($a.AgentsCpu / $b.AgentsCpu), ($a.AgentsBytes / $b.AgentsBytes)
        '{0}: over the same decisions without agents: {1:N2}x CPU, {2:N2}x allocated (baseline build: {3:N2}x, {4:N2}x)' -f $case,
            ($a.AgentsCpu / $a.PlainCpu), ($a.AgentsBytes / $a.PlainBytes), ($b.AgentsCpu / $b.PlainCpu), ($b.AgentsBytes / $b.PlainBytes)
    }
    "load average after: $(Get-LoadAverage)"
    return
}

Import-Module (Join-Path $ModuleDir 'TeleportMcp.psd1') -Force
$work = Join-Path ([IO.Path]::GetTempPath()) ('tmcp-agentsbench-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Force -Path $work | Out-Null
try {
    $app = "kind: app`nversion: v3`nmetadata: {name: files, labels: {env: dev}}`nspec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}`n"
    Set-Content -LiteralPath (Join-Path $work 'app.yaml') $app
    $toolNames = [string[]](1..$Tools | ForEach-Object { "t$_" })
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    function Measure-Runs([object[]] $In) {
        foreach ($k in 1..2) { $null = $In | Test-TeleportMcpRole -UserName u -Roles r -App files -Tool $toolNames -WarningAction SilentlyContinue }
        $process.Refresh(); $cpu = $process.TotalProcessorTime; $bytes = [GC]::GetTotalAllocatedBytes($true)
        foreach ($k in 1..$Rounds) { $null = $In | Test-TeleportMcpRole -UserName u -Roles r -App files -Tool $toolNames -WarningAction SilentlyContinue }
        $process.Refresh()
        @{ Cpu = ($process.TotalProcessorTime - $cpu).TotalSeconds; Bytes = [GC]::GetTotalAllocatedBytes($true) - $bytes }
    }
    $result = [ordered]@{}
    foreach ($case in @(@{ Name = 'v8'; Version = 'v8'; Releases = '19.0.1', '19.0.1', '19.0.1' }, @{ Name = 'v9'; Version = 'v9'; Releases = '19.0.1', '18.2.1', '19.0.1' })) {
        $role = Join-Path $work "role-$($case.Name).yaml"
        Set-Content -LiteralPath $role "kind: role`nversion: $($case.Version)`nmetadata: {name: r}`nspec: {allow: {app_labels: {env: dev}, mcp: {tools: ['t1*', 'x*']}}, deny: {mcp: {tools: ['t12*']}}}`n"
        $i = 0
        $heartbeats = foreach ($release in $case.Releases) {
            $i++
            "kind: app_server`nversion: v3`nmetadata: {name: files}`nspec:`n  hostname: agent$i`n  version: '$release'`n  app: {kind: app, version: v3, metadata: {name: files, labels: {env: dev}}, spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}}`n"
        }
        $hb = Join-Path $work "hb-$($case.Name).yaml"
        Set-Content -LiteralPath $hb ($heartbeats -join "---`n")
        $withAgents = @(Import-TeleportResource -LiteralPath $role, $hb -WarningAction SilentlyContinue)
        $plain = @(Import-TeleportResource -LiteralPath $role, (Join-Path $work 'app.yaml') -WarningAction SilentlyContinue)
        $check = $withAgents | Test-TeleportMcpRole -UserName u -Roles r -App files -Tool t1 -WarningAction SilentlyContinue
        if ($check.Agents.Count -ne 3) { throw "$($case.Name): expected 3 agents, got $($check.Agents.Count)" }
        $a = Measure-Runs $withAgents
        $p = Measure-Runs $plain
        $result[$case.Name] = [ordered]@{ AgentsCpu = $a.Cpu; AgentsBytes = $a.Bytes; PlainCpu = $p.Cpu; PlainBytes = $p.Bytes }
    }
    if ($Json) { $result | ConvertTo-Json -Compress -Depth 3; return }
    "load average: $(Get-LoadAverage)"
    foreach ($name in $result.Keys) {
        $r = $result[$name]
        '{0}: {1:N0} explained decisions x {2}: with 3 agents {3:N2} s CPU, {4:N0} MB; baseline without agents {5:N2} s CPU, {6:N0} MB: {7:N2}x CPU, {8:N2}x allocated' -f $name,
            $Tools, $Rounds, $r.AgentsCpu, ($r.AgentsBytes / 1MB), $r.PlainCpu, ($r.PlainBytes / 1MB), ($r.AgentsCpu / $r.PlainCpu), ($r.AgentsBytes / $r.PlainBytes)
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
