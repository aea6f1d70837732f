<#
.SYNOPSIS
    Peak memory of pretty-printed audit events of many files piped interleaved to Get-TeleportMcpAuditEvent, against a baseline in the same run.
.DESCRIPTION
    In a child process per build and round, -Files files' lines are piped one line of every file in turn (lines sorted by
    time), each line carrying its file and number as Get-Content's do (PSPath, ReadCount). Each file holds -Events
    pretty-printed events of about -EventChars characters (members of 64 Ki characters, one a line), so every file read at
    once holds an unfinished event while the others' lines come. Prints, per build, the best time, the peak resident memory
    (VmHWM), the events read and the warnings (events not read, set aside past PipedHeldEventChars).
    The baseline: with -BaselineModuleDir, the same lines in that build (e.g. the main branch's); without it, this build fed
    the same lines one file after another (each file's events whole, one at a time: the floor). Which goes first alternates by round.
.EXAMPLE
    dotnet pwsh ./bench/pipedheld.ps1 -ModuleDir ./out/TeleportMcp -BaselineModuleDir /tmp/base/TeleportMcp
#>
[CmdletBinding()]
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [Alias('BaselineDir')] [string] $BaselineModuleDir,
    [int] $Files = 64,
    [int] $Events = 2,
    [int] $EventChars = 4MB,
    [int] $Rounds = 2
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
. (Join-Path $repo 'tools/Common.ps1')
$builds = Get-BenchBuilds -ModuleDir $ModuleDir -BaselineModuleDir $BaselineModuleDir
$members = [Math]::Max(1, [int]($EventChars / 64KB))
# The child writes each line as a new string: a note property added to a string is kept per instance.
$setup = @"
`$pad = 'x' * 65536
`$lines = @('{', '  "ei": 0,', '  "event": "mcp.session.request",', '  "code": "TMCP003E",', '  "sid": "s",')
`$perEvent = `$lines.Count + $members + 1
"@
# Interleaved: a line of every file in turn; one after another: each file's lines, then the next file's.
$feed = @"
& { for (`$i = 0; `$i -lt `$perEvent * $Events * $Files; `$i++) {
        if (`$sequential) { `$f = [Math]::Floor(`$i / (`$perEvent * $Events)); `$l = `$i % (`$perEvent * $Events) } else { `$l = [Math]::Floor(`$i / $Files); `$f = `$i % $Files }
        `$k = `$l % `$perEvent
        & {
            `$text = if (`$k -lt `$lines.Count) { `$lines[`$k] + '' } elseif (`$k -lt `$perEvent - 1) { '  "p' + `$k + '": "' + `$pad + '",' } else { '  "success": false, "error": "e' + `$f + '"}' }
            `$o = [psobject]::new(`$text)
            `$o.PSObject.Properties.Add([psnoteproperty]::new('PSPath', "/var/log/audit/f`$f.log"))
            `$o.PSObject.Properties.Add([psnoteproperty]::new('ReadCount', [long](`$l + 1)))
            `$o
        } } }
"@
$pwshCmd = Get-ChildPwsh
$pwsh = $pwshCmd[0]
$pwshArgs = @($pwshCmd | Select-Object -Skip 1)
Write-Host ("baseline: " + $(if ($BaselineModuleDir) { "the build in $BaselineModuleDir" } else { 'this build fed the files one after another' }) + "; $Files files x $Events events of about $($members * 64) Ki characters; load average: " + (Get-LoadAverage))
$best = [ordered]@{}
for ($r = 0; $r -lt $Rounds; $r++) {
    $pair = @($builds.Keys)
    if ($r % 2) { [array]::Reverse($pair) }
    foreach ($build in $pair) {
        $sequential = if ($build -eq 'baseline' -and -not $BaselineModuleDir) { '$true' } else { '$false' }
        $script = "Import-Module '$(Join-Path $builds[$build] 'TeleportMcp.psd1')'; `$sequential = $sequential; $setup; `$sw = [Diagnostics.Stopwatch]::StartNew(); `$c = @($feed | Get-TeleportMcpAuditEvent -WarningVariable w -WarningAction SilentlyContinue).Count; `$sw.Stop(); `"`$c `$(`$w.Count) `$(`$sw.Elapsed.TotalSeconds)`""
        $run = Invoke-Measured $pwsh ($pwshArgs + @('-NoProfile', '-NonInteractive', '-Command', $script))
        $count, $warnings, $seconds = ($run.Output.Trim() -split '\s+')[-3, -2, -1]
        Add-BestRun $best $build ([double]$seconds) ([long]$count) $run.PeakMB $run.Wall
        $best[$build] | Add-Member -Force -NotePropertyName Warnings -NotePropertyValue ([long]$warnings)
    }
}
foreach ($b in $best.Values) {
    '{0,-11} {1,8:N3} s  {2,6:N2}x  events read {3}  warnings {4}  peak {5} MB ({6:N2}x)' -f $b.Tool, $b.Seconds, ($b.Seconds / $best['baseline'].Seconds), $b.Count, $b.Warnings, $b.PeakMB, ($b.PeakMB / $best['baseline'].PeakMB)
}
Write-Host ("load average: " + (Get-LoadAverage))
