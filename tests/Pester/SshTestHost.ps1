# Dot-sourced by the remoting tests: real sshd instances on loopback addresses, each with its own host key and port,
# all trusting one key pair made here, and the powershell subsystem running the pinned pwsh with an environment of its
# own, so several "hosts" on one machine differ (one lacks a command on its PATH, one lacks the module).

function Get-FreeTcpPort([string] $Address) {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse($Address), 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# A port on which every connect is refused for as long as the returned socket is open: bound, never listening. (A port
# freed and named later could meanwhile be taken, and answered, by another test run on this machine.)
function New-RefusingTcpSocket([string] $Address) {
    $socket = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::InterNetwork, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
    $socket.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Parse($Address), 0))
    $socket
}

function New-TestSshClient([Parameter(Mandatory)][string] $Dir) {
    # The client side shared by every test host: one key pair, one known_hosts file (a line per host).
    if (-not (Test-Path /usr/sbin/sshd)) {
        $why = Join-Path $script:RepoRoot 'out/openssh-unavailable.txt'
        $reason = if (Test-Path $why) { Get-Content -Raw $why } else { '/usr/sbin/sshd is missing (tests/setup/40-openssh.ps1 installs openssh-server)' }
        throw "sshd cannot start: $reason"
    }
    New-Item -ItemType Directory -Force -Path $Dir | Out-Null
    $key = Join-Path $Dir 'user_ed25519'
    & ssh-keygen -q -t ed25519 -N '' -C 'teleportmcp-test' -f $key | Out-Null
    if ($LASTEXITCODE) { throw "ssh-keygen failed for $key (exit $LASTEXITCODE)" }
    & chmod 600 $key
    $authorized = Join-Path $Dir 'authorized_keys'
    Copy-Item "$key.pub" $authorized -Force
    $knownHosts = Join-Path $Dir 'known_hosts'
    Set-Content -LiteralPath $knownHosts -Value @()
    [pscustomobject]@{ Dir = $Dir; KeyFilePath = $key; AuthorizedKeys = $authorized; KnownHosts = $knownHosts; UserName = [Environment]::UserName }
}

function Start-TestSshHost {
    param(
        [Parameter(Mandatory)] $Client,
        [Parameter(Mandatory)][string] $Address,
        [Parameter(Mandatory)][string] $Name,
        [hashtable] $Environment = @{}
    )
    $dir = Join-Path $Client.Dir $Name
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
    # sshd insists on its privilege-separation directory even when it never uses it for this configuration.
    New-Item -ItemType Directory -Force -Path /run/sshd | Out-Null
    $hostKey = Join-Path $dir 'host_ed25519'
    & ssh-keygen -q -t ed25519 -N '' -C $Name -f $hostKey | Out-Null
    if ($LASTEXITCODE) { throw "ssh-keygen failed for $hostKey (exit $LASTEXITCODE)" }
    # env(1) gives the subsystem its own environment (sshd runs the subsystem line through the login shell).
    $envArgs = ($Environment.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' '
    $dotnet = (Get-Process -Id $PID).Path
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    if (-not (Test-Path $pwshDll)) { throw "sshd cannot start a PowerShell subsystem: pwsh.dll is not in `$PSHOME ($PSHOME)" }
    $pidFile = Join-Path $dir 'sshd.pid'
    $config = Join-Path $dir 'sshd_config'
    $log = Join-Path $dir 'sshd.log'
    # The port is free when picked, but sshd binds it only later: another program on this machine (other test runs
    # start listeners too) may take it first. sshd then logs that it cannot bind and writes no pid file: pick again.
    for ($attempt = 1; ; $attempt++) {
        $port = Get-FreeTcpPort $Address
        @(
            "Port $port"
            "ListenAddress $Address"
            "HostKey $hostKey"
            "PidFile $pidFile"
            "AuthorizedKeysFile $($Client.AuthorizedKeys)"
            'PasswordAuthentication no'
            'KbdInteractiveAuthentication no'
            'PubkeyAuthentication yes'
            'PermitRootLogin prohibit-password'
            'StrictModes no'
            'UsePAM no'
            "Subsystem powershell /usr/bin/env $envArgs $dotnet $pwshDll -sshs -NoLogo -NoProfile"
        ) | Set-Content -LiteralPath $config
        Remove-Item -LiteralPath $log, $pidFile -ErrorAction SilentlyContinue
        $check = & /usr/sbin/sshd -t -f $config 2>&1
        if ($LASTEXITCODE) { throw "sshd rejected its test configuration ${config}: $check" }
        & /usr/sbin/sshd -f $config -E $log
        if ($LASTEXITCODE) { throw "sshd did not start (exit $LASTEXITCODE): $(Get-Content -Raw $log -ErrorAction SilentlyContinue)" }
        # sshd writes its pid file once its listening socket is bound (sshd.c: "after ... the listen sockets are bound"),
        # and the number only after creating the file: wait for the number. The limit guards against a hang only.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        $sshdPid = 0
        $bindFailed = $false
        while ([DateTime]::UtcNow -lt $deadline) {
            $text = Get-Content -Raw -LiteralPath $pidFile -ErrorAction SilentlyContinue
            if ($text -match '^\s*(\d+)\s*$') { $sshdPid = [int]$Matches[1]; break }
            $bindFailed = (Get-Content -Raw -LiteralPath $log -ErrorAction SilentlyContinue) -match 'Cannot bind any address'
            if ($bindFailed) { break }
            Start-Sleep -Milliseconds 50
        }
        if ($sshdPid -gt 0) { break }
        if (-not $bindFailed -or $attempt -ge 5) { throw "sshd wrote no pid file ${pidFile}: $(Get-Content -Raw $log -ErrorAction SilentlyContinue)" }
    }
    Add-Content -LiteralPath $Client.KnownHosts -Value "[$Address]:$port $((Get-Content -Raw "$hostKey.pub").Trim())"
    [pscustomobject]@{
        Name     = $Name
        HostName = $Address
        Port     = $port
        PidFile  = $pidFile
        Pid      = $sshdPid
        Log      = $log
    }
}

function Stop-TestSshHost($SshHost) {
    if (-not $SshHost) { return }
    # The listener is ended by the pid in its pid file; the session processes end with their connections.
    $id = if (Test-Path $SshHost.PidFile) { [int](Get-Content -Raw $SshHost.PidFile) } else { $SshHost.Pid }
    Stop-Process -Id $id -ErrorAction SilentlyContinue
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ((Get-Process -Id $id -ErrorAction SilentlyContinue) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
}
