# -ThrottleLimit: several cancels in flight, results still one per input, in input order, on the pipeline thread.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'
    $guids = 1..40 | ForEach-Object { 'de970000-0000-4000-8000-{0:D12}' -f $_ }
    $cf = @{ Url = $sim.Url; Token = $sim.Credentials.cloudFoundryToken; Confirm = $false }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Stop cmdlets with -ThrottleLimit' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @($guids | ForEach-Object { @{ guid = $_; appGuid = 'a9900000-0000-4000-8000-000000000001'; state = 'DEPLOYING' } }) | Out-Null
    }

    It 'runs cancels at once and still writes them in input order' {
        Add-SimFault $sim -Path '/actions/cancel$' -DelayMs 100 -Probability 1
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $stopped = @($guids | Stop-CfDeployment -ThrottleLimit 10 @cf)
        $elapsed = $clock.Elapsed

        $stopped.DeploymentGuid | Should -Be $guids
        # Sequentially that is 40 x 100 ms = 4 s; ten at a time it is about 0.4 s.
        $elapsed.TotalSeconds | Should -BeLessThan 2
    }

    It 'keeps one result per input, in order, when some fail' {
        $inputs = $guids[0..9] + @('de980000-0000-4000-8000-000000000001') + $guids[10..19]
        Add-SimFault $sim -Path "$($guids[3])/actions/cancel$" -DelayMs 400
        $results = @($inputs | Stop-CfDeployment -ThrottleLimit 6 @cf 2>&1)

        $results.Count | Should -Be 21
        for ($i = 0; $i -lt 21; $i++) {
            if ($i -eq 10) {
                $results[$i] | Should -BeOfType ([System.Management.Automation.ErrorRecord])
                "$($results[$i].TargetObject)" | Should -Be $inputs[$i]
            }
            else { "$($results[$i].DeploymentGuid)" | Should -Be $inputs[$i] }
        }
    }

    It 'retries inside each parallel cancel' {
        Add-SimFault $sim -Path '/actions/cancel$' -Status 503 -Times 5
        $stopped = @($guids[0..9] | Stop-CfDeployment -ThrottleLimit 5 -RetryIntervalSec 0 @cf)
        $stopped.Count | Should -Be 10
        @(Get-SimRequest $sim | Where-Object { $_.path -like '*/actions/cancel' }).Count | Should -Be 15
    }

    It '-WhatIf sends nothing' {
        $guids | Stop-CfDeployment -ThrottleLimit 8 -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -WhatIf
        Get-SimRequest $sim | Should -BeNullOrEmpty
    }

    It 'stops every cancel in flight on Ctrl+C, within 2 s, without an error' {
        Add-SimFault $sim -Path '/actions/cancel$' -DelayMs 10000 -Probability 1
        $list = ($guids | ForEach-Object { "'$_'" }) -join ','
        $script = "Import-Module '$manifest'; $list | Stop-CfDeployment -ThrottleLimit 4 -Url '$($sim.Url)' -Token '$($sim.Credentials.cloudFoundryToken)' -Confirm:`$false"

        $stop = Invoke-Interrupted $sim $script -Requests 4

        $stop.RequestsBefore | Should -Be 4
        $stop.StopSeconds | Should -BeLessThan 2
        $stop.Completed | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        $stop.Errors | Should -Be 0
        $stop.RequestsAfter | Should -Be 0
    }

    It 'refuses a -ThrottleLimit of <_>' -ForEach 0, 61 {
        { $guids | Stop-CfDeployment -ThrottleLimit $_ @cf } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
    }
}
