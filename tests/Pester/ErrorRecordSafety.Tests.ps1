# Every public property of an error record the module writes (its exception, that exception's target, line text,
# location, data and inner exceptions) holds secrets only in redacted form and no raw control character.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Esc = [char]27
    $script:Bel = [char]7
    # Secret-like tokens, one per kind of rule in src/TeleportMcp.Engine/Output/redaction.catalog.yaml.
    $script:Secrets = @('ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'AKIAPLANTEDKEY123456', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0')
    $script:Hostile = @(
        "$($script:Secrets[0])$($script:Esc)[2J"
        "$($script:Secrets[1])$($script:Bel)x`r"
        "$($script:Secrets[2])$($script:Esc)]0;t$($script:Bel)"
    )

    function Get-PublicText($Object, [int] $Depth, [System.Collections.Generic.HashSet[object]] $Seen) {
        # Every string reachable through public .NET properties (not only the ones PowerShell adapts), dictionaries and lists.
        if ($null -eq $Object -or $Depth -gt 8) { return }
        if ($Object -is [string]) { return $Object }
        if ($Object -is [ValueType] -or $Object -is [System.Reflection.MemberInfo] -or $Object -is [System.Reflection.Assembly]) { return }
        # PowerShell's record of the caller's own command line and bound parameters: what the user typed, not module output.
        if ($Object -is [System.Management.Automation.InvocationInfo]) { return }
        # Seen by the object itself, not by the PSObject wrapper a parameter may give it (a new one each time).
        if (-not $Seen.Add($Object.PSObject.BaseObject)) { return }
        if ($Object -is [System.Collections.IDictionary]) {
            foreach ($k in $Object.Keys) { Get-PublicText $k ($Depth + 1) $Seen; Get-PublicText $Object[$k] ($Depth + 1) $Seen }
            return
        }
        if ($Object -is [System.Collections.IEnumerable]) { foreach ($i in $Object) { Get-PublicText $i ($Depth + 1) $Seen }; return }
        if ($Object -is [System.Management.Automation.PSCustomObject] -or ($Object -is [psobject] -and $Object.BaseObject -is [System.Management.Automation.PSCustomObject])) {
            foreach ($p in $Object.PSObject.Properties) { Get-PublicText $p.Value ($Depth + 1) $Seen }
            return
        }
        # Objects that make up an error (and the module's own): not the runtime's internals (handles, sessions, runspaces).
        $type = $Object.GetType()
        $ownType = "$($type.Namespace)" -like 'TeleportMcp*'
        $errorPart = $Object -is [Exception] -or $Object -is [System.Management.Automation.ErrorRecord] -or
            $Object -is [System.Management.Automation.ErrorDetails] -or $Object -is [System.Management.Automation.ErrorCategoryInfo]
        if (-not ($ownType -or $errorPart)) { return "$Object" }
        foreach ($p in $type.GetProperties([System.Reflection.BindingFlags] 'Instance, Public')) {
            if ($p.GetIndexParameters().Count -gt 0) { continue }
            $v = try { $p.GetValue($Object) } catch { $null }
            Get-PublicText $v ($Depth + 1) $Seen
        }
    }

    function Get-ErrorText([scriptblock] $Command) {
        # Common parameters given to a script block bind nothing: its error stream is merged instead (2>&1), and
        # a terminating error is caught.
        $errs = [System.Collections.Generic.List[object]]::new()
        try { & { $ErrorActionPreference = 'Continue'; & $Command } 2>&1 3>$null | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $errs.Add($_) } } }
        catch { $errs.Add($_) }
        $errs.Count | Should -BeGreaterThan 0 -Because 'the hostile input is an error'
        $seen = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance)
        [pscustomobject]@{ Ids = @($errs | ForEach-Object FullyQualifiedErrorId); Text = @(foreach ($e in $errs) { Get-PublicText $e 0 $seen }) }
    }

    function Assert-SafeText([string[]] $Text) {
        $Text.Count | Should -BeGreaterThan 0
        $secret = ($script:Secrets | ForEach-Object { [regex]::Escape($_) }) -join '|'
        # Shown escaped, so a failure names the text without running its escape sequence.
        $offenders = @($Text | Where-Object { $_ -match $secret -or $_.Replace("`r`n", "`n") -match '[\x00-\x08\x0B-\x1F\x7F\x80-\x9F]' } |
            ForEach-Object { [regex]::Replace($_, '[\x00-\x1F\x7F-\x9F]', { '\x{0:X2}' -f [int][char]$args[0].Value }) } | Sort-Object -Unique)
        $offenders | Should -BeNullOrEmpty
    }

    $script:Cluster = Join-Path $script:ExamplesDir 'cluster'
}

Describe 'Error records carry no raw secret or control character in any public property' {
    It 'Test-TeleportMcpRole -User <Index>' -ForEach @(@{ Index = 0 }, @{ Index = 1 }, @{ Index = 2 }) {
        $name = $script:Hostile[$Index]
        # -User takes wildcards: a name with an unclosed '[' is refused as a pattern, any other is looked up.
        $id = if ([WildcardPattern]::ContainsWildcardCharacters($name) -and -not $(try { $null = [WildcardPattern]::new($name).IsMatch(''); $true } catch { $false })) { 'InvalidWildcardPattern' } else { 'UserNotFound' }
        $r = Get-ErrorText { Test-TeleportMcpRole -Path $script:Cluster -User $name -App everything }
        $r.Ids | Should -Contain "$id,TeleportMcp.Commands.TestTeleportMcpRoleCommand"
        Assert-SafeText $r.Text
    }

    It 'Test-TeleportMcpRole -App' {
        $r = Get-ErrorText { Test-TeleportMcpRole -Path $script:Cluster -User bob -App $script:Hostile[0] }
        Assert-SafeText $r.Text
    }

    It 'Invoke-TeleportMcpDiagnosis -User' {
        $r = Get-ErrorText { Invoke-TeleportMcpDiagnosis -ClusterPath $script:Cluster -User $script:Hostile[0] -SkipClient }
        Assert-SafeText $r.Text
    }

    Context 'hostile file names and contents' -Skip:$IsWindows {
        BeforeAll {
            $script:Dir = Join-Path $TestDrive 'hostile'
            New-Item -ItemType Directory -Path $script:Dir -Force | Out-Null
            # A YAML line that cannot be parsed, holding a token and an escape sequence (the error's LineText).
            $script:BadYaml = Join-Path $script:Dir "roles-$($script:Hostile[0]).yaml"
            Set-Content -LiteralPath $script:BadYaml -Value ("kind: role`nversion: v7`nmetadata:`n  name: [$($script:Hostile[2])`n  - : :`n") -NoNewline
            # A gzip file cut short, under a hostile name.
            $bytes = [System.IO.MemoryStream]::new()
            $gz = [System.IO.Compression.GZipStream]::new($bytes, [System.IO.Compression.CompressionLevel]::Optimal, $true)
            $line = [Text.Encoding]::UTF8.GetBytes(('{"event":"mcp.session.start","time":"2025-09-30T10:00:00Z","user":"bob"}' + "`n") * 2000)
            $gz.Write($line, 0, $line.Length); $gz.Dispose()
            $all = $bytes.ToArray()
            $script:Truncated = Join-Path $script:Dir "audit-$($script:Hostile[1].TrimEnd("`r")).log.gz"
            [IO.File]::WriteAllBytes($script:Truncated, $all[0..([int]($all.Length / 2))])
            $script:Missing = Join-Path $script:Dir "missing-$($script:Hostile[2]).log"
        }

        It 'Import-TeleportResource on YAML that cannot be parsed' {
            $r = Get-ErrorText { Import-TeleportResource -LiteralPath $script:BadYaml }
            Assert-SafeText $r.Text
        }

        It 'Get-TeleportMcpAuditEvent on a truncated .gz' {
            $r = Get-ErrorText { Get-TeleportMcpAuditEvent -LiteralPath $script:Truncated }
            Assert-SafeText $r.Text
        }

        It 'Invoke-TeleportMcpDiagnosis -AuditPath on a truncated .gz' {
            $r = Get-ErrorText { Invoke-TeleportMcpDiagnosis -AuditPath $script:Truncated -SkipClient }
            Assert-SafeText $r.Text
        }

        It 'Find-TeleportMcpError on a truncated .gz' {
            $r = Get-ErrorText { Find-TeleportMcpError -LiteralPath $script:Truncated }
            Assert-SafeText $r.Text
        }

        It '<Cmdlet> on a missing file' -ForEach @(
            @{ Cmdlet = 'Get-TeleportMcpAuditEvent' }, @{ Cmdlet = 'Import-TeleportResource' }, @{ Cmdlet = 'Find-TeleportMcpError' }
        ) {
            $r = Get-ErrorText { & $Cmdlet -LiteralPath $script:Missing }
            Assert-SafeText $r.Text
        }
    }
}
