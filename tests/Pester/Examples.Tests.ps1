# Every example the documentation shows runs against the simulator: the README's PowerShell blocks and console
# sessions, every help page's examples, the script of every CI step (README YAML and docs/examples/*.yml), and every
# command the demo prints.
# What an example takes from its surroundings is supplied as a user would have it: the service variables point at the
# simulator, the files an example reads exist, the variables it names hold objects the simulator has, the example
# hosts (buildmaster.example.com, api.example.org, …) are the simulator, and CI expressions (${{ … }}, $(…)) have
# values. An example passes when it ends without an error record and, unless it is -WhatIf, reached the simulator.
BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

    function Get-Fence([string] $File) {
        $lines = Get-Content (Join-Path $root $File)
        $fence = $null
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($null -eq $fence) {
                if ($lines[$i] -match '^```(\w*)\s*$') { $fence = [pscustomobject]@{ Language = $Matches[1]; Line = $i + 2; Text = [System.Collections.Generic.List[string]]::new() } }
            }
            elseif ($lines[$i] -match '^```\s*$') { $fence; $fence = $null }
            else { $fence.Text.Add($lines[$i]) }
        }
    }

    # The scripts of a CI file's steps: `run:` (GitHub Actions) and `pwsh:` (Azure DevOps), inline or as a `|` block.
    function Get-YamlScript([string[]] $Lines, [string] $Source, [int] $FirstLine) {
        for ($i = 0; $i -lt $Lines.Count; $i++) {
            if ($Lines[$i] -notmatch '^(\s*)(- )?(?:run|pwsh): (.*)$') { continue }
            # The key's own column: after a list item's "- ", the step's other keys start there too.
            $indent = $Matches[1].Length + $(if ($Matches[2]) { 2 } else { 0 })
            $value = $Matches[3]
            $at = $i
            if ($value -ne '|') { $script = $value }
            else {
                $body = [System.Collections.Generic.List[string]]::new()
                while ($i + 1 -lt $Lines.Count -and ($Lines[$i + 1] -match '^\s*$' -or ($Lines[$i + 1] -match '^(\s*)' -and $Matches[1].Length -gt $indent))) {
                    $i++
                    $body.Add($Lines[$i])
                }
                $script = $body -join "`n"
            }
            @{ Source = "${Source}:$($FirstLine + $at)"; Kind = 'ci'; Code = $script; Expected = $null }
        }
    }

    $examples = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($file in @('README.md') + @(Get-ChildItem (Join-Path $root 'docs/help') -Filter *.md | ForEach-Object { "docs/help/$($_.Name)" })) {
        foreach ($fence in Get-Fence $file) {
            switch ($fence.Language) {
                'powershell' {
                    if ($file -ne 'README.md') {
                        $examples.Add(@{ Source = "${file}:$($fence.Line)"; Kind = 'script'; Code = $fence.Text -join "`n"; Expected = $null })
                        continue
                    }
                    # The README lists one-line examples under the `$env:` lines they share, and after the variables they
                    # use (`$x = …`): each line runs on its own, with those.
                    $setup = @($fence.Text | Where-Object { $_ -like '$env:*' })
                    $assigned = [System.Collections.Generic.List[string]]::new()
                    for ($i = 0; $i -lt $fence.Text.Count; $i++) {
                        $line = $fence.Text[$i]
                        if (-not $line.Trim() -or $line -like '$env:*' -or $line.TrimStart() -like '#*') { continue }
                        if ($line -match '^\$\w+\s*=') { $assigned.Add($line); continue }
                        $examples.Add(@{ Source = "${file}:$($fence.Line + $i)"; Kind = 'line'; Code = (@($setup) + $assigned + $line) -join "`n"; Expected = $null })
                    }
                }
                'yaml' { Get-YamlScript $fence.Text $file $fence.Line | ForEach-Object { $examples.Add($_) } }
                '' {
                    # A console session: `PS> command`, then the table it shows.
                    $at = [array]::FindIndex([string[]]$fence.Text, [Predicate[string]] { param($l) $l -like 'PS> *' })
                    if ($at -ge 0) {
                        $header = $fence.Text | Select-Object -Skip ($at + 1) | Where-Object { $_.Trim() } | Select-Object -First 1
                        $examples.Add(@{ Source = "${file}:$($fence.Line + $at)"; Kind = 'console'; Code = $fence.Text[$at].Substring(4); Expected = $header })
                    }
                }
            }
        }
    }
    foreach ($file in Get-ChildItem (Join-Path $root 'docs/examples') -Filter *.yml) {
        Get-YamlScript (Get-Content $file.FullName) "docs/examples/$($file.Name)" 1 | ForEach-Object { $examples.Add($_) }
    }
    # The demo's commands (build.ps1 -Task Demo), which it prints and then runs exactly as printed.
    . (Join-Path $PSScriptRoot 'Common.ps1')
    foreach ($service in Get-ServiceCase) {
        foreach ($command in $service.Demo) { $examples.Add(@{ Source = "demo of $($service.Service)"; Kind = 'demo'; Code = $command; Expected = $null }) }
    }

    # Not run, each for its reason; a rule that no longer matches any example fails (see the last test).
    $notRun = @(
        @{ Pattern = '(?m)^dotnet (build ReleaseCmdlets\.sln|pwsh \./build\.ps1)'; Why = 'builds of the module itself: what build.ps1 and Package.Tests.ps1 do' }
        @{ Pattern = '(?m)^Import-Module \./out/ReleaseCmdlets'; Why = 'import from the clone: what every other test file does' }
        @{ Pattern = '(?m)^Install-PSResource ReleaseCmdlets'; Why = 'installs from the PowerShell Gallery: Package.Tests.ps1 installs the package from a local repository' }
    )
    foreach ($example in $examples) {
        $rule = $notRun | Where-Object { $example.Code -match $_.Pattern } | Select-Object -First 1
        $example.Skip = [bool]$rule
    }
    $runnable = @($examples | Where-Object { -not $_.Skip })
    $skipRules = @($notRun | ForEach-Object { @{ Pattern = $_.Pattern; Why = $_.Why; Matched = @($examples | Where-Object Code -Match $_.Pattern).Count } })
    $found = @{
        Sources      = @($runnable | ForEach-Object { ($_.Source -split ':')[0] } | Sort-Object -Unique)
        ConsoleCount = @($runnable | Where-Object Kind -EQ 'console').Count
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sim = Start-Simulator
    $manifest = Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1'
    # What each service's examples take from their surroundings (tests/Pester/Services/<Service>.ps1, Examples), merged;
    # beside them what any CI gives (GitHub's and Azure DevOps' own variables and expressions).
    $surroundings = @(Get-ServiceCase | Where-Object Examples | ForEach-Object { & $_.Examples })
    function Join-Part([string] $Name, [hashtable] $Start = @{}) {
        $merged = $Start.Clone()
        foreach ($part in $surroundings) { if ($part[$Name]) { foreach ($key in $part[$Name].Keys) { $merged[$key] = $part[$Name][$key] } } }
        $merged
    }

    # The objects the examples name, beside the simulator's own.
    function Add-ExampleWorld { foreach ($part in $surroundings) { if ($part.World) { & $part.World } } }

    # What an example's surroundings give it: a user's variables, the files it reads, the CI's environment.
    $variables = Join-Part 'Variables' @{ url = $sim.Url }
    $ciEnvironment = Join-Part 'Environment' @{ GITHUB_REF_NAME = 'main'; GITHUB_ACTOR = 'octocat'; GITHUB_RUN_ID = '4242' }
    # CI expressions: GitHub's ${{ … }} and Azure DevOps' $(…) macros, replaced before the script runs as the CI does.
    $expressions = Join-Part 'Expressions' @{ 'Build.BuildNumber' = '20261202.1'; 'Build.SourceBranchName' = 'main' }
    $hosts = @($surroundings | ForEach-Object { $_.Hosts } | Where-Object { $_ })
    $credentialOf = Join-Part 'Credentials'
    $defaults = Join-Part 'Defaults'
    # An example that names one of the module's cmdlets must reach a service.
    $cmdletPattern = '\b(' + ((Get-ModuleCmdletName) -join '|') + ')\b'

    function ConvertTo-RunnableExample([string] $Code) {
        foreach ($name in $hosts) { $Code = $Code.Replace($name, $sim.Url) }
        # `$env:X = '…'`: the documentation elides a secret; the user has one.
        $Code = [regex]::Replace($Code, "\`$env:(\w+)(\s*)=(\s*)'…'", {
                param($m)
                $value = $credentialOf[$m.Groups[1].Value]
                if (-not $value) { throw "No credential for `$env:$($m.Groups[1].Value)" }
                "`$env:$($m.Groups[1].Value)$($m.Groups[2].Value)=$($m.Groups[3].Value)'$value'"
            })
        $Code = [regex]::Replace($Code, '\$\{\{\s*([\w.-]+)\s*\}\}|\$\(([A-Za-z][\w.]*)\)', {
                param($m)
                $name = if ($m.Groups[1].Success) { $m.Groups[1].Value } else { $m.Groups[2].Value }
                if ($name -like 'secrets.*') { throw "A script reads $name directly; map it to the step's env instead" }
                if (-not $expressions.ContainsKey($name)) { throw "No value for the CI expression '$name' in $($m.Value)" }
                $expressions[$name]
            })
        $Code
    }

    function New-ExampleFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        foreach ($part in $surroundings) { if ($part.Files) { & $part.Files $folder } }
        $folder
    }

    function Invoke-Example([string] $Code, [switch] $Table) {
        $folder = New-ExampleFolder
        Clear-ServiceEnvironment
        Set-SimulatorEnvironment $sim
        $env:CF_HOME = $folder
        foreach ($name in $ciEnvironment.Keys) { Set-Item "Env:$name" $ciEnvironment[$name] }
        $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2())
        $runspace.Open()
        $powershell = [powershell]::Create()
        $powershell.Runspace = $runspace
        try {
            $runspace.SessionStateProxy.Path.SetLocation($folder) | Out-Null
            foreach ($name in $variables.Keys) { $runspace.SessionStateProxy.SetVariable($name, $variables[$name]) }
            $runspace.SessionStateProxy.SetVariable('PSDefaultParameterValues', $defaults)
            # The module from the shell's module path, as an installed module is found (`Import-Module ReleaseCmdlets` too).
            $env:PSModulePath = (Split-Path (Split-Path $manifest)) + [IO.Path]::PathSeparator + $env:PSModulePath
            # A console session formats in its own runspace, where the module's format file is loaded.
            $formatting = if ($Table) { ' | Out-String -Stream -Width 120' } else { '' }
            # SecretManagement is not installed here: a vault that keeps each credential under its variable's name.
            $vault = 'function Get-Secret([string] $Name) { ConvertTo-SecureString ([Environment]::GetEnvironmentVariable($Name)) -AsPlainText -Force }'
            $null = $powershell.AddScript("Import-Module '$manifest'`n$vault`n& {`n" + $Code + "`n}$formatting")
            $output = $null; $thrown = $null
            try { $output = $powershell.Invoke() } catch { $thrown = $_.Exception }
            [pscustomobject]@{
                Output = @($output)
                Errors = @($powershell.Streams.Error) + @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
                Thrown = $thrown
            }
        }
        finally {
            $powershell.Dispose()
            $runspace.Dispose()
            foreach ($name in $ciEnvironment.Keys) { Remove-Item "Env:$name" -ErrorAction Ignore }
            $env:PSModulePath = ($env:PSModulePath -split [IO.Path]::PathSeparator | Select-Object -Skip 1) -join [IO.Path]::PathSeparator
        }
    }
}

AfterAll {
    Stop-Simulator $sim
    Clear-ServiceEnvironment
}

Describe 'Documented examples' {
    BeforeEach {
        Reset-Simulator $sim
        Add-ExampleWorld
    }

    It '<Kind> example at <Source> runs against the simulator' -ForEach $runnable {
        $result = Invoke-Example (ConvertTo-RunnableExample $Code) -Table:([bool]$Expected)

        $result.Thrown | Should -BeNullOrEmpty -Because $Code
        ($result.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) -join "`n" | Should -BeNullOrEmpty -Because $Code
        if ($Code -match $cmdletPattern -and $Code -notmatch '-WhatIf') {
            @(Get-SimRequest $sim | Where-Object path -NotLike '/_sim*').Count | Should -BeGreaterThan 0 -Because "the example should reach a service: $Code"
        }
        if ($Expected) {
            # The table the documentation shows: the same columns as the real output.
            ($result.Output | Where-Object { "$_".Trim() } | Select-Object -First 1).TrimEnd() | Should -Be $Expected.TrimEnd()
        }
    }

    It 'finds examples in every source, and runs all but the <Why>' -ForEach $skipRules {
        $Matched | Should -BeGreaterThan 0 -Because "the rule '$Pattern' that leaves out what $Why should still match an example"
    }

    It 'reads examples from the README, every help page, every CI file and the demo of every service' -ForEach $found {
        $expected = @('README.md') + @(Get-ChildItem (Join-Path $RepoRoot 'docs/help') -Filter '*-*.md' | ForEach-Object { "docs/help/$($_.Name)" }) +
            @(Get-ChildItem (Join-Path $RepoRoot 'docs/examples') -Filter *.yml | ForEach-Object { "docs/examples/$($_.Name)" }) +
            @(Get-ServiceCase | ForEach-Object { "demo of $($_.Service)" })
        foreach ($source in $expected) { $Sources | Should -Contain $source }
        $ConsoleCount | Should -BeGreaterOrEqual 4
    }
}
