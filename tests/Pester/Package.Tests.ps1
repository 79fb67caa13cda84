# build.ps1 -Task Package makes a Gallery-ready .nupkg that PSResourceGet installs and PowerShell imports by name.

Describe 'The package' -Tag CoreOnly {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Common.ps1')
        # PSResourceGet keeps its repositories in one file per user: one package test at a time registers there.
        $oneAtATime = [System.Threading.Mutex]::new($false, 'ReleaseCmdletsPackageTests')
        try { $null = $oneAtATime.WaitOne([TimeSpan]::FromMinutes(10)) } catch [System.Threading.AbandonedMutexException] { }
        # A folder of its own, packaging what the run staged: the suite runs in several processes at once (build.ps1 -Task Test).
        $packages = Join-Path ([System.IO.Path]::GetTempPath()) ("rc-packages-" + [guid]::NewGuid())
        $output = Invoke-FreshPwsh "& '$(Join-Path $RepoRoot 'build.ps1')' -Task Package -NoBuild -PackagePath '$packages' -Configuration Release *>&1 | Out-String -Width 200"
        $package = Get-ChildItem $packages -Filter 'ReleaseCmdlets.*.nupkg' | Select-Object -First 1
        $installRoot = Join-Path ([System.IO.Path]::GetTempPath()) ("rc-install-" + [guid]::NewGuid())
        New-Item -ItemType Directory $installRoot | Out-Null
        $repository = "ReleaseCmdletsTest$PID"
        Register-PSResourceRepository -Name $repository -Uri $packages -Trusted
    }

    AfterAll {
        Unregister-PSResourceRepository -Name $repository -ErrorAction Ignore
        Remove-Item $installRoot, $packages -Recurse -Force -ErrorAction Ignore
        $oneAtATime.ReleaseMutex()
        $oneAtATime.Dispose()
    }

    It 'is built by build.ps1 -Task Package' {
        $package | Should -Not -BeNullOrEmpty -Because ($output -join "`n")
        $version = ([xml](Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props'))).Project.PropertyGroup.Version | Select-Object -First 1
        $package.Name | Should -Be "ReleaseCmdlets.$version.nupkg"
    }

    It 'carries the Gallery metadata' {
        $found = Find-PSResource -Name ReleaseCmdlets -Repository $repository
        $found.Author | Should -Not -BeNullOrEmpty
        $found.Description | Should -Not -BeNullOrEmpty
        $found.ProjectUri | Should -Not -BeNullOrEmpty
        $found.LicenseUri | Should -Not -BeNullOrEmpty
        $found.ReleaseNotes | Should -Not -BeNullOrEmpty
        $found.Tags | Should -Contain 'PSEdition_Core'
        $found.Tags | Should -Contain 'PSEdition_Desktop'
        $found.Includes.Cmdlet | Sort-Object | Should -Be (Get-ModuleCmdletName)
    }

    It 'installs with PSResourceGet into a folder and imports by name, with help and dependencies' {
        Save-PSResource -Name ReleaseCmdlets -Repository $repository -Path $installRoot -TrustRepository
        $script = "`$env:PSModulePath = '$installRoot' + [IO.Path]::PathSeparator + `$env:PSModulePath; " +
            "Import-Module ReleaseCmdlets -ErrorAction Stop; `$m = Get-Module ReleaseCmdlets; " +
            "'base:' + `$m.ModuleBase; 'cmdlets:' + ((`$m.ExportedCmdlets.Keys | Sort-Object) -join ','); " +
            "'help:' + (Get-Help Stop-CfBuild).Synopsis; 'type:' + [ReleaseCmdlets.ReleaseInfo].FullName"
        $lines = Invoke-FreshPwsh $script
        ($lines | Where-Object { $_ -like 'base:*' }) | Should -BeLike "base:$installRoot*"
        $lines | Should -Contain ('cmdlets:' + ((Get-ModuleCmdletName) -join ','))
        ($lines | Where-Object { $_ -like 'help:*' }) | Should -Match 'Cloudflare'
        $lines | Should -Contain 'type:ReleaseCmdlets.ReleaseInfo'
        Join-Path $installRoot 'ReleaseCmdlets/*/Dependencies/net8.0/ReleaseCmdlets.Engine.dll' | Should -Exist
        Join-Path $installRoot 'ReleaseCmdlets/*/Dependencies/net8.0/ReleaseCmdlets.LoadContext.dll' | Should -Exist
        Join-Path $installRoot 'ReleaseCmdlets/*/Dependencies/netstandard2.0/ReleaseCmdlets.Engine.dll' | Should -Exist
        Join-Path $installRoot 'ReleaseCmdlets/*/Dependencies/netstandard2.0/System.Text.Json.dll' | Should -Exist
    }
}
