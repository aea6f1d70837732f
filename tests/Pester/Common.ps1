# Dot-sourced by every *.Tests.ps1 in BeforeAll: imports the built module from out/TeleportMcp and sets shared paths.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleDir = if ($env:TELEPORTMCP_MODULE_DIR) { $env:TELEPORTMCP_MODULE_DIR } else { Join-Path $script:RepoRoot 'out/TeleportMcp' }
$script:ExamplesDir = Join-Path $script:RepoRoot 'examples'
. (Join-Path $script:RepoRoot 'tools/Common.ps1')
Import-Module (Join-Path $script:ModuleDir 'TeleportMcp.psd1') -Force -ErrorAction Stop

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
