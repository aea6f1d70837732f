<#
    The bundled example: what TeleportMcp makes of a small cluster export. Run by `build.ps1 -Task Demo`
    in a fresh PowerShell with the module from out/TeleportMcp.
#>
param([Parameter(Mandatory)][string] $ModuleDir)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModuleDir 'TeleportMcp.psd1') -Force
Set-Location $PSScriptRoot
# The files the demo writes (a role, two reports) go into a folder of its own: never over a file of the same name someone left in the temp folder.
$demoOut = Join-Path ([IO.Path]::GetTempPath()) ("teleport-mcp-demo-" + [guid]::NewGuid().ToString("N").Substring(0, 8))
$null = New-Item -ItemType Directory -Path $demoOut
function Write-Section([string] $Title) { Write-Host ''; Write-Host "=== $Title ===" -ForegroundColor Cyan }

# --- resources ---
Write-Section 'Import-TeleportResource ./cluster (tctl get roles,users,apps,app_servers) and ./teleport.yaml (the App Service host)'
$resources = Import-TeleportResource ./cluster, ./teleport.yaml
Write-Host 'Roles:'
$resources | Where-Object { $_ -is [TeleportMcp.Role] } | Format-Table | Out-Host
Write-Host 'Users:'
$resources | Where-Object { $_ -is [TeleportMcp.User] } | Format-Table | Out-Host
# One app can come several times, under one name: its app resource, each App Service host's heartbeat, its teleport.yaml entry.
Write-Host 'Apps (MCP servers and others; Origin: app resource, app_server heartbeat or teleport.yaml entry):'
$resources | Where-Object { $_ -is [TeleportMcp.App] } | Sort-Object Name, Origin |
    Format-Table Name, Origin, Transport, @{ Name = 'CommandLine'; Expression = { if ($_.Command) { (@($_.Command) + @($_.Args)) -join ' ' } else { $_.Uri } } }, RunAsHostUser |
    Out-Host

# --- probe ---
Write-Section 'Test-TeleportMcpApp: static checks of the apps in ./teleport.yaml'
Import-TeleportResource ./teleport.yaml | Test-TeleportMcpApp | Format-Table | Out-Host

Write-Section 'Test-TeleportMcpApp -Launch: the stdio app "everything"'
$node = Get-Command node -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $node) {
    Write-Host 'Skipped: node is not on the PATH, so the stdio example app (an npx/node MCP server) cannot be started here.'
}
else {
    $everything = Import-TeleportResource ./teleport.yaml | Where-Object Name -eq 'everything'
    Write-Host "As configured (command $($everything.CommandLine), run_as_host_user $($everything.RunAsHostUser)):"
    $everything | Test-TeleportMcpApp -Launch -TimeoutSec 60 -WarningAction SilentlyContinue | Format-List | Out-Host
    $pinned = Join-Path $PSScriptRoot '../tests/npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js'
    if (Test-Path $pinned) {
        Write-Host 'The same app pointed at the pinned server-everything in tests/npm, run as the current user:'
        $local = $everything | Select-Object -Property * -ExcludeProperty Command, Args, RunAsHostUser
        $local | Add-Member Command $node.Source
        $local | Add-Member Args @((Resolve-Path $pinned).Path, 'stdio')
        $local | Add-Member RunAsHostUser ([Environment]::UserName)
        $probe = $local | Test-TeleportMcpApp -Launch -TimeoutSec 60
        $probe | Format-List | Out-Host
        $probe.Tools | Format-Table Name, Title -AutoSize | Out-Host
        Write-Host 'Which of these real tools may alice and bob call? (Test-TeleportMcpApp -Launch | Test-TeleportMcpRole)'
        foreach ($user in 'alice', 'bob') {
            $probe | Test-TeleportMcpRole -User $user -App everything -Path ./cluster | Format-Table User, Tool, Allowed, Decision -AutoSize | Out-Host
        }

        Write-Section 'New-TeleportMcpRole -ReadOnly: the least-privilege role for "everything", from its tools'' annotations'
        $roleFile = Join-Path $demoOut 'mcp-everything-read-only.yaml'
        $role = $probe | New-TeleportMcpRole -Name mcp-everything-read-only -ReadOnly -Path ./cluster, ./teleport.yaml -OutFile $roleFile -Force
        Write-Host "The role, proven against the probed tools before it was written to $roleFile :"
        Get-Content $roleFile | Out-Host
        Write-Host 'What adding it would change for alice and bob (bob keeps his deny of get-env):'
        $probe | New-TeleportMcpRole -Name mcp-everything-read-only -ReadOnly -Path ./cluster, ./teleport.yaml -User alice, bob |
            Format-List User, App, @{ n = 'Gained'; e = { $_.Gained -join ', ' } }, @{ n = 'StillDenied'; e = { $_.StillDenied -join ', ' } }, DeniedBy, Summary | Out-Host
        Write-Host "alice's decisions with the role added to her roles (access, mcp-everything-read-only):"
        $aliceUser = Import-TeleportResource ./cluster | Where-Object { $_ -is [TeleportMcp.User] -and $_.Name -eq 'alice' }
        $probe | Test-TeleportMcpRole -UserName alice -UserRole (@($aliceUser.Roles) + 'mcp-everything-read-only') -Traits $aliceUser.Traits -Role $role -Path ./cluster |
            Format-Table User, Tool, Allowed, Decision -AutoSize | Out-Host
        Write-Host "Next: tctl create $roleFile ; tctl users update alice --set-roles access,mcp-everything-read-only"
    }
    else {
        Write-Host 'Skipped the local copy: tests/npm is not installed (run tests/setup/20-npm.ps1).'
    }
}

Write-Section 'Test-TeleportMcpApp -Launch: the HTTP app "grafana" (server-everything, streamableHttp, behind an API-key check)'
$fixture = Join-Path $PSScriptRoot '../tests/servers/mcp-http-fixture.mjs'
if (-not $node -or -not (Test-Path $pinned)) {
    Write-Host 'Skipped: node or the pinned server-everything (tests/npm) is missing.'
}
else {
    # A local stand-in for the remote server: loopback, a port the OS picks, 401 without the app's X-Api-Key.
    $psi = [Diagnostics.ProcessStartInfo]::new($node.Source)
    foreach ($a in (Resolve-Path $fixture).Path, '--server', (Resolve-Path $pinned).Path, '--mode', 'streamableHttp', '--require-header', 'X-Api-Key: demo-grafana-key-0123456789') { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardInput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
    $server = [Diagnostics.Process]::Start($psi)
    try {
        $port = $null
        while ($null -ne ($line = $server.StandardOutput.ReadLine())) { if ($line -match '^FIXTURE-PORT=(\d+)$') { $port = $Matches[1]; break } }
        $grafana = Import-TeleportResource ./teleport.yaml | Where-Object Name -eq 'grafana'
        $grafana.Uri = "mcp+http://127.0.0.1:$port/mcp"
        Write-Host "Static checks of grafana, its URI pointed at the local stand-in (the key is masked; a plain-text key is a warning):"
        $grafana | Test-TeleportMcpApp | Format-Table Check, Status, Message -Wrap | Out-Host
        Write-Host "Probe with the app's rewrite.headers, as the App Service sends them (server at 127.0.0.1:$port):"
        $grafana | Test-TeleportMcpApp -Launch -WarningAction SilentlyContinue | Format-List AppName, Transport, Stage, Status, Message, Headers, SessionKept, ToolCount | Out-Host
        Write-Host 'The same server, streamable URI pointed at the SSE path: the probe names the transport mismatch or the path:'
        $wrong = Import-TeleportResource ./teleport.yaml | Where-Object Name -eq 'grafana'
        $wrong.Uri = "mcp+http://127.0.0.1:$port/sse"
        $wrong | Test-TeleportMcpApp -Launch -WarningAction SilentlyContinue | Format-List Stage, Status, HttpStatus, Message, Fix | Out-Host
    }
    finally {
        $server.Kill($true); $server.WaitForExit(5000) | Out-Null; $server.Dispose()
    }
}

# --- serving ---
Write-Section 'Get-TeleportMcpServing: which App Service host serves each MCP app (two hosts: ./teleport.yaml and ./hosts/mcp-02)'
$serving = Get-TeleportMcpServing -Path ./cluster, ./teleport.yaml, ./hosts
$serving | Format-Table App, Status, @{ n = 'Hosts'; e = { @($_.Hosts | ForEach-Object { "$($_.Host) ($($_.Reason))" }) -join ', ' } } -AutoSize | Out-Host
Write-Host 'The dynamic app that no host selects, so tsh mcp ls never lists it:'
$serving | Where-Object Status -eq 'NotServed' | Format-List App, ClosestSelector, DifferingLabel, Fix | Out-Host

# --- rbac ---
Write-Section 'Test-TeleportMcpRole: why alice sees no tools on "everything", and bob sees all but the denied ones'
$cluster = Import-TeleportResource ./cluster
Write-Host 'Every user on the MCP server "everything" (no -Tool: one summary per user):'
$cluster | Test-TeleportMcpRole -App everything | Format-Table -Wrap | Out-Host
Write-Host 'alice, one tool: the {{internal.mcp_tools}} entry of role access is dropped because alice has no mcp_tools trait:'
$cluster | Test-TeleportMcpRole -User alice -App everything -Tool search_files | Format-List Decision, Reason, DroppedEntries | Out-Host
Write-Host 'bob: mcp_tools = * grants everything, and role mcp-no-env-dump denies two tools on every server:'
$cluster | Test-TeleportMcpRole -User bob -App everything -Tool search_files, echo, printEnv, get-env | Format-Table -Wrap | Out-Host
Write-Host 'Lint of the example roles:'
$cluster | Test-TeleportMcpRole -Lint | Format-List Id, Severity, Role, Entry, Message, Fix | Out-Host
Write-Host ('CI gate: does bob keep search_files on everything? {0}' -f ($cluster | Test-TeleportMcpRole -User bob -App everything -Tool search_files -Quiet))
# --- tctl ---
Write-Section 'Set-TeleportMcpTools -WhatIf: grant alice the files tools she lacks (a preview; no tctl needed)'
$alice = $cluster | Where-Object { $_ -is [TeleportMcp.User] -and $_.Name -eq 'alice' }
# Read-only tools of the filesystem MCP server behind the "files" app (its tools/list).
$filesTools = 'read_file', 'list_directory', 'search_files'
$lacking = @($cluster | Test-TeleportMcpRole -User alice -App files -Tool $filesTools | Where-Object Decision -eq NotGranted | ForEach-Object Tool)
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

# --- audit events ---
Write-Section 'Get-TeleportMcpAuditEvent ./audit -FailedOnly (the Auth Service audit log: the only server-side record of a denied tool call)'
Get-TeleportMcpAuditEvent -Path ./audit -FailedOnly | Format-Table | Out-Host
Write-Host 'alice connected to "everything" and called no tool (her tools list was empty; successful tools/list requests are not audited):'
Get-TeleportMcpAuditEvent -Path ./audit -User alice | Format-Table | Out-Host
Write-Section 'Get-TeleportMcpAuditEvent ./audit -FailedOnly -Tool * | Test-TeleportMcpRole -Path ./cluster: why each call was denied'
Get-TeleportMcpAuditEvent -Path ./audit -FailedOnly -Tool * | Test-TeleportMcpRole -Path ./cluster |
    Format-List User, App, Tool, Recorded, Decision, DecisionWithEventIdentity, Verdict, Cause, Reason, Fix | Out-Host
Write-Section 'Find-TeleportMcpError ./audit -Summary: failed MCP events per id, app, user and tool'
Find-TeleportMcpError -Path ./audit -Summary | Format-Table | Out-Host

# --- diagnosis ---
Write-Section 'Invoke-TeleportMcpDiagnosis: the whole diagnosis of the example scenario, most likely root cause first'
# On the App Service host this would be: -ClusterPath <tctl get export>, /etc/teleport.yaml -LogPath /var/log/teleport.
# -SkipClient: the client side of this machine is not part of the example (Test-TeleportMcpClient above shows it).
$report = Join-Path $demoOut 'teleport-mcp-diagnosis.md'
$diagnosis = Invoke-TeleportMcpDiagnosis -ClusterPath ./cluster -LogPath ./logs -User alice, bob -App everything -SkipClient -OutFile $report
$diagnosis | Format-Table | Out-Host
$diagnosis | Format-List | Out-Host
Write-Host "Report for a ticket: $report"

Write-Section 'Invoke-TeleportMcpDiagnosis -AuditPath ./audit: one timeline per failed connection, across logs with skewed clocks'
$incidents = Join-Path $demoOut 'teleport-mcp-incidents.md'
$null = Invoke-TeleportMcpDiagnosis -ClusterPath ./cluster -LogPath ./logs -AuditPath ./audit -User bob -SkipClient -OutFile $incidents
$text = Get-Content -Raw $incidents
$start = $text.IndexOf('## Incidents')
if ($start -ge 0) { Write-Host $text.Substring($start, $text.IndexOf('## Findings') - $start) }
Write-Host "Report with the incidents: $incidents"
