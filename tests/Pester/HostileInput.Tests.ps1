# Issue 17 (hostile input), items 1, 2, 3, 6, 11, 12, 14, 16, 18: every input is generated here, in TestDrive.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'TctlStandIn.ps1')
    $script:tp = $script:StandInExe
    $script:Esc = [char]27

    # Planted secrets: none may appear in any property of any output object, error, summary or report.
    $script:Planted = @(
        'Zx9Qm2Lk7Pw4Rt6Yv8Ua1Sb3', 'eyJzdWIiOiJwbGFudGVkIn0', 'AKIAPLANTEDKEY123456', 'Pl4nt3dPassw0rd',
        'pl4nt3dJ0inT0ken', 'Pl4ntedUrlPw', 'MIIEpAIBAAKCAQEAPLANTEDKEYMATERIAL', 'PLANTEDkey0123456789abcdef',
        'PlantedCookieOne', 'PlantedCookieTwo'
    )
    $script:SecretText = 'Authorization: Bearer Zx9Qm2Lk7Pw4Rt6Yv8Ua1Sb3 id eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwbGFudGVkIn0.UGxhbnRlZFNpZ25hdHVyZQ ' +
        'AKIAPLANTEDKEY123456 password=Pl4nt3dPassw0rd --token=pl4nt3dJ0inT0ken https://bob:Pl4ntedUrlPw@proxy.example.com ' +
        'sk-ant-api03-PLANTEDkey0123456789abcdef Cookie: a=PlantedCookieOne; b=PlantedCookieTwo'

    function Get-AllText($Object, [int] $Depth = 0) {
        # Every string reachable from an output object (properties, arrays, hashtables), as the host would show it.
        if ($null -eq $Object -or $Depth -gt 6) { return }
        if ($Object -is [string]) { return $Object }
        if ($Object -is [System.ValueType]) { return }
        if ($Object -is [System.Collections.IDictionary]) {
            foreach ($k in $Object.Keys) { Get-AllText $k ($Depth + 1); Get-AllText $Object[$k] ($Depth + 1) }
            return
        }
        if ($Object -is [System.Collections.IEnumerable]) { foreach ($i in $Object) { Get-AllText $i ($Depth + 1) }; return }
        foreach ($p in $Object.PSObject.Properties) {
            $v = try { $p.Value } catch { $null }
            Get-AllText $v ($Depth + 1)
        }
    }

    function Assert-NoPlanted([string[]] $Text) {
        $all = $Text -join "`n"
        foreach ($s in $script:Planted) { $all | Should -Not -Match ([regex]::Escape($s)) }
    }

    function Assert-NoRawControl([string[]] $Text) {
        foreach ($t in $Text) {
            if ($null -eq $t) { continue }
            $t.Replace("`r`n", "`n") | Should -Not -Match '[\x00-\x08\x0B-\x1F\x7F\x80-\x9F]'
        }
    }
}

AfterAll { Reset-TctlStandIn }

Describe 'Item 1: a program named in a discovered config file is never run' {
    BeforeAll {
        $script:Repo = Join-Path $TestDrive 'cloned-repo'
        New-Item -ItemType Directory -Path (Join-Path $script:Repo '.vscode'), (Join-Path $script:Repo 'bin') -Force | Out-Null
        $script:Marker = Join-Path $TestDrive 'repo-tsh-ran.txt'
        $evil = Join-Path $script:Repo 'bin/tsh'
        Set-Content -LiteralPath $evil -Value "#!/bin/sh`necho ran > '$script:Marker'`n" -NoNewline
        if (-not $IsWindows) { chmod +x $evil }
        $entry = @{ servers = @{ 'teleport-mcp-files' = @{ type = 'stdio'; command = $evil; args = @('mcp', 'connect', 'files') } } }
        $entry | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $script:Repo '.vscode/mcp.json')
        $script:EmptyBin = Join-Path $TestDrive 'empty-bin'
        New-Item -ItemType Directory -Path $script:EmptyBin -Force | Out-Null
    }

    It 'Test-TeleportMcpClient in the repository checks the tsh it names but does not start it' {
        Push-Location $script:Repo
        $saved = $env:PATH
        try {
            $env:PATH = $script:EmptyBin
            $r = @(Test-TeleportMcpClient -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
        }
        finally { $env:PATH = $saved; Pop-Location }
        Test-Path -LiteralPath $script:Marker | Should -BeFalse
        $cmd = $r | Where-Object { $_.Check -eq 'Command' -and $_.ConfigPath -like '*cloned-repo*' }
        $cmd | Should -Not -BeNullOrEmpty
        $cmd.Message | Should -Match 'never run'
    }

    It 'Invoke-TeleportMcpDiagnosis in the repository does not start it either' {
        Push-Location $script:Repo
        $saved = $env:PATH
        try {
            $env:PATH = $script:EmptyBin
            $null = Invoke-TeleportMcpDiagnosis -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        }
        finally { $env:PATH = $saved; Pop-Location }
        Test-Path -LiteralPath $script:Marker | Should -BeFalse
    }
}

Describe 'Item 2: a run_as_host_user is never an option of getent' {
    It 'run_as_host_user "<Name>" is an unknown user, not root' -Skip:$IsWindows -ForEach @(@{ Name = '-sfiles' }, @{ Name = '0' }) {
        $yaml = Join-Path $TestDrive "app-$([guid]::NewGuid().ToString('n')).yaml"
        @"
kind: app
version: v3
metadata:
  name: hostile
spec:
  uri: mcp+stdio://
  mcp:
    command: /bin/true
    run_as_host_user: "$Name"
"@ | Set-Content -LiteralPath $yaml
        $checks = @(Test-TeleportMcpApp -Path $yaml -WarningAction SilentlyContinue)
        $user = $checks | Where-Object Check -eq 'RunAsHostUser'
        $user.Status | Should -Be 'Fail'
        $user.Message | Should -Match 'unknown user'
        $user.Message | Should -Not -Match 'root'
    }
}

Describe 'Item 3: secrets never leave redacted form' {
    BeforeAll {
        $script:Log = Join-Path $TestDrive 'teleport.log'
        $lines = @(
            "2025-09-30T10:11:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[exec: `"npx $script:SecretText`": executable file not found in `$PATH] app/connections_handler.go:315"
            "2025-09-30T10:12:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[$script:SecretText user: unknown user mcp-files] app/connections_handler.go:315"
            # A secret across the 2,000-character window of the evidence.
            ("2025-09-30T10:13:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user bob " + ('x' * 1680) + " password=Pl4nt3dPassw0rd Cookie: a=PlantedCookieOne; b=PlantedCookieTwo " + ('y' * 3000) + '] app/connections_handler.go:315')
        )
        Set-Content -LiteralPath $script:Log -Value $lines
    }

    It 'no property of any Find-TeleportMcpError finding holds a planted secret' {
        $found = @(Find-TeleportMcpError -Path $script:Log)
        $found.Count | Should -BeGreaterThan 0
        Assert-NoPlanted (Get-AllText $found)
        ($found.Evidence -join "`n") | Should -Match '<redacted>'
    }

    It 'nor does -Summary' {
        $summary = @(Find-TeleportMcpError -Path $script:Log -Summary)
        $summary.Count | Should -BeGreaterThan 0
        Assert-NoPlanted (Get-AllText $summary)
    }

    It 'nor the diagnosis objects and both reports' {
        $md = Join-Path $TestDrive 'report.md'
        $html = Join-Path $TestDrive 'report.html'
        $d = @(Invoke-TeleportMcpDiagnosis -LogPath $script:Log -SkipClient -OutFile $md -WarningAction SilentlyContinue)
        $null = Invoke-TeleportMcpDiagnosis -LogPath $script:Log -SkipClient -OutFile $html -WarningAction SilentlyContinue
        $d.Count | Should -BeGreaterThan 0
        Assert-NoPlanted (Get-AllText $d)
        Assert-NoPlanted (Get-Content -Raw -LiteralPath $md)
        Assert-NoPlanted (Get-Content -Raw -LiteralPath $html)
    }

    It 'nor a tctl error, its exception properties or its inner exception' {
        Initialize-TctlStandIn @((New-TestUser alice -Tools 'a')) | Out-Null
        try {
            $env:TCTL_STANDIN_FAIL = "error:$script:SecretText"
            Get-TeleportMcpTools alice -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
        }
        finally { Reset-TctlStandIn }
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'TctlFailed,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
        $texts = @($err | ForEach-Object {
                $_.Exception.Message; $_.ErrorDetails.Message; $_.ErrorDetails.RecommendedAction
                # Every string property of the exception and its inner one (tctl's Stderr, the command line).
                foreach ($e in @($_.Exception, $_.Exception.InnerException)) {
                    if ($null -eq $e) { continue }
                    $e.PSObject.Properties | Where-Object TypeNameOfValue -eq 'System.String' | ForEach-Object { try { $_.Value } catch { } }
                }
            })
        Assert-NoPlanted $texts
        ($texts -join "`n") | Should -Match '<redacted>'
    }

    It 'nor an error message' {
        Set-TeleportMcpTools "al${Esc}ice" -Tools $script:SecretText -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -BeGreaterThan 0
        Assert-NoPlanted (@($err | ForEach-Object { $_.Exception.Message; $_.ErrorDetails.Message; $_.ErrorDetails.RecommendedAction; "$($_.TargetObject)" }))
    }
}

Describe 'Items 11 and 12: control characters and markup from input' {
    BeforeAll {
        $script:RoleFile = Join-Path $TestDrive 'roles.yaml'
        @"
kind: role
version: v7
metadata:
  name: "dev${Esc}]0;owned${([char]7)}"
  description: "clears ${Esc}[2J${Esc}[H the screen, ok`b`b`bFAIL, <script>alert(1)</script> [x](javascript:alert(1))"
spec:
  allow:
    app_labels:
      env: "dev${Esc}[31m"
    mcp:
      tools: ["read_${Esc}]0;title${([char]7)}file"]
"@ | Set-Content -LiteralPath $script:RoleFile
    }

    It 'Import-TeleportResource writes no raw control character in any property' {
        $roles = @(Import-TeleportResource -Path $script:RoleFile -WarningVariable w -WarningAction SilentlyContinue)
        $roles.Count | Should -Be 1
        Assert-NoRawControl (Get-AllText $roles)
        Assert-NoRawControl $w
        $roles[0].Name | Should -Match ([regex]::Escape('\x1B]0;owned'))
    }

    It 'the Markdown report escapes HTML and links and carries no raw control character' {
        $log = Join-Path $TestDrive 'markup.log'
        Set-Content -LiteralPath $log -Value "2025-09-30T10:11:00.000Z WARN [APP:SERVI] Failed to handle client connection. error:[user: unknown user <img src=x onerror=alert(1)>${Esc}]0;t${([char]7)}] app/connections_handler.go:315"
        $md = Join-Path $TestDrive 'markup.md'
        $null = Invoke-TeleportMcpDiagnosis -LogPath $log -SkipClient -OutFile $md -WarningAction SilentlyContinue
        $text = Get-Content -Raw -LiteralPath $md
        Assert-NoRawControl $text
        # Outside fenced code blocks no tag survives.
        $outside = ($text -split "(?ms)^````+[a-z]*\r?\n.*?^````+\s*$") -join ''
        $outside | Should -Not -Match '<img'
    }
}

Describe 'Items 6, 14 and 16: Set-TeleportMcpTools and tctl output' {
    BeforeEach {
        Initialize-TctlStandIn @((New-TestUser alice -Tools 'a')) | Out-Null
    }

    It 'a change made between the read and the write stops the write (McpToolsLostUpdate names both lists)' {
        $env:TCTL_STANDIN_CONCURRENT_AFTER_GET = '["theirs"]'
        $r = Set-TeleportMcpTools alice -Tools b -Append -PassThru -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'McpToolsLostUpdate,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
        $err[0].Exception.Message | Should -Match ([regex]::Escape('computed from [a], but Teleport now stores [theirs]'))
        Get-StoredTool alice | Should -Be @('theirs')
        @(Get-TctlCall | Where-Object { $_[0] -eq 'users' }).Count | Should -Be 0
    }

    It 'entry <Label> is refused before tctl runs' -ForEach @(
        @{ Label = 'with NUL'; Entry = "read`0file" }
        @{ Label = 'with ESC'; Entry = "read$([char]27)]0;x$([char]7)" }
        @{ Label = 'with a newline'; Entry = "read`nfile" }
        @{ Label = 'of 5000 characters'; Entry = ('t' * 5000) }
    ) {
        Set-TeleportMcpTools alice -Tools $Entry -Append -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidToolEntry,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
        Assert-NoRawControl @($err[0].Exception.Message, $err[0].ErrorDetails.Message)
        @(Get-TctlCall).Count | Should -Be 0
        Get-StoredTool alice | Should -Be @('a')
    }

    It 'a tool list too long for one command line is ToolListTooLong, not TctlNotFound' {
        $many = 1..1200 | ForEach-Object { "tool_$_" + ('x' * 900) }
        Set-TeleportMcpTools alice -Tools $many -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'ToolListTooLong,TeleportMcp.Commands.SetTeleportMcpToolsCommand'
        $err[0].CategoryInfo.Category | Should -BeExactly 'LimitsExceeded'
        $err[0].Exception | Should -BeOfType ([ArgumentOutOfRangeException])
        $err[0].TargetObject | Should -BeExactly 'alice'
        @(Get-TctlCall | Where-Object { $_[0] -eq 'users' }).Count | Should -Be 0
    }

    It '100 KB of junk from tctl becomes a short error message' {
        $env:TCTL_STANDIN_FAIL = 'error:' + ('junk ' * 20000)
        Get-TeleportMcpTools alice -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'TctlFailed,TeleportMcp.Commands.GetTeleportMcpToolsCommand'
        $err[0].Exception.Message.Length | Should -BeLessThan 3000
        $err[0].Exception.Message | Should -Match 'characters left out'
    }
}

Describe 'Item 18: a malformed -Name wildcard' {
    BeforeEach {
        Initialize-TctlStandIn @(
            [ordered]@{ kind = 'role'; version = 'v7'; metadata = [ordered]@{ name = 'dev' }; spec = [ordered]@{ allow = [ordered]@{ app_labels = @{ env = 'dev' } } } }
        ) | Out-Null
    }

    It 'is a non-terminating InvalidWildcardPattern error and the other names are still read' {
        $r = @(Get-TeleportResource Role -Name 'a*[', 'dev' -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err)
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidWildcardPattern,TeleportMcp.Commands.GetTeleportResourceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $r.Name | Should -Be @('dev')
    }

    It 'a name holding a lone UTF-16 surrogate is refused before tctl, shown escaped (\uD800); the other names still read (helper-281)' {
        $lone = 'x' + [char]0xD800
        $r = @(Get-TeleportResource Role -Name $lone, 'dev' -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err)
        $r.Name | Should -Be @('dev')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResourceName,TeleportMcp.Commands.GetTeleportResourceCommand'
        $err[0].Exception.Message | Should -BeLike "The name 'x\uD800' holds a lone UTF-16 surrogate*"
        @(Get-TctlCall | ForEach-Object { $_[1] }) | Should -BeExactly @('roles/dev')
        # No raw surrogate left in the message: a strict UTF-8 encoder takes it.
        { [Text.UTF8Encoding]::new($false, $true).GetBytes($err[0].Exception.Message) } | Should -Not -Throw
    }

    It 'a lone surrogate is InvalidResourceName for -Kind <Kind> and name <Label> too, and tctl is not asked (helper-292)' -ForEach @(
        @{ Kind = 'App'; Label = 'x\uD800'; Given = 'x' + [char]0xD800 }
        @{ Kind = 'Role'; Label = 'x*\uD800 (a wildcard)'; Given = 'x*' + [char]0xD800 }
        @{ Kind = 'App'; Label = '\uDC00* (a wildcard)'; Given = [string][char]0xDC00 + '*' }
    ) {
        # Before: App and wildcards took the list-and-filter branch, listed every resource, then said TeleportResourceNotFound.
        $r = @(Get-TeleportResource $Kind -Name $Given -TctlPath $tp -ErrorAction SilentlyContinue -ErrorVariable err)
        $r.Count | Should -Be 0
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResourceName,TeleportMcp.Commands.GetTeleportResourceCommand'
        $err[0].Exception.Message | Should -BeLike '*holds a lone UTF-16 surrogate*'
        @(Get-TctlCall).Count | Should -Be 0
    }

    It 'Test-TeleportMcpApp -Name ''a*['' is the same clear error' {
        $r = @(Test-TeleportMcpApp -Path (Join-Path $script:ExamplesDir 'cluster/app_servers.yaml') -Name 'a*[', 'everything' -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue)
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidWildcardPattern,TeleportMcp.Commands.TestTeleportMcpAppCommand'
        @($r | Where-Object App -eq 'everything').Count | Should -BeGreaterThan 0
    }
}
