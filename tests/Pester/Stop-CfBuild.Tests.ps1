BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $account = $sim.Credentials.cloudflareAccountId
    function Get-BuildGuid([int] $n) { 'b0100000-0000-4000-8000-{0:D12}' -f $n }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Stop-CfBuild' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        $env:CLOUDFLARE_BASE_URL = "$($sim.Url)/client/v4"
        $env:CLOUDFLARE_ACCOUNT_ID = $account
        $env:CLOUDFLARE_API_TOKEN = $sim.Credentials.cloudflareApiToken
    }

    Context 'by Worker name and branch' {
        BeforeEach {
            $tag = '8ee82b3a2c0f42928b8f14dae4a97121'
            function Get-Cancelled { @(Get-SimRequest $sim | Where-Object { $_.method -eq 'PUT' } | ForEach-Object { ($_.path -split '/')[-2] }) }
            function Get-Listing {
                (Invoke-RestMethod "$($sim.Url)/client/v4/accounts/$account/builds/workers/$tag/builds?per_page=200" -Headers @{ Authorization = "Bearer $($sim.Credentials.cloudflareApiToken)" }).result
            }
        }

        It 'cancels only the queued, initializing and running builds of the Worker, one result each, in the listing''s order' {
            $listed = @(Get-Listing | Where-Object { $_.status -ne 'stopped' } | ForEach-Object build_uuid)
            Reset-Simulator $sim

            $results = @(Stop-CfBuild -WorkerName my-worker -Confirm:$false)

            $listed.Count | Should -Be 4
            $results.BuildUuid | ForEach-Object { "$_" } | Should -Be $listed
            $results | ForEach-Object { $_.Status | Should -Be 'cancelled' }
            Get-Cancelled | Should -Be $listed
            (Get-SimRequest $sim)[0].path | Should -Be "/client/v4/accounts/$account/workers/scripts"
            (Get-SimRequest $sim)[1].path | Should -Be "/client/v4/accounts/$account/builds/workers/$tag/builds"
        }

        It '-Branch keeps the builds of that branch only' {
            $results = @(Stop-CfBuild -WorkerName my-worker -Branch feature/login -Confirm:$false)

            $results.Count | Should -Be 1
            $results[0].BuildUuid | Should -Be (Get-BuildGuid 2)
            $results[0].Branch | Should -Be 'feature/login'
            Get-Cancelled | Should -Be @((Get-BuildGuid 2))
        }

        It 'reads more than one page of builds' {
            $many = 1..150 | ForEach-Object { @{ buildUuid = ('b0300000-0000-4000-8000-{0:D12}' -f $_); status = if ($_ % 2) { 'running' } else { 'stopped' }; outcome = if ($_ % 2) { $null } else { 'success' }; scriptTag = 'ab00000000000000000000000000cdef'; branch = 'main'; createdOn = ([datetime]'2026-11-01').AddMinutes($_).ToString('o') } }
            Invoke-SimControl $sim -Path '/_sim/cloudflare/builds' -Body $many | Out-Null
            Invoke-SimControl $sim -Path '/_sim/cloudflare/scripts' -Body @(@{ id = 'busy-worker'; tag = 'ab00000000000000000000000000cdef' }) | Out-Null

            $results = @(Stop-CfBuild -WorkerName busy-worker -ThrottleLimit 8 -Confirm:$false)

            $results.Count | Should -Be 75
            $results[0].BuildUuid | Should -Be ('b0300000-0000-4000-8000-{0:D12}' -f 149)
            $results[-1].BuildUuid | Should -Be ('b0300000-0000-4000-8000-{0:D12}' -f 1)
            @(Get-SimRequest $sim -Path "/client/v4/accounts/$account/builds/workers/").Count | Should -Be 2
        }

        It 'nothing running is a non-terminating ObjectNotFound naming the Worker and branch, and nothing is sent' {
            $results = @(Stop-CfBuild -WorkerName my-worker -Branch release/9 -Confirm:$false 2>&1)

            $results.Count | Should -Be 1
            $results[0].FullyQualifiedErrorId | Should -Be 'NoBuildInProgress,ReleaseCmdlets.Commands.StopCfBuildCommand'
            $results[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $results[0].Exception.Message | Should -Match "my-worker.*release/9"
            Get-Cancelled | Should -BeNullOrEmpty
        }

        It 'an unknown Worker is ObjectNotFound of its own, and the next input goes on' {
            $results = @([pscustomobject]@{ WorkerName = 'no-such-worker' }, [pscustomobject]@{ WorkerName = 'my-worker'; Branch = 'feature/login' } | Stop-CfBuild -Confirm:$false 2>&1)

            $results.Count | Should -Be 2
            $results[0].FullyQualifiedErrorId | Should -Be 'WorkerNotFound,ReleaseCmdlets.Commands.StopCfBuildCommand'
            $results[1].BuildUuid | Should -Be (Get-BuildGuid 2)
        }

        It '-WhatIf lists the builds, names each one it would cancel, and sends no cancel' {
            $text = Get-HostOutput { Stop-CfBuild -WorkerName my-worker -WhatIf }

            foreach ($n in 1, 2, 3, 6) { $text | Should -Match ([regex]::Escape("build $(Get-BuildGuid $n) of Worker 'my-worker'")) }
            Get-Cancelled | Should -BeNullOrEmpty
            @(Get-SimRequest $sim).Count | Should -Be 2
        }
    }

    Context 'with an API token' {
        It 'PUTs the cancel with a bearer token and writes the build from the result' {
            $build = Stop-CfBuild -BuildUuid (Get-BuildGuid 1) -Confirm:$false

            $build | Should -BeOfType ([ReleaseCmdlets.Cloudflare.CloudflareBuild])
            $build.Provider | Should -Be 'Cloudflare'
            $build.BuildUuid | Should -Be (Get-BuildGuid 1)
            $build.AccountId | Should -Be $account
            $build.Status | Should -Be 'cancelled'
            $build.BuildOutcome | Should -Be 'cancelled'
            $build.IsFinal | Should -BeTrue
            $build.StoppedOn | Should -BeOfType ([DateTimeOffset])

            $request = @(Get-SimRequest $sim)
            $request.Count | Should -Be 1
            $request[0].method | Should -Be 'PUT'
            $request[0].path | Should -Be "/client/v4/accounts/$account/builds/builds/$(Get-BuildGuid 1)/cancel"
            $request[0].headers.Authorization | Should -Be "Bearer $($sim.Credentials.cloudflareApiToken)"
            $request[0].headers.'X-Auth-Key' | Should -BeNullOrEmpty
        }

        It 'takes -ApiToken and -AccountId over the environment' {
            $env:CLOUDFLARE_API_TOKEN = 'stale-token'
            $env:CLOUDFLARE_ACCOUNT_ID = 'ffffffffffffffffffffffffffffffff'
            $build = Stop-CfBuild (Get-BuildGuid 2) -AccountId $account -ApiToken $sim.Credentials.cloudflareApiToken -Confirm:$false
            $build.Status | Should -Be 'cancelled'
        }

        It 'takes the build id by its alias -BuildId' {
            (Stop-CfBuild -BuildId (Get-BuildGuid 3) -Confirm:$false).Status | Should -Be 'cancelled'
        }

        It 'uses the default base URL with or without a trailing slash' -ForEach @('', '/') {
            $env:CLOUDFLARE_BASE_URL = "$($sim.Url)/client/v4$_"
            (Stop-CfBuild (Get-BuildGuid 1) -Confirm:$false).Status | Should -Be 'cancelled'
            (Get-SimRequest $sim)[0].path | Should -Be "/client/v4/accounts/$account/builds/builds/$(Get-BuildGuid 1)/cancel"
        }
    }

    Context 'with the global key' {
        It 'sends X-Auth-Email and X-Auth-Key from -Email and -ApiKey' {
            Remove-Item Env:CLOUDFLARE_API_TOKEN
            $build = Stop-CfBuild (Get-BuildGuid 1) -Email $sim.Credentials.cloudflareEmail -ApiKey $sim.Credentials.cloudflareApiKey -Confirm:$false

            $build.Status | Should -Be 'cancelled'
            $headers = (Get-SimRequest $sim)[0].headers
            $headers.'X-Auth-Email' | Should -Be $sim.Credentials.cloudflareEmail
            $headers.'X-Auth-Key' | Should -Be $sim.Credentials.cloudflareApiKey
            $headers.Authorization | Should -BeNullOrEmpty
        }

        It 'reads CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY when no token is set' {
            Remove-Item Env:CLOUDFLARE_API_TOKEN
            $env:CLOUDFLARE_EMAIL = $sim.Credentials.cloudflareEmail
            $env:CLOUDFLARE_API_KEY = $sim.Credentials.cloudflareApiKey
            (Stop-CfBuild (Get-BuildGuid 1) -Confirm:$false).Status | Should -Be 'cancelled'
            (Get-SimRequest $sim)[0].headers.'X-Auth-Email' | Should -Be $sim.Credentials.cloudflareEmail
        }

        It 'refuses -ApiToken together with -ApiKey before any request, with CredentialConflict' {
            { Stop-CfBuild (Get-BuildGuid 1) -ApiToken 'a' -Email 'x@example.com' -ApiKey 'b' -Confirm:$false } |
                Should -Throw -ErrorId 'CredentialConflict,ReleaseCmdlets.Commands.StopCfBuildCommand'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }
    }

    Context 'from the pipeline' {
        It 'takes 3 objects with BuildUuid and AccountId properties' {
            $objects = 1, 2, 3 | ForEach-Object { [pscustomobject]@{ BuildUuid = (Get-BuildGuid $_); AccountId = $account } }
            $stopped = @($objects | Stop-CfBuild -Confirm:$false)
            $stopped.BuildUuid | Should -Be (Get-BuildGuid 1), (Get-BuildGuid 2), (Get-BuildGuid 3)
        }

        It 'takes objects from the API JSON by build_uuid' {
            $json = '[{"build_uuid":"' + (Get-BuildGuid 1) + '","status":"running"},{"build_uuid":"' + (Get-BuildGuid 2) + '","status":"queued"}]'
            $stopped = @($json | ConvertFrom-Json | ForEach-Object { $_ } | Stop-CfBuild -Confirm:$false)
            $stopped.Status | Should -Be 'cancelled', 'cancelled'
        }

        It 're-piping its own output writes the builds again without error' {
            $first = @((Get-BuildGuid 1), (Get-BuildGuid 2) | Stop-CfBuild -Confirm:$false)
            $again = @($first | Stop-CfBuild -Confirm:$false -ErrorVariable problems)
            $again.Status | Should -Be 'cancelled', 'cancelled'
            $problems | Should -BeNullOrEmpty
        }
    }

    Context 'errors' {
        It 'an unknown build is ObjectNotFound with code 12000 and the cf-ray id' {
            Stop-CfBuild (Get-BuildGuid 99) -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -Be 'NotFound,ReleaseCmdlets.Commands.StopCfBuildCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $problems[0].ErrorDetails.Message | Should -Match '^Not found \(HTTP 404, 12000, request id [0-9a-f]{16}-SJC\)$'
        }

        It 'a token without permission is PermissionDenied (10000)' {
            Stop-CfBuild (Get-BuildGuid 1) -ApiToken $sim.Credentials.cloudflareReadOnlyApiToken -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $problems[0].ErrorDetails.Message | Should -Match '10000'
        }

        It 'an unknown token stops the command with an AuthenticationError' {
            $thrown = { Stop-CfBuild (Get-BuildGuid 1) -ApiToken 'not-a-real-token' -Confirm:$false } |
                Should -Throw -ErrorId 'AuthenticationFailed,ReleaseCmdlets.Commands.StopCfBuildCommand' -PassThru
            $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
        }

        It 'a malformed key joins the error chain into the message' {
            Remove-Item Env:CLOUDFLARE_API_TOKEN
            Stop-CfBuild (Get-BuildGuid 1) -Email 'x@example.com' -ApiKey 'not hex!' -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $problems[0].ErrorDetails.Message | Should -Match 'Invalid request headers: Invalid format for X-Auth-Key header'
        }

        It 'success:false on a 200 answer is a failure' {
            Add-SimFault $sim -Path '/cancel$' -Status 200 -Body '{"success":false,"errors":[{"code":12000,"message":"Not found"}],"messages":[{"code":1,"message":"see docs"}],"result":null}'
            Stop-CfBuild (Get-BuildGuid 1) -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $problems[0].ErrorDetails.Message | Should -Match 'Not found; see docs'
        }

        It 'accepts messages as plain strings' {
            Add-SimFault $sim -Path '/cancel$' -Status 200 -Body ('{"success":true,"errors":[],"messages":["Build cancelled"],"result":{"build_outcome":"cancelled","build_uuid":"' + (Get-BuildGuid 1) + '","stopped_on":null}}')
            (Stop-CfBuild (Get-BuildGuid 1) -Confirm:$false).Status | Should -Be 'cancelled'
        }

        It 'an already cancelled build is written without error' {
            $build = Stop-CfBuild (Get-BuildGuid 5) -Confirm:$false -ErrorVariable problems
            $build.Status | Should -Be 'cancelled'
            $build.Branch | Should -Be 'main'
            $problems | Should -BeNullOrEmpty
        }

        It 'retries a <_> as the Cloudflare SDKs do, then succeeds: 2 requests' -ForEach 500, 408, 409 {
            Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Status $_ -Body '{"success":false,"errors":[{"code":10000,"message":"Internal error"}]}'

            $build = Stop-CfBuild (Get-BuildGuid 1) -Confirm:$false -RetryIntervalSec 0

            $build.Status | Should -Be 'cancelled'
            @(Get-SimRequest $sim -Path '/client/v4/accounts').Where({ $_.method -eq 'PUT' }).Count | Should -Be 2
        }

        It 'does not retry when x-should-retry says false' {
            Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Status 503 -Headers @{ 'x-should-retry' = 'false' }
            Stop-CfBuild (Get-BuildGuid 1) -Confirm:$false -RetryIntervalSec 0 -ErrorAction SilentlyContinue -ErrorVariable problems
            $problems[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            @(Get-SimRequest $sim -Path '/client/v4/accounts').Count | Should -Be 1
        }

        It 'a 5xx carrying code 10000 is not an authentication failure: per input, ResourceUnavailable' {
            Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Status 502 -Times -1 -Body '{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}'

            $results = @((Get-BuildGuid 1), (Get-BuildGuid 2) | Stop-CfBuild -Confirm:$false -MaximumRetryCount 0 2>&1)

            $results.Count | Should -Be 2
            $results | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'ResourceUnavailable' }
        }

        It 'fails at once with LimitsExceeded, saying when to try again, when Retry-After is longer than the time left' {
            Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Status 429 -Headers @{ 'Retry-After' = '300' } -Body '{"success":false,"errors":[{"code":971,"message":"Please wait and consider throttling your request speed"}]}'
            $clock = [Diagnostics.Stopwatch]::StartNew()

            Stop-CfBuild (Get-BuildGuid 1) -Confirm:$false -TimeoutSec 20 -ErrorAction SilentlyContinue -ErrorVariable problems

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
            $problems[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $problems[0].Exception.Message | Should -Match 'asks to wait 300 s .* try again after \d{4}-\d\d-\d\d'
            @(Get-SimRequest $sim -Path '/client/v4/accounts').Count | Should -Be 1
        }

        It 'shows the refusal, with a warning, when reading the build after it fails' {
            Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Status 400 -Body '{"success":false,"errors":[{"code":12100,"message":"Build cannot be cancelled now"}]}'
            Add-SimFault $sim -Path '/builds/builds/[^/]+$' -Method GET -Status 500 -Times -1 -Body '{"success":false,"errors":[{"code":10001,"message":"Internal error"}]}'

            Stop-CfBuild (Get-BuildGuid 4) -Confirm:$false -MaximumRetryCount 0 -ErrorAction SilentlyContinue -ErrorVariable problems -WarningVariable warnings -WarningAction SilentlyContinue

            $problems.Count | Should -Be 1
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $problems[0].Exception.Message | Should -Be 'Build cannot be cancelled now'
            $warnings.Message | Should -Match 'reading it to learn why failed'
        }

        It 'a stopped build''s cancel refused as <Status> <Code> is decided by the build <Build>: <Expected>' -ForEach @(
            @{ Status = 404; Code = 12000; Build = 4; Expected = 'BuildAlreadyStopped' }
            @{ Status = 400; Code = 12100; Build = 4; Expected = 'BuildAlreadyStopped' }
            @{ Status = 404; Code = 12000; Build = 5; Expected = 'cancelled' }
            @{ Status = 422; Code = 12100; Build = 5; Expected = 'cancelled' }
        ) {
            Invoke-SimControl $sim -Path "/_sim/cloudflare/stopped-cancel/$Status/$Code" | Out-Null

            $build = Stop-CfBuild (Get-BuildGuid $Build) -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue

            if ($Expected -eq 'cancelled') {
                $problems | Should -BeNullOrEmpty
                $build.Status | Should -Be 'cancelled'
            }
            else {
                $build | Should -BeNullOrEmpty
                $problems[0].FullyQualifiedErrorId | Should -Be "$Expected,ReleaseCmdlets.Commands.StopCfBuildCommand"
            }
            (Get-SimRequest $sim).method | Should -Be 'PUT', 'GET'
        }

        It 'a cancel answer without build_outcome (the schema makes it optional) is followed by a read of the build' {
            Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -AfterService -Status 200 -Body ('{"success":true,"errors":[],"messages":[],"result":{"build_uuid":"' + (Get-BuildGuid 1) + '","build_outcome":null,"stopped_on":null}}')

            $build = Stop-CfBuild (Get-BuildGuid 1) -Confirm:$false

            $build.Status | Should -Be 'cancelled'
            $build.IsFinal | Should -BeTrue
            $build.StoppedOn | Should -Not -BeNullOrEmpty
            (Get-SimRequest $sim).method | Should -Be 'PUT', 'GET'
        }

        It '-WorkerName with a token made for Workers Builds alone is PermissionDenied naming Workers Scripts Read' {
            Stop-CfBuild -WorkerName my-worker -ApiToken $sim.Credentials.cloudflareCiOnlyApiToken -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $problems.Count | Should -Be 1
            $problems[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $problems[0].Exception.Message | Should -Match 'Workers Scripts Read'
            $problems[0].Exception.Message | Should -Match '-BuildUuid'
            (Get-SimRequest $sim).path | Should -Be "/client/v4/accounts/$($sim.Credentials.cloudflareAccountId)/workers/scripts"
        }

        It 'the same token cancels by -BuildUuid, which needs Workers CI Write alone' {
            $build = Stop-CfBuild (Get-BuildGuid 1) -ApiToken $sim.Credentials.cloudflareCiOnlyApiToken -Confirm:$false
            $build.Status | Should -Be 'cancelled'
        }

        It 'a build that already succeeded is InvalidOperation' {
            Stop-CfBuild (Get-BuildGuid 4) -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -Be 'BuildAlreadyStopped,ReleaseCmdlets.Commands.StopCfBuildCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $problems[0].ErrorDetails.Message | Should -Match "finished with status 'success'"
        }

        It 'no account id anywhere is a terminating error before any request' {
            Remove-Item Env:CLOUDFLARE_ACCOUNT_ID
            { Stop-CfBuild (Get-BuildGuid 1) -Confirm:$false } | Should -Throw -ErrorId 'MissingAccountId,ReleaseCmdlets.Commands.StopCfBuildCommand'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'an input without an account id stops the command after writing the results before it' {
            Remove-Item Env:CLOUDFLARE_ACCOUNT_ID
            $inputs = @(
                [pscustomobject]@{ BuildUuid = (Get-BuildGuid 1); AccountId = $account }
                [pscustomobject]@{ BuildUuid = (Get-BuildGuid 2); AccountId = $account }
                [pscustomobject]@{ BuildUuid = (Get-BuildGuid 3) }
            )
            $written = [System.Collections.Generic.List[object]]::new()
            { $inputs | Stop-CfBuild -ThrottleLimit 4 -Confirm:$false | ForEach-Object { $written.Add($_) } } |
                Should -Throw -ErrorId 'MissingAccountId,ReleaseCmdlets.Commands.StopCfBuildCommand'
            $written.BuildUuid | Should -Be (Get-BuildGuid 1), (Get-BuildGuid 2)
        }

        It 'no credential anywhere is a terminating error before any request' {
            Remove-Item Env:CLOUDFLARE_API_TOKEN
            { Stop-CfBuild (Get-BuildGuid 1) -Confirm:$false } | Should -Throw -ErrorId 'MissingCredential,ReleaseCmdlets.Commands.StopCfBuildCommand'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'a malformed build id is refused at binding' {
            { Stop-CfBuild 'build-1' -Confirm:$false } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }
    }

    Context '-WhatIf' {
        It 'sends no request and names the build, account and host' {
            $said = Get-HostOutput { Stop-CfBuild (Get-BuildGuid 1) -WhatIf }
            Get-SimRequest $sim | Should -BeNullOrEmpty
            $said | Should -Match "Cloudflare Workers build $(Get-BuildGuid 1) in account $account at $([regex]::Escape(([Uri]$sim.Url).Authority))"
        }
    }
}
