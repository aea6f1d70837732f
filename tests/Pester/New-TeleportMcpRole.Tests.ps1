BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Annotated = Join-Path $RepoRoot 'tests/servers/annotated-server.js'
    $script:Everything = Join-Path $RepoRoot 'tests/npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js'
    $script:Node = (Get-Command node -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $script:Cluster = Join-Path $ExamplesDir 'cluster'

    function New-StdioApp([string] $Name, [string[]] $Arguments, [hashtable] $Labels) {
        [pscustomobject]@{ Name = $Name; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = $script:Node; Args = $Arguments
            RunAsHostUser = [Environment]::UserName; Labels = $Labels; Transport = 'stdio'; IsMcp = $true }
    }

    # The real tools/list of both servers, probed once.
    $script:FilesProbe = New-StdioApp 'files' @($Annotated) @{ env = 'staging'; team = 'docs' } | Test-TeleportMcpApp -Launch -TimeoutSec 60
    $script:EverythingProbe = New-StdioApp 'everything' @($Everything, 'stdio') @{ env = 'dev' } | Test-TeleportMcpApp -Launch -TimeoutSec 60
}

Describe 'The probe keeps tool annotations' {
    It 'has the declared hints, null where absent, and the MCP defaults as ReadOnly/Destructive' {
        $FilesProbe.Stage | Should -Be 'Done'
        $t = $FilesProbe.Tools | Where-Object Name -eq 'read_file'
        $t.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.ProbeTool'
        $t.Annotations.ReadOnlyHint | Should -BeTrue
        $t.Title | Should -Be 'Read a file'
        $t.ReadOnly | Should -BeTrue
        $t.Destructive | Should -BeFalse
        $move = $FilesProbe.Tools | Where-Object Name -eq 'move_file'
        $move.Annotations | Should -BeNullOrEmpty
        $move.ReadOnly | Should -BeFalse
        $move.Destructive | Should -BeTrue
        # "readOnlyHint": "true" is a string, not a boolean hint.
        ($FilesProbe.Tools | Where-Object Name -eq 'stat_file').ReadOnly | Should -BeFalse
        # Nor can Teleport decode it (lib/srv/mcp/session.go makeToolsCallResponse, mcp-go ToolAnnotation's *bool hints): a warning.
        "$($FilesProbe.Status)" | Should -BeExactly 'Warn'
        $FilesProbe.Warnings | Should -BeLike '*stat_file: annotations.readOnlyHint is a string*JSON-RPC -32603 "failed to unmarshal tools/list response"*'
        ($FilesProbe.Tools | Where-Object Name -eq 'list_allowed').Title | Should -Be 'List allowed directories'
    }

    It 'reports a piped App copy whose Args do not read as that item''s error (InvalidResourceProperty), reads the servers beside it, and writes no role (RoleNotWritten)' {
        $bad = [pscustomobject]@{ Name = 'bad'; Uri = 'mcp+stdio://'; Command = 'x'; Args = @{ a = 1 } }
        $role = $null
        $thrown = $null
        try { $role = @($FilesProbe, $bad, $EverythingProbe | New-TeleportMcpRole -Name mcp-two -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue) }
        catch { $thrown = $_ }
        $role | Should -BeNullOrEmpty
        $thrown.FullyQualifiedErrorId | Should -BeExactly 'RoleNotWritten,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $thrown.CategoryInfo.Category | Should -BeExactly 'InvalidArgument'
        $thrown.TargetObject | Should -BeExactly 'mcp-two'
        $thrown.Exception.Message | Should -BeExactly ("Role 'mcp-two' was not written: 1 of the 3 -App values given was refused ('bad' (InvalidResourceProperty)), " +
            'and a role without it would lack servers you asked for. No role object was written and no file was written or changed.')
        $item = @($err | Where-Object { $_.FullyQualifiedErrorId -ceq 'InvalidResourceProperty,TeleportMcp.Commands.NewTeleportMcpRoleCommand' })
        $item.Count | Should -Be 1 -Because ('ids: ' + (@($err | ForEach-Object FullyQualifiedErrorId) -join ', '))
        $item[0].TargetObject | Should -BeExactly 'bad'
        $item[0].Exception.Message | Should -BeLike 'app "bad": the value * of Args cannot be converted to *'
        $item[0].ErrorDetails.RecommendedAction | Should -BeLike "Fix or leave out this -App value: role 'mcp-two' is not written (no role object, no file)*"
        (Get-Command New-TeleportMcpRole).Parameters['App'].ParameterType | Should -Be ([TeleportMcp.AppChoice[]])
        # Without the refused value the same servers make the role.
        @($FilesProbe, $EverythingProbe | New-TeleportMcpRole -Name mcp-two -WarningAction SilentlyContinue).Count | Should -Be 1
    }

    It 'on the command line, a bad copy and a list inside the list are each that item''s error naming the value, and no role is written' {
        $bad = [pscustomobject]@{ Name = 'bad'; Uri = 'mcp+stdio://'; Command = 'x'; Args = @{ a = 1 } }
        $role = $null
        $thrown = $null
        try { $role = @(New-TeleportMcpRole -Name mcp-two -App $FilesProbe, $bad, @('x', 'y'), $EverythingProbe -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue) }
        catch { $thrown = $_ }
        $role | Should -BeNullOrEmpty
        $ids = @($err | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object FullyQualifiedErrorId | Where-Object { $_ })
        $ids | Should -BeExactly @('InvalidAppObject,TeleportMcp.Commands.NewTeleportMcpRoleCommand', 'InvalidResourceProperty,TeleportMcp.Commands.NewTeleportMcpRoleCommand')
        # Each starts with its place among the values (-App[2]), as Test-TeleportMcpRole -App's errors do.
        $err[0].Exception.Message | Should -BeExactly "-App[2]: A list inside the list given to -App ('x', 'y') is not one value; give the objects or names themselves."
        $err[1].Exception.Message | Should -BeLike '-App`[1`]: *'
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike "Fix or leave out this -App value: role 'mcp-two' is not written*"
        $err[1].TargetObject | Should -BeExactly 'bad'
        $thrown.FullyQualifiedErrorId | Should -BeExactly 'RoleNotWritten,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $thrown.Exception.Message | Should -BeLike "Role 'mcp-two' was not written: 2 of the 4 -App values given were refused (a list inside the list ('x', 'y') (InvalidAppObject); 'bad' (InvalidResourceProperty)), *"
    }

    It 'keeps the default ProbeResult view short' {
        ($FilesProbe | Format-Table | Out-String) | Should -Not -Match 'readOnly'
    }
}

Describe 'New-TeleportMcpRole writes a role only when every -App value was accepted' {
    BeforeAll {
        $script:Refused = [pscustomobject]@{ Name = 'bad'; Uri = 'mcp+stdio://'; Command = 'x'; Args = @{ a = 1 } }
        # Runs the command and returns what it wrote, its errors and the error that ended it.
        function Invoke-Refused([scriptblock] $Run) {
            $out = $null; $thrown = $null
            try { $out = @(& $Run) } catch { $thrown = $_ }
            [pscustomobject]@{ Out = @($out | Where-Object { $_ -ne $null }); Thrown = $thrown }
        }
    }

    # Test-TeleportMcpApp's result reaches the pipeline with control and bidi characters escaped; the role must be for the
    # names the server sent (a U+202E written as the six characters \u202E would grant nothing).
    It 'writes the tool names the server sent, quoted so that tctl reads them back as they are' {
        $probe = New-StdioApp 'hostile' @($Annotated, 'hostile') @{ env = 'dev' } | Test-TeleportMcpApp -Launch -TimeoutSec 60
        $probe.Stage | Should -Be 'Done'
        $file = Join-Path $TestDrive 'hostile.yaml'
        $r = $probe | New-TeleportMcpRole -Name hostile-ro -ReadOnly -OutFile $file -WarningAction SilentlyContinue
        $lines = @(Get-Content -LiteralPath $file -Encoding utf8 | Where-Object { $_ -like '      - *' })
        @($lines | Sort-Object) | Should -BeExactly @(@('      - ''it''''s''', '      - "line\u2028sep"', '      - "normal\u202etool"') | Sort-Object)
        # What reaches the terminal still has every control and bidi character escaped (the module's output rule).
        @($r.AllowMcpTools | ForEach-Object { $_.ToCharArray() } | Where-Object { [int]$_ -in 0x1B, 0x202E }) | Should -BeNullOrEmpty
        $r.AllowMcpTools | Should -Contain 'normal\u202Etool'
        @(Get-Content -LiteralPath $file -Encoding utf8 | ForEach-Object { $_.ToCharArray() } | Where-Object { [int]$_ -in 0x1B, 0x202E, 0x2028 }) | Should -BeNullOrEmpty
    }

    # Session 47 (review 329): the module's own id, whichever way the host cannot ask, with the file it asked about as the target.
    It '-Confirm where the host cannot ask (<Case>) stops with ConfirmationUnavailable and writes no file' -ForEach @(
        @{ Case = 'a console whose input has ended'; NonInteractive = $false }
        @{ Case = '-NonInteractive'; NonInteractive = $true }
    ) {
        $file = Join-Path $TestDrive ('input-ended-' + $NonInteractive + '.yaml')
        $r = Invoke-AtInputEnd 'New-TeleportMcpRole -Name mcp-files -App files -Path $Arg[0] -Tool read_file -Literal -OutFile $Arg[1] -Confirm -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable err' @($Cluster, $file) -NonInteractive:$NonInteractive
        $r.Ids | Should -BeExactly 'ConfirmationUnavailable,TeleportMcp.Commands.NewTeleportMcpRoleCommand' -Because $r.Output
        $r.Targets | Should -BeExactly $file -Because $r.Output
        $r.Output | Should -Not -Match 'NullReferenceException|Object reference not set'
        Test-Path -LiteralPath $file | Should -BeFalse
    }

    It 'leaves -OutFile as it was: no new file, and its own unchanged file not replaced even with -Force' {
        $new = Join-Path $TestDrive 'refused-new.yaml'
        $r = Invoke-Refused { $FilesProbe, $Refused | New-TeleportMcpRole -Name mcp-files -OutFile $new -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
        $r.Thrown.FullyQualifiedErrorId | Should -BeExactly 'RoleNotWritten,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $r.Out.Count | Should -Be 0
        Test-Path -LiteralPath $new | Should -BeFalse
        # The module's own stamped output (the -OutFile rule would replace it) is kept byte for byte, with or without -Force.
        $own = Join-Path $TestDrive 'refused-own.yaml'
        $FilesProbe | New-TeleportMcpRole -Name mcp-files -ReadOnly -OutFile $own -WarningAction SilentlyContinue | Out-Null
        $before = [IO.File]::ReadAllBytes($own)
        foreach ($force in $false, $true) {
            $r = Invoke-Refused { $FilesProbe, $Refused | New-TeleportMcpRole -Name mcp-files -OutFile $own -Force:$force -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
            $r.Thrown.FullyQualifiedErrorId | Should -BeExactly 'RoleNotWritten,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
            [IO.File]::ReadAllBytes($own) | Should -Be $before
        }
        # With every value accepted, the same file is replaced by the stamp rule as before.
        $FilesProbe | New-TeleportMcpRole -Name mcp-files -OutFile $own -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        @($err).Count | Should -Be 0
        [IO.File]::ReadAllBytes($own) | Should -Not -Be $before
    }

    It '-WhatIf: a refused value ends with RoleNotWritten and writes nothing; with every value accepted -WhatIf still writes nothing' {
        $file = Join-Path $TestDrive 'refused-whatif.yaml'
        $whatIf = Invoke-Refused { $FilesProbe, $Refused | New-TeleportMcpRole -Name mcp-files -OutFile $file -WhatIf -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
        $whatIf.Thrown.FullyQualifiedErrorId | Should -BeExactly 'RoleNotWritten,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $whatIf.Out.Count | Should -Be 0
        Test-Path -LiteralPath $file | Should -BeFalse
        $FilesProbe | New-TeleportMcpRole -Name mcp-files -OutFile $file -WhatIf -WarningAction SilentlyContinue | Out-Null
        Test-Path -LiteralPath $file | Should -BeFalse
    }

    It 'a name -Path does not hold (AppNotFound) is refused too; the preview''s other inputs are still checked (UserNotFound) and nothing is previewed' {
        $p = @{ Path = $Cluster; User = 'alice', 'nobody-here'; Literal = $true; Tool = 'echo' }
        $r = Invoke-Refused { $EverythingProbe, 'no-such-app' | New-TeleportMcpRole -Name mcp-preview @p -ErrorVariable script:err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
        $r.Out.Count | Should -Be 0
        $r.Thrown.FullyQualifiedErrorId | Should -BeExactly 'RoleNotWritten,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $r.Thrown.Exception.Message | Should -BeLike "*('no-such-app' (AppNotFound))*"
        $ids = @($err | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object FullyQualifiedErrorId)
        $ids -ccontains 'AppNotFound,TeleportMcp.Commands.NewTeleportMcpRoleCommand' | Should -BeTrue -Because ($ids -join ', ')
        $ids -ccontains 'UserNotFound,TeleportMcp.Commands.NewTeleportMcpRoleCommand' | Should -BeTrue -Because ($ids -join ', ')
        @($err | Where-Object { $_.FullyQualifiedErrorId -ceq 'AppNotFound,TeleportMcp.Commands.NewTeleportMcpRoleCommand' })[0].TargetObject | Should -BeExactly 'no-such-app'
    }

    It 'the roles beside it in the same pipeline are still written (RoleNotWritten ends only its own command)' {
        $dir = Join-Path $TestDrive 'beside'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $ended = [System.Collections.Generic.List[string]]::new()
        $out = @(
            @{ Name = 'mcp-a'; Apps = @($FilesProbe) }, @{ Name = 'mcp-b'; Apps = @($FilesProbe, $Refused) }, @{ Name = 'mcp-c'; Apps = @($EverythingProbe) } |
                ForEach-Object {
                    try { $_.Apps | New-TeleportMcpRole -Name $_.Name -OutFile (Join-Path $dir "$($_.Name).yaml") -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
                    catch { $ended.Add($_.FullyQualifiedErrorId + ' ' + $_.TargetObject) }
                }
        )
        @($ended) | Should -BeExactly @('RoleNotWritten,TeleportMcp.Commands.NewTeleportMcpRoleCommand mcp-b')
        @($out | ForEach-Object Name) | Should -BeExactly @('mcp-a', 'mcp-c')
        @(Get-ChildItem -LiteralPath $dir | ForEach-Object Name | Sort-Object) | Should -BeExactly @('mcp-a.yaml', 'mcp-c.yaml')
    }
}

Describe 'New-TeleportMcpRole -Path and -LiteralPath' {
    BeforeAll {
        $script:Export = Join-Path $TestDrive 'export[1]'
        New-Item -ItemType Directory -Path (Join-Path $Export 'apps/mcp') -Force | Out-Null
        Copy-Item (Join-Path $Cluster '*') (Join-Path $Export 'apps/mcp')
    }

    It 'reads a folder at every level below it, as Test-TeleportMcpRole does' {
        $role = New-TeleportMcpRole -Name mcp-github-issues -App github -LiteralPath $Export -Tool list_issues -Literal -WarningAction SilentlyContinue -ErrorAction Stop
        $role.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.Role'
        $role.AllowAppLabels.Count | Should -BeGreaterThan 0
    }

    It 'takes -LiteralPath as written, where -Path reads the brackets as a wildcard (export1, which holds no app)' {
        New-Item -ItemType Directory -Path (Join-Path $TestDrive 'export1') -Force | Out-Null
        $thrown = $null
        try { $null = New-TeleportMcpRole -Name mcp-github-issues -App github -Path $Export -Tool list_issues -Literal -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue }
        catch { $thrown = $_ }
        $thrown | Should -Not -BeNullOrEmpty
        @($err.FullyQualifiedErrorId) -ccontains 'AppNotFound,TeleportMcp.Commands.NewTeleportMcpRoleCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
    }
}

Describe 'New-TeleportMcpRole on a server with tempting names' {
    It 'grants the read-only tools by name (annotations speak only for the tools listed now, 2:M4)' {
        $role = $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -ReadOnly -WarningAction SilentlyContinue
        $role.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.Role'
        $role.AllowMcpTools | Should -Be @('read_file', 'read_dir', 'list_allowed')
        $role.AllowAppLabels['env'] | Should -Be 'staging'
        $role.AllowAppLabels['team'] | Should -Be 'docs'
    }

    It 'round-trips through the YAML file, Import-TeleportResource and Test-TeleportMcpRole with exactly the intended decisions' {
        $file = Join-Path $TestDrive 'files-read.yaml'
        $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -ReadOnly -OutFile $file -WarningAction SilentlyContinue | Out-Null
        $imported = Import-TeleportResource $file
        $imported.Name | Should -Be 'mcp-files-read'
        $imported.Version | Should -Be 'v8'
        $decisions = $FilesProbe | Test-TeleportMcpRole -UserName u -Roles mcp-files-read -Role $imported
        $allowed = @($decisions | Where-Object Allowed | ForEach-Object Tool | Sort-Object)
        $allowed | Should -Be @('list_allowed', 'read_dir', 'read_file')
        @($decisions | Where-Object { -not $_.Allowed } | ForEach-Object Decision | Sort-Object -Unique) | Should -Be @('NotGranted')
        @($decisions).Count | Should -Be 8
    }

    It 'says in the YAML which tools each entry covers, and never writes a glob that takes read_file_and_delete' {
        $yaml = $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -Tool read_file, read_dir -AsYaml -WarningAction SilentlyContinue
        $yaml | Should -Match "(?m)^      # regex, covers read_file, read_dir\r?\n      - '\^read_\(file\|dir\)\$'"
        $yaml | Should -Match 'withheld: .*read_file_and_delete \(not requested\)'
        $readOnly = $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -ReadOnly -AsYaml -WarningAction SilentlyContinue
        $readOnly | Should -Match "(?m)^      # read_file\r?\n      - 'read_file'"
        $readOnly | Should -Match 'withheld: .*read_file_and_delete \(not read-only\)'
    }

    It '-ExcludeDestructive keeps write_file (destructiveHint false) and withholds the unannotated tools' {
        $role = $FilesProbe | New-TeleportMcpRole -Name mcp-files-safe -ExcludeDestructive -Literal -WarningAction SilentlyContinue
        @($role.AllowMcpTools | Sort-Object) | Should -Be @('list_allowed', 'read_dir', 'read_file', 'write_file')
    }

    It '-Verbose lists granted and withheld tools with the reason' {
        $verbose = $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -ReadOnly -Exclude read_dir -Verbose -WarningAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Should -Contain 'withheld files/read_dir - excluded by -Exclude read_dir'
        $verbose | Should -Contain 'withheld files/move_file - not read-only (no readOnlyHint; the MCP default is false)'
        $verbose | Should -Contain 'withheld files/read_file_and_delete - not read-only (readOnlyHint false)'
        ($verbose | Where-Object { $_ -like 'granted files/read_file - *' }) | Should -Not -BeNullOrEmpty
        ($verbose | Where-Object { $_ -like 'proof on files:*' }) | Should -Not -BeNullOrEmpty
    }

    It 'takes a deserialized probe (Export-Clixml) and decides the same' {
        $xml = Join-Path $TestDrive 'probe.xml'
        $FilesProbe | Export-Clixml $xml
        $role = Import-Clixml $xml | New-TeleportMcpRole -Name mcp-files-read -ReadOnly -WarningAction SilentlyContinue
        $role.AllowMcpTools | Should -Be @('read_file', 'read_dir', 'list_allowed')
    }

    It 'reports an unmatched -Tool entry and builds the role from the rest' {
        $role = $FilesProbe | New-TeleportMcpRole -Name mcp-files-pick -Tool read_file, reed_file -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $role.AllowMcpTools | Should -Be @('read_file')
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'ToolNotFound,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $err[0].CategoryInfo.Category | Should -BeExactly 'ObjectNotFound'
        $err[0].Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
        $err[0].TargetObject | Should -BeExactly 'reed_file'
        $err[0].Exception.Message | Should -BeLike '*reed_file*'
    }

    It 'does not overwrite an existing file without -Force, and -WhatIf writes nothing' {
        $file = Join-Path $TestDrive 'exists.yaml'
        Set-Content -Path $file -Value 'mine'
        $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -ReadOnly -OutFile $file -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'OutFileExists,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $err[0].CategoryInfo.Category | Should -BeExactly 'ResourceExists'
        $err[0].Exception | Should -BeOfType ([System.IO.IOException])
        Get-Content $file | Should -Be 'mine'
        $new = Join-Path $TestDrive 'whatif.yaml'
        $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -ReadOnly -OutFile $new -WhatIf -WarningAction SilentlyContinue | Out-Null
        Test-Path $new | Should -BeFalse
        $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -ReadOnly -OutFile $file -Force -WarningAction SilentlyContinue | Out-Null
        (Get-Content -Raw $file) | Should -Match 'kind: role'
    }

    It 'reports a file it cannot write with OutFileWriteFailed (a folder that is not there, a folder of that name, a path under a file) and still emits the role' {
        $plain = Join-Path $TestDrive 'a-file.txt'
        Set-Content -LiteralPath $plain 'not a folder'
        foreach ($file in @((Join-Path $TestDrive 'no/such/folder/role.yaml'), $TestDrive, (Join-Path $plain 'role.yaml'))) {
            $r = @($FilesProbe | New-TeleportMcpRole -Name mcp-files-read -ReadOnly -OutFile $file -Force -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            @($err).Count | Should -Be 1 -Because ("$file; ids: " + ($err.FullyQualifiedErrorId -join ', '))
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'OutFileWriteFailed,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
            $err[0].CategoryInfo.Category | Should -BeExactly 'WriteError'
            $err[0].TargetObject | Should -BeExactly ([IO.Path]::GetFullPath($file))
            $r.Count | Should -Be 1
            $r[0].Name | Should -BeExactly 'mcp-files-read'
            $r[0].SourcePath | Should -BeExactly '(generated role)'
        }
        Test-Path (Join-Path $TestDrive 'no') | Should -BeFalse
        Get-Content -Raw -LiteralPath $plain | Should -BeExactly ('not a folder' + [Environment]::NewLine)
    }

    It 'replaces its own unchanged role file, but not one edited since (the one -OutFile rule)' {
        $file = Join-Path $TestDrive 'own.yaml'
        $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -ReadOnly -OutFile $file -WarningAction SilentlyContinue | Out-Null
        (Get-Content -Raw $file) | Should -Match '# TeleportMcp sha256:[0-9a-f]{64}\s*$'
        @(Import-TeleportResource -LiteralPath $file).Name | Should -Be 'mcp-files-read'
        $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -OutFile $file -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        $err.Count | Should -Be 0
        (Get-Content -Raw $file) | Should -Match 'kind: role'
        (Get-Content -Raw $file) -replace 'mcp-files-read', 'mcp-files-mine' | Set-Content -LiteralPath $file -NoNewline
        $FilesProbe | New-TeleportMcpRole -Name mcp-files-read -OutFile $file -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'OutFileExists,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $err[0].TargetObject | Should -BeExactly $file
        (Get-Content -Raw $file) | Should -Match 'mcp-files-mine'
    }
}

Describe 'New-TeleportMcpRole for several servers' {
    It 'makes one role from several piped probes, selecting them by their shared labels' {
        $second = New-StdioApp 'files-prod' @($Annotated) @{ env = 'prod'; team = 'docs' } | Test-TeleportMcpApp -Launch -TimeoutSec 60
        $role = @($FilesProbe, $second) | New-TeleportMcpRole -Name mcp-docs-read -ReadOnly -WarningAction SilentlyContinue
        @($role.AllowAppLabels['env'] | Sort-Object) | Should -Be @('prod', 'staging')
        $role.AllowAppLabels['team'] | Should -Be 'docs'
        foreach ($p in $FilesProbe, $second) {
            $allowed = @($p | Test-TeleportMcpRole -UserName u -Roles mcp-docs-read -Role $role | Where-Object Allowed | ForEach-Object Tool | Sort-Object)
            $allowed | Should -Be @('list_allowed', 'read_dir', 'read_file')
        }
    }
}

Describe 'New-TeleportMcpRole on server-everything' {
    It 'writes the read-only role from its annotations and checks the labels against the cluster export' {
        $role = $EverythingProbe | New-TeleportMcpRole -Name mcp-everything-read-only -ReadOnly -Path $Cluster, (Join-Path $ExamplesDir 'teleport.yaml') -WarningVariable warn
        $readOnly = @($EverythingProbe.Tools | Where-Object { $_.Annotations.ReadOnlyHint -eq $true } | ForEach-Object Name)
        $role.AllowMcpTools | Should -Be $readOnly
        $decisions = $EverythingProbe | Test-TeleportMcpRole -UserName u -Roles mcp-everything-read-only -Role $role
        @($decisions | Where-Object Allowed | ForEach-Object Tool) | Should -Be $readOnly
        $warn | Should -BeNullOrEmpty
    }

    It 'previews per user the tools gained and those another role still denies' {
        $effects = $EverythingProbe | New-TeleportMcpRole -Name mcp-everything-read-only -ReadOnly -Path $Cluster, (Join-Path $ExamplesDir 'teleport.yaml') -User alice, bob
        $alice = $effects | Where-Object User -eq alice
        $alice.PSObject.TypeNames[0] | Should -Be 'TeleportMcp.RoleEffect'
        $alice.Gained | Should -Contain 'echo'
        $alice.StillDenied | Should -BeNullOrEmpty
        $bob = $effects | Where-Object User -eq bob
        $bob.StillDenied | Should -Be @('get-env')
        $bob.DeniedBy | Should -BeLike '*mcp-no-env-dump*'
    }

    It 'says the preview may be partial when a role a user names is missing and a file of -Path was not read (RolesNotInExport names it)' {
        $dir = Join-Path $TestDrive 'partial'
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $dir 'users.yaml') -Value "kind: user`nversion: v2`nmetadata: {name: carol}`nspec: {roles: [access, lost]}"
        Set-Content -LiteralPath (Join-Path $dir 'broken.yaml') -Value "kind: role`nversion: v8`nmetadata: {name: lost"
        $effects = $EverythingProbe | New-TeleportMcpRole -Name mcp-everything-read-only -ReadOnly -Path $Cluster, (Join-Path $ExamplesDir 'teleport.yaml'), $dir -User carol -WarningVariable warn -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue
        $effects.RolesNotInExport | Should -Be @('lost')
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'YamlParseError,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        @($warn | Where-Object { $_.Message -like 'The preview may be partial: 1 resource(s) of -Path could not be read (*broken.yaml:*' }).Count | Should -Be 1
    }

    It 'takes the preview''s users from the pipeline, by value and by property name' {
        $p = @{ Name = 'mcp-everything-read-only'; ReadOnly = $true; Path = @($Cluster, (Join-Path $ExamplesDir 'teleport.yaml')) }
        # -App on the command line: the piped strings are users.
        $byName = 'alice', 'bob' | New-TeleportMcpRole @p -App $EverythingProbe
        @($byName.User | Sort-Object -Unique) | Should -Be @('alice', 'bob')
        $byProperty = [pscustomobject]@{ User = 'bob' } | New-TeleportMcpRole @p -App $EverythingProbe
        @($byProperty.User | Sort-Object -Unique) | Should -Be @('bob')
        $objects = Import-TeleportResource -Path (Join-Path $Cluster 'users.yaml') | Where-Object { $_ -is [TeleportMcp.User] -and $_.Name -eq 'alice' } | New-TeleportMcpRole @p -App $EverythingProbe
        @($objects.User | Sort-Object -Unique) | Should -Be @('alice')
    }

    It 'splits piped strings into users and apps by one rule, and -Verbose says which was which' {
        $p = @{ Name = 'mcp-everything-read-only'; ReadOnly = $true; Path = @($Cluster, (Join-Path $ExamplesDir 'teleport.yaml')) }
        # Without -App and -User: a name of a user read is that user; the probe result is the app.
        $r = @($EverythingProbe, 'alice') | New-TeleportMcpRole @p -Verbose 4>&1
        $verbose = @($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain 'Piped names taken as users (users of these names were read, no apps): alice.'
        @($r | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | ForEach-Object User | Sort-Object -Unique) | Should -Be @('alice')
        # With -User on the command line, a piped string is an app name (none of that name here: AppNotFound).
        ({ 'nosuchapp' | New-TeleportMcpRole @p -User bob -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'AppNotFound,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
    }
}

Describe 'New-TeleportMcpRole refuses what tctl create would reject' {
    It 'refuses <Case> with <Id>' -ForEach @(
        @{ Case = 'a reserved name'; Params = @{ Name = 'Admin' }; Id = 'InvalidRoleName'; Category = 'InvalidArgument'; Type = [ArgumentException] }
        @{ Case = 'an empty name'; Params = @{ Name = '' }; Id = 'InvalidRoleName'; Category = 'InvalidArgument'; Type = [ArgumentException] }
        @{ Case = 'a name with a newline'; Params = @{ Name = "a`nb" }; Id = 'InvalidRoleName'; Category = 'InvalidArgument'; Type = [ArgumentException] }
        @{ Case = 'version v9'; Params = @{ Name = 'ok'; Version = 'v9' }; Id = 'UnsupportedRoleVersion'; Category = 'InvalidArgument'; Type = [ArgumentException] }
        @{ Case = 'an empty tools list'; Params = @{ Name = 'ok'; Tool = 'read_file'; Exclude = 'read_*' }; Id = 'NothingToGrant'; Category = 'InvalidOperation'; Type = [InvalidOperationException] }
        @{ Case = 'empty app labels'; Params = @{ Name = 'ok'; AppLabels = @{} }; Id = 'EmptyAppLabels'; Category = 'InvalidArgument'; Type = [ArgumentException] }
    ) {
        $file = Join-Path $TestDrive "refused-$([guid]::NewGuid()).yaml"
        $p = $Params.Clone()
        $r = { $FilesProbe | New-TeleportMcpRole @p -OutFile $file -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $r.FullyQualifiedErrorId | Should -BeExactly "$Id,TeleportMcp.Commands.NewTeleportMcpRoleCommand"
        $r.CategoryInfo.Category | Should -BeExactly $Category
        $r.Exception.GetType() | Should -Be $Type
        # A name with a control character reaches the error escaped (tested in HostileInput).
        if ($p.Name -cnotmatch '\p{Cc}') { $r.TargetObject | Should -BeExactly $p.Name }
        Test-Path $file | Should -BeFalse
    }

    It 'refuses a preview without the export to compare with (PreviewNeedsExport), and a role for no server (NoApp)' {
        ({ $FilesProbe | New-TeleportMcpRole -Name ok -User alice -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'PreviewNeedsExport,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        ({ 'nosuchapp' | New-TeleportMcpRole -Name ok -ErrorAction SilentlyContinue } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'NoApp,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
    }

    It 'warns that the preview replaces a role the export already holds' {
        $p = @{ ReadOnly = $true; Path = @($Cluster, (Join-Path $ExamplesDir 'teleport.yaml')); User = 'alice' }
        $existing = Import-TeleportResource -Path $Cluster | Where-Object { $_ -is [TeleportMcp.Role] } | Select-Object -First 1
        $null = $EverythingProbe | New-TeleportMcpRole @p -Name $existing.Name -WarningVariable warn -WarningAction SilentlyContinue
        @($warn | Where-Object { $_.Message -like '*already exists in the export*tctl create (without -f)*' }).Count | Should -Be 1
        $null = $EverythingProbe | New-TeleportMcpRole @p -Name 'mcp-new-role-name' -WarningVariable warn2 -WarningAction SilentlyContinue
        @($warn2 | Where-Object { $_.Message -like '*already exists*' }).Count | Should -Be 0
    }

    It 'needs a probe for -ReadOnly' {
        $app = Import-TeleportResource (Join-Path $ExamplesDir 'teleport.yaml') | Where-Object Name -eq everything
        ({ $app | New-TeleportMcpRole -Name ok -ReadOnly -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'AnnotationsUnknown,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
    }

    It 'refuses a probe that did not list tools, naming the stage' {
        $failed = New-StdioApp 'broken' @((Join-Path $RepoRoot 'tests/servers/fake-server.js'), 'exit1') @{ env = 'x' } | Test-TeleportMcpApp -Launch -TimeoutSec 30
        ({ $failed | New-TeleportMcpRole -Name ok -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'ProbeIncomplete,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
    }
}

Describe 'New-TeleportMcpRole names every -AppLabels entry it cannot use' {
    # The rules RoleDesigner.CheckSelector held, first error only, before (06786180): api/types/role.go checkWildcardSelector
    # "selector *:<val> is not supported" (index id 11142259), an empty value, a trait template, a value that is no Go regex.
    It 'each bad entry is its own error with its id and key; the last ends the command; no role is written' {
        $file = Join-Path $TestDrive "labels-$([guid]::NewGuid()).yaml"
        $labels = [ordered]@{ '*' = 'dev'; env = ''; tier = '{{internal.tier}}'; zone = @('a', '^(b$'); team = 'docs' }
        $t = { $FilesProbe | New-TeleportMcpRole -Name ok -AppLabels $labels -OutFile $file -ErrorVariable script:err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $before = @($script:err | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId })
        $all = @(@($before) + $t)
        [string[]]$got = @($all | ForEach-Object { "$($_.TargetObject) $($_.FullyQualifiedErrorId)" } | Select-Object -Unique)
        [Array]::Sort($got, [StringComparer]::Ordinal)
        $got | Should -BeExactly @(
            "-AppLabels['*'] InvalidAppLabels,TeleportMcp.Commands.NewTeleportMcpRoleCommand"
            "-AppLabels['env'] InvalidAppLabels,TeleportMcp.Commands.NewTeleportMcpRoleCommand"
            "-AppLabels['tier'] TemplateNotSupported,TeleportMcp.Commands.NewTeleportMcpRoleCommand"
            "-AppLabels['zone'] InvalidPattern,TeleportMcp.Commands.NewTeleportMcpRoleCommand")
        ($all | Where-Object TargetObject -eq "-AppLabels['zone']" | Select-Object -First 1).Exception.Message | Should -BeLike "-AppLabels?'zone'?: the value `"^(b$`" is not a valid Go regex: *"
        @($all.CategoryInfo.Category | Select-Object -Unique) | Should -BeExactly @('InvalidArgument')
        Test-Path $file | Should -BeFalse
    }
}

# api/types/app.go IsAppMCP needs an mcp+ scheme; lib/srv/app/connections_handler.go @0009d93e checks mcp.tools only for
# IsMCP() apps: a role for a web app would grant no tool and only open the web app (helper-339).
Describe 'New-TeleportMcpRole refuses a web app' {
    It 'refuses web app <Label> (NotAnMcpApp) and writes no role (NoApp)' -ForEach @(
        @{ Label = 'named with -App'; Given = 'name' }
        @{ Label = 'given as a TeleportMcp.App'; Given = 'object' }
    ) {
        $yaml = Join-Path $TestDrive 'web-teleport.yaml'
        Set-Content -LiteralPath $yaml -Value "version: v3`napp_service:`n  enabled: true`n  apps:`n  - name: wiki`n    uri: http://127.0.0.1:8081`n    labels: {team: docs}"
        $app = if ($Given -eq 'name') { 'wiki' } else { Import-TeleportResource $yaml | Where-Object Name -eq 'wiki' }
        $out = $null; $thrown = $null
        try { $out = @(New-TeleportMcpRole -Name mcp-wiki -App $app -Tool read_file -Path $yaml -AsYaml -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) } catch { $thrown = $_ }
        @($out | Where-Object { $_ -ne $null }).Count | Should -Be 0
        # The only -App value was refused: NoApp ends the command (RoleNotWritten when others were accepted).
        $thrown.FullyQualifiedErrorId | Should -BeExactly 'NoApp,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $e = @($err | Where-Object { $_.FullyQualifiedErrorId -ceq 'NotAnMcpApp,TeleportMcp.Commands.NewTeleportMcpRoleCommand' })
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -BeLike 'app "wiki" is not an MCP app (URI "http://127.0.0.1:8081"): Teleport checks mcp.tools only on MCP apps*'
        $e[0].TargetObject | Should -BeExactly 'wiki'
    }

    # api/types/app.go (fork @77295d71) IsAppMCP: an mcp+ scheme Teleport does not know (McpTransportRules) is an ordinary web app,
    # said in StaticChecks' words (helper-350, reviewer-347).
    It 'refuses app <Uri> saying Teleport does not know its scheme as MCP (NotAnMcpApp)' -ForEach @(
        @{ Uri = 'mcp+sse://127.0.0.1:8000/sse'; Scheme = 'mcp+sse' }
        @{ Uri = 'mcp+ws://127.0.0.1:8000'; Scheme = 'mcp+ws' }
    ) {
        $yaml = Join-Path $TestDrive 'sse-teleport.yaml'
        Set-Content -LiteralPath $yaml -Value "version: v3`napp_service:`n  enabled: true`n  apps:`n  - name: sse`n    uri: '$Uri'`n    labels: {team: docs}"
        $thrown = $null
        try { $null = New-TeleportMcpRole -Name mcp-sse -App sse -Tool read_file -Path $yaml -AsYaml -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeExactly 'NoApp,TeleportMcp.Commands.NewTeleportMcpRoleCommand'
        $e = @($err | Where-Object { $_.FullyQualifiedErrorId -ceq 'NotAnMcpApp,TeleportMcp.Commands.NewTeleportMcpRoleCommand' })
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -BeExactly "app ""sse"" is not an MCP app (URI ""$Uri"" has the scheme ""$Scheme"", which Teleport does not know as MCP, so it is an ordinary web app): Teleport checks mcp.tools only on MCP apps, so a role for it would grant no tool, and its app_labels would only open the web app"
    }
}
