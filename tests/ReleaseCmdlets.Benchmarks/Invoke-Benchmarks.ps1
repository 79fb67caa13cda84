<#
.SYNOPSIS
    Measures ReleaseCmdlets against the simulator and prints each figure next to its baseline, taken in the same run.
.DESCRIPTION
    1. Import: a fresh pwsh that imports the staged module, against a fresh pwsh that does nothing.
    2. Per item: 1,000 piped Stop-BmRelease and Stop-CfDeployment against a raw HttpClient loop making the same requests.
    3. Streaming: Get-BmRelease over 10,000 and 100,000 releases: time to first object and managed memory.
    4. -ThrottleLimit 16 against sequential, for 1,000 cancels at 50 ms simulated latency.
    Run it with: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Simulator, [int] $Items = 1000)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot '../Pester/Common.ps1')
$manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'
Add-Type -Path (Join-Path $PSScriptRoot 'RawHttpLoop.cs') -ReferencedAssemblies System.Net.Http, System.Text.Json, System.Memory, System.Runtime, System.Collections, System.Net.Primitives

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

    Write-Host "`n== 2. Per-item cost: $Items piped cancels + read-backs, module vs raw HttpClient (best of 5 rounds) =="
    $guids = 1..$Items | ForEach-Object { 'de990000-0000-4000-8000-{0:D12}' -f $_ }
    function Reset-BenchData {
        Reset-Simulator $sim
        Invoke-SimControl $sim -Path "/_sim/buildmaster/generate/$Items" | Out-Null
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @($guids | ForEach-Object { @{ guid = $_; appGuid = 'a9900000-0000-4000-8000-000000000001'; state = 'DEPLOYING' } }) | Out-Null
    }
    # Warm both paths (JIT, connection pool) before measuring.
    Reset-BenchData
    [ReleaseCmdlets.Benchmarks.RawHttpLoop]::BuildMaster($sim.Url, $sim.BuildMasterApiKey, [int[]](1..20)) | Out-Null
    21..40 | ForEach-Object { [pscustomobject]@{ ReleaseId = $_ } } | Stop-BmRelease -Confirm:$false | Out-Null
    $rawBm = @(); $modBm = @(); $rawCf = @(); $modCf = @()
    for ($round = 0; $round -lt 5; $round++) {
        Reset-BenchData
        $rawBm += [ReleaseCmdlets.Benchmarks.RawHttpLoop]::BuildMaster($sim.Url, $sim.BuildMasterApiKey, [int[]](1..$Items)).TotalMilliseconds
        $rawCf += [ReleaseCmdlets.Benchmarks.RawHttpLoop]::CloudFoundry($sim.Url, $token, [string[]]$guids).TotalMilliseconds
        Reset-BenchData
        $ids = 1..$Items
        $modBm += (Measure-Command { $ids | Stop-BmRelease -Confirm:$false | Out-Null }).TotalMilliseconds
        $modCf += (Measure-Command { $guids | Stop-CfDeployment -Url $sim.Url -Token $token -Confirm:$false | Out-Null }).TotalMilliseconds
    }
    foreach ($row in @(
            @{ Name = 'Stop-BmRelease   '; Raw = ($rawBm | Measure-Object -Minimum).Minimum; Module = ($modBm | Measure-Object -Minimum).Minimum }
            @{ Name = 'Stop-CfDeployment'; Raw = ($rawCf | Measure-Object -Minimum).Minimum; Module = ($modCf | Measure-Object -Minimum).Minimum })) {
        Write-Host ("{0}  raw {1}  module {2}  per item {3:N3} ms vs {4:N3} ms  ratio {5:N2}   (target <= 1.3)" -f
            $row.Name, (Format-Ms $row.Raw), (Format-Ms $row.Module), ($row.Module / $Items), ($row.Raw / $Items), ($row.Module / $row.Raw))
    }

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
            if ($state.Count % 2000 -eq 0) { $state.Peak = [math]::Max($state.Peak, [GC]::GetTotalMemory($false)) }
        }
        $total = $clock.Elapsed.TotalMilliseconds
        $bytes = (Invoke-WebRequest -Method Post "$($sim.Url)/api/releases" -Headers @{ 'X-ApiKey' = $sim.BuildMasterApiKey }).RawContentLength
        Write-Host ("{0,7:N0} releases ({1:N1} MB of JSON): first object after {2}, all after {3}, first/total {4:P1} (target <= 5 %), managed memory growth {5:N1} MB" -f
            $state.Count, ($bytes / 1MB), (Format-Ms $state.First), (Format-Ms $total), ($state.First / $total), (($state.Peak - $baseline) / 1MB))
    }

    Write-Host "`n== 4. -ThrottleLimit: $Items cancels with 50 ms latency on each cancel =="
    $times = @{}
    foreach ($limit in 1, 16) {
        Reset-BenchData
        Add-SimFault $sim -Path '/actions/cancel$' -DelayMs 50 -Probability 1
        $times[$limit] = (Measure-Command { $guids | Stop-CfDeployment -ThrottleLimit $limit -Url $sim.Url -Token $token -Confirm:$false | Out-Null }).TotalMilliseconds
    }
    Write-Host ("sequential {0}   -ThrottleLimit 16 {1}   speed-up {2:N1}x   (target >= 10x)" -f (Format-Ms $times[1]), (Format-Ms $times[16]), ($times[1] / $times[16]))
}
finally {
    Stop-Simulator $sim
}
