# The host checks on several App Service hosts through PowerShell remoting over a real OpenSSH server: sshd instances
# on loopback (127.0.0.1 and 127.0.0.2), each with its own host key, port and subsystem environment. "good" has the
# module and the command, "nocmd" has the module but not the command on its PATH, "nomodule" lacks the module; one
# port answers nothing. Where sshd cannot start, BeforeAll throws and every test here fails with the reason.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'SshTestHost.ps1')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("tmcp-fleet-" + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    $script:Hosts = @()
    $script:Client = New-TestSshClient $Work

    # The server command exists only in a folder on the PATH of the "good" host.
    $bin = Join-Path $Work 'bin'
    New-Item -ItemType Directory -Force $bin | Out-Null
    $node = (Get-Command node -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $fake = Join-Path $RepoRoot 'tests/servers/fake-server.js'
    Set-Content -LiteralPath (Join-Path $bin 'fleet-mcp-server') -Value "#!/bin/sh`nexec '$node' '$fake' ok`n"
    & chmod 755 (Join-Path $bin 'fleet-mcp-server')
    $basePath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    $moduleParent = Split-Path -Parent $ModuleDir
    # HOME of its own per host, so a module installed for this machine's user is not found by the hosts.
    function HostEnv([string] $Name, [string] $Path, [bool] $Module) {
        $h = @{ HOME = (Join-Path $Work "$Name-home"); PATH = $Path; PSModulePath = $(if ($Module) { $moduleParent } else { Join-Path $Work 'empty-modules' }) }
        New-Item -ItemType Directory -Force $h.HOME | Out-Null
        $h
    }
    $script:Hosts = @(
        Start-TestSshHost -Client $Client -Address 127.0.0.1 -Name good -Environment (HostEnv good "${bin}:$basePath" $true)
        Start-TestSshHost -Client $Client -Address 127.0.0.2 -Name nocmd -Environment (HostEnv nocmd $basePath $true)
        Start-TestSshHost -Client $Client -Address 127.0.0.1 -Name nomodule -Environment (HostEnv nomodule "${bin}:$basePath" $false)
    )
    # "stuck" has a TeleportMcp module whose checks never end: the command must give up on that host, not hang.
    $stuckModule = Join-Path $Work 'stuck-modules/TeleportMcp'
    New-Item -ItemType Directory -Force $stuckModule | Out-Null
    Set-Content -LiteralPath (Join-Path $stuckModule 'TeleportMcp.psm1') -Value 'function Test-TeleportMcpApp { [CmdletBinding()] param([Parameter(ValueFromPipeline)] $InputObject, $TimeoutSec, [switch] $Launch) end { Set-Content -LiteralPath (Join-Path $HOME ''checks-started'') -Value $PID; Start-Sleep -Seconds 3600 } }'
    $stuckEnv = HostEnv stuck $basePath $false
    $stuckEnv.PSModulePath = Split-Path -Parent $stuckModule
    $script:Hosts += Start-TestSshHost -Client $Client -Address 127.0.0.2 -Name stuck -Environment $stuckEnv
    # "faulty" has a TeleportMcp module (another version's, as a host may hold) whose run fails to read a file of that host
    # and then gives its own verdict, that a name matched nothing there: only the failure is the host's error to write here.
    $faultyModule = Join-Path $Work 'faulty-modules/TeleportMcp'
    New-Item -ItemType Directory -Force $faultyModule | Out-Null
    Set-Content -LiteralPath (Join-Path $faultyModule 'TeleportMcp.psm1') -Value @'
function Test-TeleportMcpApp {
    [CmdletBinding()] param([Parameter(ValueFromPipeline)] $InputObject, $TimeoutSec, [switch] $Launch)
    end {
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([System.IO.InvalidDataException]::new('/etc/teleport/apps.yaml:3:7: mapping values are not allowed in this context'), 'YamlParseError', 'ParserError', '/etc/teleport/apps.yaml'))
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([System.IO.FileNotFoundException]::new('app "fleet" not found in the input read.'), 'AppNotFound', 'ObjectNotFound', 'fleet'))
    }
}
'@
    $faultyEnv = HostEnv faulty $basePath $false
    $faultyEnv.PSModulePath = Split-Path -Parent $faultyModule
    $script:Hosts += Start-TestSshHost -Client $Client -Address 127.0.0.2 -Name faulty -Environment $faultyEnv
    $script:Good, $script:NoCmd, $script:NoModule, $script:Stuck, $script:Faulty = $Hosts
    # The unreachable host of the first test (ssh prints "Connection refused" for it): a port held, never listening.
    $script:DeadSocket = New-RefusingTcpSocket 127.0.0.1
    $script:DeadPort = $DeadSocket.LocalEndPoint.Port
    $script:Ssh = @{ UserName = $Client.UserName; KeyFilePath = $Client.KeyFilePath; Options = @{ UserKnownHostsFile = $Client.KnownHosts; StrictHostKeyChecking = 'yes' } }
    function Target($SshHost) { "$($SshHost.HostName):$($SshHost.Port)" }

    $script:App = [pscustomobject]@{ Name = 'fleet'; Uri = 'mcp+stdio://'; HasMcpSpec = $true; Command = 'fleet-mcp-server'; Args = @(); RunAsHostUser = [Environment]::UserName }
}

AfterAll {
    Get-PSSession | Remove-PSSession
    foreach ($h in $script:Hosts) { Stop-TestSshHost $h }
    if ($script:DeadSocket) { $script:DeadSocket.Dispose() }
    if ($script:Work) { Remove-Item -Recurse -Force $script:Work -ErrorAction SilentlyContinue }
}

Describe 'Test-TeleportMcpApp on several hosts over SSH' {
    It 'checks each host, tags every result with its host, names the host that fails, and goes on past an unreachable one' {
        $targets = (Target $Good), (Target $NoCmd), "127.0.0.1:$DeadPort"
        $r = $App | Test-TeleportMcpApp -HostName $targets @Ssh -ThrottleLimit 4 -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warn -WarningAction SilentlyContinue
        $good = $r | Where-Object Host -eq (Target $Good)
        $bad = $r | Where-Object Host -eq (Target $NoCmd)
        ($good | Where-Object Check -eq 'CommandPath').Status | Should -Be 'Pass'
        ($good | Where-Object Check -eq 'CommandPath').Message | Should -BeLike "*$Work/bin/fleet-mcp-server*"
        ($bad | Where-Object Check -eq 'CommandPath').Status | Should -Be 'Fail'
        $good[0].PSComputerName | Should -Be '127.0.0.1'
        $bad[0].PSComputerName | Should -Be '127.0.0.2'
        $good[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.TeleportMcp.AppCheck'
        # The default view of the deserialized checks is the module's (grouped by host), not a property list.
        ($good | Format-Table | Out-String) | Should -Match 'Host: 127\.0\.0\.1:\d+'
        $unreachable = @($err | Where-Object FullyQualifiedErrorId -ceq 'HostUnreachable,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $unreachable.Count | Should -Be 1
        $unreachable[0].Exception.Message | Should -Be "host 127.0.0.1:$DeadPort could not be checked: ssh cannot connect to 127.0.0.1 port ${DeadPort}: connection refused, so no session was tried"
        $unreachable[0].TargetObject | Should -Be "127.0.0.1:$DeadPort"
        $warn[-1].Message | Should -BeLike "1 of 3 hosts serve everything; host $(Target $NoCmd) cannot find the command fleet-mcp-server; host 127.0.0.1:$DeadPort could not be reached (not checked)"
        Get-PSSession | Where-Object Name -like 'TeleportMcp-*' | Should -BeNullOrEmpty
    }

    It 'names a host whose settings ssh refuses without starting a session, and still checks the others' {
        # ssh exits at once on a bad option; New-PSSession is never started for it (PowerShell's transport can end the process then).
        $options = @{ UserKnownHostsFile = $Client.KnownHosts; StrictHostKeyChecking = 'yes'; NoSuchOption = '1' }
        $r = $App | Test-TeleportMcpApp -HostName (Target $Good) -UserName $Client.UserName -KeyFilePath $Client.KeyFilePath -Options $options -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'HostUnreachable,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -BeLike "host $(Target $Good) could not be checked: ssh stops on its settings for it (*Bad configuration option: nosuchoption*), so no session was tried"
        @($err.FullyQualifiedErrorId) -ccontains 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpAppCommand' | Should -BeTrue
    }

    It 'names a host whose jump host refuses, checked with the real ssh''s reading of ProxyJump, without starting a session' {
        # ssh starts a second ssh for the jump host, which fails at once as well; the target itself is never connected to.
        # ssh -G writes a numeric jump host in brackets.
        $options = @{ UserKnownHostsFile = $Client.KnownHosts; StrictHostKeyChecking = 'yes'; ProxyJump = "127.0.0.1:$DeadPort" }
        $r = $App | Test-TeleportMcpApp -HostName (Target $Good) -UserName $Client.UserName -KeyFilePath $Client.KeyFilePath -Options $options -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'HostUnreachable,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -Be "host $(Target $Good) could not be checked: ssh reaches it through ProxyJump [127.0.0.1]:$DeadPort, and cannot connect to 127.0.0.1 port ${DeadPort}: connection refused, so no session was tried"
        Get-PSSession | Where-Object Name -like 'TeleportMcp-*' | Should -BeNullOrEmpty
    }

    It 'names a host without the module and says how to install it there' {
        $r = $App | Test-TeleportMcpApp -HostName (Target $NoModule) @Ssh -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e = $err | Where-Object FullyQualifiedErrorId -ceq 'HostModuleMissing,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $e | Should -Not -BeNullOrEmpty
        $e.CategoryInfo.Category | Should -BeExactly 'NotInstalled'
        $e.Exception | Should -BeOfType ([System.IO.FileNotFoundException])
        $e.Exception.Message | Should -BeLike "host $(Target $NoModule) has no TeleportMcp module*"
        $e.Exception.Message | Should -BeLike "*Install-PSResource -Name TeleportMcp*"
        $e.Exception.Message | Should -BeLike "*`$s = New-PSSession -HostName '$(Target $NoModule)'; Copy-Item -Recurse -Path '$ModuleDir' -Destination '$Work/nomodule-home/.local/share/powershell/Modules/TeleportMcp/*' -ToSession `$s; Remove-PSSession `$s*"
        @($err.FullyQualifiedErrorId) -ccontains 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpAppCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))

        # The copy command works as written (with this test's key and known_hosts added to its New-PSSession).
        $copy = [regex]::Match($e.Exception.Message, '\$s = New-PSSession .*?; Remove-PSSession \$s').Value
        $copy | Should -Not -BeNullOrEmpty
        $copy = $copy -replace "(New-PSSession -HostName '[^']+')", '$1 -UserName $Ssh.UserName -KeyFilePath $Ssh.KeyFilePath -Options $Ssh.Options'
        $installed = Join-Path $Work 'nomodule-home/.local/share/powershell/Modules/TeleportMcp'
        try {
            Invoke-Expression $copy
            $after = $App | Test-TeleportMcpApp -HostName (Target $NoModule) @Ssh
            ($after | Where-Object Check -eq 'CommandPath').Status | Should -Be 'Pass'
        }
        finally { Remove-Item -Recurse -Force $installed -ErrorAction SilentlyContinue }
    }

    It 'takes open sessions, runs the live probe there, and answers -Quiet for all hosts together' {
        $s = New-PSSession -HostName (Target $Good), (Target $NoCmd) @Ssh
        try {
            $p = $App | Test-TeleportMcpApp -Session $s -Launch -TimeoutSec 60 -WarningAction SilentlyContinue -WarningVariable w
            $p.Count | Should -Be 2
            # The host's own warnings come back once, with the host named.
            @($w.Message | Where-Object { $_ -like 'host 127.0.0.2 - fleet - CommandPath - *' }).Count | Should -Be 1
            $w[-1].Message | Should -BeLike '1 of 2 hosts serve everything; host 127.0.0.2 cannot find the command fleet-mcp-server and fails the live probe of fleet (*'
            $ok = $p | Where-Object PSComputerName -eq '127.0.0.1'
            $ok.PSObject.TypeNames[0] | Should -Be 'Deserialized.TeleportMcp.ProbeResult'
            $ok.Host | Should -Be '127.0.0.1'
            $ok.Stage | Should -Be 'Done'
            ($ok.Checks | Where-Object Check -eq 'CommandPath').Status | Should -Be 'Pass'
            ($p | Where-Object PSComputerName -eq '127.0.0.2').Status | Should -Be 'Fail'
            ($ok | Format-Table | Out-String) | Should -Match 'ToolCount'
            $App | Test-TeleportMcpApp -Session $s -Quiet -WarningAction SilentlyContinue | Should -BeFalse
            # New-PSSession returns the sessions in the order they connected, not the order of -HostName: pick the good host's by name.
            $goodSession = $s | Where-Object ComputerName -eq '127.0.0.1'
            $one = $App | Test-TeleportMcpApp -Session $goodSession -Quiet -ErrorVariable oneErrors -WarningVariable oneWarnings -WarningAction SilentlyContinue
            $one | Should -BeTrue -Because ("errors: " + ($oneErrors -join ' | ') + "; warnings: " + ($oneWarnings -join ' | '))
            # The sessions the admin opened stay open.
            @($s | Where-Object State -eq 'Opened').Count | Should -Be 2
        }
        finally { $s | Remove-PSSession }
    }

    # Session 45 (helper-296): -Session and -HostName declared [ValidateNotNullOrEmpty], so one $null or '' refused the whole list.
    It 'a $null -Session item or a blank -HostName item is its own error naming its place, and the good host is still checked' {
        $s = New-PSSession -HostName (Target $Good) @Ssh
        try {
            @($App | Test-TeleportMcpApp -Session $null, $s -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Should -BeExactly @($false)
            @($err | ForEach-Object FullyQualifiedErrorId) | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.TestTeleportMcpAppCommand')
            $err[0].Exception.Message | Should -BeExactly '-Session[0]: -Session got null, which names nothing.'
            $c = @($App | Test-TeleportMcpApp -Session $null, $s -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Where-Object Check -eq 'CommandPath'
            $c.Status | Should -Be 'Pass'
            $c.Host | Should -Be '127.0.0.1'
        }
        finally { $s | Remove-PSSession }
        $h = @($App | Test-TeleportMcpApp -HostName '', (Target $Good) @Ssh -ErrorVariable err2 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Where-Object Check -eq 'CommandPath'
        @($err2 | ForEach-Object FullyQualifiedErrorId) | Should -BeExactly @('BlankListItem,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $err2[0].Exception.Message | Should -BeExactly '-HostName[0]: -HostName got an empty name, which names nothing.'
        $h.Status | Should -Be 'Pass'
    }

    # Session 45 (helper-307): which -Environment entries a host gets was decided again from each key's text, so of 1 (a
    # refused hashtable value) and 1L (a used text), both "1", the host got the refused entry and wrote its error again.
    # Session 46 (helper-322): an [ordered] dictionary, so "given before" is the order written (in a Hashtable both entries
    # naming one variable are refused); the later 1 is refused as naming the variable 1L already set.
    It 'an -Environment entry refused here never reaches the host; the used entries do' {
        $envs = [ordered]@{ 'A=B' = 'x'; PATH = '/tmcp-nowhere' }
        $envs.Add(1L, 'used')       # added, not written in the literal: PowerShell's parser takes 1L and 1 for one key
        $envs.Add(1, @{ a = 1 })
        $c = @($App | Test-TeleportMcpApp -HostName (Target $Good) @Ssh -Environment $envs -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Where-Object Check -eq 'CommandPath'
        # The errors are this computer's only, one per refused entry: the host never saw those entries.
        @($err | ForEach-Object FullyQualifiedErrorId | Sort-Object) | Should -BeExactly @('DuplicateEnvironmentName,TeleportMcp.Commands.TestTeleportMcpAppCommand', 'InvalidEnvironmentName,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        @($err | ForEach-Object { $_.Exception.Message } | Sort-Object) | Should -BeExactly @(
            "-Environment['A=B']: the name holds '=', which ends an environment variable's name (name=value), so it cannot be set."
            "-Environment[1 (Int32)]: the name is the same text as the name of an entry given before it, -Environment[1 (Int64)] (keys of other types), so both name one variable; the earlier entry is used, this one is not.")
        # The used PATH reached the host: the command is looked up there and not found.
        $c.Status | Should -Be 'Fail'
        $c.Host | Should -Be (Target $Good)
        $c.Message | Should -BeLike '*(PATH=/tmcp-nowhere)'
    }

    # Session 46 (helper-312): the same fault, seen on the host. Up to 06786180 the entries a host got were picked again by
    # each key's text (PlainValues.UsedEntries), the last enumerated winning: a refused entry whose key is another object
    # reading "PATH" (a StringBuilder) after the used PATH sent the host the refused value, the host refused it in turn and
    # looked the command up on its own PATH (Pass). An [ordered] dictionary fixes the order (a Hashtable's entries come in
    # hash order, and entries naming one variable there are all refused: EnvironmentValues.From); its comparer puts both
    # keys in one bucket, so the dictionary holds both. Checked first.
    It 'a refused entry whose key reads as a used name never replaces the used value on the host' {
        if (-not ('TmcpOneBucketComparer' -as [type])) {
            Add-Type -TypeDefinition 'public sealed class TmcpOneBucketComparer : System.Collections.IEqualityComparer { bool System.Collections.IEqualityComparer.Equals(object a, object b) { return object.Equals(a, b); } public int GetHashCode(object o) { return 0; } }'
        }
        $envs = [System.Collections.Specialized.OrderedDictionary]::new([TmcpOneBucketComparer]::new())
        $envs.Add('PATH', '/tmcp-nowhere')
        $envs.Add([System.Text.StringBuilder]::new('PATH'), @{ a = 1 })
        @($envs.Keys | ForEach-Object { $_.GetType().Name }) | Should -BeExactly @('String', 'StringBuilder')   # the refused entry last
        $c = @($App | Test-TeleportMcpApp -HostName (Target $Good) @Ssh -Environment $envs -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Where-Object Check -eq 'CommandPath'
        # The host got the used PATH: the command is looked up there and not found.
        $c.Host | Should -Be (Target $Good)
        $c.Message | Should -BeLike '*(PATH=/tmcp-nowhere)'
        $c.Status | Should -Be 'Fail'
        @($err.FullyQualifiedErrorId) | Should -BeExactly @('DuplicateEnvironmentName,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $err[0].Exception.Message | Should -BeLike '*the earlier entry is used, this one is not.*'
    }

    It 'a web app checked on a host examined nothing: no pass, NothingExamined names it; beside an MCP app it is only said' {
        $web = [pscustomobject]@{ Name = 'wiki'; Uri = 'http://127.0.0.1:8081' }
        $all = @($web | Test-TeleportMcpApp -HostName (Target $Good) @Ssh -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warn -WarningAction SilentlyContinue)
        $all | Should -Be @($false)
        # One verdict for the whole run, this computer's: the host's own NothingExamined is not written beside it.
        $local = @($err | Where-Object { $_.FullyQualifiedErrorId -ceq 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpAppCommand' })
        $local.Count | Should -Be 1 -Because ('errors: ' + ($err.Exception.Message -join ' | '))
        $err.Count | Should -Be 1 -Because ('errors: ' + ($err.Exception.Message -join ' | '))
        $local[0].Exception.Message | Should -BeExactly 'No MCP app was tested, so nothing was examined: wiki - not an MCP app (URI "http://127.0.0.1:8081"): nothing to check.'
        $warn[-1].Message | Should -BeLike "0 of 1 hosts serve everything; host $(Target $Good) examined nothing (no MCP server among the apps: wiki - not an MCP app*"
        # With -ErrorAction Stop the command ends with that verdict, not with a host's.
        $stop = { $web | Test-TeleportMcpApp -HostName (Target $Good) @Ssh -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $stop.FullyQualifiedErrorId | Should -BeExactly 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $stop.Exception.Message | Should -BeExactly $local[0].Exception.Message
        # Beside an MCP app that passes there, the web app does not change the answer (as on this computer).
        @($App, $web | Test-TeleportMcpApp -HostName (Target $Good) @Ssh -Quiet -WarningAction SilentlyContinue) | Should -Be @($true)
    }

    It 'writes a host''s real error labelled with the host, leaves its verdict to the one gate, and goes on with the other host' {
        $r = @($App | Test-TeleportMcpApp -HostName (Target $Faulty), (Target $Good) @Ssh -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warn -WarningAction SilentlyContinue)
        # The host's read failure, once, with the host named; its "not found" verdict is no error: the good host examined the app.
        @($err.FullyQualifiedErrorId) | Should -BeExactly @('YamlParseError,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $err[0].Exception.Message | Should -BeExactly "host $(Target $Faulty) - /etc/teleport/apps.yaml:3:7: mapping values are not allowed in this context"
        $err[0].TargetObject | Should -BeExactly (Target $Faulty)
        $err[0].CategoryInfo.Category | Should -BeExactly 'ParserError'
        ($r | Where-Object Check -eq 'CommandPath').Host | Should -Be (Target $Good)
        # The faulty host does not serve the app, and the warning says why in its own words.
        $warn[-1].Message | Should -BeExactly "1 of 2 hosts serve everything; host $(Target $Faulty) checked no app (app ""fleet"" not found in the input read)"
        @($App | Test-TeleportMcpApp -HostName (Target $Faulty), (Target $Good) @Ssh -Quiet -ErrorAction SilentlyContinue -WarningAction SilentlyContinue) | Should -Be @($false)

        # Nothing examined anywhere: the host's error, then one verdict for the whole run (this computer's), naming the host.
        $only = @($App | Test-TeleportMcpApp -HostName (Target $Faulty) @Ssh -Quiet -ErrorVariable err1 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $only | Should -Be @($false)
        @($err1.FullyQualifiedErrorId) | Should -BeExactly @('YamlParseError,TeleportMcp.Commands.TestTeleportMcpAppCommand', 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $err1[1].Exception.Message | Should -BeExactly "No MCP app was tested on the App Service hosts: 0 of 1 hosts serve everything; host $(Target $Faulty) checked no app (app ""fleet"" not found in the input read)."

        # -ErrorAction Stop: the first real error stops the command, as any cmdlet's would.
        $stop = { $App | Test-TeleportMcpApp -HostName (Target $Faulty), (Target $Good) @Ssh -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $stop.FullyQualifiedErrorId | Should -BeExactly 'YamlParseError,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $stop.Exception.Message | Should -BeExactly "host $(Target $Faulty) - /etc/teleport/apps.yaml:3:7: mapping values are not allowed in this context"
        Get-PSSession | Where-Object Name -like 'TeleportMcp-*' | Should -BeNullOrEmpty
    }

    It 'gives up on a host whose checks do not end, within start-up plus -TimeoutSec per app, and keeps what the other host found' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $r = $App | Test-TeleportMcpApp -HostName (Target $Stuck), (Target $Good) @Ssh -TimeoutSec 1 -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 120
        ($r | Where-Object Check -eq 'CommandPath').Host | Should -Be (Target $Good)
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'HostUnreachable,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -Be "host $(Target $Stuck) could not be checked: it did not finish the checks within 61 s (60 s to start, plus -TimeoutSec for each app)"
    }

    It 'stops without waiting for the remote checks, which are stopped and the sessions closed aside' {
        $started = Join-Path $Work 'stuck-home/checks-started'
        $check = {
            param($ModulePath, $App, $Targets, $Ssh, $Session)
            Import-Module $ModulePath
            if ($Session) { $App | Test-TeleportMcpApp -Session $Session -TimeoutSec 600 }
            else { $App | Test-TeleportMcpApp -HostName $Targets @Ssh -TimeoutSec 600 }
        }
        # The connections the stuck host's listener serves (one sshd process per connection).
        function Get-StuckConnection { Get-Process -ErrorAction SilentlyContinue | Where-Object { $_.Parent -and $_.Parent.Id -eq $Stuck.Pid } }
        function Get-NewRunspace { Get-Runspace | Where-Object { -not $_.RunspaceIsRemote -and $_.RunspaceStateInfo.State -eq 'Opened' -and $_.Id -notin $runspacesBefore } }
        $runspacesBefore = @(Get-Runspace).Id
        foreach ($round in 1..4) {
            # Odd rounds open sessions (-HostName); even rounds use a session the admin opened (-Session), which stays open.
            $session = if ($round % 2 -eq 0) { New-PSSession -HostName (Target $Stuck) @Ssh } else { $null }
            try {
                Remove-Item -LiteralPath $started -ErrorAction SilentlyContinue
                $stop = Measure-PipelineStop $check -ArgumentList (Join-Path $ModuleDir 'TeleportMcp.psd1'), $App, @((Target $Stuck), (Target $Good)), $Ssh, $session -Ready { Test-Path -LiteralPath $started }
                $stop.Started | Should -BeTrue -Because 'the stop came once the stuck host had started the checks, not at the 120 s deadline'
                Test-Path -LiteralPath $started | Should -BeTrue -Because 'the stuck host was running the checks when the stop came'
                $stop.Running | Should -BeTrue
                $stop.Returned | Should -BeTrue -Because 'the stop did not come back within a minute (the stuck checks last an hour)'
                $stop.State | Should -Be 'Stopped'
                # Aside, but done: the remote pipeline is stopped, the sessions the command opened are closed, its runspace is gone.
                Wait-Until { -not (Get-NewRunspace) } | Should -BeTrue -Because 'the private runspace of the remote checks is closed after the stop'
                if ($session) {
                    Wait-Until { $session.Availability -eq 'Available' } | Should -BeTrue -Because 'the remote pipeline in the admin''s session is stopped'
                    $session.State | Should -Be 'Opened'
                    Invoke-Command -Session $session { 'free' } | Should -Be 'free'
                }
                else { Wait-Until { -not (Get-StuckConnection) } | Should -BeTrue -Because 'the sessions the command opened are closed after the stop' }
            }
            finally { if ($session) { Remove-PSSession $session } }
        }
        Get-Job | Should -BeNullOrEmpty
        Get-PSSession | Where-Object Name -like 'TeleportMcp-*' | Should -BeNullOrEmpty
        # That the stop does not wait for the remote stop and the sessions' closing is a speed, not a test's to judge (a loaded
        # machine delays any thread by hundreds of ms); bench/stop.ps1 has the local stops.
    }

    It 'writes progress while the hosts run the checks, and completes it' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $App, $Target, $Ssh)
                    Import-Module $ModulePath
                    $App | Test-TeleportMcpApp -HostName $Target @Ssh -Launch -TimeoutSec 60 -WarningAction SilentlyContinue
                }).AddArgument((Join-Path $ModuleDir 'TeleportMcp.psd1')).AddArgument($App).AddArgument((Target $Good)).AddArgument($Ssh)
            $r = $ps.Invoke()
            $r.Stage | Should -Be 'Done'
            $own = @($ps.Streams.Progress | Where-Object Activity -eq 'Host checks on the App Service hosts')
            $own.Count | Should -BeGreaterThan 0
            $own[-1].RecordType | Should -Be 'Completed'
            # The host's own progress (its -Launch stages) comes back under it, named by the host.
            @($ps.Streams.Progress | Where-Object { $_.ParentActivityId -eq $own[0].ActivityId -and $_.Activity -eq "host $(Target $Good) - Test-TeleportMcpApp -Launch" }).Count | Should -BeGreaterThan 0
        }
        finally { $ps.Dispose() }
    }

    It 'refuses remoting parameters that do not go together' {
        ({ $App | Test-TeleportMcpApp -HostName a -ComputerName b -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'ConflictingRemotingParameters,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        ({ $App | Test-TeleportMcpApp -HostName a -Credential ([pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))) -ErrorAction Stop } |
            Should -Throw -PassThru).FullyQualifiedErrorId | Should -BeExactly 'ConflictingRemotingParameters,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        # Session options without a host would do nothing: the checks would run here as if they were used.
        $caught = { $App | Test-TeleportMcpApp -UserName x -Port 22 -ErrorAction Stop } | Should -Throw -PassThru
        $caught.FullyQualifiedErrorId | Should -BeExactly 'ConflictingRemotingParameters,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        $caught.TargetObject | Should -BeExactly @('-UserName', '-Port')
        ({ Invoke-TeleportMcpDiagnosis -SkipClient -UserName x -ErrorAction Stop } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'ConflictingRemotingParameters,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
    }

    It 'names a -HostName that New-PSSession cannot read as unreachable and never passes' {
        # A bad port and a Windows-style user are refused by PowerShell's own reading of [user@]host[:port]; nothing connects.
        $r = $App | Test-TeleportMcpApp -HostName 'app-1:99999', 'DOMAIN\u@app-2' -Quiet -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $r | Should -BeFalse
        $unreachable = @($err | Where-Object FullyQualifiedErrorId -ceq 'HostUnreachable,TeleportMcp.Commands.TestTeleportMcpAppCommand')
        $unreachable.Count | Should -Be 2
        $unreachable[0].TargetObject | Should -Be 'app-1:99999'
        $unreachable[0].Exception.Message | Should -BeLike '*app-1:99999*New-PSSession cannot open a session to it*'
        $unreachable[1].TargetObject | Should -Be 'DOMAIN\u@app-2'
    }
}

Describe 'Invoke-TeleportMcpDiagnosis on several hosts over SSH' {
    It 'says that only some hosts fail and names them' {
        $dir = Join-Path $Work 'cluster'
        New-Item -ItemType Directory -Force $dir | Out-Null
        "kind: app`nversion: v3`nmetadata:`n  name: fleet`nspec:`n  uri: mcp+stdio://`n  mcp:`n    command: fleet-mcp-server`n    run_as_host_user: $([Environment]::UserName)`n" |
            Set-Content (Join-Path $dir 'apps.yaml')
        $d = Invoke-TeleportMcpDiagnosis -ClusterPath $dir -SkipClient -HostName (Target $Good), (Target $NoCmd), (Target $NoModule) @Ssh -ErrorAction SilentlyContinue -ErrorVariable err
        $f = $d | Where-Object Check -eq 'CommandPath'
        $f.Status | Should -Be 'Fail'
        $f.Title | Should -BeLike "host $(Target $NoCmd) - fleet - *"
        $f.Detail | Should -BeLike "1 of 3 hosts serve everything; host $(Target $NoCmd) cannot find the command fleet-mcp-server; host $(Target $NoModule) has no TeleportMcp module (not checked).*Only this host fails*"
        ($d | Where-Object Check -eq 'HostModuleMissing').Fix | Should -BeLike '*Install-PSResource -Name TeleportMcp*'
        @($err.FullyQualifiedErrorId) -ccontains 'HostModuleMissing,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
        # A host that could not run the checks examined nothing it may serve: the answer is no pass (as Test-TeleportMcpApp's -Quiet).
        $gate = @($err | Where-Object FullyQualifiedErrorId -ceq 'InputUnreadable,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $gate.Count | Should -Be 1
        $gate[0].Exception.Message | Should -BeLike "Not a pass: 1 input(s) could not be read (host $(Target $NoModule) (no TeleportMcp module there)), *"
        # Session 48 (helper-335): the target is the host as -HostName named it, the label stays in the message.
        $gate[0].TargetObject | Should -BeExactly (Target $NoModule)
    }

    It 'a web app named with -App and checked only on a host examined nothing: not an MCP server, -Quiet and -FailOn answer no' {
        $dir = Join-Path $Work 'web-cluster'
        New-Item -ItemType Directory -Force $dir | Out-Null
        "kind: app`nversion: v3`nmetadata:`n  name: wiki`nspec:`n  uri: http://127.0.0.1:8081`n" | Set-Content (Join-Path $dir 'apps.yaml')
        $report = Join-Path $Work 'web-report.md'
        $out = @(Invoke-TeleportMcpDiagnosis -ClusterPath $dir -App wiki -SkipClient -HostName (Target $Good) @Ssh -Quiet -OutFile $report -Force -ErrorVariable err -ErrorAction SilentlyContinue)
        $out | Should -Be @($false)
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $e.Count | Should -Be 1 -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
        $e[0].Exception.Message | Should -BeLike '*MCP app wiki (wiki - not an MCP server, nothing to check)*'
        $text = Get-Content -Raw -LiteralPath $report
        $text | Should -BeLike '*Not a pass:*'
        # The Markdown report escapes the parentheses and quotes of the line.
        $text | Should -BeLike '*- app wiki - not an MCP app *URI &quot;http://127.0.0.1:8081&quot;*: nothing to check*'
        $text | Should -Not -BeLike '*checked on 1 of 1 App Service host*'
        # The gate's error ends the command (the host's own NothingExamined is not written: this computer's gate answers).
        ({ Invoke-TeleportMcpDiagnosis -ClusterPath $dir -App wiki -SkipClient -HostName (Target $Good) @Ssh -FailOn Fail -ErrorAction SilentlyContinue } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'InputNotMatched,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
    }

    It 'writes a host''s real error labelled once, and its gate names the host''s own verdict instead of writing it' {
        $dir = Join-Path $Work 'faulty-cluster'
        New-Item -ItemType Directory -Force $dir | Out-Null
        "kind: app`nversion: v3`nmetadata:`n  name: fleet`nspec:`n  uri: mcp+stdio://`n  mcp:`n    command: fleet-mcp-server`n    run_as_host_user: $([Environment]::UserName)`n" |
            Set-Content (Join-Path $dir 'apps.yaml')
        $null = Invoke-TeleportMcpDiagnosis -ClusterPath $dir -SkipClient -HostName (Target $Good), (Target $Faulty) @Ssh -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
        # The host's read failure, then the one gate; the host's "not found" is no error of its own.
        @($err.FullyQualifiedErrorId) | Should -BeExactly @('YamlParseError,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand', 'InputUnreadable,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand')
        $err[0].Exception.Message | Should -BeExactly "host $(Target $Faulty) - /etc/teleport/apps.yaml:3:7: mapping values are not allowed in this context"
        $err[1].Exception.Message | Should -BeLike "Not a pass: 1 input(s) could not be read (app fleet on host $(Target $Faulty) (no check of it came back: app ""fleet"" not found in the input read)), *"
        $err[1].TargetObject | Should -BeExactly (Target $Faulty)
        # -ErrorAction Stop: the host's real error ends the command first.
        ({ Invoke-TeleportMcpDiagnosis -ClusterPath $dir -SkipClient -HostName (Target $Good), (Target $Faulty) @Ssh -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -PassThru).FullyQualifiedErrorId |
            Should -BeExactly 'YamlParseError,TeleportMcp.Commands.InvokeTeleportMcpDiagnosisCommand'
    }
}
