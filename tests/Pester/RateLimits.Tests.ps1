# Mass cancels paced by each service's request budget, against the simulator's rate limits scaled down and shaped as
# the vendors send them: Cloudflare's named policies (exceeding one blocks every call for its whole period) and Cloud
# Controller's per-process counter behind a global limit and an estimate in tenths, over a network with jitter. The
# module and the simulator share a virtual clock that the test moves (tests/Pester/VirtualClock.ps1): the windows,
# the waits and the network's latency take no real time, and the simulator counts in windows of the same time. On
# Windows PowerShell 5.1, which the virtual clock does not reach (VirtualClock.ps1), the same tests run in real time.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'VirtualClock.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $token = $sim.Credentials.cloudFoundryToken
    function New-Builds([int] $Count) {
        $uuids = 1..$Count | ForEach-Object { 'b0400000-0000-4000-8000-{0:D12}' -f $_ }
        Invoke-SimControl $sim -Path '/_sim/cloudflare/builds' -Body @($uuids | ForEach-Object { @{ buildUuid = $_; status = 'running' } }) | Out-Null
        $uuids
    }
    function New-Deployments([int] $Count) {
        $guids = 1..$Count | ForEach-Object { 'de930000-0000-4000-8000-{0:D12}' -f $_ }
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @($guids | ForEach-Object { @{ guid = $_; appGuid = 'a9900000-0000-4000-8000-000000000003'; state = 'DEPLOYING' } }) | Out-Null
        $guids
    }

    # Runs the calls at the same time, each in a PowerShell of its own with its input in $piped (with several calls,
    # $Piped holds one input per call), on the virtual clock the test started, moving it and the simulator's time a
    # step at a time until every call ends (without a clock, on 5.1, they run in real time). For each call: what it
    # wrote, its errors, verbose lines and progress.
    function Invoke-Paced($Clock, [scriptblock[]] $Call, [object[]] $Piped) {
        $runs = @()
        try {
            $runs = @(for ($i = 0; $i -lt $Call.Count; $i++) { Start-Concurrent $Call[$i] -Piped $(if ($Call.Count -eq 1) { $Piped } else { $Piped[$i] }) })
            $ended = { @($runs | Where-Object { -not $_.Handle.IsCompleted }).Count -eq 0 }
            if ($Clock) { $null = Step-Clock $Clock -Simulator $sim -Most ([timespan]::FromMinutes(10)) -Until $ended }
            else { Wait-Until $ended -Because 'the paced calls end' -Seconds 300 }
            foreach ($run in $runs) {
                [pscustomobject]@{
                    Output = @(Receive-Concurrent $run); Errors = @($run.Shell.Streams.Error)
                    Verbose = @($run.Shell.Streams.Verbose); Progress = @($run.Shell.Streams.Progress)
                }
            }
        }
        finally { foreach ($run in $runs) { Stop-Concurrent $run } }
    }

    # How far apart in the simulator's time the first and the last of these requests came.
    function Get-LedgerSpan([object[]] $Requests) {
        ([DateTimeOffset]$Requests[-1].receivedAt - [DateTimeOffset]$Requests[0].receivedAt).TotalSeconds
    }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Request budgets' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/0' | Out-Null
    }

    Context 'on a virtual clock' {
        BeforeEach {
            $clock = if ($PSEdition -ne 'Desktop') { Use-VirtualClock -Simulator $sim }
        }

        AfterEach {
            if ($clock) { Reset-EngineClock }
        }

        It 'Cloudflare, a quota of 40 per 4 s: 60 cancels at -ThrottleLimit 16 send no request over the quota, and write every result in order' {
            Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/40/4' | Out-Null
            $uuids = New-Builds 60
            $firstWindowEnds = $(if ($clock) { $clock.GetUtcNow() } else { [DateTimeOffset]::UtcNow }).AddSeconds(4)

            $paced = Invoke-Paced $clock { $piped | Stop-CfBuild -ThrottleLimit 16 -Confirm:$false } $uuids

            $paced.Errors | Should -BeNullOrEmpty
            $paced.Output.BuildUuid | Should -Be $uuids
            $paced.Output.Status | Sort-Object -Unique | Should -Be 'cancelled'
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
            # The service's ledger, in its time: no more than the quota before the first window ended, the rest after.
            $cancels = @(Get-SimRequest $sim | Where-Object method -EQ 'PUT')
            $cancels.Count | Should -Be 60
            @($cancels | Where-Object { [DateTimeOffset]$_.receivedAt -lt $firstWindowEnds }).Count | Should -BeLessOrEqual 40
        }

        It 'Cloudflare: a 429 that still comes (another client spent the quota) is waited out, and no cancel is lost or repeated' {
            Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/40/4' | Out-Null
            $uuids = New-Builds 20
            $headers = @{ Authorization = "Bearer $($sim.Credentials.cloudflareApiToken)" }
            1..41 | ForEach-Object { try { Invoke-RestMethod "$($sim.Url)/client/v4/accounts/$($sim.Credentials.cloudflareAccountId)/workers/scripts" -Headers $headers | Out-Null } catch { } }

            $paced = Invoke-Paced $clock { $piped | Stop-CfBuild -ThrottleLimit 8 -Confirm:$false } $uuids

            $paced.Errors | Should -BeNullOrEmpty
            $paced.Output.BuildUuid | Should -Be $uuids
            $paced.Output.Status | Sort-Object -Unique | Should -Be 'cancelled'
            $cancels = @(Get-SimRequest $sim | Where-Object { $_.method -eq 'PUT' })
            # Each build's cancel reached the service once: the refused attempts never did (the block refuses before the route).
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/builds' | Where-Object { $uuids -contains $_.buildUuid -and $_.outcome -eq 'cancelled' }).Count | Should -Be 20
            $cancels.Count | Should -BeGreaterOrEqual 20
        }

        It 'Cloud Controller, a counter of 30 per 5 s: 40 cancels with their read-backs at -ThrottleLimit 16 are never refused, results in order' {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/30/5' | Out-Null
            $guids = New-Deployments 40

            $paced = Invoke-Paced $clock { $piped | Stop-CfDeployment -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -ThrottleLimit 16 -Confirm:$false } $guids

            $paced.Errors | Should -BeNullOrEmpty
            $paced.Output.DeploymentGuid | Should -Be $guids
            # 40 cancels and 40 read-backs need a third window of the counter: they span a whole window, in the service's time.
            Get-LedgerSpan @(Get-SimRequest $sim -Path '/v3/deployments') | Should -BeGreaterOrEqual 5
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/rate-limit').refused | Should -Be 0
        }

        It 'Cloudflare: two commands at the same time in one session share the budget of their credential' {
            Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/40/4' | Out-Null
            $uuids = New-Builds 60
            $halves = $uuids[0..29], $uuids[30..59]
            $stop = { $piped | Stop-CfBuild -Url "$($sim.Url)/client/v4" -AccountId $sim.Credentials.cloudflareAccountId -ApiToken $sim.Credentials.cloudflareApiToken -ThrottleLimit 16 -Confirm:$false }

            $paced = Invoke-Paced $clock $stop, $stop $halves

            $paced[0].Output.BuildUuid | Should -Be $halves[0]
            $paced[1].Output.BuildUuid | Should -Be $halves[1]
            $paced.Errors | Should -BeNullOrEmpty
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
        }

        It 'Cloudflare counts per user: a token and the global key of one user, at the same time, share one budget and are never refused' {
            Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/40/4' | Out-Null
            $uuids = New-Builds 60
            $halves = $uuids[0..29], $uuids[30..59]
            $byToken = { $piped | Stop-CfBuild -Url "$($sim.Url)/client/v4" -AccountId $sim.Credentials.cloudflareAccountId -ApiToken $sim.Credentials.cloudflareApiToken -ThrottleLimit 16 -Confirm:$false }
            $byKey = { $piped | Stop-CfBuild -Url "$($sim.Url)/client/v4" -AccountId $sim.Credentials.cloudflareAccountId -Email $sim.Credentials.cloudflareEmail -ApiKey $sim.Credentials.cloudflareApiKey -ThrottleLimit 16 -Confirm:$false }

            $paced = Invoke-Paced $clock $byToken, $byKey $halves

            $paced[0].Output.BuildUuid | Should -Be $halves[0]
            $paced[1].Output.BuildUuid | Should -Be $halves[1]
            $paced.Errors | Should -BeNullOrEmpty
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
        }

        It 'Cloud Controller: -Wait on many deployments polls within the budget the cancels share, and every deployment ends CANCELED' {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/20/4' | Out-Null
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/4000' | Out-Null
            $guids = New-Deployments 12

            $paced = Invoke-Paced $clock { $piped | Stop-CfDeployment -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -Wait -TimeoutSec 120 -ThrottleLimit 16 -Confirm:$false } $guids

            $paced.Errors | Should -BeNullOrEmpty
            $paced.Output.DeploymentGuid | Should -Be $guids
            $paced.Output.Status | Sort-Object -Unique | Should -Be 'CANCELED'
            # More requests than one window of the counter allows: the polls had to share it with the cancels.
            @(Get-SimRequest $sim -Path '/v3/deployments').Count | Should -BeGreaterThan 20
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/rate-limit').refused | Should -Be 0
        }

        It 'says with -Verbose which headers set the pace, and shows the wait as progress' {
            Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/10/3' | Out-Null
            $uuids = New-Builds 15

            $paced = Invoke-Paced $clock { $piped | Stop-CfBuild -Confirm:$false -Verbose } $uuids

            $paced.Output.Count | Should -Be 15
            ($paced.Verbose.Message -join "`n") | Should -Match 'waits [\d.]+ s for the request budget, paced by the Ratelimit and Ratelimit-Policy headers'
            @($paced.Progress | Where-Object Activity -EQ "Waiting for the service's request budget").Count | Should -BeGreaterThan 0
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
        }

        It 'Cloudflare, two named policies (a burst of 10 per 1 s beside 40 per 4 s) over a jittery network: 60 cancels, none refused, in order' {
            Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/40/4/10/1' | Out-Null
            Invoke-SimControl $sim -Path '/_sim/latency/0/250' | Out-Null
            $uuids = New-Builds 60

            $paced = Invoke-Paced $clock { $piped | Stop-CfBuild -ThrottleLimit 16 -Confirm:$false } $uuids

            $paced.Errors | Should -BeNullOrEmpty
            $paced.Output.BuildUuid | Should -Be $uuids
            $paced.Output.Status | Sort-Object -Unique | Should -Be 'cancelled'
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
        }

        It 'Cloudflare, 40 per 4 s over a network of 0-250 ms: 100 cancels at -ThrottleLimit 16, none refused (requests late at a window''s end count in the next)' {
            Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/40/4' | Out-Null
            Invoke-SimControl $sim -Path '/_sim/latency/0/250' | Out-Null
            $uuids = New-Builds 100

            $paced = Invoke-Paced $clock { $piped | Stop-CfBuild -ThrottleLimit 16 -Confirm:$false } $uuids

            $paced.Errors | Should -BeNullOrEmpty
            $paced.Output.BuildUuid | Should -Be $uuids
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
        }

        It 'Cloud Controller, per-process limit 20 behind a global 200 (two processes, estimates in tenths): 30 cancels with -Wait land once each, none fails' {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/20/200/4/2' | Out-Null
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/1500' | Out-Null
            $guids = New-Deployments 30

            $paced = Invoke-Paced $clock { $piped | Stop-CfDeployment -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -Wait -TimeoutSec 120 -ThrottleLimit 16 -Confirm:$false } $guids

            $paced.Errors | Should -BeNullOrEmpty
            $paced.Output.DeploymentGuid | Should -Be $guids
            $paced.Output.Status | Sort-Object -Unique | Should -Be 'CANCELED'
            $refused = (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/rate-limit').refused
            Write-Host "    refused where the estimate of one process could not show the other's: $refused"
        }
    }

    Context 'where nothing waits (real time)' {
        It 'Cloudflare: an absurd reset (t=2147483647) in one answer is a clear RateLimited error for a later call, never an exception or a block for the session' {
            Invoke-SimControl $sim -Path '/_sim/faults' -Body @(@{ path = '/builds/builds/'; method = 'PUT'; times = 1; headers = @{ Ratelimit = '"default";r=0;t=2147483647' } }) | Out-Null
            $uuids = New-Builds 2

            $first = Stop-CfBuild $uuids[0] -Confirm:$false
            $second = Stop-CfBuild $uuids[1] -TimeoutSec 5 -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue

            $first.Status | Should -Be 'cancelled'
            $second | Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'RateLimited,*'
            $problems[0].Exception.Message | Should -Match 'allows the next request at .* UTC \(in 300 s'
        }

        It 'Cloudflare: with -TimeoutSec 0 an absurd reset is a wait bounded by the 5-minute window, shown as progress, not an exception' {
            Invoke-SimControl $sim -Path '/_sim/faults' -Body @(@{ path = '/builds/builds/'; method = 'PUT'; times = 1; headers = @{ Ratelimit = '"default";r=0;t=2147483647' } }) | Out-Null
            $uuids = New-Builds 2
            $powershell = [powershell]::Create()
            try {
                $null = $powershell.AddScript("Import-Module '$RepoRoot/out/ReleaseCmdlets/ReleaseCmdlets.psd1'; " +
                    "`$args | Stop-CfBuild -Url '$($sim.Url)/client/v4' -AccountId '$($sim.Credentials.cloudflareAccountId)' -ApiToken '$($sim.Credentials.cloudflareApiToken)' -TimeoutSec 0 -Confirm:`$false").AddArgument($uuids[0]).AddArgument($uuids[1])
                $pending = $powershell.BeginInvoke()
                # By index, never enumerated: enumerating a running pipeline's stream blocks until the pipeline ends.
                $progress = $powershell.Streams.Progress
                $wait = $null
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while (-not $wait -and -not $pending.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
                    Start-Sleep -Milliseconds 100
                    if ($progress.Count -eq 0) { continue }
                    $wait = (0..($progress.Count - 1)).Where({ $progress[$_].Activity -eq "Waiting for the service's request budget" -and $progress[$_].SecondsRemaining -gt 0 }, 'First') | ForEach-Object { $progress[$_] }
                }

                $pending.IsCompleted | Should -BeFalse -Because 'the second cancel waits for the bounded reset'
                $powershell.Streams.Error.Count | Should -Be 0
                $wait | Should -Not -BeNullOrEmpty
                $wait.SecondsRemaining | Should -BeLessOrEqual 300
            }
            finally { $powershell.Stop(); $powershell.Dispose() }
        }

        It 'Cloud Controller: an estimate of 0 with the reset an hour away is no failure: the requests go one at a time' {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/100/1000/3600/1' | Out-Null
            $guids = New-Deployments 3
            # Another client of the same user spent 90 of the process's 100: the estimate reads 0 with 10 requests left.
            $headers = @{ Authorization = "bearer $token" }
            1..90 | ForEach-Object { Invoke-RestMethod "$($sim.Url)/v3/deployments?per_page=1" -Headers $headers | Out-Null }

            $results = @($guids | Stop-CfDeployment -Url $sim.Url -Token $token -TimeoutSec 30 -ThrottleLimit 16 -Confirm:$false -ErrorVariable problems)

            $problems | Should -BeNullOrEmpty
            $results.DeploymentGuid | Should -Be $guids
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/rate-limit').refused | Should -Be 0
        }

        It 'Cloud Controller: absurd X-RateLimit headers on a cancel''s answer never lose the landed cancel, and later calls go on' {
            Invoke-SimControl $sim -Path '/_sim/faults' -Body @(@{ path = '/actions/cancel'; method = 'POST'; times = 1; headers = @{ 'X-RateLimit-Limit' = '1'; 'X-RateLimit-Remaining' = '0'; 'X-RateLimit-Reset' = '4102444800' } }) | Out-Null
            $guids = New-Deployments 2

            $first = Stop-CfDeployment $guids[0] -Url $sim.Url -Token $token -Confirm:$false -ErrorVariable problems
            $second = Stop-CfDeployment $guids[1] -Url $sim.Url -Token $token -Confirm:$false -ErrorVariable +problems

            $problems | Should -BeNullOrEmpty
            $first.DeploymentGuid | Should -Be $guids[0]
            $first.Status | Should -BeIn 'CANCELING', 'CANCELED'
            $second.DeploymentGuid | Should -Be $guids[1]
        }

        It 'Cloud Controller: its 429 is text/plain around the JSON error, read as the error it is' {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/1/1/3600/1' | Out-Null
            $guids = @(New-Deployments 1)
            Invoke-RestMethod "$($sim.Url)/v3/deployments?per_page=1" -Headers @{ Authorization = "bearer $token" } | Out-Null

            $result = Stop-CfDeployment $guids[0] -Url $sim.Url -Token $token -TimeoutSec 5 -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'RateLimited,*'
            $problems[0].Exception.Message | Should -Match 'Rate Limit Exceeded|CF-RateLimitExceeded|10013'
        }
    }
}
