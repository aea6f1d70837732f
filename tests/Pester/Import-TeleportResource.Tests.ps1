BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $cluster = Join-Path $ExamplesDir 'cluster'
}

Describe 'Import-TeleportResource' {
    Context 'reading files' {
        It 'reads the example cluster folder into typed objects' {
            $r = Import-TeleportResource -Path $cluster
            ($r | Where-Object { $_ -is [TeleportMcp.Role] }).Name | Should -Be @('access', 'mcp-developer', 'mcp-no-env-dump')
            ($r | Where-Object { $_ -is [TeleportMcp.User] }).Name | Should -Be @('alice', 'bob', 'carol')
            ($r | Where-Object { $_ -is [TeleportMcp.App] }).Name | Should -Be @('everything', 'files', 'teleport-mcp-demo', 'grafana', 'github', 'github', 'notion')
            ($r | Where-Object Name -eq 'everything').Origin | Should -BeExactly 'AppServer'
            $r[0].PSObject.TypeNames[0] | Should -Be 'TeleportMcp.App'
        }

        It 'keeps role fields and their source location' {
            $dev = Import-TeleportResource -Path (Join-Path $cluster 'roles.yaml') | Where-Object Name -eq 'mcp-developer'
            $dev.Version | Should -Be 'v8'
            $dev.AllowMcpTools | Should -Be @('search_*', 'read_*', '^list_(files|directories)$', '^(get|fetch)_.*')
            $dev.DenyMcpTools | Should -Be @('write_file')
            $dev.AllowAppLabels['env'] | Should -Be @('dev', 'staging')
            $dev.SourcePath | Should -Be (Join-Path $cluster 'roles.yaml')
            $dev.SourceLine | Should -Be 42
            $dev.Source | Should -BeLike '*roles.yaml:42:1'
        }

        It 'distinguishes a user without mcp_tools from one with it' {
            $users = Import-TeleportResource -Path (Join-Path $cluster 'users.yaml')
            ($users | Where-Object Name -eq 'alice').McpTools | Should -BeNullOrEmpty
            ($users | Where-Object Name -eq 'alice').Traits['logins'] | Should -Be @('alice', 'ubuntu')
            ($users | Where-Object Name -eq 'bob').McpTools | Should -Be @('*')
        }

        It 'shows a trait value masked when its name or the value says credential (<Trait>)' -ForEach @(
            @{ Trait = 'api_token'; Value = 'plainvalue123'; Shown = '<redacted>' }
            @{ Trait = 'db_password'; Value = 'hunter2 two words'; Shown = '<redacted>' }
            @{ Trait = 'gh'; Value = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'; Shown = '<redacted>' }
            @{ Trait = 'jwt'; Value = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh'; Shown = '<redacted>' }
            @{ Trait = 'team'; Value = 'blue'; Shown = 'blue' }
        ) {
            $file = Join-Path $TestDrive "user-$Trait.yaml"
            Set-Content -Path $file -Value "kind: user`nversion: v2`nmetadata: {name: alice}`nspec:`n  roles: [access]`n  traits:`n    ${Trait}: ['$Value']`n    logins: [alice]`n"
            $u = Import-TeleportResource -Path $file
            $u.Traits[$Trait] | Should -Be @($Shown)
            $u.Traits['logins'] | Should -Be @('alice')
            if ($Shown -ne $Value) { ($u | Format-List * | Out-String -Width 400) + ($u.Traits | Out-String -Width 400) | Should -Not -Match ([regex]::Escape($Value)) }
        }

        It 'reads teleport.yaml apps, their transport, and the demo server' {
            $all = Import-TeleportResource -Path (Join-Path $ExamplesDir 'teleport.yaml')
            $apps = $all | Where-Object { $_ -is [TeleportMcp.App] }
            $apps.Name | Should -Be @('everything', 'files', 'grafana', 'wiki', 'teleport-mcp-demo')
            # 2:S1: the file also describes the App Service host that serves them.
            $agent = $all | Where-Object { $_ -is [TeleportMcp.AppServiceAgent] }
            $agent.HostName | Should -Be 'mcp-01'
            $agent.StaticApps | Should -Be @('everything', 'files', 'grafana', 'wiki', 'teleport-mcp-demo')
            ($apps | Where-Object Name -eq 'everything').Transport | Should -Be 'stdio'
            ($apps | Where-Object Name -eq 'everything').Args | Should -Be @('-y', '@modelcontextprotocol/server-everything')
            ($apps | Where-Object Name -eq 'everything').RunAsHostUser | Should -Be 'mcp-runner'
            ($apps | Where-Object Name -eq 'grafana').Transport | Should -Be 'http'
            ($apps | Where-Object Name -eq 'wiki').IsMcp | Should -BeFalse
            $demo = $apps | Where-Object Name -eq 'teleport-mcp-demo'
            $demo.Labels['teleport.internal/resource-type'] | Should -Be 'demo'
            $demo.Origin | Should -BeExactly 'McpDemoServer'
        }

        It 'reads a teleport.yaml app built from a merged template as Teleport decodes it into its structs' {
            # go-yaml v2 decodes '<<' and the keys beside it in turn into Teleport's App struct: mcp keeps the template's
            # command and host user, labels keep the template's other keys, args (a list) is replaced.
            Set-Content -LiteralPath (Join-Path $TestDrive 'merged-teleport.yaml') -Value @"
version: v3
app_service:
  enabled: true
  apps:
  - &tmpl
    name: base
    uri: 'mcp+stdio://'
    labels: {env: prod, team: ai}
    mcp: {command: npx, args: [a], run_as_host_user: mcp-runner}
  - <<: *tmpl
    name: child
    labels: {tier: gold}
    mcp: {args: [b]}
"@
            $child = Import-TeleportResource -LiteralPath (Join-Path $TestDrive 'merged-teleport.yaml') | Where-Object Name -eq 'child'
            $child.Command | Should -BeExactly 'npx'
            $child.RunAsHostUser | Should -BeExactly 'mcp-runner'
            $child.Args | Should -Be @('b')
            $child.Labels['env'] | Should -BeExactly 'prod'
            $child.Labels['team'] | Should -BeExactly 'ai'
            $child.Labels['tier'] | Should -BeExactly 'gold'
        }

        It 'refuses a teleport.yaml whose merged template and app both set a label, as Teleport does not start with it' {
            Set-Content -LiteralPath (Join-Path $TestDrive 'clash-teleport.yaml') -Value "version: v3`napp_service:`n  apps:`n  - &tmpl {name: base, uri: 'mcp+stdio://', labels: {team: ai}}`n  - <<: *tmpl`n    name: child`n    labels: {team: ml}`n"
            $r = Import-TeleportResource -LiteralPath (Join-Path $TestDrive 'clash-teleport.yaml') -ErrorVariable err -ErrorAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'DuplicateConfigKey,TeleportMcp.Commands.ImportTeleportResourceCommand'
            $err[0].Exception.Message | Should -BeLike '*app_service.apps`[1`].labels: key "team" already set in map (line 7, first set at line 4*'
        }

        It 'accepts TestDrive: paths and provider paths alike' {
            Set-Content -Path TestDrive:/r.yaml -Value "kind: role`nversion: v7`nmetadata:`n  name: r1`n"
            (Import-TeleportResource -Path TestDrive:/r.yaml).Name | Should -Be 'r1'
            (Import-TeleportResource -LiteralPath (Join-Path $TestDrive 'r.yaml')).Name | Should -Be 'r1'
        }

        It 'expands wildcards, and reads a folder at every level below it without -Recurse' {
            New-Item -ItemType Directory TestDrive:/deep/sub -Force | Out-Null
            Set-Content TestDrive:/deep/a.yaml "kind: role`nversion: v7`nmetadata: {name: top}"
            Set-Content TestDrive:/deep/sub/b.yml "kind: role`nversion: v7`nmetadata: {name: nested}"
            Set-Content TestDrive:/deep/notes.txt 'not a resource'
            (Import-TeleportResource TestDrive:/deep).Name | Should -Be @('top', 'nested')
            (Import-TeleportResource -LiteralPath (Join-Path $TestDrive 'deep')).Name | Should -Be @('top', 'nested')
            (Import-TeleportResource TestDrive:/deep/*.yaml).Name | Should -Be @('top')
        }

        It 'still accepts -Recurse, which changes nothing' {
            New-Item -ItemType Directory TestDrive:/rec/sub -Force | Out-Null
            Set-Content TestDrive:/rec/a.yaml "kind: role`nversion: v7`nmetadata: {name: top}"
            Set-Content TestDrive:/rec/sub/b.yml "kind: role`nversion: v7`nmetadata: {name: nested}"
            (Import-TeleportResource TestDrive:/rec -Recurse -ErrorAction Stop -WarningVariable w).Name | Should -Be @('top', 'nested')
            (Import-TeleportResource -LiteralPath (Join-Path $TestDrive 'rec') -Recurse).Name | Should -Be @('top', 'nested')
            $w | Should -BeNullOrEmpty
            (Get-Command Import-TeleportResource).Parameters['Recurse'].ParameterType | Should -Be ([switch])
        }

        It 'writes a role given twice once, its later definition, with the warning every cluster reader gives' {
            New-Item -ItemType Directory TestDrive:/twice/z -Force | Out-Null
            Set-Content TestDrive:/twice/a.yaml "kind: role`nversion: v8`nmetadata: {name: dev}`nspec: {allow: {mcp: {tools: [read_a]}}}"
            Set-Content TestDrive:/twice/z/b.yaml "kind: role`nversion: v8`nmetadata: {name: dev}`nspec: {allow: {mcp: {tools: [read_b]}}}"
            $r = @(Import-TeleportResource TestDrive:/twice -WarningVariable w -WarningAction SilentlyContinue)
            $r.Count | Should -Be 1
            $r[0].AllowMcpTools | Should -Be @('read_b')
            $w.Count | Should -Be 1
            "$($w[0])" | Should -BeExactly ('role "dev" was given twice; the later definition (' + (Join-Path $TestDrive 'twice/z/b.yaml') + ':1:1) is used.')
            # Test-TeleportMcpRole -Path of the same folder keeps the same definition and says the same.
            $null = Test-TeleportMcpRole -Path (Join-Path $TestDrive 'twice') -Lint -WarningVariable w2 -WarningAction SilentlyContinue
            @($w2 | ForEach-Object { "$_" }) | Should -Contain "$($w[0])"
        }

        It 'sees the same resources as Test-TeleportMcpRole -Path of the same nested folder' {
            $export = Join-Path $TestDrive 'same'
            New-Item -ItemType Directory -Force (Join-Path $export 'roles/mcp'), (Join-Path $export 'users'), (Join-Path $export 'apps') | Out-Null
            Copy-Item (Join-Path $cluster 'roles.yaml') (Join-Path $export 'roles/mcp')
            Copy-Item (Join-Path $cluster 'users.yaml') (Join-Path $export 'users')
            Copy-Item (Join-Path $cluster 'app_servers.yaml'), (Join-Path $cluster 'apps.json') (Join-Path $export 'apps')
            $imported = Import-TeleportResource $export
            ($imported | Where-Object { $_ -is [TeleportMcp.Role] }).Name | Should -Be @('access', 'mcp-developer', 'mcp-no-env-dump')
            ($imported | Where-Object { $_ -is [TeleportMcp.User] }).Name | Should -Be @('alice', 'bob', 'carol')
            $piped = $imported | Test-TeleportMcpRole -App everything | ForEach-Object { "$($_.User) $($_.App) $($_.Scope) $($_.AllowedTools -join ',') $($_.Allow.Role -join ',')" }
            $byPath = Test-TeleportMcpRole -Path $export -App everything | ForEach-Object { "$($_.User) $($_.App) $($_.Scope) $($_.AllowedTools -join ',') $($_.Allow.Role -join ',')" }
            $piped.Count | Should -Be 3
            $piped | Should -Be $byPath
            (Get-TeleportMcpServing -Path $export).App | Should -Be ($imported | Get-TeleportMcpServing).App
        }

        It 'reads a tools list that wraps to the column of its key, as Teleport does (go-yaml has no indentation rule inside [ ])' {
            Set-Content -Path TestDrive:/wrapped.yaml -Value ("kind: role`nversion: v8`nmetadata:`n  name: wrapped`nspec:`n  allow:`n    app_labels: {'*': '*'}`n" +
                "    mcp:`n      tools: [read_file,`n      write_file,`n    '^list_.*$']`n---`nkind: user`nversion: v2`nmetadata:`n  name: dana`nspec:`n  roles: [wrapped]`n")
            $role = Import-TeleportResource -Path TestDrive:/wrapped.yaml -ErrorVariable bad | Where-Object { $_ -is [TeleportMcp.Role] }
            $bad | Should -BeNullOrEmpty
            $role.AllowMcpTools | Should -Be @('read_file', 'write_file', '^list_.*$')
            $app = [TeleportMcp.App]@{ Name = 'files'; Labels = @{ env = 'dev' }; Transport = 'stdio' }
            (Test-TeleportMcpRole -Path TestDrive:/wrapped.yaml -InputObject $app -User dana -Tool write_file, list_x, delete_x).Decision |
                Should -Be @('Allowed', 'Allowed', 'NotGranted')
        }

        It 'filters by -Kind' {
            (Import-TeleportResource $cluster -Kind User).Name | Should -Be @('alice', 'bob', 'carol')
        }

        It 'binds Get-ChildItem output through PSPath' {
            $r = Get-ChildItem $cluster -Filter *.yaml | Import-TeleportResource
            @($r).Count | Should -Be 11
        }
    }

    Context 'reading the pipeline' {
        It 'reads tctl JSON output (an array) line by line from the pipeline' {
            $json = Get-Content (Join-Path $cluster 'apps.json')
            $app = $json | Import-TeleportResource
            $app.Name | Should -Be @('github', 'notion')
            $app.Transport | Should -Be @('http', 'http')
            $app[0].Source | Should -BeLike 'pipeline:*'
        }

        It 'reads a bare JSON object as older tctl printed it' {
            $bare = '{"kind":"user","version":"v2","metadata":{"name":"dave"},"spec":{"roles":["access"],"traits":{"mcp_tools":["read_*"]}}}'
            $u = $bare | Import-TeleportResource
            $u.Name | Should -Be 'dave'
            $u.McpTools | Should -Be @('read_*')
        }

        It 'reads tsh mcp ls --format json output with permissions' {
            $ls = '[{"kind":"app","sub_kind":"mcp","version":"v3","metadata":{"name":"everything","labels":{"env":"dev"}},"spec":{"uri":"mcp+stdio://","mcp":{"command":"npx","args":["-y","x"],"run_as_host_user":"u"}},"permissions":{"mcp":{"tools":{"allowed":["*"],"denied":["printEnv"]}}}}]'
            $a = $ls | Import-TeleportResource
            $a.PermittedTools | Should -Be @('*')
            $a.DeniedTools | Should -Be @('printEnv')
        }
    }

    Context 'bad input' {
        It 'reports a YAML error with file, line and column, and still reads the next document and file' {
            Set-Content TestDrive:/bad.yaml @"
kind: role
version: v7
metadata:
  name: good-one
---
kind: role
version: v7
metadata:
  name: [unclosed
---
kind: role
version: v7
metadata:
  name: good-two
"@
            Set-Content TestDrive:/next.yaml "kind: user`nversion: v2`nmetadata: {name: erin}`nspec: {roles: [access]}"
            $out = Import-TeleportResource TestDrive:/bad.yaml, TestDrive:/next.yaml -ErrorAction SilentlyContinue -ErrorVariable err
            $out.Name | Should -Be @('good-one', 'good-two', 'erin')
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'YamlParseError,TeleportMcp.Commands.ImportTeleportResourceCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ParserError'
            $err[0].ErrorDetails.Message | Should -Match 'bad\.yaml:(9|10):\d+: invalid YAML'
            # The position as data, as the error record carries it: the file as target, line, column and the line itself.
            $bad = (Resolve-Path TestDrive:/bad.yaml).ProviderPath
            $err[0].TargetObject | Should -Be $bad
            $location = $err[0].Exception.Location
            $location.Path | Should -Be $bad
            $location.Line | Should -BeIn 9, 10
            $location.Column | Should -BeGreaterThan 0
            $err[0].Exception.LineText | Should -Be (Get-Content TestDrive:/bad.yaml)[$location.Line - 1]
        }

        It 'refuses a YAML file that is not UTF-8 at the byte''s place, reads the next file, and warns of an empty one' {
            $bytes = [Text.Encoding]::UTF8.GetBytes("kind: role`nversion: v7`nmetadata: {name: bad") + [byte[]](0xFF) + [Text.Encoding]::UTF8.GetBytes("name}`n")
            [IO.File]::WriteAllBytes((Join-Path $TestDrive 'latin.yaml'), $bytes)
            Set-Content TestDrive:/fine.yaml "kind: user`nversion: v2`nmetadata: {name: erin}`nspec: {roles: [access]}"
            Set-Content TestDrive:/blank.yaml "# nothing yet"
            $out = Import-TeleportResource TestDrive:/latin.yaml, TestDrive:/fine.yaml, TestDrive:/blank.yaml -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue -WarningVariable warn
            $out.Name | Should -Be @('erin')
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('InvalidUtf8,TeleportMcp.Commands.ImportTeleportResourceCommand')
            $err[0].Exception.Location.Line | Should -Be 3
            $err[0].Exception.Location.Column | Should -Be 21
            $err[0].Exception.Message | Should -BeLike '*latin.yaml:3:21: byte 0xFF is not UTF-8*nothing in it was read'
            @($warn | ForEach-Object { "$_" }) | Should -Contain ((Resolve-Path TestDrive:/blank.yaml).ProviderPath + ': the file holds no document (it is empty, or only comments and blank lines)')
        }

        It 'reports a JSON error with line and column' {
            Set-Content TestDrive:/bad.json "[`n  {`"kind`": `"role`",`n   `"version`": `"v7`" `"metadata`": {}}`n]"
            Import-TeleportResource TestDrive:/bad.json -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'JsonParseError,TeleportMcp.Commands.ImportTeleportResourceCommand'
            $err[0].ErrorDetails.Message | Should -Match 'bad\.json:3:\d+: invalid JSON'
        }

        It 'refuses an unsupported role version with Teleport''s words' {
            Set-Content TestDrive:/v10.yaml "kind: role`nversion: v10`nmetadata: {name: future}"
            Import-TeleportResource TestDrive:/v10.yaml -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'UnsupportedRoleVersion,TeleportMcp.Commands.ImportTeleportResourceCommand'
            $err[0].ErrorDetails.Message | Should -BeLike '*v10.yaml:2:*role version "v10" is not supported'
        }

        It 'reports scoped roles and assignments at their document and reads the rest' {
            # api/proto/teleport/scopes/access/v1/role.proto @041cff39 (no MCP field); lib/srv/app/connections_handler.go @0009d93e
            Set-Content TestDrive:/scoped.yaml "kind: scoped_role`nversion: v1`nmetadata: {name: reader}`nspec: {app: {labels: [{name: env, values: [dev]}]}}`n---`nkind: scoped_role_assignment`nversion: v1`nmetadata: {name: a1}`nspec: {user: alice, assignments: [{role: reader, scope: /dev}]}`n---`nkind: role`nversion: v8`nmetadata: {name: dev}`nspec: {allow: {app_labels: {env: dev}}}"
            $r = @(Import-TeleportResource TestDrive:/scoped.yaml -WarningVariable w -WarningAction SilentlyContinue)
            # The assignment is written (api/proto/teleport/scopes/access/v1/assignment.proto @093d75af), in its place; the scoped role is not.
            @($r | ForEach-Object { $_.GetType().Name + ':' + $_.Name }) | Should -Be @('ScopedRoleAssignment:a1', 'Role:dev')
            $r[0].AssignedUser | Should -BeExactly 'alice'
            @($r[0].Assignments | ForEach-Object { $_.Role + '@' + $_.Scope }) | Should -Be @('reader@/dev')
            $r[0].Source | Should -BeLike '*scoped.yaml:6:*'
            @(Import-TeleportResource TestDrive:/scoped.yaml -Kind ScopedRoleAssignment -WarningAction SilentlyContinue).Name | Should -Be @('a1')
            @(Import-TeleportResource TestDrive:/scoped.yaml -Kind Role -WarningAction SilentlyContinue).Name | Should -Be @('dev')
            # The commands that take the whole stream leave it out, typed or as a copy, as they leave out roles.
            $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($r[0]))
            $null = $r[0], $copy | Get-TeleportMcpServing -ErrorVariable servingErr -ErrorAction SilentlyContinue
            @($servingErr | Where-Object FullyQualifiedErrorId -clike 'InvalidPipelineInput,*') | Should -BeNullOrEmpty
            $null = $r[0], $copy | Test-TeleportMcpApp -ErrorVariable appErr -ErrorAction SilentlyContinue
            @($appErr | Where-Object FullyQualifiedErrorId -clike 'InvalidPipelineInput,*') | Should -BeNullOrEmpty
            @($w).Count | Should -Be 2
            "$($w[0])" | Should -BeLike '*scoped.yaml:1:*scoped_role "reader" is not evaluated*grant no MCP tools*'
            "$($w[1])" | Should -BeLike '*scoped.yaml:6:*scoped_role_assignment "a1" of user "alice" is not evaluated*not supported for scoped identities*'
        }

        It 'reads a v9 role with its app_resources, and refuses app_resources below v9 at their line' {
            # api/types/appresources_test.go TestAppResourcesRequireV9 (Teleport master, PR #68736)
            Set-Content TestDrive:/v9.yaml "kind: role`nversion: v9`nmetadata: {name: web}`nspec:`n  allow:`n    app_labels: {env: dev}`n    app_resources:`n    - allow_all: true`n---`nkind: role`nversion: v8`nmetadata: {name: old}`nspec:`n  allow:`n    app_resources: [{allow_all: true}]"
            $roles = @(Import-TeleportResource TestDrive:/v9.yaml -ErrorAction SilentlyContinue -ErrorVariable err)
            $roles.Count | Should -Be 1
            $roles[0].Version | Should -BeExactly 'v9'
            $roles[0].AllowAppResources | Should -BeExactly @('allow_all')
            $err.Count | Should -Be 1
            $err[0].ErrorDetails.Message | Should -BeLike '*v9.yaml:15:*spec.allow.app_resources and spec.allow.app_resources_expressions need role version "v9", not "v8"*'
        }

        It 'reads app_auth_configs with their apps, issuer and key source' {
            $c = Import-TeleportResource (Join-Path $ExamplesDir 'app-auth') -Kind AppAuthConfig -WarningAction SilentlyContinue -WarningVariable warn
            # PR #69528 removed the kind before any release: said once for the file, at its first app_auth_config
            @($warn).Count | Should -Be 1
            "$($warn[0])" | Should -BeLike "*app-auth-configs.yaml:5:1: TMCP-LOG-264 No Teleport release accepts kind app_auth_config: *"
            $c.Name | Should -Be @('chat-bot', 'lab')
            $c[0].PSObject.TypeNames[0] | Should -Be 'TeleportMcp.AppAuthConfig'
            "$($c[0].AppLabels)" | Should -BeExactly 'teleport.internal/app-sub-kind: mcp'
            $c[0].KeySource | Should -BeExactly 'JwksUrl'
            $c[0].UsernameClaimInEffect | Should -BeExactly 'preferred_username'
            $c[1].KeySource | Should -BeExactly 'StaticJwks'
            $c[1].HasStaticJwks | Should -BeTrue
            $c[1].UsernameClaimInEffect | Should -BeExactly 'email'
            # The key set itself is never a property.
            ($c[1] | ConvertTo-Json -Depth 5) | Should -Not -Match 'ES256'
        }

        # api/types/metadata.go Metadata.CheckAndSetDefaults (index id 560505390): "invalid label key: %q"; api/types/app.go
        # AppV3.CheckAndSetDefaults (id 127154666) for spec.dynamic_labels. Read with no error before (06786180).
        It 'refuses an app whose label key Teleport refuses (<Case>), at the key, and reads the app beside it' -ForEach @(
            @{ Case = 'metadata.labels'; Doc = "kind: app`nversion: v3`nmetadata:`n  name: bad`n  labels:`n    env: dev`n    `"a b`": dev`nspec: {uri: 'http://localhost:1'}"; Line = 7; Column = 5; Text = 'invalid label key: "a b"' }
            @{ Case = 'spec.dynamic_labels'; Doc = "kind: app`nversion: v3`nmetadata: {name: bad}`nspec:`n  uri: http://localhost:1`n  dynamic_labels:`n    `"up time`": {command: [uptime], period: 1m}"; Line = 7; Column = 5; Text = 'app "bad" invalid label key: "up time"' }
        ) {
            Set-Content TestDrive:/labelkey.yaml "$Doc`n---`nkind: app`nversion: v3`nmetadata: {name: good, labels: {env: dev}}`nspec: {uri: 'http://localhost:1'}"
            $r = @(Import-TeleportResource TestDrive:/labelkey.yaml -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue)
            $r.Name | Should -BeExactly @('good')
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('InvalidResource,TeleportMcp.Commands.ImportTeleportResourceCommand')
            $err[0].Exception.Location.Line | Should -Be $Line
            $err[0].Exception.Location.Column | Should -Be $Column
            $err[0].Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($Text))"
        }

        # lib/service/service.go initApps builds each teleport.yaml app with types.NewAppV3; api/types/app.go
        # AppV3.CheckAndSetDefaults (index id 127154666) refuses a label key outside IsValidLabelKey and the App Service ends.
        # Read with no error before (beb9ad78).
        It 'refuses the App Service of a teleport.yaml whose app has a label key Teleport refuses (<Case>), at the key, and reads every app' -ForEach @(
            @{ Case = 'labels, block'; Entry = "    labels:`n      `"a b`": x"; Line = 10; Column = 7; Text = 'invalid label key: "a b"' }
            @{ Case = 'labels, flow'; Entry = "    labels: {`"`": x}"; Line = 9; Column = 14; Text = 'invalid label key: ""' }
            @{ Case = 'commands[].name'; Entry = "    commands:`n    - {name: 'up time', command: [uptime]}"; Line = 10; Column = 14; Text = 'app "a" invalid label key: "up time"' }
        ) {
            Set-Content TestDrive:/teleport.yaml "version: v3`nteleport:`n  nodename: app-1`napp_service:`n  enabled: true`n  apps:`n  - name: a`n    uri: mcp+http://127.0.0.1:8/mcp`n$Entry`n  - name: other`n    uri: mcp+http://127.0.0.1:9/mcp"
            $r = @(Import-TeleportResource TestDrive:/teleport.yaml -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue)
            @($r | Where-Object { $_ -is [TeleportMcp.App] } | ForEach-Object Name) | Should -BeExactly @('a', 'other')
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('InvalidResource,TeleportMcp.Commands.ImportTeleportResourceCommand')
            $err[0].Exception.Location.Line | Should -Be $Line
            $err[0].Exception.Location.Column | Should -Be $Column
            $err[0].Exception.Message | Should -BeLike "*: $([WildcardPattern]::Escape($Text)): Teleport does not start the App Service with this teleport.yaml*"
        }

        # go-yaml v2 parserc.go (index id 12473954594) refuses a ':' with no key: yaml_parser_parse_node in a flow collection,
        # yaml_parser_parse_block_mapping_key at a block mapping's start. Before (beb9ad78): a null-key error, or nothing.
        It 'refuses a document holding a colon with no key, as Teleport reads YAML, at the colon (<Case>)' -ForEach @(
            @{ Case = 'flow'; Labels = '  labels: {env: dev, : x}'; Line = 5; Column = 22; Text = 'invalid YAML: did not find expected node content' }
            @{ Case = 'block'; Labels = "  labels:`n    : x"; Line = 6; Column = 5; Text = 'invalid YAML: did not find expected key' }
        ) {
            Set-Content TestDrive:/nokey.yaml "kind: role`nversion: v7`nmetadata:`n  name: r`n$Labels`nspec: {}`n---`nkind: role`nversion: v7`nmetadata: {name: good}`nspec: {}"
            $r = @(Import-TeleportResource TestDrive:/nokey.yaml -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue)
            $r.Name | Should -BeExactly @('good')
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('YamlParseError,TeleportMcp.Commands.ImportTeleportResourceCommand')
            $err[0].Exception.Location.Line | Should -Be $Line
            $err[0].Exception.Location.Column | Should -Be $Column
            $err[0].Exception.Message | Should -BeLike "*: $([WildcardPattern]::Escape($Text))*"
        }

        It 'refuses an app_auth_config Teleport refuses, with its text at the field (<Case>)' -ForEach @(
            @{ Case = 'version'; Spec = "version: v2`nmetadata: {name: c}`nspec:`n  app_labels: [{name: env, values: [dev]}]`n  jwt: {issuer: i, audience: a, jwks_url: 'https://x/k'}"; Line = 2
                Text = 'app auth config only supports version "v1", got "v2"' }
            @{ Case = 'wildcard'; Spec = "version: v1`nmetadata: {name: c}`nspec:`n  app_labels: [{name: '*', values: [dev]}]`n  jwt: {issuer: i, audience: a, jwks_url: 'https://x/k'}"; Line = 5
                Text = 'invalid app auth config spec.app_labels: selector *:dev is not supported, a wildcard label key may only be used with a wildcard label value' }
            @{ Case = 'both key sources'; Spec = "version: v1`nmetadata: {name: c}`nspec:`n  app_labels: [{name: env, values: [dev]}]`n  jwt:`n    issuer: i`n    audience: a`n    jwks_url: https://x/k`n    static_jwks: '{}'"; Line = 10
                Text = 'error parsing "static_jwks", oneof teleport.appauthconfig.v1.AppAuthConfigJWTSpec.keys_source is already set' }
            @{ Case = 'no key source'; Spec = "version: v1`nmetadata: {name: c}`nspec:`n  app_labels: [{name: env, values: [dev]}]`n  jwt:`n    issuer: i`n    audience: a"; Line = 7
                Text = 'app auth config spec.jwt.jwks_url or spec.jwt.static_jwks must be provided' }
            # protojson unmarshalScalar: sigs.k8s.io/yaml turns an unquoted 123 or on into a JSON number or boolean, which a string refuses
            @{ Case = 'unquoted number'; Spec = "version: v1`nmetadata: {name: c}`nspec:`n  app_labels: [{name: env, values: [dev]}]`n  jwt:`n    issuer: i`n    audience: 123`n    jwks_url: https://x/k"; Line = 8
                Text = 'invalid value for string field audience: 123' }
            @{ Case = 'unquoted boolean label value'; Spec = "version: v1`nmetadata: {name: c}`nspec:`n  app_labels: [{name: env, values: [dev, on]}]`n  jwt: {issuer: i, audience: a, jwks_url: 'https://x/k'}"; Line = 5
                Text = 'invalid value for string field values: true' }
        ) {
            Set-Content TestDrive:/aac.yaml "kind: app_auth_config`n$Spec"
            Import-TeleportResource TestDrive:/aac.yaml -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue -WarningVariable warn | Should -BeNullOrEmpty
            "$(@($warn))" | Should -BeLike "*aac.yaml:1:1: TMCP-LOG-264 No Teleport release accepts kind app_auth_config: *"
            @($warn).Count | Should -Be 1
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('InvalidAppAuthConfig,TeleportMcp.Commands.ImportTeleportResourceCommand')
            $err[0].Exception.Location.Line | Should -Be $Line
            $err[0].ErrorDetails.Message | Should -BeLike "*is refused by Teleport (tctl create): `"$([WildcardPattern]::Escape($Text))`"; it was left out"
        }

        It 'keeps an app_auth_config with which no token can be verified, with a warning' {
            Set-Content TestDrive:/never.yaml "kind: app_auth_config`nversion: v1`nmetadata: {name: c}`nspec:`n  app_labels: [{name: env, values: [dev]}]`n  jwt:`n    issuer: i`n    audience: a`n    jwks_url: idp.example.com/keys"
            $c = Import-TeleportResource TestDrive:/never.yaml -WarningAction SilentlyContinue -WarningVariable warn
            $c.Name | Should -Be 'c'
            @($warn).Count | Should -Be 2
            "$($warn[0])" | Should -BeLike "*never.yaml:1:1: TMCP-LOG-264 No Teleport release accepts kind app_auth_config: *"
            "$($warn[1])" | Should -BeLike '*never.yaml:9:*Teleport accepts spec.jwt.jwks_url as written, but fails every token check on it: the key set is never fetched, with an error that ends in "unsupported protocol scheme """*'
        }

        It 'warns of a key set or a jwks_url with which no token can be verified, with the reason (<Case>)' -ForEach @(
            # go-jose jwk.go rsaPublicKey: one key go-jose refuses fails the whole set
            @{ Case = 'RSA key without n'; Source = "static_jwks: '{`"keys`": [{`"kty`": `"RSA`", `"alg`": `"RS256`", `"e`": `"AQAB`"}]}'"
                Text = '*fails every token check on it with "unable to parse JWKS contents" (keys`[0`]: go-jose/go-jose: invalid RSA key, missing n/e values)*' }
            # go-jose v4 jwk.go ecPublicKey: the point must lie on the declared curve (P-256's generator with its y changed)
            @{ Case = 'EC point off its curve'; Source = "static_jwks: '{`"keys`": [{`"kty`": `"EC`", `"crv`": `"P-256`", `"alg`": `"ES256`", `"kid`": `"k1`", `"x`": `"axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY`", `"y`": `"U-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU`"}]}'"
                Text = '*fails every token check on it with "unable to parse JWKS contents" (keys`[0`]: go-jose/go-jose: invalid EC key, X/Y are not on declared curve)*' }
            # go-jose shared.go parseCertificateChain -> crypto/x509 ParseCertificate: a byte after the certificate (go-jose v4.1.4 with Go 1.24 and 1.25)
            @{ Case = 'a byte after the x5c certificate'; Source = "static_jwks: '{`"keys`": [{`"kty`": `"EC`", `"crv`": `"P-256`", `"alg`": `"ES256`", `"kid`": `"k1`", `"x`": `"rtY3J0cTfqAk3mzaoJzGxpBToDcAYGXYzoBJIi1vX0o`", `"y`": `"H1kLKSkvxhaacBKDELrUpk24H7u6OJCUX7TSyF3VTKo`", `"x5c`": [`"MIHDMIGvoAMCAQICAQEwCgYIKoZIzj0EAwIwDTELMAkGA1UEAxMCY2EwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAwMDAwWjAPMQ0wCwYDVQQDDARsZWFmMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAErtY3J0cTfqAk3mzaoJzGxpBToDcAYGXYzoBJIi1vX0ofWQspKS/GFppwEoMQutSmTbgfu7o4kJRftNLIXdVMqjAKBggqhkjOPQQDAgMDADAAAA==`"]}]}'"
                Text = '*fails every token check on it with "unable to parse JWKS contents" (keys`[0`]: go-jose/go-jose: failed to unmarshal x5c field: x509: trailing data)*' }
            # go-jose v4 signing.go Verify -> jwk.go tryJWKS: the key is the one with the token's kid; keys without one verify nothing
            @{ Case = 'no key has a kid'; Source = "static_jwks: '{`"keys`": [{`"kty`": `"oct`", `"alg`": `"HS256`", `"k`": `"AQAB`"}]}'"
                Text = '*fails every token check on it: no key has a kid: go-jose picks the key by the kid in the token''s header*' }
            # net/http NewRequest: url.Parse's error is the whole error
            @{ Case = 'space in the host'; Source = 'jwks_url: https://idp example.com/keys'
                Text = '*fails every token check on it with "parse "https://idp example.com/keys": invalid character " " in host name"*' }
        ) {
            Set-Content TestDrive:/keys.yaml "kind: app_auth_config`nversion: v1`nmetadata: {name: c}`nspec:`n  app_labels: [{name: env, values: [dev]}]`n  jwt:`n    issuer: i`n    audience: a`n    $Source"
            $c = Import-TeleportResource TestDrive:/keys.yaml -WarningAction SilentlyContinue -WarningVariable warn
            $c.Name | Should -Be 'c'
            @($warn).Count | Should -Be 2
            "$($warn[0])" | Should -BeLike "*keys.yaml:1:1: TMCP-LOG-264 No Teleport release accepts kind app_auth_config: *"
            "$($warn[1])" | Should -BeLike $Text
        }

        # PR #69528 (gravitational/teleport) removed app_auth_config before any release; tctl create answers 'creating resources
        # of type "app_auth_config" is not supported' (tool/tctl/common/resource_command.go). One warning per input, at its
        # first app_auth_config, and the documents beside it are read.
        It 'says once per input that no Teleport release accepts app_auth_config, and reads the documents beside it (<Case>)' -ForEach @(
            @{ Case = 'YAML'; Name = 'mixed.yaml'; At = '5:1'
                Text = "kind: role`nversion: v7`nmetadata: {name: r}`n---`nkind: app_auth_config`nversion: v1`nmetadata: {name: a1}`nspec:`n  app_labels: [{name: env, values: [dev]}]`n  jwt: {issuer: i, audience: a, jwks_url: 'https://x/k'}`n---`nkind: app_auth_config`nversion: v1`nmetadata: {name: a2}`nspec:`n  app_labels: [{name: env, values: [dev]}]`n  jwt: {issuer: i, audience: a, jwks_url: 'https://x/k'}`n---`nkind: app`nversion: v3`nmetadata: {name: web}`nspec: {uri: 'mcp+https://10.0.0.5/mcp'}" }
            @{ Case = 'tctl JSON'; Name = 'mixed.json'; At = '1:57'
                Text = '[{"kind":"role","version":"v7","metadata":{"name":"r"}},{"kind":"app_auth_config","version":"v1","metadata":{"name":"a1"},"spec":{"app_labels":[{"name":"env","values":["dev"]}],"jwt":{"issuer":"i","audience":"a","jwks_url":"https://x/k"}}},{"kind":"app_auth_config","version":"v1","metadata":{"name":"a2"},"spec":{"app_labels":[{"name":"env","values":["dev"]}],"jwt":{"issuer":"i","audience":"a","jwks_url":"https://x/k"}}},{"kind":"app","version":"v3","metadata":{"name":"web"},"spec":{"uri":"mcp+https://10.0.0.5/mcp"}}]' }
        ) {
            Set-Content "TestDrive:/$Name" $Text
            Set-Content TestDrive:/refused.yaml "kind: app_auth_config`nversion: v2`nmetadata: {name: bad}"
            $r = Import-TeleportResource "TestDrive:/$Name", TestDrive:/refused.yaml -WarningAction SilentlyContinue -WarningVariable warn -ErrorAction SilentlyContinue -ErrorVariable err
            $r.Name | Should -Be @('r', 'a1', 'a2', 'web')
            @($warn).Count | Should -Be 2
            "$($warn[0])" | Should -BeLike "$(Join-Path $TestDrive $Name):$($At): TMCP-LOG-264 No Teleport release accepts kind app_auth_config: *PR #69528*'creating resources of type `"app_auth_config`" is not supported'*said once per input*"
            "$($warn[1])" | Should -BeLike "$(Join-Path $TestDrive 'refused.yaml'):1:1: TMCP-LOG-264 *"
            # what master before the removal did is still said: the refused config's own error
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('InvalidAppAuthConfig,TeleportMcp.Commands.ImportTeleportResourceCommand')
        }

        It 'skips other kinds with a verbose message' {
            Set-Content TestDrive:/mixed.yaml "kind: node`nversion: v2`nmetadata: {name: web1}`n---`nkind: role`nversion: v7`nmetadata: {name: r}"
            $v = Import-TeleportResource TestDrive:/mixed.yaml -Verbose 4>&1
            ($v | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "$(Join-Path $TestDrive 'mixed.yaml'):1:1: skipped kind `"node`" (web1): only role, user, app, app_server and app_auth_config are read"
            ($v | Where-Object { $_ -is [TeleportMcp.Role] }).Name | Should -Be 'r'
        }

        It 'reports a missing path as ObjectNotFound and goes on' {
            Set-Content TestDrive:/ok.yaml "kind: role`nversion: v7`nmetadata: {name: ok}"
            $r = Import-TeleportResource TestDrive:/missing.yaml, TestDrive:/ok.yaml -ErrorAction SilentlyContinue -ErrorVariable err
            $r.Name | Should -Be 'ok'
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'PathNotFound,TeleportMcp.Commands.ImportTeleportResourceCommand'
        }

        It 'reads UTF-16 files written by Windows PowerShell redirection' {
            $p = Join-Path $TestDrive 'utf16.yaml'
            [IO.File]::WriteAllText($p, "kind: role`r`nversion: v7`r`nmetadata:`r`n  name: from-windows`r`n", [Text.Encoding]::Unicode)
            (Import-TeleportResource -LiteralPath $p).Name | Should -Be 'from-windows'
        }
    }

    Context 'serialization' {
        It 'keeps properties through Export-Clixml and Import-Clixml' {
            $role = Import-TeleportResource (Join-Path $cluster 'roles.yaml') | Where-Object Name -eq 'mcp-developer'
            $role | Export-Clixml TestDrive:/role.xml
            $back = Import-Clixml TestDrive:/role.xml
            $back.PSObject.TypeNames[0] | Should -Be 'Deserialized.TeleportMcp.Role'
            $back.AllowMcpTools | Should -Be $role.AllowMcpTools
            @($back.AllowAppLabels['env']) | Should -Be @('dev', 'staging')
            $back.Source | Should -Be $role.Source
        }

        It 'keeps properties through ConvertTo-Json' {
            $user = Import-TeleportResource (Join-Path $cluster 'users.yaml') | Where-Object Name -eq 'bob'
            $back = $user | ConvertTo-Json | ConvertFrom-Json
            $back.Name | Should -Be 'bob'
            $back.Roles | Should -Be @('access', 'mcp-no-env-dump')
            $back.McpTools | Should -Be @('*')
            $back.Traits.logins | Should -Be @('bob')
        }

        It 'has a table view for each type' {
            foreach ($t in 'TeleportMcp.Role', 'TeleportMcp.User', 'TeleportMcp.App') {
                Get-FormatData -TypeName $t | Should -Not -BeNullOrEmpty
            }
            (Import-TeleportResource (Join-Path $cluster 'users.yaml') | Out-String) | Should -Match 'McpTools'
        }
    }
}

Describe 'Ctrl+C inside one huge resource file' {
    BeforeAll {
        # One role document of about 2 MB (one list of label values): no document boundary to stop at.
        $script:HugeRole = Join-Path $TestDrive 'huge-role.yaml'
        $sb = [Text.StringBuilder]::new("kind: role`nversion: v8`nmetadata:`n  name: huge`nspec:`n  allow:`n    app_labels:`n      env:`n")
        for ($i = 0; $i -lt 80000; $i++) { $null = $sb.Append('        - value-').Append($i).Append("`n") }
        [IO.File]::WriteAllText($HugeRole, $sb.ToString())

        # Runs the command in its own runspace; with -StopAfterMs it is stopped then, and the time Stop() took is returned.
        function script:Invoke-Stoppable([scriptblock] $Script, [int] $StopAfterMs = -1) {
            $ps = [powershell]::Create()
            try {
                # One script (no batch of statements: stopping a batch races its disposal inside PowerShell).
                $null = $ps.AddScript({
                        param($ModulePath, $Body, $File)
                        Import-Module $ModulePath
                        & ([scriptblock]::Create($Body)) $File
                    }).AddArgument((Join-Path $ModuleDir 'TeleportMcp.psd1')).AddArgument($Script.ToString()).AddArgument($HugeRole)
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $async = $ps.BeginInvoke()
                if ($StopAfterMs -lt 0) {
                    $null = $ps.EndInvoke($async)
                    return [pscustomobject]@{ Ms = $clock.ElapsedMilliseconds; State = $ps.InvocationStateInfo.State; Running = $false }
                }
                Start-Sleep -Milliseconds $StopAfterMs
                $running = -not $async.IsCompleted
                $clock.Restart()
                $ps.Stop()
                [pscustomobject]@{ Ms = $clock.ElapsedMilliseconds; State = $ps.InvocationStateInfo.State; Running = $running }
            }
            finally { $ps.Dispose() }
        }
    }

    It '<Name> stops inside the document, long before the read would end' -ForEach @(
        @{ Name = 'Import-TeleportResource -Path'; Script = { param($f) Import-TeleportResource -Path $f } }
        @{ Name = 'Get-Content | Import-TeleportResource'; Script = { param($f) Get-Content -Raw $f | Import-TeleportResource } }
        @{ Name = 'Test-TeleportMcpRole -Path'; Script = { param($f) Test-TeleportMcpRole -Path $f -UserName a -UserRole huge -AppLabels @{ env = 'x' } } }
        @{ Name = 'Invoke-TeleportMcpDiagnosis -ClusterPath'; Script = { param($f) Invoke-TeleportMcpDiagnosis -ClusterPath $f -SkipClient } }
    ) {
        # The whole read, measured in this run: the stop must come back in a small part of it (a ratio, not a fixed time).
        # The faster of two whole reads: the first also pays for loading and compiling the code, which the stopped run does not.
        # Both sides are times on a machine whose load changes from one moment to the next (CI: 2 cores, other jobs beside):
        # a round where the read was over before the stop, or where the stop met a burst of load, is measured again. A stop
        # that waits for the read comes back after about 3/4 of it (the stop comes at a quarter at most), in every round.
        foreach ($round in 1..3) {
            $full = @(Invoke-Stoppable $Script; Invoke-Stoppable $Script) | Sort-Object Ms | Select-Object -First 1
            $full.State | Should -Be 'Completed'
            $stopped = Invoke-Stoppable $Script -StopAfterMs ([Math]::Min(300, [int]($full.Ms / 4)))
            if ($stopped.Running -and $stopped.State -eq 'Stopped' -and $stopped.Ms -lt ($full.Ms / 3)) { break }
        }
        $stopped.Running | Should -BeTrue -Because 'the read of the huge document was still going when the stop came'
        $stopped.State | Should -Be 'Stopped'
        $stopped.Ms | Should -BeLessThan ($full.Ms / 3) -Because "a full read took $($full.Ms) ms; the stop took $($stopped.Ms) ms"
    }
}
