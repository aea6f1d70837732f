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
# The NUnit report is written after the run: a failure message with a control character (the hostile-input tests
# plant them) cannot be written as XML 1.0, and must not turn a counted run into an uncounted one.
try { $result | Export-NUnitReport -Path $ResultPath }
catch { Write-Warning "The NUnit report $ResultPath was not written: $($_.Exception.Message)" }

[ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
    Total   = $result.TotalCount
} | ConvertTo-Json | Set-Content -Path $SummaryPath -Encoding utf8
if ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount -gt 0) { exit 1 }
exit 0
