<#
    How fast a stopped pipeline (Ctrl+C) comes back while a command waits on work it started: the stdio probe of a
    server that never answers, Get-TeleportMcpTools on a tctl that hangs, and the access checks inside a getent(1) that
    hangs (the lookup of a run_as_host_user /etc/passwd does not hold; a file's mode and owner come from statx on Linux). Each stop is measured against a baseline stop in the same run (a pipeline inside Start-Sleep, nothing to
    end): the ratio says whether the stop waits for ending the work (the process tree's end walks /proc), which the
    product does aside. The Pester tests only check that each stop comes back and that the work is ended after it.
    The remote host checks (Fleet) need sshd and are left to the Pester tests.
#>
param([string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'), [int] $Rounds = 5)
$ErrorActionPreference = 'Stop'
if ($IsWindows) { Write-Host 'stop.ps1 uses POSIX stand-ins (sh, sleep): not run on Windows.'; return }
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
$ModuleDir = (Resolve-Path $ModuleDir).Path
$module = Join-Path $ModuleDir 'TeleportMcp.psd1'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$node = (Get-Command node -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
$fake = Join-Path $repo 'tests/servers/fake-server.js'
$work = Join-Path ([IO.Path]::GetTempPath()) ('tmcp-stopbench-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Force -Path $work | Out-Null

# The Pester tests' own helper (one way to start a pipeline and stop it): they only guard that the stop comes back,
# this bench times it.
. (Join-Path $repo 'tests/Pester/PipelineStop.ps1')

function Measure-Stop([string] $Name, [scriptblock] $Script, [object[]] $ArgumentList, [scriptblock] $Ready) {
    $stop = Measure-PipelineStop $Script -ArgumentList $ArgumentList -Ready $Ready -GuardMs 120000
    if (-not $stop.Started -or -not $stop.Running) { throw "${Name}: the work did not start (or ended by itself) before the stop" }
    if (-not $stop.Returned) { throw "${Name}: the stop did not come back within 120 s" }
    $stop.Ms
}

function Wait-Gone([scriptblock] $Alive) {
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ((& $Alive) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
}

try {
    $marker = '3600.' + (Get-Random -Minimum 100000000 -Maximum 999999999)
    $tctl = Join-Path $work 'tctl'
    Set-Content -LiteralPath $tctl -Value "#!/bin/sh`nexec sleep $marker" -Encoding ascii
    $helpers = Join-Path $work 'helpers'
    New-Item -ItemType Directory -Force -Path $helpers | Out-Null
    Set-Content -LiteralPath (Join-Path $helpers 'getent') -Value "#!/bin/sh`nexec sleep $marker" -Encoding ascii
    & chmod 755 $tctl (Join-Path $helpers 'getent')
    $sleeping = { [bool](Get-Process sleep -ErrorAction Ignore | Where-Object { $_.CommandLine -eq "sleep $marker" }) }
    $serverMarker = 'silent-' + [Guid]::NewGuid().ToString('N')
    $server = { [bool](Get-Process -ErrorAction Ignore | Where-Object { $_.CommandLine -like "*$serverMarker*" }) }

    $cases = [ordered]@{
        'baseline (Start-Sleep)' = @{ Script = { Start-Sleep -Seconds 3600 }; Args = @(); Ready = { $true }; Alive = { $false } }
        'probe of a silent server' = @{
            Script = { param($M, $Node, $Fake, $Tag) Import-Module $M; [pscustomobject]@{ Name = 'silent'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = $Node; Args = @($Fake, 'silent', $Tag); RunAsHostUser = [Environment]::UserName } | Test-TeleportMcpApp -Launch -TimeoutSec 3600 }
            Args = @($module, $node, $fake, $serverMarker); Ready = $server; Alive = $server
        }
        'Get-TeleportMcpTools on a hanging tctl' = @{
            Script = { param($M, $Tctl) Import-Module $M; Get-TeleportMcpTools alice -TctlPath $Tctl }
            Args = @($module, $tctl); Ready = $sleeping; Alive = $sleeping
        }
        'access checks inside a hanging getent' = @{
            Script = { param($M, $Node, $Fake, $Helpers) $env:PATH = "${Helpers}:$env:PATH"; Import-Module $M; [pscustomobject]@{ Name = 'helper'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = $Node; Args = @($Fake, 'ok'); RunAsHostUser = 'tmcp-no-such-user-' + [Guid]::NewGuid().ToString('N').Substring(0, 8) } | Test-TeleportMcpApp }
            Args = @($module, $node, $fake, $helpers); Ready = $sleeping; Alive = $sleeping
        }
    }
    $best = [ordered]@{}
    for ($r = 1; $r -le $Rounds; $r++) {
        foreach ($name in $cases.Keys) {
            $c = $cases[$name]
            $ms = Measure-Stop $name $c.Script $c.Args $c.Ready
            Wait-Gone $c.Alive
            if (-not $best.Contains($name) -or $ms -lt $best[$name]) { $best[$name] = $ms }
        }
    }
    $base = $best['baseline (Start-Sleep)']
    Write-Host "Pipeline stop, best of $Rounds rounds (load average $(Get-LoadAverage)):"
    foreach ($name in $best.Keys) {
        Write-Host ('  {0,-42} {1,8:N1} ms   {2,6:N2}x baseline' -f $name, $best[$name], ($best[$name] / [Math]::Max($base, 0.001)))
    }
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
