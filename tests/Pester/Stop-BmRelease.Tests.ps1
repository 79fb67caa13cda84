BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Stop-BmRelease' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
    }

    Context 'by release id' {
        It 'sends releaseId alone and writes the release read back, canceled' {
            $release = Stop-BmRelease -ReleaseId 2 -Confirm:$false

            $release | Should -BeOfType ([ReleaseCmdlets.BuildMaster.BuildMasterRelease])
            $release.ReleaseId | Should -Be 2
            $release.Status | Should -Be 'canceled'
            $release.IsFinal | Should -BeTrue
            $cancel = @(Get-SimRequest $sim -Path '/api/releases/cancel')
            $cancel.Count | Should -Be 1
            @(($cancel[0] | ConvertFrom-RequestBody).Keys) | Should -Be @('releaseId')
        }

        It 'takes the id by position' {
            (Stop-BmRelease 3 -Confirm:$false).Status | Should -Be 'canceled'
        }

        It 'sends -Reason' {
            Stop-BmRelease -ReleaseId 2 -Reason 'Superseded by 1.2' -Confirm:$false | Out-Null

            $body = Get-SimRequest $sim -Path '/api/releases/cancel' | ConvertFrom-RequestBody
            $body.reason | Should -Be 'Superseded by 1.2'
            (Invoke-SimControl $sim -Method Get -Path '/_sim/buildmaster/releases' | Where-Object id -EQ 2).lastCancelReason | Should -Be 'Superseded by 1.2'
        }
    }

    Context 'by release number and application' {
        It 'sends releaseNumber and applicationId, nothing else' {
            $release = Stop-BmRelease -ReleaseNumber 1.1 -ApplicationId 1 -Confirm:$false

            $release.ReleaseId | Should -Be 2
            $body = Get-SimRequest $sim -Path '/api/releases/cancel' | ConvertFrom-RequestBody
            @($body.Keys | Sort-Object) | Should -Be @('applicationId', 'releaseNumber')
        }

        It 'sends releaseNumber and applicationName, nothing else' {
            $release = Stop-BmRelease -ReleaseNumber 2.0 -ApplicationName HDars -Confirm:$false

            $release.ReleaseId | Should -Be 4
            $release.Status | Should -Be 'canceled'
            $body = Get-SimRequest $sim -Path '/api/releases/cancel' | ConvertFrom-RequestBody
            @($body.Keys | Sort-Object) | Should -Be @('applicationName', 'releaseNumber')
        }
    }

    Context 'from the pipeline' {
        It 'cancels what Get-BmRelease writes, in order' {
            $stopped = @(Get-BmRelease -Status active | Stop-BmRelease -Confirm:$false)

            $stopped.ReleaseId | Should -Be 2, 3, 4
            $stopped.Status | Should -Be 'canceled', 'canceled', 'canceled'
            (Get-SimRequest $sim -Path '/api/releases/cancel' | ConvertFrom-RequestBody).releaseId | Should -Be '2', '3', '4'
        }

        It 're-piping its own output writes the releases again without error' {
            $first = @(Get-BmRelease -Status active | Stop-BmRelease -Confirm:$false)
            $second = @($first | Stop-BmRelease -Confirm:$false -ErrorVariable problems)

            $second.ReleaseId | Should -Be 2, 3, 4
            $problems | Should -BeNullOrEmpty
        }

        It 'binds objects from other tools by property name (<Case>)' -ForEach @(
            @{ Case = 'ReleaseId'; Objects = { 2, 3 | ForEach-Object { [pscustomobject]@{ ReleaseId = $_ } } }; Expected = 2, 3 }
            @{ Case = 'id from the BuildMaster API JSON'; Objects = { '[{"id":2,"status":"active"},{"id":4,"status":"active"}]' | ConvertFrom-Json | ForEach-Object { $_ } }; Expected = 2, 4 }
            @{ Case = 'ReleaseNumber and ApplicationName from CSV'; Objects = { "ReleaseNumber,ApplicationName`n1.1,Accounting`n2.0,HDars" | ConvertFrom-Csv }; Expected = 2, 4 }
            @{ Case = 'ReleaseNumber and ApplicationId from CSV'; Objects = { "ReleaseNumber,ApplicationId`n1.2,1" | ConvertFrom-Csv }; Expected = @(3) }
        ) {
            $stopped = @(& $Objects | Stop-BmRelease -Confirm:$false)
            $stopped.ReleaseId | Should -Be $Expected
        }

        It 'writes exactly one result per input, in input order, when some fail' {
            $results = @(2, 99, 1, 3 | ForEach-Object { [pscustomobject]@{ ReleaseId = $_ } } | Stop-BmRelease -Confirm:$false 2>&1)

            $results.Count | Should -Be 4
            $results[0].ReleaseId | Should -Be 2
            $results[1] | Should -BeOfType ([System.Management.Automation.ErrorRecord])
            $results[1].TargetObject | Should -Be 99
            $results[2] | Should -BeOfType ([System.Management.Automation.ErrorRecord])
            $results[2].TargetObject | Should -Be 1
            $results[3].ReleaseId | Should -Be 3
        }
    }

    Context 'what the service refuses' {
        It 'a missing release is a non-terminating ObjectNotFound error' {
            Stop-BmRelease -ReleaseId 99 -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'ReleaseNotFound,ReleaseCmdlets.Commands.StopBmReleaseCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $problems[0].TargetObject | Should -Be 99
            $problems[0].ErrorDetails.Message | Should -Be 'Release not found. (HTTP 400)'
        }

        It 'a deployed release is a non-terminating InvalidOperation error' {
            Stop-BmRelease -ReleaseId 1 -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $problems[0].FullyQualifiedErrorId | Should -Be 'ReleaseAlreadyDeployed,ReleaseCmdlets.Commands.StopBmReleaseCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $problems[0].ErrorDetails.Message | Should -Match 'deployed and cannot be canceled'
        }

        It 'an already canceled release is written without error' {
            $release = Stop-BmRelease -ReleaseId 5 -Confirm:$false -ErrorVariable problems

            $release.Status | Should -Be 'canceled'
            $problems | Should -BeNullOrEmpty
        }

        It 'other 400 answers are InvalidArgument with the service text' {
            Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 400 -ContentType 'text/plain' -Body 'reason is too long.'

            Stop-BmRelease -ReleaseId 2 -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidRequest,ReleaseCmdlets.Commands.StopBmReleaseCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $problems[0].ErrorDetails.Message | Should -Be 'reason is too long. (HTTP 400)'
        }

        It 'a refused key is PermissionDenied for each input' {
            $results = @(2, 3 | ForEach-Object { [pscustomobject]@{ ReleaseId = $_ } } | Stop-BmRelease -ApiKey 'bad-key-123' -Confirm:$false 2>&1)

            $results.Count | Should -Be 2
            $results | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'PermissionDenied' }
        }
    }

    Context '-WhatIf and -Confirm' {
        It '-WhatIf sends no cancel and says what would be cancelled' {
            $said = Get-HostOutput { Stop-BmRelease -ReleaseNumber 2.0 -ApplicationName HDars -WhatIf }

            Get-SimRequest $sim | Should -BeNullOrEmpty
            $said | Should -Match 'BuildMaster release 2.0 of application HDars'
            $said | Should -Match ([regex]::Escape(([Uri]$sim.Url).Authority))
        }

        It '-WhatIf on piped releases sends only the listing' {
            Get-BmRelease -Status active | Stop-BmRelease -WhatIf

            Get-SimRequest $sim -Path '/api/releases/cancel' | Should -BeNullOrEmpty
        }

        It '-Confirm:$false never prompts, even with a high confirm preference' {
            $ConfirmPreference = 'Low'
            (Stop-BmRelease -ReleaseId 2 -Confirm:$false).Status | Should -Be 'canceled'
        }
    }

    Context 'parameter binding refuses bad input before any request' {
        It 'refuses <Case>' -ForEach @(
            @{ Case = '-ReleaseId with -ApplicationId'; Arguments = @{ ReleaseId = 2; ApplicationId = 1 } }
            @{ Case = '-ReleaseId with -ApplicationName'; Arguments = @{ ReleaseId = 2; ApplicationName = 'HDars' } }
            @{ Case = '-ReleaseId with -ReleaseNumber'; Arguments = @{ ReleaseId = 2; ReleaseNumber = '1.1'; ApplicationId = 1 } }
            @{ Case = 'both application keys'; Arguments = @{ ReleaseNumber = '1.1'; ApplicationId = 1; ApplicationName = 'HDars' } }
            @{ Case = 'a non-numeric -ReleaseId'; Arguments = @{ ReleaseId = 'two' } }
        ) {
            { Stop-BmRelease @Arguments -Confirm:$false } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'refuses -ReleaseNumber without an application' {
            { Stop-BmRelease -ReleaseNumber 1.1 -Confirm:$false } | Should -Throw
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }

        It 'stops before any request without a URL or key' {
            Remove-Item Env:BUILDMASTER_API_KEY
            { 2, 3 | ForEach-Object { [pscustomobject]@{ ReleaseId = $_ } } | Stop-BmRelease -Confirm:$false } |
                Should -Throw -ErrorId 'MissingCredential,ReleaseCmdlets.Commands.StopBmReleaseCommand'
            Get-SimRequest $sim | Should -BeNullOrEmpty
        }
    }
}

Describe 'BuildMaster secrets' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
    }

    It 'no key appears in any stream or error record, with -Verbose -Debug, on success and on failure' {
        $good = $sim.BuildMasterApiKey
        $bad = 'wrong-key-5f2e9d81'
        $DebugPreference = 'Continue'
        Add-SimFault $sim -Path '^/api/releases/cancel$' -Status 400 -ContentType 'text/plain' -Body "Key $good is not allowed here."

        $records = @(
            Get-BmRelease -Url $sim.Url -ApiKey $good -Verbose -Debug *>&1
            Stop-BmRelease -Url $sim.Url -ApiKey $good -ReleaseId 2 -Confirm:$false -Verbose -Debug *>&1
            Stop-BmRelease -Url $sim.Url -ApiKey $bad -ReleaseId 3 -Confirm:$false -Verbose -Debug *>&1
            Get-BmRelease -Url $sim.Url -ApiKey $bad -Verbose -Debug *>&1
        )

        $records.Count | Should -BeGreaterThan 8
        $text = ConvertTo-VisibleText $records
        $text | Should -Match 'POST'
        $text | Should -Match '\*\*\*\*\*\*\*\*'
        $text | Should -Not -Match ([regex]::Escape($good))
        $text | Should -Not -Match ([regex]::Escape($bad))
    }
}
