# Fault injection against every cmdlet: retries, Retry-After, timeouts, dropped connections, Ctrl+C, bad answers,
# and a seeded soak over every service (each service's Soak) that checks exact accounting against the simulator's ledger.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # One successful call per cmdlet, the request its faults aim at (the RequestsUpTo-th it sends, the first unless said),
    # and the statuses its service's policy never retries: from each service's file (tests/Pester/Services).
    $cmdlets = @(Get-CmdletCase)
    $plainHttp = @($cmdlets | Where-Object PlainHttp)
    $listings = @($cmdlets | Where-Object Name -Like 'Get-*')
    $soakServices = @(Get-ServiceCase | ForEach-Object Service)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'VirtualClock.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'

    function Set-ServiceEnvironment {
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    function Get-Attempt([string] $Path) { @(Get-SimRequest $sim | Where-Object { $_.path -match $Path }) }

    # Runs a call with extra parameters; returns its error records (written, not shown) and keeps its output in $script:output.
    function Invoke-Failing([scriptblock] $Call, [hashtable] $Parameters) {
        $all = @(& $Call @Parameters 2>&1)
        $script:output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'The reliability suite' {
    It 'has a call for every cmdlet the module exports' -ForEach @(@{ Names = @($cmdlets.Name) }) {
        # Stop-InFlightRelease sends each service's cancel through that service's Stop code (its cases here).
        @($Names + 'Stop-InFlightRelease' | Sort-Object) | Should -Be (Get-ModuleCmdletName)
    }
}

Describe '<Name> under an answer that never ends' -ForEach $listings {
    BeforeEach {
        Reset-Simulator $sim
        Set-ServiceEnvironment
    }

    It 'ends an answer kept alive by a byte of white space now and then, since nothing whole comes within -TimeoutSec' -Skip:($PSEdition -eq 'Desktop') {
        Add-SimFault $sim -Path $Path -StallAfterBytes 10 -DripMs 300 -Times -1
        $ended = Invoke-OnVirtualClock -Simulator $sim $Call @{ TimeoutSec = 2; MaximumRetryCount = 0 } {
            param($clock, $run)
            $moved = Step-Clock $clock -Simulator $sim -Step ([timespan]::FromMilliseconds(100)) -Until { $run.Handle.IsCompleted } -Most ([timespan]::FromSeconds(30))
            @{ Moved = $moved; Written = @(Receive-Concurrent $run); Errors = @($run.Shell.Streams.Error) }
        }

        $ended.Moved | Should -BeGreaterOrEqual ([timespan]::FromSeconds(2)) -Because 'a byte comes every 0.3 s: only -TimeoutSec without a whole element ends it'
        $ended.Errors.Count | Should -Be 1
        $ended.Errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        @(Get-Attempt $Path).Count | Should -Be 1
    }

    # Windows PowerShell 5.1: the same in real time (VirtualClock.ps1 says why).
    It 'ends an answer kept alive by a byte of white space now and then, since nothing whole comes within -TimeoutSec (real time)' -Skip:($PSEdition -ne 'Desktop') {
        Add-SimFault $sim -Path $Path -StallAfterBytes 10 -DripMs 300 -Times -1
        $run = Invoke-WithDeadline "& { $Call } -TimeoutSec 2 -MaximumRetryCount 0 2>&1" @{ sim = $sim }

        $run.Ended | Should -BeTrue -Because 'a call that makes no progress ends within -TimeoutSec'
        $problems = @($run.Output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $problems.Count | Should -Be 1
        $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }
}

Describe 'Reliability of <Name>' -ForEach $cmdlets {
    BeforeEach {
        Reset-Simulator $sim
        Set-ServiceEnvironment
    }

    It 'waits as a 429 Retry-After: 1 asks, then succeeds' -Skip:($PSEdition -eq 'Desktop') {
        Add-SimFault $sim -Path $Path -Status 429 -Headers @{ 'Retry-After' = '1' } -Body '{"errors":[]}'
        $result = Invoke-OnVirtualClock $Call @{ RetryIntervalSec = 0 } {
            param($clock, $run)
            Wait-ClockWait $clock 1 -Under ([timespan]::FromSeconds(10)) | Should -Be ([timespan]::FromSeconds(1))
            $clock.Advance([timespan]::FromMilliseconds(990))
            Start-Sleep -Milliseconds 100
            @(Get-Attempt $Path).Count | Should -Be 1 -Because 'nothing is sent before the wait ends'
            $null = Step-Clock $clock -Step ([timespan]::FromMilliseconds(10)) -Until { $run.Handle.IsCompleted }
            Receive-Concurrent $run
        }

        $result | Should -BeOfType ([ReleaseCmdlets.ReleaseInfo])
        (Get-Attempt $Path).Count | Should -Be 2
    }

    # Windows PowerShell 5.1: the same in real time (VirtualClock.ps1 says why).
    It 'waits as a 429 Retry-After: 1 asks, then succeeds (real time)' -Skip:($PSEdition -ne 'Desktop') {
        Add-SimFault $sim -Path $Path -Status 429 -Headers @{ 'Retry-After' = '1' } -Body '{"errors":[]}'
        $clock = [Diagnostics.Stopwatch]::StartNew()

        $result = & $Call -RetryIntervalSec 0

        $result | Should -BeOfType ([ReleaseCmdlets.ReleaseInfo])
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.98   # a timer may fire a millisecond before the stopwatch says so
        (Get-Attempt $Path).Count | Should -Be 2
    }

    It 'retries 503 twice, then succeeds' {
        Add-SimFault $sim -Path $Path -Status 503 -Times 2
        $result = & $Call -RetryIntervalSec 0
        $result | Should -BeOfType ([ReleaseCmdlets.ReleaseInfo])
        (Get-Attempt $Path).Count | Should -Be 3
    }

    It 'backs off exponentially from -RetryIntervalSec when the service names no wait, and sends nothing before a wait ends' -Skip:($PSEdition -eq 'Desktop') {
        Add-SimFault $sim -Path $Path -Status 502 -Times 2
        $written = Invoke-OnVirtualClock $Call @{ RetryIntervalSec = 1 } {
            param($clock, $run)
            # 1 s then 2 s, each with up to 20 % jitter either way; the next attempt goes when its wait ends, not before.
            foreach ($retry in @{ Sent = 1; Least = 0.8; Most = 1.2 }, @{ Sent = 2; Least = 1.6; Most = 2.4 }) {
                $wait = Wait-ClockWait $clock $retry.Sent -Under ([timespan]::FromSeconds(10))
                $wait.TotalSeconds | Should -BeGreaterOrEqual $retry.Least
                $wait.TotalSeconds | Should -BeLessOrEqual $retry.Most
                $clock.Advance($wait - [timespan]::FromMilliseconds(1))
                Start-Sleep -Milliseconds 50
                (Get-Attempt $Path).Count | Should -Be $retry.Sent -Because 'the wait has 1 ms left'
                $clock.Advance([timespan]::FromMilliseconds(1))
                Wait-Until { (Get-Attempt $Path).Count -eq $retry.Sent + 1 } -Because "attempt $($retry.Sent + 1) goes when the wait ends"
            }
            Receive-Concurrent $run
        }
        $written | Should -Not -BeNullOrEmpty
    }

    # Windows PowerShell 5.1: the same backoff in real time (VirtualClock.ps1 says why).
    It 'backs off exponentially from -RetryIntervalSec when the service names no wait (real time)' -Skip:($PSEdition -ne 'Desktop') {
        Add-SimFault $sim -Path $Path -Status 502 -Times 2
        $clock = [Diagnostics.Stopwatch]::StartNew()
        & $Call -RetryIntervalSec 1 | Should -Not -BeNullOrEmpty
        # 1 s then 2 s, each with up to 20 % jitter either way.
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 2.4
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 6
    }

    It 'gives up after -MaximumRetryCount 2 on a lasting 503: exactly 3 requests, ResourceUnavailable' {
        Add-SimFault $sim -Path $Path -Status 503 -Times -1
        $problems = Invoke-Failing $Call @{ MaximumRetryCount = 2; RetryIntervalSec = 0 }
        $output | Should -BeNullOrEmpty
        (Get-Attempt $Path).Count | Should -Be 3
        $problems.Count | Should -Be 1
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
    }

    It 'reports a lasting 429 as LimitsExceeded' {
        Add-SimFault $sim -Path $Path -Status 429 -Times -1 -Headers @{ 'Retry-After' = '0' }
        $problems = Invoke-Failing $Call @{ MaximumRetryCount = 1 }
        $output | Should -BeNullOrEmpty
        (Get-Attempt $Path).Count | Should -Be 2
        $problems[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'tries a <_> once' -ForEach $NotRetried {
        Add-SimFault $sim -Path $Path -Status $_ -Times -1 -Body '{}'
        $null = Invoke-Failing $Call @{ RetryIntervalSec = 0 }
        (Get-Attempt $Path).Count | Should -Be 1
    }

    It 'retries a dropped connection, then reports ConnectionError' {
        Add-SimFault $sim -Path $Path -Drop -Times -1
        $problems = Invoke-Failing $Call @{ MaximumRetryCount = 2; RetryIntervalSec = 0 }
        $output | Should -BeNullOrEmpty
        (Get-Attempt $Path).Count | Should -Be 3
        $problems[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
    }

    It 'recovers from one dropped connection' {
        Add-SimFault $sim -Path $Path -Drop
        & $Call -RetryIntervalSec 0 | Should -BeOfType ([ReleaseCmdlets.ReleaseInfo])
    }

    It 'stops a 5 s answer at -TimeoutSec 1 with OperationTimeout, within 3 s' {
        Add-SimFault $sim -Path $Path -DelayMs 5000
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $problems = Invoke-Failing $Call @{ TimeoutSec = 1 }
        $output | Should -BeNullOrEmpty
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
        $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $problems[0].Exception.Message | Should -Match '1 s \(-TimeoutSec\)'
        (Get-Attempt $Path).Count | Should -Be 1
    }

    It 'ends a 10 s request within 2 s of Ctrl+C, without an error or a request after it' {
        Add-SimFault $sim -Path $Path -DelayMs 10000
        $script = "Import-Module '$manifest'; `$sim = [pscustomobject]@{ Url = '$($sim.Url)'; Credentials = [pscustomobject]@{ cloudFoundryToken = '$($sim.Credentials.cloudFoundryToken)' } }; & { $Call }"

        $upTo = if ($RequestsUpTo) { $RequestsUpTo } else { 1 }
        $stop = Invoke-Interrupted $sim $script -Requests $upTo

        $stop.RequestsBefore | Should -Be $upTo
        (Get-Attempt $Path).Count | Should -Be 1
        $stop.StopSeconds | Should -BeLessThan 2
        $stop.Completed | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        $stop.Errors | Should -Be 0
        $stop.RequestsAfter | Should -Be 0
    }

    # The cancels of BuildMaster and Cloud Foundry answer 200 with no documented body, so any body is ignored there.
    It 'reports an HTML page on a 200 as InvalidResult' -Skip:(-not $ReadsBody) {
        Add-SimFault $sim -Path $Path -Status 200 -ContentType 'text/html' -Body '<!DOCTYPE html><html><body>Corporate proxy: please sign in</body></html>'
        $problems = Invoke-Failing $Call @{}
        $output | Should -BeNullOrEmpty
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $problems[0].Exception.Message | Should -Match 'HTML page'
    }

    It 'reports an HTML error page from a proxy as the status''s category, shortened' {
        Add-SimFault $sim -Path $Path -Status 500 -Times -1 -ContentType 'text/html' -Body ('<html><body>' + ('Internal error. ' * 2000) + '</body></html>')
        $problems = Invoke-Failing $Call @{ RetryIntervalSec = 0 }
        $output | Should -BeNullOrEmpty
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $problems[0].ErrorDetails.Message.Length | Should -BeLessThan 600
    }

    It 'never follows a redirect to another host' {
        Add-SimFault $sim -Path $Path -Status 307 -Headers @{ Location = 'https://elsewhere.example.com/steal' }
        $problems = Invoke-Failing $Call @{}
        $output | Should -BeNullOrEmpty
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $problems[0].Exception.Message | Should -Match 'redirected'
        (Get-Attempt $Path).Count | Should -Be 1
    }
}

Describe 'Bad answers where JSON is expected' {
    BeforeEach {
        Reset-Simulator $sim
        Set-ServiceEnvironment
    }

    It 'reads <Case> as InvalidResult, never a raw JsonException' -ForEach @(
        @{ Case = 'truncated JSON'; Body = '[{"id":2,"releaseNum'; ContentType = 'application/json'; Cancel = '{"status":"CANC' }
        @{ Case = 'an empty body'; Body = ''; ContentType = 'application/json'; Cancel = '' }
        @{ Case = 'JSON of the wrong shape'; Body = '{"id":2}'; ContentType = 'application/json'; Cancel = '["CANCELED"]' }
        @{ Case = 'plain text'; Body = 'OK'; ContentType = 'text/plain'; Cancel = 'OK' }
    ) {
        Add-SimFault $sim -Path '^/api/releases$' -Status 200 -Body $Body -ContentType $ContentType
        Add-SimFault $sim -Path 'cancel_promotion$' -Status 200 -Body $Cancel -ContentType $ContentType
        $all = @(Get-BmRelease -ReleaseId 3 2>&1) + @(Stop-BasetenPromotion abc123xy -Url $sim.Url -Confirm:$false 2>&1)

        $all.Count | Should -Be 2
        foreach ($problem in $all) {
            $problem | Should -BeOfType ([System.Management.Automation.ErrorRecord])
            $problem.CategoryInfo.Category | Should -Be 'InvalidResult'
            $problem.Exception | Should -BeOfType ([ReleaseCmdlets.Errors.ServiceException])
        }
    }

    It 'keeps a landed cancel when reading it back fails: the release is written canceled, with a warning' {
        Add-SimFault $sim -Path '^/api/releases$' -Status 500 -Times -1
        $release = Stop-BmRelease -ReleaseId 2 -Confirm:$false -MaximumRetryCount 0 -WarningVariable warnings -WarningAction SilentlyContinue
        $release.ReleaseId | Should -Be 2
        $release.Status | Should -Be 'canceled'
        $warnings.Message | Should -Match 'reading it back failed'
    }
}

Describe 'Transport safety' {
    BeforeEach {
        Reset-Simulator $sim
        Set-ServiceEnvironment
    }

    It '<Name> refuses to send a credential over http:// to another host' -ForEach $plainHttp {
        { & $PlainHttp } | Should -Throw -ErrorId "UnencryptedAuthenticationRefused,*"
    }

    It 'sends it anyway with -AllowUnencryptedAuthentication (the connection then fails here, as no such host exists)' {
        Get-BmRelease -Url 'http://bm.invalid' -AllowUnencryptedAuthentication -MaximumRetryCount 0 -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'rejects a self-signed certificate, and accepts it with -SkipCertificateCheck' {
        Get-BmRelease -Url $sim.HttpsUrl -MaximumRetryCount 0 -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].CategoryInfo.Category | Should -Be 'SecurityError'

        @(Get-BmRelease -Url $sim.HttpsUrl -SkipCertificateCheck).Count | Should -Be 5
    }

    It 'goes through the proxy that HTTP_PROXY names' -Tag CoreOnly {   # .NET Framework reads no proxy variables
        $script = "`$env:HTTP_PROXY = '$($sim.Url)'; `$env:NO_PROXY = ''; Import-Module '$manifest'; " +
            "(Get-BmRelease -Url 'http://buildmaster.invalid' -ApiKey '$($sim.BuildMasterApiKey)' -AllowUnencryptedAuthentication -MaximumRetryCount 0 | Measure-Object).Count"
        $count = Invoke-FreshPwsh $script | Select-Object -Last 1
        $count | Should -Be '5'
        (Get-SimRequest $sim)[0].rawTarget | Should -Be 'http://buildmaster.invalid/api/releases'
    }
}

Describe 'Secrets never leak' {
    BeforeEach {
        Reset-Simulator $sim
        Set-ServiceEnvironment
    }

    It 'no credential appears in any stream or error record of any cmdlet, with -Verbose -Debug, on success and failure' {
        $DebugPreference = 'Continue'
        $secrets = @($sim.BuildMasterApiKey, $sim.Credentials.cloudFoundryToken, $sim.Credentials.cloudflareApiToken, $sim.Credentials.cloudflareApiKey, $sim.Credentials.basetenApiKey, 'wrong-secret-7d1e')
        # Services that echo the caller's own credential in an error body.
        Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 503 -Times 2 -ContentType 'text/plain' -Body "key $($sim.BuildMasterApiKey) is rate limited"
        Add-SimFault $sim -Path 'cancel_promotion$' -Status 503 -Times 2 -Body "{`"message`":`"key $($sim.Credentials.basetenApiKey) is busy`"}"
        Add-SimFault $sim -Path '/builds/builds/[^/]+/cancel$' -Status 503 -Times 2 -Body "{`"success`":false,`"errors`":[{`"code`":1,`"message`":`"token $($sim.Credentials.cloudflareApiToken)`"}]}"
        Add-SimFault $sim -Path '/actions/cancel$' -Status 400 -Times 1 -Body "{`"errors`":[{`"code`":1,`"title`":`"CF-X`",`"detail`":`"token $($sim.Credentials.cloudFoundryToken)`"}]}"
        # Refusals that the module reads past and wraps in an error of its own (the refusal is the inner exception).
        Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 400 -Times 1 -ContentType 'text/plain' -Body "Release not found for key $($sim.BuildMasterApiKey)."
        Add-SimFault $sim -Path '/builds/builds/b0100000-0000-4000-8000-000000000004/cancel$' -Status 400 -Times 1 -Body "{`"success`":false,`"errors`":[{`"code`":12100,`"message`":`"token $($sim.Credentials.cloudflareApiToken) cannot cancel`"}]}"
        $common = @{ Verbose = $true; Debug = $true; RetryIntervalSec = 0; MaximumRetryCount = 1; Confirm = $false }
        $records = @(
            Stop-BmRelease -ReleaseId 2 @common *>&1
            Stop-BmRelease -ReleaseId 99 @common *>&1
            Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url $sim.Url -Token "bearer $($sim.Credentials.cloudFoundryToken)" @common *>&1
            Stop-CfDeployment 'de900000-0000-4000-8000-000000000003' -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken @common *>&1
            Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' @common *>&1
            Stop-CfBuild 'b0100000-0000-4000-8000-000000000002' -Email $sim.Credentials.cloudflareEmail -ApiKey $sim.Credentials.cloudflareApiKey @common *>&1
            Stop-BasetenPromotion abc123xy -Url $sim.Url @common *>&1
            Stop-BasetenPromotion abc123xy -Environment development -Url $sim.Url @common *>&1
            try { Stop-BasetenPromotion abc123xy -Url $sim.Url -ApiKey 'wrong-secret-7d1e' @common *>&1 } catch { $_ }
            Stop-CfBuild 'b0100000-0000-4000-8000-000000000004' @common *>&1
            Add-SimFault $sim -Path '^/api/releases$' -Status 503 -Times 2 -ContentType 'text/plain' -Body "key $($sim.BuildMasterApiKey) may not list"
            Get-BmRelease -ReleaseId 2 -Verbose -Debug -RetryIntervalSec 0 -MaximumRetryCount 1 *>&1
        )

        $records.Count | Should -BeGreaterThan 20
        $text = ConvertTo-VisibleText $records
        $text | Should -Match 'Retrying'
        $text | Should -Match 'is rate limited'
        $text | Should -Match 'is busy'
        $text | Should -Match 'may not list'
        $text | Should -Match 'Release not found for key'
        $text | Should -Match 'cannot cancel'
        foreach ($secret in $secrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
    }

    It 'scrubs the whole inner-exception chain of an error that wraps a refusal' {
        Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 400 -ContentType 'text/plain' -Body "Release not found for key $($sim.BuildMasterApiKey)."

        Stop-BmRelease -ReleaseId 99 -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ReleaseNotFound,*'
        $problems[0].Exception.InnerException | Should -Not -BeNullOrEmpty
        $problems[0].Exception.InnerException.Message | Should -Match 'Release not found for key \*+'
        $chain = for ($e = $problems[0].Exception; $e; $e = $e.InnerException) { $e.Message; $e.ToString() }
        ($chain -join "`n") + "$($problems[0].Exception)" | Should -Not -Match ([regex]::Escape($sim.BuildMasterApiKey))
    }
}

Describe 'Exact accounting under seeded random faults' {
    BeforeAll {
        Reset-Simulator $sim
        Set-ServiceEnvironment
        $count = 250
        # Every tenth input names something that does not exist.
        $missing = { param($i) $i % 10 -eq 0 }
        # Each service's soak, from its file (tests/Pester/Services): its objects, inputs, Stop and ledger keys.
        $soaks = [ordered]@{}
        foreach ($service in Get-ServiceCase) { $soaks[$service.Service] = & $service.Soak $count $missing }
        $bmInputs = $soaks.BuildMaster.Inputs

        Invoke-RestMethod -Method Post "$($sim.Url)/_sim/faults/seed/20261125" | Out-Null
        Add-SimFault $sim -Path '.' -Status 503 -Probability 0.15
        Add-SimFault $sim -Path '.' -Drop -Probability 0.03
        Add-SimFault $sim -Path '.' -Status 500 -Probability 0.03
        Add-SimFault $sim -Path '.' -Status 429 -Headers @{ 'Retry-After' = '0' } -Probability 0.03
        # The service acted, then the answer was lost (connection dropped) or replaced by a gateway's 503.
        Add-SimFault $sim -Path '.' -AfterService -Drop -Probability 0.04
        Add-SimFault $sim -Path '.' -AfterService -Status 503 -Probability 0.04

        $common = @{ Confirm = $false; RetryIntervalSec = 0; MaximumRetryCount = 3; WarningAction = 'SilentlyContinue' }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = @{}
        foreach ($name in $soaks.Keys) { $results[$name] = @(& $soaks[$name].Stop $soaks[$name].Inputs $common) }
        $reads = @($bmInputs[0..99] | ForEach-Object { Get-BmRelease -ReleaseId $_.ReleaseId -RetryIntervalSec 0 -MaximumRetryCount 3 2>&1 })
        $elapsed = $clock.Elapsed
        Remove-Item Env:HTTP_PROXY -ErrorAction Ignore
        Invoke-RestMethod -Method Delete "$($sim.Url)/_sim/faults" | Out-Null

        # Per input, whether a cancel request for it landed and lost its answer: only then may an error hide a cancel.
        $ledger = @(Get-SimRequest $sim)
        $landed = @{}
        $state = @{}
        $inputs = @{}
        $cancelled = @{}
        foreach ($name in $soaks.Keys) {
            $soak = $soaks[$name]
            $landed[$name] = @{}
            foreach ($request in $ledger | Where-Object { $_.path -match $soak.CancelPath -and $_.fault -like 'landed*' }) {
                $landed[$name][(& $soak.LandedKey $request)] = $true
            }
            $state[$name] = & $soak.State
            $inputs[$name] = @($soak.Inputs | ForEach-Object { & $soak.Key $_ })
            $cancelled[$name] = $soak.Cancelled
        }
        $inputCount = $count * $soaks.Count
        Write-Host "Soak: $inputCount inputs under seeded faults in $([int]$elapsed.TotalMilliseconds) ms; errors: $(($results.Values | ForEach-Object { $_ } | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count)"
    }

    It 'lost the answers of cancels that landed, for every service (so the ledger checks below can fail)' -ForEach $soakServices {
        $landed[$_].Count | Should -BeGreaterThan 0
    }

    It 'writes exactly one result per input for <_>, in input order' -ForEach $soakServices {
        $results[$_].Count | Should -Be 250
        for ($i = 0; $i -lt 250; $i++) {
            & $soaks[$_].ResultKey $results[$_][$i] | Should -Be $inputs[$_][$i] -Because "result $i of $_ answers input $i"
        }
    }

    It 'agrees with the ledger for <_>: what is written as cancelled is cancelled, and errors cancelled nothing' -ForEach $soakServices {
        $service = $_
        $objects = 0
        for ($i = 0; $i -lt 250; $i++) {
            $result = $results[$service][$i]
            $record = $state[$service][$inputs[$service][$i]]
            if ($result -is [System.Management.Automation.ErrorRecord]) {
                $key = $inputs[$service][$i]
                # InvalidArgument: a refusal the module could not explain, as reading the object after it failed too.
                $allowed = 'ObjectNotFound', 'ResourceUnavailable', 'ConnectionError', 'LimitsExceeded', 'InvalidArgument'
                # Baseten: a cancel that landed behind a 503 is indistinguishable from one that did not; the retry then
                # hears "no promotion in progress".
                if ($landed[$service][$key]) { $allowed += 'InvalidOperation' }
                $result.CategoryInfo.Category | Should -BeIn $allowed -Because "$service input $i"
                if ($result.CategoryInfo.Category -eq 'ObjectNotFound') { $record | Should -BeNullOrEmpty -Because "$service input $i was missing" }
                elseif ($record -and -not $landed[$service][$key]) { & $cancelled[$service] $record[0] | Should -BeFalse -Because "$service input $i failed and no attempt landed, so nothing was cancelled" }
            }
            else {
                $objects++
                $record | Should -Not -BeNullOrEmpty
                & $cancelled[$service] $record[0] | Should -BeTrue -Because "$service input $i is written as cancelled"
            }
        }
        $objects | Should -BeGreaterThan 200
    }

    It 'the missing inputs, and only those, are ObjectNotFound for <_>' -ForEach $soakServices {
        $notFound = @(for ($i = 0; $i -lt 250; $i++) { if ($results[$_][$i].CategoryInfo.Category -eq 'ObjectNotFound') { $i + 1 } })
        $missingInputs = @(1..250 | Where-Object { & $missing $_ })
        # Only missing inputs are ObjectNotFound ...
        $notFound | Where-Object { $_ -notin $missingInputs } | Should -BeNullOrEmpty
        # ... and every missing input is, unless each of its attempts met a fault (then it is that fault's error).
        foreach ($n in $missingInputs | Where-Object { $_ -notin $notFound }) {
            $results[$_][$n - 1].CategoryInfo.Category | Should -BeIn 'ResourceUnavailable', 'ConnectionError', 'LimitsExceeded', 'InvalidArgument' -Because "missing input $n"
        }
        $notFound.Count | Should -BeGreaterThan 15
    }

    It 'Get-BmRelease writes exactly one result per read under the same faults, for the id it was asked' {
        $reads.Count | Should -Be 100
        for ($i = 0; $i -lt 100; $i++) {
            $id = if ($reads[$i] -is [System.Management.Automation.ErrorRecord]) { "$($reads[$i].TargetObject.ReleaseId)" } else { "$($reads[$i].ReleaseId)" }
            $id | Should -Be "$($bmInputs[$i].ReleaseId)" -Because "read $i"
            if ($reads[$i] -is [System.Management.Automation.ErrorRecord] -and $reads[$i].CategoryInfo.Category -eq 'ObjectNotFound') { & $missing ($i + 1) | Should -BeTrue }
        }
    }
}
