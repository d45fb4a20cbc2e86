# Pester 5 tests of merging partial results: a data set split in three, each part summarised where it lives (three
# "hosts" over real SSH remoting on 127.0.0.1-3, three Start-Job processes, three CSV files), then Merge-Aggregate.
# For every kind of result the merge must equal one run over all the data. Needs what Remoting.Tests.ps1 needs.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'Shared' 'SshLoopback.ps1')
    . (Join-Path $PSScriptRoot 'Shared' 'ScaleOutData.ps1')

    $script:DataFolder = Join-Path ([IO.Path]::GetTempPath()) "aggregator-scaleout-$PID"
    $script:Parts = @(New-ScaleOutData $DataFolder)
    $all = [pscustomobject]@{ Events = $Parts.Events; Kwh = $Parts.Kwh; Sensors = $Parts.Sensors }
    $script:Expected = @{}
    foreach ($result in (& $ScaleOutScript $all)) {
        if (-not $Expected.ContainsKey($result.Check)) { $Expected[$result.Check] = [Collections.Generic.List[object]]::new() }
        $Expected[$result.Check].Add($result)
    }
    $script:Checks = @($Expected.Keys | Sort-Object)
    $script:KindOf = @{
        users = 'UserEventSummary'; statistics = 'EventStatistics'; buckets = 'EventTimeBucket'; keyed = 'KeyedEventTimeBucket'
        sessions = 'EventSession'; 'whole-sessions' = 'EventSession'; kwh = 'KwhUsage'; sensors = 'SensorSummary'
        'sensor-files' = 'SensorFileSummary'; import = 'ImportStatistics'; summary = 'RecordSummary'
    }

    # Merges the partial results of one check and returns the merged results as comparable lines.
    function script:Merge-Check([object[]] $Partials, [string] $Check) {
        @($Partials | Where-Object Check -EQ $Check | Merge-Aggregate -WarningAction SilentlyContinue | ConvertTo-ComparableLine)
    }

    function script:Expected-Lines([string] $Check) { @($Expected[$Check] | ConvertTo-ComparableLine) }
}

AfterAll {
    Remove-Item -LiteralPath $DataFolder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The test data set' {
    It 'has every kind of result, and splits what must be joined' {
        $Checks.Count | Should -Be 11
        foreach ($kind in $KindOf.Keys) { $Expected[$kind].Count | Should -BeGreaterThan 0 -Because $kind }
        # One user's sessions and one kWh period are made of events on different hosts.
        $perHost = $Parts | ForEach-Object { @(Get-EventSession -Path $_.Events -ErrorAction SilentlyContinue | Where-Object User -EQ 'u01') }
        @($perHost).Count | Should -BeGreaterThan 1
        # 2 July (UTC) has no readings on any host: its hours are zero rows only a merge over the whole range can make.
        @($Expected['kwh'] | Where-Object { $_.Interval -eq 'Hour' -and $_.Readings -eq 0 }).Count | Should -BeGreaterThan 40
    }
}

Describe 'Merging over PowerShell remoting (SSH, three loopback hosts)' {
    BeforeAll {
        $script:Ssh = Start-SshLoopback
        $splat = $Ssh.Splat
        $script:Sessions = @(foreach ($address in $Ssh.Address) { New-PSSession -HostName $address @splat })
        foreach ($i in 0..2) {
            $part = $Parts[$i]
            Invoke-Command -Session $Sessions[$i] { Import-Module $using:manifest; $global:Part = $using:part }
        }
        $body = $ScaleOutScript.ToString()
        $script:Remote = @(Invoke-Command -Session $Sessions { & ([scriptblock]::Create($using:body)) $global:Part })
    }

    AfterAll {
        $Sessions | Remove-PSSession -ErrorAction SilentlyContinue
        Stop-SshLoopback $Ssh
    }

    It 'gets deserialized partial results from each host' {
        @($Remote.PSComputerName | Sort-Object -Unique) | Should -Be @('127.0.0.1', '127.0.0.2', '127.0.0.3')
        ($Remote | Where-Object Check -EQ users)[0].pstypenames[0] | Should -Be 'Deserialized.Aggregator.UserEventSummary'
        ($Remote | Where-Object Check -EQ summary)[0].pstypenames[0] | Should -Be 'Deserialized.Aggregator.RecordSummary'
    }

    It 'merges <_> into what one run over all the data gives' -ForEach @(
        'users', 'statistics', 'buckets', 'keyed', 'sessions', 'whole-sessions', 'kwh', 'sensors', 'sensor-files', 'import', 'summary'
    ) {
        Merge-Check $Remote $_ | Should -Be (Expected-Lines $_)
    }

    It 'says the merge is exact where it is' {
        ($Remote | Where-Object Check -EQ statistics | Merge-Aggregate).IsExact | Should -BeTrue
        ($Remote | Where-Object Check -EQ statistics | Merge-Aggregate).Users | Should -Be $Expected['statistics'][0].Users
        @($Remote | Where-Object Check -EQ summary | Merge-Aggregate | Where-Object { -not $_.IsExact }).Count | Should -Be 0
    }
}

Describe 'Merging across Start-Job (a real process boundary)' {
    BeforeAll {
        $body = $ScaleOutScript.ToString()
        $jobs = foreach ($part in $Parts) {
            Start-Job -ScriptBlock { param($manifest, $body, $part) Import-Module $manifest; & ([scriptblock]::Create($body)) $part } `
                -ArgumentList $manifest, $body, $part
        }
        $script:FromJobs = @($jobs | Receive-Job -Wait -AutoRemoveJob)
    }

    It 'merges <_> into what one run over all the data gives' -ForEach @(
        'users', 'statistics', 'buckets', 'keyed', 'sessions', 'whole-sessions', 'kwh', 'sensors', 'sensor-files', 'import', 'summary'
    ) {
        Merge-Check $FromJobs $_ | Should -Be (Expected-Lines $_)
    }
}

Describe 'Merging rows read back with Import-Csv -As' {
    BeforeAll {
        $script:CsvFolder = Join-Path $DataFolder 'csv'
        $null = New-Item -ItemType Directory -Path $CsvFolder -Force
        foreach ($part in $Parts) {
            $partials = @(& $ScaleOutScript $part)
            foreach ($check in $Checks) {
                $partials | Where-Object Check -EQ $check | Export-Csv -LiteralPath (Join-Path $CsvFolder "$check-$($part.Index).csv")
            }
        }
    }

    It 'merges <_> rows into what one run over all the data gives' -ForEach @(
        'users', 'statistics', 'buckets', 'keyed', 'sessions', 'whole-sessions', 'kwh', 'sensors', 'sensor-files', 'summary'
    ) {
        $rows = Get-ChildItem -LiteralPath $CsvFolder -Filter "$_-*.csv" | Import-Csv
        $merged = @($rows | Merge-Aggregate -As $KindOf[$_] -WarningAction SilentlyContinue | ConvertTo-ComparableLine)
        $merged | Should -Be (Expected-Lines $_)
    }

    It 'merges ImportStatistics rows: every figure but the per-file list, which a CSV cell only describes' {
        $rows = Get-ChildItem -LiteralPath $CsvFolder -Filter 'import-*.csv' | Import-Csv
        $merged = $rows | Merge-Aggregate -As ImportStatistics
        $expected = $Expected['import'][0]
        foreach ($name in 'Files', 'TotalRecords', 'ValidRecords', 'SkippedRecords', 'UniqueUsers', 'DuplicatesRemoved') {
            $merged.$name | Should -Be $expected.$name -Because $name
        }
        "$($merged.SkippedByReason)" | Should -Be "$($expected.SkippedByReason)"
        $merged.TotalRecords | Should -Be ($merged.ValidRecords + $merged.SkippedRecords)
    }

    It 'reports a row it cannot read, and merges the rest' {
        $rows = @(Get-ChildItem -LiteralPath $CsvFolder -Filter 'users-*.csv' | Import-Csv)
        $rows[0].TotalEvents = 'many'
        $merged = @($rows | Merge-Aggregate -As UserEventSummary -ErrorVariable bad -ErrorAction SilentlyContinue)
        @($bad).Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAggregate*'
        "$($bad[0])" | Should -BeLike '*TotalEvents*many*'
        $merged.Count | Should -BeGreaterThan 0
    }

    It 'refuses an object that is no result without -As' {
        { [pscustomobject]@{ A = 1 } | Merge-Aggregate -ErrorAction Stop } | Should -Throw -ErrorId 'NotAnAggregate*'
    }
}
