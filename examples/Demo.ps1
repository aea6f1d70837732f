<#
    The bundled example: what TeleportMcp makes of a small cluster export. Run by `build.ps1 -Task Demo`
    in a fresh PowerShell with the module from out/TeleportMcp.
#>
param([Parameter(Mandatory)][string] $ModuleDir)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModuleDir 'TeleportMcp.psd1') -Force
Set-Location $PSScriptRoot
function Write-Section([string] $Title) { Write-Host ''; Write-Host "=== $Title ===" -ForegroundColor Cyan }

# --- resources ---
Write-Section 'Import-TeleportResource ./cluster ./teleport.yaml'
$resources = Import-TeleportResource ./cluster, ./teleport.yaml
Write-Host 'Roles:'
$resources | Where-Object { $_ -is [TeleportMcp.Role] } | Format-Table | Out-Host
Write-Host 'Users:'
$resources | Where-Object { $_ -is [TeleportMcp.User] } | Format-Table | Out-Host
Write-Host 'Apps (MCP servers and others):'
$resources | Where-Object { $_ -is [TeleportMcp.App] } | Format-Table | Out-Host
