# Pester 5 tests of the module's user flows, run against the built module in out/Aggregator.
# Build first (dotnet build Aggregator.sln); ./build.ps1 and .ci/run do that.
#
# Expected values are worked out by hand from samples/events.json:
#   17 records; 14 valid; skipped: line 16 MissingField (no user), line 17 InvalidTimestamp (25:61:00),
#   line 18 UnknownStatus ('pending').
#   alice 4 (3 ok, 1 fail; login logout purchase view)   bob 4 (2, 2; login view)   carol 3 (1, 2; download upload)
#   dave 2 (2, 0; login view; the view has no timestamp)  erin 1 (1, 0; login)
#   Hours (UTC): 08 -> 5/3/2, 09 -> 3/2/1, 10 -> 3/1/2, 11 -> 2/2/0 (13 records; dave's view has no timestamp).
# samples/events-extra.json adds 6 records: gina 2 (12:10Z ok, 12:20+02:00 = 10:20Z failed), hank 1 (epoch 1717245000
# = 12:30Z, error), user 12 (13:00:00.250Z, ok), one truncated object and one line of garbage (2 x InvalidJson).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:ExtraJson = Join-Path $Samples 'events-extra.json'
    $script:AllJson = Join-Path $Samples '*.json'

    function script:Utc([int] $Hour, [int] $Minute = 0, [int] $Second = 0) {
        [datetime]::new(2024, 6, 1, $Hour, $Minute, $Second, [DateTimeKind]::Utc)
    }
}

Describe 'The module' {
    It 'exports the seventeen cmdlets and the Measure-UserEvents alias' {
        $module = Get-Module Aggregator
        @($module.ExportedCmdlets.Keys | Sort-Object) |
            Should -Be @('Add-SensorUpload', 'Export-AggregateReport', 'Export-JsonLines', 'Get-EventSession', 'Get-SensorResult',
                'Group-EventByHour', 'Import-EventRecord', 'Import-SensorReading', 'Import-SignInActivity', 'Measure-EventRecord',
                'Measure-KwhUsage', 'Measure-Record', 'Measure-SensorReading', 'Measure-UserEvent', 'Merge-Aggregate',
                'Start-AggregatorServer', 'Start-SensorIngest')
        @($module.ExportedAliases.Keys) | Should -Be @('Measure-UserEvents')
        (Get-Alias Measure-UserEvents).ResolvedCommandName | Should -Be 'Measure-UserEvent'
    }

    It 'declares <Cmdlet> output as <Type>' -TestCases @(
        @{ Cmdlet = 'Import-EventRecord'; Type = 'Aggregator.EventRecord' }
        @{ Cmdlet = 'Measure-UserEvent'; Type = 'Aggregator.UserEventSummary' }
        @{ Cmdlet = 'Measure-EventRecord'; Type = 'Aggregator.EventStatistics' }
        @{ Cmdlet = 'Group-EventByHour'; Type = 'Aggregator.EventTimeBucket' }
        @{ Cmdlet = 'Measure-KwhUsage'; Type = 'Aggregator.KwhUsage' }
        @{ Cmdlet = 'Import-SensorReading'; Type = 'Aggregator.SensorReading' }
        @{ Cmdlet = 'Measure-SensorReading'; Type = 'Aggregator.SensorFileSummary' }
        @{ Cmdlet = 'Import-SignInActivity'; Type = 'Aggregator.SignInActivity' }
        @{ Cmdlet = 'Export-JsonLines'; Type = 'System.IO.FileInfo' }
        @{ Cmdlet = 'Export-AggregateReport'; Type = 'System.IO.FileInfo' }
        @{ Cmdlet = 'Start-AggregatorServer'; Type = 'Aggregator.Service.ServerInfo' }
        @{ Cmdlet = 'Add-SensorUpload'; Type = 'Aggregator.SensorFileSummary' }
        @{ Cmdlet = 'Get-SensorResult'; Type = 'Aggregator.SensorSummary' }
    ) {
        (Get-Command $Cmdlet).OutputType.Name | Should -Contain $Type
    }

    It 'has a default table view for <_>' -ForEach @(
        'Aggregator.EventRecord', 'Aggregator.SkippedRecord', 'Aggregator.UserEventSummary',
        'Aggregator.EventStatistics', 'Aggregator.EventTimeBucket', 'Aggregator.KwhUsage', 'Aggregator.SensorReading',
        'Aggregator.SensorFileSummary', 'Aggregator.SensorSummary', 'Aggregator.SignInActivity', 'Aggregator.Service.ServerInfo'
    ) {
        Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
    }
}

Describe 'Import-EventRecord' {
    BeforeAll {
        $bad = $null
        $script:Records = @(Import-EventRecord $EventsJson -ErrorVariable bad -ErrorAction SilentlyContinue -StatisticsVariable stats)
        $script:Bad = @($bad)
        $script:Stats = $stats
    }

    It 'emits one typed EventRecord per valid record' {
        $Records.Count | Should -Be 14
        $Records | ForEach-Object { $_ | Should -BeOfType Aggregator.EventRecord }
        ($Records | Group-Object User -NoElement | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ' ' |
            Should -Be 'alice=4 bob=4 carol=3 dave=2 erin=1'
    }

    It 'fills User, Event, Status, Timestamp (UTC), Source and Line' {
        $first = $Records[0]
        $first.User | Should -Be 'alice'
        $first.Event | Should -Be 'login'
        $first.Status | Should -Be ([Aggregator.EventStatus]::Success)
        $first.Timestamp | Should -Be (Utc 8 5 12)
        $first.Timestamp.Kind | Should -Be 'Utc'
        $first.Source | Should -Be $EventsJson
        $first.Line | Should -Be 2

        $bobFail = $Records[2]
        $bobFail.User, $bobFail.Event, $bobFail.Status, $bobFail.Line | Should -Be @('bob', 'login', ([Aggregator.EventStatus]::Fail), 4)
    }

    It 'keeps a record without a timestamp, with a null Timestamp' {
        $daveView = $Records | Where-Object { $_.User -eq 'dave' -and $_.Event -eq 'view' }
        $daveView.Timestamp | Should -BeNullOrEmpty
        $daveView.Line | Should -Be 10
    }

    It 'reports every skipped record as an InvalidData error naming the reason' {
        $Bad.Count | Should -Be 3
        $Bad.FullyQualifiedErrorId | Should -Be @(
            'MissingField,Aggregator.Commands.ImportEventRecordCommand'
            'InvalidTimestamp,Aggregator.Commands.ImportEventRecordCommand'
            'UnknownStatus,Aggregator.Commands.ImportEventRecordCommand')
        $Bad | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidData' }
    }

    It 'puts a SkippedRecord with Source, Line, Reason and Raw in TargetObject' {
        $targets = $Bad.TargetObject
        $targets | ForEach-Object { $_ | Should -BeOfType Aggregator.SkippedRecord }
        $targets.Line | Should -Be @(16, 17, 18)
        $targets.Reason | Should -Be @('MissingField', 'InvalidTimestamp', 'UnknownStatus')
        $targets | ForEach-Object { $_.Source | Should -Be $EventsJson }
        $targets[0].Raw | Should -Be '{"status": "success", "event": "login", "timestamp": "2024-06-01 11:50:00"}'
        $targets[1].User | Should -Be 'frank'
        $targets[2].Raw | Should -BeLike '*"pending"*'
    }

    It 'exports the skipped records with $bad.TargetObject | Export-Csv' {
        $csv = Join-Path $TestDrive 'skipped.csv'
        $Bad.TargetObject | Export-Csv -LiteralPath $csv
        $rows = @(Import-Csv -LiteralPath $csv)
        $rows.Count | Should -Be 3
        $rows.Line | Should -Be @('16', '17', '18')
        $rows.Reason | Should -Be @('MissingField', 'InvalidTimestamp', 'UnknownStatus')
        $rows[1].Raw | Should -Be '{"user": "frank", "status": "success", "event": "login", "timestamp": "2024-06-01 25:61:00"}'
        Get-Content -LiteralPath $csv -Raw | Should -Not -Match 'System\.'
    }

    It 'sets -StatisticsVariable to counts that add up' {
        $Stats | Should -BeOfType Aggregator.ImportStatistics
        $Stats.Files | Should -Be 1
        $Stats.TotalRecords | Should -Be 17
        $Stats.ValidRecords | Should -Be 14
        $Stats.SkippedRecords | Should -Be 3
        $Stats.TotalRecords | Should -Be ($Stats.ValidRecords + $Stats.SkippedRecords)
        $Stats.SkippedByReason.MissingField | Should -Be 1
        $Stats.SkippedByReason.InvalidTimestamp | Should -Be 1
        $Stats.SkippedByReason.UnknownStatus | Should -Be 1
        $Stats.UniqueUsers | Should -Be 5
    }

    It 'writes one verbose line per file' {
        $verbose = @(Import-EventRecord $EventsJson -ErrorAction SilentlyContinue -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose.Message | Should -Be @('events.json: 17 read, 14 valid, 3 skipped')
    }

    It 'keeps reading past bad records under -ErrorAction Stop, and -MaxSkipped 0 fails the command' {
        $err = $null
        $records = @(try { Import-EventRecord $EventsJson -ErrorAction Stop -ErrorVariable bad 2>$null } catch { $err = $_ })
        $err | Should -BeNullOrEmpty
        $records.Count | Should -Be 14
        $bad.Count | Should -Be 3
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'MissingField,*'
        $bad[0].TargetObject.Line | Should -Be 16

        try { Import-EventRecord $EventsJson -MaxSkipped 0 -ErrorAction SilentlyContinue | Out-Null } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'TooManySkipped,*'
    }

    It 'reads several files by wildcard, and damage in one file never costs the rest of it' {
        $bad = $null
        $all = @(Import-EventRecord $AllJson -ErrorVariable bad -ErrorAction SilentlyContinue -StatisticsVariable st)
        $all.Count | Should -Be 18
        $st.Files | Should -Be 2
        $st.TotalRecords | Should -Be 23
        $st.SkippedRecords | Should -Be 5
        $st.SkippedByReason.InvalidJson | Should -Be 2
        $st.UniqueUsers | Should -Be 8

        $extra = @($all | Where-Object Source -eq $ExtraJson)
        $extra.User | Should -Be @('gina', 'gina', 'hank', '12')
        $extra[1].Timestamp | Should -Be (Utc 10 20)           # 12:20+02:00
        $extra[2].Timestamp | Should -Be (Utc 12 30)           # epoch 1717245000
        $extra[2].Status | Should -Be 'Fail'                   # "error"
        $extra[3].Timestamp | Should -Be ((Utc 13).AddMilliseconds(250))
        @($bad | Where-Object { $_.TargetObject.Source -eq $ExtraJson }).TargetObject.Reason | Should -Be @('InvalidJson', 'InvalidJson')
    }

    It 'reads the files that Get-ChildItem pipes in' {
        $piped = @(Get-ChildItem -LiteralPath $Samples -Filter '*.json' | Import-EventRecord -ErrorAction SilentlyContinue)
        $piped.Count | Should -Be 18
        ($piped.Source | Sort-Object -Unique) | Should -Be @($ExtraJson, $EventsJson)
    }

    It 'reads gzip-compressed files' {
        $gz = Join-Path $TestDrive 'events.json.gz'
        $in = [System.IO.File]::OpenRead($EventsJson)
        $out = [System.IO.Compression.GZipStream]::new([System.IO.File]::Create($gz), [System.IO.Compression.CompressionMode]::Compress)
        try { $in.CopyTo($out) } finally { $out.Dispose(); $in.Dispose() }
        @(Import-EventRecord $gz -ErrorAction SilentlyContinue).Count | Should -Be 14
    }

    It 'follows dotted -UserField paths into nested objects' {
        $file = Join-Path $TestDrive 'github.jsonl'
        @(
            '{"actor":{"login":"octo"},"type":"PushEvent","created_at":"2024-06-01T10:00:00Z"}'
            '{"actor":{"login":"octo"},"type":"WatchEvent","created_at":"2024-06-01T11:00:00Z"}'
            '{"actor":{"login":"cat"},"type":"PushEvent","created_at":"2024-06-01T11:30:00Z"}'
        ) | Set-Content -LiteralPath $file
        $records = @(Import-EventRecord $file -UserField actor.login -EventField type -TimestampField created_at)
        $records.User | Should -Be @('octo', 'octo', 'cat')
        $records.Event | Should -Be @('PushEvent', 'WatchEvent', 'PushEvent')
        $records[2].Timestamp | Should -Be (Utc 11 30)
        $records | ForEach-Object { $_.Status | Should -Be 'None' }
    }

    It 'reads CSV with aliased headers, status words and epoch times' {
        $file = Join-Path $TestDrive 'events.csv'
        @(
            'user_id,event_type,result,event_time'
            '1,login,OK,1717245000'
            '2,view,false,2024-06-01T10:00'
            '3,view,,2024-06-01 11:00:00'
        ) | Set-Content -LiteralPath $file
        $records = @(Import-EventRecord $file)
        $records.User | Should -Be @('1', '2', '3')
        $records.Status | Should -Be @('Success', 'Fail', 'None')
        $records.Timestamp | Should -Be @((Utc 12 30), (Utc 10), (Utc 11))
    }
}

Describe 'Measure-UserEvent' {
    BeforeAll {
        $script:Summaries = @(Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Measure-UserEvent)
    }

    It 'emits one UserEventSummary per user with the right counts' {
        $Summaries | ForEach-Object { $_ | Should -BeOfType Aggregator.UserEventSummary }
        $Summaries.User | Should -Be @('alice', 'bob', 'carol', 'dave', 'erin')
        $Summaries.TotalEvents | Should -Be @(4, 4, 3, 2, 1)
        $Summaries.Success | Should -Be @(3, 2, 1, 2, 1)
        $Summaries.Fail | Should -Be @(1, 2, 2, 0, 0)
        $Summaries.FailureRate | Should -Be @(0.25, 0.5, (2 / 3), 0, 0)
        ($Summaries | ForEach-Object { $_.EventTypes -join ',' }) |
            Should -Be @('login,logout,purchase,view', 'login,view', 'download,upload', 'login,view', 'login')
    }

    It 'gives the same result through the alias, -Path, and -LiteralPath' {
        $expected = $Summaries | ConvertTo-Json -Compress
        Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Measure-UserEvents | ConvertTo-Json -Compress | Should -Be $expected
        Measure-UserEvent -Path $EventsJson -ErrorAction SilentlyContinue | ConvertTo-Json -Compress | Should -Be $expected
        Measure-UserEvent -LiteralPath $EventsJson -ErrorAction SilentlyContinue | ConvertTo-Json -Compress | Should -Be $expected
    }

    It 'reports the skipped records on the -Path fast path too' {
        $bad = $null
        Measure-UserEvent -Path $EventsJson -ErrorVariable bad -ErrorAction SilentlyContinue -StatisticsVariable st | Out-Null
        $bad.TargetObject.Reason | Should -Be @('MissingField', 'InvalidTimestamp', 'UnknownStatus')
        $st.ValidRecords | Should -Be 14
    }

    It 'filters like --only-failures with Where-Object Fail -gt 0' {
        $failing = @(Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Measure-UserEvent | Where-Object Fail -gt 0)
        $failing.User | Should -Be @('alice', 'bob', 'carol')
    }

    It 'filters like --min-failures 2 with Where-Object Fail -ge 2' {
        $failing = @(Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Measure-UserEvent | Where-Object Fail -ge 2)
        $failing.User | Should -Be @('bob', 'carol')
    }

    It 'filters records before aggregating: Import-EventRecord | Where-Object | Measure-UserEvent' {
        $logins = @(Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Where-Object Event -eq 'login' | Measure-UserEvent)
        $logins.User | Should -Be @('alice', 'bob', 'dave', 'erin')
        ($logins | Where-Object User -eq 'bob').Fail | Should -Be 2
    }

    It 'accepts any object with User, Event and Status properties (Import-Csv)' {
        $file = Join-Path $TestDrive 'plain.csv'
        @(
            'User,Event,Status,Timestamp'
            'ann,login,success,2024-06-01 08:00:00'
            'ann,login,fail,2024-06-01 08:01:00'
            'ben,view,ok,'
        ) | Set-Content -LiteralPath $file
        $result = @(Import-Csv -LiteralPath $file | Measure-UserEvent)
        $result.User | Should -Be @('ann', 'ben')
        $result.TotalEvents | Should -Be @(2, 1)
        $result.Fail | Should -Be @(1, 0)
    }

    It 'binds [pscustomobject] input by property name, including the alias names' {
        $result = @(
            [pscustomobject]@{ User = 'x'; Event = 'login'; Status = 'fail' }
            [pscustomobject]@{ user_id = 5; type = 'view'; result = 'ok'; time = '2024-01-01T10:00:00+01:00' }
            [pscustomobject]@{ User = 'x'; Event = 'view'; Status = 'succeeded'; Timestamp = (Utc 9) }
        ) | Measure-UserEvent
        $result.User | Should -Be @('5', 'x')
        $result[1].TotalEvents | Should -Be 2
        $result[1].Fail | Should -Be 1
        $result[1].EventTypes -join ';' | Should -Be 'login;view'
    }

    It 'skips a pipeline object with an unknown status as an UnknownStatus error' {
        $bad = $null
        $result = @([pscustomobject]@{ User = 'x'; Event = 'login'; Status = 'bogus' } |
                Measure-UserEvent -ErrorVariable bad -ErrorAction SilentlyContinue)
        $result.Count | Should -Be 0
        $bad.Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'UnknownStatus,*'
        $bad[0].TargetObject.Reason | Should -Be 'UnknownStatus'
    }

    It 'writes Export-Csv cells without System.Object[]; EventTypes is "a;b"' {
        $csv = Join-Path $TestDrive 'users.csv'
        Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Measure-UserEvent | Where-Object Fail -gt 0 | Export-Csv -LiteralPath $csv
        $text = Get-Content -LiteralPath $csv -Raw
        $text | Should -Not -Match 'System\.'
        (Get-Content -LiteralPath $csv)[0] | Should -Be '"User","TotalEvents","Success","Fail","FailureRate","EventTypes"'
        $rows = @(Import-Csv -LiteralPath $csv)
        $rows.User | Should -Be @('alice', 'bob', 'carol')
        $rows.TotalEvents | Should -Be @('4', '4', '3')
        $rows.Fail | Should -Be @('1', '2', '2')
        $rows.EventTypes | Should -Be @('login;logout;purchase;view', 'login;view', 'download;upload')
    }

    It 'writes EventTypes as a JSON array with ConvertTo-Json, even with one type' {
        $json = $Summaries | ConvertTo-Json
        $parsed = $json | ConvertFrom-Json
        $parsed.Count | Should -Be 5
        $erin = $parsed | Where-Object User -eq 'erin'
        , $erin.EventTypes | Should -BeOfType [object[]]
        $erin.EventTypes | Should -Be @('login')
        $json | Should -Match '"EventTypes": \[\s*"login"\s*\]'
        ($parsed | Where-Object User -eq 'alice').EventTypes | Should -Be @('login', 'logout', 'purchase', 'view')
        ($parsed | Where-Object User -eq 'carol').FailureRate | Should -Be (2 / 3)
    }

    It 'round-trips Import-EventRecord | Export-Csv | Import-Csv | Measure-UserEvent' {
        $csv = Join-Path $TestDrive 'records.csv'
        Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Export-Csv -LiteralPath $csv
        $bad = $null
        $result = @(Import-Csv -LiteralPath $csv | Measure-UserEvent -ErrorVariable bad -ErrorAction SilentlyContinue)
        $bad.Count | Should -Be 0
        $result.TotalEvents | Should -Be @(4, 4, 3, 2, 1)
    }
}

Describe 'Measure-EventRecord' {
    It 'gives the overall statistics' {
        $overall = Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Measure-EventRecord
        $overall | Should -BeOfType Aggregator.EventStatistics
        $overall.Users | Should -Be 5
        $overall.TotalEvents | Should -Be 14
        $overall.Success | Should -Be 9
        $overall.Fail | Should -Be 5
        $overall.FailureRate | Should -Be (5 / 14)
        @($overall.EventTypes) | Should -Be @('download', 'login', 'logout', 'purchase', 'upload', 'view')
        $overall.FirstTimestamp | Should -Be (Utc 8 5 12)
        $overall.LastTimestamp | Should -Be (Utc 11 45)
    }

    It 'gives the same figures from -Path' {
        $overall = Measure-EventRecord -Path $AllJson -ErrorAction SilentlyContinue
        $overall.Users | Should -Be 8
        $overall.TotalEvents | Should -Be 18
        $overall.Success | Should -Be 11
        $overall.Fail | Should -Be 7
        $overall.LastTimestamp | Should -Be ((Utc 13).AddMilliseconds(250))
    }

    It 'exports and serialises EventTypes as one cell and as a JSON array' {
        $overall = Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Measure-EventRecord
        $row = $overall | ConvertTo-Csv | ConvertFrom-Csv
        $row.EventTypes | Should -Be 'download;login;logout;purchase;upload;view'
        ($overall | ConvertTo-Csv) -join "`n" | Should -Not -Match 'System\.'
        $json = $overall | ConvertTo-Json
        $json | Should -Match '"FirstTimestamp": "2024-06-01T08:05:12Z"'
        ($json | ConvertFrom-Json).EventTypes | Should -Be @('download', 'login', 'logout', 'purchase', 'upload', 'view')
    }
}

Describe 'Group-EventByHour' {
    BeforeAll {
        $script:Hours = @(Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Group-EventByHour)
    }

    It 'emits UTC hour buckets sorted by Start' {
        $Hours | ForEach-Object { $_ | Should -BeOfType Aggregator.EventTimeBucket }
        $Hours.Start | Should -Be @((Utc 8), (Utc 9), (Utc 10), (Utc 11))
        $Hours | ForEach-Object { $_.Start.Kind | Should -Be 'Utc' }
        $Hours.TotalEvents | Should -Be @(5, 3, 3, 2)
        $Hours.Success | Should -Be @(3, 2, 1, 2)
        $Hours.Fail | Should -Be @(2, 1, 2, 0)
    }

    It 'leaves out records without a timestamp and says so in a verbose message' {
        $verbose = @(Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Group-EventByHour -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose.Message | Should -Be @('1 record(s) without a timestamp were left out.')
    }

    It 'gives the same buckets from -Path' {
        Group-EventByHour -Path $EventsJson -ErrorAction SilentlyContinue | ConvertTo-Json -Compress |
            Should -Be ($Hours | ConvertTo-Json -Compress)
    }

    It 'converts offsets to UTC across files' {
        $all = @(Import-EventRecord $AllJson -ErrorAction SilentlyContinue | Group-EventByHour)
        $all.Start.Hour | Should -Be @(8, 9, 10, 11, 12, 13)
        ($all | Where-Object { $_.Start.Hour -eq 10 }).Fail | Should -Be 3    # carol x2 + gina at 12:20+02:00
        ($all | Where-Object { $_.Start.Hour -eq 12 }).TotalEvents | Should -Be 2
    }

    It 'takes -Interval' {
        $day = @(Group-EventByHour -Path $EventsJson -Interval 1.00:00:00 -ErrorAction SilentlyContinue)
        $day.Count | Should -Be 1
        $day[0].Start | Should -Be ([datetime]::new(2024, 6, 1, 0, 0, 0, [DateTimeKind]::Utc))
        $day[0].TotalEvents | Should -Be 13

        $halfHours = @(Group-EventByHour -Path $EventsJson -Interval 00:30:00 -ErrorAction SilentlyContinue)
        $halfHours | ForEach-Object { $_.Start.ToString('HH:mm') } | Should -Be @('08:00', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30')
    }

    It 'adds a Key with -By User' {
        $byUser = @(Import-EventRecord $EventsJson -ErrorAction SilentlyContinue | Group-EventByHour -By User)
        $byUser | ForEach-Object { $_ | Should -BeOfType Aggregator.KeyedEventTimeBucket }
        $bob8 = $byUser | Where-Object { $_.Key -eq 'bob' -and $_.Start -eq (Utc 8) }
        $bob8.TotalEvents, $bob8.Success, $bob8.Fail | Should -Be @(3, 1, 2)
        $byUser.Count | Should -Be 9
    }

    It 'serialises Start as an ISO 8601 UTC time' {
        $Hours | ConvertTo-Json | Should -Match '"Start": "2024-06-01T08:00:00Z"'
    }
}

Describe 'Exact values and non-object values' {
    It 'epoch milliseconds keep their milliseconds exactly' {
        $file = Join-Path $TestDrive 'ms.jsonl'
        '{"user":"a","event":"e","timestamp":1717245000123}' | Set-Content -LiteralPath $file
        (Import-EventRecord $file).Timestamp | Should -Be ((Utc 12 30).AddMilliseconds(123))
    }

    It 'a value that is not an object is skipped as NotAnObject' {
        $file = Join-Path $TestDrive 'five.json'
        '[{"user":"a","event":"e"}, 5]' | Set-Content -LiteralPath $file
        $bad = $null
        Import-EventRecord $file -ErrorVariable bad -ErrorAction SilentlyContinue | Out-Null
        $bad.TargetObject.Reason | Should -Be @('NotAnObject')
    }
}
