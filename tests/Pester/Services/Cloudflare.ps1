# What the cross-cutting tests need of Cloudflare (see BuildMaster.ps1 for the members). Its calls take the account
# and token from the environment the simulator's lines set.
@{
    Service = 'Cloudflare'
    Demo = @(
        'Get-CfBuild my-worker   # Cloudflare: what a Worker is building'
        'Get-CfBuild my-worker -Branch main | Stop-CfBuild -Confirm:$false'
        'Stop-CfBuild -WorkerName my-worker -IfInFlight -Confirm:$false   # the rest of it; nothing left is no error'
    )
    Examples = {
        $runningBuild = '9b5a6f1e-1c33-4a59-86f7-6d45f7e2f1a0'
        $workerTag = '8ee82b3a2c0f42928b8f14dae4a97121'
        @{
            World       = { Invoke-SimControl $sim -Path '/_sim/cloudflare/builds' -Body @(@{ buildUuid = '9b5a6f1e-1c33-4a59-86f7-6d45f7e2f1a0'; status = 'running' }) | Out-Null }
            Variables   = @{
                uuid      = $runningBuild
                buildUuid = $runningBuild
                globalKey = $sim.Credentials.cloudflareApiKey
                apiToken  = $sim.Credentials.cloudflareApiToken
                accountId = $sim.Credentials.cloudflareAccountId
                listUrl   = "$($sim.Url)/client/v4/accounts/$($sim.Credentials.cloudflareAccountId)/builds/workers/$workerTag/builds"
                headers   = @{ Authorization = "Bearer $($sim.Credentials.cloudflareApiToken)" }
            }
            Environment = @{ BUILD_UUID = $runningBuild; GITHUB_REPOSITORY = 'octo-org/my-worker' }
            Expressions = @{ 'WorkerName' = 'my-worker'; 'BuildUuid' = $runningBuild }
            Credentials = @{ CLOUDFLARE_API_TOKEN = $sim.Credentials.cloudflareApiToken }
            Files       = { param($Folder) 'b0100000-0000-4000-8000-000000000001', 'b0100000-0000-4000-8000-000000000006' | Set-Content (Join-Path $Folder 'builds.txt') }
        }
    }
    Samples = { @('b0100000-0000-4000-8000-000000000001', 'b0100000-0000-4000-8000-000000000005' | Stop-CfBuild -Confirm:$false) }
    # The seeded soak of Reliability.Tests.ps1 (see BuildMaster.ps1 for the members).
    Soak = {
        param([int] $Count, [scriptblock] $Missing)
        $guids = 1..$Count | ForEach-Object { 'b0150000-0000-4000-8000-{0:D12}' -f $_ }
        Invoke-SimControl $sim -Path '/_sim/cloudflare/builds' -Body @($guids | ForEach-Object { @{ buildUuid = $_; status = 'running' } }) | Out-Null
        @{
            Inputs     = 1..$Count | ForEach-Object { if (& $Missing $_) { 'b0160000-0000-4000-8000-{0:D12}' -f $_ } else { $guids[$_ - 1] } }
            Key        = { param($Item) $Item }
            Stop       = { param($Inputs, $Common) $Inputs | Stop-CfBuild @Common 2>&1 }
            CancelPath = '/builds/builds/[^/]+/cancel$'
            LandedKey  = { param($Request) ($Request.path -split '/')[-2] }
            State      = { Invoke-SimControl $sim -Method Get -Path '/_sim/cloudflare/builds' | Group-Object -AsHashTable -AsString -Property buildUuid }
            Cancelled  = { param($Record) $Record.outcome -eq 'cancelled' }
            ResultKey  = { param($Result) if ($Result -is [System.Management.Automation.ErrorRecord]) { "$($Result.TargetObject)" } else { $Result.Id } }
        }
    }
    Cmdlets = @(
        @{
            Name = 'Get-CfBuild'
            Call = { Get-CfBuild my-worker @args }
            Path = '/builds/workers/[^/]+/builds$'
            RequestsUpTo = 2
            ReadsBody = $true
            NotRetried = 400, 404
            Credentials = @('ApiToken', 'ApiKey')
            EmptyCredential = @{ Parameter = 'ApiToken'; Arguments = @{ WorkerName = 'w'; AccountId = 'a' } }
            PlainHttp = { Get-CfBuild -WorkerName w -Url 'http://cf.example.com/client/v4' }
        }
        @{
            Name = 'Stop-CfBuild'
            Call = { Stop-CfBuild 'b0100000-0000-4000-8000-000000000001' -Confirm:$false @args }
            Path = '/builds/builds/[^/]+/cancel$'
            ReadsBody = $true
            NotRetried = 400, 404
            Credentials = @('ApiToken', 'ApiKey')
            EmptyCredential = @{ Parameter = 'ApiToken'; Arguments = @{ BuildUuid = [guid]::NewGuid(); AccountId = 'a'; Confirm = $false } }
            PlainHttp = { Stop-CfBuild (New-Guid) -Url 'http://cf.example.com/client/v4' -Confirm:$false }
        }
    )
}
