BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $token = $sim.Credentials.cloudFoundryToken
    $space = $sim.Credentials.cloudFoundrySpaceGuid
    function Get-DeploymentGuid([int] $n) { 'de900000-0000-4000-8000-{0:D12}' -f $n }
    function Get-AppGuid([int] $n) { 'a9900000-0000-4000-8000-{0:D12}' -f $n }
    function New-CfHome([string] $Json) {
        # Under TestDrive, which Pester removes after each block: no test leaves a folder behind.
        $cfHome = Join-Path $TestDrive ("cfhome-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path (Join-Path $cfHome '.cf') -Force | Out-Null
        if ($Json) { Set-Content -Path (Join-Path $cfHome '.cf/config.json') -Value $Json }
        $cfHome
    }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Stop-CfDeployment' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        $env:CF_HOME = New-CfHome   # an empty CF home: no cf CLI config unless a test writes one
        $cf = @{ Url = $sim.Url; Token = $token; Confirm = $false }
    }

    Context 'by deployment guid' {
        It 'posts the cancel with no body, reads the deployment back and writes it CANCELING' {
            $deployment = Stop-CfDeployment -DeploymentGuid (Get-DeploymentGuid 1) @cf

            $deployment | Should -BeOfType ([ReleaseCmdlets.CloudFoundry.CloudFoundryDeployment])
            $deployment.Provider | Should -Be 'CloudFoundry'
            $deployment.DeploymentGuid | Should -Be (Get-DeploymentGuid 1)
            $deployment.Id | Should -Be (Get-DeploymentGuid 1)
            $deployment.AppGuid | Should -Be (Get-AppGuid 1)
            $deployment.Status | Should -Be 'CANCELING'
            $deployment.StatusValue | Should -Be 'ACTIVE'
            $deployment.StatusReason | Should -Be 'CANCELING'
            $deployment.Strategy | Should -Be 'rolling'
            $deployment.IsFinal | Should -BeFalse
            $deployment.CreatedAt.Offset | Should -Be ([TimeSpan]::Zero)

            $requests = Get-SimRequest $sim -Path '/v3/deployments'
            $requests.Count | Should -Be 2
            $requests[0].method | Should -Be 'POST'
            $requests[0].path | Should -Be "/v3/deployments/$(Get-DeploymentGuid 1)/actions/cancel"
            $requests[0].body | Should -BeNullOrEmpty
            $requests[0].headers.Authorization | Should -Be "bearer $token"
            $requests[1].method | Should -Be 'GET'
        }

        It 'accepts the token with its bearer prefix and never doubles it' {
            Stop-CfDeployment (Get-DeploymentGuid 1) -Url $sim.Url -Token "bearer $token" -Confirm:$false | Out-Null
            (Get-SimRequest $sim)[0].headers.Authorization | Should -Be "bearer $token"
        }

        It 'takes the guid by its alias -Guid' {
            (Stop-CfDeployment -Guid (Get-DeploymentGuid 2) @cf).Status | Should -Be 'CANCELING'
        }

        It 'refuses a malformed guid at binding, before any request' {
            { Stop-CfDeployment -DeploymentGuid 'not-a-guid' @cf } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'surfaces X-Cf-Warnings as warnings' {
            Stop-CfDeployment (Get-DeploymentGuid 2) @cf -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
            $warnings.Message | Should -Be @('The app api uses a deprecated buildpack, cflinuxfs3')
        }
    }

    Context 'by app' {
        It 'by -AppGuid finds the latest ACTIVE deployment exactly as cf does, then cancels it' {
            $deployment = Stop-CfDeployment -AppGuid (Get-AppGuid 3) @cf

            $deployment.DeploymentGuid | Should -Be (Get-DeploymentGuid 6)
            $list = (Get-SimRequest $sim -Path '/v3/deployments')[0]
            $list.method | Should -Be 'GET'
            $list.query | Should -Be "?app_guids=$(Get-AppGuid 3)&status_values=ACTIVE&order_by=-created_at&per_page=1&page=1"
        }

        It 'by -AppName and -SpaceGuid looks the app up in that space' {
            $deployment = Stop-CfDeployment -AppName web -SpaceGuid $space @cf

            $deployment.DeploymentGuid | Should -Be (Get-DeploymentGuid 1)
            $deployment.AppName | Should -Be 'web'
            $deployment.Name | Should -Be 'web'
            (Get-SimRequest $sim -Path '/v3/apps')[0].query | Should -Be "?names=web&space_guids=$space"
        }

        It 'by -AppName defaults the space to the cf CLI target space' {
            $env:CF_HOME = New-CfHome (@{ SpaceFields = @{ GUID = $space; Name = 'dev' } } | ConvertTo-Json)
            (Stop-CfDeployment -AppName web @cf).DeploymentGuid | Should -Be (Get-DeploymentGuid 1)
        }

        It 'an app name found in several spaces asks for -SpaceGuid' {
            Stop-CfDeployment -AppName web @cf -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -Be 'AmbiguousAppName,ReleaseCmdlets.Commands.StopCfDeploymentCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'an app without an active deployment is ObjectNotFound and nothing is cancelled' {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @(@{ guid = (New-Guid).Guid; appGuid = (Get-AppGuid 3); state = 'DEPLOYED' }) | Out-Null
            Stop-CfDeployment -AppGuid (Get-AppGuid 9) @cf -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $problems[0].FullyQualifiedErrorId | Should -Be 'NoActiveDeployment,ReleaseCmdlets.Commands.StopCfDeploymentCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $problems[0].Exception.Message | Should -Match (Get-AppGuid 9)
            Get-SimRequest $sim | Where-Object method -EQ 'POST' | Should -BeNullOrEmpty
        }

        It 'an unknown app name is ObjectNotFound naming the app' {
            Stop-CfDeployment -AppName nosuchapp -SpaceGuid $space @cf -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -Be 'AppNotFound,ReleaseCmdlets.Commands.StopCfDeploymentCommand'
            $problems[0].Exception.Message | Should -Match 'nosuchapp'
        }
    }

    Context 'from the pipeline' {
        It 'takes 3 guids' {
            $stopped = @((Get-DeploymentGuid 1), (Get-DeploymentGuid 2), (Get-DeploymentGuid 4) | Stop-CfDeployment @cf)
            $stopped.DeploymentGuid | Should -Be (Get-DeploymentGuid 1), (Get-DeploymentGuid 2), (Get-DeploymentGuid 4)
            @(Get-SimRequest $sim | Where-Object method -EQ 'POST').Count | Should -Be 3
        }

        It 'takes 3 objects with a DeploymentGuid property' {
            $objects = 1, 2, 4 | ForEach-Object { [pscustomobject]@{ DeploymentGuid = (Get-DeploymentGuid $_); Note = 'x' } }
            $stopped = @($objects | Stop-CfDeployment @cf)
            $stopped.Status | Should -Be 'CANCELING', 'CANCELING', 'CANCELING'
        }

        It 'takes objects from the CF API JSON by their guid member' {
            $json = '{"resources":[{"guid":"' + (Get-DeploymentGuid 1) + '"},{"guid":"' + (Get-DeploymentGuid 2) + '"}]}'
            $stopped = @(($json | ConvertFrom-Json).resources | Stop-CfDeployment @cf)
            $stopped.DeploymentGuid | Should -Be (Get-DeploymentGuid 1), (Get-DeploymentGuid 2)
        }

        It 're-piping its own output cancels again without error (CANCELING is idempotent)' {
            $first = @(1, 2 | ForEach-Object { Get-DeploymentGuid $_ } | Stop-CfDeployment @cf)
            $again = @($first | Stop-CfDeployment @cf -ErrorVariable problems)
            $again.Status | Should -Be 'CANCELING', 'CANCELING'
            $problems | Should -BeNullOrEmpty
        }

        It 'writes one result per input in order when some fail' {
            $results = @((Get-DeploymentGuid 1), (Get-DeploymentGuid 99), (Get-DeploymentGuid 3), (Get-DeploymentGuid 2) | Stop-CfDeployment @cf 2>&1)
            $results.Count | Should -Be 4
            $results[0].DeploymentGuid | Should -Be (Get-DeploymentGuid 1)
            $results[1].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $results[2].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $results[3].DeploymentGuid | Should -Be (Get-DeploymentGuid 2)
        }
    }

    Context '-WhatIf' {
        It 'sends no request and names the deployment and host' {
            $said = Get-HostOutput { Stop-CfDeployment (Get-DeploymentGuid 1) -Url $sim.Url -Token $token -WhatIf }
            Get-SimRequest $sim | Should -BeNullOrEmpty
            $said | Should -Match "Cloud Foundry deployment $(Get-DeploymentGuid 1) at $([regex]::Escape(([Uri]$sim.Url).Authority))"
        }

        It 'sends no request for the app forms either' {
            Stop-CfDeployment -AppName web -SpaceGuid $space -Url $sim.Url -Token $token -WhatIf
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }
    }

    Context '-Wait' {
        It 'polls until the rollback is FINALIZED and writes CANCELED' {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/1200' | Out-Null
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $deployment = Stop-CfDeployment (Get-DeploymentGuid 1) -Wait @cf

            $deployment.Status | Should -Be 'CANCELED'
            $deployment.StatusValue | Should -Be 'FINALIZED'
            $deployment.IsFinal | Should -BeTrue
            $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1
            @(Get-SimRequest $sim | Where-Object method -EQ 'GET').Count | Should -BeGreaterThan 1
        }

        It 'gives up after -TimeoutSec with an OperationTimeout error' {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/60000' | Out-Null
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Stop-CfDeployment (Get-DeploymentGuid 1) -Wait -TimeoutSec 2 @cf -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
            $problems[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,ReleaseCmdlets.Commands.StopCfDeploymentCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        }
    }

    Context 'credentials from the cf CLI config' {
        It 'uses AccessToken, Target and the target space of $CF_HOME/.cf/config.json' {
            $env:CF_HOME = New-CfHome (@{ AccessToken = "bearer $token"; Target = $sim.Url; SpaceFields = @{ GUID = $space } } | ConvertTo-Json)

            $deployment = Stop-CfDeployment -AppName web -Confirm:$false

            $deployment.DeploymentGuid | Should -Be (Get-DeploymentGuid 1)
            (Get-SimRequest $sim)[0].headers.Authorization | Should -Be "bearer $token"
        }

        It 'a malformed config file is a clear terminating error' {
            $env:CF_HOME = New-CfHome '{ "AccessToken": "bearer abc", '
            { Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false } | Should -Throw -ErrorId 'InvalidCliConfig,ReleaseCmdlets.Commands.StopCfDeploymentCommand'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'no token anywhere is MissingCredential before any request' {
            { Stop-CfDeployment (Get-DeploymentGuid 1) -Url $sim.Url -Confirm:$false } | Should -Throw -ErrorId 'MissingCredential,ReleaseCmdlets.Commands.StopCfDeploymentCommand'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'no API endpoint anywhere is MissingUrl before any request' {
            { Stop-CfDeployment (Get-DeploymentGuid 1) -Token $token -Confirm:$false } | Should -Throw -ErrorId 'MissingUrl,ReleaseCmdlets.Commands.StopCfDeploymentCommand'
        }

        It 'the parameters beat the config file' {
            $env:CF_HOME = New-CfHome (@{ AccessToken = 'bearer stale'; Target = 'https://api.wrong.invalid' } | ConvertTo-Json)
            (Stop-CfDeployment (Get-DeploymentGuid 1) @cf).Status | Should -Be 'CANCELING'
        }
    }

    Context 'errors' {
        It '<Case> is <Category> with the CF code in the details' -ForEach @(
            @{ Case = 'an unknown deployment'; Guid = 99; Token = 'cloudFoundryToken'; Category = 'ObjectNotFound'; Id = 'NotFound'; Detail = 'Deployment not found (HTTP 404, CF-ResourceNotFound 10010, request id vcap-' }
            @{ Case = 'a user without a role (404, as CF does)'; Guid = 1; Token = 'cloudFoundryAuditorToken'; Category = 'ObjectNotFound'; Id = 'NotFound'; Detail = 'Deployment not found' }
            @{ Case = 'a token without write scope'; Guid = 1; Token = 'cloudFoundryReadOnlyToken'; Category = 'PermissionDenied'; Id = 'PermissionDenied'; Detail = 'CF-NotAuthorized 10003' }
            @{ Case = 'a deployed deployment'; Guid = 3; Token = 'cloudFoundryToken'; Category = 'InvalidOperation'; Id = 'InvalidOperation'; Detail = 'Cannot cancel a deployment with status: FINALIZED and reason: DEPLOYED (HTTP 422, CF-UnprocessableEntity 10008' }
        ) {
            Stop-CfDeployment (Get-DeploymentGuid $Guid) -Url $sim.Url -Token $sim.Credentials.$Token -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue |
                Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].CategoryInfo.Category | Should -Be $Category
            $problems[0].FullyQualifiedErrorId | Should -Be "$Id,ReleaseCmdlets.Commands.StopCfDeploymentCommand"
            $problems[0].ErrorDetails.Message | Should -BeLike "*$Detail*"
            $problems[0].TargetObject | Should -Be (Get-DeploymentGuid $Guid)
        }

        It 'an expired token stops the command with an AuthenticationError that says to run cf login' {
            $guids = (Get-DeploymentGuid 1), (Get-DeploymentGuid 2)
            $thrown = { $guids | Stop-CfDeployment -Url $sim.Url -Token $sim.Credentials.cloudFoundryExpiredToken -Confirm:$false } |
                Should -Throw -ErrorId 'AuthenticationFailed,ReleaseCmdlets.Commands.StopCfDeploymentCommand' -PassThru
            $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $thrown.ErrorDetails.Message | Should -Match "run 'cf login'"
            $thrown.ErrorDetails.Message | Should -Match 'CF-InvalidAuthToken 1000'
            $thrown.ErrorDetails.Message | Should -Match '0 inputs already received were not processed'
            @(Get-SimRequest $sim).Count | Should -Be 1
        }

        It 'an already canceled deployment is written without error' {
            $deployment = Stop-CfDeployment (Get-DeploymentGuid 5) @cf -ErrorVariable problems
            $deployment.Status | Should -Be 'CANCELED'
            $deployment.ErrorDetail | Should -Be 'Canceled by user'
            $problems | Should -BeNullOrEmpty
        }
    }
}
