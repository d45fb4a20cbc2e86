# Pester 5 tests of Get-EventSession and Import-EventRecord -Unique, run against the built module in out/Aggregator.
#
# samples/sessions.jsonl is the Event Sessions Builder example, worked out by hand:
#   line 1  user 1 login    10:00Z
#   line 2  user 1 view     10:05Z
#   line 3  user 1 view     10:05Z   exact duplicate of line 2 (dropped by -Unique)
#   line 4  user 2 click    'invalid-timestamp'  -> skipped, InvalidTimestamp
#   line 5  user 2 purchase 10:10Z
# Sessions with -Unique: 1 10:00->10:05 (2 events, 00:05:00), 2 10:10->10:10 (1 event, 00:00:00).
# Statistics: TotalRecords 5, ValidRecords 4, SkippedRecords 1, DuplicatesRemoved 1, UniqueUsers 2.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:SessionsJsonl = Join-Path $Samples 'sessions.jsonl'

    function script:Utc([int] $Hour, [int] $Minute = 0) {
        [datetime]::new(2024, 7, 10, $Hour, $Minute, 0, [DateTimeKind]::Utc)
    }

    function script:Describe-Session($Session) {
        '{0} {1:HH:mm}-{2:HH:mm} {3} {4}' -f $Session.User, $Session.SessionStart.ToUniversalTime(),
            $Session.SessionEnd.ToUniversalTime(), $Session.EventCount, $Session.Duration
    }
}

Describe 'The Event Sessions Builder example' {
    BeforeAll {
        $bad = $null
        $st = $null
        $script:Sessions = @(Import-EventRecord $SessionsJsonl -Unique -ErrorVariable bad -ErrorAction SilentlyContinue -StatisticsVariable st |
            Get-EventSession)
        $script:Bad = @($bad)
        $script:Stats = $st
    }

    It 'builds two sessions' {
        $Sessions.Count | Should -Be 2
        $Sessions | ForEach-Object { $_ | Should -BeOfType Aggregator.EventSession }
        $Sessions | ForEach-Object { Describe-Session $_ } |
            Should -Be @('1 10:00-10:05 2 00:05:00', '2 10:10-10:10 1 00:00:00')
    }

    It 'reports session times in UTC' {
        $Sessions[0].SessionStart | Should -Be (Utc 10 0)
        $Sessions[0].SessionStart.Kind | Should -Be ([DateTimeKind]::Utc)
        $Sessions[0].SessionEnd | Should -Be (Utc 10 5)
        $Sessions[1].SessionStart | Should -Be (Utc 10 10)
        $Sessions[0].Duration | Should -Be ([timespan]::FromMinutes(5))
        $Sessions[0].Duration | Should -BeOfType [timespan]
    }

    It 'skips line 4 as InvalidTimestamp, with its fields' {
        $Bad.Count | Should -Be 1
        $Bad[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTimestamp*'
        $target = $Bad[0].TargetObject
        $target | Should -BeOfType Aggregator.SkippedRecord
        $target.Reason | Should -Be 'InvalidTimestamp'
        $target.Line | Should -Be 4
        $target.Source | Should -Be $SessionsJsonl
        $target.User | Should -Be '2'
        $target.Event | Should -Be 'click'
        $target.Timestamp | Should -Be 'invalid-timestamp'
    }

    It 'counts the run in the statistics' {
        $Stats | Should -BeOfType Aggregator.ImportStatistics
        $Stats.TotalRecords | Should -Be 5
        $Stats.ValidRecords | Should -Be 4
        $Stats.SkippedRecords | Should -Be 1
        $Stats.DuplicatesRemoved | Should -Be 1
        $Stats.UniqueUsers | Should -Be 2
    }

    It 'emits the first of the duplicates, in input order' {
        $records = @(Import-EventRecord $SessionsJsonl -Unique -ErrorAction SilentlyContinue)
        $records | ForEach-Object { "$($_.User) $($_.Event) $($_.Line)" } | Should -Be @('1 login 1', '1 view 2', '2 purchase 5')
    }

    It 'keeps the duplicate without -Unique' {
        $all = @(Import-EventRecord $SessionsJsonl -ErrorAction SilentlyContinue -StatisticsVariable plain | Get-EventSession)
        $all | ForEach-Object { Describe-Session $_ } | Should -Be @('1 10:00-10:05 3 00:05:00', '2 10:10-10:10 1 00:00:00')
        $plain.DuplicatesRemoved | Should -Be 0
    }
}

Describe 'Get-EventSession' {
    It 'splits on a gap longer than -IdleTimeout, not on an equal one' {
        @(Get-EventSession -Path $SessionsJsonl -IdleTimeout '00:04:59' -ErrorAction SilentlyContinue | ForEach-Object { Describe-Session $_ }) |
            Should -Be @('1 10:00-10:00 1 00:00:00', '1 10:05-10:05 2 00:00:00', '2 10:10-10:10 1 00:00:00')
        @(Get-EventSession -Path $SessionsJsonl -IdleTimeout '00:05:00' -ErrorAction SilentlyContinue | ForEach-Object { Describe-Session $_ }) |
            Should -Be @('1 10:00-10:05 3 00:05:00', '2 10:10-10:10 1 00:00:00')
    }

    It 'binds [pscustomobject] input by the seed property names' {
        $sessions = @(
            [pscustomobject]@{ user_id = 1; event_time = '2024-07-10T10:05:00Z'; event_type = 'view' }
            [pscustomobject]@{ user_id = 2; event_time = '2024-07-10T10:10:00Z'; event_type = 'purchase' }
            [pscustomobject]@{ user_id = 1; event_time = '2024-07-10T10:00:00Z'; event_type = 'login' }
        ) | Get-EventSession
        $sessions | ForEach-Object { Describe-Session $_ } | Should -Be @('1 10:00-10:05 2 00:05:00', '2 10:10-10:10 1 00:00:00')
    }

    It 'rejects a zero -IdleTimeout' {
        { Get-EventSession -Path $SessionsJsonl -IdleTimeout 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSessionLimit*'
    }
}

Describe 'Exporting sessions to CSV' {
    BeforeAll {
        $script:Csv = Join-Path $TestDrive 'sessions.csv'
        Import-EventRecord $SessionsJsonl -Unique -ErrorAction SilentlyContinue | Get-EventSession |
            Export-Csv -LiteralPath $Csv -NoTypeInformation
        $script:Lines = @(Get-Content -LiteralPath $Csv)
        $script:Rows = @(Import-Csv -LiteralPath $Csv)
    }

    It 'writes one row per session with its properties, and the limits it was split by (for Merge-Aggregate)' {
        $Rows.Count | Should -Be 2
        $Lines[0] | Should -Be '"User","SessionStart","SessionEnd","Duration","EventCount","IdleTimeout","MaxDuration"'
        $Rows[0].IdleTimeout | Should -BeNullOrEmpty
        $Rows[0].MaxDuration | Should -BeNullOrEmpty
    }

    It 'has no System.Object[] cells' {
        $Lines | Should -Not -Match 'System\.Object\[\]'
        $Lines | Should -Not -Match 'Aggregator\.'
    }

    It 'exports Duration as a TimeSpan string and the counts as numbers' {
        $Rows[0].User | Should -Be '1'
        $Rows[0].Duration | Should -Be '00:05:00'
        $Rows[0].EventCount | Should -Be '2'
        $Rows[1].User | Should -Be '2'
        $Rows[1].Duration | Should -Be '00:00:00'
        $Rows[1].EventCount | Should -Be '1'
        [timespan]::Parse($Rows[0].Duration) | Should -Be ([timespan]::FromMinutes(5))
    }

    It 'exports the start and end as times that read back to the same instants' {
        ([datetime]$Rows[0].SessionStart) | Should -Be (Utc 10 0)
        ([datetime]$Rows[0].SessionEnd) | Should -Be (Utc 10 5)
        ([datetime]$Rows[1].SessionStart) | Should -Be (Utc 10 10)
    }
}

Describe 'Import-EventRecord -UniqueBy' {
    BeforeAll {
        $script:Dups = Join-Path $TestDrive 'dups.jsonl'
        Set-Content -LiteralPath $Dups -Value @(
            '{"user": "a", "event": "login", "status": "success", "timestamp": "2024-07-10T10:00:00Z"}'
            '{"user": "a", "event": "view", "timestamp": "2024-07-10T10:01:00Z"}'
            '{"user": "a", "event": "view", "status": "fail", "timestamp": "2024-07-10T10:02:00Z"}'
            '{"user": "b", "event": "view", "timestamp": "2024-07-10T10:02:00Z"}'
            '{"user": "a", "event": "login", "status": "fail", "timestamp": "2024-07-10T11:00:00Z"}'
        )
    }

    It 'User,Event keeps the first record of each user and event' {
        $records = @(Import-EventRecord $Dups -UniqueBy User, Event -StatisticsVariable st)
        $records | ForEach-Object { "$($_.User) $($_.Event) $($_.Line)" } | Should -Be @('a login 1', 'a view 2', 'b view 4')
        $st.DuplicatesRemoved | Should -Be 2
        Import-EventRecord $Dups -UniqueBy User, Event | Get-EventSession | ForEach-Object { Describe-Session $_ } |
            Should -Be @('a 10:00-10:01 2 00:01:00', 'b 10:02-10:02 1 00:00:00')
    }
}
