# What the cross-cutting tests need of Cloud Foundry (see BuildMaster.ps1 for the members).
@{
    Service = 'CloudFoundry'
    Variables = 'CF_HOME'
    Demo = @(
        @{ Command = 'Get-CfDeployment -Url $api -Token $token   # Cloud Foundry: what is deploying'; Script = { Get-CfDeployment -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken } }
        @{
            Command = 'Get-CfDeployment -AppName api -SpaceGuid $space -Url $api -Token $token | Stop-CfDeployment -Url $api -Token $token -Confirm:$false'
            Script  = {
                Get-CfDeployment -AppName api -SpaceGuid $sim.Credentials.cloudFoundrySpaceGuid -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken |
                    Stop-CfDeployment -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -Confirm:$false
            }
        }
        @{
            Command = 'Stop-CfDeployment -AppName web -SpaceGuid $space -Url $api -Token $token -Wait -Confirm:$false   # Cloud Foundry'
            Script  = { Stop-CfDeployment -AppName web -SpaceGuid $sim.Credentials.cloudFoundrySpaceGuid -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -Wait -Confirm:$false }
        }
    )
    Samples = { @('de900000-0000-4000-8000-000000000001', 'de900000-0000-4000-8000-000000000005' | Stop-CfDeployment -Url $sim.Url -Token $sim.Credentials.cloudFoundryToken -Confirm:$false) }
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
