<#
    Test setup for tests/Pester/Framework.Tests.ps1, which runs the module's Windows PowerShell 5.1 loading path on a
    .NET Framework runtime: Mono (its 4.7.2 profile), the only one available on Linux.
    1. Makes sure Mono is installed: Debian's mono-runtime (the runtime and the 4.x class libraries) and mono-devel
       only for its netstandard.dll facade, which .NET Framework 4.7.2 ships in the framework itself and Debian packs
       nowhere else. apt-get runs only when mono is missing and we are root; where it cannot, the reason is written to
       <OutDir>/mono-unavailable.txt and the tests are skipped with it.
    2. Builds tests/Framework (the harness) for net472 and net10.0 against the module in <OutDir>/TeleportMcp.
#>
param(
    [Parameter(Mandatory)][string] $RepoRoot,
    [Parameter(Mandatory)][string] $OutDir
)
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$reasonFile = Join-Path $OutDir 'mono-unavailable.txt'
Remove-Item -LiteralPath $reasonFile -ErrorAction SilentlyContinue
$facade = '/usr/lib/mono/4.5/Facades/netstandard.dll'
function Unavailable([string] $Why) {
    Set-Content -LiteralPath $reasonFile -Value $Why
    Write-Warning "The .NET Framework (Mono) tests will be skipped: $Why"
}
function Install-Mono {
    $haveMono = [bool](Get-Command mono -CommandType Application -ErrorAction SilentlyContinue)
    if ($haveMono -and (Test-Path $facade)) { Write-Host "Mono is installed: $((& mono --version | Select-Object -First 1))"; return }
    if (-not $IsLinux) { Unavailable 'mono (with its netstandard.dll facade) is not installed; the set-up installs it only on Linux with apt-get'; return }
    $aptGet = Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue
    if (-not $aptGet) { Unavailable 'mono is not installed and apt-get is not available to install it'; return }
    if ((& id -u) -ne '0') { Unavailable 'mono is not installed and the set-up is not running as root, so apt-get cannot install it'; return }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $update = & $aptGet.Source update -qq 2>&1
    if ($LASTEXITCODE -ne 0) { Unavailable "apt-get update failed with exit code ${LASTEXITCODE}: $($update | Select-Object -Last 3)"; return }
    $install = & $aptGet.Source install -y -qq --no-install-recommends mono-runtime mono-devel 2>&1
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path $facade)) {
        Unavailable "apt-get install mono-runtime mono-devel failed with exit code ${LASTEXITCODE}: $($install | Select-Object -Last 3)"
        return
    }
    Write-Host "Installed mono-runtime and mono-devel in $([int]$watch.Elapsed.TotalSeconds) s: $((& mono --version | Select-Object -First 1))"
}
Install-Mono

$project = Join-Path $RepoRoot 'tests/Framework/TeleportMcp.FrameworkHarness.csproj'
$target = Join-Path $OutDir 'framework-harness'
if (Test-Path $target) { Remove-Item -Recurse -Force $target }
dotnet build $project -c Release "-p:ModuleDir=$(Join-Path $OutDir 'TeleportMcp')" "-p:HarnessOut=$target" --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw "Building the .NET Framework harness failed with exit code $LASTEXITCODE." }
Write-Host "Harness built in $target (net472, net10.0)"
