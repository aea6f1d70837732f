<#
    Import-TeleportResource reading a generated export of 10,000 roles (YAML, 3 MB, each role with labels, label
    selectors, mcp.tools allow and deny lists, options), against the baseline of PowerShell's own ConvertFrom-Json
    reading the same roles written as JSON, timed in the same child process. The figure is the ratio of the two.
    -BaselineModuleDir names another build of the module, whose reading of the same file is timed in the same runs:
    the children of both builds alternate, -Runs each, each child's figure the median of 7 readings after one unmeasured
    one, and the ratio of the medians is printed with the load average before and after.
    -Shape OneLongList reads instead one role whose allow list holds -Entries tool names, one per line (a flat file of
    megabytes: what the reader costs per value rather than per document), against ConvertFrom-Json of the same role.
#>
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [string] $BaselineModuleDir,
    [ValidateRange(1, 100)] [int] $Runs = 4,
    [ValidateRange(100, 1000000)] [int] $Roles = 10000,
    [ValidateSet('ManyRoles', 'OneLongList')] [string] $Shape = 'ManyRoles',
    [ValidateRange(1000, 3000000)] [int] $Entries = 500000
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../tools/Common.ps1')
$exe = Get-ChildPwsh
$work = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-read-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
try {
    $yaml = Join-Path $work 'roles.yaml'
    $json = Join-Path $work 'roles.json'
    if ($Shape -eq 'OneLongList') {
        $sb = [Text.StringBuilder]::new("kind: role`nversion: v8`nmetadata:`n  name: long`nspec:`n  allow:`n    app_labels:`n      env: dev`n    mcp:`n      tools:`n")
        $tools = [string[]]::new($Entries)
        foreach ($i in 0..($Entries - 1)) { $tools[$i] = 'tool_number_{0:D8}' -f $i; $null = $sb.Append('      - ').Append($tools[$i]).Append("`n") }
        [IO.File]::WriteAllText($yaml, $sb.ToString())
        $one = [ordered]@{ kind = 'role'; version = 'v8'; metadata = [ordered]@{ name = 'long' }; spec = [ordered]@{ allow = [ordered]@{ app_labels = [ordered]@{ env = 'dev' }; mcp = [ordered]@{ tools = $tools } } } }
        [IO.File]::WriteAllText($json, (ConvertTo-Json -InputObject @($one) -Depth 10 -Compress))
        $expected = 1
    }
    else {
        $docs = [Collections.Generic.List[string]]::new()
        $objects = [Collections.Generic.List[object]]::new()
        foreach ($i in 0..($Roles - 1)) {
            $team = "t$($i % 50)"
            $docs.Add("kind: role`nversion: v8`nmetadata:`n  name: role-$i`n  labels: {team: $team, env: dev}`nspec:`n  allow:`n    app_labels:`n      env: [dev, staging]`n      team: $team`n    mcp:`n      tools: [read_*, '^list_.*$', '{{internal.mcp_tools}}']`n  deny:`n    mcp:`n      tools: [write_file, delete_*]`n  options:`n    max_session_ttl: 8h`n")
            $objects.Add([ordered]@{ kind = 'role'; version = 'v8'; metadata = [ordered]@{ name = "role-$i"; labels = [ordered]@{ team = $team; env = 'dev' } }
                    spec = [ordered]@{ allow = [ordered]@{ app_labels = [ordered]@{ env = @('dev', 'staging'); team = $team }; mcp = [ordered]@{ tools = @('read_*', '^list_.*$', '{{internal.mcp_tools}}') } }
                        deny = [ordered]@{ mcp = [ordered]@{ tools = @('write_file', 'delete_*') } }; options = [ordered]@{ max_session_ttl = '8h' } } })
        }
        [IO.File]::WriteAllText($yaml, ($docs -join "---`n"))
        [IO.File]::WriteAllText($json, (ConvertTo-Json -InputObject $objects.ToArray() -Depth 10 -Compress))
        $expected = $Roles
    }

    # One child: the module's reading of the YAML and ConvertFrom-Json of the JSON, interleaved, 7 of each after one
    # unmeasured; prints the two medians in ms.
    function Measure-Child([string] $Dir) {
        $manifest = (Resolve-Path (Join-Path $Dir 'TeleportMcp.psd1')).Path
        $cmd = @"
Import-Module '$manifest'
`$n = @(Import-TeleportResource -LiteralPath '$yaml').Count
if (`$n -ne $expected) { throw "read `$n roles" }
`$null = Get-Content -Raw -LiteralPath '$json' | ConvertFrom-Json
`$m = foreach (`$i in 1..7) { (Measure-Command { `$null = Import-TeleportResource -LiteralPath '$yaml' }).TotalMilliseconds }
`$b = foreach (`$i in 1..7) { (Measure-Command { `$null = Get-Content -Raw -LiteralPath '$json' | ConvertFrom-Json }).TotalMilliseconds }
"{0} {1}" -f (@(`$m | Sort-Object)[3]), (@(`$b | Sort-Object)[3])
"@
        $out = & $exe[0] @($exe | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $cmd
        if ($LASTEXITCODE -ne 0) { throw "child failed for $Dir" }
        $module, $baseline = ($out | Where-Object { $_ } | Select-Object -Last 1) -split ' '
        [pscustomobject]@{ Module = [double]$module; Json = [double]$baseline }
    }
    function Get-Median([double[]] $Values) {
        $s = @($Values | Sort-Object)
        if ($s.Count % 2) { $s[($s.Count - 1) / 2] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 }
    }
    $load = { if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' } }
    "Reading $(if ($Shape -eq 'OneLongList') { "one role of $Entries tool names ($([math]::Round((Get-Item $yaml).Length / 1MB, 1)) MB)" } else { "$Roles roles" }); load average $(& $load) before"
    $mine = @(); $base = @()
    foreach ($r in 1..$Runs) {
        # The order swaps every round so a trend in the machine's load touches both builds alike.
        if ($BaselineModuleDir -and $r % 2 -eq 0) { $base += Measure-Child $BaselineModuleDir }
        $mine += Measure-Child $ModuleDir
        if ($BaselineModuleDir -and $r % 2 -eq 1) { $base += Measure-Child $BaselineModuleDir }
    }
    $m = Get-Median $mine.Module
    $j = Get-Median $mine.Json
    "Import-TeleportResource (YAML): median {0:N0} ms; ConvertFrom-Json of the same roles (baseline): {1:N0} ms; ratio {2:N2}x" -f $m, $j, ($m / $j)
    if ($BaselineModuleDir) {
        $b = Get-Median $base.Module
        "Baseline build ($BaselineModuleDir): median {0:N0} ms; this build / baseline build: {1:N2}x (per child: this {2}; baseline {3})" -f $b, ($m / $b),
            (($mine.Module | ForEach-Object { '{0:N0}' -f $_ }) -join ', '), (($base.Module | ForEach-Object { '{0:N0}' -f $_ }) -join ', ')
    }
    "load average $(& $load) after"
}
finally {
    Remove-Item -Recurse -Force -LiteralPath $work -ErrorAction SilentlyContinue
}
