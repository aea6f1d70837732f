<#
    Import cost of TeleportMcp, against the baseline of a bare `pwsh -NoProfile` start, measured in the same run.
    Each sample is a fresh child PowerShell; the runs alternate so machine load affects all of them alike.
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

function Measure-Start([string] $Command) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command | Out-Null
    $sw.Stop()
    if ($LASTEXITCODE -ne 0) { throw "child failed: $Command" }
    $sw.Elapsed.TotalMilliseconds
}
function Measure-InProcess([string] $Command) {
    [double](& $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command)
}
function Get-Median([double[]] $x) { $s = $x | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }

# Second reference: an empty manifest module, for the part of the cost that any Import-Module pays.
$emptyDir = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-empty-$PID"
New-Item -ItemType Directory -Force $emptyDir | Out-Null
Set-Content (Join-Path $emptyDir 'Empty.psd1') "@{ ModuleVersion = '1.0.0'; GUID = '0f8f1d0e-6a39-4c43-9d71-0c7c1d2b3a40'; FunctionsToExport = @() }"
$emptyManifest = Join-Path $emptyDir 'Empty.psd1'

$s = @{ bare = @(); empty = @(); import = @(); firstUse = @(); inProc = @(); inProcWarm = @(); baseImport = @(); baseFirstUse = @(); baseInProc = @() }
$inProcCommand = "(Measure-Command { Import-Module 'MANIFEST' }).TotalMilliseconds"
# After the session has formatted one object: PowerShell builds its format database once per session, and a module
# with FormatsToProcess makes the import pay for that build when nothing was formatted before.
$inProcWarmCommand = "Get-Date | Out-String | Out-Null; (Measure-Command { Import-Module 'MANIFEST' }).TotalMilliseconds"
Measure-Start 'exit 0' | Out-Null   # warm the file cache
for ($i = 0; $i -lt $Runs; $i++) {
    $s.bare += Measure-Start 'exit 0'
    $s.empty += Measure-Start "Import-Module '$emptyManifest'; exit 0"
    $s.import += Measure-Start "Import-Module '$manifest'; exit 0"
    if ($baseManifest) { $s.baseImport += Measure-Start "Import-Module '$baseManifest'; exit 0" }
    $s.firstUse += Measure-Start "Import-Module '$manifest'; Import-TeleportResource '$roles' | Out-Null; exit 0"
    if ($baseManifest) { $s.baseFirstUse += Measure-Start "Import-Module '$baseManifest'; Import-TeleportResource '$roles' | Out-Null; exit 0" }
    # In-process figure: what Import-Module itself takes inside a started shell (fewer samples: it varies less).
    if ($i % 3 -eq 0) {
        $s.inProc += Measure-InProcess $inProcCommand.Replace('MANIFEST', $manifest)
        $s.inProcWarm += Measure-InProcess $inProcWarmCommand.Replace('MANIFEST', $manifest)
        if ($baseManifest) { $s.baseInProc += Measure-InProcess $inProcCommand.Replace('MANIFEST', $baseManifest) }
    }
}
Remove-Item -Recurse -Force $emptyDir

$b = Get-Median $s.bare; $e = Get-Median $s.empty; $m = Get-Median $s.import; $u = Get-Median $s.firstUse
'baseline: bare pwsh -NoProfile start, median of {0} runs: {1:N0} ms' -f $Runs, $b
'pwsh + Import-Module of an empty manifest module:  {0:N0} ms  ratio {1:N2}x baseline  (any import adds {2:N0} ms)' -f $e, ($e / $b), ($e - $b)
'pwsh + Import-Module TeleportMcp:                   {0:N0} ms  ratio {1:N2}x baseline  (import adds {2:N0} ms)' -f $m, ($m / $b), ($m - $b)
'pwsh + import + first Import-TeleportResource:     {0:N0} ms  ratio {1:N2}x baseline  (adds {2:N0} ms)' -f $u, ($u / $b), ($u - $b)
'Import-Module measured inside a started shell:     {0:N0} ms' -f (Get-Median $s.inProc)
'... after the session formatted one object:        {0:N0} ms' -f (Get-Median $s.inProcWarm)
if ($baseManifest) {
    $bm = Get-Median $s.baseImport; $bu = Get-Median $s.baseFirstUse
    'baseline module ({0}):' -f $BaselineModuleDir
    '  pwsh + Import-Module baseline module:            {0:N0} ms  (import adds {1:N0} ms)' -f $bm, ($bm - $b)
    '  pwsh + import + first Import-TeleportResource:   {0:N0} ms  (adds {1:N0} ms)' -f $bu, ($bu - $b)
    '  Import-Module measured inside a started shell:   {0:N0} ms' -f (Get-Median $s.baseInProc)
    'TeleportMcp against the baseline module (what each adds to a bare start; below 1 is faster):'
    '  import:                                          {0:N2}x  ({1:N0} ms vs {2:N0} ms)' -f (($m - $b) / [math]::Max(1, $bm - $b)), ($m - $b), ($bm - $b)
    '  import + first Import-TeleportResource:          {0:N2}x  ({1:N0} ms vs {2:N0} ms)' -f (($u - $b) / [math]::Max(1, $bu - $b)), ($u - $b), ($bu - $b)
}
