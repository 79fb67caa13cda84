# Another module loads older Microsoft.Extensions.* into the default load context, before or after ours: both work.

Describe 'Dependency isolation on PowerShell 7' -Tag CoreOnly {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Common.ps1')
        $sim = Start-Simulator
        $manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'
        $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
        $older = 'Microsoft.Extensions.Primitives', 'Microsoft.Extensions.DependencyInjection.Abstractions', 'Microsoft.Extensions.DependencyInjection',
            'Microsoft.Extensions.Logging.Abstractions', 'Microsoft.Extensions.Logging', 'Microsoft.Extensions.Options', 'Microsoft.Extensions.Http' |
            ForEach-Object { Join-Path $packages "$($_.ToLowerInvariant())/6.0.0/lib/netstandard2.0/$_.dll" }

        # What "another module" does: load its own (older) copies and build an HttpClient factory with them.
        $otherModule = ($older | ForEach-Object { "Add-Type -Path '$_'" }) -join '; '
        $useOtherModule = '$s = [Microsoft.Extensions.DependencyInjection.ServiceCollection]::new(); ' +
            '$null = [Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions]::AddHttpClient($s); ' +
            '$f = [Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions]::BuildServiceProvider($s).GetService([System.Net.Http.IHttpClientFactory]); ' +
            '"other:" + ($null -ne $f.CreateClient("x")) + ":" + [Microsoft.Extensions.DependencyInjection.ServiceCollection].Assembly.GetName().Version'
        $useOurs = "Import-Module '$manifest'; " +
            "`"ours:`" + (@(Get-BmRelease -Url '$($sim.Url)' -ApiKey '$($sim.BuildMasterApiKey)').Count)"
        $versions = '"loaded:" + (([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq ''Microsoft.Extensions.Http'' } | ForEach-Object { $_.GetName().Version } | Sort-Object) -join '','')'
    }

    AfterAll { Stop-Simulator $sim }

    It 'has the older packages to load' {
        $older | ForEach-Object { $_ | Should -Exist }
    }

    It 'works when another module loaded older Microsoft.Extensions.* first, and leaves that module working' {
        $lines = Invoke-FreshPwsh "$otherModule; $useOtherModule; $useOurs; $useOtherModule; $versions"
        $lines | Should -Contain 'ours:5'
        @($lines | Where-Object { $_ -eq 'other:True:6.0.0.0' }).Count | Should -Be 2
        $lines | Should -Contain 'loaded:6.0.0.0,8.0.0.0'
    }

    It 'works when ours ran first and another module loads older versions afterwards' {
        $lines = Invoke-FreshPwsh "$useOurs; $otherModule; $useOtherModule; $useOurs; $versions"
        @($lines | Where-Object { $_ -eq 'ours:5' }).Count | Should -Be 2
        $lines | Should -Contain 'other:True:6.0.0.0'
        $lines | Should -Contain 'loaded:6.0.0.0,8.0.0.0'
    }

    It 'keeps the engine and its dependencies in their own load context, and the output types in the default one' {
        $contextOf = '[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq ''NAME'' })).Name'
        $lines = Invoke-FreshPwsh ("$useOurs; " + (('ReleaseCmdlets.Engine', 'Microsoft.Extensions.Http', 'ReleaseCmdlets.Models', 'ReleaseCmdlets' | ForEach-Object { $contextOf.Replace('NAME', $_) }) -join '; '))
        $lines | Select-Object -Last 4 | Should -Be 'ReleaseCmdlets', 'ReleaseCmdlets', 'Default', 'Default'
    }
}
