# The Get cmdlets take their URLs and credentials through the same checks as the Stop cmdlets: a bad value is refused
# before any request and never replaced by the environment.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Get cmdlets refuse bad values before any request' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    It '<Case> is <ErrorId>' -ForEach @(
        @{ Case = 'Get-CfBuild with an empty -ApiToken'; ErrorId = 'EmptyArgument'; Call = { Get-CfBuild my-worker -ApiToken '' } }
        @{ Case = 'Get-CfBuild with a line break inside -ApiToken'; ErrorId = 'InvalidHeaderValue'; Call = { Get-CfBuild my-worker -ApiToken "a`nb" } }
        @{ Case = 'Get-CfBuild with an empty -AccountId'; ErrorId = 'EmptyArgument'; Call = { Get-CfBuild my-worker -AccountId '' } }
        @{ Case = 'Get-CfBuild with a token and the global key'; ErrorId = 'CredentialConflict'; Call = { Get-CfBuild my-worker -ApiToken t -Email a@example.com -ApiKey k } }
        @{ Case = 'Get-BasetenPromotion with an empty -ApiKey'; ErrorId = 'EmptyArgument'; Call = { Get-BasetenPromotion abc123xy -Url $sim.Url -ApiKey '' } }
        @{ Case = 'Get-CfDeployment with a query in -Url'; ErrorId = 'InvalidUrl'; Call = { Get-CfDeployment -Url "$($sim.Url)?x=1" -Token t } }
        @{ Case = 'Get-CfDeployment with a blank -Token'; ErrorId = 'EmptyArgument'; Call = { Get-CfDeployment -Url $sim.Url -Token ' ' } }
    ) {
        { & $Call } | Should -Throw -ErrorId "$ErrorId,*"
        Get-SimRequest $sim | Should -BeNullOrEmpty
    }
}
