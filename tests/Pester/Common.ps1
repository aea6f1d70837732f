# Dot-sourced by every *.Tests.ps1 in BeforeAll: imports the built module from out/TeleportMcp and sets shared paths.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleDir = if ($env:TELEPORTMCP_MODULE_DIR) { $env:TELEPORTMCP_MODULE_DIR } else { Join-Path $script:RepoRoot 'out/TeleportMcp' }
$script:ExamplesDir = Join-Path $script:RepoRoot 'examples'
. (Join-Path $script:RepoRoot 'tools/Common.ps1')
Import-Module (Join-Path $script:ModuleDir 'TeleportMcp.psd1') -Force -ErrorAction Stop

# Runs $Script (with $ArgumentList) in a runspace of its own, waits until $Ready says the work is under way, stops the
# pipeline and returns how long Stop() took in ms. With -Baseline, the same for a Start-Sleep that has nothing to end:
# a stop test compares the two, measured in the same run (no fixed time).
function Measure-PipelineStop {
    param([scriptblock] $Script, [object[]] $ArgumentList = @(), [scriptblock] $Ready = { $true }, [switch] $Baseline)
    if ($Baseline) { $Script = { Start-Sleep -Seconds 3600 }; $ArgumentList = @() }
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript($Script)
        foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
        $async = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (& $Ready) -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        # The command is blocked on its work (or sleeping) by now.
        Start-Sleep -Milliseconds 200
        $running = -not $async.IsCompleted
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        [pscustomobject]@{ Ms = $watch.Elapsed.TotalMilliseconds; Running = $running; State = $ps.InvocationStateInfo.State }
    }
    finally { $ps.Dispose() }
}

# Waits up to $Seconds for $Gone to become true; returns whether it did.
function Wait-Until([scriptblock] $Condition, [int] $Seconds = 30) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    [bool](& $Condition)
}
