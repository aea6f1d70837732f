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

# --- tctl ---
Write-Section 'Set-TeleportMcpTools -WhatIf: grant alice the files tools she lacks (a preview; no tctl needed)'
$alice = $resources | Where-Object { $_ -is [TeleportMcp.User] -and $_.Name -eq 'alice' }
$filesApp = $resources | Where-Object { $_ -is [TeleportMcp.App] -and $_.Name -eq 'files' }
# Read-only tools of the filesystem MCP server behind the "files" app (its tools/list).
$filesTools = 'read_file', 'list_directory', 'search_files'
$lacking = $null
if (Get-Command Test-TeleportMcpRole -ErrorAction Ignore) {
    try {
        $lacking = @($resources | Where-Object { $_ -is [TeleportMcp.Role] } |
                Test-TeleportMcpRole -User $alice -App $filesApp -Tool $filesTools |
                Where-Object Decision -eq NotGranted | ForEach-Object Tool)
    }
    catch { Write-Host "(Test-TeleportMcpRole could not answer: $_)"; $lacking = $null }
}
if ($null -eq $lacking) {
    # alice's only role, access, grants tools through {{internal.mcp_tools}}: what her trait lacks, she lacks.
    $lacking = @($filesTools | Where-Object { $_ -notin @($alice.McpTools) })
}
Write-Host "alice has the mcp_tools trait [$(@($alice.McpTools) -join ', ')] and lacks: $($lacking -join ', ')"
# tctl users update --set-mcp-tools replaces the list, so the preview writes her current tools plus the missing ones.
# A replace preview runs no tctl at all; -Append -WhatIf would read her live list with tctl first.
Set-TeleportMcpTools -User alice -Tools (@(@($alice.McpTools) + $lacking) | Where-Object { $_ }) -WhatIf
Write-Host 'Without -WhatIf this runs tctl users update alice --set-mcp-tools=..., reads alice back to verify, and'
Write-Host 'reminds that alice must run tsh login again before the new tools apply.'

# --- clients ---
Write-Section 'Test-TeleportMcpClient -Path ./clients/claude_desktop_config.json, ./clients/.vscode/mcp.json -App $apps -SkipSession'
# The client files of a user whose tsh was moved by an update; the apps come from the cluster export, not from tsh.
$apps = $resources | Where-Object { $_ -is [TeleportMcp.App] }
Test-TeleportMcpClient -Path ./clients/claude_desktop_config.json, ./clients/.vscode/mcp.json -App $apps -SkipSession |
    Where-Object Status -ne 'Pass' | Format-List Status, Client, Entry, Check, Message, Fix | Out-Host
