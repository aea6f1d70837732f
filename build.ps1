<#
.SYNOPSIS
    Builds, tests, documents, packages and demonstrates the TeleportMcp module.
.DESCRIPTION
    Build   publishes the module into out/TeleportMcp (psd1, cmdlet DLL, Dependencies/, format file, MAML help).
    Test    Build, then xUnit and Pester (in a child PowerShell against out/TeleportMcp); ends with "N passed, N failed".
    Demo    Build, then runs examples/Demo.ps1 against the bundled example cluster.
    Help    Converts en-US/*.md (PlatyPS markdown) to out/TeleportMcp/en-US/TeleportMcp.PowerShell.dll-Help.xml.
    Package Publishes out/TeleportMcp to a local PSResourceGet repository and installs it in a fresh PowerShell.
    Bench   Runs every bench/*.ps1.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Help', 'Package', 'Bench', 'Clean')]
    [string[]] $Task = @('Build'),
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleDir = Join-Path $OutDir 'TeleportMcp'
$ResultsDir = Join-Path $OutDir 'test-results'
# Platforms whose PowerShell 7 gets the engine and YamlDotNet compiled ahead of time (Dependencies/<rid>/); the names
# are TeleportMcp.Loader.Core's (ModuleLoadContext.PlatformFolder).
$ReadyToRunRids = @('win-x64', 'linux-x64', 'osx-arm64')
$ReadyToRunFiles = @('TeleportMcp.Engine.dll', 'YamlDotNet.dll')
. (Join-Path $RepoRoot 'tools/Common.ps1')

function Invoke-Native {
    param([string] $What, [scriptblock] $Script)
    & $Script
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile (Join-Path $RepoRoot 'TeleportMcp.psd1')).ModuleVersion
}

function Invoke-Clean {
    foreach ($p in @($OutDir) + @(Get-ChildItem -Path (Join-Path $RepoRoot 'src'), (Join-Path $RepoRoot 'tests'), (Join-Path $RepoRoot 'tools') -Recurse -Directory -Include bin, obj -ErrorAction SilentlyContinue | ForEach-Object FullName)) {
        if (Test-Path $p) { Remove-Item -Recurse -Force $p }
    }
}

function Invoke-Build {
    $version = Get-ModuleVersion
    $publish = Join-Path $OutDir 'publish'
    if (Test-Path $publish) { Remove-Item -Recurse -Force $publish }
    Write-Host "Building TeleportMcp $version ($Configuration)"
    Invoke-Native 'dotnet publish' { dotnet publish (Join-Path $RepoRoot 'src/TeleportMcp.PowerShell/TeleportMcp.PowerShell.csproj') -c $Configuration -o $publish "-p:Version=$version" --nologo -v quiet }
    Invoke-Native 'dotnet publish loader' { dotnet publish (Join-Path $RepoRoot 'src/TeleportMcp.Loader/TeleportMcp.Loader.csproj') -c $Configuration -o $publish "-p:Version=$version" --nologo -v quiet }
    Invoke-Native 'dotnet publish loader core' { dotnet publish (Join-Path $RepoRoot 'src/TeleportMcp.Loader.Core/TeleportMcp.Loader.Core.csproj') -c $Configuration -o $publish "-p:Version=$version" --nologo -v quiet }

    if (Test-Path $ModuleDir) { Remove-Item -Recurse -Force $ModuleDir }
    $deps = Join-Path $ModuleDir 'Dependencies'
    New-Item -ItemType Directory -Force -Path $deps, (Join-Path $ModuleDir 'en-US') | Out-Null

    # The layout comes from an explicit list: a missing file or an unexpected DLL fails the build.
    $rootFiles = @('TeleportMcp.PowerShell.dll')
    $dependencyFiles = @('TeleportMcp.Engine.dll', 'YamlDotNet.dll', 'TeleportMcp.Loader.dll', 'TeleportMcp.Loader.Core.dll')
    $known = $rootFiles + $dependencyFiles
    $unexpected = Get-ChildItem $publish -Filter *.dll | Where-Object Name -notin $known
    if ($unexpected) { throw "Unexpected assemblies in the publish output (add them to the layout list on purpose): $($unexpected.Name -join ', ')" }
    foreach ($f in $rootFiles) { Copy-Item (Join-Path $publish $f) $ModuleDir }
    foreach ($f in $dependencyFiles) { Copy-Item (Join-Path $publish $f) $deps }
    # The engine and YamlDotNet compiled ahead of time (ReadyToRun) per platform, for PowerShell 7's load context; the
    # IL copies above stay for Windows PowerShell 5.1 and for platforms not listed here.
    foreach ($rid in $ReadyToRunRids) {
        $r2r = Join-Path $OutDir "r2r/$rid"
        if (Test-Path $r2r) { Remove-Item -Recurse -Force $r2r }
        Invoke-Native "dotnet publish ReadyToRun $rid" { dotnet publish (Join-Path $RepoRoot 'tools/ReadyToRun/ReadyToRun.csproj') -c $Configuration -r $rid -o $r2r "-p:Version=$version" --nologo -v quiet }
        $ridDir = Join-Path $deps $rid
        New-Item -ItemType Directory -Force -Path $ridDir | Out-Null
        foreach ($f in $ReadyToRunFiles) { Copy-Item (Join-Path $r2r $f) $ridDir }
    }
    if ($Configuration -eq 'Debug') {
        Copy-Item (Join-Path $publish 'TeleportMcp.PowerShell.pdb') $ModuleDir
        Copy-Item (Join-Path $publish 'TeleportMcp.Engine.pdb') $deps
    }
    foreach ($f in 'TeleportMcp.psd1', 'LICENSE', 'ThirdPartyNotices.txt') {
        Copy-Item (Join-Path $RepoRoot $f) $ModuleDir
    }
    Invoke-Help
    $manifest = Test-ModuleManifest (Join-Path $ModuleDir 'TeleportMcp.psd1')
    Write-Host "Module laid out in $ModuleDir (version $($manifest.Version))"
}

function Invoke-Help {
    $helpDir = Join-Path $ModuleDir 'en-US'
    New-Item -ItemType Directory -Force -Path $helpDir | Out-Null
    $toolDir = Join-Path $OutDir 'tools/MamlGen'
    Invoke-Native 'build MamlGen' { dotnet build (Join-Path $RepoRoot 'tools/MamlGen/MamlGen.csproj') -c $Configuration -o $toolDir --nologo -v quiet }
    Invoke-Native 'MamlGen' { dotnet (Join-Path $toolDir 'MamlGen.dll') (Join-Path $RepoRoot 'en-US') (Join-Path $helpDir 'TeleportMcp.PowerShell.dll-Help.xml') }
    Copy-Item (Join-Path $RepoRoot 'en-US/about_TeleportMcp.help.txt') $helpDir
}

function Get-PesterModulePath {
    Invoke-Native 'restore Pester' { dotnet restore (Join-Path $RepoRoot 'tools/pester.proj') --nologo -v quiet }
    $packages = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $psd1 = Join-Path $packages.Trim() 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $psd1)) { throw "Pester 6.2.0 was restored but $psd1 is missing." }
    $psd1
}

function Invoke-Test {
    Invoke-Build
    if (Test-Path $ResultsDir) { Remove-Item -Recurse -Force $ResultsDir }
    New-Item -ItemType Directory -Force -Path $ResultsDir | Out-Null

    foreach ($setup in Get-ChildItem (Join-Path $RepoRoot 'tests/setup') -Filter *.ps1 -ErrorAction SilentlyContinue | Sort-Object Name) {
        Write-Host "Test setup: $($setup.Name)"
        & $setup.FullName -RepoRoot $RepoRoot -OutDir $OutDir
    }

    Write-Host 'xUnit: tests/TeleportMcp.Tests'
    dotnet test (Join-Path $RepoRoot 'tests/TeleportMcp.Tests/TeleportMcp.Tests.csproj') -c $Configuration --nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' --results-directory $ResultsDir
    $xunitExit = $LASTEXITCODE
    $xPassed = 0; $xFailed = 0
    $trx = Join-Path $ResultsDir 'xunit.trx'
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
        $xPassed = [int]$counters.passed
        $xFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    elseif ($xunitExit -ne 0) { $xFailed = 1 }
    if ($xunitExit -ne 0 -and $xFailed -eq 0) { $xFailed = 1 }

    Write-Host 'Pester: tests/Pester (child PowerShell, module from out/TeleportMcp)'
    $pester = Get-PesterModulePath
    $summaryPath = Join-Path $ResultsDir 'pester-summary.json'
    Invoke-ChildPwsh -File (Join-Path $RepoRoot 'tools/Invoke-PesterRun.ps1') -ArgumentList @(
        '-PesterPath', $pester, '-ModuleDir', $ModuleDir, '-TestPath', (Join-Path $RepoRoot 'tests/Pester'),
        '-ResultPath', (Join-Path $ResultsDir 'pester.xml'), '-SummaryPath', $summaryPath) | Out-Host
    $pesterExit = $LASTEXITCODE
    $pPassed = 0; $pFailed = 0
    if (Test-Path $summaryPath) {
        $s = Get-Content -Raw $summaryPath | ConvertFrom-Json
        $pPassed = [int]$s.Passed; $pFailed = [int]$s.Failed
    }
    if ($pesterExit -ne 0 -and $pFailed -eq 0) { $pFailed = 1 }

    Write-Host "xUnit: $xPassed passed, $xFailed failed; Pester: $pPassed passed, $pFailed failed"
    $passed = $xPassed + $pPassed
    $failed = $xFailed + $pFailed
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    # The demo probes the example stdio server when Node.js is here: install the pinned server-everything for it.
    if (Get-Command npm -CommandType Application -ErrorAction SilentlyContinue) {
        & (Join-Path $RepoRoot 'tests/setup/20-npm.ps1') -RepoRoot $RepoRoot -OutDir $OutDir
    }
    Invoke-ChildPwsh -File (Join-Path $RepoRoot 'examples/Demo.ps1') -ArgumentList @('-ModuleDir', $ModuleDir) | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The demo failed with exit code $LASTEXITCODE." }
}

function Invoke-Package {
    if (-not (Test-Path (Join-Path $ModuleDir 'TeleportMcp.psd1'))) { Invoke-Build }
    Invoke-ChildPwsh -File (Join-Path $RepoRoot 'tools/Test-Package.ps1') -ArgumentList @('-ModuleDir', $ModuleDir, '-WorkDir', (Join-Path $OutDir 'package')) | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "Package failed with exit code $LASTEXITCODE." }
}

function Invoke-Bench {
    Invoke-Build
    foreach ($b in Get-ChildItem (Join-Path $RepoRoot 'bench') -Filter *.ps1 | Sort-Object Name) {
        Write-Host "== $($b.Name)"
        Invoke-ChildPwsh -File $b.FullName -ArgumentList @('-ModuleDir', $ModuleDir) | Out-Host
    }
}

foreach ($t in $Task) {
    switch ($t) {
        'Clean' { Invoke-Clean }
        'Build' { Invoke-Build }
        'Help' { Invoke-Help }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Package' { Invoke-Package }
        'Bench' { Invoke-Bench }
    }
}
