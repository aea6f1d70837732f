# Dot-sourced by every *.Tests.ps1 in BeforeAll: imports the built module from out/TeleportMcp and sets shared paths.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleDir = if ($env:TELEPORTMCP_MODULE_DIR) { $env:TELEPORTMCP_MODULE_DIR } else { Join-Path $script:RepoRoot 'out/TeleportMcp' }
$script:ExamplesDir = Join-Path $script:RepoRoot 'examples'
. (Join-Path $script:RepoRoot 'tools/Common.ps1')
Import-Module (Join-Path $script:ModuleDir 'TeleportMcp.psd1') -Force -ErrorAction Stop
# Claude Code's administrator files (managed-mcp.json, managed-settings.json) are read from a folder no test creates, never
# from this machine's /etc/claude-code; a test that needs them points the variable at its own folder.
if (-not $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR) { $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR = Join-Path ([IO.Path]::GetTempPath()) ('tmcp-no-claude-code-policy-' + [guid]::NewGuid().ToString('N')) }

# Measure-PipelineStop: one helper for the tests here (they only guard that a stop comes back) and bench/stop.ps1 (which times it).
. (Join-Path $PSScriptRoot 'PipelineStop.ps1')

# Waits up to $Seconds for $Condition to become true; returns whether it did. The limit guards against a hang only: it
# is generous because a loaded machine may take many seconds to run what is waited for.
function Wait-Until([scriptblock] $Condition, [int] $Seconds = 120) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    [bool](& $Condition)
}

# A cluster in which nothing is wrong, for the tests of a gate that must pass: the role mcp-all (every tool on the apps
# labelled env=dev), each user given holding it (and the -Role names, which the caller may leave undefined or define),
# and the app 'local' labelled env=dev. Written to $Dir/all.yaml; returns the folder.
function New-CleanCluster([string] $Dir, [string[]] $User = @('dana'), [string[]] $Role = @()) {
    New-Item -ItemType Directory -Force $Dir | Out-Null
    $roles = (@('mcp-all') + $Role) -join ', '
    $docs = @("kind: role`nversion: v8`nmetadata: {name: mcp-all}`nspec:`n  allow:`n    app_labels: {env: dev}`n    mcp: {tools: ['*']}")
    foreach ($u in $User) { $docs += "kind: user`nversion: v2`nmetadata: {name: $u}`nspec: {roles: [$roles]}" }
    $docs += "kind: app`nversion: v3`nmetadata: {name: local, labels: {env: dev}}`nspec: {uri: 'mcp+http://127.0.0.1:9/mcp'}"
    Set-Content -LiteralPath (Join-Path $Dir 'all.yaml') -Value (($docs -join "`n---`n") + "`n")
    $Dir
}

# Runs $Command in a child PowerShell that is interactive (no -NonInteractive) but whose stdin is already at its end, as
# `pwsh -c ... < /dev/null` is: a prompt there reads end of input. $Command runs with Invoke-Expression after the module
# is imported, with $Arg set to $Arguments; it should pass -ErrorVariable err. Returns the ids of $err and of an error that
# ended it, their targets (as text), and the child's whole output. -NonInteractive runs the child with -NonInteractive.
function Invoke-AtInputEnd([string] $Command, [object[]] $Arguments = @(), [switch] $NonInteractive) {
    $script = Join-Path ([IO.Path]::GetTempPath()) ("tmcp-inputend-" + [guid]::NewGuid().ToString('N') + '.ps1')
    Set-Content -LiteralPath $script -Encoding utf8 -Value @'
param($ModulePath, $ArgFile)
Import-Module $ModulePath
$Arg = @(Get-Content -LiteralPath $ArgFile -Encoding utf8 | Select-Object -Skip 1)
$err = $null; $thrown = $null
try { Invoke-Expression (Get-Content -LiteralPath $ArgFile -Encoding utf8 -TotalCount 1) } catch { $thrown = $_ }
# On a line of its own: a prompt the host wrote before it ends without a newline.
"`nids:" + (@(@($err) + @($thrown) | ForEach-Object { $_.FullyQualifiedErrorId } | Where-Object { $_ } | Select-Object -Unique) -join ';')
"`ntargets:" + (@(@($err) + @($thrown) | Where-Object { $_.FullyQualifiedErrorId } | ForEach-Object { "$($_.TargetObject)" } | Select-Object -Unique) -join ';')
'@
    $argFile = "$script.args"
    Set-Content -LiteralPath $argFile -Encoding utf8 -Value (@($Command) + @($Arguments | ForEach-Object { "$_" }))
    try {
        $exe = Get-ChildPwsh
        $psi = [Diagnostics.ProcessStartInfo]::new($exe[0])
        foreach ($a in @($exe | Select-Object -Skip 1) + @(if ($NonInteractive) { '-NonInteractive' }) + @('-NoProfile', '-File', $script, (Join-Path $ModuleDir 'TeleportMcp.psd1'), $argFile)) { $psi.ArgumentList.Add($a) }
        $psi.UseShellExecute = $false
        $psi.RedirectStandardInput = $true; $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
        $child = [Diagnostics.Process]::Start($psi)
        try {
            $child.StandardInput.Close()
            $stdout = $child.StandardOutput.ReadToEndAsync(); $stderr = $child.StandardError.ReadToEndAsync()
            if (-not $child.WaitForExit(300000)) { throw 'the child PowerShell did not end: it waits for input' }
            $text = $stdout.Result + $stderr.Result
        }
        finally { if (-not $child.HasExited) { $child.Kill($true) }; $child.Dispose() }
    }
    finally { Remove-Item -LiteralPath $script, $argFile -ErrorAction Ignore }
    $line = @($text -split '\r?\n' | Where-Object { $_.StartsWith('ids:', [System.StringComparison]::Ordinal) })
    $targets = @($text -split '\r?\n' | Where-Object { $_.StartsWith('targets:', [System.StringComparison]::Ordinal) })
    [pscustomobject]@{
        Ids = if ($line.Count -eq 1) { $line[0].Substring(4) } else { $null }
        Targets = if ($targets.Count -eq 1) { $targets[0].Substring(8) } else { $null }
        Output = $text
    }
}
