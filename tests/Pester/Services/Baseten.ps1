# What the cross-cutting tests need of Baseten (see BuildMaster.ps1 for the members).
@{
    Service = 'Baseten'
    # The demo's steps (build.ps1 -Task Demo), each run exactly as printed.
    Demo = @(
        'Get-BasetenPromotion abc123xy   # Baseten: the promotions in progress'
        'Get-BasetenPromotion abc123xy -Environment staging | Stop-BasetenPromotion -Confirm:$false'
        "'abc123xy', 'roll456z' | Stop-BasetenPromotion -Confirm:`$false"
    )
    Examples = {
        @{
            World       = {
                Invoke-SimControl $sim -Path '/_sim/baseten/models' -Body @(@{ id = 'def456uv'; name = 'sd-turbo' }) | Out-Null
                Invoke-SimControl $sim -Path '/_sim/baseten/environments' -Body @(@{ modelId = 'def456uv'; name = 'production' }) | Out-Null
            }
            Environment = @{ MODEL_ID = 'abc123xy' }
            Expressions = @{ 'vars.BASETEN_MODEL_NAME' = 'llama-chat'; 'vars.BASETEN_MODEL_ID' = 'abc123xy'; 'BasetenModelId' = 'abc123xy'; 'ModelId' = 'abc123xy' }
            Credentials = @{ BASETEN_API_KEY = $sim.Credentials.basetenApiKey }
        }
    }
    Samples = { @('abc123xy', 'roll456z' | Stop-BasetenPromotion -Url $sim.Url -Confirm:$false) }
    # The seeded soak of Reliability.Tests.ps1 (see BuildMaster.ps1 for the members).
    Soak = {
        param([int] $Count, [scriptblock] $Missing)
        $models = 1..$Count | ForEach-Object { "soak$_" }
        Invoke-SimControl $sim -Path '/_sim/baseten/environments' -Body @($models | ForEach-Object { @{ modelId = $_; name = 'production'; promotingDeploymentId = 'p1' } }) | Out-Null
        @{
            Inputs     = 1..$Count | ForEach-Object { if (& $Missing $_) { "nosuch$_" } else { $models[$_ - 1] } }
            Key        = { param($Item) $Item }
            Stop       = { param($Inputs, $Common) $Inputs | Stop-BasetenPromotion -Url $sim.Url -ThrottleLimit 8 @Common 2>&1 }
            CancelPath = 'cancel_promotion$'
            LandedKey  = { param($Request) ($Request.path -split '/')[3] }
            State      = { Invoke-SimControl $sim -Method Get -Path '/_sim/baseten/environments' | Group-Object -AsHashTable -AsString -Property modelId }
            Cancelled  = { param($Record) -not $Record.promotingDeploymentId }
            ResultKey  = { param($Result) if ($Result -is [System.Management.Automation.ErrorRecord]) { "$($Result.TargetObject)" } else { $Result.ModelId } }
        }
    }
    Cmdlets = @(
        @{
            Name = 'Get-BasetenPromotion'
            Call = { Get-BasetenPromotion abc123xy -Url $sim.Url @args }
            Path = '^/v1/models/abc123xy/environments$'
            ReadsBody = $true
            NotRetried = 400, 404, 500
            Credentials = @('ApiKey')
            EmptyCredential = @{ Parameter = 'ApiKey'; Arguments = @{ ModelId = 'm' } }
            PlainHttp = { Get-BasetenPromotion m -Url 'http://bt.example.com' }
        }
        @{
            Name = 'Stop-BasetenPromotion'
            Call = { Stop-BasetenPromotion abc123xy -Url $sim.Url -Confirm:$false @args }
            Path = 'cancel_promotion$'
            ReadsBody = $true
            NotRetried = 400, 404, 500
            Credentials = @('ApiKey')
            EmptyCredential = @{ Parameter = 'ApiKey'; Arguments = @{ ModelId = 'm'; Confirm = $false } }
            PlainHttp = { Stop-BasetenPromotion m -Url 'http://bt.example.com' -Confirm:$false }
        }
    )
}
