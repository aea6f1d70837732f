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
Write-Section 'Import-TeleportResource ./cluster (tctl get roles,users,apps,app_servers) and ./teleport.yaml (the App Service host)'
$resources = Import-TeleportResource ./cluster, ./teleport.yaml
Write-Host 'Roles:'
$resources | Where-Object { $_ -is [TeleportMcp.Role] } | Format-Table | Out-Host
Write-Host 'Users:'
$resources | Where-Object { $_ -is [TeleportMcp.User] } | Format-Table | Out-Host
Write-Host 'Apps (MCP servers and others):'
$resources | Where-Object { $_ -is [TeleportMcp.App] } | Format-Table | Out-Host

# --- rbac ---
Write-Section 'Test-TeleportMcpRole: why alice sees no tools on "everything", and bob sees all but the denied ones'
$cluster = Import-TeleportResource ./cluster
Write-Host 'Every user on the MCP server "everything" (no -Tool: one summary per user):'
$cluster | Test-TeleportMcpRole -App everything | Format-Table -Wrap | Out-Host
Write-Host 'alice, one tool: the {{internal.mcp_tools}} entry of role access is dropped because alice has no mcp_tools trait:'
$cluster | Test-TeleportMcpRole -User alice -App everything -Tool search_files | Format-List Decision, Reason, DroppedEntries | Out-Host
Write-Host 'bob: mcp_tools = * grants everything, and role mcp-no-env-dump denies two tools on every server:'
$cluster | Test-TeleportMcpRole -User bob -App everything -Tool search_files, echo, printEnv, get_env | Format-Table -Wrap | Out-Host
Write-Host 'Lint of the example roles:'
$cluster | Test-TeleportMcpRole -Lint | Format-List Id, Severity, Role, Entry, Message, Fix | Out-Host
Write-Host ('CI gate: does bob keep search_files on everything? {0}' -f ($cluster | Test-TeleportMcpRole -User bob -App everything -Tool search_files -Quiet))

# --- clients ---
Write-Section 'Test-TeleportMcpClient -Path ./clients/claude_desktop_config.json, ./clients/.vscode/mcp.json -App $apps -SkipSession'
# The client files of a user whose tsh was moved by an update; the apps come from the cluster export, not from tsh.
$apps = $resources | Where-Object { $_ -is [TeleportMcp.App] }
Test-TeleportMcpClient -Path ./clients/claude_desktop_config.json, ./clients/.vscode/mcp.json -App $apps -SkipSession |
    Where-Object Status -ne 'Pass' | Format-List Status, Client, Entry, Check, Message, Fix | Out-Host

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
