BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Fake = Join-Path $RepoRoot 'tests/servers/fake-server.js'
    $script:Everything = Join-Path $RepoRoot 'tests/npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js'
    $script:Node = (Get-Command node -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $script:Me = [Environment]::UserName

    function New-StdioApp([string] $Name, [string] $Command, [string[]] $Arguments, [string] $User = $script:Me) {
        [pscustomobject]@{ Name = $Name; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = $Command; Args = $Arguments; RunAsHostUser = $User }
    }

    # server-everything behind tests/servers/mcp-http-fixture.mjs: loopback, ports the OS picks.
    function Start-HttpFixture([string] $Mode, [string[]] $Extra = @()) {
        $psi = [Diagnostics.ProcessStartInfo]::new($script:Node)
        foreach ($a in @((Join-Path $RepoRoot 'tests/servers/mcp-http-fixture.mjs'), '--server', $script:Everything, '--mode', $Mode) + $Extra) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardInput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
        $p = [Diagnostics.Process]::Start($psi)
        $null = $p.StandardError.ReadToEndAsync()
        $port = $null
        while ($null -ne ($line = $p.StandardOutput.ReadLine())) { if ($line -match '^FIXTURE-PORT=(\d+)$') { $port = [int]$Matches[1]; break } }
        $null = $p.StandardOutput.ReadToEndAsync()
        if (-not $port) { $p.Kill($true); throw "the HTTP fixture ($Mode) did not start" }
        [pscustomobject]@{ Process = $p; Port = $port }
    }
    function Stop-HttpFixture($Fixture) {
        if (-not $Fixture) { return }
        $Fixture.Process.Kill($true)
        $Fixture.Process.WaitForExit(60000) | Should -BeTrue -Because "the fixture ends once killed (a guard, not a time)"
        $Fixture.Process.Dispose()
    }

    function Get-TestProcess {
        # Every process still running from the test servers (fake-server.js, its grandchild, server-everything).
        Get-Process -ErrorAction SilentlyContinue | Where-Object {
            $cl = $_.CommandLine
            # Only this checkout's servers: other checkouts on the machine may run the same tests at the same time (the
            # spawnchild grandchild carries fake-server.js's path too). The root with its separator: /work/a is not /work/ab.
            $cl -and ($cl -like "*$RepoRoot/*" -or $cl -like "*$RepoRoot\*") -and ($cl -like '*fake-server.js*' -or $cl -like '*server-everything*')
        }
    }
}

Describe 'Test-TeleportMcpApp static checks' {
    It 'takes an App Service agent after Import-Clixml as it takes the agent itself: not as an app' {
        $agent = Import-TeleportResource (Join-Path $ExamplesDir 'teleport.yaml') | Where-Object { $_ -is [TeleportMcp.AppServiceAgent] }
        $agent | Export-Clixml TestDrive:/agent.xml
        $typed = @($agent | Test-TeleportMcpApp -ErrorVariable typedErr -ErrorAction SilentlyContinue)
        $copied = @(Import-Clixml TestDrive:/agent.xml | Test-TeleportMcpApp -ErrorVariable copiedErr -ErrorAction SilentlyContinue)
        $copied.Count | Should -Be $typed.Count
        $copied.Count | Should -Be 0
        @($copiedErr.FullyQualifiedErrorId) | Should -BeExactly @($typedErr.FullyQualifiedErrorId)
        @($copiedErr.FullyQualifiedErrorId) | Should -BeExactly @('NothingExamined,TeleportMcp.Commands.TestTeleportMcpAppCommand')
    }

    It 'tests an app once when its resource and the app_servers of its agents carry one definition (2:S7)' {
        # examples/cluster: github is in apps.json and in mcp-02's app_server heartbeat.
        $checks = @(Test-TeleportMcpApp -Path (Join-Path $ExamplesDir 'cluster') -Name github -ErrorAction Stop)
        @($checks | Where-Object Check -eq 'McpApp').Count | Should -Be 1
        $checks | ForEach-Object { $_.ServedBy | Should -BeExactly @('mcp-02') }
        # The resource as written is the copy tested (apps.json), the heartbeat names the agent.
        $checks | ForEach-Object { $_.Source | Should -BeLike '*apps.json:*' }
        ($checks | Where-Object Check -eq 'ServerRelease').Status | Should -Be 'Fail'
        $checks.Check | Should -Not -Contain 'Definition'
    }

    It 'tests each definition of an app that an agent serves differently, and says how it differs' {
        $server = { param($HostName, $Uri) "kind: app_server`nversion: v3`nmetadata:`n  name: web`nspec:`n  hostname: $HostName`n  version: 18.4.0`n  app:`n    kind: app`n    version: v3`n    metadata:`n      name: web`n    spec:`n      uri: $Uri`n" }
        $text = (& $server 'agent-a' 'mcp+http://127.0.0.1:9/mcp') + "---`n" + (& $server 'agent-b' 'mcp+http://127.0.0.1:9/old')
        Set-Content -LiteralPath TestDrive:/two.yaml -Value $text
        $checks = @(Test-TeleportMcpApp -Path TestDrive:/two.yaml -ErrorAction Stop)
        @($checks | Where-Object Check -eq 'McpApp').Count | Should -Be 2
        $definition = @($checks | Where-Object Check -eq 'Definition')
        $definition.Count | Should -Be 1
        $definition[0].Status | Should -Be 'Warn'
        $definition[0].ServedBy | Should -BeExactly @('agent-b')
        $definition[0].Message | Should -BeLike '*served by agent-b*differs from the one at *two.yaml:*in spec.uri*'
        ($checks | Group-Object Source).Count | Should -Be 2
    }

    # lib/srv/app/common/target_host_dialer.go: the App Service checks the address it dials against app_service.allowed_hosts or
    # denied_hosts; this computer's own connection cannot see that refusal, so the TargetHost check says it from the files.
    It 'says what the target host policy of the serving hosts does to an HTTP app''s address (<Policy>)' -ForEach @(
        @{ Policy = 'denied_hosts: [127.0.0.0/8]'; Status = 'Fail'; Detail = 'host app-1: 127.0.0.1 is inside 127.0.0.0/8 of app_service.denied_hosts' }
        @{ Policy = 'allowed_hosts: [127.0.0.1]'; Status = 'Pass'; Detail = 'host app-1: 127.0.0.1 is inside 127.0.0.1/32 of app_service.allowed_hosts' }
        @{ Policy = 'allowed_hosts: [10.0.0.0/8, "::1"]'; Status = 'Fail'; Detail = 'host app-1: 127.0.0.1 is outside every prefix of app_service.allowed_hosts [10.0.0.0/8, ::1/128]' }
        @{ Policy = $null; Status = $null; Detail = $null }
    ) {
        $file = Join-Path $TestDrive 'policy.yaml'
        Set-Content -LiteralPath $file -Value (@('version: v3', 'teleport:', '  nodename: app-1', 'app_service:', '  enabled: true') + @(if ($Policy) { "  $Policy" }) +
            @('  apps:', '  - name: ip-app', '    uri: mcp+http://127.0.0.1:1/mcp', '  - name: stdio-app', '    mcp: {command: /bin/true, run_as_host_user: nobody}'))
        $checks = @(Test-TeleportMcpApp -LiteralPath $file -WarningAction SilentlyContinue)
        $target = @($checks | Where-Object Check -eq 'TargetHost')
        if (-not $Status) { $target | Should -BeNullOrEmpty; return }
        $target | Should -HaveCount 1
        $target[0].App | Should -BeExactly 'ip-app'
        $target[0].Status | Should -Be $Status
        $target[0].Message.Contains("($Detail)") | Should -BeTrue -Because $target[0].Message
    }

    # PR #69528 (gravitational/teleport) removed app_auth_config before any release, so JWT sign-in through one fails on
    # every release: Fail, naming TMCP-LOG-264. What master before the removal did follows, labelled: there the auth server
    # checks a JWT against the config the proxy names, and which configs the proxy tries for an app is not in the sources
    # checked (docs/teleport-facts.md, session 34): Indeterminate.
    It 'fails the AppAuthConfig check of an MCP app read beside app_auth_configs: no release accepts them (<How>)' -ForEach @(
        @{ How = '-Path' }
        @{ How = 'piped' }
    ) {
        $apps = Join-Path $TestDrive 'aac-apps.yaml'
        Set-Content -LiteralPath $apps -Value "kind: app`nversion: v3`nmetadata: {name: remote}`nspec: {uri: 'mcp+http://127.0.0.1:1/mcp'}`n---`nkind: app`nversion: v3`nmetadata: {name: site}`nspec: {uri: 'http://127.0.0.1:1/'}"
        $aac = Join-Path $ExamplesDir 'app-auth'
        $checks = if ($How -eq '-Path') { @(Test-TeleportMcpApp -LiteralPath $apps, $aac -WarningAction SilentlyContinue -ErrorAction SilentlyContinue) }
                  else { @(Import-TeleportResource $apps, $aac -WarningAction SilentlyContinue | Test-TeleportMcpApp -WarningAction SilentlyContinue -ErrorAction SilentlyContinue) }
        $selection = @($checks | Where-Object Check -eq 'AppAuthConfig')
        $selection | Should -HaveCount 1
        $selection[0].App | Should -BeExactly 'remote'
        $selection[0].Status | Should -Be 'Fail'
        $selection[0].Message | Should -BeLike 'TMCP-LOG-264 No Teleport release accepts kind app_auth_config: *PR #69528*On master before the removal (never released), this would be Indeterminate: 2 app_auth_config(s) read ("chat-bot", "lab"): which of them Teleport''s proxy tries for an app is not known*'
        $selection[0].Fix | Should -BeLike 'Leave the app_auth_config documents out of what you create.*On such a master build: *app_auth_config.verify.success*'
    }

    It 'checks the apps of the bundled teleport.yaml from the pipeline' {
        $checks = Import-TeleportResource (Join-Path $ExamplesDir 'teleport.yaml') | Test-TeleportMcpApp
        $checks | Should -Not -BeNullOrEmpty
        $checks | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.AppCheck' }
        ($checks | Where-Object { $_.App -eq 'everything' -and $_.Check -eq 'McpApp' }).Status | Should -Be 'Pass'
        ($checks | Where-Object { $_.App -eq 'wiki' }).Status | Should -Be 'Skipped'
        ($checks | Where-Object { $_.App -eq 'grafana' -and $_.Check -eq 'Url' }).Message | Should -BeLike '*http://127.0.0.1:8000/mcp*'
    }

    It 'reads tctl get apps --format=json output through ConvertFrom-Json as the apps it holds; a document the reader refuses is its error' {
        $json = '[{"kind":"app","version":"v3","metadata":{"name":"json-fs"},"spec":{"uri":"mcp+stdio://","mcp":{"command":"/no/such/json-fs","run_as_host_user":"root"}}}]'
        $checks = @($json | ConvertFrom-Json) | Test-TeleportMcpApp -ErrorVariable err
        $err | Should -BeNullOrEmpty
        ($checks | Where-Object { $_.App -eq 'json-fs' -and $_.Check -eq 'McpApp' }).Status | Should -Be 'Pass'
        $bad = '{"kind":"role","version":"v99","metadata":{"name":"future"},"spec":{}}' | ConvertFrom-Json
        $q = @(@($bad) + @($json | ConvertFrom-Json) | Test-TeleportMcpApp -Quiet -ErrorVariable err2 -ErrorAction SilentlyContinue)
        $q | Should -Be @($false)
        @($err2.FullyQualifiedErrorId) | Should -BeExactly @('UnsupportedRoleVersion,TeleportMcp.Commands.TestTeleportMcpAppCommand')
    }

    It 'reports an App whose Origin is no spelling of one as that item''s error (UnknownAppOrigin) and checks the apps beside it' {
        $apps = @(Import-TeleportResource (Join-Path $ExamplesDir 'teleport.yaml') | Where-Object { $_ -is [TeleportMcp.App] } | Select-Object -First 3)
        $copies = @($apps | ForEach-Object { [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($_)) })
        $copies[1].Origin = 'somewhere'
        $r = @($copies | Test-TeleportMcpApp -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        @($r.App | Sort-Object -Unique) | Should -Be @($apps[0].Name, $apps[2].Name | Sort-Object)
        @($r | ForEach-Object { "$($_.App) $($_.Check) $($_.Status)" }) | Should -Be @($copies[0], $copies[2] | Test-TeleportMcpApp -WarningAction SilentlyContinue | ForEach-Object { "$($_.App) $($_.Check) $($_.Status)" })
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'UnknownAppOrigin,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $err[0].TargetObject | Should -BeExactly $apps[1].Name
    }

    It '-Quiet answers false when a piped App could not be read, whatever the apps beside it give' {
        $apps = @(Import-TeleportResource (Join-Path $ExamplesDir 'teleport.yaml') | Where-Object { $_ -is [TeleportMcp.App] } | Select-Object -First 2)
        $copies = @($apps | ForEach-Object { [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($_)) })
        $copies[1].Origin = 'somewhere'
        @($copies | Test-TeleportMcpApp -Quiet -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Should -Be @($false)
        @($copies[1] | Test-TeleportMcpApp -Quiet -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Should -Be @($false)
    }

    It 'reports a piped App whose Args do not read as that item''s error (InvalidResourceProperty) and checks the apps beside it' {
        $apps = @(Import-TeleportResource (Join-Path $ExamplesDir 'teleport.yaml') | Where-Object { $_ -is [TeleportMcp.App] } | Select-Object -First 3)
        $copies = @($apps | ForEach-Object { [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($_)) })
        $copies[1].Args = @{ a = 1 }
        $r = @($copies | Test-TeleportMcpApp -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        @($r.App | Sort-Object -Unique) | Should -Be @($apps[0].Name, $apps[2].Name | Sort-Object)
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResourceProperty,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $err[0].TargetObject | Should -BeExactly $apps[1].Name
        (Get-Command Test-TeleportMcpApp).Parameters['User'].ParameterType | Should -Be ([TeleportMcp.UserChoice[]])
    }

    It 'reads -Path and filters with -Name wildcards' {
        $checks = Test-TeleportMcpApp -Path (Join-Path $ExamplesDir 'teleport.yaml') -Name 'ever*'
        @($checks.App | Sort-Object -Unique) | Should -Be @('everything')
    }

    It 'reports a command that is not on the PATH with the Go error text' {
        $c = New-StdioApp 'missing' 'no-such-mcp-server-xyz' @() | Test-TeleportMcpApp | Where-Object Check -eq CommandPath
        $c.Status | Should -Be 'Fail'
        $c.Message | Should -BeLike 'exec: "no-such-mcp-server-xyz": executable file not found in $PATH*'
    }

    It 'uses the PATH given with -Environment instead of the session PATH' {
        $c = New-StdioApp 'node' 'node' @('-v') | Test-TeleportMcpApp -Environment @{ PATH = (Join-Path $TestDrive 'empty') } | Where-Object Check -eq CommandPath
        $c.Status | Should -Be 'Fail'
        $c.Message | Should -BeLike "*PATH=$(Join-Path $TestDrive 'empty')*"
        (New-StdioApp 'node' 'node' @('-v') | Test-TeleportMcpApp | Where-Object Check -eq CommandPath).Status | Should -Be 'Pass'
    }

    It 'reports a command without execute permission' -Skip:$IsWindows {
        $script = Join-Path $TestDrive 'server.sh'
        Set-Content -Path $script -Value "#!/bin/sh`necho hi"
        chmod 644 $script
        $c = New-StdioApp 'noexec' $script @() | Test-TeleportMcpApp | Where-Object Check -eq CommandPath
        $c.Status | Should -Be 'Fail'
        $c.Message | Should -BeLike "fork/exec $script`: permission denied*"
    }

    It 'reports a script the host user may not execute (mode and owner)' -Skip:($IsWindows -or [Environment]::UserName -ne 'root') {
        $script = Join-Path $TestDrive 'rootonly.sh'
        Set-Content -Path $script -Value "#!/bin/sh`necho hi"
        chmod 700 $script
        $c = New-StdioApp 'rootonly' $script @() 'nobody' | Test-TeleportMcpApp | Where-Object Check -eq Permission
        $c.Status | Should -Be 'Fail'
        $c.Message | Should -BeLike '*permission denied (nobody lacks execute permission; mode 0700, owner uid 0*'
    }

    It 'reports a #!/usr/bin/env interpreter that is not on the PATH' -Skip:$IsWindows {
        $script = Join-Path $TestDrive 'needs-node.js'
        Set-Content -Path $script -Value "#!/usr/bin/env no-such-node-xyz`nconsole.log(1)"
        chmod 755 $script
        $c = New-StdioApp 'env' $script @() | Test-TeleportMcpApp | Where-Object Check -eq Interpreter
        $c.Status | Should -Be 'Fail'
        $c.Message | Should -BeLike "*'no-such-node-xyz': No such file or directory*"
    }

    It 'reports an unknown host user with the Go text' {
        $c = New-StdioApp 'ghost' 'node' @() 'no-such-user-xyz' | Test-TeleportMcpApp | Where-Object Check -eq RunAsHostUser
        $c.Status | Should -Be 'Fail'
        $c.Message | Should -BeLike 'user: unknown user no-such-user-xyz*'
    }

    It 'reports Teleport validation errors with Teleport''s texts' {
        $checks = @(
            [pscustomobject]@{ Name = 'nouser'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = 'node' }
            [pscustomobject]@{ Name = 'inline'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = 'npx -y @modelcontextprotocol/server-everything'; RunAsHostUser = 'root' }
            [pscustomobject]@{ Name = 'weird'; Uri = 'mcp+ws://x' }
        ) | Test-TeleportMcpApp
        ($checks | Where-Object { $_.App -eq 'nouser' -and $_.Check -eq 'RunAsHostUser' }).Message |
            Should -BeExactly "MCP server `"nouser`" is missing 'run_as_host_user' which specifies a valid host user to execute the command"
        ($checks | Where-Object { $_.App -eq 'inline' -and $_.Check -eq 'Command' }).Fix | Should -BeLike 'Write command: npx and args: *'
        ($checks | Where-Object App -eq 'weird').Message | Should -BeExactly 'URI "mcp+ws://x" has the scheme "mcp+ws", which Teleport does not know as MCP, so it accepts "weird" as an ordinary web app: tsh mcp ls does not list it and tsh mcp connect refuses it (app is not a MCP server)'
    }

    It 'reports an unreachable HTTP server' {
        # A port this test holds without listening: refused whatever else runs on this machine (port 1 could be taken).
        $refusing = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::InterNetwork, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
        try {
            $refusing.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
            $port = $refusing.LocalEndPoint.Port
            $c = [pscustomobject]@{ Name = 'down'; Uri = "mcp+http://127.0.0.1:$port/mcp" } | Test-TeleportMcpApp | Where-Object Check -eq Reachable
            $c.Status | Should -Be 'Fail'
            $c.Message | Should -BeExactly "dial tcp 127.0.0.1:${port}: connect: connection refused"
        }
        finally { $refusing.Dispose() }
    }

    It 'skips objects that are not apps and answers one Boolean with -Quiet' {
        $role = Import-TeleportResource (Join-Path $ExamplesDir 'cluster') -Kind Role | Select-Object -First 1
        $out = @($role, (New-StdioApp 'ghost' 'node' @() 'no-such-user-xyz'), (New-StdioApp 'ok' 'node' @())) | Test-TeleportMcpApp -Quiet
        $out | Should -Be @($false)
        @($role, (New-StdioApp 'ok' 'node' @())) | Test-TeleportMcpApp -Quiet | Should -Be @($true)
    }

    It 'skips the roles and App Service agents of a cluster stream beside the apps (<How>): no error, -Quiet as the apps give' -ForEach @(
        @{ How = 'Import-TeleportResource'; Make = { Import-TeleportResource (Join-Path $ExamplesDir 'cluster'), (Join-Path $ExamplesDir 'teleport.yaml') | Where-Object { $_ -isnot [TeleportMcp.App] } } }
        @{ How = 'Import-Clixml'; Make = {
            Import-TeleportResource (Join-Path $ExamplesDir 'cluster'), (Join-Path $ExamplesDir 'teleport.yaml') | Where-Object { $_ -isnot [TeleportMcp.App] } | Export-Clixml TestDrive:/stream.xml
            Import-Clixml TestDrive:/stream.xml } }
        @{ How = 'tctl get all --format=json'; Make = { '[{"kind":"role","version":"v7","metadata":{"name":"json-role"},"spec":{}},{"kind":"user","version":"v2","metadata":{"name":"json-user"},"spec":{"roles":["json-role"]}}]' | ConvertFrom-Json } }
    ) {
        $stream = @(& $Make)
        $stream.Count | Should -BeGreaterThan 1
        $ok = New-StdioApp 'ok' 'node' @()
        $r = @(@($stream) + @($ok) | Test-TeleportMcpApp -ErrorVariable err -WarningAction SilentlyContinue)
        $err | Should -BeNullOrEmpty
        @($r.App | Sort-Object -Unique) | Should -Be @('ok')
        @(@($stream) + @($ok) | Test-TeleportMcpApp -Quiet -WarningAction SilentlyContinue) | Should -Be @($true)
    }

    It 'names <Case> it cannot use (InvalidPipelineInput), tests the app beside it, and -Quiet is $false' -ForEach @(
        @{ Case = 'a process'; Make = { Get-Process -Id $PID | Select-Object -First 1 }; Like = '*; got a System.Diagnostics.Process ''System.Diagnostics.Process (*)''.' }
        @{ Case = 'a hashtable'; Make = { @{ Foo = 1 } }; Like = '*; got a System.Collections.Hashtable (keys Foo).' }
        @{ Case = 'a number'; Make = { 42 }; Like = "*; got a System.Int32 '42'." }
        @{ Case = 'a list of tools'; Make = { [pscustomobject]@{ Tools = @('read') } }; Like = '*; got a custom object (properties Tools).' }
    ) {
        $bad = & $Make
        $ok = New-StdioApp 'ok' 'node' @()
        $r = @($bad, $ok) | Test-TeleportMcpApp -ErrorVariable err -ErrorAction SilentlyContinue
        @($r.App | Sort-Object -Unique) | Should -Be @('ok')
        @($err.FullyQualifiedErrorId) | Should -BeExactly @('InvalidPipelineInput,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $err[0].CategoryInfo.Category | Should -BeExactly 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike 'Test-TeleportMcpApp takes apps and users (*'
        $err[0].Exception.Message | Should -BeLike $Like
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*the other piped objects were still used, and -Quiet answers $false.'
        $err[0].TargetObject | Should -Be $bad
        @(@($bad, $ok) | Test-TeleportMcpApp -Quiet -ErrorAction SilentlyContinue) | Should -Be @($false)
        @($ok | Test-TeleportMcpApp -Quiet) | Should -Be @($true)
    }

    It '-Quiet is $false, with an error, when nothing was tested' {
        $out = @(Test-TeleportMcpApp -Path (Join-Path $ExamplesDir 'teleport.yaml') -Name nosuch -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -Be @($false)
        @($err.FullyQualifiedErrorId) -ccontains 'AppNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
        # The one rule for a name not found: what was looked for, and where.
        $notFound = @($err | Where-Object FullyQualifiedErrorId -ceq 'AppNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $notFound.Count | Should -Be 1
        $notFound[0].Exception.Message | Should -BeLike ('app "nosuch" was not found in ' + (Join-Path $ExamplesDir 'teleport.yaml') + ' (given: *everything*).')
        $notFound[0].TargetObject | Should -BeExactly 'nosuch' 

        $role = Import-TeleportResource (Join-Path $ExamplesDir 'cluster') -Kind Role | Select-Object -First 1
        $out = @($role | Test-TeleportMcpApp -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -Be @($false)
        @($err.FullyQualifiedErrorId) -ccontains 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpAppCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
    }

    It 'a web app has nothing to check (<How>): -Quiet is $false and NothingExamined names it' -ForEach @(
        @{ How = '-Name'; Run = { Test-TeleportMcpApp -Path (Join-Path $ExamplesDir 'teleport.yaml') -Name wiki @args } }
        @{ How = 'piped App'; Run = { Import-TeleportResource (Join-Path $ExamplesDir 'teleport.yaml') -Kind App | Where-Object Name -eq wiki | Test-TeleportMcpApp @args } }
    ) {
        # The errors come back through 2>&1: an -ErrorVariable given inside the script block would be set in its own scope.
        $all = @(& $Run -Quiet -ErrorAction Continue 2>&1)
        $err = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        @($all | Where-Object { $_ -is [bool] }) | Should -Be @($false)
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
        $e[0].Exception.Message | Should -BeExactly 'No MCP app was tested, so nothing was examined: wiki - not an MCP app (URI "http://127.0.0.1:8081"): nothing to check.'
        @($e[0].TargetObject) | Should -Be @('wiki')
        # Without -Quiet the Skipped check is still written.
        (& $Run -ErrorAction SilentlyContinue).Status | Should -Be 'Skipped'
    }

    It 'a web app chosen beside an MCP app is no pass; a file that names no app only says it was not examined' {
        $out = @(Test-TeleportMcpApp -Path (Join-Path $ExamplesDir 'teleport.yaml') -Name wiki, grafana -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $out | Should -Be @($false)
        ($err | Where-Object FullyQualifiedErrorId -ceq 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpAppCommand').Exception.Message | Should -BeLike 'Nothing was examined for "wiki": wiki - not an MCP app*'
        $verbose = Test-TeleportMcpApp -Path (Join-Path $ExamplesDir 'teleport.yaml') -Quiet -Verbose -ErrorVariable err2 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Should -Contain 'Not examined: app wiki - not an MCP app (URI "http://127.0.0.1:8081"): nothing to check'
        @($err2 | Where-Object FullyQualifiedErrorId -clike 'NothingExamined,*').Count | Should -Be 0
    }

    It 'names an unmatched -Path wildcard' {
        $out = @(Test-TeleportMcpApp -Path (Join-Path $TestDrive 'nomatch*.yaml') -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -Be @($false)
        @($err.FullyQualifiedErrorId) -ccontains 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
        "$($err[0])" | Should -BeLike '*nomatch`*.yaml*'
    }

    It 'reads its files through the one cluster-input service: the reader''s warnings are said' {
        $cfg = Join-Path $TestDrive 'disabled.yaml'
        Set-Content -Path $cfg -Value "app_service:`n  enabled: false`n  apps:`n  - name: ok`n    mcp: {command: node, run_as_host_user: $Me}`n"
        $checks = Test-TeleportMcpApp -Path $cfg -WarningVariable warned -WarningAction SilentlyContinue
        @($checks.App | Sort-Object -Unique) | Should -Be @('ok')
        @($warned | Where-Object { "$_" -ceq "${cfg}:2:12: app_service.enabled is false: Teleport serves none of these apps" }).Count | Should -Be 1 -Because ($warned -join ' | ')
        $v2 = Join-Path $TestDrive 'appv2.yaml'
        Set-Content -Path $v2 -Value "kind: app`nversion: v2`nmetadata: {name: ok}`nspec: {uri: 'mcp+stdio://', mcp: {command: node, run_as_host_user: $Me}}`n"
        $null = Test-TeleportMcpApp -LiteralPath $v2 -WarningVariable warned2 -WarningAction SilentlyContinue
        @($warned2 | Where-Object { "$_" -cmatch 'app "ok" has version "v2"; Teleport''s app resource is v3, read it as v3$' }).Count | Should -Be 1 -Because ($warned2 -join ' | ')
    }

    It 'says a user given twice, as every cmdlet does, and tests the later definition' {
        $app = Join-Path $TestDrive 'okapp.yaml'
        Set-Content -Path $app -Value "kind: app`nversion: v3`nmetadata: {name: ok}`nspec: {uri: 'mcp+stdio://', mcp: {command: node, run_as_host_user: $Me}}`n"
        $u1 = Join-Path $TestDrive 'users1.yaml'
        $u2 = Join-Path $TestDrive 'users2.yaml'
        Set-Content -Path $u1 -Value "kind: user`nversion: v2`nmetadata: {name: alice}`nspec: {roles: [access], traits: {team: [one]}}`n"
        Set-Content -Path $u2 -Value "kind: user`nversion: v2`nmetadata: {name: alice}`nspec: {roles: [access], traits: {team: [two]}}`n"
        $checks = Test-TeleportMcpApp -Path $app, $u1, $u2 -User alice -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable err
        $err | Should -BeNullOrEmpty
        @($checks.User | Sort-Object -Unique) | Should -Be @('alice')
        @($warned | ForEach-Object { "$_" }) | Should -Contain "user ""alice"" was given twice; the later definition (${u2}:1:1) is used."
    }

    It 'resolves each -Path on its own: one that matched nothing is an error naming it and -Quiet is $false, the others are still tested' {
        $app = Join-Path $TestDrive 'okapp2.yaml'
        Set-Content -Path $app -Value "kind: app`nversion: v3`nmetadata: {name: ok}`nspec: {uri: 'mcp+stdio://', mcp: {command: node, run_as_host_user: $Me}}`n"
        Test-TeleportMcpApp -Path $app -Quiet | Should -Be @($true)
        $missing = Join-Path $TestDrive 'nonexistent.yaml'
        $out = @(Test-TeleportMcpApp -Path $app, $missing -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -Be @($false)
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $err[0].TargetObject | Should -BeExactly $missing
        # The good path beside it is still tested.
        @(Test-TeleportMcpApp -Path $app, $missing -ErrorAction SilentlyContinue | Select-Object -ExpandProperty App -Unique) | Should -Be @('ok')
        # A piped app with a path that matched nothing: still $false (the path was not read).
        $out = @(New-StdioApp 'ok' 'node' @() | Test-TeleportMcpApp -LiteralPath $missing -Quiet -ErrorVariable err2 -ErrorAction SilentlyContinue)
        $out | Should -Be @($false)
        @($err2.FullyQualifiedErrorId) -ccontains 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand' | Should -BeTrue -Because ('ids: ' + ($err2.FullyQualifiedErrorId -join ', '))
        @($err2 | Where-Object FullyQualifiedErrorId -ceq 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand')[0].TargetObject | Should -BeExactly $missing
    }

    It 'reads a file piped from Get-Item' {
        $checks = Get-Item (Join-Path $ExamplesDir 'teleport.yaml') | Test-TeleportMcpApp -Name everything -ErrorVariable fileErrors
        # The file's User property (its owner on Unix) names no Teleport user.
        $fileErrors | Should -BeNullOrEmpty
        ($checks | Where-Object Check -eq McpApp).Status | Should -Be 'Pass'
        @($checks.App | Sort-Object -Unique) | Should -Be @('everything')
    }
}

Describe 'Test-TeleportMcpApp -Launch' {
    AfterEach {
        # The probe kills the whole group before it returns but waits only for the server itself: a killed grandchild
        # still shows its command line until the system has run its exit, which a loaded machine may take a while to do.
        Wait-Until { -not (Get-TestProcess) } | Should -BeTrue -Because "the probe ends the server process tree (left: $((Get-TestProcess).CommandLine -join '; '))"
    }

    It 'lists the tools of the real server-everything' {
        $r = New-StdioApp 'everything' $Node @($Everything, 'stdio') | Test-TeleportMcpApp -Launch -TimeoutSec 60
        $r.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.ProbeResult'
        $r.Stage | Should -Be 'Done'
        $r.Status | Should -Be 'Pass'
        $r.ProtocolVersion | Should -Be '2025-06-18'
        $r.ServerName | Should -Be 'mcp-servers/everything'
        $r.Tool | Should -Contain 'echo'
        $r.ToolCount | Should -Be $r.Tools.Count
        $r.StartupMs | Should -BeGreaterThan 0
        $r.App.Name | Should -Be 'everything'
        $r.Checks.Count | Should -BeGreaterThan 3
    }

    It '<Mode>: stops at <Stage> with the evidence' -ForEach @(
        @{ Mode = 'ok'; Stage = 'Done'; Status = 'Warn'; Check = { param($r) $r.Tool | Should -Be @('get_forecast', 'delete_file', 'read_file'); $r.EarlyNotifications | Should -Be 'notifications/message'; $r.ServerRequests | Should -Be 'ping' } }
        @{ Mode = 'banner'; Stage = 'Done'; Status = 'Warn'; Check = { param($r) $r.FirstNonJsonLine | Should -Be 'Weather MCP server v1.2 listening on stdio'; $r.Warnings | Should -BeLike '*not JSON-RPC*' } }
        @{ Mode = 'exit1'; Stage = 'Initialize'; Status = 'Fail'; Check = { param($r) $r.HasExited | Should -BeTrue; $r.ExitCode | Should -Be 1; $r.StderrTail | Should -Contain 'Error: missing API key: set WEATHER_API_KEY'; $r.Message | Should -BeLike '*exited with code 1*' } }
        @{ Mode = 'silent'; Timeout = 3; Stage = 'Initialize'; Status = 'Fail'; Check = { param($r) $r.TimedOut | Should -BeTrue; $r.Message | Should -BeLike 'timed out after 3 s*' } }
        @{ Mode = 'badversion'; Stage = 'Initialize'; Status = 'Fail'; Check = { param($r) $r.ProtocolVersion | Should -Be '1999-01-01'; $r.Message | Should -BeLike '*"1999-01-01"*' } }
        @{ Mode = 'refuseversion'; Stage = 'Done'; Status = 'Warn'; Check = { param($r) $r.ProtocolVersion | Should -Be '2024-11-05'; $r.Warnings | Should -BeLike '*retried with 2024-11-05*' } }
        @{ Mode = 'dieafterinit'; Stage = 'ToolsList'; Status = 'Fail'; Check = { param($r) $r.ExitCode | Should -Be 3; $r.StderrTail | Should -Contain 'panic: lost connection to database' } }
        @{ Mode = 'flood'; Timeout = 10; Stage = 'Initialize'; Status = 'Fail'; Check = { param($r) $r.TimedOut | Should -BeTrue; $r.NonJsonLines | Should -BeGreaterThan 100; $r.FirstNonJsonLine | Should -BeLike 'DEBUG flooding stdout*' } }
        @{ Mode = 'repeatcursor'; Stage = 'Done'; Status = 'Warn'; Check = { param($r) $r.Warnings | Should -BeLike '*cursor "again" twice*' } }
        @{ Mode = 'spawnchild'; Stage = 'Done'; Status = 'Pass'; Check = { param($r) $r.HasExited | Should -BeFalse; $r.StderrTail | Should -BeLike 'grandchild pid *' } }
    ) {
        # The deadline counts from node's start: where the case is about the deadline (a silent or flooding server) it
        # leaves node time to start on a loaded machine; elsewhere it is only a guard against a hang. The flood must have
        # begun before the deadline for its evidence to be there: a loaded machine may take longer than any fixed time to
        # start node, so a run that ended before the flood did is done again with a longer deadline (each still times out).
        $timeouts = if ($_.ContainsKey('Timeout')) { @($_.Timeout) } else { @(60) }
        if ($Mode -eq 'flood') { $timeouts = @($_.Timeout, 30, 120) }
        foreach ($timeout in $timeouts) {
            $r = New-StdioApp $Mode $Node @($Fake, $Mode) | Test-TeleportMcpApp -Launch -TimeoutSec $timeout -WarningAction SilentlyContinue
            if ($Mode -ne 'flood' -or $r.NonJsonLines -gt 100) { break }
            $r.TimedOut | Should -BeTrue
        }
        $r.Stage | Should -Be $Stage
        $r.Status | Should -Be $Status
        & $Check $r
    }

    It '<Mode>: the server''s own words reach no output raw, on one line where they are names' -ForEach @(
        @{ Mode = 'hostile'; Stage = 'Done' }
        @{ Mode = 'hostileerror'; Stage = 'ToolsList' }
    ) {
        # tests/servers/fake-server.js: an ANSI colour, CR LF and a fake line, a bidi override and a C1 CSI in serverInfo,
        # capabilities, method names, an id, a tool's name, title and description, a JSON-RPC error and stderr.
        $raw = '[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]'
        $r = New-StdioApp $Mode $Node @($Fake, $Mode) | Test-TeleportMcpApp -Launch -TimeoutSec 60 -WarningAction SilentlyContinue -WarningVariable w -Verbose 4>&1
        $probe = $r | Where-Object { $_ -is [TeleportMcp.ProbeResult] }
        $probe.Stage | Should -Be $Stage
        $escaped = '\x1B[31mevil\x0D\x0Afake line\u202E\x9B2J'
        if ($Mode -eq 'hostile') {
            $probe.ServerName | Should -BeExactly $escaped
            $probe.ServerVersion | Should -BeExactly $escaped
            $probe.Tool | Should -Contain $escaped
            ($probe.Tools | Where-Object Name -eq $escaped).Description | Should -BeExactly $escaped
            $probe.Message | Should -BeExactly "listed 2 tool(s) from $escaped $escaped over protocol 2025-06-18"
            foreach ($name in @($probe.ServerName, $probe.ServerVersion, $probe.Message) + $probe.Tool + $probe.Capabilities + $probe.Notifications + $probe.ServerRequests) {
                $name | Should -Not -Match '[\x00-\x1F]' -Because 'a name from the server never starts a line of its own'
            }
        } else {
            $probe.Message | Should -BeLike 'tools/list failed: JSON-RPC error -32000 "\x1b`[31mevil\r\nfake line*'
        }
        $text = ($r | Format-List * | Out-String -Width 400) + ($probe.Tools | Format-List * | Out-String -Width 400) + ($w | Out-String -Width 400)
        $text | Should -Not -Match $raw
        ($probe.StderrTail -join ' ') | Should -Not -Match $raw
    }

    It 'masks what it handed the server wherever the server echoes it: arguments, -Environment and inherited credentials' {
        # tests/servers/fake-server.js echo: the values bare, where no redaction rule can tell them from words.
        $env:TMCP_PESTER_TOKEN = 'inherited-token-5678'
        try {
            $r = New-StdioApp 'echo' $Node @($Fake, 'echo', '--api-key', 'arg-key-0123') |
                Test-TeleportMcpApp -Launch -TimeoutSec 60 -Environment @{ WEATHER_API_KEY = 'env-key-4567' } -WarningAction SilentlyContinue -WarningVariable w -Verbose 4>&1
        }
        finally { Remove-Item Env:TMCP_PESTER_TOKEN }
        $probe = $r | Where-Object { $_ -is [TeleportMcp.ProbeResult] }
        $probe.Stage | Should -Be 'Done'
        $secrets = 'arg-key-0123|env-key-4567|inherited-token-5678'
        foreach ($echo in @(($probe.StderrTail -join ' '), $probe.FirstNonJsonLine, $probe.ServerVersion, $probe.Tools[0].Description)) {
            $echo | Should -Not -Match $secrets
            ([regex]::Matches($echo, '<redacted>')).Count | Should -BeGreaterOrEqual 3 -Because "each of the three values is masked: $echo"
        }
        $text = ($r | Format-List * | Out-String -Width 400) + ($probe.Tools | Format-List * | Out-String -Width 400) + ($w | Out-String -Width 400)
        $text | Should -Not -Match $secrets
    }

    It 'does not start a server whose host user is unknown' {
        $r = New-StdioApp 'ghost' $Node @($Fake, 'ok') 'no-such-user-xyz' | Test-TeleportMcpApp -Launch -WarningAction SilentlyContinue -WarningVariable w
        $r.Stage | Should -Be 'Spawn'
        $r.Status | Should -Be 'Fail'
        $r.Message | Should -BeLike 'not started: user: unknown user no-such-user-xyz*'
        $w | Should -Not -BeNullOrEmpty
    }

    It 'does not start a missing command' {
        $r = New-StdioApp 'missing' 'no-such-mcp-server-xyz' @() | Test-TeleportMcpApp -Launch -WarningAction SilentlyContinue
        $r.Stage | Should -Be 'Spawn'
        $r.Message | Should -BeLike 'not started: exec: "no-such-mcp-server-xyz": executable file not found*'
    }

    It 'runs the server as run_as_host_user when started as root' -Skip:($IsWindows -or [Environment]::UserName -ne 'root') {
        # Where node is installed is the machine's business, not the module's: skip when nobody cannot run it at all.
        & runuser -u nobody -- $Node -e 0 2>$null
        if ($LASTEXITCODE -ne 0) { Set-ItResult -Skipped -Because "nobody cannot run $Node on this machine"; return }
        # nobody must reach the script wherever the checkout lives (mktemp -d makes 0700 folders): a world-readable copy in /tmp.
        $dir = Join-Path '/tmp' ('tmcp-nobody-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
        try {
            chmod 755 $dir
            $copy = Join-Path $dir 'fake-server.js'
            Copy-Item $Fake $copy
            chmod 644 $copy
            $r = New-StdioApp 'asnobody' $Node @($copy, 'ok') 'nobody' | Test-TeleportMcpApp -Launch -TimeoutSec 120
            $r.Stage | Should -Be 'Done'
            $r.RunAs | Should -BeLike 'nobody via runuser*'
            ($r.Checks | Where-Object Check -eq HostPaths).Status | Should -Be 'Pass'
        }
        finally { Remove-Item -Recurse -Force $dir }
    }

    It 'fails the static checks and quotes node''s error when run_as_host_user cannot enter the script''s folder' -Skip:($IsWindows -or [Environment]::UserName -ne 'root') {
        $dir = Join-Path '/tmp' ('tmcp-private-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
        try {
            chmod 700 $dir
            $copy = Join-Path $dir 'server.js'
            Copy-Item $Fake $copy
            chmod 644 $copy
            $app = New-StdioApp 'private' $Node @($copy, 'ok') 'nobody'
            $c = $app | Test-TeleportMcpApp | Where-Object Check -eq HostPaths
            $c.Status | Should -Be 'Fail'
            $c.Message | Should -BeLike "*cannot enter the folder $dir*"
            $r = $app | Test-TeleportMcpApp -Launch -TimeoutSec 120 -WarningAction SilentlyContinue
            $r.Status | Should -Be 'Fail'
            $r.Message | Should -Match 'stderr: .*(Error:|EACCES|Cannot find module)'
            $r.Message | Should -Not -BeLike '*stderr: Node.js v*'
        }
        finally { Remove-Item -Recurse -Force $dir }
    }

    It '-Launch writes progress for the probe''s stages at a low rate' {
        # A server that never answers: the probe waits for initialize until -TimeoutSec, saying so as it goes.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $App)
                    Import-Module $ModulePath
                    $App | Test-TeleportMcpApp -Launch -TimeoutSec 3 -WarningAction SilentlyContinue
                }).AddArgument((Join-Path $ModuleDir 'TeleportMcp.psd1')).AddArgument((New-StdioApp 'silent' $Node @($Fake, 'silent')))
            $r = $ps.Invoke()
            $r[0].Status | Should -Be 'Fail'
            $status = @($ps.Streams.Progress | Where-Object RecordType -ne 'Completed' | ForEach-Object StatusDescription)
            $status[0] | Should -BeLike 'Launching silent: initialize, tools/list*'
            $status | Where-Object { $_ -like 'silent - initialize: waiting for the answer, * s of 3 s' } | Should -Not -BeNullOrEmpty
            @($ps.Streams.Progress | Where-Object RecordType -eq 'Completed') | Should -HaveCount 1
        }
        finally { $ps.Dispose() }
    }

    It 'composes: App and Tool survive Export-Clixml and bind by property name' {
        $r = New-StdioApp 'ok' $Node @($Fake, 'ok') | Test-TeleportMcpApp -Launch -TimeoutSec 120
        $file = Join-Path $TestDrive 'probe.xml'
        $r | Export-Clixml $file
        $back = Import-Clixml $file
        $back.Tool | Should -Be $r.Tool
        $back.App.Name | Should -Be 'ok'
        $back.AppName | Should -Be 'ok'
        ($r | ConvertTo-Json -Depth 4 | ConvertFrom-Json).Tool | Should -Be $r.Tool
        # A stand-in for Test-TeleportMcpRole: binds App and Tool by property name.
        function Get-Bound { param([Parameter(ValueFromPipelineByPropertyName)] [object] $App, [Parameter(ValueFromPipelineByPropertyName)] [string[]] $Tool) process { "$App=$($Tool -join ',')" } }
        $r | Get-Bound | Should -Be 'ok=get_forecast,delete_file,read_file'
    }

    It 'ends the server when the pipeline is stopped (Ctrl+C), and the stop does not wait for it' {
        $probe = {
            param($ModulePath, $Node, $Fake)
            Import-Module $ModulePath
            [pscustomobject]@{ Name = 'silent'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = $Node; Args = @($Fake, 'silent'); RunAsHostUser = [Environment]::UserName } |
                Test-TeleportMcpApp -Launch -TimeoutSec 120
        }
        foreach ($round in 1..3) {
            $stop = Measure-PipelineStop $probe -ArgumentList (Join-Path $ModuleDir 'TeleportMcp.psd1'), $Node, $Fake -Ready { [bool](Get-TestProcess) }
            $stop.Running | Should -BeTrue -Because 'the probe was waiting for the silent server when the stop came'
            $stop.Returned | Should -BeTrue -Because 'the stop did not come back within a minute (the probe waits two)'
            $stop.State | Should -Be 'Stopped'
            # The group is ended aside (a walk of /proc), but it is ended.
            Wait-Until { -not (Get-TestProcess) } | Should -BeTrue -Because 'the probe ends the server process tree after the stop'
        }
        # That the stop does not wait for ending the group is a speed: bench/stop.ps1 measures it.
        # AfterEach asserts that no test process is left.
    }

    It 'ends a hanging helper program of the access checks (getent) at the stop, and kills it' {
        # A getent(1) that never answers (as an NSS lookup over the network can hang), first on PATH; its sleep is marked.
        # (A file's mode and owner come from statx on Linux, without a helper; stat(1) is the helper elsewhere.)
        $helpers = Join-Path $TestDrive ('helpers-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory $helpers | Out-Null
        $marker = "3600.$(Get-Random -Minimum 10000 -Maximum 99999)"
        Set-Content -LiteralPath (Join-Path $helpers 'getent') -Value "#!/bin/sh`nexec sleep $marker`n"
        & chmod 755 (Join-Path $helpers 'getent')
        function Get-Helper { Get-Process -ErrorAction SilentlyContinue | Where-Object { $_.CommandLine -eq "sleep $marker" } }
        $check = {
            param($ModulePath, $Node, $Fake, $Box)
            Import-Module $ModulePath
            # Before the command: its helper (and the helper's own limit) can only start after this.
            $Box.Before = [Diagnostics.Stopwatch]::GetTimestamp()
            # run_as_host_user is looked up without -Launch: a name /etc/passwd does not hold is asked of getent.
            [pscustomobject]@{ Name = 'helper'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = $Node; Args = @($Fake, 'ok'); RunAsHostUser = 'tmcp-no-such-user-' + [Guid]::NewGuid().ToString('N').Substring(0, 8) } |
                Test-TeleportMcpApp
        }
        # The helper's own limit (HostPlatform.HelperTimeout): a stop that waited for it would come back no sooner than
        # what was left of it when the stop came.
        $limitMs = 5000
        $path = $env:PATH
        $rounds = @()
        $proved = $false
        try {
            $env:PATH = "${helpers}:$path"
            # A round proves the point when the stop came back sooner than the helper's limit would have ended the helper.
            # What was left of the limit is counted from before the command started (so never more than was truly left),
            # and the round counts only when a stop with nothing to end (Start-Sleep, measured in the same round) came back
            # within that bound: on a loaded machine a round may tell nothing, and another is run (three at least, for the kill).
            foreach ($round in 1..6) {
                $baseline = Measure-PipelineStop { Start-Sleep -Seconds 3600 }
                $baseline.Returned | Should -BeTrue
                $box = [hashtable]::Synchronized(@{})
                $stop = Measure-PipelineStop $check -ArgumentList (Join-Path $ModuleDir 'TeleportMcp.psd1'), $Node, $Fake, $box -Ready { [bool](Get-Helper) }
                $stop.Running | Should -BeTrue -Because 'the check was waiting for the hanging getent when the stop came'
                $stop.Returned | Should -BeTrue -Because 'the stop did not come back within a minute'
                $stop.State | Should -Be 'Stopped'
                Wait-Until { -not (Get-Helper) } | Should -BeTrue -Because 'the stop kills the helper program'
                $left = $limitMs - ($stop.StopTimestamp - $box.Before) * 1000.0 / [Diagnostics.Stopwatch]::Frequency
                $rounds += '{0}: stop {1:N0} ms, baseline {2:N0} ms, limit left {3:N0} ms' -f $round, $stop.Ms, $baseline.Ms, $left
                $bound = $left - 250
                if ($baseline.Ms -lt $bound -and $stop.Ms -lt $bound) { $proved = $true }
                if ($proved -and $round -ge 3) { break }
            }
        }
        finally {
            $env:PATH = $path
            Get-Helper | Stop-Process -Force -ErrorAction SilentlyContinue
        }
        $proved | Should -BeTrue -Because ("the stop came back before the helper's own $limitMs ms limit in no round where a stop with nothing to end did (" + ($rounds -join '; ') + ')')
    }

    It 'composes with Test-TeleportMcpRole: the server''s real tools are checked against a user''s roles' {
        $r = New-StdioApp 'everything' $Node @($Fake, 'ok') | Test-TeleportMcpApp -Launch -TimeoutSec 120 -WarningAction SilentlyContinue
        $access = $r | Test-TeleportMcpRole -User bob -App everything -Path (Join-Path $ExamplesDir 'cluster')
        @($access.Tool) | Should -Be @('get_forecast', 'delete_file', 'read_file')
        $access | ForEach-Object { $_.User | Should -Be 'bob'; $_.App | Should -Be 'everything' }
    }

    It 'probes a streamable HTTP server and an SSE server' {
        $h = Start-HttpFixture 'streamableHttp'
        $s = Start-HttpFixture 'sse'
        try {
            $r = @(
                @{ Name = 'http'; Uri = "mcp+http://127.0.0.1:$($h.Port)/mcp" }
                @{ Name = 'sse'; Uri = "mcp+sse+http://127.0.0.1:$($s.Port)/sse" }
            ) | Test-TeleportMcpApp -Launch -TimeoutSec 120
            $r.Count | Should -Be 2
            $r | ForEach-Object { $_.Stage | Should -Be 'Done'; $_.Tool | Should -Contain 'echo'; $_.SessionKept | Should -BeTrue }
            $r.Transport | Should -Be @('http', 'sse')
        }
        finally {
            Stop-HttpFixture $h; Stop-HttpFixture $s
        }
    }
}

Describe 'Test-TeleportMcpApp on an HTTP server that echoes the credentials it refuses' {
    BeforeAll {
        $script:EchoFx = Start-HttpFixture 'streamableHttp' '--require-header', 'X-Api-Key: right-key-0123456789', '--echo-refused'
        $script:EchoCfg = Join-Path $TestDrive 'echo.yaml'
        Set-Content -Path $EchoCfg -Value @"
app_service:
  enabled: true
  apps:
  - name: wrongkey
    uri: mcp+http://127.0.0.1:$($EchoFx.Port)/mcp
    rewrite:
      headers:
      - "X-Api-Key: wrong-key-4567"
"@
    }
    AfterAll { Stop-HttpFixture $EchoFx }

    It 'masks the rewrite header and -Header values the server quotes back in its refusal' {
        $r = Test-TeleportMcpApp -Path $EchoCfg -Name wrongkey -Launch -Header 'Authorization: Bearer header-token-8901' -WarningAction SilentlyContinue -WarningVariable w
        $r.Status | Should -Be 'Fail'
        $r.HttpStatus | Should -Be 401
        $r.Message | Should -BeLike '*received <redacted> and Bearer <redacted>*'
        ($r | Format-List * | Out-String -Width 400) + ($w | Out-String -Width 400) | Should -Not -Match 'wrong-key-4567|header-token-8901'
    }
}

Describe 'Test-TeleportMcpApp on HTTP apps with rewrite headers' {
    BeforeAll {
        $script:Key = 'X-Api-Key: pester-key-0123456789'
        $script:Fx = Start-HttpFixture 'streamableHttp' '--require-header', $Key
        $cfg = Join-Path $TestDrive 'teleport.yaml'
        Set-Content -Path $cfg -Value @"
app_service:
  enabled: true
  apps:
  - name: keyed
    uri: mcp+http://127.0.0.1:$($Fx.Port)/mcp
    rewrite:
      headers:
      - "$Key"
  - name: bare
    uri: mcp+http://127.0.0.1:$($Fx.Port)/mcp
  - name: traited
    uri: mcp+http://127.0.0.1:$($Fx.Port)/mcp
    rewrite:
      headers:
      - "X-Api-Key: {{external.api_key}}"
  - name: jwt
    uri: mcp+http://127.0.0.1:$($Fx.Port)/mcp
    rewrite:
      headers:
      - "X-Api-Key: {{internal.jwt}}"
"@
        $script:Cfg = $cfg
        $script:Users = Join-Path $TestDrive 'users.yaml'
        Set-Content -Path $Users -Value @"
kind: user
version: v2
metadata:
  name: alice
spec:
  roles: [access]
  traits:
    api_key: [pester-key-0123456789]
"@
    }
    AfterAll { Stop-HttpFixture $Fx }

    It 'masks the plain-text key in every check and warns about it' {
        $checks = Test-TeleportMcpApp -Path $Cfg -Name keyed
        ($checks | Where-Object Check -eq HeaderSecret).Status | Should -Be 'Warn'
        ($checks | Out-String -Width 400) | Should -Not -Match 'pester-key-0123456789'
        ($checks | Where-Object Check -eq Headers).Message | Should -BeLike 'X-Api-Key: `*`*`* *'
    }

    It 'passes with the header Teleport sends, and fails 401 naming rewrite.headers without it' {
        $ok = Test-TeleportMcpApp -Path $Cfg -Name keyed -Launch -WarningAction SilentlyContinue
        $ok.Status | Should -Be 'Pass'
        $ok.Headers | Should -Be @('X-Api-Key: ***')
        ($ok | Format-List * | Out-String -Width 400) | Should -Not -Match 'pester-key-0123456789'
        $bad = Test-TeleportMcpApp -Path $Cfg -Name bare -Launch -WarningAction SilentlyContinue
        $bad.Status | Should -Be 'Fail'
        $bad.HttpStatus | Should -Be 401
        $bad.Fix | Should -BeLike '*rewrite.headers*'
    }

    It 'shows a header value that is a trait template whole, never half masked' {
        $checks = Test-TeleportMcpApp -Path $Cfg -Name traited
        ($checks | Where-Object Check -eq Headers).Message | Should -BeLike "X-Api-Key: {{external.api_key}} ($($Cfg):*): the value depends on the user's traits (external.api_key); give -User to expand it"
        ($checks | Out-String -Width 400) | Should -Not -Match ([regex]::Escape('<redacted>}}'))
    }

    It 'fills trait templates for -User from the files read' {
        $r = Test-TeleportMcpApp -Path $Cfg, $Users -Name traited -User alice -Launch -WarningAction SilentlyContinue
        $r.Status | Should -Be 'Pass'
    }

    It 'reports a trait value Go''s client refuses as that app''s failure naming the header, not as an error or crash (net/http transport.go roundTrip)' {
        $ctl = Join-Path $TestDrive 'users-ctl.yaml'
        Set-Content -Path $ctl -Value @"
kind: user
version: v2
metadata:
  name: carol
spec:
  roles: [access]
  traits:
    api_key: ["ctl\x01secret-0123456789"]
"@
        $r = Test-TeleportMcpApp -Path $Cfg, $ctl -Name traited -User carol -Launch -WarningAction SilentlyContinue -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $r.Status | Should -Be 'Fail'
        $r.Message | Should -BeLike '*net/http: invalid header field value for "X-Api-Key"*'
        $r.Fix | Should -BeLike '*trait*'
        ($r | Format-List * | Out-String -Width 400) | Should -Not -Match 'secret-0123456789'
    }

    It 'takes a user that lost its type (deserialized) as the user for trait templates, not as an app; its credential trait left masked' {
        $alice = Import-TeleportResource $Users | Where-Object Name -eq alice
        $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($alice))
        # The copy holds what output shows: api_key is a credential's name, so its value never left the module.
        $copy.Traits['api_key'] | Should -Be @('<redacted>')
        $app = Import-TeleportResource $Cfg | Where-Object Name -eq traited
        $r = @($copy, $app) | Test-TeleportMcpApp -User alice -Launch -WarningAction SilentlyContinue
        @($r).Count | Should -Be 1
        $r.User | Should -Be 'alice'
        $r.Status | Should -Be 'Indeterminate'
        $r.Message | Should -BeLike '*the user''s trait external.api_key is masked in this copy of the user*'
        # The live object still fills the template with the real value.
        (@($alice, $app) | Test-TeleportMcpApp -User alice -Launch -WarningAction SilentlyContinue).Status | Should -Be 'Pass'
    }

    It 'shows a header filled from a credential trait masked, and the user''s traits masked (<Shown>)' -ForEach @(
        @{ Shown = 'Import-TeleportResource' }
        @{ Shown = 'Test-TeleportMcpApp -Launch' }
    ) {
        $alice = Import-TeleportResource $Users | Where-Object Name -eq alice
        $alice.Traits['api_key'] | Should -Be @('<redacted>')
        ($alice | Format-List * | Out-String -Width 400) | Should -Not -Match 'pester-key-0123456789'
        if ($Shown -eq 'Test-TeleportMcpApp -Launch') {
            # X-Upstream is no credential's name: its value is masked because the trait's name is one.
            $two = Join-Path $TestDrive 'two-headers.yaml'
            Set-Content -Path $two -Value @"
app_service:
  enabled: true
  apps:
  - name: twoheaders
    uri: mcp+http://127.0.0.1:$($Fx.Port)/mcp
    rewrite:
      headers:
      - "X-Api-Key: {{external.api_key}}"
      - "X-Upstream: key={{external.api_key}}"
"@
            $r = Test-TeleportMcpApp -Path $two, $Users -User alice -Launch -WarningAction SilentlyContinue -WarningVariable w -Verbose 4>&1
            $probe = $r | Where-Object { $_ -is [TeleportMcp.ProbeResult] }
            $probe.Status | Should -Be 'Pass'
            $probe.Headers | Should -Be @('X-Api-Key: ***', 'X-Upstream: ***')
            (($r + $w) | Format-List * | Out-String -Width 400) | Should -Not -Match 'pester-key-0123456789'
        }
    }

    It 'takes users from the pipeline: objects, a User property and bare names (split from app names by the users read); each app is tested for each user' {
        $alice = Import-TeleportResource $Users | Where-Object Name -eq alice
        $bob = [TeleportMcp.User]@{ Name = 'bob'; Roles = @('access') }
        # User objects piped with the apps' file: each user is a user the app is tested for, and the results say whose traits were used.
        $r = @($alice, $bob) | Test-TeleportMcpApp -Path $Cfg -Name traited -Launch -WarningAction SilentlyContinue
        @($r).Count | Should -Be 2
        ($r | Where-Object User -eq alice).Status | Should -Be 'Pass'
        ($r | Where-Object User -eq bob).Status | Should -Not -Be 'Pass'
        ($r | Where-Object User -eq alice).Checks.User | Sort-Object -Unique | Should -Be 'alice'
        # Without -Launch each user's checks are a group of their own in the default view.
        $table = @($alice, $bob) | Test-TeleportMcpApp -Path $Cfg -Name traited | Format-Table | Out-String -Width 200
        $table | Should -Match 'App: traited \(user alice\)'
        $table | Should -Match 'App: traited \(user bob\)'
        # Bare names: 'alice' is a user of the files read, 'traited' an app.
        $n = 'alice', 'traited' | Test-TeleportMcpApp -Path $Cfg, $Users -Launch -WarningAction SilentlyContinue
        @($n).Count | Should -Be 1
        $n.AppName | Should -Be 'traited'
        $n.User | Should -Be 'alice'
        $n.Status | Should -Be 'Pass'
        # By property name: an object's User.
        $p = [pscustomobject]@{ User = 'alice' } | Test-TeleportMcpApp -Path $Cfg, $Users -Name traited -Launch -WarningAction SilentlyContinue
        $p.User | Should -Be 'alice'
        $p.Status | Should -Be 'Pass'
        # An object's UserName too (-UserName itself is the SSH login of the remote hosts).
        $q = [pscustomobject]@{ UserName = 'alice' } | Test-TeleportMcpApp -Path $Cfg, $Users -Name traited -Launch -WarningAction SilentlyContinue
        $q.User | Should -Be 'alice'
        $q.Status | Should -Be 'Pass'
        # The result binds Test-TeleportMcpRole's -User by property name.
        (Get-Command Test-TeleportMcpApp).Parameters['User'].Attributes.Where({ $_ -is [Parameter] }).ValueFromPipelineByPropertyName | Should -Contain $true
    }

    It 'names a piped name that is neither a user nor an app read, and where it looked; -Quiet is false' {
        $r = 'nosuch' | Test-TeleportMcpApp -Path $Cfg, $Users -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'AppNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -BeExactly "app ""nosuch"" was not found in 2 files ($Cfg, ...) (given: keyed, bare, traited, jwt)."
        $e[0].TargetObject | Should -Be 'nosuch'
        'nosuch' | Test-TeleportMcpApp -Path $Cfg, $Users -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        $u = [pscustomobject]@{ User = 'carol' } | Test-TeleportMcpApp -Path $Cfg, $Users -Name bare -ErrorVariable err2 -ErrorAction SilentlyContinue
        $e2 = @($err2 | Where-Object FullyQualifiedErrorId -ceq 'UserNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $e2.Count | Should -Be 1
        $e2[0].Exception.Message | Should -BeExactly "user ""carol"" was not found in 2 files ($Cfg, ...) (given: alice). The apps are not tested for this user."
        $e2[0].TargetObject | Should -BeExactly 'carol' 
        # Piped users are not sent to remote hosts.
        ({ $alice = Import-TeleportResource $Users; $alice | Test-TeleportMcpApp -Path $Cfg -HostName 127.0.0.1 -ErrorAction Stop } |
            Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'ParameterNotRemoted,TeleportMcp.Commands.TestTeleportMcpAppCommand'
    }

    It 'reports a header that needs a Teleport-issued JWT as Indeterminate, and -Header supplies it' {
        $r = Test-TeleportMcpApp -Path $Cfg -Name jwt -Launch -WarningAction SilentlyContinue
        $r.Status | Should -Be 'Indeterminate'
        $r.Stage | Should -Be 'Authenticate'
        Test-TeleportMcpApp -Path $Cfg -Name jwt -Launch -Quiet -WarningAction SilentlyContinue | Should -BeFalse
        $s = Test-TeleportMcpApp -Path $Cfg -Name jwt -Launch -Header $Key -WarningAction SilentlyContinue
        $s.Status | Should -Be 'Pass'
    }

    It 'never sends a masked value: a deserialized app lacks the key, so the probe is Indeterminate' {
        $app = Import-TeleportResource $Cfg | Where-Object Name -eq keyed
        $app.Rewrite.Headers.Display | Should -Be @('X-Api-Key: ***')
        $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($app))
        $r = $copy | Test-TeleportMcpApp -Launch -WarningAction SilentlyContinue
        $r.Status | Should -Be 'Indeterminate'
        $r.Message | Should -BeLike '*masked in this copy*'
    }

    It 'refuses a -Header without a colon with InvalidHeader and a user it cannot find with UserNotFound' {
        $null = Test-TeleportMcpApp -Path $Cfg -Name keyed -Header 'no colon' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidHeader,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $null = Test-TeleportMcpApp -Path $Cfg -Name traited -User nobody -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeExactly 'UserNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand'
    }

    # -Header follows the per-item rule (HeaderRules.SuppliedHeaders, helper-287): before, one $null or '' refused the whole
    # list (ParameterArgumentValidationError), InvalidHeader named no place, and a hashtable was read as the text
    # "System.Collections.Hashtable" (InvalidHeader); case-variant names were both sent with no note.
    It '-Header <Text>, the key: the blank item is BlankListItem at -Header[0], the key is still sent' -ForEach @(
        @{ Text = '$null'; Value = $null; Got = 'got null, which names nothing.' }
        @{ Text = "''"; Value = ''; Got = 'got an empty header, which names nothing.' }
        @{ Text = "' '"; Value = ' '; Got = 'got a header of white space only, which names nothing.' }
    ) {
        $r = Test-TeleportMcpApp -Path $Cfg -Name jwt -Launch -Header $Value, $Key -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($e | ForEach-Object FullyQualifiedErrorId) | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $e[0].Exception.Message | Should -BeExactly "-Header[0]: $Got"
        $r.Status | Should -Be 'Pass'
        Test-TeleportMcpApp -Path $Cfg -Name jwt -Launch -Header $Value, $Key -Quiet -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeFalse
    }

    It '-Header $null alone stays the whole parameter''s refusal' {
        ({ Test-TeleportMcpApp -Path $Cfg -Name jwt -Header $null -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.TestTeleportMcpAppCommand'
    }

    It 'a malformed -Header item is InvalidHeader naming its place; the key beside it is still sent' {
        $r = Test-TeleportMcpApp -Path $Cfg -Name jwt -Launch -Header $Key, 'no colon' -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidHeader,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $e[0].Exception.Message | Should -BeExactly '-Header[1]: malformed header "no colon"'
        $r.Status | Should -Be 'Pass'
    }

    It 'a hashtable given to -Header is taken as name to value' {
        $r = Test-TeleportMcpApp -Path $Cfg -Name jwt -Launch -Header @{ 'X-Api-Key' = 'pester-key-0123456789' } -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e | Should -BeNullOrEmpty
        $r.Status | Should -Be 'Pass'
    }

    It 'a hashtable value that is <Text> is InvalidHeader naming the key, never the value' -ForEach @(
        @{ Text = 'null'; Value = $null; Got = 'null' }
        @{ Text = 'a nested hashtable'; Value = @{ a = 1 }; Got = 'a System.Collections.Hashtable' }
        @{ Text = 'a list'; Value = @('v1', 'v2'); Got = 'a System.Object[]' }
    ) {
        $null = Test-TeleportMcpApp -Path $Cfg -Name keyed -Header @{ 'X-Other' = $Value } -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidHeader,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $e[0].Exception.Message | Should -BeExactly "-Header: the value of ""X-Other"" is $Got, not one text value."
    }

    It 'an object that is neither text nor a hashtable is InvalidHeader naming its type' {
        $null = Test-TeleportMcpApp -Path $Cfg -Name keyed -Header ([pscustomobject]@{ 'X-Other' = 'v' }) -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidHeader,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $e[0].Exception.Message | Should -BeLike "-Header: got a System.Management.Automation.PSCustomObject, which is neither*"
    }

    It 'two -Header names that differ only in case are noted by their places' {
        $null = Test-TeleportMcpApp -Path $Cfg -Name keyed -Header 'X-Other: 1', 'x-other: 2' -WarningVariable w -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e | Should -BeNullOrEmpty
        @($w | Where-Object { "$_" -like '-Header`[1`] names the header "x-other" again, as -Header`[0`] did ("X-Other"): header names ignore case*' }).Count | Should -Be 1
    }

    It 'the diagnosis covers the HTTP apps of teleport.yaml and keeps the key out of its report' {
        $report = Join-Path $TestDrive 'diag.md'
        $d = Invoke-TeleportMcpDiagnosis -ClusterPath $Cfg -SkipClient -Launch -OutFile $report -WarningAction SilentlyContinue
        ($d | Where-Object { $_.App -eq 'keyed' -and $_.Check -eq 'HeaderSecret' }) | Should -Not -BeNullOrEmpty
        ($d | Where-Object { $_.App -eq 'bare' -and $_.Check -like 'Probe*' }).Fix | Should -BeLike '*rewrite.headers*'
        (Get-Content -Raw $report) | Should -Not -Match 'pester-key-0123456789'
        ($d | Out-String -Width 400) | Should -Not -Match 'pester-key-0123456789'
    }

    It 'masks vendor API-key headers (DD-APPLICATION-KEY, X-Key) in objects, JSON, CLIXML, verbose and debug lines and the HTML report' {
        $app = Join-Path $TestDrive 'vendor.yaml'
        Set-Content -Path $app -Value @"
kind: app
version: v3
metadata:
  name: datadog
spec:
  uri: mcp+http://127.0.0.1:$($Fx.Port)/mcp
  rewrite:
    headers:
    - name: DD-APPLICATION-KEY
      value: ddappkey0123456789abcdef
    - name: X-Key
      value: xkeyvalue0123456789
---
kind: app_server
version: v3
metadata:
  name: datadog
spec:
  hostname: agent1
  app:
    kind: app
    version: v3
    metadata:
      name: datadog
    spec:
      uri: mcp+http://127.0.0.1:$($Fx.Port)/mcp
      rewrite:
        headers:
        - "DD-API-KEY: ddapikey0123456789abcdef"
"@
        $secret = 'ddappkey0123456789|xkeyvalue0123456789|ddapikey0123456789'
        $apps = Import-TeleportResource -Path $app
        $apps.Count | Should -Be 2
        ($apps | Format-List * | Out-String -Width 400) | Should -Not -Match $secret
        ($apps | ConvertTo-Json -Depth 6) | Should -Not -Match $secret
        $xml = Join-Path $TestDrive 'apps.clixml'
        $apps | Export-Clixml -Path $xml
        (Get-Content -Raw $xml) | Should -Not -Match $secret
        $all = & { $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; Test-TeleportMcpApp -Path $app -Launch *>&1 } | Out-String -Width 400
        $all | Should -Not -Match $secret
        $all | Should -Match 'DD-APPLICATION-KEY: \*\*\*'
        $html = Join-Path $TestDrive 'vendor.html'
        $null = Invoke-TeleportMcpDiagnosis -ClusterPath $app -SkipClient -OutFile $html -WarningAction SilentlyContinue
        (Get-Content -Raw $html) | Should -Not -Match $secret
        ((Test-TeleportMcpApp -Path $app -Name datadog | Where-Object { $_.Check -eq 'HeaderSecret' }).Count) | Should -BeGreaterOrEqual 2
    }
}

# Session 49, helper-353: only what -Launch chose and what Teleport would serve is probed; a piped app keeps what it shows.
Describe 'Test-TeleportMcpApp: apps Teleport would not serve, and apps given back' {
    # lib/config/configuration.go applyAppsConfig, servicecfg App.CheckAndSetDefaults: a refused entry (its own, or another of
    # the same teleport.yaml) means Teleport does not start the App Service with that file, so none of its apps is served.
    It 'reports InvalidResource and does not probe an app of a teleport.yaml Teleport refuses (<Refused>)' -ForEach @(
        @{ Refused = 'its own entry' }, @{ Refused = 'another entry' }
    ) {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $own = if ($Refused -eq 'its own entry') { "`n    public_addr: 'remote.example.com:443'" } else { '' }
            $other = if ($Refused -eq 'another entry') { "`n  - name: Other_App`n    uri: 'http://127.0.0.1:1/'" } else { '' }
            $dir = Join-Path $TestDrive ('refused-' + ($Refused -replace ' ', '-'))
            $null = New-Item -ItemType Directory $dir
            Set-Content (Join-Path $dir 'teleport.yaml') "version: v3`nteleport:`n  nodename: app-1`napp_service:`n  enabled: true`n  apps:`n  - name: remote`n    uri: 'mcp+http://127.0.0.1:$port/mcp'$own$other"
            $r = Test-TeleportMcpApp -Path (Join-Path $dir 'teleport.yaml') -Name remote -Launch -TimeoutSec 3 -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            @($err | Where-Object { $_.FullyQualifiedErrorId -eq 'InvalidResource,TeleportMcp.Commands.TestTeleportMcpAppCommand' }).Count | Should -Be 1
            $r.Message | Should -BeLike 'not probed: host app-1: Teleport does not start the App Service with that host''s teleport.yaml: *'
            ($r.Checks | Where-Object Check -eq 'AppService').Status | Should -Be 'Fail'
            $listener.Pending() | Should -BeFalse
        }
        finally { $listener.Stop() }
    }

    It 'a piped app keeps its redacted arguments after the test' {
        Set-Content TestDrive:/argapp.yaml "kind: app`nversion: v3`nmetadata: {name: argapp}`nspec:`n  uri: 'mcp+stdio://'`n  mcp: {command: /no/such/server, args: ['--api-key', 'PIPEDSECRET1'], run_as_host_user: root}"
        $app = Import-TeleportResource TestDrive:/argapp.yaml
        $app.Args[1] | Should -BeExactly '<redacted>'
        $null = $app | Test-TeleportMcpApp -WarningAction SilentlyContinue
        $app.Args[1] | Should -BeExactly '<redacted>'
        $app.CommandLine | Should -Not -BeLike '*PIPEDSECRET1*'
    }
}
