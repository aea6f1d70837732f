# Shared by the bench scripts: a child process timed with its peak memory, best-of-rounds bookkeeping, load average.
# Dot-source it: . (Join-Path $PSScriptRoot 'BenchCommon.ps1')

function Invoke-Measured {
    # Runs a child process and samples its peak resident memory while it runs (VmHWM from /proc, or PeakWorkingSet64).
    param([string] $FilePath, [string[]] $Arguments)
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $p = [System.Diagnostics.Process]::Start($psi)
    $outTask = $p.StandardOutput.ReadToEndAsync()
    $peak = 0L
    $status = "/proc/$($p.Id)/status"
    while (-not $p.HasExited) {
        try {
            if ($IsLinux) {
                $hwm = (Get-Content -LiteralPath $status -ErrorAction Stop | Where-Object { $_ -like 'VmHWM:*' }) -replace '\D', ''
                if ($hwm) { $peak = [Math]::Max($peak, [long]$hwm * 1024) }
            }
            else {
                $p.Refresh(); $peak = [Math]::Max($peak, $p.PeakWorkingSet64)
            }
        }
        catch { }
        Start-Sleep -Milliseconds 25
    }
    $p.WaitForExit()
    $sw.Stop()
    [pscustomobject]@{ Wall = $sw.Elapsed.TotalSeconds; PeakMB = [Math]::Round($peak / 1MB, 1); Output = $outTask.Result; ExitCode = $p.ExitCode }
}

function Add-BestRun {
    # Keeps, per tool, the fastest run (the machine is shared and noisy) and the highest peak memory of all runs.
    param([System.Collections.Specialized.OrderedDictionary] $Table, [string] $Tool, [double] $Seconds, [long] $Count, [double] $PeakMB, [double] $Wall, [double] $CpuSeconds = -1)
    $prev = $Table[$Tool]
    if ($null -eq $prev -or $Seconds -lt $prev.Seconds) {
        $Table[$Tool] = [pscustomobject]@{ Tool = $Tool; Seconds = $Seconds; Count = $Count; PeakMB = [Math]::Max($PeakMB, $(if ($prev) { $prev.PeakMB } else { 0 })); Wall = $Wall; Cpu = $CpuSeconds }
    }
    elseif ($PeakMB -gt $prev.PeakMB) { $prev.PeakMB = $PeakMB }
}

function Get-LoadAverage {
    # The 1, 5 and 15 minute load averages (Linux), or 'n/a'.
    $line = Get-Content -LiteralPath /proc/loadavg -ErrorAction SilentlyContinue
    if ($line) { (($line -split ' ') | Select-Object -First 3) -join ' ' } else { 'n/a' }
}

function Get-BenchBuilds {
    # 'this build' and 'baseline' module folders; without a baseline, this build is measured twice (same-run noise).
    param([string] $ModuleDir, [string] $BaselineModuleDir)
    [ordered]@{ 'this build' = (Resolve-Path $ModuleDir).Path; 'baseline' = (Resolve-Path $(if ($BaselineModuleDir) { $BaselineModuleDir } else { $ModuleDir })).Path }
}
