# Dot-sourced by every *.Tests.ps1 in BeforeAll: imports the built module from out/TeleportMcp and sets shared paths.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleDir = if ($env:TELEPORTMCP_MODULE_DIR) { $env:TELEPORTMCP_MODULE_DIR } else { Join-Path $script:RepoRoot 'out/TeleportMcp' }
$script:ExamplesDir = Join-Path $script:RepoRoot 'examples'
. (Join-Path $script:RepoRoot 'tools/Common.ps1')
Import-Module (Join-Path $script:ModuleDir 'TeleportMcp.psd1') -Force -ErrorAction Stop
