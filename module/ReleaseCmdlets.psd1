@{
    RootModule           = 'ReleaseCmdlets.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    GUID                 = '5a0b6c1e-7d43-4f0e-9a53-2f1c8e6b9d47'
    Author               = 'ReleaseCmdlets contributors'
    CompanyName          = 'ReleaseCmdlets contributors'
    Copyright            = '(c) ReleaseCmdlets contributors. MIT licence.'
    Description          = 'Cancel in-flight releases across Inedo BuildMaster, Cloud Foundry, Cloudflare Workers Builds and Baseten with one pipeline-friendly set of cmdlets: typed output, proper errors, retries, -WhatIf.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    # Windows PowerShell 5.1: netstandard2.0 and the TLS and certificate APIs the module uses need 4.7.2.
    DotNetFrameworkVersion = '4.7.2'
    # The output types (a small assembly without dependencies), so that [ReleaseCmdlets.ReleaseInfo] resolves at once.
    RequiredAssemblies   = @('ReleaseCmdlets.Models.dll')
    FormatsToProcess     = @('ReleaseCmdlets.format.ps1xml')
    CmdletsToExport      = @(
        'Get-BmRelease'
        'Stop-BmRelease'
        'Get-CfDeployment'
        'Stop-CfDeployment'
        'Get-CfBuild'
        'Stop-CfBuild'
        'Get-BasetenPromotion'
        'Stop-BasetenPromotion'
        'Stop-InFlightRelease'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('BuildMaster', 'CloudFoundry', 'Cloudflare', 'Baseten', 'Release', 'Deployment', 'CI', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/releasecmdlets/ReleaseCmdlets'
            LicenseUri   = 'https://github.com/releasecmdlets/ReleaseCmdlets/blob/main/LICENSE'
            ReleaseNotes = 'Get and Stop for every service: Get-BmRelease, Stop-BmRelease, Get-CfDeployment, Stop-CfDeployment, Get-CfBuild, Stop-CfBuild, Get-BasetenPromotion, Stop-BasetenPromotion; Get-CfBuild and Get-BasetenPromotion list the whole account; Stop-InFlightRelease stops any mix of them.'
        }
    }
}
