<#
    Test setup: makes sure Debian's OpenSSH server and client are installed for the remoting tests
    (tests/Pester/Fleet.Tests.ps1), which start their own sshd instances on loopback. CI starts from a clean machine,
    so the install happens here. Where it cannot happen, the reason is written to <OutDir>/openssh-unavailable.txt and
    the remoting tests fail with it: they are never skipped.
#>
param(
    [Parameter(Mandatory)][string] $RepoRoot,
    [Parameter(Mandatory)][string] $OutDir
)
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$reasonFile = Join-Path $OutDir 'openssh-unavailable.txt'
Remove-Item -LiteralPath $reasonFile -ErrorAction SilentlyContinue
function Unavailable([string] $Why) {
    Set-Content -LiteralPath $reasonFile -Value $Why
    Write-Warning "The remoting tests will fail: $Why"
}
$haveServer = Test-Path /usr/sbin/sshd
$haveClient = [bool](Get-Command ssh -CommandType Application -ErrorAction SilentlyContinue)
if ($haveServer -and $haveClient) {
    Write-Host 'OpenSSH server and client are installed.'
    return
}
if (-not $IsLinux) { Unavailable 'openssh-server is not installed; the set-up installs it only on Linux with apt-get'; return }
$aptGet = Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $aptGet) { Unavailable 'openssh-server is not installed and apt-get is not available to install it'; return }
if ((& id -u) -ne '0') { Unavailable 'openssh-server is not installed and the set-up is not running as root, so apt-get cannot install it'; return }
$env:DEBIAN_FRONTEND = 'noninteractive'
$update = & $aptGet.Source update -qq 2>&1
if ($LASTEXITCODE -ne 0) { Unavailable "apt-get update failed with exit code ${LASTEXITCODE}: $($update | Select-Object -Last 3)"; return }
$install = & $aptGet.Source install -y -qq --no-install-recommends openssh-server openssh-client 2>&1
if ($LASTEXITCODE -ne 0 -or -not (Test-Path /usr/sbin/sshd)) {
    Unavailable "apt-get install openssh-server openssh-client failed with exit code ${LASTEXITCODE}: $($install | Select-Object -Last 3)"
    return
}
Write-Host 'Installed openssh-server and openssh-client.'
