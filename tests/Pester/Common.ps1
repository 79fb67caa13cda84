# Dot-sourced by every *.Tests.ps1 in BeforeAll: the staged module, the simulator helpers, and small assertions.
$RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
. (Join-Path $PSScriptRoot 'Simulator.ps1')

# The suite runs in CI too: the module's CI integration is on only where a test turns it on (Invoke-CiStep), never
# inherited from the runner that runs the suite.
foreach ($name in 'GITHUB_ACTIONS', 'TF_BUILD', 'GITHUB_STEP_SUMMARY', 'GITHUB_OUTPUT', 'RELEASECMDLETS_CI') { Remove-Item "Env:$name" -ErrorAction Ignore }

function Import-StagedModule {
    Import-Module (Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1') -Force
}

# The cmdlets the module exports, from its manifest: cross-cutting tests iterate these, so a new cmdlet is covered
# (or, where a test needs a call per cmdlet, its table is checked against this list).
function Get-ModuleCmdletName {
    (Import-PowerShellDataFile (Join-Path $RepoRoot 'module/ReleaseCmdlets.psd1')).CmdletsToExport | Sort-Object
}

# What each service tells the cross-cutting tests (tests/Pester/Services/<Service>.ps1, one file a service): a new
# service adds its file there and every cross-cutting table covers it, with no edit to those tests.
function Get-ServiceCase {
    Get-ChildItem (Join-Path $PSScriptRoot 'Services') -Filter '*.ps1' | Sort-Object Name | ForEach-Object { & $_.FullName }
}

# The cmdlets of every service file, each case with the name of its service.
function Get-CmdletCase {
    foreach ($service in Get-ServiceCase) {
        foreach ($case in $service.Cmdlets) { $case + @{ Service = $service.Service } }
    }
}

function Get-StagedModuleVersion {
    (Import-PowerShellDataFile (Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1')).ModuleVersion
}

function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
}

# The Microsoft.Extensions.* assemblies of one version, as another module would ship them for PowerShell 7: the asset
# a .NET host picks (net8.0, else net6.0, else netstandard2.1, else netstandard2.0). Restored by the build.
function Get-OtherModuleAssembly([string] $Version) {
    Get-ChildItem (Get-NuGetPackagesFolder) -Directory -Filter 'microsoft.extensions.*' |
        ForEach-Object { Join-Path $_.FullName "$Version/lib" } | Where-Object { Test-Path $_ } |
        ForEach-Object {
            $lib = $_
            'net8.0', 'net6.0', 'netstandard2.1', 'netstandard2.0' | ForEach-Object { Join-Path $lib $_ } | Where-Object { Test-Path $_ } | Select-Object -First 1
        } |
        ForEach-Object { Get-ChildItem $_ -Filter *.dll } | ForEach-Object FullName | Sort-Object
}

# The .NET types the tests use (tests/ReleaseCmdlets.PesterTypes), as the build compiled them; Windows PowerShell 5.1
# compiles the ones it uses from their sources (the virtual clock is PowerShell 7's only: VirtualClock.ps1).
function Import-TestType {
    if ('PromptRecordingHost' -as [type]) { return }
    $folder = Join-Path $RepoRoot 'tests/ReleaseCmdlets.PesterTypes'
    if ($PSEdition -eq 'Desktop') {
        Add-Type -Path (Get-ChildItem $folder -Filter '*.cs' | Where-Object Name -NE 'RecordingClock.cs').FullName
        return
    }
    $built = Get-ChildItem (Join-Path $folder 'bin') -Recurse -Filter 'ReleaseCmdlets.PesterTypes.dll' | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
    if (-not $built) { throw "tests/ReleaseCmdlets.PesterTypes is not built: run build.ps1 -Task Build." }
    Add-Type -Path (Join-Path $built.DirectoryName 'Microsoft.Extensions.TimeProvider.Testing.dll'), $built.FullName
}

# Each service as it registers itself in the module (src/ReleaseCmdlets/Commands/<Service>/<Service>Registration.cs),
# read from the imported module: what the tests check the docs and the module against, never listed here.
function Get-ServiceRegistration {
    $module = Get-Module ReleaseCmdlets | Select-Object -First 1
    if (-not $module) { Import-StagedModule; $module = Get-Module ReleaseCmdlets | Select-Object -First 1 }
    $flags = [Reflection.BindingFlags]'Public, NonPublic, Static, Instance'
    $registrations = $module.ImplementingAssembly.GetType('ReleaseCmdlets.Commands.ServiceRegistrations', $true).GetProperty('All', $flags).GetValue($null)
    foreach ($registration in $registrations) {
        $type = $registration.GetType()
        [pscustomobject]@{
            Provider       = $type.GetProperty('Provider', $flags).GetValue($registration)
            Name           = $type.GetProperty('Description', $flags).GetValue($registration).Name
            ObjectType     = $type.GetProperty('ObjectType', $flags).GetValue($registration)
            ListCmdlet     = $type.GetProperty('ListCmdlet', $flags).GetValue($registration)
            Variables      = @($type.GetProperty('Variables', $flags).GetValue($registration))
            RetriedAnswers = $type.GetProperty('RetriedAnswers', $flags).GetValue($registration)
        }
    }
}

# Every environment variable the services' cmdlets read, as each service registers them.
function Get-ServiceVariable { (Get-ServiceRegistration).Variables }

function Clear-ServiceEnvironment {
    foreach ($name in Get-ServiceVariable) { Remove-Item "Env:$name" -ErrorAction Ignore }
}

# The body of a recorded request as a hashtable (BuildMaster bodies are flat JSON objects).
function ConvertFrom-RequestBody {
    param([Parameter(ValueFromPipeline)] $Request)
    process {
        $keys = [ordered]@{}
        if ($Request.body) {
            ($Request.body | ConvertFrom-Json).PSObject.Properties | ForEach-Object { $keys[$_.Name] = $_.Value }
        }
        $keys
    }
}

# What a script block writes to the host (where -WhatIf messages go), captured with a transcript.
function Get-HostOutput {
    param([scriptblock] $Script)
    $file = [System.IO.Path]::GetTempFileName()
    try {
        Start-Transcript -Path $file -Force | Out-Null
        try { & $Script | Out-Host } finally { Stop-Transcript | Out-Null }
        Get-Content -Raw $file
    }
    finally { Remove-Item $file -ErrorAction Ignore }
}

# Runs a script in a runspace of its own with the staged module, for at most $Seconds: a call that never ends fails its
# test instead of hanging the run. Returns whether it ended and what it wrote (errors included).
function Invoke-WithDeadline([string] $Script, [hashtable] $Variables = @{}, [int] $Seconds = 15) {
    $runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    foreach ($name in $Variables.Keys) { $runspace.SessionStateProxy.SetVariable($name, $Variables[$name]) }
    $shell = [PowerShell]::Create()
    $shell.Runspace = $runspace
    $null = $shell.AddScript("Import-Module '$(Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1')'; $Script")
    try {
        $pending = $shell.BeginInvoke()
        $ended = $pending.AsyncWaitHandle.WaitOne($Seconds * 1000)
        if (-not $ended) { $shell.Stop() }
        [pscustomobject]@{ Ended = $ended; Output = if ($ended) { @($shell.EndInvoke($pending)) } else { @() } }
    }
    finally {
        $shell.Dispose()
        $runspace.Dispose()
    }
}

# Runs a command in a fresh PowerShell process of the same kind as this one (pwsh, or pwsh.dll under dotnet).
function Invoke-FreshPwsh {
    param([string] $Command)
    $host_ = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $arguments = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { $arguments += (Join-Path $PSHOME 'pwsh.dll') }
    $arguments += '-NoProfile', '-NonInteractive', '-Command', $Command
    & $host_ @arguments
}

# Runs a script as a CI step would: a fresh PowerShell process of the same kind as this one, with the staged module
# imported and the environment of this process plus the given variables ($null removes one). Returns its standard
# output and error as lines, which is what the CI system reads for commands.
function Invoke-CiStep {
    param([string] $Script, [hashtable] $Environment = @{}, [int] $Seconds = 120)
    $executable = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $start = [System.Diagnostics.ProcessStartInfo]::new($executable)
    if ([System.IO.Path]::GetFileNameWithoutExtension($executable) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    # As GitHub runs a pwsh step: the script in a file, run by `pwsh -command ". '{0}'"`.
    $file = Join-Path ([System.IO.Path]::GetTempPath()) "ci-step-$([guid]::NewGuid()).ps1"
    Set-Content -LiteralPath $file -Value "Import-Module '$(Join-Path $RepoRoot 'out/ReleaseCmdlets/ReleaseCmdlets.psd1')'`n$Script" -Encoding utf8
    foreach ($argument in '-NoProfile', '-Command', ". '$file'") { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { $null = $start.Environment.Remove($name) } else { $start.Environment[$name] = [string]$Environment[$name] }
    }
    $process = [System.Diagnostics.Process]::Start($start)
    $errors = $process.StandardError.ReadToEndAsync()
    $output = $process.StandardOutput.ReadToEndAsync()
    if (-not $process.WaitForExit($Seconds * 1000)) { $process.Kill(); throw "The CI step did not end within $Seconds s." }
    $process.WaitForExit()
    Remove-Item -LiteralPath $file
    [pscustomobject]@{
        Output = @($output.Result -split "`r?`n" | Where-Object { $_ })
        Errors = @($errors.Result -split "`r?`n" | Where-Object { $_ })
        ExitCode = $process.ExitCode
    }
}

# Everything a user could see of some records, as one text: rendered output, and each error's exception, details,
# target and message. Secrets tests search it.
function ConvertTo-VisibleText {
    param([object[]] $Records)
    ($Records | ForEach-Object {
            $_ | Out-String
            if ($_ -is [System.Management.Automation.ErrorRecord]) {
                $_.Exception.ToString(); $_.ErrorDetails.Message; "$($_.TargetObject)"; $_.ToString()
            }
            else { "$_" }
        }) -join "`n"
}

# Runs a script in another runspace until the simulator has seen the given number of requests, then stops it as
# Ctrl+C would ([PowerShell]::Stop()), and reports how that went.
function Invoke-Interrupted {
    param($Simulator, [string] $Script, [int] $Requests = 1)
    $powershell = [PowerShell]::Create()
    try {
        $null = $powershell.AddScript($Script)
        $pending = $powershell.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (@(Get-SimRequest $Simulator).Count -lt $Requests -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $before = @(Get-SimRequest $Simulator).Count
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $powershell.Stop()
        $seconds = $clock.Elapsed.TotalSeconds
        Start-Sleep -Milliseconds 1000
        [pscustomobject]@{
            RequestsBefore = $before
            StopSeconds    = $seconds
            Completed      = $pending.IsCompleted
            State          = $powershell.InvocationStateInfo.State
            Reason         = $powershell.InvocationStateInfo.Reason
            Errors         = $powershell.Streams.Error.Count
            RequestsAfter  = @(Get-SimRequest $Simulator).Count - $before
        }
    }
    finally { $powershell.Dispose() }
}
