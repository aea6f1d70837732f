#Requires -Version 7.0
<#
.SYNOPSIS
    Builds the tsh stand-in (tests/StandIns/tsh) into <OutDir>/standins/tsh for the Test-TeleportMcpClient tests.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $OutDir
)
$ErrorActionPreference = 'Stop'
$project = Join-Path $RepoRoot 'tests/StandIns/tsh/tsh.csproj'
$target = Join-Path $OutDir 'standins/tsh'
Write-Host "Building the tsh stand-in into $target"
& dotnet build $project -c Release -o $target --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw "building the tsh stand-in failed (exit code $LASTEXITCODE)" }
$exe = Join-Path $target ($IsWindows ? 'tsh.exe' : 'tsh')
if (-not (Test-Path -LiteralPath $exe)) { throw "the tsh stand-in was not produced at $exe" }
