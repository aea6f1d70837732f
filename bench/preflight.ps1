<#
    bench/preflight.ps1: what the SSH preflight of Test-TeleportMcpApp -HostName (SshPreflight: ssh -G, then one TCP
    connection and an SSH version exchange) costs each host before New-PSSession starts, against the floor of any such
    check measured in the same run: `ssh -G` alone, started the same way (the engine's ProcessRunner).
    Cases: a port that refuses; a jump host (ProxyJump) that refuses, which reads ssh's settings three times (the target's, with -v for ssh's command, the hop's); a real sshd on loopback (started by the remoting tests' Start-TestSshHost; skipped when
    sshd is not installed); 8 hosts of that sshd checked side by side (-ThrottleLimit 8).
    Prints medians and each median's ratio to the floor's.
#>
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [ValidateRange(3, 1000)] [int] $Runs = 21
)
$ErrorActionPreference = 'Stop'
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
# The remoting tests' own refusing socket and sshd (bind retries included).
. (Join-Path $RepoRoot 'tests/Pester/SshTestHost.ps1')
$ModuleDir = (Resolve-Path $ModuleDir).Path
Add-Type -Path (Join-Path $ModuleDir 'Dependencies/TeleportMcp.Engine.dll')
$ssh = (Get-Command ssh -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
$none = [Threading.CancellationToken]::None
$preflight = [TeleportMcp.Engine.Fleet.SshPreflight]::new($ssh, $null)
$runner = [TeleportMcp.Engine.Platform.ProcessRunner]::Instance

function Get-Median([double[]] $Values) { $s = $Values | Sort-Object; $s[[int][Math]::Floor($s.Count / 2)] }
function Measure-Ms([scriptblock] $Block) {
    $null = & $Block
    $times = foreach ($i in 1..$Runs) { $sw = [Diagnostics.Stopwatch]::StartNew(); $null = & $Block; $sw.Elapsed.TotalMilliseconds }
    Get-Median $times
}

$held = New-RefusingTcpSocket 127.0.0.1
$refused = "127.0.0.1:$($held.LocalEndPoint.Port)"

$work = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-preflight-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
$sshd = $null
try {
    $answering = $null
    if (Test-Path /usr/sbin/sshd) {
        $sshd = Start-TestSshHost -Client (New-TestSshClient -Dir $work) -Address 127.0.0.1 -Name bench
        $answering = "127.0.0.1:$($sshd.Port)"
    }

    $floorArgs = [Collections.Generic.List[string]]@('-G', '-s', '--', '127.0.0.1', 'powershell')
    $floor = Measure-Ms { $runner.Run($ssh, $floorArgs, $null, [TimeSpan]::FromSeconds(15), $none) }
    $rows = [Collections.Generic.List[object]]::new()
    $rows.Add([pscustomobject]@{ Case = 'ssh -G alone (floor)'; MedianMs = $floor; Ratio = 1.0 })
    $r = Measure-Ms { $preflight.Unreachable([string[]]@($refused), $null, 0, $null, 1, $none) }
    $rows.Add([pscustomobject]@{ Case = 'a port that refuses'; MedianMs = $r; Ratio = $r / $floor })
    $jump = @{ ProxyJump = $refused }
    # The cases measure what they say: each names its host unreachable (through the jump host for the second).
    if (-not ($preflight.Unreachable([string[]]@($refused), $null, 0, $null, 1, $none))) { throw "the refusing port $refused was not named unreachable" }
    if (-not ($preflight.Unreachable([string[]]@('127.0.0.2'), $null, 0, $jump, 1, $none) | Where-Object Value -like '*through ProxyJump*')) { throw 'the host behind the refusing jump host was not named unreachable' }
    $j = Measure-Ms { $preflight.Unreachable([string[]]@('127.0.0.2'), $null, 0, $jump, 1, $none) }
    $rows.Add([pscustomobject]@{ Case = 'a jump host that refuses'; MedianMs = $j; Ratio = $j / $floor })
    if ($answering) {
        $a = Measure-Ms { $preflight.Unreachable([string[]]@($answering), $null, 0, $null, 1, $none) }
        $rows.Add([pscustomobject]@{ Case = 'a real sshd'; MedianMs = $a; Ratio = $a / $floor })
        $eight = [string[]](1..8 | ForEach-Object { $answering })
        $m = Measure-Ms { $preflight.Unreachable($eight, $null, 0, $null, 8, $none) }
        $rows.Add([pscustomobject]@{ Case = '8 hosts side by side (per host)'; MedianMs = $m / 8; Ratio = ($m / 8) / $floor })
    }
    else { Write-Warning 'No /usr/sbin/sshd: the sshd cases are skipped.' }
    $rows | ForEach-Object { '{0,-34} {1,8:N1} ms  {2,6:N2}x the floor' -f $_.Case, $_.MedianMs, $_.Ratio }
}
finally {
    Stop-TestSshHost $sshd
    $held.Dispose()
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
