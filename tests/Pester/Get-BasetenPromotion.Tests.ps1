BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Get-BasetenPromotion' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        $bt = @{ Url = $sim.Url }
    }

    It 'writes only promotions in flight: InProgressPromotionStatusV1 also holds the final SUCCEEDED, FAILED and CANCELED' {
        $statuses = [ordered]@{ production = 'RAMPING_UP'; staging = 'SUCCEEDED'; canary = 'FAILED'; development = 'CANCELED'; qa = 'PAUSED'; preview = 'RELEASING'; blue = 'RAMPING_DOWN' }
        Invoke-SimControl $sim -Path '/_sim/baseten/environments' -Body @($statuses.Keys | ForEach-Object { @{ modelId = 'fin4l5xx'; name = $_; promotingDeploymentId = 'c4nd1d8'; promotionStatus = $statuses[$_] } }) | Out-Null

        $inFlight = @(Get-BasetenPromotion fin4l5xx @bt)
        $every = @(Get-BasetenPromotion fin4l5xx -All @bt)

        @($inFlight.Environment | Sort-Object) | Should -Be 'blue', 'preview', 'production', 'qa'
        $every.Count | Should -Be 7
        @($every | Where-Object IsFinal).Status | Sort-Object | Should -Be 'CANCELED', 'FAILED', 'SUCCEEDED'
    }

    It 'writes the environments with a promotion in progress, from in_progress_promotion, as Stop-BasetenPromotion''s objects' {
        $promotions = @(Get-BasetenPromotion abc123xy @bt)

        $promotions | ForEach-Object { $_ | Should -BeOfType ([ReleaseCmdlets.Baseten.BasetenPromotion]) }
        $promotions.Environment | Should -Be 'production', 'staging'
        $promotions.Status | Sort-Object -Unique | Should -Be 'RELEASING'
        $promotions.CandidateDeploymentId | Sort-Object -Unique | Should -Be 'w9k2p4r'
        $promotions.IsFinal | Sort-Object -Unique | Should -BeFalse
        (Get-SimRequest $sim).path | Should -Be '/v1/models/abc123xy/environments'
    }

    It 'shows a rolling promotion''s status and traffic' {
        $rolling = Get-BasetenPromotion roll456z @bt
        $rolling.Status | Should -Be 'RAMPING_UP'
        $rolling.PercentTrafficToNewVersion | Should -Be 40
        $rolling.CurrentDeploymentStatus | Should -Be 'ACTIVE'
    }

    It '-All writes the environments without a promotion too; -Environment reads one' {
        (Get-BasetenPromotion abc123xy @bt -All).Environment | Should -Be 'production', 'staging', 'development'
        (Get-BasetenPromotion abc123xy @bt -All | Where-Object Environment -EQ development).Status | Should -BeNullOrEmpty
        (Get-BasetenPromotion abc123xy -Environment staging @bt).Environment | Should -Be 'staging'
        (Get-SimRequest $sim)[-1].path | Should -Be '/v1/models/abc123xy/environments/staging'
    }

    It 'a model with nothing in progress writes nothing and no error; an unknown model is ObjectNotFound' {
        Get-BasetenPromotion abc123xy -Environment development @bt -ErrorVariable problems | Should -BeNullOrEmpty
        $problems | Should -BeNullOrEmpty

        Get-BasetenPromotion nosuchmodel @bt -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It '-ModelName finds the id by name' {
        (Get-BasetenPromotion -ModelName whisper-rolling @bt).ModelId | Should -Be 'roll456z'
    }

    It 'pipes into Stop-BasetenPromotion: -WhatIf sends no cancel, then each listed promotion is cancelled' {
        Get-BasetenPromotion abc123xy @bt | Stop-BasetenPromotion @bt -WhatIf
        Get-SimRequest $sim | Where-Object path -Like '*cancel_promotion' | Should -BeNullOrEmpty

        $stopped = @(Get-BasetenPromotion abc123xy @bt | Stop-BasetenPromotion @bt -Confirm:$false)

        $stopped.Environment | Should -Be 'production', 'staging'
        $stopped.Status | Sort-Object -Unique | Should -Be 'CANCELED'
        @(Get-BasetenPromotion abc123xy @bt).Count | Should -Be 0
    }
}
