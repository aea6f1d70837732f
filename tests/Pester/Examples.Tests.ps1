# Every help example and README snippet that needs no live cluster runs here, against the bundled examples/ in a
# sandbox folder, with tctl examples answered by the tctl stand-in (tests/StandIns). An example that writes an error,
# throws (other than its own `throw '...'` gate), or uses an undefined variable fails.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'ExampleSource.ps1')
    $examples = @(Get-HelpExample (Join-Path $RepoRoot 'en-US')) + @(Get-ReadmeExample (Join-Path $RepoRoot 'README.md'))
    $examples = $examples | ForEach-Object { $_.Skip = Get-ExampleSkipReason $_.Code; $_ }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'ExampleSource.ps1')
    . (Join-Path $PSScriptRoot 'TctlStandIn.ps1')

    # The sandbox: the names the examples use, all made of the bundled examples.
    $script:Sandbox = Join-Path $TestDrive 'sandbox'
    $cluster = Join-Path $ExamplesDir 'cluster'
    New-Item -ItemType Directory -Path $Sandbox | Out-Null
    Copy-Item -Recurse $ExamplesDir (Join-Path $Sandbox 'examples')
    foreach ($name in 'cluster', 'export', 'cluster-export', 'backup') { Copy-Item -Recurse $cluster (Join-Path $Sandbox $name) }
    New-Item -ItemType Directory -Path (Join-Path $Sandbox 'roles') | Out-Null
    Copy-Item (Join-Path $cluster 'roles.yaml') (Join-Path $Sandbox 'roles')
    Copy-Item (Join-Path $cluster 'users.yaml') $Sandbox
    foreach ($name in 'logs', 'support-bundle') { Copy-Item -Recurse (Join-Path $ExamplesDir 'logs') (Join-Path $Sandbox $name) }
    Set-Content -LiteralPath (Join-Path $Sandbox 'admin.pem') -Value 'identity file stand-in: tctl is the stand-in and does not read it'
    Set-Content -LiteralPath (Join-Path $Sandbox 'our-errors.catalog.yaml') -Value @'
entries:
  - id: ACME-001
    severity: Warning
    title: The ACME MCP gateway refused a call
    sources: [any]
    prefilter: acme-gateway refused
    match: 'acme-gateway refused (?<app>\S+)'
    cause: The gateway in front of {app} refused the call.
    fix: Ask the platform team to allow {app}.
'@
    New-Item -ItemType Directory -Path (Join-Path $Sandbox '.vscode') | Out-Null
    Set-Content -LiteralPath (Join-Path $Sandbox '.vscode/mcp.json') -Value '{"servers":{"teleport-mcp-everything":{"type":"stdio","command":"tsh","args":["mcp","connect","everything"]}}}'
    # A home with a Claude Desktop configuration, so "this computer's" clients and logs are the examples'.
    $sandboxHome = Join-Path $Sandbox 'home'
    $claude = Join-Path $sandboxHome '.config/Claude'
    New-Item -ItemType Directory -Path (Join-Path $claude 'logs') | Out-Null
    Copy-Item (Join-Path $ExamplesDir 'clients/claude_desktop_config.json') $claude
    Get-ChildItem (Join-Path $ExamplesDir 'logs') -Filter 'mcp*.log' | Copy-Item -Destination (Join-Path $claude 'logs')

    # tctl: the stand-in, first on PATH, holding the example cluster (roles, users, app_servers) plus ci-bot.
    $all = Import-TeleportResource $cluster
    $resources = [System.Collections.Generic.List[object]]::new()
    foreach ($r in $all | Where-Object { $_ -is [TeleportMcp.Role] }) {
        $resources.Add([ordered]@{ kind = 'role'; version = $r.Version; metadata = [ordered]@{ name = $r.Name; description = $r.Description }
                spec = [ordered]@{ allow = [ordered]@{ app_labels = $r.AllowAppLabels; mcp = @{ tools = @($r.AllowMcpTools) } }
                    deny = [ordered]@{ app_labels = $r.DenyAppLabels; mcp = @{ tools = @($r.DenyMcpTools) } } } })
    }
    foreach ($u in @($all | Where-Object { $_ -is [TeleportMcp.User] }) + @([pscustomobject]@{ Name = 'ci-bot'; Roles = @('access'); Traits = @{} })) {
        $traits = [ordered]@{}
        foreach ($k in $u.Traits.Keys) { $traits[$k] = @($u.Traits[$k]) }
        $resources.Add([ordered]@{ kind = 'user'; version = 'v2'; metadata = [ordered]@{ name = $u.Name; revision = 'r1' }; spec = [ordered]@{ roles = @($u.Roles); traits = $traits } })
    }
    foreach ($a in $all | Where-Object { $_ -is [TeleportMcp.App] }) {
        $spec = [ordered]@{ uri = $a.Uri }
        if ($a.HasMcpSpec) { $spec.mcp = [ordered]@{ command = $a.Command; args = @($a.Args); run_as_host_user = $a.RunAsHostUser } }
        $resources.Add([ordered]@{ kind = 'app_server'; version = 'v3'; metadata = [ordered]@{ name = $a.Name }
                spec = [ordered]@{ app = [ordered]@{ kind = 'app'; version = 'v3'; metadata = [ordered]@{ name = $a.Name; labels = $a.Labels }; spec = $spec } } })
    }
    $null = Initialize-TctlStandIn $resources.ToArray()

    $script:Saved = @{ PATH = $env:PATH; HOME = $env:HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME }
    $env:PATH = (Split-Path -Parent $StandInExe) + [IO.Path]::PathSeparator + $env:PATH
    $env:HOME = $sandboxHome
    Remove-Item env:XDG_CONFIG_HOME -ErrorAction Ignore
    $env:TELEPORTMCP_EXAMPLE_MODULE = Join-Path $ModuleDir 'TeleportMcp.psd1'

    $script:Iss = [initialsessionstate]::CreateDefault2()
    $Iss.ImportPSModule($env:TELEPORTMCP_EXAMPLE_MODULE)

    function Invoke-Example([string] $Code) {
        $ps = [powershell]::Create($Iss)
        try {
            $null = $ps.AddScript("Set-StrictMode -Version 3.0; Set-Location -LiteralPath '$($Sandbox -replace "'", "''")'").AddStatement()
            $null = $ps.AddScript((ConvertTo-SandboxCode $Code))
            $failure = $null
            try { $null = $ps.Invoke() }
            catch { $failure = $_.Exception.InnerException ?? $_.Exception }
            [pscustomobject]@{ Failure = $failure; Errors = @($ps.Streams.Error) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Reset-TctlStandIn
    foreach ($k in $Saved.Keys) { if ($null -eq $Saved[$k]) { Remove-Item "env:$k" -ErrorAction Ignore } else { Set-Item "env:$k" $Saved[$k] } }
    Remove-Item env:TELEPORTMCP_EXAMPLE_MODULE -ErrorAction Ignore
}

Describe 'Examples' {
    It '<Source> runs' -ForEach $examples {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $r = Invoke-Example $Code
        # A CI gate example ends in its own throw when the bundled (broken) scenario fails it: that is the example working.
        $gates = @([regex]::Matches($Code, "throw '([^']*)'") | ForEach-Object { $_.Groups[1].Value })
        if ($r.Failure -and $r.Failure.Message -notin $gates) {
            $r.Failure | Should -BeNullOrEmpty -Because "the example must not throw: $($r.Failure.Message)"
        }
        $errors = @($r.Errors | Where-Object { -not ($_.Exception -is [System.Management.Automation.RuntimeException] -and $_.Exception.Message -in $gates -and $_.FullyQualifiedErrorId -ceq $_.Exception.Message) })
        ($errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) -join "`n" | Should -BeNullOrEmpty -Because 'the example must not write errors'
    }
}
