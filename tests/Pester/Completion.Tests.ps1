# Tab completion: names come from the cluster files on the same command line; the tctl cmdlets offer nothing (no
# network, no tctl on Tab) instead of file names.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Cluster = Join-Path $ExamplesDir 'cluster'
    $script:TeleportYaml = Join-Path $ExamplesDir 'teleport.yaml'
    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
    }
}

Describe 'Argument completion' {
    It 'Test-TeleportMcpRole -User completes the users of -Path' {
        Get-Completion "Test-TeleportMcpRole -Path '$Cluster' -User " | Should -Be @('alice', 'bob', 'carol')
        Get-Completion "Test-TeleportMcpRole -Path '$Cluster' -User b" | Should -Be @('bob')
    }

    It 'Test-TeleportMcpRole -App completes MCP apps and -Tool the tool names written in roles and traits' {
        Get-Completion "Test-TeleportMcpRole -Path '$Cluster' -App " | Should -Contain 'everything'
        Get-Completion "Test-TeleportMcpRole -Path '$Cluster' -App " | Should -Contain 'files'
        $tools = Get-Completion "Test-TeleportMcpRole -Path '$Cluster' -Tool "
        $tools | Should -Not -BeNullOrEmpty
        $tools | Where-Object { $_ -like '*`**' -or $_ -like '^*' -or $_ -like '*{{*' } | Should -BeNullOrEmpty
    }

    It 'Invoke-TeleportMcpDiagnosis completes from -ClusterPath' {
        Get-Completion "Invoke-TeleportMcpDiagnosis -ClusterPath '$Cluster' -User a" | Should -Be @('alice')
        Get-Completion "Invoke-TeleportMcpDiagnosis -ClusterPath '$Cluster', '$TeleportYaml' -App g" | Should -Contain 'grafana'
    }

    It 'Test-TeleportMcpApp -Name completes the apps of -Path' {
        Get-Completion "Test-TeleportMcpApp -Path '$TeleportYaml' -Name " | Should -Contain 'everything'
        Get-Completion "Test-TeleportMcpApp -Path '$TeleportYaml' -Name w" | Should -Be @('wiki')
    }

    It 'offers nothing (not file names) without a cluster on the command line' {
        Push-Location $ExamplesDir
        try {
            Get-Completion 'Test-TeleportMcpRole -User ' | Should -BeNullOrEmpty
            Get-Completion 'Get-TeleportMcpTools -User ' | Should -BeNullOrEmpty
            Get-Completion 'Set-TeleportMcpTools -User alice -Tools ' | Should -BeNullOrEmpty
            Get-Completion 'Get-TeleportResource -Kind Role -Name ' | Should -BeNullOrEmpty
        }
        finally { Pop-Location }
    }

    It 'completes the values of an output enum in a comparison: <Line>' -ForEach @(
        @{ Line = "Test-TeleportMcpApp -Path '{0}' | Where-Object {{ `$_.Status -eq "; Type = 'TeleportMcp.CheckStatus' }
        @{ Line = "Test-TeleportMcpRole -Path '{0}' -User alice -App everything -Tool echo | Where-Object {{ `$_.Decision -eq "; Type = 'TeleportMcp.AccessDecision' }
        @{ Line = "Import-TeleportResource '{0}' | Where-Object {{ `$_.Origin -ne "; Type = 'TeleportMcp.AppOrigin' }
        @{ Line = "Test-TeleportMcpClient -Path '{0}' | Where-Object {{ `$_.Scope -eq "; Type = 'TeleportMcp.ConfigScope' }
        @{ Line = "Test-TeleportMcpClient -Path '{0}' | Where-Object {{ `$_.Status -eq "; Type = 'TeleportMcp.CheckStatus' }
        @{ Line = "Find-TeleportMcpError -Path '{0}' | Where-Object {{ `$_.Severity -eq "; Type = 'TeleportMcp.Severity' }
        @{ Line = "Test-TeleportMcpApp -Path '{0}' | Where-Object {{ `$_.Stage -eq "; Type = 'TeleportMcp.ProbeStage' }
        @{ Line = "Get-TeleportMcpServing -Path '{0}' | Where-Object {{ `$_.Transport -eq "; Type = 'TeleportMcp.McpTransport' }
    ) {
        # PowerShell infers the property's type from the cmdlet's [OutputType] and offers the enum's names.
        $values = Get-Completion ($Line -f $TeleportYaml) | ForEach-Object { $_.Trim("'") }
        $names = [Enum]::GetNames(($Type -as [type]))
        $values | Sort-Object | Should -Be ($names | Sort-Object)
    }

    It 'completes fixed values: -Kind and -FailOn' {
        Get-Completion 'Import-TeleportResource -Kind ' | Sort-Object | Should -Be @('App', 'AppAuthConfig', 'AppServiceAgent', 'Role', 'ScopedRoleAssignment', 'User')
        Get-Completion 'Invoke-TeleportMcpDiagnosis -FailOn ' | Sort-Object | Should -Be @('Fail', 'Warn')
    }

    It 'completes the diagnosis -Check areas and the report -Format' {
        Get-Completion 'Invoke-TeleportMcpDiagnosis -Check ' | Sort-Object | Should -Be @('App', 'Audit', 'Client', 'Log', 'Role')
        Get-Completion 'Invoke-TeleportMcpDiagnosis -Check Role, L' | Should -Be @('Log')
        Get-Completion 'Invoke-TeleportMcpDiagnosis -OutFile r.md -Format ' | Sort-Object | Should -Be @('Html', 'Markdown')
    }

    It 'completes every parameter that takes cluster names: <Line>' -ForEach @(
        @{ Line = "Test-TeleportMcpRole -Path '{0}' -UserName dana -UserRole mcp-d"; Expected = @('mcp-developer') }
        @{ Line = "Test-TeleportMcpApp -Path '{0}' -User c"; Expected = @('carol') }
        @{ Line = "Test-TeleportMcpClient -ClusterPath '{0}' -User c"; Expected = @('carol') }
        @{ Line = "New-TeleportMcpRole -Name r -Path '{0}' -App files -User b"; Expected = @('bob') }
        @{ Line = "New-TeleportMcpRole -Name r -Path '{0}' -App ev"; Expected = @('everything') }
        @{ Line = "Get-TeleportMcpServing -Path '{0}' -App gi"; Expected = @('github') }
    ) {
        Get-Completion ($Line -f $Cluster) | Should -Be $Expected
    }

    It 'Get-TeleportMcpAuditEvent -User, -App and -Tool complete from the MCP events of -Path' {
        $audit = Join-Path $ExamplesDir 'audit'
        Get-Completion "Get-TeleportMcpAuditEvent -Path '$audit' -User " | Should -Contain 'bob'
        Get-Completion "Get-TeleportMcpAuditEvent -Path '$audit' -User c" | Should -Be @('carol')
        Get-Completion "Get-TeleportMcpAuditEvent -Path '$audit' -Tool print" | Should -Be @('printEnv')
        Get-Completion "Get-TeleportMcpAuditEvent -Path '$audit' -App " | Should -Contain 'everything'
        Get-Completion 'Get-TeleportMcpAuditEvent -User ' | Should -BeNullOrEmpty
    }

    It 'reads a file named with wildcard characters by the rule the cmdlet runs with (-LiteralPath as written; -Path a wildcard, else the item as written)' {
        $alone = New-Item -ItemType Directory (Join-Path $TestDrive 'alone') -Force
        Copy-Item (Join-Path $Cluster 'users.yaml') -Destination (Join-Path $alone 'cluster[1].yaml')
        $file = Join-Path $alone 'cluster[1].yaml'
        Get-Completion "Test-TeleportMcpRole -LiteralPath '$file' -User " | Should -Be @('alice', 'bob', 'carol')
        # As a wildcard it matches nothing, so the cmdlet reads the file as written: completion does too.
        Get-Completion "Test-TeleportMcpRole -Path '$file' -User " | Should -Be @('alice', 'bob', 'carol')
        (Import-TeleportResource -Path $file | Where-Object { $_ -is [TeleportMcp.User] }).Name | Should -Be @('alice', 'bob', 'carol')
        Get-Completion "Invoke-TeleportMcpDiagnosis -LiteralClusterPath '$file' -User c" | Should -Be @('carol')
        Push-Location $alone
        try {
            # Relative to the PowerShell location, as the cmdlet resolves it.
            Get-Completion "Test-TeleportMcpRole -LiteralPath 'cluster[1].yaml' -User b" | Should -Be @('bob')
        }
        finally { Pop-Location }

        # A twin the wildcard does match (cluster1.yaml): -Path reads the twin, -LiteralPath the file as written.
        $twins = New-Item -ItemType Directory (Join-Path $TestDrive 'twins') -Force
        Copy-Item (Join-Path $Cluster 'users.yaml') -Destination (Join-Path $twins 'cluster[1].yaml')
        Set-Content -LiteralPath (Join-Path $twins 'cluster1.yaml') -Value "kind: user`nversion: v2`nmetadata: {name: zed}`nspec: {roles: [access]}"
        Get-Completion "Test-TeleportMcpRole -Path '$(Join-Path $twins 'cluster[1].yaml')' -User " | Should -Be @('zed')
        Get-Completion "Test-TeleportMcpRole -LiteralPath '$(Join-Path $twins 'cluster[1].yaml')' -User " | Should -Be @('alice', 'bob', 'carol')

        # The audit completers follow the same rule.
        Copy-Item (Join-Path $ExamplesDir 'audit/events-2025-09-30.log') -Destination (Join-Path $alone 'events[1].log')
        Get-Completion "Get-TeleportMcpAuditEvent -LiteralPath '$(Join-Path $alone 'events[1].log')' -User c" | Should -Be @('carol')
        Get-Completion "Get-TeleportMcpAuditEvent -Path '$(Join-Path $alone 'events[1].log')' -User c" | Should -Be @('carol')
    }

    It 'New-TeleportMcpRole -Version completes the versions Teleport accepts, newest first' {
        Get-Completion 'New-TeleportMcpRole -Name r -App files -Version ' | Should -Be @('v8', 'v7', 'v6', 'v5', 'v4', 'v3')
        Get-Completion 'New-TeleportMcpRole -Name r -App files -Version v7' | Should -Be @('v7')
    }
}

Describe 'Invoke-TeleportMcpDiagnosis -Check and -Format' {
    It 'runs only the chosen checks and lists the others as not examined' {
        $report = Join-Path $TestDrive 'r.txt'
        $r = Invoke-TeleportMcpDiagnosis -ClusterPath $Cluster -LogPath (Join-Path $ExamplesDir 'logs') -Check Role -OutFile $report -Format Html -Verbose 4>&1
        $verbose = ($r | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message
        $verbose | Should -Contain 'Not examined: logs: not selected by -Check'
        $verbose | Should -Contain 'Not examined: MCP client configurations and the tsh session: not selected by -Check'
        $verbose | Should -Contain 'Not examined: MCP server definitions: not selected by -Check'
        $findings = $r | Where-Object { $_ -is [TeleportMcp.Diagnosis] }
        $findings | Should -Not -BeNullOrEmpty
        $findings.Area | Sort-Object -Unique | Should -Be @('Role')
        Get-Content -Raw $report | Should -Match '^<!DOCTYPE html>|<html'
        Get-Content -Raw $report | Should -Match 'not selected by -Check'
    }

    It '-Quiet is false when the chosen checks examined nothing' {
        Invoke-TeleportMcpDiagnosis -ClusterPath $Cluster -Check Log -Quiet -ErrorAction SilentlyContinue -ErrorVariable e | Should -BeFalse
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
        $e[0].Exception.Message | Should -Match '-Check Log \(there is no -LogPath to read\)'
    }

    It '-Format without -OutFile is FormatWithoutOutFile' {
        ({ Invoke-TeleportMcpDiagnosis -ClusterPath $Cluster -SkipClient -Format Html -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'FormatWithoutOutFile,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
    }
}
