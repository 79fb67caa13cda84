BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $token = $sim.Credentials.cloudFoundryToken
    $space = $sim.Credentials.cloudFoundrySpaceGuid
    function Get-DeploymentGuid([int] $n) { 'de900000-0000-4000-8000-{0:D12}' -f $n }
    function Get-AppGuid([int] $n) { 'a9900000-0000-4000-8000-{0:D12}' -f $n }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Get-CfDeployment' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        $env:CF_HOME = Join-Path $TestDrive 'no-cf-home'
        $cf = @{ Url = $sim.Url; Token = $token }
    }

    It '-AppGuid with 450 guids asks 200 at a time, as the cf CLI does (util/batcher), and writes each deployment once' {
        $apps = @(1..450 | ForEach-Object { [guid]('a9a00000-0000-4000-8000-{0:D12}' -f $_) })
        $wanted = $apps[0], $apps[249], $apps[449], $apps[449]
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @(1..3 | ForEach-Object { @{ guid = ('de920000-0000-4000-8000-{0:D12}' -f $_); appGuid = $wanted[$_ - 1].ToString(); state = 'DEPLOYING' } }) | Out-Null

        $listed = @(Get-CfDeployment -AppGuid ($apps + $apps[449]) @cf -ErrorVariable problems)

        $problems | Should -BeNullOrEmpty
        @($listed.DeploymentGuid | Sort-Object) | Should -Be @(1..3 | ForEach-Object { [guid]('de920000-0000-4000-8000-{0:D12}' -f $_) })
        $queries = @(Get-SimRequest $sim -Path '/v3/deployments').query
        $queries.Count | Should -Be 3
        $queries | ForEach-Object { ([uri]::UnescapeDataString(($_ -replace '.*app_guids=([^&]*).*', '$1')) -split ',').Count } | Should -Be 200, 200, 50
    }

    It 'lists the ACTIVE deployments, newest first, as the objects Stop-CfDeployment writes' {
        $deployments = @(Get-CfDeployment @cf)

        $deployments | Should -Not -BeNullOrEmpty
        $deployments | ForEach-Object { $_ | Should -BeOfType ([ReleaseCmdlets.CloudFoundry.CloudFoundryDeployment]) }
        $deployments.StatusValue | Sort-Object -Unique | Should -Be 'ACTIVE'
        $deployments.DeploymentGuid | Should -Be (Get-DeploymentGuid 1), (Get-DeploymentGuid 2), (Get-DeploymentGuid 4), (Get-DeploymentGuid 6)
        $request = (Get-SimRequest $sim -Path '/v3/deployments')[0]
        $request.query | Should -Match 'status_values=ACTIVE'
        $request.query | Should -Match 'order_by=-created_at'
    }

    It '-Status FINALIZED, or both' {
        (Get-CfDeployment @cf -Status FINALIZED).StatusValue | Sort-Object -Unique | Should -Be 'FINALIZED'
        (Get-CfDeployment @cf -Status finalized).StatusValue | Sort-Object -Unique | Should -Be 'FINALIZED'
        @(Get-CfDeployment @cf -Status ACTIVE, FINALIZED).Count | Should -Be 7
    }

    It '-AppGuid lists the deployments of those apps; -AppName of the app of that name in -SpaceGuid' {
        (Get-CfDeployment @cf -AppGuid (Get-AppGuid 2) -Status ACTIVE, FINALIZED).DeploymentGuid | Should -Be (Get-DeploymentGuid 2), (Get-DeploymentGuid 5)
        $web = @(Get-CfDeployment @cf -AppName web -SpaceGuid $space)
        $web.DeploymentGuid | Should -Be (Get-DeploymentGuid 1)
        $web.AppName | Should -Be 'web'
    }

    It 'reads every page (four of 50, then 200 a page), each after the first keyed by time, writing each page as it is read' {
        $start = [datetime]::UtcNow.AddHours(-1)
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @(1..450 | ForEach-Object { @{ guid = ('de910000-0000-4000-8000-{0:D12}' -f $_); appGuid = (Get-AppGuid 3); state = 'DEPLOYING'; createdAt = $start.AddSeconds($_).ToString('o') } }) | Out-Null

        $listed = @(Get-CfDeployment @cf -AppGuid (Get-AppGuid 3))

        $listed.Count | Should -Be 451
        @($listed.DeploymentGuid | Sort-Object -Unique).Count | Should -Be 451
        $pages = @(Get-SimRequest $sim -Path '/v3/deployments')
        $pages.query -replace '.*per_page=(\d+).*', '$1' | Should -Be '50', '50', '50', '50', '200', '200'
        $pages.query | Should -Not -Match '[?&]page='
        $pages[0].query | Should -Not -Match 'created_ats'
        $pages[1..5].query | Should -Match 'created_ats%5Blte%5D=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ'
    }

    It 'a whole page of deployments created within one second: the next page is Cloud Controller''s largest, nothing skipped or repeated' {
        $second = [datetime]::UtcNow.AddHours(-1).ToString('yyyy-MM-ddTHH:mm:ss.000Z')
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @(1..450 | ForEach-Object { @{ guid = ('de910000-0000-4000-8000-{0:D12}' -f $_); appGuid = (Get-AppGuid 3); state = 'DEPLOYING'; createdAt = $second } }) | Out-Null

        $listed = @(Get-CfDeployment @cf -AppGuid (Get-AppGuid 3))

        $listed.Count | Should -Be 451
        @($listed.DeploymentGuid | Sort-Object -Unique).Count | Should -Be 451
        (@(Get-SimRequest $sim -Path '/v3/deployments').query -replace '.*per_page=(\d+).*', '$1') | Should -Be '50', '50', '5000'
    }

    It 'a filter that matches nothing writes nothing and no error' {
        $none = Get-CfDeployment @cf -AppGuid (Get-AppGuid 3) -Status FINALIZED -ErrorVariable problems
        (Get-CfDeployment @cf -AppGuid 'a9900000-0000-4000-8000-00000000ffff' -ErrorVariable +problems) | Should -BeNullOrEmpty
        @($none).DeploymentGuid | Should -Be (Get-DeploymentGuid 3)
        $problems | Should -BeNullOrEmpty
    }

    It 'a named deployment that does not exist is ObjectNotFound, and the next one is read' {
        $found = Get-CfDeployment 'de900000-0000-4000-8000-00000000ffff', (Get-DeploymentGuid 3) @cf -ErrorVariable problems -ErrorAction SilentlyContinue

        $found.DeploymentGuid | Should -Be (Get-DeploymentGuid 3)
        $problems.Count | Should -Be 1
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'an unknown app name is AppNotFound' {
        Get-CfDeployment @cf -AppName nosuchapp -SpaceGuid $space -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'AppNotFound,ReleaseCmdlets.Commands.GetCfDeploymentCommand'
    }

    It 'leaves out, with one warning, deployments listed for another app than asked' {
        Invoke-SimControl $sim -Path '/_sim/ignore-filters/true' | Out-Null

        $listed = Get-CfDeployment @cf -AppGuid (Get-AppGuid 1) -WarningVariable warnings -WarningAction SilentlyContinue

        $listed.AppGuid | Sort-Object -Unique | Should -Be (Get-AppGuid 1)
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match 'left out'
    }

    It 'pipes into Stop-CfDeployment: -WhatIf sends no cancel, then the cancel' {
        Get-CfDeployment @cf -AppGuid (Get-AppGuid 1) | Stop-CfDeployment @cf -WhatIf
        Get-SimRequest $sim | Where-Object path -Like '*/actions/cancel' | Should -BeNullOrEmpty

        $stopped = Get-CfDeployment @cf -AppGuid (Get-AppGuid 1) | Stop-CfDeployment @cf -Confirm:$false

        $stopped.DeploymentGuid | Should -Be (Get-DeploymentGuid 1)
        $stopped.Status | Should -Be 'CANCELING'
    }

    It 'uses the cf CLI login when -Url and -Token are left out' {
        $session = Invoke-SimControl $sim -Path '/_sim/uaa/sessions?expiresIn=1200'
        $env:CF_HOME = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory (Join-Path $env:CF_HOME '.cf') | Out-Null
        @{ Target = $sim.Url; UaaEndpoint = $sim.Url; AccessToken = $session.accessToken; RefreshToken = $session.refreshToken; SpaceFields = @{ GUID = $space } } |
            ConvertTo-Json | Set-Content (Join-Path $env:CF_HOME '.cf/config.json')

        (Get-CfDeployment -AppName web).DeploymentGuid | Should -Be (Get-DeploymentGuid 1)
        (Get-SimRequest $sim)[0].headers.Authorization | Should -Be $session.accessToken
    }
}
