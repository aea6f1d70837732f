<#
    bench/probe.ps1: how fast Test-TeleportMcpApp -Launch lists the tools of @modelcontextprotocol/server-everything,
    measured in one run against two baselines on the same server:
      floor     the server's own time from spawn to its tools/list answer, seen by a minimal client (bench/floor-client.js)
      inspector the MCP Inspector CLI 0.15.0: mcp-inspector --cli node SERVER --method tools/list
    and, for the same server in streamableHttp mode, against the server's own time for the module's exact exchange made
    by a minimal client (bench/floor-http-client.js), module and floor alternating.
    The module is timed inside this one PowerShell session after a warm-up. Prints medians and the ratios (for HTTP both
    the ratio of the medians and the median of the per-run ratios).
    Targets: at least 3x faster than the Inspector CLI, within 1.3x of the floor.
#>
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    # Stdio runs (each also runs the Inspector CLI, about a second); with -Part Http it sets the HTTP runs too.
    [int] $Iterations = 9,
    # HTTP runs (module and floor alternate; a pair takes well under 0.2 s, so many are cheap; at 101 pairs both ratios settle within a few percent under load).
    [int] $HttpIterations = 101,
    # Only one half of the bench (the other half's ratio is then not printed).
    [ValidateSet('All', 'Stdio', 'Http')] [string] $Part = 'All'
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

$vsFloor = $null
if ($Part -ne 'Http') {
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
$stdioPaired = Get-Median (@(0..($module.Count - 1)) | ForEach-Object { $module[$_] / $floor[$_] })
Write-Host ("Ratio module / floor:     {0:N2}x (ratio of medians), {1:N2}x (median of per-run ratios); target <= 1.3x  {2}" -f $vsFloor, $stdioPaired, $(if ($vsFloor -le 1.3 -and $stdioPaired -le 1.3) { 'MET' } else { 'NOT MET' }))
[pscustomobject]@{ ModuleMs = $mm; FloorMs = $fm; InspectorMs = $im; InspectorOverModule = $vsInspector; ModuleOverFloor = $vsFloor; ModuleOverFloorPaired = $stdioPaired }
}
if ($Part -eq 'Stdio') { return }

# --- streamable HTTP: the same server in streamableHttp mode, on loopback, behind the tests' header-checking front ---
# Floor: the server's own time for the exchange the module makes, measured inside the fixture (--timing: from the arrival
# of initialize to the end of the tools/list answer), for a session of bench/floor-http-client.js, which makes exactly
# the module's requests (initialize, notifications/initialized, tools/list, DELETE; each waits for the previous answer;
# one new keep-alive connection per session) and costs next to nothing between them. Module: Test-TeleportMcpApp
# -Launch on an app whose rewrite.headers carry the key, timed around the cmdlet in this session (static checks,
# connection, the DELETE that ends the session and the output object included). Module and floor sessions alternate
# (ABBA), so load drift reaches both alike; each module run is paired with the floor session next to it.
$fixture = Join-Path $repo 'tests/servers/mcp-http-fixture.mjs'
$key = 'X-Api-Key: bench-key-0123456789'
function Start-Node([string[]] $Arguments) {
    $psi = [Diagnostics.ProcessStartInfo]::new($node)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardInput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
    $p = [Diagnostics.Process]::Start($psi)
    $null = $p.StandardError.ReadToEndAsync()
    $p
}
function Read-Line([IO.StreamReader] $From, [string] $What) {
    $t = $From.ReadLineAsync()
    if (-not $t.Wait(15000) -or $null -eq $t.Result) { throw "no answer from $What" }
    $t.Result
}
$front = Start-Node @($fixture, '--server', $server, '--mode', 'streamableHttp', '--require-header', $key, '--timing')
$floorHttp = $null
try {
    $port = $null
    while ($null -ne ($line = $front.StandardOutput.ReadLine())) { if ($line -match '^FIXTURE-PORT=(\d+)$') { $port = $Matches[1]; break } }
    if (-not $port) { throw 'the HTTP fixture did not start' }
    # The fixture prints SPAN-MS lines between server-everything's own log lines; read up to the next one.
    function Get-Span {
        while ($true) {
            $l = Read-Line $front.StandardOutput 'the fixture (SPAN-MS)'
            if ($l.StartsWith('SPAN-MS=', [System.StringComparison]::Ordinal)) { return [double]::Parse($l.Substring(8), [Globalization.CultureInfo]::InvariantCulture) }
        }
    }
    $url = "http://127.0.0.1:$port/mcp"
    $yaml = "app_service:`n  enabled: true`n  apps:`n  - name: everything-http`n    uri: mcp+$url`n    rewrite:`n      headers:`n      - `"$key`"`n"
    $httpApp = @($yaml | Import-TeleportResource | Where-Object { $_ -is [TeleportMcp.App] })[0]
    $floorHttp = Start-Node @((Join-Path $PSScriptRoot 'floor-http-client.js'), $url, $key)
    function Measure-HttpModule {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $r = $httpApp | Test-TeleportMcpApp -Launch -TimeoutSec 60 -WarningAction SilentlyContinue
        $sw.Stop()
        if ($r.Stage -ne 'Done') { throw "the HTTP probe stopped at $($r.Stage): $($r.Message)" }
        [pscustomobject]@{ Ms = $sw.Elapsed.TotalMilliseconds; Span = (Get-Span) }
    }
    function Measure-HttpFloor {
        $floorHttp.StandardInput.WriteLine('run')
        $done = Read-Line $floorHttp.StandardOutput 'the floor client'
        if ($done -notmatch '^DONE ([\d.]+)$') { throw "the HTTP floor client failed: $done" }
        [pscustomobject]@{ Span = (Get-Span); ClientMs = [double]::Parse($Matches[1], [Globalization.CultureInfo]::InvariantCulture) }
    }
    $runs = if ($PSBoundParameters.ContainsKey('Iterations')) { $Iterations } else { $HttpIterations }
    Write-Host ''
    $loadAtStart = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3
    Write-Host "Streamable HTTP warm-up..."
    1..5 | ForEach-Object { $null = Measure-HttpModule; $null = Measure-HttpFloor }
    $hm = @(); $hs = @(); $hf = @(); $hc = @()
    for ($i = 1; $i -le $runs; $i++) {
        if ($i % 2) { $m = Measure-HttpModule; $f = Measure-HttpFloor } else { $f = Measure-HttpFloor; $m = Measure-HttpModule }
        $hm += $m.Ms; $hs += $m.Span; $hf += $f.Span; $hc += $f.ClientMs
        Write-Host ("  run {0,2}: module {1,6:N1} ms   floor (server, floor client's session) {2,6:N1} ms   server in the module's session {3,6:N1} ms   floor client {4,6:N1} ms" -f $i, $m.Ms, $f.Span, $m.Span, $f.ClientMs)
    }
    $hmm = Get-Median $hm; $hfm = Get-Median $hf; $hsm = Get-Median $hs; $hcm = Get-Median $hc
    $httpVsFloor = $hmm / $hfm
    # Each module run against the floor session next to it: load drift between runs cancels.
    $paired = Get-Median (@(0..($hm.Count - 1)) | ForEach-Object { $hm[$_] / $hf[$_] })
    $met = $httpVsFloor -le 1.3 -and $paired -le 1.3
    Write-Host ''
    Write-Host ("HTTP: Test-TeleportMcpApp -Launch                      median {0,6:N1} ms  ({1} runs)" -f $hmm, $runs)
    Write-Host ("HTTP: floor, server time for the same exchange         median {0,6:N1} ms" -f $hfm)
    Write-Host ("HTTP: server time inside the module's own sessions     median {0,6:N1} ms" -f $hsm)
    Write-Host ("HTTP: the floor client's own time (node http)          median {0,6:N1} ms" -f $hcm)
    Write-Host ("Ratio HTTP module / floor: {0:N2}x (ratio of medians), {1:N2}x (median of per-run ratios); target <= 1.3x for both  {2}" -f $httpVsFloor, $paired, $(if ($met) { 'MET' } else { 'NOT MET' }))
    if ($null -ne $vsFloor) { Write-Host ("Ratio stdio module / floor: {0:N2}x (ratio of medians), {1:N2}x (median of per-run ratios); target <= 1.3x, from the runs above" -f $vsFloor, $stdioPaired) }
    Write-Host "Load average: at start $loadAtStart, at end $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3) ($([Environment]::ProcessorCount) cores)"
    [pscustomobject]@{ HttpModuleMs = $hmm; HttpFloorMs = $hfm; HttpModuleOverFloor = $httpVsFloor; HttpModuleOverFloorPaired = $paired; StdioModuleOverFloor = $vsFloor }
}
finally {
    if ($floorHttp) { try { $floorHttp.StandardInput.Close(); $null = $floorHttp.WaitForExit(3000) } catch { }; if (-not $floorHttp.HasExited) { $floorHttp.Kill($true) }; $floorHttp.Dispose() }
    $front.Kill($true); $front.WaitForExit(5000) | Out-Null; $front.Dispose()
}
