BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $cluster = Join-Path $ExamplesDir 'cluster'
    $config = Join-Path $ExamplesDir 'teleport.yaml'
    $all = Import-TeleportResource $cluster, $config
}

Describe 'Test-TeleportMcpRole' {
    Context 'decisions' {
        It 'runs the composed pipeline and explains why alice gets no tools' {
            $r = Import-TeleportResource $cluster | Test-TeleportMcpRole -User alice -App everything -Tool search_files
            $r.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.ToolAccess'
            $r.Decision | Should -Be 'NotGranted'
            $r.Allowed | Should -BeFalse
            $r.Reason | Should -BeLike 'role access grants tools from {{internal.mcp_tools}}, but alice has no mcp_tools trait*'
            $r.DroppedEntries[0].Entry | Should -Be '{{internal.mcp_tools}}'
            $r.DroppedEntries[0].Silent | Should -BeTrue
        }

        It 'grants the preset mcp-user role every tool on every MCP server, by the label each carries (docs configure-user-rbac.mdx)' {
            Set-Content TestDrive:/preset.yaml @"
kind: role
version: v8
metadata:
  name: mcp-user
  labels: {teleport.internal/resource-type: preset}
spec:
  allow:
    app_labels: {'teleport.internal/app-sub-kind': 'mcp'}
    mcp: {tools: ['*']}
"@
            $r = Import-TeleportResource TestDrive:/preset.yaml, $cluster | Test-TeleportMcpRole -UserName dana -UserRole mcp-user -App everything -Tool search_files, printEnv
            $r.Decision | Should -Be @('Allowed', 'Allowed')
            (Test-TeleportMcpRole -Path TestDrive:/preset.yaml -UserName dana -UserRole mcp-user -AppLabels @{ env = 'dev' } -Tool read_file).Decision | Should -Be 'Allowed'
        }

        It 'gives bob every tool except the denied ones, naming the entries' {
            $r = $all | Test-TeleportMcpRole -User bob -App everything -Tool search_files, printEnv, get-env
            $r.Decision | Should -Be @('Allowed', 'Denied', 'Denied')
            $r[0].AllowedBy[0].Role | Should -Be 'access'
            $r[0].AllowedBy[0].Written | Should -Be '{{internal.mcp_tools}}'
            $r[0].AllowedBy[0].Effective | Should -Be '*'
            $r[1].DeniedBy[0].Role | Should -Be 'mcp-no-env-dump'
            $r[1].Reason | Should -BeLike '*denies printEnv on every MCP server*'
        }

        It 'shows an entry filled from a secret-named trait masked in every property, and an ordinary trait as it is' {
            $f = Join-Path $TestDrive 'secret-trait.yaml'
            Set-Content -Path $f -Value @"
kind: role
version: v7
metadata: {name: r}
spec:
  allow:
    app_labels: {'*': '*'}
    mcp:
      tools: ['{{external.api_token}}', '{{internal.mcp_tools}}']
---
kind: user
version: v2
metadata: {name: alice}
spec: {roles: [r], traits: {api_token: [plainvalue123], mcp_tools: ['read_*']}}
---
kind: app
version: v3
metadata: {name: notion}
spec: {uri: 'mcp+https://mcp.notion.com/mcp'}
"@
            $d = Test-TeleportMcpRole -Path $f -User alice -App notion -Tool plainvalue123, read_file
            $d.Decision | Should -Be @('Allowed', 'Allowed')
            $d[0].AllowedBy[0].Written | Should -BeExactly '{{external.api_token}}'
            $d[0].AllowedBy[0].Effective | Should -BeExactly '<redacted>'
            $d[1].AllowedBy[0].Effective | Should -BeExactly 'read_*'
            $s = Test-TeleportMcpRole -Path $f -User alice -App notion
            $s.AllowedTools | Should -Be @('<redacted>', 'read_*')
            $s.Reason | Should -BeExactly 'alice gets the tools on notion that match "<redacted>", "read_*".'
            ($d[0].AllowedBy | ConvertTo-Json -Depth 5) | Should -Not -Match 'plainvalue123'
            ($s | ConvertTo-Json -Depth 5) | Should -Not -Match 'plainvalue123'
        }

        It 'shows that an unanchored regex is matched literally' {
            $r = $all | Test-TeleportMcpRole -User carol -App everything -Tool get_file, list_files, write_file
            $r.Decision | Should -Be @('NotGranted', 'Allowed', 'Denied')
            $r[0].Reason | Should -BeLike '*is matched literally because a regex needs both ^ and $*'
        }

        It 'refuses a server that no role selects' {
            $r = $all | Test-TeleportMcpRole -User carol -App grafana -Tool search_files
            $r.Decision | Should -Be 'AppNotAccessible'
        }

        It 'summarises every user on a server without -Tool' {
            $s = $all | Test-TeleportMcpRole -App everything
            $s[0].PSObject.TypeNames[0] | Should -Be 'TeleportMcp.McpAccessSummary'
            $s.User | Should -Be @('alice', 'bob', 'carol')
            $s.Scope | Should -Be @('None', 'Limited', 'Limited')
            ($s | Where-Object User -eq bob).DeniedTools | Should -Be @('printEnv', 'get-env')
        }

        It 'takes a User object bound by property name as that user, not as a name to look up' {
            $bob = $all | Where-Object { $_ -is [TeleportMcp.User] -and $_.Name -eq 'bob' }
            $dana = [TeleportMcp.User]@{ Name = 'dana'; Roles = $bob.Roles; Traits = $bob.Traits }
            $r = [pscustomobject]@{ User = $dana } | Test-TeleportMcpRole -Path $cluster, $config -App everything -Tool printEnv -ErrorVariable bindErrors
            $bindErrors | Should -BeNullOrEmpty
            $r.User | Should -Be 'dana'
            $r.Decision | Should -Be ([pscustomobject]@{ User = 'bob' } | Test-TeleportMcpRole -Path $cluster, $config -App everything -Tool printEnv).Decision
        }

        It 'accepts an ad-hoc user and ad-hoc app labels' {
            $r = Test-TeleportMcpRole -Path $cluster -UserName dana -UserRole access -Traits @{ mcp_tools = 'read_*' } -AppLabels @{ env = 'dev' } -Tool read_file, write_file
            $r.Decision | Should -Be @('Allowed', 'NotGranted')
            $r[0].App | Should -Be '(AppLabels)'
        }

        It 'shows the table view with the decision' {
            ($all | Test-TeleportMcpRole -User bob -App everything -Tool printEnv | Out-String -Width 200) | Should -Match 'Decision'
        }

        It 'survives ConvertTo-Json and Export-Clixml' {
            $r = $all | Test-TeleportMcpRole -User bob -App everything -Tool search_files
            ($r | ConvertTo-Json -Depth 4 | ConvertFrom-Json).AllowedBy[0].Effective | Should -Be '*'
            $r | Export-Clixml TestDrive:/r.xml
            (Import-Clixml TestDrive:/r.xml).Decision | Should -Be 'Allowed'
        }
    }

    Context '-Verbose and -Debug' {
        It 'tells what was read, which roles count for the app and why, and which rule decided' {
            $v = @(Test-TeleportMcpRole -Path (Join-Path $ExamplesDir 'cluster') -User alice, bob -App everything -Tool search_files, printEnv -Verbose 4>&1 |
                    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            ($v | Where-Object { $_ -like 'Read * file(s) from -Path*: 3 role(s), 3 user(s), * app(s).' }) | Should -Not -BeNullOrEmpty
            ($v | Where-Object { $_ -like 'user alice - roles *' }) | Should -Not -BeNullOrEmpty
            ($v | Where-Object { $_ -like 'alice on everything - allow rules counted from *' }) | Should -Not -BeNullOrEmpty
            ($v | Where-Object { $_ -like 'bob, everything, printEnv - Denied (denied by *deny.mcp.tools*' }) | Should -Not -BeNullOrEmpty
            ($v | Where-Object { $_ -like 'alice, everything, search_files - NotGranted (no allow entry matched)' }) | Should -Not -BeNullOrEmpty
        }

        It 'writes the engine''s steps to the debug stream' {
            # -Debug would ask (Inquire) in this non-interactive host; the preference shows the same records.
            $DebugPreference = 'Continue'
            $d = @(Test-TeleportMcpRole -Path (Join-Path $ExamplesDir 'cluster') -User alice -App everything -Tool search_files 5>&1 |
                    Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
            ($d | Where-Object { $_ -like 'role access allow.mcp.tools for alice - *' }) | Should -Not -BeNullOrEmpty
            ($d | Where-Object { $_ -like 'role * on everything - allow.app_labels *; deny.app_labels *' }) | Should -Not -BeNullOrEmpty
        }
    }

    Context 'folders' {
        It 'reads a folder at every level below it, the one rule of every cluster reader' {
            $nested = Join-Path $TestDrive 'export/roles/mcp'
            New-Item -ItemType Directory -Path $nested -Force | Out-Null
            Copy-Item (Join-Path $cluster '*') $nested
            (Test-TeleportMcpRole -Path (Join-Path $TestDrive 'export') -User bob -App everything -Tool search_files).Decision | Should -Be 'Allowed'
            (Test-TeleportMcpRole -LiteralPath (Join-Path $TestDrive 'export') -User bob -App everything -Tool search_files).Decision | Should -Be 'Allowed'
        }
    }

    Context '-Quiet' {
        It 'returns $true only when every requested tool is allowed' {
            $all | Test-TeleportMcpRole -User bob -App everything -Tool search_files -Quiet | Should -BeTrue
            $all | Test-TeleportMcpRole -User bob -App everything -Tool search_files, printEnv -Quiet | Should -BeFalse
            $all | Test-TeleportMcpRole -User alice -App everything -Tool search_files -Quiet | Should -BeFalse
        }

        It 'is $false, with an error, when a -Path matched nothing' {
            $q = @(Test-TeleportMcpRole -Path (Join-Path $ExamplesDir 'cluster'), (Join-Path $TestDrive 'nomatch*.yaml') -User bob -App everything -Tool search_files -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
            $q | Should -Be @($false)
            @($err.FullyQualifiedErrorId) -ccontains 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
        }

        It 'writes a single Boolean' {
            $q = @($all | Test-TeleportMcpRole -User bob, carol -App everything -Tool search_files -Quiet)
            $q.Count | Should -Be 1
            $q[0] | Should -BeOfType [bool]
        }
    }

    Context '-Lint' {
        # Escaping happens once, at the output boundary (session 48, helper-344): a role written by Import-TeleportResource
        # had its entry escaped for display, and the lint quoted that escaped text again ("x\\x1B...").
        It 'a control character in an entry is escaped once in Message and Entry, for a role <How>' -ForEach @(
            @{ How = 'read from a file' }, @{ How = 'piped from Import-TeleportResource' }
        ) {
            $e = [char]27; $b = [char]7
            Set-Content TestDrive:/esc.yaml "kind: role`nversion: v8`nmetadata: {name: r1}`nspec: {allow: {app_labels: {'*': '*'}, mcp: {tools: ['^x${e}]0;title${b}(`$']}}}"
            $f = if ($How -like 'piped*') { Import-TeleportResource TestDrive:/esc.yaml | Test-TeleportMcpRole -Lint } else { Test-TeleportMcpRole -Path TestDrive:/esc.yaml -Lint }
            $hit = @($f | Where-Object { $_.Message -like '*not a valid Go regex*' })
            $hit.Count | Should -Be 1
            $hit[0].Message | Should -BeLike '"^x\x1b]0;title\a($" is not a valid Go regex*'
            $hit[0].Message | Should -Not -BeLike '*\\x*'
            ($hit[0].Message + $hit[0].Fix + $hit[0].Entry) | Should -Not -Match '[\x00-\x1f]'
        }

        It 'the piped role keeps its escaped text for display after the run' {
            $e = [char]27
            Set-Content TestDrive:/esc2.yaml "kind: role`nversion: v8`nmetadata: {name: r2}`nspec: {allow: {app_labels: {'*': '*'}, mcp: {tools: ['^a${e}b(`$']}}}"
            $role = Import-TeleportResource TestDrive:/esc2.yaml
            $shown = $role.AllowMcpTools[0]
            $null = $role | Test-TeleportMcpRole -Lint
            $role.AllowMcpTools[0] | Should -BeExactly $shown
            $role.AllowMcpTools[0] | Should -Not -Match '\x1b'
        }

        It 'finds the unanchored regex of the example with a stable id' {
            $f = $all | Test-TeleportMcpRole -Lint
            $f.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.RoleLintFinding'
            $hit = $f | Where-Object Id -eq 'TMCP002'
            $hit.Role | Should -Be 'mcp-developer'
            $hit.Entry | Should -Be '^(get|fetch)_.*'
            $hit.Fix | Should -Not -BeNullOrEmpty
        }

        It 'reports invalid regexes, deny-all and v3 wildcard roles' {
            Set-Content TestDrive:/lint.yaml @"
kind: role
version: v8
metadata: {name: broken}
spec: {deny: {mcp: {tools: ['^(?!admin).*`$', '*']}}}
---
kind: role
version: v3
metadata: {name: legacy}
spec: {allow: {mcp: {tools: [read_file]}}}
"@
            $f = Test-TeleportMcpRole -Path TestDrive:/lint.yaml -Lint
            ($f | Where-Object Role -eq broken).Id | Should -Contain 'TMCP003'
            ($f | Where-Object Role -eq broken).Id | Should -Contain 'TMCP005'
            ($f | Where-Object Role -eq legacy).Id | Should -Contain 'TMCP009'
            ($f | Where-Object Id -eq TMCP003).Severity | Should -Be 'Error'
            Test-TeleportMcpRole -Path TestDrive:/lint.yaml -Lint -Quiet | Should -BeFalse
        }

        It 'points each finding at its own entry: line and column' {
            $f = Test-TeleportMcpRole -Path TestDrive:/lint.yaml -Lint
            $regex = $f | Where-Object Id -eq TMCP003
            $denyAll = $f | Where-Object Id -eq TMCP005
            ($regex.Line, $regex.Column) | Should -Be @(4, 29)
            ($denyAll.Line, $denyAll.Column) | Should -Be @(4, 46)
            $denyAll.Source | Should -BeLike '*lint.yaml:4:46'
            # A finding about a missing field points at the role.
            ($f | Where-Object Id -eq TMCP009).Line | Should -Be 6
        }

        It 'errors on a -User that names no user read, and -Quiet answers false' {
            Set-Content TestDrive:/clean.yaml "kind: role`nversion: v8`nmetadata: {name: clean}`nspec: {allow: {app_labels: {env: dev}, mcp: {tools: [read_file]}}}`n---`nkind: user`nversion: v2`nmetadata: {name: alice}`nspec: {roles: [clean]}"
            Test-TeleportMcpRole -Path TestDrive:/clean.yaml -Lint -User alice -Quiet | Should -BeTrue
            foreach ($name in 'nobody', 'nob*') {
                Test-TeleportMcpRole -Path TestDrive:/clean.yaml -Lint -User $name -Quiet -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeFalse
                $err.Count | Should -Be 1
                $err[0].FullyQualifiedErrorId | Should -BeExactly 'UserNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
                $err[0].TargetObject | Should -BeExactly $name
            }
        }
    }

    Context 'pipeline binding' {
        It 'carries scoped_role_assignments from Import-TeleportResource, live and as a copy, to the note on the user''s decisions' {
            # api/proto/teleport/scopes/access/v1/assignment.proto @093d75af; lib/srv/app/connections_handler.go @0009d93e
            Set-Content TestDrive:/scoped-pipe.yaml "kind: scoped_role_assignment`nversion: v1`nmetadata: {name: a1}`nscope: /dev`nspec: {user: alice, assignments: [{role: reader, scope: /dev}]}`n---`nkind: scoped_role_assignment`nversion: v1`nmetadata: {name: b1}`nscope: /ci`nspec: {bot_name: ci, bot_scope: /ci, assignments: [{role: reader, scope: /ci}]}"
            $imported = @(Import-TeleportResource $cluster, TestDrive:/scoped-pipe.yaml -WarningAction SilentlyContinue)
            $copies = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($imported))
            foreach ($given in $imported, $copies) {
                $r = $given | Test-TeleportMcpRole -User alice -App everything -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue
                $err | Should -BeNullOrEmpty
                @($r).Count | Should -Be 1
                ($r.Notes -join ' ') | Should -BeLike '*alice holds scoped role "reader" at scope "/dev" (scoped_role_assignment "a1", *scoped-pipe.yaml:1*): scoped roles grant no MCP tools*'
            }
            # The assignment's user is no -User: every user of the input is still tested.
            $all = @($imported | Test-TeleportMcpRole -App everything)
            @($all.User | Sort-Object -Unique) | Should -Be @(($imported | Where-Object { $_ -is [TeleportMcp.User] }).Name | Sort-Object -Unique)
        }

        It 'binds tool names from objects with a Name property' {
            $r = [pscustomobject]@{ Name = 'search_files' }, [pscustomobject]@{ Name = 'printEnv' } |
                Test-TeleportMcpRole -Path $cluster, $config -User bob -App everything
            $r.Tool | Should -Be @('search_files', 'printEnv')
            $r.Decision | Should -Be @('Allowed', 'Denied')
        }

        It 'binds tool names from a Tools property and from plain strings' {
            $r = [pscustomobject]@{ Tools = @([pscustomobject]@{ name = 'get_env' }, [pscustomobject]@{ name = 'echo' }) } |
                Test-TeleportMcpRole -Path $cluster, $config -User bob -App everything
            $r.Tool | Should -Be @('get_env', 'echo')
            ('echo', 'printEnv' | Test-TeleportMcpRole -Path $cluster, $config -User bob -App everything).Decision | Should -Be @('Allowed', 'Denied')
        }

        It 'prefers a Tool property over a Name property' {
            ([pscustomobject]@{ Tool = 'printEnv'; Name = 'everything' } | Test-TeleportMcpRole -Path $cluster, $config -User bob -App everything).Tool | Should -Be 'printEnv'
        }

        It 'does not take the names of piped roles, users and apps for tools' {
            $r = $all | Test-TeleportMcpRole -User bob -App everything
            $r.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.McpAccessSummary'
        }

        It 'binds piped user names by value: <Case>' -ForEach @(
            @{ Case = 'no -Tool: names of users read are users'; Extra = @{} ; Type = 'TeleportMcp.McpAccessSummary' }
            @{ Case = 'with -Tool: every piped name is a user'; Extra = @{ Tool = 'printEnv' }; Type = 'TeleportMcp.ToolAccess' }
        ) {
            $r = 'alice', 'bob' | Test-TeleportMcpRole -Path (Join-Path $ExamplesDir 'cluster') -App everything @Extra
            $r.User | Should -Be @('alice', 'bob')
            $r[0].PSObject.TypeNames[0] | Should -Be $Type
        }

        It 'binds users by property name, skipping a null User' {
            $r = [pscustomobject]@{ User = 'carol' }, [pscustomobject]@{ User = $null }, [pscustomobject]@{ User = 'bob' } |
                Test-TeleportMcpRole -Path $cluster, $config -App everything -Tool printEnv -ErrorVariable bindErrors
            $bindErrors | Should -BeNullOrEmpty
            $r.User | Should -Be @('carol', 'bob')
            $r.Tool | Should -Be @('printEnv', 'printEnv')
        }

        It 'says which piped names were taken as users and which as tools' {
            $out = 'bob', 'printEnv' | Test-TeleportMcpRole -Path $cluster, $config -App everything -Verbose 4>&1
            ($out | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message | Should -Contain 'Piped names taken as users (users of these names were read): bob.'
            ($out | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message | Should -Contain 'Piped names taken as tools (no user of these names was read): printEnv.'
            $d = $out | Where-Object { $_ -is [TeleportMcp.ToolAccess] }
            $d.User | Should -Be 'bob'
            $d.Tool | Should -Be 'printEnv'
        }

        It 'an unknown piped user named with -Tool given is UserNotFound, naming the users read' {
            $r = 'alice', 'nosuch' | Test-TeleportMcpRole -Path $cluster -App everything -Tool printEnv -ErrorVariable e -ErrorAction SilentlyContinue
            $r.User | Should -Be 'alice'
            $e[0].FullyQualifiedErrorId | Should -BeExactly 'UserNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $e[0].Exception.Message | Should -Match 'nosuch'
        }

        It 'warns when -User and -Tool are both given and names are piped' {
            $null = 'carol' | Test-TeleportMcpRole -Path $cluster, $config -User bob -App everything -Tool printEnv -WarningVariable w 3>$null
            $w | Should -HaveCount 1
            "$w" | Should -Match 'carol.*-User and -Tool'
        }

        It 'keeps -User $null a validation error' {
            ({ Test-TeleportMcpRole -Path $cluster -User $null -App everything -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
        }

        It 'refuses an empty tool name <Case> as a parameter error, even with -Quiet (an MCP tool name is never empty)' -ForEach @(
            @{ Case = "''"; Tool = @('') }
            @{ Case = '$null'; Tool = $null }
            @{ Case = "'', `$null"; Tool = @('', $null) }
        ) {
            $caught = $null
            $out = @(try { $all | Test-TeleportMcpRole -User bob -App everything -Tool $Tool -Quiet -ErrorAction Stop } catch { $caught = $_ })
            $out.Count | Should -Be 0
            $caught.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
        }

        # Before (helper-259): one blank name refused the whole list as a parameter error, and ' ' was decided as a tool.
        It 'a blank tool name <Case> beside a good one is that item''s error; the good one is decided and -Quiet is false' -ForEach @(
            @{ Case = "''"; Blank = '' }
            @{ Case = "' '"; Blank = ' ' }
        ) {
            $d = @($all | Test-TeleportMcpRole -User bob -App everything -Tool 'printEnv', $Blank -ErrorVariable err -ErrorAction SilentlyContinue)
            @($d | ForEach-Object Tool) | Should -BeExactly @('printEnv')
            @($err | ForEach-Object FullyQualifiedErrorId) | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
            $err[0].Exception.Message | Should -BeLike '-Tool`[1`]: -Tool got *'
            $all | Test-TeleportMcpRole -User bob -App everything -Tool 'printEnv', $Blank -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        }

        # Before (helper-269): -Tool ' ' alone wrote the -Tool @() summary per user and app, which looks like a verdict.
        It 'every -Tool item blank (<Case>): that error, no decision and no summary, -Quiet false' -ForEach @(
            @{ Case = "' '"; Tool = @(' ') }
            @{ Case = "' ', `$null"; Tool = @(' ', $null) }
        ) {
            $out = @($all | Test-TeleportMcpRole -User bob -App everything -Tool $Tool -ErrorVariable err -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 0
            @($err | ForEach-Object FullyQualifiedErrorId) -ccontains 'BlankListItem,TeleportMcp.Commands.TestTeleportMcpRoleCommand' | Should -BeTrue -Because ('ids: ' + (@($err | ForEach-Object FullyQualifiedErrorId) -join ', '))
            $all | Test-TeleportMcpRole -User bob -App everything -Tool $Tool -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        }

        It 'accepts deserialized resources' {
            $all | Export-Clixml TestDrive:/all.xml
            (Import-Clixml TestDrive:/all.xml | Test-TeleportMcpRole -User bob -App everything -Tool printEnv).Decision | Should -Be 'Denied'
        }

        It 'decides deserialized resources exactly as the originals: label lists and multi-valued traits stay lists' {
            # Import-Clixml gives each label or trait list as a wrapped ArrayList; read as text it was 'dev staging'.
            $all | Export-Clixml TestDrive:/same.xml
            $show = { param($r) $r | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.User, $_.App, $_.Tool, $_.Decision } }
            $typed = & $show ($all | Test-TeleportMcpRole -App everything, files -Tool search_files, write_file, read_file)
            $copied = & $show (Import-Clixml TestDrive:/same.xml | Test-TeleportMcpRole -App everything, files -Tool search_files, write_file, read_file)
            $copied | Should -Be $typed
            $typed | Should -Contain 'carol|everything|search_files|Allowed'

            $traitRole = [TeleportMcp.Role]@{ Name = 'by-trait'; Version = 'v8'; AllowMcpTools = @('{{external.tools}}'); AllowAppLabels = @{ '*' = '*' } }
            $dana = [TeleportMcp.User]@{ Name = 'dana'; Roles = @('by-trait'); Traits = @{ tools = [string[]]@('read_file', 'write_file') } }
            $app = [TeleportMcp.App]@{ Name = 'files'; Labels = @{ env = 'dev' }; Transport = 'stdio' }
            @($traitRole, $dana, $app) | Export-Clixml TestDrive:/traits.xml
            (Import-Clixml TestDrive:/traits.xml | Test-TeleportMcpRole -User dana -App files -Tool read_file, write_file).Decision | Should -Be @('Allowed', 'Allowed')
        }
    }

    Context 'piped objects it cannot use' {
        It 'names <Case> it cannot use (InvalidPipelineInput), decides for the objects beside it, and -Quiet is $false' -ForEach @(
            @{ Case = 'a hashtable'; Make = { @{ foo = 1 } }; Like = '*got a System.Collections.Hashtable (keys foo).' }
            @{ Case = 'a tctl JSON object without metadata'; Make = { '{"kind":"role","version":"v7","spec":{}}' | ConvertFrom-Json }; Like = "*got a custom object (kind 'role')." }
            @{ Case = 'a file'; Make = { Get-Item (Join-Path $cluster 'roles.yaml') }; Like = '*got a System.IO.FileInfo *roles.yaml''.' }
        ) {
            $bad = & $Make
            $r = @($bad) + @($all) | Test-TeleportMcpRole -User bob -App everything -Tool printEnv -ErrorVariable err -ErrorAction SilentlyContinue
            $r.Decision | Should -Be 'Denied'
            $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'InvalidPipelineInput,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
            $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
            $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e[0].Exception.Message | Should -BeLike $Like
            $e[0].TargetObject | Should -Be $bad
            @(@($bad) + @($all) | Test-TeleportMcpRole -User bob -App everything -Tool echo -Quiet -ErrorAction SilentlyContinue) | Should -Be @($false)
            @($all | Test-TeleportMcpRole -User bob -App everything -Tool echo -Quiet) | Should -Be @($true)
        }

        It 'reads tctl get --format=json output through ConvertFrom-Json as the resources it holds' {
            $json = '[{"kind":"role","version":"v7","metadata":{"name":"json-all"},"spec":{"allow":{"app_labels":{"*":"*"},"mcp":{"tools":["*"]}}}},' +
                    '{"kind":"user","version":"v2","metadata":{"name":"jay"},"spec":{"roles":["json-all"],"traits":{}}}]'
            $objects = $json | ConvertFrom-Json
            $r = @($objects) + @($all | Where-Object { $_ -is [TeleportMcp.App] }) | Test-TeleportMcpRole -User jay -App everything -Tool echo -ErrorVariable err
            $err | Should -BeNullOrEmpty
            $r.Decision | Should -Be 'Allowed'
            $r.AllowedBy.Role | Should -Be 'json-all'
            # A document the reader refuses is that document's error, as in a file.
            $bad = '{"kind":"role","version":"v99","metadata":{"name":"future"},"spec":{}}' | ConvertFrom-Json
            $q = @(@($bad) + @($objects) + @($all | Where-Object { $_ -is [TeleportMcp.App] }) | Test-TeleportMcpRole -User jay -App everything -Tool echo -Quiet -ErrorVariable err2 -ErrorAction SilentlyContinue)
            $q | Should -Be @($false)
            @($err2.FullyQualifiedErrorId) | Should -BeExactly @('UnsupportedRoleVersion,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        }

        It 'says that names piped to -Lint were not used' {
            $null = @('alice') + @($all) | Test-TeleportMcpRole -Lint -WarningVariable warn -WarningAction SilentlyContinue
            $warn.Message | Should -Contain 'The piped names alice were not used: -Lint checks the roles given, not users or tools named.'
        }
    }

    Context 'probe results' {
        It 'checks each probe result''s tools on that probe''s own app' {
            $apps = Import-TeleportResource $cluster -Kind App
            $probes = @(
                [pscustomobject]@{ App = ($apps | Where-Object Name -eq 'everything'); Tools = @('echo', 'printEnv') }
                [pscustomobject]@{ App = ($apps | Where-Object Name -eq 'files'); Tools = @([pscustomobject]@{ Name = 'read_file' }) }
            )
            $r = $probes | Test-TeleportMcpRole -Path $cluster -User bob
            @($r | ForEach-Object { '{0}/{1}/{2}' -f $_.App, $_.Tool, $_.Decision }) | Should -Be @('everything/echo/Allowed', 'everything/printEnv/Denied', 'files/read_file/Allowed')
        }
    }

    Context 'bad input' {
        It 'refuses an unknown role version with UnsupportedRoleVersion' {
            $null = Test-TeleportMcpRole -Role @{ Name = 'future'; Version = 'v10'; AllowMcpTools = @('*') } -UserName u -Roles future -AppLabels @{ env = 'dev' } -Tool x -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'UnsupportedRoleVersion,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $err[0].Exception.Message | Should -BeLike '*role version "v10" is not supported*'
        }

        It 'decides with a v9 role: allow_all passes, a role without it is Indeterminate' {
            # lib/appresource/app.go @8ed6a8e4 GovernsApp: app_resources do not govern MCP apps; older App Services get a v8 copy that refuses the app
            $open = Test-TeleportMcpRole -Role @{ Name = 'open'; Version = 'v9'; AllowAppLabels = @{ env = 'dev' }; AllowAppResources = @('allow_all'); AllowMcpTools = @('*') } -UserName u -Roles open -AppLabels @{ env = 'dev' } -Tool x
            $open.Decision | Should -Be 'Allowed'
            $closed = Test-TeleportMcpRole -Role @{ Name = 'closed'; Version = 'v9'; AllowAppLabels = @{ env = 'dev' }; AllowMcpTools = @('*') } -UserName u -Roles closed -AppLabels @{ env = 'dev' } -Tool x
            $closed.Decision | Should -Be 'Indeterminate'
            $closed.Reason | Should -BeLike '*do not govern MCP apps*older than v19*not known offline*'
        }

        It 'decides a v9 role from the releases in piped app_server heartbeats' {
            # lib/auth MaybeDowngradeRoleVersionToV8 below minSupportedRoleV9Version (v19; lib/auth downgrade property tests, index id 58342257295)
            Set-Content TestDrive:/closed.yaml "kind: role`nversion: v9`nmetadata: {name: closed}`nspec: {allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}`n"
            foreach ($v in '18.2.1', '19.0.0-dev') {
                Set-Content "TestDrive:/hb-$v.yaml" "kind: app_server`nversion: v3`nmetadata: {name: files}`nspec:`n  hostname: agent1`n  version: '$v'`n  app: {kind: app, version: v3, metadata: {name: files, labels: {env: dev}}, spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}}`n"
            }
            $old = Import-TeleportResource TestDrive:/closed.yaml, TestDrive:/hb-18.2.1.yaml | Test-TeleportMcpRole -UserName u -Roles closed -App files -Tool x
            $old.Decision | Should -Be 'AppNotAccessible'
            $old.Reason | Should -BeLike '*older than v19 (agent1 18.2.1, app_server spec.version)*allow_all: true*upgrade agent1 18.2.1 to v19 or later*'
            $new = Import-TeleportResource TestDrive:/closed.yaml, TestDrive:/hb-19.0.0-dev.yaml | Test-TeleportMcpRole -UserName u -Roles closed -App files -Tool x
            $new.Decision | Should -Be 'Allowed'
            ($new.Notes -join ' ') | Should -BeLike '*runs v19 or later (agent1 19.0.0-dev*'
        }

        It 'gives what each serving agent decides in Agents, with its own release and labels' {
            # lib/auth MaybeDowngradeRoleVersionToV8 below v19; lib/srv/mcp/session.go checkAccessToTool (the agent's own labels)
            Set-Content TestDrive:/closed2.yaml "kind: role`nversion: v9`nmetadata: {name: closed}`nspec: {allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}`n"
            $hb = foreach ($a in 'agent1=19.0.1=dev', 'agent2=18.2.1=dev', 'agent3=19.0.1=prod') {
                $h, $v, $e = $a -split '='
                "kind: app_server`nversion: v3`nmetadata: {name: files}`nspec:`n  hostname: $h`n  version: '$v'`n  app: {kind: app, version: v3, metadata: {name: files, labels: {env: $e}}, spec: {uri: 'mcp+stdio://', mcp: {command: npx, run_as_host_user: mcp}}}`n"
            }
            Set-Content TestDrive:/hb3.yaml ($hb -join "---`n")
            $r = Import-TeleportResource TestDrive:/closed2.yaml, TestDrive:/hb3.yaml -WarningAction SilentlyContinue | Test-TeleportMcpRole -UserName u -Roles closed -App files -Tool x -WarningAction SilentlyContinue
            $r.Decision | Should -Be 'Indeterminate'
            @($r.Agents | ForEach-Object { '{0}:{1}' -f $_.Host, $_.Decision }) | Should -Be @('agent1:Allowed', 'agent2:AppNotAccessible', 'agent3:AppNotAccessible')
            $r.Agents[1].Reason | Should -BeLike '*older than v19 (agent2 18.2.1, app_server spec.version)*'
            $r.Agents[1].Version | Should -BeExactly '18.2.1'
            # The table lists the agents that answer otherwise than Decision.
            ($r | Format-Table | Out-String -Width 200) | Should -BeLike '*Agents*agent1 19.0.1: Allowed*'
            # Without heartbeats (labels given), no agent is named.
            (Test-TeleportMcpRole -Path TestDrive:/closed2.yaml -UserName u -Roles closed -AppLabels @{ env = 'dev' } -Tool x -WarningAction SilentlyContinue).Agents.Count | Should -Be 0
        }

        It 'lints a v9 role without the allow_all rule (TMCP015)' {
            Set-Content TestDrive:/v9.yaml "kind: role`nversion: v9`nmetadata: {name: r9}`nspec: {allow: {app_labels: {env: dev}, mcp: {tools: ['*']}}}`n"
            $f = @(Test-TeleportMcpRole -Path TestDrive:/v9.yaml -Lint) | Where-Object Id -eq 'TMCP015'
            @($f).Count | Should -Be 1
            $f.Message | Should -BeLike '*PR #68736*'
        }

        It 'reports an unknown role version read from -Path' {
            Set-Content TestDrive:/v10.yaml "kind: role`nversion: v10`nmetadata: {name: r10}`n"
            $null = Test-TeleportMcpRole -Path TestDrive:/v10.yaml -Lint -ErrorVariable err -ErrorAction SilentlyContinue
            @($err.FullyQualifiedErrorId) -ccontains 'UnsupportedRoleVersion,TeleportMcp.Commands.TestTeleportMcpRoleCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
        }

        It 'reports an invalid regex as an error and decides Error' {
            Set-Content TestDrive:/bad.yaml @"
kind: role
version: v8
metadata: {name: bad-deny}
spec: {deny: {mcp: {tools: ['^(unclosed`$']}}}
"@
            $r = Import-TeleportResource $cluster, $config, TestDrive:/bad.yaml | Test-TeleportMcpRole -UserName eve -Roles access, bad-deny -Traits @{ mcp_tools = '*' } -App everything -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidRoleRegex,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $r.Decision | Should -Be 'Error'
            $r.Reason.Contains('error parsing regexp: missing closing ): `^(unclosed$`') | Should -BeTrue
        }

        # A NotGranted reason names the allow.mcp.tools entries dropped for the user (session 48, helper-344): they are
        # often why; only DroppedEntries showed them. lib/services/role.go ApplyTraits skips an entry whose template fails (I1/I8).
        It 'a NotGranted reason says <Count> entries were dropped for the user and why (<Case>)' -ForEach @(
            @{ Case = 'email.local of a value that is not an address'; Tools = "['read_file', '{{email.local(external.email)}}']"; Traits = @{ email = @('not-an-address') }; Count = 1; Like = '*1 allow.mcp.tools entry of these roles was dropped for eve and grants nothing: role d''s "{{email.local(external.email)}}" (*' }
            @{ Case = 'a missing trait and an email.local'; Tools = "['read_file', '{{external.extra}}', '{{email.local(external.email)}}']"; Traits = @{ email = @('not-an-address') }; Count = 2; Like = '*2 allow.mcp.tools entries of these roles were dropped for eve and grant nothing: role d''s "{{external.extra}}" (eve has no extra trait*' }
        ) {
            Set-Content TestDrive:/drop.yaml "kind: role`nversion: v8`nmetadata: {name: d}`nspec: {allow: {app_labels: {'*': '*'}, mcp: {tools: $Tools}}}"
            $r = Test-TeleportMcpRole -Path TestDrive:/drop.yaml -UserName eve -UserRole d -Traits $Traits -AppLabels @{ env = 'dev' } -Tool write_file
            $r.Decision | Should -Be 'NotGranted'
            @($r.DroppedEntries).Count | Should -Be $Count
            $r.Reason | Should -BeLike $Like
        }

        It 'drops only the templates Teleport rejects (2:G5) and keeps deciding' {
            Set-Content TestDrive:/g5.yaml @'
kind: role
version: v8
metadata: {name: g5}
spec: {allow: {app_labels: {'*': '*'}, mcp: {tools: ['*']}}, deny: {mcp: {tools: ['{{123}}', '{{regexp.replace(regexp.match("a"), "c", "x")}}', '{{"asdf"}}']}}}
'@
            $r = Test-TeleportMcpRole -Path TestDrive:/g5.yaml -UserName eve -Roles g5 -AppLabels @{ env = 'dev' } -Tool search_files, asdf
            $r.Decision | Should -Be @('Allowed', 'Denied')
            $r[0].DroppedEntries.Entry | Should -Be @('{{123}}', '{{regexp.replace(regexp.match("a"), "c", "x")}}')
            $r[0].DroppedEntries[1].Reason | Should -BeLike '*unsupported function: regexp.match*'
        }

        It 'matches a dynamic label on the result the app resource carries (2:G16)' {
            Set-Content TestDrive:/dyn.yaml @'
kind: role
version: v8
metadata: {name: dyn}
spec: {allow: {app_labels: {env: prod}, mcp: {tools: ['*']}}}
---
kind: app
version: v3
metadata: {name: with-result, labels: {env: dev}}
spec: {uri: 'mcp+stdio://', mcp: {command: x, run_as_host_user: 'y'}, dynamic_labels: {env: {command: [/bin/env], period: 1m, result: prod}}}
---
kind: app
version: v3
metadata: {name: no-result, labels: {env: prod}}
spec: {uri: 'mcp+stdio://', mcp: {command: x, run_as_host_user: 'y'}, dynamic_labels: {env: {command: [/bin/env], period: 1m}}}
'@
            $r = Test-TeleportMcpRole -Path TestDrive:/dyn.yaml -UserName eve -Roles dyn -App with-result, no-result -Tool t
            $r.Decision | Should -Be @('Allowed', 'Indeterminate')
            $r[1].Reason | Should -BeLike '*dynamic label*carries no result*'
        }

        It 'answers a label expression nested 20,000 deep without crashing the host' {
            $expr = ('(' * 20000) + 'labels.env == "dev"' + (')' * 20000)
            Set-Content TestDrive:/deep.yaml "kind: role`nversion: v8`nmetadata: {name: deep}`nspec: {allow: {app_labels_expression: '$expr', mcp: {tools: ['*']}}}`n"
            $r = Test-TeleportMcpRole -Path TestDrive:/deep.yaml -UserName eve -Roles deep -AppLabels @{ env = 'dev' } -Tool x
            $r.Decision | Should -Be 'Indeterminate'
            $r.Reason | Should -BeLike '*nested more than 256 levels*'
            $r.Reason.Length | Should -BeLessThan 2000
        }

        It 'a role the user names that was not given leaves the decision Indeterminate and -Quiet $false; a deny of a role given still decides' {
            # lib/services/role.go FetchRoleList: Teleport loads every role of the user and refuses the certificate when one does not exist.
            $r = Test-TeleportMcpRole -Path $cluster, $config -UserName frank -Roles access, ghost -Traits @{ mcp_tools = '*' } -App everything -Tool echo -WarningVariable warn -WarningAction SilentlyContinue -ErrorVariable err
            $warn[0].Message | Should -BeExactly 'user "frank" names role "ghost", which was not given; Teleport decides with every role of a user, so each decision no role given denies is Indeterminate.'
            $err | Should -BeNullOrEmpty
            $r.Decision | Should -Be 'Indeterminate'
            $r.Reason | Should -BeLike '*frank''s role "ghost" is not in the input*FetchRoleList*'
            Test-TeleportMcpRole -Path $cluster, $config -UserName frank -Roles access, ghost -Traits @{ mcp_tools = '*' } -App everything -Tool echo -Quiet -WarningAction SilentlyContinue | Should -BeFalse
            Test-TeleportMcpRole -Path $cluster, $config -UserName frank -Roles access -Traits @{ mcp_tools = '*' } -App everything -Tool echo -Quiet | Should -BeTrue
            $denied = Test-TeleportMcpRole -Path $cluster, $config -UserName frank -Roles access, mcp-no-env-dump, ghost -Traits @{ mcp_tools = '*' } -App everything -Tool printEnv -WarningAction SilentlyContinue
            $denied.Decision | Should -Be 'Denied'
            $denied.Notes | Should -Contain 'role ghost of frank is not in the input; the deny of a role given decides whatever it holds.'
            (Test-TeleportMcpRole -Path $cluster, $config -UserName frank -Roles access, ghost -Traits @{ mcp_tools = '*' } -App everything -WarningAction SilentlyContinue).Scope | Should -Be 'Indeterminate'
        }

        It 'reports a user that is not among the given ones' {
            $null = $all | Test-TeleportMcpRole -User nobody -App everything -Tool x -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'UserNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 'nobody'
            # What was looked for, and where.
            $err[0].Exception.Message | Should -BeLike 'user "nobody" was not found in the pipeline (given: alice, bob, carol).'
        }

        It 'reports an app that is not among the given ones' {
            $null = Import-TeleportResource $cluster | Test-TeleportMcpRole -User bob -App wiki -Tool x -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'AppNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $err[0].Exception.Message | Should -BeLike 'app "wiki" was not found in the pipeline (given: *)*'
        }

        # api/types/app.go IsAppMCP needs an mcp+ scheme; lib/srv/app/connections_handler.go @0009d93e checks mcp.tools only
        # for IsMCP() apps: a web app gets no tool decision, and naming only web apps examined nothing (helper-339).
        It 'decides no tool on web app <Label> and says NothingExamined; -Quiet answers $false' -ForEach @(
            @{ Label = 'wiki (a name)'; App = @('wiki'); Decided = @() }
            @{ Label = 'w* (a wildcard)'; App = @('w*'); Decided = @() }
            @{ Label = 'wiki beside everything'; App = @('everything', 'wiki'); Decided = @('everything') }
        ) {
            $r = @($all | Test-TeleportMcpRole -User bob -App $App -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue)
            @($r.App) | Should -Be $Decided
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $err[0].Exception.Message | Should -BeLike 'Nothing was examined for "w*": wiki - not an MCP app (URI "http://127.0.0.1:8081")*'
            $all | Test-TeleportMcpRole -User bob -App $App -Tool search_files -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
            $all | Test-TeleportMcpRole -User bob -App $App -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        }

        It 'leaves web apps out of a wildcard that also selects MCP apps, saying so in verbose' {
            $r = @($all | Test-TeleportMcpRole -User bob -App '*' -Tool search_files -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1)
            @($err).Count | Should -Be 0
            @($r | Where-Object { $_ -is [TeleportMcp.ToolAccess] } | ForEach-Object App) | Should -Not -Contain 'wiki'
            @($r | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message) | Should -Contain 'Not examined: app wiki - not an MCP app (URI "http://127.0.0.1:8081")'
        }

        # api/types/app.go (fork @77295d71) IsAppMCP: an mcp+ scheme Teleport does not know (McpTransportRules) is an ordinary web app;
        # it is said in StaticChecks' words (helper-350, reviewer-347).
        It 'says web app <Uri> has a scheme Teleport does not know as MCP (NothingExamined)' -ForEach @(
            @{ Uri = 'mcp+sse://127.0.0.1:8000/sse'; Scheme = 'mcp+sse' }
            @{ Uri = 'mcp+ws://127.0.0.1:8000'; Scheme = 'mcp+ws' }
        ) {
            $yaml = Join-Path $TestDrive 'unknown-scheme.yaml'
            Set-Content -LiteralPath $yaml -Value "kind: app`nversion: v3`nmetadata: {name: sse, labels: {env: dev}}`nspec: {uri: '$Uri'}"
            $r = @(@($all) + @(Import-TeleportResource $yaml) | Test-TeleportMcpRole -User bob -App sse -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue)
            $r.Count | Should -Be 0
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $err[0].Exception.Message | Should -BeLike "Nothing was examined for ""sse"": sse - not an MCP app (URI ""$Uri"" has the scheme ""$Scheme"", which Teleport does not know as MCP)*"
        }

        It 'reports a piped App whose Origin is no spelling of one as that item''s error (UnknownAppOrigin) and decides for the apps beside it' {
            $apps = @(Import-TeleportResource $config | Where-Object { $_ -is [TeleportMcp.App] } | Select-Object -First 3)
            $copies = @($apps | ForEach-Object { [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($_)) })
            $copies[1].Origin = 'somewhere'
            $rolesAndUsers = (Join-Path $cluster 'roles.yaml'), (Join-Path $cluster 'users.yaml')
            $r = @($copies | Test-TeleportMcpRole -Path $rolesAndUsers -User bob -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $r.Count | Should -Be 2
            @($r | ForEach-Object { "$($_.App) $($_.Decision)" }) | Should -Be @($apps[0], $apps[2] | Test-TeleportMcpRole -Path $rolesAndUsers -User bob -Tool search_files -WarningAction SilentlyContinue | ForEach-Object { "$($_.App) $($_.Decision)" })
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'UnknownAppOrigin,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $err[0].TargetObject | Should -BeExactly $apps[1].Name
        }

        It 'reports a piped App whose Args do not read as that item''s error (InvalidResourceProperty) and decides for the apps beside it' {
            $apps = @(Import-TeleportResource $config | Where-Object { $_ -is [TeleportMcp.App] } | Select-Object -First 3)
            $copies = @($apps | ForEach-Object { [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($_)) })
            $copies[1].Args = @{ a = 1 }
            $rolesAndUsers = (Join-Path $cluster 'roles.yaml'), (Join-Path $cluster 'users.yaml')
            $r = @($copies | Test-TeleportMcpRole -Path $rolesAndUsers -User bob -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $r.Count | Should -Be 2
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResourceProperty,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $err[0].TargetObject | Should -BeExactly $apps[1].Name
            $cmd = Get-Command Test-TeleportMcpRole
            $cmd.Parameters['User'].ParameterType | Should -Be ([TeleportMcp.UserChoice[]])
            $cmd.Parameters['App'].ParameterType | Should -Be ([TeleportMcp.AppChoice[]])
            # Names, objects and copies bind as before.
            $bob = Import-TeleportResource (Join-Path $cluster 'users.yaml') | Where-Object Name -eq bob
            $byObject = @($apps[0] | Test-TeleportMcpRole -Path $rolesAndUsers -User $bob -App $apps[0] -Tool search_files -WarningAction SilentlyContinue)
            $byName = @($apps[0] | Test-TeleportMcpRole -Path $rolesAndUsers -User bob -App $apps[0].Name -Tool search_files -WarningAction SilentlyContinue)
            $byCopy = @($apps[0] | Test-TeleportMcpRole -Path $rolesAndUsers -User bob -App $copies[0] -Tool search_files -WarningAction SilentlyContinue)
            @($byObject.Decision) | Should -Be @($byName.Decision)
            @($byCopy.Decision) | Should -Be @($byName.Decision)
        }

        It 'names the files it looked in for a name that is not there' {
            $null = Test-TeleportMcpRole -Path $cluster -User nobody -App everything -Tool x -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'UserNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $err[0].Exception.Message | Should -BeLike "user ""nobody"" was not found in * files ($(Join-Path $cluster '*'), ...)*"
            Test-TeleportMcpRole -Path $cluster -User nobody -App everything -Tool x -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        }
    }

    Context 'parameter sets' {
        It 'refuses <Name> in the parameter binder (AmbiguousParameterSet)' -ForEach @(
            @{ Name = '-User with -UserName'; Command = { Test-TeleportMcpRole -User alice -UserName bob -Tool x -ErrorAction Stop } }
            @{ Name = '-User with -UserName, piped'; Command = { 'x' | Test-TeleportMcpRole -User alice -UserName bob -ErrorAction Stop } }
            @{ Name = '-App with -AppLabels'; Command = { Test-TeleportMcpRole -App everything -AppLabels @{ env = 'dev' } -ErrorAction Stop } }
            @{ Name = '-App with -AppLabels, piped'; Command = { $all | Test-TeleportMcpRole -App everything -AppLabels @{ env = 'dev' } -ErrorAction Stop } }
            @{ Name = '-User, -App and -AppLabels'; Command = { Test-TeleportMcpRole -Path $cluster -User alice -App everything -AppLabels @{ env = 'dev' } -Tool x -ErrorAction Stop } }
            @{ Name = '-User, -App and -AppLabels, piped'; Command = { $all | Test-TeleportMcpRole -User alice -App everything -AppLabels @{ env = 'dev' } -ErrorAction Stop } }
            @{ Name = '-UserName, -App and -AppLabels'; Command = { Test-TeleportMcpRole -Path $cluster -UserName dana -UserRole access -App everything -AppLabels @{ env = 'dev' } -Tool x -ErrorAction Stop } }
            @{ Name = '-UserName, -App and -AppLabels, piped'; Command = { $all | Test-TeleportMcpRole -UserName dana -UserRole access -App everything -AppLabels @{ env = 'dev' } -ErrorAction Stop } }
            @{ Name = '-Lint with -Tool'; Command = { Test-TeleportMcpRole -Lint -Tool x -ErrorAction Stop } }
            @{ Name = '-Lint with -UserName'; Command = { $all | Test-TeleportMcpRole -Lint -UserName dana -ErrorAction Stop } }
        ) {
            $e = { & $Command } | Should -Throw -PassThru
            $e.FullyQualifiedErrorId | Should -BeExactly 'AmbiguousParameterSet,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            $e.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        }

        It 'binds every form without asking for a parameter, in a non-interactive and an interactive-like child PowerShell' {
            # Each form that is valid runs in a child PowerShell: once with -NonInteractive (a prompt would be the error
            # MissingMandatoryParameter) and once as a console host whose standard input is empty (a prompt would print
            # "Supply values for the following parameters").
            $forms = Join-Path $TestDrive 'forms.ps1'
            Set-Content -LiteralPath $forms -Encoding utf8 -Value @'
param($ModulePath, $Cluster, $Config, $ResultPath)
Import-Module $ModulePath
$all = Import-TeleportResource $Cluster, $Config
$roles = @($all | Where-Object { $_ -is [TeleportMcp.Role] })
$apps = @($all | Where-Object { $_ -is [TeleportMcp.App] })
$forms = [ordered]@{
    'user app tool' = { Test-TeleportMcpRole -Path $Cluster, $Config -User bob -App everything -Tool search_files }
    'user' = { Test-TeleportMcpRole -Path $Cluster, $Config -User bob }
    'user labels' = { Test-TeleportMcpRole -LiteralPath $Cluster -User bob -AppLabels @{ env = 'dev' } -Tool search_files }
    'positional user app tool' = { Test-TeleportMcpRole -Path $Cluster, $Config bob everything search_files }
    'piped, user app tool' = { $all | Test-TeleportMcpRole -User bob -App everything -Tool search_files }
    'piped, positional user' = { $all | Test-TeleportMcpRole bob -Quiet }
    'piped, app' = { $all | Test-TeleportMcpRole -App everything }
    'piped, labels' = { $all | Test-TeleportMcpRole -AppLabels @{ env = 'dev' } -Tool search_files }
    'piped, user labels' = { $all | Test-TeleportMcpRole -User bob -AppLabels @{ env = 'dev' } }
    'piped, nothing else' = { $all | Test-TeleportMcpRole }
    'piped User property, app' = { [pscustomobject]@{ User = 'bob' } | Test-TeleportMcpRole -Path $Cluster, $Config -App everything -Tool search_files }
    'piped User property, labels' = { [pscustomobject]@{ User = 'bob' } | Test-TeleportMcpRole -Path $Cluster -AppLabels @{ env = 'dev' } -Tool search_files }
    'piped User property' = { [pscustomobject]@{ User = 'bob' } | Test-TeleportMcpRole -Path $Cluster, $Config -Quiet }
    'piped Tool property, user app' = { [pscustomobject]@{ Tool = 'search_files' } | Test-TeleportMcpRole -Path $Cluster, $Config -User bob -App everything }
    'piped tool name, user app quiet' = { 'search_files' | Test-TeleportMcpRole -Path $Cluster, $Config -User bob -App everything -Quiet }
    'role parameter, piped apps, ad-hoc user' = { $apps | Test-TeleportMcpRole -Role $roles -UserName dana -UserRole access -Traits @{ mcp_tools = '*' } -Tool search_files }
    'ad-hoc user' = { Test-TeleportMcpRole -Path $Cluster, $Config -UserName dana -UserRole access -Traits @{ mcp_tools = 'read_*' } }
    'ad-hoc user, positional app tool' = { Test-TeleportMcpRole -Path $Cluster, $Config -UserName dana -UserRole access everything search_files }
    'ad-hoc user, labels' = { Test-TeleportMcpRole -Path $Cluster -UserName dana -UserRole access -AppLabels @{ env = 'dev' } -Tool read_file }
    'piped, ad-hoc user' = { $all | Test-TeleportMcpRole -UserName dana -UserRole access -Traits @{ mcp_tools = '*' } }
    'piped, ad-hoc user app' = { $all | Test-TeleportMcpRole -UserName dana -UserRole access -App everything -Tool search_files }
    'piped, ad-hoc user labels quiet' = { $all | Test-TeleportMcpRole -UserName dana -UserRole access -AppLabels @{ env = 'dev' } -Tool search_files -Quiet }
    'piped Tool property, ad-hoc user' = { [pscustomobject]@{ Tool = 'search_files' } | Test-TeleportMcpRole -Path $Cluster, $Config -UserName dana -UserRole access -Traits @{ mcp_tools = '*' } }
    'piped Tools property, ad-hoc user app' = { [pscustomobject]@{ Tools = @('search_files', 'printEnv') } | Test-TeleportMcpRole -Path $Cluster, $Config -UserName dana -UserRole access -App everything }
    'lint' = { Test-TeleportMcpRole -Path $Cluster -Lint -Quiet }
    'piped, lint user' = { $all | Test-TeleportMcpRole -Lint -User bob -Quiet }
    'piped User property, lint' = { [pscustomobject]@{ User = 'bob' } | Test-TeleportMcpRole -Path $Cluster -Lint -Quiet }
}
$results = foreach ($name in $forms.Keys) {
    $ids = @(); $count = 0; $binding = $false
    try {
        foreach ($o in & $forms[$name] 2>&1 3>$null) {
            if ($o -is [System.Management.Automation.ErrorRecord]) {
                $ids += $o.FullyQualifiedErrorId
                if ($o.Exception -is [System.Management.Automation.ParameterBindingException]) { $binding = $true }
            }
            else { $count++ }
        }
    }
    catch {
        $ids += $_.FullyQualifiedErrorId
        if ($_.Exception -is [System.Management.Automation.ParameterBindingException]) { $binding = $true }
    }
    [pscustomobject]@{ Name = $name; Count = $count; Ids = @($ids); Binding = $binding }
}
$results | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath $ResultPath -Encoding utf8
'@
            foreach ($interactive in $false, $true) {
                $result = Join-Path $TestDrive "forms-$interactive.json"
                $exe = Get-ChildPwsh
                $psi = [Diagnostics.ProcessStartInfo]::new($exe[0])
                $hostArgs = if ($interactive) { @('-NoProfile') } else { @('-NoProfile', '-NonInteractive') }
                foreach ($a in @($exe | Select-Object -Skip 1) + $hostArgs + @('-File', $forms, (Join-Path $ModuleDir 'TeleportMcp.psd1'), $cluster, $config, $result)) { $psi.ArgumentList.Add($a) }
                $psi.UseShellExecute = $false
                $psi.RedirectStandardInput = $true; $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
                $child = [Diagnostics.Process]::Start($psi)
                try {
                    $child.StandardInput.Close()
                    $stdout = $child.StandardOutput.ReadToEndAsync(); $stderr = $child.StandardError.ReadToEndAsync()
                    $child.WaitForExit(300000) | Should -BeTrue -Because 'the forms finish without waiting for input'
                    $text = $stdout.Result + $stderr.Result
                }
                finally { if (-not $child.HasExited) { $child.Kill($true) }; $child.Dispose() }
                $text | Should -Not -Match 'Supply values for the following parameters|NonInteractive mode'
                $rows = @(Get-Content -Raw -LiteralPath $result | ConvertFrom-Json)
                $rows.Count | Should -Be 27
                foreach ($r in $rows) {
                    $r.Binding | Should -BeFalse -Because "$($r.Name) (interactive-like: $interactive) binds; errors: $($r.Ids -join ', ')"
                    @($r.Ids | Where-Object { $_ -clike 'MissingMandatoryParameter*' -or $_ -clike 'AmbiguousParameterSet*' }) | Should -BeNullOrEmpty -Because $r.Name
                    $r.Count | Should -BeGreaterThan 0 -Because "$($r.Name) (interactive-like: $interactive) writes its answer; errors: $($r.Ids -join ', ')"
                }
            }
        }

        It 'refuses a trait that is no text (InvalidTraitValue) instead of testing its type name: <Shown>' -ForEach @(
            @{ Shown = 'a hashtable'; Value = @{ a = @{ b = 1 } }; Says = 'the trait mcp_tools holds a value of type Hashtable' }
            @{ Shown = 'a folder'; Value = { Get-Item $TestDrive }; Says = 'the trait mcp_tools holds a value of type DirectoryInfo' }
            @{ Shown = 'a nested list'; Value = @('read_*', @('x', 'y')); Says = 'the trait mcp_tools holds a list in its list' }
        ) {
            $given = if ($Value -is [scriptblock]) { & $Value } else { $Value }
            $r = Test-TeleportMcpRole -Path $cluster -UserName x -UserRole access -Traits @{ mcp_tools = $given } -App everything -Tool read_file -Quiet -ErrorVariable err -ErrorAction SilentlyContinue
            $r | Should -BeFalse
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('InvalidTraitValue,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
            $err[0].Exception.Message | Should -BeLike "-Traits: $Says;*"
            (Test-TeleportMcpRole -Path $cluster -UserName x -UserRole access -Traits @{ mcp_tools = 'read_*', 5 } -App everything -Tool read_file).Decision | Should -Not -BeNullOrEmpty
        }

        It 'leaves -UserRole without -UserName to the engine (MissingUserName), with input piped' {
            $null = $all | Test-TeleportMcpRole -UserRole access -ErrorVariable err -ErrorAction SilentlyContinue
            @($err.FullyQualifiedErrorId) | Should -BeExactly @('MissingUserName,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        }

        It 'shows each form in Get-Help as the binder knows it, and keeps -Roles as an alias of -UserRole' {
            $command = Get-Command Test-TeleportMcpRole
            ($command.ParameterSets.Name | Sort-Object) | Should -BeExactly @('Lint', 'User', 'UserAppLabels', 'UserAppLabelsPiped', 'UserName', 'UserNameApp', 'UserNameAppLabels', 'UserNamePiped')
            $command.DefaultParameterSet | Should -BeExactly 'User'
            $command.Parameters['UserRole'].Aliases | Should -Contain 'Roles'
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            $helpForms = @((Get-Help Test-TeleportMcpRole).syntax.syntaxItem | ForEach-Object {
                    (@($_.parameter | ForEach-Object { '{0}:{1}' -f $_.name, $_.required }) | Sort-Object) -join ' ' })
            $helpForms.Count | Should -Be 8
            foreach ($set in $command.ParameterSets) {
                $form = (@($set.Parameters | Where-Object Name -notin $common | ForEach-Object { '{0}:{1}' -f $_.Name, $_.IsMandatory.ToString().ToLowerInvariant() }) | Sort-Object) -join ' '
                $helpForms | Should -Contain $form -Because "Get-Help shows the form $($set.Name)"
            }
            $r = Test-TeleportMcpRole -Path $cluster -UserName dana -Roles access -Traits @{ mcp_tools = 'read_*' } -AppLabels @{ env = 'dev' } -Tool read_file
            $r.Decision | Should -Be 'Allowed'
        }
    }
}

Describe 'Test-TeleportMcpRole: output texts do not grow with the input' {
    It 'names 20 values of a 5,000-value selector in the reason and says how many more' {
        $values = (0..4999 | ForEach-Object { "v$_" }) -join ', '
        $file = Join-Path $TestDrive 'huge.yaml'
        Set-Content -LiteralPath $file -Encoding utf8 -Value @"
kind: role
version: v7
metadata:
  name: huge
spec:
  allow:
    app_labels:
      env: [$values]
    mcp:
      tools: ['*']
---
kind: user
version: v2
metadata:
  name: alice
spec:
  roles: [huge]
---
kind: app
version: v3
metadata:
  name: files
  labels:
    env: prod
spec:
  uri: mcp+stdio://
  mcp:
    command: node
    run_as_host_user: nobody
"@
        $r = Test-TeleportMcpRole -Path $file -User alice -App files
        $r | Should -Not -BeNullOrEmpty
        foreach ($o in $r) {
            $o.Reason | Should -Match "want: '\[v0 v1 .* v19 \.\.\. and 4980 more \(limit OutputListItems = 20\)\]'"
            $o.Reason.Length | Should -BeLessThan 1000
        }
    }
}


# Output escapes control characters for the terminal (OutputSanitizer); a resource given back is read with the values it
# was read with (ClusterInput.AsRead), whatever its kind, so a pipeline decides as the file. Session 49, helper-353.
Describe 'Test-TeleportMcpRole: resources written and given back decide as the file' {
    BeforeAll {
        $script:pb = Join-Path $TestDrive 'piped-back'
        $null = New-Item -ItemType Directory $pb
        # Double-quoted YAML: \e is ESC, \u202E a bidi override; both are written escaped (\x1B, \u202E) on output.
        Set-Content (Join-Path $pb 'roles.yaml') @'
kind: role
version: v8
metadata: {name: esc}
spec: {allow: {app_labels: {env: "prod\e"}, mcp: {tools: ['*']}}}
---
kind: role
version: v8
metadata: {name: rx}
spec: {allow: {app_labels: {tier: '^gold.$'}, mcp: {tools: ['*']}}}
'@
        Set-Content (Join-Path $pb 'users.yaml') @'
kind: user
version: v2
metadata: {name: alice}
spec: {roles: [esc]}
---
kind: user
version: v2
metadata: {name: bob}
spec: {roles: [rx]}
---
kind: user
version: v2
metadata: {name: "da\u202Eve"}
spec: {roles: [esc]}
'@
        Set-Content (Join-Path $pb 'app.yaml') @'
kind: app
version: v3
metadata: {name: srv, labels: {env: "prod\e", tier: "gold\e"}}
spec: {uri: 'mcp+stdio://', mcp: {command: /bin/true, run_as_host_user: nobody}}
'@
        $script:dave = "da$([char]0x202E)ve"
    }

    It '<User>: piping <Kinds> gives the decision the files give' -ForEach @(
        @{ Kinds = 'app'; User = 'alice' }, @{ Kinds = 'app'; User = 'bob' }, @{ Kinds = 'roles'; User = 'alice' },
        @{ Kinds = 'users'; User = 'dave' }, @{ Kinds = 'roles,users,app'; User = 'bob' }, @{ Kinds = 'roles,users,app'; User = 'dave' }
    ) {
        $name = if ($User -eq 'dave') { $dave } else { $User }
        $all = 'roles', 'users', 'app'
        $files = $all | ForEach-Object { Join-Path $pb "$_.yaml" }
        (Test-TeleportMcpRole -Path $files -User $name -App srv -Tool t).Decision | Should -BeExactly 'Allowed'
        $pipe = $Kinds -split ',' | ForEach-Object { Join-Path $pb "$_.yaml" }
        $rest = $all | Where-Object { $_ -notin ($Kinds -split ',') } | ForEach-Object { Join-Path $pb "$_.yaml" }
        $r = if ($rest) { Import-TeleportResource $pipe | Test-TeleportMcpRole -Path $rest -User $name -App srv -Tool t }
             else { Import-TeleportResource $pipe | Test-TeleportMcpRole -User $name -App srv -Tool t }
        $r.Decision | Should -BeExactly 'Allowed'
    }

    It 'an app written by Import-TeleportResource and given as -App decides as the file' {
        $app = Import-TeleportResource (Join-Path $pb 'app.yaml')
        (Test-TeleportMcpRole -Path (Join-Path $pb 'roles.yaml'), (Join-Path $pb 'users.yaml') -User bob -App $app -Tool t).Decision | Should -BeExactly 'Allowed'
    }

    # A deserialized copy holds only the shown text (the values read stayed in the session that wrote it): it is used as
    # shown, and a warning names the properties that look escaped, so a differing verdict is never silent.
    It 'a deserialized copy (Import-Clixml) is used as shown, with a warning naming what looks escaped' {
        $x = Join-Path $TestDrive 'pb.clixml'
        Import-TeleportResource (Join-Path $pb 'roles.yaml'), (Join-Path $pb 'users.yaml'), (Join-Path $pb 'app.yaml') | Export-Clixml $x
        $r = Import-Clixml $x | Test-TeleportMcpRole -User bob -App srv -Tool t -WarningVariable w -WarningAction SilentlyContinue
        $r.Decision | Should -BeExactly 'AppNotAccessible'
        @($w | Where-Object { "$_" -like 'app "srv" is a deserialized copy (Import-Clixml, remoting, a job): its Labels hold text as the module showed it*' }).Count | Should -Be 1
        @($w | Where-Object { "$_" -like 'role "esc" is a deserialized copy*its AllowAppLabels hold text*' }).Count | Should -Be 1
    }

    It 'a role''s app_labels given back match -AppLabels as in the file, and the role keeps its shown labels' {
        $role = Import-TeleportResource (Join-Path $pb 'roles.yaml') | Where-Object Name -eq 'esc'
        $shown = $role.AllowAppLabels['env'][0]
        $shown | Should -BeExactly 'prod\x1B'
        ($role | Test-TeleportMcpRole -Path (Join-Path $pb 'users.yaml') -User alice -AppLabels @{ env = "prod$([char]27)" } -Tool t).Decision | Should -BeExactly 'Allowed'
        $role.AllowAppLabels['env'][0] | Should -BeExactly $shown
    }
}
