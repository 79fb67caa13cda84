# What the cross-cutting tests need of BuildMaster (Common.ps1's Get-ServiceCase reads every file here): objects of its
# output type for the format tests, and per cmdlet one successful call against the simulator, the request its faults
# aim at, the statuses its policy never retries, its SecureString credentials and the calls that must fail before any
# request. $sim is the test's simulator when these blocks run.
@{
    Service = 'BuildMaster'
    # The demo's steps (build.ps1 -Task Demo), each run exactly as printed (with $url, $api, $token, $space set as the
    # demo shows them first).
    Demo = @(
        'Get-BmRelease -Status active'
        'Get-BmRelease -Status active | Stop-BmRelease -Reason Demo -Confirm:$false'
        'Get-BmRelease'
    )
    # What the documented examples take from their surroundings (Examples.Tests.ps1): objects they name beside the
    # simulator's seed, a user's variables, the CI's environment and expressions, the credentials behind elided
    # `$env:X = '…'` lines, the example hosts that stand for the simulator, the files they read, parameter defaults.
    Examples = {
        @{
            World       = {
                Invoke-SimControl $sim -Path '/_sim/buildmaster/releases' -Body @(
                    @{ id = 42; releaseNumber = '3.0'; applicationId = 1; applicationName = 'Accounting'; pipelineName = 'Standard'; status = 'active'; sequence = 4 }
                    @{ id = 43; releaseNumber = '3.1'; applicationId = 1; applicationName = 'Accounting'; pipelineName = 'Standard'; status = 'active'; sequence = 5 }
                    @{ id = 44; releaseNumber = '2.0'; applicationId = 1; applicationName = 'Accounting'; pipelineName = 'Standard'; status = 'active'; sequence = 6 }
                    @{ id = 45; releaseNumber = '7.1'; applicationId = 12; applicationName = 'Payroll'; pipelineName = 'Hotfix'; status = 'active'; sequence = 1 }
                ) | Out-Null
            }
            Environment = @{ BM_URL = $sim.Url; BM_KEY = $sim.Credentials.buildMasterApiKey; RELEASE = '1.2'; RELEASE_NUMBER = '1.2' }
            Expressions = @{ 'inputs.release-number' = '1.2'; 'parameters.releaseNumber' = '1.2'; 'ReleaseNumber' = '1.2' }
            Credentials = @{ BUILDMASTER_API_KEY = $sim.Credentials.buildMasterApiKey }
            Hosts       = 'https://buildmaster.example.com', 'https://buildmaster.corp.local'
            Files       = { param($Folder) "ReleaseId`n2`n3" | Set-Content (Join-Path $Folder 'releases.csv') }
        }
    }
    Samples = { @(Get-BmRelease) }
    # The seeded soak of Reliability.Tests.ps1: $Count objects put in the simulator; one input per object, except where
    # $Missing says the input names one that does not exist; the Stop that cancels them all under random faults; how an
    # input, a cancel request of the ledger, the service's state and a result each name their object.
    Soak = {
        param([int] $Count, [scriptblock] $Missing)
        Invoke-SimControl $sim -Path "/_sim/buildmaster/generate/$Count" | Out-Null
        @{
            Inputs     = 1..$Count | ForEach-Object { [pscustomobject]@{ ReleaseId = if (& $Missing $_) { 900000 + $_ } else { $_ } } }
            Key        = { param($Item) "$($Item.ReleaseId)" }
            Stop       = { param($Inputs, $Common) $Inputs | Stop-BmRelease @Common 2>&1 }
            CancelPath = '^/api/releases/cancel$'
            LandedKey  = { param($Request) "$(($Request.body | ConvertFrom-Json).releaseId)" }
            State      = { Invoke-SimControl $sim -Method Get -Path '/_sim/buildmaster/releases' | Group-Object -AsHashTable -AsString -Property id }
            Cancelled  = { param($Record) $Record.status -eq 'canceled' }
            # An error names the piped object, or the release id alone (an error about the release the service named).
            ResultKey  = {
                param($Result)
                if ($Result -isnot [System.Management.Automation.ErrorRecord]) { "$($Result.ReleaseId)" }
                elseif ($Result.TargetObject.ReleaseId) { "$($Result.TargetObject.ReleaseId)" }
                else { "$($Result.TargetObject)" }
            }
        }
    }
    Cmdlets = @(
        @{
            Name = 'Get-BmRelease'
            Call = { Get-BmRelease -ReleaseId 2 @args }
            Path = '^/api/releases$'
            ReadsBody = $true
            NotRetried = 400, 404, 500
            Credentials = @('ApiKey')
            EmptyCredential = @{ Parameter = 'ApiKey'; Arguments = @{ Url = 'https://bm.example.com' } }
            PlainHttp = { Get-BmRelease -Url 'http://bm.example.com' }
        }
        @{
            Name = 'Stop-BmRelease'
            Call = { Stop-BmRelease -ReleaseId 2 -Confirm:$false @args }
            Path = '^/api/releases/cancel$'
            ReadsBody = $false
            NotRetried = 400, 404, 500
            Credentials = @('ApiKey')
            EmptyCredential = @{ Parameter = 'ApiKey'; Arguments = @{ ReleaseId = 1; Url = 'https://bm.example.com'; Confirm = $false } }
            PlainHttp = { Stop-BmRelease 1 -Url 'http://bm.example.com' -Confirm:$false }
        }
    )
}
