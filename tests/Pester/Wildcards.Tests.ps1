# Wildcards in names are one rule across the module (issue 10): a parameter that selects existing resources by name takes
# PowerShell wildcards ([SupportsWildcards]); a pattern that matches nothing is the same not-found error as a plain name,
# naming it and where it was looked; a plain name matches exactly; 'fs`[1`]' is the name fs[1]; -Quiet/-FailOn cannot pass.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'TctlStandIn.ps1')
    $script:tp = $script:StandInExe
    $script:cluster = Join-Path $ExamplesDir 'cluster'
    $script:config = Join-Path $ExamplesDir 'teleport.yaml'
    $script:logs = Join-Path $ExamplesDir 'logs'
    $script:auditLog = Join-Path $ExamplesDir 'audit/events-2025-09-30.log'
    $script:all = Import-TeleportResource $script:cluster, $script:config

    # Every name parameter ([SupportsWildcards], not a path) and a call that shows a wildcard working: each returns what it
    # selected, by name. The table must list exactly the parameters that carry the attribute (the test below checks it).
    $script:WildcardNames = [ordered]@{
        'Test-TeleportMcpRole -App'           = { @($script:all | Test-TeleportMcpRole -User bob -App 'ev*' -Tool search_files).App }
        'Test-TeleportMcpRole -User'          = { @($script:all | Test-TeleportMcpRole -User 'b*' -App everything -Tool search_files).User }
        'Invoke-TeleportMcpDiagnosis -App'    = { @(Invoke-TeleportMcpDiagnosis -ClusterPath $script:cluster -User alice -App 'ev*' -SkipClient -Check Role | Where-Object App | ForEach-Object App | Sort-Object -Unique) }
        'Invoke-TeleportMcpDiagnosis -User'   = { @(Invoke-TeleportMcpDiagnosis -ClusterPath $script:cluster -User 'al*' -App everything -SkipClient -Check Role | Where-Object User | ForEach-Object User | Sort-Object -Unique) }
        'Test-TeleportMcpApp -User'           = { @(Test-TeleportMcpApp -Path $script:cluster -Name everything -User 'b*' -WarningAction SilentlyContinue | ForEach-Object User | Sort-Object -Unique) }
        'Test-TeleportMcpApp -Name'           = { @(Test-TeleportMcpApp -Path $script:cluster -Name 'ev*' -WarningAction SilentlyContinue | ForEach-Object App | Sort-Object -Unique) }
        'Get-TeleportMcpServing -App'         = { @(Get-TeleportMcpServing -Path $script:cluster, $script:config -App 'ev*').App }
        'Get-TeleportMcpAuditEvent -App'      = { @(Get-TeleportMcpAuditEvent $script:auditLog -App 'ev*' | ForEach-Object App | Sort-Object -Unique) }
        'Get-TeleportMcpAuditEvent -User'     = { @(Get-TeleportMcpAuditEvent $script:auditLog -User 'b*' | ForEach-Object User | Sort-Object -Unique) }
        'Get-TeleportMcpAuditEvent -Tool'     = { @(Get-TeleportMcpAuditEvent $script:auditLog -Tool 'print*' | ForEach-Object Tool | Sort-Object -Unique) }
        'Get-TeleportResource -Name'          = {
            Initialize-TctlStandIn @(
                [ordered]@{ kind = 'role'; version = 'v7'; metadata = [ordered]@{ name = 'everything-dev' }; spec = [ordered]@{} }
                [ordered]@{ kind = 'role'; version = 'v7'; metadata = [ordered]@{ name = 'other' }; spec = [ordered]@{} }
            ) | Out-Null
            @(Get-TeleportResource Role -Name 'ev*' -TctlPath $script:tp).Name
        }
    }
    $script:Expected = @{
        'Test-TeleportMcpRole -App' = 'everything'; 'Test-TeleportMcpRole -User' = 'bob'
        'Invoke-TeleportMcpDiagnosis -App' = 'everything'; 'Invoke-TeleportMcpDiagnosis -User' = 'alice'
        'Test-TeleportMcpApp -Name' = 'everything'; 'Test-TeleportMcpApp -User' = 'bob'; 'Get-TeleportMcpServing -App' = 'everything'
        'Get-TeleportMcpAuditEvent -App' = 'everything'; 'Get-TeleportMcpAuditEvent -User' = 'bob'; 'Get-TeleportMcpAuditEvent -Tool' = 'printEnv'
        'Get-TeleportResource -Name' = 'everything-dev'
    }

    # Name parameters that take no wildcards, and why (PowerShell's convention: a name that creates something or states a
    # value is taken as written). The test below checks that none of them carries [SupportsWildcards].
    $script:PlainNames = [ordered]@{
        'Test-TeleportMcpRole -UserName'        = 'names an ad-hoc user that is created for the test, not one that is selected'
        'Test-TeleportMcpRole -UserRole'        = 'the role names the ad-hoc user holds: a stated value, as a user''s roles list is in Teleport'
        'Test-TeleportMcpRole -Tool'            = 'a tool name is the value decided against the roles'' mcp.tools patterns (Teleport''s own globs and regexes); no list of tools is selected from'
        'Test-TeleportMcpRole -Role'            = 'takes role objects (or copies), not names'
        'Invoke-TeleportMcpDiagnosis -Tool'     = 'as Test-TeleportMcpRole -Tool: the tool name decided against the roles'
        'Test-TeleportMcpApp -UserName'         = 'the SSH user for -HostName, as New-PSSession -UserName takes it: not a Teleport resource'
        'Invoke-TeleportMcpDiagnosis -UserName' = 'the SSH user for -HostName, as New-PSSession -UserName takes it: not a Teleport resource'
        'Test-TeleportMcpApp -HostName'         = 'App Service hosts to connect to, as New-PSSession -HostName takes them: not selected from a list'
        'Test-TeleportMcpApp -ComputerName'     = 'App Service hosts to connect to, as New-PSSession -ComputerName takes them: not selected from a list'
        'Test-TeleportMcpClient -App'           = 'takes app objects (or copies), not names'
        'Test-TeleportMcpClient -User'          = 'not yet: command-line and piped names (by value) are one list here (ClientUsers); wildcards need the split Invoke-TeleportMcpDiagnosis makes, so names match exactly for now'
        'New-TeleportMcpRole -Name'             = 'the name of the role being created'
        'New-TeleportMcpRole -App'              = 'not yet: piped strings bind here by value and are split into users and apps (DesignPipeline); names match exactly for now'
        'New-TeleportMcpRole -Tool'             = 'written into the role''s mcp.tools: Teleport''s own glob/regex patterns, not PowerShell wildcards'
        'New-TeleportMcpRole -Exclude'          = 'written into the role''s deny mcp.tools: Teleport''s own patterns'
        'New-TeleportMcpRole -User'             = 'not yet: as -App, piped strings share it (DesignPipeline); names match exactly for now'
        'Get-TeleportMcpTools -User'            = 'read live with tctl get users/NAME, one user by name (Get-TeleportResource User -Name takes wildcards)'
        'Set-TeleportMcpTools -User'            = 'changes users in the cluster: a pattern must not widen a change'
        'Set-TeleportMcpTools -Tools'           = 'the values written to the user''s mcp_tools trait (Teleport''s patterns)'
    }
}

Describe 'Name parameters: one wildcard rule' {
    It 'the parameters that take wildcards in names are exactly the ones listed, and none of the plain ones does' {
        $withAttribute = foreach ($c in Get-Command -Module TeleportMcp -CommandType Cmdlet) {
            foreach ($p in $c.Parameters.Values) {
                if ($p.Name -like '*Path') { continue }
                if ($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }) { "$($c.Name) -$($p.Name)" }
            }
        }
        @($withAttribute | Sort-Object) | Should -Be @($script:WildcardNames.Keys | Sort-Object)
        foreach ($key in $script:PlainNames.Keys) {
            $cmd, $param = $key -split ' -'
            (Get-Command $cmd).Parameters.ContainsKey($param) | Should -BeTrue -Because $key
            @((Get-Command $cmd).Parameters[$param].Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 0 -Because "$key $($script:PlainNames[$key])"
        }
    }

    It '<_> takes a wildcard' -ForEach @(
        'Test-TeleportMcpRole -App', 'Test-TeleportMcpRole -User', 'Invoke-TeleportMcpDiagnosis -App', 'Invoke-TeleportMcpDiagnosis -User',
        'Test-TeleportMcpApp -Name', 'Test-TeleportMcpApp -User', 'Get-TeleportMcpServing -App', 'Get-TeleportMcpAuditEvent -App', 'Get-TeleportMcpAuditEvent -User',
        'Get-TeleportMcpAuditEvent -Tool', 'Get-TeleportResource -Name'
    ) {
        $got = & $script:WildcardNames[$_]
        @($got) | Should -Be @($script:Expected[$_])
    }
}

Describe 'Test-TeleportMcpRole -App and -User wildcards' {
    It 'selects what the pattern matches, each once, with the decisions of the plain names' {
        $byPattern = @($script:all | Test-TeleportMcpRole -User 'b*', bob -App 'ev*', everything -Tool search_files, printEnv)
        $byName = @($script:all | Test-TeleportMcpRole -User bob -App everything -Tool search_files, printEnv)
        $byPattern.Decision | Should -Be $byName.Decision
        $byPattern.Count | Should -Be 2
    }

    It 'a pattern that matches nothing is AppNotFound naming it and where, and -Quiet is $false' {
        $q = @($script:all | Test-TeleportMcpRole -User bob -App 'x*' -Tool search_files -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $q | Should -Be @($false)
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'AppNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -BeExactly 'x*'
        $err[0].Exception.Message | Should -BeLike 'app "x`*" was not found in the pipeline (given: *everything*).'
    }

    It 'a user pattern that matches nothing is UserNotFound, and the users beside it are still decided' {
        $r = @($script:all | Test-TeleportMcpRole -User 'z*', bob -App everything -Tool search_files -ErrorVariable err -ErrorAction SilentlyContinue)
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'UserNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
        $err[0].Exception.Message | Should -BeExactly 'user "z*" was not found in the pipeline (given: alice, bob, carol).'
        $r.User | Should -Be @('bob')
        @($script:all | Test-TeleportMcpRole -User 'z*', bob -App everything -Tool search_files -Quiet -ErrorAction SilentlyContinue) | Should -Be @($false)
    }

    It 'a plain name matches exactly, case included; a malformed pattern is InvalidWildcardPattern and -Quiet is $false' {
        $null = $script:all | Test-TeleportMcpRole -User bob -App Everything -Tool x -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'AppNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
        $q = @($script:all | Test-TeleportMcpRole -User bob -App 'ev*[' -Tool x -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidWildcardPattern,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
        $q | Should -Be @($false)
    }

    It 'an escaped bracket names the app literally (WildcardPattern.Escape)' {
        $app = [TeleportMcp.App]@{ Name = 'fs[1]'; Uri = 'mcp+stdio://fs'; Labels = @{ env = 'dev' } }
        $escaped = [Management.Automation.WildcardPattern]::Escape('fs[1]')
        $r = @($script:all + $app | Test-TeleportMcpRole -User bob -App $escaped -Tool read_file -ErrorVariable err)
        $err | Should -BeNullOrEmpty
        $r.App | Should -Be @('fs[1]')
        $null = $script:all + $app | Test-TeleportMcpRole -User bob -App 'fs[1]' -Tool read_file -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'AppNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
    }
}

Describe 'Invoke-TeleportMcpDiagnosis -App and -User wildcards' {
    It 'diagnoses what the pattern matches, as the plain name does' {
        $byPattern = @(Invoke-TeleportMcpDiagnosis -ClusterPath $script:cluster -LogPath $script:logs -User 'al*' -App 'ev*' -SkipClient)
        $byName = @(Invoke-TeleportMcpDiagnosis -ClusterPath $script:cluster -LogPath $script:logs -User alice -App everything -SkipClient)
        $byPattern.Title | Should -Be $byName.Title
        $byPattern.Count | Should -BeGreaterThan 0
    }

    It 'a pattern that matches nothing is AppNotFound naming it and where; -Quiet is $false and -FailOn ends with InputNotMatched' {
        $q = @(Invoke-TeleportMcpDiagnosis -ClusterPath $script:cluster -User alice -App 'x*' -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $q | Should -Be @($false)
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'AppNotFound,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
        $e[0].TargetObject | Should -BeExactly 'x*'
        $e[0].Exception.Message | Should -BeLike 'app "x`*" was not found in 4 files (*cluster*) (given: *everything*). Its checks were skipped.'
        # -FailOn ends the command even when the not-found error itself was let through.
        $thrown = $null
        try { $null = Invoke-TeleportMcpDiagnosis -ClusterPath $script:cluster -User alice -App 'x*' -SkipClient -FailOn Fail -ErrorAction SilentlyContinue } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeExactly 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
        $thrown.Exception.Message | Should -BeLike '*app x`**'
    }

    It 'a user pattern that matches nothing is UserNotFound and -Quiet is $false' {
        $q = @(Invoke-TeleportMcpDiagnosis -ClusterPath $script:cluster -User 'z*' -App everything -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $q | Should -Be @($false)
        @($err | Where-Object FullyQualifiedErrorId -ceq 'UserNotFound,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand').Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
    }

    It 'piped user names are data, not patterns' {
        $q = @('al*' | Invoke-TeleportMcpDiagnosis -ClusterPath $script:cluster -App everything -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $q | Should -Be @($false)
        @($err | Where-Object FullyQualifiedErrorId -ceq 'UserNotFound,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand').Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
    }
}

# An escaped wildcard character ('a `[1`].log', what Tab completion and WildcardPattern.Escape write) is that character, as
# PowerShell reads it: in a -Path with no live wildcard, in -OutFile (which expands none), and in Get-TeleportResource -Name.
Describe 'escaped wildcard characters are the characters' {
    It '-Path reads the file an escaped name stands for' {
        $dir = Join-Path $TestDrive 'dir [x] y'
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        $file = Join-Path $dir 'a [1].log'
        Copy-Item -LiteralPath (Join-Path $script:logs 'app-service.log') -Destination $file
        $escaped = [Management.Automation.WildcardPattern]::Escape($file)
        $f = @(Find-TeleportMcpError -Path $escaped -ErrorVariable err)
        $err | Should -BeNullOrEmpty
        $f.Count | Should -BeGreaterThan 0
        @($f.Source | Sort-Object -Unique) | Should -BeExactly @($file)
    }

    It '-OutFile writes the file an escaped name stands for' {
        $out = Join-Path $TestDrive 'role [1].yaml'
        $null = New-TeleportMcpRole -Name r1 -App everything -Path $script:cluster -Tool read_file -Literal -OutFile ([Management.Automation.WildcardPattern]::Escape($out)) -WarningAction SilentlyContinue
        Test-Path -LiteralPath $out | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $TestDrive 'role `[1`].yaml') | Should -BeFalse
    }

    It 'Get-TeleportResource -Name asks tctl for the name, never the escape' {
        Initialize-TctlStandIn @(
            [ordered]@{ kind = 'user'; version = 'v2'; metadata = [ordered]@{ name = 'bob*' }; spec = [ordered]@{ roles = @('access') } }
            [ordered]@{ kind = 'user'; version = 'v2'; metadata = [ordered]@{ name = 'bobby' }; spec = [ordered]@{ roles = @('access') } }
        ) | Out-Null
        $r = @(Get-TeleportResource User -Name 'bob`*' -TctlPath $script:tp -ErrorVariable err)
        $err | Should -BeNullOrEmpty
        $r.Name | Should -BeExactly @('bob*')
        (Get-TctlCall | Select-Object -Last 1) -join ' ' | Should -BeExactly 'get users/bob* --format=json'
    }
}
