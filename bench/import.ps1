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

$bare = @(); $import = @(); $firstUse = @()
Measure-Start 'exit 0' | Out-Null   # warm the file cache
for ($i = 0; $i -lt $Runs; $i++) {
    $bare += Measure-Start 'exit 0'
    $import += Measure-Start "Import-Module '$manifest'; exit 0"
    $firstUse += Measure-Start "Import-Module '$manifest'; Import-TeleportResource '$roles' | Out-Null; exit 0"
}
# In-process figure: what Import-Module itself takes inside a started shell.
$inProc = & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "(Measure-Command { Import-Module '$manifest' }).TotalMilliseconds"

$b = Get-Median $bare; $m = Get-Median $import; $u = Get-Median $firstUse
'baseline: bare pwsh -NoProfile start, median of {0} runs: {1:N0} ms' -f $Runs, $b
'pwsh + Import-Module TeleportMcp:                   {0:N0} ms  ratio {1:N2}x baseline  (import adds {2:N0} ms)' -f $m, ($m / $b), ($m - $b)
'pwsh + import + first Import-TeleportResource:     {0:N0} ms  ratio {1:N2}x baseline  (adds {2:N0} ms)' -f $u, ($u / $b), ($u - $b)
'Import-Module measured inside a started shell:     {0:N0} ms' -f [double]$inProc
