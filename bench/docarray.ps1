<#
.SYNOPSIS
    A large tctl JSON array given to Test-TeleportMcpRole -App (ConvertFrom-Json of `tctl get all --format json`), against a
    plain array of app names of the same length in the same run.
.DESCRIPTION
    Each case runs in its own child process, -Rounds times (best time kept, highest peak memory), with -Items values:
      - names (the baseline): the example apps' names, repeated;
      - app documents: the example cluster's apps.json items (tctl's JSON, read by the one resource reader), repeated;
      - mixed documents: one app document in five; the others a role document, a user document, a $null and a document
        of no known kind, each one error naming its index (-App[i]), the apps still decided.
    The command is `Test-TeleportMcpRole -Path <cluster> -User alice -App $items -Tool read_file -Quiet` (one answer, so
    output formatting is not measured); the errors are counted (ErrorVariable) and must be 0 for the first two cases and
    4/5 of the items for the mixed one, or the run stops.
.EXAMPLE
    dotnet pwsh ./bench/docarray.ps1 -Items 100000
#>
[CmdletBinding()]
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [int] $Items = 100000,
    [int] $Rounds = 2
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
. (Join-Path $repo 'tools/Common.ps1')
$module = Join-Path (Resolve-Path $ModuleDir).Path 'TeleportMcp.psd1'
$cluster = Join-Path $repo 'examples/cluster'
$setup = @"
`$apps = @(Get-Content -LiteralPath '$cluster/apps.json' -Raw | ConvertFrom-Json)
`$role = '{"kind":"role","version":"v8","metadata":{"name":"r"},"spec":{"allow":{"mcp":{"tools":["*"]}}}}' | ConvertFrom-Json
`$user = '{"kind":"user","version":"v2","metadata":{"name":"u"},"spec":{"roles":["r"]}}' | ConvertFrom-Json
`$other = '{"kind":"node","version":"v2","metadata":{"name":"n"},"spec":{}}' | ConvertFrom-Json
`$n = $Items
"@
$cases = [ordered]@{
    'names (baseline)' = @('$items = [object[]]::new($n); for ($i = 0; $i -lt $n; $i++) { $items[$i] = $apps[$i % $apps.Count].metadata.name }', 0)
    'app documents' = @('$items = [object[]]::new($n); for ($i = 0; $i -lt $n; $i++) { $items[$i] = $apps[$i % $apps.Count] }', 0)
    'mixed documents' = @('$items = [object[]]::new($n); $k = @($role, $user, $null, $other); for ($i = 0; $i -lt $n; $i++) { $items[$i] = if ($i % 5 -eq 0) { $apps[$i % $apps.Count] } else { $k[$i % 5 - 1] } }', ($Items - [Math]::Ceiling($Items / 5)))
}
$pwshCmd = Get-ChildPwsh
$pwsh = $pwshCmd[0]
$pwshArgs = @($pwshCmd | Select-Object -Skip 1)
Write-Host ("$Items items; baseline: names; load average: " + (Get-LoadAverage))
$best = [ordered]@{}
for ($r = 0; $r -lt $Rounds; $r++) {
    foreach ($case in $cases.Keys) {
        $script = "Import-Module '$module'; $setup; $($cases[$case][0]); `$sw = [Diagnostics.Stopwatch]::StartNew(); " +
            "`$null = Test-TeleportMcpRole -Path '$cluster' -User alice -App `$items -Tool read_file -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue; " +
            "`$sw.Stop(); `"`$(`$err.Count) `$(`$sw.Elapsed.TotalSeconds)`""
        $run = Invoke-Measured $pwsh ($pwshArgs + @('-NoProfile', '-NonInteractive', '-Command', $script))
        $count, $seconds = ($run.Output.Trim() -split '\s+')[-2, -1]
        if ([long]$count -ne $cases[$case][1]) { throw "${case}: $count errors, expected $($cases[$case][1])" }
        Add-BestRun $best $case ([double]$seconds) ([long]$count) $run.PeakMB $run.Wall
    }
}
foreach ($b in $best.Values) {
    '{0,-18} {1,8:N3} s  {2,6:N2}x  errors {3}  peak {4} MB' -f $b.Tool, $b.Seconds, ($b.Seconds / $best['names (baseline)'].Seconds), $b.Count, $b.PeakMB
}
Write-Host ("load average: " + (Get-LoadAverage))
