# PowerShell conventions: id parameters take arrays (as Stop-Process -Id 1,2 does), with the per-item semantics, order
# and accounting of piped input; help that PowerShell can show; one error for conflicting credentials.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

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

Describe 'Help that PowerShell can show' {
    It '<_> has a HelpUri to its help page in the repository' -ForEach (Get-ModuleCmdletName) {
        $command = Get-Command $_
        $command.HelpUri | Should -Be "https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/docs/help/$_.md"
        Test-Path (Join-Path $RepoRoot "docs/help/$_.md") | Should -BeTrue
    }

    It 'every mandatory parameter of <_> has a HelpMessage, in every parameter set' -ForEach (Get-ModuleCmdletName) {
        $missing = foreach ($set in (Get-Command $_).ParameterSets) {
            $set.Parameters | Where-Object { $_.IsMandatory -and -not $_.HelpMessage } | ForEach-Object { "$($set.Name): $($_.Name)" }
        }
        $missing | Should -BeNullOrEmpty
    }
}

Describe 'Conflicting credentials' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    It 'Stop-CfBuild <Case> is CredentialConflict before any request' -ForEach @(
        @{ Case = 'by position, token and global key'; Arguments = @{ ApiToken = 't'; Email = 'a@example.com'; ApiKey = 'k' }; Positional = $true }
        @{ Case = '-BuildUuid, token and email'; Arguments = @{ ApiToken = 't'; Email = 'a@example.com' } }
        @{ Case = '-BuildUuid, token and key'; Arguments = @{ ApiToken = 't'; ApiKey = 'k' } }
        @{ Case = '-WorkerName, token and global key'; Arguments = @{ WorkerName = 'my-worker'; ApiToken = 't'; Email = 'a@example.com'; ApiKey = 'k' } }
    ) {
        $arguments = $Arguments.Clone()
        $build = 'b0100000-0000-4000-8000-000000000001'
        $thrown = if ($Positional) { { Stop-CfBuild $build @arguments -Confirm:$false } | Should -Throw -PassThru }
        elseif ($arguments.WorkerName) { { Stop-CfBuild @arguments -Confirm:$false } | Should -Throw -PassThru }
        else { { Stop-CfBuild -BuildUuid $build @arguments -Confirm:$false } | Should -Throw -PassThru }

        $thrown.FullyQualifiedErrorId | Should -Be 'CredentialConflict,ReleaseCmdlets.Commands.StopCfBuildCommand'
        $thrown.Exception.Message | Should -Match '-ApiToken.*-Email with -ApiKey'
        @(Get-SimRequest $sim).Count | Should -Be 0
    }
}

Describe 'Messages that read well' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    It 'a 403 recommends what <Command> needs, not what another service does' -ForEach @(
        @{ Command = 'Stop-CfBuild'; Call = { Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' -ApiToken $sim.Credentials.cloudflareReadOnlyApiToken -Confirm:$false }; Needs = 'Workers CI Write' }
        @{ Command = 'Stop-CfDeployment'; Call = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url $sim.Url -Token $sim.Credentials.cloudFoundryReadOnlyToken -Confirm:$false }; Needs = 'SpaceDeveloper' }
        @{ Command = 'Stop-BmRelease'; Call = { Stop-BmRelease 2 -ApiKey 'wrong-key' -Confirm:$false }; Needs = 'Release & Build Deployment' }
    ) {
        $problems = @(& $Call 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })

        $problems[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $problems[0].ErrorDetails.RecommendedAction | Should -Match ([regex]::Escape($Needs))
        $problems[0].ErrorDetails.RecommendedAction | Should -Not -Match 'for BuildMaster'
    }

    It 'joins a service''s words and the module''s as sentences' {
        $thrown = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url $sim.Url -Token $sim.Credentials.cloudFoundryExpiredToken -Confirm:$false } | Should -Throw -PassThru

        $thrown.Exception.Message | Should -Match '[.!?] The token is missing'
    }

    It 'a single refused input says so without counting inputs' {
        Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 401 -ContentType 'text/plain' -Body 'Unauthorized'

        $thrown = { Stop-BmRelease 2 -Confirm:$false } | Should -Throw -PassThru

        $thrown.ErrorDetails.Message | Should -Match 'The credential was refused, so the command stopped and read no further input\.$'
        $thrown.ErrorDetails.Message | Should -Not -Match '\d inputs?'
    }

    It 'the release table fits the largest release id' {
        Invoke-SimControl $sim -Path '/_sim/buildmaster/releases' -Body @(@{ id = 2147483647; releaseNumber = '9.9'; applicationId = 1; applicationName = 'Accounting'; status = 'active' }) | Out-Null

        $text = Get-BmRelease -ReleaseId 2147483647 | Format-Table | Out-String -Width 80

        $text | Should -Match '2147483647'
        $text | Should -Not -Match '…'
    }
}
