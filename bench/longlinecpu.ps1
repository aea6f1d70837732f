<#
.SYNOPSIS
    CPU time of Find-TeleportMcpError -Path on long lines (and a normal log), this build against a named baseline in the same run.
.DESCRIPTION
    For each file and build, one child process runs Find-TeleportMcpError -Path on the file -Runs times, a full GC before
    each call, and reads Process.TotalProcessorTime around each call. The first call (JIT) is left out; the median and the
    lowest of the others are printed, with the ratio this build / baseline, the child's peak resident memory (VmHWM), the
    findings, and the entries each build reported as timed out or Indeterminate ("id:code/timeout", "id:code/undecided",
    "n entries:code/notrun" for an error naming more than 3). Children of the two builds alternate. The machine is shared: compare ratios, not seconds.
    Files (written once under -WorkDir):
      long-13       longline.ps1's long line: 13 Mi of 'abcdefg ' filler, TMCP-LOG-005's text at its end;
      normal-13     the same bytes cut into lines of 200 characters;
      hostile-<N>   one Teleport text line of N Mi (each of -HostileMiB) holding, repeated densely, the fixed text (prefilter
                    strings) of every catalog entry a window of a long line decides only where a match is found (no bound on
                    what decides the match after its start, or a reach longer than the overlap: the "Existence" entries of
                    helper-294) and of TMCP-LOG-100/105, so that every window of the line runs all their patterns;
      hostile-tail-<N> the same with its first 12 Mi filler (only the windows past the line's start meet the text);
      -LogscanLog   (optional) a normal Teleport log, e.g. the one bench/logscan.ps1 -Keep writes.
.EXAMPLE
    dotnet pwsh ./bench/longlinecpu.ps1 -BaselineModuleDir /tmp/s45/base/out/TeleportMcp -HostileMiB "13,52" -Runs 5
#>
[CmdletBinding()]
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [Parameter(Mandatory)] [string] $BaselineModuleDir,
    [ValidateRange(2, 20)] [int] $Runs = 5,
    # Sizes in MiB of the hostile line, comma-separated.
    [string] $HostileMiB = "13",
    [string] $LogscanLog,
    [switch] $NoLongLine,
    # Only the files whose name matches (a wildcard, e.g. 'hostile-tail-*').
    [string] $Only = '*',
    [string] $WorkDir = (Join-Path ([IO.Path]::GetTempPath()) 'tmcp-bench-longlinecpu')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
. (Join-Path $PSScriptRoot '../tools/Common.ps1')
$builds = Get-BenchBuilds -ModuleDir $ModuleDir -BaselineModuleDir $BaselineModuleDir
$null = New-Item -ItemType Directory -Force -Path $WorkDir
$files = [Collections.Generic.List[string]]::new()

if (-not $NoLongLine) {
    foreach ($shape in 'long', 'normal') {
        $path = Join-Path $WorkDir "$shape-13.log"
        $files.Add($path)
        if (Test-Path -LiteralPath $path) { continue }
        $tail = '","message":"Access denied to application.","app":"payroll"}'
        $head = '{"timestamp":"2026-03-01T10:00:04.100Z","level":"WARN","component":"app:service","payload":"'
        $word = 'abcdefg '
        $block = [Text.Encoding]::ASCII.GetBytes($word * (1MB / $word.Length))
        if ($shape -eq 'normal') { for ($i = 199; $i -lt $block.Length; $i += 200) { $block[$i] = 10 } }
        $fs = [IO.File]::Create($path)
        try {
            $h = [Text.Encoding]::ASCII.GetBytes($head); $fs.Write($h, 0, $h.Length)
            $left = 13L * 1MB - $head.Length - $tail.Length
            while ($left -gt 0) { $n = [int][Math]::Min($left, $block.Length); $fs.Write($block, 0, $n); $left -= $n }
            $t = [Text.Encoding]::ASCII.GetBytes($tail + "`n"); $fs.Write($t, 0, $t.Length)
        }
        finally { $fs.Dispose() }
    }
}

# The hostile line's text: the prefilter strings of the entries a window decides only by a match (this build's rule,
# read from its catalog and MatchReach: not anchored, Behind and DecisionAround known, Behind + ExactReach past the overlap
# or unbounded), and of LOG-100/105.
$sizes = @($HostileMiB -split ',' | Where-Object { $_ } | ForEach-Object { [int]$_ })
if ($sizes.Count -gt 0) {
    $enginePath = Join-Path $builds['this build'] 'Dependencies/TeleportMcp.Engine.dll'
    $probe = "Add-Type -LiteralPath '$enginePath'; " + @'
$entries = [TeleportMcp.Engine.Logs.KnownErrorCatalog]::Embedded.Entries
$reach = [TeleportMcp.Engine.Logs.KnownError].GetProperty('Reach', [Reflection.BindingFlags]'NonPublic,Instance')
# The overlap as LogScannerLongLines.LongOverlap counts it (the redaction hints left out: short).
$ov = 2L
foreach ($e in $entries) {
    foreach ($p in $e.Prefilters) { $ov = [Math]::Max($ov, $p.Length) }
    $r = $reach.GetValue($e)
    if ($null -eq $r -or $r.Anchored) { continue }
    if ($null -eq $r.Unbounded -and $r.Span -le 512KB) { $ov = [Math]::Max($ov, $r.Span) }
    if ($r.Behind -ge 0 -and $r.ExactReach -ge 0 -and $r.Behind + $r.ExactReach -le 512KB) { $ov = [Math]::Max($ov, $r.Behind + $r.ExactReach) }
}
foreach ($e in $entries) {
    $r = $reach.GetValue($e)
    if ($null -eq $r -or $e.Prefilters.Count -eq 0 -or $r.Anchored -or $r.Behind -lt 0 -or $r.DecisionAround -lt 0) { continue }
    $existence = $r.ExactReach -lt 0 -or ($r.Behind + $r.ExactReach) -gt $ov
    if ($existence -or $e.Id -in 'TMCP-LOG-100', 'TMCP-LOG-105') { foreach ($p in $e.Prefilters) { "$($e.Id)`t$p" } }
}
'@
    $pwshCmd = Get-ChildPwsh
    $lines = @(& $pwshCmd[0] @($pwshCmd | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $probe)
    if ($LASTEXITCODE -ne 0 -or $lines.Count -eq 0) { throw "could not read the catalog's prefilters from $enginePath" }
    $ids = @($lines | ForEach-Object { ($_ -split "`t")[0] } | Sort-Object -Unique)
    $texts = @($lines | ForEach-Object { ($_ -split "`t", 2)[1] } | Where-Object { $_ -notmatch '[\r\n]' } | Sort-Object -Unique)
    Write-Host "hostile text: $($texts.Count) prefilter strings of $($ids.Count) entries"
    $unit = ($texts -join ' ') + ' '
    $chunk = [Text.StringBuilder]::new()
    while ($chunk.Length -lt 1MB) { $null = $chunk.Append($unit) }
    $chunk = $chunk.ToString(0, 1MB)
    $filler = 'abcdefg ' * (1MB / 8)
    foreach ($size in $sizes) {
        # hostile-N: dense from the line's start; hostile-tail-N: 12 Mi of filler first, so only the windows meet the text.
        foreach ($shape in 'hostile', 'hostile-tail') {
            if ($shape -eq 'hostile-tail' -and $size -le 12) { continue }
            $path = Join-Path $WorkDir "$shape-$size.log"
            $files.Add($path)
            if (Test-Path -LiteralPath $path) { continue }
            $w = [IO.StreamWriter]::new($path, $false, [Text.UTF8Encoding]::new($false))
            try {
                $w.Write('2026-03-01T10:00:04.100Z WARN [APP:SERVI] Failed to handle client connection. error:[')
                for ($i = 0; $i -lt $size; $i++) { $w.Write($(if ($shape -eq 'hostile-tail' -and $i -lt 12) { $filler } else { $chunk })) }
                $w.Write("] app/connections_handler.go:315`n")
            }
            finally { $w.Dispose() }
        }
    }
}
if ($LogscanLog) { $files.Add((Resolve-Path -LiteralPath $LogscanLog).Path) }
$files = @($files | Where-Object { (Split-Path $_ -Leaf) -like $Only })

$child = @'
param($dir, $file, $runs)
Import-Module (Join-Path $dir TeleportMcp.psd1)
$p = [Diagnostics.Process]::GetCurrentProcess()
for ($k = 0; $k -lt $runs; $k++) {
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $p.Refresh(); $c = $p.TotalProcessorTime; $sw = [Diagnostics.Stopwatch]::StartNew()
    $f = @(Find-TeleportMcpError -Path $file -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    $sw.Stop(); $p.Refresh()
    [pscustomobject]@{ Cpu = ($p.TotalProcessorTime - $c).TotalSeconds; Wall = $sw.Elapsed.TotalSeconds
        Findings = (($f | ForEach-Object { "$($_.Id)@$($_.LineNumber)" } | Sort-Object -Unique) -join ',')
        Errors = (($e | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object -Unique) -join ',')
        # The entries each such error names: "id:code" (KnownErrorIndeterminate, CatalogPatternTimeout), n when one error names n.
        Entries = (($e | Where-Object { $_.FullyQualifiedErrorId -match '^(KnownErrorIndeterminate|CatalogPatternTimeout),' } | ForEach-Object {
            $code = $_.FullyQualifiedErrorId.Split(',')[0]
            $m = [regex]::Match($_.Exception.Message, 'known errors? ([A-Za-z0-9._, -]+?) (\(|is |ran )')
            $ids = @(if ($m.Success) { $m.Groups[1].Value -split ', ' } else { '?' })
            $why = if ($_.Exception.Message -match 'ran longer than') { 'timeout' } else { 'undecided' }
            if ($ids.Count -gt 3) { "$($ids.Count) entries:$code/notrun" } else { $ids | ForEach-Object { "${_}:$code/$why" } }
        } | Sort-Object -Unique) -join ' ') } | ConvertTo-Json -Compress
}
'@
$childPath = Join-Path $WorkDir 'child.ps1'
Set-Content -LiteralPath $childPath -Value $child
$pwshCmd = Get-ChildPwsh
$pwsh = $pwshCmd[0]
$pwshArgs = @($pwshCmd | Select-Object -Skip 1)
Write-Host "baseline: $($builds['baseline']); load average before: $(Get-LoadAverage)"

function Get-Median([double[]] $v) {
    $s = @($v | Sort-Object)
    if ($s.Count % 2) { $s[[int][Math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 }
}

$rows = [Collections.Generic.List[object]]::new()
$round = 0
foreach ($file in $files) {
    $names = @($builds.Keys)
    if ($round++ % 2) { [array]::Reverse($names) }
    $res = @{}
    foreach ($name in $names) {
        $r = Invoke-Measured -FilePath $pwsh -Arguments ($pwshArgs + @('-NoProfile', '-NonInteractive', '-File', $childPath, $builds[$name], $file, $Runs))
        if ($r.ExitCode -ne 0) { throw "the child for $name on $file failed: $($r.Output)" }
        $calls = @($r.Output.Trim().Split("`n") | Where-Object { $_ -like '{*' } | ForEach-Object { $_ | ConvertFrom-Json })
        $steady = @($calls | Select-Object -Skip 1)
        $res[$name] = [pscustomobject]@{
            File = (Split-Path $file -Leaf); Build = $name
            FirstCpu = [Math]::Round($calls[0].Cpu, 3)
            MedianCpu = [Math]::Round((Get-Median @($steady | ForEach-Object Cpu)), 3)
            MinCpu = [Math]::Round((@($steady | ForEach-Object Cpu) | Measure-Object -Minimum).Minimum, 3)
            MedianWall = [Math]::Round((Get-Median @($steady | ForEach-Object Wall)), 3)
            PeakMB = $r.PeakMB; Findings = $calls[-1].Findings; Errors = $calls[-1].Errors
            # Which entries timed out or went Indeterminate, in each call after the first (under load it may differ by call).
            Entries = (@($steady | ForEach-Object { $_.Entries } | Where-Object { $_ } | Sort-Object -Unique) -join ' | ')
        }
        $rows.Add($res[$name])
    }
    $a = $res['this build']; $b = $res['baseline']
    Write-Host ("{0}: CPU median {1:n3} s vs {2:n3} s = {3:n2}x, min {4:n3} vs {5:n3} = {6:n2}x, peak {7} vs {8} MB; findings same: {9}; errors: {10} vs {11}" -f $a.File,
        $a.MedianCpu, $b.MedianCpu, ($a.MedianCpu / [Math]::Max($b.MedianCpu, 1e-6)), $a.MinCpu, $b.MinCpu, ($a.MinCpu / [Math]::Max($b.MinCpu, 1e-6)),
        $a.PeakMB, $b.PeakMB, ($a.Findings -eq $b.Findings), $a.Errors, $b.Errors)
    foreach ($x in $a, $b) { Write-Host ("  {0}: timed out / Indeterminate: {1}" -f $x.Build, $(if ($x.Entries) { $x.Entries } else { 'none' })) }
}
Write-Host "load average after: $(Get-LoadAverage)"
$rows | Format-Table -AutoSize | Out-String -Width 250
