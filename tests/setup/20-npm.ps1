<#
    Test setup: installs the pinned npm packages of tests/npm (the real MCP server
    @modelcontextprotocol/server-everything for the probe tests, and @modelcontextprotocol/inspector 0.15.0 for
    bench/probe.ps1) with `npm ci`. Skips the install when node_modules matches the lock file already.
#>
param(
    [Parameter(Mandatory)][string] $RepoRoot,
    [Parameter(Mandatory)][string] $OutDir
)
$ErrorActionPreference = 'Stop'
$dir = Join-Path $RepoRoot 'tests/npm'
$npm = Get-Command npm -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $npm) { throw 'npm is not on the PATH: the probe tests need Node.js 20 or later with npm.' }
$lock = Join-Path $dir 'package-lock.json'
# npm ci deletes node_modules first; skip it when the last install was made from this very lock file.
$stamp = Join-Path $dir 'node_modules/.teleportmcp-lock.sha256'
$hash = (Get-FileHash -Algorithm SHA256 $lock).Hash
$installed = (Test-Path $stamp) -and (Test-Path (Join-Path $dir 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'))
if ($installed -and (Get-Content -Raw $stamp).Trim() -eq $hash) {
    Write-Host 'npm packages in tests/npm are up to date.'
    return
}
Push-Location $dir
try {
    & $npm.Source ci --no-audit --no-fund --loglevel=error
    if ($LASTEXITCODE -ne 0) { throw "npm ci in $dir failed with exit code $LASTEXITCODE." }
    Set-Content -Path $stamp -Value $hash -NoNewline
}
finally { Pop-Location }
