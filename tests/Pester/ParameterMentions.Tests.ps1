BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # The -Parameter mentions of a text that the running cmdlet does not have. A command of a cmdlet written in the text
    # ("Test-TeleportMcpRole -User <user>") is that cmdlet's: its parameters are checked against it.
    function script:Get-UnknownParameterMention([string] $Cmdlet, [string] $Text) {
        $known = @{}
        foreach ($c in Get-Command -Module TeleportMcp) {
            $names = [Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
            foreach ($p in $c.Parameters.Values) { [void]$names.Add($p.Name); foreach ($a in $p.Aliases) { [void]$names.Add($a) } }
            $known[$c.Name] = $names
        }
        $cmdletName = '\b[A-Z][a-z]+-Teleport(?:Mcp|Resource)[A-Za-z]*\b'
        # A command written in the text ends at a pipe, a statement or sentence end, a list's comma, a bracket, a quote or the next cmdlet.
        $owner = $Cmdlet
        foreach ($m in [regex]::Matches($Text, "(?<cmdlet>$cmdletName)|(?<end>[|;)\]""\r\n]|,\s|\.(?:\s|$))|(?<=[\s(\[``'""])-(?<param>[A-Z][A-Za-z]+)\b")) {
            if ($m.Groups['cmdlet'].Success) { $owner = $m.Value; continue }
            if ($m.Groups['end'].Success) { $owner = $Cmdlet; continue }
            $name = $m.Groups['param'].Value
            if ($known.ContainsKey($owner) -and -not $known[$owner].Contains($name)) { "$owner -$name" }
        }
    }

    # Every text a run wrote: errors (message and advice), warnings, and the results' messages and advice.
    function script:Get-RunText([scriptblock] $Run) {
        # Every error of the run, not the first only (a caller's 'Stop' would end the run there).
        $ErrorActionPreference = 'Continue'
        $all = try { & $Run 2>&1 3>&1 } catch { $_ }
        foreach ($o in $all) {
            if ($o -is [Management.Automation.ErrorRecord]) { $o.Exception.Message; $o.ErrorDetails.Message; $o.ErrorDetails.RecommendedAction }
            elseif ($o -is [Management.Automation.WarningRecord]) { $o.Message }
            else { foreach ($p in 'Message', 'Title', 'Detail', 'Evidence', 'Fix') { if ($o.PSObject.Properties[$p]) { [string]$o.$p } } }
        }
    }
}

Describe 'Texts a cmdlet writes name only its own parameters' {
    BeforeAll {
        $script:Cluster = Join-Path $ExamplesDir 'cluster'
        $script:NoClients = Join-Path $TestDrive 'no-clients'
        New-Item -ItemType Directory -Path $NoClients | Out-Null
        $script:SavedHome = $env:HOME; $script:SavedAppData = $env:APPDATA
        $env:HOME = $NoClients; $env:APPDATA = $NoClients
        Push-Location -LiteralPath $NoClients
    }
    AfterAll { Pop-Location; $env:HOME = $SavedHome; $env:APPDATA = $SavedAppData }

    It 'finds a parameter the running cmdlet does not have, and takes another cmdlet''s command as that cmdlet''s' {
        @(Get-UnknownParameterMention 'Invoke-TeleportMcpDiagnosis' 'or name the file with -Path.') | Should -BeExactly @('Invoke-TeleportMcpDiagnosis -Path')
        @(Get-UnknownParameterMention 'Test-TeleportMcpClient' 'Check it (Test-TeleportMcpRole -User <u> -App <a>), or use -TshPath.') | Should -BeNullOrEmpty
        @(Get-UnknownParameterMention 'Test-TeleportMcpClient' 'Give the files with -Path; pipe Find-TeleportMcpError -Nope') | Should -BeExactly @('Find-TeleportMcpError -Nope')
    }

    It '<Cmdlet>: <What>' -ForEach @(
        @{ Cmdlet = 'Invoke-TeleportMcpDiagnosis'; What = 'no client file found'; Run = { Invoke-TeleportMcpDiagnosis -Check Client } }
        @{ Cmdlet = 'Test-TeleportMcpClient'; What = 'a name where app objects go'; Run = { Test-TeleportMcpClient -App everything -SkipSession } }
        @{ Cmdlet = 'Test-TeleportMcpClient'; What = 'no client file found'; Run = { Test-TeleportMcpClient -SkipSession } }
        @{ Cmdlet = 'Test-TeleportMcpClient'; What = 'a bare user name without -ClusterPath'; Run = { Test-TeleportMcpClient -User alice -SkipSession } }
        @{ Cmdlet = 'Test-TeleportMcpRole'; What = 'a name where role objects go'; Run = { Test-TeleportMcpRole -Path $Cluster -Role nosuch -App everything } }
        @{ Cmdlet = 'Test-TeleportMcpRole'; What = 'an app not found'; Run = { Test-TeleportMcpRole -Path $Cluster -UserName alice -UserRole mcp-user -App nosuch } }
        @{ Cmdlet = 'Test-TeleportMcpApp'; What = 'an app not found'; Run = { Test-TeleportMcpApp -Path $Cluster -Name nosuch } }
        @{ Cmdlet = 'Get-TeleportMcpServing'; What = 'an app not found'; Run = { Get-TeleportMcpServing -Path $Cluster -App nosuch } }
        @{ Cmdlet = 'Find-TeleportMcpError'; What = 'no log file'; Run = { Find-TeleportMcpError -Path (Join-Path $NoClients 'none.log') } }
        @{ Cmdlet = 'New-TeleportMcpRole'; What = 'an app not found'; Run = { New-TeleportMcpRole -Path $Cluster -App nosuch -Name r } }
    ) {
        $texts = @(Get-RunText $Run | Where-Object { $_ })
        $texts | Should -Not -BeNullOrEmpty
        $unknown = @($texts | ForEach-Object { Get-UnknownParameterMention $Cmdlet $_ } | Select-Object -Unique)
        $unknown | Should -BeNullOrEmpty -Because ($texts -join ' / ')
    }
}
