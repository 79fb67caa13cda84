BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'VirtualClock.ps1')
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

        It 'by -AppName asks for the apps listing compressed and reads it; the cancel and its read-back are not' {
            Stop-CfDeployment -AppName web -SpaceGuid $space @cf | Out-Null

            (Get-SimRequest $sim -Path '/v3/apps')[0].headers.'Accept-Encoding' | Should -Match 'gzip'
            $cancelAndRead = Get-SimRequest $sim -Path '/v3/deployments/'
            $cancelAndRead.Count | Should -Be 2
            $cancelAndRead | ForEach-Object { $_.headers.'Accept-Encoding' | Should -BeNullOrEmpty }
        }

        It 'by -AppName and -SpaceGuid looks the app up in that space' {
            $deployment = Stop-CfDeployment -AppName web -SpaceGuid $space @cf

            $deployment.DeploymentGuid | Should -Be (Get-DeploymentGuid 1)
            $deployment.AppName | Should -Be 'web'
            $deployment.Name | Should -Be 'web'
            (Get-SimRequest $sim -Path '/v3/apps')[0].query | Should -Be "?names=web&space_guids=$space&per_page=5000&page=1"
        }

        It 'by -AppName defaults the space to the cf CLI target space' {
            $env:CF_HOME = New-CfHome (@{ Target = $sim.Url; SpaceFields = @{ GUID = $space; Name = 'dev' } } | ConvertTo-Json)
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
        It 'polls at the cf CLI''s interval until the rollback is FINALIZED and writes CANCELED' -Skip:($PSEdition -eq 'Desktop') {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/600000' | Out-Null
            $deployment = Invoke-OnVirtualClock { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Wait @args } $cf {
                param($clock, $run)
                # The cancel, its read-back (CANCELING), then a poll every 3 s: the rollback ends before the second.
                Wait-ClockWait $clock 1 | Should -Be ([timespan]::FromSeconds(3))
                Step-Clock $clock -Until { @(Get-SimRequest $sim | Where-Object method -EQ 'GET').Count -ge 2 } | Should -BeGreaterOrEqual ([timespan]::FromSeconds(3))
                Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/0' | Out-Null
                Step-Clock $clock -Until { $run.Handle.IsCompleted } | Should -BeGreaterOrEqual ([timespan]::FromSeconds(3))
                Receive-Concurrent $run
            }

            $deployment.Status | Should -Be 'CANCELED'
            $deployment.StatusValue | Should -Be 'FINALIZED'
            $deployment.IsFinal | Should -BeTrue
            @(Get-SimRequest $sim | Where-Object method -EQ 'GET').Count | Should -Be 3
        }

        It 'gives up after -TimeoutSec with an OperationTimeout error, the cancel written as last seen' -Skip:($PSEdition -eq 'Desktop') {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/600000' | Out-Null
            $ended = Invoke-OnVirtualClock { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Wait -TimeoutSec 20 @args } $cf {
                param($clock, $run)
                @{
                    Moved   = Step-Clock $clock -Until { $run.Handle.IsCompleted } -Step ([timespan]::FromSeconds(1))
                    Written = Receive-Concurrent $run
                    Errors  = @($run.Shell.Streams.Error)
                }
            }
            $moved, $deployment, $problems = $ended.Moved, $ended.Written, $ended.Errors

            $moved | Should -BeGreaterOrEqual ([timespan]::FromSeconds(20))
            $moved | Should -BeLessThan ([timespan]::FromSeconds(60))
            $deployment.Status | Should -Be 'CANCELING'   # the cancel stands: written as last seen, with the error
            $problems[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,ReleaseCmdlets.Commands.StopCfDeploymentCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            @(Get-SimRequest $sim | Where-Object method -EQ 'GET').Count | Should -BeGreaterOrEqual 6   # the read-back, then a poll every 3 s
        }

        # Windows PowerShell 5.1: the same two in real time (VirtualClock.ps1 says why).
        It 'polls until the rollback is FINALIZED and writes CANCELED (real time)' -Skip:($PSEdition -ne 'Desktop') {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/1200' | Out-Null
            $deployment = Stop-CfDeployment (Get-DeploymentGuid 1) -Wait @cf

            $deployment.Status | Should -Be 'CANCELED'
            $deployment.IsFinal | Should -BeTrue
            @(Get-SimRequest $sim | Where-Object method -EQ 'GET').Count | Should -BeGreaterThan 1
        }

        It 'gives up after -TimeoutSec with an OperationTimeout error (real time)' -Skip:($PSEdition -ne 'Desktop') {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/60000' | Out-Null
            $deployment = Stop-CfDeployment (Get-DeploymentGuid 1) -Wait -TimeoutSec 2 @cf -ErrorVariable problems -ErrorAction SilentlyContinue

            $deployment.Status | Should -Be 'CANCELING'
            $problems[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,ReleaseCmdlets.Commands.StopCfDeploymentCommand'
        }
    }

    Context 'credentials from the cf CLI config' {
        It 'uses AccessToken, Target and the target space of $CF_HOME/.cf/config.json' {
            $session = Invoke-SimControl $sim -Path '/_sim/uaa/sessions?expiresIn=1200'
            $env:CF_HOME = New-CfHome (@{ AccessToken = $session.accessToken; RefreshToken = $session.refreshToken; Target = $sim.Url; UaaEndpoint = $sim.Url; SpaceFields = @{ GUID = $space } } | ConvertTo-Json)

            $deployment = Stop-CfDeployment -AppName web -Confirm:$false

            $deployment.DeploymentGuid | Should -Be (Get-DeploymentGuid 1)
            (Get-SimRequest $sim)[0].headers.Authorization | Should -Be $session.accessToken
            Get-SimRequest $sim -Path '/oauth/token' | Should -BeNullOrEmpty
        }

        It 'a malformed config file is a clear terminating error' {
            $env:CF_HOME = New-CfHome '{ "AccessToken": "bearer abc", '
            { Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false } | Should -Throw -ErrorId 'InvalidCliConfig,ReleaseCmdlets.Commands.StopCfDeploymentCommand'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'a config that names no Target gives its token to no -Url' {
            $session = Invoke-SimControl $sim -Path '/_sim/uaa/sessions?expiresIn=1200'
            $env:CF_HOME = New-CfHome (@{ AccessToken = $session.accessToken; RefreshToken = $session.refreshToken; UaaEndpoint = $sim.Url } | ConvertTo-Json)

            { Stop-CfDeployment (Get-DeploymentGuid 1) -Url $sim.Url -Confirm:$false } | Should -Throw -ErrorId 'MissingCredential,ReleaseCmdlets.Commands.StopCfDeploymentCommand' -ExpectedMessage '*names no Target*'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'a config.json that <Case> is InvalidCliConfig saying so' -ForEach @(
            @{ Case = 'is a directory'; Make = { param($file) New-Item -ItemType Directory -Path $file | Out-Null }; Says = '*is a directory*' }
            @{ Case = 'has a number for AccessToken'; Make = { param($file) Set-Content $file '{ "AccessToken": 5, "Target": "https://api.example.org" }' }; Says = '*AccessToken*' }
        ) {
            $env:CF_HOME = New-CfHome
            & $Make (Join-Path $env:CF_HOME '.cf/config.json')

            { Stop-CfDeployment (Get-DeploymentGuid 1) -Url $sim.Url -Confirm:$false } | Should -Throw -ErrorId 'InvalidCliConfig,*' -ExpectedMessage $Says
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

    Context 'a cf CLI session, renewed as the cf CLI renews it' {
        BeforeEach {
            # What `cf login` leaves: an access token (here expiring in the given seconds), a refresh token, the UAA
            # endpoint and client, and members the module must keep as they are.
            function New-SessionHome([int] $ExpiresIn, [hashtable] $Members = @{}, [switch] $ClientLogin) {
                $session = Invoke-SimControl $sim -Path "/_sim/uaa/sessions?expiresIn=$ExpiresIn&clientCredentials=$([bool]$ClientLogin)"
                $config = [ordered]@{
                    ConfigVersion = 3; Target = $sim.Url; APIVersion = '3.180.0'; AuthorizationEndpoint = $sim.Url; UaaEndpoint = $sim.Url
                    AccessToken = $session.accessToken; RefreshToken = $session.refreshToken
                    UAAOAuthClient = 'cf'; UAAOAuthClientSecret = ''; UAAGrantType = ''; SSHOAuthClient = 'ssh-proxy'
                    OrganizationFields = [ordered]@{ GUID = '0a9e0000-0000-4000-8000-000000000001'; Name = 'org'; QuotaDefinition = @{ name = ''; memory_limit = 0 } }
                    SpaceFields = [ordered]@{ GUID = $space; Name = 'dev'; AllowSSH = $true }
                    SkipSSLValidation = $false; PluginRepos = @(@{ Name = 'CF-Community'; URL = 'https://plugins.cloudfoundry.org' }); MinCLIVersion = '6.23.0'
                    Locale = 'fr-FR'; Trace = ''; Note = "caf$([char]0xe9) & <tags>"
                }
                foreach ($name in $Members.Keys) {
                    if ($null -eq $Members[$name]) { $config.Remove($name) } else { $config[$name] = $Members[$name] }
                }
                $cfHome = New-CfHome ($config | ConvertTo-Json -Depth 5)
                [pscustomobject]@{ Home = $cfHome; File = Join-Path $cfHome '.cf/config.json'; AccessToken = $session.accessToken; RefreshToken = $session.refreshToken }
            }
            function Get-OtherMembers([string] $File) {
                $config = Get-Content -Raw $File | ConvertFrom-Json
                $config.PSObject.Properties | Where-Object Name -notin 'AccessToken', 'RefreshToken' | ForEach-Object { "$($_.Name)=$($_.Value | ConvertTo-Json -Depth 5 -Compress)" }
            }
        }

        It 'renews an expiring token before the cancel, sends the new one, and writes it back keeping every other member' {
            $session = New-SessionHome -ExpiresIn 30
            $env:CF_HOME = $session.Home
            $before = Get-OtherMembers $session.File

            $deployment = Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false

            $deployment.Status | Should -Be 'CANCELING'
            $requests = @(Get-SimRequest $sim)
            $requests[0].path | Should -Be '/oauth/token'
            $requests[0].body | Should -Match "grant_type=refresh_token"
            $requests[0].headers.Authorization | Should -Be 'Basic Y2Y6'
            $written = Get-Content -Raw $session.File | ConvertFrom-Json
            $written.AccessToken | Should -Not -Be $session.AccessToken
            $written.AccessToken | Should -BeLike 'bearer *'
            $written.RefreshToken | Should -Be $session.RefreshToken
            $requests[1].path | Should -Be "/v3/deployments/$(Get-DeploymentGuid 1)/actions/cancel"
            $requests[1].headers.Authorization | Should -Be $written.AccessToken
            Get-OtherMembers $session.File | Should -Be $before
            Get-ChildItem (Split-Path $session.File) -Filter '*.tmp' -Force | Should -BeNullOrEmpty
        }

        It 'renews at the config''s AuthorizationEndpoint, where the cf CLI posts /oauth/token, not at UaaEndpoint' {
            $session = New-SessionHome -ExpiresIn 30 -Members @{ AuthorizationEndpoint = "$($sim.Url)/login"; UaaEndpoint = "$($sim.Url)/uaa-elsewhere" }
            $env:CF_HOME = $session.Home

            (Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false).Status | Should -Be 'CANCELING'

            (Get-SimRequest $sim)[0].path | Should -Be '/login/oauth/token'
            Get-SimRequest $sim -Path '/uaa-elsewhere' | Should -BeNullOrEmpty
        }

        It 'renews at UaaEndpoint when the config names no AuthorizationEndpoint' {
            $session = New-SessionHome -ExpiresIn 30 -Members @{ AuthorizationEndpoint = $null }
            $env:CF_HOME = $session.Home

            (Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false).Status | Should -Be 'CANCELING'
            (Get-SimRequest $sim)[0].path | Should -Be '/oauth/token'
        }

        It 'renews before the request when the access token is not a JWT, as the cf CLI does' {
            $session = New-SessionHome -ExpiresIn 1200 -Members @{ AccessToken = 'bearer opaque-token-not-a-jwt' }
            $env:CF_HOME = $session.Home

            (Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false).Status | Should -Be 'CANCELING'

            $requests = @(Get-SimRequest $sim)
            $requests[0].path | Should -Be '/oauth/token'
            $requests[1].headers.Authorization | Should -Not -Be 'bearer opaque-token-not-a-jwt'
            (Get-Content -Raw $session.File | ConvertFrom-Json).AccessToken | Should -Be $requests[1].headers.Authorization
        }

        It 'renews a client login (cf auth --client-credentials) with grant_type=client_credentials, without a refresh token' {
            $session = New-SessionHome -ExpiresIn 30 -ClientLogin -Members @{ UAAGrantType = 'client_credentials'; UAAOAuthClient = 'ci-client'; UAAOAuthClientSecret = 'ci-client-secret-8Jd'; RefreshToken = '' }
            $env:CF_HOME = $session.Home

            (Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false).Status | Should -Be 'CANCELING'

            $renewal = (Get-SimRequest $sim)[0]
            $renewal.path | Should -Be '/oauth/token'
            $renewal.body | Should -Match 'grant_type=client_credentials'
            $renewal.body | Should -Match 'client_id=ci-client'
            $renewal.headers.Authorization | Should -BeNullOrEmpty
            $written = Get-Content -Raw $session.File | ConvertFrom-Json
            $written.AccessToken | Should -Not -Be $session.AccessToken
            $written.RefreshToken | Should -Be ''
        }

        It 'a client login whose secret the cf CLI did not keep is one AuthenticationError saying so, before any request' {
            $session = New-SessionHome -ExpiresIn 30 -ClientLogin -Members @{ UAAGrantType = 'client_credentials'; UAAOAuthClient = 'ci-client'; UAAOAuthClientSecret = ''; RefreshToken = '' }
            $env:CF_HOME = $session.Home

            $thrown = { Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false } | Should -Throw -PassThru
            $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $thrown.Exception.Message | Should -Match 'client login .*UAAOAuthClientSecret is empty'
            $thrown.Exception.Message | Should -Match "cf auth"
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'renews once and sends the request again when a token that looks valid gets 401 CF-InvalidAuthToken' {
            $session = New-SessionHome -ExpiresIn 1200
            $env:CF_HOME = $session.Home
            Invoke-SimControl $sim -Path '/_sim/uaa/revoke-access-tokens' | Out-Null

            $deployment = Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false

            $deployment.Status | Should -Be 'CANCELING'
            (Get-SimRequest $sim).path | Select-Object -First 3 | Should -Be "/v3/deployments/$(Get-DeploymentGuid 1)/actions/cancel", '/oauth/token', "/v3/deployments/$(Get-DeploymentGuid 1)/actions/cancel"
            Invoke-SimControl $sim -Method Get -Path '/_sim/uaa/refreshes' | Should -Be 1
        }

        It 'a refused renewal is one AuthenticationError saying to run cf login, and leaves the file byte for byte' {
            $session = New-SessionHome -ExpiresIn 10
            $env:CF_HOME = $session.Home
            Invoke-SimControl $sim -Path '/_sim/uaa/revoke-refresh-tokens' | Out-Null
            $bytes = [System.IO.File]::ReadAllBytes($session.File)

            $thrown = { (Get-DeploymentGuid 1), (Get-DeploymentGuid 2) | Stop-CfDeployment -Confirm:$false } |
                Should -Throw -ErrorId 'AuthenticationFailed,ReleaseCmdlets.Commands.StopCfDeploymentCommand' -PassThru

            $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $thrown.Exception.Message | Should -Match "cf login"
            $text = ConvertTo-VisibleText @($thrown)
            $text | Should -Not -Match ([regex]::Escape($session.RefreshToken))
            $text | Should -Not -Match ([regex]::Escape($session.AccessToken.Substring(7)))
            [System.IO.File]::ReadAllBytes($session.File) | Should -Be $bytes
            @(Get-SimRequest $sim | Where-Object path -like '/v3/*').Count | Should -Be 0
        }

        It '-Token is never renewed and nothing is written, even when it has expired' {
            $session = New-SessionHome -ExpiresIn 10
            $env:CF_HOME = $session.Home
            $expired = (Invoke-SimControl $sim -Path '/_sim/uaa/sessions?expiresIn=-60').accessToken
            $bytes = [System.IO.File]::ReadAllBytes($session.File)

            { Stop-CfDeployment (Get-DeploymentGuid 1) -Token $expired -Confirm:$false } | Should -Throw -ErrorId 'AuthenticationFailed,*'

            (Get-SimRequest $sim).path | Should -Not -Contain '/oauth/token'
            [System.IO.File]::ReadAllBytes($session.File) | Should -Be $bytes
        }

        It 'never sends the refresh token over http:// to a UAA that is not on this machine (captured through a proxy)' -Tag CoreOnly {
            $session = New-SessionHome -ExpiresIn 30 -Members @{ AuthorizationEndpoint = 'http://uaa.example.com'; UaaEndpoint = 'http://uaa.example.com' }
            $manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'
            # The proxy is the simulator: a request for http://uaa.example.com reaches it whole, body included.
            $script = "`$env:CF_HOME = '$($session.Home)'; `$env:HTTP_PROXY = '$($sim.Url)'; `$env:NO_PROXY = ''; Import-Module '$manifest'; " +
                "try { Stop-CfDeployment '$(Get-DeploymentGuid 1)' -Confirm:`$false -ErrorAction Stop | Out-Null; 'sent' } catch { `$_.FullyQualifiedErrorId }"

            $outcome = Invoke-FreshPwsh $script

            @(Get-SimRequest $sim | Where-Object { "$($_.body)" -match [regex]::Escape($session.RefreshToken) }) | Should -BeNullOrEmpty
            "$outcome" | Should -Match 'UnencryptedAuthenticationRefused'
        }

        It 'writes a renewed token through a symbolically linked config.json, keeping the link' -Tag CoreOnly {
            $session = New-SessionHome -ExpiresIn 30
            $dotfile = Join-Path $TestDrive ("dotfiles-" + [guid]::NewGuid() + '.json')
            Move-Item $session.File $dotfile
            New-Item -ItemType SymbolicLink -Path $session.File -Target $dotfile | Out-Null
            $env:CF_HOME = $session.Home

            (Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false).Status | Should -Be 'CANCELING'

            (Get-Item $session.File).LinkType | Should -Be 'SymbolicLink'
            $cancel = Get-SimRequest $sim | Where-Object path -like '*/actions/cancel'
            (Get-Content -Raw $dotfile | ConvertFrom-Json).AccessToken | Should -Be $cancel.headers.Authorization
        }

        It 'renews in memory with a warning when the config''s lock cannot be made, and leaves the file as it is' {
            $session = New-SessionHome -ExpiresIn 30
            New-Item -ItemType Directory -Path "$($session.File).lock" | Out-Null   # a lock that cannot be opened, as in a read-only folder
            $env:CF_HOME = $session.Home
            $bytes = [System.IO.File]::ReadAllBytes($session.File)

            $all = @(Stop-CfDeployment (Get-DeploymentGuid 1) -Confirm:$false 3>&1)

            @($all | Where-Object Status -eq 'CANCELING').Count | Should -Be 1
            @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message | Should -Match 'this command only'
            [System.IO.File]::ReadAllBytes($session.File) | Should -Be $bytes
        }

        It 'two processes renewing at once leave a valid file with a token Cloud Controller accepts' {
            $session = New-SessionHome -ExpiresIn 10
            Invoke-SimControl $sim -Path '/_sim/uaa/delay-ms/700' | Out-Null
            $manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'
            $script = "`$env:CF_HOME = '$($session.Home)'; Import-Module '$manifest'; (Stop-CfDeployment 'GUID' -Confirm:`$false).Status"
            $host_ = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
            [string[]] $prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
            $jobs = 1, 6 | ForEach-Object {
                $start = [System.Diagnostics.ProcessStartInfo]::new($host_)
                foreach ($argument in $prefix + @('-NoProfile', '-NonInteractive', '-Command', $script.Replace('GUID', (Get-DeploymentGuid $_)))) { $start.ArgumentList.Add($argument) }
                $start.RedirectStandardOutput = $true
                $start.UseShellExecute = $false
                [System.Diagnostics.Process]::Start($start)
            }
            $outputs = $jobs | ForEach-Object { $_.StandardOutput.ReadToEnd(); $_.WaitForExit() }

            $outputs | ForEach-Object { $_.Trim() | Should -Be 'CANCELING' }
            $written = Get-Content -Raw $session.File | ConvertFrom-Json
            Invoke-SimControl $sim -Method Get -Path '/_sim/uaa/refreshes' | Should -BeIn 1, 2
            # The token on disk works for the next command.
            (Stop-CfDeployment (Get-DeploymentGuid 1) -Token $written.AccessToken -Url $sim.Url -Confirm:$false).Status | Should -BeIn 'CANCELING', 'CANCELED'
        }
    }

    Context 'the cf CLI''s query and config rules' {
        It 'sends a comma inside an app name as the cf CLI does, so Cloud Controller does not split it' {
            Stop-CfDeployment -AppName 'web,api' -SpaceGuid $space @cf -ErrorVariable problems -ErrorAction SilentlyContinue

            $problems[0].FullyQualifiedErrorId | Should -BeLike 'AppNotFound,*'
            $problems[0].Exception.Message | Should -Match "App 'web,api' not found"
            (Get-SimRequest $sim -Path '/v3/apps')[0].rawTarget | Should -Match 'names=web%252Capi'
        }

        It 'reads every page of apps when checking that a name is unique' {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/apps/many/5001' | Out-Null

            Stop-CfDeployment -AppName many -SpaceGuid $space @cf -ErrorVariable problems -ErrorAction SilentlyContinue
            Stop-CfDeployment -AppName many @cf -ErrorVariable +problems -ErrorAction SilentlyContinue

            $problems[0].FullyQualifiedErrorId | Should -BeLike 'AppNotFound,*'
            $problems[1].FullyQualifiedErrorId | Should -BeLike 'AmbiguousAppName,*'
            $problems[1].Exception.Message | Should -Match '^5001 apps are named'
            @(Get-SimRequest $sim -Path '/v3/apps').Count | Should -Be 3
        }

        It 'takes nothing from a cf config whose target is another foundation than -Url' {
            $env:CF_HOME = New-CfHome (@{ AccessToken = "bearer $token"; Target = 'https://api.other.example'; SpaceFields = @{ GUID = '11111111-0000-4000-8000-000000000001' } } | ConvertTo-Json)

            $thrown = { Stop-CfDeployment -AppName web -Url $sim.Url -Confirm:$false } | Should -Throw -ErrorId 'MissingCredential,*' -PassThru
            $thrown.Exception.Message | Should -Match 'logged in to https://api.other.example'

            Stop-CfDeployment -AppName web -Url $sim.Url -Token $token -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'AmbiguousAppName,*'
            (Get-SimRequest $sim -Path '/v3/apps')[0].rawTarget | Should -Not -Match 'space_guids'
        }

        It '-Wait polls every 3 s and waits for the rate limit''s reset instead of spending refused requests' {
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/5000' | Out-Null
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/3/8' | Out-Null

            $all = @(Stop-CfDeployment (Get-DeploymentGuid 1) -Wait -TimeoutSec 60 @cf -Verbose 4>&1)

            $deployment = $all | Where-Object { $_ -is [ReleaseCmdlets.ReleaseInfo] }
            $deployment.Status | Should -Be 'CANCELED'
            $verbose = ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
            $verbose | Where-Object { $_ -match '-> 429' } | Should -BeNullOrEmpty
            $reads = @(Get-SimRequest $sim | Where-Object { $_.method -eq 'GET' })
            for ($i = 2; $i -lt $reads.Count; $i++) {
                ([datetimeoffset]$reads[$i].receivedAt - [datetimeoffset]$reads[$i - 1].receivedAt).TotalSeconds | Should -BeGreaterOrEqual 2.9
            }
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
            $thrown.ErrorDetails.Message | Should -Match 'the command stopped and read no further input\.$'
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
