BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'TctlStandIn.ps1')
    $script:tp = $script:StandInExe
    function Join-Argv([string[]] $a) { $a -join ' | ' }
}

AfterAll { Reset-TctlStandIn }

Describe 'Set-TeleportMcpTools' {
    BeforeEach {
        Initialize-TctlStandIn @(
            (New-TestUser alice -Tools 'a'),
            (New-TestUser bob),
            (New-TestUser carol -Tools 'a', 'b', 'c')
        ) | Out-Null
    }

    Context 'changes' {
        It 'replaces the list (U2): one read, one update, one read-back' {
            Set-TeleportMcpTools -User alice -Tools x, y -TctlPath $tp -WarningAction SilentlyContinue
            Get-StoredTool alice | Should -Be @('x', 'y')
            $calls = @(Get-TctlCall)
            $calls.Count | Should -Be 3
            Join-Argv $calls[0] | Should -Be 'get | users/alice | --format=json'
            Join-Argv $calls[1] | Should -Be 'users | update | alice | --set-mcp-tools=x | --set-mcp-tools=y'
            Join-Argv $calls[2] | Should -Be 'get | users/alice | --format=json'
        }

        It '-Append merges in order without duplicates' {
            Set-TeleportMcpTools alice -Tools b, a, b -Append -TctlPath $tp -WarningAction SilentlyContinue
            Get-StoredTool alice | Should -Be @('a', 'b')
        }

        It '-Append to a user without the trait' {
            Set-TeleportMcpTools bob -Tools search_files -Append -TctlPath $tp -WarningAction SilentlyContinue
            Get-StoredTool bob | Should -Be @('search_files')
        }

        It '-Remove drops only the given entries' {
            Set-TeleportMcpTools carol -Tools b, zzz -Remove -TctlPath $tp -WarningAction SilentlyContinue
            Get-StoredTool carol | Should -Be @('a', 'c')
        }

        It '-Remove of a tool a wildcard entry still grants warns, names the entry and shows the commands that revoke it' {
            Initialize-TctlStandIn @((New-TestUser dave -Tools '*', 'read_file')) | Out-Null
            Set-TeleportMcpTools dave -Tools dump_env -Remove -TctlPath $tp -WarningVariable w -WarningAction SilentlyContinue
            Get-StoredTool dave | Should -Be @('*', 'read_file')
            $still = @($w | Where-Object { "$_" -like '*does not revoke it*' })
            $still.Count | Should -Be 1
            "$($still[0])" | Should -BeLike '*"dump_env"*entry "`*"*'
            "$($still[0])" | Should -BeLike "*Set-TeleportMcpTools -User 'dave' -Remove -Tools '``*'; Set-TeleportMcpTools -User 'dave' -Append -Tools*"
        }

        It 'takes user names from the pipeline by value and by property name' {
            'alice', 'bob' | Set-TeleportMcpTools -Tools read_file -TctlPath $tp -WarningAction SilentlyContinue
            Get-StoredTool alice | Should -Be @('read_file')
            Get-StoredTool bob | Should -Be @('read_file')
            [pscustomobject]@{ User = 'carol' } | Set-TeleportMcpTools -Tools x -TctlPath $tp -WarningAction SilentlyContinue
            Get-StoredTool carol | Should -Be @('x')
        }

        It '-Clear sends one empty value, which stores [""] (U5)' {
            Set-TeleportMcpTools carol -Clear -TctlPath $tp -WarningAction SilentlyContinue
            Get-StoredTool carol | Should -Be @('')
            $update = @(Get-TctlCall) | Where-Object { $_[0] -eq 'users' }
            $update | Should -HaveCount 4
            $update[3] | Should -BeExactly '--set-mcp-tools='
        }

        It 'an -Append that changes nothing sends no update' {
            Set-TeleportMcpTools carol -Tools a -Append -TctlPath $tp -WarningAction SilentlyContinue
            @(Get-TctlCall | Where-Object { $_[0] -eq 'users' }).Count | Should -Be 0
        }

        It 'a replace with the list already stored sends no update and no login notice' {
            Set-TeleportMcpTools carol -Tools a, b, c -TctlPath $tp -WarningVariable w -WarningAction SilentlyContinue
            @(Get-TctlCall | Where-Object { $_[0] -eq 'users' }).Count | Should -Be 0
            $w | Should -BeNullOrEmpty
        }

        It 'says that the user must log in again' {
            Set-TeleportMcpTools alice -Tools x -TctlPath $tp -WarningVariable w -WarningAction SilentlyContinue
            ($w -join "`n") | Should -Match 'alice must log in again \(tsh login\)'
        }

        It 'shows before and after in the ShouldProcess text' {
            $verbose = Set-TeleportMcpTools alice -Tools z -Append -TctlPath $tp -Verbose -WarningAction SilentlyContinue 4>&1
            ($verbose -join "`n") | Should -Match ([regex]::Escape('Set MCP tools [a] -> [a, z]'))
        }

        It 'passes connection parameters through before the command' {
            $id = Join-Path $TestDrive 'identity file'
            $cfg = Join-Path $TestDrive 'teleport.yaml'
            Set-Content -LiteralPath $id, $cfg -Value 'x'
            Get-TeleportMcpTools alice -TctlPath $tp -AuthServer 'proxy.example.com:443' -IdentityFile $id -ConfigFile $cfg | Out-Null
            Join-Argv @(Get-TctlCall)[0] | Should -Be "--auth-server=proxy.example.com:443 | --identity=$id | --config=$cfg | get | users/alice | --format=json"
        }

        # kingpin gives the text after '=' to the flag whatever it starts with; "--auth-server --insecure" made it a flag.
        It 'passes an -AuthServer that starts with a dash as the value of --auth-server: <AuthServer>' -ForEach @(
            @{ AuthServer = '--insecure' }, @{ AuthServer = '-d' }, @{ AuthServer = '--auth-server=evil:443' }
        ) {
            Get-TeleportMcpTools alice -TctlPath $tp -AuthServer $AuthServer | Out-Null
            $call = @(Get-TctlCall)[0]
            Join-Argv $call | Should -BeExactly "--auth-server=$AuthServer | get | users/alice | --format=json"
        }
    }

    Context '-PassThru' {
        It 'writes the stored result' {
            $r = Set-TeleportMcpTools alice -Tools b -Append -PassThru -TctlPath $tp -WarningAction SilentlyContinue
            $r | Should -BeOfType ([TeleportMcp.UserTools])
            $r.User | Should -Be 'alice'
            $r.Tools | Should -Be @('a', 'b')
            $r.Roles | Should -Be @('access')
        }

        It 'writes nothing without it' {
            Set-TeleportMcpTools alice -Tools b -Append -TctlPath $tp -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        }
    }

    Context '-WhatIf' {
        It 'a replace preview needs no tctl at all' {
            Set-TeleportMcpTools alice -Tools x -WhatIf -TctlPath (Join-Path $TestDrive 'no-tctl-here')
            Test-Path -LiteralPath $env:TCTL_STANDIN_LOG | Should -BeFalse
            Get-StoredTool alice | Should -Be @('a')
        }

        It 'an -Append preview reads but does not update' {
            Set-TeleportMcpTools alice -Tools x -Append -WhatIf -TctlPath $tp
            @(Get-TctlCall | Where-Object { $_[0] -eq 'users' }).Count | Should -Be 0
            @(Get-TctlCall).Count | Should -Be 1
            Get-StoredTool alice | Should -Be @('a')
        }

        It 'a piped -Append preview from ToolAccess-like objects changes nothing' {
            @(
                [pscustomobject]@{ User = 'alice'; App = 'files'; Tool = 'read_file'; Decision = 'NotGranted' }
                [pscustomobject]@{ User = 'alice'; App = 'files'; Tool = 'write_file'; Decision = 'Allowed' }
            ) | Where-Object Decision -eq NotGranted | Set-TeleportMcpTools -Append -WhatIf -TctlPath $tp
            @(Get-TctlCall | Where-Object { $_[0] -eq 'users' }).Count | Should -Be 0
            Get-StoredTool alice | Should -Be @('a')
        }
    }

    Context 'pipeline' {
        It 'gathers input per user: one update each' {
            @(
                [pscustomobject]@{ User = 'alice'; Tool = 'b' }
                [pscustomobject]@{ User = 'bob'; Tool = 'x' }
                [pscustomobject]@{ User = 'alice'; Tool = 'c' }
                [pscustomobject]@{ User = 'alice'; Tool = 'b' }
            ) | Set-TeleportMcpTools -Append -TctlPath $tp -WarningAction SilentlyContinue
            $updates = @(Get-TctlCall | Where-Object { $_[0] -eq 'users' })
            $updates.Count | Should -Be 2
            Join-Argv $updates[0] | Should -Be 'users | update | alice | --set-mcp-tools=a | --set-mcp-tools=b | --set-mcp-tools=c'
            Join-Argv $updates[1] | Should -Be 'users | update | bob | --set-mcp-tools=x'
            Get-StoredTool alice | Should -Be @('a', 'b', 'c')
        }

        It 'binds Name as the user' {
            [pscustomobject]@{ Name = 'bob'; Tools = @('p', 'q') } | Set-TeleportMcpTools -TctlPath $tp -WarningAction SilentlyContinue
            Get-StoredTool bob | Should -Be @('p', 'q')
        }

        # A role, app or probe result has a Name, which is not a user's: piping one must not change the user of that name.
        # A refused value leaves which users were meant unclear: the user beside it is held back too (helper-259; was changed).
        It 'a piped <How> is PipedObjectNotUser naming it and changes no user, not even the user beside it (McpToolsNotChanged)' -ForEach @(
            @{ How = 'role'; Make = { Import-TeleportResource -InputObject "kind: role`nversion: v7`nmetadata:`n  name: bob`nspec: {}`n" } }
            @{ How = 'role after Export-Clixml'; Make = {
                    $f = Join-Path $TestDrive 'role.xml'
                    Import-TeleportResource -InputObject "kind: role`nversion: v7`nmetadata:`n  name: bob`nspec: {}`n" | Export-Clixml -LiteralPath $f
                    Import-Clixml -LiteralPath $f } }
            @{ How = 'role after ConvertTo-Json'; Make = { Import-TeleportResource -InputObject "kind: role`nversion: v7`nmetadata:`n  name: bob`nspec: {}`n" | ConvertTo-Json -Depth 6 | ConvertFrom-Json } }
            @{ How = 'app'; Make = { Import-TeleportResource -InputObject "kind: app`nversion: v3`nmetadata:`n  name: bob`nspec:`n  uri: mcp+stdio://`n  mcp:`n    command: x`n    run_as_host_user: 'y'`n" } }
            @{ How = 'file'; Make = { $f = Join-Path $TestDrive 'bob'; Set-Content -LiteralPath $f -Value ''; Get-Item -LiteralPath $f } }
        ) {
            $given = & $Make
            @($given, 'alice') | Set-TeleportMcpTools -Tools x -TctlPath $tp -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $err | Should -HaveCount 2
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'PipedObjectNotUser,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].Exception.Message | Should -Match 'got (a|the) .*(bob|Name is not a user)'
            $err[1].FullyQualifiedErrorId | Should -BeExactly 'McpToolsNotChanged,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
            @(Get-TctlCall).Count | Should -Be 0
            Get-StoredTool bob | Should -BeNullOrEmpty
            Get-StoredTool alice | Should -Be @('a')
        }

        It 'a hashtable with a Name key names its user, as its User key would' {
            @{ Name = 'bob' } | Set-TeleportMcpTools -Tools x -TctlPath $tp -WarningAction SilentlyContinue
            Get-StoredTool bob | Should -Be @('x')
        }
    }

    Context 'hostile tool names' {
        It 'reach tctl byte for byte: <Name>' -ForEach @(
            @{ Name = 'regex'; Tool = '^(get|list)_.*$' }
            @{ Name = 'quotes'; Tool = 'say "hi"' }
            @{ Name = 'backslash before quote'; Tool = 'a\"b' }
            @{ Name = 'trailing backslash'; Tool = 'C:\tools\' }
            @{ Name = 'shell metacharacters'; Tool = '$HOME;rm -rf /|`x`&%PATH%' }
            @{ Name = 'leading dash'; Tool = '--set-roles=editor' }
            @{ Name = 'unicode'; Tool = 'ünïcødé_工具_🛠' }
            @{ Name = 'single quote'; Tool = "it's" }
            @{ Name = 'glob'; Tool = 'slack_*' }
        ) {
            Set-TeleportMcpTools alice -Tools $Tool -TctlPath $tp -WarningAction SilentlyContinue -ErrorVariable err
            $err | Should -BeNullOrEmpty
            $update = @(Get-TctlCall | Where-Object { $_[0] -eq 'users' })
            $update.Count | Should -Be 1
            $update[0][3] | Should -BeExactly "--set-mcp-tools=$Tool"
            Get-StoredTool alice | Should -BeExactly @($Tool)
        }
    }

    Context 'validation' {
        It 'refuses <Name> and sends nothing' -ForEach @(
            @{ Name = 'a comma (tctl would split it)'; Tools = @('a,b'); Code = 'ToolEntryHasComma' }
            @{ Name = 'an empty entry'; Tools = @('ok', ''); Code = 'EmptyToolEntry' }
            @{ Name = 'surrounding whitespace'; Tools = @(' a'); Code = 'ToolEntryHasWhitespace' }
            @{ Name = 'a regex RE2 rejects'; Tools = @('^(?=get).*$'); Code = 'InvalidToolRegex' }
            # Issue 17 item 16: a line break or ESC would be stored in Teleport and reach every terminal.
            @{ Name = 'a newline inside'; Tools = @("line1`nline2"); Code = 'ToolEntryHasControlCharacter' }
            @{ Name = 'an ESC sequence'; Tools = @("read$([char]27)]0;t$([char]7)"); Code = 'ToolEntryHasControlCharacter' }
            # helper-292: tctl (Go) would read the lone surrogate as U+FFFD and Teleport would store x\uFFFD.
            @{ Name = 'a lone surrogate'; Tools = @('x' + [char]0xD800); Code = 'ToolEntryHasLoneSurrogate' }
            @{ Name = 'a bidi override'; Tools = @("read$([char]0x202E)exe"); Code = 'ToolEntryHasControlCharacter' }
        ) {
            Set-TeleportMcpTools alice -Tools $Tools -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidToolEntry,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].ErrorDetails.Message | Should -Match $Code
            Test-Path -LiteralPath $env:TCTL_STANDIN_LOG | Should -BeFalse
        }

        It 'warns about a regex-looking entry without ^ and $, and still writes it' {
            Set-TeleportMcpTools alice -Tools '^(get|list)_.*' -TctlPath $tp -WarningVariable w -WarningAction SilentlyContinue
            ($w -join "`n") | Should -Match 'not a regular expression \(P1\)'
            Get-StoredTool alice | Should -Be @('^(get|list)_.*')
        }

        It 'refuses a user name tctl would misread' {
            Set-TeleportMcpTools -User '-rf' -Tools a -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidUserName,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
            Test-Path -LiteralPath $env:TCTL_STANDIN_LOG | Should -BeFalse
        }

        # -User takes no wildcards (session 48, helper-344): 'a*' was sent to tctl and was TeleportUserNotFound.
        It 'a -User value with the wildcard <Given> is UserNameHasWildcard and no user is changed' -ForEach @(
            @{ Given = 'a*' }, @{ Given = 'b?b' }, @{ Given = '[ab]lice' }
        ) {
            Set-TeleportMcpTools -User $Given, 'alice' -Tools a -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
            $err.FullyQualifiedErrorId | Should -BeExactly @('UserNameHasWildcard,TeleportMcp.Commands.SetTeleportMcpToolsCommand', 'McpToolsNotChanged,TeleportMcp.Commands.SetTeleportMcpToolsCommand')
            $err[0].Exception.Message | Should -BeLike '*takes no wildcards*'
            Test-Path -LiteralPath $env:TCTL_STANDIN_LOG | Should -BeFalse
        }

        It 'an escaped wildcard names the user literally (Teleport allows any non-empty name)' {
            Initialize-TctlStandIn @((New-TestUser 'a*' -Tools 'x')) | Out-Null
            Set-TeleportMcpTools -User 'a`*' -Tools y -TctlPath $tp
            Get-StoredTool 'a*' | Should -Be @('y')
        }

        It 'asks before granting "*", and a host that cannot ask needs -Force' {
            Set-TeleportMcpTools alice -Tools '*' -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'GrantAllNeedsConfirmation,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
            @(Get-TctlCall | Where-Object { $_[0] -eq 'users' }).Count | Should -Be 0
            Set-TeleportMcpTools alice -Tools '*' -Force -TctlPath $tp -WarningAction SilentlyContinue
            Get-StoredTool alice | Should -Be @('*')
        }

        # `pwsh -c 'Set-TeleportMcpTools ...' < /dev/null`: the console host read end of input and threw a NullReferenceException.
        It 'a console whose input has ended cannot ask: <Name>, nothing written' -ForEach @(
            @{ Name = 'granting "*" is GrantAllNeedsConfirmation'; Command = 'Set-TeleportMcpTools alice -Tools ''*'' -TctlPath $Arg[0] -ErrorAction SilentlyContinue -ErrorVariable err'
               Id = 'GrantAllNeedsConfirmation,TeleportMcp.Commands.SetTeleportMcpToolsCommand'; Target = 'alice' }
            # Session 47 (review 329): the module's own id and the target it asked about, not PowerShell's InvalidOperation.
            @{ Name = '-Confirm stops as under -NonInteractive'; Command = 'Set-TeleportMcpTools alice -Tools x -Confirm -TctlPath $Arg[0] -ErrorAction SilentlyContinue -ErrorVariable err'
               Id = 'ConfirmationUnavailable,TeleportMcp.Commands.SetTeleportMcpToolsCommand'; Target = 'Teleport user alice' }
        ) {
            $r = Invoke-AtInputEnd $Command @($tp)
            $r.Ids | Should -BeExactly $Id -Because $r.Output
            $r.Targets | Should -BeExactly $Target -Because $r.Output
            $r.Output | Should -Not -Match 'NullReferenceException|Object reference not set'
            @(Get-TctlCall | Where-Object { $_[0] -eq 'users' }).Count | Should -Be 0
            Get-StoredTool alice | Should -Be @('a')
        }
    }

    Context 'failures' {
        It 'tctl missing is terminating TctlNotFound' {
            ({ Set-TeleportMcpTools alice -Tools x -Append -TctlPath (Join-Path $TestDrive 'missing/tctl') -ErrorAction Stop } |
                Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'TctlNotFound,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
        }

        It 'tctl is looked up on PATH' {
            $saved = $env:PATH
            try {
                $env:PATH = $script:StandInDir
                Set-TeleportMcpTools alice -Tools x -WarningAction SilentlyContinue
                Get-StoredTool alice | Should -Be @('x')
                $env:PATH = $TestDrive
                ({ Set-TeleportMcpTools alice -Tools y -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'TctlNotFound,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
            }
            finally { $env:PATH = $saved }
        }

        It 'an unknown user is TeleportUserNotFound with tctl''s text' {
            Set-TeleportMcpTools nobody -Tools x -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'TeleportUserNotFound,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].Exception.Message | Should -Match ([regex]::Escape('user "nobody" is not found'))
            @(Get-TctlCall | Where-Object { $_[0] -eq 'users' }).Count | Should -Be 0
        }

        It 'maps <Fail> to <Id>' -ForEach @(
            @{ Fail = 'access-denied'; Id = 'TctlAccessDenied'; Category = 'PermissionDenied'; Type = [UnauthorizedAccessException] }
            @{ Fail = 'not-logged-in'; Id = 'TctlNotLoggedIn'; Category = 'AuthenticationError'; Type = [System.Security.Authentication.AuthenticationException] }
            @{ Fail = 'error:the auth server said no'; Id = 'TctlFailed'; Category = 'InvalidOperation'; Type = [InvalidOperationException] }
        ) {
            $env:TCTL_STANDIN_FAIL = $Fail
            $env:TCTL_STANDIN_FAIL_ON = 'update'
            Set-TeleportMcpTools alice -Tools x -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err -WarningVariable w -WarningAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly "$Id,TeleportMcp.Commands.SetTeleportMcpToolsCommand"
            $err[0].CategoryInfo.Category | Should -BeExactly $Category
            $err[0].Exception.GetType() | Should -Be $Type
            Get-StoredTool alice | Should -Be @('a')
            $w | Should -BeNullOrEmpty
        }

        It 'keeps tctl''s stderr in a TctlFailed error' {
            $env:TCTL_STANDIN_FAIL = 'error:the auth server said no'
            Get-TeleportMcpTools alice -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].Exception.Message | Should -Match 'exited with code 1: the auth server said no'
        }

        It 'ends a hanging tctl and its children at -TimeoutSec' {
            $env:TCTL_STANDIN_FAIL = 'hang'
            $env:TCTL_STANDIN_PIDFILE = Join-Path $TestDrive 'pids.txt'
            # The stand-in (a .NET program) starts a second one and writes both pids before it hangs. A loaded machine may
            # take longer than any fixed time to start it: a run that timed out before the pids were written is done again
            # with a longer deadline (each run must still end in TctlTimeout).
            foreach ($timeout in 20, 60, 180) {
                Remove-Item -LiteralPath $env:TCTL_STANDIN_PIDFILE -ErrorAction SilentlyContinue
                Set-TeleportMcpTools alice -Tools x -Append -TimeoutSec $timeout -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
                $err[0].FullyQualifiedErrorId | Should -BeExactly 'TctlTimeout,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
                $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
                if ((Test-Path -LiteralPath $env:TCTL_STANDIN_PIDFILE) -and @(Get-Content -LiteralPath $env:TCTL_STANDIN_PIDFILE).Count -eq 2) { break }
            }
            $pids = @(Get-Content -LiteralPath $env:TCTL_STANDIN_PIDFILE | ForEach-Object { [int]$_ })
            $pids.Count | Should -Be 2
            foreach ($p in $pids) {
                # The OS may need a moment to tear a killed process down; this waits for it, it does not time anything.
                for ($i = 0; $i -lt 600 -and (Test-ProcessAlive $p); $i++) { Start-Sleep -Milliseconds 100 }
                Test-ProcessAlive $p | Should -BeFalse
            }
        }

        It 'fails loudly when someone else changed the list in between (lost update)' {
            $env:TCTL_STANDIN_CONCURRENT = '["someone-elses-tool"]'
            $r = Set-TeleportMcpTools alice -Tools b -Append -PassThru -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'McpToolsLostUpdate,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
            $err[0].CategoryInfo.Category | Should -BeExactly 'InvalidResult'
            $err[0].Exception | Should -BeOfType ([InvalidOperationException])
            $err[0].Exception.Message | Should -Match ([regex]::Escape('written as [a, b], but Teleport now stores [someone-elses-tool]'))
        }
    }
}

Describe 'tctl stand-in (reproduces tool/tctl/common/user_command.go)' {
    BeforeEach { Initialize-TctlStandIn @((New-TestUser alice -Tools 'a')) | Out-Null }

    It 'splits each --set-mcp-tools on commas, trims, keeps empty pieces (U3) and prints the update (U6)' {
        $out = & $script:StandInExe users update alice --set-mcp-tools 'a, b' --set-mcp-tools 'c,,d'
        $LASTEXITCODE | Should -Be 0
        $out | Should -Be @('User alice has been updated:', "`tNew MCP tools: a,b,c,,d")
        Get-StoredTool alice | Should -Be @('a', 'b', 'c', '', 'd')
    }

    It 'with no --set flag says "Nothing to update" and exits 1' {
        $err = & $script:StandInExe users update alice 2>&1
        $LASTEXITCODE | Should -Be 1
        ($err -join "`n") | Should -Match 'ERROR: .*Nothing to update\. Please provide at least one --set flag\.'
    }

    It 'a flag without its value is a kingpin usage error, exit 1' {
        $err = & $script:StandInExe users update alice --set-mcp-tools 2>&1
        $LASTEXITCODE | Should -Be 1
        ($err -join "`n") | Should -Match "ERROR: .*expected argument for flag '--set-mcp-tools'"
    }

    It 'an unknown user is "user %q is not found", exit 1' {
        $err = & $script:StandInExe get users/nobody --format=json 2>&1
        $LASTEXITCODE | Should -Be 1
        ($err -join "`n") | Should -Match 'ERROR: .*user "nobody" is not found'
    }

    It 'tctl get prints a JSON array even for one resource (U7)' {
        $json = (& $script:StandInExe get users/alice --format=json) -join "`n"
        $json.TrimStart() | Should -BeLike '`[*'
        @($json | ConvertFrom-Json).Count | Should -Be 1
    }

    It 'mixed kinds in JSON are refused (U8)' {
        $err = & $script:StandInExe get users,roles --format=json 2>&1
        $LASTEXITCODE | Should -Be 1
        ($err -join "`n") | Should -Match 'mixed resource types only support YAML formatting'
    }
}
