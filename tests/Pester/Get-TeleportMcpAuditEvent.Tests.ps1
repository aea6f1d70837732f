BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $auditDir = Join-Path $ExamplesDir 'audit'
    $auditLog = Join-Path $auditDir 'events-2025-09-30.log'
    $cluster = Join-Path $ExamplesDir 'cluster'
}

Describe 'Get-TeleportMcpAuditEvent' {
    Context 'a filter that matches nothing says what was looked for' {
        It '<Case> is NoAuditEventSelected naming <Target>' -ForEach @(
            @{ Case = '-User nobody'; Filter = @{ User = 'nobody' }; Count = 0; Target = @('-User "nobody"') }
            @{ Case = '-Tool zz*'; Filter = @{ Tool = 'zz*' }; Count = 0; Target = @('-Tool "zz*"') }
            @{ Case = '-App zz*'; Filter = @{ App = 'zz*' }; Count = 0; Target = @('-App "zz*"') }
            @{ Case = 'one -User value of two'; Filter = @{ User = 'alice', 'nobody' }; Count = 4; Target = 'nobody' }
        ) {
            $e = @(Get-TeleportMcpAuditEvent -Path $auditDir @Filter -ErrorAction SilentlyContinue -ErrorVariable err)
            $e.Count | Should -Be $Count
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('NoAuditEventSelected,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -BeExactly $Target
            ({ Get-TeleportMcpAuditEvent -Path $auditDir @Filter -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'NoAuditEventSelected,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand'
        }

        It 'a time window that leaves nothing, without names, is a warning naming the window' {
            $e = @(Get-TeleportMcpAuditEvent -Path $auditDir -Since ([datetime]::new(2030, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)) -ErrorVariable err -WarningVariable warn -WarningAction SilentlyContinue)
            $e.Count | Should -Be 0
            $err | Should -BeNullOrEmpty
            @($warn.Message) | Should -BeExactly @('No MCP audit event matches -Since 2030-01-01T00:00:00Z (among 16 MCP session event(s) and 2 app_auth_config verify event(s) read).')
        }

        It '-Since later than -Until is the terminating InvalidTimeRange, before anything is read' {
            $caught = $null
            $out = @(try { Get-TeleportMcpAuditEvent -Path $auditDir -Since 2030-01-01 -Until 2020-01-01 } catch { $caught = $_ })
            $out.Count | Should -Be 0
            $caught.FullyQualifiedErrorId | Should -BeExactly 'InvalidTimeRange,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand'
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
    }

    Context 'files' {
        It 'reads the MCP events of the example audit log and skips the others' {
            $e = Get-TeleportMcpAuditEvent -Path $auditDir
            $e.Count | Should -Be 18
            $e[0].PSObject.TypeNames[0] | Should -Be 'TeleportMcp.AuditEvent'
            $bob = $e | Where-Object Tool -eq 'printEnv'
            $bob.Code | Should -Be 'TMCP003E'
            $bob.Outcome | Should -Be 'Denied'
            $bob.User | Should -Be 'bob'
            $bob.App | Should -Be 'everything'
            $bob.Time | Should -Be ([datetime]::new(2025, 9, 30, 11, 15, 39, 421, [DateTimeKind]::Utc))
            $bob.Source | Should -Be $auditLog
            $bob.Line | Should -Be 14
            ($e | Where-Object Kind -eq 'SessionStart')[0].ClientInfo | Should -Be 'claude-ai/0.1.0'
        }

        It 'filters by user, app, tool (wildcards), time and failure' {
            (Get-TeleportMcpAuditEvent $auditLog -User bob -FailedOnly).Count | Should -Be 5
            @(Get-TeleportMcpAuditEvent $auditLog -Tool 'print*').Tool | Should -Be @('printEnv')
            @(Get-TeleportMcpAuditEvent $auditLog -App files -FailedOnly).User | Should -Be @('carol')
            $w = Get-TeleportMcpAuditEvent $auditLog -Since ([datetime]::new(2025, 9, 30, 11, 30, 0, [DateTimeKind]::Utc)) -Until ([datetime]::new(2025, 9, 30, 11, 30, 1, [DateTimeKind]::Utc))
            $w.Code | Should -Be @('TMCP001I', 'TMCP005E')
        }

        It 'reads a folder at every level below it without -Recurse (as the diagnosis -AuditPath does); -Recurse is still accepted' {
            New-Item -ItemType Directory TestDrive:/audit-tree/auth-1 -Force | Out-Null
            Copy-Item $auditLog TestDrive:/audit-tree/auth-1/2025-09-30.log
            $e = Get-TeleportMcpAuditEvent -Path (Join-Path $TestDrive 'audit-tree')
            $e.Count | Should -Be 18
            $e[0].Source | Should -Be (Join-Path $TestDrive 'audit-tree/auth-1/2025-09-30.log')
            (Get-TeleportMcpAuditEvent -LiteralPath (Join-Path $TestDrive 'audit-tree') -Recurse).Count | Should -Be 18
        }

        It 'reads a .gz file' {
            $gz = Join-Path $TestDrive 'events.log.gz'
            $out = [System.IO.File]::Create($gz)
            $zip = [System.IO.Compression.GZipStream]::new($out, [System.IO.Compression.CompressionMode]::Compress)
            $bytes = [System.IO.File]::ReadAllBytes($auditLog)
            $zip.Write($bytes, 0, $bytes.Length)
            $zip.Dispose(); $out.Dispose()
            (Get-TeleportMcpAuditEvent -LiteralPath $gz -FailedOnly).Count | Should -Be 7
        }

        It 'reports malformed lines once, with the first line number, and reads the rest' {
            $f = Join-Path $TestDrive 'broken.log'
            $lines = @(Get-Content $auditLog)
            Set-Content -Path $f -Value (@($lines[0..2]) + 'garbage 1' + @($lines[3..9]) + 'garbage 2' + @($lines[10..18]))
            $e = Get-TeleportMcpAuditEvent -Path $f -ErrorVariable err -ErrorAction SilentlyContinue
            $e.Count | Should -Be 16
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'MalformedAuditEvent,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand'
            $err[0].Exception.Message | Should -BeLike "*broken.log:4:*2 line(s)*the first, line 4*"
            # The position as data: line, column and the line itself.
            $err[0].Exception.Location.Line | Should -Be 4
            $err[0].Exception.Location.Column | Should -Be 1
            $err[0].Exception.LineText | Should -BeExactly 'garbage 1'
            $err[0].CategoryInfo.Category | Should -Be 'ParserError'
        }

        # A line longer than the 12 Mi characters the reader reads of one line (LogFileReader.MaxLineChars) is said as too
        # long, not as an event that "ends inside a string": the file is whole. Teleport's file log trims its own lines to
        # MaxScanTokenSize, by default 64 KiB (gravitational/teleport lib/events/filelog.go EmitAuditEvent; lib/service/service.go
        # sets none), but its stdout:// output does not trim (lib/events/emitter.go WriterEmitter.EmitAuditEvent), and an
        # export or forwarder may write one. A long event of another kind is another event, no error. (Session 48, helper-340.)
        It 'a <Kind> event on a line longer than 12 Mi characters: <Expect>' -ForEach @(
            @{ Kind = 'mcp.session.request'; Expect = 'MalformedAuditEvent saying the line is too long'; Errors = @('MalformedAuditEvent,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand') }
            @{ Kind = 'user.login'; Expect = 'no error'; Errors = @() }
        ) {
            $f = Join-Path $TestDrive 'long.log'
            $pad = [string]::new([char]'A', 13 * 1024 * 1024)
            $long = '{"code":"TMCP003E","event":"' + $Kind + '","user":"bob","app_name":"a","success":false,"error":"access denied","message":{"method":"tools/call","params":{"name":"big","arguments":{"content":"' + $pad + '"}}}}'
            $small = '{"code":"TMCP003E","event":"mcp.session.request","time":"2025-09-30T10:00:01Z","user":"bob","app_name":"a","success":false,"error":"access denied","message":{"method":"tools/call","params":{"name":"small"}}}'
            [System.IO.File]::WriteAllText($f, $long + "`n" + $small + "`n")
            $e = @(Get-TeleportMcpAuditEvent -Path $f -ErrorVariable err -ErrorAction SilentlyContinue)
            @($e.Tool) | Should -BeExactly @('small')
            @($err.FullyQualifiedErrorId) | Should -BeExactly $Errors
            if ($Errors.Count) {
                $err[0].Exception.Message | Should -BeLike '*long.log:1:*the line is longer than the 12582912 characters read of one line*'
                $err[0].Exception.Message | Should -Not -BeLike '*ends inside a string*'
            }
        }

        # A pretty-printed event ("{" on line 1) whose line 4 holds a 13,000,000-character string: the error is at line 1 and
        # names line 4 as the one too long (session 48, reviewer-346's /tmp/r346/multi.json: before, it said "the line is
        # longer" of line 1). Guard: the same event on one line says "the line is longer".
        It 'an MCP event <Shape> with a 13,000,000-character string: MalformedAuditEvent at line 1 naming the cut line' -ForEach @(
            @{ Shape = 'pretty-printed'; Pretty = $true; Says = '*multi.json:1:*line 4 of the event that starts at line 1 is longer than the 12582912 characters read of one line*'; Next = 7 }
            @{ Shape = 'on one line'; Pretty = $false; Says = '*multi.json:1:*the line is longer than the 12582912 characters read of one line*'; Next = 2 }
        ) {
            $f = Join-Path $TestDrive 'multi.json'
            $big = [string]::new([char]'x', 13000000)
            $first = if ($Pretty) { "{`n  `"ei`": 0,`n  `"event`": `"mcp.session.start`",`n  `"big`": `"$big`",`n  `"code`": `"TMCP001I`"`n}`n" }
                     else { "{`"ei`": 0, `"event`": `"mcp.session.start`", `"big`": `"$big`", `"code`": `"TMCP001I`"}`n" }
            [System.IO.File]::WriteAllText($f, $first + "{`n  `"ei`": 1,`n  `"event`": `"mcp.session.start`",`n  `"code`": `"TMCP001I`",`n  `"time`": `"2025-01-01T00:00:00Z`"`n}`n")
            $e = @(Get-TeleportMcpAuditEvent -LiteralPath $f -ErrorVariable err -ErrorAction SilentlyContinue)
            @($e.Line) | Should -Be @($Next)
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('MalformedAuditEvent,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
            $err[0].Exception.Message | Should -BeLike $Says
            if ($Pretty) { $err[0].Exception.Message | Should -Not -BeLike '*the line is longer*' }
        }

        It 'reads events pretty-printed by ConvertTo-Json and reports broken ones at their line and column' {
            $f = Join-Path $TestDrive 'pretty.json'
            $lines = @(Get-Content $auditLog)
            $pretty = [System.Collections.Generic.List[string]]@($lines | ForEach-Object { ($_ | ConvertFrom-Json | ConvertTo-Json -Depth 20) -split '\r?\n' })
            $starts = @(0..($pretty.Count - 1) | Where-Object { $pretty[$_] -ceq '{' })
            # The fifth event loses its closing brace: the sixth starts at its column, so the fifth was cut off.
            $pretty.RemoveAt($starts[5] - 1)
            # The comma after the first member of the third event is lost: it breaks at its second member's quote.
            $at = $starts[2] + 1
            $pretty[$at] = $pretty[$at].TrimEnd(',')
            Set-Content -Path $f -Value $pretty
            $whole = @(Get-TeleportMcpAuditEvent -Path $auditLog).Count
            $e = @(Get-TeleportMcpAuditEvent -Path $f -ErrorVariable err -ErrorAction SilentlyContinue)
            $e.Count | Should -Be ($whole - @($lines[2], $lines[4] | Where-Object { $_ -like '*mcp.session.*' }).Count)
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('MalformedAuditEvent,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
            $err[0].Exception.Location.Line | Should -Be ($at + 2)
            $err[0].Exception.Location.Column | Should -Be 3
            $err[0].Exception.LineText | Should -BeExactly $pretty[$at + 1]
            $err[0].Exception.Message | Should -BeLike "*pretty.json:$($at + 2):3:*2 line(s)*',' or '}' was expected*"
        }

        It 'warns about a cut-off last event and keeps the others' {
            $f = Join-Path $TestDrive 'live.log'
            $lines = @(Get-Content $auditLog)
            [System.IO.File]::WriteAllText($f, (($lines[0..17] -join "`n") + "`n" + $lines[18].Substring(0, 40)))
            $e = Get-TeleportMcpAuditEvent -Path $f -WarningVariable warn -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue
            $e.Count | Should -Be 15
            $err.Count | Should -Be 0
            "$warn" | Should -BeLike '*live.log:19: the input ends inside this event*'
        }

        It 'says so when a folder has no audit file, and when files hold no MCP event' {
            New-Item -ItemType Directory TestDrive:/empty | Out-Null
            Get-TeleportMcpAuditEvent -Path (Join-Path $TestDrive 'empty') -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeExactly @('NoAuditFiles,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -BeExactly (Join-Path $TestDrive 'empty')
            $err[0].Exception.Message | Should -BeExactly "No audit log files (.log, .json, .jsonl, .gz, rotated *.log.N) in the folder $(Join-Path $TestDrive 'empty') or any folder below it."
            $other = Join-Path $TestDrive 'other.log'
            Set-Content $other '{"event":"user.login","code":"T1000I"}'
            Get-TeleportMcpAuditEvent -Path $other -WarningVariable warn -WarningAction SilentlyContinue | Should -BeNullOrEmpty
            "$warn" | Should -BeLike '*No MCP audit event*'
        }
    }

    Context 'one problem, one error' {
        It 'a path that is not there is PathNotFound alone (<Name>)' -ForEach @(
            @{ Name = 'a folder'; Given = { Join-Path $TestDrive 'no/such/dir' }; Literal = $false }
            @{ Name = 'a folder, -LiteralPath'; Given = { Join-Path $TestDrive 'no/such/dir' }; Literal = $true }
            @{ Name = 'a wildcard that matches nothing'; Given = { Join-Path $TestDrive 'nothing-*.log' }; Literal = $false }
            @{ Name = 'a wildcard in a folder that is not there'; Given = { Join-Path $TestDrive 'no-such-*/events.log' }; Literal = $false }
        ) {
            $path = & $Given
            if ($Literal) { Get-TeleportMcpAuditEvent -LiteralPath $path -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty }
            else { Get-TeleportMcpAuditEvent -Path $path -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty }
            $err.FullyQualifiedErrorId | Should -BeExactly @('PathNotFound,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
            $err[0].TargetObject | Should -BeExactly $path
        }

        It 'each path its own error, and the audit files beside them are read' {
            New-Item -ItemType Directory TestDrive:/empty-2 -Force | Out-Null
            $e = Get-TeleportMcpAuditEvent -Path (Join-Path $TestDrive 'empty-2'), (Join-Path $TestDrive 'gone'), $auditLog -ErrorVariable err -ErrorAction SilentlyContinue
            $e.Count | Should -Be 18
            $err.FullyQualifiedErrorId | Should -BeExactly @(
                'NoAuditFiles,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand'
                'PathNotFound,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
        }

        It 'a piped folder without audit files is NoAuditFiles once' {
            New-Item -ItemType Directory TestDrive:/empty-3 -Force | Out-Null
            Get-Item (Join-Path $TestDrive 'empty-3') | Get-TeleportMcpAuditEvent -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeExactly @('NoAuditFiles,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
        }
    }

    Context 'outcomes and auth types' {
        # lib/srv/mcp/session.go checkAccessToTool audits a failing check's own text; only a streamable HTTP app (http.go)
        # also audits an upstream transport error that way, so the app_uri decides whether the failing side is known.
        It 'a tools/call refused by a failing access check is <Outcome> with <Finding> on <Uri>' -ForEach @(
            @{ Uri = 'mcp+stdio://'; Outcome = 'Failed'; Finding = 'TMCP-AUDIT-012' }
            @{ Uri = 'mcp+https://mcp.example.com/mcp'; Outcome = 'Failed'; Finding = 'TMCP-AUDIT-013' }
        ) {
            $line = '{"code":"TMCP003E","event":"mcp.session.request","sid":"s1","time":"2025-09-30T10:00:00Z","user":"bob","app_name":"files","app_uri":"' + $Uri + '","success":false,"error":"context canceled","message":{"id":"int64:1","method":"tools/call","params":{"name":"read_file"},"jsonrpc":"2.0"}}'
            Set-Content -LiteralPath (Join-Path $TestDrive 'check.log') -Value $line
            $e = Get-TeleportMcpAuditEvent -LiteralPath (Join-Path $TestDrive 'check.log')
            $e.Outcome | Should -BeExactly $Outcome
            $e.OutcomeReason | Should -Not -BeNullOrEmpty
            (Find-TeleportMcpError -LiteralPath (Join-Path $TestDrive 'check.log')).Id | Should -BeExactly $Finding
        }

        # lib/auth/appauthconfig/appauthconfigv1/events.go newVerifyJWTAuditEvent; codes from web/.../services/audit/types.ts.
        It 'reads the app_auth_config token checks of the example log (TAAC004I/E) with their config' {
            $v = @(Get-TeleportMcpAuditEvent $auditLog -App github | Where-Object Kind -eq 'AppAuthConfigVerify')
            $v.Code | Should -BeExactly @('TAAC004E', 'TAAC004I')
            $v.Type | Should -BeExactly @('app_auth_config.verify.failure', 'app_auth_config.verify.success')
            $v.Outcome | Should -BeExactly @('Failed', 'Success')
            $v.AppAuthConfig | Should -BeExactly @('chat-bot', 'chat-bot')
            $v[0].AppUri | Should -BeExactly 'mcp+https://api.githubcopilot.com/mcp/'
            $v[0].Error | Should -BeExactly 'go-jose/go-jose/jwt: validation failed, invalid audience claim (aud)'
            $v[0].Line | Should -Be 20
            $failed = @(Get-TeleportMcpAuditEvent $auditLog -FailedOnly -User '5f0c7a4e-*')
            $failed.Code | Should -BeExactly @('TAAC004E')
            ($v[0] | Format-Table | Out-String -Width 250) | Should -BeLike '*jwt chat-bot*'
        }

        It 'a verify failure is finding <Id> (<Case>)' -ForEach @(
            @{ Case = 'audience'; ErrorText = 'go-jose/go-jose/jwt: validation failed, invalid audience claim (aud)'; Id = 'TMCP-AUDIT-032' }
            @{ Case = 'no such user'; ErrorText = 'user \"alice@example.com\" not found'; Id = 'TMCP-AUDIT-038' }
            @{ Case = 'stale token'; ErrorText = 'token must be issued recently to be used'; Id = 'TMCP-AUDIT-036' }
            @{ Case = 'unknown text'; ErrorText = 'something new \u001b[31m'; Id = 'TMCP-AUDIT-039' }
        ) {
            $line = '{"code":"TAAC004E","event":"app_auth_config.verify.failure","sid":"s1","time":"2025-09-30T10:00:00Z","user":"proxy","app_name":"files","app_uri":"mcp+https://files.example.com/mcp","success":false,"error":"' + $ErrorText + '","app_auth_config":"okta"}'
            Set-Content -LiteralPath (Join-Path $TestDrive 'verify.log') -Value $line
            $f = @(Find-TeleportMcpError -LiteralPath (Join-Path $TestDrive 'verify.log'))
            $f.Id | Should -BeExactly @($Id)
            $f[0].App | Should -BeExactly 'files'
            $f[0].Evidence | Should -BeLike '*app_auth_config=okta*'
            $f[0].Cause + $f[0].Fix | Should -Not -Match '[\x00-\x08\x0b-\x1f]'
            # PR #69528: only a master build before the removal writes the event
            $f[0].Cause | Should -BeLike 'TMCP-LOG-264 No Teleport release accepts kind app_auth_config: * This event was written by a master build before the removal (never released): *'
        }

        It 'a session start carries EgressAuthType and IngressAuthType' {
            $line = '{"code":"TMCP001I","event":"mcp.session.start","sid":"s1","time":"2025-09-30T10:00:00Z","user":"bob","app_name":"files","egress_auth_type":"app-jwt","ingress_auth_type":"jwt"}'
            Set-Content -LiteralPath (Join-Path $TestDrive 'start.log') -Value $line
            $e = Get-TeleportMcpAuditEvent -LiteralPath (Join-Path $TestDrive 'start.log')
            $e.EgressAuthType | Should -BeExactly 'app-jwt'
            $e.IngressAuthType | Should -BeExactly 'jwt'
        }
    }

    Context 'pipeline' {
        It 'reads lines from the pipeline' {
            $e = Get-Content $auditLog | Get-TeleportMcpAuditEvent -FailedOnly
            $e.Count | Should -Be 7
            $e[0].Source | Should -Be $auditLog
            (Get-Content $auditLog | ForEach-Object { "$_" } | Get-TeleportMcpAuditEvent -FailedOnly)[0].Source | Should -Be 'pipeline'
        }

        # Get-Content a.log, b.log is one stream: each file is read as its own input, as -LiteralPath reads it (PipedSources).
        Context 'lines of several files in one stream' {
            BeforeAll {
                $all = @(Get-Content -LiteralPath $auditLog)
                $a = Join-Path $TestDrive 'a.log'
                $b = Join-Path $TestDrive 'b.log'
                $cut = Join-Path $TestDrive 'cut.log'
                $all[0..9] | Set-Content -LiteralPath $a -Encoding utf8NoBOM
                $all[10..($all.Count - 1)] | Set-Content -LiteralPath $b -Encoding utf8NoBOM
                # The last event of cut.log was written over lines and cut after its "event" member.
                @($all[1], '{"code":"TMCP003E",', '  "event":"mcp.session.request","sid":"s-cut",') | Set-Content -LiteralPath $cut -Encoding utf8NoBOM
                function Get-Where($events) { @($events | ForEach-Object { '{0}:{1}:{2}' -f (Split-Path -Leaf $_.Source), $_.Line, $_.Code }) }
                $expected = @(Get-Where (Get-TeleportMcpAuditEvent -LiteralPath $a)) + @(Get-Where (Get-TeleportMcpAuditEvent -LiteralPath $b))
            }

            It 'names each event by its file and line' {
                $expected.Count | Should -BeGreaterThan 10
                Get-Where (Get-Content -LiteralPath $a, $b | Get-TeleportMcpAuditEvent) | Should -Be $expected
                Get-Where (Get-ChildItem -LiteralPath $a, $b | Get-Content | Get-TeleportMcpAuditEvent) | Should -Be $expected
                Get-Where (Get-Content -LiteralPath $a, $b | Select-Object -Skip 3 | Get-TeleportMcpAuditEvent) | Should -Be ($expected | Where-Object { $_ -notmatch '^a\.log:[123]:' })
            }

            It 'does not join an event cut at one file''s end to the next file''s first line' {
                $e = @(Get-Content -LiteralPath $cut, $b | Get-TeleportMcpAuditEvent -WarningVariable warn -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue)
                Get-Where $e | Should -Be (@('cut.log:1:TMCP001I') + @(Get-Where (Get-TeleportMcpAuditEvent -LiteralPath $b)))
                $err | Should -BeNullOrEmpty
                @($warn.Message) | Should -Be @("${cut}:2: the input ends inside this event (a log still being written?); it was skipped.")
            }

            # -ReadCount 0 or more than 1 writes lists of lines; one bound -LiteralPath by its PSPath, which read the file once per list.
            It 'reads the lists of lines Get-Content -ReadCount writes once, numbered as the file' {
                Get-Where (Get-Content -LiteralPath $a, $b -ReadCount 3 | Get-TeleportMcpAuditEvent) | Should -Be $expected
                Get-Where (Get-Content -LiteralPath $a, $b -ReadCount 0 | Get-TeleportMcpAuditEvent) | Should -Be $expected
            }

            # Get-Content -Tail over an encoding PowerShell cannot read backward (UTF-7) scans forward and writes its last
            # block with the count of the block before it (GetContentCommand.cs ScanForwardsForTail): before, that block
            # started a new reading of the file (lines 1,2,3,4,4; a.log said twice).
            It 'numbers the last block of Get-Content -Encoding utf7 -Tail -ReadCount after the block before it' {
                $u7 = Join-Path $TestDrive 'u7.log'
                $all[0..4] | Set-Content -LiteralPath $u7 -Encoding utf7 -WarningAction SilentlyContinue
                $want = @(Get-Where (Get-TeleportMcpAuditEvent -LiteralPath $a) | Where-Object { [int]$_.Split(':')[1] -le 5 } | ForEach-Object { $_ -replace '^a\.log', 'u7.log' })
                $want.Count | Should -BeGreaterThan 1
                $want[-1] | Should -BeLike 'u7.log:[45]:*'
                foreach ($rc in 2, 3, 4) {
                    $e = Get-Content -LiteralPath $u7 -Encoding utf7 -Tail 5 -ReadCount $rc -WarningAction SilentlyContinue | Get-TeleportMcpAuditEvent -Verbose 4>&1
                    Get-Where @($e | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -Be $want
                    @($e | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "${u7}:*" }).Count | Should -Be 1
                }
            }

            # Without -ReadCount, UTF-7 -Tail writes its lines counted from 0 (ScanForwardsForTail; measured, pwsh 7.6: 0..4):
            # the same file twice was read as one file's line 6, then a new reading numbered one lower (u7.log:6, u7.log:1, ...).
            It 'numbers the lines of a file piped twice through Get-Content -Encoding utf7 -Tail as each read''s own' {
                $u7 = Join-Path $TestDrive 'u7twice.log'
                $all[0..4] | Set-Content -LiteralPath $u7 -Encoding utf7 -WarningAction SilentlyContinue
                $want = @(Get-Where (Get-TeleportMcpAuditEvent -LiteralPath $a) | Where-Object { [int]$_.Split(':')[1] -le 5 } | ForEach-Object { $_ -replace '^a\.log', 'u7twice.log' })
                $want.Count | Should -BeGreaterThan 1
                $once = Get-Content -LiteralPath $u7 -Encoding utf7 -Tail 5 -WarningAction SilentlyContinue | Get-TeleportMcpAuditEvent
                Get-Where $once | Should -Be $want
                $e = Get-Content -LiteralPath $u7, $u7 -Encoding utf7 -Tail 5 -WarningAction SilentlyContinue | Get-TeleportMcpAuditEvent -Verbose 4>&1
                Get-Where @($e | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -Be ($want + $want)
                @($e | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "${u7}: 5 line(s)*" }).Count | Should -Be 2
            }

            # A one-line UTF-7 -Tail read (count 0) then a whole read of the same file (1, 2, ...): the counts alone read as one
            # read (before: one reading of 6 lines, the whole read's events at lines 2..6). One Get-Content command gives all its
            # lines one PSPath string, another command another (ContentCommandBase.WriteContentObject's ContentPathsCache).
            It 'reads a one-line Get-Content -Encoding utf7 -Tail and a whole read of the same file as two reads' {
                $u7 = Join-Path $TestDrive 'u7tail1.log'
                $all[0..4] | Set-Content -LiteralPath $u7 -Encoding utf7 -WarningAction SilentlyContinue
                $whole = @(Get-Where (Get-TeleportMcpAuditEvent -LiteralPath $a) | Where-Object { [int]$_.Split(':')[1] -le 5 } | ForEach-Object { $_ -replace '^a\.log', 'u7tail1.log' })
                $whole.Count | Should -BeGreaterThan 1
                $tail = @(Get-Content -LiteralPath $u7 -Encoding utf7 -Tail 1 -WarningAction SilentlyContinue | Get-TeleportMcpAuditEvent)
                $last = @(if ($tail.Count) { Get-Where $tail })
                $e = & { Get-Content -LiteralPath $u7 -Encoding utf7 -Tail 1 -WarningAction SilentlyContinue; Get-Content -LiteralPath $u7 -Encoding utf7 -WarningAction SilentlyContinue } |
                    Get-TeleportMcpAuditEvent -Verbose 4>&1
                Get-Where @($e | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -Be ($last + $whole)
                @($e | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "${u7}:*" } | ForEach-Object { $_.Message.Split(',')[0] }) |
                    Should -Be @("${u7}: 1 line(s)", "${u7}: 5 line(s)")
                # A copy that lost its reads (deserialized: each line its own PSPath string) is numbered by its counts, as before.
                $xml = Join-Path $TestDrive 'u7lines.xml'
                Get-Content -LiteralPath $u7 -Encoding utf7 -Tail 5 -WarningAction SilentlyContinue | Export-Clixml -LiteralPath $xml
                Get-Where (Import-Clixml -LiteralPath $xml | Get-TeleportMcpAuditEvent -WarningVariable warn -WarningAction SilentlyContinue) | Should -Be $whole
                # Counts 0, 1 could also be a one-line -Tail and another read: said once, naming the file and the line as numbered.
                @($warn.Message | Where-Object { $_ -like '*may go on that read*' }).Count | Should -Be 1
                $warn[0].Message | Should -BeLike "${u7}:2: this line's ReadCount 1 follows lines of the file counted from 0*"
            }

            # Lines a job (or Invoke-Command) gives back are deserialized: their PSPath strings are no read, but each carries
            # the RunspaceId of the job that read it and the computer (PSComputerName). Two jobs are two commands, so
            # two reads (before: one reading of 6 lines, the whole read's events at 2..6). A job of this computer (PSComputerName
            # localhost) read this computer's file: it is named by its path, as a live read names it (before: localhost:<path>).
            It 'reads a one-line Get-Content -Encoding utf7 -Tail and a whole read given back by two jobs as two reads' {
                $u7 = Join-Path $TestDrive 'u7jobs.log'
                $all[0..4] | Set-Content -LiteralPath $u7 -Encoding utf7 -WarningAction SilentlyContinue
                $whole = @(Get-Where (Get-TeleportMcpAuditEvent -LiteralPath $a) | Where-Object { [int]$_.Split(':')[1] -le 5 } | ForEach-Object { $_ -replace '^a\.log', 'u7jobs.log' })
                $tail = @(Get-Content -LiteralPath $u7 -Encoding utf7 -Tail 1 -WarningAction SilentlyContinue | Get-TeleportMcpAuditEvent)
                $last = @(if ($tail.Count) { Get-Where $tail })
                $one = Start-Job { Get-Content -LiteralPath $using:u7 -Encoding utf7 -Tail 1 -WarningAction SilentlyContinue }
                $two = Start-Job { Get-Content -LiteralPath $using:u7 -Encoding utf7 -WarningAction SilentlyContinue }
                $lines = @(Receive-Job $one -Wait -AutoRemoveJob) + @(Receive-Job $two -Wait -AutoRemoveJob)
                $lines[0].RunspaceId | Should -Not -Be $lines[1].RunspaceId
                $e = @($lines | Get-TeleportMcpAuditEvent -WarningVariable warn -WarningAction SilentlyContinue)
                Get-Where $e | Should -Be ($last + $whole)
                $lines[0].PSComputerName | Should -BeExactly 'localhost'
                @($e.Source | Select-Object -Unique) | Should -Be @($u7)
                $warn | Should -BeNullOrEmpty
            }

            It 'reads a Select-String match as its line, and its context lines once each' {
                Get-Where (Select-String -LiteralPath $a, $b -Pattern '.' | Get-TeleportMcpAuditEvent) | Should -Be $expected
                # The lines within two of a match, each once: the union of the matches' windows.
                $near = @(Select-String -LiteralPath $a, $b -Pattern 'TMCP003E' | ForEach-Object { $m = $_; -2..2 | ForEach-Object { '{0}:{1}:' -f $m.Filename, ($m.LineNumber + $_) } })
                $want = @($expected | Where-Object { $_.Substring(0, $_.LastIndexOf(':') + 1) -in $near })
                $want.Count | Should -BeLessThan $expected.Count
                Get-Where (Select-String -LiteralPath $a, $b -Pattern 'TMCP003E' -Context 2 | Get-TeleportMcpAuditEvent) | Should -Be $want
                $xml = Join-Path $TestDrive 'matches.xml'
                Select-String -LiteralPath $a -Pattern 'TMCP001I' -Context 1 | Export-Clixml -LiteralPath $xml
                Get-Where (Import-Clixml -LiteralPath $xml | Get-TeleportMcpAuditEvent) |
                    Should -Be (Get-Where (Select-String -LiteralPath $a -Pattern 'TMCP001I' -Context 1 | Get-TeleportMcpAuditEvent))
            }
        }

        It 'reads objects from ConvertFrom-Json, times included' {
            $objects = Get-Content $auditLog | ForEach-Object { $_ | ConvertFrom-Json }
            $e = $objects | Get-TeleportMcpAuditEvent -Tool printEnv
            $e.Code | Should -Be 'TMCP003E'
            $e.Time | Should -Be ([datetime]::new(2025, 9, 30, 11, 15, 39, 421, [DateTimeKind]::Utc))
            $e.UserRoles | Should -Be @('access', 'mcp-no-env-dump')
        }

        It 'shows the certificate''s trait values of a credential''s name masked, and the others as they are (<Case>)' -ForEach @(
            @{ Case = 'one-line event'; Failed = $false }
            @{ Case = 'failed event'; Failed = $true }
        ) {
            $code = if ($Failed) { 'TMCP003E' } else { 'TMCP003I' }
            $line = '{"code":"' + $code + '","event":"mcp.session.request","time":"2025-09-30T10:00:01Z","user":"alice","app_name":"everything","sid":"s1","success":' + (-not $Failed).ToString().ToLowerInvariant() +
                    ',"message":{"jsonrpc":"2.0","id":"1","method":"tools/call","params":{"name":"echo"}},"user_roles":["access"],"user_traits":{"api_token":["plainvalue123"],"gh":["ghp_abcdefghijklmnopqrstuvwxyz0123456789"],"logins":["alice"]}}'
            $e = $line | Get-TeleportMcpAuditEvent
            $e.UserTraits['api_token'] | Should -Be @('<redacted>')
            $e.UserTraits['gh'] | Should -Be @('<redacted>')
            $e.UserTraits['logins'] | Should -Be @('alice')
            ($e | Format-List * | Out-String -Width 400) | Should -Not -Match 'plainvalue123|ghp_'
        }

        It 'reads the files of Get-ChildItem output' {
            (Get-ChildItem -LiteralPath $auditDir -Filter *.log | Get-TeleportMcpAuditEvent -FailedOnly).Count | Should -Be 7
        }

        It 'reads rotated files oldest first, however given (<Case>), so the session''s agent is known' -ForEach @(
            @{ Case = '-Path newest first'; How = 'path' }
            @{ Case = 'Get-ChildItem by name'; How = 'pipe' }
            @{ Case = '-LiteralPath newest first'; How = 'literal' }
        ) {
            $dir = Join-Path $TestDrive ('rot-' + $How)
            New-Item -ItemType Directory $dir | Out-Null
            '{"code":"TMCP001I","event":"mcp.session.start","sid":"s-9","server_id":"agent-7","time":"2025-05-23T23:59:00Z","user":"bob","app_name":"everything","success":true}' |
                Set-Content -LiteralPath (Join-Path $dir 'audit.log.1')
            '{"code":"TMCP003E","event":"mcp.session.request","sid":"s-9","time":"2025-05-24T00:01:00Z","user":"bob","app_name":"everything","success":false,"error":"access denied","message":{"jsonrpc":"2.0","id":"2","method":"tools/call","params":{"name":"echo"}}}' |
                Set-Content -LiteralPath (Join-Path $dir 'audit.log')
            $e = switch ($How) {
                'path' { Get-TeleportMcpAuditEvent -Path (Join-Path $dir 'audit.log'), (Join-Path $dir 'audit.log.1') }
                'pipe' { Get-ChildItem -LiteralPath $dir | Get-TeleportMcpAuditEvent }
                'literal' { Get-TeleportMcpAuditEvent -LiteralPath (Join-Path $dir 'audit.log'), (Join-Path $dir 'audit.log.1') }
            }
            @($e.Kind) | Should -BeExactly @('SessionStart', 'Request')
            @($e.ServerId) | Should -BeExactly @('agent-7', 'agent-7')
        }

        It 'reads an exported JSON array' {
            $export = Join-Path $TestDrive 'export.json'
            '[' + ((Get-Content $auditLog) -join ",`n") + ']' | Set-Content $export
            (Get-TeleportMcpAuditEvent -Path $export -FailedOnly).Count | Should -Be 7
            (Get-Content -Raw $export | ConvertFrom-Json | Get-TeleportMcpAuditEvent -FailedOnly).Count | Should -Be 7
        }
    }

    Context 'explaining denials' {
        It 'names the denying role, and flags the event today''s roles would allow' {
            $r = Get-TeleportMcpAuditEvent $auditLog -FailedOnly -Tool * | Test-TeleportMcpRole -Path $cluster
            $r.Count | Should -Be 2
            $r[0].PSObject.TypeNames[0] | Should -Be 'TeleportMcp.AuditReplay'
            $bob = $r | Where-Object User -eq 'bob'
            $bob.Verdict | Should -Be 'Consistent'
            $bob.Cause | Should -Be 'DenyEntry'
            $bob.DeniedBy | Should -BeLike '*mcp-no-env-dump*'
            $carol = $r | Where-Object User -eq 'carol'
            $carol.Verdict | Should -Be 'Disagreement'
            $carol.Cause | Should -Be 'RolesChanged'
            $carol.Fix | Should -BeLike '*tsh login*'
        }

        It 'flags a tools/call audited as a notification on a streamable-HTTP app (checked against no role)' {
            # lib/srv/mcp/sanitize.go @2e72a89b case 4: an agent that reads keys case-sensitively but predates it forwarded
            # {"ID":1,"method":"tools/call",...} unchanged; stdio and SSE agents write the notification again without an id.
            $log = Join-Path $TestDrive 'notification.log'
            @(
                '{"code":"TMCP004I","event":"mcp.session.notification","time":"2025-09-30T10:00:00Z","sid":"n-1","app_name":"everything","app_uri":"mcp+http://localhost:3000/mcp","user":"carol","success":true,"message":{"jsonrpc":"2.0","method":"tools/call","params":{"name":"write_file"}}}'
                '{"code":"TMCP004I","event":"mcp.session.notification","time":"2025-09-30T10:00:01Z","sid":"n-2","app_name":"everything","app_uri":"mcp+stdio://","user":"carol","success":true,"message":{"jsonrpc":"2.0","method":"tools/call","params":{"name":"write_file"}}}'
            ) | Set-Content $log
            $r = @(Get-TeleportMcpAuditEvent $log -Tool write_file | Test-TeleportMcpRole -Path $cluster)
            $r.Count | Should -Be 2
            $r.Verdict | Should -Be @('Indeterminate', 'NotReplayable')
            $r[0].Cause | Should -Be 'UncheckedCall'
            $r[0].Fix | Should -BeLike 'Upgrade the Teleport agent serving everything*sanitize.go*'
            ($r[0].Notes -join ' | ') | Should -BeLike "*Today's roles refuse write_file to carol*"
            $r[1].Reason | Should -BeLike '*without an id*'
        }

        It 'replays with the labels of the agent that served the session (server_id of its start event)' {
            # lib/srv/mcp/session.go checkAccessToTool: each agent checks calls against its own heartbeat; mcp-01 says env=dev
            # (carol's mcp-developer selects it), mcp-02 env=prod (no role of carol's does).
            $dir = Join-Path $TestDrive 'agents'
            New-Item -ItemType Directory $dir | Out-Null
            Copy-Item (Join-Path $cluster 'roles.yaml'), (Join-Path $cluster 'users.yaml') $dir
            $heartbeat = {
                param($hostName, $id, $env)
                "kind: app_server`nversion: v3`nmetadata: {name: everything}`nspec:`n  host_id: $id`n  hostname: $hostName`n  version: 18.2.4`n" +
                "  app:`n    kind: app`n    version: v3`n    metadata: {name: everything, labels: {env: $env}}`n    spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}`n"
            }
            (& $heartbeat 'mcp-01' 'h-1' 'dev') + "---`n" + (& $heartbeat 'mcp-02' 'h-2' 'prod') | Set-Content (Join-Path $dir 'app_servers.yaml')
            $line = {
                param($code, $event, $sid, $serverId, $extra)
                '{"code":"' + $code + '","event":"' + $event + '","time":"2025-09-30T10:00:00Z","sid":"' + $sid + '",' + $(if ($serverId) { '"server_id":"' + $serverId + '",' }) +
                '"app_name":"everything","user":"carol",' + $extra + '}'
            }
            $call = '"message":{"jsonrpc":"2.0","id":"3","method":"tools/call","params":{"name":"read_file"}}'
            $denied = '"success":false,"error":"access to app denied. User does not have permissions. ",' + $call
            $log = Join-Path $TestDrive 'agents.log'
            @(
                & $line 'TMCP001I' 'mcp.session.start' 's-1' 'h-2' '"success":true'
                & $line 'TMCP003E' 'mcp.session.request' 's-1' $null $denied
                & $line 'TMCP001I' 'mcp.session.start' 's-2' 'h-1' '"success":true'
                & $line 'TMCP003I' 'mcp.session.request' 's-2' $null ('"success":true,' + $call)
                & $line 'TMCP003E' 'mcp.session.request' 's-3' $null $denied
            ) | Set-Content $log
            # The start events say which agent served each session; the reader gives a session's requests that agent too.
            (Get-TeleportMcpAuditEvent $log).ServerId | Should -BeExactly @('h-2', 'h-2', 'h-1', 'h-1', $null)
            $r = @(Get-TeleportMcpAuditEvent $log -Tool * | Test-TeleportMcpRole -Path $dir)
            $r.Count | Should -Be 3
            $r.SessionId | Should -BeExactly @('s-1', 's-2', 's-3')
            $r.Verdict | Should -Be @('Consistent', 'Consistent', 'Indeterminate')
            $r.Agent | Should -BeExactly @('mcp-02', 'mcp-01', $null)
            $r[0].Cause | Should -Be 'AppNotAccessible'
            $r[2].Reason | Should -BeLike '*through mcp-01 (*) Allowed; through mcp-02 (*) AppNotAccessible*no start or end event of session s-3 was read before it or given*'
            # -FailedOnly leaves the start events out of the output, not out of the reading: s-1's agent is still known.
            $failed = @(Get-TeleportMcpAuditEvent $log -FailedOnly | Test-TeleportMcpRole -Path $dir)
            $failed.Verdict | Should -Be @('Consistent', 'Indeterminate')
            ($failed[0].Notes -join ' | ') | Should -BeLike '*heartbeat of mcp-02, the agent that served session s-1 (server_id h-2)*'
            Get-TeleportMcpAuditEvent $log -FailedOnly | Test-TeleportMcpRole -Path $dir -Quiet | Should -BeFalse
            Get-TeleportMcpAuditEvent $log -Tool * | Where-Object SessionId -ne 's-3' | Test-TeleportMcpRole -Path $dir -Quiet | Should -BeTrue
        }

        It 'answers -Quiet false when an event disagrees with today''s roles' {
            Get-TeleportMcpAuditEvent $auditLog -FailedOnly -Tool * | Test-TeleportMcpRole -Path $cluster -Quiet | Should -BeFalse
            Get-TeleportMcpAuditEvent $auditLog -User bob -Tool printEnv | Test-TeleportMcpRole -Path $cluster -Quiet | Should -BeTrue
        }
    }

    Context 'Find-TeleportMcpError' {
        It 'turns failed events into findings grouped per id, app, user and tool' {
            $f = Find-TeleportMcpError -Path $auditLog
            $f.Id | Sort-Object -Unique | Should -Be @('TMCP-AUDIT-001', 'TMCP-AUDIT-004', 'TMCP-AUDIT-007', 'TMCP-AUDIT-008', 'TMCP-AUDIT-009', 'TMCP-AUDIT-032')
            $denied = $f | Where-Object Tool -eq 'printEnv'
            $denied.Id | Should -Be 'TMCP-AUDIT-001'
            $denied.LineNumber | Should -Be 14
            $denied.LogFormat | Should -Be 'audit'
            $denied.Fix | Should -BeLike '*Test-TeleportMcpRole*'
            $s = Find-TeleportMcpError -Path $auditLog -Summary
            ($s | Where-Object Id -eq 'TMCP-AUDIT-001').Count | Should -Be 2
            ($s | Where-Object { $_.Id -eq 'TMCP-AUDIT-001' -and $_.User -eq 'bob' }).Tool | Should -Be 'printEnv'
        }

        It 'leaves a target dial denied event to Find-TeleportMcpError (TMCP-LOG-156), as its help says' {
            $file = Join-Path $TestDrive 'dial-denied.log'
            Set-Content -LiteralPath $file -Encoding utf8 -Value @(
                '{"app_name":"search","app_uri":"mcp+http://10.0.0.5:8080/mcp","blocked_ip":"10.0.0.5","blocked_prefix":"10.0.0.0/8","code":"T2015E","event":"app.session.target.dial.denied","policy":"denied_hosts","resolved_ips":["10.0.0.5"],"server_id":"agent-7","sid":"s-1","target_host":"10.0.0.5","target_port":"8080","time":"2026-11-30T10:00:00.000Z","user":"alice"}',
                '{"code":"TMCP001I","event":"mcp.session.start","sid":"s-2","server_id":"agent-7","time":"2026-11-30T10:01:00Z","user":"bob","app_name":"docs","success":true}')
            $events = @(Get-TeleportMcpAuditEvent -LiteralPath $file)
            $events.Count | Should -Be 1
            $events[0].Code | Should -BeExactly 'TMCP001I'
            $f = @(Find-TeleportMcpError -LiteralPath $file)
            $f.Count | Should -Be 1
            $f[0].Id | Should -BeExactly 'TMCP-LOG-156'
            $f[0].LineNumber | Should -Be 1
            $f[0].Cause | Should -BeLike '*10.0.0.5*denied_hosts*'
            (Get-Help Get-TeleportMcpAuditEvent).Description.Text -join ' ' | Should -BeLike '*app.session.target.dial.denied*TMCP-LOG-156*'
        }
    }
}

Describe 'Get-TeleportMcpAuditEvent: users from the pipeline with -Path' {
    BeforeAll {
        $script:AuditDir = Join-Path $ExamplesDir 'audit'
    }

    It 'takes piped user names by value and by property name when -Path names the files' {
        $all = Get-TeleportMcpAuditEvent -Path $AuditDir
        $expected = @($all | Where-Object User -eq 'bob').Count
        $expected | Should -BeGreaterThan 0
        @('bob' | Get-TeleportMcpAuditEvent -Path $AuditDir).Count | Should -Be $expected
        @([pscustomobject]@{ User = 'bob' } | Get-TeleportMcpAuditEvent -Path $AuditDir).Count | Should -Be $expected
        @('bob' | Get-TeleportMcpAuditEvent -Path $AuditDir | Where-Object User -ne 'bob') | Should -BeNullOrEmpty
        # The files are read once, however many users are piped.
        $two = 'bob', 'alice' | Get-TeleportMcpAuditEvent -Path $AuditDir
        @($two).Count | Should -Be @($all | Where-Object { $_.User -in 'bob', 'alice' }).Count
    }

    It 'refuses a piped object that names no user (PipedObjectNotUser), and still reads the names beside it' {
        $expected = @(Get-TeleportMcpAuditEvent -Path $AuditDir -User bob).Count
        $file = Get-Item -LiteralPath (Join-Path $AuditDir 'events-2025-09-30.log')
        $got = @('bob', $file, @{ Shift = 'night' }, [pscustomobject]@{ Name = 'x' } | Get-TeleportMcpAuditEvent -Path $AuditDir -ErrorVariable err -ErrorAction SilentlyContinue)
        $got.Count | Should -Be $expected
        @($got | Where-Object User -ne 'bob') | Should -BeNullOrEmpty
        $err.Count | Should -Be 3
        foreach ($e in $err) {
            $e.FullyQualifiedErrorId | Should -BeExactly 'PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand'
            $e.Exception.Message | Should -Match '-User takes user names: a string, a TeleportMcp.User, or an object with a User property'
        }
        $err[0].TargetObject.FullName | Should -BeExactly $file.FullName
        $err[0].Exception.Message | Should -Match ([regex]::Escape("got the file $($file.FullName) (System.IO.FileInfo"))
        $err[1].Exception.Message | Should -Match 'got a System.Collections.Hashtable \(keys Shift\) without a User key'
        $err[2].Exception.Message | Should -Match 'got a custom object \(properties Name\) without a User property'
    }

    It 'lists nobody''s events when every piped value is refused, instead of everyone''s' {
        @(Get-TeleportMcpAuditEvent -Path $AuditDir).Count | Should -BeGreaterThan 0
        $file = Get-Item -LiteralPath (Join-Path $AuditDir 'events-2025-09-30.log')
        $got = @($file, @{ Shift = 'night' } | Get-TeleportMcpAuditEvent -Path $AuditDir -ErrorVariable err -ErrorAction SilentlyContinue)
        $got.Count | Should -Be 0
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand'
        $line = (Get-Content -LiteralPath $file.FullName | Where-Object { $_ -match '"event":"mcp\.' } | Select-Object -First 1)
        @($line | Get-TeleportMcpAuditEvent -Path $AuditDir -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'takes the user of a hashtable, of a TeleportMcp.User and of an audit event piped with -Path' {
        $expected = @(Get-TeleportMcpAuditEvent -Path $AuditDir -User bob).Count
        @(@{ User = 'bob' } | Get-TeleportMcpAuditEvent -Path $AuditDir).Count | Should -Be $expected
        $bob = Import-TeleportResource -Path (Join-Path $ExamplesDir 'cluster') | Where-Object { $_ -is [TeleportMcp.User] -and $_.Name -eq 'bob' }
        $bob | Should -Not -BeNullOrEmpty
        @($bob | Get-TeleportMcpAuditEvent -Path $AuditDir).Count | Should -Be $expected
        $event = Get-TeleportMcpAuditEvent -Path $AuditDir -User bob | Select-Object -First 1
        @($event | Get-TeleportMcpAuditEvent -Path $AuditDir).Count | Should -Be $expected
        @(Get-TeleportMcpAuditEvent -Path $AuditDir -User ([pscustomobject]@{ User = 'bob' })).Count | Should -Be $expected
    }

    It 'takes a piped name as written, not as a wildcard' {
        @('b*' | Get-TeleportMcpAuditEvent -Path $AuditDir -ErrorAction SilentlyContinue -ErrorVariable err) | Should -BeNullOrEmpty
        # The name matched no event: said, naming it, rather than an empty answer.
        @($err.FullyQualifiedErrorId) | Should -BeExactly @('NoAuditEventSelected,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
        @(Get-TeleportMcpAuditEvent -Path $AuditDir -User 'b*').Count | Should -BeGreaterThan 0
    }

    It 'refuses an audit line piped with -Path (AuditLineWithPath), and still reads lines without -Path' {
        $line = (Get-Content -LiteralPath (Join-Path $AuditDir 'events-2025-09-30.log') | Where-Object { $_ -match '"event":"mcp\.' } | Select-Object -First 1)
        $null = $line | Get-TeleportMcpAuditEvent -Path $AuditDir -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'AuditLineWithPath,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand'
        @($line | Get-TeleportMcpAuditEvent).Count | Should -Be 1
    }
}

