BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $cmdlets = Get-ModuleCmdletName
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-StagedModule
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Help for <_>' -ForEach $cmdlets {
    BeforeAll {
        $name = $_
        $help = Get-Help $name -Full
        $command = Get-Command $name
        # A hidden parameter (DontShow: a Stop's catch-all for what was piped) is not the user's, nor in the help.
        $parameters = $command.Parameters.Keys | Where-Object { $_ -notin $common -or $_ -in 'WhatIf', 'Confirm' } |
            Where-Object { -not ($command.Parameters[$_].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) }
    }

    It 'comes from the MAML file, with a written synopsis and description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape("$name ["))   # not the generated syntax line
        ($help.Description.Text -join ' ').Length | Should -BeGreaterThan 200
    }

    It 'describes every parameter the cmdlet has' {
        foreach ($parameter in $parameters) {
            $entry = $help.Parameters.Parameter | Where-Object Name -EQ $parameter
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter needs help"
            ($entry.Description.Text -join ' ').Length | Should -BeGreaterThan 20 -Because "-$parameter needs a real description"
        }
    }

    It 'describes no parameter the cmdlet lacks, in the help or in its source' {
        foreach ($entry in $help.Parameters.Parameter) { $parameters | Should -Contain $entry.Name }
        $source = Get-Content -Raw (Join-Path $RepoRoot "docs/help/$name.md")
        $section = ($source -split '(?m)^## ')[1..99] | Where-Object { $_ -like 'Parameters*' }
        foreach ($documented in [regex]::Matches($section, '(?m)^### (\S+)') | ForEach-Object { $_.Groups[1].Value }) {
            $command.Parameters.Keys | Should -Contain $documented
        }
    }

    It 'has at least three examples with code, including a CI step' {
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 3
        $help.Examples.Example | ForEach-Object { $_.Code | Should -Not -BeNullOrEmpty }
        ($help.Examples.Example.Title -join ' ') | Should -Match 'CI|GitHub|Azure DevOps'
    }

    It 'says under -MaximumRetryCount what the service''s own client retries, as its registration says, and no other''s' {
        $retries = ($help.Parameters.Parameter | Where-Object Name -EQ 'MaximumRetryCount').Description.Text -join ' '
        $services = @(Get-ServiceRegistration)
        $own = @($services | Where-Object { $type = $_.ObjectType; @($command.OutputType.Type | Where-Object { $_.IsAssignableFrom($type) }).Count -gt 0 })
        $own.Count | Should -BeGreaterThan 0
        foreach ($service in $services) {
            if ($own -contains $service) { $retries | Should -Match ([regex]::Escape($service.RetriedAnswers)) }
            else { $retries | Should -Not -Match "\b$([regex]::Escape($service.Name)) \d" }
        }
        $retries | Should -Not -Match '\{'
    }

    It 'links only the module''s own commands and its about topic, and Stop-InFlightRelease every Stop' {
        $links = @($help.relatedLinks.navigationLink.linkText)
        $links | Should -Contain 'about_ReleaseCmdlets'
        @($links | Where-Object { $_ -ne 'about_ReleaseCmdlets' -and $_ -notin (Get-ModuleCmdletName) }) | Should -BeNullOrEmpty
        if ($name -eq 'Stop-InFlightRelease') {
            # Written from the registrations (docs/Build-Help.ps1's {StopCmdlets}): a fifth service's Stop with no edit here.
            @($links | Where-Object { $_ -like 'Stop-*' } | Sort-Object) | Should -Be @(Get-ModuleCmdletName | Where-Object { $_ -like 'Stop-*' -and $_ -ne $name } | Sort-Object)
        }
    }

    It 'names its output type and says how errors and -WhatIf behave' {
        $help.ReturnValues.ReturnValue.Type.Name | Should -Contain $command.OutputType[0].Name
        $notes = $help.AlertSet.Alert.Text -join ' '
        $notes | Should -Match 'Errors'
        if ($name -like 'Stop-*') { $notes | Should -Match 'WhatIf' }
    }

    It 'states defaults and environment fallbacks where there are some' {
        $url = $help.Parameters.Parameter | Where-Object Name -EQ 'Url'
        $url.DefaultValue | Should -Not -Be 'None'
    }

    It 'states the default the code has for every parameter whose help gives a plain value' {
        # A number or a word (not "$env:…" or a sentence): the value of the property on a new cmdlet object.
        $instance = [Activator]::CreateInstance($command.ImplementingType)
        $plain = @($help.Parameters.Parameter | Where-Object { $_.DefaultValue -cmatch '^(\d+|[a-z]+)$' })
        foreach ($entry in $plain) {
            "$($instance.($entry.Name))" | Should -Be $entry.DefaultValue -Because "the help of -$($entry.Name) states that default"
        }
        if ($name -like 'Stop-*') { $plain.Name | Should -Contain 'TimeoutSec' }
    }
}

Describe 'The Cf naming note' {
    It '<Name> says which Cf it is' -ForEach @(
        @{ Name = 'Stop-CfDeployment'; Pattern = 'Stop-CfDeployment is Cloud Foundry; Stop-CfBuild is Cloudflare' }
        @{ Name = 'Stop-CfBuild'; Pattern = 'Stop-CfBuild is Cloudflare; Stop-CfDeployment is Cloud Foundry' }
    ) {
        ((Get-Help $Name -Full).Description.Text -join ' ') | Should -Match $Pattern
        (Get-Help $Name).Synopsis | Should -Match 'not Cloud|not Cloudflare'
    }
}

Describe 'about_ReleaseCmdlets' {
    It 'covers the services, credentials, naming, errors and reliability' {
        $topic = Get-Help about_ReleaseCmdlets | Out-String
        # Every variable a service's cmdlets read (each service's registration in the module), and what all of them share.
        $variables = Get-ServiceVariable
        $variables.Count | Should -BeGreaterOrEqual 4
        foreach ($text in @($variables) + 'Stop-CfDeployment is CLOUD FOUNDRY', 'LimitsExceeded', 'OperationTimeout', 'MaximumRetryCount', 'RetryIntervalSec',
            'ThrottleLimit', 'ReleaseCmdlets\Get-BmRelease') {
            $topic | Should -Match ([regex]::Escape($text))
        }
    }
}
