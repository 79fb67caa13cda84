BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $expected = Get-ModuleCmdletName
    $stopCmdlets = $expected | Where-Object { $_ -like 'Stop-*' }
    $cases = @(Get-CmdletCase)
    $credentials = @($cases | ForEach-Object { $case = $_; $case.Credentials | ForEach-Object { @{ Command = $case.Name; Parameter = $_ } } })
    $emptyCredentials = @($cases | Where-Object EmptyCredential | ForEach-Object { @{ Command = $_.Name } + $_.EmptyCredential })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $manifestPath = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'
    $module = Import-Module $manifestPath -Force -PassThru
    $expected = Get-ModuleCmdletName
}

Describe 'The ReleaseCmdlets module' {
    It 'exports exactly the cmdlets of the service files, a Get and a Stop per service, Stop-InFlightRelease for all of them, and nothing else' {
        $services = @(Get-ServiceCase)
        $services.Count | Should -BeGreaterOrEqual 4
        foreach ($service in $services) {
            @($service.Cmdlets.Name | ForEach-Object { ($_ -split '-')[0] } | Sort-Object) | Should -Be 'Get', 'Stop' -Because "$($service.Service) has one Get and one Stop"
        }
        @(@($services.Cmdlets.Name) + 'Stop-InFlightRelease' | Sort-Object) | Should -Be $expected
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be $expected
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'has a manifest that Test-ModuleManifest accepts, versioned from Directory.Build.props' {
        $manifest = Test-ModuleManifest $manifestPath -ErrorAction Stop
        $version = ([xml](Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props'))).Project.PropertyGroup.Version | Select-Object -First 1
        $manifest.Version | Should -Be ([version]$version)
        $manifest.CompatiblePSEditions | Should -Be 'Desktop', 'Core'
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $manifest.DotNetFrameworkVersion | Should -Be ([version]'4.7.2')
        $manifest.Author | Should -Not -BeNullOrEmpty
        $manifest.Description | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
        $manifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Desktop'
        $manifest.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        $module.ExportedCmdlets.Values | ForEach-Object { $approved | Should -Contain $_.Verb }
    }

    It '<_> declares a ReleaseInfo output type' -ForEach $expected {
        $types = (Get-Command $_).OutputType.Type
        $types | Should -Not -BeNullOrEmpty
        # Its service's own type; Stop-InFlightRelease's objects come from every service, so it declares their base type.
        if ($_ -eq 'Stop-InFlightRelease') { $types | Should -Be ([ReleaseCmdlets.ReleaseInfo]) }
        else { $types | ForEach-Object { $_.IsSubclassOf([ReleaseCmdlets.ReleaseInfo]) | Should -BeTrue } }
    }

    It '<_> supports -WhatIf and -Confirm with a Medium impact, and -ThrottleLimit' -ForEach $stopCmdlets {
        $command = Get-Command $_
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        $command.Parameters.Keys | Should -Contain 'ThrottleLimit'
        $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'Medium'
    }

    It '<_> has the shared reliability and transport parameters' -ForEach $expected {
        $parameters = (Get-Command $_).Parameters.Keys
        # Stop-InFlightRelease has no -Url: each object is cancelled at the URL it was listed from.
        $shared = @(if ($_ -ne 'Stop-InFlightRelease') { 'Url' })
        foreach ($name in $shared + ('TimeoutSec', 'MaximumRetryCount', 'RetryIntervalSec', 'SkipCertificateCheck', 'AllowUnencryptedAuthentication')) {
            $parameters | Should -Contain $name
        }
    }

    It '<Command> takes -<Parameter> as a SecureString' -ForEach $credentials {
        (Get-Command $Command).Parameters[$Parameter].ParameterType | Should -Be ([securestring])
    }

    It '<Command> -<Parameter> of an unset variable ($null) is EmptyArgument naming it, not a binding error' -ForEach $emptyCredentials {
        Clear-ServiceEnvironment
        $env:CF_HOME = Join-Path $TestDrive 'no-cf-config'
        try {
            $arguments = $Arguments.Clone()
            $arguments[$Parameter] = $env:RELEASECMDLETS_SURELY_UNSET
            { & $Command @arguments } | Should -Throw -ErrorId "EmptyArgument,*" -ExpectedMessage "*-$Parameter*"
        }
        finally { Clear-ServiceEnvironment }
    }

    It 'is cheap to import: no network, and the HTTP stack is not loaded until a cmdlet runs' {
        $loaded = Invoke-FreshPwsh "Import-Module '$manifestPath'; [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -join ','"
        $names = ($loaded | Select-Object -Last 1) -split ','
        $names | Should -Contain 'ReleaseCmdlets'
        $names | Should -Not -Contain 'Microsoft.Extensions.Http'
        $names | Should -Not -Contain 'Microsoft.Extensions.DependencyInjection'
    }
}
