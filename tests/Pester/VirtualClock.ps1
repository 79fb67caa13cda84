# Waiting on a virtual clock (RecordingClock, in tests/ReleaseCmdlets.PesterTypes): the module's waits (retries,
# budgets, polls, time limits) take no real time, and the test says exactly when each one ends. The engine's clock
# (RequestSettings.DefaultClock, internal) is replaced by reflection in this process only, and a call runs in a
# PowerShell of its own in this process, so that the test can move the clock while the call waits. PowerShell 7 only:
# on Windows PowerShell 5.1 the engine's TimeProvider is the Microsoft.Bcl.TimeProvider polyfill, which this clock is
# not built against (the same checks run there in real time).

function Get-EngineSettingsType {
    $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'ReleaseCmdlets' | Select-Object -First 1
    $context.LoadFromAssemblyName([Reflection.AssemblyName]'ReleaseCmdlets.Engine').GetType('ReleaseCmdlets.Engine.Http.RequestSettings', $true)
}

function Set-EngineClock($Clock) {
    (Get-EngineSettingsType).GetProperty('DefaultClock', [Reflection.BindingFlags]'NonPublic, Static').SetValue($null, $Clock)
}

# A fresh virtual clock, made the module's; Reset-EngineClock gives the module the system's clock back. With
# -Simulator the simulator's time becomes virtual too, set to the clock's (its rate-limit windows, latency and delays;
# Step-Clock -Simulator moves both; Reset-Simulator gives it the system's time back): start it before the test sets
# the simulator's quotas, so that their windows begin in virtual time.
function Use-VirtualClock($Simulator) {
    Import-TestType
    $clock = [ReleaseCmdlets.Tests.RecordingClock]::new()
    Set-EngineClock $clock
    if ($Simulator) { Send-SimClock $Simulator "virtual/$($clock.GetUtcNow().ToUnixTimeMilliseconds())" }
    $clock
}

function Reset-EngineClock { Set-EngineClock ([TimeProvider]::System) }

# The $Number-th wait of at most $Under that the module started on the clock (its retries' waits, not the 100 s
# time limit of each attempt), once it has started.
function Wait-ClockWait($Clock, [int] $Number, [timespan] $Under = [timespan]::FromSeconds(60), [int] $Seconds = 15) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $waits = @($Clock.Waits() | Where-Object { $_ -lt $Under })
        if ($waits.Count -ge $Number) { return $waits[$Number - 1] }
        Start-Sleep -Milliseconds 10
    }
    throw "The module started no wait number $Number within $Seconds s."
}

# Runs $Call in a PowerShell of its own in this process (the same module and clock), $sim and $piped (its input) set,
# its @args splatting $Parameters (a hashtable splatted through a script block's $args would lose a switch's value:
# -Confirm:$false).
function Start-Concurrent([scriptblock] $Call, [hashtable] $Parameters = @{}, [object[]] $Piped) {
    $shell = [powershell]::Create()
    $null = $shell.AddScript('param($sim, $call, $parameters, $manifest, $piped) Import-Module $manifest; & ([scriptblock]::Create($call.Replace(''@args'', ''@parameters'')))').
        AddArgument($sim).AddArgument($Call.ToString()).AddArgument($Parameters).AddArgument((Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1')).AddArgument($Piped)
    @{ Shell = $shell; Handle = $shell.BeginInvoke() }
}

# What the call wrote, once it ends (within $Seconds of real time); its errors stay in $Run.Shell.Streams.Error.
function Receive-Concurrent($Run, [int] $Seconds = 15) {
    if (-not $Run.Handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($Seconds))) { throw "The call did not end within $Seconds s." }
    $Run.Shell.EndInvoke($Run.Handle)
}

# Ends the call if it still runs (a test that failed while it waited on the clock) and frees its PowerShell.
function Stop-Concurrent($Run) {
    if ($Run) {
        if (-not $Run.Handle.IsCompleted) { $Run.Shell.Stop() }
        $Run.Shell.Dispose()
    }
}

function Wait-Until([scriptblock] $Condition, [string] $Because, [int] $Seconds = 15) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Not within $Seconds s: $Because" }
        Start-Sleep -Milliseconds 10
    }
}

# Moves the clock forward a step at a time, letting the call run between steps (a few milliseconds of real time),
# until $Until holds; returns how far it moved. It starts once the module has started a wait on the clock (before, the
# call is still starting, and steps would only pass time the module never sees). A call that takes longer in real
# time to react only makes the clock move further than it had to: a test bounds the moves from below (no end before
# its time), not tightly from above. With -Simulator the simulator's virtual time moves too, first, its services held
# until the module's clock has moved (SimulatorClock): no answer is made at a time the module has not reached, no
# request counted at one it has passed.
function Step-Clock($Clock, [scriptblock] $Until, [timespan] $Step = [timespan]::FromMilliseconds(250), [timespan] $Most = [timespan]::FromSeconds(120), $Simulator) {
    Wait-Until { $Clock.Waits().Count -gt 0 -or (& $Until) } -Because 'the module starts a wait on the clock'
    $milliseconds = [long]$Step.TotalMilliseconds
    $moved = [timespan]::Zero
    while (-not (& $Until)) {
        if ($moved -ge $Most) { throw "Still not done after moving the clock $($moved.TotalSeconds) s." }
        if ($Simulator) { Send-SimClock $Simulator "advance/$milliseconds" }
        $Clock.Advance($Step)
        if ($Simulator) { Send-SimClock $Simulator 'release' }
        $moved += $Step
        Start-Sleep -Milliseconds 20
    }
    $moved
}

# One call to the simulator's clock (/_sim/clock/...: virtual, advance, release), through one HttpClient: Invoke-RestMethod costs
# milliseconds of CPU a call, and a test sends hundreds.
function Send-SimClock($Simulator, [string] $Action) {
    if (-not $script:simClockClient) { $script:simClockClient = [System.Net.Http.HttpClient]::new() }
    $answer = $script:simClockClient.PostAsync("$($Simulator.Url)/_sim/clock/$Action", $null).GetAwaiter().GetResult()
    if (-not $answer.IsSuccessStatusCode) { throw "The simulator refused /_sim/clock/${Action}: $([int]$answer.StatusCode)" }
    $answer.Dispose()
}

# Runs $Call (as Start-Concurrent does) on a fresh virtual clock while $Drive ({ param($Clock, $Run) }) moves the clock
# and reads what the call did; then, however $Drive ended, ends the call and gives the module the system's clock back.
# Returns what $Drive returns. With -Simulator the simulator keeps the same virtual time (Use-VirtualClock).
function Invoke-OnVirtualClock([scriptblock] $Call, [hashtable] $Parameters, [scriptblock] $Drive, $Simulator) {
    $clock = Use-VirtualClock $Simulator
    $run = $null
    try {
        $run = Start-Concurrent $Call $Parameters
        & $Drive $clock $run
    }
    finally {
        Stop-Concurrent $run
        Reset-EngineClock
    }
}
