# Mass cancels paced by each service's request budget, against the simulator's rate limits scaled down: Cloudflare's
# quota per window (exceeding it blocks every call for the rest of the window) and Cloud Controller's counter.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
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

    It 'Cloudflare, a quota of 40 per 4 s: 60 cancels at -ThrottleLimit 16 send no request over the quota, and write every result in order' {
        Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/40/4' | Out-Null
        $uuids = New-Builds 60
        $clock = [Diagnostics.Stopwatch]::StartNew()

        $results = @($uuids | Stop-CfBuild -ThrottleLimit 16 -Confirm:$false -ErrorVariable problems)

        $problems | Should -BeNullOrEmpty
        $results.BuildUuid | Should -Be $uuids
        $results.Status | Sort-Object -Unique | Should -Be 'cancelled'
        (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
        $clock.Elapsed.TotalSeconds | Should -BeGreaterThan 3   # 60 requests need a second window of the quota
    }

    It 'Cloudflare: a 429 that still comes (another client spent the quota) is waited out, and no cancel is lost or repeated' {
        Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/40/4' | Out-Null
        $uuids = New-Builds 20
        $headers = @{ Authorization = "Bearer $($sim.Credentials.cloudflareApiToken)" }
        1..41 | ForEach-Object { try { Invoke-RestMethod "$($sim.Url)/client/v4/accounts/$($sim.Credentials.cloudflareAccountId)/workers/scripts" -Headers $headers | Out-Null } catch { } }

        $results = @($uuids | Stop-CfBuild -ThrottleLimit 8 -Confirm:$false -ErrorVariable problems)

        $problems | Should -BeNullOrEmpty
        $results.BuildUuid | Should -Be $uuids
        $results.Status | Sort-Object -Unique | Should -Be 'cancelled'
        $cancels = @(Get-SimRequest $sim | Where-Object { $_.method -eq 'PUT' })
        # Each build's cancel reached the service once: the refused attempts never did (the block refuses before the route).
        (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/builds' | Where-Object { $uuids -contains $_.buildUuid -and $_.outcome -eq 'cancelled' }).Count | Should -Be 20
        $cancels.Count | Should -BeGreaterOrEqual 20
    }

    It 'Cloud Controller, a counter of 30 per 5 s: 40 cancels with their read-backs at -ThrottleLimit 16 are never refused, results in order' {
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/30/5' | Out-Null
        $guids = New-Deployments 40

        $results = @($guids | Stop-CfDeployment -Url $sim.Url -Token $token -ThrottleLimit 16 -Confirm:$false -ErrorVariable problems)

        $problems | Should -BeNullOrEmpty
        $results.DeploymentGuid | Should -Be $guids
        (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/rate-limit').refused | Should -Be 0
    }

    It 'Cloudflare: two commands at the same time in one session share the budget of their credential' {
        Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/40/4' | Out-Null
        $uuids = New-Builds 60
        $halves = $uuids[0..29], $uuids[30..59]
        $commands = foreach ($half in $halves) {
            $powershell = [powershell]::Create()
            $null = $powershell.AddScript("Import-Module '$RepoRoot/out/ReleaseCmdlets/ReleaseCmdlets.psd1'; " +
                "`$args[0] | Stop-CfBuild -Url '$($sim.Url)/client/v4' -AccountId '$($sim.Credentials.cloudflareAccountId)' -ApiToken '$($sim.Credentials.cloudflareApiToken)' -ThrottleLimit 16 -Confirm:`$false").AddArgument($half)
            [pscustomobject]@{ PowerShell = $powershell; Pending = $powershell.BeginInvoke() }
        }
        try {
            $written = foreach ($command in $commands) { , @($command.PowerShell.EndInvoke($command.Pending)) }

            $written[0].BuildUuid | Should -Be $halves[0]
            $written[1].BuildUuid | Should -Be $halves[1]
            $commands.PowerShell.Streams.Error | Should -BeNullOrEmpty
        }
        finally { $commands.PowerShell.Dispose() }
        (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
    }

    It 'Cloud Controller: -Wait on many deployments polls within the budget the cancels share, and every deployment ends CANCELED' {
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/20/4' | Out-Null
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/4000' | Out-Null
        $guids = New-Deployments 12

        $results = @($guids | Stop-CfDeployment -Url $sim.Url -Token $token -Wait -TimeoutSec 120 -ThrottleLimit 16 -Confirm:$false -ErrorVariable problems)

        $problems | Should -BeNullOrEmpty
        $results.DeploymentGuid | Should -Be $guids
        $results.Status | Sort-Object -Unique | Should -Be 'CANCELED'
        # More requests than one window of the counter allows: the polls had to share it with the cancels.
        @(Get-SimRequest $sim -Path '/v3/deployments').Count | Should -BeGreaterThan 20
        (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/rate-limit').refused | Should -Be 0
    }

    It 'says with -Verbose which headers set the pace, and shows the wait as progress' {
        Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/10/3' | Out-Null
        $uuids = New-Builds 15
        $powershell = [powershell]::Create()
        try {
            $null = $powershell.AddScript("Import-Module '$RepoRoot/out/ReleaseCmdlets/ReleaseCmdlets.psd1'; " +
                "`$args[0] | Stop-CfBuild -Url '$($sim.Url)/client/v4' -AccountId '$($sim.Credentials.cloudflareAccountId)' -ApiToken '$($sim.Credentials.cloudflareApiToken)' -Confirm:`$false -Verbose").AddArgument($uuids)
            $written = $powershell.Invoke()

            @($written).Count | Should -Be 15
            ($powershell.Streams.Verbose.Message -join "`n") | Should -Match 'waits [\d.]+ s for the request budget, paced by the Ratelimit and Ratelimit-Policy headers'
            @($powershell.Streams.Progress | Where-Object Activity -EQ "Waiting for the service's request budget").Count | Should -BeGreaterThan 0
        }
        finally { $powershell.Dispose() }
        (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
    }
}
