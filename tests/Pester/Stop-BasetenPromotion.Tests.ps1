BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'VirtualClock.ps1')
    Import-StagedModule
    $sim = Start-Simulator
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Stop-BasetenPromotion' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        $env:BASETEN_API_KEY = $sim.Credentials.basetenApiKey
        $bt = @{ Url = $sim.Url; Confirm = $false }
    }

    Context 'cancel_promotion' {
        It 'POSTs to the production environment by default with a Bearer header, the scheme of Baseten''s spec' {
            $promotion = Stop-BasetenPromotion -ModelId abc123xy @bt

            $promotion | Should -BeOfType ([ReleaseCmdlets.Baseten.BasetenPromotion])
            $promotion.Provider | Should -Be 'Baseten'
            $promotion.Id | Should -Be 'abc123xy/production'
            $promotion.ModelId | Should -Be 'abc123xy'
            $promotion.Environment | Should -Be 'production'
            $promotion.Name | Should -Be 'production'
            $promotion.Status | Should -Be 'CANCELED'
            $promotion.IsFinal | Should -BeTrue
            $promotion.Message | Should -Be 'Promotion to production was successfully canceled.'

            $request = @(Get-SimRequest $sim)
            $request.Count | Should -Be 1
            $request[0].method | Should -Be 'POST'
            $request[0].path | Should -Be '/v1/models/abc123xy/environments/production/cancel_promotion'
            $request[0].headers.Authorization | Should -Be "Bearer $($sim.Credentials.basetenApiKey)"
        }

        It 'cancels in the environment given by position' {
            (Stop-BasetenPromotion abc123xy staging @bt).Environment | Should -Be 'staging'
        }

        It 'writes RAMPING_DOWN, not final, for a rolling promotion' {
            $promotion = Stop-BasetenPromotion -ModelId roll456z @bt
            $promotion.Status | Should -Be 'RAMPING_DOWN'
            $promotion.IsFinal | Should -BeFalse
            $promotion.Message | Should -Match 'ramping down'
        }

        It 'takes -ApiKey over the environment, as a SecureString too' {
            $env:BASETEN_API_KEY = 'stale'
            $secure = ConvertTo-SecureString $sim.Credentials.basetenApiKey -AsPlainText -Force
            (Stop-BasetenPromotion abc123xy -ApiKey $secure @bt).Status | Should -Be 'CANCELED'
        }

        It 'tab-completes -Environment with production and development' {
            $line = 'Stop-BasetenPromotion -ModelId x -Environment '
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $completion.CompletionMatches.CompletionText | Should -Be 'production', 'development'
        }
    }

    Context 'by model name' {
        It 'finds the model''s id in the models listing and cancels its promotion' {
            $promotion = Stop-BasetenPromotion -ModelName llama-chat @bt

            $promotion.ModelId | Should -Be 'abc123xy'
            $promotion.Status | Should -Be 'CANCELED'
            (Get-SimRequest $sim).path | Should -Be '/v1/models', '/v1/models/abc123xy/environments/production/cancel_promotion'
        }

        It 'several models of the name are an error asking for -ModelId, and nothing is cancelled' {
            Stop-BasetenPromotion -ModelName twin @bt -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $problems[0].FullyQualifiedErrorId | Should -Be 'AmbiguousModelName,ReleaseCmdlets.Commands.StopBasetenPromotionCommand'
            $problems[0].Exception.Message | Should -Match 'pass -ModelId'
            $problems[0].TargetObject | Should -Be 'twin'
            (Get-SimRequest $sim).path | Should -Be @('/v1/models')
        }

        It 'takes names from the pipeline by property name' {
            $results = @([pscustomobject]@{ ModelName = 'm3-model' }, [pscustomobject]@{ model_name = 'nosuch' } | Stop-BasetenPromotion @bt 2>&1)

            $results[0].ModelId | Should -Be 'm3'
            $results[1].FullyQualifiedErrorId | Should -BeLike 'ModelNotFound,*'
        }

        It '-WhatIf sends nothing' {
            Stop-BasetenPromotion -ModelName llama-chat -Url $sim.Url -WhatIf
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }
    }

    Context '-Immediate' {
        It 'calls force_cancel_promotion and writes the promotion as the environment shows it: RAMPING_DOWN, not final' {
            $promotion = Stop-BasetenPromotion roll456z -Immediate @bt

            $promotion.Status | Should -Be 'RAMPING_DOWN'
            $promotion.IsFinal | Should -BeFalse
            $promotion.PercentTrafficToNewVersion | Should -BeGreaterThan 0
            $promotion.Message | Should -Match 'RAMPING_DOWN, \d+ % of traffic on the new deployment'
            # During a rolling promotion the environment serves the previous deployment, ACTIVE: that says nothing.
            $promotion.CurrentDeploymentId | Should -Be 'r1r2r3r'
            $promotion.CurrentDeploymentStatus | Should -Be 'ACTIVE'
            $promotion.CandidateDeploymentId | Should -Be 'z8y7x6w'
            (Get-SimRequest $sim).path | Should -Be '/v1/models/roll456z/environments/production/force_cancel_promotion', '/v1/models/roll456z/environments/production'
        }

        It 'with -Wait, polls every 2 s and returns only once in_progress_promotion is gone, then writes it CANCELED' -Skip:($PSEdition -eq 'Desktop') {
            Invoke-SimControl $sim -Path '/_sim/baseten/rollback-ms/600000' | Out-Null
            $environmentPath = '/v1/models/roll456z/environments/production'
            $reads = { @(Get-SimRequest $sim -Path $environmentPath | Where-Object { $_.method -eq 'GET' }).Count }
            $promotion = Invoke-OnVirtualClock { Stop-BasetenPromotion roll456z -Immediate -Wait @args } $bt {
                param($clock, $run)
                Wait-ClockWait $clock 1 | Should -Be ([timespan]::FromSeconds(2))
                # Still rolling back: a poll every 2 s of the clock, and no end.
                Step-Clock $clock -Until { (& $reads) -ge 3 } | Should -BeGreaterOrEqual ([timespan]::FromSeconds(4))
                $run.Handle.IsCompleted | Should -BeFalse
                Invoke-SimControl $sim -Path '/_sim/baseten/rollback-ends' | Out-Null
                Step-Clock $clock -Until { $run.Handle.IsCompleted } | Should -BeGreaterOrEqual ([timespan]::FromSeconds(2))
                Receive-Concurrent $run
            }

            $promotion.Status | Should -Be 'CANCELED'
            $promotion.IsFinal | Should -BeTrue
            $promotion.Message | Should -Match 'No promotion in progress: production serves deployment r1r2r3r'
            $environment = Invoke-RestMethod "$($sim.Url)$environmentPath" -Headers @{ Authorization = "Api-Key $($sim.Credentials.basetenApiKey)" }
            $environment.in_progress_promotion | Should -BeNullOrEmpty
            $environment.candidate_deployment | Should -BeNullOrEmpty
        }

        # Windows PowerShell 5.1: the same in real time (VirtualClock.ps1 says why).
        It 'with -Wait, returns only once in_progress_promotion is gone, then writes it CANCELED (real time)' -Skip:($PSEdition -ne 'Desktop') {
            Invoke-SimControl $sim -Path '/_sim/baseten/rollback-ms/3000' | Out-Null
            $promotion = Stop-BasetenPromotion roll456z -Immediate -Wait @bt

            $promotion.Status | Should -Be 'CANCELED'
            @(Get-SimRequest $sim -Path '/v1/models/roll456z/environments/production' | Where-Object { $_.method -eq 'GET' }).Count | Should -BeGreaterThan 1
        }

        It 'with -Wait, shows the promotion''s status and traffic as progress' {
            Invoke-SimControl $sim -Path '/_sim/baseten/rollback-ms/2500' | Out-Null
            $powershell = [powershell]::Create()
            try {
                $null = $powershell.AddScript("Import-Module '$RepoRoot/out/ReleaseCmdlets/ReleaseCmdlets.psd1'; " +
                    "Stop-BasetenPromotion roll456z -Immediate -Wait -Url '$($sim.Url)' -ApiKey '$($sim.Credentials.basetenApiKey)'")
                $written = $powershell.Invoke()

                $written.Status | Should -Be 'CANCELED'
                @($powershell.Streams.Progress.StatusDescription) -match '^RAMPING_DOWN, \d+ % of traffic on the new deployment, \d+ s' | Should -Not -BeNullOrEmpty
            }
            finally { $powershell.Dispose() }
        }

        It 'with -Wait, a promotion that completed before the cancel took effect is SUCCEEDED, final' {
            Invoke-SimControl $sim -Path '/_sim/baseten/environments' -Body @(@{ modelId = 'fwd00001'; name = 'production'; promotingDeploymentId = 'c4nd1d8'; rolling = $true; currentDeploymentId = 'old0001'; completesInstead = $true }) | Out-Null
            Invoke-SimControl $sim -Path '/_sim/baseten/rollback-ms/2000' | Out-Null

            $promotion = Stop-BasetenPromotion fwd00001 -Immediate -Wait @bt

            $promotion.Status | Should -Be 'SUCCEEDED'
            $promotion.IsFinal | Should -BeTrue
            $promotion.CurrentDeploymentId | Should -Be 'c4nd1d8'
            $promotion.Message | Should -Match 'completed before the cancel took effect'
        }

        It 'with -Wait, a RAMPING_DOWN cancel waits too; -TimeoutSec bounds the wait with WaitTimedOut' -Skip:($PSEdition -eq 'Desktop') {
            Invoke-SimControl $sim -Path '/_sim/baseten/rollback-ms/600000' | Out-Null
            $ended = Invoke-OnVirtualClock { Stop-BasetenPromotion roll456z -Wait -TimeoutSec 30 @args } $bt {
                param($clock, $run)
                @{
                    Moved   = Step-Clock $clock -Until { $run.Handle.IsCompleted } -Step ([timespan]::FromSeconds(1))
                    Written = Receive-Concurrent $run
                    Errors  = @($run.Shell.Streams.Error)
                }
            }
            $moved, $promotion, $problems = $ended.Moved, $ended.Written, $ended.Errors

            $moved | Should -BeGreaterOrEqual ([timespan]::FromSeconds(30))
            $moved | Should -BeLessThan ([timespan]::FromSeconds(90))
            $promotion.Status | Should -Be 'RAMPING_DOWN'   # the cancel stands: written as last seen, with the error
            $promotion.IsFinal | Should -BeFalse
            $problems[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,ReleaseCmdlets.Commands.StopBasetenPromotionCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        }

        # Windows PowerShell 5.1: the same in real time.
        It 'with -Wait, -TimeoutSec bounds the wait with WaitTimedOut (real time)' -Skip:($PSEdition -ne 'Desktop') {
            Invoke-SimControl $sim -Path '/_sim/baseten/rollback-ms/60000' | Out-Null
            $promotion = Stop-BasetenPromotion roll456z -Wait -TimeoutSec 3 @bt -ErrorVariable problems -ErrorAction SilentlyContinue

            $promotion.Status | Should -Be 'RAMPING_DOWN'
            $problems[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,ReleaseCmdlets.Commands.StopBasetenPromotionCommand'
        }

        It 'writes an accepted force cancel, with a warning, when reading the environment fails' {
            Add-SimFault $sim -Path '^/v1/models/roll456z/environments/production$' -Method GET -Status 500 -Times -1

            $promotion = Stop-BasetenPromotion roll456z -Immediate @bt -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable problems

            $problems | Should -BeNullOrEmpty
            $promotion.Status | Should -Be 'RAMPING_DOWN'
            $promotion.Message | Should -Match 'signalled'
            $warnings.Message | Should -Match 'reading it back failed'
        }

        It 'success:false is an InvalidOperation error' {
            Stop-BasetenPromotion abc123xy -Environment development -Immediate @bt -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -Be 'ForceCancelRefused,ReleaseCmdlets.Commands.StopBasetenPromotionCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        }
    }

    Context 'from the pipeline' {
        It 'takes 3 objects with ModelId and Environment' {
            $objects = @(
                [pscustomobject]@{ ModelId = 'abc123xy'; Environment = 'staging' }
                [pscustomobject]@{ ModelId = 'm3' }
                [pscustomobject]@{ ModelId = 'm4'; Environment = 'production' }
            )
            $stopped = @($objects | Stop-BasetenPromotion @bt)
            $stopped.Id | Should -Be 'abc123xy/staging', 'm3/production', 'm4/production'
        }

        It 'takes model ids as strings and API JSON by model_id' {
            @('m3', 'm4' | Stop-BasetenPromotion @bt).Status | Should -Be 'CANCELED', 'CANCELED'
            Reset-Simulator $sim
            @('[{"model_id":"m3"},{"model_id":"m4"}]' | ConvertFrom-Json | ForEach-Object { $_ } | Stop-BasetenPromotion @bt).ModelId | Should -Be 'm3', 'm4'
        }

        It 're-piping its output meets "no promotion in progress" once per input' {
            $first = @('m3', 'm4' | Stop-BasetenPromotion @bt)
            $again = @($first | Stop-BasetenPromotion @bt 2>&1)
            $again.Count | Should -Be 2
            $again | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'NoPromotionInProgress,ReleaseCmdlets.Commands.StopBasetenPromotionCommand' }
        }
    }

    Context 'errors' {
        It '"no promotion in progress" is InvalidOperation with its own error id' {
            Stop-BasetenPromotion abc123xy -Environment development @bt -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'NoPromotionInProgress,ReleaseCmdlets.Commands.StopBasetenPromotionCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $problems[0].ErrorDetails.Message | Should -Be 'Environment development has no in progress promotion. (HTTP 400, VALIDATION_ERROR)'
            $problems[0].TargetObject | Should -Be 'abc123xy'
        }

        It 'a cancel that landed and lost its answer is CANCELED when the retry finds nothing in progress' {
            # Baseten cancelled the promotion, then the connection broke before its answer arrived.
            Add-SimFault $sim -Path 'cancel_promotion$' -AfterService -Drop

            $promotion = Stop-BasetenPromotion abc123xy @bt -RetryIntervalSec 0 -ErrorVariable problems

            $problems | Should -BeNullOrEmpty
            $promotion.Status | Should -Be 'CANCELED'
            $promotion.Message | Should -Match 'earlier attempt'
            @(Get-SimRequest $sim).Count | Should -Be 2
            (Invoke-SimControl $sim -Method Get -Path '/_sim/baseten/environments' | Where-Object { $_.modelId -eq 'abc123xy' -and $_.name -eq 'production' }).promotingDeploymentId |
                Should -BeNullOrEmpty
        }

        It '"no promotion in progress" after a <_> stays an error: that attempt never reached the promotion' -ForEach 429, 503 {
            Stop-BasetenPromotion m3 @bt | Out-Null
            Add-SimFault $sim -Path 'cancel_promotion$' -Status $_ -Headers @{ 'Retry-After' = '0' }

            Stop-BasetenPromotion m3 @bt -RetryIntervalSec 0 -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'NoPromotionInProgress,ReleaseCmdlets.Commands.StopBasetenPromotionCommand'
            @(Get-SimRequest $sim -Path '/v1/models/m3').Count | Should -Be 3
        }

        It '"no promotion in progress" on a first attempt stays an error' {
            Stop-BasetenPromotion m3 @bt | Out-Null
            Stop-BasetenPromotion m3 @bt -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -Be 'NoPromotionInProgress,ReleaseCmdlets.Commands.StopBasetenPromotionCommand'
        }

        It 'an unknown model is ObjectNotFound' {
            Stop-BasetenPromotion nosuchmodel @bt -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $problems[0].ErrorDetails.Message | Should -Match 'NOT_FOUND'
        }

        It 'a bad key stops the command with an AuthenticationError, counting the cancels in flight refused too' {
            $thrown = { 'abc123xy', 'm3', 'm4' | Stop-BasetenPromotion -ApiKey 'wrong-key-value' -ThrottleLimit 2 @bt } |
                Should -Throw -ErrorId 'AuthenticationFailed,ReleaseCmdlets.Commands.StopBasetenPromotionCommand' -PassThru
            $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $thrown.ErrorDetails.Message | Should -Match 'Invalid or missing API key'
            # The cancels already sent when the first refusal is written (none, when it came back before the next input
            # was read; one or two otherwise) end, refused too, before the command stops; the message counts them.
            $thrown.ErrorDetails.Message | Should -Match 'read no further input\.( (1 other input already sent was|2 other inputs already sent were) refused too\.)?$'
            $others = if ($thrown.ErrorDetails.Message -match '(\d) other input') { [int]$Matches[1] } else { 0 }
            @(Get-SimRequest $sim).Count | Should -Be (1 + $others)
        }

        It 'a bad key refused on every cancel in flight: the one error counts the others' {
            # Each cancel is answered 300 ms late: the three of -ThrottleLimit 3 are all in flight when the first refusal comes.
            Add-SimFault $sim -Path 'cancel_promotion$' -Times 3 -DelayMs 300
            $thrown = { 'abc123xy', 'm3', 'm4' | Stop-BasetenPromotion -ApiKey 'wrong-key-value' -ThrottleLimit 3 @bt } |
                Should -Throw -ErrorId 'AuthenticationFailed,ReleaseCmdlets.Commands.StopBasetenPromotionCommand' -PassThru
            $thrown.ErrorDetails.Message | Should -Match 'read no further input\. 2 other inputs already sent were refused too\.$'
            @(Get-SimRequest $sim).Count | Should -Be 3
        }

        It 'honours the 429 body retry_after' {
            Add-SimFault $sim -Path 'cancel_promotion$' -Status 429 -Body '{"error":"Rate limit exceeded. Please try again later.","retry_after":1}'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $promotion = Stop-BasetenPromotion abc123xy @bt -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -is [ReleaseCmdlets.ReleaseInfo] }

            $promotion.Status | Should -Be 'CANCELED'
            $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.98   # a timer may fire a millisecond before the stopwatch says so
            @(Get-SimRequest $sim).Count | Should -Be 2
            ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'Retrying .* in 1 s \(as the service asked'
        }

        It 'no key anywhere is MissingCredential before any request' {
            Remove-Item Env:BASETEN_API_KEY
            { Stop-BasetenPromotion abc123xy @bt } | Should -Throw -ErrorId 'MissingCredential,ReleaseCmdlets.Commands.StopBasetenPromotionCommand'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }
    }

    Context 'hostile model ids never leave their path segment' {
        It 'escapes <Id>' -ForEach @(
            @{ Id = 'a/b'; Raw = 'a%2Fb' }
            @{ Id = 'x?y=1'; Raw = 'x%3Fy%3D1' }
            @{ Id = 'm#frag'; Raw = 'm%23frag' }
            @{ Id = '../../v1/secrets'; Raw = '..%2F..%2Fv1%2Fsecrets' }
        ) {
            Stop-BasetenPromotion $Id @bt -ErrorAction SilentlyContinue | Out-Null
            $request = @(Get-SimRequest $sim)
            $request.Count | Should -Be 1
            $request[0].rawTarget | Should -Be "/v1/models/$Raw/environments/production/cancel_promotion"
        }

        It 'refuses <Id> as a whole segment before any request' -ForEach @(@{ Id = '..' }, @{ Id = '.' }) {
            Stop-BasetenPromotion $Id @bt -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidPathValue,ReleaseCmdlets.Commands.StopBasetenPromotionCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }
    }

    Context '-WhatIf' {
        It 'sends no request and names model, environment and host' {
            $said = Get-HostOutput { Stop-BasetenPromotion abc123xy -Environment staging -Url $sim.Url -WhatIf }
            Get-SimRequest $sim | Should -BeNullOrEmpty
            $said | Should -Match "Baseten promotion of model abc123xy to staging at $([regex]::Escape(([Uri]$sim.Url).Authority))"
        }
    }
}
