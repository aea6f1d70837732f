BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $cluster = Join-Path $ExamplesDir 'cluster'
    $logs = Join-Path $ExamplesDir 'logs'
    $scenario = @{ ClusterPath = $cluster; LogPath = $logs; User = 'alice', 'bob'; App = 'everything'; SkipClient = $true }
}

Describe 'Invoke-TeleportMcpDiagnosis literal paths' {
    BeforeAll {
        Set-Content -LiteralPath (Join-Path $TestDrive 'claude1.json') '{"mcpServers": {"one": {"command": "tsh", "args": ["mcp", "connect", "one"]}}}'
        Set-Content -LiteralPath (Join-Path $TestDrive 'claude[1].json') '{"mcpServers": {"bracket": {"command": "tsh", "args": ["mcp", "connect", "bracket"]}}}'
    }

    It 'reads claude[1].json with -LiteralClientConfigPath, and claude1.json with the wildcard -ClientConfigPath' {
        $literal = Invoke-TeleportMcpDiagnosis -LiteralClientConfigPath (Join-Path $TestDrive 'claude[1].json') -Check Client
        @($literal | Where-Object Title -like '*entry bracket*').Count | Should -BeGreaterThan 0
        @($literal | Where-Object Title -like '*entry one*').Count | Should -Be 0
        $wildcard = Invoke-TeleportMcpDiagnosis -ClientConfigPath (Join-Path $TestDrive 'claude[1].json') -Check Client
        @($wildcard | Where-Object Title -like '*entry one*').Count | Should -BeGreaterThan 0
        @($wildcard | Where-Object Title -like '*entry bracket*').Count | Should -Be 0
    }

    It 'reads cluster, log and audit folders through the literal twins, and a bracketed cluster folder at every level' {
        $export = Join-Path $TestDrive 'export[1]/roles'
        New-Item -ItemType Directory -Path $export -Force | Out-Null
        Copy-Item (Join-Path $cluster '*') $export
        $d = Invoke-TeleportMcpDiagnosis -LiteralClusterPath (Join-Path $TestDrive 'export[1]') -LiteralLogPath $logs -LiteralAuditPath (Join-Path $ExamplesDir 'audit') -SkipClient
        ($d | Where-Object Check -eq 'RunAsHostUser').Title | Should -Contain 'everything - user: unknown user mcp-runner (no such account on this host in /etc/passwd or getent passwd)'
        @($d | Where-Object Check -like 'TMCP-LOG-*').Count | Should -BeGreaterThan 0
        @($d | Where-Object Check -like 'TMCP-AUDIT-*').Count | Should -BeGreaterThan 0
    }

    It 'names a literal path that is not there, and -Quiet is $false' {
        $q = @(Invoke-TeleportMcpDiagnosis -LiteralClusterPath $cluster -LiteralLogPath (Join-Path $TestDrive 'app[9].log') -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $q | Should -Be @($false)
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
        $e[0].Exception.Message | Should -BeLike '*-LiteralLogPath*app`[9`].log*'
        # Session 47 (review 329): the target is the path as given, not the label "-LiteralLogPath <path>".
        $e[0].TargetObject | Should -BeExactly (Join-Path $TestDrive 'app[9].log')
    }
}

Describe 'Invoke-TeleportMcpDiagnosis' {
    Context 'the serving map' {
        It 'reports an app served by no App Service host, with the closest selector' {
            $d = Invoke-TeleportMcpDiagnosis -ClusterPath $cluster, (Join-Path $ExamplesDir 'teleport.yaml'), (Join-Path $ExamplesDir 'hosts') -SkipClient
            $f = $d | Where-Object Check -eq 'ServingNotServed'
            $f.App | Should -Be 'notion'
            $f.Status | Should -Be 'Fail'
            $f.Title | Should -BeLike 'notion - no App Service agent serves it*closest: host mcp-02 app_service.resources[[]0] labels {team: platform, env: prod}*'
            $f.Fix | Should -BeLike '*app_service.resources*'
        }

        It 'says the serving map was not examined without teleport.yaml or app_servers' {
            $null = Invoke-TeleportMcpDiagnosis -ClusterPath (Join-Path $cluster 'roles.yaml') -SkipClient -Verbose 4>&1 -OutVariable all
            ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Not examined: serving map: no App Service teleport.yaml and no 'tctl get app_servers' export in -ClusterPath"
        }
    }

    Context 'the bundled broken scenario' {
        BeforeAll { $d = Invoke-TeleportMcpDiagnosis @scenario }

        It 'writes ranked TeleportMcp.Diagnosis objects' {
            $d[0].PSObject.TypeNames[0] | Should -Be 'TeleportMcp.Diagnosis'
            # (not $d.Rank: on an array that is Array.Rank)
            @($d | ForEach-Object Rank) | Should -Be (1..$d.Count)
        }

        It 'puts the server that cannot start first, proven by the App Service log line' {
            $d[0].Area | Should -Be 'App'
            $d[0].App | Should -Be 'everything'
            $d[0].Title | Should -Match 'unknown user mcp-runner'
            $d[0].Evidence | Should -Contain ((Join-Path $logs 'app-service.log') + ':8: 2025-09-30T10:00:00.415Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user mcp-runner] app/connections_handler.go:315')
        }

        It 'explains why alice gets no tools, with the cmdlet line that grants them' {
            $alice = $d | Where-Object { $_.User -eq 'alice' -and $_.Check -eq 'NoToolsGranted' }
            $alice.Status | Should -Be 'Fail'
            $alice.Detail | Should -BeLike '*alice has no mcp_tools trait*'
            $alice.Fix | Should -BeLike 'Set-TeleportMcpTools -User alice -Tools * -Append -WhatIf*'
            $alice.Evidence | Should -BeLike '*{{internal.mcp_tools}}*'
        }

        It 'ties the denied tool call in the client log to bob''s deny rule' {
            $bob = $d | Where-Object { $_.User -eq 'bob' -and $_.Check -eq 'ToolsDenied' }
            $bob.Status | Should -Be 'Warn'
            $bob.Title | Should -Match 'printEnv'
            ($bob.Evidence -join "`n") | Should -Match 'mcp-server-teleport-mcp-everything\.log:9: .*-32602'
            # The proven log line is not reported a second time on its own.
            $d | Where-Object { $_.Area -eq 'Log' -and $_.Source -like '*mcp-server-teleport-mcp-everything.log:9' } | Should -BeNullOrEmpty
        }

        It 'orders failures before warnings, and root causes before log-only symptoms' {
            $statuses = @($d.Status)
            $lastFail = [array]::LastIndexOf($statuses, 'Fail')
            $firstWarn = [array]::IndexOf($statuses, 'Warn')
            if ($firstWarn -ge 0) { $lastFail | Should -BeLessThan $firstWarn }
            $failAreas = @($d | Where-Object Status -eq 'Fail' | ForEach-Object Area)
            $failAreas.IndexOf('App') | Should -BeLessThan $failAreas.IndexOf('Role')
        }

        It 'leaves out log lines about other apps when -App is given' {
            $d | Where-Object { $_.App -in 'git', 'jira', 'payroll' } | Should -BeNullOrEmpty
        }

        It 'keeps its properties through ConvertTo-Json' {
            $back = $d[0] | ConvertTo-Json | ConvertFrom-Json
            $back.Title | Should -Be $d[0].Title
            $back.Evidence.Count | Should -Be $d[0].Evidence.Count
        }
    }

    Context 'logs that cannot be read' {
        It 'reports a corrupt .gz as LogReadError and still diagnoses from the other logs' {
            $dir = Join-Path $TestDrive 'logs-with-corrupt-gz'
            New-Item -ItemType Directory -Path $dir | Out-Null
            Copy-Item (Join-Path $logs '*') $dir
            # A gzip header followed by bytes that are not deflate data.
            [IO.File]::WriteAllBytes((Join-Path $dir 'app-service.log.2.gz'), [byte[]](0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff) + [byte[]](1..64 | ForEach-Object { 0xff }))
            $d = Invoke-TeleportMcpDiagnosis -ClusterPath $cluster -LogPath $dir -User alice, bob -App everything -SkipClient -ErrorVariable err -ErrorAction SilentlyContinue
            # The file's own error, then the gate's: what the corrupt file holds was not examined.
            @($err | ForEach-Object FullyQualifiedErrorId) | Should -BeExactly @('LogReadError,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand', 'InputUnreadable,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
            $err[0].CategoryInfo.Category | Should -Be 'ReadError'
            $err[0].TargetObject | Should -Be (Join-Path $dir 'app-service.log.2.gz')
            $d[0].Title | Should -Match 'unknown user mcp-runner'
            $d[0].Evidence | Should -Contain ((Join-Path $dir 'app-service.log') + ':8: 2025-09-30T10:00:00.415Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user mcp-runner] app/connections_handler.go:315')
        }
    }

    Context 'tools' {
        It 'lists exactly the missing tools in the grant when -Tool is given' {
            $d = Invoke-TeleportMcpDiagnosis -ClusterPath $cluster -User alice -App everything -Tool search_files, echo -SkipClient
            $f = $d | Where-Object Check -eq 'ToolsNotGranted'
            $f.Title | Should -Be 'alice is not granted 2 tools on everything - search_files, echo'
            $f.Fix | Should -BeLike "Set-TeleportMcpTools -User alice -Tools 'search_files', 'echo' -Append -WhatIf*"
        }
    }

    Context 'network' {
        It 'makes no connection without -Launch (remote MCP servers are not dialled)' {
            $d = Invoke-TeleportMcpDiagnosis -ClusterPath $cluster -App github -SkipClient
            ($d.Title + $d.Evidence) -join "`n" | Should -Not -Match 'dial tcp'
        }
    }

    Context 'client side' {
        It 'puts a missing tsh first: it hides every other failure from the user' {
            $d = Invoke-TeleportMcpDiagnosis -ClusterPath $cluster -User alice -App everything -ClientConfigPath (Join-Path $ExamplesDir 'clients/claude_desktop_config.json') -TshPath (Join-Path $TestDrive 'no-such-tsh')
            $d[0].Area | Should -Be 'Session'
            $d[0].Status | Should -Be 'Fail'
            $d | Where-Object Area -eq 'Client' | Should -Not -BeNullOrEmpty
        }

        It 'writes the ClientConfigParseError Test-TeleportMcpClient writes for <What>, checks the good file beside it, and cannot pass on it' -ForEach @(
            @{ What = 'truncated JSON'; Text = '{"mcpServers": {"x": '; Line = 1; Column = 22; LineText = '{"mcpServers": {"x": ' }
            @{ What = 'an mcpServers that is not an object'; Text = "{`n  ""mcpServers"": [1, 2]`n}"; Line = 2; Column = 17; LineText = '  "mcpServers": [1, 2]' }
        ) {
            $broken = Join-Path $TestDrive 'broken.json'
            $good = Join-Path $TestDrive 'good.json'
            Set-Content -LiteralPath $broken -Value $Text -NoNewline
            Set-Content -LiteralPath $good -Value '{"mcpServers": {"teleport-mcp-files": {"command": "tsh mcp connect files"}}}'
            $null = Test-TeleportMcpClient -Path $broken -SkipSession -ErrorVariable clientErr -ErrorAction SilentlyContinue
            $want = @($clientErr | Where-Object FullyQualifiedErrorId -ceq 'ClientConfigParseError,TeleportMcp.Commands.TestTeleportMcpClientCommand')
            $want.Count | Should -Be 1

            $d = @(Invoke-TeleportMcpDiagnosis -ClusterPath $cluster -ClientConfigPath $broken, $good -TshPath (Join-Path $TestDrive 'no-such-tsh') -ErrorVariable err -ErrorAction SilentlyContinue)
            $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'ClientConfigParseError,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
            $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            $e[0].CategoryInfo.Category | Should -BeExactly 'ParserError'
            $e[0].TargetObject | Should -BeExactly $broken
            $e[0].Exception.Message | Should -BeExactly $want[0].Exception.Message
            $e[0].Exception.Location.Path | Should -BeExactly $broken
            $e[0].Exception.Location.Line | Should -Be $Line
            $e[0].Exception.Location.Column | Should -Be $Column
            $e[0].Exception.LineText | Should -BeExactly $LineText
            foreach ($p in 'Line', 'Column') { $e[0].Exception.Location.$p | Should -Be $want[0].Exception.Location.$p }
            $e[0].Exception.LineText | Should -BeExactly $want[0].Exception.LineText
            # The good file beside it is still checked.
            @($d | Where-Object { $_.Check -eq 'ClientCommandLine' -and $_.App -eq 'files' }).Count | Should -Be 1

            # Alone, the broken file is not a client that was checked: -Quiet is $false, -FailOn ends with NothingExamined.
            $q = @(Invoke-TeleportMcpDiagnosis -ClientConfigPath $broken -Check Client -TshPath (Join-Path $TestDrive 'no-such-tsh') -Quiet -ErrorVariable qErr -ErrorAction SilentlyContinue)
            $q | Should -Be @($false)
            @($qErr | Where-Object FullyQualifiedErrorId -ceq 'ClientConfigParseError,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand').Count | Should -Be 1
            @($qErr | Where-Object FullyQualifiedErrorId -ceq 'NothingExamined,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand').Count | Should -Be 1
            $caught = $null
            try { $null = Invoke-TeleportMcpDiagnosis -ClientConfigPath $broken -Check Client -TshPath (Join-Path $TestDrive 'no-such-tsh') -FailOn Fail -ErrorAction SilentlyContinue }
            catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeExactly 'NothingExamined,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
            $caught.Exception.Message | Should -BeLike "*MCP client configuration $broken*"
        }
    }

    Context 'reports' {
        It 'writes a Markdown report, summary first' {
            $out = Join-Path $TestDrive 'report.md'
            $null = Invoke-TeleportMcpDiagnosis @scenario -OutFile $out
            $text = Get-Content -Raw $out
            $text.IndexOf('## Summary') | Should -BeLessThan $text.IndexOf('## Findings')
            $text | Should -Match 'Most likely root cause: everything - user: unknown user mcp-runner'
            $text | Should -Match 'Set-TeleportMcpTools -User alice'
            $text | Should -Match 'Not examined:'
        }

        It 'writes an HTML report with escaped text' {
            $out = Join-Path $TestDrive 'report.html'
            $null = Invoke-TeleportMcpDiagnosis @scenario -OutFile $out
            $text = Get-Content -Raw $out
            $text | Should -Match '^<!DOCTYPE html>'
            $text | Should -Match '<h2>Summary</h2>'
            $text | Should -Match '\{\{internal\.mcp_tools\}\}'
            $text | Should -Not -Match '<the tools alice needs'
            $text | Should -Match '&lt;the tools alice needs'
        }

        It 'replaces its own unchanged report, and leaves any other file (or an edited report) without -Force' {
            $out = Join-Path $TestDrive 'again.md'
            $null = Invoke-TeleportMcpDiagnosis @scenario -OutFile $out
            (Get-Content -Raw $out) | Should -Match '<!-- TeleportMcp sha256:[0-9a-f]{64} -->\s*$'
            $null = Invoke-TeleportMcpDiagnosis @scenario -OutFile $out -ErrorVariable err -ErrorAction SilentlyContinue
            @($err | Where-Object FullyQualifiedErrorId -clike 'OutFileExists,*').Count | Should -Be 0
            Add-Content -LiteralPath $out 'my notes'
            $d = @(Invoke-TeleportMcpDiagnosis @scenario -OutFile $out -ErrorVariable err -ErrorAction SilentlyContinue)
            $d.Count | Should -BeGreaterThan 0
            $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'OutFileExists,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
            $e.Count | Should -Be 1
            $e[0].TargetObject | Should -BeExactly $out
            $e[0].CategoryInfo.Category | Should -BeExactly 'ResourceExists'
            (Get-Content -Raw $out) | Should -Match 'my notes'
            $null = Invoke-TeleportMcpDiagnosis @scenario -OutFile $out -Force
            (Get-Content -Raw $out) | Should -Not -Match 'my notes'
        }

        It 'reports a report it cannot write with OutFileWriteFailed, the id New-TeleportMcpRole uses (a folder that is not there, a folder of that name, a path under a file), and still emits the findings' {
            $file = Join-Path $TestDrive 'a-file.txt'
            Set-Content -LiteralPath $file 'not a folder'
            foreach ($out in @((Join-Path $TestDrive 'no/such/folder/report.md'), $TestDrive, (Join-Path $file 'report.md'))) {
                $d = @(Invoke-TeleportMcpDiagnosis @scenario -OutFile $out -Force -ErrorVariable err -ErrorAction SilentlyContinue)
                $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'OutFileWriteFailed,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
                $e.Count | Should -Be 1 -Because ("$out; ids: " + ($err.FullyQualifiedErrorId -join ', '))
                $e[0].CategoryInfo.Category | Should -BeExactly 'WriteError'
                $e[0].TargetObject | Should -BeExactly ([IO.Path]::GetFullPath($out))
                $d.Count | Should -BeGreaterThan 0
            }
            Test-Path (Join-Path $TestDrive 'no') | Should -BeFalse
            Get-Content -Raw -LiteralPath $file | Should -BeExactly ('not a folder' + [Environment]::NewLine)
        }

        It 'writes nothing with -WhatIf' {
            $out = Join-Path $TestDrive 'whatif.md'
            $d = Invoke-TeleportMcpDiagnosis @scenario -OutFile $out -WhatIf
            Test-Path $out | Should -BeFalse
            $d | Should -Not -BeNullOrEmpty
        }
    }

    Context 'CI switches' {
        BeforeAll {
            $clean = New-CleanCluster (Join-Path $TestDrive 'clean')
        }

        It '-Quiet is $false for the broken scenario and $true for a healthy one' {
            Invoke-TeleportMcpDiagnosis @scenario -Quiet | Should -BeFalse
            Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -Quiet | Should -BeTrue
        }

        It '-FailOn Warn makes a warning count' {
            Set-Content (Join-Path $clean 'deny.yaml') "kind: role`nversion: v8`nmetadata: {name: no-env}`nspec:`n  deny:`n    mcp: {tools: [printEnv]}"
            Set-Content (Join-Path $clean 'all.yaml') ((Get-Content -Raw (Join-Path $clean 'all.yaml')) -replace 'roles: \[mcp-all\]', 'roles: [mcp-all, no-env]')
            Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -Quiet | Should -BeTrue
            Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -Quiet -FailOn Warn | Should -BeFalse
            # The binder matches the set without regard to case; the value that arrives is the status, not the text typed.
            Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -Quiet -FailOn warn | Should -BeFalse
            ({ Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -FailOn WARN -ErrorAction Stop } |
                Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'DiagnosisFailed,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
            ({ Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -FailOn Info } |
                Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
        }

        It '-Quiet is $false, with an error naming it, when -ClusterPath matched nothing' {
            Push-Location $TestDrive
            try {
                $out = @(Invoke-TeleportMcpDiagnosis -ClusterPath ./nomatch* -SkipClient -Quiet -FailOn Warn -ErrorVariable err -ErrorAction SilentlyContinue)
            }
            finally { Pop-Location }
            $out | Should -Be @($false)
            @($err.FullyQualifiedErrorId) -ccontains 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            ($err | Where-Object FullyQualifiedErrorId -ceq 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand').Exception.Message | Should -BeLike '*-ClusterPath ./nomatch`**'
            ($err | Where-Object FullyQualifiedErrorId -ceq 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand').TargetObject | Should -BeExactly './nomatch*'
        }

        It '-Quiet is $false when nothing at all was examined' {
            $out = @(Invoke-TeleportMcpDiagnosis -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
            $out | Should -Be @($false)
            @($err.FullyQualifiedErrorId) -ccontains 'NothingExamined,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            ({ Invoke-TeleportMcpDiagnosis -SkipClient -FailOn Fail -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'NothingExamined,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
        }

        It 'is no pass on input that gave a check nothing to examine (<What>): -Quiet is $false and -FailOn ends with <Id>' -ForEach @(
            @{ What = 'an empty log file'; Id = 'NothingExamined'; Given = { @{ LogPath = (Join-Path $TestDrive 'empty.log') } } }
            @{ What = 'an empty audit log'; Id = 'NothingExamined'; Given = { @{ AuditPath = (Join-Path $TestDrive 'empty.log') } } }
            # Events that are not MCP events examine nothing.
            @{ What = 'an audit log without MCP events'; Id = 'NothingExamined'; Given = { @{ AuditPath = (Join-Path $TestDrive 'ssh-audit.log') } } }
            @{ What = 'users alone, read but never decided on'; Id = 'NothingExamined'; Given = { @{ ClusterPath = (Join-Path $cluster 'users.yaml') } } }
            @{ What = 'a web app named with -App'; Id = 'InputNotMatched'; Given = { @{ ClusterPath = (Join-Path $TestDrive 'web.yaml'); App = 'wiki' } } }
            @{ What = 'an empty log file with -Check Log'; Id = 'InputNotMatched'; Given = { @{ LogPath = (Join-Path $TestDrive 'empty.log'); Check = 'Log' } } }
            # Blank lines and spaces hold nothing to examine, as an empty file (session 48, helper-340: before, -Quiet was $true).
            @{ What = 'a log of blank lines'; Id = 'NothingExamined'; Given = { @{ LogPath = (Join-Path $TestDrive 'blank.log') } } }
            @{ What = 'a log of blank lines with -Check Log'; Id = 'InputNotMatched'; Given = { @{ LogPath = (Join-Path $TestDrive 'blank.log'); Check = 'Log' } } }
        ) {
            Set-Content -LiteralPath (Join-Path $TestDrive 'empty.log') -Value $null
            [System.IO.File]::WriteAllText((Join-Path $TestDrive 'blank.log'), "`n  `r`n`t`n")
            Set-Content -LiteralPath (Join-Path $TestDrive 'ssh-audit.log') -Value '{"code":"T2000I","event":"session.start","time":"2025-09-30T10:00:00Z","user":"alice","sid":"s-1"}'
            Set-Content -LiteralPath (Join-Path $TestDrive 'web.yaml') "version: v3`nteleport: {nodename: h}`napp_service:`n  enabled: true`n  apps:`n  - name: wiki`n    uri: http://127.0.0.1:8081`n"
            $given = & $Given
            $out = @(Invoke-TeleportMcpDiagnosis @given -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
            $out | Should -Be @($false)
            @($err | Where-Object FullyQualifiedErrorId -ceq "$Id,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand").Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            ({ Invoke-TeleportMcpDiagnosis @given -SkipClient -FailOn Fail -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly "$Id,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand"
            # The report's summary says it is no pass, never "No problem found".
            $report = Join-Path $TestDrive 'examined.md'
            $null = Invoke-TeleportMcpDiagnosis @given -SkipClient -OutFile $report -Force -ErrorAction SilentlyContinue
            $text = Get-Content -Raw -LiteralPath $report
            $text | Should -BeLike '*Not a pass:*'
            $text | Should -Not -BeLike '*No problem found*'
        }

        # Lines of byte order marks mid-file, zero-width spaces, control characters (SUB 0x1A) or ANSI colour codes only hold
        # nothing to examine either; one real character beside them is text (session 48, reviewer-346: before, -Quiet was
        # $true on each of the first five). Sources: char.IsControl, UnicodeCategory.Format; ECMA-48 5.4 (CSI), 8.3.89 (OSC).
        It 'a log of <What> is <Outcome> under -Check Log -Quiet' -ForEach @(
            @{ What = 'byte order marks only (U+FEFF mid-file)'; Text = "`u{FEFF}`n`u{FEFF}`u{FEFF}`n`u{FEFF}`n"; Outcome = 'no pass' }
            @{ What = 'zero-width spaces only'; Text = "`u{200B}`n`u{200B}`u{2060} `n"; Outcome = 'no pass' }
            @{ What = 'control characters only (0x1A)'; Text = "`u{1A}`u{1A}`u{1A}`n"; Outcome = 'no pass' }
            @{ What = 'ANSI colour codes only'; Text = "`e[0m`n`e[32m`e[0m`n`e[1;38;5;208m `e[K`n"; Outcome = 'no pass' }
            @{ What = 'OSC title and hyperlink codes only'; Text = "`e]0;teleport`a`n`e]8;;https://x`e\`e]8;;`e\`n"; Outcome = 'no pass' }
            @{ What = '8-bit CSI colour codes only (U+009B)'; Text = "`u{9B}31m`n`u{9B}0m`u{9B}1;38;5;208m`n"; Outcome = 'no pass' }
            @{ What = '8-bit OSC, DCS and APC strings only'; Text = "`u{9D}0;teleport`u{9C}`n`u{90}q#0`u{9C}`u{9F}x`u{9C}`n"; Outcome = 'no pass' }
            @{ What = 'one letter between ANSI colour codes'; Text = "`e[0m`e[32mx`e[0m`n"; Outcome = 'a pass' }
            @{ What = 'one letter between 8-bit colour codes'; Text = "`u{9B}32mx`u{9B}0m`n"; Outcome = 'a pass' }
            @{ What = 'byte order marks and a zero-width space beside a letter'; Text = "`u{FEFF}`n`u{200B}`u{E9}`n"; Outcome = 'a pass' }
        ) {
            $log = Join-Path $TestDrive 'unseen.log'
            [System.IO.File]::WriteAllText($log, $Text)
            $out = @(Invoke-TeleportMcpDiagnosis -LogPath $log -Check Log -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            if ($Outcome -eq 'no pass') {
                $out | Should -Be @($false)
                $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
                $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
                # The file had lines: it says none with text was read, not that no line was read (reviewer-346).
                $e[0].Exception.Message | Should -BeLike '*no log line with text was read*'
                ({ Invoke-TeleportMcpDiagnosis -LogPath $log -SkipClient -FailOn Fail -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'NothingExamined,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
            }
            else {
                $out | Should -Be @($true)
                @($err).Count | Should -Be 0 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            }
        }

        # The gate without -Check: a log of only 8-bit CSI codes ("31m" after U+009B is the code's, not text) examined
        # nothing (ECMA-48 5.3, 5.4: the 8-bit CSI ends where ESC [ does).
        It 'is no pass for a log of only 8-bit colour codes under -SkipClient -Quiet' {
            $log = Join-Path $TestDrive 'c1.log'
            [System.IO.File]::WriteAllText($log, "`u{9B}31m`n`u{9B}0m`u{9B}1;33m`n")
            $out = @(Invoke-TeleportMcpDiagnosis -LogPath $log -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $out | Should -Be @($false)
            @($err | Where-Object FullyQualifiedErrorId -ceq 'NothingExamined,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand').Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
        }

        It 'says an empty log file under -Check Log read no line, and a blank one no line with text' -ForEach @(
            @{ File = 'empty.log'; Text = ''; Says = '*(no log line was read)*' }
            @{ File = 'blank.log'; Text = "`n  `r`n`t`n"; Says = '*(no log line with text was read)*' }
        ) {
            $log = Join-Path $TestDrive $File
            [System.IO.File]::WriteAllText($log, $Text)
            $null = Invoke-TeleportMcpDiagnosis -LogPath $log -Check Log -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
            $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            $e[0].Exception.Message | Should -BeLike $Says
        }

        It 'reports audit lines that are not JSON events as MalformedAuditEvent at their line and column, and is no pass' {
            # A denied call with a trailing comma beside a good event: the good one is read, the broken one named.
            $audit = Join-Path $TestDrive 'broken-audit.log'
            Set-Content -LiteralPath $audit -Value @(
                '{"code":"TMCP001I","event":"mcp.session.start","time":"2025-09-30T10:00:00Z","user":"alice","app_name":"everything","sid":"s-1","success":true}'
                '{"code":"TMCP003E","event":"mcp.session.request","time":"2025-09-30T10:00:01Z","user":"alice","app_name":"everything","sid":"s-1","success":false,"error":"access denied",}'
            )
            $out = @(Invoke-TeleportMcpDiagnosis -AuditPath $audit -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
            $out | Should -Be @($false)
            $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'MalformedAuditEvent,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
            $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            $e[0].Exception.Message | Should -BeLike '*1 line(s) are not JSON audit events*line 2*'
            @($err.FullyQualifiedErrorId) -ccontains 'InputUnreadable,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            # A text file given as the audit log: its line is named, and nothing was examined.
            $text = Join-Path $TestDrive 'text.log'
            Set-Content -LiteralPath $text -Value 'hello'
            $out = @(Invoke-TeleportMcpDiagnosis -AuditPath $text -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
            $out | Should -Be @($false)
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('MalformedAuditEvent,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand', 'NothingExamined,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
            $err[0].TargetObject | Should -BeExactly $text
        }

        It 'names the web app -App chose as not an MCP server' {
            Set-Content -LiteralPath (Join-Path $TestDrive 'web.yaml') "version: v3`nteleport: {nodename: h}`napp_service:`n  enabled: true`n  apps:`n  - name: wiki`n    uri: http://127.0.0.1:8081`n"
            $null = Invoke-TeleportMcpDiagnosis -ClusterPath (Join-Path $TestDrive 'web.yaml') -App wiki -SkipClient -ErrorVariable err -ErrorAction SilentlyContinue
            $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
            $e.Count | Should -Be 1
            $e[0].Exception.Message | Should -BeLike '*MCP app wiki (wiki - not an MCP server, nothing to check)*'
        }

        It 'is no pass when a user names a role the export lacks: the decisions are Indeterminate and InputNotMatched names the role' {
            $partial = Join-Path $TestDrive 'partial'
            New-Item -ItemType Directory -Path $partial -Force | Out-Null
            Copy-Item (Join-Path $clean '*') $partial
            Set-Content (Join-Path $partial 'ghost.yaml') "kind: user`nversion: v2`nmetadata: {name: ghostly}`nspec: {roles: [mcp-all, ghost], traits: {}}"
            $out = @(Invoke-TeleportMcpDiagnosis -ClusterPath $partial -User ghostly -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $out | Should -Be @($false)
            $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
            $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            $e[0].Exception.Message | Should -BeLike '*role ghost that user ghostly names (not in the cluster export)*'
            $d = Invoke-TeleportMcpDiagnosis -ClusterPath $partial -User ghostly -SkipClient -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            ($d | Where-Object Check -eq 'RoleIndeterminate').Detail | Should -BeLike '*ghostly''s role "ghost" is not in the input*'
        }

        It 'refuses -Check Client with -SkipClient (ConflictingCheckParameters) before anything is read' {
            $caught = { Invoke-TeleportMcpDiagnosis -ClusterPath (Join-Path $TestDrive 'no-such-export') -Check Client -SkipClient -ErrorAction SilentlyContinue } | Should -Throw -PassThru
            $caught.FullyQualifiedErrorId | Should -BeExactly 'ConflictingCheckParameters,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
            # The client checks' own parameters with -SkipClient would do nothing.
            $caught = { Invoke-TeleportMcpDiagnosis -ClusterPath (Join-Path $TestDrive 'no-such-export') -SkipClient -TshPath /nonexistent/tsh -UseEntryEnvironment -ErrorAction SilentlyContinue } | Should -Throw -PassThru
            $caught.FullyQualifiedErrorId | Should -BeExactly 'ConflictingCheckParameters,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
            $caught.Exception.Message | Should -BeExactly '-TshPath, -UseEntryEnvironment are for the MCP client checks, which -SkipClient skips: give one or the other.'
            $caught.TargetObject | Should -BeExactly @('-TshPath', '-UseEntryEnvironment')
        }

        It 'an unknown -User or -App is an error and makes -Quiet $false; the report lists it as not examined' {
            $report = Join-Path $TestDrive 'unmatched.md'
            $out = @(Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -User nosuch -Quiet -OutFile $report -ErrorVariable err -ErrorAction SilentlyContinue)
            $out | Should -Be @($false)
            @($err.FullyQualifiedErrorId) -ccontains 'UserNotFound,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            $text = Get-Content -Raw $report
            $text | Should -Match '(?s)Examined:.*resource file.*Not examined:.*not found: user nosuch'
        }

        It 'refuses a piped object that names no user (PipedObjectNotUser), still diagnoses the names beside it, and cannot pass' {
            $file = Get-Item -LiteralPath (Join-Path $clean 'all.yaml')
            $app = [pscustomobject]@{ PSTypeName = 'TeleportMcp.App'; Name = 'local'; Uri = 'mcp+http://127.0.0.1:9/mcp' }
            $out = @('dana', $file, @{ Shift = 'night' }, $app | Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
            $out | Should -Be @($false)
            $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'PipedObjectNotUser,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
            $e.Count | Should -Be 3 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            foreach ($x in $e) { $x.Exception.Message | Should -Match '^-User takes user names: ' }
            $e[0].TargetObject.FullName | Should -BeExactly $file.FullName
            $e[1].TargetObject | Should -BeOfType [hashtable]
            @($err | Where-Object FullyQualifiedErrorId -clike 'UserNotFound,*').Count | Should -Be 0
            @($err | Where-Object FullyQualifiedErrorId -ceq 'InputRefused,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand').Count | Should -Be 1
        }

        It 'diagnoses nobody, and cannot pass, when every piped object was refused: never every user in their place' {
            $file = Get-Item -LiteralPath (Join-Path $clean 'all.yaml')
            $out = @($file, @{ Shift = 'night' } | Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
            $out | Should -Be @($false)
            @($err | Where-Object FullyQualifiedErrorId -ceq 'PipedObjectNotUser,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand').Count | Should -Be 2
            $v = @(@() | Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -Verbose -ErrorAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            ($v | Where-Object { $_ -like '*Not examined (not found): user (the piped input named none)*' }) | Should -Not -BeNullOrEmpty
            @(@() | Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -Quiet -ErrorAction SilentlyContinue) | Should -Be @($false)
        }

        It 'refuses a list inside the list given to -User as that item (a list holding itself does not crash the host)' {
            $a = [Collections.ArrayList]::new(); $null = $a.Add('dana'); $null = $a.Add($a)
            $out = @(Invoke-TeleportMcpDiagnosis -ClusterPath $clean -SkipClient -User $a -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
            $out | Should -Be @($false)
            $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'PipedObjectNotUser,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
            $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            # The items of the inner list are named; the list itself, found inside, is named as a list, not walked again; the
            # error starts with the item's index in the list given (-User[1]).
            $e[0].Exception.Message | Should -BeExactly "-User[1]: A list inside the list given to -User ('dana', a list) is not one value; give the objects or names themselves."
        }

        It '-Verbose tells what was read, which roles counted, and what was and was not examined' {
            $v = @(Invoke-TeleportMcpDiagnosis @scenario -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            ($v | Where-Object { $_ -like 'Read * cluster file(s): * role(s) (*' }) | Should -Not -BeNullOrEmpty
            ($v | Where-Object { $_ -like 'alice on everything - *' }) | Should -Not -BeNullOrEmpty
            ($v | Where-Object { $_ -like 'Examined: *log file(s)*' }) | Should -Not -BeNullOrEmpty
            ($v | Where-Object { $_ -like 'Not examined: MCP client configurations*' }) | Should -Not -BeNullOrEmpty
        }

        It 'takes users from the pipeline into one diagnosis' {
            $d = 'alice', 'bob' | Invoke-TeleportMcpDiagnosis -ClusterPath $cluster -SkipClient
            @($d | Where-Object Area -eq 'Role' | ForEach-Object User | Sort-Object -Unique) | Should -Be @('alice', 'bob')
        }

        It 'takes users by property name too (an object''s User)' {
            $d = [pscustomobject]@{ User = 'carol' }, [pscustomobject]@{ User = 'bob' } | Invoke-TeleportMcpDiagnosis -ClusterPath $cluster -SkipClient
            @($d | Where-Object Area -eq 'Role' | ForEach-Object User | Where-Object { $_ } | Sort-Object -Unique) | Should -Be @('bob', 'carol')
        }

        It '-FailOn ends with DiagnosisFailed after writing the findings' {
            $written = [System.Collections.Generic.List[object]]::new()
            ({ Invoke-TeleportMcpDiagnosis @scenario -FailOn Fail -ErrorAction Stop | ForEach-Object { $written.Add($_) } } |
                Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'DiagnosisFailed,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
            $written.Count | Should -BeGreaterThan 0
        }
    }
}

Describe 'Invoke-TeleportMcpDiagnosis -AuditPath: one incident across three log kinds with skewed clocks' {
    BeforeAll {
        $root = Join-Path $TestDrive 'incident'
        $null = New-Item -ItemType Directory -Path (Join-Path $root 'logs'), (Join-Path $root 'audit') -Force
        # The client's clock: the failure at 09:59:58.5; the App Service host runs 1.6 s ahead of it, the Auth Service 3.1 s.
        Set-Content -Path (Join-Path $root 'logs/app-service.log') -Value @(
            '2026-03-01T10:00:00.101Z INFO [APP:SERVI] App service has successfully started. pid:4121.1 service/service.go:6096'
            '2026-03-01T10:00:00.123Z WARN [MCP]       Failed to proxy MCP request method:POST path:/mcp status_code:502 error:[dial tcp 127.0.0.1:8000: connect: connection refused] app:grafana user:alice mcp/http.go:301')
        Set-Content -Path (Join-Path $root 'logs/mcp-server-teleport-mcp-grafana.log') -Value @(
            '2026-03-01T09:59:57.900Z [teleport-mcp-grafana] [info] Initializing server... { metadata: undefined }'
            '2026-03-01T09:59:58.500Z [teleport-mcp-grafana] [info] Message from server: {"jsonrpc":"2.0","id":0,"error":{"code":-32603,"message":"[MCP_UPSTREAM_UNREACHABLE] The Teleport Application Service could not reach MCP server \"grafana\" (HTTP 502: dial tcp 127.0.0.1:8000: connect: connection refused). Check the remote server''s health and its network connectivity from the Application Service."}} { metadata: undefined }')
        Set-Content -Path (Join-Path $root 'audit/2026-03-01.00:00:00.log') -Value @(
            '{"code":"TMCP003E","event":"mcp.session.request","sid":"7f3c","time":"2026-03-01T10:00:01.600Z","uid":"e1","user":"alice","app_name":"grafana","success":false,"error":"dial tcp 127.0.0.1:8000: connect: connection refused","message":{"id":"0","method":"initialize","jsonrpc":"2.0"}}'
            '{"code":"TMCP003E","event":"mcp.session.request","sid":"9a9a","time":"2026-03-01T11:00:00.000Z","uid":"e2","user":"alice","app_name":"grafana","success":false,"error":"HTTP 401 Unauthorized","message":{"id":"0","method":"initialize","jsonrpc":"2.0"}}')
        Set-Content -Path (Join-Path $root 'cluster.yaml') -Value @"
kind: app
version: v3
metadata:
  name: grafana
spec:
  uri: mcp+http://127.0.0.1:8000/mcp
---
kind: user
version: v2
metadata:
  name: alice
spec:
  roles: [access]
"@
        $script:Report = Join-Path $root 'report.md'
        $script:Html = Join-Path $root 'report.html'
        $script:D = Invoke-TeleportMcpDiagnosis -ClusterPath (Join-Path $root 'cluster.yaml') -LogPath (Join-Path $root 'logs') -AuditPath (Join-Path $root 'audit') -User alice -SkipClient -OutFile $Report -WarningAction SilentlyContinue
        $null = Invoke-TeleportMcpDiagnosis -ClusterPath (Join-Path $root 'cluster.yaml') -LogPath (Join-Path $root 'logs') -AuditPath (Join-Path $root 'audit') -User alice -SkipClient -OutFile $Html -WarningAction SilentlyContinue
    }

    It 'puts the client, App Service and audit findings of the failed connection into one incident, the later failure into another' {
        $inc = @($D | Where-Object { $_.Check -in 'TMCP-LOG-102', 'TMCP-LOG-127', 'TMCP-AUDIT-005' })
        $inc.Count | Should -Be 3
        @($inc | ForEach-Object Incident | Sort-Object -Unique).Count | Should -Be 1
        $inc[0].Incident | Should -BeGreaterThan 0
        $later = @($D | Where-Object Check -eq 'TMCP-AUDIT-004')
        $later.Count | Should -Be 1
        $later[0].Incident | Should -Not -Be $inc[0].Incident
    }

    It 'shows the incident as a timeline, the specific cause first and the links by time only named' {
        $md = Get-Content -Raw $Report
        $md | Should -Match '## Incidents'
        $md | Should -Match '### Incident \d+: alice on grafana, 2026-03-01 09:59:58Z: The App Service cannot reach the MCP server'
        $md | Should -Match 'App Service log `[^`]*app-service\.log:2` \| \*\*The App Service cannot reach the MCP server[^|]*\| first cause'
        $md | Should -Match 'time only: -1\.6 s from the first cause, same app'
        $md | Should -Match 'time only: \+1\.5 s from the first cause, same app and user'
        (Get-Content -Raw $Html) | Should -Match '<h2>Incidents</h2>'
    }
}

Describe 'Invoke-TeleportMcpDiagnosis: -Verbose story and -Debug steps' {
    It 'tells what was read, which roles count and which rule decided; -Debug adds the engine steps' {
        $out = Invoke-TeleportMcpDiagnosis -ClusterPath $cluster -User bob -App everything -Tool printEnv -SkipClient -Verbose -Debug 4>&1 5>&1
        $verbose = @($out | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message
        $debug = @($out | Where-Object { $_ -is [Management.Automation.DebugRecord] }).Message
        $verbose | Should -Contain 'user bob - roles access, mcp-no-env-dump'
        $verbose | Where-Object { $_ -like 'Read 4 cluster file(s): 3 role(s)*' } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -like 'bob on everything - allow rules counted from access; not counted: mcp-no-env-dump*' } | Should -Not -BeNullOrEmpty
        $verbose | Should -Contain 'bob, everything, printEnv - Denied (denied by mcp-no-env-dump deny.mcp.tools "printEnv")'
        $verbose | Where-Object { $_ -like 'Not examined: logs:*' } | Should -Not -BeNullOrEmpty
        $debug | Should -Contain 'role access allow.mcp.tools for bob - "{{internal.mcp_tools}}" -> "*"'
        $debug | Where-Object { $_ -like 'role mcp-no-env-dump on everything - allow.app_labels NoMatch*' } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -like 'role * allow.mcp.tools*' } | Should -BeNullOrEmpty -Because 'the engine steps are -Debug only'
    }
}
