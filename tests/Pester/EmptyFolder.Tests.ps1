# A folder given as input that holds no file of its kind: one rule for every cmdlet. It is a non-terminating error,
# category ObjectNotFound, the path as given as its target, the input's FolderRule.NoneIn text as its message, and one
# stable id per kind of input (the rule carries it); the other paths given beside it are still read.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Cluster = Join-Path $ExamplesDir 'cluster'
    $script:Empty = Join-Path $TestDrive 'empty'
    New-Item -ItemType Directory (Join-Path $Empty 'below') -Force | Out-Null
    # A file of no input kind, one level down: the folder still gives nothing.
    Set-Content (Join-Path $Empty 'below/notes.md') 'not input'
    $script:Resources = 'No resource files (.yaml, .yml, .json) in the folder {0} or any folder below it.'
    # Every error a command writes, and the one that ended it (New-TeleportMcpRole ends with NoApp when no app was read).
    function script:Get-Errors([scriptblock] $Run) {
        $errors = [System.Collections.Generic.List[object]]::new()
        try {
            # 'Continue' here: under the test runner's 'Stop' the first non-terminating error would end the command.
            & { $ErrorActionPreference = 'Continue'; & $Run } 2>&1 3>$null | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $errors.Add($_) }
        }
        catch { $errors.Add($_) }
        , $errors.ToArray()
    }
}

Describe 'A folder that gives no file of its kind' {
    It '<Command> is <Id>' -ForEach @(
        @{ Command = 'Import-TeleportResource'; Id = 'NoResourceFiles'; Run = { Import-TeleportResource -Path $Empty } }
        @{ Command = 'Get-TeleportMcpServing'; Id = 'NoResourceFiles'; Run = { Get-TeleportMcpServing -Path $Empty } }
        @{ Command = 'Test-TeleportMcpRole'; Id = 'NoResourceFiles'; Run = { Test-TeleportMcpRole -Path $Empty -User alice -App files } }
        @{ Command = 'New-TeleportMcpRole'; Id = 'NoResourceFiles'; Run = { New-TeleportMcpRole -LiteralPath $Empty -Name r -App files } }
        @{ Command = 'Test-TeleportMcpApp'; Id = 'NoResourceFiles'; Run = { Test-TeleportMcpApp -Path $Empty } }
        @{ Command = 'Test-TeleportMcpClient'; Id = 'NoResourceFiles'; Run = { Test-TeleportMcpClient -ClusterPath $Empty -Path (Join-Path $ExamplesDir 'clients') } }
        @{ Command = 'Invoke-TeleportMcpDiagnosis'; Id = 'NoResourceFiles'; Run = { Invoke-TeleportMcpDiagnosis -ClusterPath $Empty -User alice -SkipClient } }
        @{ Command = 'Find-TeleportMcpError'; Id = 'NoLogFiles'; Run = { Find-TeleportMcpError -Path $Empty } }
        @{ Command = 'Find-TeleportMcpError'; Id = 'NoCatalogFiles'; Run = { Find-TeleportMcpError -Path (Join-Path $ExamplesDir 'logs') -CatalogPath $Empty } }
        @{ Command = 'Get-TeleportMcpAuditEvent'; Id = 'NoAuditFiles'; Run = { Get-TeleportMcpAuditEvent -Path $Empty } }
        @{ Command = 'Test-TeleportMcpClient'; Id = 'NoClientConfigFiles'; Run = { Test-TeleportMcpClient -Path $Empty } }
    ) {
        $err = Get-Errors $Run
        $folder = @($err | Where-Object { $_.FullyQualifiedErrorId -ceq "$Id,TeleportMcp.Commands.$($Command -replace '-', '')Command" })
        # Once, whatever else the command says after it.
        $folder.Count | Should -Be 1
        $folder[0].FullyQualifiedErrorId | Should -BeExactly "$Id,TeleportMcp.Commands.$($Command -replace '-', '')Command"
        $folder[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $folder[0].TargetObject | Should -BeExactly $Empty
        $folder[0].Exception.Message | Should -BeLike "No * in the folder $Empty *"
    }

    It 'states what was looked for and where: the folder rule''s text' {
        Import-TeleportResource -Path $Empty -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].Exception.Message | Should -BeExactly ($Resources -f $Empty)
        Test-TeleportMcpClient -Path $Empty -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].Exception.Message | Should -BeExactly "No client configuration files (.json, .code-workspace) in the folder $Empty (the folders below it are not read)."
    }

    It 'reads the other paths given beside it' {
        $r = Import-TeleportResource -Path $Empty, (Join-Path $Cluster 'users.yaml') -ErrorVariable err -ErrorAction SilentlyContinue
        ($r | Where-Object { $_ -is [TeleportMcp.User] }).Name | Should -Be @('alice', 'bob', 'carol')
        $err.FullyQualifiedErrorId | Should -BeExactly @('NoResourceFiles,TeleportMcp.Commands.ImportTeleportResourceCommand')
    }

    It 'the target is the path as given (relative, and a wildcard that matched the folder)' {
        Push-Location $TestDrive
        try {
            Import-TeleportResource -Path 'empty' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.TargetObject | Should -BeExactly @('empty')
            $err[0].Exception.Message | Should -BeExactly ($Resources -f $Empty)
            Get-TeleportMcpAuditEvent -Path 'empt?' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeExactly @('NoAuditFiles,TeleportMcp.Commands.GetTeleportMcpAuditEventCommand')
            $err.TargetObject | Should -BeExactly @('empt?')
        }
        finally { Pop-Location }
    }

    It 'Test-TeleportMcpClient -Quiet is False, with the error' {
        Test-TeleportMcpClient -Path $Empty -Quiet -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeExactly $false
        $err.FullyQualifiedErrorId | Should -BeExactly @('NoClientConfigFiles,TeleportMcp.Commands.TestTeleportMcpClientCommand')
    }

    It 'a name then not found is not found in the path given, never "in no input"' {
        Test-TeleportMcpRole -Path $Empty -User x -App y -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeExactly @(
            'NoResourceFiles,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            'UserNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand'
            'AppNotFound,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[1].Exception.Message | Should -BeLike "user ""x"" was not found in -Path $Empty, which gave no resource file*"
        $err = Get-Errors { New-TeleportMcpRole -LiteralPath $Empty -Name r -App files }
        ($err | Where-Object { $_.FullyQualifiedErrorId -ceq 'AppNotFound,TeleportMcp.Commands.NewTeleportMcpRoleCommand' }).Exception.Message | Should -BeLike "app ""files"" was not found in -LiteralPath $Empty, which gave no resource file*"
        @($err | Where-Object { "$($_.Exception.Message)" -like '*in no input*' }) | Should -BeNullOrEmpty
    }

    It 'Invoke-TeleportMcpDiagnosis reports the folder once and still ends with InputNotMatched' {
        $err = Get-Errors { Invoke-TeleportMcpDiagnosis -ClusterPath $Empty -User alice -SkipClient }
        @($err | Where-Object { $_.FullyQualifiedErrorId -ceq 'NoResourceFiles,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand' }).Count | Should -Be 1
        $err[-1].FullyQualifiedErrorId | Should -BeExactly 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
        "$($err[-1].Exception.Message)" | Should -BeLike "*-ClusterPath $Empty*"
    }
}
