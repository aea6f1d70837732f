<#
    Test-TeleportMcpRole throughput: 10,000 users over a pool of 500 roles and 200 tool names, one MCP server.
    Baseline: that size, measured in this run. Then roles per user doubled (pool 1,000) and tools doubled (400),
    each reported as a time ratio against the baseline (linear growth means about 2x). Timings include the
    per-user trait interpolation; -Quiet makes the cmdlet decide every (user, app, tool) without building
    explanations, which is the bulk path. One explained run (ToolAccess objects) is reported as well, against
    the same explanations made by the engine in a compiled loop without the output boundary (its baseline), and
    with the boundary (OutputSanitizer) but without PowerShell's pipeline: the boundary's cost per object.
    -BaselineModuleDir names another build of the module (for example the build of commit a0ed06f, when issue 10
    was filed and this bench gave 2.9 M decisions/s): the bulk and explained runs of the baseline size are then
    timed for both builds, -BaselineRuns child processes each (each child's figure is its best of 3 runs), started
    in alternation with the order swapped every round; the median, best and spread of each build and the ratio of
    the medians are printed, with the load average before and after.
#>
param([string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'), [int] $Users = 10000, [int] $RolePool = 500, [int] $Tools = 200, [int] $RolesPerUser = 4, [int] $Repeat = 5, [switch] $ExplainOnly, [string] $BaselineModuleDir,
    # Child processes per build for -BaselineModuleDir (two per build swung the ratio from 0.83x to 1.12x with identical code).
    [ValidateRange(1, 100)] [int] $BaselineRuns = 5,
    # Internal: a child started for -BaselineModuleDir times only the baseline size and prints four figures: bulk and explained seconds, then their CPU seconds.
    [switch] $BulkOnly,
    # Child processes per build for the one-user-with-many-roles comparison of -BaselineModuleDir (0 leaves it out).
    [ValidateRange(0, 100)] [int] $ManyRolesRuns = 3,
    # Internal: a child that times Test-TeleportMcpRole -Quiet for one user holding 1,000 roles, then 100,000, and prints
    # four figures: elapsed seconds of each, then CPU seconds of each.
    [switch] $ManyRolesOnly)
$ErrorActionPreference = 'Stop'
$ModuleDir = (Resolve-Path $ModuleDir).Path
Import-Module (Join-Path $ModuleDir 'TeleportMcp.psd1') -Force

function New-Scenario([int] $pool, [int] $toolCount, [int] $perUser) {
    $rnd = [Random]::new(42)
    $toolNames = [string[]](0..($toolCount - 1) | ForEach-Object { '{0}_{1}' -f ('get', 'list', 'search', 'write', 'delete')[$_ % 5], $_ })
    $roles = [System.Collections.Generic.List[TeleportMcp.Role]]::new()
    for ($i = 0; $i -lt $pool; $i++) {
        $allow = switch ($i % 5) {
            0 { @('{{internal.mcp_tools}}') }
            1 { @("get_$($i % $toolCount)", 'search_*') }
            2 { @('^(list|get)_[0-9]+$') }
            3 { @("{{external.team}}_$i", "write_$($i % $toolCount)") }
            4 { @("delete_$($i % $toolCount)", "get_$(($i * 7) % $toolCount)") }
        }
        $labels = @{ env = @('dev', 'prod', '*')[$i % 3] }
        $roles.Add([TeleportMcp.Role]@{
            Name = "role-$i"; Version = 'v8'
            AllowMcpTools = $allow
            DenyMcpTools = if ($i % 7 -eq 0) { @("delete_$($i % $toolCount)") } else { $null }
            AllowAppLabels = $labels
        })
    }
    $userList = [System.Collections.Generic.List[TeleportMcp.User]]::new()
    for ($u = 0; $u -lt $Users; $u++) {
        $r = [string[]](1..$perUser | ForEach-Object { "role-$($rnd.Next($pool))" })
        $userList.Add([TeleportMcp.User]@{
            Name = "user-$u"; Roles = $r
            Traits = @{ mcp_tools = [string[]]@("get_$($u % $toolCount)", 'list_*'); team = [string[]]@('get', 'search') }
        })
    }
    $app = [TeleportMcp.App]@{ Name = 'everything'; Labels = @{ env = 'dev' }; DynamicLabels = @{}; Transport = 'stdio' }
    # Builds before issue 10 had a settable IsMcp (now derived from the app's spec).
    if ([TeleportMcp.App].GetProperty('IsMcp').CanWrite) { $app.IsMcp = $true }
    [pscustomobject]@{ Roles = $roles.ToArray(); Users = $userList.ToArray(); App = $app; Tools = $toolNames; Decisions = [long]$Users * $toolCount }
}

function Measure-Scenario($s, [switch] $Explain, [switch] $WithCpu) {
    [GC]::Collect()
    $proc = [Diagnostics.Process]::GetCurrentProcess()
    $cpu = $proc.TotalProcessorTime
    $sw = [Diagnostics.Stopwatch]::StartNew()
    if ($Explain) { Test-TeleportMcpRole -Role $s.Roles -User $s.Users -App $s.App -Tool $s.Tools | Out-Null }
    else { Test-TeleportMcpRole -Role $s.Roles -User $s.Users -App $s.App -Tool $s.Tools -Quiet | Out-Null }
    $sw.Stop()
    $proc.Refresh()
    # The process's CPU time (every thread: the pipeline, the preparation worker, the GC) is far less at the mercy of
    # other processes on a shared machine than the elapsed time.
    if ($WithCpu) { [double[]]@($sw.Elapsed.TotalSeconds, ($proc.TotalProcessorTime - $cpu).TotalSeconds) } else { $sw.Elapsed.TotalSeconds }
}

# One user holding n roles, each selecting every app and listing two nested-quantifier regexes (as ManyRoles below),
# decided through the cmdlet: every build of the module takes these objects, so a0ed06f can be timed on them too.
function New-ManyRoles([int] $n) {
    $roles = [TeleportMcp.Role[]]::new($n)
    for ($i = 0; $i -lt $n; $i++) {
        $roles[$i] = [TeleportMcp.Role]@{ Name = "r$i"; Version = 'v8'; AllowMcpTools = @("^(a+)+$i`$", '^(\w+\s?)+$'); AllowAppLabels = @{ '*' = '*' } }
    }
    $user = [TeleportMcp.User]@{ Name = 'u'; Roles = [string[]]@($roles | ForEach-Object Name); Traits = @{} }
    $app = [TeleportMcp.App]@{ Name = 'files'; Labels = @{ env = 'dev' }; DynamicLabels = @{}; Transport = 'stdio' }
    if ([TeleportMcp.App].GetProperty('IsMcp').CanWrite) { $app.IsMcp = $true }
    [pscustomobject]@{ Roles = $roles; User = $user; App = $app }
}

if ($ManyRolesOnly) {
    $tool = ('a' * 40) + '!'
    $warm = New-ManyRoles 200
    Test-TeleportMcpRole -Role $warm.Roles -User $warm.User -App $warm.App -Tool $tool -Quiet | Out-Null
    $f = [double[]]::new(4)
    $k = 0
    foreach ($n in 1000, 100000) {
        $s = New-ManyRoles $n
        [GC]::Collect()
        $proc = [Diagnostics.Process]::GetCurrentProcess()
        $cpu = $proc.TotalProcessorTime
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Test-TeleportMcpRole -Role $s.Roles -User $s.User -App $s.App -Tool $tool -Quiet | Out-Null
        $sw.Stop(); $proc.Refresh()
        $f[$k] = $sw.Elapsed.TotalSeconds; $f[$k + 2] = ($proc.TotalProcessorTime - $cpu).TotalSeconds
        $k++
    }
    ($f | ForEach-Object { $_.ToString([cultureinfo]::InvariantCulture) }) -join ' '
    return
}

if ($BulkOnly) {
    $s = New-Scenario $RolePool $Tools $RolesPerUser
    Test-TeleportMcpRole -Role $s.Roles -User $s.Users[0..99] -App $s.App -Tool $s.Tools -Quiet | Out-Null
    # Elapsed and CPU seconds, each the best of its runs: bulk, explained, bulk CPU, explained CPU.
    $f = [double[]]@([double]::MaxValue) * 4
    for ($round = 0; $round -lt $Repeat; $round++) {
        $t = Measure-Scenario $s -WithCpu
        $f[0] = [math]::Min($f[0], $t[0]); $f[2] = [math]::Min($f[2], $t[1])
    }
    $s.Users = $s.Users[0..999]
    for ($round = 0; $round -lt 2; $round++) {
        $t = Measure-Scenario $s -Explain -WithCpu
        $f[1] = [math]::Min($f[1], $t[0]); $f[3] = [math]::Min($f[3], $t[1])
    }
    ($f | ForEach-Object { $_.ToString([cultureinfo]::InvariantCulture) }) -join ' '
    return
}

Write-Host "Generating scenarios ($Users users, role pool $RolePool, $Tools tools, $RolesPerUser roles per user)..."
$base = New-Scenario $RolePool $Tools $RolesPerUser
$moreRoles = New-Scenario ($RolePool * 2) $Tools ($RolesPerUser * 2)
$moreTools = New-Scenario $RolePool ($Tools * 2) $RolesPerUser

# Warm-up (JIT, pattern cache), then the three sizes in alternation, so load from other processes hits all alike;
# the best time of each is kept.
if ($ExplainOnly) { $Repeat = 0 }
foreach ($s in $base, $moreRoles, $moreTools) { Test-TeleportMcpRole -Role $s.Roles -User $s.Users[0..99] -App $s.App -Tool $s.Tools -Quiet | Out-Null }
$tBase = $tRoles = $tTools = [double]::MaxValue
for ($round = 0; $round -lt $Repeat; $round++) {
    $tBase = [math]::Min($tBase, (Measure-Scenario $base))
    $tRoles = [math]::Min($tRoles, (Measure-Scenario $moreRoles))
    $tTools = [math]::Min($tTools, (Measure-Scenario $moreTools))
}
$small = New-Scenario $RolePool $Tools $RolesPerUser
$small.Users = $small.Users[0..999]; $small.Decisions = 1000L * $Tools
$tExplain = [math]::Min((Measure-Scenario $small -Explain), (Measure-Scenario $small -Explain))

# The same explanations without the cmdlet: a compiled loop loaded into the module's own load context (so it sees
# the module's engine, not a second copy), once without and once with the output boundary.
$engineDll = Join-Path $ModuleDir 'Dependencies/TeleportMcp.Engine.dll'
$loopDll = Join-Path ([IO.Path]::GetTempPath()) ("rbac-bench-loop-{0}.dll" -f [Guid]::NewGuid().ToString('N'))
Add-Type -OutputAssembly $loopDll -OutputType Library -ReferencedAssemblies $engineDll, 'netstandard', 'System.Collections', 'System.Runtime' -TypeDefinition @'
using System.Diagnostics;
public static class RbacBenchLoop
{
    public static double Explain(TeleportMcp.Role[] roles, TeleportMcp.User[] users, TeleportMcp.App app, string[] tools, bool sanitize)
    {
        var session = new TeleportMcp.Engine.Rbac.McpAccessSession(roles);
        foreach (var u in users) session.Prepare(u);
        var sw = Stopwatch.StartNew();
        long n = 0;
        foreach (var u in users)
            foreach (var t in tools)
            {
                var d = session.Decide(u, app, t);
                if (sanitize) TeleportMcp.Engine.Output.OutputSanitizer.Sanitize(d);
                n += d.Reason.Length;
            }
        sw.Stop();
        return n < 0 ? -1 : sw.Elapsed.TotalSeconds;
    }

    /// One user holding n roles, each selecting every app and listing two nested-quantifier regexes (issue 17
    /// item 17): seconds to prepare the user, select the app, the first decision, a later one, an explained one.
    public static double[] ManyRoles(int n)
    {
        var roles = new TeleportMcp.Role[n];
        var names = new System.Collections.Generic.List<string>(n);
        for (int i = 0; i < n; i++)
        {
            roles[i] = new TeleportMcp.Role
            {
                Name = "r" + i, Version = "v8",
                AllowMcpTools = new System.Collections.Generic.List<string> { "^(a+)+" + i + "$", "^(\\w+\\s?)+$" },
                AllowAppLabels = new System.Collections.Hashtable { { "*", "*" } },
            };
            names.Add("r" + i);
        }
        var user = new TeleportMcp.User { Name = "u", Roles = names };
        var app = new TeleportMcp.App { Name = "files", Labels = new System.Collections.Hashtable { { "env", "dev" } } };
        string tool = new string('a', 40) + "!";
        var times = new double[6];
        var sw = Stopwatch.StartNew();
        var engine = new TeleportMcp.Engine.Rbac.McpAccessEngine(roles);
        var ua = engine.Prepare(user);
        times[0] = sw.Elapsed.TotalSeconds; sw.Restart();
        var aa = engine.ForApp(ua, app);
        times[1] = sw.Elapsed.TotalSeconds; sw.Restart();
        var d1 = engine.DecideFast(aa, tool);
        times[2] = sw.Elapsed.TotalSeconds; sw.Restart();
        // Later decisions: the best of five different tools (one sample is at the mercy of the machine's load).
        var d2 = d1;
        times[3] = double.MaxValue;
        for (int k = 0; k < 5; k++)
        {
            sw.Restart();
            d2 = engine.DecideFast(aa, tool + (char)('b' + k));
            times[3] = System.Math.Min(times[3], sw.Elapsed.TotalSeconds);
        }
        TeleportMcp.ToolAccess d3 = null;
        times[4] = double.MaxValue;
        for (int k = 0; k < 3; k++)
        {
            sw.Restart();
            d3 = engine.Decide(aa, tool + (char)('m' + k));
            times[4] = System.Math.Min(times[4], sw.Elapsed.TotalSeconds);
        }
        sw.Restart();
        // A second user with the same roles: template-free roles were prepared once for the role set.
        engine.Prepare(new TeleportMcp.User { Name = "v", Roles = names });
        times[5] = sw.Elapsed.TotalSeconds;
        if (d1 != TeleportMcp.AccessDecision.NotGranted || d2 != d1 || d3.Decision != d1) throw new System.InvalidOperationException("unexpected decision " + d1 + "/" + d2 + "/" + d3.Decision);
        return times;
    }
}
'@
$moduleContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([TeleportMcp.Role].Assembly)
$loop = $moduleContext.LoadFromAssemblyPath($loopDll).GetType('RbacBenchLoop')
$explainArgs = { param([bool] $sanitize) $loop.GetMethod('Explain').Invoke($null, [object[]]@([TeleportMcp.Role[]]$small.Roles, [TeleportMcp.User[]]$small.Users, $small.App, [string[]]$small.Tools, $sanitize)) }
$null = & $explainArgs $true
$tEngine = $tBoundary = [double]::MaxValue
for ($round = 0; $round -lt 3; $round++) {
    $tEngine = [math]::Min($tEngine, (& $explainArgs $false))
    $tBoundary = [math]::Min($tBoundary, (& $explainArgs $true))
}

# Many roles on one user: 1,000 roles is the baseline, 100,000 the hostile size (linear growth is 100x).
$null = $loop.GetMethod('ManyRoles').Invoke($null, [object[]]@(200))
$few = $loop.GetMethod('ManyRoles').Invoke($null, [object[]]@(1000))
$many = $loop.GetMethod('ManyRoles').Invoke($null, [object[]]@(100000))

if (-not $ExplainOnly) {
'baseline: {0:N0} users x {1} tools = {2:N0} decisions, role pool {3}, {4} roles/user: {5:N2} s  -> {6:N0} decisions/s' -f $Users, $Tools, $base.Decisions, $RolePool, $RolesPerUser, $tBase, ($base.Decisions / $tBase)
'roles doubled (pool {0}, {1} roles/user): {2:N2} s  ratio {3:N2}x baseline  ({4:N0} decisions/s)' -f ($RolePool * 2), ($RolesPerUser * 2), $tRoles, ($tRoles / $tBase), ($moreRoles.Decisions / $tRoles)
'tools doubled ({0} tools, {1:N0} decisions): {2:N2} s  ratio {3:N2}x baseline  ({4:N0} decisions/s)' -f ($Tools * 2), $moreTools.Decisions, $tTools, ($tTools / $tBase), ($moreTools.Decisions / $tTools)
}
'explained output (ToolAccess objects, 1,000 users x {0} tools): {1:N2} s  -> {2:N0} decisions/s' -f $Tools, $tExplain, ($small.Decisions / $tExplain)
'  baseline, the same explanations by the engine alone (compiled loop, no output boundary): {0:N2} s -> {1:N0} decisions/s; the cmdlet takes {2:N2}x that' -f $tEngine, ($small.Decisions / $tEngine), ($tExplain / $tEngine)
'  with the output boundary (OutputSanitizer on every ToolAccess, compiled loop): {0:N2} s -> {1:N0} decisions/s, {2:N2}x the engine alone; the boundary costs {3:N2} us per object' -f $tBoundary, ($small.Decisions / $tBoundary), ($tBoundary / $tEngine), (($tBoundary - $tEngine) * 1e6 / $small.Decisions)
$steps = 'prepare the user (compiles every entry)', 'select the app', 'first decision', 'next decision (best of 5)', 'explained decision (best of 3)', 'prepare a second user with the same roles'
'one user with 100,000 roles (two nested-quantifier regexes each) against the baseline of 1,000 roles, in the same run:'
for ($i = 0; $i -lt $steps.Count; $i++) {
    '  {0}: {1:N1} ms  (1,000 roles: {2:N2} ms, ratio {3:N0}x)' -f $steps[$i], ($many[$i] * 1000), ($few[$i] * 1000), ($many[$i] / [math]::Max($few[$i], 1e-7))
}
if (-not $ExplainOnly -and $tTools -gt $tBase) {
    'marginal: the extra {0:N0} decisions of the doubled tool list cost {1:N2} s -> {2:N0} decisions/s once users are prepared (the rest of the baseline is per-user work: object binding and trait interpolation)' -f ($moreTools.Decisions - $base.Decisions), ($tTools - $tBase), (($moreTools.Decisions - $base.Decisions) / ($tTools - $tBase))
}

if ($BaselineModuleDir) {
    $baseDir = (Resolve-Path $BaselineModuleDir).Path
    $pwshArgs = if ($IsCoreCLR) { @('-NoProfile', '-NonInteractive') } else { @('-NoProfile') }
    $pwsh = (Get-Process -Id $PID).Path
    # PowerShell run as a dotnet tool: the host is dotnet, and pwsh.dll is its argument.
    $prefix = @(if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
    $times = @{ ours = [System.Collections.Generic.List[double[]]]::new(); base = [System.Collections.Generic.List[double[]]]::new() }
    $load = { if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg -Raw) -split ' ')[0..2] -join ' ' } else { 'not known on this system' } }
    $loadBefore = & $load
    Write-Host "Timing the baseline size with both builds, $BaselineRuns child processes each, started in alternation..."
    for ($round = 0; $round -lt $BaselineRuns; $round++) {
        # The order swaps every round, so neither build always runs right after the other.
        $order = if ($round % 2 -eq 0) { 'ours', 'base' } else { 'base', 'ours' }
        foreach ($who in $order) {
            $dir = if ($who -eq 'ours') { $ModuleDir } else { $baseDir }
            $line = & $pwsh @prefix @pwshArgs -File $PSCommandPath -ModuleDir $dir -Users $Users -RolePool $RolePool -Tools $Tools -RolesPerUser $RolesPerUser -Repeat 3 -BulkOnly | Select-Object -Last 1
            $f = [double[]]($line -split ' ' | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) })
            $times[$who].Add($f)
        }
    }
    $loadAfter = & $load
    # Median, best and worst of one figure (0 bulk, 1 explained) over a build's children.
    $stats = {
        param($list, $i)
        $v = [double[]]@($list | ForEach-Object { $_[$i] } | Sort-Object)
        $n = $v.Count
        $median = if ($n % 2 -eq 1) { $v[($n - 1) / 2] } else { ($v[$n / 2 - 1] + $v[$n / 2]) / 2 }
        [pscustomobject]@{ Median = $median; Best = $v[0]; Worst = $v[$n - 1] }
    }
    $show = { param($st) '{0:N3} s (best {1:N3}, spread {1:N3}-{2:N3})' -f $st.Median, $st.Best, $st.Worst }
    $ob = & $stats $times.ours 0; $bb = & $stats $times.base 0; $oe = & $stats $times.ours 1; $be = & $stats $times.base 1
    $obc = & $stats $times.ours 2; $bbc = & $stats $times.base 2; $oec = & $stats $times.ours 3; $bec = & $stats $times.base 3
    "against the baseline build ($baseDir), $BaselineRuns child processes each started in alternation (each child's figure is its best of 3 runs; load average $loadBefore before, $loadAfter after):"
    '  bulk (-Quiet), {0:N0} decisions: median {1} ({2:N0}/s) vs baseline {3} ({4:N0}/s): ratio of medians {5:N3}x the baseline''s time (of bests {6:N3}x)' -f $base.Decisions, (& $show $ob), ($base.Decisions / $ob.Median), (& $show $bb), ($base.Decisions / $bb.Median), ($ob.Median / $bb.Median), ($ob.Best / $bb.Best)
    '  explained, 1,000 users x {0} tools: median {1} vs baseline {2}: ratio of medians {3:N3}x the baseline''s time (of bests {4:N3}x)' -f $Tools, (& $show $oe), (& $show $be), ($oe.Median / $be.Median), ($oe.Best / $be.Best)
    '  CPU time of the process (all threads; less swayed by other load than elapsed time):'
    '    bulk: median {0} vs baseline {1}: ratio of medians {2:N3}x' -f (& $show $obc), (& $show $bbc), ($obc.Median / $bbc.Median)
    '    explained: median {0} vs baseline {1}: ratio of medians {2:N3}x' -f (& $show $oec), (& $show $bec), ($oec.Median / $bec.Median)

    if ($ManyRolesRuns -gt 0) {
        $many = @{ ours = [System.Collections.Generic.List[double[]]]::new(); base = [System.Collections.Generic.List[double[]]]::new() }
        $loadBefore = & $load
        Write-Host "Timing one user with 1,000 and 100,000 roles with both builds, $ManyRolesRuns child processes each, started in alternation..."
        for ($round = 0; $round -lt $ManyRolesRuns; $round++) {
            $order = if ($round % 2 -eq 0) { 'ours', 'base' } else { 'base', 'ours' }
            foreach ($who in $order) {
                $dir = if ($who -eq 'ours') { $ModuleDir } else { $baseDir }
                $line = & $pwsh @prefix @pwshArgs -File $PSCommandPath -ModuleDir $dir -ManyRolesOnly | Select-Object -Last 1
                $many[$who].Add([double[]]($line -split ' ' | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) }))
            }
        }
        $loadAfter = & $load
        "one user with 1,000 and with 100,000 roles (two nested-quantifier regexes each), Test-TeleportMcpRole -Quiet, $ManyRolesRuns child processes per build in alternation (load average $loadBefore before, $loadAfter after):"
        foreach ($fig in @(@{ Name = 'CPU time of the process'; Few = 2; Many = 3 }, @{ Name = 'elapsed'; Few = 0; Many = 1 })) {
            $of = & $stats $many.ours $fig.Few; $om = & $stats $many.ours $fig.Many; $bf = & $stats $many.base $fig.Few; $bm = & $stats $many.base $fig.Many
            '  {0}: 100,000 roles median {1} vs baseline {2}: ratio of medians {3:N3}x; 1,000 roles {4:N3} s vs {5:N3} s ({6:N3}x); growth 1,000 -> 100,000 roles {7:N0}x (baseline {8:N0}x; linear is 100x)' -f $fig.Name, (& $show $om), (& $show $bm), ($om.Median / $bm.Median), $of.Median, $bf.Median, ($of.Median / $bf.Median), ($om.Median / $of.Median), ($bm.Median / $bf.Median)
        }
    }
}
