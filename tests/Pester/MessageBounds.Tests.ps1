# Session 34 (helper-174): a message, warning, error, verbose line or an output object's message property quotes values of
# the input (a role, user, app, tool or kind name, a label value, a log line); each is cut to Limits.OutputMessageChars at
# the one place messages leave the module (TeleportMcpCommand, the output boundary), while the objects keep whole values.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'TctlStandIn.ps1')
    $script:tp = $script:StandInExe
    $script:Max = 10000
    # 20 MB of one hostile value.
    $script:Huge = 'h' * 20000000
    $script:MessageNames = 'Message', 'Reason', 'Fix', 'Detail', 'Summary', 'Note', 'Notes', 'Warnings'

    function Get-MessageText($Record, [int] $Depth = 0) {
        # Every message-like text the host can show for one record of any stream.
        if ($null -eq $Record -or $Depth -gt 4) { return }
        if ($Record -is [System.Management.Automation.ErrorRecord]) {
            $Record.Exception.Message
            if ($Record.ErrorDetails) { $Record.ErrorDetails.Message; $Record.ErrorDetails.RecommendedAction }
            return
        }
        if ($Record -is [System.Management.Automation.InformationalRecord]) { return $Record.Message }
        if ($Record -is [string] -or $Record -is [System.ValueType]) { return }
        if ($Record -is [System.Collections.IEnumerable]) { foreach ($i in $Record) { Get-MessageText $i ($Depth + 1) }; return }
        foreach ($p in $Record.PSObject.Properties) {
            $v = try { $p.Value } catch { $null }
            if ($p.Name -in $script:MessageNames) { foreach ($t in @($v)) { if ($t -is [string]) { $t } } }
            elseif ($null -ne $v -and $v -isnot [string] -and $v -isnot [System.ValueType] -and $v.GetType().Namespace -like 'TeleportMcp*') { Get-MessageText $v ($Depth + 1) }
        }
    }

    function Invoke-AllStreams([scriptblock] $Command) {
        # Every record of every stream, a terminating error included.
        try { & $Command *>&1 } catch { $_ }
    }

    function Assert-Bounded([object[]] $All, [switch] $AlreadyShort) {
        $texts = @($All | ForEach-Object { Get-MessageText $_ } | Where-Object { $_ })
        $longest = ($texts | Measure-Object -Property Length -Maximum).Maximum
        $longest | Should -BeLessOrEqual $script:Max
        # A command whose own messages never quote the whole value (a length said instead, a name cut to 80) has nothing to cut.
        if ($AlreadyShort) { return }
        # The hostile value did reach a message, and was cut there (or withheld whole, when a redaction rule gave up on it).
        @($texts | Where-Object { $_ -match 'characters left out; limit OutputMessageChars = 10000|characters withheld' }).Count | Should -BeGreaterThan 0
    }
}

AfterAll { Reset-TctlStandIn }

Describe 'Session 34: every cmdlet cuts a message that quotes a 20 MB value' {
    BeforeAll {
        $script:Cluster = Join-Path $TestDrive 'cluster'
        New-Item -ItemType Directory -Path $script:Cluster | Out-Null
        Copy-Item (Join-Path $script:ExamplesDir 'cluster/*') $script:Cluster
    }

    It 'Import-TeleportResource: a kind of 20 MB in the verbose line that skips it' {
        $f = Join-Path $TestDrive 'kind.yaml'
        Set-Content -LiteralPath $f -Value ("kind: k$($script:Huge)`nmetadata:`n  name: n$($script:Huge)`n") -NoNewline
        $all = @(Invoke-AllStreams { Import-TeleportResource -LiteralPath $f -Verbose })
        Assert-Bounded $all
    }

    It 'Test-TeleportMcpRole: a user name of 20 MB' {
        $all = @(Invoke-AllStreams { Test-TeleportMcpRole -Path $script:Cluster -User "u$($script:Huge)" -App everything })
        Assert-Bounded $all
    }

    It 'Get-TeleportMcpTools: a user name of 20 MB' {
        Initialize-TctlStandIn @(New-TestUser alice) | Out-Null
        $all = @(Invoke-AllStreams { Get-TeleportMcpTools -User "u$($script:Huge)" -TctlPath $script:tp })
        Assert-Bounded $all -AlreadyShort
    }

    It 'Set-TeleportMcpTools: a tool name of 20 MB' {
        Initialize-TctlStandIn @(New-TestUser alice) | Out-Null
        $all = @(Invoke-AllStreams { Set-TeleportMcpTools alice -Tools "t$($script:Huge)" -TctlPath $script:tp -Confirm:$false })
        Assert-Bounded $all -AlreadyShort
    }

    It 'Get-TeleportResource: a name of 20 MB' {
        Initialize-TctlStandIn @(New-TestUser alice) | Out-Null
        $all = @(Invoke-AllStreams { Get-TeleportResource User -Name "u$($script:Huge)" -TctlPath $script:tp })
        Assert-Bounded $all -AlreadyShort
    }

    It 'Find-TeleportMcpError: a log line of 20 MB' {
        $f = Join-Path $TestDrive 'app.log'
        Set-Content -LiteralPath $f -Value ("2025-11-03T09:00:01.530Z WARN [MCP]       Failed to proxy MCP request method:POST path:/mcp status_code:502 error:[dial tcp 127.0.0.1:8000: connect: connection refused] app:a$($script:Huge) user:alice mcp/http.go:90`n") -NoNewline
        $all = @(Invoke-AllStreams { Find-TeleportMcpError -LiteralPath $f })
        Assert-Bounded $all -AlreadyShort
    }

    It 'Get-TeleportMcpAuditEvent: a tool name of 5 MB (an event stops at AuditEventMaxChars, 16 Mi)' {
        $f = Join-Path $TestDrive 'audit.log'
        Set-Content -LiteralPath $f -Value ('{"event":"mcp.session.request","code":"TMCP003E","time":"2025-01-01T00:00:00Z","user":"alice","app_name":"files","success":false,"error":"access denied to tool t' + $script:Huge.Substring(0, 5000000) + '","message":{"method":"tools/call","params":{"name":"t' + $script:Huge.Substring(0, 5000000) + '"}}}' + "`n") -NoNewline
        $all = @(Invoke-AllStreams { Get-TeleportMcpAuditEvent -LiteralPath $f })
        Assert-Bounded $all -AlreadyShort
    }

    It 'Test-TeleportMcpClient: an app name of 20 MB' {
        $f = Join-Path $TestDrive 'mcp.json'
        Set-Content -LiteralPath $f -Value ('{"mcpServers": {"teleport-mcp-h": {"command": "tsh", "args": ["mcp", "connect", "' + $script:Huge + '"]}}}') -NoNewline
        $all = @(Invoke-AllStreams { Test-TeleportMcpClient -Path $f })
        Assert-Bounded $all
    }

    It 'New-TeleportMcpRole: a role name of 20 MB' {
        $all = @(Invoke-AllStreams { New-TeleportMcpRole -Path $script:Cluster -Name "r$($script:Huge)" -App everything })
        Assert-Bounded $all
    }

    It 'Get-TeleportMcpServing: an app name of 20 MB in teleport.yaml' {
        $f = Join-Path $TestDrive 'teleport.yaml'
        Set-Content -LiteralPath $f -Value ("version: v3`napp_service:`n  enabled: true`n  apps:`n  - name: a$($script:Huge)`n    uri: mcp+stdio://`n") -NoNewline
        $all = @(Invoke-AllStreams { Get-TeleportMcpServing -LiteralPath $f })
        Assert-Bounded $all
    }

    It 'Test-TeleportMcpApp: an app name of 20 MB' {
        $f = Join-Path $TestDrive 'apps.yaml'
        Set-Content -LiteralPath $f -Value ("kind: app`nversion: v3`nmetadata:`n  name: a$($script:Huge)`nspec:`n  uri: mcp+stdio://`n") -NoNewline
        $all = @(Invoke-AllStreams { Test-TeleportMcpApp -Path $f })
        Assert-Bounded $all
    }

    It 'Invoke-TeleportMcpDiagnosis: a user name of 20 MB' {
        $all = @(Invoke-AllStreams { Invoke-TeleportMcpDiagnosis -ClusterPath $script:Cluster -User "u$($script:Huge)" -SkipClient })
        Assert-Bounded $all
    }
}
