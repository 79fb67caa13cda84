<#
.SYNOPSIS
    Measures ReleaseCmdlets against the simulator and prints each figure next to its baseline, taken in the same run.
.DESCRIPTION
    1. Import: a fresh pwsh that imports the staged module, against a fresh pwsh that does nothing.
    2. Per item: piped Stop-CfDeployment and Stop-BmRelease in every documented pipeline shape against a floor cmdlet,
       a raw HttpClient loop and an Invoke-RestMethod loop, at the top level and deep in a script module, against the
       simulator's fast responder (--responder), with first-chance exceptions per item.
    3. Streaming: Get-BmRelease over 10,000 and 100,000 releases: time to first object and managed memory.
    4. -ThrottleLimit 16 against sequential, for 1,000 cancels at 50 ms simulated latency.
    5. Rate-limited mass cancels: Cloudflare's quota (60 and 600 cancels) beside the minimum the quota allows, and
       Cloud Controller's counter shared by cancels and -Wait's polls.
    Run it with: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Simulator, [int] $Items = 1000, [int] $Rounds = 21, [int] $PacingRuns = 5)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../Pester/Common.ps1')
$manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'
Add-Type -Path (Join-Path $PSScriptRoot 'RawHttpLoop.cs'), (Join-Path $PSScriptRoot 'FloorCmdlets.cs'), (Join-Path $PSScriptRoot 'ExceptionCounter.cs') -PassThru `
    -ReferencedAssemblies System.Net.Http, System.Text.Json, System.Memory, System.Runtime, System.Collections, System.Net.Primitives, System.Management.Automation, System.Threading, System.Console |
    Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) -and -not $_.IsAbstract } | Select-Object -First 1 | ForEach-Object { Import-Module -Assembly $_.Assembly }

# The simulator's --responder mode: canned answers on raw sockets, faster than the client.
function Start-FastResponder {
    $start = New-Object System.Diagnostics.ProcessStartInfo 'dotnet'
    $start.Arguments = '"' + $(if ($Simulator) { $Simulator } else { Find-SimulatorPath }) + '" --responder'
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardInput = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notlike 'RESPONDER_URL=*') { throw "The responder did not start: $line" }
    [pscustomobject]@{ Process = $process; Url = $line.Substring('RESPONDER_URL='.Length) }
}

function Stop-FastResponder($Responder) {
    $Responder.Process.StandardInput.Close()
    if (-not $Responder.Process.WaitForExit(5000)) { $Responder.Process.Kill() }
}

function Get-Median([double[]] $values) { $sorted = $values | Sort-Object; $sorted[[int][math]::Floor($sorted.Count / 2)] }
function Format-Ms([double] $ms) { '{0,8:N1} ms' -f $ms }

$sim = if ($Simulator) { Start-Simulator -Path $Simulator } else { Start-Simulator }
try {
    Import-Module $manifest -Force
    $env:BUILDMASTER_URL = $sim.Url
    $env:BUILDMASTER_API_KEY = $sim.BuildMasterApiKey
    $token = $sim.Credentials.cloudFoundryToken

    Write-Host "`n== 1. Import cost (fresh processes, alternating, median of 11 rounds) =="
    # PowerShell's own floor: a manifest module with nothing in it.
    $empty = Join-Path ([System.IO.Path]::GetTempPath()) "rc-empty-$PID/EmptyModule.psd1"
    New-Item -ItemType Directory -Force (Split-Path $empty) | Out-Null
    Set-Content $empty "@{ ModuleVersion = '1.0'; FunctionsToExport = @(); CmdletsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }"
    $bare = @(); $importing = @(); $deltas = @(); $emptyDeltas = @(); $inside = @()
    for ($i = 0; $i -lt 11; $i++) {
        $b = (Measure-Command { Invoke-FreshPwsh '1' | Out-Null }).TotalMilliseconds
        $m = (Measure-Command { Invoke-FreshPwsh "Import-Module '$manifest'; 1" | Out-Null }).TotalMilliseconds
        $e = (Measure-Command { Invoke-FreshPwsh "Import-Module '$empty'; 1" | Out-Null }).TotalMilliseconds
        $bare += $b; $importing += $m; $deltas += ($m - $b); $emptyDeltas += ($e - $b)
        $inside += [double](Invoke-FreshPwsh "(Measure-Command { Import-Module '$manifest' }).TotalMilliseconds" | Select-Object -Last 1)
    }
    Remove-Item (Split-Path $empty) -Recurse -Force
    Write-Host "pwsh -NoProfile -c 1                 $(Format-Ms (Get-Median $bare))"
    Write-Host "pwsh -NoProfile -c 'Import-Module'   $(Format-Ms (Get-Median $importing))"
    Write-Host "import adds (median of pair deltas)  $(Format-Ms (Get-Median $deltas))   (target < 150 ms; process start-up varies by +-150 ms here)"
    Write-Host "an empty manifest module adds        $(Format-Ms (Get-Median $emptyDeltas))   (PowerShell's own floor for any .psd1 module)"
    Write-Host "Measure-Command { Import-Module }    $(Format-Ms (Get-Median $inside))   (inside a fresh process; ~30 ms of it is PowerShell loading the format file)"

    Write-Host "`n== 2. Per-item cost: $Items piped cancels + read-backs against a loopback responder faster than the client =="
    Write-Host "   Baselines from the same run: a floor cmdlet (cheapest binding for the shape, ShouldProcess, the same two requests"
    Write-Host "   synchronously), a raw HttpClient loop, an Invoke-RestMethod loop. Medians of $Rounds interleaved rounds, [min-max];"
    Write-Host "   'deep' runs the pipeline inside a script module's function 30 calls down; exceptions are first-chance, per item."
    $responder = Start-FastResponder
    try {
        $url = $responder.Url
        $guids = 1..$Items | ForEach-Object { 'de990000-0000-4000-8000-{0:D12}' -f $_ }
        $ownDeployments = @($guids | Stop-CfDeployment -Url $url -Token $token -Confirm:$false)
        $ownReleases = @(1..$Items | Stop-BmRelease -Url $url -ApiKey 'k' -Confirm:$false)
        $cf = @{ Url = $url; Token = $token; Confirm = $false }
        $bm = @{ Url = $url; ApiKey = 'k'; Confirm = $false }
        $floor = @{ Url = $url; Confirm = $false }
        $shapes = @(
            @{ Name = 'CF strings'; Inputs = $guids; Module = { $input | Stop-CfDeployment @cf }; Floor = { $input | Stop-FloorDeploymentText @floor -Credential $token } }
            @{ Name = 'CF guids'; Inputs = @($guids | ForEach-Object { [guid]$_ }); Module = { $input | Stop-CfDeployment @cf }; Floor = { $input | Stop-FloorDeploymentTyped @floor -Credential $token } }
            @{ Name = 'CF Import-Csv rows'; Inputs = @($guids | ForEach-Object { [pscustomobject]@{ DeploymentGuid = $_; App = 'web' } } | ConvertTo-Csv | ConvertFrom-Csv); Module = { $input | Stop-CfDeployment @cf }; Floor = { $input | Stop-FloorDeploymentText @floor -Credential $token } }
            @{ Name = 'CF cf-curl JSON'; Inputs = @(('{"resources":[' + (($guids | ForEach-Object { '{"guid":"' + $_ + '","status":{"value":"ACTIVE","reason":"DEPLOYING"}}' }) -join ',') + ']}' | ConvertFrom-Json).resources); Module = { $input | Stop-CfDeployment @cf }; Floor = { $input | Stop-FloorDeploymentText @floor -Credential $token } }
            @{ Name = 'CF own objects'; Inputs = $ownDeployments; Module = { $input | Stop-CfDeployment @cf }; Floor = { $input | Stop-FloorDeploymentTyped @floor -Credential $token } }
            @{ Name = 'BM ints'; Inputs = @(1..$Items); Module = { $input | Stop-BmRelease @bm }; Floor = { $input | Stop-FloorReleaseTyped @floor -Credential 'k' } }
            @{ Name = 'BM Import-Csv rows'; Inputs = @(1..$Items | ForEach-Object { [pscustomobject]@{ ReleaseId = $_ } } | ConvertTo-Csv | ConvertFrom-Csv); Module = { $input | Stop-BmRelease @bm }; Floor = { $input | Stop-FloorReleaseText @floor -Credential 'k' } }
            @{ Name = 'BM own objects'; Inputs = $ownReleases; Module = { $input | Stop-BmRelease @bm }; Floor = { $input | Stop-FloorReleaseTyped @floor -Credential 'k' } }
            # The control: the floor against itself. Its ratio is what this machine's noise alone gives.
            @{ Name = 'control: floor/floor'; Inputs = $guids; Module = { $input | Stop-FloorDeploymentText @floor -Credential $token }; Floor = { $input | Stop-FloorDeploymentText @floor -Credential $token } }
        )
        $deep = New-Module -Name BenchDeep -ScriptBlock {
            function Invoke-Deep([int] $Depth, [scriptblock] $Script, $Inputs) {
                if ($Depth -gt 0) { Invoke-Deep ($Depth - 1) $Script $Inputs } else { $Inputs | & $Script | Out-Null }
            }
        } | Import-Module -PassThru
        function Measure-Pipeline([scriptblock] $Script, $Inputs, [bool] $Deep) {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            if ($Deep) { Invoke-Deep 30 $Script $Inputs } else { $Inputs | & $Script | Out-Null }
            $clock.Elapsed.TotalMilliseconds
        }
        function Get-Exceptions([scriptblock] $Script, $Inputs) {
            [ReleaseCmdlets.Benchmarks.ExceptionCounter]::Start()
            $Inputs | & $Script | Out-Null
            [ReleaseCmdlets.Benchmarks.ExceptionCounter]::Stop() / $Inputs.Count
        }
        function Format-Figure([double[]] $values) {
            $sorted = $values | Sort-Object
            '{0,7:N1} ms [{1:N0}-{2:N0}]' -f (Get-Median $values), $sorted[0], $sorted[-1]
        }

        # The measured path is the happy one: a module shape that writes a warning or an error per item measures
        # something else (an answer that no longer fits the module), so the benchmark refuses to go on.
        foreach ($shape in $shapes) {
            $noise = @($shape.Inputs | & $shape.Module 3>&1 2>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] -or $_ -is [System.Management.Automation.ErrorRecord] })
            if ($noise.Count) { throw "The '$($shape.Name)' shape wrote $($noise.Count) warnings or errors for $($shape.Inputs.Count) inputs, so it would not measure the cancel path: $($noise[0])" }
        }

        # Warm every path until the JIT has tiered up (five full rounds, discarded), then measure.
        for ($warm = 0; $warm -lt 5; $warm++) {
            foreach ($shape in $shapes) { Measure-Pipeline $shape.Module $shape.Inputs $false | Out-Null; Measure-Pipeline $shape.Floor $shape.Inputs $false | Out-Null }
        }
        $results = @{}
        $raw = @(); $irm = @()
        $headers = @{ Authorization = "bearer $token" }
        for ($round = 0; $round -lt $Rounds; $round++) {
            foreach ($shape in $shapes) {
                foreach ($deepRun in $false, $true) {
                    $key = "$($shape.Name)|$deepRun"
                    if (-not $results[$key]) { $results[$key] = @{ Module = @(); Floor = @(); Ratio = @() } }
                    # Alternate which goes first, so that neither always gets the warmer machine; the two runs of a
                    # pair are back to back, so their ratio cancels the machine's drift between rounds.
                    if ($round % 2) {
                        $m = Measure-Pipeline $shape.Module $shape.Inputs $deepRun
                        $f = Measure-Pipeline $shape.Floor $shape.Inputs $deepRun
                    }
                    else {
                        $f = Measure-Pipeline $shape.Floor $shape.Inputs $deepRun
                        $m = Measure-Pipeline $shape.Module $shape.Inputs $deepRun
                    }
                    $results[$key].Module += $m; $results[$key].Floor += $f; $results[$key].Ratio += $m / $f
                }
            }
            $raw += [ReleaseCmdlets.Benchmarks.RawHttpLoop]::CloudFoundry($url, $token, [string[]]$guids).TotalMilliseconds
            $irm += (Measure-Command { foreach ($g in $guids) { Invoke-RestMethod -Method Post "$url/v3/deployments/$g/actions/cancel" -Headers $headers | Out-Null; Invoke-RestMethod "$url/v3/deployments/$g" -Headers $headers | Out-Null } }).TotalMilliseconds
        }

        Write-Host "   ratio: the median of the $Rounds paired ratios (module / floor of the same round), with their middle half [25th-75th percentile]."
        Write-Host ("{0,-22} {1,-6} {2,-25} {3,-25} {4,-19} {5,10}" -f 'shape', 'stack', 'module', 'floor cmdlet', 'ratio', 'exceptions')
        foreach ($shape in $shapes) {
            $exceptions = Get-Exceptions $shape.Module $shape.Inputs
            foreach ($deepRun in $false, $true) {
                $r = $results["$($shape.Name)|$deepRun"]
                $target = if ($shape.Name -like 'control*') { 'noise alone' } elseif ($shape.Name -like '*strings' -or $shape.Name -like '*ints' -or $shape.Name -like '*guids') { 'target <= 1.1' } else { 'target <= 1.2' }
                $sorted = $r.Ratio | Sort-Object
                $ratio = '{0:N2} [{1:N2}-{2:N2}]' -f (Get-Median $r.Ratio), $sorted[[int][math]::Floor(($sorted.Count - 1) / 4)], $sorted[[int][math]::Ceiling(3 * ($sorted.Count - 1) / 4)]
                Write-Host ("{0,-22} {1,-6} {2,-25} {3,-25} {4,-19} {5,10:N2}   ({6})" -f $shape.Name, $(if ($deepRun) { 'deep' } else { 'top' }),
                    (Format-Figure $r.Module), (Format-Figure $r.Floor), $ratio, $exceptions, $target)
            }
        }
        $cfStrings = Get-Median $results['CF strings|False'].Module
        Write-Host ("raw HttpClient loop (CF, same requests)   {0}   module CF strings / raw = {1:N2}" -f (Format-Figure $raw), ($cfStrings / (Get-Median $raw)))
        Write-Host ("Invoke-RestMethod loop (CF, same requests) {0}   module CF strings / Invoke-RestMethod = {1:N2}" -f (Format-Figure $irm), ($cfStrings / (Get-Median $irm)))
    }
    finally { Stop-FastResponder $responder }

    Write-Host "`n== 3. Streaming Get-BmRelease =="
    foreach ($count in 10000, 100000) {
        Reset-Simulator $sim
        Invoke-SimControl $sim -Path "/_sim/buildmaster/generate/$count" | Out-Null
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $baseline = [GC]::GetTotalMemory($true)
        $state = @{ First = $null; Count = 0; Peak = 0L }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Get-BmRelease | ForEach-Object {
            if ($state.Count -eq 0) { $state.First = $clock.Elapsed.TotalMilliseconds }
            $state.Count++
            # Live memory (after a collection) every 5,000 releases: what the stream keeps, not what it has allocated.
            if ($state.Count % 5000 -eq 0) { $state.Peak = [math]::Max($state.Peak, [GC]::GetTotalMemory($true)) }
        }
        $total = $clock.Elapsed.TotalMilliseconds
        $bytes = (Invoke-WebRequest -Method Post "$($sim.Url)/api/releases" -Headers @{ 'X-ApiKey' = $sim.BuildMasterApiKey }).RawContentLength
        Write-Host ("{0,7:N0} releases ({1:N1} MB of JSON): first object after {2}, all after {3}, first/total {4:P1} (target <= 5 %), live managed memory growth {5:N1} MB (flat: does not grow with the count)" -f
            $state.Count, ($bytes / 1MB), (Format-Ms $state.First), (Format-Ms $total), ($state.First / $total), (($state.Peak - $baseline) / 1MB))
    }

    Write-Host "`n== 3b. Streaming Get-CfDeployment (four pages of 50, then 200 a page, each written as it is read) =="
    Reset-Simulator $sim
    $count = 10000
    Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @(1..$count | ForEach-Object { @{ guid = ('de920000-0000-4000-8000-{0:D12}' -f $_); appGuid = 'a9900000-0000-4000-8000-000000000003'; state = 'DEPLOYING'; createdAt = ([datetime]'2026-11-01').AddSeconds($_).ToString('o') } }) | Out-Null
    foreach ($run in 'first call of the session', 'second call') {
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $baseline = [GC]::GetTotalMemory($true)
        $state = @{ First = $null; Count = 0; Peak = 0L }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Get-CfDeployment -AppGuid 'a9900000-0000-4000-8000-000000000003' -Url $sim.Url -Token $token | ForEach-Object {
            if ($state.Count -eq 0) { $state.First = $clock.Elapsed.TotalMilliseconds }
            $state.Count++
            if ($state.Count % 2500 -eq 0) { $state.Peak = [math]::Max($state.Peak, [GC]::GetTotalMemory($true)) }
        }
        $total = $clock.Elapsed.TotalMilliseconds
        Write-Host ("{0,7:N0} deployments, {1}: first object after {2}, all after {3}, first/total {4:P1} (target <= 5 %), live managed memory growth {5:N1} MB" -f
            $state.Count, $run, (Format-Ms $state.First), (Format-Ms $total), ($state.First / $total), (($state.Peak - $baseline) / 1MB))
    }

    $Items = 1000
    Write-Host "`n== 4. -ThrottleLimit: $Items cancels with 50 ms latency on each cancel =="
    $guids = 1..$Items | ForEach-Object { 'de990000-0000-4000-8000-{0:D12}' -f $_ }
    function Reset-BenchData {
        Reset-Simulator $sim
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @($guids | ForEach-Object { @{ guid = $_; appGuid = 'a9900000-0000-4000-8000-000000000001'; state = 'DEPLOYING' } }) | Out-Null
    }
    $times = @{}
    foreach ($limit in 1, 16) {
        Reset-BenchData
        Add-SimFault $sim -Path '/actions/cancel$' -DelayMs 50 -Probability 1
        $times[$limit] = (Measure-Command { $guids | Stop-CfDeployment -ThrottleLimit $limit -Url $sim.Url -Token $token -Confirm:$false | Out-Null }).TotalMilliseconds
    }
    Write-Host ("sequential {0}   -ThrottleLimit 16 {1}   speed-up {2:N1}x   (target >= 15x)" -f (Format-Ms $times[1]), (Format-Ms $times[16]), ($times[1] / $times[16]))

    Write-Host "`n== 5. Rate-limited mass cancels: a Cloudflare quota of 40 per 4 s (exceeding it blocks the window), -ThrottleLimit 16 =="
    $cfEnv = @{ Url = "$($sim.Url)/client/v4"; AccountId = $sim.Credentials.cloudflareAccountId; ApiToken = $sim.Credentials.cloudflareApiToken }
    foreach ($count in 60, 600) {
        Reset-Simulator $sim
        Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/40/4' | Out-Null
        $uuids = 1..$count | ForEach-Object { 'b0500000-0000-4000-8000-{0:D12}' -f $_ }
        Invoke-SimControl $sim -Path '/_sim/cloudflare/builds' -Body @($uuids | ForEach-Object { @{ buildUuid = $_; status = 'running' } }) | Out-Null
        $elapsed = (Measure-Command { $uuids | Stop-CfBuild @cfEnv -ThrottleLimit 16 -Confirm:$false | Out-Null }).TotalSeconds
        $refused = (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused
        # The quota allows 40 requests per window: n requests need ceil(n/40) windows, the last one entered after (ceil(n/40)-1) windows.
        $minimum = ([math]::Ceiling($count / 40) - 1) * 4
        Write-Host ("{0,4} cancels: {1:N1} s, {2} refused (target 0); the limit-bound minimum {3:N1} s, ratio {4:N2} (target <= 1.15)" -f $count, $elapsed, $refused, $minimum, ($elapsed / [math]::Max($minimum, 0.001)))
    }

    Write-Host "`n== 5a. Cloudflare as it really answers: 600 cancels at -ThrottleLimit 16 over a network of 0-250 ms, $PacingRuns runs each =="
    foreach ($policy in @(
            @{ Name = '40 per 4 s'; Path = '/_sim/cloudflare/rate-limit/40/4'; Minimum = ([math]::Ceiling(600 / 40) - 1) * 4; Target = 1.10 },
            @{ Name = 'a burst of 10 per 1 s beside 40 per 4 s'; Path = '/_sim/cloudflare/rate-limit/40/4/10/1'; Minimum = [math]::Max(([math]::Ceiling(600 / 40) - 1) * 4, ([math]::Ceiling(600 / 10) - 1) * 1); Target = 1.15 })) {
        foreach ($run in 1..$PacingRuns) {
            Reset-Simulator $sim
            Invoke-SimControl $sim -Path $policy.Path | Out-Null
            Invoke-SimControl $sim -Path '/_sim/latency/0/250' | Out-Null
            $uuids = 1..600 | ForEach-Object { 'b0600000-0000-4000-8000-{0:D12}' -f $_ }
            Invoke-SimControl $sim -Path '/_sim/cloudflare/builds' -Body @($uuids | ForEach-Object { @{ buildUuid = $_; status = 'running' } }) | Out-Null
            $written = $null
            $elapsed = (Measure-Command { $written = @($uuids | Stop-CfBuild @cfEnv -ThrottleLimit 16 -Confirm:$false -ErrorAction SilentlyContinue) }).TotalSeconds
            $refused = (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused
            $inOrder = ($written.BuildUuid -join ',') -eq ($uuids -join ',')
            Write-Host ("{0}, run {1}: {2:N1} s, {3} refused (target 0), results in order: {4}; the limit-bound minimum {5:N1} s, ratio {6:N2} (target <= {7:N2})" -f $policy.Name, $run, $elapsed, $refused, $inOrder, $policy.Minimum, ($elapsed / $policy.Minimum), $policy.Target)
        }
    }

    Write-Host "`n== 5c. Cloud Controller as it really answers: per-process limit 100, global 1,000, estimates in tenths, two processes; 150 cancels with -Wait =="
    Reset-Simulator $sim
    Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/100/1000/10/2' | Out-Null
    Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/3000' | Out-Null
    $many = 1..150 | ForEach-Object { 'de960000-0000-4000-8000-{0:D12}' -f $_ }
    Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @($many | ForEach-Object { @{ guid = $_; appGuid = 'a9900000-0000-4000-8000-000000000005'; state = 'DEPLOYING' } }) | Out-Null
    $final = $null
    $failures = $null
    $elapsed = (Measure-Command { $final = @($many | Stop-CfDeployment -Url $sim.Url -Token $token -Wait -TimeoutSec 300 -ThrottleLimit 16 -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue) }).TotalSeconds
    $cancels = @(Get-SimRequest $sim -Path '/v3/deployments' | Where-Object method -EQ 'POST')
    $refused = (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/rate-limit').refused
    $landed = @(Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/deployments' | Where-Object { $many -contains $_.guid -and $_.state -in 'CANCELING', 'CANCELED' }).Count
    Write-Host ("{0} of 150 written CANCELED in {1:N1} s, {2} failed (target 0), {3} of 150 cancels landed, {4} cancel requests sent, {5} requests refused (where one process's estimate could not show the other's)" -f @($final | Where-Object Status -EQ 'CANCELED').Count, $elapsed, @($failures).Count, $landed, $cancels.Count, $refused)

    Write-Host "`n== 5b. Cloud Controller's counter scaled from 2,000 per hour to 60 per 6 s: 40 cancels with -Wait (polls every 3 s), -ThrottleLimit 16 =="
    Reset-Simulator $sim
    Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/60/6' | Out-Null
    Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/3000' | Out-Null
    $waited = 1..40 | ForEach-Object { 'de950000-0000-4000-8000-{0:D12}' -f $_ }
    Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @($waited | ForEach-Object { @{ guid = $_; appGuid = 'a9900000-0000-4000-8000-000000000005'; state = 'DEPLOYING' } }) | Out-Null
    $final = $null
    $elapsed = (Measure-Command { $final = @($waited | Stop-CfDeployment -Url $sim.Url -Token $token -Wait -TimeoutSec 300 -ThrottleLimit 16 -Confirm:$false) }).TotalSeconds
    $sent = @(Get-SimRequest $sim -Path '/v3/deployments').Count
    $refused = (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/rate-limit').refused
    $canceled = @($final | Where-Object Status -EQ 'CANCELED').Count
    # Cancels, read-backs and polls share one counter; the time is the polls' (3 s a poll) as much as the counter's.
    Write-Host ("{0} requests (cancels, read-backs, polls) in {1:N1} s, {2} refused (target 0), {3} of {4} CANCELED" -f $sent, $elapsed, $refused, $canceled, $waited.Count)
}
finally {
    Stop-Simulator $sim
}
