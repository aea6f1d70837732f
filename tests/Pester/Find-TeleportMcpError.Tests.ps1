BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $logs = Join-Path $ExamplesDir 'logs'
    $appLog = Join-Path $logs 'app-service.log'
    $serverLog = Join-Path $logs 'mcp-server-teleport-mcp-files.log'
    # What the example App Service log holds (examples/logs/app-service.log): id@line
    $appLogFindings = @('TMCP-LOG-002@8', 'TMCP-LOG-001@13', 'TMCP-LOG-005@23', 'TMCP-LOG-004@24', 'TMCP-LOG-006@25')
    function Get-Keys($findings) { @($findings | ForEach-Object { '{0}@{1}' -f $_.Id, $_.LineNumber }) }
}

Describe 'Find-TeleportMcpError' {
    Context 'files' {
        It 'finds the known failures of an App Service log, with app, user, command and time' {
            $f = Find-TeleportMcpError -Path $appLog
            Get-Keys $f | Should -Be $appLogFindings
            $f[0].PSObject.TypeNames[0] | Should -Be 'TeleportMcp.Finding'
            $f[0].App | Should -Be 'everything'
            $f[0].User | Should -Be 'alice'
            $f[0].Command | Should -Be 'npx'
            $f[0].Time | Should -Be ([datetime]::new(2025, 9, 30, 10, 0, 0, 415, [DateTimeKind]::Utc))
            $f[0].Fix | Should -BeLike '*useradd --system --no-create-home mcp-runner*tctl edit app/everything*'
            $f[0].Source | Should -Be $appLog
            $f[1].Evidence | Should -BeLike '*Original Error: `*exec.ExitError exit status 1*'
        }

        # lib/httplib/reverseproxy/reverse_proxy.go @01264f3e roundTripperWithLogger logs "Error forwarding request" and returns the
        # error, which httputil.ReverseProxy hands to lib/srv/mcp/http.go @0172e726 makeProxyErrorHandler ("Failed to proxy MCP request").
        It 'one failed streamable HTTP request, logged by both, is one finding with both lines as evidence, in order' {
            $log = Join-Path $TestDrive 'http-pair.log'
            @(
                '2025-11-03T09:04:00.529Z ERRO [MCP]       Error forwarding request app:grafana app_uri:mcp+https://grafana.internal:3000/mcp user:alice method:POST url:https://grafana.internal:3000/mcp error:[dial tcp 10.0.8.20:3000: connect: connection refused] reverseproxy/reverse_proxy.go:240'
                '2025-11-03T09:04:00.530Z WARN [MCP]       Failed to proxy MCP request app:grafana user:alice method:POST path:/mcp status_code:502 error:[dial tcp 10.0.8.20:3000: connect: connection refused] mcp/http.go:301'
            ) | Set-Content -LiteralPath $log -Encoding utf8NoBOM
            $f = @(Find-TeleportMcpError -Path $log)
            $f.Count | Should -Be 1
            $f[0].Id | Should -BeExactly 'TMCP-LOG-102'
            $f[0].LineNumber | Should -Be 2
            $f[0].Evidence | Should -BeLike '*Error forwarding request*Failed to proxy MCP request*'
            (Find-TeleportMcpError -Path $log -Summary).Count | Should -Be 1
        }

        It 'expands wildcards, and reads a folder at every level below it as the diagnosis -LogPath does' {
            New-Item -ItemType Directory -Path TestDrive:/logs/sub | Out-Null
            Copy-Item $appLog TestDrive:/logs/a.log
            Copy-Item $serverLog TestDrive:/logs/sub/mcp-server-teleport-mcp-files.log
            (Find-TeleportMcpError -Path (Join-Path $TestDrive 'logs/*.log')).Count | Should -Be $appLogFindings.Count
            $all = Find-TeleportMcpError -Path (Join-Path $TestDrive 'logs')
            $all.Count | Should -BeGreaterThan $appLogFindings.Count
            $all.Source | Should -Contain (Join-Path $TestDrive 'logs/sub/mcp-server-teleport-mcp-files.log')
            # -Recurse is still accepted and changes nothing.
            (Find-TeleportMcpError -Path (Join-Path $TestDrive 'logs') -Recurse).Source | Should -Be $all.Source
            (Find-TeleportMcpError -LiteralPath (Join-Path $TestDrive 'logs')).Source | Should -Be $all.Source
        }

        It 'takes -LiteralPath with wildcard characters in the name' {
            Copy-Item -LiteralPath $appLog -Destination (Join-Path $TestDrive 'app[1].log')
            Get-Keys (Find-TeleportMcpError -LiteralPath (Join-Path $TestDrive 'app[1].log')) | Should -Be $appLogFindings
        }

        It 'takes Get-ChildItem output from the pipeline (PSPath)' {
            $f = Get-ChildItem -LiteralPath $logs -Filter '*.log' | Find-TeleportMcpError
            ($f.Source | Sort-Object -Unique).Count | Should -Be (Get-ChildItem -LiteralPath $logs -Filter '*.log').Count
            Get-Keys ($f | Where-Object Source -eq $appLog) | Should -Be $appLogFindings
        }

        It 'reports a missing file as a non-terminating error and goes on' {
            $f = Find-TeleportMcpError -Path (Join-Path $TestDrive 'nope.log'), $appLog -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'PathNotFound,TeleportMcp.Commands.FindTeleportMcpErrorCommand'
            Get-Keys $f | Should -Be $appLogFindings
        }
    }

    Context 'encodings and compression' {
        It 'reads <Encoding> with <Eol> line ends' -ForEach @(
            @{ Encoding = 'utf8NoBOM'; Eol = 'LF' }
            @{ Encoding = 'utf8BOM'; Eol = 'CRLF' }
            @{ Encoding = 'unicode'; Eol = 'CRLF' }       # Windows PowerShell 5.1 '>' redirection
            @{ Encoding = 'bigendianunicode'; Eol = 'LF' }
        ) {
            $text = (Get-Content -Raw -LiteralPath $appLog) -replace "`r?`n", $(if ($Eol -eq 'CRLF') { "`r`n" } else { "`n" })
            $path = Join-Path $TestDrive "enc-$Encoding.log"
            Set-Content -LiteralPath $path -Value $text -Encoding $Encoding -NoNewline
            $f = Find-TeleportMcpError -LiteralPath $path
            Get-Keys $f | Should -Be $appLogFindings
            $f[0].Evidence | Should -Not -Match "`r"
        }

        It 'reads a gzip-compressed rotated log' {
            $path = Join-Path $TestDrive 'app-service.log.1.gz'
            $bytes = [IO.File]::ReadAllBytes($appLog)
            $fs = [IO.File]::Create($path)
            $gz = [IO.Compression.GZipStream]::new($fs, [IO.Compression.CompressionLevel]::Optimal)
            $gz.Write($bytes, 0, $bytes.Length); $gz.Dispose(); $fs.Dispose()
            Get-Keys (Find-TeleportMcpError -Path $path) | Should -Be $appLogFindings
        }

        It 'reads a log another process is still writing' {
            $path = Join-Path $TestDrive 'live.log'
            $writer = [IO.FileStream]::new($path, 'Create', 'Write', 'ReadWrite')
            try {
                $b = [IO.File]::ReadAllBytes($appLog)
                $writer.Write($b, 0, $b.Length); $writer.Flush()
                Get-Keys (Find-TeleportMcpError -LiteralPath $path) | Should -Be $appLogFindings
                { $writer.Write($b, 0, 10) } | Should -Not -Throw
            }
            finally { $writer.Dispose() }
        }
    }

    Context 'escape sequences' {
        # One rule for where a sequence ends (ECMA-48 5.4, 8.3.89; 7-bit and 8-bit forms; Common/EscapeSequences.cs): a known
        # error a colour code or a hyperlink splits is found, and its evidence holds nothing of the sequence.
        It 'finds a known error <What> splits, shown without it' -ForEach @(
            @{ What = 'an 8-bit CSI colour code (U+009B)'; Line = "2025-09-30T10:00:00.000Z WARN [APP:SERVI] Access denied to `u{9B}1mapplication`u{9B}0m. app:payroll" }
            @{ What = 'an OSC 8 hyperlink'; Line = "2025-09-30T10:00:00.000Z WARN [APP:SERVI] Access denied to `e]8;;https://x.example/`e\application`e]8;;`e\. app:payroll" }
            @{ What = 'an 8-bit OSC string (U+009D ... U+009C)'; Line = "2025-09-30T10:00:00.000Z WARN [APP:SERVI] Access denied to `u{9D}0;t`u{9C}application. app:payroll" }
        ) {
            $path = Join-Path $TestDrive 'esc.log'
            [IO.File]::WriteAllText($path, "first`n$Line`n")
            $f = @(Find-TeleportMcpError -LiteralPath $path)
            $f.Count | Should -Be 1
            $f[0].Id | Should -BeExactly 'TMCP-LOG-005'
            $f[0].Evidence | Should -BeLike '*Access denied to application.*'
            $f[0].Evidence | Should -Not -Match '[\x1b\x90\x98\x9b\x9c\x9d\x9e\x9f]|8;;|\\x1B|\\u009B'
        }
    }

    Context 'pipeline lines' {
        It 'reads lines from Get-Content and names the file they were read from (PSPath, ReadCount)' {
            $f = Get-Content -LiteralPath $appLog | Find-TeleportMcpError
            Get-Keys $f | Should -Be $appLogFindings
            $f.Source | Sort-Object -Unique | Should -Be $appLog
        }

        It 'names the source pipeline for lines that do not say where they come from' {
            $f = Get-Content -LiteralPath $appLog | ForEach-Object { "$_" } | Find-TeleportMcpError
            Get-Keys $f | Should -Be $appLogFindings
            $f.Source | Sort-Object -Unique | Should -Be 'pipeline'
        }

        # Get-Content a.log, b.log mixes two files in one stream: each file is read as its own input, as -Path reads it.
        Context 'several files in one stream' {
            BeforeAll {
                $demo = Join-Path $TestDrive 'mcpServer.mcp.config.usrlocal.teleport-mcp-demo.log'
                $files = Join-Path $TestDrive 'mcpServer.mcp.config.usrlocal.teleport-mcp-files.log'
                @(
                    '2026-03-02 10:00:00.100 [info] Starting server teleport-mcp-demo'
                    '2026-03-02 10:00:05.150 [info] Waiting for server to respond to `initialize` request...'
                    '2026-03-02 10:00:10.150 [info] Waiting for server to respond to `initialize` request...'
                ) | Set-Content -LiteralPath $demo -Encoding utf8NoBOM
                @(
                    '2026-03-02 10:00:00.200 [info] Starting server teleport-mcp-files'
                    '2026-03-02 10:00:06.000 [info] Discovered 4 tools'
                ) | Set-Content -LiteralPath $files -Encoding utf8NoBOM
                $tshA = Join-Path $TestDrive 'tsh-a.log'
                $tshB = Join-Path $TestDrive 'tsh-b.log'
                'ERROR: cannot relogin in non-interactive session' | Set-Content -LiteralPath $tshA -Encoding utf8NoBOM
                "`tssh: cert has expired" | Set-Content -LiteralPath $tshB -Encoding utf8NoBOM
                function Get-Found($findings) { @($findings | ForEach-Object { '{0}@{1}:{2}|{3}' -f $_.Id, (Split-Path -Leaf $_.Source), $_.LineNumber, $_.App }) }
                $expected = 'TMCP-LOG-263@mcpServer.mcp.config.usrlocal.teleport-mcp-demo.log:2|demo'
            }

            It 'does not let another server''s log close a VS Code wait' {
                Get-Found (Get-Content -LiteralPath $demo, $files | Find-TeleportMcpError) | Should -Be $expected
                Get-Found (Get-ChildItem -LiteralPath $TestDrive -Filter 'mcpServer.*' | Get-Content | Find-TeleportMcpError) | Should -Be $expected
            }

            It 'keeps lines of two files apart when they come interleaved' {
                $lines = Get-Content -LiteralPath $demo, $files | Sort-Object { $_.Substring(0, 23) }
                Get-Found ($lines | Find-TeleportMcpError) | Should -Be $expected
            }

            It 'does not continue one file''s tsh record with the next file''s first line' {
                $f = @(Get-Content -LiteralPath $tshA, $tshB | Find-TeleportMcpError)
                Get-Found $f | Should -Be 'TMCP-LOG-190@tsh-a.log:1|'
                $f[0].Cause | Should -BeLike "*failed with '<error>'*"
            }

            It 'numbers lines as the file does when a filter left some out' {
                Get-Found (Get-Content -LiteralPath $demo | Select-Object -Skip 2 | Find-TeleportMcpError) |
                    Should -Be 'TMCP-LOG-263@mcpServer.mcp.config.usrlocal.teleport-mcp-demo.log:3|demo'
            }

            It 'numbers an audit event among the lines as the file does' {
                $audit = Join-Path $ExamplesDir 'audit/events-2025-09-30.log'
                $f = @(Get-Content -LiteralPath $audit | Select-Object -Skip 7 -First 1 | Find-TeleportMcpError)
                $f.Count | Should -Be 1
                $f[0].Id | Should -BeLike 'TMCP-AUDIT-*'
                $f[0].Source | Should -Be $audit
                $f[0].LineNumber | Should -Be 8
            }

            It 'reads deserialized lines (Import-Clixml, remoting, jobs) the same way' {
                $xml = Join-Path $TestDrive 'lines.xml'
                Get-Content -LiteralPath $demo, $files | Export-Clixml -LiteralPath $xml
                Get-Found (Import-Clixml -LiteralPath $xml | Find-TeleportMcpError) | Should -Be $expected
            }

            # A local job's lines come back with PSComputerName localhost: they are this computer's file, named by its path as
            # a live read names it (before: localhost:<path>, no path anyone can open). Another computer's lines keep its
            # name (web1:<path>), so one path read on two computers stays two files.
            It 'names a local job''s lines by their path, and another computer''s lines by computer:path' {
                $job = Start-Job { Get-Content -LiteralPath $using:demo }
                $lines = @(Receive-Job $job -Wait -AutoRemoveJob)
                $lines[0].PSComputerName | Should -BeExactly 'localhost'
                $f = @($lines | Find-TeleportMcpError)
                @($f.Source | Select-Object -Unique) | Should -Be @($demo)
                $xml = Join-Path $TestDrive 'computers.xml'
                Get-Content -LiteralPath $demo | Export-Clixml -LiteralPath $xml
                $two = foreach ($c in 'web1', 'web2') { Import-Clixml -LiteralPath $xml | ForEach-Object { Add-Member -InputObject $_ -NotePropertyName PSComputerName -NotePropertyValue $c -Force -PassThru } }
                $g = @($two | Find-TeleportMcpError)
                @($g | ForEach-Object { '{0}@{1}:{2}' -f $_.Id, $_.Source, $_.LineNumber }) | Should -Be @("TMCP-LOG-263@web1:${demo}:2", "TMCP-LOG-263@web2:${demo}:2")
            }

            # This computer's other names (session 45, helper-295; PipedComputer reads them from the system, resolving nothing):
            # its name in another case, any loopback address (127.0.0.0/8) and an address of its own interfaces name the path
            # alone (before: the three kept computer:path).
            # (an IPv4 link-local address is not taken: it has no zone to say which link, so it may be another computer's)
            It 'names lines read on this computer by the path alone, whichever of its names or addresses they carry' {
                $xml = Join-Path $TestDrive 'own.xml'
                Get-Content -LiteralPath $demo | Export-Clixml -LiteralPath $xml
                $own = @([System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() | ForEach-Object { $_.GetIPProperties().UnicastAddresses } |
                    ForEach-Object Address | Where-Object { -not [System.Net.IPAddress]::IsLoopback($_) -and -not $_.ToString().StartsWith('169.254.', [System.StringComparison]::Ordinal) } | Select-Object -First 1 | ForEach-Object { $_.ToString() })
                foreach ($c in @([Environment]::MachineName.ToUpperInvariant(), [Environment]::MachineName.ToLowerInvariant(), '127.0.0.2') + $own) {
                    $f = @(Import-Clixml -LiteralPath $xml | ForEach-Object { Add-Member -InputObject $_ -NotePropertyName PSComputerName -NotePropertyValue $c -Force -PassThru } | Find-TeleportMcpError)
                    @($f | ForEach-Object { '{0}@{1}:{2}' -f $_.Id, $_.Source, $_.LineNumber }) | Should -Be @("TMCP-LOG-263@${demo}:2") -Because $c
                }
            }

            # A local job's lines of a file and Get-Content of the same file are that file read twice: each read its own
            # input, as two Get-Content commands are, so the job's tsh record at line 1 is not continued by the live read's
            # line 2 (before: joined, the cause naming line 2's 'ssh: cert has expired' as the failure).
            It 'reads a local job''s lines and a live read of the same file as two reads of that file' {
                $t = Join-Path $TestDrive 'tsh-twice.log'
                "ERROR: cannot relogin in non-interactive session`n`tssh: cert has expired" | Set-Content -LiteralPath $t -Encoding utf8NoBOM
                $job = Start-Job { Get-Content -LiteralPath $using:t -TotalCount 1 }
                $lines = @(Receive-Job $job -Wait -AutoRemoveJob)
                $f = @(& { $lines; Get-Content -LiteralPath $t | Select-Object -Skip 1 } | Find-TeleportMcpError)
                $live = @(& { Get-Content -LiteralPath $t -TotalCount 1; Get-Content -LiteralPath $t | Select-Object -Skip 1 } | Find-TeleportMcpError)
                Get-Found $f | Should -Be 'TMCP-LOG-190@tsh-twice.log:1|'
                $f[0].Source | Should -BeExactly $t
                $f[0].Cause | Should -BeLike "*failed with '<error>'*"
                $f[0].Cause | Should -BeExactly $live[0].Cause
            }

            # Session 46 (helper-311): one file's lines split between Import-Clixml (deserialized copies) and live lines,
            # numbered as the next line: one read split in two, or two reads whose counts meet (-Tail 1 numbers its line 1 as
            # -TotalCount 1 does). Nothing on the lines tells which, so the tsh record at line 1 is not joined with line 2 (as
            # two Get-Content commands), and that is said once, naming the line (before: not joined, nothing said).
            It 'says when a file''s lines are split between Import-Clixml and a live read, and joins no record across the split' {
                $t = Join-Path $TestDrive 'tsh-split.log'
                "ERROR: cannot relogin in non-interactive session`n`tssh: cert has expired" | Set-Content -LiteralPath $t -Encoding utf8NoBOM
                $xml = Join-Path $TestDrive 'split.xml'
                Get-Content -LiteralPath $t -TotalCount 1 | Export-Clixml -LiteralPath $xml
                $f = @(& { Import-Clixml -LiteralPath $xml; Get-Content -LiteralPath $t | Select-Object -Skip 1 } | Find-TeleportMcpError -WarningVariable warn -WarningAction SilentlyContinue)
                Get-Found $f | Should -Be 'TMCP-LOG-190@tsh-split.log:1|'
                $f[0].Cause | Should -BeLike "*failed with '<error>'*"
                @($warn.Message) | Should -BeLike "${t}:2: this line is the object Get-Content wrote and follows line 1 of the file, a deserialized copy. They may be one Get-Content read split in two*"
            }

            # Session 46 (helper-311, changed by helper-322): a bare alias of a loopback address (this machine's /etc/hosts gives
            # "127.0.0.1 runsc"; "127.0.0.1 prod-db" is how ssh -L 5985:prod-db:5985 sends remoting to another computer) may
            # be a tunnel, so its lines stay alias:path, and a warning names the hosts line once (before helper-322: the path
            # alone, joined with this computer's own reads). A name of no address here stays computer:path.
            It 'keeps alias:path for a name only its hosts file maps to loopback, and names the hosts line once' {
                $hostsPath = if ($IsWindows) { Join-Path $env:SystemRoot 'System32\drivers\etc\hosts' } else { '/etc/hosts' }
                $known = @('localhost', [Environment]::MachineName, [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().HostName)
                $loop = @(); $other = @()
                foreach ($line in @(Get-Content -LiteralPath $hostsPath -ErrorAction SilentlyContinue)) {
                    $fields = @((($line -split '#')[0]).Trim() -split '\s+' | Where-Object { $_ })
                    if ($fields.Count -lt 2) { continue }
                    $names = $fields[1..($fields.Count - 1)]
                    $withHost = @($names | Where-Object { $_ -in $known -and $_ -ne 'localhost' }).Count -gt 0
                    if (($fields[0] -match '^127\.\d+\.\d+\.\d+$' -or $fields[0] -eq '::1') -and -not $withHost) { $loop += $names } else { $other += $names }
                }
                $alias = @($loop | Where-Object { $_ -notin $known -and $_ -notin $other -and $_ -notlike 'localhost*' -and $_ -notlike 'ip6-*' }) | Select-Object -First 1
                if (-not $alias) { Set-ItResult -Skipped -Because "$hostsPath gives no bare loopback alias"; return }
                $xml = Join-Path $TestDrive 'hosts-alias.xml'
                Get-Content -LiteralPath $demo | Export-Clixml -LiteralPath $xml
                $f = @(Import-Clixml -LiteralPath $xml | ForEach-Object { Add-Member -InputObject $_ -NotePropertyName PSComputerName -NotePropertyValue $alias -Force -PassThru } | Find-TeleportMcpError -WarningVariable warn -WarningAction SilentlyContinue)
                @($f | ForEach-Object { '{0}@{1}:{2}' -f $_.Id, $_.Source, $_.LineNumber }) | Should -Be @("TMCP-LOG-263@${alias}:${demo}:2")
                @($warn.Message | Where-Object { $_ -like "*maps only to a loopback address*" }).Count | Should -Be 1
                @($warn.Message | Where-Object { $_ -like "${alias}:${demo}: these lines were read on '$alias', which the hosts file $hostsPath maps only to a loopback address (line *: '*$alias*'), on no line with this computer's host name.*" }).Count | Should -Be 1
                $f = @(Import-Clixml -LiteralPath $xml | ForEach-Object { Add-Member -InputObject $_ -NotePropertyName PSComputerName -NotePropertyValue 'nosuch.invalid' -Force -PassThru } | Find-TeleportMcpError)
                $f[0].Source | Should -BeExactly "nosuch.invalid:$demo"
            }

            # One Get-Content command reading Case.log and case.log (two files where case matters) gives case.log's lines
            # Case.log's PSPath (ContentCommandBase.cs @00536fbc compares paths OrdinalIgnoreCase; measured by helper-270):
            # the lines cannot say which is which. Told from the count restarting and the folder holding both: a warning
            # names both, once; the same file twice (Get-Content f, f) with no such other file says nothing.
            It 'names both files when one Get-Content reads two paths that differ only in case' {
                $dir = Join-Path $TestDrive 'case'
                New-Item -ItemType Directory -Path $dir -Force | Out-Null
                $upper = Join-Path $dir 'Case.log'
                $lower = Join-Path $dir 'case.log'
                Copy-Item -LiteralPath $demo -Destination $upper
                Copy-Item -LiteralPath $demo -Destination $lower
                if (@(Get-ChildItem -LiteralPath $dir).Count -lt 2) { Set-ItResult -Skipped -Because 'this file system folds case'; return }
                $f = @(Get-Content -LiteralPath $upper, $lower | Find-TeleportMcpError -WarningVariable warn -WarningAction SilentlyContinue)
                @($f.Source | Select-Object -Unique) | Should -Be @($upper)
                @($warn.Message) | Should -BeLike "${upper}:1: one Get-Content command read this file's lines from its start again, and $lower differs from this path only in case*"
                $alone = Join-Path $TestDrive 'alone'
                New-Item -ItemType Directory -Path $alone -Force | Out-Null
                Copy-Item -LiteralPath $demo -Destination (Join-Path $alone 'Case.log')
                $null = @(Get-Content -LiteralPath (Join-Path $alone 'Case.log'), (Join-Path $alone 'Case.log') | Find-TeleportMcpError -WarningVariable warn2 -WarningAction SilentlyContinue)
                $warn2 | Should -BeNullOrEmpty
            }

            # -ReadCount 0 or more than 1 writes lists of lines; one binds -LiteralPath by its PSPath, which read the file once per list.
            It 'reads the lists of lines Get-Content -ReadCount writes once, numbered as the file' {
                Get-Found (Get-Content -LiteralPath $demo -ReadCount 2 | Find-TeleportMcpError) | Should -Be $expected
                Get-Found (Get-Content -LiteralPath $demo, $files -ReadCount 0 | Find-TeleportMcpError) | Should -Be $expected
                Get-Found (Get-Content -LiteralPath $demo -ReadCount 2 | Select-Object -Skip 1 | Find-TeleportMcpError) |
                    Should -Be 'TMCP-LOG-263@mcpServer.mcp.config.usrlocal.teleport-mcp-demo.log:3|demo'
            }

            # -ReadCount 0 writes the whole file as one list whose ReadCount is its length, in every encoding and line ending
            # (measured, pwsh 7.6: UTF-16 LE/BE, UTF-32, UTF-7, BOM-less Latin-1, CRLF/LF/CR/mixed; an empty file writes
            # nothing): the findings and their lines are those of the lines written one at a time.
            It 'reads Get-Content -ReadCount 0 of <Name> as its lines one at a time' -ForEach @(
                @{ Name = 'UTF-16 LE'; Encoding = 'unicode'; End = "`n" }, @{ Name = 'UTF-16 BE'; Encoding = 'bigendianunicode'; End = "`r`n" },
                @{ Name = 'UTF-32'; Encoding = 'utf32'; End = "`n" }, @{ Name = 'Latin-1 without BOM'; Encoding = 'latin1'; End = "`n" },
                @{ Name = 'CRLF'; Encoding = 'utf8'; End = "`r`n" }, @{ Name = 'CR'; Encoding = 'utf8'; End = "`r" }, @{ Name = 'an empty file'; Encoding = 'utf8'; End = $null }
            ) {
                $dir = Join-Path $TestDrive ('rc0-' + ($Name -replace '\W', ''))
                New-Item -ItemType Directory -Path $dir -Force | Out-Null
                $f = Join-Path $dir (Split-Path -Leaf $demo)
                $text = if ($null -eq $End) { '' } else { (@(Get-Content -LiteralPath $demo) -join $End) + $End }
                $enc = if ($Encoding -eq 'latin1') { [Text.Encoding]::Latin1 } elseif ($Encoding -eq 'utf8') { [Text.UTF8Encoding]::new($false) } else { [Text.Encoding]::GetEncoding(@{ unicode = 'utf-16'; bigendianunicode = 'utf-16BE'; utf32 = 'utf-32' }[$Encoding]) }
                [IO.File]::WriteAllText($f, $text, $enc)
                $one = @(Get-Content -LiteralPath $f -Encoding $Encoding | Find-TeleportMcpError)
                $zero = @(Get-Content -LiteralPath $f -Encoding $Encoding -ReadCount 0 | Find-TeleportMcpError -ErrorVariable err)
                $err | Should -BeNullOrEmpty
                if ($null -eq $End) { $one.Count + $zero.Count | Should -Be 0; return }
                Get-Found $one | Should -Be $expected
                Get-Found $zero | Should -Be (Get-Found $one)
            }

            # Select-String's MatchInfo binds as "path:number:line", which no log format reads.
            It 'reads the line of a Select-String match, numbered as the file' {
                Get-Found (Select-String -LiteralPath $demo, $files -Pattern '.' | Find-TeleportMcpError) | Should -Be $expected
                Get-Found (Select-String -LiteralPath $demo -Pattern 'Waiting' | Find-TeleportMcpError) | Should -Be $expected
                $xml = Join-Path $TestDrive 'matches.xml'
                Select-String -LiteralPath $demo -Pattern '.' | Export-Clixml -LiteralPath $xml
                Get-Found (Import-Clixml -LiteralPath $xml | Find-TeleportMcpError) | Should -Be $expected
            }

            # -Context: the lines around a match are lines of the file too, each read once though the contexts of
            # neighbouring matches overlap (their display context holds each line once; MatchString.cs DisplayContextTracker).
            It 'reads the context lines of a Select-String match, each once, numbered as the file' {
                Get-Found (Select-String -LiteralPath $demo -Pattern 'Starting' -Context 0, 2 | Find-TeleportMcpError) | Should -Be $expected
                Get-Found (Select-String -LiteralPath $demo -Pattern 'Waiting' -Context 2 | Find-TeleportMcpError) | Should -Be $expected
                Get-Found (Select-String -LiteralPath $demo, $files -Pattern '.' -Context 3 | Find-TeleportMcpError) | Should -Be $expected
                $f = @(Select-String -LiteralPath $demo -Pattern 'Waiting' -Context 2, 0 | Find-TeleportMcpError)
                $f[0].Cause | Should -BeLike '*2 time(s)*'
                $xml = Join-Path $TestDrive 'context.xml'
                Select-String -LiteralPath $demo -Pattern 'Starting' -Context 0, 2 | Export-Clixml -LiteralPath $xml
                Get-Found (Import-Clixml -LiteralPath $xml | Find-TeleportMcpError) | Should -Be $expected
            }

            It 'still reads piped files by path' {
                Get-Found (Get-ChildItem -LiteralPath $TestDrive -Filter 'mcpServer.*' | Find-TeleportMcpError) | Should -Be $expected
            }
        }

        It 'splits a multi-line string (Get-Content -Raw)' {
            Get-Keys (Get-Content -Raw -LiteralPath $appLog | Find-TeleportMcpError) | Should -Be $appLogFindings
        }

        It 'emits a finding while input is still arriving (journalctl, Get-Content -Wait)' {
            $script:seen = [Collections.Generic.List[object]]::new()
            $script:seenBeforeEnd = -1
            & {
                '2025-09-30T10:00:00.415Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user ghost] app/connections_handler.go:315'
                '2025-09-30T10:00:01.000Z INFO [APP:SERVI] Heartbeat sent kind:app_server name:files srv/heartbeat.go:321'
                $script:seenBeforeEnd = $script:seen.Count
                '2025-09-30T10:00:02.000Z INFO [APP:SERVI] Heartbeat sent kind:app_server name:files srv/heartbeat.go:321'
            } | Find-TeleportMcpError | ForEach-Object { $script:seen.Add($_) }
            $script:seenBeforeEnd | Should -Be 1
            $script:seen[0].Fix | Should -BeLike '*useradd*ghost*'
        }

        It 'reads tsh output with colour codes' {
            $f = @("$([char]27)[31mERROR: $([char]27)[0mno MCP servers found", '') | Find-TeleportMcpError
            $f.Id | Should -Be 'TMCP-LOG-020'
            $f.Evidence | Should -Be 'ERROR: no MCP servers found'
        }

        # api/client/errors.go ErrClientCredentialsHaveExpired under lib/client/api.go RetryWithRelogin's non-interactive guard:
        # one finding, the expired login (TMCP-LOG-197), not the guard's (TMCP-LOG-190) nor the roles.
        It 'names an expired certificate under tsh''s relogin guard as one expired-login finding' {
            $f = @(
                "$([char]27)[31mERROR: $([char]27)[0mcannot relogin in non-interactive session"
                "`taccess denied: client credentials have expired, please relogin."
                'ERROR: no SSH auth methods loaded, are you logged in?'
            ) | Find-TeleportMcpError
            @($f.Id) | Should -BeExactly @('TMCP-LOG-197', 'TMCP-LOG-212')
            $f[0].Evidence | Should -BeExactly 'ERROR: cannot relogin in non-interactive session'
            $f[0].Cause | Should -BeLike '*(''access denied: client credentials have expired,*please relogin.'')*not the user''s roles*'
            $f[0].Fix | Should -BeLike '*tsh login --proxy=<proxy>*'
        }

        # lib/utils/log/handle_state.go writes a trace error as "[" + DebugReport() + "]", which gravitational/trace renders
        # through html/template: the quotes of exec: %q: executable file not found in $PATH arrive as &#34;.
        It 'reads an HTML-escaped ERROR REPORT as the error reads, in the match and the evidence' {
            $f = @(
                '2025-09-30T10:00:00.125Z WARN [APP:SERVI] Failed to handle client connection. error:['
                'ERROR REPORT:'
                'Original Error: *exec.Error exec: &#34;npx&#34;: executable file not found in $PATH'
                'Stack Trace:'
                "`truntime/asm_amd64.s:1700 runtime.goexit"
                'User Message: exec: &#34;npx&#34;: executable file not found in $PATH] app/connections_handler.go:301'
            ) | Find-TeleportMcpError
            $f.Id | Should -BeExactly 'TMCP-LOG-003'
            $f.Command | Should -BeExactly 'npx'
            $f.Evidence | Should -BeLike '*Original Error: `*exec.Error exec: "npx": executable file not found in $PATH*'
            $f.Evidence | Should -Not -BeLike '*&#34;*'
        }

        It 'finds <Id> in <Name>' -ForEach @(
            # lib/client/mcp/reconnect.go OnRequest: the -32603 reply carries the error as data ({"error":{"message":...}}).
            @{ Name = 'a client log with tsh''s reply data'; Id = 'TMCP-LOG-020'
               Line = '2025-09-30T10:00:05.002Z [teleport-mcp-files] [info] Message from server: {"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"[MCP_REQUEST_FAILED] tsh could not complete the request to MCP server \"files\".","data":{"error":{"message":"MCP server \"files\" not found"}}}} { metadata: undefined }' }
            # reconnect.go OnClose when !canRetryLocked().
            @{ Name = 'newer tsh closing the client''s stdio'; Id = 'TMCP-LOG-148'; Line = 'INFO [MCP:AUTOR] Lost server session, closing... mcp/reconnect.go:285' }
            # tool/tsh/common mcp_login.go (newest stored, index id 68630900344) CheckRedirect refuses the token POST's redirect; tsh mcp
            # connect reports the refresh under its login-required text (TMCP-LOG-150), which the redirect entry supersedes: one finding.
            @{ Name = 'tsh refusing the token endpoint''s redirect during a refresh'; Id = 'TMCP-LOG-274'
               Line = 'ERROR: authentication with MCP server "linear" has expired, run `tsh mcp login linear` to log in again: failed to send refresh token request: Post "https://auth.example.com/token/": refusing to follow a redirect for an OAuth POST request' }
        ) {
            $f = $Line | Find-TeleportMcpError
            $f.Id | Should -BeExactly $Id
        }

        It 'finds nothing in <Name>' -ForEach @(
            # tsh db connect without psql: tsh mcp connect starts no program.
            @{ Name = 'tsh db connect output'; Line = 'ERROR: exec: "psql": executable file not found in $PATH' }
            # lib/srv/db/proxyserver.go: the database proxy logs the App Service's message text.
            @{ Name = 'a database proxy line'; Line = '2025-09-30T10:00:00.125Z ERRO [DB:PROXY]  Failed to handle client connection. db_type:postgres db/proxyserver.go:281' }
            # lib/services/role.go applyValueTraitsSlice logs every templated role list; only mcp.tools is an MCP finding.
            @{ Name = 'a skipped login trait'; Line = '2025-09-30T10:00:00.125Z DEBU             Skipping trait value. field:login value:{{internal.foo}} error:[unsupported variable] services/role.go:612' }
            @{ Name = 'a tool result that mentions JSON'; Line = '2025-09-30T10:00:05.002Z [teleport-mcp-db] [info] Message from server: {"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"Error: parameter ''filter'' is not valid JSON"}],"isError":true}} { metadata: undefined }' }
        ) {
            @($Line | Find-TeleportMcpError) | Should -HaveCount 0
        }
    }

    Context 'fixes' {
        # The fix's commands quote what the log line gives (ShellWord): {sh:name} for the App Service host, {ps:name} for tsh and tctl.
        It 'quotes <Name> in the fix' -ForEach @(
            # lib/srv/mcp/stdio.go: Go's os/user "user: unknown user %s".
            @{ Name = 'a hostile host user'; Id = 'TMCP-LOG-002'
               Line = '2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user x$(id);reboot] app/connections_handler.go:315'
               Fix = "sudo useradd --system --no-create-home 'x`$(id);reboot'" }
            @{ Name = 'an ordinary host user (unchanged)'; Id = 'TMCP-LOG-002'
               Line = '2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user mcp-runner] app/connections_handler.go:315'
               Fix = 'sudo useradd --system --no-create-home mcp-runner)' }
            # Go os/exec: exec: %q: executable file not found in $PATH.
            @{ Name = 'a hostile command'; Id = 'TMCP-LOG-003'
               Line = '2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[exec: "npx; rm -rf ~": executable file not found in $PATH] app/connections_handler.go:301'
               Fix = "``command -v 'npx; rm -rf ~'``" }
            @{ Name = 'a command with control characters'; Id = 'TMCP-LOG-003'
               Line = "2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[exec: `"x$([char]27)]0;t$([char]7)`": executable file not found in `$PATH] app/connections_handler.go:301"
               Fix = "``command -v `$'x\033]0;t\007'``" }
        ) {
            $f = $Line | Find-TeleportMcpError
            $f.Id | Should -BeExactly $Id
            $f.Fix | Should -BeLike ('*' + [WildcardPattern]::Escape($Fix) + '*')
        }

        It 'refuses a catalog entry with an unknown placeholder form' {
            $cat = Join-Path $TestDrive 'forms.catalog.yaml'
            Set-Content -LiteralPath $cat -Value "entries:`n  - id: FORM-1`n    severity: Error`n    title: t`n    prefilter: abc`n    match: 'abc'`n    cause: c`n    fix: 'run {bash:command}'"
            $null = Find-TeleportMcpError -Path $appLog -CatalogPath $cat -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidCatalogEntry,TeleportMcp.Commands.FindTeleportMcpErrorCommand'
            $err[0].Exception.Message | Should -BeLike "*unknown form 'bash:'*"
        }
    }

    Context 'no input: the MCP client log folders of this machine' {
        BeforeEach {
            $saved = @{}
            foreach ($v in 'HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'APPDATA', 'LOCALAPPDATA', 'CLAUDE_CONFIG_DIR', 'CLAUDE_CODE_DEBUG_LOGS_DIR', 'COPILOT_HOME') { $saved[$v] = [Environment]::GetEnvironmentVariable($v) }
            foreach ($v in 'CLAUDE_CONFIG_DIR', 'CLAUDE_CODE_DEBUG_LOGS_DIR', 'COPILOT_HOME') { [Environment]::SetEnvironmentVariable($v, $null) }
            $home2 = Join-Path $TestDrive ('home-' + [guid]::NewGuid().ToString('N'))
            New-Item -ItemType Directory -Path $home2 | Out-Null
            $env:HOME = $home2
            $env:XDG_CONFIG_HOME = Join-Path $home2 '.config'
            $env:XDG_CACHE_HOME = Join-Path $home2 '.cache'
            $env:APPDATA = Join-Path $home2 'AppData/Roaming'
            $env:LOCALAPPDATA = Join-Path $home2 'AppData/Local'
        }
        AfterEach {
            foreach ($v in $saved.Keys) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
        }

        It 'warns and lists the folders it searched when there is none' {
            $f = Find-TeleportMcpError -WarningVariable warn -WarningAction SilentlyContinue
            $f | Should -BeNullOrEmpty
            $warn[0].Message | Should -BeLike '*No MCP client log folder*Claude Desktop*'
        }

        It "warns that no log was examined when Claude Code's debug folder exists but is empty" -Skip:(-not $IsLinux) {
            New-Item -ItemType Directory -Path (Join-Path $env:HOME '.claude/debug') | Out-Null
            $f = Find-TeleportMcpError -WarningVariable warn -WarningAction SilentlyContinue
            $f | Should -BeNullOrEmpty
            $warn.Count | Should -Be 1
            $warn[0].Message | Should -BeLike "No MCP client log file was found*no log was examined*Claude Code (debug): *debug (``*.txt)*-Path*"
        }

        It "reads only the newest files of Claude Code's debug folder and warns what it left out" -Skip:(-not $IsLinux) {
            $dir = Join-Path $env:HOME '.claude/debug'
            New-Item -ItemType Directory -Path $dir | Out-Null
            $start = [datetime]::new(2026, 3, 1, 10, 0, 0, [DateTimeKind]::Utc)
            foreach ($i in 0..21) {
                $file = Join-Path $dir ('s{0:D2}.txt' -f $i)
                Set-Content -LiteralPath $file -Value '2026-08-05T11:12:05.280Z [ERROR] MCP server "teleport-mcp-demo" Connection failed: spawn tsh ENOENT'
                (Get-Item -LiteralPath $file).LastWriteTimeUtc = $start.AddMinutes($i)
            }
            $found = @(Find-TeleportMcpError -WarningVariable warn -WarningAction SilentlyContinue)
            $found.Count | Should -Be 20
            $found.Source | Should -Not -Contain (Join-Path $dir 's01.txt')
            $found[0].LogFormat | Should -Be 'claude-code'
            $warn.Count | Should -Be 1
            $warn[0].Message | Should -BeLike "*log folder $dir*: searched the newest 20 of 22 files; the 2 older ones (last changed 2026-03-01 10:01:00Z and before)*-LiteralPath*"
        }

        It 'scans the Claude Desktop logs it finds and says where' -Skip:(-not $IsLinux) {
            $dir = Join-Path $env:XDG_CONFIG_HOME 'Claude/logs'
            New-Item -ItemType Directory -Path $dir | Out-Null
            Copy-Item (Join-Path $logs 'mcp.log') $dir
            Copy-Item $serverLog $dir
            Set-Content -LiteralPath (Join-Path $dir 'unrelated.log') -Value 'spawn x ENOENT'
            $out = Find-TeleportMcpError -Verbose 4>&1
            $verbose = $out | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
            $found = $out | Where-Object { $_ -is [TeleportMcp.Finding] }
            ($verbose.Message -join "`n") | Should -BeLike "*Searching Claude Desktop log folder $dir*"
            $found.Source | Sort-Object -Unique | Should -Be @((Join-Path $dir 'mcp-server-teleport-mcp-files.log'), (Join-Path $dir 'mcp.log'))
            $found.Id | Should -Contain 'TMCP-LOG-040'
        }
    }

    Context 'catalog' {
        It 'makes an entry whose pattern times out Indeterminate for 3 lines, then turns it off with one CatalogPatternTimeout error at the entry' {
            $cat = Join-Path $TestDrive 'redos.catalog.yaml'
            Set-Content -LiteralPath $cat -Value "entries:`n  - id: MY-001`n    severity: Error`n    title: t`n    prefilter: aaaa`n    match: '^(a+)+`$'`n    cause: c`n    fix: f`n"
            $lines = @(1..4 | ForEach-Object { ('a' * 40) + '!' }) + '2025-09-30T10:00:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[no MCP servers found] app/x.go:1'
            $f = @($lines | Find-TeleportMcpError -CatalogPath $cat -ErrorVariable err -ErrorAction SilentlyContinue)
            # KnownErrorCatalog.LineTimeoutBudget: 3 timeouts a scan are taken line by line (the entry Indeterminate there only).
            @($err.FullyQualifiedErrorId) | Should -BeExactly @(
                'KnownErrorIndeterminate,TeleportMcp.Commands.FindTeleportMcpErrorCommand'
                'KnownErrorIndeterminate,TeleportMcp.Commands.FindTeleportMcpErrorCommand'
                'KnownErrorIndeterminate,TeleportMcp.Commands.FindTeleportMcpErrorCommand'
                'CatalogPatternTimeout,TeleportMcp.Commands.FindTeleportMcpErrorCommand')
            $err[0].Exception.Message | Should -BeLike '*MY-001 is Indeterminate for the record at pipeline:1:*ran longer than 2 s*'
            $err[3].Exception.Message | Should -BeLike '*MY-001 ran longer than 2 s on the record at pipeline:4 after*'
            $f.Count | Should -BeGreaterThan 0
        }

        It 'adds and overrides entries from -CatalogPath' {
            $cat = Join-Path $TestDrive 'ours.catalog.yaml'
            Set-Content -LiteralPath $cat -Value @'
entries:
  - id: ACME-001
    severity: Warning
    title: Our MCP wrapper refused the app
    sources: [teleport]
    prefilter: "acme-wrapper refused"
    match: 'acme-wrapper refused (?<app>[\w-]+)'
    cause: The wrapper's allow list does not name {app}.
    fix: Add {app} to /etc/acme/allow.txt on the App Service host.
    doc: https://wiki.example.com/acme
  - id: TMCP-LOG-006
    enabled: false
'@
            $lines = @(
                '2025-09-30T10:00:00.000Z WARN [APP:SERVI] acme-wrapper refused payroll app/connections_handler.go:315'
                '2025-09-30T10:06:30.550Z DEBU [RBAC]      Skipping trait value. field:mcp.tools services/role.go:512'
            )
            $f = $lines | Find-TeleportMcpError -CatalogPath $cat
            $f.Id | Should -Be 'ACME-001'
            $f.Fix | Should -Be 'Add payroll to /etc/acme/allow.txt on the App Service host.'
            ($lines | Find-TeleportMcpError).Id | Should -Be 'TMCP-LOG-006'
            # catalog[1].yaml beside catalog1.yaml: -LiteralCatalogPath reads the first, the wildcard -CatalogPath the second.
            Copy-Item -LiteralPath $cat -Destination (Join-Path $TestDrive 'catalog[1].yaml')
            Set-Content -LiteralPath (Join-Path $TestDrive 'catalog1.yaml') -Value "entries: []"
            ($lines | Find-TeleportMcpError -LiteralCatalogPath (Join-Path $TestDrive 'catalog[1].yaml')).Id | Should -Be 'ACME-001'
            ($lines | Find-TeleportMcpError -CatalogPath (Join-Path $TestDrive 'catalog[1].yaml')).Id | Should -Be 'TMCP-LOG-006'
        }

        It 'reports a broken catalog entry with file, line and column, and still scans' {
            $cat = Join-Path $TestDrive 'broken.catalog.yaml'
            Set-Content -LiteralPath $cat -Value "entries:`n  - id: BAD-1`n    severity: Error`n    title: t`n    prefilter: abc`n    match: 'abc('`n    cause: c`n    fix: f"
            $f = Find-TeleportMcpError -Path $appLog -CatalogPath $cat -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidCatalogEntry,TeleportMcp.Commands.FindTeleportMcpErrorCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $err[0].Exception.Message | Should -BeLike "$cat`:6:*match is not a valid .NET regular expression*"
            Get-Keys $f | Should -Be $appLogFindings
        }

        It 'reports YAML that does not parse as a parser error' {
            $cat = Join-Path $TestDrive 'bad-yaml.catalog.yaml'
            Set-Content -LiteralPath $cat -Value "entries:`n  - id: X`n    title: [oops"
            $null = Find-TeleportMcpError -Path $appLog -CatalogPath $cat -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CatalogParseError,TeleportMcp.Commands.FindTeleportMcpErrorCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ParserError'
        }
    }

    Context 'output' {
        It 'redacts bearer tokens, JWTs, join tokens, passwords and AWS keys in Evidence' {
            $line = '2025-09-30T10:11:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl token=s3cr3t-join-token password=hunter2 AKIAIOSFODNN7EXAMPLE] app/connections_handler.go:315'
            $f = $line | Find-TeleportMcpError
            $f.Evidence | Should -BeLike '*Bearer <redacted>*token=<redacted> password=<redacted> <redacted>*'
            foreach ($secret in 'eyJhbGciOiJSUzI1NiJ9', 's3cr3t-join-token', 'hunter2', 'AKIAIOSFODNN7EXAMPLE') {
                $f.Evidence | Should -Not -BeLike "*$secret*"
            }
        }

        It 'says in a verbose line how many lines each file held' {
            $log = Join-Path $TestDrive 'three.log'
            Set-Content -LiteralPath $log -Value 'one', 'two', 'three'
            $v = @(Find-TeleportMcpError -LiteralPath $log -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $v | Should -Contain ($log + ': 3 lines read.')
        }

        It 'redacts secrets written as list elements (JSON log arguments and header maps)' {
            $lines = @(
                '2025-09-30T10:00:00.412Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user u1] app:files cmd:npx args:["-y","@x/server","--api-key","ARGSECRET12345","--token","ARGTOKEN67890"] mcp/x.go:1'
                '{"timestamp":"2025-09-30T10:00:02.412Z","level":"warn","message":"Failed to handle client connection.","error":"user: unknown user u3","app":"files","password":["JSONLISTPASS1"],"token":[ "JSONLISTTOK2" ],"headers":{"X-Api-Key":["JSONHDRKEY456789"],"Authorization":["Bearer JSONHDRBEARER123"]}}'
            )
            $f = @($lines | Find-TeleportMcpError)
            $f.Count | Should -Be 2
            ($f.Evidence -join "`n") | Should -Not -Match 'ARGSECRET|ARGTOKEN|JSONLIST|JSONHDR'
            $f[0].Evidence | Should -BeLike '*"--api-key","<redacted>","--token","<redacted>"*'
            $f[1].Evidence | Should -BeLike '*"token":`[ "<redacted>" `]*"X-Api-Key":`["<redacted>"`],"Authorization":`["Bearer <redacted>"`]*'
        }

        It 'summarises by id and app with count, first and last seen' {
            $lines = @(
                '2025-09-30T10:00:00.000Z WARN [APP:SERVI] Access denied to application. app:payroll error:[access to app denied] app/connections_handler.go:402'
                '2025-09-30T11:00:00.000Z WARN [APP:SERVI] Access denied to application. app:payroll error:[access to app denied] app/connections_handler.go:402'
                '2025-09-30T12:00:00.000Z WARN [APP:SERVI] Access denied to application. app:files error:[access to app denied] app/connections_handler.go:402'
                '2025-09-30T09:00:00.000Z WARN [APP:SERVI] Access denied to application. app:payroll error:[access to app denied] app/connections_handler.go:402'
            )
            $s = $lines | Find-TeleportMcpError -Summary
            $s.Count | Should -Be 2
            $s[0].PSObject.TypeNames[0] | Should -Be 'TeleportMcp.FindingSummary'
            $pay = $s | Where-Object App -eq 'payroll'
            $pay.Id | Should -Be 'TMCP-LOG-005'
            $pay.Count | Should -Be 3
            $pay.FirstSeen | Should -Be ([datetime]::new(2025, 9, 30, 9, 0, 0, [DateTimeKind]::Utc))
            $pay.LastSeen | Should -Be ([datetime]::new(2025, 9, 30, 11, 0, 0, [DateTimeKind]::Utc))
            $pay.Sources | Should -Be 'pipeline'
            ($s | Where-Object App -eq 'files').Count | Should -Be 1
        }

        It 'survives Export-Clixml / Import-Clixml and ConvertTo-Json' {
            $f = (Find-TeleportMcpError -Path $appLog)[0]
            $path = Join-Path $TestDrive 'finding.xml'
            $f | Export-Clixml -LiteralPath $path
            $back = Import-Clixml -LiteralPath $path
            $back.PSObject.TypeNames | Should -Contain 'Deserialized.TeleportMcp.Finding'
            foreach ($p in 'Id', 'Severity', 'Title', 'Cause', 'Fix', 'Source', 'LineNumber', 'Time', 'App', 'User', 'Command', 'Evidence') {
                $back.$p | Should -Be $f.$p -Because $p
            }
            ($f | ConvertTo-Json | ConvertFrom-Json).Id | Should -Be $f.Id
        }

        It 'has a table view with Id, Severity, App and Title' {
            $text = Find-TeleportMcpError -Path $appLog | Format-Table | Out-String -Width 120
            $text | Should -Match 'Id\s+Severity\s+App\s+Title\s+LineNumber'
            $text | Should -Match 'TMCP-LOG-002\s+Error\s+everything'
        }
    }

    # A line longer than the 12 Mi characters the scan keeps whole (LogFileReader.MaxLineChars): its rest streams through
    # windows (LogScanner.LongLineStart); before, nothing past the first 12 Mi was looked at and nothing said so.
    Context 'a line longer than 12 Mi characters' {
        It 'finds a known error at its end, says the line was too long to show, and reports an unbounded pattern as Indeterminate' {
            $log = Join-Path $TestDrive 'long-line.log'
            $filler = 'abcdefg ' * (13.5 * 1MB / 8)
            $json = '{"timestamp":"2026-03-01T10:00:04.100Z","level":"WARN","component":"app:service","payload":"' + $filler + '","message":"Access denied to application.","app":"payroll"}'
            # The command's value runs over the whole line: no window holds a whole match (session 45: one it holds is found).
            $plain = 'exec: "' + $filler + '": executable file not found in $PATH'
            [IO.File]::WriteAllText($log, $json + "`n" + $plain + "`n")
            $f = @(Find-TeleportMcpError -Path $log -ErrorVariable undecided -ErrorAction SilentlyContinue)
            Get-Keys $f | Should -Be @('TMCP-LOG-005@1')
            $f[0].Evidence | Should -BeLike '`[line of 13.5 Mi characters, too long to show; the text around character *`]*"message":"Access denied to application."*'
            $f[0].Evidence.Length | Should -BeLessThan 3000
            $undecided.Count | Should -Be 1
            $undecided[0].FullyQualifiedErrorId | Should -BeExactly 'KnownErrorIndeterminate,TeleportMcp.Commands.FindTeleportMcpErrorCommand'
            $undecided[0].Exception.Message | Should -BeLike '*TMCP-LOG-003 is Indeterminate for the line at*:2 (13.5 Mi characters*no bound*'
        }
    }
}

Describe 'Find-TeleportMcpError: progress and Ctrl+C' {
    BeforeAll {
        # A log large enough that -Summary is still reading when the test stops it (about 60 MB, no findings).
        $script:BigLog = Join-Path $TestDrive 'big.log'
        $line = '2025-09-30T10:00:00.000Z INFO [APP:SERVI] Round trip completed app:files duration:12ms nothing to report here at all' + "`n"
        $block = [Text.Encoding]::UTF8.GetBytes($line * 10000)
        $fs = [IO.File]::Create($BigLog)
        try { for ($i = 0; $i -lt 50; $i++) { $fs.Write($block, 0, $block.Length) } }
        finally { $fs.Dispose() }
    }

    It 'escapes control characters of a file name in its progress records' -Skip:$IsWindows {
        # Linux allows ESC and BEL in a file name: they reach the progress bar escaped, never raw (TeleportMcpCommand.WriteProgress).
        $name = "evil" + [char]0x1b + "]0;pwned" + [char]7 + ".log"
        $log = Join-Path $TestDrive $name
        Set-Content -LiteralPath $log -Value '2025-09-30T10:00:00.000Z INFO [APP:SERVI] Round trip completed app:files duration:12ms'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Log)
                    Import-Module $ModulePath
                    Find-TeleportMcpError -LiteralPath $Log -Summary
                }).AddArgument((Join-Path $ModuleDir 'TeleportMcp.psd1')).AddArgument($log)
            $null = $ps.Invoke()
            $records = @($ps.Streams.Progress | Where-Object { $_.RecordType -ne 'Completed' })
            $records.Count | Should -BeGreaterThan 0
            @($records | Where-Object StatusDescription -like '*evil*').Count | Should -BeGreaterThan 0
            foreach ($r in $ps.Streams.Progress) {
                foreach ($text in $r.Activity, $r.StatusDescription, $r.CurrentOperation) {
                    if ($text) { $text | Should -Not -Match '[\x00-\x08\x0b-\x1f\x7f]' }
                }
            }
        }
        finally { $ps.Dispose() }
    }

    It 'reports bytes read of the file and stops -Summary when the pipeline is stopped' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Log)
                    Import-Module $ModulePath
                    Find-TeleportMcpError -Path $Log -Summary
                }).AddArgument((Join-Path $ModuleDir 'TeleportMcp.psd1')).AddArgument($BigLog)
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            $bytes = '^big\.log: [\d.]+ (KB|MB) of [\d.]+ MB$'
            while (-not ($ps.Streams.Progress | Where-Object StatusDescription -match $bytes) -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $async.IsCompleted | Should -BeFalse -Because 'the scan of the big log is still running when its progress shows'
            $ps.Streams.Progress[0].Activity | Should -Be 'Find-TeleportMcpError'
            $ps.Stop()
            $async.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            @($ps.Streams.Progress | Where-Object StatusDescription -match $bytes)[0].PercentComplete | Should -BeLessThan 100
        }
        finally { $ps.Dispose() }
    }
}
