<#
.SYNOPSIS
    Builds, tests and demonstrates the ReleaseCmdlets module.
.DESCRIPTION
    Build   builds the solution; the module is staged at out/ReleaseCmdlets.
    Test    builds, runs the xunit tests and the Pester tests (against the staged module and the simulator), and prints
            one line "N passed, N failed" over both. Exits non-zero when a test fails or when no test ran.
    Demo    builds, starts the simulator, and runs Get-BmRelease | Stop-BmRelease and the other cmdlets against it.
    Bench   builds, then measures import cost, per-item cost against a raw HttpClient, streaming and -ThrottleLimit.
    Package builds, checks the manifest and publishes a PowerShell Gallery-ready .nupkg to out/packages (a local
            PSResourceGet repository).
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$results = Join-Path $root 'out/test-results'

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

function Invoke-XunitTests {
    $trx = Join-Path $results 'xunit.trx'
    Remove-Item $trx -ErrorAction Ignore
    & dotnet test (Join-Path $root 'tests/ReleaseCmdlets.Tests') -c $Configuration --no-build -nologo `
        --logger "trx;LogFileName=xunit.trx" --logger 'console;verbosity=minimal' --results-directory $results | Out-Host
    if (-not (Test-Path $trx)) { throw 'xunit wrote no results: the test run did not start.' }
    $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout }
}

function Import-Pester {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $manifest = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) { throw "Pester 5.7.1 is not at $manifest; the build restores it (PackageDownload in tests/ReleaseCmdlets.Tests)." }
    Import-Module $manifest -Force
}

function Invoke-PesterTests {
    Import-Pester
    # The tests run in this session: give them PowerShell's defaults, not this script's "Stop" and strict mode.
    $ErrorActionPreference = 'Continue'
    Set-StrictMode -Off
    $env:RELEASECMDLETS_SIMULATOR = Get-SimulatorPath
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Join-Path $root 'tests/Pester'
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Normal'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputPath = Join-Path $results 'pester.xml'
    $run = Invoke-Pester -Configuration $configuration
    [pscustomobject]@{ Passed = $run.PassedCount; Failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount }
}

function Invoke-Tests {
    Invoke-Build
    New-Item -ItemType Directory -Force $results | Out-Null
    $xunit = Invoke-XunitTests
    $pester = Invoke-PesterTests
    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    . (Join-Path $root 'tests/Pester/Simulator.ps1')
    $simulator = Start-Simulator -Path (Get-SimulatorPath)
    $variables = 'BUILDMASTER_URL', 'BUILDMASTER_API_KEY', 'CLOUDFLARE_BASE_URL', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN', 'BASETEN_API_KEY'
    try {
        Import-Module (Join-Path $root 'out/ReleaseCmdlets') -Force
        $credentials = $simulator.Credentials
        Set-SimulatorEnvironment $simulator
        function Show([string] $Command, [scriptblock] $Script) {
            Write-Host "PS> $Command" -ForegroundColor Cyan
            & $Script | Format-Table | Out-Host
        }

        Write-Host "`nThe simulator runs at $($simulator.Url); the module talks to it over HTTP.`n" -ForegroundColor Cyan
        Show 'Get-BmRelease -Status active' { Get-BmRelease -Status active }
        Show 'Get-BmRelease -Status active | Stop-BmRelease -Reason Demo -Confirm:$false' { Get-BmRelease -Status active | Stop-BmRelease -Reason 'Demo' -Confirm:$false }
        Show 'Get-BmRelease' { Get-BmRelease }
        Show 'Stop-CfDeployment -AppName web -SpaceGuid $space -Url $api -Token $token -Wait -Confirm:$false   # Cloud Foundry' {
            Stop-CfDeployment -AppName web -SpaceGuid $credentials.cloudFoundrySpaceGuid -Url $simulator.Url -Token $credentials.cloudFoundryToken -Wait -Confirm:$false
        }
        Show "'b0100000-…-000000000001', 'b0100000-…-000000000002' | Stop-CfBuild -Confirm:`$false   # Cloudflare" {
            'b0100000-0000-4000-8000-000000000001', 'b0100000-0000-4000-8000-000000000002' | Stop-CfBuild -Confirm:$false
        }
        Show "'abc123xy', 'roll456z' | Stop-BasetenPromotion -Url `$url -Confirm:`$false" {
            'abc123xy', 'roll456z' | Stop-BasetenPromotion -Url $simulator.Url -Confirm:$false
        }
    }
    finally {
        $variables | ForEach-Object { Remove-Item "Env:$_" -ErrorAction Ignore }
        Stop-Simulator $simulator
    }
}

function Invoke-Bench {
    Invoke-Build
    & (Join-Path $root 'tests/ReleaseCmdlets.Benchmarks/Invoke-Benchmarks.ps1') -Simulator (Get-SimulatorPath)
}

function Invoke-Package {
    Invoke-Build
    $module = Join-Path $root 'out/ReleaseCmdlets'
    Test-ModuleManifest (Join-Path $module 'ReleaseCmdlets.psd1') | Out-Null
    $packages = Join-Path $root 'out/packages'
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
}
