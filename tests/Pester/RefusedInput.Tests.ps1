# A value a parameter cannot use (a file or a hashtable where a user name is expected, a copy that does not read, a name
# where objects are expected, a list inside the list) is that item's error with a stable id and the object as target,
# piped or among several values on the command line; the good values beside it are examined; and -Quiet / -FailOn
# cannot answer green, since something given was not examined.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Cluster = Join-Path $ExamplesDir 'cluster'
    $script:Config = Join-Path $ExamplesDir 'teleport.yaml'
    $script:RolesAndUsers = (Join-Path $Cluster 'roles.yaml'), (Join-Path $Cluster 'users.yaml')
    # A user copy whose Roles do not read, and an app copy whose Origin names nothing.
    $script:BadUser = [pscustomobject]@{ PSTypeName = 'TeleportMcp.User'; Name = 'mallory'; Roles = @{ a = 1 } }
    $script:Clean = New-CleanCluster (Join-Path $TestDrive 'clean') -User dana, erin
    $script:File = Get-Item -LiteralPath (Join-Path $Clean 'all.yaml')

    function Get-Ids($Errors) { @($Errors | ForEach-Object FullyQualifiedErrorId) }
}

Describe 'Invoke-TeleportMcpDiagnosis with a refused -User value' {
    It 'is clean with the two good users alone' {
        'dana', 'erin' | Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -Quiet | Should -BeTrue
    }

    It '<Form>: [good, refused, good] examines the two good users, writes one PipedObjectNotUser error naming the object, and -Quiet is $false' -ForEach @(
        @{ Form = 'piped'; Run = { param($q) 'dana', $File, 'erin' | Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -Quiet:$q -Verbose -ErrorVariable script:err -ErrorAction SilentlyContinue 4>&1 } }
        @{ Form = 'command line'; Run = { param($q) Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -User 'dana', $File, 'erin' -Quiet:$q -Verbose -ErrorVariable script:err -ErrorAction SilentlyContinue 4>&1 } }
    ) {
        $out = @(& $Run $true)
        @($out | Where-Object { $_ -is [bool] }) | Should -Be @($false)
        # Both good users were examined, and only they.
        $v = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($v | Where-Object { $_ -like 'Examined: Teleport''s MCP decisions for 2 user(s) on 1 MCP server(s)*' }).Count | Should -Be 1 -Because ($v -join "`n")
        @($v | Where-Object { $_ -like 'dana on local - *' }).Count | Should -BeGreaterThan 0
        @($v | Where-Object { $_ -like 'erin on local - *' }).Count | Should -BeGreaterThan 0
        $refused = @($err | Where-Object FullyQualifiedErrorId -ceq 'PipedObjectNotUser,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $refused.Count | Should -Be 1 -Because ('ids: ' + ((Get-Ids $err) -join ', '))
        $refused[0].TargetObject.FullName | Should -BeExactly $File.FullName
        $refused[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-Ids $err) -ccontains 'InputRefused,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand' | Should -BeTrue
        @(Get-Ids $err) -clike 'UserNotFound,*' | Should -BeNullOrEmpty
    }

    It '-FailOn ends with InputRefused after the findings, and the report lists the refused value as not examined' {
        $report = Join-Path $TestDrive 'refused.md'
        $e = { Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -User 'dana', @{ Shift = 'night' }, 'erin' -FailOn Fail -OutFile $report -ErrorAction SilentlyContinue } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeExactly 'InputRefused,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
        Get-Content -Raw $report | Should -Match '(?s)Not examined:.*- refused: -User\\\[1\\\]: -User takes user names: .*got a System.Collections.Hashtable \\\(keys Shift\\\) without a User key'
    }

    It 'command line: an empty name beside dana is that item''s error naming its place, and -Quiet is $false' {
        @(Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -User 'dana', '' -Quiet -ErrorVariable err -ErrorAction SilentlyContinue) | Should -Be @($false)
        $refused = @($err | Where-Object FullyQualifiedErrorId -ceq 'PipedObjectNotUser,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $refused.Count | Should -Be 1 -Because ('ids: ' + ((Get-Ids $err) -join ', '))
        $refused[0].Exception.Message | Should -Match '^-User\[1\]: .*got an empty name'
    }

    It 'every value refused on the command line diagnoses nobody in their place' {
        $v = @(Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -User @{ Shift = 'night' } -Verbose -ErrorAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($v | Where-Object { $_ -like 'dana on *' -or $_ -like 'erin on *' }) | Should -BeNullOrEmpty
        @(Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -User @{ Shift = 'night' } -Quiet -ErrorAction SilentlyContinue) | Should -Be @($false)
    }
}

Describe 'Test-TeleportMcpApp with a refused -User value' {
    It '<Form>: [good, refused, good] tests the apps for the two good users, one error, -Quiet $false' -ForEach @(
        @{ Form = 'piped'; Run = { param($q) [pscustomobject]@{ User = 'alice' }, [pscustomobject]@{ User = $BadUser }, [pscustomobject]@{ User = 'bob' } |
                    Test-TeleportMcpApp -Path $Config, (Join-Path $Cluster 'users.yaml') -Name everything -Quiet:$q -ErrorVariable script:err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } }
        @{ Form = 'command line'; Run = { param($q) Test-TeleportMcpApp -Path $Config, (Join-Path $Cluster 'users.yaml') -Name everything -User 'alice', $BadUser, 'bob' -Quiet:$q -ErrorVariable script:err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } }
    ) {
        @(& $Run $true) | Should -Be @($false)
        $ids = Get-Ids $err
        $ids | Should -BeExactly @('InvalidResourceProperty,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $err[0].TargetObject | Should -BeExactly 'mallory'
        $checks = @(& $Run $false)
        @($checks | ForEach-Object User | Sort-Object -Unique) | Should -Be @('alice', 'bob')
        @(Test-TeleportMcpApp -Path $Config, (Join-Path $Cluster 'users.yaml') -Name everything -User 'alice', 'bob' -WarningAction SilentlyContinue | ForEach-Object { "$($_.User) $($_.Check) $($_.Status)" }) |
            Should -Be @($checks | ForEach-Object { "$($_.User) $($_.Check) $($_.Status)" })
    }

    It 'a list inside the list given to -User is that item''s PipedObjectNotUser, not a binding error for the whole argument' {
        $null = Test-TeleportMcpApp -Path $Config, (Join-Path $Cluster 'users.yaml') -Name everything -User 'alice', @('x', 'y'), 'bob' -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.TestTeleportMcpAppCommand')
    }
}

Describe 'Test-TeleportMcpRole with a refused -User, -App or -Role value' {
    BeforeAll {
        $script:Apps = @(Import-TeleportResource $Config | Where-Object { $_ -is [TeleportMcp.App] } | Select-Object -First 2)
        $script:BadApp = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($Apps[0]))
        $BadApp.Origin = 'somewhere'
        $script:Roles = @(Import-TeleportResource (Join-Path $Cluster 'roles.yaml'))
    }

    It '<Form>: [good, refused, good] users decide for the two good users, one error, -Quiet $false' -ForEach @(
        @{ Form = 'piped'; Run = { param($q) [pscustomobject]@{ User = 'alice' }, [pscustomobject]@{ User = $BadUser }, [pscustomobject]@{ User = 'bob' } |
                    Test-TeleportMcpRole -Path $RolesAndUsers -App $Apps[0] -Tool search_files -Quiet:$q -ErrorVariable script:err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } }
        @{ Form = 'command line'; Run = { param($q) Test-TeleportMcpRole -Path $RolesAndUsers -User 'alice', $BadUser, 'bob' -App $Apps[0] -Tool search_files -Quiet:$q -ErrorVariable script:err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } }
    ) {
        @(& $Run $true) | Should -Be @($false)
        Get-Ids $err | Should -BeExactly @('InvalidResourceProperty,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].TargetObject | Should -BeExactly 'mallory'
        $d = @(& $Run $false)
        @($d | ForEach-Object User | Sort-Object -Unique) | Should -Be @('alice', 'bob')
    }

    It 'command line: [good, refused, good] apps decide for the two good apps, one UnknownAppOrigin error, -Quiet $false' {
        $all = @($Apps[0], $BadApp, $Apps[1])
        @(Test-TeleportMcpRole -Path $RolesAndUsers -User bob -App $all -Tool search_files -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Should -Be @($false)
        Get-Ids $err | Should -BeExactly @('UnknownAppOrigin,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].TargetObject | Should -BeExactly $Apps[0].Name
        $d = @(Test-TeleportMcpRole -Path $RolesAndUsers -User bob -App $all -Tool search_files -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        @($d | ForEach-Object App) | Should -Be @($Apps[0].Name, $Apps[1].Name)
    }

    It 'command line: [good, refused, good] roles use the two good roles, one InvalidRoleObject error naming the value, -Quiet $false' {
        $given = @($Roles[0], 'access', $Roles[1])
        @(Test-TeleportMcpRole -Role $given -Path (Join-Path $Cluster 'users.yaml') -User bob -App $Apps[0] -Tool search_files -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Should -Be @($false)
        Get-Ids $err | Should -BeExactly @('InvalidRoleObject,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].TargetObject | Should -BeExactly 'access'
        $err[0].Exception.Message | Should -BeLike "-Role``[1``]: -Role takes TeleportMcp.Role objects*got the name 'access'."
        (Get-Command Test-TeleportMcpRole).Parameters['Role'].ParameterType | Should -Be ([TeleportMcp.RoleChoice[]])
        # The good roles decide as they do alone.
        @(Test-TeleportMcpRole -Role $given -Path (Join-Path $Cluster 'users.yaml') -User bob -App $Apps[0] -Tool search_files -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | ForEach-Object Decision) |
            Should -Be @(Test-TeleportMcpRole -Role $Roles[0], $Roles[1] -Path (Join-Path $Cluster 'users.yaml') -User bob -App $Apps[0] -Tool search_files -WarningAction SilentlyContinue | ForEach-Object Decision)
    }
}

Describe 'Test-TeleportMcpClient with a refused -App or -User value' {
    BeforeAll {
        $script:ClientConfig = Join-Path $TestDrive 'claude.json'
        Set-Content -LiteralPath $ClientConfig '{"mcpServers": {"teleport-mcp-everything": {"command": "tsh", "args": ["mcp", "connect", "everything"]}}}'
        $script:ClientApps = @(Import-TeleportResource $Config | Where-Object { $_ -is [TeleportMcp.App] } | Select-Object -First 2)
    }

    It 'command line: [good, refused, good] apps check with the two good apps, one InvalidAppObject error, -Quiet $false' {
        $given = @($ClientApps[0], $File, $ClientApps[1])
        @(Test-TeleportMcpClient -Path $ClientConfig -SkipSession -App $given -Quiet -ErrorVariable err -ErrorAction SilentlyContinue) | Should -Be @($false)
        Get-Ids $err | Should -BeExactly @('InvalidAppObject,TeleportMcp.Commands.TestTeleportMcpClientCommand')
        $err[0].TargetObject.FullName | Should -BeExactly $File.FullName
        @(Test-TeleportMcpClient -Path $ClientConfig -SkipSession -App $given -ErrorAction SilentlyContinue | ForEach-Object { "$($_.Check) $($_.Status)" }) |
            Should -Be @(Test-TeleportMcpClient -Path $ClientConfig -SkipSession -App $ClientApps | ForEach-Object { "$($_.Check) $($_.Status)" })
        (Get-Command Test-TeleportMcpClient).Parameters['App'].ParameterType | Should -Be ([TeleportMcp.AppChoice[]])
    }

    It 'piped: [good, refused, good] users, the refused one a list inside the list, is one PipedObjectNotUser error and -Quiet $false' {
        $users = Join-Path $Cluster 'users.yaml'
        @('alice', (, @('x', 'y')), 'bob' | Test-TeleportMcpClient -Path $ClientConfig -SkipSession -ClusterPath $users -Quiet -ErrorVariable err -ErrorAction SilentlyContinue) | Should -Be @($false)
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.TestTeleportMcpClientCommand')
    }

    It 'command line: -User alice with <Text> beside it is that item''s error, alice still checked, -Quiet $false' -ForEach @(
        @{ Text = "''"; Bad = ''; Got = 'got an empty name' }
        @{ Text = '$null'; Bad = $null; Got = 'got null' }
    ) {
        $users = Join-Path $Cluster 'users.yaml'
        @(Test-TeleportMcpClient -Path $ClientConfig -SkipSession -ClusterPath $users -User 'alice', $Bad -Quiet -ErrorVariable err -ErrorAction SilentlyContinue) | Should -Be @($false)
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.TestTeleportMcpClientCommand')
        $err[0].Exception.Message | Should -Match ('^-User\[1\]: .*' + $Got)
        @(Test-TeleportMcpClient -Path $ClientConfig -SkipSession -ClusterPath $users -User 'alice', $Bad -ErrorAction SilentlyContinue | ForEach-Object { "$($_.Check) $($_.Status)" }) |
            Should -Be @(Test-TeleportMcpClient -Path $ClientConfig -SkipSession -ClusterPath $users -User 'alice' | ForEach-Object { "$($_.Check) $($_.Status)" })
    }

    It '-App <Text> alone is the validation error, as Test-TeleportMcpRole''s' -ForEach @(
        @{ Text = "''"; Given = @('') }
        @{ Text = '@($null)'; Given = @($null) }
    ) {
        ({ Test-TeleportMcpClient -Path $ClientConfig -SkipSession -App $Given -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.TestTeleportMcpClientCommand'
    }
}

Describe 'Get-TeleportMcpAuditEvent with a refused -User value on the command line' {
    It '[good, refused, good] lists the events of the two good users and writes one PipedObjectNotUser error' {
        $audit = Join-Path $ExamplesDir 'audit'
        $expected = @(Get-TeleportMcpAuditEvent -Path $audit -User alice, bob).Count
        $got = @(Get-TeleportMcpAuditEvent -Path $audit -User 'alice', @{ Shift = 'night' }, 'bob' -ErrorVariable err -ErrorAction SilentlyContinue)
        $got.Count | Should -Be $expected
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
        $err[0].TargetObject | Should -BeOfType [hashtable]
        # Every value refused: no event of a user nobody named.
        @(Get-TeleportMcpAuditEvent -Path $audit -User @{ Shift = 'night' } -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }

    It 'a tctl user document names its user, on the command line and piped; a role document is PipedObjectNotUser' {
        $audit = Join-Path $ExamplesDir 'audit'
        $expected = @(Get-TeleportMcpAuditEvent -Path $audit -User alice).Count
        $expected | Should -BeGreaterThan 0
        $doc = '[{"kind":"user","version":"v2","metadata":{"name":"alice"},"spec":{"roles":["access"]}}]' | ConvertFrom-Json
        @(Get-TeleportMcpAuditEvent -Path $audit -User $doc -ErrorVariable err1).Count | Should -Be $expected
        @($doc | Get-TeleportMcpAuditEvent -Path $audit -ErrorVariable err2).Count | Should -Be $expected
        @($err1) + @($err2) | Should -BeNullOrEmpty
        $role = '[{"kind":"role","version":"v7","metadata":{"name":"alice"},"spec":{}}]' | ConvertFrom-Json
        @(Get-TeleportMcpAuditEvent -Path $audit -User $role -ErrorVariable err -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
    }

    It 'a piped custom object without User is the error''s target with its properties' {
        $audit = Join-Path $ExamplesDir 'audit'
        $null = [pscustomobject]@{ Shift = 'night' } | Get-TeleportMcpAuditEvent -Path $audit -ErrorVariable err -ErrorAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
        $err[0].TargetObject.Shift | Should -Be 'night'
    }
}

Describe 'A custom object refused by -Role' {
    It 'is the error''s target with its properties (Test-TeleportMcpRole -Role)' {
        $null = Test-TeleportMcpRole -Role ([pscustomobject]@{ Foo = 'role-bag' }) -UserName u -Roles r -AppLabels @{ env = 'dev' } -Tool x -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $refused = @($err | Where-Object { $_.FullyQualifiedErrorId -ceq 'InvalidRoleObject,TeleportMcp.Commands.TestTeleportMcpRoleCommand' })
        $refused.Count | Should -Be 1 -Because ('ids: ' + (@($err.FullyQualifiedErrorId) -join ', '))
        $refused[0].TargetObject.Foo | Should -BeExactly 'role-bag'
    }
}

Describe 'A refused custom object the caller holds' {
    It 'is redacted in the error''s target, not in the caller''s variable (Test-TeleportMcpRole -Role)' {
        $bag = [pscustomobject]@{ Foo = "a`e[31mb"; Secret = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB' }
        $null = Test-TeleportMcpRole -Role $bag -UserName u -Roles r -AppLabels @{ env = 'dev' } -Tool x -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $refused = @($err | Where-Object { $_.FullyQualifiedErrorId -ceq 'InvalidRoleObject,TeleportMcp.Commands.TestTeleportMcpRoleCommand' })
        $refused.Count | Should -Be 1
        $refused[0].TargetObject.Secret | Should -Not -Match 'ghp_0123'
        $refused[0].TargetObject.Foo | Should -Not -Match "`e"
        $bag.Secret | Should -BeExactly 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'
        $bag.Foo | Should -BeExactly "a`e[31mb"
    }
}

# The one rule for an object given where an app or a user (or its name) is expected (Choice.FromObject): never its text
# ("", a path, "System.Collections.Hashtable") looked up as a name, never another kind's copy taken for one of its name.
Describe 'An object given as an app or a user, by the one rule' {
    BeforeAll {
        $script:Everything = @($RolesAndUsers) + $Config
        $script:RoleObject = @(Import-TeleportResource (Join-Path $Cluster 'roles.yaml'))[0]
        $script:UserObject = @(Import-TeleportResource (Join-Path $Cluster 'users.yaml'))[0]
        $script:AppObject = @(Import-TeleportResource $Config | Where-Object { $_ -is [TeleportMcp.App] })[0]
        $script:Match = Select-String -LiteralPath (Join-Path $Cluster 'roles.yaml') -Pattern 'kind' | Select-Object -First 1
        function Copy-Clixml($o) { [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($o)) }
        function Copy-Json($o) { $o | ConvertTo-Json -Depth 6 | ConvertFrom-Json }
    }

    It 'Test-TeleportMcpRole -App [good, <Shape>, good]: one InvalidAppObject naming it, targeting it, and the two good apps decided' -ForEach @(
        @{ Shape = 'a custom object without a name'; Make = { [pscustomobject]@{ Foo = 1 } }; Says = 'got a custom object \(properties Foo\)' }
        @{ Shape = 'a hashtable without Name'; Make = { @{ Foo = 1 } }; Says = 'Hashtable \(keys Foo\)' }
        @{ Shape = 'a role'; Make = { $RoleObject }; Says = 'a role or a copy of one, not an app' }
        @{ Shape = 'a Clixml copy of a user'; Make = { Copy-Clixml $UserObject }; Says = 'Deserialized.TeleportMcp.User named .*, a user or a copy of one' }
        @{ Shape = 'a JSON copy of a role'; Make = { Copy-Json $RoleObject }; Says = 'a role or a copy of one, not an app' }
        @{ Shape = 'a JSON copy of a user'; Make = { Copy-Json $UserObject }; Says = 'a user or a copy of one, not an app' }
        @{ Shape = 'a file'; Make = { $File }; Says = 'System.IO.FileInfo' }
        @{ Shape = 'a Select-String match'; Make = { $Match }; Says = 'MatchInfo' }
        @{ Shape = 'an app copy without a name'; Make = { [pscustomobject]@{ Uri = 'mcp+stdio://'; Transport = 'stdio' } }; Says = 'a copy of an app without a Name' }
    ) {
        $given = & $Make
        $d = @(Test-TeleportMcpRole -Path $Everything -User bob -App 'everything', $given, 'files' -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        Get-Ids $err | Should -BeExactly @('InvalidAppObject,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].Exception.Message | Should -Match $Says
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        if ($given -is [IO.FileInfo]) { $err[0].TargetObject.FullName | Should -BeExactly $given.FullName } else { $err[0].TargetObject | Should -Not -BeNullOrEmpty }
        @($d | ForEach-Object App | Sort-Object -Unique) | Should -Be @('everything', 'files')
        @(Test-TeleportMcpRole -Path $Everything -User bob -App 'everything', $given, 'files' -Tool search_files -Quiet -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Should -Be @($false)
    }

    It 'a nameless custom object''s error targets it with its properties, redacted in a copy; the message names no value' {
        $bag = [pscustomobject]@{ Foo = "a`e[31mb"; Secret = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB' }
        $null = Test-TeleportMcpRole -Path $Everything -User bob -App 'everything', $bag -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('InvalidAppObject,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].TargetObject.Secret | Should -Not -Match 'ghp_0123'
        $err[0].TargetObject.Foo | Should -Not -Match "`e"
        $err[0].Exception.Message | Should -Not -Match 'ghp_0123|\e'
        $bag.Secret | Should -BeExactly 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'
    }

    It 'a hashtable with only a Name names the app (looked up), not an app without labels' {
        @(Test-TeleportMcpRole -Path $Everything -User bob -App @{ Name = 'everything' } -Tool search_files -WarningAction SilentlyContinue | ForEach-Object Decision) |
            Should -Be @(Test-TeleportMcpRole -Path $Everything -User bob -App everything -Tool search_files -WarningAction SilentlyContinue | ForEach-Object Decision)
        $null = Test-TeleportMcpRole -Path $Everything -User bob -App @{ Name = 'nowhere' } -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('AppNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].Exception.Message | Should -BeLike 'app "nowhere" was not found*'
    }

    # Before: the whole -App was refused (ParameterArgumentValidationError) and nothing was decided.
    It 'Test-TeleportMcpRole -App with an empty name beside a good one: that item''s error, the good app decided; alone, refused as PowerShell refuses -User ''''' {
        $d = @(Test-TeleportMcpRole -Path $Everything -User bob -App 'everything', '' -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        @($d | ForEach-Object App) | Should -Be @('everything')
        Get-Ids $err | Should -BeExactly @('InvalidAppObject,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].Exception.Message | Should -BeLike '-App`[1`]: *got an empty name.'
        ({ Test-TeleportMcpRole -Path $Everything -User bob -App '' -Tool search_files -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
    }

    It 'a wildcard that matches nothing and a name with control characters are AppNotFound naming them, escaped' {
        $null = Test-TeleportMcpRole -Path $Everything -User bob -App 'zz*none', "ab`ecd" -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('AppNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand', 'AppNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].Exception.Message | Should -BeLike 'app "zz`*none" was not found*'
        $err[1].Exception.Message | Should -BeLike 'app "ab\x1bcd" was not found*'
    }

    It 'Test-TeleportMcpRole and Test-TeleportMcpApp -User [good, <Shape>, good]: one PipedObjectNotUser, the two good users tested' -ForEach @(
        @{ Shape = 'a custom object without a name'; Make = { [pscustomobject]@{ Foo = 1 } } }
        @{ Shape = 'a JSON copy of an app'; Make = { Copy-Json $AppObject } }
        @{ Shape = 'a Clixml copy of a role'; Make = { Copy-Clixml $RoleObject } }
        @{ Shape = 'a file'; Make = { $File } }
    ) {
        $given = & $Make
        $d = @(Test-TeleportMcpRole -Path $Everything -User 'alice', $given, 'bob' -App everything -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        @($d | ForEach-Object User | Sort-Object -Unique) | Should -Be @('alice', 'bob')
        $c = @(Test-TeleportMcpApp -Path $Config, (Join-Path $Cluster 'users.yaml') -Name everything -User 'alice', $given, 'bob' -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        @($c | ForEach-Object User | Sort-Object -Unique) | Should -Be @('alice', 'bob')
    }

    It 'New-TeleportMcpRole piped [good, <Shape>]: InvalidAppObject, and no role is written' -ForEach @(
        @{ Shape = 'a file (its User is its owner, not a Teleport user)'; Make = { $File } }
        @{ Shape = 'a JSON copy of a role'; Make = { Copy-Json $RoleObject } }
        @{ Shape = 'a custom object without a name'; Make = { [pscustomobject]@{ Foo = 1 } } }
    ) {
        $given = & $Make
        $e = { 'everything', $given | New-TeleportMcpRole -Name r1 -Path $Config -Tool search_files -ErrorVariable script:nerr -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeExactly 'RoleNotWritten,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        @($nerr | ForEach-Object FullyQualifiedErrorId) -ccontains 'InvalidAppObject,TeleportMcp.Commands.NewTeleportMcpRoleCommand' | Should -BeTrue
    }

    # Before: [ValidateNotNull] refused the whole -App list for its null (a binding error, nothing decided), and a piped
    # null was a binding error while the role was still written without it.
    It 'New-TeleportMcpRole -App [good, null, role document]: one InvalidAppObject per item naming its place, and no role is written' {
        $roleDoc = [pscustomobject]@{ kind = 'role'; version = 'v8'; metadata = [pscustomobject]@{ name = 'access' }; spec = [pscustomobject]@{} }
        $e = { New-TeleportMcpRole -Name r1 -Path $Config -Tool search_files -App everything, $null, $roleDoc -ErrorVariable script:nerr -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeExactly 'RoleNotWritten,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $refused = @($nerr | Where-Object { $_.FullyQualifiedErrorId -ceq 'InvalidAppObject,TeleportMcp.Commands.NewTeleportMcpRoleCommand' })
        @($refused | ForEach-Object { $_.Exception.Message.Substring(0, 8) }) | Should -BeExactly @('-App[1]:', '-App[2]:')
    }

    It 'New-TeleportMcpRole piped [good, null]: InvalidAppObject, and no role is written' {
        $e = { 'everything', $null | New-TeleportMcpRole -Name r1 -Path $Config -Tool search_files -ErrorVariable script:nerr -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeExactly 'RoleNotWritten,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        Get-Ids @($nerr | Select-Object -First 1) | Should -BeExactly @('InvalidAppObject,TeleportMcp.Commands.NewTeleportMcpRoleCommand')
    }
}

Describe 'New-TeleportMcpRole -App on the command line with users piped, and tctl JSON documents given as apps and users' {
    BeforeAll {
        $script:Everything = @($RolesAndUsers) + $Config
        $script:RoleObject = @(Import-TeleportResource (Join-Path $Cluster 'roles.yaml'))[0]
        $script:UserObject = @(Import-TeleportResource (Join-Path $Cluster 'users.yaml'))[0]
        $script:AppObject = @(Import-TeleportResource $Config | Where-Object { $_ -is [TeleportMcp.App] })[0]
        # tctl get apps --format json writes one JSON array of resources (tool/tctl/common/collection.go writeJSON, utils.WriteJSONArray).
        $script:AppDocs = @(Get-Content -LiteralPath (Join-Path $Cluster 'apps.json') -Raw | ConvertFrom-Json)
    }

    # Before: each was taken by its text (a role as user "access", an app as "everything", a file as its owner, a hashtable as
    # "System.Collections.Hashtable"): UserNotFound, and {User = $null} wrote the role as if no user had been piped.
    It 'a piped <Shape> is PipedObjectNotUser, and no role is written in place of the preview' -ForEach @(
        @{ Shape = 'role'; Make = { $RoleObject } }
        @{ Shape = 'app'; Make = { $AppObject } }
        @{ Shape = 'file'; Make = { $File } }
        @{ Shape = 'hashtable without User'; Make = { @{ Name2 = 'bob' } } }
        @{ Shape = 'custom object whose User is empty'; Make = { [pscustomobject]@{ User = $null; X = 1 } } }
    ) {
        $given = & $Make
        $out = @(, $given | New-TeleportMcpRole -Name r1 -App everything -Tool search_files -Path $Everything -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.NewTeleportMcpRoleCommand')
        $out | Should -BeNullOrEmpty
    }

    It 'a piped <Shape> previews <User>' -ForEach @(
        @{ Shape = 'user'; Make = { $UserObject }; User = 'alice' }
        @{ Shape = 'JSON copy of a user'; Make = { $UserObject | ConvertTo-Json -Depth 6 | ConvertFrom-Json }; User = 'alice' }
        @{ Shape = 'hashtable with User'; Make = { @{ User = 'bob' } }; User = 'bob' }
        @{ Shape = 'custom object with User'; Make = { [pscustomobject]@{ User = 'bob' } }; User = 'bob' }
        @{ Shape = 'string'; Make = { 'bob' }; User = 'bob' }
        @{ Shape = 'tctl user document'; Make = { [pscustomobject]@{ kind = 'user'; version = 'v2'; metadata = [pscustomobject]@{ name = 'carol' }; spec = [pscustomobject]@{ roles = @('access') } } }; User = 'carol' }
    ) {
        $given = & $Make
        $out = @(, $given | New-TeleportMcpRole -Name r1 -App everything -Tool search_files -Path $Everything -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $err | Should -BeNullOrEmpty
        @($out | ForEach-Object User | Sort-Object -Unique) | Should -Be @($User)
    }

    It '-User alice, bob on the command line still previews both; a role among them is its error' {
        $out = @(New-TeleportMcpRole -Name r1 -App everything -Tool search_files -Path $Everything -User alice, $RoleObject, bob -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.NewTeleportMcpRoleCommand')
        @($out | ForEach-Object User | Sort-Object -Unique) | Should -Be @('alice', 'bob')
    }

    # Before: InvalidAppObject ("a tctl resource or a copy of one, not an app") for each document.
    It 'ConvertFrom-Json output of tctl get apps --format json given to Test-TeleportMcpRole -App is each app' {
        $d = @(Test-TeleportMcpRole -Path $Everything -User bob -App $AppDocs -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $err | Should -BeNullOrEmpty
        @($d | ForEach-Object App | Sort-Object -Unique) | Should -Be @('github', 'notion')
    }

    It 'the same documents piped to New-TeleportMcpRole are the apps the role is for' {
        $role = $AppDocs | New-TeleportMcpRole -Name r1 -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        $role | Should -BeOfType ([TeleportMcp.Role])
        $role.AllowAppLabels.team | Should -Not -BeNullOrEmpty
    }

    It 'a role document given to -App is InvalidAppObject naming its kind; a broken app document is the reader''s error at its place' {
        $roleDoc = [pscustomobject]@{ kind = 'role'; version = 'v8'; metadata = [pscustomobject]@{ name = 'access' }; spec = [pscustomobject]@{} }
        $broken = [pscustomobject]@{ kind = 'app'; version = 'v3'; metadata = [pscustomobject]@{ name = 'files' }; spec = [pscustomobject]@{ uri = @{ a = 1 } } }
        $d = @(Test-TeleportMcpRole -Path $Everything -User bob -App everything, $roleDoc, $broken -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $err.Count | Should -Be 2
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidAppObject,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
        $err[0].Exception.Message | Should -Match "kind 'role'"
        $err[1].Exception.Message | Should -BeLike '-App`[2`]: pipeline:*'
        @($d | ForEach-Object App | Sort-Object -Unique) | Should -Be @('everything')
    }
}

Describe 'A refused object in the diagnosis''s report' {
    It 'names it by its property names: no value, no raw control character, no .NET type name of a custom object' {
        $report = Join-Path $TestDrive 'refused-bag.md'
        $bag = [pscustomobject]@{ "k`e[2J" = "a`e[31mb"; Secret = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB' }
        $null = Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -User 'dana', $bag -OutFile $report -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $refused = @($err | Where-Object FullyQualifiedErrorId -ceq 'PipedObjectNotUser,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $refused.Count | Should -Be 1
        $refused[0].Exception.Message | Should -BeLike '*got a custom object (properties k\x1B`[2J, Secret) without a User property.'
        $text = Get-Content -Raw $report
        $text | Should -Match '(?s)Not examined:.*- refused: .*got a custom object \\\(properties k\\\\x1B\\\[2J, Secret\\\) without a User property'
        $text | Should -Not -Match 'ghp_0123|PSCustomObject|\e'
    }
}

# `tctl get all --format json | ConvertFrom-Json` (or a file edited by hand) gives one array of documents of mixed kinds,
# perhaps with a null: each item is read once, each one the parameter cannot use is one error naming its place
# (-App[3], as PowerShell indexes the array), and the good items are used. Before: a null refused the whole array
# (ParameterArgumentValidationError, nothing decided) and the errors did not say which item they were about.
Describe 'A tctl JSON array of mixed kinds given to -App, -User or -Role' {
    BeforeAll {
        $script:Everything = @($RolesAndUsers) + $Config
        $script:AppDocs = @(Get-Content -LiteralPath (Join-Path $Cluster 'apps.json') -Raw | ConvertFrom-Json)
        $script:RoleDoc = '{"kind":"role","version":"v8","metadata":{"name":"docs-role"},"spec":{"allow":{"app_labels":{"*":"*"},"mcp":{"tools":["*"]}}}}' | ConvertFrom-Json
        $script:UserDoc = '{"kind":"user","version":"v2","metadata":{"name":"doc-user"},"spec":{"roles":["docs-role"]}}' | ConvertFrom-Json
        $script:Mixed = @($AppDocs[0], $RoleDoc, $null, $UserDoc, $AppDocs[1])
    }

    It 'Test-TeleportMcpRole -App: the two apps decided, one error for each other item naming its index' {
        $d = @(Test-TeleportMcpRole -Path $Everything -User alice -App $Mixed -Tool x -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        @($d | ForEach-Object App | Sort-Object -Unique) | Should -Be @('github', 'notion')
        Get-Ids $err | Should -BeExactly (@('InvalidAppObject,TeleportMcp.Commands.TestTeleportMcpRoleCommand') * 3)
        @($err | ForEach-Object { $_.Exception.Message -replace ':.*' }) | Should -BeExactly @('-App[1]', '-App[2]', '-App[3]')
        $err[0].Exception.Message | Should -Match "kind 'role', name 'docs-role'"
        $err[2].Exception.Message | Should -Match "kind 'user', name 'doc-user'"
        Test-TeleportMcpRole -Path $Everything -User alice -App $Mixed -Tool x -Quiet -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeFalse
    }

    It 'Test-TeleportMcpRole -Role: the role document used, the others refused by index' {
        $d = @(Test-TeleportMcpRole -Role $Mixed -UserName u -Roles docs-role -AppLabels @{ env = 'dev' } -Tool x -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        @($d | ForEach-Object Decision) | Should -Be @('Allowed')
        Get-Ids $err | Should -BeExactly (@('InvalidRoleObject,TeleportMcp.Commands.TestTeleportMcpRoleCommand') * 4)
        @($err | ForEach-Object { $_.Exception.Message -replace ':.*' }) | Should -BeExactly @('-Role[0]', '-Role[2]', '-Role[3]', '-Role[4]')
    }

    It 'Test-TeleportMcpApp -User: the user document is the user, the others refused by index' {
        $null = Test-TeleportMcpApp -Path $Config, (Join-Path $Cluster 'users.yaml') -Name everything -User $Mixed -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($err | Where-Object FullyQualifiedErrorId -ceq 'PipedObjectNotUser,TeleportMcp.Commands.TestTeleportMcpAppCommand' | ForEach-Object { $_.Exception.Message -replace ':.*' }) | Should -BeExactly @('-User[0]', '-User[1]', '-User[2]', '-User[4]')
    }

    It 'a value given alone keeps its message, and only nulls alone are the validation error' {
        $null = Test-TeleportMcpRole -Path $Everything -User alice -App $RoleDoc -Tool x -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('InvalidAppObject,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].Exception.Message | Should -Not -Match '^-App\['
        ({ Test-TeleportMcpRole -Path $Everything -User alice -App $null, $null -Tool x -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
        ({ Test-TeleportMcpRole -Role $null -UserName u -Roles r -AppLabels @{ env = 'dev' } -Tool x -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
    }
}
