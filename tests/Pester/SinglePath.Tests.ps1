BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Me = [Environment]::UserName
    # A drive that does not exist: PowerShell's DriveNotFoundException, which must come out as the module's InvalidPath.
    $script:NoDrive = 'nosuchdrive7x:' + [IO.Path]::DirectorySeparatorChar

    # The client checks read only the files of a home and a project this test owns.
    function script:Use-EmptyHome([scriptblock] $Body) {
        $home2 = Join-Path $TestDrive ('home-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Force $home2 | Out-Null
        $vars = 'HOME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'XDG_CONFIG_HOME'
        $saved = @{}; foreach ($v in $vars) { $saved[$v] = [Environment]::GetEnvironmentVariable($v) }
        try {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, $home2) }
            & $Body
        }
        finally {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
        }
    }
}

Describe 'Test-TeleportMcpClient -ProjectPath and -LiteralProjectPath' {
    BeforeAll {
        # A project folder whose name has wildcard characters.
        $script:Project = Join-Path $TestDrive 'proj[1]'
        [IO.Directory]::CreateDirectory($Project) | Out-Null
        $script:WildProject = Join-Path $TestDrive 'wildproject'
        [IO.Directory]::CreateDirectory($WildProject) | Out-Null
        $script:WildFile = Join-Path $WildProject '.mcp.json'
        Set-Content -LiteralPath $WildFile -Value '{"mcpServers":{"teleport-mcp-files":{"command":"tsh","args":["mcp","connect","files"]}}}' -Encoding utf8NoBOM
        $script:ProjectFile = Join-Path $Project '.mcp.json'
        Set-Content -LiteralPath $ProjectFile -Value '{"mcpServers":{"teleport-mcp-files":{"command":"tsh","args":["mcp","connect","files"]}}}' -Encoding utf8NoBOM
    }

    It '-LiteralProjectPath takes the folder as written and checks its project files' {
        $r = Use-EmptyHome { @(Test-TeleportMcpClient -SkipSession -LiteralProjectPath $Project -ErrorVariable err -ErrorAction SilentlyContinue) }
        $err | Should -BeNullOrEmpty
        @($r.ConfigPath | Sort-Object -Unique) | Should -Be @($ProjectFile)
    }

    It '-ProjectPath with a wildcard that matches one folder checks it' {
        $r = Use-EmptyHome { @(Test-TeleportMcpClient -SkipSession -ProjectPath (Join-Path $TestDrive 'wildproj*') -ErrorVariable err -ErrorAction SilentlyContinue) }
        $err | Should -BeNullOrEmpty
        @($r.ConfigPath | Sort-Object -Unique) | Should -Be @($WildFile)
    }

    It 'a project folder that does not exist is an error naming it, nothing else is checked in its place, and -Quiet is $false' {
        $missing = Join-Path $TestDrive 'no-such-project'
        $out = Use-EmptyHome { @(Test-TeleportMcpClient -SkipSession -ProjectPath $missing -Quiet -ErrorVariable err -ErrorAction SilentlyContinue); $script:Err1 = $err }
        $out | Should -Be @($false)
        @($Err1).Count | Should -Be 1
        $Err1[0].FullyQualifiedErrorId | Should -BeExactly 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpClientCommand'
        $Err1[0].CategoryInfo.Category | Should -BeExactly 'ObjectNotFound'
        $Err1[0].TargetObject | Should -BeExactly $missing
        $Err1[0].Exception.Message | Should -BeLike "*$missing*"
        $r = Use-EmptyHome { @(Test-TeleportMcpClient -SkipSession -LiteralProjectPath $missing -ErrorAction SilentlyContinue) }
        $r | Should -BeNullOrEmpty
    }

    It 'a file, another provider''s path and a drive that does not exist are errors with their own ids' -ForEach @(
        @{ Given = 'file'; Id = 'NotAFolder'; Category = 'InvalidArgument' }
        @{ Given = 'env'; Id = 'NotFileSystemPath'; Category = 'InvalidArgument' }
        @{ Given = 'drive'; Id = 'InvalidPath'; Category = 'ObjectNotFound' }
    ) {
        $path = switch ($Given) { 'file' { $ProjectFile } 'env' { 'Env:\PATH' } 'drive' { $NoDrive + 'project' } }
        $out = Use-EmptyHome { @(Test-TeleportMcpClient -SkipSession -LiteralProjectPath $path -Quiet -ErrorVariable err -ErrorAction SilentlyContinue); $script:Err2 = $err }
        $out | Should -Be @($false)
        @($Err2).Count | Should -Be 1
        $Err2[0].FullyQualifiedErrorId | Should -BeExactly "$Id,TeleportMcp.Commands.TestTeleportMcpClientCommand"
        $Err2[0].CategoryInfo.Category | Should -BeExactly $Category
        $Err2[0].TargetObject | Should -BeExactly $path
    }

    It 'a wildcard that matches several folders is AmbiguousPath' {
        New-Item -ItemType Directory -Force (Join-Path $TestDrive 'amb-a'), (Join-Path $TestDrive 'amb-b') | Out-Null
        $pattern = Join-Path $TestDrive 'amb-*'
        $out = Use-EmptyHome { @(Test-TeleportMcpClient -SkipSession -ProjectPath $pattern -Quiet -ErrorVariable err -ErrorAction SilentlyContinue); $script:Err3 = $err }
        $out | Should -Be @($false)
        $Err3[0].FullyQualifiedErrorId | Should -BeExactly 'AmbiguousPath,TeleportMcp.Commands.TestTeleportMcpClientCommand'
        $Err3[0].TargetObject | Should -BeExactly $pattern
    }

    It 'the project folder given twice is refused' {
        $e = { Test-TeleportMcpClient -SkipSession -ProjectPath $Project -LiteralProjectPath $Project -ErrorAction Stop } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeExactly 'ConflictingProjectPath,TeleportMcp.Commands.TestTeleportMcpClientCommand'
    }

    It 'a -TshPath on a drive that does not exist ends the command with InvalidPath (no other tsh is run)' {
        $tsh = $NoDrive + 'tsh'
        $e = { Test-TeleportMcpClient -LiteralProjectPath $Project -TshPath $tsh -ErrorAction Stop } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeExactly 'InvalidPath,TeleportMcp.Commands.TestTeleportMcpClientCommand'
        $e.TargetObject | Should -BeExactly $tsh
    }
}

Describe 'tctl paths: -TctlPath, -IdentityFile, -ConfigFile' {
    It '<Parameter> <Given> ends the command with <Id> naming the path' -ForEach @(
        @{ Parameter = 'TctlPath'; Given = 'drive'; Id = 'InvalidPath'; Category = 'ObjectNotFound' }
        @{ Parameter = 'TctlPath'; Given = 'env'; Id = 'NotFileSystemPath'; Category = 'InvalidArgument' }
        @{ Parameter = 'IdentityFile'; Given = 'missing'; Id = 'PathNotFound'; Category = 'ObjectNotFound' }
        @{ Parameter = 'IdentityFile'; Given = 'drive'; Id = 'InvalidPath'; Category = 'ObjectNotFound' }
        @{ Parameter = 'ConfigFile'; Given = 'env'; Id = 'NotFileSystemPath'; Category = 'InvalidArgument' }
        @{ Parameter = 'ConfigFile'; Given = 'folder'; Id = 'NotAFile'; Category = 'InvalidArgument' }
    ) {
        $path = switch ($Given) { 'drive' { $NoDrive + 'x' } 'env' { 'Env:\PATH' } 'missing' { Join-Path $TestDrive 'no-such-identity' } 'folder' { $TestDrive } }
        $splat = @{ $Parameter = $path }
        $e = { Get-TeleportMcpTools alice @splat -ErrorAction Stop } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeExactly "$Id,TeleportMcp.Commands.GetTeleportMcpToolsCommand"
        $e.CategoryInfo.Category | Should -BeExactly $Category
        $e.TargetObject | Should -BeExactly $path
    }

    It 'a -TctlPath that is not there is still tctl''s TctlNotFound (the runner decides, the path is only resolved)' {
        $e = { Get-TeleportMcpTools alice -TctlPath (Join-Path $TestDrive 'none') -ErrorAction Stop } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeExactly 'TctlNotFound,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
    }
}

Describe '-OutFile and -KeyFilePath' {
    It 'Invoke-TeleportMcpDiagnosis -OutFile on a drive that does not exist is InvalidPath naming it' {
        $log = Join-Path $TestDrive 'app.log'
        Set-Content -LiteralPath $log -Value 'INFO nothing to see'
        $out = $NoDrive + 'report.md'
        $null = Invoke-TeleportMcpDiagnosis -LogPath $log -SkipClient -OutFile $out -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'InvalidPath,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $e.Count | Should -Be 1
        $e[0].TargetObject | Should -BeExactly $out
        $e[0].CategoryInfo.Category | Should -BeExactly 'ObjectNotFound'
    }

    It 'New-TeleportMcpRole -OutFile in another provider is NotFileSystemPath, and the role is still written to the pipeline' {
        $app = [pscustomobject]@{ Name = 'files'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = 'node'; RunAsHostUser = $Me; Labels = @{ env = 'dev' } }
        $role = @(New-TeleportMcpRole -Name mcp-files -App $app -Tool read_file -OutFile 'Env:\ROLEFILE' -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $role.Count | Should -Be 1
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'NotFileSystemPath,TeleportMcp.Commands.NewTeleportMcpRoleCommand')
        $e.Count | Should -Be 1
        $e[0].TargetObject | Should -BeExactly 'Env:\ROLEFILE'
        Test-Path Env:\ROLEFILE | Should -BeFalse
    }

    It 'a -KeyFilePath that is not there ends the command before any host is opened (PathNotFound)' {
        $key = Join-Path $TestDrive 'no-such-key'
        $app = [pscustomobject]@{ Name = 'files'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = 'node'; RunAsHostUser = $Me }
        $e = { $app | Test-TeleportMcpApp -HostName 127.0.0.1 -UserName nobody -KeyFilePath $key -ErrorAction Stop } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeExactly 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $e.TargetObject | Should -BeExactly $key
    }

}

Describe 'A malformed wildcard among several paths' {
    It 'is that path''s own error, and the good path beside it is still read' {
        $roles = Join-Path $ExamplesDir 'cluster/roles.yaml'
        # A backtick before '[' with a '*' after it, in a folder that holds a file: PowerShell parses the pattern against
        # that file's name and refuses it (WildcardPatternException, InvalidPath). In an empty folder nothing is parsed
        # and the same pattern only matches nothing, so the folder is given a file.
        $folder = Join-Path $TestDrive 'malformed'
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $folder 'proj1.yaml') -Value ''
        $bad = Join-Path $folder 'proj`[1*'
        $r = @(Import-TeleportResource -Path $roles, $bad -ErrorVariable err -ErrorAction SilentlyContinue)
        $r.Count | Should -BeGreaterThan 0
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidPath,TeleportMcp.Commands.ImportTeleportResourceCommand'
        $err[0].TargetObject | Should -BeExactly $bad
    }
}

Describe 'A -Path wildcard beside a file named exactly as written' {
    It 'reads what the wildcard matched and warns that the literal file was not read, naming it and -LiteralPath' {
        $dir = Join-Path $TestDrive 'twins'
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        $literal = Join-Path $dir 'roles[1].yaml'
        $matched = Join-Path $dir 'roles1.yaml'
        Set-Content -LiteralPath $literal -Value "kind: role`nversion: v7`nmetadata:`n  name: literal-one`n"
        Set-Content -LiteralPath $matched -Value "kind: role`nversion: v7`nmetadata:`n  name: wildcard-one`n"
        $r = @(Import-TeleportResource -Path $literal -WarningVariable warn -WarningAction SilentlyContinue)
        $r.Name | Should -BeExactly @('wildcard-one')
        @($warn).Count | Should -Be 1
        "$($warn[0])" | Should -BeExactly ("The path '$literal' was read as a wildcard ($matched); $literal, named exactly so, was not read. Give it with -LiteralPath to read it.")
        # The same rule in every cmdlet (the one path helper), and no warning when the literal file is what is read.
        $null = Test-TeleportMcpRole -Path $literal -Lint -WarningVariable warn2 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        @($warn2 | Where-Object { "$_".Contains("$literal, named exactly so, was not read") }).Count | Should -Be 1
        $l = @(Import-TeleportResource -LiteralPath $literal -WarningVariable warn3 -WarningAction SilentlyContinue)
        $l.Name | Should -BeExactly @('literal-one')
        @($warn3).Count | Should -Be 0
        Remove-Item -LiteralPath $matched
        $only = @(Import-TeleportResource -Path $literal -WarningVariable warn4 -WarningAction SilentlyContinue)
        $only.Name | Should -BeExactly @('literal-one')
        @($warn4).Count | Should -Be 0
    }

    # Session 47 (review 329): the warning named -LiteralPath for every parameter; each names its own literal twin.
    It 'names the literal twin of the parameter the path was given to: <Parameter>' -ForEach @(
        @{ Parameter = '-ClientConfigPath'; Twin = '-LiteralClientConfigPath'; Run = { param($p) Invoke-TeleportMcpDiagnosis -ClientConfigPath $p -Check Client -WarningVariable w -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Out-Null; $w } }
        @{ Parameter = '-LogPath'; Twin = '-LiteralLogPath'; Run = { param($p) Invoke-TeleportMcpDiagnosis -LogPath $p -SkipClient -WarningVariable w -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Out-Null; $w } }
        @{ Parameter = '-Path'; Twin = '-LiteralPath'; Run = { param($p) Test-TeleportMcpClient -Path $p -SkipSession -WarningVariable w -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Out-Null; $w } }
    ) {
        $dir = Join-Path $TestDrive ('twins' + $Parameter)
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        $literal = Join-Path $dir 'claude[1].json'
        $matched = Join-Path $dir 'claude1.json'
        Set-Content -LiteralPath $literal -Value '{"mcpServers": {}}'
        Set-Content -LiteralPath $matched -Value '{"mcpServers": {}}'
        $warn = @(& $Run $literal | Where-Object { "$_".Contains('named exactly so, was not read') })
        $warn.Count | Should -Be 1
        "$($warn[0])" | Should -BeLike "*, named exactly so, was not read. Give it with $Twin to read it."
    }
}
