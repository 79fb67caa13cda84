# What a Stop cmdlet takes from the pipeline: the module's objects only where they were listed (two simulators, the
# environment pointing at the other), ids, and objects made of properties that name one target one way. Everything
# else is refused for its input alone, before any request.

# The services: how to list at staging (the blocks run in the tests, where $staging is set).
BeforeDiscovery {
    $services = @(
        @{ Service = 'BuildMaster'; Stop = 'Stop-BmRelease'
           List = { Get-BmRelease -Url $staging.Url -Status active }
           There = { @{ Url = $staging.Url } } }
        @{ Service = 'Cloud Foundry'; Stop = 'Stop-CfDeployment'
           List = { Get-CfDeployment -Url $staging.Url -Token $cfToken }
           There = { @{ Url = $staging.Url; Token = $cfToken } } }
        @{ Service = 'Cloudflare'; Stop = 'Stop-CfBuild'
           List = { Get-CfBuild my-worker -Url "$($staging.Url)/client/v4" }
           There = { @{ Url = "$($staging.Url)/client/v4" } } }
        @{ Service = 'Baseten'; Stop = 'Stop-BasetenPromotion'
           List = { Get-BasetenPromotion roll456z -Url $staging.Url }
           There = { @{ Url = $staging.Url } } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $staging = Start-Simulator
    $production = Start-Simulator -Own   # a second origin
    $cfToken = $staging.Credentials.cloudFoundryToken
    $cancelPaths = '/api/releases/cancel$|/actions/cancel$|/builds/builds/[^/]+/cancel$|/cancel_promotion$|/force_cancel_promotion$'

    # Every cancel either simulator received.
    function Get-Cancel {
        @(Get-SimRequest $staging) + @(Get-SimRequest $production) | Where-Object { $_.path -match $cancelPaths }
    }

    # Pipes one object into a Stop: it must be refused with this error id (and message), alone, and nothing sent.
    function Assert-RefusedAlone($Object, [string] $Stop, [hashtable] $Parameters, [string] $ErrorId, [string] $Message = '*') {
        $out = @($Object | & $Stop @Parameters -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $refused[0].Exception.Message | Should -BeLike $Message
        Get-Cancel | Should -BeNullOrEmpty
    }

    function Set-ProductionEnvironment {
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $production
        # The cf CLI logged in to production: its Target is where Stop-CfDeployment sends by default.
        $env:CF_HOME = Join-Path $TestDrive ("cfhome-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path (Join-Path $env:CF_HOME '.cf') -Force | Out-Null
        @{ ConfigVersion = 3; Target = $production.Url; AccessToken = "bearer $cfToken" } | ConvertTo-Json |
            Set-Content (Join-Path $env:CF_HOME '.cf/config.json')
    }
}

AfterAll {
    Stop-Simulator $staging
    Stop-Simulator $production
    Clear-ServiceEnvironment
}

Describe 'An object is cancelled only where it was listed' {
    BeforeEach {
        Reset-Simulator $staging
        Reset-Simulator $production
        Set-ProductionEnvironment
    }

    It '<Service>: objects listed at one server and piped to <Stop> with the environment pointing at another are refused, naming both, and nothing is cancelled' -ForEach $services {
        $listed = @(& $List)
        $listed.Count | Should -BeGreaterThan 0

        $out = @($listed | & $Stop -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue)

        Get-Cancel | Should -BeNullOrEmpty
        $out.Count | Should -Be 0
        $listed.ServiceUrl | Sort-Object -Unique | Should -Be @($listed[0].ServiceUrl)
        $listed[0].ServiceUrl | Should -BeLike "$($staging.Url)*"
        $refused.Count | Should -Be $listed.Count
        $refused.FullyQualifiedErrorId | Sort-Object -Unique | Should -Be "OriginMismatch,ReleaseCmdlets.Commands.$($Stop -replace '-', '')Command"
        $refused[0].Exception.Message | Should -BeLike "*$($listed[0].ServiceUrl)*-Url*"
        $refused[0].TargetObject | Should -Be $listed[0]
    }

    It '<Service>: -Url with the URL it was listed from says "this server": <Stop> cancels it there' -ForEach $services {
        $listed = @(& $List)

        $there = & $There
        $out = @($listed | & $Stop @there -Confirm:$false)

        $out.Count | Should -Be $listed.Count
        $out.ServiceUrl | Sort-Object -Unique | Should -Be $listed[0].ServiceUrl
        @(Get-SimRequest $production | Where-Object { $_.path -match $cancelPaths }).Count | Should -Be 0
        @(Get-SimRequest $staging | Where-Object { $_.path -match $cancelPaths }).Count | Should -BeGreaterOrEqual $listed.Count
    }

    It '<Service>: what <Stop> wrote, piped again with the environment pointing at another server, is refused there too' -ForEach $services {
        $there = & $There
        $stopped = @(& $List | & $Stop @there -Confirm:$false)
        $before = @(Get-Cancel).Count

        $out = @($stopped | & $Stop -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $refused.Count | Should -Be $stopped.Count
        $refused.FullyQualifiedErrorId | Sort-Object -Unique | Should -BeLike 'OriginMismatch,*'
        @(Get-Cancel).Count | Should -Be $before
    }

    It '<Service>: a record of the listing (Export-Csv, Import-Clixml) keeps its ServiceUrl and is refused at another server' -ForEach $services {
        $listed = @(& $List)
        $records = @($listed | ConvertTo-Csv | ConvertFrom-Csv) + @([System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($listed)))

        $out = @($records | & $Stop -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $refused.Count | Should -Be $records.Count
        $refused.FullyQualifiedErrorId | Sort-Object -Unique | Should -BeLike 'OriginMismatch,*'
        Get-Cancel | Should -BeNullOrEmpty
    }

    It 'Cloudflare: a build of one account piped with -AccountId of another is refused, naming both accounts' {
        $listed = @(Get-CfBuild my-worker)
        $listed.Count | Should -BeGreaterThan 0

        $out = @($listed | Stop-CfBuild -AccountId 'another-account' -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $refused.Count | Should -Be $listed.Count
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'OriginMismatch,*'
        $refused[0].Exception.Message | Should -BeLike "*account $($listed[0].AccountId)*account another-account*"
        Get-Cancel | Should -BeNullOrEmpty
    }

    It 'Baseten: a promotion passed as -InputObject is cancelled in its own environment, not the default one' {
        $staged = @(Get-BasetenPromotion abc123xy -Environment staging -Url $production.Url)
        $staged.Count | Should -Be 1

        $text = Get-HostOutput { Stop-BasetenPromotion -InputObject $staged[0] -Url $production.Url -WhatIf }

        $text | Should -BeLike '*model abc123xy to staging*'
    }

    It 'Baseten: a promotion piped with -Environment naming another environment is refused, not cancelled there' {
        $listed = @(Get-BasetenPromotion roll456z -Url $production.Url)
        $listed.Count | Should -BeGreaterThan 0

        $out = @($listed | Stop-BasetenPromotion -Url $production.Url -Environment staging -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue)

        $out.Count | Should -Be 0
        $refused.Count | Should -Be $listed.Count
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'ConflictingTargets,*'
        Get-Cancel | Should -BeNullOrEmpty
    }
}

Describe 'A piped object binds only as the contract says' {
    BeforeAll {
        Import-TestType
   }

    BeforeEach {
        Reset-Simulator $staging
        Reset-Simulator $production
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $staging
        $env:CF_HOME = Join-Path $TestDrive 'no-cf-home'
        $at = @{
            'Stop-BmRelease'        = @{}
            'Stop-CfDeployment'     = @{ Url = $staging.Url; Token = $cfToken }
            'Stop-CfBuild'          = @{}
            'Stop-BasetenPromotion' = @{ Url = $staging.Url }
        }
    }

    It '<Stop>: an object of an unrelated .NET type (<Kind>) binds no id: refused, nothing sent' -ForEach @(
        foreach ($stop in 'Stop-BmRelease', 'Stop-CfDeployment', 'Stop-CfBuild', 'Stop-BasetenPromotion') {
            @{ Stop = $stop; Kind = 'a class with id properties'; Object = { [PipedObjectsTests.Unrelated]::new() } }
            @{ Stop = $stop; Kind = 'a deserialized one (Start-Job, remoting)'; Object = { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize([PipedObjectsTests.Unrelated]::new())) } }
        }
        @{ Stop = 'Stop-BmRelease'; Kind = 'this process'; Object = { Get-Process -Id $PID } }
        @{ Stop = 'Stop-BmRelease'; Kind = 'a thread job'; Object = { Start-ThreadJob { 1 } } }
        @{ Stop = 'Stop-CfDeployment'; Kind = 'a module (its Guid)'; Object = { Get-Module ReleaseCmdlets } }
    ) {
        $object = & $Object

        Assert-RefusedAlone $object $Stop $at[$Stop] 'UnrelatedInputObject' '*is not taken*'
        if ($object -is [System.Management.Automation.Job]) { $object | Remove-Job -Force }
    }

    It '<Stop>: <Case> is refused as naming different targets, nothing sent' -ForEach @(
        @{ Stop = 'Stop-BmRelease'; Case = 'an id with a number and application'; Object = @{ id = 4; releaseNumber = '1.1'; applicationName = 'Accounting' } }
        @{ Stop = 'Stop-BmRelease'; Case = 'ReleaseId with a number and application id'; Object = @{ ReleaseId = 4; ReleaseNumber = '1.1'; ApplicationId = 1 } }
        @{ Stop = 'Stop-BmRelease'; Case = 'id and ReleaseId that differ'; Object = @{ ReleaseId = 2; id = 4 } }
        @{ Stop = 'Stop-CfDeployment'; Case = 'a deployment guid with an app name'; Object = @{ DeploymentGuid = 'de900000-0000-4000-8000-000000000001'; AppName = 'other-app' } }
        @{ Stop = 'Stop-CfDeployment'; Case = 'a deployment guid with an app guid'; Object = @{ Guid = 'de900000-0000-4000-8000-000000000001'; AppGuid = 'a9900000-0000-4000-8000-000000000002' } }
        @{ Stop = 'Stop-CfDeployment'; Case = 'Guid and DeploymentGuid that differ'; Object = @{ DeploymentGuid = 'de900000-0000-4000-8000-000000000001'; Guid = 'de900000-0000-4000-8000-000000000002' } }
        @{ Stop = 'Stop-CfBuild'; Case = 'a build uuid with a worker name'; Object = @{ build_uuid = 'b0100000-0000-4000-8000-000000000001'; WorkerName = 'my-worker' } }
        @{ Stop = 'Stop-CfBuild'; Case = 'build_uuid and BuildUuid that differ'; Object = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001'; build_uuid = 'b0100000-0000-4000-8000-000000000002' } }
        @{ Stop = 'Stop-CfBuild'; Case = 'BuildId and BuildUuid that differ'; Object = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001'; BuildId = 'b0100000-0000-4000-8000-000000000002' } }
        @{ Stop = 'Stop-CfBuild'; Case = 'AccountId and account_id that differ'; Object = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001'; AccountId = 'a1'; account_id = 'a2' } }
        @{ Stop = 'Stop-BasetenPromotion'; Case = 'a model id with a model name'; Object = @{ ModelId = 'roll456z'; ModelName = 'other' } }
        @{ Stop = 'Stop-BasetenPromotion'; Case = 'model_id and ModelId that differ'; Object = @{ ModelId = 'roll456z'; model_id = 'abc123xy' } }
        @{ Stop = 'Stop-BasetenPromotion'; Case = 'model_name and ModelName that differ'; Object = @{ ModelName = 'a'; model_name = 'b' } }
        @{ Stop = 'Stop-BasetenPromotion'; Case = 'env_name and Environment that differ'; Object = @{ ModelId = 'roll456z'; Environment = 'production'; env_name = 'staging' } }
        @{ Stop = 'Stop-BasetenPromotion'; Case = 'environment_name and Environment that differ'; Object = @{ ModelId = 'roll456z'; Environment = 'production'; environment_name = 'staging' } }
    ) {
        Assert-RefusedAlone ([pscustomobject]$Object) $Stop $at[$Stop] 'ConflictingTargets'
    }

    It '<Stop>: each name of its id binds alone (<Name>), and aliases that agree bind' -ForEach @(
        @{ Stop = 'Stop-BmRelease'; Name = 'ReleaseId'; Objects = @(@{ ReleaseId = 2 }, @{ id = 3 }, @{ ReleaseId = 4; id = '4' }) }
        @{ Stop = 'Stop-CfDeployment'; Name = 'DeploymentGuid'; Objects = @(@{ DeploymentGuid = 'de900000-0000-4000-8000-000000000001' }, @{ Guid = 'de900000-0000-4000-8000-000000000002' }) }
        @{ Stop = 'Stop-CfBuild'; Name = 'BuildUuid'; Objects = @(@{ BuildUuid = 'b0100000-0000-4000-8000-000000000001' }, @{ build_uuid = 'b0100000-0000-4000-8000-000000000002' }, @{ BuildId = 'b0100000-0000-4000-8000-000000000003'; BuildUuid = 'B0100000-0000-4000-8000-000000000003' }) }
        @{ Stop = 'Stop-BasetenPromotion'; Name = 'ModelId'; Objects = @(@{ ModelId = 'roll456z' }, @{ model_id = 'abc123xy'; env_name = 'production' }) }
    ) {
        $parameters = $at[$Stop]

        @($Objects | ForEach-Object { [pscustomobject]$_ } | & $Stop @parameters -WhatIf -ErrorVariable refused -ErrorAction SilentlyContinue) | Out-Null

        $refused | Should -BeNullOrEmpty
    }

    # Stop-BmRelease meets every other object's Id through its id alias first, and refuses it as not an id.
    It '<Stop>: another service''s object is refused (<ErrorId>), nothing sent' -ForEach @(
        @{ Stop = 'Stop-BmRelease'; Other = { Get-CfBuild my-worker | Select-Object -First 1 }; ErrorId = 'ParameterArgumentTransformationError'; Names = 'is not an id' }
        @{ Stop = 'Stop-BmRelease'; Other = { Get-BasetenPromotion roll456z -Url $staging.Url }; ErrorId = 'ParameterArgumentTransformationError'; Names = 'is not an id' }
        @{ Stop = 'Stop-CfDeployment'; Other = { Get-BmRelease -Status active | Select-Object -First 1 }; ErrorId = 'ObjectOfAnotherService'; Names = 'pipe it to Stop-BmRelease' }
        @{ Stop = 'Stop-CfBuild'; Other = { Get-CfDeployment -Url $staging.Url -Token $cfToken | Select-Object -First 1 }; ErrorId = 'ObjectOfAnotherService'; Names = 'pipe it to Stop-CfDeployment' }
        @{ Stop = 'Stop-BasetenPromotion'; Other = { Get-CfBuild my-worker | Select-Object -First 1 }; ErrorId = 'ObjectOfAnotherService'; Names = 'pipe it to Stop-CfBuild' }
        @{ Stop = 'Stop-BasetenPromotion'; Other = { [pscustomobject]@{ Provider = 'BuildMaster'; ModelId = 'roll456z' } }; ErrorId = 'ObjectOfAnotherService'; Names = '*BuildMaster object*' }
    ) {
        Assert-RefusedAlone (& $Other) $Stop $at[$Stop] $ErrorId "*$Names*"
    }

    It '<Stop>: a CSV mixing id rows and <Other> rows binds each row by what it names (an empty cell is absent)' -ForEach @(
        @{ Stop = 'Stop-BmRelease'; Other = 'number'; Csv = "ReleaseId,ReleaseNumber,ApplicationName`n2,,`n,1.1,Accounting" }
        @{ Stop = 'Stop-CfDeployment'; Other = 'app guid'; Csv = "DeploymentGuid,AppGuid`nde900000-0000-4000-8000-000000000001,`n,a9900000-0000-4000-8000-000000000002" }
        @{ Stop = 'Stop-CfBuild'; Other = 'Worker'; Csv = "BuildUuid,WorkerName`nb0100000-0000-4000-8000-000000000001,`n,my-worker" }
        @{ Stop = 'Stop-BasetenPromotion'; Other = 'model name'; Csv = "ModelId,ModelName`nroll456z,`n,llama-chat" }
    ) {
        $parameters = $at[$Stop]

        $text = Get-HostOutput { $Csv | ConvertFrom-Csv | & $Stop @parameters -WhatIf -ErrorVariable script:refused -ErrorAction SilentlyContinue }

        $refused | Should -BeNullOrEmpty
        ([regex]::Matches($text, 'What if')).Count | Should -BeGreaterOrEqual 2
        Get-Cancel | Should -BeNullOrEmpty
    }

    It '<Stop>: a $null id property counts as absent, so the object binds by its other form' -ForEach @(
        @{ Stop = 'Stop-BmRelease'; Object = @{ ReleaseId = $null; ReleaseNumber = '1.1'; ApplicationName = 'Accounting' }; Says = "*1.1*" }
        @{ Stop = 'Stop-CfDeployment'; Object = @{ DeploymentGuid = $null; AppGuid = 'a9900000-0000-4000-8000-000000000002' }; Says = '*a9900000-0000-4000-8000-000000000002*' }
        @{ Stop = 'Stop-CfBuild'; Object = @{ BuildUuid = $null; WorkerName = 'my-worker' }; Says = '*my-worker*' }
        @{ Stop = 'Stop-BasetenPromotion'; Object = @{ ModelId = $null; ModelName = 'llama-chat' }; Says = "*llama-chat*" }
    ) {
        $parameters = $at[$Stop]

        $text = Get-HostOutput { [pscustomobject]$Object | & $Stop @parameters -WhatIf -ErrorVariable script:refused -ErrorAction SilentlyContinue }

        $refused | Should -BeNullOrEmpty
        $text | Should -BeLike $Says
    }

    It '<Stop>: an empty id on the command line is refused, nothing sent' -ForEach @(
        @{ Stop = 'Stop-BmRelease'; Parameter = 'ReleaseId' }
        @{ Stop = 'Stop-CfDeployment'; Parameter = 'DeploymentGuid' }
        @{ Stop = 'Stop-CfBuild'; Parameter = 'BuildUuid' }
        @{ Stop = 'Stop-BasetenPromotion'; Parameter = 'ModelId' }
    ) {
        $parameters = $at[$Stop]
        foreach ($empty in '', ' ', $null) {
            $given = @{ $Parameter = $empty }
            $failure = try { & $Stop @parameters @given -Confirm:$false; $null } catch { $_ }

            # ModelId is text: PowerShell words that conversion failure its own way.
            $failure.Exception.Message | Should -BeLike "Cannot bind parameter '$Parameter'.*"
            if ($Parameter -ne 'ModelId') { $failure.Exception.Message | Should -BeLike '*empty value or $null is not an id*' }
        }
        @(Get-SimRequest $staging).Count | Should -Be 0
    }

    It 'a record the module wrote (Export-Csv) binds by its id at the URL it names' {
        $listed = @(Get-BmRelease -Status active)
        $records = @($listed | ConvertTo-Csv | ConvertFrom-Csv)

        $out = @($records | Stop-BmRelease -Confirm:$false)

        $out.ReleaseId | Should -Be $listed.ReleaseId
        $out.Status | Sort-Object -Unique | Should -Be 'canceled'
    }

    It 'refused inputs are results in input order among the others: N inputs, N results' {
        $inputs = @(2, [PipedObjectsTests.Unrelated]::new(), [pscustomobject]@{ id = 4; ReleaseNumber = '1.1'; ApplicationName = 'Accounting' }, 3)

        $results = @($inputs | Stop-BmRelease -ThrottleLimit 4 -Confirm:$false 2>&1)

        $results.Count | Should -Be 4
        $results[0].ReleaseId | Should -Be 2
        $results[1].FullyQualifiedErrorId | Should -BeLike 'UnrelatedInputObject,*'
        $results[2].FullyQualifiedErrorId | Should -BeLike 'ConflictingTargets,*'
        $results[3].ReleaseId | Should -Be 3
    }
}

Describe 'Get-X | Stop-X never skips or repeats a target while the listing changes under it' {
    BeforeAll {
        # <Count> deployments of one app, 16 to a second (pages end inside a second), all ACTIVE.
        function Add-ActiveDeployment([int] $Count, [int] $From = 1, [datetime] $Start = [datetime]::UtcNow.AddHours(-1)) {
            Invoke-SimControl $staging -Path '/_sim/cloudfoundry/deployments' -Body @($From..($From + $Count - 1) | ForEach-Object {
                @{ guid = ('de920000-0000-4000-8000-{0:D12}' -f $_); appGuid = 'a9900000-0000-4000-8000-000000000001'; state = 'DEPLOYING'
                   createdAt = $Start.AddSeconds([math]::Floor($_ / 16)).ToString('o') }
            }) | Out-Null
        }

        function Get-StillActive {
            @(Invoke-SimControl $staging -Method Get -Path '/_sim/cloudfoundry/deployments' | Where-Object { $_.guid -like 'de920000-*' -and $_.state -eq 'DEPLOYING' })
        }
    }

    BeforeEach {
        Reset-Simulator $staging
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $staging
        $env:CF_HOME = Join-Path $TestDrive 'no-cf-home'
        $cf = @{ Url = $staging.Url; Token = $cfToken }
        # Cancels land at once: each one takes its deployment out of the ACTIVE set while the listing is still being read.
        Invoke-SimControl $staging -Path '/_sim/cloudfoundry/cancel-delay/0' | Out-Null
    }

    It 'Cloud Foundry: <Count> active deployments, -Wait:<Wait>: every one cancelled once' -ForEach @(
        @{ Count = 64; Wait = $true }
        @{ Count = 64; Wait = $false }
        @{ Count = 304; Wait = $false }
        @{ Count = 304; Wait = $true }
    ) {
        Add-ActiveDeployment $Count
        $mine = { $_.DeploymentGuid -like 'de920000-*' }

        $out = @(Get-CfDeployment @cf | Where-Object $mine | Stop-CfDeployment @cf -Wait:$Wait -ThrottleLimit 16 -Confirm:$false)

        $out.Count | Should -Be $Count
        @($out.DeploymentGuid | Sort-Object -Unique).Count | Should -Be $Count
        Get-StillActive | Should -BeNullOrEmpty
        $cancels = @(Get-SimRequest $staging | Where-Object { $_.path -match '^/v3/deployments/de920000-[^/]+/actions/cancel$' })
        $cancels.Count | Should -Be $Count
    }

    It 'Cloud Foundry: deployments started while the listing is read are not repeated, and none listed before is skipped' {
        Add-ActiveDeployment 120
        $next = 1000

        $out = @(Get-CfDeployment @cf | Where-Object { $_.DeploymentGuid -like 'de920000-*' } | ForEach-Object {
                # A deployment starts for every one listed: each is newer than all listed so far.
                Invoke-SimControl $staging -Path '/_sim/cloudfoundry/deployments' -Body @(@{ guid = ('de930000-0000-4000-8000-{0:D12}' -f $next++); appGuid = 'a9900000-0000-4000-8000-000000000002'; state = 'DEPLOYING' }) | Out-Null
                $_
            } | Stop-CfDeployment @cf -Confirm:$false)

        $out.Count | Should -Be 120
        @($out.DeploymentGuid | Sort-Object -Unique).Count | Should -Be 120
        Get-StillActive | Should -BeNullOrEmpty
    }

    It 'Cloudflare: builds started while the listing is read are not repeated' {
        $account = $staging.Credentials.cloudflareAccountId
        $tag = '8ee82b3a2c0f42928b8f14dae4a97121'
        $start = [datetime]::UtcNow.AddHours(-1)
        Invoke-SimControl $staging -Path '/_sim/cloudflare/builds' -Body @(1..250 | ForEach-Object {
            @{ buildUuid = ('b0200000-0000-4000-8000-{0:D12}' -f $_); status = 'running'; createdOn = $start.AddSeconds($_).ToString('o') }
        }) | Out-Null
        $next = 1000

        $out = @(Get-CfBuild my-worker | Where-Object { $_.BuildUuid -like 'b0200000-*' } | ForEach-Object {
                Invoke-SimControl $staging -Path '/_sim/cloudflare/builds' -Body @(@{ buildUuid = ('b0300000-0000-4000-8000-{0:D12}' -f $next++); status = 'running'; createdOn = [datetime]::UtcNow.ToString('o') }) | Out-Null
                $_
            } | Stop-CfBuild -Confirm:$false)

        $out.Count | Should -Be 250
        @($out.BuildUuid | Sort-Object -Unique).Count | Should -Be 250
        @(Get-SimRequest $staging | Where-Object { $_.path -match '/builds/builds/b0200000-[^/]+/cancel$' }).Count | Should -Be 250
    }
}
