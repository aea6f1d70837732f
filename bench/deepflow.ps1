<#
    Import-TeleportResource on hostile YAML: a role whose app_labels are flow mappings nested -Depth deep, each level
    with 20 keys (about 4 MB at 6,000 levels), against the baseline of the same module reading a flat flow mapping of
    the same size (the time the file's size alone costs), timed in the same child. YamlDotNet's scanner visits every
    open flow level for each token, so without a bound the deep file costs time quadratic in its depth; the module
    stops it at limit YamlDeepFlowWork. -BaselineModuleDir names another build (one without the bound reads the deep
    file to the end), timed in the same runs; its figure is printed beside this build's.
#>
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [string] $BaselineModuleDir,
    [ValidateRange(1, 20)] [int] $Runs = 3,
    [ValidateRange(100, 9000)] [int] $Depth = 6000
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../tools/Common.ps1')
$exe = Get-ChildPwsh
$work = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-deepflow-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
try {
    $head = "kind: role`nversion: v7`nmetadata: {name: r}`nspec:`n  allow:`n    app_labels: "
    $level = (0..19 | ForEach-Object { "k${_}: value${_}xxxxxxxxxxxxxxxxxxxxxx" }) -join ', '
    $deep = Join-Path $work 'deep.yaml'
    $flat = Join-Path $work 'flat.yaml'
    $sb = [Text.StringBuilder]::new($head)
    foreach ($i in 1..$Depth) { $null = $sb.Append('{').Append($level).Append(', a: ') }
    $null = $sb.Append('x').Append('}' * $Depth).Append("`n")
    [IO.File]::WriteAllText($deep, $sb.ToString())
    $sb = [Text.StringBuilder]::new($head + '{')
    $keys = 0
    while ($sb.Length -lt (Get-Item $deep).Length) { $null = $sb.Append("k${keys}: value${keys}xxxxxxxxxxxxxxxxxxxxxx, "); $keys++ }
    $null = $sb.Append("last: x}`n")
    [IO.File]::WriteAllText($flat, $sb.ToString())

    # One child: one unmeasured read of each file, then three of each, interleaved; prints the medians in ms and what
    # the deep file gave (the error's limit name, or 'read').
    function Measure-Child([string] $Dir) {
        $manifest = (Resolve-Path (Join-Path $Dir 'TeleportMcp.psd1')).Path
        $cmd = @"
Import-Module '$manifest'
`$ErrorActionPreference = 'SilentlyContinue'
`$null = Import-TeleportResource -LiteralPath '$flat' -WarningAction SilentlyContinue
`$d = @(); `$f = @()
foreach (`$i in 1..3) {
    `$Error.Clear()
    `$d += (Measure-Command { `$null = Import-TeleportResource -LiteralPath '$deep' -WarningAction SilentlyContinue }).TotalMilliseconds
    `$what = if ("`$(`$Error[0])" -match 'limit (\w+)') { `$Matches[1] } else { 'read' }
    `$f += (Measure-Command { `$null = Import-TeleportResource -LiteralPath '$flat' -WarningAction SilentlyContinue }).TotalMilliseconds
}
"{0} {1} {2}" -f (@(`$d | Sort-Object)[1]), (@(`$f | Sort-Object)[1]), `$what
"@
        $out = & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $cmd
        if ($LASTEXITCODE -ne 0) { throw "child failed for $Dir" }
        $d, $f, $what = ($out | Where-Object { $_ } | Select-Object -Last 1) -split ' '
        [pscustomobject]@{ Deep = [double]$d; Flat = [double]$f; Outcome = $what }
    }
    function Get-Median([double[]] $Values) {
        $s = @($Values | Sort-Object)
        if ($s.Count % 2) { $s[($s.Count - 1) / 2] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 }
    }
    "Flow mappings nested $Depth deep ({0:N1} MB) against a flat flow mapping of the same size" -f ((Get-Item $deep).Length / 1MB)
    $mine = @(); $base = @()
    foreach ($r in 1..$Runs) {
        if ($BaselineModuleDir -and $r % 2 -eq 0) { $base += Measure-Child $BaselineModuleDir }
        $mine += Measure-Child $ModuleDir
        if ($BaselineModuleDir -and $r % 2 -eq 1) { $base += Measure-Child $BaselineModuleDir }
    }
    $d = Get-Median $mine.Deep; $f = Get-Median $mine.Flat
    "This build: deep {0:N0} ms ({1}), flat (baseline) {2:N0} ms: {3:N2}x the flat file" -f $d, $mine[0].Outcome, $f, ($d / $f)
    if ($BaselineModuleDir) {
        $bd = Get-Median $base.Deep; $bf = Get-Median $base.Flat
        "Baseline build ($BaselineModuleDir): deep {0:N0} ms ({1}), flat {2:N0} ms: {3:N2}x the flat file; this build's deep read takes {4:N2}x the baseline build's" -f $bd, $base[0].Outcome, $bf, ($bd / $bf), ($d / $bd)
    }
}
finally {
    Remove-Item -Recurse -Force -LiteralPath $work -ErrorAction SilentlyContinue
}
