# Dot-sourced by every *.Tests.ps1 in BeforeAll: imports the built module from out/TeleportMcp and sets shared paths.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleDir = if ($env:TELEPORTMCP_MODULE_DIR) { $env:TELEPORTMCP_MODULE_DIR } else { Join-Path $script:RepoRoot 'out/TeleportMcp' }
$script:ExamplesDir = Join-Path $script:RepoRoot 'examples'
. (Join-Path $script:RepoRoot 'tools/Common.ps1')
Import-Module (Join-Path $script:ModuleDir 'TeleportMcp.psd1') -Force -ErrorAction Stop

# Runs $Script (with $ArgumentList) in a runspace of its own, waits until $Ready says the work is under way, stops the
# pipeline and says whether Stop() came back within $GuardMs and how long it took. The limit only tells a stop that waits
# for the work (which lasts far longer) from one that does not: how fast a stop is belongs to bench/, not to a test
# (a loaded machine may delay any thread by hundreds of ms).
function Measure-PipelineStop {
    param([scriptblock] $Script, [object[]] $ArgumentList = @(), [scriptblock] $Ready = { $true }, [int] $GuardMs = 60000)
    $ps = [powershell]::Create()
    $returned = $false
    try {
        $null = $ps.AddScript($Script)
        foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
        $async = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        while (-not (& $Ready) -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        # The command is blocked on its work (or sleeping) by now.
        Start-Sleep -Milliseconds 200
        $running = -not $async.IsCompleted
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $stop = $ps.BeginStop($null, $null)
        $returned = $stop.AsyncWaitHandle.WaitOne($GuardMs)
        $ms = $watch.Elapsed.TotalMilliseconds
        if ($returned) { $ps.EndStop($stop) }
        [pscustomobject]@{ Ms = $ms; Returned = $returned; Running = $running; State = $ps.InvocationStateInfo.State }
    }
    # A stop that never came back would hold Dispose as well: left to the process's end then.
    finally { if ($returned) { $ps.Dispose() } }
}

# Waits up to $Seconds for $Condition to become true; returns whether it did. The limit guards against a hang only: it
# is generous because a loaded machine may take many seconds to run what is waited for.
function Wait-Until([scriptblock] $Condition, [int] $Seconds = 120) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    [bool](& $Condition)
}
