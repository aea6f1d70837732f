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

    It 'completes fixed values: -Kind and -FailOn' {
        Get-Completion 'Import-TeleportResource -Kind ' | Sort-Object | Should -Be @('App', 'AppServiceAgent', 'Role', 'User')
        Get-Completion 'Invoke-TeleportMcpDiagnosis -FailOn ' | Sort-Object | Should -Be @('Fail', 'Warn')
    }
}
