<#
    Import cost of TeleportMcp, against the baseline of a bare `pwsh -NoProfile` start, measured in the same run.
    Each sample is a fresh child PowerShell; baseline and module runs alternate so machine load affects both alike.
#>
param([string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'), [int] $Runs = 15)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../tools/Common.ps1')
$exe = Get-ChildPwsh
$manifest = (Resolve-Path (Join-Path $ModuleDir 'TeleportMcp.psd1')).Path
$roles = (Resolve-Path (Join-Path $PSScriptRoot '../examples/cluster/roles.yaml')).Path

function Measure-Start([string] $Command) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command | Out-Null
    $sw.Stop()
    if ($LASTEXITCODE -ne 0) { throw "child failed: $Command" }
    $sw.Elapsed.TotalMilliseconds
}
function Get-Median([double[]] $x) { $s = $x | Sort-Object; if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }

# Second reference: an empty manifest module, for the part of the cost that any Import-Module pays.
$emptyDir = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-empty-$PID"
New-Item -ItemType Directory -Force $emptyDir | Out-Null
Set-Content (Join-Path $emptyDir 'Empty.psd1') "@{ ModuleVersion = '1.0.0'; GUID = '0f8f1d0e-6a39-4c43-9d71-0c7c1d2b3a40'; FunctionsToExport = @() }"
$emptyManifest = Join-Path $emptyDir 'Empty.psd1'

$bare = @(); $empty = @(); $import = @(); $firstUse = @()
Measure-Start 'exit 0' | Out-Null   # warm the file cache
for ($i = 0; $i -lt $Runs; $i++) {
    $bare += Measure-Start 'exit 0'
    $empty += Measure-Start "Import-Module '$emptyManifest'; exit 0"
    $import += Measure-Start "Import-Module '$manifest'; exit 0"
    $firstUse += Measure-Start "Import-Module '$manifest'; Import-TeleportResource '$roles' | Out-Null; exit 0"
}
# In-process figure: what Import-Module itself takes inside a started shell.
$inProc = & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "(Measure-Command { Import-Module '$manifest' }).TotalMilliseconds"
# The same, after the session has formatted one object: PowerShell builds its format database once per session, and a
# module with FormatsToProcess makes the import pay for that build when nothing was formatted before.
$inProcWarm = & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "Get-Date | Out-String | Out-Null; (Measure-Command { Import-Module '$manifest' }).TotalMilliseconds"
Remove-Item -Recurse -Force $emptyDir

$b = Get-Median $bare; $e = Get-Median $empty; $m = Get-Median $import; $u = Get-Median $firstUse
'baseline: bare pwsh -NoProfile start, median of {0} runs: {1:N0} ms' -f $Runs, $b
'pwsh + Import-Module of an empty manifest module:  {0:N0} ms  ratio {1:N2}x baseline  (any import adds {2:N0} ms)' -f $e, ($e / $b), ($e - $b)
'pwsh + Import-Module TeleportMcp:                   {0:N0} ms  ratio {1:N2}x baseline  (import adds {2:N0} ms)' -f $m, ($m / $b), ($m - $b)
'pwsh + import + first Import-TeleportResource:     {0:N0} ms  ratio {1:N2}x baseline  (adds {2:N0} ms)' -f $u, ($u / $b), ($u - $b)
'Import-Module measured inside a started shell:     {0:N0} ms' -f [double]$inProc
'... after the session formatted one object:        {0:N0} ms' -f [double]$inProcWarm
