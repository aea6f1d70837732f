<#
    bench/preflight.ps1: what the SSH preflight of Test-TeleportMcpApp -HostName (SshPreflight: ssh -G, then one TCP
    connection and an SSH version exchange) costs each host before New-PSSession starts, against the floor of any such
    check measured in the same run: `ssh -G` alone, started the same way (the engine's ProcessRunner).
    Cases: a port that refuses; a real sshd on loopback (a temporary /usr/sbin/sshd with its own host key, as the remoting
    tests start it; skipped when sshd is not installed); 8 hosts of that sshd checked side by side (-ThrottleLimit 8).
    Prints medians and each median's ratio to the floor's.
#>
param(
    [string] $ModuleDir = (Join-Path $PSScriptRoot '../out/TeleportMcp'),
    [ValidateRange(3, 1000)] [int] $Runs = 21
)
$ErrorActionPreference = 'Stop'
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

# A port that refuses: a socket bound and never listening.
$held = [Net.Sockets.Socket]::new([Net.Sockets.AddressFamily]::InterNetwork, [Net.Sockets.SocketType]::Stream, [Net.Sockets.ProtocolType]::Tcp)
$held.Bind([Net.IPEndPoint]::new([Net.IPAddress]::Loopback, 0))
$refused = "127.0.0.1:$($held.LocalEndPoint.Port)"

$work = Join-Path ([IO.Path]::GetTempPath()) "tmcp-bench-preflight-$PID"
New-Item -ItemType Directory -Force $work | Out-Null
$sshdPid = $null
try {
    $answering = $null
    if (Test-Path /usr/sbin/sshd) {
        & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $work 'hostkey') | Out-Null
        New-Item -ItemType Directory -Force /run/sshd -ErrorAction SilentlyContinue | Out-Null
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        Set-Content -LiteralPath (Join-Path $work 'sshd_config') -Value "Port $port`nListenAddress 127.0.0.1`nHostKey $work/hostkey`nPidFile $work/sshd.pid`n"
        & /usr/sbin/sshd -f (Join-Path $work 'sshd_config') -E (Join-Path $work 'sshd.log')
        foreach ($i in 1..50) { if (Test-Path (Join-Path $work 'sshd.pid')) { break }; Start-Sleep -Milliseconds 100 }
        $sshdPid = [int](Get-Content -LiteralPath (Join-Path $work 'sshd.pid') -ErrorAction SilentlyContinue)
        if ($sshdPid) { $answering = "127.0.0.1:$port" }
    }

    $floorArgs = [Collections.Generic.List[string]]@('-G', '-s', '--', '127.0.0.1', 'powershell')
    $floor = Measure-Ms { $runner.Run($ssh, $floorArgs, $null, [TimeSpan]::FromSeconds(15), $none) }
    $rows = [Collections.Generic.List[object]]::new()
    $rows.Add([pscustomobject]@{ Case = 'ssh -G alone (floor)'; MedianMs = $floor; Ratio = 1.0 })
    $r = Measure-Ms { $preflight.Unreachable([string[]]@($refused), $null, 0, $null, 1, $none) }
    $rows.Add([pscustomobject]@{ Case = 'a port that refuses'; MedianMs = $r; Ratio = $r / $floor })
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
    if ($sshdPid) { Stop-Process -Id $sshdPid -ErrorAction SilentlyContinue }
    $held.Dispose()
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
