<#
    Import cost of TeleportMcp, against the baseline of a bare `pwsh -NoProfile` start, measured in the same run, next
    to two references: an empty manifest module and a binary module of one empty cmdlet (the floor for any binary module).
    Each sample is a fresh child PowerShell; the runs alternate so machine load affects all of them alike. Next to the
    wall-clock time, each child reports the CPU time it used (all threads, up to its last command), which a busy
    machine disturbs much less, with the middle half of the runs next to each median and, on Linux, that CPU split into
    the thread that ran the command and the rest of the process. Each kind of child keeps a PowerShell startup profile
    of its own (see Invoke-Child).
    -BaselineModuleDir names another build of the module (for example session 1's, commit 7392d79, built into a temp
    folder) whose import is measured in the same runs; the bench then prints both "adds" figures and their ratio.
#>
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [int] $Runs = 15,
    [string] $BaselineModuleDir
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../tools/Common.ps1')
$exe = Get-ChildPwsh
$manifest = (Resolve-Path (Join-Path $ModuleDir 'TeleportMcp.psd1')).Path
$baseManifest = if ($BaselineModuleDir) { (Resolve-Path (Join-Path $BaselineModuleDir 'TeleportMcp.psd1')).Path }
$roles = (Resolve-Path (Join-Path $PSScriptRoot '../examples/cluster/roles.yaml')).Path

# PowerShell records the methods a non-interactive start compiled (StartupProfileData-NonInteractive in its cache
# folder) and the next such start compiles them again at once on a background thread (the runtime's multicore JIT): a
# child's CPU then depends on what the child before it ran. With one folder for all, each import played back the profile
# of the different command that ran just before it. Each kind of child has a cache folder of its own (XDG_CACHE_HOME,
# which PowerShell reads on Linux and macOS), so every kind plays back its own previous run's profile, as a user who runs
# that command again would; on Windows the folder cannot be moved and the children share one profile.
$cacheRoot = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-cache-$PID"
$ownCaches = -not $IsWindows -and $PSVersionTable.PSEdition -eq 'Core'
function Invoke-Child([string] $Kind, [string] $Command) {
    $saved = $env:XDG_CACHE_HOME
    if ($ownCaches) { $env:XDG_CACHE_HOME = Join-Path $cacheRoot $Kind; New-Item -ItemType Directory -Force $env:XDG_CACHE_HOME | Out-Null }
    try { & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command }
    finally { $env:XDG_CACHE_HOME = $saved }
}
$threadStat = '/proc/thread-self/schedstat'
$hasThreadStat = Test-Path $threadStat
# One child run: wall-clock ms seen from here, CPU ms the child reports as its last output line (all threads, up to
# there), and on Linux the CPU of the thread that ran the command (schedstat, ns): the rest of the process CPU is the
# start of the shell and the runtime's background threads (multicore JIT playback, tiered compilation, thread pool, GC).
function Measure-Start([string] $Kind, [string] $Command) {
    $read = if ($hasThreadStat) { "; `$t = [IO.File]::ReadAllText('$threadStat').Split(' ')[0]" } else { '; $t = 0' }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = Invoke-Child $Kind "$Command; `$c = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalMilliseconds$read; `"`$c `$t`""
    $sw.Stop()
    if ($LASTEXITCODE -ne 0) { throw "child failed: $Command" }
    $c, $t = ($out | Where-Object { $_ } | Select-Object -Last 1) -split ' '
    $thread = if ($hasThreadStat) { [double]$t / 1e6 } else { [double]::NaN }
    [pscustomobject]@{ Wall = $sw.Elapsed.TotalMilliseconds; Cpu = [double]$c; Thread = $thread; Rest = [double]$c - $thread }
}
# What Import-Module itself takes inside a started shell: wall-clock and CPU ms, and on Linux the CPU ms of the thread
# that ran Import-Module (/proc/thread-self/schedstat, nanoseconds on a CPU): what the import itself computed, without
# the runtime's background threads (tiered compilation, GC), and much less moved by other processes than wall-clock.
# The reads are plain assignments and static calls, constructs the measuring command has anyway: the command is parsed
# before it runs, and a statement the parser has not met yet would warm it for the import's own scripts.
function Measure-InProcess([string] $Kind, [string] $Prelude, [string] $Manifest) {
    $read = if ($hasThreadStat) { "`$t0 = [IO.File]::ReadAllText('$threadStat'); " } else { '' }
    $readAfter = if ($hasThreadStat) { "`$t1 = [IO.File]::ReadAllText('$threadStat'); " } else { '' }
    $out = Invoke-Child $Kind ($Prelude + '$p = [Diagnostics.Process]::GetCurrentProcess(); $c = $p.TotalProcessorTime; ' + $read + '$s = [Diagnostics.Stopwatch]::StartNew(); ' +
        "Import-Module '$Manifest'; " + $readAfter + '$w = $s.Elapsed.TotalMilliseconds; $p.Refresh(); "$w $(($p.TotalProcessorTime - $c).TotalMilliseconds)"; $t0; $t1')
    if ($LASTEXITCODE -ne 0) { throw "child failed: in-process import of $Manifest" }
    $lines = @($out | Where-Object { $_ })
    $thread = [double]::NaN
    if ($hasThreadStat) { $thread = ([double](($lines[-1] -split ' ')[0]) - [double](($lines[-2] -split ' ')[0])) / 1e6; $lines = $lines[0..($lines.Count - 3)] }
    $w, $c = $lines[-1] -split ' '
    [pscustomobject]@{ Wall = [double]$w; Cpu = [double]$c; Thread = $thread }
}
# A first Import-TeleportResource inside a started shell that has imported the module: wall-clock and CPU ms, and the
# methods the runtime compiled for it (what ahead-of-time compiled code saves; a count machine load does not move).
# The measuring statements run once before, so their own first-call cost is not counted.
function Measure-FirstUse([string] $Kind, [string] $Manifest) {
    $out = Invoke-Child $Kind ("Import-Module '$Manifest'; " + '$p = [Diagnostics.Process]::GetCurrentProcess(); $s = [Diagnostics.Stopwatch]::StartNew(); $w = $s.Elapsed.TotalMilliseconds; $p.Refresh(); $null = "$w $($p.TotalProcessorTime.TotalMilliseconds) $([System.Runtime.JitInfo]::GetCompiledMethodCount($false))"; ' +
        '$c = $p.TotalProcessorTime; $j = [System.Runtime.JitInfo]::GetCompiledMethodCount($false); $s.Restart(); ' +
        "Import-TeleportResource '$roles' | Out-Null; " + '$w = $s.Elapsed.TotalMilliseconds; $p.Refresh(); "$w $(($p.TotalProcessorTime - $c).TotalMilliseconds) $([System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $j)"')
    if ($LASTEXITCODE -ne 0) { throw "child failed: first use of $Manifest" }
    $w, $c, $j = ($out | Select-Object -Last 1) -split ' '
    [pscustomobject]@{ Wall = [double]$w; Cpu = [double]$c; Jit = [double]$j }
}
function Get-Median([double[]] $x) { $s = $x | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
# The middle half of the samples (first and third quartile), for the spread next to a median.
function Get-Quartiles([double[]] $x) { $s = @($x | Sort-Object); '{0:N0}-{1:N0}' -f $s[[int][math]::Floor(($s.Count - 1) / 4)], $s[[int][math]::Ceiling(3 * ($s.Count - 1) / 4)] }
function Get-Figure([object[]] $Samples) {
    $f = [pscustomobject]@{ Wall = Get-Median $Samples.Wall; Cpu = Get-Median $Samples.Cpu; Jit = 0; Thread = [double]::NaN; WallQ = Get-Quartiles $Samples.Wall; CpuQ = Get-Quartiles $Samples.Cpu; ThreadQ = '' }
    if ($Samples[0].PSObject.Properties['Jit']) { $f.Jit = Get-Median $Samples.Jit }
    if ($Samples[0].PSObject.Properties['Thread'] -and -not [double]::IsNaN($Samples[0].Thread)) { $f.Thread = Get-Median $Samples.Thread; $f.ThreadQ = Get-Quartiles $Samples.Thread }
    if ($Samples[0].PSObject.Properties['Rest'] -and -not [double]::IsNaN($Samples[0].Rest)) { $f | Add-Member Rest (Get-Median $Samples.Rest); $f | Add-Member RestQ (Get-Quartiles $Samples.Rest) }
    $f
}

# Second reference: an empty manifest module, for the part of the cost that any Import-Module pays.
$emptyDir = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-empty-$PID"
New-Item -ItemType Directory -Force $emptyDir | Out-Null
Set-Content (Join-Path $emptyDir 'Empty.psd1') "@{ ModuleVersion = '1.0.0'; GUID = '0f8f1d0e-6a39-4c43-9d71-0c7c1d2b3a40'; FunctionsToExport = @() }"
$emptyManifest = Join-Path $emptyDir 'Empty.psd1'
# Third reference: a binary module of one empty cmdlet (compiled here by a child shell), for the part that loading any
# binary module pays: PowerShell's own cold code for reading an assembly's cmdlets, which no module can save.
$binaryDir = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-binary-$PID"
New-Item -ItemType Directory -Force $binaryDir | Out-Null
$binaryDll = Join-Path $binaryDir 'OneCmdlet.dll'
$sourceFile = Join-Path $binaryDir 'OneCmdlet.cs'
Set-Content $sourceFile 'using System.Management.Automation; namespace OneCmdlet { [Cmdlet(VerbsCommon.Get, "Nothing")] public sealed class GetNothing : PSCmdlet { protected override void ProcessRecord() { WriteObject(1); } } }'
& $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "Add-Type -Path '$sourceFile' -OutputAssembly '$binaryDll' -OutputType Library"
if ($LASTEXITCODE -ne 0 -or -not (Test-Path $binaryDll)) { throw 'could not compile the one-cmdlet reference module' }
Set-Content (Join-Path $binaryDir 'OneCmdlet.psd1') "@{ RootModule = 'OneCmdlet.dll'; ModuleVersion = '1.0.0'; GUID = '4b0e5b52-8a57-4d1e-a1f5-3d1c2a6e9b10'; CmdletsToExport = @('Get-Nothing') }"
$binaryManifest = Join-Path $binaryDir 'OneCmdlet.psd1'

# The machine's load next to the figures: they are medians of runs alternated with their baselines, but a busy
# machine (load average well above its core count) still moves them by tens of milliseconds.
function Get-LoadAverage {
    if (Test-Path '/proc/loadavg') { ((Get-Content '/proc/loadavg') -split ' ')[0..2] -join ' ' }
    elseif (Get-Command uptime -ErrorAction SilentlyContinue) { ((uptime) -split 'load averages?: ')[-1] }
    else { 'n/a' }
}
$loadBefore = Get-LoadAverage

$s = @{}
foreach ($k in 'bare', 'empty', 'binary', 'import', 'firstUse', 'inProc', 'inProcWarm', 'useInProc', 'baseImport', 'baseFirstUse', 'baseInProc', 'baseInProcWarm', 'baseUseInProc') { $s[$k] = [Collections.Generic.List[object]]::new() }
# After the session has formatted one object: the first output compiles much of PowerShell's formatting code, which an
# import into a session that has printed nothing yet pays for in part (the format database itself is built when the
# runspace opens).
$warm = 'Get-Date | Out-String | Out-Null; '
# The children, by kind: the command each runs.
$starts = [ordered]@{ bare = '$null = 0'; empty = "Import-Module '$emptyManifest'"; binary = "Import-Module '$binaryManifest'"; import = "Import-Module '$manifest'"; firstUse = "Import-Module '$manifest'; Import-TeleportResource '$roles' | Out-Null" }
if ($baseManifest) { $starts.baseImport = "Import-Module '$baseManifest'"; $starts.baseFirstUse = "Import-Module '$baseManifest'; Import-TeleportResource '$roles' | Out-Null" }
# One unmeasured run of each kind first: it warms the file cache and leaves the kind's startup profile.
foreach ($k in $starts.Keys) { $null = Measure-Start $k $starts[$k] }
$null = Measure-InProcess 'inProc' '' $manifest; $null = Measure-InProcess 'inProcWarm' $warm $manifest; $null = Measure-FirstUse 'useInProc' $manifest
if ($baseManifest) { $null = Measure-InProcess 'baseInProc' '' $baseManifest; $null = Measure-InProcess 'baseInProcWarm' $warm $baseManifest; $null = Measure-FirstUse 'baseUseInProc' $baseManifest }
for ($i = 0; $i -lt $Runs; $i++) {
    foreach ($k in 'bare', 'empty', 'binary', 'import', 'baseImport', 'firstUse', 'baseFirstUse') { if ($starts.Contains($k)) { $s[$k].Add((Measure-Start $k $starts[$k])) } }
    # The import inside a started shell, every run (the figure the two builds are compared by most closely), alternated with the baseline module's.
    $s.inProc.Add((Measure-InProcess 'inProc' '' $manifest))
    if ($baseManifest) { $s.baseInProc.Add((Measure-InProcess 'baseInProc' '' $baseManifest)) }
    # The other in-process figures: fewer samples, they vary less.
    if ($i % 3 -eq 0) {
        $s.inProcWarm.Add((Measure-InProcess 'inProcWarm' $warm $manifest))
        $s.useInProc.Add((Measure-FirstUse 'useInProc' $manifest))
        if ($baseManifest) {
            $s.baseInProcWarm.Add((Measure-InProcess 'baseInProcWarm' $warm $baseManifest))
            $s.baseUseInProc.Add((Measure-FirstUse 'baseUseInProc' $baseManifest))
        }
    }
}
Remove-Item -Recurse -Force $emptyDir
Remove-Item -Recurse -Force $binaryDir -ErrorAction SilentlyContinue
if (Test-Path $cacheRoot) { Remove-Item -Recurse -Force $cacheRoot }

$f = @{}; foreach ($k in @($s.Keys)) { if ($s[$k].Count) { $f[$k] = Get-Figure $s[$k] } }
$b = $f.bare
# Medians, the CPU's middle half of the runs (quartiles) in brackets; on Linux the CPU split into the thread that ran
# the command and the rest of the process (the shell's start and the runtime's background threads).
function Format-Adds([string] $Label, $x) {
    $text = '{0,-50} {1,6:N0} ms  ratio {2:N2}x  (adds {3,4:N0} ms)   CPU {4,6:N0} ms  (adds {5,4:N0} ms) [{6}]' -f $Label, $x.Wall, ($x.Wall / $b.Wall), ($x.Wall - $b.Wall), $x.Cpu, ($x.Cpu - $b.Cpu), $x.CpuQ
    if (-not [double]::IsNaN($x.Thread)) { $text += '  command thread {0,4:N0} ms (adds {1,4:N0}) [{2}], rest {3,5:N0} ms (adds {4,4:N0}) [{5}]' -f $x.Thread, ($x.Thread - $b.Thread), $x.ThreadQ, $x.Rest, ($x.Rest - $b.Rest), $x.RestQ }
    $text
}
function Format-Ratio([string] $Label, $ours, $theirs, [string] $Field) {
    $a = $ours.$Field - $b.$Field; $t = $theirs.$Field - $b.$Field
    $ratio = if ($t -gt 0) { '{0:N2}x' -f ($a / $t) } else { 'n/a (the baseline module added nothing measurable; machine too busy)' }
    '  {0,-48} {1}  ({2:N0} ms vs {3:N0} ms)' -f "$Label ($Field):", $ratio, $a, $t
}
'load average (1, 5, 15 min) before the runs: {0}; after: {1}; {2} logical processors' -f $loadBefore, (Get-LoadAverage), [Environment]::ProcessorCount
'baseline: bare pwsh -NoProfile start, median of {0} runs: {1:N0} ms wall-clock, {2:N0} ms CPU [{3}]' -f $Runs, $b.Wall, $b.Cpu, $b.CpuQ
if (-not [double]::IsNaN($b.Thread)) { '  of that CPU: command thread {0:N0} ms [{1}], rest of the process {2:N0} ms [{3}]' -f $b.Thread, $b.ThreadQ, $b.Rest, $b.RestQ }
if (-not $ownCaches) { '  (Windows: the children share one PowerShell startup profile, so each cold figure depends on the child run before it)' }
Format-Adds 'pwsh + Import-Module of an empty manifest module:' $f.empty
Format-Adds 'pwsh + Import-Module of a one-cmdlet binary module:' $f.binary
Format-Adds 'pwsh + Import-Module TeleportMcp:' $f.import
'  TeleportMcp adds {0:N0} ms wall, {1:N0} ms CPU beyond the one-cmdlet binary module (what the module itself costs)' -f ($f.import.Wall - $f.binary.Wall), ($f.import.Cpu - $f.binary.Cpu)
Format-Adds 'pwsh + import + first Import-TeleportResource:' $f.firstUse
# Medians, with the middle half of the runs (quartiles) in brackets; "thread" is the CPU of the thread that ran Import-Module.
function Format-InProcess($x) {
    $text = '{0,6:N0} ms  CPU {1,6:N0} ms  [wall {2}, CPU {3}]' -f $x.Wall, $x.Cpu, $x.WallQ, $x.CpuQ
    if (-not [double]::IsNaN($x.Thread)) { $text += '  thread {0:N0} ms [{1}]' -f $x.Thread, $x.ThreadQ }
    $text
}
'Import-Module measured inside a started shell:     {0}' -f (Format-InProcess $f.inProc)
'... after the session formatted one object:        {0,6:N0} ms  CPU {1,6:N0} ms' -f $f.inProcWarm.Wall, $f.inProcWarm.Cpu
'first Import-TeleportResource in a started shell:  {0,6:N0} ms  CPU {1,6:N0} ms  methods compiled {2,5:N0}' -f $f.useInProc.Wall, $f.useInProc.Cpu, $f.useInProc.Jit
if ($baseManifest) {
    'baseline module ({0}):' -f $BaselineModuleDir
    Format-Adds '  pwsh + Import-Module baseline module:' $f.baseImport
    Format-Adds '  pwsh + import + first Import-TeleportResource:' $f.baseFirstUse
    '  Import-Module measured inside a started shell:   {0}' -f (Format-InProcess $f.baseInProc)
    '  ... after the session formatted one object:      {0,6:N0} ms  CPU {1,6:N0} ms' -f $f.baseInProcWarm.Wall, $f.baseInProcWarm.Cpu
    '  first Import-TeleportResource in a started shell:{0,6:N0} ms  CPU {1,6:N0} ms  methods compiled {2,5:N0}' -f $f.baseUseInProc.Wall, $f.baseUseInProc.Cpu, $f.baseUseInProc.Jit
    'TeleportMcp against the baseline module (what each adds to a bare start; below 1 is faster):'
    $fields = if ([double]::IsNaN($b.Thread)) { 'Wall', 'Cpu' } else { 'Wall', 'Cpu', 'Thread', 'Rest' }
    foreach ($field in $fields) {
        Format-Ratio 'import' $f.import $f.baseImport $field
        Format-Ratio 'import + first Import-TeleportResource' $f.firstUse $f.baseFirstUse $field
    }
    '  {0,-48} {1:N2}x  ({2:N0} ms vs {3:N0} ms)' -f 'Import-Module inside a started shell (CPU):', ($f.inProc.Cpu / $f.baseInProc.Cpu), $f.inProc.Cpu, $f.baseInProc.Cpu
    if (-not [double]::IsNaN($f.inProc.Thread) -and -not [double]::IsNaN($f.baseInProc.Thread)) {
        '  {0,-48} {1:N2}x  ({2:N0} ms vs {3:N0} ms)' -f 'Import-Module inside a started shell (thread):', ($f.inProc.Thread / $f.baseInProc.Thread), $f.inProc.Thread, $f.baseInProc.Thread
    }
    '  {0,-48} {1:N2}x  ({2:N0} ms vs {3:N0} ms)' -f 'Import-Module inside a started shell (wall):', ($f.inProc.Wall / $f.baseInProc.Wall), $f.inProc.Wall, $f.baseInProc.Wall
    '  {0,-48} {1:N2}x  ({2:N0} ms vs {3:N0} ms)' -f 'first Import-TeleportResource in a shell (CPU):', ($f.useInProc.Cpu / $f.baseUseInProc.Cpu), $f.useInProc.Cpu, $f.baseUseInProc.Cpu
}
