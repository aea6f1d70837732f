<#
.SYNOPSIS
    Peak memory and time of one huge single-line audit event piped through Get-Content (and given with -Path), against a baseline in the same run.
.DESCRIPTION
    Writes, per size in -SizesMiB, a file of three lines: a small MCP event, one MCP event of that many MiB on one line (a
    string member of 'x'), and another small MCP event. In a child process per build, size and round it runs
    `Get-Content file | Get-TeleportMcpAuditEvent` and `Get-Content file | Find-TeleportMcpError`, and prints the best time,
    the peak resident memory (VmHWM), the events read (or findings) and the warnings. Get-Content itself holds the line
    (about two bytes a character): the rows say what the module adds to that.
    The baseline: -BaselineModuleDir (e.g. a build of the session's base commit).
.EXAMPLE
    dotnet pwsh ./bench/hugeline.ps1 -ModuleDir ./out/TeleportMcp -BaselineModuleDir /tmp/base/TeleportMcp -SizesMiB "16,100,400"
#>
[CmdletBinding()]
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [Parameter(Mandatory)] [Alias('BaselineDir')] [string] $BaselineModuleDir,
    # Sizes in MiB, comma-separated (a -File argument "16,100" is one string).
    [string] $SizesMiB = "16,100",
    [ValidateSet('Get-TeleportMcpAuditEvent', 'Find-TeleportMcpError')] [string[]] $Cmdlet = @('Get-TeleportMcpAuditEvent', 'Find-TeleportMcpError'),
    [int] $Rounds = 1,
    [string] $WorkDir = (Join-Path ([IO.Path]::GetTempPath()) 'tmcp-hugeline')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
. (Join-Path $PSScriptRoot '../tools/Common.ps1')
$builds = Get-BenchBuilds -ModuleDir $ModuleDir -BaselineModuleDir $BaselineModuleDir
$null = New-Item -ItemType Directory -Force -Path $WorkDir
$pwshCmd = Get-ChildPwsh
$pwsh = $pwshCmd[0]
$pwshArgs = @($pwshCmd | Select-Object -Skip 1)
$small = '{"event":"mcp.session.request","code":"TMCP003E","sid":"s","time":"2026-01-01T00:00:00Z","success":false,"error":"small"}'
Write-Host ("baseline: the build in $BaselineModuleDir; load average: " + (Get-LoadAverage))
foreach ($size in @($SizesMiB -split "," | ForEach-Object { [int]$_ })) {
    $file = Join-Path $WorkDir "huge$size.log"
    if (-not (Test-Path -LiteralPath $file)) {
        $w = [IO.StreamWriter]::new($file, $false, [Text.UTF8Encoding]::new($false))
        try {
            $w.Write($small + "`n")
            $w.Write('{"event":"mcp.session.request","code":"TMCP003E","sid":"s","time":"2026-01-01T00:00:01Z","success":false,"error":"huge","pad":"')
            $chunk = 'x' * 1MB
            for ($i = 0; $i -lt $size; $i++) { $w.Write($chunk) }
            $w.Write('"}' + "`n")
            $w.Write($small + "`n")
        }
        finally { $w.Dispose() }
    }
    foreach ($c in $Cmdlet) {
        $best = [ordered]@{}
        for ($r = 0; $r -lt $Rounds; $r++) {
            $pair = @($builds.Keys)
            if ($r % 2) { [array]::Reverse($pair) }
            foreach ($build in $pair) {
                $script = "Import-Module '$(Join-Path $builds[$build] 'TeleportMcp.psd1')'; `$sw = [Diagnostics.Stopwatch]::StartNew(); `$c = @(Get-Content -LiteralPath '$file' | $c -WarningVariable w -WarningAction SilentlyContinue).Count; `$sw.Stop(); `"`$c `$(`$w.Count) `$(`$sw.Elapsed.TotalSeconds)`""
                $run = Invoke-Measured $pwsh ($pwshArgs + @('-NoProfile', '-NonInteractive', '-Command', $script))
                $count, $warnings, $seconds = ($run.Output.Trim() -split '\s+')[-3, -2, -1]
                Add-BestRun $best $build ([double]$seconds) ([long]$count) $run.PeakMB $run.Wall
                $best[$build] | Add-Member -Force -NotePropertyName Warnings -NotePropertyValue ([long]$warnings)
            }
        }
        foreach ($b in $best.Values) {
            '{0,4} MiB  {1,-26} {2,-9} {3,8:N3} s  {4,6:N2}x  read {5}  warnings {6}  peak {7} MB ({8:N2}x)' -f $size, $c, $b.Tool, $b.Seconds, ($b.Seconds / $best['baseline'].Seconds), $b.Count, $b.Warnings, $b.PeakMB, ($b.PeakMB / $best['baseline'].PeakMB)
        }
    }
}
Write-Host ("load average: " + (Get-LoadAverage))
