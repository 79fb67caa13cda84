# The module in a CI step, as GitHub Actions and Azure Pipelines read it: each step a fresh PowerShell process with the
# system's variables, its standard output read line by line as the runner reads it for commands, the summary and output
# files read back. Also -IfInFlight and -Reason on every Stop cmdlet, over real HTTP to the simulator.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $bmHost = ([uri]$sim.Url).Authority

    # A workflow command as the runner reads it (actions/runner src/Runner.Common/ActionCommand.cs, TryParseV2).
    function ConvertFrom-GitHubCommand([string] $Line) {
        $message = $Line.TrimStart()
        $end = $message.IndexOf('::', 2)
        $info = $message.Substring(2, $end - 2)
        $name, $propertyText = $info -split ' ', 2
        $properties = @{}
        foreach ($pair in "$propertyText".Trim() -split ',' | Where-Object { $_ }) {
            $key, $value = $pair -split '=', 2
            $properties[$key] = $value.Replace('%0D', "`r").Replace('%0A', "`n").Replace('%3A', ':').Replace('%2C', ',').Replace('%25', '%')
        }
        [pscustomobject]@{ Command = $name; Properties = $properties; Data = $message.Substring($end + 2).Replace('%0D', "`r").Replace('%0A', "`n").Replace('%25', '%') }
    }

    # The rows of a summary's table, each cell unescaped from Markdown.
    function Get-SummaryRow([string] $Markdown) {
        foreach ($line in $Markdown -split "`n" | Where-Object { $_ -like '| *' } | Select-Object -Skip 2) {
            , @($line.Trim().Trim('|') -split '(?<!\\)\|' | ForEach-Object { ($_.Trim() -replace '\\(.)', '$1') })
        }
    }

    # What a GitHub step's environment adds: detection, and the files of its summary and outputs.
    function New-GitHubStep {
        $id = [guid]::NewGuid()
        @{ GITHUB_ACTIONS = 'true'; GITHUB_STEP_SUMMARY = (Join-Path $TestDrive "summary-$id.md"); GITHUB_OUTPUT = (Join-Path $TestDrive "output-$id.txt") }
    }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'In GitHub Actions' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        $step = New-GitHubStep
    }

    It 'each error is one annotation with its error id, target, message and reason, escaped as the runner reads it' {
        $reason = 'Rollback: 50% done, incident 7'
        $expected = @(Stop-BmRelease -ReleaseId 1, 99 -Confirm:$false 2>&1)

        $run = Invoke-CiStep "Stop-BmRelease -ReleaseId 2, 1, 99 -Reason '$reason' -Confirm:`$false" $step

        $annotations = @($run.Output | Where-Object { $_ -like '::*' })
        $annotations.Count | Should -Be 2
        $annotations[0] | Should -BeLike '::error title=Stop-BmRelease%3A ReleaseAlreadyDeployed::BuildMaster release 1 at *%0AReason: Rollback: 50%25 done, incident 7'
        $parsed = @($annotations | ForEach-Object { ConvertFrom-GitHubCommand $_ })
        $parsed.Command | Should -Be 'error', 'error'
        $parsed[0].Properties.title | Should -Be 'Stop-BmRelease: ReleaseAlreadyDeployed'
        $parsed[0].Data | Should -BeExactly "BuildMaster release 1 at ${bmHost}: $($expected[0].ErrorDetails.Message)`nReason: $reason"
        $parsed[1].Properties.title | Should -Be 'Stop-BmRelease: ReleaseNotFound'
        $parsed[1].Data | Should -BeExactly "BuildMaster release 99 at ${bmHost}: $($expected[1].ErrorDetails.Message)`nReason: $reason"
    }

    It 'a reason with CR and LF stays on the annotation''s one line and reads back as the visible ␍␊' {
        $run = Invoke-CiStep "Stop-BmRelease -ReleaseId 99 -Reason ""a`r`n::add-mask::b"" -Confirm:`$false" $step

        $annotations = @($run.Output | Where-Object { $_ -like '::*' })
        $annotations.Count | Should -Be 1
        (ConvertFrom-GitHubCommand $annotations[0]).Data | Should -BeLike "*`nReason: a␍␊::add-mask::b"
        $run.Output | Where-Object { $_ -like '*add-mask*' -and $_ -notlike '::error *' } | Should -BeNullOrEmpty
    }

    It 'a step summary lists what was asked and what became of it, and the counts are step outputs' {
        Invoke-CiStep "Stop-BmRelease -ReleaseId 2, 1, 99 -Reason 'incident 7' -Confirm:`$false -ErrorAction SilentlyContinue" $step | Out-Null

        $summary = Get-Content -Raw $step.GITHUB_STEP_SUMMARY
        $summary | Should -Match '(?m)^### Stop-BmRelease$'
        $summary | Should -Match '(?m)^Reason: incident 7$'
        $summary | Should -Match '(?m)^3 asked: 1 cancelled, 0 already final, 2 failed\.$'
        $rows = @(Get-SummaryRow $summary)
        $rows.Count | Should -Be 3
        $rows[0] | Should -Be "BuildMaster release 2 at $bmHost", 'cancelled', 'BuildMaster', '2', (Get-BmRelease -ReleaseId 2).Name, 'canceled', ''
        $rows[1] | Should -Be "BuildMaster release 1 at $bmHost", 'failed', 'BuildMaster', '1', '', '', 'ReleaseAlreadyDeployed'
        $rows[2] | Should -Be "BuildMaster release 99 at $bmHost", 'failed', 'BuildMaster', '99', '', '', 'ReleaseNotFound'
        Get-Content -Raw $step.GITHUB_OUTPUT | Should -BeExactly "cancelled=1`nfinal=0`nfailed=2`n"
    }

    It '-IfInFlight: a deployed release is a summary row and an output count, not an annotation' {
        $run = Invoke-CiStep "Stop-BmRelease -ReleaseId 2, 1, 99 -IfInFlight -Confirm:`$false" $step

        @($run.Output | Where-Object { $_ -like '::*' }) | Should -BeLike '::error title=Stop-BmRelease%3A ReleaseNotFound::*'
        (@(Get-SummaryRow (Get-Content -Raw $step.GITHUB_STEP_SUMMARY)))[1] | Should -Be "BuildMaster release 1 at $bmHost", 'already final', 'BuildMaster', '1', '', '', 'ReleaseAlreadyDeployed'
        Get-Content -Raw $step.GITHUB_OUTPUT | Should -BeExactly "cancelled=1`nfinal=1`nfailed=1`n"
    }

    It 'an error silenced by <Silenced> makes no annotation' -ForEach @(
        @{ Silenced = '-ErrorAction SilentlyContinue'; Script = 'Stop-BmRelease -ReleaseId 99 -Confirm:$false -ErrorAction SilentlyContinue' }
        @{ Silenced = '-ErrorAction Ignore'; Script = 'Stop-BmRelease -ReleaseId 99 -Confirm:$false -ErrorAction Ignore' }
        @{ Silenced = '$ErrorActionPreference'; Script = '$ErrorActionPreference = ''SilentlyContinue''; Stop-BmRelease -ReleaseId 99 -Confirm:$false' }
    ) {
        $run = Invoke-CiStep $Script $step

        $run.Output | Where-Object { $_ -like '::*' } | Should -BeNullOrEmpty
        Get-Content -Raw $step.GITHUB_OUTPUT | Should -BeExactly "cancelled=0`nfinal=0`nfailed=1`n" -Because 'the summary still says what happened'
    }

    It 'a warning is a warning annotation, unless silenced by <Silenced>' -ForEach @(
        @{ Silenced = ''; Count = 1 }
        @{ Silenced = '-WarningAction SilentlyContinue'; Count = 0 }
        @{ Silenced = '$WarningPreference'; Count = 0 }
    ) {
        Add-SimFault $sim -Path '^/api/releases$' -Status 500 -Times -1
        $preference = if ($Silenced -eq '$WarningPreference') { '$WarningPreference = ''SilentlyContinue''; ' } else { '' }
        $parameter = if ($Silenced -like '-*') { $Silenced } else { '' }

        $run = Invoke-CiStep "${preference}Stop-BmRelease -ReleaseId 2 -MaximumRetryCount 0 -Confirm:`$false $parameter" $step

        $warnings = @($run.Output | Where-Object { $_ -like '::warning *' })
        $warnings.Count | Should -Be $Count
        if ($Count) { (ConvertFrom-GitHubCommand $warnings[0]).Data | Should -Match 'was cancelled, but reading it back failed' }
        $run.Output | Where-Object { $_ -like '::error*' } | Should -BeNullOrEmpty
    }

    It 'a terminating error is annotated, and the summary of what was done before it is published' {
        $run = Invoke-CiStep "Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url '$($sim.Url)' -Token '$($sim.Credentials.cloudFoundryExpiredToken)' -Confirm:`$false" $step

        $run.Errors -join "`n" | Should -Match 'stopped and read no further input'
        @($run.Output | Where-Object { $_ -like '::error*' }) | Should -BeLike '::error title=Stop-CfDeployment%3A AuthenticationFailed::Cloud Foundry deployment de900000-0000-4000-8000-000000000001 at *'
        Get-Content -Raw $step.GITHUB_OUTPUT | Should -BeExactly "cancelled=0`nfinal=0`nfailed=1`n"
    }

    It 'a wait is a status line at most every 10 s, with no progress record' {
        $script = "`$powershell = [powershell]::Create().AddScript(""Import-Module '$(Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1')'; Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url '$($sim.Url)' -Token '$($sim.Credentials.cloudFoundryToken)' -Wait -Confirm:```$false"")
            `$result = `$powershell.Invoke()
            ""STATUS=`$(`$result.StatusValue)""
            ""PROGRESS=`$(`$powershell.Streams.Progress.Count)""
            `$powershell.Streams.Information | ForEach-Object { ""LINE=`$(`$_.MessageData)"" }"

        $ci = Invoke-CiStep $script $step
        Reset-Simulator $sim
        $console = Invoke-CiStep $script @{ GITHUB_ACTIONS = $null }

        $ci.Output | Should -Contain 'STATUS=FINALIZED'
        $ci.Output | Should -Contain 'PROGRESS=0'
        $lines = @($ci.Output | Where-Object { $_ -like 'LINE=*' })
        $lines.Count | Should -BeGreaterThan 0
        $lines[0] | Should -BeLike 'LINE=Waiting for Cloud Foundry deployment de900000-0000-4000-8000-000000000001 to finish rolling back: *'
        $seconds = @($lines | ForEach-Object { [int]($_ -replace '^.*?, (\d+) s.*$', '$1') })
        for ($i = 1; $i -lt $seconds.Count; $i++) { $seconds[$i] - $seconds[$i - 1] | Should -BeGreaterOrEqual 10 }
        $console.Output | Should -Contain 'STATUS=FINALIZED'
        $console.Output | Where-Object { $_ -like 'PROGRESS=*' } | Should -Not -Be 'PROGRESS=0' -Because 'at a console a wait is a progress bar'
        $console.Output | Where-Object { $_ -like 'LINE=*' } | Should -BeNullOrEmpty
    }

    It 'a service''s names and echoed secrets reach no annotation or summary as commands or secrets, in <System>' -ForEach @(
        @{ System = 'GitHub Actions'; Variables = @{} }
        @{ System = 'Azure Pipelines'; Variables = @{ GITHUB_ACTIONS = $null; TF_BUILD = 'True'; AGENT_TEMPDIRECTORY = $TestDrive } }
    ) {
        foreach ($name in $Variables.Keys) { $step[$name] = $Variables[$name] }
        $key = $sim.BuildMasterApiKey
        $hostileName = "x`n::add-mask::y ##vso[task.setvariable variable=PATH]/evil ##[stop-commands]t <img src=x> | $key"
        Invoke-SimControl $sim -Path '/_sim/buildmaster/releases' -Body @(
            @{ id = 46; releaseNumber = '4.6'; releaseName = $hostileName; applicationId = 1; applicationName = 'Accounting'; pipelineName = 'Standard'; status = 'active'; sequence = 7 }
        ) | Out-Null
        Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 500 -Times 1 -ContentType 'text/plain' -Body "key $key is not allowed`n::add-mask::z"

        $run = Invoke-CiStep "Stop-BmRelease -ReleaseId 2, 46 -MaximumRetryCount 0 -Confirm:`$false" $step

        $uploaded = @($run.Output | Where-Object { $_ -match '^##vso\[task\.uploadsummary\](.+)$' } | ForEach-Object { Get-Content -Raw $Matches[1] })
        $summary = @(if (Test-Path $step.GITHUB_STEP_SUMMARY) { Get-Content -Raw $step.GITHUB_STEP_SUMMARY }) + $uploaded
        $summary | Should -Match 'ServiceUnavailable' -Because 'the failed cancel is a row'
        $rows = @(Get-SummaryRow ($summary -join "`n"))
        $rows[1][4] | Should -BeLike 'x␊::add-mask::y ＃#vso*' -Because 'the name is shown, made inert'
        $everything = @($run.Output) + @($run.Errors) + @($summary -split "`r?`n")
        ($everything -join "`n") | Should -Not -Match ([regex]::Escape($key))
        foreach ($line in $everything) {
            $data = if ($line -match '^(::error title=[^:]+::|##vso\[task\.logissue [^\]]+\])(?<data>.*)$') { $Matches['data'] } elseif ($line -like '##vso`[task.*') { '' } else { $line }
            $data | Should -Not -Match '(?i)##(vso)?\[|^\s*::|(?<!\\)<img' -Because $line
        }
    }

    It 'nothing of it happens when <Case>' -ForEach @(
        @{ Case = 'GITHUB_ACTIONS is not set'; Variables = @{ GITHUB_ACTIONS = $null } }
        @{ Case = 'RELEASECMDLETS_CI is off'; Variables = @{ RELEASECMDLETS_CI = 'off' } }
    ) {
        foreach ($name in $Variables.Keys) { $step[$name] = $Variables[$name] }

        $run = Invoke-CiStep "Stop-BmRelease -ReleaseId 2, 99 -Reason x -Confirm:`$false" $step

        @($run.Output + $run.Errors) | Where-Object { $_ -match '^\s*::|##vso\[' } | Should -BeNullOrEmpty
        $run.Errors -join "`n" | Should -Match 'ReleaseNotFound|Release not found' -Because 'the error itself is still written'
        Test-Path $step.GITHUB_STEP_SUMMARY | Should -BeFalse
        Test-Path $step.GITHUB_OUTPUT | Should -BeFalse
    }
}

Describe 'In Azure Pipelines' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        $temp = Join-Path $TestDrive ([guid]::NewGuid())
        $null = New-Item -ItemType Directory $temp
        $step = @{ TF_BUILD = 'True'; AGENT_TEMPDIRECTORY = $temp }
    }

    It 'each error is one task.logissue, the summary is uploaded from a file and the counts are output variables' {
        $expected = Stop-BmRelease -ReleaseId 99 -Confirm:$false 2>&1

        $run = Invoke-CiStep "Stop-BmRelease -ReleaseId 2, 99 -Reason 'a;b] 5%' -Confirm:`$false" $step

        $commands = @($run.Output | Where-Object { $_ -like '##vso`[*' })
        $commands.Count | Should -Be 5
        $commands[0] | Should -BeExactly ("##vso[task.logissue type=error;code=ReleaseNotFound;]Stop-BmRelease: BuildMaster release 99 at ${bmHost}: " +
            "$($expected.ErrorDetails.Message)%0AReason: a;b] 5%AZP25")
        $commands[1] | Should -BeLike "##vso``[task.uploadsummary]$temp*.md"
        $summary = Get-Content -Raw $commands[1].Substring('##vso[task.uploadsummary]'.Length)
        $summary | Should -Match '(?m)^2 asked: 1 cancelled, 0 already final, 1 failed\.$'
        (@(Get-SummaryRow $summary))[1] | Should -Be "BuildMaster release 99 at $bmHost", 'failed', 'BuildMaster', '99', '', '', 'ReleaseNotFound'
        $commands[2..4] | Should -Be '##vso[task.setvariable variable=cancelled;isoutput=true]1', '##vso[task.setvariable variable=final;isoutput=true]0', '##vso[task.setvariable variable=failed;isoutput=true]1'
    }
}

Describe '-IfInFlight and -Reason' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        $env:CF_HOME = Join-Path $TestDrive 'no-cf-config'
        $cf = @{ Url = $sim.Url; Token = $sim.Credentials.cloudFoundryToken }
    }

    It '<Service>, <Case>: <Outcome>' -ForEach @(
        @{ Service = 'BuildMaster'; Case = 'a deployed release'; Outcome = 'passed over'; Call = { Stop-BmRelease -ReleaseId 1 @p } }
        @{ Service = 'BuildMaster'; Case = 'an active release'; Outcome = 'cancelled'; Call = { Stop-BmRelease -ReleaseId 2 @p } }
        @{ Service = 'BuildMaster'; Case = 'a missing release'; Outcome = 'ReleaseNotFound'; Call = { Stop-BmRelease -ReleaseId 99 @p } }
        @{ Service = 'Cloud Foundry'; Case = 'a finalized deployment'; Outcome = 'passed over'; Call = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000003' @cf @p } }
        @{ Service = 'Cloud Foundry'; Case = 'an app without an active deployment'; Outcome = 'passed over'; Call = { Stop-CfDeployment -AppGuid 'a9900000-0000-4000-8000-000000000009' @cf @p } }
        @{ Service = 'Cloud Foundry'; Case = 'an active deployment'; Outcome = 'cancelled'; Call = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' @cf @p } }
        @{ Service = 'Cloud Foundry'; Case = 'a missing deployment'; Outcome = 'NotFound'; Call = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000099' @cf @p } }
        @{ Service = 'Cloud Foundry'; Case = 'a missing app'; Outcome = 'AppNotFound'; Call = { Stop-CfDeployment -AppName no-such-app -SpaceGuid $sim.Credentials.cloudFoundrySpaceGuid @cf @p } }
        @{ Service = 'Cloudflare'; Case = 'a build that succeeded'; Outcome = 'passed over'; Call = { Stop-CfBuild 'b0100000-0000-4000-8000-000000000004' @p } }
        @{ Service = 'Cloudflare'; Case = 'a Worker with nothing running'; Outcome = 'passed over'; Call = { Stop-CfBuild -WorkerName my-worker -Branch release/9 @p } }
        @{ Service = 'Cloudflare'; Case = 'a running build'; Outcome = 'cancelled'; Call = { Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' @p } }
        @{ Service = 'Cloudflare'; Case = 'a missing Worker'; Outcome = 'WorkerNotFound'; Call = { Stop-CfBuild -WorkerName no-such-worker @p } }
        @{ Service = 'Baseten'; Case = 'an environment without a promotion'; Outcome = 'passed over'; Call = { Stop-BasetenPromotion abc123xy -Environment development -Url $sim.Url @p } }
        @{ Service = 'Baseten'; Case = 'a promotion in progress'; Outcome = 'cancelled'; Call = { Stop-BasetenPromotion abc123xy -Url $sim.Url @p } }
        @{ Service = 'Baseten'; Case = 'a missing model'; Outcome = 'ModelNotFound'; Call = { Stop-BasetenPromotion -ModelName no-such-model -Url $sim.Url @p } }
    ) {
        $p = @{ IfInFlight = $true; Confirm = $false; Verbose = $true }
        $records = @(& $Call *>&1)
        $written = @($records | Where-Object { $_ -is [ReleaseCmdlets.ReleaseInfo] })
        $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)

        switch ($Outcome) {
            'passed over' {
                $written | Should -BeNullOrEmpty
                $errors | Should -BeNullOrEmpty
                $verbose | Where-Object { $_ -like 'Nothing in flight to cancel: *' } | Should -Not -BeNullOrEmpty
                Reset-Simulator $sim
                $p = @{ Confirm = $false }
                @(& $Call 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 1 -Because 'without -IfInFlight it is an error'
            }
            'cancelled' {
                $written.Count | Should -BeGreaterThan 0
                $written | ForEach-Object { $_.Status | Should -BeIn 'canceled', 'CANCELING', 'CANCELED', 'cancelled', 'RAMPING_DOWN' }
                $errors | Should -BeNullOrEmpty
            }
            default {
                $written | Should -BeNullOrEmpty
                $errors.Count | Should -Be 1
                $errors[0].FullyQualifiedErrorId | Should -BeLike "$Outcome,*"
            }
        }
    }

    It '-IfInFlight keeps the input order of what it writes and passes over' {
        $records = @(Stop-BmRelease -ReleaseId 1, 2, 99, 3 -IfInFlight -ThrottleLimit 4 -Confirm:$false 2>&1)

        $records.Count | Should -Be 3
        $records[0].ReleaseId | Should -Be 2
        $records[1].FullyQualifiedErrorId | Should -BeLike 'ReleaseNotFound,*'
        $records[2].ReleaseId | Should -Be 3
    }

    It '<Stop> -Reason: <Where>' -ForEach @(
        @{ Stop = 'Stop-BmRelease'; Where = 'sent to BuildMaster and in the verbose log'; Call = { Stop-BmRelease -ReleaseId 2 @p } }
        @{ Stop = 'Stop-CfDeployment'; Where = 'in the verbose log'; Call = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' @cf @p } }
        @{ Stop = 'Stop-CfBuild'; Where = 'in the verbose log'; Call = { Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' @p } }
        @{ Stop = 'Stop-BasetenPromotion'; Where = 'in the verbose log'; Call = { Stop-BasetenPromotion abc123xy -Url $sim.Url @p } }
    ) {
        $reason = 'Superseded by 1.3 (incident 7)'

        $p = @{ Reason = $reason; Confirm = $false; Verbose = $true }
        $records = @(& $Call 4>&1)

        @($records | Where-Object { $_ -is [ReleaseCmdlets.ReleaseInfo] }).Count | Should -Be 1
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "Cancel *. Reason: $reason" }).Count | Should -Be 1
        $cancel = @(Get-SimRequest $sim | Where-Object { $_.method -in 'POST', 'PUT' -and $_.path -match 'cancel' })
        $cancel.Count | Should -Be 1
        if ($Stop -eq 'Stop-BmRelease') { ($cancel[0] | ConvertFrom-RequestBody).reason | Should -Be $reason }
        else { "$($cancel[0].body)" | Should -Not -Match 'Superseded' -Because 'the service has no field for it' }
    }
}
