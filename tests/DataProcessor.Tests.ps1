# Pester 5 tests of samples/data-processor.ps1 (the Data Processor rebuilt on the module) and samples/run-demo.ps1.
# Expected values are worked out by hand from samples/events.json; see the table at the top of Aggregator.Tests.ps1.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Processor = Join-Path $Samples 'data-processor.ps1'
    $script:RunDemo = Join-Path $Samples 'run-demo.ps1'

    # The pwsh running these tests, for the scripts whose console output is checked.
    $script:Pwsh = if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'pwsh') {
        [Environment]::ProcessPath
    }
    else {
        Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    }

    # Runs the script in this session, quietly, into a fresh folder; returns the folder.
    function script:Invoke-Processor([hashtable] $Arguments = @{}) {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        & $Processor @Arguments -OutputDirectory $dir -Quiet
        $dir
    }

    function script:Read-Report([string] $Directory) {
        Get-Content -LiteralPath (Join-Path $Directory 'report.json') -Raw | ConvertFrom-Json -AsHashtable
    }

    $script:UsersHeader = '"User","TotalEvents","Success","Fail","FailureRate","EventTypes"'
}

Describe 'data-processor.ps1 with no filters' {
    BeforeAll {
        $script:Out = Invoke-Processor
        $script:Report = Read-Report $Out
    }

    It 'writes users.csv, report.json and skipped.csv and nothing else' {
        (Get-ChildItem -LiteralPath $Out).Name | Sort-Object | Should -Be @('report.json', 'skipped.csv', 'users.csv')
    }

    It 'writes one users.csv row per user, and nothing else' {
        $lines = Get-Content -LiteralPath (Join-Path $Out 'users.csv')
        $lines | Should -Be @(
            $UsersHeader
            '"alice","4","3","1","0.25","login;logout;purchase;view"'
            '"bob","4","2","2","0.5","login;view"'
            '"carol","3","1","2","0.6666666666666666","download;upload"'
            '"dave","2","2","0","0","login;view"'
            '"erin","1","1","0","0","login"'
        )
    }

    It 'shapes report.json as { users, by_hour } with snake_case names' {
        @($Report.Keys) | Should -Be @('users', 'by_hour')
        $Report.users.Count | Should -Be 5
        foreach ($user in $Report.users) {
            @($user.Keys) | Should -Be @('user', 'total_events', 'success', 'fail', 'failure_rate', 'event_types')
        }
        foreach ($hour in $Report.by_hour.Values) {
            @($hour.Keys) | Should -Be @('total_events', 'success', 'fail')
        }
    }

    It 'puts the per-user figures in report.json' {
        $Report.users.user | Should -Be @('alice', 'bob', 'carol', 'dave', 'erin')
        $Report.users.total_events | Should -Be @(4, 4, 3, 2, 1)
        $Report.users.success | Should -Be @(3, 2, 1, 2, 1)
        $Report.users.fail | Should -Be @(1, 2, 2, 0, 0)
        $Report.users.failure_rate | Should -Be @(0.25, 0.5, (2 / 3), 0, 0)
        $Report.users[0].event_types | Should -Be @('login', 'logout', 'purchase', 'view')
        , $Report.users[4].event_types | Should -BeOfType [object[]]     # a one-element list is still an array
        $Report.users[4].event_types | Should -Be @('login')
    }

    It 'puts every UTC hour with timestamped records in by_hour' {
        @($Report.by_hour.Keys) | Should -Be @('2024-06-01 08', '2024-06-01 09', '2024-06-01 10', '2024-06-01 11')
        $Report.by_hour['2024-06-01 08'].total_events, $Report.by_hour['2024-06-01 08'].success, $Report.by_hour['2024-06-01 08'].fail |
            Should -Be @(5, 3, 2)
        $Report.by_hour['2024-06-01 09'].total_events, $Report.by_hour['2024-06-01 09'].success, $Report.by_hour['2024-06-01 09'].fail |
            Should -Be @(3, 2, 1)
        $Report.by_hour['2024-06-01 10'].total_events, $Report.by_hour['2024-06-01 10'].success, $Report.by_hour['2024-06-01 10'].fail |
            Should -Be @(3, 1, 2)
        $Report.by_hour['2024-06-01 11'].total_events, $Report.by_hour['2024-06-01 11'].success, $Report.by_hour['2024-06-01 11'].fail |
            Should -Be @(2, 2, 0)
        # 14 valid records, one (dave's view) without a timestamp
        ($Report.by_hour.Values | ForEach-Object total_events | Measure-Object -Sum).Sum | Should -Be 13
    }

    It 'lists the skipped records in skipped.csv' {
        $rows = @(Import-Csv -LiteralPath (Join-Path $Out 'skipped.csv'))
        $rows.Line | Should -Be @('16', '17', '18')
        $rows.Reason | Should -Be @('MissingField', 'InvalidTimestamp', 'UnknownStatus')
        $rows | ForEach-Object { $_.Source | Should -Be $EventsJson }
    }

    It 'writes the same numbers whatever the culture' {
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $german = Invoke-Processor
        }
        finally {
            [cultureinfo]::CurrentCulture = $saved
        }
        Get-Content -LiteralPath (Join-Path $german 'users.csv') -Raw | Should -Be (Get-Content -LiteralPath (Join-Path $Out 'users.csv') -Raw)
        Get-Content -LiteralPath (Join-Path $german 'report.json') -Raw | Should -Be (Get-Content -LiteralPath (Join-Path $Out 'report.json') -Raw)
    }
}

Describe 'data-processor.ps1 filters' {
    It '-OnlyFailures keeps users with a failure, in users.csv and report.json' {
        $out = Invoke-Processor @{ OnlyFailures = $true }
        Get-Content -LiteralPath (Join-Path $out 'users.csv') | Should -Be @(
            $UsersHeader
            '"alice","4","3","1","0.25","login;logout;purchase;view"'
            '"bob","4","2","2","0.5","login;view"'
            '"carol","3","1","2","0.6666666666666666","download;upload"'
        )
        $report = Read-Report $out
        $report.users.user | Should -Be @('alice', 'bob', 'carol')
        $report.users.fail | Should -Be @(1, 2, 2)
    }

    It '-MinFailures 2 keeps users with at least two failures' {
        $out = Invoke-Processor @{ MinFailures = 2 }
        @(Import-Csv -LiteralPath (Join-Path $out 'users.csv')).User | Should -Be @('bob', 'carol')
        (Read-Report $out).users.user | Should -Be @('bob', 'carol')
    }

    It '-MinFailures 1 is the same as -OnlyFailures, and the two combine' {
        $min1 = Invoke-Processor @{ MinFailures = 1 }
        $both = Invoke-Processor @{ OnlyFailures = $true; MinFailures = 2 }
        @(Import-Csv -LiteralPath (Join-Path $min1 'users.csv')).User | Should -Be @('alice', 'bob', 'carol')
        @(Import-Csv -LiteralPath (Join-Path $both 'users.csv')).User | Should -Be @('bob', 'carol')
    }

    It '-MinFailures 0 keeps everyone' {
        $out = Invoke-Processor @{ MinFailures = 0 }
        @(Import-Csv -LiteralPath (Join-Path $out 'users.csv')).Count | Should -Be 5
    }

    It 'leaves the header alone and an empty users array when no user qualifies' {
        $out = Invoke-Processor @{ MinFailures = 3 }
        Get-Content -LiteralPath (Join-Path $out 'users.csv') | Should -Be @($UsersHeader)
        $report = Read-Report $out
        , $report.users | Should -BeOfType [object[]]
        $report.users.Count | Should -Be 0
    }

    It 'does not filter by_hour: it covers every valid record' {
        $report = Read-Report (Invoke-Processor @{ MinFailures = 3 })
        @($report.by_hour.Keys).Count | Should -Be 4
        ($report.by_hour.Values | ForEach-Object total_events | Measure-Object -Sum).Sum | Should -Be 13
    }
}

Describe 'data-processor.ps1 inputs' {
    It 'reads several files by wildcard' {
        $out = Invoke-Processor @{ Path = (Join-Path $Samples '*.json') }
        $report = Read-Report $out
        $report.users.user | Should -Be @('12', 'alice', 'bob', 'carol', 'dave', 'erin', 'gina', 'hank')
        @($report.by_hour.Keys) | Should -Be @('2024-06-01 08', '2024-06-01 09', '2024-06-01 10', '2024-06-01 11', '2024-06-01 12', '2024-06-01 13')
        $report.by_hour['2024-06-01 10'].total_events, $report.by_hour['2024-06-01 10'].fail | Should -Be @(4, 3)
        $report.by_hour['2024-06-01 12'].total_events, $report.by_hour['2024-06-01 12'].success, $report.by_hour['2024-06-01 12'].fail |
            Should -Be @(2, 1, 1)
        @(Import-Csv -LiteralPath (Join-Path $out 'skipped.csv')).Reason |
            Should -Be @('InvalidJson', 'InvalidJson', 'MissingField', 'InvalidTimestamp', 'UnknownStatus')
    }

    It 'leaves by_hour out when no record has a timestamp' {
        $file = Join-Path $TestDrive 'untimed.json'
        '[{"user":"a","event":"login","status":"ok"},{"user":"a","event":"view","status":"fail"}]' | Set-Content -LiteralPath $file
        $out = Invoke-Processor @{ Path = $file }
        $report = Read-Report $out
        @($report.Keys) | Should -Be @('users')
        $report.users[0].total_events, $report.users[0].fail | Should -Be @(2, 1)
        Get-Content -LiteralPath (Join-Path $out 'skipped.csv') |
            Should -Be @('"Source","Line","Record","Reason","Message","Raw","User","Event","Timestamp"')
    }

    It 'fails when no input file exists' {
        { & $Processor -Path (Join-Path $TestDrive 'missing.json') -OutputDirectory (Join-Path $TestDrive 'none') -Quiet -ErrorAction SilentlyContinue } |
            Should -Throw '*No input file found*'
    }
}

Describe 'data-processor.ps1 console' {
    BeforeAll {
        function script:Invoke-Console([string[]] $Arguments) {
            $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
            $text = & $Pwsh -NoProfile -NonInteractive -File $Processor @Arguments -OutputDirectory $dir 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 0 -Because $text
            $text
        }
    }

    It 'prints per-user summaries and overall statistics, but no hourly breakdown, by default' {
        $text = Invoke-Console @()
        $text | Should -Match 'Per-user summary'
        $text | Should -Match 'alice\s+4\s+3\s+1\s+25\.0 %\s+login;logout;purchase;view'
        $text | Should -Match 'Overall statistics'
        $text | Should -Match 'TotalEvents\s*:\s*\S*14'
        $text | Should -Match 'FirstTimestamp\s*:\s*\S*2024-06-01 08:05:12 UTC'
        $text | Should -Match '3 of 17 records skipped'
        $text | Should -Not -Match 'Hourly breakdown'
    }

    It 'adds the hourly breakdown with -ByHour' {
        $text = Invoke-Console @('-ByHour')
        $text | Should -Match 'Hourly breakdown'
        $text | Should -Match '2024-06-01 08\s+5\s+3\s+2'
    }

    It 'prints only the filtered users' {
        $text = Invoke-Console @('-MinFailures', '2')
        $text | Should -Match 'bob\s+4'
        $text | Should -Not -Match 'alice\s+4'
    }

    It 'prints nothing with -Quiet' {
        (Invoke-Console @('-Quiet', '-ByHour')).Trim() | Should -BeNullOrEmpty
    }
}

Describe 'run-demo.ps1' {
    It 'runs every sample script into the output folder' {
        $dir = Join-Path $TestDrive 'demo'
        $text = & $Pwsh -NoProfile -NonInteractive -File $RunDemo -OutputDirectory $dir 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $text
        $expected = @(Get-ChildItem -LiteralPath $Samples -Filter '*.ps1' | Where-Object Name -ne 'run-demo.ps1')
        $expected.Count | Should -BeGreaterThan 0
        foreach ($script in $expected) {
            $text | Should -Match ([regex]::Escape($script.Name))
        }
        (Get-ChildItem -LiteralPath (Join-Path $dir 'data-processor')).Name | Sort-Object |
            Should -Be @('report.json', 'skipped.csv', 'users.csv')
    }
}
