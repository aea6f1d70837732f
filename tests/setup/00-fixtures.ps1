# Builds the fixtures of the dependency-isolation tests: another module's YamlDotNet (16.3.0), a second copy of ours, and
# a stand-in for a YamlDotNet newer than ours (NuGet serves none newer than the module's 18.1.0).
param([Parameter(Mandatory)][string] $RepoRoot, [Parameter(Mandatory)][string] $OutDir)
$ErrorActionPreference = 'Stop'
$yaml16 = Join-Path $OutDir 'fixtures/yaml16'
dotnet publish (Join-Path $RepoRoot 'tests/fixtures/OtherYaml/OtherYaml.csproj') -c Release -o $yaml16 --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw "publishing the OtherYaml fixture failed ($LASTEXITCODE)" }
$yaml18 = Join-Path $OutDir 'fixtures/yaml18'
New-Item -ItemType Directory -Force $yaml18 | Out-Null
Copy-Item (Join-Path $OutDir 'TeleportMcp/Dependencies/YamlDotNet.dll') $yaml18 -Force
$yamlNewer = Join-Path $OutDir 'fixtures/yaml-newer'
dotnet build (Join-Path $RepoRoot 'tests/fixtures/NewerYaml/NewerYaml.csproj') -c Release -o $yamlNewer --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw "building the NewerYaml fixture failed ($LASTEXITCODE)" }
