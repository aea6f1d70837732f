<#
    Proves that what we ship installs like any gallery module: publishes out/TeleportMcp to a local file repository
    with PSResourceGet, installs it from there in a fresh PowerShell whose HOME is a scratch folder (so nothing of the
    user's is touched), imports it by name and runs one cmdlet.
#>
param([Parameter(Mandatory)][string] $ModuleDir, [Parameter(Mandatory)][string] $WorkDir)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Common.ps1')
if (Test-Path $WorkDir) { Remove-Item -Recurse -Force $WorkDir }
$repo = Join-Path $WorkDir 'repo'
$home2 = Join-Path $WorkDir 'home'
New-Item -ItemType Directory -Force $repo, $home2 | Out-Null
$roles = Join-Path (Split-Path $PSScriptRoot) 'examples/cluster/roles.yaml'

$script = @"
`$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet
Register-PSResourceRepository -Name TeleportMcpLocal -Uri '$repo' -Trusted
Publish-PSResource -Path '$ModuleDir' -Repository TeleportMcpLocal
Install-PSResource -Name TeleportMcp -Repository TeleportMcpLocal -Scope CurrentUser -TrustRepository -Quiet
`$installed = Get-InstalledPSResource -Name TeleportMcp -Scope CurrentUser
Import-Module TeleportMcp
`$m = Get-Module TeleportMcp
`$names = (Import-TeleportResource '$roles').Name -join ','
`$help = Test-Path (Join-Path `$m.ModuleBase 'en-US/TeleportMcp.PowerShell.dll-Help.xml')
"INSTALLED `$(`$installed.Version) FROM `$(`$m.ModuleBase) ROLES `$names HELP `$help"
"@
$oldHome = $env:HOME; $oldProfile = $env:USERPROFILE; $oldPath = $env:PSModulePath
try {
    $env:HOME = $home2; $env:USERPROFILE = $home2
    $env:PSModulePath = Join-Path $PSHOME 'Modules'
    $out = Invoke-ChildPwsh -Command $script 2>&1
    $code = $LASTEXITCODE
}
finally { $env:HOME = $oldHome; $env:USERPROFILE = $oldProfile; $env:PSModulePath = $oldPath }
$out | ForEach-Object { "$_" }
if ($code -ne 0) { exit $code }
if (-not ($out -match '^INSTALLED ')) { Write-Error 'the installed module did not run'; exit 1 }
exit 0
