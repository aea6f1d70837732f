<#
    Test setup: makes sure Debian's OpenSSH server is installed for the remoting tests (tests/Pester/Fleet.Tests.ps1),
    which start their own sshd instances on loopback. CI starts from a clean machine, so the install happens here;
    where it cannot happen, the remoting tests fail with this reason instead of being skipped.
#>
param(
    [Parameter(Mandatory)][string] $RepoRoot,
    [Parameter(Mandatory)][string] $OutDir
)
$ErrorActionPreference = 'Stop'
$reasonFile = Join-Path $OutDir 'openssh-unavailable.txt'
Remove-Item -LiteralPath $reasonFile -ErrorAction SilentlyContinue
if ((Test-Path /usr/sbin/sshd) -and (Get-Command ssh -CommandType Application -ErrorAction SilentlyContinue)) {
    Write-Host 'OpenSSH server and client are installed.'
    return
}
if (-not $IsLinux) { Set-Content -LiteralPath $reasonFile -Value 'the remoting tests start sshd and need Linux with Debian packages'; return }
$aptGet = Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue
if (-not $aptGet) { Set-Content -LiteralPath $reasonFile -Value 'openssh-server is not installed and apt-get is not available to install it'; return }
$env:DEBIAN_FRONTEND = 'noninteractive'
& $aptGet.Source update -qq 2>&1 | Out-Null
& $aptGet.Source install -y -qq openssh-server openssh-client 2>&1 | Out-Host
if ($LASTEXITCODE -ne 0 -or -not (Test-Path /usr/sbin/sshd)) {
    Set-Content -LiteralPath $reasonFile -Value "apt-get install openssh-server failed with exit code $LASTEXITCODE"
}
else { Write-Host 'Installed openssh-server.' }
