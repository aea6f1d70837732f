<#
    bench/probe.ps1: how fast Test-TeleportMcpApp -Launch lists the tools of @modelcontextprotocol/server-everything,
    measured in one run against two baselines on the same server:
      floor     the server's own time from spawn to its tools/list answer, seen by a minimal client (bench/floor-client.js)
      inspector the MCP Inspector CLI 0.15.0: mcp-inspector --cli node SERVER --method tools/list
    The module is timed inside this one PowerShell session after a warm-up. Prints medians and both ratios.
    Targets: at least 3x faster than the Inspector CLI, within 1.3x of the floor.
#>
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [int] $Iterations = 9
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$npmDir = Join-Path $repo 'tests/npm'
$server = Join-Path $npmDir 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'
$inspector = Join-Path $npmDir 'node_modules/@modelcontextprotocol/inspector/cli/build/cli.js'
if (-not (Test-Path $server) -or -not (Test-Path $inspector)) {
    & (Join-Path $repo 'tests/setup/20-npm.ps1') -RepoRoot $repo -OutDir (Join-Path $repo 'out')
}
$node = (Get-Command node -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
$floorClient = Join-Path $PSScriptRoot 'floor-client.js'
$ModuleDir = (Resolve-Path $ModuleDir).Path
Import-Module (Join-Path $ModuleDir 'TeleportMcp.psd1') -Force

$app = [pscustomobject]@{
    Name = 'everything'; Uri = 'mcp+stdio://'; HasMcpSpec = $true
    Command = $node; Args = @($server, 'stdio'); RunAsHostUser = [Environment]::UserName
}

function Measure-Module {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $r = $app | Test-TeleportMcpApp -Launch -TimeoutSec 60
    $sw.Stop()
    if ($r.Stage -ne 'Done') { throw "the probe stopped at $($r.Stage): $($r.Message)" }
    [pscustomobject]@{ Ms = $sw.Elapsed.TotalMilliseconds; Tools = $r.ToolCount }
}

function Measure-Floor {
    $out = & $node $floorClient $node $server stdio
    if ($LASTEXITCODE -ne 0) { throw 'the floor client failed' }
    [double]$out
}

function Measure-Inspector {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $json = & $node $inspector --cli $node $server stdio --method tools/list
    $sw.Stop()
    if ($LASTEXITCODE -ne 0) { throw "the Inspector CLI failed with exit code $LASTEXITCODE" }
    $count = @(($json -join "`n" | ConvertFrom-Json).tools).Count
    [pscustomobject]@{ Ms = $sw.Elapsed.TotalMilliseconds; Tools = $count }
}

function Get-Median([double[]] $values) {
    $s = $values | Sort-Object
    if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 }
}

Write-Host "Warm-up (module load, JIT, node disk cache)..."
$null = Measure-Module; $null = Measure-Floor; $null = Measure-Inspector

$module = @(); $floor = @(); $insp = @()
for ($i = 1; $i -le $Iterations; $i++) {
    # Interleaved, so that load from other processes affects all three alike.
    $m = Measure-Module; $module += $m.Ms
    $floor += Measure-Floor
    $n = Measure-Inspector; $insp += $n.Ms
    if ($m.Tools -ne $n.Tools) { throw "tool counts differ: module $($m.Tools), Inspector $($n.Tools)" }
    Write-Host ("  run {0}: module {1,7:N0} ms   floor {2,7:N0} ms   inspector {3,7:N0} ms   ({4} tools)" -f $i, $m.Ms, $floor[-1], $n.Ms, $m.Tools)
}

$mm = Get-Median $module; $fm = Get-Median $floor; $im = Get-Median $insp
$vsInspector = $im / $mm
$vsFloor = $mm / $fm
Write-Host ''
Write-Host ("Test-TeleportMcpApp -Launch  median {0,7:N0} ms" -f $mm)
Write-Host ("server floor (spawn->tools)  median {0,7:N0} ms" -f $fm)
Write-Host ("Inspector CLI 0.15.0         median {0,7:N0} ms" -f $im)
Write-Host ("Ratio Inspector / module: {0:N2}x faster (target >= 3x)  {1}" -f $vsInspector, $(if ($vsInspector -ge 3) { 'MET' } else { 'NOT MET' }))
Write-Host ("Ratio module / floor:     {0:N2}x of the floor (target <= 1.3x)  {1}" -f $vsFloor, $(if ($vsFloor -le 1.3) { 'MET' } else { 'NOT MET' }))
[pscustomobject]@{ ModuleMs = $mm; FloorMs = $fm; InspectorMs = $im; InspectorOverModule = $vsInspector; ModuleOverFloor = $vsFloor }
