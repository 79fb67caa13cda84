<#
.SYNOPSIS
    Builds, tests and demonstrates the ReleaseCmdlets module.
.DESCRIPTION
    Build   builds the solution; the module is staged at out/ReleaseCmdlets.
    Test    builds, runs the xunit tests, the Pester tests in this pwsh and the Pester tests again in an emulated
            PowerShell 7.4/7.5 (see TestCompat), and prints one line "N passed, N failed" over all of them. Exits
            non-zero when a test fails or when no test ran. Both hosts' Pester suites run at once, each in as many
            processes ("lanes") as the machine has cores and one more, while xunit runs; a lane runs the files it
            claims first, with one simulator for all of them. Each lane's output: out/test-results/<lane>.log.
    TestCompat  builds and runs the Pester suite in a copy of this pwsh whose Microsoft.Bcl.AsyncInterfaces is the
            5.0.0.0 that PowerShell 7.4 and 7.5 ship (PowerShell/PowerShell#21324), as a user's older pwsh would.
    Demo    builds, starts the simulator, and runs Get-BmRelease | Stop-BmRelease and the other cmdlets against it.
    Bench   builds, then measures import cost, per-item cost against a raw HttpClient, streaming and -ThrottleLimit.
    Pester  runs only the Pester suite, in the PowerShell that runs this script, against what Build staged, with one
            simulator for the run; -Path and -Filter narrow it to some files and tests (the developer loop: Build
            once, then Pester as often as needed).
    Package builds, checks the manifest and publishes a PowerShell Gallery-ready .nupkg to out/packages (a local
            PSResourceGet repository).
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Pester -Path tests/Pester/Ci.Tests.ps1 -Filter '*annotation*'
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'TestCompat', 'Pester')]
    [string] $Task = 'Build',

    # Pester only: the name of this run's result files in out/test-results (TestCompat runs the suite in another host).
    [string] $RunName = 'pester',

    # Pester only: the test files or folders to run (default tests/Pester, the whole suite).
    [string[]] $Path,

    # Pester only, set by Test: the folder the lanes of one host share; each test file runs in the lane that claims it.
    [string] $Queue,

    # Pester only: the tests to run, by full name with wildcards ("Describe.Context.It"), e.g. '*annotation*'.
    [string[]] $Filter,

    # Package only: the folder the .nupkg goes to (default out/packages).
    [string] $PackagePath = (Join-Path $PSScriptRoot 'out/packages'),

    # Package only: package what Build staged, without building first (the package test does, while other tests use out/).
    [switch] $NoBuild,

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$results = Join-Path $root 'out/test-results'
# Test and TestCompat: how many PowerShell processes of each host share its test files: as many as the cores. With
# both hosts and xunit at once that is more processes than cores; one more lane a host (each with its own simulator)
# cost more CPU than the waits it overlapped (7 min 26 s against 6 min 41 s on 2 cores, docs/performance.md).
$LanesPerHost = [Environment]::ProcessorCount

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Dotnet build (Join-Path $root 'ReleaseCmdlets.sln') -c $Configuration -nologo --verbosity quiet
}

function Get-SimulatorPath {
    Join-Path $root "tests/ReleaseCmdlets.Simulator/bin/$Configuration/net10.0/ReleaseCmdlets.Simulator.dll"
}

# The C# layers (ReleaseCmdlets.Tests), and the staged module in engines hosted by .NET apps: one that references
# System.Management.Automation alone, one with Microsoft.PowerShell.SDK (ReleaseCmdlets.Hosting*.Tests).
$XunitProjects = 'ReleaseCmdlets.Tests', 'ReleaseCmdlets.Hosting.Tests', 'ReleaseCmdlets.Hosting.Sdk.Tests'

function Invoke-XunitTests {
    $total = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($project in $XunitProjects) {
        $trx = Join-Path $results "$project.trx"
        Remove-Item $trx -ErrorAction Ignore
        & dotnet test (Join-Path $root "tests/$project") -c $Configuration --no-build -nologo `
            --logger "trx;LogFileName=$project.trx" --logger 'console;verbosity=minimal' --results-directory $results | Out-Host
        if (-not (Test-Path $trx)) { throw "$project wrote no results: the test run did not start." }
        $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
        $total.Passed += [int]$counters.passed
        $total.Failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout
        $total.Skipped += [int]$counters.notExecuted
    }
    $total
}

function Get-NuGetPackages {
    if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
}

function Import-Pester {
    $manifest = Join-Path (Get-NuGetPackages) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) { throw "Pester 5.7.1 is not at $manifest; the build restores it (PackageDownload in tests/ReleaseCmdlets.Tests)." }
    Import-Module $manifest -Force
}

# The test files of this run, the slowest first as far as their size tells, so that the lanes of a host end together.
# -Path a,b from a shell's `-File` (or from Test, to its lanes) arrives as one string: its commas separate files too.
function Get-PesterFile {
    $paths = if ($Path) { @($Path -split ',' | Where-Object { $_ }) } else { , (Join-Path $root 'tests/Pester') }
    Get-ChildItem (Resolve-Path $paths).Path -Recurse -Filter '*.Tests.ps1' | Sort-Object Length -Descending
}

# Whether this lane is the first to claim the file in the queue folder the lanes of one host share (an atomic create).
function Request-QueuedFile([string] $Queue, [System.IO.FileInfo] $File) {
    try { [System.IO.File]::Open((Join-Path $Queue $File.Name), 'CreateNew').Dispose(); $true }
    catch [System.IO.IOException] { $false }
}

function Invoke-PesterTests {
    param([string] $Name = 'pester')
    Import-Pester
    # The tests run in this session: give them PowerShell's defaults, not this script's "Stop" and strict mode.
    $ErrorActionPreference = 'Continue'
    Set-StrictMode -Off
    $env:RELEASECMDLETS_SIMULATOR = Get-SimulatorPath
    # One simulator for the run: every test file's Start-Simulator hands it out reset (tests/Pester/Simulator.ps1).
    . (Join-Path $root 'tests/Pester/Simulator.ps1')
    $simulator = Start-Simulator -Own
    $env:RELEASECMDLETS_TEST_SIMULATOR_URL = $simulator.Url
    $env:RELEASECMDLETS_TEST_SIMULATOR_HTTPS_URL = $simulator.HttpsUrl
    $fileResults = Join-Path $results $Name
    Remove-Item $fileResults -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Force $fileResults | Out-Null
    $counts = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    try {
        foreach ($file in Get-PesterFile) {
            if ($Queue -and -not (Request-QueuedFile $Queue $file)) { continue }
            $configuration = New-PesterConfiguration
            if ($PSVersionTable.PSEdition -eq 'Desktop') {
                # Windows PowerShell 5.1: load contexts, PSResourceGet and the proxy variables exist on PowerShell 7 only.
                $configuration.Filter.ExcludeTag = 'CoreOnly'
            }
            $configuration.Run.Path = $file.FullName
            if ($Filter) { $configuration.Filter.FullName = $Filter }
            $configuration.Run.PassThru = $true
            $configuration.Output.Verbosity = 'Normal'
            $configuration.TestResult.Enabled = $true
            $configuration.TestResult.OutputPath = Join-Path $fileResults "$($file.BaseName).xml"
            $run = Invoke-Pester -Configuration $configuration
            $counts.Passed += $run.PassedCount
            $counts.Failed += $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
            $counts.Skipped += $run.SkippedCount
        }
    }
    finally {
        Stop-Simulator $simulator
        Remove-Item Env:RELEASECMDLETS_TEST_SIMULATOR_URL, Env:RELEASECMDLETS_TEST_SIMULATOR_HTTPS_URL -ErrorAction Ignore
    }
    $counts | ConvertTo-Json | Set-Content (Join-Path $results "$Name.counts.json")
    $counts
}

# PowerShell 7.4 and 7.5 run on .NET 8/9 and ship Microsoft.Bcl.AsyncInterfaces 5.0.0.0 (7.6 ships 10.0.0.0). Only
# PowerShell 7.6.9 can be had here, so this copies its folder and puts the 5.0.0 build of that one assembly in it:
# the host then offers what 7.4/7.5 offer to a module in the default load context. It does not emulate the older
# .NET runtime itself (the copy still runs on .NET 10), nor other files that differ between the versions.
function New-CompatHost {
    $folder = Join-Path $root 'out/compat/pwsh-bcl5'
    if (-not (Test-Path (Join-Path $folder 'pwsh.dll'))) {
        New-Item -ItemType Directory -Force (Split-Path $folder) | Out-Null
        Remove-Item $folder -Recurse -Force -ErrorAction Ignore
        Copy-Item $PSHOME $folder -Recurse
    }
    $older = Join-Path (Get-NuGetPackages) 'microsoft.bcl.asyncinterfaces/5.0.0/lib/netstandard2.1/Microsoft.Bcl.AsyncInterfaces.dll'
    if (-not (Test-Path $older)) { throw "Microsoft.Bcl.AsyncInterfaces 5.0.0 is not at $older; the build restores it (PackageDownload in tests/ReleaseCmdlets.Tests)." }
    Copy-Item $older $folder -Force
    Join-Path $folder 'pwsh.dll'
}

# A lane: a PowerShell process of one host that runs the test files it claims from the queue folder its host's lanes
# share. Everything it prints goes to out/test-results/<lane>.log.
function Start-PesterLane([string] $Name, [string[]] $PwshCommand, [string] $Queue) {
    Remove-Item (Join-Path $results "$Name.counts.json") -ErrorAction Ignore
    $log = Join-Path $results "$Name.log"
    $arguments = @($PwshCommand | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-Task', 'Pester',
        '-Configuration', $Configuration, '-RunName', $Name, '-Queue', $Queue) + $(if ($Path) { '-Path', ($Path -join ',') }) | ForEach-Object { '"' + $_ + '"' }
    $process = Start-Process $PwshCommand[0] -ArgumentList $arguments -NoNewWindow -PassThru -RedirectStandardOutput $log -RedirectStandardError "$log.stderr"
    [pscustomobject]@{ Name = $Name; Process = $process; Log = $log; Read = 0L; InFailure = $false }
}

# What a lane printed since last asked, as the console shows it: each file's result and the failures with their
# details, not the warnings, What-if and debug lines that the tests make the cmdlets write.
function Show-LaneOutput($Lane) {
    $stream = [System.IO.FileStream]::new($Lane.Log, 'Open', 'Read', 'ReadWrite')
    try {
        $null = $stream.Seek($Lane.Read, 'Begin')
        $text = [System.IO.StreamReader]::new($stream).ReadToEnd()
    }
    finally { $stream.Dispose() }
    $end = $text.LastIndexOf("`n")
    if ($end -lt 0) { return }
    $Lane.Read += [System.Text.Encoding]::UTF8.GetByteCount($text.Substring(0, $end + 1))
    foreach ($line in $text.Substring(0, $end).Split("`n")) {
        $plain = $line.TrimEnd("`r") -replace "`e\[[0-9;]*m", ''
        if ($plain -match '^\s*\[[+!]\]') { $Lane.InFailure = $false; Write-Host "$($Lane.Name): $plain" }
        elseif ($plain -match '^\s*\[-\]') { $Lane.InFailure = $true; Write-Host "$($Lane.Name): $plain" }
        elseif ($Lane.InFailure -and $plain -match '^\s') { Write-Host "$($Lane.Name): $plain" }
        else { $Lane.InFailure = $false }
    }
}

# Starts the Pester suite in every given host at once, each in lanes that share its files: the suite mostly waits (on
# the simulator, child processes, timers), so lanes overlap the waits.
function Start-PesterLanes([object[]] $Hosts) {
    foreach ($pesterHost in $Hosts) {
        $queue = Join-Path $results "$($pesterHost.Name).queue"
        Remove-Item $queue -Recurse -Force -ErrorAction Ignore
        New-Item -ItemType Directory -Force $queue | Out-Null
        foreach ($variable in $pesterHost.Environment.Keys) { Set-Item "Env:$variable" $pesterHost.Environment[$variable] }
        try {
            foreach ($number in 1..$LanesPerHost) {
                Start-PesterLane -Name "$($pesterHost.Name)-$number" -PwshCommand $pesterHost.Command -Queue $queue | Add-Member -PassThru Host $pesterHost.Name
            }
        }
        finally { foreach ($variable in $pesterHost.Environment.Keys) { Remove-Item "Env:$variable" } }
    }
}

# Shows what the lanes print until they end; returns each host's counts.
function Wait-PesterLanes([object[]] $Lanes, [object[]] $Hosts) {
    while (@($Lanes | Where-Object { -not $_.Process.HasExited }).Count -gt 0) {
        $Lanes | ForEach-Object { Show-LaneOutput $_ }
        Start-Sleep -Milliseconds 500
    }
    $Lanes | ForEach-Object { Show-LaneOutput $_ }
    foreach ($pesterHost in $Hosts) {
        $total = [pscustomobject]@{ Name = $pesterHost.Name; Passed = 0; Failed = 0; Skipped = 0 }
        foreach ($lane in $Lanes | Where-Object Host -EQ $pesterHost.Name) {
            $counts = Join-Path $results "$($lane.Name).counts.json"
            if (-not (Test-Path $counts)) { throw "The Pester lane $($lane.Name) wrote no results (its output: $($lane.Log))." }
            $laneCounts = Get-Content -Raw $counts | ConvertFrom-Json
            $total.Passed += $laneCounts.Passed
            $total.Failed += $laneCounts.Failed
            $total.Skipped += $laneCounts.Skipped
        }
        $total
    }
}

# This PowerShell again, started the way this one was (pwsh, or pwsh.dll under dotnet as the local tool runs it).
function Get-ThisPwshCommand {
    $exe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $exe, (Join-Path $PSHOME 'pwsh.dll') } else { , $exe }
}

function Get-ThisHost { [pscustomobject]@{ Name = 'pester'; Command = Get-ThisPwshCommand; Environment = @{} } }

function Get-CompatHost {
    [pscustomobject]@{ Name = 'pester-pwsh-bcl5'; Command = 'dotnet', (New-CompatHost); Environment = @{ RELEASECMDLETS_EMULATED_HOST = 'Microsoft.Bcl.AsyncInterfaces=5.0.0.0' } }
}

function Invoke-Tests {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    Invoke-Build
    New-Item -ItemType Directory -Force $results | Out-Null
    $env:RELEASECMDLETS_SIMULATOR = Get-SimulatorPath
    # The xunit tests run while the Pester lanes do; the lanes' lines are shown after xunit's. The emulated host's copy
    # of pwsh is made while this host's lanes already run.
    $thisHost = Get-ThisHost
    $lanes = @(Start-PesterLanes $thisHost)
    $compatHost = Get-CompatHost
    $lanes += Start-PesterLanes $compatHost
    $hosts = $thisHost, $compatHost
    try { $xunit = Invoke-XunitTests }
    catch {
        $lanes | ForEach-Object { if (-not $_.Process.HasExited) { $_.Process.Kill($true) } }
        throw
    }
    $pester, $compat = Wait-PesterLanes $lanes $hosts
    $passed = $xunit.Passed + $pester.Passed + $compat.Passed
    $failed = $xunit.Failed + $pester.Failed + $compat.Failed
    $skipped = $xunit.Skipped + $pester.Skipped + $compat.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester (pwsh $($PSVersionTable.PSVersion)): $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped; Pester (emulated 7.4/7.5): $($compat.Passed) passed, $($compat.Failed) failed, $($compat.Skipped) skipped (full output: out/test-results/*.log)"
    Write-Host ("The build and every test took {0:m\ \m\i\n\ s\ \s} on {1} cores." -f $clock.Elapsed, [Environment]::ProcessorCount)
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    . (Join-Path $root 'tests/Pester/Common.ps1')
    $simulator = Start-Simulator -Path (Get-SimulatorPath)
    try {
        Import-Module (Join-Path $root 'out/ReleaseCmdlets') -Force
        Set-SimulatorEnvironment $simulator
        # What the printed commands use beside the environment variables: each is printed, so every line can be pasted.
        $url = $api = $simulator.Url
        $token = $simulator.Credentials.cloudFoundryToken
        $space = $simulator.Credentials.cloudFoundrySpaceGuid
        function Show([string] $Command) {
            Write-Host "PS> $Command" -ForegroundColor Cyan
            & ([scriptblock]::Create($Command)) | Format-Table | Out-Host
        }

        Write-Host "`nThe simulator runs at $($simulator.Url); the module talks to it over HTTP.`n" -ForegroundColor Cyan
        $simulator.Environment.PSObject.Properties | ForEach-Object { Write-Host "PS> `$env:$($_.Name) = '$($_.Value)'" -ForegroundColor Cyan }
        Write-Host "PS> `$url = `$api = '$api'; `$token = '$token'; `$space = '$space'`n" -ForegroundColor Cyan
        # Each service's steps, from its file in tests/Pester/Services, services in name order, run as printed.
        $sim = $simulator
        foreach ($service in Get-ServiceCase) {
            foreach ($command in $service.Demo) { Show $command }
        }
    }
    finally {
        $simulator.Environment.PSObject.Properties.Name | ForEach-Object { Remove-Item "Env:$_" -ErrorAction Ignore }
        Stop-Simulator $simulator
    }
}

function Invoke-Bench {
    Invoke-Build
    & (Join-Path $root 'tests/ReleaseCmdlets.Benchmarks/Invoke-Benchmarks.ps1') -Simulator (Get-SimulatorPath)
}

function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    $module = Join-Path $root 'out/ReleaseCmdlets'
    Test-ModuleManifest (Join-Path $module 'ReleaseCmdlets.psd1') | Out-Null
    $packages = $PackagePath
    Remove-Item $packages -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Force $packages | Out-Null
    # A throwaway file repository: publishing to it writes the .nupkg the Gallery would get.
    $repository = "ReleaseCmdletsBuild$PID"
    Register-PSResourceRepository -Name $repository -Uri $packages -Trusted
    try { Publish-PSResource -Path $module -Repository $repository }
    finally { Unregister-PSResourceRepository -Name $repository }
    Get-ChildItem $packages -Filter *.nupkg | ForEach-Object { Write-Host "Package: $($_.FullName)" }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Tests }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
    'TestCompat' {
        Invoke-Build
        New-Item -ItemType Directory -Force $results | Out-Null
        $env:RELEASECMDLETS_SIMULATOR = Get-SimulatorPath
        $compatHost = Get-CompatHost
        $compat = Wait-PesterLanes (Start-PesterLanes $compatHost) $compatHost
        Write-Host "$($compat.Passed) passed, $($compat.Failed) failed, $($compat.Skipped) skipped"
        if ($compat.Failed -gt 0 -or $compat.Passed -eq 0) { exit 1 }
    }
    'Pester' {
        # The Pester suite alone in whatever PowerShell runs this script (TestCompat and the CI's 7.4 jobs use it).
        New-Item -ItemType Directory -Force $results | Out-Null
        $pester = Invoke-PesterTests -Name $RunName
        Write-Host "$($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
        if ($pester.Failed -gt 0 -or $pester.Passed -eq 0) { exit 1 }
    }
}
