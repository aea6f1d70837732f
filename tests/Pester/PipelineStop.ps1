# Dot-sourced by tests/Pester/Common.ps1 and bench/stop.ps1: the one way this repository starts a pipeline and stops it.
# The tests only guard that the stop comes back (and the work is ended after it); the bench times it against a baseline.

# Runs $Script (with $ArgumentList) in a runspace of its own, waits until $Ready says the work is under way, stops the
# pipeline and says whether Stop() came back within $GuardMs and how long it took (Started: $Ready said so before the
# stop; Running: the command had not ended by itself; StopTimestamp: Stopwatch.GetTimestamp() just before the stop). The limit only tells a stop that waits
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
        $started = $false
        while (-not ($started = [bool](& $Ready)) -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        # The command is blocked on its work (or sleeping) by now.
        Start-Sleep -Milliseconds 200
        $running = -not $async.IsCompleted
        $stopAt = [Diagnostics.Stopwatch]::GetTimestamp()
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $stop = $ps.BeginStop($null, $null)
        $returned = $stop.AsyncWaitHandle.WaitOne($GuardMs)
        $ms = $watch.Elapsed.TotalMilliseconds
        if ($returned) { $ps.EndStop($stop) }
        [pscustomobject]@{ Ms = $ms; Returned = $returned; Running = $running; Started = $started; State = $ps.InvocationStateInfo.State; StopTimestamp = $stopAt }
    }
    # A stop that never came back would hold Dispose as well: left to the process's end then.
    finally { if ($returned) { $ps.Dispose() } }
}
