# The error records the cmdlets write, across their kinds of failure: each record's exception is the type the table
# ErrorRecords.Exceptions gives for its category (or the Also type it lists), or the engine's input exception whose
# code names that very category (ErrorRecords.Matches' one other form). Checked here against the table itself, read
# by reflection, and against Matches; a category and an exception type that disagree fail the test.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Cluster = Join-Path $script:ExamplesDir 'cluster'
    $type = (Get-Command Test-TeleportMcpClient).ImplementingType.Assembly.GetType('TeleportMcp.Infrastructure.ErrorRecords', $true)
    $flags = [System.Reflection.BindingFlags] 'NonPublic, Public, Static'
    $script:Table = $type.GetField('Exceptions', $flags).GetValue($null)
    $script:MatchesMethod = $type.GetMethod('Matches', $flags)
    $script:CategoryOfMethod = $type.GetMethod('CategoryOf', $flags)

    # Every error record a command writes, non-terminating and terminating.
    function Get-ErrorRecord([scriptblock] $Command) {
        $records = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
        try {
            & { $ErrorActionPreference = 'Continue'; & $Command } 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $records.Add($_) } }
        }
        catch { $records.Add($_) }
        , $records
    }

    function Test-InputException([Exception] $Exception) {
        for ($t = $Exception.GetType(); $null -ne $t; $t = $t.BaseType) {
            if ($t.FullName -eq 'TeleportMcp.Engine.Common.TeleportInputException') { return $true }
        }
        $false
    }

    # Why the record's exception is not its category's, or $null when it is.
    function Get-Disagreement([System.Management.Automation.ErrorRecord] $Record) {
        $category = $Record.CategoryInfo.Category
        $exception = $Record.Exception
        $id = $Record.FullyQualifiedErrorId
        if (-not $script:Table.ContainsKey($category)) { return "${id}: category $category is not in the table" }
        $entry = $script:Table[$category]
        $fits = if (Test-InputException $exception) {
            # The engine's exception keeps the position; its code (or the category it came with) names the category.
            $script:CategoryOfMethod.Invoke($null, @($exception)) -eq $category
        }
        else {
            $entry.Item1.IsInstanceOfType($exception) -or ($null -ne $entry.Item3 -and $entry.Item3.IsInstanceOfType($exception))
        }
        $matched = $script:MatchesMethod.Invoke($null, @($category, $exception))
        if (-not $fits -or -not $matched) {
            return "${id}: category $category (table: $($entry.Item1.FullName)) with a $($exception.GetType().FullName) (Matches: $matched)"
        }
        $null
    }
}

Describe 'Every error record has the exception type of its category' {
    BeforeAll {
        $script:Dir = Join-Path $TestDrive 'inputs'
        New-Item -ItemType Directory -Path $script:Dir -Force | Out-Null
        $script:BadYaml = Join-Path $script:Dir 'roles.yaml'
        Set-Content -LiteralPath $script:BadYaml -Value "kind: role`nversion: v7`nmetadata:`n  name: [x`n  - : :`n" -NoNewline
        $script:BadJson = Join-Path $script:Dir 'mcp.json'
        Set-Content -LiteralPath $script:BadJson -Value '{"mcpServers": {"x": ' -NoNewline
        $script:PlainFile = Join-Path $script:Dir 'plain.txt'
        Set-Content -LiteralPath $script:PlainFile -Value 'not a folder'
        $script:Mine = Join-Path $script:Dir 'mine.md'
        Set-Content -LiteralPath $script:Mine -Value 'my notes'
        $bytes = [System.IO.MemoryStream]::new()
        $gz = [System.IO.Compression.GZipStream]::new($bytes, [System.IO.Compression.CompressionLevel]::Optimal, $true)
        $line = [Text.Encoding]::UTF8.GetBytes(('{"event":"mcp.session.start","time":"2025-09-30T10:00:00Z","user":"bob"}' + "`n") * 2000)
        $gz.Write($line, 0, $line.Length); $gz.Dispose()
        $all = $bytes.ToArray()
        $script:Truncated = Join-Path $script:Dir 'audit.log.gz'
        [IO.File]::WriteAllBytes($script:Truncated, $all[0..([int]($all.Length / 2))])
        $script:Missing = Join-Path $script:Dir 'missing.log'

        $script:Cases = [ordered]@{
            'Import-TeleportResource, a path that is not there' = { Import-TeleportResource -LiteralPath $script:Missing }
            'Import-TeleportResource, YAML that does not parse' = { Import-TeleportResource -LiteralPath $script:BadYaml }
            'Test-TeleportMcpClient, JSON that does not parse' = { Test-TeleportMcpClient -Path $script:BadJson -SkipSession }
            'Test-TeleportMcpRole, a user that is not there' = { Test-TeleportMcpRole -Path $script:Cluster -User nobody -App everything }
            'Get-TeleportMcpAuditEvent, a truncated .gz' = { Get-TeleportMcpAuditEvent -LiteralPath $script:Truncated }
            'Find-TeleportMcpError, a file that is not there' = { Find-TeleportMcpError -LiteralPath $script:Missing }
            'Invoke-TeleportMcpDiagnosis, -Format without -OutFile' = { Invoke-TeleportMcpDiagnosis -ClusterPath $script:Cluster -SkipClient -Format Html }
            'Invoke-TeleportMcpDiagnosis, -OutFile under a file' = { Invoke-TeleportMcpDiagnosis -ClusterPath $script:Cluster -SkipClient -OutFile (Join-Path $script:PlainFile 'r.md') }
            'Invoke-TeleportMcpDiagnosis, -OutFile on a file of its own' = { Invoke-TeleportMcpDiagnosis -ClusterPath $script:Cluster -SkipClient -OutFile $script:Mine }
            'Invoke-TeleportMcpDiagnosis, a refused -User object' = { @{ Name = 'alice' } | Invoke-TeleportMcpDiagnosis -ClusterPath $script:Cluster -SkipClient }
            'Invoke-TeleportMcpDiagnosis -FailOn, nothing to examine' = { Invoke-TeleportMcpDiagnosis -SkipClient -Check Client -FailOn Fail }
            'Invoke-TeleportMcpDiagnosis -FailOn, a log that does not read' = { Invoke-TeleportMcpDiagnosis -ClusterPath $script:Cluster -LogPath $script:Truncated -SkipClient -FailOn Fail }
        }
        $script:Records = [ordered]@{}
        foreach ($name in $script:Cases.Keys) { $script:Records[$name] = Get-ErrorRecord $script:Cases[$name] }
    }

    It 'each case writes an error' {
        $silent = @($script:Records.Keys | Where-Object { $script:Records[$_].Count -eq 0 })
        $silent | Should -BeNullOrEmpty
    }

    It 'every record agrees with the table, for several categories' {
        $all = @($script:Records.Values | ForEach-Object { $_ })
        $disagreements = @($all | ForEach-Object { Get-Disagreement $_ } | Where-Object { $_ })
        $disagreements | Should -BeNullOrEmpty
        # The cases span input errors kept as the engine's exception and stated ones built from the table.
        $categories = @($all | ForEach-Object { "$($_.CategoryInfo.Category)" } | Sort-Object -Unique)
        foreach ($c in 'ObjectNotFound', 'ParserError', 'InvalidArgument', 'WriteError', 'ResourceExists', 'ReadError') { $categories | Should -Contain $c }
        @($all | Where-Object { -not (Test-InputException $_.Exception) }).Count | Should -BeGreaterThan 0
    }

    It 'the check itself fails for a record whose exception is not its category''s' {
        $wrong = [System.Management.Automation.ErrorRecord]::new([System.IO.IOException]::new('x'), 'Wrong', 'ObjectNotFound', $null)
        Get-Disagreement $wrong | Should -BeLike 'Wrong: category ObjectNotFound (table: System.Management.Automation.ItemNotFoundException) with a System.IO.IOException*'
        $right = [System.Management.Automation.ErrorRecord]::new([System.IO.IOException]::new('x'), 'Right', 'WriteError', $null)
        Get-Disagreement $right | Should -BeNullOrEmpty
    }
}
