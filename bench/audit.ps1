<#
.SYNOPSIS
    Get-TeleportMcpAuditEvent against grep -c on the same generated 1 GB Teleport audit log.
.DESCRIPTION
    Writes a deterministic file audit log (one JSON event per line, as lib/events/filelog.go writes it) of realistic
    Teleport events: SSH, database, app and Kubernetes sessions, logins, certificates, and MCP sessions, requests and
    notifications (about -McpPercent of the events; one MCP request in ~1,000 is a denied tools/call). The file goes to
    a temporary folder and is deleted at the end unless -Keep. Then, each in its own child process so peak memory can
    be read, it times on that file:
      - Get-TeleportMcpAuditEvent -LiteralPath <file> | Measure-Object        (every MCP event as an object)
      - Get-TeleportMcpAuditEvent -LiteralPath <file> -FailedOnly | Measure-Object
    (each twice in its process: the first run, and a second one once the JIT has warmed up)
      - grep -c -F mcp.session. <file>                                       (the baseline named in the issue)
      - Invoke-TmcpPipelineFloor -Count <MCP events> | Measure-Object         (the pipeline floor: a compiled no-op
        cmdlet writing as many objects; PowerShell spends about 1 us per object, so no cmdlet that writes every MCP
        event can beat grep by much, whatever its reader does)
    and prints MB/s, the time ratios against grep and against the pipeline floor, and the peak memory (VmHWM from /proc, or PeakWorkingSet64 on
    Windows, sampled while the child runs).
.EXAMPLE
    dotnet pwsh ./bench/audit.ps1 -ModuleDir ./out/TeleportMcp
#>
[CmdletBinding()]
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [int] $SizeMB = 1024,
    [int] $McpPercent = 10,
    # Each tool runs this many times, interleaved; the best time counts (the machine is shared and noisy).
    [int] $Rounds = 3,
    [switch] $Keep,
    # Only write the log to this file and stop (for profiling the reader outside PowerShell).
    [string] $GenerateOnly
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ModuleDir = (Resolve-Path $ModuleDir).Path
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('tmcp-bench-audit-' + [Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Force -Path $work | Out-Null
$log = if ($GenerateOnly) { [System.IO.Path]::GetFullPath($GenerateOnly) } else { Join-Path $work '2025-09-30.00:00:00.log' }
. (Join-Path $repo 'tools/Common.ps1')
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

Add-Type -TypeDefinition @'
using System;
using System.IO;
using System.Text;
public static class TmcpBenchAudit
{
    static readonly string[] Apps = { "files", "git", "jira", "wiki", "grafana", "everything" };
    static readonly string[] Users = { "alice", "bob", "carol", "dave", "erin" };
    static readonly string[] Tools = { "read_file", "list_directory", "search_files", "echo", "get_issue", "query" };
    public static long[] Write(string path, long targetBytes, int mcpPercent)
    {
        var r = new Random(20250930);
        var t = new DateTime(2025, 9, 30, 0, 0, 0, DateTimeKind.Utc);
        long lines = 0, mcp = 0, denied = 0;
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            var sb = new StringBuilder(1024);
            while (w.BaseStream.Position < targetBytes)
            {
                for (int k = 0; k < 4096; k++)
                {
                    sb.Clear();
                    t = t.AddMilliseconds(r.Next(1, 40));
                    string ts = t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
                    string user = Users[r.Next(Users.Length)], app = Apps[r.Next(Apps.Length)];
                    string common = "\"ei\":" + r.Next(0, 5000) + ",\"time\":\"" + ts + "\",\"uid\":\"" + Id(r) + "\",\"cluster_name\":\"teleport.example.com\",\"user\":\"" + user + "\",\"user_kind\":1";
                    string roles = ",\"user_roles\":[\"access\",\"mcp-developer\"],\"user_traits\":{\"logins\":[\"" + user + "\",\"ubuntu\"],\"mcp_tools\":[\"read_*\",\"search_*\"]}";
                    if (r.Next(100) < mcpPercent)
                    {
                        mcp++;
                        string m = ",\"sid\":\"" + Id(r) + "\",\"app_name\":\"" + app + "\",\"app_uri\":\"mcp+stdio://\"" + roles;
                        switch (r.Next(6))
                        {
                            case 0: sb.Append("{\"code\":\"TMCP001I\",\"event\":\"mcp.session.start\",\"namespace\":\"default\",\"server_id\":\"5f0c7a4e-2b1d-4c3e-9a8f-1d2e3f4a5b6c\",\"server_version\":\"18.2.4\",").Append(common).Append(m).Append(",\"addr.remote\":\"10.0.4.").Append(r.Next(2, 250)).Append(":").Append(r.Next(30000, 60000)).Append("\",\"client_info\":\"claude-ai/0.1.0\",\"server_info\":\"mcp-servers/everything/1.0.0\",\"protocol_version\":\"2025-06-18\"}"); break;
                            case 1: sb.Append("{\"code\":\"TMCP004I\",\"event\":\"mcp.session.notification\",").Append(common).Append(m).Append(",\"success\":true,\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}}"); break;
                            default:
                                bool deny = r.Next(1000) == 0;
                                if (deny) denied++;
                                sb.Append("{\"code\":\"").Append(deny ? "TMCP003E" : "TMCP003I").Append("\",\"event\":\"mcp.session.request\",").Append(common).Append(m)
                                  .Append(deny ? ",\"success\":false,\"error\":\"access to app denied. User does not have permissions. \"" : ",\"success\":true")
                                  .Append(",\"message\":{\"jsonrpc\":\"2.0\",\"id\":\"").Append(r.Next(1, 500)).Append("\",\"method\":\"tools/call\",\"params\":{\"name\":\"").Append(Tools[r.Next(Tools.Length)])
                                  .Append("\",\"arguments\":{\"path\":\"/srv/data/").Append(Id(r).Substring(0, 8)).Append("/README.md\",\"limit\":").Append(r.Next(1, 100)).Append("}}}}");
                                break;
                        }
                    }
                    else
                    {
                        switch (r.Next(8))
                        {
                            case 0: sb.Append("{\"code\":\"T2006I\",\"event\":\"session.data\",").Append(common).Append(",\"sid\":\"").Append(Id(r)).Append("\",\"server_id\":\"").Append(Id(r)).Append("\",\"login\":\"ubuntu\",\"addr.local\":\"10.0.1.5:3022\",\"addr.remote\":\"10.0.4.17:5").Append(r.Next(1000, 9999)).Append("\",\"tx\":").Append(r.Next(100, 99999)).Append(",\"rx\":").Append(r.Next(100, 99999)).Append("}"); break;
                            case 1: sb.Append("{\"code\":\"T2008I\",\"event\":\"app.session.chunk\",").Append(common).Append(",\"sid\":\"").Append(Id(r)).Append("\",\"server_id\":\"").Append(Id(r)).Append("\",\"session_chunk_id\":\"").Append(Id(r)).Append("\",\"app_uri\":\"http://grafana.internal:3000\",\"app_public_addr\":\"grafana.teleport.example.com\",\"app_name\":\"grafana\"}"); break;
                            case 2: sb.Append("{\"code\":\"TC000I\",\"event\":\"cert.create\",").Append(common).Append(",\"cert_type\":\"user\",\"identity\":{\"user\":\"").Append(user).Append("\",\"roles\":[\"access\",\"editor\"],\"logins\":[\"").Append(user).Append("\",\"ubuntu\"],\"expires\":\"").Append(t.AddHours(12).ToString("o")).Append("\",\"route_to_cluster\":\"teleport.example.com\",\"prev_identity_expires\":\"0001-01-01T00:00:00Z\"}}"); break;
                            case 3: sb.Append("{\"code\":\"TDB02I\",\"event\":\"db.session.query\",").Append(common).Append(",\"sid\":\"").Append(Id(r)).Append("\",\"db_service\":\"postgres-prod\",\"db_protocol\":\"postgres\",\"db_uri\":\"postgres.internal:5432\",\"db_name\":\"orders\",\"db_user\":\"reader\",\"db_query\":\"SELECT id, status, total FROM orders WHERE customer_id = $1 LIMIT ").Append(r.Next(1, 500)).Append("\",\"db_query_parameters\":[\"").Append(r.Next(1000, 99999)).Append("\"],\"success\":true}"); break;
                            case 4: sb.Append("{\"code\":\"T1000I\",\"event\":\"user.login\",").Append(common).Append(",\"method\":\"local\",\"success\":true,\"mfa_device\":{\"mfa_device_name\":\"yubikey\",\"mfa_device_uuid\":\"").Append(Id(r)).Append("\",\"mfa_device_type\":\"WebAuthn\"},\"user_agent\":\"tsh/18.2.4\",\"addr.remote\":\"203.0.113.").Append(r.Next(2, 250)).Append("\"}"); break;
                            case 5: sb.Append("{\"code\":\"T3002I\",\"event\":\"exec\",").Append(common).Append(",\"sid\":\"").Append(Id(r)).Append("\",\"server_id\":\"").Append(Id(r)).Append("\",\"login\":\"ubuntu\",\"command\":\"systemctl status teleport --no-pager\",\"exitCode\":\"0\",\"addr.remote\":\"10.0.4.22:40312\"}"); break;
                            case 6: sb.Append("{\"code\":\"T2011I\",\"event\":\"app.session.request\",").Append(common).Append(",\"sid\":\"").Append(Id(r)).Append("\",\"app_name\":\"grafana\",\"status_code\":200,\"path\":\"/api/dashboards/uid/").Append(Id(r).Substring(0, 8)).Append("\",\"raw_query\":\"\",\"method\":\"GET\"}"); break;
                            default: sb.Append("{\"code\":\"T2000I\",\"event\":\"session.start\",").Append(common).Append(",\"sid\":\"").Append(Id(r)).Append("\",\"server_id\":\"").Append(Id(r)).Append("\",\"server_hostname\":\"web-").Append(r.Next(1, 40)).Append("\",\"login\":\"ubuntu\",\"session_recording\":\"node\",\"proto\":\"ssh\",\"size\":\"120:40\",\"initial_command\":[\"\"]}"); break;
                        }
                    }
                    sb.Append('\n');
                    w.Write(sb.ToString());
                    lines++;
                }
            }
        }
        return new[] { lines, mcp, denied };
    }
    static string Id(Random r)
    {
        var b = new byte[16];
        r.NextBytes(b);
        return new Guid(b).ToString();
    }
}
'@

# The pipeline floor: a compiled cmdlet that writes N small objects and does nothing else. Whatever a cmdlet does,
# writing N objects into Measure-Object costs at least this (about 1 us per object in PowerShell).
$floorSource = @'
using System.Management.Automation;
[Cmdlet(VerbsLifecycle.Invoke, "TmcpPipelineFloor")]
public sealed class InvokeTmcpPipelineFloor : PSCmdlet
{
    [Parameter(Mandatory = true)] public long Count { get; set; }
    public sealed class Item { public long Index; public string Source; }
    protected override void EndProcessing()
    {
        for (long i = 0; i < Count; i++) WriteObject(new Item { Index = i, Source = "floor" });
    }
}
'@

try {
    $pwshCmd = Get-ChildPwsh
    $pwsh = $pwshCmd[0]
    $pwshLead = @($pwshCmd | Select-Object -Skip 1)
    Write-Host "Writing a deterministic $SizeMB MB Teleport audit log ($McpPercent% MCP events) to $log"
    $genTime = Measure-Command { $counts = [TmcpBenchAudit]::Write($log, [long]$SizeMB * 1MB, $McpPercent) }
    $mb = (Get-Item -LiteralPath $log).Length / 1MB
    Write-Host ("  {0:N0} events, {1:N0} MCP, {2:N0} denied tools/call; {3:N1} MB, written in {4:N1} s" -f $counts[0], $counts[1], $counts[2], $mb, $genTime.TotalSeconds)

    if ($GenerateOnly) { return }
    $grep = Get-Command grep -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $grep) { throw 'grep is not on PATH: it is the baseline of this bench.' }
    # Each child prints "<count> <first run s> <second run s> <first run CPU s> <second run CPU s>".
    function Get-TimedScript([string] $setup, [string] $command) {
        @"
$setup
`$me = [Diagnostics.Process]::GetCurrentProcess()
`$out = foreach (`$i in 1, 2) {
    `$me.Refresh(); `$cpu = `$me.TotalProcessorTime
    `$sw = [Diagnostics.Stopwatch]::StartNew()
    `$n = ($command | Measure-Object).Count
    `$sw.Stop(); `$me.Refresh()
    [pscustomobject]@{ N = `$n; S = `$sw.Elapsed.TotalSeconds; Cpu = (`$me.TotalProcessorTime - `$cpu).TotalSeconds }
}
"`$(`$out[0].N) `$(`$out[0].S) `$(`$out[1].S) `$(`$out[0].Cpu) `$(`$out[1].Cpu)"
"@
    }
    $importOurs = "Import-Module '$ModuleDir/TeleportMcp.psd1'"
    $floorFile = Join-Path $work 'PipelineFloor.cs'
    Set-Content -LiteralPath $floorFile -Value $floorSource
    $importFloor = "Import-Module -Assembly (Add-Type -LiteralPath '$floorFile' -PassThru | Select-Object -First 1).Assembly"
    $best = [ordered]@{}
    function Add-Child([string] $tool, [string] $script) {
        $r = Invoke-Measured $pwsh ($pwshLead + @('-NoProfile', '-NonInteractive', '-Command', $script))
        $o = $r.Output.Trim() -split ' '
        if ($o.Count -lt 5) { throw "$tool printed no timing: $($r.Output)" }
        Add-BestRun $best $tool ([double]$o[1]) ([long]$o[0]) $r.PeakMB $r.Wall ([double]$o[3])
        Add-BestRun $best "$tool (2nd run)" ([double]$o[2]) ([long]$o[0]) $r.PeakMB $r.Wall ([double]$o[4])
    }
    for ($round = 1; $round -le $Rounds; $round++) {
        Write-Host "  round $round of $Rounds (load average $(Get-LoadAverage))"
        $r = Invoke-Measured $grep.Source @('-c', '-F', 'mcp.session.', $log)
        Add-BestRun $best 'grep -c -F mcp.session.' $r.Wall ([long]$r.Output.Trim()) $r.PeakMB $r.Wall
        Add-Child 'Get-TeleportMcpAuditEvent' (Get-TimedScript $importOurs "Get-TeleportMcpAuditEvent -LiteralPath '$log'")
        Add-Child 'Get-TeleportMcpAuditEvent -FailedOnly' (Get-TimedScript $importOurs "Get-TeleportMcpAuditEvent -LiteralPath '$log' -FailedOnly")
        Add-Child "Pipeline floor ($($counts[1]) objects)" (Get-TimedScript $importFloor "Invoke-TmcpPipelineFloor -Count $($counts[1])")
    }
    $results = @($best.Values)
    Write-Host ''
    Write-Host ("{0,-48} {1,9} {2,9} {3,9} {4,11} {5,9} {6,9}" -f 'Tool', 'Seconds', 'CPU s', 'MB/s', 'Count', 'Peak MB', 'Wall s')
    foreach ($r in $results) {
        $cpu = if ($r.Cpu -ge 0) { '{0:N2}' -f $r.Cpu } else { '-' }
        Write-Host ("{0,-48} {1,9:N2} {2,9} {3,9:N1} {4,11:N0} {5,9:N1} {6,9:N2}" -f $r.Tool, $r.Seconds, $cpu, ($mb / $r.Seconds), $r.Count, $r.PeakMB, $r.Wall)
    }
    $g = $best['grep -c -F mcp.session.'].Seconds
    $all = $best['Get-TeleportMcpAuditEvent']; $all2 = $best['Get-TeleportMcpAuditEvent (2nd run)']
    $failed = $best['Get-TeleportMcpAuditEvent -FailedOnly']; $failed2 = $best['Get-TeleportMcpAuditEvent -FailedOnly (2nd run)']
    $floor = $best["Pipeline floor ($($counts[1]) objects)"]; $floor2 = $best["Pipeline floor ($($counts[1]) objects) (2nd run)"]
    Write-Host ''
    Write-Host ("-FailedOnly vs grep -c:                     {0:N2}x first run in a fresh process, {1:N2}x second run (goal <= 2x)" -f ($failed.Seconds / $g), ($failed2.Seconds / $g))
    Write-Host ("Every MCP event vs grep -c:                 {0:N2}x first run, {1:N2}x second run (goal <= 2x)" -f ($all.Seconds / $g), ($all2.Seconds / $g))
    Write-Host ("Every MCP event vs the pipeline floor:      {0:N2}x first run, {1:N2}x second run ({2:N0} objects into Measure-Object cost {3:N2} s / {4:N2} s by themselves)" -f ($all.Seconds / $floor.Seconds), ($all2.Seconds / $floor2.Seconds), $counts[1], $floor.Seconds, $floor2.Seconds)
    Write-Host ("Every MCP event vs grep + pipeline floor:   {0:N2}x first run, {1:N2}x second run (reading the file and writing the objects, each at its floor)" -f ($all.Seconds / ($g + $floor.Seconds)), ($all2.Seconds / ($g + $floor2.Seconds)))
    Write-Host ("Peak memory of the cmdlet's process (both runs): {0:N1} MB, {1:N1} MB with -FailedOnly (goal < 200 MB)" -f $all.PeakMB, $failed.PeakMB)
    if ($all.Count -ne $counts[1] -or $failed.Count -ne $counts[2]) { Write-Warning "Counts differ from the generator's: $($all.Count) MCP events (expected $($counts[1])), $($failed.Count) failed (expected $($counts[2]))." }
    Write-Host "Notes: best of $Rounds interleaved rounds per tool; load average at the end: $(Get-LoadAverage). The cmdlets are timed inside their process (module import and pwsh start-up excluded; Wall includes them; CPU s is the process's CPU time during the run); grep by wall clock. grep counts lines holding the literal; the cmdlet checks each such line is one JSON event, reads the fields its filter needs, and writes a typed event whose other fields are read when first used."
}
finally {
    if (-not $Keep -and (Test-Path -LiteralPath $work)) { Remove-Item -LiteralPath $work -Recurse -Force }
}
