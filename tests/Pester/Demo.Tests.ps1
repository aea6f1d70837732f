# The bundled demo (examples/Demo.ps1, what `build.ps1 -Task Demo` runs) still tells its story against the built module:
# it ends without an error, and the lines that carry the story are there. Volatile parts (times, ports, temp paths,
# tool counts) are not asserted.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'examples/Demo.ps1' {
    BeforeAll {
        # The demo writes its role file and reports to the temp folder: give it one of its own (worktrees run at once).
        $temp = Join-Path $TestDrive 'tmp'
        New-Item -ItemType Directory -Path $temp | Out-Null
        $saved = $env:TMPDIR, $env:TEMP, $env:TMP
        $env:TMPDIR = $temp; $env:TEMP = $temp; $env:TMP = $temp
        try {
            $script:all = @(Invoke-ChildPwsh -File (Join-Path $ExamplesDir 'Demo.ps1') -ArgumentList @('-ModuleDir', $ModuleDir) 2>&1)
            $script:exit = $LASTEXITCODE
        }
        finally { $env:TMPDIR, $env:TEMP, $env:TMP = $saved }
        $script:errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $script:text = ($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) -join "`n"
        $script:node = [bool](Get-Command node -CommandType Application -ErrorAction SilentlyContinue)
        $script:pinned = Test-Path (Join-Path $RepoRoot 'tests/npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js')
    }

    It 'ends with exit code 0 and writes no error' {
        $errors | ForEach-Object { "$_" } | Should -BeNullOrEmpty
        $exit | Should -Be 0
        $text | Should -Not -Match 'Exception|ErrorRecord|FullyQualifiedErrorId'
    }

    It 'runs every section: <Title>' -ForEach @(
        @{ Title = 'Import-TeleportResource ./cluster' }
        @{ Title = 'Test-TeleportMcpApp: static checks of the apps in ./teleport.yaml' }
        @{ Title = 'Get-TeleportMcpServing: which App Service host serves each MCP app' }
        @{ Title = 'Test-TeleportMcpRole: why alice sees no tools on "everything", and bob sees all but the denied ones' }
        @{ Title = 'Set-TeleportMcpTools -WhatIf: grant alice the files tools she lacks' }
        @{ Title = 'Test-TeleportMcpClient -Path ./clients/claude_desktop_config.json' }
        @{ Title = 'Find-TeleportMcpError ./logs' }
        @{ Title = 'Get-TeleportMcpAuditEvent ./audit -FailedOnly' }
        @{ Title = 'Invoke-TeleportMcpDiagnosis: the whole diagnosis of the example scenario, most likely root cause first' }
        @{ Title = 'Invoke-TeleportMcpDiagnosis -AuditPath ./audit: one timeline per failed connection' }
    ) {
        $text | Should -Match ('=== ' + [regex]::Escape($Title))
    }

    It 'tells the story: <What>' -ForEach @(
        @{ What = 'alice gets no tool because her mcp_tools trait is missing'; Pattern = 'NotGranted[\s\S]*alice\s+has\s+no\s+mcp_tools\s+trait' }
        @{ What = 'the CI gate keeps search_files for bob'; Pattern = 'CI gate: does bob keep search_files on everything\? True' }
        @{ What = 'the missing run_as_host_user found in the logs'; Pattern = "The\s+app's\s+run_as_host_user\s+does\s+not\s+exist\s+on\s+the\s+App\s+Service\s+host" }
        @{ What = 'the tools preview runs no tctl'; Pattern = 'Without -WhatIf this runs tctl users update alice --set-mcp-tools' }
        # Session 47 (review 329): the apps of several origins share names; the table says which copy each row is.
        @{ What = 'the apps table names each copy''s origin'; Pattern = 'everything\s+AppServer\s+Stdio[^\n]*\n\s*everything\s+TeleportYaml\s+Stdio' }
        @{ What = 'the diagnosis writes its report'; Pattern = 'Report for a ticket: ' }
        @{ What = 'the incidents report'; Pattern = 'Report with the incidents: ' }
    ) {
        $text | Should -Match $Pattern
    }
}
