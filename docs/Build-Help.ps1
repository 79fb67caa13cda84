<#
.SYNOPSIS
    Builds the module's external help from docs/help: MAML for the cmdlets and the about_ topic.
.DESCRIPTION
    The prose (synopsis, description, parameter texts, examples, notes) lives in docs/help/<Cmdlet>.md, and the texts of
    parameters that several cmdlets share in docs/help/_SharedParameters.md. Everything the code already says (parameter
    sets, types, positions, mandatory, pipeline input, aliases, output types) is read from the imported module, so the
    two cannot drift apart: a documented parameter the cmdlet lacks, or a parameter without text, stops the build.
    Run by the build after staging; writes <module>/en-US/ReleaseCmdlets.dll-Help.xml and about_ReleaseCmdlets.help.txt.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Source = (Join-Path $PSScriptRoot 'help')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

# Splits markdown into a tree of sections: '## Name' under '# Cmdlet', '### Name' under those.
function Read-Sections([string] $Path) {
    $sections = [ordered]@{}
    $current = $null
    $sub = $null
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($line -match '^## (.+)$') { $current = [ordered]@{ Text = [System.Collections.Generic.List[string]]::new(); Items = [ordered]@{} }; $sections[$Matches[1].Trim()] = $current; $sub = $null; continue }
        if ($line -match '^### (.+)$' -and $null -ne $current) { $sub = [System.Collections.Generic.List[string]]::new(); $current.Items[$Matches[1].Trim()] = $sub; continue }
        if ($line -match '^# ') { continue }
        if ($null -ne $sub) { $sub.Add($line) } elseif ($null -ne $current) { $current.Text.Add($line) }
    }
    $sections
}

# Paragraphs of plain text (blank-line separated), with code fences kept apart.
function Get-Paragraphs([string[]] $Lines) {
    $paragraphs = @(); $buffer = @()
    foreach ($line in $Lines) {
        if ($line.Trim() -eq '') { if ($buffer) { $paragraphs += ($buffer -join ' ').Trim(); $buffer = @() } }
        else { $buffer += $line.Trim() }
    }
    if ($buffer) { $paragraphs += ($buffer -join ' ').Trim() }
    @($paragraphs | Where-Object { $_ })
}

function Add-Paragraphs($Writer, [string[]] $Lines) {
    $Writer.WriteStartElement('maml', 'description', $maml)
    foreach ($paragraph in Get-Paragraphs $Lines) { $Writer.WriteElementString('maml', 'para', $maml, $paragraph) }
    $Writer.WriteEndElement()
}

function Split-Example([string[]] $Lines) {
    $code = @(); $remarks = @(); $inCode = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inCode = -not $inCode; continue }
        if ($inCode) { $code += $line } else { $remarks += $line }
    }
    @{ Code = ($code -join "`n").Trim(); Remarks = $remarks }
}

function Get-PipelineInput($Parameter) {
    $ways = @()
    if ($Parameter.Attributes | Where-Object { $_ -is [Parameter] -and $_.ValueFromPipeline }) { $ways += 'ByValue' }
    if ($Parameter.Attributes | Where-Object { $_ -is [Parameter] -and $_.ValueFromPipelineByPropertyName }) { $ways += 'ByPropertyName' }
    if ($ways) { "True ($($ways -join ', '))" } else { 'False' }
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
Import-Module (Join-Path $ModulePath 'ReleaseCmdlets.psd1') -Force
$module = Get-Module ReleaseCmdlets
$shared = (Read-Sections (Join-Path $Source '_SharedParameters.md'))['Parameters'].Items

# A shared text names the facts of the cmdlet's own services where it says {RetriedAnswers}: read from each service's
# registration (src/ReleaseCmdlets/Commands/<Service>/<Service>Registration.cs), for the services whose objects the
# cmdlet writes (every service for Stop-InFlightRelease, which writes ReleaseInfo).
$flags = [Reflection.BindingFlags]'Public, NonPublic, Static, Instance'
$registrations = $module.ImplementingAssembly.GetType('ReleaseCmdlets.Commands.ServiceRegistrations', $true).GetProperty('All', $flags).GetValue($null)
function Get-RetriedAnswers($Cmdlet) {
    $texts = foreach ($registration in $registrations) {
        $objectType = $registration.GetType().GetProperty('ObjectType', $flags).GetValue($registration)
        if (@($Cmdlet.OutputType.Type | Where-Object { $_ -and $_.IsAssignableFrom($objectType) }).Count -gt 0) {
            $registration.GetType().GetProperty('RetriedAnswers', $flags).GetValue($registration)
        }
    }
    $texts -join '; '
}
# A related link {StopCmdlets} is the Stop cmdlet of every registered service, in the order the services were added.
function Get-StopCmdlets {
    foreach ($registration in $registrations) { 'Stop-' + ($registration.GetType().GetProperty('ListCmdlet', $flags).GetValue($registration) -replace '^Get-', '') }
}
$outputFolder = Join-Path $ModulePath 'en-US'
New-Item -ItemType Directory -Force $outputFolder | Out-Null
$problems = @()

$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create((Join-Path $outputFolder 'ReleaseCmdlets.dll-Help.xml'), $settings)
$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')

foreach ($cmdlet in $module.ExportedCmdlets.Values | Sort-Object Name) {
    $file = Join-Path $Source "$($cmdlet.Name).md"
    if (-not (Test-Path $file)) { $problems += "$($cmdlet.Name): no $file"; continue }
    $doc = Read-Sections $file
    $documented = $doc['Parameters'].Items
    # A hidden parameter (DontShow: a Stop's catch-all for what was piped) is not the user's to pass, nor in the help.
    $parameters = $cmdlet.Parameters.Values | Where-Object { ($_.Name -notin $commonParameters -or $_.Name -in 'WhatIf', 'Confirm') -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) }
    foreach ($name in $documented.Keys) { if (-not $cmdlet.Parameters.ContainsKey($name)) { $problems += "$($cmdlet.Name): help describes -$name, which the cmdlet does not have" } }
    $text = @{}
    foreach ($parameter in $parameters) {
        $lines = if ($documented.Contains($parameter.Name)) { $documented[$parameter.Name] } elseif ($shared.Contains($parameter.Name)) { $shared[$parameter.Name] } else { $null }
        if (-not $lines -or -not (Get-Paragraphs $lines)) { $problems += "$($cmdlet.Name): -$($parameter.Name) has no help text"; continue }
        $text[$parameter.Name] = @($lines | ForEach-Object { if ($_.Contains('{RetriedAnswers}')) { $_.Replace('{RetriedAnswers}', (Get-RetriedAnswers $cmdlet)) } else { $_ } })
    }
    $examples = $doc['Examples'].Items
    if ($examples.Count -lt 3) { $problems += "$($cmdlet.Name): $($examples.Count) examples, at least 3 wanted" }

    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $command)
    $writer.WriteElementString('command', 'name', $command, $cmdlet.Name)
    $writer.WriteElementString('command', 'verb', $command, $cmdlet.Verb)
    $writer.WriteElementString('command', 'noun', $command, $cmdlet.Noun)
    Add-Paragraphs $writer $doc['Synopsis'].Text
    $writer.WriteEndElement()
    Add-Paragraphs $writer $doc['Description'].Text

    function Write-Parameter($Parameter, [string] $SetName) {
        $attribute = $Parameter.Attributes | Where-Object { $_ -is [Parameter] -and ($SetName -eq '' -or $_.ParameterSetName -in $SetName, '__AllParameterSets') } | Select-Object -First 1
        $position = if ($attribute -and $attribute.Position -ge 0) { "$($attribute.Position)" } else { 'named' }
        $writer.WriteStartElement('command', 'parameter', $command)
        $writer.WriteAttributeString('required', "$([bool]($attribute -and $attribute.Mandatory))".ToLowerInvariant())
        $writer.WriteAttributeString('variableLength', 'false')
        $writer.WriteAttributeString('globbing', 'false')
        $writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $Parameter))
        $writer.WriteAttributeString('position', $position)
        $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
        $writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
        Add-Paragraphs $writer ($text[$Parameter.Name] | Where-Object { $_ -notmatch '^Default: ' })
        $typeName = $Parameter.ParameterType.Name
        if ($Parameter.ParameterType -ne [switch]) {
            $writer.WriteStartElement('command', 'parameterValue', $command)
            $writer.WriteAttributeString('required', 'true')
            $writer.WriteAttributeString('variableLength', 'false')
            $writer.WriteString($typeName)
            $writer.WriteEndElement()
        }
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $Parameter.ParameterType.FullName)
        $writer.WriteEndElement()
        $default = @($text[$Parameter.Name] | Where-Object { $_ -match '^Default: ' } | ForEach-Object { $_.Substring(9).Trim() })
        $writer.WriteElementString('dev', 'defaultValue', $dev, $(if ($default) { $default[0] } else { 'None' }))
        $writer.WriteEndElement()
    }

    $writer.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmdlet.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $command)
        $writer.WriteElementString('maml', 'name', $maml, $cmdlet.Name)
        foreach ($parameter in $set.Parameters | Where-Object { $text.ContainsKey($_.Name) }) { Write-Parameter $cmdlet.Parameters[$parameter.Name] $set.Name }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $command)
    foreach ($parameter in $parameters | Where-Object { $text.ContainsKey($_.Name) }) { Write-Parameter $parameter '' }
    $writer.WriteEndElement()

    foreach ($kind in @(@{ Section = 'Inputs'; Outer = 'inputTypes'; Inner = 'inputType' }, @{ Section = 'Outputs'; Outer = 'returnValues'; Inner = 'returnValue' })) {
        $writer.WriteStartElement('command', $kind.Outer, $command)
        foreach ($entry in $doc[$kind.Section].Items.GetEnumerator()) {
            $writer.WriteStartElement('command', $kind.Inner, $command)
            $writer.WriteStartElement('dev', 'type', $dev)
            $writer.WriteElementString('maml', 'name', $maml, $entry.Key)
            $writer.WriteEndElement()
            Add-Paragraphs $writer $entry.Value
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }
    $outputs = @($doc['Outputs'].Items.Keys)
    foreach ($type in $cmdlet.OutputType.Name) { if ($type -notin $outputs) { $problems += "$($cmdlet.Name): output type $type is not documented" } }

    $writer.WriteStartElement('maml', 'alertSet', $maml)
    $writer.WriteStartElement('maml', 'alert', $maml)
    foreach ($paragraph in Get-Paragraphs $doc['Notes'].Text) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
    $writer.WriteEndElement()
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'examples', $command)
    foreach ($example in $examples.GetEnumerator()) {
        $parts = Split-Example $example.Value
        $writer.WriteStartElement('command', 'example', $command)
        $writer.WriteElementString('maml', 'title', $maml, "---------- $($example.Key) ----------")
        $writer.WriteElementString('dev', 'code', $dev, $parts.Code)
        $writer.WriteStartElement('dev', 'remarks', $dev)
        foreach ($paragraph in Get-Paragraphs $parts.Remarks) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $command)
    foreach ($link in $doc['Related links'].Text | Where-Object { $_ -match '^- (.+)$' } | ForEach-Object { $Matches[1].Trim() } | ForEach-Object { if ($_ -eq '{StopCmdlets}') { Get-StopCmdlets } else { $_ } }) {
        $writer.WriteStartElement('maml', 'navigationLink', $maml)
        $writer.WriteElementString('maml', 'linkText', $maml, $link)
        $writer.WriteElementString('maml', 'uri', $maml, '')
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}

$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()
Copy-Item (Join-Path $Source 'about_ReleaseCmdlets.help.txt') $outputFolder -Force

if ($problems) {
    throw "The help in $Source does not match the cmdlets:`n  $($problems -join "`n  ")"
}
