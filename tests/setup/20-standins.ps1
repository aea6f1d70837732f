<#
    Builds the test stand-ins (tests/StandIns/*) into <OutDir>/standins/<name>/. Run by build.ps1 -Task Test before
    Pester. Needs only the .NET SDK and NuGet. The tctl stand-in replaces Teleport's tctl, which cannot be installed
    here; tests/StandIns/README.md says which Teleport source each behaviour follows.
#>
param(
    [Parameter(Mandatory)][string] $RepoRoot,
    [Parameter(Mandatory)][string] $OutDir
)
$ErrorActionPreference = 'Stop'
foreach ($name in 'tctl') {
    $project = Join-Path $RepoRoot "tests/StandIns/$name/$name.csproj"
    $target = Join-Path $OutDir "standins/$name"
    if (Test-Path $target) { Remove-Item -Recurse -Force $target }
    dotnet build $project -c Release -o $target --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { throw "Building the $name stand-in failed with exit code $LASTEXITCODE." }
    Write-Host "Stand-in $name built in $target"
}
