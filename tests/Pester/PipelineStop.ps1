# Dot-sourced by tests/Pester/Common.ps1 and bench/stop.ps1: the one way this repository starts a pipeline and stops it.
# The tests only guard that the stop comes back (and the work is ended after it); the bench times it against a baseline.

# Runs $Script (with $ArgumentList) in a runspace of its own, waits until $Ready says the work is under way, stops the
# pipeline and says whether Stop() came back within $GuardMs and how long it took (Started: $Ready said so before the
# stop; Running: the command had not ended by itself; StopTimestamp: Stopwatch.GetTimestamp() just before the stop). The limit only tells a stop that waits
# for the work (which lasts far longer) from one that does not: how fast a stop is belongs to bench/, not to a test
# (a loaded machine may delay any thread by hundreds of ms).
function Measure-PipelineStop {
    param([scriptblock] $Script, [object[]] $ArgumentList = @(), [scriptblock] $Ready = { $true }, [int] $GuardMs = 60000)
    # $Ready runs in this function's scope, so its variables are found here first: the locals have names no caller uses
    # (a test's { Test-Path $started } once read this function's $started, never saw the work start and waited 120 s).
    $mpsPs = [powershell]::Create()
    $mpsReturned = $false
    try {
        $null = $mpsPs.AddScript($Script)
        foreach ($mpsArg in $ArgumentList) { $null = $mpsPs.AddArgument($mpsArg) }
        $mpsAsync = $mpsPs.BeginInvoke()
        $mpsDeadline = [DateTime]::UtcNow.AddSeconds(120)
        $mpsStarted = $false
        while (-not ($mpsStarted = [bool](& $Ready)) -and -not $mpsAsync.IsCompleted -and [DateTime]::UtcNow -lt $mpsDeadline) { Start-Sleep -Milliseconds 20 }
        # The command is blocked on its work (or sleeping) by now.
        Start-Sleep -Milliseconds 200
        $mpsRunning = -not $mpsAsync.IsCompleted
        $mpsStopAt = [Diagnostics.Stopwatch]::GetTimestamp()
        $mpsWatch = [Diagnostics.Stopwatch]::StartNew()
        $mpsStop = $mpsPs.BeginStop($null, $null)
        $mpsReturned = $mpsStop.AsyncWaitHandle.WaitOne($GuardMs)
        $mpsMs = $mpsWatch.Elapsed.TotalMilliseconds
        if ($mpsReturned) { $mpsPs.EndStop($mpsStop) }
        [pscustomobject]@{ Ms = $mpsMs; Returned = $mpsReturned; Running = $mpsRunning; Started = $mpsStarted; State = $mpsPs.InvocationStateInfo.State; StopTimestamp = $mpsStopAt }
    }
    # A stop that never came back would hold Dispose as well: left to the process's end then.
    finally { if ($mpsReturned) { $mpsPs.Dispose() } }
}
