# Pester 5 tests of Measure-Record, the general summary: pipeline objects and files give the same groups, bad records
# are errors that lose nothing, and the output works with the rest of PowerShell (views, Export-Csv, merging).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Requests = Join-Path $TestDrive 'requests.jsonl'
    Set-Content -LiteralPath $Requests -Value @(
        '{"Path":"/api/a","User":"ann","DurationMs":120,"client":{"ip":"10.0.0.1"},"timestamp":"2024-07-01T10:05:00Z"}'
        '{"Path":"/api/a","User":"bob","DurationMs":80,"client":{"ip":"10.0.0.2"},"timestamp":"2024-07-01T10:25:00Z"}'
        '{"Path":"/api/a","User":"ann","DurationMs":200,"client":{"ip":"10.0.0.1"},"timestamp":"2024-07-01T11:05:00Z"}'
        '{"Path":"/api/b","User":"cat","DurationMs":15,"client":{"ip":"10.0.0.3"},"timestamp":"2024-07-01T11:10:00Z"}'
        '{"Path":"/api/b","User":"cat","DurationMs":"fast","timestamp":"2024-07-01T11:20:00Z"}'
        '{"Path":"/api/b","User":"dan","timestamp":"2024-07-01T11:30:00Z"}'
        'not json'
    )
    $script:Ask = @{ By = 'Path'; Percentile = 'DurationMs:50,95'; Top = 'User:2'; DistinctCount = 'client.ip'; Sum = 'DurationMs' }

    function script:Line($Summary) {
        '{0} count {1} sum {2} p50 {3} p95 {4} ips {5} top {6}' -f $Summary.Path, $Summary.Count, $Summary.DurationMs_Sum,
        $Summary.DurationMs_P50, $Summary.DurationMs_P95, $Summary.'client.ip_DistinctCount', $Summary.User_Top
    }
}

Describe 'Measure-Record' {
    It 'summarises a file by a field, with figures, distinct counts, percentiles and top values' {
        $groups = @(Measure-Record -Path $Requests @Ask -ErrorVariable bad -ErrorAction SilentlyContinue -StatisticsVariable st)

        @($groups | ForEach-Object { Line $_ }) | Should -Be @(
            '/api/a count 3 sum 400 p50 120 p95 200 ips 2 top ann=2;bob=1'
            '/api/b count 2 sum 15 p50 15 p95 15 ips 1 top cat=1;dan=1'
        )
        $groups[0].pstypenames[0] | Should -Be 'Aggregator.RecordSummary'
        $groups[0].IsExact | Should -BeTrue
        @($bad.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] }) | Should -Be @('InvalidField', 'InvalidJson')
        "$($bad[0])" | Should -BeLike '*line 5*DurationMs is not a number*fast*'
        $st.TotalRecords | Should -Be 7
        $st.TotalRecords | Should -Be ($st.ValidRecords + $st.SkippedRecords)
        ($groups | Measure-Object Count -Sum).Sum | Should -Be $st.ValidRecords
    }

    It 'gives the same groups from pipeline objects (ConvertFrom-Json, nested properties by dotted path)' {
        $objects = Get-Content -LiteralPath $Requests | Where-Object { $_ -ne 'not json' } | ForEach-Object { $_ | ConvertFrom-Json }
        $fromPipeline = @($objects | Measure-Record @Ask -ErrorAction SilentlyContinue)
        $fromFile = @(Measure-Record -Path $Requests @Ask -ErrorAction SilentlyContinue)

        @($fromPipeline | ForEach-Object { Line $_ }) | Should -Be @($fromFile | ForEach-Object { Line $_ })
    }

    It 'reads hashtables and Import-Csv rows, and -ThrottleLimit leaves piped rows records (a Path column is no file name)' {
        $csv = Join-Path $TestDrive 'requests.csv'
        Measure-Record -Path $Requests -By Path -ErrorAction SilentlyContinue | Out-Null
        Get-Content -LiteralPath $Requests | Where-Object { $_ -ne 'not json' } | ForEach-Object { $_ | ConvertFrom-Json } |
            Select-Object Path, User, DurationMs | Export-Csv -LiteralPath $csv
        $rows = @(Import-Csv -LiteralPath $csv | Measure-Record -By Path -Sum DurationMs -ThrottleLimit 2 -ErrorVariable bad -ErrorAction SilentlyContinue)
        @($rows | ForEach-Object { "$($_.Path) $($_.Count) $($_.DurationMs_Sum)" }) | Should -Be @('/api/a 3 400', '/api/b 2 15')   # dan's blank DurationMs counts, without a value; cat's 'fast' is skipped
        @($bad).Count | Should -Be 1

        $tables = @(@{ k = 'x'; v = 1 }, @{ k = 'x'; v = 2 }, @{ k = 'y'; v = 5 } | Measure-Record -By k -Average v)
        @($tables | ForEach-Object { "$($_.k) $($_.v_Average)" }) | Should -Be @('x 1.5', 'y 5')
    }

    It 'bins by time, and one group of everything without -By (Count 0 for no input)' {
        @(Measure-Record -Path $Requests -By Path -Interval 01:00:00 -ErrorAction SilentlyContinue |
            ForEach-Object { '{0} {1:HH:mm} {2}' -f $_.Path, $_.Bin, $_.Count }) |
            Should -Be @('/api/a 10:00 2', '/api/a 11:00 1', '/api/b 11:00 3')   # no numeric field asked: 'fast' is no problem
        (@() | Measure-Record -Sum v).Count | Should -Be 0
        (1..10 | ForEach-Object { [pscustomobject]@{ v = $_ } } | Measure-Record -Sum v -StandardDeviation v).v_Sum | Should -Be 55
    }

    It 'shows every column but State, and exports every column including State' {
        $groups = @(Measure-Record -Path $Requests @Ask -ErrorAction SilentlyContinue)
        $table = $groups | Format-Table | Out-String -Width 300
        $table | Should -Match 'DurationMs_P95'
        $table | Should -Not -Match 'State'
        $csv = Join-Path $TestDrive 'groups.csv'
        $groups | Export-Csv -LiteralPath $csv
        (Get-Content -LiteralPath $csv -TotalCount 1) | Should -BeLike '"Path","Count",*"IsExact","State"'
        $back = @(Import-Csv -LiteralPath $csv | Merge-Aggregate -As RecordSummary)
        @($back | ForEach-Object { Line $_ }) | Should -Be @($groups | ForEach-Object { Line $_ })
    }

    It 'refuses what it cannot answer, before reading anything' {
        { Measure-Record -Path $Requests -By a, b, c, d, e -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSummary*'
        { Measure-Record -Path $Requests -Percentile 'DurationMs:101' -ErrorAction Stop } | Should -Throw '*from 0 to 100*'
        { Measure-Record -Path $Requests -By Count -ErrorAction Stop } | Should -Throw "*would be named 'Count'*"
    }
}
