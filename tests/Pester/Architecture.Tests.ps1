# The README's architecture says what a fifth service adds; these tests keep that true against what git tracks.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $services = @(Get-ServiceCase | ForEach-Object { @{ Service = $_.Service; Nouns = @($_.Cmdlets.Name | ForEach-Object { ($_ -split '-', 2)[1] } | Sort-Object -Unique) } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $readme = Get-Content -Raw (Join-Path $RepoRoot 'README.md')
    $tracked = @(git -C $RepoRoot ls-files)
    $list = [regex]::Match($readme, '(?s)A fifth service \*\*adds\*\*(.+?)Counted so, (.+?)\.\s').Groups
    # The paths the list names, as templates: `<Service>`, `<Verb>-<Noun>`, `*` (a part of a name) and `**/` (folders).
    $templates = @([regex]::Matches($list[1].Value, '`([^`]*(?:<Service>|<Verb>-<Noun>)[^`]*)`') | ForEach-Object { $_.Groups[1].Value } | Where-Object { $_ -match '/' })

    function Get-OwnedFile([string] $Service, [string[]] $Nouns) {
        $patterns = foreach ($template in $templates) {
            $pattern = [regex]::Escape($template) -replace '\\\*\\\*/', '(?:.+/)?' -replace '\\\*', '\w*'
            $pattern = $pattern.Replace('<Service>', $Service).Replace('<Verb>-<Noun>', "(?:Get|Stop)-(?:$($Nouns -join '|'))")
            '^' + $pattern + $(if ($template.EndsWith('/')) { '' } else { '$' })
        }
        @($tracked | Where-Object { $file = $_; @($patterns | Where-Object { $file -match $_ }).Count -gt 0 })
    }
}

Describe 'What a service owns, as the README lists it' {
    It 'reads the list: its paths and the counts after it' {
        $templates.Count | Should -BeGreaterOrEqual 10
        $list[2].Value | Should -Match '\d+'
    }

    It '<Service>: the README states the number of its files that git tracks' -ForEach $services {
        $owned = Get-OwnedFile $Service $Nouns
        $name = $Service -creplace '(?<=[a-z])(?=[A-Z])', ' ?'
        $stated = [regex]::Match($list[2].Value, "$name(?: owns)? (\d+)")
        $stated.Success | Should -BeTrue -Because "the README counts the files of $name"
        [int]$stated.Groups[1].Value | Should -Be $owned.Count -Because "git tracks these files of ${name}:`n$($owned -join "`n")"
    }

    It '<Service>: every file whose path names it is one the list gives it' -ForEach $services {
        $owned = Get-OwnedFile $Service $Nouns
        @($tracked | Where-Object { $_ -cmatch $Service -and $owned -notcontains $_ }) | Should -BeNullOrEmpty
    }
}

Describe 'What a fifth service touches, as the README lists it' {
    It 'lists exactly the shared files that name every service' {
        $sentence = [regex]::Match($readme, '(?s)It \*\*touches\*\*: (.+?)\. `Architecture\.Tests\.ps1` keeps').Groups[1].Value
        $listed = @([regex]::Matches($sentence, '`((?:module|docs|src)/[^`]+|README\.md)`') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $listed.Count | Should -BeGreaterOrEqual 4
        # Each service by its Get cmdlet or its object type; a Markdown file's fenced examples do not count.
        $names = foreach ($registration in Get-ServiceRegistration) { [regex]::Escape($registration.ListCmdlet) + '|' + [regex]::Escape($registration.ObjectType.Name) }
        $names | Should -Not -Match '^\||\|$' -Because 'each service has a Get cmdlet and an object type'
        $naming = foreach ($file in $tracked | Where-Object { $_ -match '^(src|module|docs)/' -or $_ -eq 'README.md' }) {
            $text = Get-Content -Raw (Join-Path $RepoRoot $file)
            if ($file -like '*.md') { $text = $text -replace '(?s)```.*?```', '' }
            if (@($names | Where-Object { $text -notmatch $_ }).Count -eq 0) { $file }
        }

        @($naming | Sort-Object) | Should -Be $listed
    }
}

Describe 'The README''s walk of one request' {
    It 'names only files that git tracks, and at least one a step' {
        $walk = [regex]::Match($readme, '(?s)\*\*One request, file by file\*\*(.+?)\n- ').Groups[1].Value
        $named = @([regex]::Matches($walk, '`((?:src|module|tests)/[^`]+)`') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $named.Count | Should -BeGreaterOrEqual 15
        @($named | Where-Object { $tracked -notcontains $_ }) | Should -BeNullOrEmpty
    }
}
