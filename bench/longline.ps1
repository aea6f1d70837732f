<#
    Find-TeleportMcpError -Path on one line of -SizeMB Mi characters (words of filler, a known error at its end: TMCP-LOG-005,
    "Access denied to application.") against a log of the same bytes cut into lines of about 200 characters (the same
    filler, the same error on the last line), in this build and in -BaselineModuleDir (session 42's e2922a9 for session 43),
    children alternated, -Runs each; each figure is the lowest time and the highest peak memory of the runs. Printed: seconds,
    seconds per GiB, peak resident memory (VmHWM), the findings (id@line) and the errors' ids. A build that keeps only
    the first 12 Mi characters of a line (the baseline) finds nothing on the long line, so its time there is that of
    passing over the rest; the ratio to compare is the long line's seconds per GiB against the normal log's in the same build.
#>
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [string] $BaselineModuleDir,
    [ValidateRange(13, 2048)] [int] $SizeMB = 256,
    [ValidateRange(1, 20)] [int] $Runs = 2,
    [string] $WorkDir = (Join-Path ([IO.Path]::GetTempPath()) 'tmcp-bench-longline')
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
$builds = Get-BenchBuilds -ModuleDir $ModuleDir -BaselineModuleDir $BaselineModuleDir
New-Item -ItemType Directory -Force -Path $WorkDir | Out-Null

$long = Join-Path $WorkDir "long-$SizeMB.log"
$normal = Join-Path $WorkDir "normal-$SizeMB.log"
if (-not (Test-Path -LiteralPath $long) -or -not (Test-Path -LiteralPath $normal)) {
    $tail = '","message":"Access denied to application.","app":"payroll"}'
    $head = '{"timestamp":"2026-03-01T10:00:04.100Z","level":"WARN","component":"app:service","payload":"'
    $total = [long]$SizeMB * 1MB
    $word = 'abcdefg '
    $block = [Text.Encoding]::ASCII.GetBytes($word * (1MB / $word.Length))
    foreach ($shape in 'long', 'normal') {
        $fs = [IO.File]::Create($(if ($shape -eq 'long') { $long } else { $normal }))
        try {
            $h = [Text.Encoding]::ASCII.GetBytes($head)
            $fs.Write($h, 0, $h.Length)
            $left = $total - $head.Length - $tail.Length
            if ($shape -eq 'normal') {
                # The same bytes, a '\n' in place of every 200th filler character.
                for ($i = 199; $i -lt $block.Length; $i += 200) { $block[$i] = 10 }
            }
            while ($left -gt 0) {
                $n = [int][Math]::Min($left, $block.Length)
                $fs.Write($block, 0, $n)
                $left -= $n
            }
            $t = [Text.Encoding]::ASCII.GetBytes($tail + "`n")
            $fs.Write($t, 0, $t.Length)
        }
        finally { $fs.Dispose() }
        if ($shape -eq 'normal') { for ($i = 199; $i -lt $block.Length; $i += 200) { $block[$i] = [byte][char]$word[$i % $word.Length] } }
    }
}

$pwsh = (Get-Process -Id $PID).Path
$prefix = @(if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
$child = @'
param($dir, $file)
Import-Module (Join-Path $dir TeleportMcp.psd1)
$sw = [Diagnostics.Stopwatch]::StartNew()
$f = @(Find-TeleportMcpError -Path $file -ErrorVariable e -ErrorAction SilentlyContinue)
$sw.Stop()
[pscustomobject]@{ Seconds = $sw.Elapsed.TotalSeconds; Findings = (($f | ForEach-Object { "$($_.Id)@$($_.LineNumber)" }) -join ','); Errors = (($e | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) -join ',') } | ConvertTo-Json -Compress
'@
$childPath = Join-Path $WorkDir 'child.ps1'
Set-Content -LiteralPath $childPath -Value $child
"load average before: $(Get-LoadAverage)"
$best = [ordered]@{}
for ($round = 0; $round -lt $Runs; $round++) {
    $names = @($builds.Keys)
    if ($round % 2) { [array]::Reverse($names) }
    foreach ($name in $names) {
        foreach ($file in $long, $normal) {
            $r = Invoke-Measured -FilePath $pwsh -Arguments ($prefix + @('-NoProfile', '-NonInteractive', '-File', $childPath, $builds[$name], $file))
            if ($r.ExitCode -ne 0) { throw "the child for $name on $file failed" }
            $row = $r.Output.Trim().Split("`n")[-1] | ConvertFrom-Json
            $key = "$name|$(Split-Path $file -Leaf)"
            $prev = $best[$key]
            if ($null -eq $prev -or $row.Seconds -lt $prev.Seconds) {
                $best[$key] = [pscustomobject]@{ Build = $name; File = (Split-Path $file -Leaf); Seconds = $row.Seconds; PeakMB = [Math]::Max($r.PeakMB, $(if ($prev) { $prev.PeakMB } else { 0 })); Findings = $row.Findings; Errors = $row.Errors }
            }
            elseif ($r.PeakMB -gt $prev.PeakMB) { $prev.PeakMB = $r.PeakMB }
        }
    }
}
"load average after: $(Get-LoadAverage)"
$gib = ((Get-Item -LiteralPath $long).Length) / 1GB
$best.Values | ForEach-Object {
    [pscustomobject]@{ Build = $_.Build; File = $_.File; Seconds = [Math]::Round($_.Seconds, 2); SecondsPerGiB = [Math]::Round($_.Seconds / $gib, 2); PeakMB = $_.PeakMB; Findings = $_.Findings; Errors = $_.Errors }
} | Format-Table -AutoSize | Out-String -Width 200
foreach ($name in $builds.Keys) {
    $l = $best["$name|$(Split-Path $long -Leaf)"]; $n = $best["$name|$(Split-Path $normal -Leaf)"]
    "{0}: the long line takes {1:n2}x the time of the normal log of the same bytes" -f $name, ($l.Seconds / $n.Seconds)
}
