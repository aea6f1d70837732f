BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'TctlStandIn.ps1')
    $script:tp = $script:StandInExe
}

AfterAll { Reset-TctlStandIn }

Describe 'Get-TeleportMcpTools' {
    BeforeEach {
        Initialize-TctlStandIn @(
            (New-TestUser alice -Roles access, mcp-user -Tools 'search_files', '^(get|list)_.*$'),
            (New-TestUser bob),
            (New-TestUser carol -Tools '')
        ) | Out-Null
    }

    It 'reads the mcp_tools trait and roles with tctl get users/NAME' {
        $r = Get-TeleportMcpTools -User alice -TctlPath $tp
        $r | Should -BeOfType ([TeleportMcp.UserTools])
        $r.User | Should -Be 'alice'
        $r.Tools | Should -Be @('search_files', '^(get|list)_.*$')
        $r.Roles | Should -Be @('access', 'mcp-user')
        (@(Get-TctlCall)[0]) -join ' ' | Should -Be 'get users/alice --format=json'
    }

    It 'a user without the trait, or with [""], has no tools (I11)' {
        $r = Get-TeleportMcpTools bob, carol -TctlPath $tp
        $r.Count | Should -Be 2
        $r[0].Tools | Should -HaveCount 0
        $r[1].Tools | Should -HaveCount 0
    }

    # -User takes no wildcards; Teleport allows any non-empty user name (api/types/user.go UserV2.CheckAndSetDefaults ->
    # Metadata.CheckAndSetDefaults), so a backtick-escaped character names a user literally (session 48, helper-344).
    It 'a -User value with the wildcard <Given> is UserNameHasWildcard before tctl runs; the name beside it is read' -ForEach @(
        @{ Given = 'a*' }, @{ Given = 'al?ce' }, @{ Given = '[ab]lice' }, @{ Given = 'alice]' }
    ) {
        $r = Get-TeleportMcpTools -User $Given, 'bob' -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
        $r.User | Should -Be 'bob'
        $err.FullyQualifiedErrorId | Should -BeExactly 'UserNameHasWildcard,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
        $err[0].Exception.Message | Should -BeLike "*'$([WildcardPattern]::Escape($Given))'*takes no wildcards*"
        $err[0].TargetObject | Should -BeExactly $Given
        (@(Get-TctlCall) | ForEach-Object { $_ -join ' ' }) | Should -Be @('get users/bob --format=json')
    }

    It 'a piped name with a wildcard is UserNameHasWildcard too' {
        'a*' | Get-TeleportMcpTools -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
        $err.FullyQualifiedErrorId | Should -BeExactly 'UserNameHasWildcard,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
        @(Get-TctlCall).Count | Should -Be 0
    }

    It 'an escaped wildcard names the user literally: <Given> reads users/<Name>' -ForEach @(
        @{ Given = 'a`*'; Name = 'a*' }, @{ Given = 'x`[1`]'; Name = 'x[1]' }
    ) {
        Initialize-TctlStandIn @((New-TestUser $Name -Tools 'search_files')) | Out-Null
        $r = Get-TeleportMcpTools -User $Given -TctlPath $tp
        $r.User | Should -BeExactly $Name
        (@(Get-TctlCall)[0]) -join ' ' | Should -BeExactly "get users/$Name --format=json"
    }

    It 'takes user names from the pipeline by value' {
        ('alice', 'bob' | Get-TeleportMcpTools -TctlPath $tp).User | Should -Be @('alice', 'bob')
    }

    It 'takes User and Name by property name' {
        ([pscustomobject]@{ User = 'alice' } | Get-TeleportMcpTools -TctlPath $tp).User | Should -Be 'alice'
        ([pscustomobject]@{ Name = 'bob' } | Get-TeleportMcpTools -TctlPath $tp).User | Should -Be 'bob'
    }

    It 'a piped role or file is PipedObjectNotUser, not the user its Name or owner names; the name beside it is read' {
        $role = Import-TeleportResource -InputObject "kind: role`nversion: v7`nmetadata:`n  name: bob`nspec: {}`n"
        $file = Join-Path $TestDrive 'carol'
        Set-Content -LiteralPath $file -Value ''
        $r = @($role, (Get-Item -LiteralPath $file), 'alice') | Get-TeleportMcpTools -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
        $r.User | Should -Be 'alice'
        $err.FullyQualifiedErrorId | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpToolsCommand', 'PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpToolsCommand')
        $err[0].Exception.Message | Should -BeLike "*TeleportMcp.Role named 'bob'*"
        @(Get-TctlCall).Count | Should -Be 1
    }

    It 'a tctl user document (ConvertFrom-Json of tctl get users --format json) names its user; another kind''s is PipedObjectNotUser' {
        $docs = '[{"kind":"user","version":"v2","metadata":{"name":"alice"},"spec":{"roles":["access"]}},{"kind":"role","version":"v7","metadata":{"name":"bob"},"spec":{}}]' | ConvertFrom-Json
        $r = @($docs | Get-TeleportMcpTools -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err)
        $r.User | Should -Be 'alice'
        $err.FullyQualifiedErrorId | Should -BeExactly 'PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
        $err[0].Exception.Message | Should -BeLike '*a tctl resource that is not a user*'
        (Get-TeleportMcpTools -User $docs[0] -TctlPath $tp).User | Should -Be 'alice'
    }

    It 'a refused custom object is the error''s target with its properties' {
        [pscustomobject]@{ Owner = 'ops'; Team = 'blue' } | Get-TeleportMcpTools -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
        $err.FullyQualifiedErrorId | Should -BeExactly 'PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
        $err[0].TargetObject.Owner | Should -Be 'ops'
        $err[0].TargetObject.Team | Should -Be 'blue'
    }

    It 'reports an unknown user and goes on with the next' {
        $r = Get-TeleportMcpTools nobody, alice -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
        $r.User | Should -Be 'alice'
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'TeleportUserNotFound,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
        $err[0].CategoryInfo.Category | Should -BeExactly 'ObjectNotFound'
        $err[0].Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
        $err[0].Exception.InnerException.GetType().FullName | Should -BeExactly 'TeleportMcp.Engine.Tctl.TctlException'
    }

    It 'stops while tctl hangs, without waiting for it, and ends that tctl after' -Skip:$IsWindows {
        $hang = Join-Path $TestDrive 'hang/tctl'
        New-Item -ItemType Directory -Force -Path (Split-Path $hang) | Out-Null
        $seconds = '3600.' + (Get-Random -Minimum 100000000 -Maximum 999999999)
        Set-Content -LiteralPath $hang -Value "#!/bin/sh`nexec sleep $seconds" -Encoding ascii
        chmod +x $hang
        $standIn = { Get-Process sleep -ErrorAction Ignore | Where-Object { $_.CommandLine -eq "sleep $seconds" } }
        $get = { param($ModulePath, $Tctl) Import-Module $ModulePath; Get-TeleportMcpTools alice -TctlPath $Tctl }
        foreach ($round in 1..3) {
            $stop = Measure-PipelineStop $get -ArgumentList (Join-Path $ModuleDir 'TeleportMcp.psd1'), $hang -Ready $standIn
            $stop.Running | Should -BeTrue -Because 'the command was waiting for tctl when the stop came'
            # tctl would hang for an hour: a stop that came back did not wait for it (how fast: bench, not a test).
            $stop.Returned | Should -BeTrue -Because "the stop did not come back within a minute (tctl hangs for an hour)"
            $stop.State | Should -Be 'Stopped'
            Wait-Until { -not (& $standIn) } | Should -BeTrue -Because 'the tctl stand-in is ended after the stop'
        }
    }

    It 'tctl missing is terminating TctlNotFound' {
        ({ Get-TeleportMcpTools alice -TctlPath (Join-Path $TestDrive 'none') -ErrorAction Stop } |
            Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'TctlNotFound,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
    }

    It 'survives ConvertTo-Json and Clixml' {
        $r = Get-TeleportMcpTools alice -TctlPath $tp
        ($r | ConvertTo-Json | ConvertFrom-Json).Tools | Should -Be $r.Tools
        $d = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($r))
        $d.Tools | Should -Be $r.Tools
        $d.PSObject.TypeNames[0] | Should -Be 'Deserialized.TeleportMcp.UserTools'
    }

    It 'has a table view' {
        Get-FormatData -TypeName TeleportMcp.UserTools | Should -Not -BeNullOrEmpty
        (Get-TeleportMcpTools alice -TctlPath $tp | Out-String -Width 120) | Should -Match 'User\s+Tools\s+Roles'
    }
}

Describe 'Get-TeleportResource' {
    BeforeEach {
        $app = { param($n, $host_) [ordered]@{ kind = 'app_server'; version = 'v3'; metadata = [ordered]@{ name = $n }
                spec = [ordered]@{ host_id = $host_; app = [ordered]@{ kind = 'app'; version = 'v3'; metadata = [ordered]@{ name = $n; labels = @{ env = 'dev' } }
                        spec = [ordered]@{ uri = 'mcp+stdio://'; mcp = [ordered]@{ command = 'npx'; args = @('-y', 'server'); run_as_host_user = 'mcp' } } } } } }
        Initialize-TctlStandIn @(
            (New-TestUser alice -Tools 'a'),
            (New-TestUser bob),
            [ordered]@{ kind = 'role'; version = 'v8'; metadata = [ordered]@{ name = 'mcp-from-trait' }; spec = [ordered]@{ allow = [ordered]@{ app_labels = @{ '*' = '*' }; mcp = [ordered]@{ tools = @('{{internal.mcp_tools}}') } } } },
            (& $app 'files' 'host-1'),
            (& $app 'files' 'host-2'),
            (& $app 'everything' 'host-1')
        ) | Out-Null
    }

    It 'reads roles as Import-TeleportResource does' {
        $r = Get-TeleportResource -Kind Role -TctlPath $tp
        $r | Should -BeOfType ([TeleportMcp.Role])
        $r.Name | Should -Be 'mcp-from-trait'
        $r.AllowMcpTools | Should -Be @('{{internal.mcp_tools}}')
        (@(Get-TctlCall)[0]) -join ' ' | Should -Be 'get roles --format=json'
    }

    It 'reads one user by name' {
        $u = Get-TeleportResource User -Name alice -TctlPath $tp
        $u | Should -BeOfType ([TeleportMcp.User])
        $u.McpTools | Should -Be @('a')
        (@(Get-TctlCall)[0]) -join ' ' | Should -Be 'get users/alice --format=json'
    }

    It 'filters with wildcards' {
        (Get-TeleportResource User -Name b* -TctlPath $tp).Name | Should -Be 'bob'
    }

    It 'reads apps from app_servers, once per app' {
        $apps = Get-TeleportResource App -TctlPath $tp
        $apps.Name | Should -Be @('files', 'everything')
        $apps[0] | Should -BeOfType ([TeleportMcp.App])
        $apps[0].IsMcp | Should -BeTrue
        $apps[0].Transport | Should -Be 'stdio'
        (Get-TeleportResource App -Name everything -TctlPath $tp).Name | Should -Be 'everything'
    }

    It 'reports a missing resource' {
        Get-TeleportResource User -Name nobody -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'TeleportResourceNotFound,TeleportMcp.Commands.GetTeleportResourceCommand'
        Get-TeleportResource App -Name nothing -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err2
        $err2[0].FullyQualifiedErrorId | Should -BeExactly 'TeleportResourceNotFound,TeleportMcp.Commands.GetTeleportResourceCommand'
    }

    It 'a wildcard that matches nothing is TeleportResourceNotFound naming the wildcard, not an empty answer' {
        $out = @(Get-TeleportResource Role -Name 'zed*' -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err)
        $out.Count | Should -Be 0
        @($err.FullyQualifiedErrorId) | Should -BeExactly @('TeleportResourceNotFound,TeleportMcp.Commands.GetTeleportResourceCommand')
        $err[0].TargetObject | Should -BeExactly 'zed*'
        $err[0].Exception.Message | Should -BeLike '*"zed`*" was not found in tctl get roles*'
        ({ Get-TeleportResource Role -Name 'zed*' -TctlPath $tp -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'TeleportResourceNotFound,TeleportMcp.Commands.GetTeleportResourceCommand'
    }

    It 'a name tctl answers with an empty list is TeleportResourceNotFound too; an empty listing of every role is no error' -Skip:$IsWindows {
        $empty = Join-Path $TestDrive 'tctl-empty'
        Set-Content -Path $empty -Value "#!/bin/sh`necho '[]'`nexit 0"
        chmod 755 $empty
        $out = @(Get-TeleportResource Role -Name nosuch -TctlPath $empty -ErrorAction SilentlyContinue -ErrorVariable err)
        $out.Count | Should -Be 0
        @($err.FullyQualifiedErrorId) | Should -BeExactly @('TeleportResourceNotFound,TeleportMcp.Commands.GetTeleportResourceCommand')
        $err[0].TargetObject | Should -BeExactly 'nosuch'
        $all = @(Get-TeleportResource Role -TctlPath $empty -ErrorVariable err2 -Verbose 4>&1)
        $err2 | Should -BeNullOrEmpty
        ($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message | Should -Contain "tctl get roles --format=json listed no roles."
    }

    It 'its objects feed the other cmdlets like imported ones' {
        $live = Get-TeleportResource User -Name alice -TctlPath $tp
        $live.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.User'
        ($live | Get-TeleportMcpTools -TctlPath $tp).Tools | Should -Be @('a')
    }
}
