BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Get-BmRelease' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    Context 'without filters' {
        It 'lists every release as typed BuildMaster objects' {
            $releases = @(Get-BmRelease)

            $releases.Count | Should -Be 5
            $releases | ForEach-Object { $_ | Should -BeOfType ([ReleaseCmdlets.BuildMaster.BuildMasterRelease]) }
            $releases[0].Provider | Should -Be 'BuildMaster'
            $releases[0] -is [ReleaseCmdlets.ReleaseInfo] | Should -BeTrue
            $releases.ReleaseId | Should -Be 1, 2, 3, 4, 5
        }

        It 'sends no filter keys' {
            Get-BmRelease | Out-Null

            $request = Get-SimRequest $sim -Path '/api/releases'
            $request.Count | Should -Be 1
            $request[0].method | Should -Be 'POST'
            @((ConvertFrom-RequestBody $request[0]).Keys).Count | Should -Be 0
        }

        It 'fills the common and the BuildMaster properties' {
            $release = Get-BmRelease -ReleaseId 4

            $release.Id | Should -Be '4'
            $release.Name | Should -Be 'Phoenix'
            $release.Status | Should -Be 'active'
            $release.IsFinal | Should -BeFalse
            $release.ReleaseNumber | Should -Be '2.0'
            $release.ApplicationId | Should -Be 2
            $release.ApplicationName | Should -Be 'HDars'
            $release.PipelineName | Should -Be 'Standard'
            $release.CreatedOn | Should -BeOfType ([DateTimeOffset])
            $release.CreatedOn.Offset | Should -Be ([TimeSpan]::Zero)
        }
    }

    Context 'with filters' {
        It 'sends <Parameter> as <Key>' -ForEach @(
            @{ Parameter = 'ApplicationId'; Value = 1; Key = 'applicationId'; Expected = 1, 2, 3 }
            @{ Parameter = 'ApplicationName'; Value = 'HDars'; Key = 'applicationName'; Expected = 4, 5 }
            @{ Parameter = 'ReleaseId'; Value = 3; Key = 'releaseId'; Expected = @(3) }
            @{ Parameter = 'ReleaseNumber'; Value = '1.1'; Key = 'releaseNumber'; Expected = @(2) }
            @{ Parameter = 'ReleaseName'; Value = 'Phoenix'; Key = 'releaseName'; Expected = @(4) }
            @{ Parameter = 'PipelineName'; Value = 'Hotfix'; Key = 'pipelineName'; Expected = @(3) }
            @{ Parameter = 'Status'; Value = 'active'; Key = 'status'; Expected = 2, 3, 4 }
        ) {
            $arguments = @{ $Parameter = $Value }
            $releases = @(Get-BmRelease @arguments)

            $releases.ReleaseId | Should -Be $Expected
            $body = Get-SimRequest $sim -Path '/api/releases' | ConvertFrom-RequestBody
            @($body.Keys) | Should -Be @($Key)
            "$($body[$Key])" | Should -Be "$Value"
        }

        It 'combines an application, a release and the other filters' {
            $release = Get-BmRelease -ApplicationName Accounting -ReleaseNumber 1.2 -PipelineName Hotfix -Status active

            $release.ReleaseId | Should -Be 3
            $body = Get-SimRequest $sim -Path '/api/releases' | ConvertFrom-RequestBody
            @($body.Keys | Sort-Object) | Should -Be @('applicationName', 'pipelineName', 'releaseNumber', 'status')
        }

        It 'writes nothing and no error when a filter matches nothing' {
            $releases = Get-BmRelease -ApplicationName Nobody -ErrorVariable problems
            $releases | Should -BeNullOrEmpty
            $problems | Should -BeNullOrEmpty
        }

        It 'takes several release ids: one query each, written in the order given, one error per id that matches nothing' {
            $output = Get-BmRelease -ReleaseId 4, 99, 2 -ErrorVariable problems -ErrorAction SilentlyContinue

            $output.ReleaseId | Should -Be 4, 2
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'ReleaseNotFound,ReleaseCmdlets.Commands.GetBmReleaseCommand'
            $problems[0].Exception.Message | Should -Match 'id 99'
            @(Get-SimRequest $sim | Where-Object path -EQ '/api/releases' | ConvertFrom-RequestBody | ForEach-Object { $_.releaseId }) | Should -Be 4, 99, 2
        }

        It 'writes a non-terminating ObjectNotFound error when -<Parameter> matches nothing' -ForEach @(
            @{ Parameter = 'ReleaseId'; Value = 99 }
            @{ Parameter = 'ReleaseNumber'; Value = '9.9' }
        ) {
            $arguments = @{ $Parameter = $Value }
            $output = Get-BmRelease @arguments -ErrorVariable problems -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'ReleaseNotFound,ReleaseCmdlets.Commands.GetBmReleaseCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $problems[0].Exception.Message | Should -Match "$Value"
        }

        It 'tab-completes -Status' {
            $line = 'Get-BmRelease -Status '
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $completion.CompletionMatches.CompletionText | Should -Be 'active', 'canceled', 'deployed'
        }
    }

    Context 'compression' {
        It 'asks for the listing compressed (the simulator then gzips it, as IIS does) and reads it whole' {
            Invoke-SimControl $sim -Path '/_sim/buildmaster/generate/3000' | Out-Null

            @(Get-BmRelease).Count | Should -Be 3000

            (Get-SimRequest $sim -Path '/api/releases')[0].headers.'Accept-Encoding' | Should -Match 'gzip'
        }

        It 'sends the small requests of a cancel without asking for compression' {
            Stop-BmRelease -ReleaseId 1 -Confirm:$false | Out-Null

            $requests = Get-SimRequest $sim -Path '/api/releases'
            $requests.Count | Should -Be 2
            $requests | ForEach-Object { $_.headers.'Accept-Encoding' | Should -BeNullOrEmpty; $_.headers.Accept | Should -Be 'application/json' }
        }
    }

    Context 'streaming' {
        It 'writes the first release of a large answer before the server has sent the rest, then all of them' {
            Invoke-SimControl $sim -Path '/_sim/buildmaster/generate/20000' | Out-Null
            # The body stops for 3 s after its first 64 KB: a reader that buffered the answer could write nothing before.
            Add-SimFault $sim -Path '^/api/releases$' -StallAfterBytes 65536 -DelayMs 3000
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $count = 0
            $first = $null
            Get-BmRelease | ForEach-Object { if ($count -eq 0) { $first = $_; $firstAt = $clock.Elapsed.TotalSeconds }; $count++ }

            $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 2.98   # a timer may fire a millisecond before the stopwatch says so
            $firstAt | Should -BeLessThan 1.5
            $count | Should -Be 20000
            $first.ReleaseId | Should -Be 1
        }

        It 'ends a listing whose body stalls <Case> as OperationTimeout within the -TimeoutSec idle limit' -ForEach @(
            @{ Case = 'for 20 s'; DelayMs = 20000 }
            @{ Case = 'for ever, the socket held open'; DelayMs = -1 }
        ) {
            Invoke-SimControl $sim -Path '/_sim/buildmaster/generate/5000' | Out-Null
            Add-SimFault $sim -Path '^/api/releases$' -StallAfterBytes 65536 -DelayMs $DelayMs
            $clock = [Diagnostics.Stopwatch]::StartNew()

            $all = @(Get-BmRelease -TimeoutSec 2 2>&1)

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
            $problems = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $problems.Count | Should -Be 1
            $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $problems[0].Exception.Message | Should -Match 'no whole element of the listing for 2 s'
            ($all.Count - 1) | Should -BeGreaterThan 100 -Because 'the releases read before the stall are written'
        }

        It 'ends a listing kept alive by a byte of white space a second, since no whole release comes within -TimeoutSec' {
            Invoke-SimControl $sim -Path '/_sim/buildmaster/generate/5000' | Out-Null
            Add-SimFault $sim -Path '^/api/releases$' -StallAfterBytes 65536 -DripMs 300
            $run = Invoke-WithDeadline "Get-BmRelease -Url '$($sim.Url)' -ApiKey '$($sim.BuildMasterApiKey)' -TimeoutSec 2 2>&1"

            $run.Ended | Should -BeTrue -Because 'a listing that makes no progress ends within -TimeoutSec'
            $problems = @($run.Output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $problems.Count | Should -Be 1
            $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        }
    }

    Context 'lenient reading' {
        It 'takes legacy members, ignores unknown ones and leaves missing ones null' {
            Add-SimFault $sim -Path '^/api/releases$' -Status 200 -Body '[{"id":"8","number":"0.1","name":"Legacy","status":"active","deployables":[],"brandNew":{"x":1}}]'

            $release = Get-BmRelease

            $release.ReleaseId | Should -Be 8
            $release.ReleaseNumber | Should -Be '0.1'
            $release.ReleaseName | Should -Be 'Legacy'
            $release.ApplicationId | Should -BeNullOrEmpty
            $release.CreatedOn | Should -BeNullOrEmpty
        }

        It 'reports an answer that is not JSON as InvalidResult' {
            Add-SimFault $sim -Path '^/api/releases$' -Status 200 -ContentType 'text/html' -Body '<html><body>Sign in to the proxy</body></html>'

            Get-BmRelease -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidResponse,ReleaseCmdlets.Commands.GetBmReleaseCommand'
        }
    }

    Context 'parameter binding refuses bad input before any request' {
        It 'refuses <Case>' -ForEach @(
            @{ Case = '-ApplicationId with -ApplicationName'; Arguments = @{ ApplicationId = 1; ApplicationName = 'x' } }
            @{ Case = '-ReleaseId with -ReleaseNumber'; Arguments = @{ ReleaseId = 1; ReleaseNumber = '1.0' } }
            @{ Case = '-ReleaseNumber with -ReleaseName'; Arguments = @{ ReleaseNumber = '1.0'; ReleaseName = 'x' } }
            @{ Case = '-ReleaseId with -ReleaseName'; Arguments = @{ ReleaseId = 1; ReleaseName = 'x' } }
            @{ Case = 'an unknown -Status'; Arguments = @{ Status = 'paused' } }
            @{ Case = 'a non-numeric -ReleaseId'; Arguments = @{ ReleaseId = 'abc' } }
            @{ Case = 'a non-numeric -ApplicationId'; Arguments = @{ ApplicationId = '1x' } }
        ) {
            { Get-BmRelease @Arguments } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }
    }

    Context 'URL and key' {
        It 'stops with MissingUrl before any request when no URL is set' {
            Remove-Item Env:BUILDMASTER_URL
            { Get-BmRelease } | Should -Throw -ErrorId 'MissingUrl,ReleaseCmdlets.Commands.GetBmReleaseCommand'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'stops with MissingCredential before any request when no key is set' {
            Remove-Item Env:BUILDMASTER_API_KEY
            { Get-BmRelease } | Should -Throw -ErrorId 'MissingCredential,ReleaseCmdlets.Commands.GetBmReleaseCommand'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'refuses a URL that is not http(s)' {
            { Get-BmRelease -Url 'ftp://example.com' } | Should -Throw -ErrorId 'InvalidUrl,ReleaseCmdlets.Commands.GetBmReleaseCommand'
        }

        It 'refuses to send the key over http:// to another host' {
            $thrown = { Get-BmRelease -Url 'http://buildmaster.example.com' } | Should -Throw -ErrorId 'UnencryptedAuthenticationRefused,ReleaseCmdlets.Commands.GetBmReleaseCommand' -PassThru
            $thrown.CategoryInfo.Category | Should -Be 'SecurityError'
        }

        It 'takes parameters over the environment' {
            $env:BUILDMASTER_URL = 'https://wrong.invalid'
            $env:BUILDMASTER_API_KEY = 'wrong-key'

            @(Get-BmRelease -Url $sim.Url -ApiKey $sim.BuildMasterApiKey).Count | Should -Be 5
            (Get-SimRequest $sim)[0].headers.'X-ApiKey' | Should -Be $sim.BuildMasterApiKey
        }

        It 'takes the key as a SecureString' {
            $secure = ConvertTo-SecureString $sim.BuildMasterApiKey -AsPlainText -Force
            @(Get-BmRelease -ApiKey $secure).Count | Should -Be 5
        }

        It 'writes a PermissionDenied error with details for a refused key' {
            Get-BmRelease -ApiKey 'not-the-key' -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $problems[0].FullyQualifiedErrorId | Should -Be 'PermissionDenied,ReleaseCmdlets.Commands.GetBmReleaseCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $problems[0].ErrorDetails.Message | Should -Match 'Release & Build Deployment'
            $problems[0].ErrorDetails.Message | Should -Match 'HTTP 403'
        }
    }
}
