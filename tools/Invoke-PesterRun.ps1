<#
    Runs the Pester tests in this (child) PowerShell against the built module folder. Started by build.ps1 -Task Test,
    so that the module is loaded in a process that did not build it and no installed copy can be picked up.
#>
param(
    [Parameter(Mandatory)][string] $PesterPath,
    [Parameter(Mandatory)][string] $ModuleDir,
    [Parameter(Mandatory)][string] $TestPath,
    [Parameter(Mandatory)][string] $ResultPath,
    [Parameter(Mandatory)][string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
$sep = [IO.Path]::PathSeparator
$env:PSModulePath = (Join-Path $PSHOME 'Modules') + $sep + (Split-Path -Parent $ModuleDir)
$env:TELEPORTMCP_MODULE_DIR = $ModuleDir
Import-Module $PesterPath -Force

$config = New-PesterConfiguration
$config.Run.Path = $TestPath
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $false
$result = Invoke-Pester -Configuration $config

# A text of the report as XML 1.0 can hold it, written the way the module writes control characters
# (src/TeleportMcp.Engine/Output/ControlCharacters.cs: \x1B below U+0100, \u009B-style above): C0 controls but tab, line
# feed and a CR before a line feed, DEL, C1, the bidirectional overrides and isolates, a lone surrogate and the BMP
# noncharacters (U+FDD0-U+FDEF, U+FFFE, U+FFFF). XML cannot hold C0, a lone surrogate, U+FFFE or U+FFFF at all; the rest
# is escaped as the module does, so a message reads the same in the report as in the module's output. The supplementary
# noncharacters, which XML holds, are left as they are.
function ConvertTo-ReportText([string] $Text) {
    [regex]::Replace($Text, '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF\uFFFE\uFFFF]|\r(?!\n)|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]', {
        param($m)
        $c = [int][char]$m.Value
        if ($c -lt 0x100) { '\x{0:X2}' -f $c } else { '\u{0:X4}' -f $c }
    })
}

# Every text the report is written from (names, paths, data, error messages and stack traces of the containers, blocks and
# tests) made safe in place: a failure message with ESC (the hostile-input tests plant them) is kept, escaped, and the
# report is still written.
function Protect-ReportText($Node) {
    if ($null -eq $Node) { return }
    foreach ($p in $Node.PSObject.Properties) {
        if ($p.Value -is [string] -and $p.IsSettable) { $p.Value = ConvertTo-ReportText $p.Value }
    }
    foreach ($list in @($Node.Path)) { if ($list -is [Collections.Generic.List[string]]) { for ($i = 0; $i -lt $list.Count; $i++) { $list[$i] = ConvertTo-ReportText $list[$i] } } }
    if ($Node.Data -is [Collections.IDictionary]) {
        foreach ($key in @($Node.Data.Keys)) { if ($Node.Data[$key] -is [string]) { $Node.Data[$key] = ConvertTo-ReportText $Node.Data[$key] } }
    }
    foreach ($err in @($Node.ErrorRecord)) {
        if ($null -eq $err) { continue }
        foreach ($name in 'DisplayErrorMessage', 'DisplayStackTrace') {
            $p = $err.PSObject.Properties[$name]
            if ($p -and $p.Value -is [string]) { $p.Value = ConvertTo-ReportText $p.Value }
        }
    }
    foreach ($child in @($Node.Blocks) + @($Node.Tests)) { if ($null -ne $child) { Protect-ReportText $child } }
}

foreach ($container in $result.Containers) { Protect-ReportText $container }
$reportWritten = $true
try { $result | Export-NUnitReport -Path $ResultPath }
catch {
    # What the texts above do not cover must not turn a counted run into an uncounted one: the counts are still written, and
    # the run fails so that a missing report is seen.
    Write-Warning "The NUnit report $ResultPath was not written: $($_.Exception.Message)"
    # Export-NUnitReport streams the file: a failure leaves it cut off mid-element, which a reader would take for a report.
    Remove-Item -LiteralPath $ResultPath -Force -ErrorAction Ignore
    $reportWritten = $false
}

[ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
    Total   = $result.TotalCount
} | ConvertTo-Json | Set-Content -Path $SummaryPath -Encoding utf8
if (-not $reportWritten -or $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount -gt 0) { exit 1 }
exit 0
