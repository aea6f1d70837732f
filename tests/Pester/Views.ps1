<#
    Prints every view of the module (Format-Table, and Format-List where the module has a list view) for sample objects
    of each type name it formats, live and Deserialized.*, so a test can compare the text with Views.expected.txt (what
    the module printed when its views came from TeleportMcp.format.ps1xml). Run in a child PowerShell:
      Views.ps1 <manifest> [-Phases]   -Phases adds: before the import, after Remove-Module, after a second import.
#>
param([Parameter(Mandatory)][string] $Manifest, [switch] $Phases)
$ErrorActionPreference = 'Stop'
[cultureinfo]::CurrentCulture = [cultureinfo]::InvariantCulture
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

function New-Sample([string] $Type, [Collections.IDictionary] $Properties) {
    $o = [pscustomobject]$Properties
    $o.PSObject.TypeNames.Insert(0, $Type)
    $o
}
$when = [datetime]::new(2026, 11, 30, 8, 15, 42, 123)
$long = 'the role mcp-dev allows read_* on apps labelled env: dev, and no role denies it; this text is long enough to wrap'
$samples = [ordered]@{
    'TeleportMcp.Role'             = @(
        [ordered]@{ Name = 'mcp-dev'; Version = 'v8'; AllowMcpTools = @('read_*', 'search'); DenyMcpTools = @('delete_*'); AllowAppLabels = @{ env = @('dev', 'staging'); team = 'ai' } }
        [ordered]@{ Name = 'empty'; Version = 'v7'; AllowMcpTools = $null; DenyMcpTools = $null; AllowAppLabels = $null })
    'TeleportMcp.User'             = @(
        [ordered]@{ Name = 'alice'; Roles = @('mcp-dev', 'access'); McpTools = @('search'); Source = 'users.yaml' }
        [ordered]@{ Name = 'bob'; Roles = 'access'; McpTools = $null; Source = 'tctl' })
    'TeleportMcp.App'              = @(
        [ordered]@{ Name = 'files'; Transport = 'Stdio'; Command = 'npx'; Args = @('-y', 'server-files'); Uri = $null; RunAsHostUser = 'mcp'; Labels = @{ env = 'dev'; team = 'ai' } }
        [ordered]@{ Name = 'remote'; Transport = 'Http'; Command = $null; Args = $null; Uri = 'http://127.0.0.1:8080/mcp'; RunAsHostUser = $null; Labels = $null }
        [ordered]@{ Name = 'none'; Transport = 'None'; Command = $null; Args = $null; Uri = $null; RunAsHostUser = $null; Labels = $null })
    'TeleportMcp.ClientCheck'      = @(, [ordered]@{ Status = 'Pass'; Client = 'claude'; Entry = 'teleport-mcp-files'; Check = 'Command'; Message = 'tsh is on PATH' })
    'TeleportMcp.ToolAccess'       = @(
        [ordered]@{ User = 'alice'; App = 'files'; Tool = 'read_file'; Decision = 'Allowed'; Reason = $long }
        [ordered]@{ User = 'bob'; App = 'files'; Tool = 'read_file'; Decision = 'Indeterminate'; Reason = 'mixed releases'; Agents = @('node-1 19.0.0: Allowed', 'node-2 18.2.1: AppNotAccessible', 'node-3 18.2.1: AppNotAccessible') })
    'TeleportMcp.McpAccessSummary' = @(, [ordered]@{ User = 'alice'; App = 'files'; Scope = 'Some'; AllowedTools = @('read_file', 'search'); Reason = $long })
    'TeleportMcp.RoleLintFinding'  = @(, [ordered]@{ Id = 'TMCP001'; Severity = 'Warning'; Role = 'mcp-dev'; Entry = 'allow.mcp.tools[0]'; Message = $long })
    'TeleportMcp.UserTools'        = @(
        [ordered]@{ User = 'alice'; Tools = @(); Roles = @('mcp-dev') }
        [ordered]@{ User = 'bob'; Tools = @('read_*', 'search'); Roles = @('a', 'b') })
    'TeleportMcp.AppCheck'         = @(
        [ordered]@{ Host = 'node-1'; App = 'files'; User = 'alice'; Check = 'Reachable'; Status = 'Pass'; Message = 'answered initialize' }
        [ordered]@{ Host = 'node-2'; App = 'files'; User = $null; Check = 'Tools'; Status = 'Warn'; Message = $long })
    'TeleportMcp.ProbeResult'      = @(, [ordered]@{ Host = 'node-1'; AppName = 'files'; Stage = 'ListTools'; Status = 'Pass'; ToolCount = 3; Message = 'ok'; CommandLine = 'npx -y server-files'; RunAs = 'mcp'
            ServerName = 'files'; ServerVersion = '1.2.0'; ProtocolVersion = '2025-06-18'; Tool = 'read_file'; StartupMs = 812; HasExited = $false; ExitCode = $null; Transport = 'stdio'
            StderrTail = @('line one', 'line two'); FirstNonJsonLine = 'npm warn'; Warnings = @('slow start') })
    'TeleportMcp.ProbeTool'        = @(, [ordered]@{ Name = 'read_file'; ReadOnly = $true; Destructive = $false; Title = 'Read a file'; Description = 'Reads a file below the root' })
    'TeleportMcp.RoleEffect'       = @(, [ordered]@{ User = 'alice'; App = 'files'; Gained = @('write_file'); StillDenied = @('delete_file', 'move'); Summary = $long })
    'TeleportMcp.Finding'          = @(, [ordered]@{ Id = 'MCP-STDIO-01'; Severity = 'Error'; App = 'files'; Title = 'The server wrote text that is not JSON-RPC to stdout'; LineNumber = 42
            Cause = 'a banner on stdout'; Fix = 'log to stderr'; Source = 'teleport.log'; Time = $when; User = 'alice'; Command = 'npx'; Evidence = 'line 42' })
    'TeleportMcp.FindingSummary'   = @(
        [ordered]@{ Id = 'MCP-STDIO-01'; App = 'files'; User = 'alice'; Tool = 'read_file'; Count = 3; FirstSeen = $when; LastSeen = $when.AddHours(1); Title = 'not JSON-RPC' }
        [ordered]@{ Id = 'MCP-DENY'; App = 'files'; User = $null; Tool = $null; Count = 1; FirstSeen = $null; LastSeen = $null; Title = 'denied' })
    'TeleportMcp.Diagnosis'        = @(, [ordered]@{ Rank = 1; Status = 'Fail'; Area = 'Role'; App = 'files'; Title = 'No role allows the tool'; Check = 'ToolAccess'; User = 'alice'; Detail = $long
            Evidence = @('roles.yaml:3', 'users.yaml:7'); Fix = 'add read_file to mcp-dev'; Source = 'lib/services/role.go' })
    'TeleportMcp.AuditEvent'       = @(
        [ordered]@{ Time = $when; Code = 'TMCP02I'; Outcome = 'Failure'; User = 'alice'; App = 'files'; Method = 'tools/call'; HttpMethod = $null; HttpPath = $null; Kind = 'Request'; ClientInfo = $null; Tool = 'read_file'; Error = 'access denied' }
        [ordered]@{ Time = $null; Code = 'TMCP01I'; Outcome = 'Success'; User = 'bob'; App = 'remote'; Method = $null; HttpMethod = 'POST'; HttpPath = '/mcp'; Kind = 'Request'; ClientInfo = $null; Tool = $null; Error = $null }
        [ordered]@{ Time = $when; Code = 'TMCP00I'; Outcome = 'Success'; User = 'bob'; App = 'remote'; Method = $null; HttpMethod = $null; HttpPath = $null; Kind = 'SessionStart'; ClientInfo = 'claude-code 1.0'; Tool = $null; Error = $null })
    'TeleportMcp.AuditReplay'      = @(
        [ordered]@{ User = 'alice'; App = 'files'; Tool = 'read_file'; Recorded = 'Allowed'; Decision = 'Denied'; DecisionWithEventIdentity = $null; Verdict = 'Changed'; Cause = 'RoleChanged'; Reason = $long }
        [ordered]@{ User = 'bob'; App = 'files'; Tool = 'search'; Recorded = 'Denied'; Decision = $null; DecisionWithEventIdentity = 'Denied'; Verdict = 'Same'; Cause = 'None'; Reason = 'same' })
    'TeleportMcp.AppServing'       = @(, [ordered]@{ App = 'files'; Status = 'Served'; HostNames = @('node-1', 'node-2'); Message = 'two agents serve it' })
    'TeleportMcp.AppServiceAgent'  = @(, [ordered]@{ HostName = 'node-1'; Enabled = $true; StaticApps = @('files'); Resources = @('labels: env=dev', 'labels: team=ai') })
    'TeleportMcp.ScopedRoleAssignment' = @(
        [ordered]@{ Name = 'a1'; AssignedUser = 'alice'; BotName = $null; Assignments = @([ordered]@{ Role = 'reader'; Scope = '/dev' }, [ordered]@{ Role = 'writer'; Scope = '/dev/web' }) }
        [ordered]@{ Name = 'b1'; AssignedUser = $null; BotName = 'ci'; Assignments = @(, [ordered]@{ Role = 'reader'; Scope = '/ci' }) })
    'TeleportMcp.AppAuthConfig'    = @(
        [ordered]@{ Name = 'chat-bot'; KeySource = 'JwksUrl'; Issuer = 'https://idp.example.com/'; Audience = 'teleport'; AppLabels = @('teleport.internal/app-sub-kind: mcp', 'env: [dev, prod]') }
        [ordered]@{ Name = 'static'; KeySource = 'StaticJwks'; Issuer = 'iss'; Audience = 'aud'; AppLabels = $null })
}
$lists = 'TeleportMcp.ProbeResult', 'TeleportMcp.Finding', 'TeleportMcp.Diagnosis'

function Show([string] $Title, [object[]] $Objects, [switch] $List) {
    "== $Title"
    $text = if ($List) { $Objects | Format-List | Out-String -Width 160 } else { $Objects | Format-Table | Out-String -Width 160 }
    # Trailing blanks are padding, not output anyone reads; line ends differ by platform.
    ($text -split '\r?\n' | ForEach-Object TrimEnd) -join "`n" -replace '^\n+', '' -replace '\n+$', ''
}
function Show-All([string] $Phase) {
    foreach ($type in $samples.Keys) {
        foreach ($name in $type, "Deserialized.$type") {
            $objects = @($samples[$type] | ForEach-Object { New-Sample $name $_ })
            Show "$Phase $name table" $objects
            if ($type -in $lists) { Show "$Phase $name list" $objects -List }
        }
    }
}

if ($Phases) {
    Show-All 'before import'
}
Import-Module $Manifest
Show-All 'imported'
if ($Phases) {
    Remove-Module TeleportMcp
    Show-All 'after Remove-Module'
    Import-Module $Manifest
    Show-All 'imported again'
}
