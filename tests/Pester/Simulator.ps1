# Starts, drives and stops the service simulator (tests/ReleaseCmdlets.Simulator) for Pester tests and the demo.
# Works in Windows PowerShell 5.1 and PowerShell 7.

function Find-SimulatorPath {
    if ($env:RELEASECMDLETS_SIMULATOR -and (Test-Path $env:RELEASECMDLETS_SIMULATOR)) { return $env:RELEASECMDLETS_SIMULATOR }
    $root = Join-Path $PSScriptRoot '../ReleaseCmdlets.Simulator/bin'
    $found = Get-ChildItem -Path $root -Recurse -Filter 'ReleaseCmdlets.Simulator.dll' -ErrorAction Ignore |
        Where-Object { $_.Directory.Name -eq 'net10.0' } | Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if (-not $found) { throw 'The simulator is not built: run ./build.ps1 first.' }
    $found.FullName
}

# The simulator a Pester run shares (build.ps1 starts one per run and names it in RELEASECMDLETS_TEST_SIMULATOR_URL):
# Start-Simulator hands it out reset, as a fresh one would be, and Stop-Simulator resets it instead of stopping it.
# -Own starts one of its own, for a test that needs a second origin.
function Start-Simulator {
    param([string] $Path = (Find-SimulatorPath), [switch] $Own)
    if ($env:RELEASECMDLETS_TEST_SIMULATOR_URL -and -not $Own) {
        $shared = Connect-Simulator $env:RELEASECMDLETS_TEST_SIMULATOR_URL $env:RELEASECMDLETS_TEST_SIMULATOR_HTTPS_URL
        Reset-Simulator $shared
        return $shared
    }
    $start = New-Object System.Diagnostics.ProcessStartInfo 'dotnet'
    $start.Arguments = '"' + $Path + '"'
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardInput = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    $url = $null
    $httpsUrl = $null
    while (-not $httpsUrl -and [DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
        $line = $process.StandardOutput.ReadLine()
        if ($line -like 'SIMULATOR_URL=*') { $url = $line.Substring('SIMULATOR_URL='.Length) }
        if ($line -like 'SIMULATOR_HTTPS_URL=*') { $httpsUrl = ($line.Substring('SIMULATOR_HTTPS_URL='.Length) -split ' ')[0] }
    }
    if (-not $url) {
        if (-not $process.HasExited) { $process.Kill() }
        throw 'The simulator did not start.'
    }
    $simulator = Connect-Simulator $url $httpsUrl
    $simulator.Process = $process
    $simulator
}

function Connect-Simulator([string] $Url, [string] $HttpsUrl) {
    $info = Invoke-RestMethod "$Url/_sim/info"
    $environment = Invoke-RestMethod "$Url/_sim/environment"
    [pscustomobject]@{
        Process           = $null
        Url               = $Url
        HttpsUrl          = $HttpsUrl
        BuildMasterApiKey = $info.buildMasterApiKey
        Credentials       = $info
        Environment       = $environment
    }
}

function Stop-Simulator {
    param($Simulator)
    if (-not $Simulator) { return }
    if (-not $Simulator.Process) {
        Reset-Simulator $Simulator
        return
    }
    try { Invoke-RestMethod -Method Post "$($Simulator.Url)/_sim/shutdown" | Out-Null } catch { }
    if (-not $Simulator.Process.WaitForExit(10000)) { $Simulator.Process.Kill() }
}

function Reset-Simulator {
    param($Simulator)
    Invoke-RestMethod -Method Post "$($Simulator.Url)/_sim/reset" | Out-Null
    Reset-RequestBudget
}

# Forgets the request budgets of this process (the module's engine, if loaded): no test inherits another's budget.
function Reset-RequestBudget {
    foreach ($engine in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ReleaseCmdlets.Engine' }) {
        $budget = $engine.GetType('ReleaseCmdlets.Engine.Http.RequestBudget')
        $reset = if ($budget) { $budget.GetMethod('ResetAll', [Reflection.BindingFlags]'Static, NonPublic') }
        if ($reset) { $reset.Invoke($null, @()) | Out-Null }
    }
}

function Get-SimRequest {
    param($Simulator, [string] $Path)
    $query = if ($Path) { '?path=' + [Uri]::EscapeDataString($Path) } else { '' }
    # Unrolled so that an empty ledger is an empty array, and the count is the number of requests.
    @(Invoke-RestMethod "$($Simulator.Url)/_sim/requests$query" | ForEach-Object { $_ })
}

function Add-SimFault {
    param(
        $Simulator,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method,
        [int] $Times = 1,
        [int] $Status,
        [hashtable] $Headers,
        [string] $Body,
        [string] $ContentType,
        [int] $DelayMs,
        [switch] $Drop,
        [double] $Probability,
        # The service handles the request, then the fault drops or replaces its answer: the change landed, the answer is lost.
        [switch] $AfterService,
        # The service's body stops after this many bytes, for -DelayMs (-1: until the caller gives up).
        [int] $StallAfterBytes,
        # During the stall, one space every this many milliseconds, for ever.
        [int] $DripMs,
        # The body's "{pad}" becomes this many 'a's, streamed by the simulator.
        [long] $PadBytes
    )
    $rule = @{ path = $Path; times = $Times; delayMs = $DelayMs; drop = [bool]$Drop; afterService = [bool]$AfterService }
    if ($PSBoundParameters.ContainsKey('StallAfterBytes')) { $rule.stallAfterBytes = $StallAfterBytes }
    if ($PSBoundParameters.ContainsKey('PadBytes')) { $rule.padBytes = $PadBytes }
    if ($PSBoundParameters.ContainsKey('DripMs')) { $rule.dripMs = $DripMs }
    if ($Method) { $rule.method = $Method }
    if ($PSBoundParameters.ContainsKey('Status')) { $rule.status = $Status }
    if ($Headers) { $rule.headers = $Headers }
    if ($PSBoundParameters.ContainsKey('Body')) { $rule.body = $Body }
    if ($ContentType) { $rule.contentType = $ContentType }
    if ($PSBoundParameters.ContainsKey('Probability')) { $rule.probability = $Probability }
    $json = ConvertTo-Json -InputObject @($rule) -Depth 5
    Invoke-RestMethod -Method Post "$($Simulator.Url)/_sim/faults" -ContentType 'application/json' -Body $json | Out-Null
}

function Invoke-SimControl {
    param($Simulator, [string] $Method = 'Post', [string] $Path, $Body)
    $json = if ($null -ne $Body) { ConvertTo-Json -InputObject $Body -Depth 10 } else { $null }
    # Unrolled: Invoke-RestMethod writes a JSON array as one object.
    Invoke-RestMethod -Method $Method "$($Simulator.Url)$Path" -ContentType 'application/json' -Body $json | ForEach-Object { $_ }
}

# Points the environment-reading cmdlets at the simulator: the variables each fake names (GET /_sim/environment).
function Set-SimulatorEnvironment {
    param($Simulator)
    foreach ($variable in $Simulator.Environment.PSObject.Properties) { Set-Item "Env:$($variable.Name)" $variable.Value }
}
