# The views of the format file render each output type in real pwsh, within 80 columns; completion works.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $services = @(Get-ServiceCase).Service
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    Clear-ServiceEnvironment
    Set-SimulatorEnvironment $sim
    $objects = @{}
    foreach ($service in Get-ServiceCase) { $objects[$service.Service] = & $service.Samples }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Formats of <_>' -ForEach $services {
    It 'renders the table view in 80 columns, with Status verbatim' {
        $text = $objects[$_] | Format-Table | Out-String -Width 80
        $lines = $text -split "`n" | Where-Object { $_.Trim() }
        $lines.Count | Should -Be ($objects[$_].Count + 2)
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Match 'Status'
        foreach ($object in $objects[$_]) { $text | Should -Match ([regex]::Escape($object.Status)) }
    }

    It 'renders the list view with the details' {
        $text = $objects[$_] | Format-List | Out-String -Width 80
        foreach ($name in 'Provider', 'Id', 'Status', 'IsFinal') { $text | Should -Match "(?m)^$name\s+:" }
        $text | Should -Match ([regex]::Escape($objects[$_][0].Id))
    }

    It 'renders mixed with other providers through the common ReleaseInfo view' {
        $mixed = @($objects.Values | ForEach-Object { $_ })
        $lines = @($mixed | Format-Table -View ReleaseInfo | Out-String -Stream -Width 120 | Where-Object { $_.Trim() })

        $lines[0] | Should -Match '^Provider\s+Name\s+Status\s+Final\s+Id'
        $lines.Count | Should -Be ($mixed.Count + 2) -Because 'one header, one rule, one row an object'
        foreach ($object in $mixed) { ($lines -match [regex]::Escape($object.Id)) | Should -Not -BeNullOrEmpty -Because "$($object.Provider) $($object.Id) has its row" }
        @($lines | ForEach-Object { ($_ -split '\s+')[0] } | Select-Object -Skip 2 | Sort-Object -Unique) | Should -Be (@($mixed.Provider | Sort-Object -Unique))
    }
}

Describe 'Tab completion' {
    It 'offers <Expected> for <Line>' -ForEach @(
        @{ Line = 'Get-BmRelease -Status '; Expected = 'active', 'canceled', 'deployed' }
        @{ Line = 'Get-BmRelease -Status c'; Expected = @('canceled') }
        @{ Line = 'Stop-BasetenPromotion -ModelId m -Environment '; Expected = 'production', 'development' }
        @{ Line = 'Stop-BasetenPromotion -ModelId m -Environment d'; Expected = @('development') }
    ) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText | Should -Be $Expected
    }

    It 'completes the parameter names of <_>' -ForEach 'Stop-CfDeployment', 'Stop-CfBuild' {
        $line = "$_ -Th"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain '-ThrottleLimit'
    }
}

Describe 'Console manners' {
    It '-Verbose says one line per request: method, URL, status and time' {
        $verbose = Stop-CfBuild 'b0100000-0000-4000-8000-000000000002' -Confirm:$false -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $requests = @($verbose.Message | Where-Object { $_ -match '^PUT ' })
        $requests.Count | Should -Be 1
        $requests[0] | Should -Match '^PUT http://127\.0\.0\.1:\d+/client/v4/accounts/\w+/builds/builds/[0-9a-f-]+/cancel -> 200 OK in \d+ ms$'
    }

    It '-Debug adds the service''s request id' {
        $DebugPreference = 'Continue'
        $debug = Stop-CfBuild 'b0100000-0000-4000-8000-000000000003' -Confirm:$false -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $debug.Message | Should -Match '^Cloudflare request id: [0-9a-f]{16}-SJC$'
    }

    It '-Wait shows progress' {
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/cancel-delay/1500' | Out-Null
        $powershell = [PowerShell]::Create()
        $null = $powershell.AddScript("Import-Module '$(Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1')'; Stop-CfDeployment 'de900000-0000-4000-8000-000000000004' -Wait -Url '$($sim.Url)' -Token '$($sim.Credentials.cloudFoundryToken)' -Confirm:`$false")
        $result = $powershell.Invoke()
        $result[0].Status | Should -Be 'CANCELED'
        $powershell.Streams.Progress.Count | Should -BeGreaterThan 0
        $powershell.Streams.Progress[0].Activity | Should -Match 'Waiting for Cloud Foundry deployment'
        $powershell.Streams.Progress[-1].RecordType | Should -Be 'Completed'
        $powershell.Dispose()
    }
}
