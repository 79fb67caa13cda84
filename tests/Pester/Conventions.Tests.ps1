# PowerShell conventions: id parameters take arrays (as Stop-Process -Id 1,2 does), with the per-item semantics, order
# and accounting of piped input; help that PowerShell can show; one error for conflicting credentials.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    function Get-DeploymentGuid([int] $n) { 'de900000-0000-4000-8000-{0:D12}' -f $n }
    function Get-BuildGuid([int] $n) { 'b0100000-0000-4000-8000-{0:D12}' -f $n }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Id parameters take arrays' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        $cf = @{ Url = $sim.Url; Token = $sim.Credentials.cloudFoundryToken; Confirm = $false }
    }

    It 'Stop-BmRelease -ReleaseId 2,3 cancels each, one result each, in order' {
        $stopped = @(Stop-BmRelease -ReleaseId 2, 3 -Confirm:$false)

        $stopped.ReleaseId | Should -Be 2, 3
        (Get-SimRequest $sim -Path '/api/releases/cancel' | ConvertFrom-RequestBody).releaseId | Should -Be '2', '3'
    }

    It 'takes the ids by position, and names -ReleaseId when one is refused' {
        @(Stop-BmRelease 2, 3 -Confirm:$false).ReleaseId | Should -Be 2, 3

        { Stop-BmRelease 2, '1.2' -Confirm:$false } | Should -Throw -ExpectedMessage "*'ReleaseId'*-ReleaseNumber*"
        @(Get-SimRequest $sim -Path '/api/releases/cancel').Count | Should -Be 2
    }

    It 'accounts for each id as for piped input: one object or one error each, in input order, with -ThrottleLimit' {
        $results = @(Stop-BmRelease -ReleaseId 4, 99, 2, 3 -ThrottleLimit 4 -Confirm:$false 2>&1)

        $results.Count | Should -Be 4
        $results[0].ReleaseId | Should -Be 4
        $results[1].FullyQualifiedErrorId | Should -BeLike 'ReleaseNotFound,*'
        $results[1].TargetObject | Should -Be 99
        $results[2].ReleaseId | Should -Be 2
        $results[3].ReleaseId | Should -Be 3
    }

    It 'asks ShouldProcess once per id and sends nothing under -WhatIf' {
        $text = Get-HostOutput { Stop-BmRelease -ReleaseId 2, 3, 4 -WhatIf }

        ([regex]::Matches($text, 'What if')).Count | Should -Be 3
        @(Get-SimRequest $sim).Count | Should -Be 0
    }

    It 'Stop-CfDeployment -DeploymentGuid takes several guids' {
        $results = @(Stop-CfDeployment -DeploymentGuid (Get-DeploymentGuid 1), (Get-DeploymentGuid 2) @cf)

        $results.DeploymentGuid | Should -Be (Get-DeploymentGuid 1), (Get-DeploymentGuid 2)
    }

    It 'Stop-CfDeployment -AppGuid takes several apps' {
        $results = @(Stop-CfDeployment -AppGuid 'a9900000-0000-4000-8000-000000000001', 'a9900000-0000-4000-8000-000000000002' @cf)

        $results.AppGuid | Should -Be 'a9900000-0000-4000-8000-000000000001', 'a9900000-0000-4000-8000-000000000002'
    }

    It 'Stop-CfBuild -BuildUuid takes several builds' {
        $results = @(Stop-CfBuild -BuildUuid (Get-BuildGuid 1), (Get-BuildGuid 2) -Confirm:$false)

        $results.BuildUuid | Should -Be (Get-BuildGuid 1), (Get-BuildGuid 2)
    }

    It 'Stop-BasetenPromotion -ModelId takes several models' {
        $results = @(Stop-BasetenPromotion -ModelId abc123xy, m3 -Url $sim.Url -Confirm:$false)

        $results.ModelId | Should -Be 'abc123xy', 'm3'
    }

    It 'piped ids still bind one at a time' {
        @('de900000-0000-4000-8000-000000000001', 'de900000-0000-4000-8000-000000000002' | Stop-CfDeployment @cf).Count | Should -Be 2
        @(2, '3' | Stop-BmRelease -Confirm:$false).ReleaseId | Should -Be 2, 3
    }
}
