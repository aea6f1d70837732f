# Bad input at the parameter boundary (session 45, helper-296): each bad item or entry is its own error naming its place,
# and the good ones beside it are still used; a verdict cannot pass. Before (08cffa35): -HostName/-ComputerName/-Session
# refused the whole list for one $null or '' (ParameterArgumentValidationError); -Environment took '' / 'A=B' names and
# hashtable values silently; -AppLabels took an empty key, $null and nested values silently.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Clean = New-CleanCluster (Join-Path $TestDrive 'clean') -User dana
    # The full ids (id,TeleportMcp.Commands.XCommand), compared exactly: the command part says which cmdlet wrote the error.
    function Get-Ids($Errors) { @($Errors | ForEach-Object FullyQualifiedErrorId) }
    # A host New-PSSession refuses by name: reported unreachable without any connection (RemotingRequest.RefusedHosts).
    $script:Refused = 'DOMAIN\u@h'
}

Describe 'A blank -HostName / -ComputerName / -Session item of the fleet cmdlets' {
    It 'Test-TeleportMcpApp -HostName <Text> names item 1 (BlankListItem) and still tries the other host' -ForEach @(
        @{ Text = "host, `$null"; Value = $null; Got = 'got null' }
        @{ Text = "host, ''"; Value = ''; Got = 'got an empty name' }
        @{ Text = "host, ' '"; Value = ' '; Got = 'got a name of white space only' }
    ) {
        $r = @(Test-TeleportMcpApp -Path $Clean -HostName $Refused, $Value -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $r | Should -BeExactly @($false)
        $ids = @(Get-Ids $err)
        $ids[0] | Should -BeExactly 'BlankListItem,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $err[0].Exception.Message | Should -BeExactly "-HostName[1]: -HostName $Got, which names nothing."
        $err[0].TargetObject | Should -BeExactly '-HostName[1]'
        # The other host was still used: its own error names it (unreachable: New-PSSession refuses the name).
        @($err | Where-Object { $_.Exception.Message -like "*$Refused*" }).Count | Should -BeGreaterThan 0
    }

    It 'Test-TeleportMcpApp -ComputerName <Text> names its place' -ForEach @(
        @{ Text = "'', host"; Value = @('', 'nosuch.invalid'); At = '-ComputerName[0]' }
    ) {
        $null = Test-TeleportMcpApp -Path $Clean -ComputerName $Value -TimeoutSec 5 -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @(Get-Ids $err)[0] | Should -BeExactly 'BlankListItem,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $err[0].Exception.Message | Should -BeExactly "$At`: -ComputerName got an empty name, which names nothing."
        @($err | Where-Object { $_.Exception.Message -like '*nosuch.invalid*' }).Count | Should -BeGreaterThan 0
    }

    It 'alone, only nulls and empty names are still PowerShell''s null-or-empty refusal (<Parameter>)' -ForEach @(
        @{ Parameter = 'HostName'; Value = @($null, '') }
        @{ Parameter = 'ComputerName'; Value = @('') }
        @{ Parameter = 'Session'; Value = @($null, $null) }
    ) {
        $p = @{ $Parameter = $Value }
        ({ Test-TeleportMcpApp -Path $Clean @p -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,TeleportMcp.Commands.TestTeleportMcpAppCommand'
    }

    It '-HostName '' '' alone checks nothing, never this computer, and is not a pass' {
        Test-TeleportMcpApp -Path $Clean -HostName ' ' -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeFalse
        @(Get-Ids $err)[0] | Should -BeExactly 'BlankListItem,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $err[0].Exception.Message | Should -BeExactly '-HostName got a name of white space only, which names nothing.'
        # Without -Quiet: no check result at all (the checks of this computer would write AppCheck objects for $Clean's app).
        $r = @(Test-TeleportMcpApp -Path $Clean -HostName ' ' -ErrorVariable err2 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $r.Count | Should -Be 0
        @(Get-Ids $err2)[0] | Should -BeExactly 'BlankListItem,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        @(Test-TeleportMcpApp -Path $Clean -WarningAction SilentlyContinue).Count | Should -BeGreaterThan 0
    }

    It 'Invoke-TeleportMcpDiagnosis -HostName host, $null names item 1 and is not a pass' {
        Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -HostName $Refused, $null -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeFalse
        $ids = @(Get-Ids $err)
        $ids[0] | Should -BeExactly 'BlankListItem,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
        $ids -ccontains 'InputRefused,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand' | Should -BeTrue -Because ('ids: ' + ($ids -join ', '))
        $err[0].Exception.Message | Should -BeExactly '-HostName[1]: -HostName got null, which names nothing.'
    }
}

Describe 'An -Environment entry that cannot be set or that the module refuses' {
    BeforeAll {
        $script:Empty = Join-Path $TestDrive 'empty'
        New-Item -ItemType Directory -Force $Empty | Out-Null
        $script:NodeApp = [pscustomobject]@{ Name = 'node'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = 'node'; Args = @('-v'); RunAsHostUser = [Environment]::UserName }
    }

    It 'Test-TeleportMcpApp: <Key> is InvalidEnvironmentName naming the key, and PATH beside it is still used' -ForEach @(
        @{ Key = "''"; Name = ''; Message = "-Environment['']: the name is an empty name, which names no variable." }
        @{ Key = "' '"; Name = ' '; Message = "-Environment[' ']: the name is white space only: an environment can hold it, but the module refuses it (shown, it cannot be told from no name)." }
        @{ Key = "'A=B'"; Name = 'A=B'; Message = "-Environment['A=B']: the name holds '=', which ends an environment variable's name (name=value), so it cannot be set." }
        @{ Key = "'A<ESC>B'"; Name = "A$([char]27)B"; Message = "-Environment['A\x1BB']: the name holds a control character: an environment can hold it, but the module refuses it (it cannot be shown or typed reliably)." }
        @{ Key = "'A<NUL>B'"; Name = "A$([char]0)B"; Message = "-Environment['A\x00B']: the name holds NUL, which ends an environment entry, so it cannot be set." }
    ) {
        $envs = @{ PATH = $Empty; $Name = 'x' }
        $c = $NodeApp | Test-TeleportMcpApp -Environment $envs -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Where-Object Check -eq CommandPath
        # The good entry was used: node is looked up on the PATH given, where it is not.
        $c.Status | Should -Be 'Fail'
        $c.Message | Should -BeLike "*PATH=$Empty*"
        Get-Ids $err | Should -BeExactly @('InvalidEnvironmentName,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $err[0].Exception.Message | Should -BeExactly $Message
        $NodeApp | Test-TeleportMcpApp -Environment $envs -Quiet -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeFalse
    }

    It 'Test-TeleportMcpApp: a <What> value is InvalidEnvironmentValue' -ForEach @(
        @{ What = 'hashtable'; Value = @{ a = 1 }; Message = "-Environment['V']: the value is a System.Collections.Hashtable, which no environment variable holds." }
        @{ What = 'nested list'; Value = @('/a', @('/b')); Message = "-Environment['V']: item 1 of the path list is a System.Object[], which a path list cannot hold." }
        @{ What = 'path list with a $null'; Value = @('/a', $null); Message = "-Environment['V']: item 1 of the path list is null: an empty element of a path list names the current directory." }
        @{ What = 'path list with an item holding the separator'; Value = @('/a', "/b$([IO.Path]::PathSeparator)/c"); Message = "-Environment['V']: item 1 of the path list holds '$([IO.Path]::PathSeparator)', this platform's path-list separator, so it would become two elements." }
    ) {
        $null = $NodeApp | Test-TeleportMcpApp -Environment @{ V = $Value } -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('InvalidEnvironmentValue,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $err[0].Exception.Message | Should -BeExactly $Message
    }

    It 'a $null value still unsets, with no error' {
        # PATH set in this process; the command check shows the PATH it looked node up on.
        $saved = $env:PATH
        try {
            $env:PATH = $Empty
            $kept = $NodeApp | Test-TeleportMcpApp -WarningAction SilentlyContinue | Where-Object Check -eq CommandPath
            $kept.Message | Should -BeLike "*(PATH=$Empty)"
            $c = $NodeApp | Test-TeleportMcpApp -Environment @{ PATH = $null } -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Where-Object Check -eq CommandPath
        }
        finally { $env:PATH = $saved }
        $err | Should -BeNullOrEmpty
        $c.Status | Should -Be 'Fail'
        $c.Message | Should -BeLike '*(PATH=)'
    }

    # Session 46 (helper-311): names of one variable. On Windows names are not case-sensitive (.NET ProcessStartInfo.Environment
    # is an OrdinalIgnoreCase dictionary there, Ordinal elsewhere: dotnet/runtime ProcessStartInfo.cs), so PATH and Path given
    # both are one variable: the later entry is DuplicateEnvironmentName naming both keys and the earlier is used (xUnit
    # EnvironmentValuesTests, with a Windows platform). On Linux and macOS they are two variables (POSIX.1-2017 XBD 8.1).
    It 'PATH and Path given both are two variables on Linux and macOS, one on Windows (the later refused)' {
        $envs = [hashtable]::new([StringComparer]::Ordinal)
        $envs['PATH'] = $Empty
        $envs['Path'] = '/nowhere'
        $c = $NodeApp | Test-TeleportMcpApp -Environment $envs -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Where-Object Check -eq CommandPath
        if ($IsWindows) {
            Get-Ids $err | Should -BeExactly @('DuplicateEnvironmentName,TeleportMcp.Commands.TestTeleportMcpAppCommand')
            $err[0].Exception.Message | Should -BeLike "*only in case, and on Windows environment variable names are not case-sensitive*"
        }
        else {
            $err | Should -BeNullOrEmpty
            $c.Message | Should -BeLike "*PATH=$Empty*"
        }
    }

    # Keys of other types that are the same text (1 and '1') are one variable on every platform. In a hashtable their order
    # is hash order (.NET randomizes string hash codes in each process), so neither is "the earlier": both are
    # DuplicateEnvironmentName, each named with its type, and neither is used (Session 46 helper-322; before: the one
    # enumerated second was refused as "later" and both were named -Environment['1']). In an [ordered] dictionary the first is used.
    It 'keys 1 and ''1'' in a hashtable are one variable: both are DuplicateEnvironmentName, named with their types, none used' {
        # Built key by key: a hashtable literal refuses the two keys at parse time.
        $envs = @{ PATH = $Empty }
        $envs[1] = 'one'
        $envs['1'] = 'uno'
        $c = $NodeApp | Test-TeleportMcpApp -Environment $envs -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Where-Object Check -eq CommandPath
        Get-Ids $err | Should -BeExactly @('DuplicateEnvironmentName,TeleportMcp.Commands.TestTeleportMcpAppCommand', 'DuplicateEnvironmentName,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $why = " name one variable (keys of other types with the same text), and -Environment is not an ordered dictionary: its entries come in hash order, which .NET randomizes in each process, so which was given first is not known, and none of them is used."
        @($err.Exception.Message | Sort-Object) | Should -BeExactly @(
            "-Environment['1' (String)]: this entry and -Environment[1 (Int32)]$why",
            "-Environment[1 (Int32)]: this entry and -Environment['1' (String)]$why")
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'DuplicateEnvironmentName,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $c.Message | Should -BeLike "*PATH=$Empty*"
    }

    It 'keys 1 and ''1'' in an [ordered] dictionary: the later is DuplicateEnvironmentName naming the earlier, which is used' {
        $envs = [ordered]@{ PATH = $Empty }
        $envs.Add(1, 'one')
        $envs.Add('1', 'uno')
        $c = $NodeApp | Test-TeleportMcpApp -Environment $envs -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Where-Object Check -eq CommandPath
        Get-Ids $err | Should -BeExactly @('DuplicateEnvironmentName,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $err[0].Exception.Message | Should -BeExactly "-Environment['1' (String)]: the name is the same text as the name of an entry given before it, -Environment[1 (Int32)] (keys of other types), so both name one variable; the earlier entry is used, this one is not."
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'DuplicateEnvironmentName,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $c.Message | Should -BeLike "*PATH=$Empty*"
    }

    It 'Invoke-TeleportMcpDiagnosis -Environment @{ ''A=B'' = ''x'' } is not a pass' {
        Invoke-TeleportMcpDiagnosis -ClusterPath $Clean -SkipClient -Environment @{ 'A=B' = 'x' } -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeFalse
        Get-Ids $err | Should -BeExactly @('InvalidEnvironmentName,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand', 'InputRefused,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
    }
}

Describe 'An -AppLabels entry Teleport could not hold' {
    It 'Test-TeleportMcpRole: <Text> is InvalidAppLabels naming the key; env=dev is still decided; -Quiet is false' -ForEach @(
        @{ Text = "key ''"; Key = ''; Value = 'x'; Message = "-AppLabels['']: the key is an empty name, which no label can have (Teleport: invalid label key)." }
        @{ Text = "key 'a b'"; Key = 'a b'; Value = 'x'; Message = "-AppLabels['a b']: the key is not a label key Teleport accepts (letters, digits and / . _ : * - only; Teleport: invalid label key), so no app carries it." }
        @{ Text = 'a $null value'; Key = 'team'; Value = $null; Message = "-AppLabels['team']: the value is `$null; an app's label holds a text (it may be empty)." }
        @{ Text = 'a list value'; Key = 'team'; Value = @('a', 'b'); Message = "-AppLabels['team']: the value is a list (System.Object[]); an app's label holds one text." }
        @{ Text = 'a hashtable value'; Key = 'team'; Value = @{ a = 1 }; Message = "-AppLabels['team']: the value is a System.Collections.Hashtable, which no label holds." }
    ) {
        $labels = @{ env = 'dev'; $Key = $Value }
        $r = @(Test-TeleportMcpRole -Path $Clean -UserName u -UserRole mcp-all -AppLabels $labels -Tool read_file -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        @($r | Where-Object Decision -eq 'Allowed').Count | Should -Be 1
        Get-Ids $err | Should -BeExactly @('InvalidAppLabels,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].Exception.Message | Should -BeExactly $Message
        Test-TeleportMcpRole -Path $Clean -UserName u -UserRole mcp-all -AppLabels $labels -Tool read_file -Quiet -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeFalse
        Test-TeleportMcpRole -Path $Clean -UserName u -UserRole mcp-all -AppLabels @{ env = 'dev' } -Tool read_file -Quiet | Should -BeTrue
    }

    It 'New-TeleportMcpRole names every bad selector entry and makes no role' {
        $file = Join-Path $TestDrive 'labels.yaml'
        $t = { New-TeleportMcpRole -Name ok -App local -Path $Clean -Tool read_file -AppLabels @{ env = 'dev'; 'a b' = 'x'; team = @('a', @('b')) } -OutFile $file -ErrorVariable script:err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } | Should -Throw -PassThru
        # The last refused entry ends the command; each other one is its own error before it.
        $t.FullyQualifiedErrorId | Should -BeExactly 'InvalidAppLabels,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $before = @($script:err | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId })
        Get-Ids $before | Should -BeExactly @('InvalidAppLabels,TeleportMcp.Commands.NewTeleportMcpRoleCommand')
        @(@($before[0].TargetObject, $t.TargetObject) | Sort-Object) | Should -BeExactly @("-AppLabels['a b']", "-AppLabels['team']")
        Test-Path $file | Should -BeFalse
    }
}

Describe 'Unicode noncharacters in output' {
    # Not through a Go-quoted name (tctl's %q already escapes them): a piped object's property names are shown through
    # the one output escaping (ControlCharacters), which wrote them raw before.
    It 'a piped object''s property name holding U+FFFE and U+1FFFF is shown escaped (InvalidPipelineInput)' {
        $k = "k$([char]0xFFFE)x$([char]::ConvertFromUtf32(0x1FFFF))"
        $null = [pscustomobject]@{ $k = 1 } | Test-TeleportMcpRole -Path $Clean -UserName u -UserRole mcp-all -App local -Tool read_file -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-Ids $err | Should -BeExactly @('InvalidPipelineInput,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].Exception.Message | Should -BeLikeExactly '*got a custom object (properties k\uFFFEx\U0001FFFF).'
        $err[0].Exception.Message.Contains([string][char]0xFFFE) | Should -BeFalse
    }
}
