# What a newcomer meets in the first ten minutes, against the simulator: the default tables at 80 columns, a Stop's
# output keeping what the listing knew, prompts that name the target as a person knows it, the same positional id on a
# Get as on its Stop, Baseten's URL variable, tab completion of names, and long or invisible names in messages.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $sim = Start-Simulator
    $cf = @{ Url = $sim.Url; Token = $sim.Credentials.cloudFoundryToken }

    Import-TestType
    # What a Stop asks at -Confirm, for objects a Get listed, answered "No" each time.
    function Get-ConfirmPrompt([string] $Script) {
        $recording = [PromptRecordingHost]::new()
        $runspace = [runspacefactory]::CreateRunspace($recording, [initialsessionstate]::CreateDefault2())
        $runspace.Open()
        $powershell = [powershell]::Create()
        $powershell.Runspace = $runspace
        try {
            $null = $powershell.AddScript("Import-Module '$(Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1')'; $Script").Invoke()
            $powershell.Streams.Error | Should -BeNullOrEmpty
            $recording.Prompts
        }
        finally { $powershell.Dispose(); $runspace.Dispose() }
    }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'The first ten minutes' {
    BeforeEach {
        Reset-Simulator $sim
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        $env:CF_HOME = Join-Path $TestDrive 'no-cf-config'
    }

    It 'the default table of <Get> fits 80 columns with <Shows>' -ForEach @(
        @{ Get = 'Get-BmRelease'; Shows = 'application names and statuses'; Call = { Get-BmRelease }; Whole = 'Accounting', 'HDars', 'deployed', 'canceled' }
        @{ Get = 'Get-CfDeployment'; Shows = 'app names, not guids'; Call = { Get-CfDeployment @cf }; Whole = 'web', 'api', 'worker', 'DEPLOYING', 'PAUSED' }
        @{ Get = 'Get-CfBuild'; Shows = 'the Worker and uncut statuses'; Call = { Get-CfBuild my-worker }; Whole = 'my-worker', 'initializing', 'queued', 'running' }
        @{ Get = 'Get-BasetenPromotion'; Shows = 'the model name'; Call = { Get-BasetenPromotion -ModelName llama-chat }; Whole = 'llama-chat', 'production', 'RELEASING' }
    ) {
        $lines = @(& $Call | Out-String -Stream -Width 80 | Where-Object { $_.Trim() })

        $lines.Count | Should -BeGreaterThan 2
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because $_ }
        $text = $lines -join "`n"
        foreach ($word in $Whole) { $text | Should -Match "(?<![\w-])$([regex]::Escape($word))(?![\w-]|…)" -Because "'$word' is shown whole" }
        $text | Should -Not -Match 'a9900000…' -Because 'an app is shown by its name'
    }

    It 'Get | Stop writes <Service> objects that keep what the listing knew' -ForEach @(
        @{ Service = 'Cloudflare'; Get = { Get-CfBuild my-worker -Branch main }; Stop = { $input | Stop-CfBuild -Confirm:$false }; Kept = 'Worker', 'Branch', 'CommitHash', 'TriggerName', 'CreatedOn' }
        @{ Service = 'Cloud Foundry'; Get = { Get-CfDeployment @cf }; Stop = { $input | Stop-CfDeployment @cf -Confirm:$false }; Kept = 'AppName', 'SpaceName', 'AppGuid', 'CreatedAt' }
        @{ Service = 'Baseten'; Get = { Get-BasetenPromotion -ModelName llama-chat }; Stop = { $input | Stop-BasetenPromotion -Confirm:$false }; Kept = 'Model', 'ModelId', 'Environment' }
    ) {
        $listed = @(& $Get)
        $stopped = @($listed | & $Stop)

        $stopped.Count | Should -Be $listed.Count
        for ($i = 0; $i -lt $listed.Count; $i++) {
            foreach ($property in $Kept) {
                $listed[$i].$property | Should -Not -BeNullOrEmpty -Because "the listing knows $property"
                $stopped[$i].$property | Should -Be $listed[$i].$property -Because "$property of $($listed[$i].Id)"
            }
        }
    }

    It '-Confirm names a <Service> target as a person knows it, and the host' -ForEach @(
        @{ Service = 'BuildMaster'; Script = 'Get-BmRelease -ReleaseId 4 | Stop-BmRelease -Confirm'; Named = "BuildMaster release 2.0 'Phoenix' of application HDars (release id 4) at {0}" }
        @{ Service = 'Cloud Foundry'; Script = 'Get-CfDeployment -Url $env:SIM_URL -Token $env:SIM_CF_TOKEN | Select-Object -First 1 | Stop-CfDeployment -Url $env:SIM_URL -Token $env:SIM_CF_TOKEN -Confirm'; Named = "Cloud Foundry deployment de900000-0000-4000-8000-000000000001 of app 'web' in space 'dev' at {0}" }
        @{ Service = 'Cloudflare'; Script = 'Get-CfBuild my-worker | Select-Object -First 1 | Stop-CfBuild -Confirm'; Named = "Cloudflare Workers build b0100000-0000-4000-8000-000000000001 of Worker 'my-worker' on branch 'main' (running) in account * at {0}" }
        @{ Service = 'Baseten'; Script = 'Get-BasetenPromotion -ModelName llama-chat -Environment production | Stop-BasetenPromotion -Confirm'; Named = "Baseten promotion of model 'llama-chat' (abc123xy) to production at {0}" }
    ) {
        $env:SIM_URL = $sim.Url
        $env:SIM_CF_TOKEN = $sim.Credentials.cloudFoundryToken
        try { $prompts = @(Get-ConfirmPrompt $Script) }
        finally { Remove-Item Env:SIM_URL, Env:SIM_CF_TOKEN }

        $prompts.Count | Should -Be 1
        $prompts[0] | Should -BeLike ("*" + ($Named -f ([uri]$sim.Url).Authority) + "*")
        Get-SimRequest $sim | Where-Object { $_.path -match 'cancel' } | Should -BeNullOrEmpty -Because 'the answer was No'
    }

    It 'Get-BmRelease takes the release id by position, as Stop-BmRelease does' {
        (Get-BmRelease 2).ReleaseId | Should -Be 2
        (Get-BmRelease 2, 3).ReleaseId | Should -Be 2, 3
        { Get-BmRelease 1.2 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*'
    }

    It 'BASETEN_BASE_URL points both Baseten cmdlets at another server, and -Url beats it' {
        $env:BASETEN_BASE_URL = $sim.Url

        (Get-BasetenPromotion abc123xy -Environment production).Status | Should -Be 'RELEASING'
        (Stop-BasetenPromotion abc123xy -Confirm:$false).Status | Should -Be 'CANCELED'
        $env:BASETEN_BASE_URL = 'http://127.0.0.1:9'
        (Get-BasetenPromotion m3 -Url $sim.Url -Environment production).ModelId | Should -Be 'm3'
    }

    It 'completes <Parameter> of <Command> from the session''s listings, and never with file names' -ForEach @(
        @{ Command = 'Stop-BmRelease -ReleaseNumber 1.1'; Parameter = 'ApplicationName'; List = { Get-BmRelease | Out-Null }; Names = 'HDars', 'Accounting' }
        @{ Command = 'Get-BmRelease'; Parameter = 'ApplicationName'; List = { Get-BmRelease | Out-Null }; Names = 'HDars', 'Accounting' }
        @{ Command = 'Stop-CfDeployment'; Parameter = 'AppName'; List = { Get-CfDeployment @cf | Out-Null }; Names = 'worker', 'web', 'api' }
        @{ Command = 'Get-CfDeployment'; Parameter = 'AppName'; List = { Get-CfDeployment @cf | Out-Null }; Names = 'worker', 'web', 'api' }
        @{ Command = 'Stop-CfBuild'; Parameter = 'WorkerName'; List = { Get-CfBuild my-worker | Out-Null }; Names = @('my-worker') }
        @{ Command = 'Get-CfBuild'; Parameter = 'WorkerName'; List = { Get-CfBuild my-worker | Out-Null }; Names = @('my-worker') }
        @{ Command = 'Stop-BasetenPromotion'; Parameter = 'ModelName'; List = { Get-BasetenPromotion -ModelName llama-chat | Out-Null }; Names = @('llama-chat') }
        @{ Command = 'Get-BasetenPromotion'; Parameter = 'ModelName'; List = { Get-BasetenPromotion -ModelName llama-chat | Out-Null }; Names = @('llama-chat') }
        @{ Command = 'Stop-BasetenPromotion -ModelId abc123xy'; Parameter = 'Environment'; List = { Get-BasetenPromotion abc123xy -All | Out-Null }; Names = 'staging', 'production', 'development' }
    ) {
        $line = "$Command -$Parameter "
        $before = Invoke-CiStep "(TabExpansion2 '$line' $($line.Length)).CompletionMatches | ForEach-Object { 'MATCH=' + `$_.CompletionText }" @{}
        & $List
        $after = @((TabExpansion2 $line $line.Length).CompletionMatches.CompletionText)

        $fresh = @($before.Output | Where-Object { $_ -like 'MATCH=*' })
        if ($Parameter -eq 'Environment') { $fresh | Should -Be 'MATCH=production', 'MATCH=development' -Because 'before a listing, the documented ones' }
        else { $fresh | Should -Be 'MATCH= ' -Because 'before a listing, nothing to insert, and no file names' }
        foreach ($name in $Names) { $after | Should -Contain $name }
        $after | Where-Object { $_ -match '[/\\]' } | Should -BeNullOrEmpty
        @((TabExpansion2 "$line$($Names[0].Substring(0, 2))" ($line.Length + 2)).CompletionMatches.CompletionText) | Should -Contain $Names[0]
    }

    It 'a listed name offered for completion is one string argument, whatever quotes or controls it holds' {
        $name = "x$([char]0x2019); Write-Output pwned; $([char]0x2019)`e[2J"
        Invoke-SimControl $sim -Path '/_sim/buildmaster/releases' -Body @(
            @{ id = 47; releaseNumber = '4.7'; applicationId = 9; applicationName = $name; pipelineName = 'Standard'; status = 'active'; sequence = 1 }
        ) | Out-Null
        Get-BmRelease | Out-Null
        $line = 'Stop-BmRelease -ReleaseNumber 4.7 -ApplicationName '

        $offered = (TabExpansion2 $line $line.Length).CompletionMatches | Where-Object { $_.CompletionText -like '*pwned*' }

        $offered | Should -HaveCount 1
        $offered.ListItemText | Should -Not -Match '[\x00-\x1f]' -Because 'the menu shows the name with its controls made visible'
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($line + $offered.CompletionText, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty
        $command = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
        $command.CommandElements.Count | Should -Be 5 -Because 'the name is one argument, not a statement of its own'
        $command.CommandElements[4].Value | Should -BeExactly $name
    }

    It 'an error shortens a long name, with its length, and shows an invisible character' {
        $long = 'n' * 200000
        $problems = @(Stop-CfBuild -WorkerName $long -Confirm:$false 2>&1) + @(Stop-CfDeployment -AppName "web`u{00a0}" @cf -Confirm:$false 2>&1)

        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WorkerNotFound,*'
        $problems[0].Exception.Message.Length | Should -BeLessThan 400
        "$($problems[0])".Length | Should -BeLessThan 400
        $problems[0].Exception.Message | Should -Match 'n… \(200,00\d characters\)'
        $problems[1].Exception.Message | Should -Match ([regex]::Escape("'web[U+00A0]'"))
        "$($problems[1])" | Should -Match ([regex]::Escape('web[U+00A0]'))
    }
}
