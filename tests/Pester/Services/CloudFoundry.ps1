# What the cross-cutting tests need of Cloud Foundry (see BuildMaster.ps1 for the members).
@{
    Service = 'CloudFoundry'
    Demo = @(
        'Get-CfDeployment -Url $api -Token $token   # Cloud Foundry: what is deploying'
        'Get-CfDeployment -AppName api -SpaceGuid $space -Url $api -Token $token | Stop-CfDeployment -Url $api -Token $token -Confirm:$false'
        'Stop-CfDeployment -AppName web -SpaceGuid $space -Url $api -Token $token -Wait -Confirm:$false   # Cloud Foundry'
    )
    Examples = {
        $appGuid = 'a9900000-0000-4000-8000-000000000001'
        $first = 'de900000-0000-4000-8000-000000000001'
        @{
            World       = {
                Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @(
                    @{ guid = '59c3d133-2b83-46f3-960e-7765a129aea4'; appGuid = 'a9900000-0000-4000-8000-000000000003'; state = 'DEPLOYING'; createdAt = '2026-11-20T11:00:00Z' }
                ) | Out-Null
            }
            Variables   = @{ appGuid = $appGuid; token = $sim.Credentials.cloudFoundryToken; space = $sim.Credentials.cloudFoundrySpaceGuid; api = $sim.Url }
            Environment = @{ APP_GUID = $appGuid; CF_API = $sim.Url; CF_TOKEN = $sim.Credentials.cloudFoundryToken }
            Expressions = @{ 'inputs.cf-app' = 'web'; 'vars.CF_SPACE_GUID' = $sim.Credentials.cloudFoundrySpaceGuid; 'parameters.deploymentGuid' = $first; 'DeploymentGuid' = $first }
            Hosts       = @('https://api.example.org')
            Files       = {
                param($Folder)
                New-Item -ItemType Directory -Path (Join-Path $Folder '.cf') -Force | Out-Null
                # `cf login` done: the cf CLI's config with a UAA session, targeting the simulator and its space.
                $session = Invoke-SimControl $sim -Path '/_sim/uaa/sessions?expiresIn=1200'
                @{ Target = $sim.Url; AuthorizationEndpoint = $sim.Url; UaaEndpoint = $sim.Url; AccessToken = $session.accessToken; RefreshToken = $session.refreshToken; SpaceFields = @{ GUID = $sim.Credentials.cloudFoundrySpaceGuid; Name = 'dev' } } |
                    ConvertTo-Json | Set-Content (Join-Path $Folder '.cf/config.json')
                $guids = 'de900000-0000-4000-8000-000000000002', '59c3d133-2b83-46f3-960e-7765a129aea4'
                $guids | Set-Content (Join-Path $Folder 'deployment-guids.txt')
                $guids | Set-Content (Join-Path $Folder 'deployments.txt')
            }
        }
    }
    Samples = { @('de900000-0000-4000-8000-000000000001', 'de900000-0000-4000-8000-000000000005' | Stop-CfDeployment -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -Confirm:$false) }
    # The seeded soak of Reliability.Tests.ps1 (see BuildMaster.ps1 for the members).
    Soak = {
        param([int] $Count, [scriptblock] $Missing)
        $guids = 1..$Count | ForEach-Object { 'de950000-0000-4000-8000-{0:D12}' -f $_ }
        Invoke-SimControl $sim -Path '/_sim/cloudfoundry/deployments' -Body @($guids | ForEach-Object { @{ guid = $_; appGuid = 'a9900000-0000-4000-8000-000000000001'; state = 'DEPLOYING' } }) | Out-Null
        @{
            Inputs     = 1..$Count | ForEach-Object { if (& $Missing $_) { 'de960000-0000-4000-8000-{0:D12}' -f $_ } else { $guids[$_ - 1] } }
            Key        = { param($Item) $Item }
            Stop       = { param($Inputs, $Common) $Inputs | Stop-CfDeployment -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -ThrottleLimit 4 @Common 2>&1 }
            CancelPath = '/actions/cancel$'
            LandedKey  = { param($Request) ($Request.path -split '/')[3] }
            State      = { Invoke-SimControl $sim -Method Get -Path '/_sim/cloudfoundry/deployments' | Group-Object -AsHashTable -AsString -Property guid }
            Cancelled  = { param($Record) $Record.state -in 'CANCELING', 'CANCELED' }
            ResultKey  = { param($Result) if ($Result -is [System.Management.Automation.ErrorRecord]) { "$($Result.TargetObject)" } else { $Result.Id } }
        }
    }
    Cmdlets = @(
        @{
            Name = 'Get-CfDeployment'
            Call = { Get-CfDeployment -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken @args }
            Path = '^/v3/deployments$'
            ReadsBody = $true
            NotRetried = 400, 404, 501
            Credentials = @('Token')
            EmptyCredential = @{ Parameter = 'Token'; Arguments = @{ Url = 'https://api.example.com' } }
            PlainHttp = { Get-CfDeployment -Url 'http://api.example.com' -Token 't' }
        }
        @{
            Name = 'Stop-CfDeployment'
            Call = { Stop-CfDeployment 'de900000-0000-4000-8000-000000000001' -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -Confirm:$false @args }
            Path = '/actions/cancel$'
            ReadsBody = $false
            NotRetried = 400, 404, 501
            Credentials = @('Token')
            EmptyCredential = @{ Parameter = 'Token'; Arguments = @{ DeploymentGuid = [guid]::NewGuid(); Url = 'https://api.example.com'; Confirm = $false } }
            PlainHttp = { Stop-CfDeployment (New-Guid) -Url 'http://api.example.com' -Token 't' -Confirm:$false }
        }
    )
}
