# Act only on exactly what was named, or on nothing: values that go into headers, ids, names, explicit values, foreign
# objects and URLs are checked before any request, and what a service answers is checked against what was asked.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $space = $sim.Credentials.cloudFoundrySpaceGuid
    $otherSpace = '5a7e0000-0000-4000-8000-000000000002'
    $injected = "x`r`nX-Injected: yes"

    # Every request the simulator received, and whether any of them carried a header nobody meant to send.
    function Get-InjectedRequest { @(Get-SimRequest $sim | Where-Object { $_.headers.PSObject.Properties.Name -contains 'X-Injected' }) }

    # Runs a command that must be refused before any request; returns its error records (terminating or not).
    function Get-Refusal([scriptblock] $Script) {
        $problems = [System.Collections.Generic.List[object]]::new()
        try { & $Script 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $problems.Add($_) } } }
        catch { $problems.Add($_) }
        , $problems.ToArray()
    }

    function New-EmptyCfHome {
        $cfHome = Join-Path $TestDrive ("cfhome-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path (Join-Path $cfHome '.cf') -Force | Out-Null
        $cfHome
    }

    # -Confirm:$false for the Stop cmdlets (Get-BmRelease has no -Confirm).
    function Get-NoConfirm([string] $Command) { if ($Command -like 'Stop-*') { @{ Confirm = $false } } else { @{} } }

    function Set-IgnoreFilters([bool] $On) { Invoke-SimControl $sim -Path "/_sim/ignore-filters/$($On.ToString().ToLowerInvariant())" | Out-Null }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Acting only on what was named' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        $env:CF_HOME = New-EmptyCfHome
    }

    Context 'values that go into request headers' {
        It 'a key read with its line break keeps the listing filtered, and the pipe cancels only the matching release' {
            $key = "$($sim.BuildMasterApiKey)`r`n"

            $listed = @(Get-BmRelease -ApiKey $key -ApplicationName HDars -Status active)
            $listed.ReleaseId | Should -Be 4

            $stopped = @(Get-BmRelease -ApiKey $key -ApplicationName HDars -Status active | Stop-BmRelease -ApiKey $key)
            $stopped.ReleaseId | Should -Be 4
            @(Invoke-SimControl $sim -Method Get -Path '/_sim/buildmaster/releases' | Where-Object status -EQ 'canceled').id | Sort-Object | Should -Be 4, 5
            Get-SimRequest $sim | ForEach-Object { $_.headers.'X-ApiKey' | Should -BeExactly $sim.BuildMasterApiKey }
        }

        It 'refuses <Parameter> of <Command> with a control character inside, naming it, and sends nothing' -ForEach @(
            @{ Command = 'Get-BmRelease'; Parameter = 'ApiKey'; Extra = @{} }
            @{ Command = 'Stop-BmRelease'; Parameter = 'ApiKey'; Extra = @{ ReleaseId = 2 } }
            @{ Command = 'Stop-CfDeployment'; Parameter = 'Token'; Extra = @{ DeploymentGuid = 'de900000-0000-4000-8000-000000000001'; Url = '{sim}' } }
            @{ Command = 'Stop-CfBuild'; Parameter = 'ApiToken'; Extra = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001' } }
            @{ Command = 'Stop-CfBuild'; Parameter = 'Email'; Extra = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001'; ApiKey = 'k' } }
            @{ Command = 'Stop-CfBuild'; Parameter = 'ApiKey'; Extra = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001'; Email = 'a@example.com' } }
            @{ Command = 'Stop-BasetenPromotion'; Parameter = 'ApiKey'; Extra = @{ ModelId = 'abc123xy'; Url = '{sim}' } }
        ) {
            $arguments = @{}
            foreach ($pair in $Extra.GetEnumerator()) { $arguments[$pair.Key] = if ($pair.Value -eq '{sim}') { $sim.Url } else { $pair.Value } }
            $arguments[$Parameter] = $injected

            $problems = Get-Refusal { $noConfirm = Get-NoConfirm $Command; & $Command @arguments @noConfirm }

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHeaderValue,*'
            $problems[0].Exception.Message | Should -Match "-$Parameter\b"
            $problems[0].Exception.Message | Should -Not -Match 'Injected'
            @(Get-SimRequest $sim).Count | Should -Be 0
            Get-InjectedRequest | Should -BeNullOrEmpty
        }

        It 'refuses a control character in a credential from the environment, naming the variable' {
            $env:BUILDMASTER_API_KEY = $injected

            $problems = Get-Refusal { Get-BmRelease }

            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHeaderValue,*'
            $problems[0].Exception.Message | Should -Match 'BUILDMASTER_API_KEY'
            @(Get-SimRequest $sim).Count | Should -Be 0
        }

        It 'refuses a credential with non-ASCII characters with a clear error, not a connection failure' {
            $problems = Get-Refusal { Stop-BmRelease -ReleaseId 2 -ApiKey 'clé-secrète' -Confirm:$false }

            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidHeaderValue,*'
            $problems[0].Exception.Message | Should -Match '-ApiKey'
            @(Get-SimRequest $sim).Count | Should -Be 0
        }
    }

    Context 'ids are taken only as exactly what they say' {
        It 'refuses release-number-like strings piped as release ids, each with a hint, and targets nothing' {
            $text = Get-HostOutput {
                $script:problems = Get-Refusal { '1.2', '2.0', '4,5', '0x4', ' 7', '+3' | Stop-BmRelease -WhatIf }
            }

            $problems.Count | Should -Be 6
            $problems | ForEach-Object { $_.Exception.Message | Should -Match '-ReleaseNumber' }
            $text | Should -Not -Match 'What if'
            @(Get-SimRequest $sim).Count | Should -Be 0
        }

        It 'refuses <Value> given as -ReleaseId to <Command>, sending nothing' -ForEach @(
            @{ Command = 'Stop-BmRelease'; Value = '1.2' }
            @{ Command = 'Stop-BmRelease'; Value = 1.2 }
            @{ Command = 'Stop-BmRelease'; Value = [double]2 }
            @{ Command = 'Stop-BmRelease'; Value = [decimal]3 }
            @{ Command = 'Stop-BmRelease'; Value = $true }
            @{ Command = 'Get-BmRelease'; Value = '1.2' }
            @{ Command = 'Get-BmRelease'; Value = '4,5' }
        ) {
            $noConfirm = Get-NoConfirm $Command
            $problems = Get-Refusal { & $Command -ReleaseId $Value @noConfirm }

            $problems.Count | Should -Be 1
            $problems[0].Exception.Message | Should -Match 'ReleaseId'
            @(Get-SimRequest $sim).Count | Should -Be 0
        }

        It 'refuses a release number typed as a positional id (PowerShell reads 1.2 as a number)' {
            $problems = Get-Refusal { Stop-BmRelease 1.2 -Confirm:$false }

            $problems.Count | Should -Be 1
            @(Get-SimRequest $sim).Count | Should -Be 0
        }

        It 'refuses a lossy -ApplicationId' {
            $problems = Get-Refusal { Stop-BmRelease -ReleaseNumber 1.1 -ApplicationId '1.5' -Confirm:$false }

            $problems.Count | Should -Be 1
            $problems[0].Exception.Message | Should -Match 'ApplicationId'
            @(Get-SimRequest $sim).Count | Should -Be 0
        }

        It 'refuses a release id from a piped object''s property that is not a whole number' {
            $problems = Get-Refusal { [pscustomobject]@{ ReleaseId = '0x4' } | Stop-BmRelease -Confirm:$false }

            $problems.Count | Should -Be 1
            @(Get-SimRequest $sim).Count | Should -Be 0
        }

        It 'still takes ints, Int64 and digit strings as ids' {
            $stopped = @(2, [long]3, '4' | Stop-BmRelease -Confirm:$false)
            $stopped.ReleaseId | Should -Be 2, 3, 4
        }

        It 'refuses a guid in a form other than the standard ones' {
            $problems = Get-Refusal { Stop-CfDeployment -DeploymentGuid '{0xde900000,0x0000,0x4000,{0x80,0x00,0x00,0x00,0x00,0x00,0x00,0x01}}' -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -Confirm:$false }

            $problems.Count | Should -Be 1
            $problems[0].Exception.Message | Should -Match 'DeploymentGuid'
            @(Get-SimRequest $sim).Count | Should -Be 0
        }
    }

    Context 'names resolve exactly' {
        BeforeEach {
            $cf = @{ Url = $sim.Url; Token = $sim.Credentials.cloudFoundryToken; Confirm = $false }
        }

        It 'a %XX in an app name is not decoded twice: we%62 is not web' {
            $problems = Get-Refusal { Stop-CfDeployment -AppName 'we%62' -SpaceGuid $space @cf }

            $problems[0].FullyQualifiedErrorId | Should -BeLike 'AppNotFound,*'
            @(Get-SimRequest $sim | Where-Object method -EQ 'POST').Count | Should -Be 0
            (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/deployments' | Where-Object guid -EQ 'de900000-0000-4000-8000-000000000001').state | Should -Be 'DEPLOYING'
        }

        It 'cancels the deployment of the app named <Name> exactly' -ForEach @(
            @{ Name = 'we%62' }, @{ Name = 'a,b' }, @{ Name = 'a, b' }, @{ Name = 'c+d' }, @{ Name = 'e f' }, @{ Name = 'g/h?i#j' }, @{ Name = 'wéb' }, @{ Name = '100%' }
        ) {
            $appGuid = [guid]::NewGuid().ToString()
            $deploymentGuid = [guid]::NewGuid().ToString()
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/apps' -Body @(@{ guid = $appGuid; name = $Name; spaceGuid = $space }) | Out-Null
            Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @(@{ guid = $deploymentGuid; appGuid = $appGuid; state = 'DEPLOYING' }) | Out-Null

            $deployment = Stop-CfDeployment -AppName $Name -SpaceGuid $space @cf

            $deployment.DeploymentGuid | Should -Be $deploymentGuid
            @(Get-SimRequest $sim | Where-Object method -EQ 'POST').path | Should -Be "/v3/deployments/$deploymentGuid/actions/cancel"
        }

        It 'refuses an app the service returns under another name, cancelling nothing' {
            Set-IgnoreFilters $true

            $problems = Get-Refusal { Stop-CfDeployment -AppName nosuch -SpaceGuid $otherSpace @cf }

            $problems[0].FullyQualifiedErrorId | Should -BeLike 'NameMismatch,*'
            $problems[0].Exception.Message | Should -Match "'web'"
            @(Get-SimRequest $sim | Where-Object method -EQ 'POST').Count | Should -Be 0
        }

        It 'refuses a deployment listed for another app than the one asked for, cancelling nothing' {
            Set-IgnoreFilters $true

            $problems = Get-Refusal { Stop-CfDeployment -AppGuid 'a9900000-0000-4000-8000-000000000003' @cf }

            $problems[0].FullyQualifiedErrorId | Should -BeLike 'NameMismatch,*'
            @(Get-SimRequest $sim | Where-Object method -EQ 'POST').Count | Should -Be 0
        }

        It 'finds a Worker named with special characters exactly' {
            $account = $sim.Credentials.cloudflareAccountId
            Invoke-SimControl $sim -Path '/_sim/cloudflare/scripts' -Body @(
                @{ id = 'my worker%2F?#é'; tag = '11111111111111111111111111111111' },
                @{ id = 'my worker/?#é'; tag = '22222222222222222222222222222222' }) | Out-Null
            Invoke-SimControl $sim -Path '/_sim/cloudflare/builds' -Body @(
                @{ buildUuid = 'b0100000-0000-4000-8000-0000000000a1'; scriptTag = '11111111111111111111111111111111'; status = 'running' },
                @{ buildUuid = 'b0100000-0000-4000-8000-0000000000a2'; scriptTag = '22222222222222222222222222222222'; status = 'running' }) | Out-Null

            $results = @(Stop-CfBuild -WorkerName 'my worker%2F?#é' -AccountId $account -Confirm:$false)

            $results.BuildUuid | Should -Be 'b0100000-0000-4000-8000-0000000000a1'
        }

        It 'finds a model named with special characters exactly' {
            Invoke-SimControl $sim -Path '/_sim/baseten/models' -Body @(
                @{ id = 'spec1abc'; name = 'chat %41/b?c#d é' }, @{ id = 'spec2abc'; name = 'chat A/b?c#d é' }) | Out-Null
            Invoke-SimControl $sim -Path '/_sim/baseten/environments' -Body @(
                @{ modelId = 'spec1abc'; name = 'production'; promotingDeploymentId = 'p1' }, @{ modelId = 'spec2abc'; name = 'production'; promotingDeploymentId = 'p2' }) | Out-Null

            $promotion = Stop-BasetenPromotion -ModelName 'chat %41/b?c#d é' -Url $sim.Url -Confirm:$false

            $promotion.ModelId | Should -Be 'spec1abc'
        }
    }

    Context 'explicit values are never replaced by the environment' {
        It '<Command> -<Parameter> <Shown> is refused, naming it, with nothing sent' -ForEach @(
            @{ Command = 'Get-BmRelease'; Parameter = 'Url'; Value = ''; Shown = "''"; Extra = @{} }
            @{ Command = 'Get-BmRelease'; Parameter = 'ApiKey'; Value = ''; Shown = "''"; Extra = @{} }
            @{ Command = 'Get-BmRelease'; Parameter = 'ApiKey'; Value = ' '; Shown = "' '"; Extra = @{} }
            @{ Command = 'Get-BmRelease'; Parameter = 'ApiKey'; Value = $null; Shown = '$null'; Extra = @{} }
            @{ Command = 'Stop-BmRelease'; Parameter = 'Url'; Value = ' '; Shown = "' '"; Extra = @{ ReleaseId = 2 } }
            @{ Command = 'Stop-BmRelease'; Parameter = 'ApiKey'; Value = ''; Shown = "''"; Extra = @{ ReleaseId = 2 } }
            @{ Command = 'Stop-CfDeployment'; Parameter = 'Token'; Value = ' '; Shown = "' '"; Extra = @{ DeploymentGuid = 'de900000-0000-4000-8000-000000000001'; Url = '{sim}' } }
            @{ Command = 'Stop-CfDeployment'; Parameter = 'Url'; Value = ''; Shown = "''"; Extra = @{ DeploymentGuid = 'de900000-0000-4000-8000-000000000001'; Token = '{cftoken}' } }
            @{ Command = 'Stop-CfBuild'; Parameter = 'AccountId'; Value = ''; Shown = "''"; Extra = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001' } }
            @{ Command = 'Stop-CfBuild'; Parameter = 'AccountId'; Value = $null; Shown = '$null'; Extra = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001' } }
            @{ Command = 'Stop-CfBuild'; Parameter = 'Url'; Value = ''; Shown = "''"; Extra = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001' } }
            @{ Command = 'Stop-CfBuild'; Parameter = 'ApiToken'; Value = ' '; Shown = "' '"; Extra = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001' } }
            @{ Command = 'Stop-CfBuild'; Parameter = 'Email'; Value = ''; Shown = "''"; Extra = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001'; ApiKey = 'k' } }
            @{ Command = 'Stop-CfBuild'; Parameter = 'ApiKey'; Value = ''; Shown = "''"; Extra = @{ BuildUuid = 'b0100000-0000-4000-8000-000000000001'; Email = 'a@example.com' } }
            @{ Command = 'Stop-BasetenPromotion'; Parameter = 'ApiKey'; Value = ''; Shown = "''"; Extra = @{ ModelId = 'abc123xy'; Url = '{sim}' } }
            @{ Command = 'Stop-BasetenPromotion'; Parameter = 'Url'; Value = ' '; Shown = "' '"; Extra = @{ ModelId = 'abc123xy' } }
        ) {
            $env:CLOUDFLARE_EMAIL = $sim.Credentials.cloudflareEmail
            $env:CLOUDFLARE_API_KEY = $sim.Credentials.cloudflareApiKey
            $arguments = @{}
            foreach ($pair in $Extra.GetEnumerator()) {
                $arguments[$pair.Key] = switch ($pair.Value) { '{sim}' { $sim.Url } '{cftoken}' { $sim.Credentials.cloudFoundryToken } default { $pair.Value } }
            }
            $arguments[$Parameter] = $Value

            $problems = Get-Refusal { $noConfirm = Get-NoConfirm $Command; & $Command @arguments @noConfirm }

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'EmptyArgument,*'
            $problems[0].Exception.Message | Should -Match "-$Parameter\b"
            @(Get-SimRequest $sim).Count | Should -Be 0
        }

        It 'an empty -AccountId on a piped object is refused too' {
            $problems = Get-Refusal { [pscustomobject]@{ BuildUuid = 'b0100000-0000-4000-8000-000000000001'; AccountId = '' } | Stop-CfBuild -Confirm:$false }

            $problems[0].FullyQualifiedErrorId | Should -BeLike 'EmptyArgument,*'
            @(Get-SimRequest $sim).Count | Should -Be 0
        }
    }

    Context 'Stop-BasetenPromotion binds objects by property name only' {
        # Another service's object binds to -InputObject by type, and is refused by name; what binds nothing, by the binder.
        It 'refuses <Label> instead of taking its text as a model id (<ErrorId>)' -ForEach @(
            @{ Label = 'a BuildMaster release'; Make = { Get-BmRelease -ReleaseId 2 }; ErrorId = 'ObjectOfAnotherService' }
            @{ Label = 'an object with only ReleaseId'; Make = { [pscustomobject]@{ ReleaseId = 3 } }; ErrorId = 'InputObjectMissingMandatory' }
            @{ Label = 'a hashtable'; Make = { @{ ModelId = 'abc123xy' } }; ErrorId = 'InputObjectMissingMandatory' }
        ) {
            $objects = @(& $Make)
            Reset-Simulator $sim

            $text = Get-HostOutput { $script:problems = Get-Refusal { $objects | Stop-BasetenPromotion -Url $sim.Url -WhatIf } }

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $text | Should -Not -Match 'What if'
            @(Get-SimRequest $sim).Count | Should -Be 0
        }

        It 'still takes strings, its own output and objects with ModelId or ModelName' {
            $text = Get-HostOutput {
                'abc123xy' | Stop-BasetenPromotion -Url $sim.Url -WhatIf
                [pscustomobject]@{ ModelId = 'abc123xy'; Environment = 'staging' } | Stop-BasetenPromotion -Url $sim.Url -WhatIf
                [pscustomobject]@{ ModelName = 'llama-chat' } | Stop-BasetenPromotion -Url $sim.Url -WhatIf
            }
            ([regex]::Matches($text, 'What if')).Count | Should -Be 3
        }
    }

    Context 'URLs' {
        It 'refuses -Url <Url> with InvalidUrl and sends nothing' -ForEach @(
            @{ Url = '{sim}/?x=1' }, @{ Url = '{sim}/#frag' }, @{ Url = 'http://user:secret@{host}/' }
        ) {
            $given = $Url.Replace('{sim}', $sim.Url).Replace('{host}', ([uri]$sim.Url).Authority)

            $problems = Get-Refusal { Get-BmRelease -Url $given }

            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidUrl,*'
            $problems[0].Exception.Message | Should -Not -Match 'secret'
            @(Get-SimRequest $sim).Count | Should -Be 0
        }

        It 'keeps a reverse proxy''s path prefix and folds repeated slashes' {
            Get-BmRelease -Url "$($sim.Url)//proxy//bm//" -ErrorAction SilentlyContinue | Out-Null

            (Get-SimRequest $sim)[0].path | Should -Be '/proxy/bm/api/releases'
        }
    }

    Context 'Get | Stop never widens' {
        AfterEach { Set-IgnoreFilters $false }

        It 'writes only the releases that match what was asked, with one warning, when the server ignores the filters' {
            Set-IgnoreFilters $true

            $listed = @(Get-BmRelease -ApplicationName HDars -Status active -WarningVariable warnings -WarningAction SilentlyContinue)

            $listed.ReleaseId | Should -Be 4
            $warnings.Count | Should -Be 1
            "$($warnings[0])" | Should -Match '4 releases'
        }

        It 'the pipe into Stop-BmRelease cancels only the matching release' {
            Set-IgnoreFilters $true

            $stopped = @(Get-BmRelease -ReleaseId 3 -WarningAction SilentlyContinue | Stop-BmRelease -Confirm:$false)

            $stopped.ReleaseId | Should -Be 3
            @(Get-SimRequest $sim -Path '/api/releases/cancel').Count | Should -Be 1
            @(Invoke-SimControl $sim -Method Get -Path '/_sim/buildmaster/releases' | Where-Object status -EQ 'canceled').id | Sort-Object | Should -Be 3, 5
        }

        It 'a cancel''s read-back takes the release it asked for, not the first one listed' {
            Set-IgnoreFilters $true

            $stopped = Stop-BmRelease -ReleaseId 3 -Confirm:$false

            $stopped.ReleaseId | Should -Be 3
            $stopped.Status | Should -Be 'canceled'
        }
    }
}
