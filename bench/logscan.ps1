<#
.SYNOPSIS
    Find-TeleportMcpError against Select-String and grep -E on the same ~500 MB Teleport log.
.DESCRIPTION
    Writes a deterministic log of realistic Teleport App Service lines (text handler layout, healthy MCP sessions,
    heartbeats, audit) with a failure every ~250,000 lines (unknown host user, ERROR REPORT of an exited command,
    executable not on PATH, access denied), under out/bench. Then, each in its own child process so peak memory can
    be read, it times on that file:
      - Find-TeleportMcpError -LiteralPath <file>
      - Select-String -LiteralPath <file> -Pattern <every catalog regex>   (the baseline named in the issue)
      - grep -E -f <the catalog regexes, translated to POSIX ERE> <file>  (when grep is on PATH)
    and prints MB/s, the ratios and peak memory (VmHWM from /proc, or PeakWorkingSet64 on Windows, sampled while the
    child runs). The log is deleted at the end unless -Keep.
.EXAMPLE
    dotnet pwsh ./bench/logscan.ps1 -ModuleDir ./out/TeleportMcp
#>
[CmdletBinding()]
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [int] $SizeMB = 500,
    # Each tool runs this many times, interleaved; the best time counts (the machine is shared and noisy).
    [int] $Rounds = 3,
    [switch] $Keep
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ModuleDir = (Resolve-Path $ModuleDir).Path
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$work = Join-Path $repo 'out/bench/logscan'
New-Item -ItemType Directory -Force -Path $work | Out-Null
$log = Join-Path $work 'teleport-app-service.log'
. (Join-Path $repo 'tools/Common.ps1')
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

Add-Type -TypeDefinition @'
using System;
using System.IO;
using System.Text;
public static class TmcpBenchLog
{
    static readonly string[] Apps = { "files", "git", "jira", "wiki", "grafana", "teleport-mcp-demo" };
    static readonly string[] Users = { "alice", "bob", "carol", "dave", "erin" };
    public static long Write(string path, long targetBytes)
    {
        var r = new Random(20250930);
        var t = new DateTime(2025, 9, 30, 0, 0, 0, DateTimeKind.Utc);
        long lines = 0;
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            var sb = new StringBuilder(512);
            while (w.BaseStream.Position < targetBytes)
            {
                for (int k = 0; k < 4096; k++)
                {
                    sb.Clear();
                    t = t.AddMilliseconds(r.Next(1, 60));
                    string ts = t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
                    string app = Apps[r.Next(Apps.Length)], user = Users[r.Next(Users.Length)];
                    string sid = Sid(r);
                    string session = " client_ip:10.0." + r.Next(0, 8) + "." + r.Next(2, 250) + ":" + r.Next(30000, 60000) + " app:" + app + " app_uri:mcp+stdio:// user:" + user + " session_id:" + sid;
                    sb.Append(ts);
                    if (r.Next(250000) == 0)
                    {
                        switch (r.Next(4))
                        {
                            case 0: sb.Append(" WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user mcp-" + app + "] app/connections_handler.go:315"); break;
                            case 1: sb.Append(" WARN [APP:SERVI] Failed to handle client connection. error:[\nERROR REPORT:\nOriginal Error: *exec.ExitError exit status 1\nStack Trace:\n\t/go/src/github.com/gravitational/teleport/lib/srv/mcp/stdio.go:140 github.com/gravitational/teleport/lib/srv/mcp.(*Server).handleStdio\n\t/opt/go/src/runtime/asm_amd64.s:1700 runtime.goexit\nUser Message: \n] app/connections_handler.go:315"); lines += 7; break;
                            case 2: sb.Append(" WARN [APP:SERVI] Failed to handle client connection. error:[exec: \"" + app + "-mcp\": executable file not found in $PATH] app/connections_handler.go:315"); break;
                            default: sb.Append(" WARN [APP:SERVI] Access denied to application. app:" + app + " error:[access to app denied] app/connections_handler.go:402"); break;
                        }
                    }
                    else
                    {
                        switch (r.Next(12))
                        {
                            case 0: sb.Append(" DEBU [MCP]       Started handling stdio session").Append(session).Append(" mcp/stdio.go:84"); break;
                            case 1: sb.Append(" DEBU [MCP]       Completed handling stdio session").Append(session).Append(" mcp/stdio.go:90"); break;
                            case 2: sb.Append(" DEBU [MCP]       Received tools/list result received:").Append(r.Next(3, 30)).Append(" allowed:").Append(r.Next(1, 3)).Append(session).Append(" mcp/session.go:212"); break;
                            case 3: sb.Append(" INFO [APP:SERVI] Heartbeat sent kind:app_server name:").Append(app).Append(" srv/heartbeat.go:321"); break;
                            case 4: sb.Append(" DEBU [APP:SERVI] Resource is already up to date kind:app name:").Append(app).Append(" services/reconciler.go:203"); break;
                            case 5: sb.Append(" DEBU [MCP]       Sending SIGINT to command").Append(session).Append(" mcp/stdio.go:170"); break;
                            case 6: sb.Append(" INFO [AUDIT]     mcp.session.start cluster_name:teleport.example.com code:TMCP001I ei:0 event:mcp.session.start uid:").Append(Sid(r)).Append(" user:").Append(user).Append(" events/emitter.go:287"); break;
                            case 7: sb.Append(" DEBU [PROXY:AGE] Proxy agent connected to tunnel addr:proxy.example.com:443 reversetunnel/agent.go:402"); break;
                            case 8: sb.Append(" INFO [UPLOAD]    Session upload completed duration:").Append(r.Next(20, 900)).Append("ms session_id:").Append(sid).Append(" events/complete.go:241"); break;
                            case 9: sb.Append(" DEBU [AUTH:CLIE] Connected to auth server addr:auth.example.com:3025 client/client.go:339"); break;
                            case 10: sb.Append(" DEBU [MCP]       Command exited error:[signal: interrupt] exit:-1").Append(session).Append(" mcp/stdio.go:131"); break;
                            default: sb.Append(" DEBU [MCP]       Preparing command to execute cmd:/opt/mcp/").Append(app).Append("-mcp args:[--stdio]").Append(session).Append(" mcp/stdio.go:97"); break;
                        }
                    }
                    sb.Append('\n');
                    w.Write(sb.ToString());
                    lines++;
                }
            }
        }
        return lines;
    }
    static string Sid(Random r)
    {
        var b = new byte[16];
        r.NextBytes(b);
        return new Guid(b).ToString();
    }
}
'@


function ConvertTo-Ere([string] $pattern) {
    # The catalog's .NET patterns, as POSIX ERE for grep -E (grep is line based; multi-line parts become '.').
    $p = $pattern -replace '^\(\?[ms]+\)', ''
    # No lookbehind in ERE: it only narrows a match. An atomic group matches what the group matches. \A is the line start.
    $p = $p -replace '\(\?<![^)]*\)', ''
    $p = $p -replace '\(\?<[A-Za-z_][A-Za-z0-9_]*>', '(' -replace '\(\?:', '(' -replace '\(\?>', '('
    $p = $p.Replace('\A', '^')
    # grep expands a bounded repetition into that many copies: a window of thousands of characters ({0,4000}) would cost
    # grep minutes, so a wide window becomes '*' (it finds the same lines and more).
    $p = $p -replace '\{0,(\d{3,})\}', { if ([int]$_.Groups[1].Value -gt 255) { '*' } else { $_.Value } }
    $p = $p.Replace('[\s\S]', '.').Replace('\d', '[0-9]').Replace('\s', '[[:space:]]').Replace('\S', '[^[:space:]]').Replace('\w', '[[:alnum:]_]')
    $p = $p -replace '([*+?}])\?', '$1'
    $p = $p -replace '\[\^\[\[:space:\]\]', '[^[:space:]' # [^\s...] inside a class
    $p
}

try {
    $pwshCmd = Get-ChildPwsh # the same PowerShell as this one (`dotnet pwsh` runs pwsh.dll under dotnet)
    $pwsh = $pwshCmd[0]
    $pwshLead = @($pwshCmd | Select-Object -Skip 1)
    Write-Host "Writing a deterministic $SizeMB MB Teleport log to $log"
    $genTime = Measure-Command { $lines = [TmcpBenchLog]::Write($log, [long]$SizeMB * 1MB) }
    $bytes = (Get-Item $log).Length
    $mb = $bytes / 1MB
    Write-Host ("  {0:N0} lines, {1:N1} MB, written in {2:N1} s" -f $lines, $mb, $genTime.TotalSeconds)

    # The catalog's patterns, read from the module's own catalog.
    $patternScript = @"
Import-Module '$ModuleDir/TeleportMcp.psd1'
'' | Find-TeleportMcpError | Out-Null # the engine loads on first use
`$asm = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'TeleportMcp.Engine' } | Select-Object -First 1
`$cat = `$asm.GetType('TeleportMcp.Engine.Logs.KnownErrorCatalog')::Embedded
`$cat.Entries | ForEach-Object { `$_.Match.ToString() }
"@
    $patterns = @(& $pwsh @pwshLead -NoProfile -NonInteractive -Command $patternScript)
    if ($patterns.Count -lt 10) { throw "Could not read the catalog patterns ($($patterns.Count))." }
    $patternFile = Join-Path $work 'patterns.txt'
    Set-Content -LiteralPath $patternFile -Value $patterns -Encoding utf8NoBOM
    $ereFile = Join-Path $work 'patterns.ere'
    Set-Content -LiteralPath $ereFile -Value ($patterns | ForEach-Object { ConvertTo-Ere $_ }) -Encoding utf8NoBOM
    Write-Host "  $($patterns.Count) catalog patterns"

    $grep = Get-Command grep -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($grep) {
        $null = & $grep.Source -E -f $ereFile $patternFile 2>&1
        if ($LASTEXITCODE -gt 1) { throw "grep -E rejects the translated patterns in $ereFile." }
    }
    else {
        Write-Warning 'grep is not on PATH: the grep comparison is skipped.'
    }
    $oursScript = @"
Import-Module '$ModuleDir/TeleportMcp.psd1'
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$n = (Find-TeleportMcpError -LiteralPath '$log' | Measure-Object).Count
`$sw.Stop()
"`$n `$(`$sw.Elapsed.TotalSeconds)"
"@
    $ssScript = @"
`$patterns = Get-Content -LiteralPath '$patternFile'
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$n = (Select-String -LiteralPath '$log' -Pattern `$patterns -CaseSensitive | Measure-Object).Count
`$sw.Stop()
"`$n `$(`$sw.Elapsed.TotalSeconds)"
"@
    $best = [ordered]@{}
    for ($round = 1; $round -le $Rounds; $round++) {
        Write-Host "  round $round of $Rounds"
        $r = Invoke-Measured $pwsh ($pwshLead + @('-NoProfile', '-NonInteractive', '-Command', $oursScript))
        $o = $r.Output.Trim() -split ' '
        Add-BestRun $best 'Find-TeleportMcpError' ([double]$o[1]) ([int]$o[0]) $r.PeakMB $r.Wall
        $r = Invoke-Measured $pwsh ($pwshLead + @('-NoProfile', '-NonInteractive', '-Command', $ssScript))
        $o = $r.Output.Trim() -split ' '
        Add-BestRun $best 'Select-String (catalog regexes)' ([double]$o[1]) ([int]$o[0]) $r.PeakMB $r.Wall
        if ($grep) {
            $r = Invoke-Measured $grep.Source @('-E', '-c', '-f', $ereFile, $log)
            Add-BestRun $best 'grep -E (same patterns as ERE)' $r.Wall ([int]$r.Output.Trim()) $r.PeakMB $r.Wall
        }
    }
    $results = @($best.Values)
    Write-Host ''
    Write-Host ("{0,-34} {1,9} {2,9} {3,9} {4,9} {5,9}" -f 'Tool', 'Seconds', 'MB/s', 'Matches', 'Peak MB', 'Wall s')
    foreach ($r in $results) {
        Write-Host ("{0,-34} {1,9:N2} {2,9:N1} {3,9:N0} {4,9:N1} {5,9:N2}" -f $r.Tool, $r.Seconds, ($mb / $r.Seconds), $r.Count, $r.PeakMB, $r.Wall)
    }
    $us = $results[0].Seconds
    Write-Host ''
    Write-Host ("Speed-up over Select-String: {0:N1}x (target >= 5x)" -f ($results[1].Seconds / $us))
    if ($results.Count -gt 2) { Write-Host ("Time relative to grep -E:    {0:N2}x (target <= 3x)" -f ($us / $results[2].Seconds)) }
    Write-Host ("Peak memory of the cmdlet's process: {0:N1} MB (target < 200 MB)" -f $results[0].PeakMB)
    Write-Host "Notes: best of $Rounds interleaved rounds per tool; load average at the end: $(Get-LoadAverage). The cmdlet and Select-String are timed inside their process (module import and pwsh start-up excluded; Wall includes them); grep by wall clock. Select-String and grep count matching lines, the cmdlet counts findings (one per record, ERROR REPORT blocks included)."
}
finally {
    if (-not $Keep -and (Test-Path $log)) { Remove-Item -LiteralPath $log -Force }
}
