<#
    What the module's format data costs an import, split into the part PowerShell pays for any format file and the part
    that grows with ours. Import-Module adds a module's FormatsToProcess to the session's InitialSessionState.Formats and
    rebuilds the whole format database from that list (every built-in view again, then each file: read, XML-parsed,
    every script block parsed once): InitialSessionState.UpdateFormats -> TypeInfoDataBaseManager.UpdateDataBase.
    Each sample is a fresh child PowerShell that has formatted one object (so the database exists, as after any
    startup); only the measured statement is timed, by CPU (all threads) and wall clock; variants alternate, medians.
      rebuild    the rebuild every import with a format file pays (the session's list as it is, built-ins only)
      empty      the rebuild with a format file that holds no view (what reading any XML format file adds)
      file       the rebuild with the format file of -FileModuleDir (a build that still shipped TeleportMcp.format.ps1xml,
                 commit bbc741a or earlier): what Import-Module did with it; left out without -FileModuleDir
      code       the module's views as ExtendedTypeDefinition objects (Get-FormatData of an import in a throwaway runspace
                 of the child, before the timed part) added to the same list and rebuilt: the same views without XML
      splice     the same objects loaded into the session's current database by PowerShell's own loader
                 (TypeInfoDataBaseLoader.LoadFormattingData, here called by reflection from script): what the module does
#>
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [string] $FileModuleDir,
    [int] $Runs = 15
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../tools/Common.ps1')
$exe = Get-ChildPwsh
$formatFile = if ($FileModuleDir) { (Resolve-Path (Join-Path $FileModuleDir 'TeleportMcp.format.ps1xml')).Path }
$manifest = (Resolve-Path (Join-Path $ModuleDir 'TeleportMcp.psd1')).Path
$emptyFile = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-empty-$PID.format.ps1xml"
Set-Content $emptyFile '<?xml version="1.0" encoding="utf-8"?><Configuration><ViewDefinitions></ViewDefinitions></Configuration>'

# Reaches what Import-Module calls: the runspace's execution context and InitialSessionState.UpdateFormats(context, false).
$prelude = @'
Get-Date | Out-String | Out-Null
$internal = [Reflection.BindingFlags]'NonPublic,Instance'
$rs = [runspace]::DefaultRunspace
$ctx = [runspace].GetProperty('ExecutionContext', $internal).GetValue($rs)
$iss = $rs.InitialSessionState
$update = [System.Management.Automation.Runspaces.InitialSessionState].GetMethod('UpdateFormats', $internal)
$loaderType = [psobject].Assembly.GetType('Microsoft.PowerShell.Commands.Internal.Format.TypeInfoDataBaseLoader')
$factoryType = [psobject].Assembly.GetType('Microsoft.PowerShell.Commands.Internal.Format.PSPropertyExpressionFactory')
$manager = $ctx.GetType().GetProperty('FormatDBManager', $internal).GetValue($ctx)
$db = $manager.GetType().GetProperty('Database', $internal).GetValue($manager)
$load = $loaderType.GetMethod('LoadFormattingData', $internal)
$file = $null; $etds = $null; $splice = $false
'@
# The views as objects: read from a throwaway runspace (Get-FormatData of an import there), so this session's own list stays untouched.
$objects = "`$p = [powershell]::Create(); `$null = `$p.AddScript(`"Import-Module '$manifest'; Get-FormatData -TypeName TeleportMcp.*, Deserialized.TeleportMcp.* -PowerShellVersion `$(`$PSVersionTable.PSVersion)`"); `$etds = @(`$p.Invoke() | ForEach-Object { `$_.PSObject.BaseObject }); `$p.Dispose()"
$add = @{
    rebuild = ''
    empty   = "`$file = '$emptyFile'"
    file    = "`$file = '$formatFile'"
    code    = $objects
    splice  = $objects + '; $splice = $true'
}
$measure = @'
if ($file) { $iss.Formats.Add([System.Management.Automation.Runspaces.SessionStateFormatEntry]::new($file)) }
if ($etds -and -not $splice) { foreach ($d in $etds) { $iss.Formats.Add([System.Management.Automation.Runspaces.SessionStateFormatEntry]::new($d)) } }
# PowerShell keeps parsed script blocks per process by their text: clear it, so each variant parses what a first import parses.
[scriptblock].GetMethod('ClearScriptBlockCache', [Reflection.BindingFlags]'NonPublic,Static').Invoke($null, $null)
[GC]::Collect(); [GC]::WaitForPendingFinalizers()
$p = [Diagnostics.Process]::GetCurrentProcess(); $p.Refresh(); $c = $p.TotalProcessorTime; $s = [Diagnostics.Stopwatch]::StartNew()
if ($splice) {
    $factory = [Activator]::CreateInstance($factoryType, $true)
    foreach ($d in $etds) { $l = [Activator]::CreateInstance($loaderType, $true); if (-not $load.Invoke($l, @($d, $db, $factory, $false, $false))) { throw 'load failed' }; $l.Dispose() }
}
else { $update.Invoke($iss, @($ctx, $false)) }
$w = $s.Elapsed.TotalMilliseconds; $p.Refresh()
"$w $(($p.TotalProcessorTime - $c).TotalMilliseconds)"
'@
# Whether the rebuild happened and took the views: a TeleportMcp view must be found afterwards for 'file', 'code' and 'splice'.
$check = "`nif ((`$file -and `$file -eq '$formatFile' -or `$etds) -and -not (Get-FormatData -TypeName TeleportMcp.Role)) { throw 'views missing' }"

function Measure-Variant([string] $Name) {
    $cmd = $prelude + "`n" + $add[$Name] + "`n" + $measure + $check
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($cmd))
    $out = & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded
    if ($LASTEXITCODE -ne 0) { throw "child failed: $Name`n$out" }
    $w, $c = ($out | Select-Object -Last 1) -split ' '
    [pscustomobject]@{ Wall = [double]$w; Cpu = [double]$c }
}
function Get-Median([double[]] $x) { $s = $x | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
function Get-LoadAverage { if (Test-Path '/proc/loadavg') { ((Get-Content '/proc/loadavg') -split ' ')[0..2] -join ' ' } else { 'n/a' } }

$names = @('rebuild', 'empty') + @(if ($formatFile) { 'file' }) + @('code', 'splice')
$s = @{}; foreach ($n in $names) { $s[$n] = [Collections.Generic.List[object]]::new() }
$loadBefore = Get-LoadAverage
$null = Measure-Variant 'rebuild'   # warm the file cache
for ($i = 0; $i -lt $Runs; $i++) {
    # A different order each round, so a load spike does not always hit the same variant.
    $order = if ($i % 2) { [array]::Reverse(($r = @($names))); $r } else { $names }
    foreach ($n in $order) { $s[$n].Add((Measure-Variant $n)) }
}
Remove-Item $emptyFile
'load average (1, 5, 15 min) before the runs: {0}; after: {1}; {2} logical processors' -f $loadBefore, (Get-LoadAverage), [Environment]::ProcessorCount
'format database rebuild inside a started shell that has formatted one object, median of {0} runs:' -f $Runs
$base = Get-Median $s.rebuild.Cpu
foreach ($n in $names) {
    $cpu = Get-Median $s[$n].Cpu
    '  {0,-8} CPU {1,6:N1} ms  wall {2,6:N1} ms  ratio to rebuild {3:N2}x  (adds {4,5:N1} ms CPU)' -f $n, $cpu, (Get-Median $s[$n].Wall), ($cpu / $base), ($cpu - $base)
}
