<#
    Test-TeleportMcpRole on a role whose app_labels_expression nests as deep as Go's parser allows (go/parser maxNestLev
    100,000): 99,999 nested func( (a function type, 600 KB), 99,998 parentheses around x, 99,998 []
    before a type name, and a function literal holding 99,997 nested blocks. Baseline: the same role file with the
    expression labels.env == "dev" padded by spaces to the same length (the time the file's size alone costs), timed in
    the same child. -BaselineModuleDir names another build (for example the build of 9fce364, before the statement
    grammar and the large stack at once), timed in alternating children; its figures are printed beside this build's.
#>
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [string] $BaselineModuleDir,
    [ValidateRange(1, 20)] [int] $Runs = 3
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../tools/Common.ps1')
$exe = Get-ChildPwsh
$work = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-labeldeep-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
try {
    $cases = [ordered]@{
        'func(x99999' = ('func(' * 99999) + (')' * 99999)
        '(x99998'     = ('(' * 99998) + 'x' + (')' * 99998)
        '[]x99998'    = ('[]' * 99998) + 'T'
        'blocks99997' = 'func(){' + ('{' * 99997) + ('}' * 99997) + '}'
    }
    $small = Join-Path $work 'small.yaml'
    [IO.File]::WriteAllText($small, "kind: role`nversion: v8`nmetadata: {name: deep}`nspec: {allow: {app_labels_expression: 'labels.env == ""dev""', mcp: {tools: ['*']}}}`n")
    $files = [ordered]@{}
    foreach ($name in $cases.Keys) {
        foreach ($kind in 'deep', 'flat') {
            $expr = if ($kind -eq 'deep') { $cases[$name] } else { 'labels.env == "dev"' + (' ' * ($cases[$name].Length - 19)) }
            $path = Join-Path $work "$name-$kind.yaml".Replace('(', 'p').Replace('[', 'b').Replace(']', 'k')
            [IO.File]::WriteAllText($path, "kind: role`nversion: v8`nmetadata: {name: deep}`nspec: {allow: {app_labels_expression: '$expr', mcp: {tools: ['*']}}}`n")
            $files["$name|$kind"] = $path
        }
    }

    # One child: one unmeasured decision on a small role, then each file once; prints "case kind ms decision" lines.
    function Measure-Child([string] $Dir) {
        $manifest = (Resolve-Path (Join-Path $Dir 'TeleportMcp.psd1')).Path
        $list = ($files.GetEnumerator() | ForEach-Object { "'{0}|{1}'" -f $_.Key, $_.Value }) -join ', '
        $cmd = @"
Import-Module '$manifest'
`$ErrorActionPreference = 'SilentlyContinue'
`$null = Test-TeleportMcpRole -Path '$small' -UserName eve -Roles deep -AppLabels @{ env = 'dev' } -Tool x
foreach (`$entry in @($list)) {
    `$key, `$kind, `$path = `$entry -split '\|'
    `$r = `$null
    `$ms = (Measure-Command { `$r = Test-TeleportMcpRole -Path `$path -UserName eve -Roles deep -AppLabels @{ env = 'dev' } -Tool x }).TotalMilliseconds
    "{0} {1} {2} {3}" -f `$key, `$kind, `$ms, `$r.Decision
}
"@
        $out = & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $cmd
        if ($LASTEXITCODE -ne 0) { throw "child failed for $Dir" }
        foreach ($line in $out | Where-Object { $_ -match '^\S+ (deep|flat) ' }) {
            $name, $kind, $ms, $decision = $line -split ' '
            [pscustomobject]@{ Case = $name; Kind = $kind; Ms = [double]$ms; Decision = $decision }
        }
    }
    function Get-Median([double[]] $Values) {
        $s = @($Values | Sort-Object)
        if ($s.Count % 2) { $s[($s.Count - 1) / 2] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 }
    }
    $mine = @(); $base = @()
    foreach ($r in 1..$Runs) {
        if ($BaselineModuleDir -and $r % 2 -eq 0) { $base += Measure-Child $BaselineModuleDir }
        $mine += Measure-Child $ModuleDir
        if ($BaselineModuleDir -and $r % 2 -eq 1) { $base += Measure-Child $BaselineModuleDir }
    }
    "Load average before the report: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"
    foreach ($name in $cases.Keys) {
        $d = Get-Median ($mine | Where-Object { $_.Case -eq $name -and $_.Kind -eq 'deep' }).Ms
        $f = Get-Median ($mine | Where-Object { $_.Case -eq $name -and $_.Kind -eq 'flat' }).Ms
        $decision = ($mine | Where-Object { $_.Case -eq $name -and $_.Kind -eq 'deep' } | Select-Object -First 1).Decision
        $line = "{0,-12} this build: deep {1,8:N0} ms ({2}), flat same size {3,6:N0} ms" -f $name, $d, $decision, $f
        if ($BaselineModuleDir) {
            $bd = Get-Median ($base | Where-Object { $_.Case -eq $name -and $_.Kind -eq 'deep' }).Ms
            $bf = Get-Median ($base | Where-Object { $_.Case -eq $name -and $_.Kind -eq 'flat' }).Ms
            $bdecision = ($base | Where-Object { $_.Case -eq $name -and $_.Kind -eq 'deep' } | Select-Object -First 1).Decision
            $line += "; baseline build: deep {0,8:N0} ms ({1}), flat {2,6:N0} ms; deep this/baseline {3:N2}x" -f $bd, $bdecision, $bf, ($d / $bd)
        }
        $line
    }
}
finally {
    Remove-Item -Recurse -Force -LiteralPath $work -ErrorAction SilentlyContinue
}
