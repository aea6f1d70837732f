# Dot-sourced by the remoting tests: real sshd instances on loopback addresses, each with its own host key, a key pair
# made here, a non-default port, and the powershell subsystem running the pinned pwsh with an environment of its own
# (so two "hosts" on one machine can differ: one lacks a command on its PATH, one lacks the module).

function Get-FreeTcpPort([string] $Address) {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse($Address), 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Get-PinnedPwshDll {
    # The subsystem runs the same pwsh as the tests (the dotnet tool of .config/dotnet-tools.json).
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if (-not (Test-Path $dll)) { throw "pwsh.dll not found beside `$PSHOME ($PSHOME)" }
    $dll
}

function Start-TestSshHost {
    param(
        [Parameter(Mandatory)][string] $Address,
        [Parameter(Mandatory)][string] $WorkDir,
        [hashtable] $Environment = @{}
    )
    $reason = Join-Path $script:RepoRoot 'out/openssh-unavailable.txt'
    if (Test-Path $reason) { throw "sshd cannot start: $(Get-Content -Raw $reason)" }
    if (-not (Test-Path /usr/sbin/sshd)) { throw 'sshd cannot start: /usr/sbin/sshd is missing (tests/setup/40-openssh.ps1 installs it)' }
    New-Item -ItemType Directory -Force -Path $WorkDir | Out-Null
    New-Item -ItemType Directory -Force -Path /run/sshd | Out-Null
    $hostKey = Join-Path $WorkDir 'host_ed25519'
    $userKey = Join-Path $WorkDir 'user_ed25519'
    foreach ($k in $hostKey, $userKey) {
        if (-not (Test-Path $k)) { & ssh-keygen -q -t ed25519 -N '' -f $k | Out-Null; if ($LASTEXITCODE) { throw "ssh-keygen failed for $k" } }
    }
    Copy-Item "$userKey.pub" (Join-Path $WorkDir 'authorized_keys') -Force
    & chmod 600 (Join-Path $WorkDir 'authorized_keys') $userKey
    $port = Get-FreeTcpPort $Address
    # env(1) gives the subsystem its own environment; sshd itself runs the subsystem line through the login shell.
    $envArgs = ($Environment.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ' '
    $dotnet = (Get-Process -Id $PID).Path
    $subsystem = "/usr/bin/env $envArgs $dotnet $(Get-PinnedPwshDll) -sshs -NoLogo -NoProfile"
    $config = Join-Path $WorkDir 'sshd_config'
    @(
        "Port $port"
        "ListenAddress $Address"
        "HostKey $hostKey"
        "PidFile $(Join-Path $WorkDir 'sshd.pid')"
        "AuthorizedKeysFile $(Join-Path $WorkDir 'authorized_keys')"
        'PasswordAuthentication no'
        'KbdInteractiveAuthentication no'
        'PubkeyAuthentication yes'
        'PermitRootLogin prohibit-password'
        'StrictModes no'
        'UsePAM no'
        "Subsystem powershell $subsystem"
    ) | Set-Content -LiteralPath $config
    $log = Join-Path $WorkDir 'sshd.log'
    & /usr/sbin/sshd -t -f $config
    if ($LASTEXITCODE) { throw "sshd rejected its test configuration $config" }
    & /usr/sbin/sshd -f $config -E $log
    if ($LASTEXITCODE) { throw "sshd did not start (exit $LASTEXITCODE): $(Get-Content -Raw $log -ErrorAction SilentlyContinue)" }
    $pidFile = Join-Path $WorkDir 'sshd.pid'
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while (-not (Test-Path $pidFile) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    if (-not (Test-Path $pidFile)) { throw "sshd wrote no pid file: $(Get-Content -Raw $log -ErrorAction SilentlyContinue)" }
    $knownHosts = Join-Path $WorkDir 'known_hosts'
    "[$Address]:$port $(Get-Content -Raw "$hostKey.pub")".Trim() | Set-Content -LiteralPath $knownHosts
    [pscustomobject]@{
        HostName   = $Address
        Port       = $port
        UserName   = [Environment]::UserName
        KeyFilePath = $userKey
        KnownHosts = $knownHosts
        Pid        = [int](Get-Content -Raw $pidFile)
        WorkDir    = $WorkDir
        Log        = $log
    }
}

function Stop-TestSshHost($SshHost) {
    if (-not $SshHost) { return }
    # sshd's children (the sessions and their pwsh) end with their connections; the listener is ended here.
    Stop-Process -Id $SshHost.Pid -ErrorAction SilentlyContinue
    $deadline = [DateTime]::UtcNow.AddSeconds(5)
    while ((Get-Process -Id $SshHost.Pid -ErrorAction SilentlyContinue) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
}
