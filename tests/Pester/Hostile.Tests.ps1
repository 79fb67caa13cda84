# Secrets scrubbed from every stream, answers read within bounds, no retry where a retry cannot help, and no landed
# cancel ever lost: against services and proxies that echo secrets, send huge or bombed answers, or fail part-way.
BeforeDiscovery {
    # Answers of each service that carry $text (a test's hostile text) in their bodies and warning headers, and the
    # call that meets them.
    $serviceTextCases = @(
        @{ Service = 'BuildMaster'
           Faults = { Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 500 -Times -1 -ContentType 'text/plain' -Body $text }
           Call = { Stop-BmRelease -ReleaseId 2 -MaximumRetryCount 0 } }
        @{ Service = 'Cloud Foundry'
           Faults = {
               Add-SimFault $sim -Path '/actions/cancel$' -Status 500 -Times -1 -Body "{`"errors`":[{`"code`":1,`"title`":`"CF-X`",`"detail`":$textJson}]}" `
                   -Headers @{ 'X-Cf-Warnings' = [uri]::EscapeDataString($text) } }
           Call = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -MaximumRetryCount 0 } }
        @{ Service = 'Cloudflare'
           Faults = { Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Status 500 -Times -1 -Body "{`"success`":false,`"errors`":[{`"code`":1,`"message`":$textJson}],`"messages`":[],`"result`":null}" }
           Call = { Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' -MaximumRetryCount 0 } }
        @{ Service = 'Baseten'
           Faults = { Add-SimFault $sim -Path 'cancel_promotion$' -Status 500 -Times -1 -Body "{`"code`":`"X`",`"message`":$textJson}" }
           Call = { Stop-BasetenPromotion $rollingModel -Url $sim.Url -MaximumRetryCount 0 } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'VirtualClock.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'
    $rollingModel = 'roll456z'

    # Everything a command shows: every stream, the error records in $Error, and a transcript of the session.
    function Get-EveryStream([scriptblock] $Script) {
        $transcript = Join-Path $TestDrive ("transcript-" + [guid]::NewGuid() + '.txt')
        $Error.Clear()
        Start-Transcript -Path $transcript -Force | Out-Null
        try {
            $records = @(try { & $Script *>&1 } catch { $_ })
            $records | Out-Host
        }
        finally { Stop-Transcript | Out-Null }
        [pscustomobject]@{
            Records    = $records
            Text       = (ConvertTo-VisibleText $records) + "`n" + (ConvertTo-VisibleText @($Error)) + "`n" + (Get-Content -Raw $transcript)
            Warnings   = @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        }
    }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Secrets are scrubbed at one boundary' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        $env:CF_HOME = Join-Path $TestDrive 'no-cf-config'
    }

    It 'a <Service> follow-up failure that echoes the credential leaves it in no stream, $Error or transcript' -ForEach @(
        @{ Service = 'BuildMaster'; Secret = { $sim.BuildMasterApiKey }
           Faults = { Add-SimFault $sim -Path '^/api/releases$' -Status 500 -Times -1 -ContentType 'text/plain' -Body "key $($sim.BuildMasterApiKey) may not read" }
           Call = { Stop-BmRelease -ReleaseId 2 -MaximumRetryCount 0 -Verbose } }
        @{ Service = 'Cloud Foundry'; Secret = { $sim.Credentials.cloudFoundryToken }
           Faults = { Add-SimFault $sim -Method GET -Path '^/v3/deployments/de900000-0000-4000-8000-000000000001$' -Status 500 -Times -1 -Body "{`"errors`":[{`"code`":1,`"title`":`"CF-X`",`"detail`":`"token $($sim.Credentials.cloudFoundryToken) may not read`"}]}" }
           Call = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -MaximumRetryCount 0 -Verbose } }
        @{ Service = 'Cloudflare'; Secret = { $sim.Credentials.cloudflareApiToken }
           Faults = {
               Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Status 400 -Body '{"success":false,"errors":[{"code":12100,"message":"Build is not running"}],"messages":[],"result":null}'
               Add-SimFault $sim -Method GET -Path '/builds/builds/[^/]+$' -Status 500 -Times -1 -Body "{`"success`":false,`"errors`":[{`"code`":1,`"message`":`"token $($sim.Credentials.cloudflareApiToken) may not read`"}],`"messages`":[],`"result`":null}" }
           Call = { Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' -MaximumRetryCount 0 -Verbose } }
        @{ Service = 'Baseten'; Secret = { $sim.Credentials.basetenApiKey }
           Faults = { Add-SimFault $sim -Method GET -Path "^/v1/models/$rollingModel/environments/production$" -Status 500 -Times -1 -Body "{`"code`":`"X`",`"message`":`"key $($sim.Credentials.basetenApiKey) may not read`"}" }
           Call = { Stop-BasetenPromotion $rollingModel -Immediate -Url $sim.Url -MaximumRetryCount 0 -Verbose } }
    ) {
        $secret = & $Secret
        & $Faults

        $seen = Get-EveryStream { & $Call -Confirm:$false }

        $seen.Warnings.Count | Should -BeGreaterThan 0
        $seen.Text | Should -Match 'may not read'
        $seen.Text | Should -Not -Match ([regex]::Escape($secret))
    }

    It 'scrubs X-Cf-Warnings' {
        $token = $sim.Credentials.cloudFoundryToken
        Add-SimFault $sim -Path '/actions/cancel$' -Headers @{ 'X-Cf-Warnings' = [uri]::EscapeDataString("token $token was used") }

        $seen = Get-EveryStream { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url $sim.Url -Token $token -Confirm:$false }

        @($seen.Warnings.Message) -join "`n" | Should -Match 'token \*+ was used'
        $seen.Text | Should -Not -Match ([regex]::Escape($token))
    }

    It 'keeps the credentials of a proxy named in HTTPS_PROXY out of every stream and error' -Tag CoreOnly {
        $authority = ([uri]$sim.Url).Authority
        $script = "`$env:HTTPS_PROXY = 'http://user:proxysecret-9f@$authority'; `$env:NO_PROXY = ''; Import-Module '$manifest'; " +
            'Get-BmRelease -Url https://bm.invalid -ApiKey k -MaximumRetryCount 0 -Verbose -Debug *>&1 | Out-String; ' +
            '$Error | ForEach-Object { $_.Exception.ToString(); $_.ErrorDetails.Message; $_.ErrorDetails.RecommendedAction }'

        $text = (Invoke-FreshPwsh $script) -join "`n"

        $text | Should -Match 'proxy'
        $text | Should -Not -Match 'proxysecret-9f'
    }

    It 'scrubs the text a service writes into an output object' {
        $key = $sim.Credentials.basetenApiKey
        Add-SimFault $sim -Path 'cancel_promotion$' -Status 200 -Body "{`"status`":`"CANCELED`",`"message`":`"Canceled with key $key.`"}"

        $promotion = Stop-BasetenPromotion abc123xy -Url $sim.Url -Confirm:$false

        $promotion.Message | Should -Match 'Canceled with key \*+\.'
        $promotion | Format-List * | Out-String | Should -Not -Match ([regex]::Escape($key))
    }

    It 'scrubs the service code and request id that ErrorDetails shows' {
        $key = $sim.BuildMasterApiKey
        Add-SimFault $sim -Path '^/api/releases$' -Status 400 -Headers @{ 'X-Request-Id' = "req-$key" } -ContentType 'text/plain' -Body 'refused'

        Get-BmRelease -ReleaseId 2 -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].ErrorDetails.Message | Should -Match 'request id req-\*+'
        $problems[0].ErrorDetails.Message | Should -Not -Match ([regex]::Escape($key))
    }
}

Describe 'Answers are read within bounds' {
    BeforeAll {
        # A fresh process, so that its peak memory says what this one command cost.
        function Measure-PeakGrowth([string] $Command) {
            $script = "Import-Module '$manifest'; `$env:BUILDMASTER_URL = '$($sim.Url)'; `$env:BUILDMASTER_API_KEY = '$($sim.BuildMasterApiKey)'; " +
                "Get-BmRelease -Url '$($sim.Url)/warm-up' -ErrorAction SilentlyContinue; [GC]::Collect(); `$before = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64; " +
                "`$records = @($Command 2>&1); " +
                "'PEAK=' + ([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 - `$before); " +
                "`$records | ForEach-Object { if (`$_ -is [System.Management.Automation.ErrorRecord]) { 'ERROR=' + `$_.FullyQualifiedErrorId + ' ' + `$_.Exception.Message } else { 'OUTPUT=' + `$_ } }"
            $lines = Invoke-FreshPwsh $script
            [pscustomobject]@{
                PeakGrowthMB = [long](($lines | Where-Object { $_ -like 'PEAK=*' }) -replace 'PEAK=') / 1MB
                Errors       = @($lines | Where-Object { $_ -like 'ERROR=*' })
                Outputs      = @($lines | Where-Object { $_ -like 'OUTPUT=*' })
            }
        }
    }

    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
    }

    It 'reads a 300 MB error body only up to its cap, in flat memory, and still reports the error' {
        Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 400 -ContentType 'text/plain' -Body '{pad}' -PadBytes 300MB

        $run = Measure-PeakGrowth 'Stop-BmRelease -ReleaseId 2 -Confirm:$false -MaximumRetryCount 0'

        $run.PeakGrowthMB | Should -BeLessThan 150
        $run.Errors.Count | Should -Be 1
    }

    It 'refuses a gzip bomb in a streamed listing with one clear error, in flat memory' {
        Add-SimFault $sim -Path '^/api/releases$' -Status 200 -Body '[{"id":1,"releaseNumber":"1.0","status":"active","applicationId":1,"applicationName":"A","releaseName":"{pad}"}]' -PadBytes 400MB

        $run = Measure-PeakGrowth 'Get-BmRelease'

        $run.PeakGrowthMB | Should -BeLessThan 150
        $run.Outputs.Count | Should -Be 0
        $run.Errors.Count | Should -Be 1
        $run.Errors[0] | Should -Match 'ResponseTooLarge'
        (Get-SimRequest $sim -Path '/api/releases')[-1].headers.'Accept-Encoding' | Should -Match 'gzip'
    }

    It 'refuses an oversized answer to a buffered listing with one clear error' {
        Add-SimFault $sim -Path '^/v3/apps$' -Status 200 -Body '{"pagination":{"total_pages":1},"resources":[{"guid":"a9900000-0000-4000-8000-000000000001","name":"{pad}"}]}' -PadBytes 200MB

        Stop-CfDeployment -AppName web -SpaceGuid $sim.Credentials.cloudFoundrySpaceGuid -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ResponseTooLarge,*'
        @(Get-SimRequest $sim | Where-Object method -EQ 'POST').Count | Should -Be 0
    }
}

Describe 'No retry where a retry cannot help' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    It 'tries an untrusted certificate once and says how to trust it' {
        Get-BmRelease -Url $sim.HttpsUrl -MaximumRetryCount 3 -RetryIntervalSec 1 -Verbose -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1 |
            Tee-Object -Variable verbose | Out-Null
        $clock = [Diagnostics.Stopwatch]::StartNew()

        @($verbose | Where-Object { "$_" -match 'Retrying' }).Count | Should -Be 0
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CertificateRejected,*'
        $problems[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $problems[0].Exception.Message | Should -Match 'certificate'
        "$($problems[0].Exception.Message) $($problems[0].ErrorDetails.RecommendedAction)" | Should -Match '-SkipCertificateCheck'
    }

    It 'tries a host name that does not resolve once' {
        Get-BmRelease -Url 'https://bm.invalid' -MaximumRetryCount 3 -RetryIntervalSec 1 -Verbose -ErrorVariable problems -ErrorAction SilentlyContinue 4>&1 |
            Tee-Object -Variable verbose | Out-Null

        @($verbose | Where-Object { "$_" -match 'Retrying' }).Count | Should -Be 0
        $problems[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'does not resend a successful Cloudflare cancel whose answer says x-should-retry: true' {
        Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Times -1 -Headers @{ 'x-should-retry' = 'true' }

        $build = Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' -RetryIntervalSec 0 -Confirm:$false

        $build.BuildOutcome | Should -Be 'cancelled'
        @(Get-SimRequest $sim | Where-Object method -EQ 'PUT').Count | Should -Be 1
    }
}

Describe 'Landed cancels are never lost' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    It 'writes both cancels under -Debug in a non-interactive host, although a read-back failed' {
        Add-SimFault $sim -Path '^/api/releases$' -Status 500 -Times 1
        $script = "Import-Module '$manifest'; `$env:BUILDMASTER_URL = '$($sim.Url)'; `$env:BUILDMASTER_API_KEY = '$($sim.BuildMasterApiKey)'; " +
            "2, 3 | Stop-BmRelease -Confirm:`$false -MaximumRetryCount 0 -Debug | ForEach-Object { 'RESULT=' + `$_.ReleaseId + ':' + `$_.Status }"

        $lines = Invoke-FreshPwsh $script

        @($lines | Where-Object { $_ -like 'RESULT=*' }) | Should -Be 'RESULT=2:canceled', 'RESULT=3:canceled'
    }

    It 'writes every cancel that landed before a 401 at -ThrottleLimit 16 stops the command' {
        $releases = 101..110 | ForEach-Object { @{ id = $_; releaseNumber = "9.$_"; applicationId = 1; applicationName = 'Accounting'; status = 'active' } }
        Invoke-SimControl $sim -Path '/_sim/buildmaster/releases' -Body $releases | Out-Null
        # The first cancel is refused after 200 ms; the others land at once, and their answers come 600 ms later.
        Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 401 -Times 1 -DelayMs 200 -ContentType 'text/plain' -Body 'key refused'
        Add-SimFault $sim -Path '^/api/releases/cancel$' -Times -1 -StallAfterBytes 0 -DelayMs 600

        $written = [System.Collections.Generic.List[object]]::new()
        $thrown = $null
        try { 101..110 | Stop-BmRelease -ThrottleLimit 16 -Confirm:$false | ForEach-Object { $written.Add($_) } } catch { $thrown = $_ }

        $thrown.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $landed = @(Invoke-SimControl $sim -Method Get -Path '/_sim/buildmaster/releases' | Where-Object { $_.id -ge 101 -and $_.status -eq 'canceled' }).id | Sort-Object
        $landed.Count | Should -BeGreaterThan 0
        @($written.ReleaseId | Sort-Object) | Should -Be $landed
    }
}

Describe '-Wait reports a failed or late poll' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        $cf = @{ Url = $sim.Url; Token = $sim.Credentials.cloudFoundryToken; Confirm = $false }
    }

    It 'a failed poll writes the last known deployment and a non-terminating WaitFailed error' -Skip:($PSEdition -eq 'Desktop') {
        Add-SimFault $sim -Method GET -Path '^/v3/deployments/de900000-0000-4000-8000-00000000000[12]$' -Status 500 -Times -1
        $stop = { Stop-CfDeployment @args -Wait -MaximumRetryCount 0 -WarningAction SilentlyContinue }
        $drive = { param($clock, $run) $null = Step-Clock $clock -Until { $run.Handle.IsCompleted }; @{ Written = Receive-Concurrent $run; Errors = @($run.Shell.Streams.Error) } }

        $ended = Invoke-OnVirtualClock $stop ($cf + @{ DeploymentGuid = 'de900000-0000-4000-8000-000000000001' }) $drive
        $stopped = Invoke-OnVirtualClock $stop ($cf + @{ DeploymentGuid = 'de900000-0000-4000-8000-000000000002'; ErrorAction = 'Stop' }) {
            param($clock, $run)
            $null = Step-Clock $clock -Until { $run.Handle.IsCompleted }
            try { Receive-Concurrent $run; 'went on' } catch { $_.Exception.InnerException }
        }

        $ended.Written.DeploymentGuid | Should -Be 'de900000-0000-4000-8000-000000000001'
        $ended.Written.IsFinal | Should -BeFalse
        $ended.Errors.Count | Should -Be 1
        $ended.Errors[0].FullyQualifiedErrorId | Should -BeLike 'WaitFailed,*'
        $stopped | Should -BeOfType ([System.Management.Automation.ActionPreferenceStopException]) -Because '-ErrorAction Stop makes it terminating'
        $stopped.ErrorRecord.FullyQualifiedErrorId | Should -BeLike 'WaitFailed,*'
    }

    It '-TimeoutSec bounds the whole wait, its last poll included' -Skip:($PSEdition -eq 'Desktop') {
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/60000' | Out-Null
        # Every read takes 3.5 s of the simulator's (virtual) time: the read-back of the cancel (its own request), then a
        # poll after 3 s with 1 s left.
        Add-SimFault $sim -Method GET -Path '^/v3/deployments/de900000-0000-4000-8000-000000000001$' -Times -1 -DelayMs 3500

        $ended = Invoke-OnVirtualClock -Simulator $sim { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Wait -TimeoutSec 4 -WarningAction SilentlyContinue @args } $cf {
            param($clock, $run)
            $null = Step-Clock $clock -Simulator $sim -Step ([timespan]::FromMilliseconds(100)) -Until { $run.Handle.IsCompleted }
            @{ At = $clock.GetUtcNow(); Written = Receive-Concurrent $run; Errors = @($run.Shell.Streams.Error) }
        }
        $seconds = ($ended.At - [DateTimeOffset](Get-SimRequest $sim)[0].receivedAt).TotalSeconds

        $seconds | Should -BeGreaterOrEqual 7   # 3.5 + 3 s, then the poll's 1 s
        $seconds | Should -BeLessThan 9         # a poll not bounded by the time left would end after 10 s
        $ended.Errors[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut,*'
        $ended.Written.DeploymentGuid | Should -Be 'de900000-0000-4000-8000-000000000001'
    }

    # Windows PowerShell 5.1: the same two in real time (VirtualClock.ps1 says why).
    It 'a failed poll writes the last known deployment and a non-terminating WaitFailed error (real time)' -Skip:($PSEdition -ne 'Desktop') {
        Add-SimFault $sim -Method GET -Path '^/v3/deployments/de900000-0000-4000-8000-00000000000[12]$' -Status 500 -Times -1

        $deployment = Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Wait -MaximumRetryCount 0 @cf -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $deployment.DeploymentGuid | Should -Be 'de900000-0000-4000-8000-000000000001'
        $deployment.IsFinal | Should -BeFalse
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WaitFailed,*'
        { Stop-CfDeployment 'de900000-0000-4000-8000-000000000002' -Wait -MaximumRetryCount 0 @cf -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw
    }

    It '-TimeoutSec bounds the whole wait, its last poll included (real time)' -Skip:($PSEdition -ne 'Desktop') {
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/60000' | Out-Null
        # Every read takes 3.5 s: the read-back of the cancel (its own request), then a poll after 3 s with 1 s left.
        Add-SimFault $sim -Method GET -Path '^/v3/deployments/de900000-0000-4000-8000-000000000001$' -Times -1 -DelayMs 3500

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $deployment = Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Wait -TimeoutSec 4 @cf -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $seconds = $clock.Elapsed.TotalSeconds

        $seconds | Should -BeLessThan 9   # 3.5 + 4 s; a poll not bounded by the time left would end after 10 s
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut,*'
        $deployment.DeploymentGuid | Should -Be 'de900000-0000-4000-8000-000000000001'
    }
}

Describe 'Ctrl+C while a listing streams' {
    It 'ends with PowerShell''s own stop and nothing else' {
        Reset-Simulator $sim
        Invoke-SimControl $sim -Path '/_sim/buildmaster/generate/2000' | Out-Null
        Add-SimFault $sim -Path '^/api/releases$' -StallAfterBytes 20000 -DelayMs -1
        $script = "Import-Module '$manifest'; Get-BmRelease -Url '$($sim.Url)' -ApiKey '$($sim.BuildMasterApiKey)' -TimeoutSec 0 | Out-Null"

        $stopped = Invoke-Interrupted $sim $script

        $stopped.StopSeconds | Should -BeLessThan 2
        $stopped.State | Should -Be 'Stopped'
        $stopped.Reason | Should -BeOfType ([System.Management.Automation.PipelineStoppedException])
        $stopped.Errors | Should -Be 0
    }
}

Describe 'Environmental failures are named as such' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
    }

    It 'a cf config lock held by another process is ResourceBusy naming the lock file, within -TimeoutSec' {
        $session = Invoke-SimControl $sim -Path '/_sim/uaa/sessions?expiresIn=5'
        $cfHome = Join-Path $TestDrive ("cfhome-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path (Join-Path $cfHome '.cf') -Force | Out-Null
        $config = Join-Path $cfHome '.cf/config.json'
        @{ Target = $sim.Url; AccessToken = $session.accessToken; RefreshToken = $session.refreshToken; UaaEndpoint = $sim.Url
           AuthorizationEndpoint = $sim.Url; SpaceFields = @{ GUID = $sim.Credentials.cloudFoundrySpaceGuid } } | ConvertTo-Json | Set-Content $config
        $env:CF_HOME = $cfHome
        $lock = [System.IO.File]::Open("$config.lock", 'OpenOrCreate', 'ReadWrite', 'None')
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -TimeoutSec 3 -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue
            $seconds = $clock.Elapsed.TotalSeconds
        }
        finally { $lock.Dispose() }

        $seconds | Should -BeLessThan 10
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CliConfigBusy,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $problems[0].Exception.Message | Should -Match ([regex]::Escape("$config.lock"))
        "$($problems[0].ErrorDetails.RecommendedAction)" | Should -Not -Match 'Report this error'
    }
}

Describe 'Text from a service is data in every message' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        $env:CF_HOME = Join-Path $TestDrive 'no-cf-config'
        $esc = [char]27
        $hostile = "clear${esc}[2J title${esc}]0;owned$([char]7) link${esc}]8;;https://evil.example${esc}\x${esc}]8;;${esc}\ nel$([char]0x85)sep$([char]0x2028)`r`nFORGED LINE"
        $hostileJson = ($hostile | ConvertTo-Json)
        $ciCommands = "::add-mask::x`n::set-output name=a::b`r`n::stop-commands::t ##vso[task.setvariable variable=PATH]/tmp/evil ##VSO[task.prependpath]/tmp`n##[error]forged x ##[stop-commands]t"
        $ciCommandsJson = $ciCommands | ConvertTo-Json
    }

    It 'a <Service> error body with escape sequences and line breaks reaches no message raw' -ForEach $serviceTextCases {
        $text = $hostile
        $textJson = $hostileJson
        & $Faults

        $records = @(& { $VerbosePreference = 'Continue'; & $Call } *>&1)

        $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -Be 1
        $messages = @($errors[0].Exception.Message; $errors[0].ErrorDetails.Message; $errors[0].ToString()) +
            @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] -or $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        ($messages -join ' ') | Should -Match 'FORGED LINE' -Because 'the text is shown, made visible'
        foreach ($message in $messages) {
            $message | Should -Not -Match '[\x00-\x1f\x7f-\x9f\u2028\u2029]'
        }
    }

    It 'a <Service> answer carrying CI log commands reaches no message as a command GitHub or Azure Pipelines would run' -ForEach $serviceTextCases {
        $text = $ciCommands
        $textJson = $ciCommandsJson
        & $Faults

        $records = @(& { $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; & $Call } *>&1)

        $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -Be 1
        $messages = @($errors[0].Exception.Message; $errors[0].ErrorDetails.Message; $errors[0].ToString()) +
            @($records | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object { if ($_.PSObject.Properties['Message']) { $_.Message } else { "$_" } })
        ($messages -join ' ') | Should -Match 'set-output name=a' -Because 'the text is shown, made inert'
        foreach ($message in $messages) {
            foreach ($line in "$message" -split "`r`n|`n|`r") {
                $line | Should -Not -Match '(?i)##vso\[' -Because 'Azure Pipelines runs ##vso[ anywhere in a line'
                $line | Should -Not -Match '^\s*::' -Because 'GitHub Actions runs :: at the start of a line'
                $line | Should -Not -Match '##\[' -Because 'GitHub Actions runs its older ##[command] anywhere in a line (ActionCommand.TryParse)'
            }
        }
    }

    It 'in <System>, a <Service> answer carrying CI log commands makes no command but the module''s own, in any stream or the summary' -ForEach @(
        foreach ($case in $serviceTextCases) {
            $case + @{ System = 'GitHub Actions'; Step = @{ GITHUB_ACTIONS = 'true' } }
            $case + @{ System = 'Azure Pipelines'; Step = @{ TF_BUILD = 'True' } }
        }
    ) {
        $text = $ciCommands
        $textJson = $ciCommandsJson
        & $Faults
        $summary = Join-Path $TestDrive "summary-$([guid]::NewGuid()).md"
        $Step.GITHUB_STEP_SUMMARY = $summary
        $Step.AGENT_TEMPDIRECTORY = $TestDrive
        $preamble = "`$sim = [pscustomobject]@{ Url = '$($sim.Url)'; Credentials = [pscustomobject]@{ cloudFoundryToken = '$($sim.Credentials.cloudFoundryToken)' } }; `$rollingModel = '$rollingModel'"
        $reason = $ciCommands.Replace("'", "''")

        $run = Invoke-CiStep "$preamble; `$VerbosePreference = 'Continue'; `$DebugPreference = 'Continue'; `$PSDefaultParameterValues['Stop-*:Reason'] = '$reason'; & { $Call }" $Step

        $ours = '^(::(error|warning) title=Stop-\w+%3A \w+::|##vso\[task\.logissue type=(error|warning);code=\w+;\])(?<data>.*)$'
        $annotations = @($run.Output | Where-Object { $_ -match $ours })
        $annotations.Count | Should -BeGreaterThan 0
        ($annotations -join ' ') | Should -Match 'set-output name=a' -Because 'the text is shown, made inert'
        $uploaded = @($run.Output | Where-Object { $_ -match '^##vso\[task\.uploadsummary\](.+)$' } | ForEach-Object { Get-Content -Raw $Matches[1] })
        $summaryText = @(if (Test-Path $summary) { Get-Content -Raw $summary }) + $uploaded
        $summaryText | Should -Not -BeNullOrEmpty
        foreach ($line in @($run.Output) + @($run.Errors) + @($summaryText -split "`r?`n")) {
            $checked = if ($line -match $ours) { $Matches['data'] }
                elseif ($line -match '^##vso\[task\.(uploadsummary\]|setvariable variable=(cancelled|final|failed);isoutput=true\]\d+$)') { '' }
                else { $line }
            $checked | Should -Not -Match '(?i)##(vso)?\[' -Because "Azure Pipelines runs ##vso[ and GitHub Actions ##[ anywhere in a line: $line"
            $checked | Should -Not -Match '^\s*::' -Because "GitHub Actions runs :: at the start of a line: $line"
        }
    }

    It '<Service>: masks a secret before an error body is shortened, so no part of it shows' -ForEach @(
        @{ Service = 'BuildMaster'; Secret = { $sim.BuildMasterApiKey }; Path = '^/api/releases/cancel$'
           Call = { Stop-BmRelease -ReleaseId 2 -MaximumRetryCount 0 -Confirm:$false } }
        @{ Service = 'Cloud Foundry'; Secret = { $sim.Credentials.cloudFoundryToken }; Path = '/actions/cancel$'
           Call = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -MaximumRetryCount 0 -Confirm:$false } }
        @{ Service = 'Cloudflare'; Secret = { $sim.Credentials.cloudflareApiToken }; Path = '/builds/builds/[^/]+/cancel$'
           Call = { Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' -MaximumRetryCount 0 -Confirm:$false } }
        @{ Service = 'Baseten'; Secret = { $sim.Credentials.basetenApiKey }; Path = 'cancel_promotion$'
           Call = { Stop-BasetenPromotion $rollingModel -Url $sim.Url -MaximumRetryCount 0 -Confirm:$false } }
    ) {
        $key = & $Secret
        # The secret straddles the 1,000th character, where messages cut a body.
        Add-SimFault $sim -Path $Path -Status 500 -Times -1 -ContentType 'text/plain' -Body (('x' * (1000 - 15)) + $key + ' trailing')

        $failure = & $Call 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }

        $failure.Exception.Message | Should -Match 'more characters'
        $failure.Exception.Message | Should -Not -Match ([regex]::Escape($key.Substring(0, 6)))
    }

    It 'masks a secret cut off at the end of a body read up to its cap' {
        $key = $sim.BuildMasterApiKey
        Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 500 -Times -1 -ContentType 'text/plain' -Body ('y' * 500 + $key.Substring(0, $key.Length - 3))

        $failure = Stop-BmRelease -ReleaseId 2 -MaximumRetryCount 0 -Confirm:$false 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }

        $failure.Exception.Message | Should -Not -Match ([regex]::Escape($key.Substring(0, 6)))
    }

    It '<Stop>: a $null among ids is a clear binding error, not a .NET null reference' -ForEach @(
        @{ Stop = 'Stop-BmRelease'; Ids = @{ ReleaseId = @(2, $null) } }
        @{ Stop = 'Stop-CfDeployment'; Ids = @{ DeploymentGuid = @('de900000-0000-4000-8000-000000000001', $null); Url = $sim.Url; Token = $sim.Credentials.cloudFoundryToken } }
        @{ Stop = 'Stop-CfBuild'; Ids = @{ BuildUuid = @('b0100000-0000-4000-8000-000000000001', $null) } }
        @{ Stop = 'Stop-BasetenPromotion'; Ids = @{ ModelId = @($rollingModel, $null); Url = $sim.Url } }
    ) {
        $failure = try { & $Stop @Ids -Confirm:$false; $null } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
        $failure.Exception.Message | Should -Match '\$null'
        $failure.Exception.Message | Should -Not -Match 'Object reference'
        Get-SimRequest $sim | Should -BeNullOrEmpty
    }

    It 'an absurd wait asked by <Service> (<Asked>) is a clear LimitsExceeded error, not an overflow' -ForEach @(
        @{ Service = 'Cloudflare'; Asked = 'Retry-After-Ms 1e30'
           Faults = { Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Status 429 -Times -1 -Headers @{ 'Retry-After-Ms' = '1e30' } -Body '{"success":false,"errors":[{"code":971,"message":"slow down"}],"messages":[],"result":null}' }
           Call = { Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' -TimeoutSec 5 } }
        @{ Service = 'Baseten'; Asked = 'retry_after 1e308'
           Faults = { Add-SimFault $sim -Path 'cancel_promotion$' -Status 429 -Times -1 -Body '{"error":"Rate limit exceeded.","retry_after":1e308}' }
           Call = { Stop-BasetenPromotion $rollingModel -Url $sim.Url -TimeoutSec 5 } }
        @{ Service = 'BuildMaster'; Asked = 'Retry-After 99999999999999999999'
           Faults = { Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 429 -Times -1 -Headers @{ 'Retry-After' = '99999999999999999999' } -Body 'slow down' -ContentType 'text/plain' }
           Call = { Stop-BmRelease -ReleaseId 2 -TimeoutSec 5 } }
        @{ Service = 'Cloud Foundry'; Asked = 'X-RateLimit-Reset far in the future'
           Faults = { Add-SimFault $sim -Path '/actions/cancel$' -Status 429 -Times -1 -Headers @{ 'X-RateLimit-Limit' = '10'; 'X-RateLimit-Remaining' = '0'; 'X-RateLimit-Reset' = '99999999999999' } -Body '{"errors":[{"code":10013,"title":"CF-RateLimitExceeded","detail":"Rate Limit Exceeded"}]}' }
           Call = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -TimeoutSec 5 } }
    ) {
        & $Faults
        $clock = [Diagnostics.Stopwatch]::StartNew()

        $failure = & { & $Call -Confirm:$false } 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }

        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $failure.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failure.Exception.Message | Should -Not -Match 'overflow|Valid values'
    }
}

Describe 'A blank environment credential is refused, never passed over' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }
    AfterEach { Clear-ServiceEnvironment }

    It '<Variable> set to blanks is EmptyArgument before any request<Note>' -ForEach @(
        @{ Variable = 'CLOUDFLARE_API_TOKEN'; Note = ', not a fall back to the global key in CLOUDFLARE_EMAIL/CLOUDFLARE_API_KEY'
           Call = {
               $env:CLOUDFLARE_EMAIL = $sim.Credentials.cloudflareEmail
               $env:CLOUDFLARE_API_KEY = $sim.Credentials.cloudflareApiKey
               Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' -Confirm:$false } }
        @{ Variable = 'BUILDMASTER_API_KEY'; Note = ''; Call = { Stop-BmRelease -ReleaseId 2 -Confirm:$false } }
        @{ Variable = 'BASETEN_API_KEY'; Note = ''; Call = { Stop-BasetenPromotion 'roll456z' -Url $sim.Url -Confirm:$false } }
        @{ Variable = 'CLOUDFLARE_BASE_URL'; Note = ', not the public API'; Call = { Get-CfBuild -WorkerName web } }
    ) {
        [Environment]::SetEnvironmentVariable($Variable, '  ')

        { & $Call } | Should -Throw -ErrorId 'EmptyArgument,*'

        Get-SimRequest $sim | Should -BeNullOrEmpty
    }
}
