# How the module loads in this host: which build of the engine, what it shares with the host, and what a user sees
# when one of its assemblies cannot be loaded anyway.

Describe 'Loading on PowerShell 7' -Tag CoreOnly {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Common.ps1')
        $sim = Start-Simulator
        $staged = Join-Path $RepoRoot 'out/ReleaseCmdlets'
        $everyCmdlet = "Get-BmRelease -Status active -Url '$($sim.Url)' -ApiKey '$($sim.BuildMasterApiKey)' | Stop-BmRelease -Url '$($sim.Url)' -ApiKey '$($sim.BuildMasterApiKey)' -Confirm:`$false | Out-Null; " +
            "Stop-CfDeployment -DeploymentGuid de900000-0000-4000-8000-000000000001 -Url '$($sim.Url)' -Token '$($sim.Credentials.cloudFoundryToken)' -Confirm:`$false | Out-Null; " +
            "Stop-CfBuild -BuildUuid b0100000-0000-4000-8000-000000000001 -Url '$($sim.Url)/client/v4' -AccountId '$($sim.Credentials.cloudflareAccountId)' -ApiToken '$($sim.Credentials.cloudflareApiToken)' -Confirm:`$false | Out-Null; " +
            "Stop-BasetenPromotion -ModelId abc123xy -Url '$($sim.Url)' -ApiKey '$($sim.Credentials.basetenApiKey)' -Confirm:`$false | Out-Null"
        $describeLoaded = '[AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { "{0}|{1}|{2}|{3}" -f $_.GetName().Name, $_.GetName().Version, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name, $_.Location }'
    }

    AfterAll { Stop-Simulator $sim }

    BeforeEach { Reset-Simulator $sim }

    It 'runs in the host this run says it emulates' -Skip:(-not $env:RELEASECMDLETS_EMULATED_HOST) {
        # build.ps1 TestCompat: the Microsoft.Bcl.AsyncInterfaces that PowerShell 7.4 and 7.5 ship, in a copy of pwsh.
        $name, $version = $env:RELEASECMDLETS_EMULATED_HOST -split '='
        [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $PSHOME "$name.dll")).Version | Should -Be ([version]$version)
    }

    It 'loads the net8.0 engine into its own context and no polyfill at all, after every cmdlet ran' {
        $lines = Invoke-FreshPwsh "Import-Module '$staged'; $everyCmdlet; $describeLoaded"
        $ours = @($lines | Where-Object { ($_ -split '\|')[2] -eq 'ReleaseCmdlets' })

        $engine = $ours | Where-Object { $_ -like 'ReleaseCmdlets.Engine|*' }
        $engine | Should -HaveCount 1
        ($engine -split '\|')[3] | Should -BeLike '*Dependencies?net8.0?ReleaseCmdlets.Engine.dll'
        $ours | ForEach-Object { ($_ -split '\|')[0] } | Should -Not -BeLike 'System.*'
        $ours | ForEach-Object { ($_ -split '\|')[0] } | Should -Not -Contain 'Microsoft.Bcl.AsyncInterfaces'
        $lines | Where-Object { $_ -like '*Dependencies?netstandard2.0*' } | Should -BeNullOrEmpty
    }

    It 'imports without loading any of the engine' {
        $lines = Invoke-FreshPwsh "Import-Module '$staged'; $describeLoaded"
        # The listing must have run: the cmdlet assembly itself is loaded (else an empty answer would pass).
        $lines | Where-Object { $_ -like 'ReleaseCmdlets|*' } | Should -HaveCount 1
        $lines | Where-Object { $_ -like 'ReleaseCmdlets.Engine|*' -or $_ -like 'Microsoft.Extensions.*' } | Should -BeNullOrEmpty
    }

    Context 'when a dependency cannot be loaded' {
        BeforeAll {
            # A copy of the staged module with one dependency of the engine missing, as a broken install would have.
            $brokenParent = Join-Path ([System.IO.Path]::GetTempPath()) ("releasecmdlets-broken-" + [guid]::NewGuid())
            $broken = Join-Path $brokenParent 'ReleaseCmdlets'
            New-Item -ItemType Directory $brokenParent | Out-Null
            Copy-Item $staged $broken -Recurse
            Remove-Item (Join-Path $broken 'Dependencies/net8.0/Microsoft.Extensions.Http.dll')
            $report = '$e = $Error[0]; $e.FullyQualifiedErrorId; $e.CategoryInfo.Category; $e.Exception.GetType().FullName; $e.ErrorDetails.Message; $e.ErrorDetails.RecommendedAction'
        }

        AfterAll { Remove-Item $brokenParent -Recurse -Force -ErrorAction Ignore }

        It '<Command> stops with one ErrorRecord naming the assembly, what was found and the module version' -ForEach @(
            @{ Command = 'Get-BmRelease'; Class = 'GetBmReleaseCommand'; Arguments = '-Url URL -ApiKey KEY' }
            @{ Command = 'Stop-BasetenPromotion'; Class = 'StopBasetenPromotionCommand'; Arguments = '-ModelId abc123xy -Url URL -ApiKey KEY -Confirm:$false' }
        ) {
            $arguments = $Arguments.Replace('URL', "'$($sim.Url)'").Replace('KEY', "'$($sim.BuildMasterApiKey)'")
            $lines = @(Invoke-FreshPwsh "Import-Module '$broken'; `$Error.Clear(); try { $Command $arguments -ErrorAction Stop } catch { }; `$Error.Count; $report")

            $lines[0] | Should -Be 1
            $lines[1] | Should -Be "DependencyLoadFailed,ReleaseCmdlets.Commands.$Class"
            $lines[2] | Should -Be 'NotInstalled'
            $lines[3] | Should -Be 'System.Management.Automation.PSInvalidOperationException'
            $lines[4] | Should -BeLike "ReleaseCmdlets $(Get-StagedModuleVersion) could not use Microsoft.Extensions.Http, Version=8.0.0.0*"
            $lines[4] | Should -BeLike '*Found in this process: no version loaded*'
            $lines[4] | Should -BeLike '*Microsoft.Extensions.Http.dll is missing*'
            $lines[5] | Should -BeLike '*Reinstall*'
        }
    }
}
