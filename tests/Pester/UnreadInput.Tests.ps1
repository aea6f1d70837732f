# A file given that cannot be read (a broken YAML document beside good ones, a corrupt log) is its own error, the good
# input beside it is still examined, and no gate answers green on the rest: the part left out may be the deny rule or
# the app that decides. Test-TeleportMcpClient has answered so for a broken client configuration; the others now do too.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Healthy = New-CleanCluster (Join-Path $TestDrive 'healthy') -Role no-env
    Set-Content -LiteralPath (Join-Path $Healthy 'deny.yaml') -Value "kind: role`nversion: v8`nmetadata: {name: no-env}`nspec:`n  deny:`n    mcp: {tools: [printEnv, write_file]}`n"
    # The same deny role with its flow list closed by the wrong bracket: the file does not read, so its deny is not seen.
    $script:WithBroken = Join-Path $TestDrive 'with-broken'
    New-Item -ItemType Directory $WithBroken | Out-Null
    Copy-Item (Join-Path $Healthy 'all.yaml') $WithBroken
    $script:Broken = Join-Path $WithBroken 'deny.yaml'
    Set-Content -LiteralPath $Broken -Value "kind: role`nversion: v8`nmetadata: {name: no-env}`nspec:`n  deny:`n    mcp: {tools: [printEnv, write_file}`n"

    $script:StdioApp = Join-Path $TestDrive 'stdio'
    New-Item -ItemType Directory $StdioApp | Out-Null
    Set-Content (Join-Path $StdioApp 'teleport.yaml') @'
version: v3
app_service:
  enabled: true
  apps:
  - name: cat
    labels: {env: dev}
    mcp:
      command: /bin/cat
      run_as_host_user: root
'@
    $script:StdioWithBroken = Join-Path $TestDrive 'stdio-broken'
    New-Item -ItemType Directory $StdioWithBroken | Out-Null
    Copy-Item (Join-Path $StdioApp 'teleport.yaml') $StdioWithBroken
    Set-Content -LiteralPath (Join-Path $StdioWithBroken 'other.yaml') -Value "version: v3`napp_service:`n  apps:`n  - name: other`n    mcp: {command: [x`n"

    function Get-Ids($Errors) { @($Errors | ForEach-Object FullyQualifiedErrorId) }
}

Describe 'Test-TeleportMcpRole with a broken resource file beside good ones' {
    It 'decides on the good file, writes the file''s YamlParseError, and -Quiet is $false (it is $true when every file reads)' {
        Test-TeleportMcpRole -Path $Healthy -User dana -App local -Tool read_file -Quiet | Should -BeTrue
        @(Test-TeleportMcpRole -Path $WithBroken -User dana -App local -Tool read_file -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Should -Be @($false)
        Get-Ids $err | Should -BeExactly @('YamlParseError,TeleportMcp.Commands.TestTeleportMcpRoleCommand')
        $err[0].TargetObject | Should -BeExactly $Broken
        # Why: the deny that did not read is not in the decision on what did; the role dana names that is not there leaves it
        # undecided (lib/services/role.go FetchRoleList loads every role of a user), never Allowed.
        (Test-TeleportMcpRole -Path $Healthy -User dana -App local -Tool printEnv).Decision | Should -Be 'Denied'
        $undecided = Test-TeleportMcpRole -Path $WithBroken -User dana -App local -Tool printEnv -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $undecided.Decision | Should -Be 'Indeterminate'
        $undecided.Reason | Should -BeLike '*dana''s role "no-env" is not in the input*'
    }
}

Describe 'Test-TeleportMcpApp with a broken file beside good ones' {
    It 'tests the good app, writes the file''s YamlParseError, and -Quiet is $false (it is $true on the good file alone)' {
        Test-TeleportMcpApp -Path $StdioApp -Quiet | Should -BeTrue
        @(Test-TeleportMcpApp -Path $StdioWithBroken -Quiet -ErrorVariable err -ErrorAction SilentlyContinue) | Should -Be @($false)
        Get-Ids $err | Should -BeExactly @('YamlParseError,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        @(Test-TeleportMcpApp -Path $StdioWithBroken -ErrorAction SilentlyContinue | ForEach-Object App | Sort-Object -Unique) | Should -Be @('cat')
    }
}

Describe 'Invoke-TeleportMcpDiagnosis with input that cannot be read' {
    It 'a broken -ClusterPath file: -Quiet $false, the gate''s InputUnreadable (ReadError) names the file and place' {
        Invoke-TeleportMcpDiagnosis -ClusterPath $Healthy -SkipClient -Quiet -WarningAction SilentlyContinue | Should -BeTrue
        @(Invoke-TeleportMcpDiagnosis -ClusterPath $WithBroken -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Should -Be @($false)
        Get-Ids $err | Should -BeExactly @('YamlParseError,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand', 'InputUnreadable,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $err[1].CategoryInfo.Category | Should -Be 'ReadError'
        # Session 47 (review 329): the target is the bare file, the label (place and id) is in the message.
        $err[1].TargetObject | Should -BeExactly $Broken
        $err[1].Exception.Message | Should -BeLike "Not a pass: 1 input(s) could not be read ($($Broken):6:39 (YamlParseError))*"
    }

    It '-FailOn ends with InputUnreadable after the findings, and the report lists the file as not read' {
        $report = Join-Path $TestDrive 'unread.md'
        $e = { Invoke-TeleportMcpDiagnosis -ClusterPath $WithBroken -SkipClient -FailOn Fail -OutFile $report -ErrorAction SilentlyContinue -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeExactly 'InputUnreadable,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
        $text = Get-Content -Raw $report
        $text | Should -Match ('(?s)Not examined:.*- not read: \S*deny\.yaml:6:39 \\\(YamlParseError\\\)')  # Markdown-escaped
        $text | Should -Match 'Not a pass: 1 input\\\(s\\\) could not be read'
    }

    It 'a corrupt log beside good ones: LogReadError, then InputUnreadable naming it; the findings of the good logs are written' {
        $logs = Join-Path $TestDrive 'logs'
        New-Item -ItemType Directory $logs | Out-Null
        Set-Content (Join-Path $logs 'app-service.log') '2025-09-30T10:00:00.415Z INFO [APP:SERVI] nothing wrong here'
        $gz = Join-Path $logs 'app-service.log.2.gz'
        [IO.File]::WriteAllBytes($gz, [byte[]](0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff) + [byte[]](1..64 | ForEach-Object { 0xff }))
        @(Invoke-TeleportMcpDiagnosis -ClusterPath $Healthy -LogPath (Join-Path $logs 'app-service.log') -SkipClient -Quiet -WarningAction SilentlyContinue) | Should -Be @($true)
        @(Invoke-TeleportMcpDiagnosis -ClusterPath $Healthy -LogPath $logs -SkipClient -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Should -Be @($false)
        Get-Ids $err | Should -BeExactly @('LogReadError,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand', 'InputUnreadable,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        # Session 47 (review 329): the target is the bare file, the label is in the message.
        $err[1].TargetObject | Should -BeExactly $gz
        $err[1].Exception.Message | Should -BeLike "Not a pass: 1 input(s) could not be read ($gz (LogReadError))*"
    }
}
