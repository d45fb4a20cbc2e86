# Pester 5 tests of samples/sessions.ps1 (the Event Sessions Builder rebuilt on the module), and of what -ThrottleLimit
# gives once exported with Export-Csv. Run against the built module in out/Aggregator.
#
# samples/sessions.jsonl is the Event Sessions Builder example (see EventSessions.Tests.ps1 for the worked-out values):
# five records, line 3 repeats line 2 exactly, line 4 has the timestamp 'invalid-timestamp'. The seed writes
#   sessions.csv  user_id,session_start,session_end,event_count
#                 1,2024-07-10T10:00:00Z,2024-07-10T10:05:00Z,2
#                 2,2024-07-10T10:10:00Z,2024-07-10T10:10:00Z,1
#   skipped.csv   event,reason,user_id,event_time,event_type
#                 4,InvalidTimestamp: 'invalid-timestamp' is not a valid timestamp.,2,invalid-timestamp,click
# where event is the record's number in its file (here the same as its line), and prints
#   Done. / total_events: 5 / valid_events: 4 / skipped_events: 1 / duplicates_removed: 1 / unique_users: 2

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:SessionsScript = Join-Path $Samples 'sessions.ps1'
    $script:SessionsJsonl = Join-Path $Samples 'sessions.jsonl'

    # The text of a CSV file as Export-Csv writes it on this system: the lines joined by its newline.
    function script:Csv-Text([string[]] $Lines) {
        ($Lines -join [Environment]::NewLine) + [Environment]::NewLine
    }

    function script:Read-Text([string] $Path) {
        [System.IO.File]::ReadAllText($Path)
    }

    # Runs the sample into a fresh folder; returns the folder and what the script wrote to the pipeline.
    function script:Invoke-Sessions([hashtable] $Arguments) {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $printed = @(& $SessionsScript @Arguments -OutputDirectory $dir -ErrorVariable failures -WarningVariable warnings)
        [pscustomobject]@{ Directory = $dir; Printed = $printed; Errors = @($failures); Warnings = @($warnings) }
    }
}

Describe 'samples/sessions.ps1 on the seed example' {
    BeforeAll {
        $script:Run = Invoke-Sessions @{ InputPath = $SessionsJsonl }
    }

    It 'writes sessions.csv and skipped.csv, and nothing else' {
        (Get-ChildItem -LiteralPath $Run.Directory).Name | Sort-Object | Should -Be @('sessions.csv', 'skipped.csv')
        $Run.Errors | Should -BeNullOrEmpty
        $Run.Warnings | Should -BeNullOrEmpty
    }

    It 'writes the seed''s sessions.csv exactly' {
        Read-Text (Join-Path $Run.Directory 'sessions.csv') | Should -BeExactly (Csv-Text @(
                'user_id,session_start,session_end,event_count'
                '1,2024-07-10T10:00:00Z,2024-07-10T10:05:00Z,2'
                '2,2024-07-10T10:10:00Z,2024-07-10T10:10:00Z,1'
            ))
    }

    It 'writes the seed''s skipped.csv exactly: record number, reason and message, and the fields' {
        Read-Text (Join-Path $Run.Directory 'skipped.csv') | Should -BeExactly (Csv-Text @(
                'event,reason,user_id,event_time,event_type'
                '4,InvalidTimestamp: ''invalid-timestamp'' is not a valid timestamp.,2,invalid-timestamp,click'
            ))
    }

    It 'writes UTF-8 without a byte order mark' {
        foreach ($file in @{ Name = 'sessions.csv'; First = 'u' }, @{ Name = 'skipped.csv'; First = 'e' }) {
            $bytes = [System.IO.File]::ReadAllBytes((Join-Path $Run.Directory $file.Name))
            $bytes[0] | Should -Be ([byte][char]$file.First) -Because "$($file.Name) starts with its header"
        }
    }

    It 'prints the seed''s statistics block' {
        $Run.Printed | Should -Be @(
            'Done.'
            'total_events: 5'
            'valid_events: 4'
            'skipped_events: 1'
            'duplicates_removed: 1'
            'unique_users: 2'
        )
    }

    It 'takes -Path as another name for -InputPath, and reads samples/sessions.jsonl by default' {
        $aliased = Invoke-Sessions @{ Path = $SessionsJsonl }
        $default = Invoke-Sessions @{}
        foreach ($other in $aliased, $default) {
            foreach ($name in 'sessions.csv', 'skipped.csv') {
                Read-Text (Join-Path $other.Directory $name) | Should -BeExactly (Read-Text (Join-Path $Run.Directory $name))
            }

            $other.Printed | Should -Be $Run.Printed
        }
    }
}

Describe 'samples/sessions.ps1 on other input' {
    It 'numbers a skipped record by its place among the records, not by its line' {
        # The bad record is the second record and starts on line 3.
        $file = Join-Path $TestDrive 'pretty.json'
        Set-Content -LiteralPath $file -Value @(
            '['
            '  {"user_id": 1, "event_time": "2024-07-10T10:00:00Z", "event_type": "login"},'
            '  {'
            '    "user_id": 2,'
            '    "event_time": "not a time",'
            '    "event_type": "click"'
            '  },'
            '  {"user_id": 2, "event_time": "2024-07-10T10:10:00Z", "event_type": "view"}'
            ']'
        )
        $null = Import-EventRecord $file -ErrorVariable bad -ErrorAction SilentlyContinue
        $bad.Count | Should -Be 1
        $bad[0].TargetObject.Line | Should -Be 3
        $bad[0].TargetObject.Record | Should -Be 2

        $run = Invoke-Sessions @{ InputPath = $file }
        Read-Text (Join-Path $run.Directory 'skipped.csv') | Should -BeExactly (Csv-Text @(
                'event,reason,user_id,event_time,event_type'
                '2,InvalidTimestamp: ''not a time'' is not a valid timestamp.,2,not a time,click'
            ))
        Read-Text (Join-Path $run.Directory 'sessions.csv') | Should -BeExactly (Csv-Text @(
                'user_id,session_start,session_end,event_count'
                '1,2024-07-10T10:00:00Z,2024-07-10T10:00:00Z,1'
                '2,2024-07-10T10:10:00Z,2024-07-10T10:10:00Z,1'
            ))
        $run.Printed | Should -Be @('Done.', 'total_events: 3', 'valid_events: 2', 'skipped_events: 1', 'duplicates_removed: 0', 'unique_users: 2')
    }

    It 'neutralises user names that a spreadsheet would run as formulas (CSV injection)' {
        $file = Join-Path $TestDrive 'formulas.jsonl'
        Set-Content -LiteralPath $file -Value @(
            '{"user_id": "=HYPERLINK(\"http://x.test\",\"y\")", "event_time": "2024-07-10T10:00:00Z", "event_type": "login"}'
            '{"user_id": "=cmd|'' /C calc''!A0", "event_time": "2024-07-10T10:01:00Z", "event_type": "login"}'
            '{"user_id": "@SUM(1+1)", "event_time": "2024-07-10T10:02:00Z", "event_type": "login"}'
            '{"user_id": "-5", "event_time": "2024-07-10T10:03:00Z", "event_type": "login"}'
            '{"user_id": "+x", "event_time": "bad", "event_type": "=evil()"}'
        )
        $run = Invoke-Sessions @{ InputPath = $file }

        $sessions = Import-Csv (Join-Path $run.Directory 'sessions.csv')
        $expected = "'=cmd|' /C calc'!A0", "'=HYPERLINK(""http://x.test"",""y"")", "'@SUM(1+1)", '-5'
        @($sessions.user_id | Sort-Object) | Should -Be @($expected | Sort-Object)
        $skipped = Import-Csv (Join-Path $run.Directory 'skipped.csv')
        $skipped.user_id | Should -Be "'+x"
        $skipped.event_type | Should -Be "'=evil()"
    }

    It 'leaves numbers, dates and plain text as they are when it neutralises formulas' {
        . (Join-Path $Samples 'common' 'ConvertTo-SafeCsvRow.ps1')
        $row = [pscustomobject]@{ Negative = -1.5; Text = '-1.5'; Date = [datetime]'2024-07-10'; Plain = 'alice'; Tab = "`tx" } |
            ConvertTo-SafeCsvRow
        $row.Negative | Should -Be -1.5
        $row.Text | Should -Be '-1.5'
        $row.Date | Should -Be ([datetime]'2024-07-10')
        $row.Plain | Should -Be 'alice'
        $row.Tab | Should -Be "'`tx"
    }

    It 'writes only the header to skipped.csv when every record is good' {
        $file = Join-Path $TestDrive 'clean.jsonl'
        Set-Content -LiteralPath $file -Value '{"user_id": 7, "event_time": "2024-07-10T10:00:00Z", "event_type": "login"}'
        $run = Invoke-Sessions @{ InputPath = $file }
        Read-Text (Join-Path $run.Directory 'skipped.csv') | Should -BeExactly (Csv-Text @('event,reason,user_id,event_time,event_type'))
        Read-Text (Join-Path $run.Directory 'sessions.csv') | Should -BeExactly (Csv-Text @(
                'user_id,session_start,session_end,event_count'
                '7,2024-07-10T10:00:00Z,2024-07-10T10:00:00Z,1'
            ))
    }
}

Describe 'Measure-UserEvent -ThrottleLimit, exported with Export-Csv' {
    BeforeAll {
        # Several files, messy ones among them, and one JSON Lines file large enough (over 16 MiB) to be cut into
        # line ranges: a block of 1,000 lines with bad lines among them, repeated.
        $script:Logs = Join-Path $TestDrive 'logs'
        $null = New-Item -ItemType Directory -Path $Logs
        $block = [System.Text.StringBuilder]::new()
        foreach ($i in 0..999) {
            $line = switch ($i % 50) {
                7 { '{"user":"u1","event":"view"' }                                         # InvalidJson
                19 { '{"user":"u2","status":"ok"}' }                                        # MissingField
                31 { '{"user":"u3","event":"view","timestamp":"2024-02-30T10:00:00Z"}' }    # InvalidTimestamp
                43 { '' }                                                                   # blank line
                default {
                    '{{"user":"u{0}","event":"e{1}","status":"{2}","timestamp":"2024-06-01T{3:00}:{4:00}:00Z"}}' -f
                    ($i * 7 % 300), ($i % 70), ('success', 'fail', 'ok', 'error')[$i % 4], ($i % 24), ($i % 60)
                }
            }
            $null = $block.Append($line).Append("`n")
        }
        $big = Join-Path $Logs 'big.jsonl'
        [System.IO.File]::WriteAllText($big, [string]::Concat([System.Linq.Enumerable]::Repeat($block.ToString(), 230)))
        (Get-Item -LiteralPath $big).Length | Should -BeGreaterThan (16MB)

        foreach ($n in 1..3) {
            $lines = foreach ($i in 0..(400 * $n)) {
                if ($i % 37 -eq 5) { 'not json' }
                else { '{{"user_id":"u{0}","event_type":"e{1}","result":"{2}"}}' -f ($i * $n % 350), ($i % 80), ('succeeded', 'failed')[$i % 2] }
            }
            Set-Content -LiteralPath (Join-Path $Logs "small-$n.jsonl") -Value $lines
        }
        Set-Content -LiteralPath (Join-Path $Logs 'table.csv') -Value @(
            'user,event,status,timestamp'
            'u1,login,success,2024-06-01 08:00:00'
            'u400,upload,fail,not a time'
            'u2,view,ok,2024-06-01 08:05:00'
        )
        '[{"user":"u5","event":"login","status":"ok"}, 5, {"user":"u6","event":"view","status":"maybe"}]' |
            Set-Content -LiteralPath (Join-Path $Logs 'array.json')

        # Exports the summaries and the skipped records (in a fixed order) of one run; returns their text. The run is
        # dot-sourced, so that its -ErrorVariable bad is set here.
        function script:Export-Run([scriptblock] $Run, [string] $Name) {
            $bad = $null
            $summaries = Join-Path $TestDrive "$Name-users.csv"
            $skipped = Join-Path $TestDrive "$Name-skipped.csv"
            . $Run | Export-Csv -LiteralPath $summaries
            $bad.TargetObject | Sort-Object Source, Record | Export-Csv -LiteralPath $skipped
            [pscustomobject]@{ Users = Read-Text $summaries; Skipped = Read-Text $skipped; SkippedCount = @($bad).Count }
        }
    }

    It 'writes the same users.csv, and the same skipped records, with -ThrottleLimit 2 as with 1' {
        $one = Export-Run { Measure-UserEvent -Path (Join-Path $Logs '*') -ThrottleLimit 1 -ErrorVariable bad -ErrorAction SilentlyContinue } 'one'
        $two = Export-Run { Measure-UserEvent -Path (Join-Path $Logs '*') -ThrottleLimit 2 -ErrorVariable bad -ErrorAction SilentlyContinue } 'two'

        ($one.Users -split "`n").Count | Should -BeGreaterThan 300
        $one.SkippedCount | Should -BeGreaterThan 13000
        $two.Users | Should -BeExactly $one.Users
        $two.SkippedCount | Should -Be $one.SkippedCount
        $two.Skipped | Should -BeExactly $one.Skipped
    }

    It 'gives the same from Get-ChildItem with -ThrottleLimit 2 as from -Path with 1' {
        $one = Export-Run { Measure-UserEvent -Path (Join-Path $Logs '*.jsonl') -ThrottleLimit 1 -ErrorVariable bad -ErrorAction SilentlyContinue } 'path'
        $piped = Export-Run { Get-ChildItem -LiteralPath $Logs -Filter *.jsonl | Measure-UserEvent -ThrottleLimit 2 -ErrorVariable bad -ErrorAction SilentlyContinue } 'piped'

        $piped.Users | Should -BeExactly $one.Users
        $piped.Skipped | Should -BeExactly $one.Skipped
    }
}
