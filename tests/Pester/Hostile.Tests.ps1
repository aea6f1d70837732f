# Issue 17 (items 8, 9, 10, 13, 15): hostile inputs through the cmdlets, generated in $TestDrive.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Node = (Get-Command node -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source

    function Test-Alive([int] $Id) {
        $stat = "/proc/$Id/stat"
        if (-not (Test-Path -LiteralPath $stat)) { return $false }
        $text = Get-Content -LiteralPath $stat -Raw -ErrorAction SilentlyContinue
        if (-not $text) { return $false }
        $text.Substring($text.LastIndexOf(')') + 2, 1) -ne 'Z'
    }
}

Describe 'Hostile folders' -Skip:$IsWindows {
    BeforeAll {
        $script:Root = Join-Path $TestDrive 'cluster'
        New-Item -ItemType Directory -Path (Join-Path $Root 'sub') -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $Root 'sub/role.yaml') -Value "kind: role`nversion: v8`nmetadata: {name: looped}`n"
        New-Item -ItemType SymbolicLink -Path (Join-Path $Root 'sub/up') -Target '..' | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $Root 'self') -Target '.' | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $Root 'zero.yaml') -Target '/dev/zero' | Out-Null
        & mkfifo (Join-Path $Root 'pipe.yaml')
    }

    AfterAll {
        # Links and the FIFO go first, with the system's rm, so TestDrive's own cleanup never meets them.
        & rm -f (Join-Path $Root 'sub/up') (Join-Path $Root 'self') (Join-Path $Root 'zero.yaml') (Join-Path $Root 'pipe.yaml')
    }

    It 'reads a folder with link loops and special files once, warning about each' {
        $job = Start-ThreadJob { param($m, $r) Import-Module $m; Import-TeleportResource -Path $r -Recurse -WarningVariable w -WarningAction SilentlyContinue; $w } -ArgumentList (Join-Path $ModuleDir 'TeleportMcp.psd1'), $Root
        $done = Wait-Job $job -Timeout 120
        $done | Should -Not -BeNullOrEmpty -Because 'a loop or a FIFO must not hang the read'
        $out = Receive-Job $job
        Remove-Job $job -Force
        @($out | Where-Object { $_ -is [TeleportMcp.Role] }).Name | Should -Be @('looped')
        $warnings = @($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message
        $warnings | Should -Contain ($warnings | Where-Object { $_ -like '*loop*' } | Select-Object -First 1)
        ($warnings -like '*pipe.yaml*FIFO*') | Should -Not -BeNullOrEmpty
        ($warnings -like '*zero.yaml*character device*') | Should -Not -BeNullOrEmpty
    }
}

Describe 'Hostile gzip logs' {
    It 'reports a truncated .gz as LogReadError after scanning the lines before the cut' {
        $ms = [IO.MemoryStream]::new()
        $gz = [IO.Compression.GZipStream]::new($ms, [IO.Compression.CompressionLevel]::Fastest, $true)
        $line = [Text.Encoding]::UTF8.GetBytes("2025-06-01T10:00:00Z INFO ordinary line`n")
        for ($i = 0; $i -lt 20000; $i++) { $gz.Write($line, 0, $line.Length) }
        $gz.Dispose()
        $bytes = $ms.ToArray()
        $file = Join-Path $TestDrive 'cut.log.gz'
        [IO.File]::WriteAllBytes($file, $bytes[0..([int]($bytes.Length / 2))])
        Find-TeleportMcpError -Path $file -ErrorVariable e -ErrorAction SilentlyContinue | Out-Null
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'LogReadError,TeleportMcp.Commands.FindTeleportMcpErrorCommand'
        $e[0].Exception.Message | Should -BeLike '*truncated*'
    }
}

Describe 'Probe process groups' -Skip:($IsWindows -or -not (Test-Path /proc)) {
    It 'ends the server, its child and its escaped daemon when the host gets SIGTERM mid-probe' {
        $pids = Join-Path $TestDrive 'pids'
        $script = Join-Path $TestDrive 'spawner.js'
        Set-Content -LiteralPath $script -Value @'
const { spawn } = require('child_process');
const child = spawn('sleep', ['302'], { stdio: 'ignore' });
const daemon = spawn('sleep', ['303'], { stdio: 'ignore', detached: true });
daemon.unref();
require('fs').writeFileSync(process.argv[2], process.pid + ' ' + child.pid + ' ' + daemon.pid);
setInterval(() => {}, 1000);
'@
        $child = Join-Path $TestDrive 'child.ps1'
        Set-Content -LiteralPath $child -Value @'
param($ModulePath, $Node, $Script, $Pids)
Import-Module $ModulePath
[pscustomobject]@{ Name = 'h'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = $Node; Args = @($Script, $Pids); RunAsHostUser = [Environment]::UserName } |
    Test-TeleportMcpApp -Launch -TimeoutSec 120
'@
        $exe = Get-ChildPwsh
        $psi = [Diagnostics.ProcessStartInfo]::new($exe[0])
        foreach ($a in @($exe | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $child, (Join-Path $ModuleDir 'TeleportMcp.psd1'), $Node, $script, $pids)) { $psi.ArgumentList.Add($a) }
        $psi.UseShellExecute = $false
        $psi.RedirectStandardOutput = $true
        $host_ = [Diagnostics.Process]::Start($psi)
        $host_ | Should -Not -BeNullOrEmpty
        # Until all three pids are written (the file exists a moment before its text does).
        $text = $null
        for ($i = 0; $i -lt 1200 -and -not ($text -match '^\d+ \d+ \d+$'); $i++) {
            Start-Sleep -Milliseconds 100
            $text = (Get-Content -LiteralPath $pids -Raw -ErrorAction SilentlyContinue) -as [string]
            if ($text) { $text = $text.Trim() }
        }
        $text | Should -Match '^\d+ \d+ \d+$' -Because 'the server started its child and its daemon'
        $ids = [int[]]($text -split ' ')
        $host_.Id | Should -BeGreaterThan 0
        & /usr/bin/kill -TERM $host_.Id
        $host_.WaitForExit(60000) | Should -BeTrue
        # Killed processes are reaped by whoever inherits them: waited for, not timed.
        for ($i = 0; $i -lt 600 -and @($ids | Where-Object { Test-Alive $_ }).Count -gt 0; $i++) { Start-Sleep -Milliseconds 100 }
        $left = @($ids | Where-Object { Test-Alive $_ })
        foreach ($id in $left) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
        $left | Should -BeNullOrEmpty -Because 'the server, its child and its daemon end with the host'
    }
}
