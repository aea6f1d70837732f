# Extracts the runnable examples of the help (en-US/*.md, "### Example N" code blocks) and of README.md (one
# statement per example: lines ending with '|' continue). Dot-sourced by Examples.Tests.ps1.

# Examples that need what no test machine has; each says what. Everything else must run.
$script:ExampleNeeds = @(
    @{ Pattern = 'journalctl'; Reason = 'reads the systemd journal of a Teleport host' }
    @{ Pattern = 'pgrep -o teleport'; Reason = 'reads the environment of a running Teleport process' }
    @{ Pattern = '-Launch'; Reason = 'starts npx @modelcontextprotocol/server-everything, which npx downloads (network)' }
    @{ Pattern = '$probe '; Reason = 'uses the result of a -Launch probe of the example before it (npx downloads the server: network)' }
    @{ Pattern = '-HostName '; Reason = 'opens SSH PowerShell sessions to App Service hosts; tests/Pester/Fleet.Tests.ps1 runs the same against real sshd instances' }
    @{ Pattern = '-ComputerName '; Reason = 'opens WinRM PowerShell sessions to App Service hosts' }
    @{ Pattern = '-Session $'; Reason = 'uses PowerShell sessions to App Service hosts (New-PSSession)' }
    @{ Pattern = 'tctl create'; Reason = 'creates a resource on a live cluster; the tctl stand-in reads users and roles and updates traits only' }
)

# Paths of a Teleport host, mapped to the bundled examples in the sandbox the examples run in.
$script:ExamplePathMap = [ordered]@{
    '/etc/teleport.yaml'  = './examples/teleport.yaml'
    '/var/log/teleport/'  = './logs/'
    '/var/log/teleport'   = './logs'
    './out/TeleportMcp/TeleportMcp.psd1' = '$env:TELEPORTMCP_EXAMPLE_MODULE'
}

function Get-HelpExample([string] $HelpDir) {
    foreach ($file in Get-ChildItem -LiteralPath $HelpDir -Filter *.md | Sort-Object Name) {
        $lines = Get-Content -LiteralPath $file.FullName
        $title = $null; $code = $null; $inCode = $false
        for ($i = 0; $i -lt $lines.Count; $i++) {
            $l = $lines[$i]
            if ($l -match '^### (Example \d+.*)$') { $title = $Matches[1]; continue }
            if ($l -match '^## ') { $title = $null }
            if ($title -and -not $inCode -and $l -eq '```powershell') { $inCode = $true; $code = [System.Collections.Generic.List[string]]::new(); continue }
            if ($inCode -and $l -eq '```') {
                $inCode = $false
                @{ Source = "$($file.Name): $title"; Code = ($code -join "`n") }
                $title = $null
                continue
            }
            if ($inCode) { $code.Add($l) }
        }
    }
}

function Get-ReadmeExample([string] $Path) {
    $lines = Get-Content -LiteralPath $Path
    $inCode = $false; $statement = $null; $start = 0
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $l = $lines[$i]
        if (-not $inCode) { if ($l -eq '```powershell') { $inCode = $true }; continue }
        if ($l -eq '```') { $inCode = $false; continue }
        if ($null -eq $statement) {
            if ($l.Trim() -eq '' -or $l.TrimStart().StartsWith('#')) { continue }
            $statement = [System.Collections.Generic.List[string]]::new(); $start = $i + 1
        }
        $statement.Add($l)
        # A statement continues after a trailing pipe (before any end-of-line comment).
        if (-not (($l -replace '\s+#.*$', '').TrimEnd().EndsWith('|'))) {
            @{ Source = "README.md:$start"; Code = ($statement -join "`n") }
            $statement = $null
        }
    }
}

function Get-ExampleSkipReason([string] $Code) {
    foreach ($n in $script:ExampleNeeds) { if ($Code.Contains($n.Pattern)) { return $n.Reason } }
    $null
}

function ConvertTo-SandboxCode([string] $Code) {
    foreach ($k in $script:ExamplePathMap.Keys) { $Code = $Code.Replace($k, $script:ExamplePathMap[$k]) }
    $Code
}
