# Everything in flight: the account-wide listings of Get-CfBuild and Get-BasetenPromotion, and Stop-InFlightRelease
# over a mixed stream, at the URL and with the credential each object was listed with.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'
    $account = $sim.Credentials.cloudflareAccountId
    $cloudflareUrl = "$($sim.Url)/client/v4"
    $cancelPaths = '^/api/releases/cancel$|/actions/cancel$|/builds/builds/[^/]+/cancel$|/cancel_promotion$'

    function Get-Cancel { @(Get-SimRequest $sim | Where-Object { $_.path -match $cancelPaths }) }

    # Forgets the requests so far (and this process's request budgets), keeping the simulator's data and sessions.
    function Clear-SimRequest {
        Invoke-RestMethod -Method Delete "$($sim.Url)/_sim/requests" | Out-Null
        Reset-RequestBudget
    }

    # Runs a script in a session of its own (a new runspace with the module): credentials given as parameters there are
    # that session's only. Returns what it wrote.
    function Invoke-Session([string] $Script, [hashtable] $Variables = @{}) {
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $shell = [PowerShell]::Create()
        $shell.Runspace = $runspace
        foreach ($name in $Variables.Keys) { $runspace.SessionStateProxy.SetVariable($name, $Variables[$name]) }
        $null = $shell.AddScript("Import-Module '$manifest'`n$Script")
        try {
            $output = @($shell.Invoke())
            [pscustomobject]@{ Output = $output; Errors = @($shell.Streams.Error); Progress = @($shell.Streams.Progress) }
        }
        finally {
            $shell.Dispose()
            $runspace.Dispose()
        }
    }

    # Every service listed in a session with credentials given as parameters ($url and $credentials from the caller).
    $listWithCredentials = @'
$listed = @(
    Get-BmRelease -Url $url -ApiKey $credentials.buildMasterApiKey -Status active
    Get-CfDeployment -Url $url -Token $credentials.cloudFoundryToken
    Get-CfBuild -Url "$url/client/v4" -ApiToken $credentials.cloudflareApiToken -AccountId $credentials.cloudflareAccountId
    Get-BasetenPromotion -Url $url -ApiKey $credentials.basetenApiKey
)

'@

    function Add-Worker([string] $Name, [string] $Tag, [int] $Running = 0, [string] $AccountId = $account) {
        Invoke-SimControl $sim -Path '/_sim/cloudflare/scripts' -Body @(@{ id = $Name; tag = $Tag; accountId = $AccountId }) | Out-Null
        if ($Running -gt 0) {
            Invoke-SimControl $sim -Path '/_sim/cloudflare/builds' -Body @(1..$Running | ForEach-Object { @{ buildUuid = [guid]::NewGuid(); status = 'running'; scriptTag = $Tag; accountId = $AccountId } }) | Out-Null
        }
    }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Get-CfBuild without a Worker: every Worker of the account' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    It 'writes nothing and no error for an account without Workers, after one request' {
        $results = @(Get-CfBuild -AccountId 'a0000000000000000000000000000000' -ErrorVariable problems)

        $results.Count | Should -Be 0
        $problems.Count | Should -Be 0
        @(Get-SimRequest $sim).path | Should -Be '/client/v4/accounts/a0000000000000000000000000000000/workers/scripts'
    }

    It 'lists the in-flight builds of each Worker in the scripts listing''s order, each naming its Worker: one request for the scripts, one a Worker' {
        Add-Worker 'second-worker' 'aaaa0000bbbb1111cccc2222dddd3333' -Running 2

        $results = @(Get-CfBuild)

        $results.Count | Should -Be 6
        @($results.Worker) | Should -Be (@('my-worker') * 4 + @('second-worker') * 2)
        $results | ForEach-Object { $_.Status | Should -BeIn 'queued', 'initializing', 'running' }
        @(Get-SimRequest $sim).Count | Should -Be 4 -Because 'the scripts listing, then my-worker, quiet-worker and second-worker'
    }

    It 'reads every page of a Worker''s builds' {
        Add-Worker 'busy-worker' 'eeee0000ffff1111aaaa2222bbbb3333' -Running 150

        $results = @(Get-CfBuild | Where-Object Worker -EQ 'busy-worker')

        $results.Count | Should -Be 150
        @($results.BuildUuid | Sort-Object -Unique).Count | Should -Be 150
        @(Get-SimRequest $sim -Path "/client/v4/accounts/$account/builds/workers/eeee0000ffff1111aaaa2222bbbb3333").Count | Should -Be 2
    }

    It '-Status and -Branch filter every Worker' {
        $results = @(Get-CfBuild -Status stopped)
        $results.Count | Should -Be 2
        $results | ForEach-Object { $_.IsFinal | Should -BeTrue }
        @(Get-CfBuild -Branch 'feature/login').BuildUuid | Should -Be ([guid]'b0100000-0000-4000-8000-000000000002')
    }

    It 'a Worker whose builds fail to read is one error naming it, and the other Workers are listed' {
        Add-Worker 'second-worker' 'aaaa0000bbbb1111cccc2222dddd3333' -Running 2
        Add-SimFault $sim -Path '/builds/workers/0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f/builds$' -Status 500 -Times -1

        $results = @(Get-CfBuild -MaximumRetryCount 0 -ErrorVariable problems -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 6
        $problems.Count | Should -Be 1
        $problems[0].TargetObject | Should -Be 'quiet-worker'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
    }

    It 'a refused scripts listing says which permission the token lacks' {
        $results = @(Get-CfBuild -ApiToken $sim.Credentials.cloudflareCiOnlyApiToken -ErrorVariable problems -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 0
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'PermissionDenied,*'
        $problems[0].Exception.Message | Should -Match 'Listing the builds of every Worker .*Workers Scripts Read'
    }

    It '200 Workers with builds in 10: at most 201 requests within Cloudflare''s budget, and the first build is written before the last Worker is read' {
        Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/1200/300' | Out-Null
        $scripts = foreach ($n in 1..198) { @{ id = "worker-$n"; tag = '{0:x32}' -f $n } }
        Invoke-SimControl $sim -Path '/_sim/cloudflare/scripts' -Body $scripts | Out-Null
        $builds = foreach ($n in 1..8) { @{ buildUuid = [guid]::NewGuid(); status = 'queued'; scriptTag = '{0:x32}' -f $n } }
        Invoke-SimControl $sim -Path '/_sim/cloudflare/builds' -Body @($builds) | Out-Null
        $readBeforeFirst = $null

        $results = @(Get-CfBuild | ForEach-Object {
                if ($null -eq $readBeforeFirst) { $readBeforeFirst = @(Get-SimRequest $sim -Path "/client/v4/accounts/$account/builds/workers").Count }
                $_
            })

        $results.Count | Should -Be 12 -Because 'my-worker has 4 builds in flight, and 8 of the added Workers one each'
        @($results.Worker | Sort-Object -Unique).Count | Should -Be 9
        $requests = @(Get-SimRequest $sim)
        $requests.Count | Should -BeLessOrEqual 201
        (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
        $readBeforeFirst | Should -BeLessThan 200 -Because 'the objects stream Worker by Worker'
    }

    It 'puts a Worker''s name into a CI step''s status line as data: no log command, no terminal escape' {
        $hostile = "##vso[task.setvariable variable=pwned]yes`e[2J"
        Add-Worker $hostile 'abab0000abab0000abab0000abab0000' -Running 1 -AccountId 'b0000000000000000000000000000000'

        $step = Invoke-CiStep -Script 'Get-CfBuild -AccountId b0000000000000000000000000000000 | Out-Null' -Environment @{ TF_BUILD = 'True' }

        $step.ExitCode | Should -Be 0
        $all = @($step.Output) + @($step.Errors)
        $all | Where-Object { $_ -match '##vso\[' } | Should -BeNullOrEmpty
        $all | Where-Object { $_ -match "`e" } | Should -BeNullOrEmpty
        $all -join "`n" | Should -Match '1 of 1 read: .#vso\[task\.setvariable variable=pwned\]yes'
    }

    It 'shows progress naming the Workers read so far, and ends it' {
        $session = Invoke-Session 'Get-CfBuild'

        $session.Errors.Count | Should -Be 0
        $session.Output.Count | Should -Be 4
        $reading = @($session.Progress | Where-Object Activity -Match 'Reading the builds of the 2 Workers of Cloudflare account')
        $reading.StatusDescription | Should -Contain '1 of 2 read: my-worker'
        $reading.StatusDescription | Should -Contain '2 of 2 read: quiet-worker'
        $reading[-1].RecordType | Should -Be 'Completed'
    }
}

Describe 'Get-BasetenPromotion without a model: every model of the workspace' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    It 'lists each model''s promotions in flight in the models listing''s order, each naming its model: one request for the models, one a model' {
        $results = @(Get-BasetenPromotion)

        @($results | ForEach-Object { "$($_.Model)/$($_.Environment)" }) | Should -Be 'llama-chat/production', 'llama-chat/staging', 'whisper-rolling/production', 'm3-model/production', 'm4-model/production'
        @(Get-SimRequest $sim).Count | Should -Be 7 -Because 'the models listing, then the environments of its 6 models'
    }

    It 'writes nothing and no error for a workspace without models' {
        Add-SimFault $sim -Path '^/v1/models$' -Status 200 -ContentType 'application/json' -Body '{"models":[]}'

        $results = @(Get-BasetenPromotion -ErrorVariable problems)

        $results.Count | Should -Be 0
        $problems.Count | Should -Be 0
        @(Get-SimRequest $sim).Count | Should -Be 1
    }

    It '-Environment keeps that environment of every model, and a model without it is no error' {
        $results = @(Get-BasetenPromotion -Environment staging -ErrorVariable problems)

        $problems.Count | Should -Be 0
        @($results | ForEach-Object { "$($_.ModelId)/$($_.Environment)" }) | Should -Be 'abc123xy/staging'
    }

    It 'a model whose environments fail to read is one error naming it, and the other models are listed' {
        Add-SimFault $sim -Path '^/v1/models/m3/environments$' -Status 500 -Times -1

        $results = @(Get-BasetenPromotion -MaximumRetryCount 0 -ErrorVariable problems -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 4
        $problems.Count | Should -Be 1
        $problems[0].TargetObject | Should -Be 'm3-model'
    }
}

Describe 'Stop-InFlightRelease' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        # The cf CLI logged in to the simulator, as `cf login` leaves it.
        $env:CF_HOME = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory -Path (Join-Path $env:CF_HOME '.cf') -Force | Out-Null
        $session = Invoke-SimControl $sim -Path '/_sim/uaa/sessions?expiresIn=1200'
        @{ Target = $sim.Url; AuthorizationEndpoint = $sim.Url; UaaEndpoint = $sim.Url; AccessToken = $session.accessToken; RefreshToken = $session.refreshToken } |
            ConvertTo-Json | Set-Content (Join-Path $env:CF_HOME '.cf/config.json')
        function Get-Mixed { @(Get-BmRelease -Status active; Get-CfDeployment; Get-CfBuild; Get-BasetenPromotion) }
    }

    It '-WhatIf names each target of the mixed stream as its Stop cmdlet would, and sends no cancel' {
        $mixed = Get-Mixed
        $mixed.Count | Should -Be 16

        $said = Get-HostOutput { $mixed | Stop-InFlightRelease -WhatIf }

        @(Get-Cancel).Count | Should -Be 0
        foreach ($target in @(
                'BuildMaster release 1.1 of application Accounting \(release id 2\) at 127\.0\.0\.1:\d+'
                'Cloud Foundry deployment de900000-0000-4000-8000-000000000001 of app ''web'' in space ''dev'' at 127\.0\.0\.1:\d+'
                'Cloudflare Workers build b0100000-0000-4000-8000-000000000002 of Worker ''my-worker'' on branch ''feature/login'' \(queued\) in account \w+ at 127\.0\.0\.1:\d+'
                'Baseten promotion of model ''whisper-rolling'' \(roll456z\) to production at 127\.0\.0\.1:\d+')) {
            $said | Should -Match "What if: Performing the operation ""Cancel"" on target ""$target"""
        }
        ([regex]::Matches($said, 'What if:')).Count | Should -Be 16
    }

    It 'cancels each object of a mixed stream on its own service, once, one result each in input order' {
        $mixed = Get-Mixed
        Clear-SimRequest

        $results = @($mixed | Stop-InFlightRelease -Reason 'Incident 4711' -ThrottleLimit 4 -Confirm:$false -ErrorVariable problems)

        $problems.Count | Should -Be 0
        @($results | ForEach-Object { "$($_.Provider) $($_.Id)" }) | Should -Be @($mixed | ForEach-Object { "$($_.Provider) $($_.Id)" })
        $results | ForEach-Object { $_.ServiceUrl | Should -BeLike "$($sim.Url)*" }
        $cancels = Get-Cancel
        $cancels.Count | Should -Be 16
        @($cancels.path | Sort-Object -Unique).Count | Should -Be 14 -Because 'BuildMaster cancels at one path, each other target at its own'
        @($cancels | Where-Object path -EQ '/api/releases/cancel' | ConvertFrom-RequestBody | ForEach-Object { $_.reason }) | Should -Be (@('Incident 4711') * 3)
    }

    It 'writes what the service''s Stop cmdlet writes: the same objects and the same error records' {
        $build = Get-CfBuild | Select-Object -First 1
        $release = Get-BmRelease -ReleaseId 2
        Invoke-SimControl $sim -Path '/_sim/buildmaster/releases?replace=true' -Body @(@{ id = 2; releaseNumber = '1.1'; applicationId = 1; applicationName = 'Accounting'; pipelineName = 'Standard'; sequence = 1; status = 'deployed' }) | Out-Null

        $results = @($release, $build | Stop-InFlightRelease -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 1
        $results[0].GetType().Name | Should -Be 'CloudflareBuild'
        $results[0].Status | Should -Be 'cancelled'
        $problems.Count | Should -Be 1
        $problems[0].TargetObject | Should -Be $release
        $direct = $null
        Stop-BmRelease -InputObject $release -Confirm:$false -ErrorVariable direct -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId.Split(',')[0] | Should -Be $direct[0].FullyQualifiedErrorId.Split(',')[0]
        $problems[0].CategoryInfo.Category | Should -Be $direct[0].CategoryInfo.Category
        $problems[0].ErrorDetails.Message | Should -Be $direct[0].ErrorDetails.Message
    }

    It '-IfInFlight passes over a target with nothing in flight, without an error' {
        $promotion = Get-BasetenPromotion -ModelId m3
        Stop-BasetenPromotion -ModelId m3 -Confirm:$false | Out-Null

        $results = @($promotion | Stop-InFlightRelease -IfInFlight -Confirm:$false -ErrorVariable problems)

        $results.Count | Should -Be 0
        $problems.Count | Should -Be 0
    }

    It '-Wait waits where the service''s Stop cmdlet waits' {
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/300' | Out-Null
        $deployment = Get-CfDeployment | Select-Object -First 1

        $result = $deployment | Stop-InFlightRelease -Wait -Confirm:$false

        $result.IsFinal | Should -BeTrue
        $result.Status | Should -Be 'CANCELED'
    }

    It 'refuses <Case> before any request: nothing says which service it belongs to' -ForEach @(
        @{ Case = 'an Import-Csv row'; Make = { 'BuildUuid,AccountId', "b0100000-0000-4000-8000-000000000001,$account" | ConvertFrom-Csv } }
        @{ Case = 'another module''s object'; Make = { Get-Process -Id $PID } }
        @{ Case = 'a deserialized object of the module'; Make = { $file = Join-Path $TestDrive 'build.xml'; Get-CfBuild | Select-Object -First 1 | Export-Clixml $file; Import-Clixml $file } }
        @{ Case = 'an id'; Make = { 'b0100000-0000-4000-8000-000000000001' } }
    ) {
        $object = & $Make
        Reset-Simulator $sim

        $results = @($object | Stop-InFlightRelease -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 0
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'UnrelatedInputObject,ReleaseCmdlets.Commands.StopInFlightReleaseCommand'
        # The Get cmdlets named as each service registers its own, in the order the services were added.
        if ($Case -ne 'a deserialized object of the module') {
            $problems[0].Exception.Message | Should -BeLike '*(from Get-BmRelease, Get-CfDeployment, Get-CfBuild, Get-BasetenPromotion or a Stop cmdlet)*'
        }
        @(Get-SimRequest $sim).Count | Should -Be 0
    }

    It 'refuses an object listed at another URL than the one configured, with no request to either' {
        $releases = @(Get-BmRelease -Status active)
        $promotions = @(Get-BasetenPromotion -ModelId m3)
        $env:BUILDMASTER_URL = 'http://127.0.0.1:9/'
        Reset-Simulator $sim

        $results = @($releases + $promotions | Stop-InFlightRelease -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue)

        @($results.Provider) | Should -Be 'Baseten' -Because 'the other services go on'
        $problems.Count | Should -Be 3
        $problems | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'OriginMismatch,*'
            $_.Exception.Message | Should -Match "listed at $([regex]::Escape($sim.Url))/, but BUILDMASTER_URL is http://127\.0\.0\.1:9/"
        }
        @($problems.TargetObject) | Should -Be $releases
        @(Get-SimRequest $sim | Where-Object path -Like '/api/*').Count | Should -Be 0
    }

    It 'refuses an object whose credential variable is set but blank: never passed over for another, no request' {
        $releases = @(Get-BmRelease -Status active)
        $env:BUILDMASTER_API_KEY = ' '
        Reset-Simulator $sim

        $session = Invoke-Session '$releases | Stop-InFlightRelease -Confirm:$false' @{ releases = $releases }

        $session.Output.Count | Should -Be 0
        $session.Errors.Count | Should -Be 3
        $session.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'EmptyArgument,*' }
        $session.Errors[0].Exception.Message | Should -Match 'BUILDMASTER_API_KEY environment variable is set, but its value is blank'
        @(Get-SimRequest $sim).Count | Should -Be 0
    }

    It 'refuses an object whose service has no credential, naming what to set' {
        $builds = @(Get-CfBuild)
        Remove-Item Env:CLOUDFLARE_API_TOKEN
        Reset-Simulator $sim

        $session = Invoke-Session '$builds | Stop-InFlightRelease -Confirm:$false' @{ builds = $builds }

        $session.Output.Count | Should -Be 0
        $session.Errors.Count | Should -Be 4
        $session.Errors[0].FullyQualifiedErrorId | Should -BeLike 'MissingCredential,*'
        $session.Errors[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $session.Errors[0].Exception.Message | Should -Match 'CLOUDFLARE_API_TOKEN \(or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY\)'
        @(Get-SimRequest $sim).Count | Should -Be 0
    }

    It 'a refused credential ends that service''s cancels only: its other objects are the same error without a request, the other services go on' {
        $builds = @(Get-CfBuild)
        $promotions = @(Get-BasetenPromotion -ModelId m3)
        Reset-Simulator $sim
        Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Status 401 -ContentType 'application/json' -Body '{"errors":[{"code":12005,"message":"Missing token from authorization header"}],"messages":[],"result":null,"success":false}'

        $results = @($builds + $promotions | Stop-InFlightRelease -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue)

        @($results.Provider) | Should -Be 'Baseten'
        $problems.Count | Should -Be 4
        $problems | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
            $_.ErrorDetails.Message | Should -Match 'Missing token'
        }
        @($problems.TargetObject) | Should -Be $builds
        @(Get-Cancel | Where-Object path -Like '*/builds/builds/*').Count | Should -Be 1
    }

    It 'stops objects listed with credentials given as parameters in the same session, without them, each with its own' {
        Clear-ServiceEnvironment
        $env:CF_HOME = Join-Path $TestDrive 'no-cf'
        $credentials = $sim.Credentials
        $script = $listWithCredentials + @'
$listed | Stop-InFlightRelease -Confirm:$false -ThrottleLimit 2
'@
        $session = Invoke-Session $script @{ url = $sim.Url; credentials = $credentials }

        $session.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
        $session.Output.Count | Should -Be 16
        $cancels = Get-Cancel
        $cancels.Count | Should -Be 16
        foreach ($cancel in $cancels) {
            $sent = "$($cancel.headers.'X-ApiKey') $($cancel.headers.Authorization)"
            $expected = switch -Regex ($cancel.path) {
                '^/api/' { $credentials.buildMasterApiKey }
                '/actions/cancel$' { $credentials.cloudFoundryToken }
                '/builds/builds/' { $credentials.cloudflareApiToken }
                default { $credentials.basetenApiKey }
            }
            $sent | Should -Match ([regex]::Escape($expected)) -Because "$($cancel.path) is cancelled with its own service's credential"
        }
    }

    It 'never sends a credential given for one URL to another: another session, or another URL, has none' {
        Clear-ServiceEnvironment
        $env:CF_HOME = Join-Path $TestDrive 'no-cf'
        $other = $sim.Url -replace '127\.0\.0\.1', 'localhost'
        $script = @'
$atSim = @(Get-BmRelease -Url $url -ApiKey $key -Status active)
$atOther = @(Get-BmRelease -Url $other -ApiKey 'not-a-key-of-the-simulator' -Status active -ErrorAction SilentlyContinue)
$atSim | Stop-InFlightRelease -Confirm:$false
'@
        $first = Invoke-Session $script @{ url = $sim.Url; other = $other; key = $sim.Credentials.buildMasterApiKey }
        $first.Output.Count | Should -Be 3
        $listed = @(Get-BmRelease -Url $sim.Url -ApiKey $sim.Credentials.buildMasterApiKey -Status deployed)
        Reset-Simulator $sim

        $second = Invoke-Session '$listed | Stop-InFlightRelease -Confirm:$false' @{ listed = $listed }

        $second.Errors.Count | Should -Be $listed.Count
        $second.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'MissingCredential,*' }
        @(Get-SimRequest $sim).Count | Should -Be 0
    }

    It 'keeps no secret on an object: not in a property, not in ToString, not in Export-Clixml' {
        $credentials = $sim.Credentials
        $file = Join-Path $TestDrive 'listed.xml'
        $script = $listWithCredentials + @'
$listed | Export-Clixml -Depth 5 $file
$listed | ForEach-Object { "$_" }
$listed | Format-List * | Out-String
'@
        $session = Invoke-Session $script @{ url = $sim.Url; credentials = $credentials; file = $file }

        $session.Errors.Count | Should -Be 0
        $written = (Get-Content -Raw $file) + ($session.Output -join "`n")
        foreach ($secret in $credentials.buildMasterApiKey, $credentials.cloudFoundryToken, $credentials.cloudflareApiToken, $credentials.basetenApiKey) {
            $written | Should -Not -Match ([regex]::Escape($secret))
        }
    }

    It 'stops 1,000 objects of the four services at -ThrottleLimit 16: each cancel lands once, results in input order, no budget exceeded' {
        $releases = foreach ($n in 1..250) { @{ id = 1000 + $n; releaseNumber = "9.$n"; applicationId = 1; applicationName = 'Accounting'; pipelineName = 'Standard'; sequence = 1000 + $n; status = 'active' } }
        Invoke-SimControl $sim -Path '/_sim/buildmaster/releases' -Body @($releases) | Out-Null
        $apps = foreach ($n in 1..250) { @{ guid = 'a8800000-0000-4000-8000-{0:D12}' -f $n; name = "app-$n"; spaceGuid = $sim.Credentials.cloudFoundrySpaceGuid } }
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/apps' -Body @($apps) | Out-Null
        $deployments = foreach ($n in 1..250) { @{ guid = 'de800000-0000-4000-8000-{0:D12}' -f $n; appGuid = 'a8800000-0000-4000-8000-{0:D12}' -f $n; state = 'DEPLOYING'; createdAt = '2026-11-20T11:00:00Z' } }
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @($deployments) | Out-Null
        Add-Worker 'busy-worker' 'eeee0000ffff1111aaaa2222bbbb3333' -Running 250
        Invoke-SimControl $sim -Path '/_sim/baseten/models' -Body @(1..250 | ForEach-Object { @{ id = "bulk$_"; name = "bulk-$_" } }) | Out-Null
        Invoke-SimControl $sim -Path '/_sim/baseten/environments' -Body @(1..250 | ForEach-Object { @{ modelId = "bulk$_"; name = 'production'; promotingDeploymentId = "d$_" } }) | Out-Null
        $mixed = @(Get-Mixed | Get-Random -Count ([int]::MaxValue) -SetSeed 4711)
        $mixed.Count | Should -BeGreaterOrEqual 1000
        Clear-SimRequest
        Invoke-SimControl $sim -Path '/_sim/cloudflare/rate-limit/150/5' | Out-Null
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/rate-limit/200/5' | Out-Null

        $results = @($mixed | Stop-InFlightRelease -ThrottleLimit 16 -Confirm:$false -ErrorVariable problems)

        $problems | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
        @($results | ForEach-Object { "$($_.Provider) $($_.Id)" }) | Should -Be @($mixed | ForEach-Object { "$($_.Provider) $($_.Id)" })
        $cancels = Get-Cancel
        @($cancels | Where-Object path -NE '/api/releases/cancel').Count | Should -Be @($mixed | Where-Object Provider -NE 'BuildMaster').Count
        @($cancels | Where-Object path -NE '/api/releases/cancel' | Group-Object path | Where-Object Count -GT 1).Count | Should -Be 0 -Because 'each cancel lands once'
        @($cancels | Where-Object path -EQ '/api/releases/cancel' | ConvertFrom-RequestBody | ForEach-Object { $_.releaseId } | Group-Object | Where-Object Count -GT 1).Count | Should -Be 0
        (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/rate-limit').refused | Should -Be 0
        (Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/rate-limit').refused | Should -Be 0
    }
}
