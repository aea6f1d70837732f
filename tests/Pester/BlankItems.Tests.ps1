# One rule for every list of names (InputPolicy.IsBlank): a $null, '' or white-space-only item among others is that
# item's error naming its place, the good items are still used, and a verdict cannot pass. Before (helper-259), the
# names-only -User of Get-/Set-TeleportMcpTools, Get-TeleportMcpAuditEvent and Invoke-TeleportMcpDiagnosis and the
# -App/-Tool/-Name lists refused the whole list for one $null (ParameterArgumentValidationError), took ' ' as a name,
# and a piped '' or $null was skipped unseen by Invoke-TeleportMcpDiagnosis and Get-TeleportMcpAuditEvent.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'TctlStandIn.ps1')
    $script:tp = $script:StandInExe
    $script:Audit = Join-Path $ExamplesDir 'audit'
    $script:Clean = New-CleanCluster (Join-Path $TestDrive 'clean') -User dana, erin
    # The full ids (id,TeleportMcp.Commands.XCommand), compared exactly: the command part says which cmdlet wrote the error.
    function Get-Ids($Errors) { @($Errors | ForEach-Object FullyQualifiedErrorId) }
}

AfterAll { Reset-TctlStandIn }

Describe 'A blank -User item of the names-only commands' {
    BeforeEach {
        Initialize-TctlStandIn @((New-TestUser alice -Tools 'a'), (New-TestUser bob -Tools 'b')) | Out-Null
    }

    It 'Get-TeleportMcpTools -User alice, <Text>, bob reads alice and bob, and names item 1' -ForEach @(
        @{ Text = '$null'; Value = $null; Got = 'got null.' }
        @{ Text = "''"; Value = ''; Got = 'got an empty name.' }
        @{ Text = "' '"; Value = ' '; Got = 'got a name of white space only.' }
    ) {
        $r = @(Get-TeleportMcpTools -User 'alice', $Value, 'bob' -TctlPath $tp -ErrorVariable err -ErrorAction SilentlyContinue)
        @($r | ForEach-Object User) | Should -BeExactly @('alice', 'bob')
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpToolsCommand')
        $err[0].Exception.Message | Should -BeLike "-User``[1``]: *$Got"
    }

    It 'Set-TeleportMcpTools -User alice, <Text>, bob changes nobody (McpToolsNotChanged names alice and bob)' -ForEach @(
        @{ Text = '$null'; Value = $null; First = 'PipedObjectNotUser' }
        @{ Text = "' '"; Value = ' '; First = 'PipedObjectNotUser' }
        @{ Text = "'bob,eve'"; Value = 'bob,eve'; First = 'InvalidUserName' }
    ) {
        Set-TeleportMcpTools -User 'alice', $Value, 'bob' -Tools x -TctlPath $tp -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @("$First,TeleportMcp.Commands.SetTeleportMcpToolsCommand", 'McpToolsNotChanged,TeleportMcp.Commands.SetTeleportMcpToolsCommand')
        $err[1].Exception.Message | Should -BeLike '*(not changed: alice, bob).'
        @(Get-TctlCall).Count | Should -Be 0
        Get-StoredTool alice | Should -Be @('a')
        # The refused item's own error must not say the others were used: none was.
        if ($First -eq 'PipedObjectNotUser') {
            $err[0].ErrorDetails.RecommendedAction | Should -Not -BeLike '*other*used*'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike "*; no user's MCP tools are changed while any value given is refused*"
        }
    }

    It 'a piped object that names no user, then a good name: nothing changed, and its error says so' {
        [pscustomobject]@{ Colour = 'red' }, 'alice' | Set-TeleportMcpTools -Tools x -TctlPath $tp -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.SetTeleportMcpToolsCommand', 'McpToolsNotChanged,TeleportMcp.Commands.SetTeleportMcpToolsCommand')
        $err[0].ErrorDetails.RecommendedAction | Should -Not -BeLike '*other*used*'
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike "*; no user's MCP tools are changed*"
        @(Get-TctlCall).Count | Should -Be 0
    }

    It 'elsewhere a refused item still says the others were used (Get-TeleportMcpTools -User alice, $null)' {
        $null = Get-TeleportMcpTools -User 'alice', $null -TctlPath $tp -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @(Get-Ids $err)[0] | Should -BeExactly 'PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*; the other values were used.'
    }

    It 'a piped $null among piped names changes nobody either' {
        'alice', $null, 'bob' | Set-TeleportMcpTools -Tools x -TctlPath $tp -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.SetTeleportMcpToolsCommand', 'McpToolsNotChanged,TeleportMcp.Commands.SetTeleportMcpToolsCommand')
        @(Get-TctlCall).Count | Should -Be 0
    }

    It 'alone, a $null is still PowerShell''s null-or-empty error and an empty name InvalidUserName, as before' {
        ({ Get-TeleportMcpTools -User $null -TctlPath $tp -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
        ({ Set-TeleportMcpTools -User $null, $null -Tools x -TctlPath $tp -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
        Set-TeleportMcpTools -User '' -Tools x -TctlPath $tp -ErrorVariable err -ErrorAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('InvalidUserName,TeleportMcp.Commands.SetTeleportMcpToolsCommand')
        ({ Get-TeleportMcpAuditEvent -Path $Audit -User $null -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand'
        ({ Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -User '' -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
    }

    It 'Get-TeleportMcpAuditEvent -User alice, $null lists alice''s events and names item 1' {
        $e = @(Get-TeleportMcpAuditEvent -Path $Audit -User 'alice', $null -ErrorVariable err -ErrorAction SilentlyContinue)
        $e.Count | Should -BeGreaterThan 0
        @($e | ForEach-Object User | Sort-Object -Unique) | Should -BeExactly @('alice')
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
        $err[0].Exception.Message | Should -BeLike '-User`[1`]: *got null.'
    }

    It 'a piped <Text> is that record''s error: Get-TeleportMcpAuditEvent -Path' -ForEach @(
        @{ Text = "''"; Value = '' }
        @{ Text = '$null'; Value = $null }
    ) {
        $e = @('alice', $Value | Get-TeleportMcpAuditEvent -Path $Audit -ErrorVariable err -ErrorAction SilentlyContinue)
        @($e | ForEach-Object User | Sort-Object -Unique) | Should -BeExactly @('alice')
        Get-Ids $err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
    }

    It 'Invoke-TeleportMcpDiagnosis: <Form> with a blank user is not a pass' -ForEach @(
        @{ Form = "-User dana, `$null, erin"; Run = { Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -User 'dana', $null, 'erin' -Quiet -ErrorVariable script:err -ErrorAction SilentlyContinue }; Item = '-User`[1`]: *got null.' }
        @{ Form = "piped 'dana', ''"; Run = { 'dana', '' | Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -Quiet -ErrorVariable script:err -ErrorAction SilentlyContinue }; Item = '-User takes *got an empty name.' }
        @{ Form = "-User ' '"; Run = { Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -User ' ' -Quiet -ErrorVariable script:err -ErrorAction SilentlyContinue }; Item = '-User takes *got a name of white space only.' }
    ) {
        & $Run | Should -BeFalse
        Get-Ids $script:err | Should -BeExactly @('PipedObjectNotUser,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand', 'InputRefused,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $script:err[0].Exception.Message | Should -BeLike $Item
    }
}

Describe 'A blank item of a list of plain names or patterns' {
    It 'Get-TeleportMcpAuditEvent -<Parameter> ''*'', <Text> still selects by ''*'' and names item 1 (BlankListItem)' -ForEach @(
        @{ Parameter = 'App'; Text = '$null'; Value = $null }
        @{ Parameter = 'Tool'; Text = "' '"; Value = ' ' }
    ) {
        $all = @(Get-TeleportMcpAuditEvent -Path $Audit -ErrorAction SilentlyContinue)
        $p = @{ $Parameter = @('*', $Value) }
        $e = @(Get-TeleportMcpAuditEvent -Path $Audit @p -ErrorVariable err -ErrorAction SilentlyContinue)
        $e.Count | Should -BeGreaterThan 0
        $e.Count | Should -BeLessOrEqual $all.Count
        Get-Ids $err | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
        $err[0].Exception.Message | Should -BeLike "-$Parameter``[1``]: -$Parameter got *"
    }

    It 'Get-TeleportMcpAuditEvent -App '' '' alone lists nothing in place of every event' {
        @(Get-TeleportMcpAuditEvent -Path $Audit -App ' ' -ErrorVariable err -ErrorAction SilentlyContinue).Count | Should -Be 0
        Get-Ids $err | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
        ({ Get-TeleportMcpAuditEvent -Path $Audit -App '', $null -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand'
    }

    It 'Invoke-TeleportMcpDiagnosis -<Parameter> <Text> is not a pass' -ForEach @(
        @{ Parameter = 'App'; Text = "'local', `$null"; Value = @('local', $null) }
        @{ Parameter = 'App'; Text = "' '"; Value = @(' ') }
        @{ Parameter = 'Tool'; Text = "'read_file', ''"; Value = @('read_file', '') }
    ) {
        $p = @{ $Parameter = $Value }
        Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient @p -Quiet -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeFalse
        Get-Ids $err | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand', 'InputRefused,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
    }

    It 'Get-TeleportMcpServing -App local, $null lists local and names item 1' {
        $r = @(Get-TeleportMcpServing -Path $Clean -App 'local', $null -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        @($r | ForEach-Object App | Sort-Object -Unique) | Should -BeExactly @('local')
        Get-Ids $err | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.GetTeleportMcpServingCommand')
        $err[0].Exception.Message | Should -BeLike '-App`[1`]: *'
    }

    It 'Test-TeleportMcpApp -Name local, '''' tests local and -Quiet is false' {
        Test-TeleportMcpApp -Path $Clean -Name 'local', '' -Quiet -TimeoutSec 2 -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeFalse
        @(Get-Ids $err) -ccontains 'BlankListItem,TeleportMcp.Commands.TestTeleportMcpAppCommand' | Should -BeTrue -Because ('ids: ' + (@(Get-Ids $err) -join ', '))
    }
}

# Get-TeleportResource -Name (helper-281): it declared [ValidateNotNullOrEmpty], so one $null or '' refused the whole list
# (nothing read), and a name of white space only was sent to tctl as `get roles/ `. Wildcard names follow the same rule:
# a blank item is no pattern (' ' holds no wildcard character and names no resource), and the patterns beside it still read.
Describe 'A blank Get-TeleportResource -Name item' {
    BeforeEach {
        $role = { param($n) [ordered]@{ kind = 'role'; version = 'v7'; metadata = [ordered]@{ name = $n }; spec = [ordered]@{ allow = [ordered]@{ app_labels = [ordered]@{ '*' = '*' } } } } }
        Initialize-TctlStandIn @((& $role dev), (& $role ops)) | Out-Null
    }

    It 'Get-TeleportResource Role -Name <Text> reads dev and ops and names item 1 (BlankListItem); tctl never gets the blank one' -ForEach @(
        @{ Text = "dev, `$null, ops"; Value = @('dev', $null, 'ops'); Got = 'got null, which names nothing.' }
        @{ Text = "dev, '', ops"; Value = @('dev', '', 'ops'); Got = 'got an empty name, which names nothing.' }
        @{ Text = "dev, ' ', ops"; Value = @('dev', ' ', 'ops'); Got = 'got a name of white space only, which names nothing.' }
        @{ Text = "d*, `$null, o*"; Value = @('d*', $null, 'o*'); Got = 'got null, which names nothing.' }
    ) {
        $r = @(Get-TeleportResource Role -Name $Value -TctlPath $tp -ErrorVariable err -ErrorAction SilentlyContinue)
        @($r.Name) | Should -BeExactly @('dev', 'ops')
        Get-Ids $err | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.GetTeleportResourceCommand')
        $err[0].Exception.Message | Should -BeExactly "-Name[1]: -Name $Got"
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*; the other values were used.'
        @(Get-TctlCall | ForEach-Object { $_ -join ' ' }) | Should -Not -Contain 'get roles/  --format=json'
        @(Get-TctlCall | Where-Object { $_[1] -match '^roles/\s*$' }).Count | Should -Be 0
    }

    It 'Get-TeleportResource Role -Name '' '' alone reads nothing (not every role) and is that item''s error' {
        @(Get-TeleportResource Role -Name ' ' -TctlPath $tp -ErrorVariable err -ErrorAction SilentlyContinue).Count | Should -Be 0
        Get-Ids $err | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.GetTeleportResourceCommand')
        @(Get-TctlCall).Count | Should -Be 0
    }

    It 'alone, -Name $null or '''' is still PowerShell''s null-or-empty refusal' {
        foreach ($v in @($null, '', @('', $null))) {
            ({ Get-TeleportResource Role -Name $v -TctlPath $tp -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
                Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.GetTeleportResourceCommand'
        }
        @(Get-TctlCall).Count | Should -Be 0
    }

    It 'a piped <Text> among piped names is that object''s error; the others are read and nothing reads every role' -ForEach @(
        @{ Text = '$null'; Value = $null; Got = 'null' }
        @{ Text = "''"; Value = ''; Got = 'an empty name' }
        @{ Text = "' '"; Value = ' '; Got = 'a name of white space only' }
        @{ Text = 'object with Name = $null'; Value = [pscustomobject]@{ Name = $null }; Got = 'null' }
        @{ Text = 'object with Name = @()'; Value = [pscustomobject]@{ Name = @() }; Got = 'an empty list' }
    ) {
        $r = @('dev', $Value, 'ops' | Get-TeleportResource Role -TctlPath $tp -ErrorVariable err -ErrorAction SilentlyContinue)
        @($r.Name) | Should -BeExactly @('dev', 'ops')
        Get-Ids $err | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.GetTeleportResourceCommand')
        $err[0].Exception.Message | Should -BeExactly "-Name got $Got from a piped object, which names nothing."
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*; the other piped objects were still used.'
        @(Get-TctlCall | ForEach-Object { $_[1] }) | Should -BeExactly @('roles/dev', 'roles/ops')
    }

    It 'no -Name and no pipeline input still reads every role' {
        @((Get-TeleportResource Role -TctlPath $tp).Name | Sort-Object) | Should -BeExactly @('dev', 'ops')
    }
}

# Test-TeleportMcpRole -UserRole (helper-281): a $null item reached the engine as a role name (RbacEvaluationFailed
# "Value cannot be null. (Parameter 'key')", no decision at all), and '' or ' ' was a role that grants nothing, no error.
Describe 'A blank Test-TeleportMcpRole -UserRole item' {
    It '-UserRole mcp-all, <Text> still decides with mcp-all, names item 1, and -Quiet is false' -ForEach @(
        @{ Text = '$null'; Value = $null; Got = 'got null, which names nothing.' }
        @{ Text = "''"; Value = ''; Got = 'got an empty name, which names nothing.' }
        @{ Text = "' '"; Value = ' '; Got = 'got a name of white space only, which names nothing.' }
    ) {
        $r = @(Test-TeleportMcpRole -Path $Clean -UserName u -UserRole 'mcp-all', $Value -App local -Tool read_file -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        @($r | Where-Object Decision -eq 'Allowed').Count | Should -Be 1
        Get-Ids $err | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].Exception.Message | Should -BeExactly "-UserRole[1]: -UserRole $Got"
        Test-TeleportMcpRole -Path $Clean -UserName u -UserRole 'mcp-all', $Value -App local -Tool read_file -Quiet -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeFalse
        Test-TeleportMcpRole -Path $Clean -UserName u -UserRole 'mcp-all' -App local -Tool read_file -Quiet | Should -BeTrue
    }

    It '-UserRole $null alone is PowerShell''s null-or-empty refusal; -UserRole @() is a user without roles' {
        ({ Test-TeleportMcpRole -Path $Clean -UserName u -UserRole $null -App local -Tool read_file -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
        $r = @(Test-TeleportMcpRole -Path $Clean -UserName u -UserRole @() -App local -Tool read_file -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        # No error at all (not only no BlankListItem): an empty list is no blank item.
        $err | Should -BeNullOrEmpty
        @($r | Where-Object Decision -eq 'Allowed').Count | Should -Be 0
    }

    It '-Traits @{ '''' = ''x'' } names an empty trait name (was "the trait name a list")' {
        $null = Test-TeleportMcpRole -Path $Clean -UserName u -UserRole mcp-all -Traits @{ '' = 'x' } -App local -Tool read_file -ErrorVariable err -ErrorAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('InvalidTraitValue,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].Exception.Message | Should -BeLike '-Traits: a trait name of nothing (an empty name); *'
    }
}
