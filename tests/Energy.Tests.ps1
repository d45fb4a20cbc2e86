# Pester 5 tests of samples/electro.ps1 (Electro rebuilt on Measure-KwhUsage) and of Measure-KwhUsage output once
# exported with Export-Csv, or run in parallel runspaces. Run against the built module in out/Aggregator.
#
# samples/electro/readings.json is Electro's example: 62 readings from 2024-07-01T00:05Z to 2024-07-03T05:50Z, none on
# 2024-07-02 nor in the hour 2024-07-01T03; line 12 has -0.4 kWh and line 22 the timestamp 2024-07-01T25:00:00Z. The
# seed writes, in UTC:
#   hourly_data_01_07.csv  24 rows, hourly_timestamp,aggregated_kWh_value; 2024-07-01T03:00:00Z,0
#   hourly_data_02_07.csv  24 rows, all 0
#   hourly_data_03_07.csv  6 rows, 00:00 to 05:00
#   daily_data.csv         2024-07-01,19.924 / 2024-07-02,0 / 2024-07-03,6.171
#   skipped.csv            the two bad readings, with line, reason and the fields

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:ElectroScript = Join-Path $Samples 'electro.ps1'
    $script:ReadingsJson = Join-Path $Samples 'electro' 'readings.json'
    $script:Invariant = [cultureinfo]::InvariantCulture

    function script:Csv-Text([string[]] $Lines) {
        ($Lines -join [Environment]::NewLine) + [Environment]::NewLine
    }

    function script:Read-Text([string] $Path) {
        [System.IO.File]::ReadAllText($Path)
    }

    # Runs the sample into a fresh folder; returns the folder and what the script wrote to the pipeline.
    function script:Invoke-Electro([hashtable] $Arguments) {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $printed = @(& $ElectroScript @Arguments -OutputDirectory $dir -ErrorVariable failures -WarningVariable warnings)
        [pscustomobject]@{ Directory = $dir; Printed = $printed; Errors = @($failures); Warnings = @($warnings) }
    }

    # The rows of a CSV file the sample wrote, with the kWh as a number (parsed the invariant way, as written).
    function script:Read-Rows([string] $Path) {
        Import-Csv -LiteralPath $Path | ForEach-Object {
            $_.aggregated_kWh_value = [double]::Parse($_.aggregated_kWh_value, $Invariant)
            $_
        }
    }

    # The sample's readings as written, every field a string (as Import-Csv would give them), meter_id or source_id
    # as meter_id. Read with System.Text.Json, so that no JSON cmdlet turns timestamps into dates of its own.
    function script:Read-SampleReadings {
        $document = [System.Text.Json.JsonDocument]::Parse((Get-Content -LiteralPath $ReadingsJson -Raw))
        try {
            foreach ($element in $document.RootElement.EnumerateArray()) {
                $fields = @{}
                foreach ($property in $element.EnumerateObject()) {
                    $fields[$property.Name] = if ($property.Value.ValueKind -eq 'String') { $property.Value.GetString() } else { $property.Value.GetRawText() }
                }
                [pscustomobject]@{
                    timestamp = $fields['timestamp']
                    kWh_value = $fields['kWh_value']
                    meter_id  = if ($fields.ContainsKey('meter_id')) { $fields['meter_id'] } else { $fields['source_id'] }
                }
            }
        }
        finally {
            $document.Dispose()
        }
    }

    # Sums the valid readings of the sample per UTC hour, straight from the JSON: the figures the files must hold.
    function script:Get-ExpectedHourly {
        $sums = @{}
        $readings = @(Read-SampleReadings)
        $readings.Count | Should -Be 62
        foreach ($r in $readings) {
            $time = [datetimeoffset]::MinValue
            $kwh = [double]::Parse($r.kWh_value, $Invariant)
            if ($kwh -lt 0 -or -not [datetimeoffset]::TryParse($r.timestamp, $Invariant, 'AssumeUniversal', [ref] $time)) { continue }
            $key = $time.UtcDateTime.ToString("yyyy-MM-dd'T'HH':00:00Z'", $Invariant)
            $sums[$key] = [double]$sums[$key] + $kwh
        }
        $sums
    }
}

Describe 'samples/electro.ps1 on the seed example (UTC)' {
    BeforeAll {
        $script:Run = Invoke-Electro @{ InputPath = $ReadingsJson }
        $script:Hourly = @{}
        foreach ($day in '01_07', '02_07', '03_07') {
            $Hourly[$day] = @(Read-Rows (Join-Path $Run.Directory "hourly_data_$day.csv"))
        }
        $script:Daily = @(Read-Rows (Join-Path $Run.Directory 'daily_data.csv'))
    }

    It 'writes the five files, and nothing else' {
        (Get-ChildItem -LiteralPath $Run.Directory).Name | Sort-Object | Should -Be @(
            'daily_data.csv', 'hourly_data_01_07.csv', 'hourly_data_02_07.csv', 'hourly_data_03_07.csv', 'skipped.csv')
        $Run.Warnings | Should -BeNullOrEmpty
    }

    It 'passes no error on to the caller: the two bad readings are in skipped.csv, not errors of the script' {
        # As samples/sessions.ps1 does: a caller's -ErrorVariable sees only what the script passes on (a missing file).
        $Run.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" } | Should -BeNullOrEmpty
    }

    It 'passes a missing input file on as an error, and still writes the files of the others' {
        $run = Invoke-Electro @{ InputPath = (Join-Path $TestDrive 'nope.json'), $ReadingsJson; ErrorAction = 'SilentlyContinue' }
        @($run.Errors | Where-Object { $_.TargetObject -isnot [Aggregator.SkippedRecord] }).FullyQualifiedErrorId -replace ',.*' |
            Sort-Object -Unique | Should -Be 'PathNotFound'
        Read-Text (Join-Path $run.Directory 'daily_data.csv') | Should -BeExactly (Read-Text (Join-Path $Run.Directory 'daily_data.csv'))
    }

    It 'writes the columns hourly_timestamp,aggregated_kWh_value and daily_timestamp,aggregated_kWh_value, unquoted, without a BOM' {
        foreach ($day in '01_07', '02_07', '03_07') {
            $path = Join-Path $Run.Directory "hourly_data_$day.csv"
            (Get-Content -LiteralPath $path -TotalCount 1) | Should -BeExactly 'hourly_timestamp,aggregated_kWh_value'
            [System.IO.File]::ReadAllBytes($path)[0] | Should -Be ([byte][char]'h')
        }
        (Get-Content -LiteralPath (Join-Path $Run.Directory 'daily_data.csv') -TotalCount 1) | Should -BeExactly 'daily_timestamp,aggregated_kWh_value'
        (Get-Content -LiteralPath (Join-Path $Run.Directory 'hourly_data_01_07.csv'))[1] | Should -BeExactly '2024-07-01T00:00:00Z,0.685'
    }

    It 'writes sums as short decimals: 0.149 + 0.174 is 0.323, not 0.32299999999999995' {
        $lines = Get-Content -LiteralPath (Join-Path $Run.Directory 'hourly_data_01_07.csv')
        $lines | Should -Contain '2024-07-01T02:00:00Z,0.323'
        $lines | Should -Contain '2024-07-01T04:00:00Z,0.844'
        foreach ($day in '01_07', '02_07', '03_07') {
            Get-Content -LiteralPath (Join-Path $Run.Directory "hourly_data_$day.csv") | Select-Object -Skip 1 |
                ForEach-Object { $_ | Should -Match ',\d+(\.\d{1,3})?$' -Because 'the readings have three decimals' }
        }
    }

    It 'writes every hour of each day, zero-filled: 24, 24 and 6 rows' {
        $Hourly['01_07'].hourly_timestamp | Should -Be @(0..23 | ForEach-Object { '2024-07-01T{0:00}:00:00Z' -f $_ })
        $Hourly['02_07'].hourly_timestamp | Should -Be @(0..23 | ForEach-Object { '2024-07-02T{0:00}:00:00Z' -f $_ })
        $Hourly['03_07'].hourly_timestamp | Should -Be @(0..5 | ForEach-Object { '2024-07-03T{0:00}:00:00Z' -f $_ })
    }

    It 'writes hourly_data_02_07.csv as 24 rows of 0' {
        $Hourly['02_07'].Count | Should -Be 24
        $Hourly['02_07'] | Where-Object aggregated_kWh_value -ne 0 | Should -BeNullOrEmpty
        (Get-Content -LiteralPath (Join-Path $Run.Directory 'hourly_data_02_07.csv') | Select-Object -Skip 1) -replace '^.*,' |
            Sort-Object -Unique | Should -BeExactly '0'
    }

    It 'writes 2024-07-01T03 as 0, the hour without readings' {
        (Get-Content -LiteralPath (Join-Path $Run.Directory 'hourly_data_01_07.csv')) | Should -Contain '2024-07-01T03:00:00Z,0'
        ($Hourly['01_07'] | Where-Object aggregated_kWh_value -eq 0).hourly_timestamp | Should -Be '2024-07-01T03:00:00Z'
    }

    It 'writes the sums of the JSON for every hour, the bad readings left out' {
        $expected = Get-ExpectedHourly
        foreach ($row in $Hourly.Values | ForEach-Object { $_ }) {
            $want = [double]$expected[$row.hourly_timestamp]
            [math]::Abs($row.aggregated_kWh_value - $want) | Should -BeLessThan 1e-9 -Because "$($row.hourly_timestamp) sums to $want"
        }
        ($Hourly['01_07'] | Where-Object hourly_timestamp -eq '2024-07-01T04:00:00Z').aggregated_kWh_value |
            Should -BeLessThan 0.8441 -Because 'the -0.4 at 04:10 is skipped, not subtracted'
    }

    It 'writes daily_data.csv exactly, with 2024-07-02 as 0' {
        Read-Text (Join-Path $Run.Directory 'daily_data.csv') | Should -BeExactly (Csv-Text @(
                'daily_timestamp,aggregated_kWh_value'
                '2024-07-01,19.924'
                '2024-07-02,0'
                '2024-07-03,6.171'
            ))
    }

    It 'writes daily totals that equal the sum of their hourly rows' {
        foreach ($day in $Daily) {
            $key = ([datetime]::ParseExact($day.daily_timestamp, 'yyyy-MM-dd', $Invariant)).ToString('dd_MM', $Invariant)
            $sum = ($Hourly[$key] | Measure-Object aggregated_kWh_value -Sum).Sum
            [math]::Abs($day.aggregated_kWh_value - $sum) | Should -BeLessThan 1e-9 -Because "$($day.daily_timestamp) is the sum of hourly_data_$key.csv"
        }
    }

    It 'writes skipped.csv with the two bad readings, their lines and reasons' {
        Read-Text (Join-Path $Run.Directory 'skipped.csv') | Should -BeExactly (Csv-Text @(
                'line,reason,meter,timestamp,value'
                '12,InvalidValue: The kWh value -0.4 is negative.,m1,2024-07-01T04:10:00Z,-0.4'
                '22,InvalidTimestamp: ''2024-07-01T25:00:00Z'' is not a valid timestamp.,m2,2024-07-01T25:00:00Z,0.3'
            ))
    }

    It 'prints its summary line' {
        $Run.Printed | Should -Be @('Done. 54 hourly rows (25 without readings) in 3 hourly_data file(s), 3 daily rows, 2 reading(s) skipped.')
    }
}

Describe 'samples/electro.ps1 -TimeZone Europe/Madrid' {
    It 'buckets the seed example by Madrid hours and days (+02:00 in July)' {
        $run = Invoke-Electro @{ InputPath = $ReadingsJson; TimeZone = 'Europe/Madrid' }
        (Get-ChildItem -LiteralPath $run.Directory).Name | Sort-Object | Should -Be @(
            'daily_data.csv', 'hourly_data_01_07.csv', 'hourly_data_02_07.csv', 'hourly_data_03_07.csv', 'skipped.csv')

        # 00:05Z is 02:05 in Madrid: July 1st starts at 02:00; July 3rd ends at 07:00 (05:50Z).
        $first = @(Read-Rows (Join-Path $run.Directory 'hourly_data_01_07.csv'))
        $second = @(Read-Rows (Join-Path $run.Directory 'hourly_data_02_07.csv'))
        $third = @(Read-Rows (Join-Path $run.Directory 'hourly_data_03_07.csv'))
        $first.hourly_timestamp | Should -Be @(2..23 | ForEach-Object { '2024-07-01T{0:00}:00:00+02:00' -f $_ })
        $second.hourly_timestamp | Should -Be @(0..23 | ForEach-Object { '2024-07-02T{0:00}:00:00+02:00' -f $_ })
        $third.hourly_timestamp | Should -Be @(0..7 | ForEach-Object { '2024-07-03T{0:00}:00:00+02:00' -f $_ })

        # July 1st 22:00Z and 23:00Z are Madrid's July 2nd 00:00 and 01:00; the rest of that day is 0.
        ($second | Where-Object aggregated_kWh_value -ne 0).hourly_timestamp | Should -Be @('2024-07-02T00:00:00+02:00', '2024-07-02T01:00:00+02:00')
        $expected = Get-ExpectedHourly
        [math]::Abs($second[0].aggregated_kWh_value - $expected['2024-07-01T22:00:00Z']) | Should -BeLessThan 1e-9
        [math]::Abs($second[1].aggregated_kWh_value - $expected['2024-07-01T23:00:00Z']) | Should -BeLessThan 1e-9
        ($first | Where-Object aggregated_kWh_value -eq 0).hourly_timestamp | Should -Be '2024-07-01T05:00:00+02:00'

        $daily = @(Read-Rows (Join-Path $run.Directory 'daily_data.csv'))
        $daily.daily_timestamp | Should -Be @('2024-07-01', '2024-07-02', '2024-07-03')
        foreach ($pair in @($daily[0], $first), @($daily[1], $second), @($daily[2], $third)) {
            [math]::Abs($pair[0].aggregated_kWh_value - ($pair[1] | Measure-Object aggregated_kWh_value -Sum).Sum) | Should -BeLessThan 1e-9
        }
        [math]::Abs(($daily | Measure-Object aggregated_kWh_value -Sum).Sum - (19.924 + 6.171)) | Should -BeLessThan 1e-9
    }

    It 'writes 23 hourly rows for the spring-forward day and 25 for the autumn day' {
        # One reading of 0.25 kWh every 15 minutes (UTC) around both clock changes of 2024.
        $file = Join-Path $TestDrive 'dst.jsonl'
        $lines = foreach ($start in [datetimeoffset]'2024-03-30T12:00:00Z', [datetimeoffset]'2024-10-26T12:00:00Z') {
            foreach ($i in 0..(4 * 48 - 1)) {
                '{{"timestamp": "{0}", "kWh_value": 0.25, "meter_id": "m1"}}' -f $start.AddMinutes(15 * $i).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", $Invariant)
            }
        }
        Set-Content -LiteralPath $file -Value $lines
        $run = Invoke-Electro @{ InputPath = $file; TimeZone = 'Europe/Madrid' }
        $run.Errors | Should -BeNullOrEmpty

        $spring = @(Read-Rows (Join-Path $run.Directory 'hourly_data_31_03.csv'))
        $spring.Count | Should -Be 23
        $spring.hourly_timestamp[0..2] | Should -Be @('2024-03-31T00:00:00+01:00', '2024-03-31T01:00:00+01:00', '2024-03-31T03:00:00+02:00')
        $spring | Where-Object aggregated_kWh_value -ne 1 | Should -BeNullOrEmpty

        $autumn = @(Read-Rows (Join-Path $run.Directory 'hourly_data_27_10.csv'))
        $autumn.Count | Should -Be 25
        $autumn.hourly_timestamp[1..4] | Should -Be @(
            '2024-10-27T01:00:00+02:00', '2024-10-27T02:00:00+02:00', '2024-10-27T02:00:00+01:00', '2024-10-27T03:00:00+01:00')
        $autumn | Where-Object aggregated_kWh_value -ne 1 | Should -BeNullOrEmpty

        $daily = @(Read-Rows (Join-Path $run.Directory 'daily_data.csv'))
        ($daily | Where-Object daily_timestamp -eq '2024-03-31').aggregated_kWh_value | Should -Be 23
        ($daily | Where-Object daily_timestamp -eq '2024-10-27').aggregated_kWh_value | Should -Be 25
    }
}

Describe 'Measure-KwhUsage exported with Export-Csv' {
    It 'has one readable value in every cell, never System.Object[]' {
        $path = Join-Path $TestDrive 'usage.csv'
        $usage = @(Measure-KwhUsage -Path $ReadingsJson -Interval Hour, Day -ByMeter -ErrorAction SilentlyContinue)
        $usage | Export-Csv -LiteralPath $path

        $text = Read-Text $path
        $text | Should -Not -Match 'System\.'
        # TimeZone names the zone the periods follow (empty for UTC), so that Merge-Aggregate fills in the same zone.
        (Get-Content -LiteralPath $path -TotalCount 1) | Should -BeExactly '"Period","Interval","MeterId","Kwh","Readings","TimeZone"'
        $back = @(Import-Csv -LiteralPath $path)
        @($back.TimeZone | Sort-Object -Unique) | Should -Be @('')
        $back.Count | Should -Be $usage.Count
        $back.Count | Should -Be ((54 + 3) * 3)
        for ($i = 0; $i -lt $back.Count; $i++) {
            [datetimeoffset]::Parse($back[$i].Period) | Should -Be $usage[$i].Period
            $back[$i].Interval | Should -BeExactly $usage[$i].Interval.ToString()
            $back[$i].MeterId | Should -BeExactly $usage[$i].MeterId
            [double]$back[$i].Kwh | Should -Be $usage[$i].Kwh
            [long]$back[$i].Readings | Should -Be $usage[$i].Readings
        }
    }

    It 'takes Import-Csv rows of a kWh file by property name, and gives what the file gives' {
        $csv = Join-Path $TestDrive 'readings.csv'
        Read-SampleReadings | Export-Csv -LiteralPath $csv

        $fromRows = @(Import-Csv -LiteralPath $csv | Measure-KwhUsage -Interval Hour, Day -ByMeter -ErrorVariable rowErrors -ErrorAction SilentlyContinue)
        $fromFile = @(Measure-KwhUsage -Path $ReadingsJson -Interval Hour, Day -ByMeter -ErrorAction SilentlyContinue)

        $fromRows.Count | Should -Be $fromFile.Count
        ($fromRows | ForEach-Object { "$($_.Period) $($_.Interval) $($_.MeterId) $($_.Kwh) $($_.Readings)" }) |
            Should -Be ($fromFile | ForEach-Object { "$($_.Period) $($_.Interval) $($_.MeterId) $($_.Kwh) $($_.Readings)" })
        $rowErrors.FullyQualifiedErrorId -replace ',.*' | Should -Be @('InvalidValue', 'InvalidTimestamp')
        $rowErrors[0].TargetObject | Should -BeOfType ([Aggregator.SkippedRecord])
        $rowErrors[0].TargetObject.Source | Should -Be '(pipeline)'
    }
}

Describe 'Measure-KwhUsage output piped back in' {
    BeforeAll {
        function script:Get-Line($Usage) {
            $Usage | ForEach-Object { '{0:o} {1} {2} {3} {4}' -f $_.Period, $_.Interval, $_.MeterId, [math]::Round($_.Kwh, 9), $_.Readings }
        }
        $script:Daily = @(Measure-KwhUsage -Path $ReadingsJson -Interval Day -ByMeter -ErrorAction SilentlyContinue)
    }

    It 'sums hourly rows into the daily rows of the file, live' {
        $again = @(Measure-KwhUsage -Path $ReadingsJson -ByMeter -ErrorAction SilentlyContinue | Measure-KwhUsage -Interval Day -ByMeter)
        Get-Line $again | Should -Be (Get-Line $Daily)
    }

    It 'sums hourly rows into the daily rows of the file, after Export-Csv and Import-Csv in <Culture>' -ForEach @(
        @{ Culture = 'en-US' }, @{ Culture = 'invariant' }) {
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = if ($Culture -eq 'invariant') { [cultureinfo]::InvariantCulture } else { [cultureinfo]$Culture }
            $path = Join-Path $TestDrive "hourly-$Culture.csv"
            Measure-KwhUsage -Path $ReadingsJson -ByMeter -ErrorAction SilentlyContinue | Export-Csv -LiteralPath $path
            # Export-Csv writes in the session's culture; timestamp text is read in the invariant culture unless -Culture names one.
            $cultureParameter = if ($Culture -eq 'invariant') { @{} } else { @{ Culture = $Culture } }
            $again = @(Import-Csv -LiteralPath $path | Measure-KwhUsage -Interval Day -ByMeter -ErrorVariable rowErrors @cultureParameter)
        } finally {
            [cultureinfo]::CurrentCulture = $saved
        }

        $rowErrors.Count | Should -Be 0
        Get-Line $again | Should -Be (Get-Line $Daily)
    }

    It 'sums hourly rows into the daily rows of the file, after Export-Clixml and Import-Clixml' {
        $path = Join-Path $TestDrive 'hourly.clixml'
        Measure-KwhUsage -Path $ReadingsJson -ByMeter -ErrorAction SilentlyContinue | Export-Clixml -LiteralPath $path
        $again = @(Import-Clixml -LiteralPath $path | Measure-KwhUsage -Interval Day -ByMeter)
        Get-Line $again | Should -Be (Get-Line $Daily)
    }

    It 'takes a Period as -From and -To, live and from Import-Clixml' {
        $path = Join-Path $TestDrive 'days.clixml'
        $Daily | Export-Clixml -LiteralPath $path
        $copy = @(Import-Clixml -LiteralPath $path)
        $live = @(Measure-KwhUsage -Path $ReadingsJson -From $Daily[3].Period -To $Daily[6].Period -ErrorAction SilentlyContinue)
        $copied = @(Measure-KwhUsage -Path $ReadingsJson -From $copy[3].Period -To $copy[6].Period -ErrorAction SilentlyContinue)
        $live.Count | Should -Be 24
        $live[0].Period | Should -Be $Daily[3].Period
        Get-Line $copied | Should -Be (Get-Line $live)
    }

    It 'gives the aggregate and the statistics to a script with $ErrorActionPreference = Stop' {
        $ErrorActionPreference = 'Stop'
        $usage = @(Measure-KwhUsage -Path $ReadingsJson -Interval Day -StatisticsVariable st -ErrorVariable bad 2>$null)
        $usage.Count | Should -Be 3
        $st.SkippedRecords | Should -Be 2
        $bad.Count | Should -Be 2
    }
}

Describe 'Measure-KwhUsage in parallel runspaces' {
    BeforeAll {
        $script:Manifest = Join-Path $Repo 'out' 'Aggregator' 'Aggregator.psd1'
        # Several files in two folders, so that each parallel run reads different input.
        $script:Folders = foreach ($n in 1..4) {
            $dir = Join-Path $TestDrive "meters-$n"
            $null = New-Item -ItemType Directory -Path $dir
            Copy-Item -LiteralPath $ReadingsJson -Destination (Join-Path $dir 'a.json')
            $lines = foreach ($i in 0..(500 * $n)) {
                '{{"timestamp": "2024-07-0{0}T{1:00}:{2:00}:00Z", "kWh_value": {3}, "meter_id": "m{4}"}}' -f (1 + $i % 3), ($i % 24), ($i % 60), (($i % 17) / 8), ($i % 5)
            }
            Set-Content -LiteralPath (Join-Path $dir 'b.jsonl') -Value $lines
            $dir
        }

        function script:Format-Usage([object[]] $Rows) {
            @($Rows | ForEach-Object { '{0:o} {1} {2} {3} {4}' -f $_.Period, $_.Interval, $_.MeterId, $_.Kwh.ToString('R', $Invariant), $_.Readings })
        }

        $script:Sequential = @{}
        foreach ($dir in $Folders) {
            $Sequential[$dir] = Format-Usage (Measure-KwhUsage -Path (Join-Path $dir '*') -Interval Hour, Day -ByMeter -TimeZone Europe/Madrid -ErrorAction SilentlyContinue)
        }
    }

    It 'gives in ForEach-Object -Parallel, several at once, what a sequential run gives' {
        $results = $Folders | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:Manifest
            $rows = Measure-KwhUsage -Path (Join-Path $_ '*') -Interval Hour, Day -ByMeter -TimeZone Europe/Madrid -ThrottleLimit 2 -ErrorAction SilentlyContinue
            [pscustomobject]@{
                Folder = $_
                Rows   = @($rows | ForEach-Object { '{0:o} {1} {2} {3} {4}' -f $_.Period, $_.Interval, $_.MeterId, $_.Kwh.ToString('R', [cultureinfo]::InvariantCulture), $_.Readings })
                Typed  = @($rows | Where-Object { $_ -isnot [Aggregator.KwhUsage] }).Count -eq 0
            }
        }

        $results.Count | Should -Be 4
        foreach ($result in $results) {
            $result.Typed | Should -BeTrue
            $result.Rows.Count | Should -BeGreaterThan 100
            $result.Rows | Should -Be $Sequential[$result.Folder] -Because "$($result.Folder) read in parallel"
        }
    }

    It 'gives in Start-ThreadJob, several at once, what a sequential run gives' -Skip:(-not (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)) {
        $jobs = foreach ($dir in $Folders) {
            Start-ThreadJob -ArgumentList $Manifest, $dir -ScriptBlock {
                param($manifest, $dir)
                Import-Module $manifest
                Measure-KwhUsage -Path (Join-Path $dir '*') -Interval Hour, Day -ByMeter -TimeZone Europe/Madrid -ThrottleLimit 2 -ErrorAction SilentlyContinue
            }
        }
        $outputs = foreach ($job in $jobs) { , @($job | Receive-Job -Wait -AutoRemoveJob) }

        for ($i = 0; $i -lt $Folders.Count; $i++) {
            $outputs[$i] | ForEach-Object { $_ | Should -BeOfType ([Aggregator.KwhUsage]) }
            Format-Usage $outputs[$i] | Should -Be $Sequential[$Folders[$i]]
        }
    }

    It 'gives in runspaces run at once (what Start-ThreadJob does) what a sequential run gives' {
        $runs = Invoke-InRunspacePool $Folders {
            param($dir)
            Measure-KwhUsage -Path (Join-Path $dir '*') -Interval Hour, Day -ByMeter -TimeZone Europe/Madrid -ThrottleLimit 2 -ErrorAction SilentlyContinue
        }
        foreach ($run in $runs) {
            $run.Errors | Where-Object { $_.TargetObject -isnot [Aggregator.SkippedRecord] } | Should -BeNullOrEmpty
            Format-Usage $run.Output | Should -Be $Sequential[$run.Folder]
        }
    }
}
