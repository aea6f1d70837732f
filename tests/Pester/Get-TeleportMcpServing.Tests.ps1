BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $cluster = Join-Path $ExamplesDir 'cluster'
    $hosts = Join-Path $ExamplesDir 'hosts'
    $config = Join-Path $ExamplesDir 'teleport.yaml'
}

Describe 'Get-TeleportMcpServing' {
    It 'maps the example cluster: static apps on mcp-01, github by selector on mcp-02, notion served by nobody' {
        $map = Get-TeleportMcpServing -Path $cluster, $config, $hosts -Recurse
        ($map | Where-Object App -eq 'everything').HostNames | Should -Be @('mcp-01')
        ($map | Where-Object App -eq 'everything').Hosts[0].Reason | Should -Be 'StaticEntry'
        $github = $map | Where-Object App -eq 'github'
        $github.Status | Should -Be 'Served'
        $github.Hosts[0].Host | Should -Be 'mcp-02'
        $github.Hosts[0].Detail | Should -Be 'app_service.resources[0] labels {team: platform, env: prod}'
        $github.Hosts[0].Heartbeat | Should -BeTrue
        $notion = $map | Where-Object App -eq 'notion'
        $notion.Status | Should -Be 'NotServed'
        $notion.ClosestSelector | Should -Be 'host mcp-02 app_service.resources[0] labels {team: platform, env: prod}'
        $notion.DifferingLabel | Should -Be 'team - the app has "docs", the selector wants "platform"'
        $notion.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.AppServing'
    }

    # lib/srv/app/common/target_host_dialer.go: an App Service whose app_service.allowed_hosts leaves out an HTTP app's address
    # never dials it; a host name is decided by what it resolves to there; a stdio server is not dialed at all.
    It 'says when the target host policy of every serving host refuses an app''s address' {
        $dir = Join-Path $TestDrive 'policy'
        New-Item -ItemType Directory -Force (Join-Path $dir 'app-1') | Out-Null
        Set-Content -LiteralPath (Join-Path $dir 'app-1/teleport.yaml') -Value @(
            'version: v3', 'teleport:', '  nodename: app-1', 'app_service:', '  enabled: true', '  allowed_hosts: [192.168.0.0/16]',
            '  apps:', '  - name: ip-app', '    uri: mcp+http://10.0.0.5:8080/mcp', '  - name: name-app', '    uri: mcp+https://mcp.example.com/mcp')
        $map = Get-TeleportMcpServing -LiteralPath (Join-Path $dir 'app-1/teleport.yaml')
        $ip = $map | Where-Object App -eq 'ip-app'
        $ip.Status | Should -Be 'TargetHostDenied'
        $ip.Status -eq 'TargetHostDenied' | Should -BeTrue
        $ip.Hosts[0].TargetHost | Should -Be 'Denied'
        $ip.Hosts[0].TargetHostDetail | Should -BeExactly 'host app-1: 10.0.0.5 is outside every prefix of app_service.allowed_hosts [192.168.0.0/16]'
        $name = $map | Where-Object App -eq 'name-app'
        $name.Status | Should -Be 'Served'
        $name.Hosts[0].TargetHost | Should -Be 'DependsOnResolution'
        $agent = Import-TeleportResource -LiteralPath (Join-Path $dir 'app-1/teleport.yaml') | Where-Object { $_ -is [TeleportMcp.AppServiceAgent] }
        $agent.AllowedHosts | Should -Be @('192.168.0.0/16')
        $agent.DeniedHosts | Should -BeNullOrEmpty
    }

    It 'takes the objects of Import-TeleportResource from the pipeline' {
        $r = Import-TeleportResource $cluster, $config, $hosts -Recurse | Get-TeleportMcpServing -App 'git*'
        $r.App | Should -Be 'github'
    }

    It 'leaves out roles and users that lost their type (deserialized), as it does live ones' {
        $all = Import-TeleportResource $cluster, $config, $hosts -Recurse
        $copies = $all | Where-Object { $_ -is [TeleportMcp.Role] -or $_ -is [TeleportMcp.User] } |
            ForEach-Object { [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($_)) }
        $live = $all | Get-TeleportMcpServing
        $mixed = @($copies) + @($all) | Get-TeleportMcpServing -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        @($mixed.App) | Should -Be @($live.App)
    }

    It 'takes Apps saved by the release before Origin was an enum (Origin app_server, teleport.yaml, ...), as the live ones' {
        $all = Import-TeleportResource $cluster, $config, $hosts -Recurse
        $earlier = @{ App = 'app'; AppServer = 'app_server'; TeleportYaml = 'teleport.yaml'; McpDemoServer = 'mcp_demo_server' }
        # Each app as a property bag as Export-Clixml of that release left it: the type name, and Origin in Teleport's spelling.
        $old = foreach ($o in $all) {
            if ($o -isnot [TeleportMcp.App]) { $o; continue }
            $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($o))
            $copy.Origin = $earlier[[string]$o.Origin]
            $copy
        }
        @($old | Where-Object { $_.PSObject.TypeNames -contains 'Deserialized.TeleportMcp.App' } | ForEach-Object Origin | Sort-Object -Unique) |
            Should -Be @('app', 'app_server', 'mcp_demo_server', 'teleport.yaml')
        $live = $all | Get-TeleportMcpServing
        $r = $old | Get-TeleportMcpServing -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        @($r.App) | Should -Be @($live.App)
        @($r | ForEach-Object { "$($_.App) $($_.Status) $($_.Hosts.Host -join ',') $($_.Hosts.Reason -join ',') $($_.Hosts.Heartbeat -join ',')" }) |
            Should -Be @($live | ForEach-Object { "$($_.App) $($_.Status) $($_.Hosts.Host -join ',') $($_.Hosts.Reason -join ',') $($_.Hosts.Heartbeat -join ',')" })
        ($r | Where-Object App -eq 'everything').Hosts[0].Reason | Should -Be 'StaticEntry'
        ($r | Where-Object App -eq 'github').Hosts[0].Heartbeat | Should -BeTrue
    }

    It 'reports an App whose Origin is no spelling of one as that item''s error (UnknownAppOrigin) and maps the apps beside it' {
        $apps = @(Import-TeleportResource $config | Where-Object { $_ -is [TeleportMcp.App] } | Select-Object -First 3)
        $apps.Count | Should -Be 3
        $copies = @($apps | ForEach-Object { [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($_)) })
        $copies[1].Origin = "some`e[2Jwhere"
        $r = @($copies | Get-TeleportMcpServing -ErrorVariable err -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 2
        @($r.App) | Should -Be @($apps[0], $apps[2] | Get-TeleportMcpServing | ForEach-Object App)
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'UnknownAppOrigin,TeleportMcp.Commands.GetTeleportMcpServingCommand'
        $err[0].TargetObject | Should -BeExactly $apps[1].Name
        $err[0].Exception.Message | Should -BeExactly ("app ""{0}"": Origin 'some\x1B[2Jwhere' is not one of App, AppServer, TeleportYaml, McpDemoServer (or app, app_server, teleport.yaml, mcp_demo_server)." -f $apps[1].Name)
        $err[0].Exception.Message | Should -Not -Match "`e"
    }

    It 'reports a piped App whose Args do not read ([pscustomobject] Args=@{a=1}) as that item''s error (InvalidResourceProperty) and maps the apps beside it' {
        $good = { param($n) [pscustomobject]@{ Name = $n; Uri = 'mcp+stdio://'; Command = 'npx'; Args = @('-y', 'server') } }
        $bad = [pscustomobject]@{ Name = 'bad'; Uri = 'mcp+stdio://'; Command = 'npx'; Args = @{ a = 1 } }
        $r = @((& $good 'one'), $bad, (& $good 'two') | Get-TeleportMcpServing -ErrorVariable err -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 2
        @($r.App) | Should -Be @('one', 'two')
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResourceProperty,TeleportMcp.Commands.GetTeleportMcpServingCommand'
        $err[0].TargetObject | Should -BeExactly 'bad'
        $err[0].Exception.Message | Should -BeLike 'app "bad": the value * of Args cannot be converted to List<String>: *'
    }

    It 'names an app that matches nothing' {
        $r = Get-TeleportMcpServing -Path $cluster -App nosuch -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'AppNotFound,TeleportMcp.Commands.GetTeleportMcpServingCommand'
        $err[0].Exception.Message | Should -BeLike '*"nosuch"*'
        # What was looked for, where, and what was there.
        $err[0].Exception.Message | Should -BeLike '*files (*'
        $err[0].Exception.Message | Should -BeLike '*given: *'
        $err[0].TargetObject | Should -BeExactly 'nosuch'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'selects by wildcard once per app, and a plain name exactly (case included)' {
        $all = @(Get-TeleportMcpServing -Path $cluster)
        $first = $all[0].App
        $r = @(Get-TeleportMcpServing -Path $cluster -App '*', $first)
        @($r.App) | Should -Be @($all.App)
        $upper = $first.ToUpperInvariant()
        if ($upper -cne $first) {
            Get-TeleportMcpServing -Path $cluster -App $upper -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'AppNotFound,TeleportMcp.Commands.GetTeleportMcpServingCommand'
        }
    }

    It 'says so when there is no MCP app at all' {
        $null = Get-TeleportMcpServing -Path (Join-Path $cluster 'roles.yaml') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'NoMcpAppFound,TeleportMcp.Commands.GetTeleportMcpServingCommand'
        $err[0].Exception.Message | Should -BeLike '*roles.yaml*'
        $err[0].TargetObject | Should -BeLike '*roles.yaml*'
    }

    It 'reports a host whose heartbeat is missing' {
        $dir = Join-Path $TestDrive 'fleet'
        New-Item -ItemType Directory -Force "$dir/app-1", "$dir/app-2" | Out-Null
        foreach ($h in 'app-1', 'app-2') {
            "version: v3`napp_service:`n  enabled: true`n  resources:`n  - labels:`n      env: dev`n" | Set-Content "$dir/$h/teleport.yaml"
        }
        "kind: app`nversion: v3`nmetadata:`n  name: notes`n  labels:`n    env: dev`nspec:`n  uri: mcp+http://127.0.0.1:1/mcp`n" | Set-Content "$dir/apps.yaml"
        "kind: app_server`nversion: v3`nmetadata:`n  name: notes`nspec:`n  hostname: app-1`n  app:`n    kind: app`n    version: v3`n    metadata:`n      name: notes`n    spec:`n      uri: mcp+http://127.0.0.1:1/mcp`n" | Set-Content "$dir/app_servers.yaml"
        $r = Get-TeleportMcpServing -Path $dir
        $r.Status | Should -Be 'NoHeartbeat'
        (Get-TeleportMcpServing -Path $dir -Recurse).Message | Should -BeExactly $r.Message
        (Import-TeleportResource $dir | Get-TeleportMcpServing).Message | Should -BeExactly $r.Message
        $r.HostNames | Should -Be @('app-1', 'app-2')
        $r.Message | Should -BeLike '*1 of 2 configured hosts do not heartbeat it: app-2*'
    }

    It 'says a host whose teleport.yaml Teleport refuses serves nothing, and reports the refusal as an error with its place' {
        # lib/config/configuration.go applyAppsConfig: servicecfg App.CheckAndSetDefaults refuses the name, and Teleport does not start.
        $dir = Join-Path $TestDrive 'refused'
        New-Item -ItemType Directory -Force (Join-Path $dir 'h1') | Out-Null
        Set-Content -LiteralPath (Join-Path $dir 'h1/teleport.yaml') -Value "version: v3`nteleport:`n  nodename: h1`napp_service:`n  enabled: yes`n  resources:`n  - labels: {'*': '*'}`n  apps:`n  - name: Bad_Name`n    uri: http://127.0.0.1:8`n"
        Set-Content -LiteralPath (Join-Path $dir 'apps.yaml') -Value "kind: app`nversion: v3`nmetadata:`n  name: files`n  labels: {env: dev}`nspec:`n  uri: mcp+http://127.0.0.1:9/mcp`n"
        $r = Get-TeleportMcpServing -Path $dir -Recurse -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResource,TeleportMcp.Commands.GetTeleportMcpServingCommand'
        "$($err[0])" | Should -BeLike "*h1*teleport.yaml:9:5: application name `"Bad_Name`" must be a lower case valid DNS subdomain: *: Teleport does not start the App Service with this teleport.yaml, so host h1 serves none of its apps"
        $files = $r | Where-Object App -eq 'files'
        $files.Status | Should -Be 'NotServed'
        $files.Message | Should -Match ('^' + [regex]::Escape("host h1 selects it (app_service.resources[0] labels {*: *}), but Teleport does not start the App Service with that host's teleport.yaml: application name `"Bad_Name`" must be"))
    }

    It 'refuses a host whose rewrite header Teleport cannot parse, at the header, with its credential masked' {
        # lib/config/configuration.go applyAppsConfig: servicecfg.ParseHeaders fails before CheckAndSetDefaults, and Teleport does not start.
        $dir = Join-Path $TestDrive 'badheader'
        New-Item -ItemType Directory -Force (Join-Path $dir 'h1') | Out-Null
        Set-Content -LiteralPath (Join-Path $dir 'h1/teleport.yaml') -Value "version: v3`nteleport:`n  nodename: h1`napp_service:`n  enabled: yes`n  resources:`n  - labels: {'*': '*'}`n  apps:`n  - name: notes`n    uri: mcp+http://127.0.0.1:8/mcp`n    rewrite:`n      headers:`n      - 'X-Ok: 1'`n      - 'Authorization Bearer plainsecret123'`n"
        Set-Content -LiteralPath (Join-Path $dir 'apps.yaml') -Value "kind: app`nversion: v3`nmetadata:`n  name: files`n  labels: {env: dev}`nspec:`n  uri: mcp+http://127.0.0.1:9/mcp`n"
        $r = Get-TeleportMcpServing -Path $dir -Recurse -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResource,TeleportMcp.Commands.GetTeleportMcpServingCommand'
        "$($err[0])" | Should -BeLike "*h1*teleport.yaml:14:9: failed to parse headers rewrite configuration for app `"notes`": failed to parse `"Authorization Bearer ***`" as http header: Teleport does not start the App Service with this teleport.yaml, so host h1 serves none of its apps"
        foreach ($row in $r) {
            $row.Status | Should -Be 'NotServed'
            $row.Message | Should -BeLike "*Teleport does not start the App Service with that host's teleport.yaml: failed to parse headers rewrite configuration for app `"notes`"*"
        }
        ($r | Out-String) + "$($err[0])" | Should -Not -BeLike '*plainsecret*'
    }
}
