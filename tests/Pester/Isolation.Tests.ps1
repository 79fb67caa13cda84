# Another module loads its own Microsoft.Extensions.* (older or newer than ours) into the default load context, before
# or after ours: both modules keep working. Runs in pwsh 7.6.9 and in the emulated 7.4/7.5 (build.ps1 TestCompat).

BeforeDiscovery {
    $cases = @(
        @{ Version = '6.0.0'; Loaded = '6.0.0.0,8.0.0.0' }
        @{ Version = '10.0.0'; Loaded = '8.0.0.0,10.0.0.0' }
    )
}

Describe 'Dependency isolation on PowerShell 7' -Tag CoreOnly {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Common.ps1')
        $sim = Start-Simulator
        $manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'

        # What "another module" does: load its own copies and build an HttpClient factory with them.
        function Get-OtherModuleScript([string] $Version) {
            (Get-OtherModuleAssembly $Version | ForEach-Object { "Add-Type -Path '$_'" }) -join '; '
        }
        $useOtherModule = '$s = [Microsoft.Extensions.DependencyInjection.ServiceCollection]::new(); ' +
            '$null = [Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions]::AddHttpClient($s); ' +
            '$f = [Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions]::BuildServiceProvider($s).GetService([System.Net.Http.IHttpClientFactory]); ' +
            '"other:" + ($null -ne $f.CreateClient("x")) + ":" + [Microsoft.Extensions.DependencyInjection.ServiceCollection].Assembly.GetName().Version'
        $useOurs = "Import-Module '$manifest'; " +
            "`"ours:`" + (@(Get-BmRelease -Url '$($sim.Url)' -ApiKey '$($sim.BuildMasterApiKey)').Count)"
        $versions = '"loaded:" + (([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq ''Microsoft.Extensions.Http'' } | ForEach-Object { $_.GetName().Version } | Sort-Object) -join '','')'
    }

    AfterAll { Stop-Simulator $sim }

    It 'has Microsoft.Extensions.* <Version> to load' -ForEach $cases {
        $assemblies = @(Get-OtherModuleAssembly $Version)
        $assemblies.Count | Should -BeGreaterThan 6
        $assemblies | ForEach-Object { $_ | Should -Exist }
    }

    It 'works when another module loaded Microsoft.Extensions.* <Version> first, and leaves that module working' -ForEach $cases {
        $expectedOther = "other:True:$(([version]$Version).ToString(2)).0.0"
        $lines = Invoke-FreshPwsh "$(Get-OtherModuleScript $Version); $useOtherModule; $useOurs; $useOtherModule; $versions"
        $lines | Should -Contain 'ours:5'
        @($lines | Where-Object { $_ -eq $expectedOther }).Count | Should -Be 2
        $lines | Should -Contain "loaded:$Loaded"
    }

    It 'works when ours ran first and another module loads Microsoft.Extensions.* <Version> afterwards' -ForEach $cases {
        $expectedOther = "other:True:$(([version]$Version).ToString(2)).0.0"
        $lines = Invoke-FreshPwsh "$useOurs; $(Get-OtherModuleScript $Version); $useOtherModule; $useOurs; $versions"
        @($lines | Where-Object { $_ -eq 'ours:5' }).Count | Should -Be 2
        $lines | Should -Contain $expectedOther
        $lines | Should -Contain "loaded:$Loaded"
    }

    It 'keeps the engine and its dependencies in their own load context, and the output types in the default one' {
        $contextOf = '[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq ''NAME'' })).Name'
        $lines = Invoke-FreshPwsh ("$useOurs; " + (('ReleaseCmdlets.Engine', 'Microsoft.Extensions.Http', 'ReleaseCmdlets.Models', 'ReleaseCmdlets' | ForEach-Object { $contextOf.Replace('NAME', $_) }) -join '; '))
        $lines | Select-Object -Last 4 | Should -Be 'ReleaseCmdlets', 'ReleaseCmdlets', 'Default', 'Default'
    }
}
