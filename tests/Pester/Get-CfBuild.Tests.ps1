BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    function Get-BuildGuid([int] $n) { 'b0100000-0000-4000-8000-{0:D12}' -f $n }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Get-CfBuild' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    It 'lists a Worker''s builds that are not stopped, newest first, as the objects Stop-CfBuild writes' {
        $builds = @(Get-CfBuild my-worker)

        $builds | ForEach-Object { $_ | Should -BeOfType ([ReleaseCmdlets.Cloudflare.CloudflareBuild]) }
        $builds.BuildStatus | Sort-Object -Unique | Should -Be 'initializing', 'queued', 'running'
        @($builds).Count | Should -Be 4
        $builds[0].Status | Should -BeIn 'queued', 'initializing', 'running'
        (Get-SimRequest $sim).path | Select-Object -First 1 | Should -Match '/workers/scripts$'
    }

    It '-Status stopped lists the finished ones; -Branch keeps one branch' {
        (Get-CfBuild my-worker -Status stopped).BuildOutcome | Sort-Object | Should -Be 'cancelled', 'success'
        (Get-CfBuild my-worker -Status STOPPED).BuildOutcome | Sort-Object | Should -Be 'cancelled', 'success'
        (Get-CfBuild my-worker -Branch feature/login).BuildUuid | Should -Be (Get-BuildGuid 2)
    }

    It 'reads every page' {
        $many = 1..150 | ForEach-Object { @{ buildUuid = ('b0300000-0000-4000-8000-{0:D12}' -f $_); status = 'running'; scriptTag = '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f' } }
        Invoke-SimControl $sim -Path '/_sim/cloudflare/builds' -Body $many | Out-Null

        @(Get-CfBuild quiet-worker).Count | Should -Be 150
        @(Get-SimRequest $sim -Path "/client/v4/accounts/$($sim.Credentials.cloudflareAccountId)/builds/workers").Count | Should -Be 2
    }

    It 'a Worker with nothing running writes nothing and no error; an unknown Worker is WorkerNotFound' {
        Get-CfBuild quiet-worker -ErrorVariable problems | Should -BeNullOrEmpty
        $problems | Should -BeNullOrEmpty

        Get-CfBuild no-such-worker -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'WorkerNotFound,ReleaseCmdlets.Commands.GetCfBuildCommand'
    }

    It '-BuildUuid reads the builds named; an unknown one is ObjectNotFound' {
        $found = Get-CfBuild -BuildUuid (Get-BuildGuid 4), 'b0100000-0000-4000-8000-00000000ffff' -ErrorVariable problems -ErrorAction SilentlyContinue

        $found.BuildOutcome | Should -Be 'success'
        $problems.Count | Should -Be 1
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'pipes into Stop-CfBuild: -WhatIf sends no cancel, then each listed build is cancelled' {
        Get-CfBuild my-worker -Branch main | Stop-CfBuild -WhatIf
        Get-SimRequest $sim | Where-Object method -EQ 'PUT' | Should -BeNullOrEmpty

        $stopped = @(Get-CfBuild my-worker -Branch main | Stop-CfBuild -Confirm:$false)

        $stopped.Count | Should -Be 3
        $stopped.Status | Sort-Object -Unique | Should -Be 'cancelled'
    }

    It 'refuses a token with the global key before any request (CredentialConflict)' {
        { Get-CfBuild my-worker -ApiToken t -Email a@example.com -ApiKey k } | Should -Throw -ErrorId 'CredentialConflict,ReleaseCmdlets.Commands.GetCfBuildCommand'
        Get-SimRequest $sim | Should -BeNullOrEmpty
    }
}
