<#
    Test setup for tests/Pester/Framework.Tests.ps1, which runs the module's Windows PowerShell 5.1 loading path on a
    .NET Framework runtime: Mono (its 4.7.2 profile), the only one available on Linux.
    1. Makes sure Mono can run a netstandard2.0 library: Debian's mono-runtime (the runtime and the few class libraries
       the engine uses: mscorlib, System, System.Core, Mono.Security), and Mono's netstandard.dll facade, which .NET
       Framework 4.7.2 ships in the framework itself. Debian packs that facade only in mono-devel, whose install brings
       135 packages and took over 4 minutes here; the set-up downloads that package (apt-get download) and takes the
       one file into <OutDir>/mono/Facades instead (the tests put it on MONO_PATH). apt-get install runs only when mono
       is missing and we are root; where something cannot be had, the reason is written to <OutDir>/mono-unavailable.txt
       and the tests are skipped with it.
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
$systemFacade = '/usr/lib/mono/4.5/Facades/netstandard.dll'
$facadeDir = Join-Path $OutDir 'mono/Facades'
function Unavailable([string] $Why) {
    Set-Content -LiteralPath $reasonFile -Value $Why
    Write-Warning "The .NET Framework (Mono) tests will be skipped: $Why"
}
function Install-Mono {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $haveMono = [bool](Get-Command mono -CommandType Application -ErrorAction SilentlyContinue)
    if ($haveMono -and ((Test-Path $systemFacade) -or (Test-Path (Join-Path $facadeDir 'netstandard.dll')))) {
        Write-Host "Mono is installed: $((& mono --version | Select-Object -First 1))"
        return
    }
    if (-not $IsLinux) { Unavailable 'mono (with its netstandard.dll facade) is not installed; the set-up installs it only on Linux with apt-get'; return }
    $aptGet = Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $aptGet) { Unavailable 'mono is not installed and apt-get is not available to install it'; return }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    if (-not $haveMono) {
        if ((& id -u) -ne '0') { Unavailable 'mono is not installed and the set-up is not running as root, so apt-get cannot install it'; return }
        $update = & $aptGet.Source update -qq 2>&1
        if ($LASTEXITCODE -ne 0) { Unavailable "apt-get update failed with exit code ${LASTEXITCODE}: $($update | Select-Object -Last 3)"; return }
        $install = & $aptGet.Source install -y -qq --no-install-recommends mono-runtime 2>&1
        if ($LASTEXITCODE -ne 0 -or -not (Get-Command mono -CommandType Application -ErrorAction SilentlyContinue)) {
            Unavailable "apt-get install mono-runtime failed with exit code ${LASTEXITCODE}: $($install | Select-Object -Last 3)"
            return
        }
    }
    if (-not (Test-Path $systemFacade)) {
        # The mono-devel of the installed runtime's version: its facade forwards to that runtime's class libraries.
        $version = (& dpkg-query -W -f '${Version}' mono-runtime 2>$null)
        if (-not $version) { Unavailable 'mono is installed, but not from Debian''s mono-runtime package, and its netstandard.dll facade is missing'; return }
        $work = Join-Path $OutDir 'mono/download'
        if (Test-Path $work) { Remove-Item -Recurse -Force $work }
        New-Item -ItemType Directory -Force -Path $work, $facadeDir | Out-Null
        Push-Location $work
        try { $download = & $aptGet.Source download -qq "mono-devel=$version" 2>&1 }
        finally { Pop-Location }
        $deb = Get-ChildItem $work -Filter 'mono-devel_*.deb' | Select-Object -First 1
        if ($LASTEXITCODE -ne 0 -or -not $deb) { Unavailable "apt-get download mono-devel=$version failed with exit code ${LASTEXITCODE}: $($download | Select-Object -Last 3)"; return }
        # The package is unpacked by dpkg-deb itself (no shell); only its facade is kept.
        $unpacked = Join-Path $work 'unpacked'
        & dpkg-deb -x $deb.FullName $unpacked
        $facade = Join-Path $unpacked 'usr/lib/mono/4.5/Facades/netstandard.dll'
        if ($LASTEXITCODE -eq 0 -and (Test-Path -LiteralPath $facade)) { Copy-Item -LiteralPath $facade (Join-Path $facadeDir 'netstandard.dll') }
        Remove-Item -Recurse -Force $work
        $copied = Join-Path $facadeDir 'netstandard.dll'
        if (-not (Test-Path -LiteralPath $copied) -or (Get-Item -LiteralPath $copied).Length -eq 0) {
            Remove-Item -Force (Join-Path $facadeDir 'netstandard.dll') -ErrorAction SilentlyContinue
            Unavailable "mono-devel $version holds no ./usr/lib/mono/4.5/Facades/netstandard.dll"
            return
        }
    }
    Write-Host "Mono ready in $([int]$watch.Elapsed.TotalSeconds) s: $((& mono --version | Select-Object -First 1))"
}
Install-Mono

$project = Join-Path $RepoRoot 'tests/Framework/TeleportMcp.FrameworkHarness.csproj'
$target = Join-Path $OutDir 'framework-harness'
if (Test-Path $target) { Remove-Item -Recurse -Force $target }
dotnet build $project -c Release "-p:ModuleDir=$(Join-Path $OutDir 'TeleportMcp')" "-p:HarnessOut=$target" --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw "Building the .NET Framework harness failed with exit code $LASTEXITCODE." }
Write-Host "Harness built in $target (net472, net10.0)"
