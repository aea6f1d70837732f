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

# --- clients ---
Write-Section 'Test-TeleportMcpClient -Path ./clients/claude_desktop_config.json, ./clients/.vscode/mcp.json -App $apps -SkipSession'
# The client files of a user whose tsh was moved by an update; the apps come from the cluster export, not from tsh.
$apps = $resources | Where-Object { $_ -is [TeleportMcp.App] }
Test-TeleportMcpClient -Path ./clients/claude_desktop_config.json, ./clients/.vscode/mcp.json -App $apps -SkipSession |
    Where-Object Status -ne 'Pass' | Format-List Status, Client, Entry, Check, Message, Fix | Out-Host
