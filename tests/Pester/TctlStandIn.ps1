# Dot-sourced by the tctl cmdlet tests: drives the tctl stand-in (tests/StandIns/tctl, built by tests/setup/20-standins.ps1).
$script:StandInDir = Join-Path $script:RepoRoot 'out/standins/tctl'
$script:StandInExe = Join-Path $script:StandInDir ($(if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') { 'tctl.exe' } else { 'tctl' }))
if (-not (Test-Path $script:StandInExe)) { throw "The tctl stand-in is missing at $script:StandInExe; run tests/setup/20-standins.ps1 (build.ps1 -Task Test does)." }
$script:StandInVars = 'TCTL_STANDIN_STATE', 'TCTL_STANDIN_LOG', 'TCTL_STANDIN_FAIL', 'TCTL_STANDIN_FAIL_ON', 'TCTL_STANDIN_CONCURRENT', 'TCTL_STANDIN_CONCURRENT_AFTER_GET', 'TCTL_STANDIN_PIDFILE'

function New-TestUser([string] $Name, [string[]] $Roles = @('access'), $Tools) {
    $traits = [ordered]@{ logins = @($Name) }
    if ($null -ne $Tools) { $traits['mcp_tools'] = @($Tools) }
    [ordered]@{ kind = 'user'; version = 'v2'; metadata = [ordered]@{ name = $Name; revision = 'r1' }; spec = [ordered]@{ roles = @($Roles); traits = $traits } }
}

function Initialize-TctlStandIn {
    <# Writes a fresh state file (a JSON array of resources) and log under TestDrive and points the stand-in at them. #>
    param([object[]] $Resources)
    Reset-TctlStandIn
    $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $dir | Out-Null
    $state = Join-Path $dir 'state.json'
    ConvertTo-Json -InputObject @($Resources) -Depth 10 | Set-Content -LiteralPath $state -Encoding utf8
    $env:TCTL_STANDIN_STATE = $state
    $env:TCTL_STANDIN_LOG = Join-Path $dir 'argv.jsonl'
    $state
}

function Reset-TctlStandIn {
    foreach ($v in $script:StandInVars) { Remove-Item "env:$v" -ErrorAction Ignore }
}

function Get-TctlCall {
    <# Every argv the stand-in received, in order, each as a string[] (compare with Should -Be after -join or per item). #>
    if (-not (Test-Path -LiteralPath $env:TCTL_STANDIN_LOG)) { return }
    foreach ($line in Get-Content -LiteralPath $env:TCTL_STANDIN_LOG -Encoding utf8) {
        , ([string[]] ($line | ConvertFrom-Json).argv)
    }
}

function Get-StoredTool([string] $User) {
    $all = Get-Content -Raw -LiteralPath $env:TCTL_STANDIN_STATE -Encoding utf8 | ConvertFrom-Json
    $u = $all | Where-Object { $_.kind -eq 'user' -and $_.metadata.name -eq $User }
    if ($null -eq $u.spec.traits.PSObject.Properties['mcp_tools']) { return $null }
    [string[]] @($u.spec.traits.mcp_tools)
}

function Test-ProcessAlive([int] $Id) {
    # A killed grandchild may stay a zombie when PID 1 of a container does not reap: that is not alive.
    $stat = "/proc/$Id/stat"
    if (Test-Path -LiteralPath $stat) {
        $text = Get-Content -Raw -LiteralPath $stat -ErrorAction SilentlyContinue
        if (-not $text) { return $false }
        return ($text.Substring($text.LastIndexOf(')') + 2, 1) -ne 'Z')
    }
    return $null -ne (Get-Process -Id $Id -ErrorAction SilentlyContinue)
}
