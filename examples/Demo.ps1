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

# --- logs ---
Write-Section 'Find-TeleportMcpError ./logs (App Service text and JSON logs, Claude Desktop logs)'
$findings = Find-TeleportMcpError -Path ./logs
$findings | Format-Table | Out-Host
Write-Host 'The stdio app whose run_as_host_user does not exist on the App Service host:'
$findings | Where-Object Id -eq 'TMCP-LOG-002' | Format-List Title, App, User, Command, Cause, Fix, Evidence | Out-Host
Write-Host 'The denied tool call, as the MCP client saw it:'
$findings | Where-Object Id -eq 'TMCP-LOG-028' | Format-List Title, App, Time, Fix, Evidence | Out-Host
Write-Section 'Get-Content ./logs/app-service.log | Find-TeleportMcpError -Summary'
Get-Content ./logs/app-service.log | Find-TeleportMcpError -Summary | Format-Table | Out-Host
