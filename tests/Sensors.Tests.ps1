# Pester 5 tests of samples/sensors.ps1 (the Mock S3 Aggregator's processing rebuilt on Measure-SensorReading), of
# SensorFileSummary once exported with Export-Csv or ConvertTo-Json, and of Measure-SensorReading in parallel runspaces.
# Run against the built module in out/Aggregator.
#
# samples/sensors/readings.csv is the seed's example: six rows, the fifth (line 6, the header being line 1) without a
# timestamp. The service's result document for it is
#   status partial; aggregates row_count 5, min_value 19.87, max_value 42.0, mean_value 25.02,
#   per_sensor_count { sensor-a 2, sensor-b 2, sensor-c 1 }; errors [ { row_number 6, reason "missing timestamp" } ]
# and file_id is a hash of the file's bytes (the first 16 bytes of its SHA-256, written like a GUID). boiler.csv is
# clean, pumps.csv has three bad rows and its columns in another order and case, wrong-header.csv has no timestamp column.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:SensorsScript = Join-Path $Samples 'sensors.ps1'
    $script:SensorFolder = Join-Path $Samples 'sensors'
    $script:ReadingsCsv = Join-Path $SensorFolder 'readings.csv'
    $script:Invariant = [cultureinfo]::InvariantCulture

    function script:Read-Text([string] $Path) {
        [System.IO.File]::ReadAllText($Path)
    }

    # The id the service gives a file: the first 16 bytes of the SHA-256 of its bytes, written like a GUID.
    function script:Get-ContentId([string] $Path) {
        $hex = (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant()
        '{0}-{1}-{2}-{3}-{4}' -f $hex.Substring(0, 8), $hex.Substring(8, 4), $hex.Substring(12, 4), $hex.Substring(16, 4), $hex.Substring(20, 12)
    }

    # Runs the sample into a fresh folder; returns the folder and what the script wrote to the pipeline.
    function script:Invoke-Sensors([hashtable] $Arguments) {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $started = [datetime]::UtcNow
        $printed = @(& $SensorsScript @Arguments -OutputDirectory $dir -ErrorVariable failures -WarningVariable warnings)
        [pscustomobject]@{
            Directory = $dir; Printed = $printed; Errors = @($failures); Warnings = @($warnings)
            Started = $started; Ended = [datetime]::UtcNow
        }
    }

    # A result document's text with its two timing values (which change from run to run) taken out, and \n line ends.
    function script:Read-Document([string] $Path) {
        (Read-Text $Path) -replace '\r\n', "`n" -replace '("processed_at": )"[^"]*"', '$1"<time>"' -replace '("processing_ms": )\d+', '$1<ms>'
    }

    # Every figure of a SensorFileSummary but the timing ones, in one line.
    function script:Format-Summary($s) {
        '{0} {1} {2} [{3}] {4} {5} {6} {7} {8} {9} {10} [{11}]' -f $s.Path, $s.FileId, $s.Status, $s.Message, $s.RowCount, $s.ErrorCount,
        $s.MinValue, $s.MaxValue, $s.MeanValue, $s.Sum.ToString('R', [cultureinfo]::InvariantCulture), $s.PerSensorCount, $s.Errors
    }
}

Describe 'samples/sensors.ps1 on samples/sensors' {
    BeforeAll {
        $script:Run = Invoke-Sensors @{ Path = (Join-Path $SensorFolder '*.csv') }
        $script:Ids = @{}
        foreach ($name in 'boiler.csv', 'pumps.csv', 'readings.csv', 'wrong-header.csv') {
            $Ids[$name] = Get-ContentId (Join-Path $SensorFolder $name)
        }
    }

    It 'writes one file_id.json per file (named by the content id), and nothing else' {
        (Get-ChildItem -LiteralPath $Run.Directory).Name | Sort-Object |
            Should -Be @($Ids.Values | ForEach-Object { "$_.json" } | Sort-Object)
        $Run.Warnings | Should -BeNullOrEmpty
    }

    It 'writes the seed''s document for readings.csv exactly' {
        $expected = (@(
                '{'
                "  ""file_id"": ""$($Ids['readings.csv'])"","
                '  "status": "partial",'
                '  "processed_at": "<time>",'
                '  "processing_ms": <ms>,'
                '  "aggregates": {'
                '    "row_count": 5,'
                '    "min_value": 19.87,'
                '    "max_value": 42.0,'
                '    "mean_value": 25.02,'
                '    "per_sensor_count": {'
                '      "sensor-a": 2,'
                '      "sensor-b": 2,'
                '      "sensor-c": 1'
                '    }'
                '  },'
                '  "errors": ['
                '    {'
                '      "row_number": 6,'
                '      "reason": "missing timestamp"'
                '    }'
                '  ]'
                '}'
            ) -join "`n") + "`n"
        Read-Document (Join-Path $Run.Directory "$($Ids['readings.csv']).json") | Should -BeExactly $expected
    }

    It 'stamps processed_at in UTC, during the run, and processing_ms as a whole number' {
        $text = Read-Text (Join-Path $Run.Directory "$($Ids['readings.csv']).json")
        $text | Should -Match '"processed_at": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"'
        $text | Should -Match '"processing_ms": \d+,'
        $stamp = [datetime]::ParseExact(([regex]::Match($text, '"processed_at": "([^"]+)"').Groups[1].Value), "yyyy-MM-dd'T'HH:mm:ss'Z'",
            $Invariant, 'AdjustToUniversal, AssumeUniversal')
        $stamp | Should -BeGreaterOrEqual $Run.Started.AddSeconds(-1)
        $stamp | Should -BeLessOrEqual $Run.Ended.AddSeconds(1)
    }

    It 'writes a failed document with a message for wrong-header.csv' {
        $path = Join-Path $Run.Directory "$($Ids['wrong-header.csv']).json"
        $document = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json -AsHashtable
        $document.status | Should -BeExactly 'failed'
        $document.message | Should -Match 'timestamp'
        @($document.Keys)[0..2] | Should -Be @('file_id', 'status', 'message')
        $document.file_id | Should -Be $Ids['wrong-header.csv']
        $document.aggregates.row_count | Should -Be 0
        $document.aggregates.min_value | Should -BeNullOrEmpty
        $document.aggregates.max_value | Should -BeNullOrEmpty
        $document.aggregates.mean_value | Should -BeNullOrEmpty
        $document.aggregates.per_sensor_count.Count | Should -Be 0
        (Read-Text $path) | Should -Match '"per_sensor_count": \{\}'
        (Read-Text $path) | Should -Match '"errors": \[\]'
    }

    It 'writes the other documents: processed without a message, partial with each bad row' {
        $boiler = Get-Content -LiteralPath (Join-Path $Run.Directory "$($Ids['boiler.csv']).json") -Raw | ConvertFrom-Json -AsHashtable
        $boiler.status | Should -BeExactly 'processed'
        $boiler.Contains('message') | Should -BeFalse
        $boiler.aggregates.row_count | Should -Be 3
        $boiler.aggregates.per_sensor_count.boiler | Should -Be 3
        $boiler.errors.Count | Should -Be 0

        $pumps = Get-Content -LiteralPath (Join-Path $Run.Directory "$($Ids['pumps.csv']).json") -Raw | ConvertFrom-Json -AsHashtable
        $pumps.status | Should -BeExactly 'partial'
        $pumps.aggregates.row_count | Should -Be 3
        $pumps.aggregates.min_value | Should -Be -1.5
        $pumps.aggregates.max_value | Should -Be 8.25
        $pumps.aggregates.mean_value | Should -Be 4.75
        $pumps.errors | ForEach-Object { "$($_.row_number) $($_.reason)" } | Should -Be @(
            "5 invalid value 'abc'", "6 invalid timestamp '2025-10-01T25:01:00Z'", '7 missing sensor_id')
    }

    It 'passes no error on to the caller: bad rows and the failed file are in the documents, not errors of the script' {
        # As samples/sessions.ps1 does: a caller's -ErrorVariable sees only what the script passes on (a path that
        # matches nothing, say).
        $Run.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" } | Should -BeNullOrEmpty
    }

    It 'prints the status table, one line per file' {
        $table = $Run.Printed -join "`n"
        foreach ($line in 'boiler\.csv\s+\S+\s+Processed\s+3\s+0', 'pumps\.csv\s+\S+\s+Partial\s+3\s+3', 'readings\.csv\s+\S+\s+Partial\s+5\s+1\s+25\.02',
            'wrong-header\.csv\s+\S+\s+Failed\s+0\s+0') {
            $table | Should -Match $line
        }
    }

    It 'writes the same documents with -ThrottleLimit 1 and 4' {
        $one = Invoke-Sensors @{ Path = (Join-Path $SensorFolder '*.csv'); ThrottleLimit = 1 }
        $four = Invoke-Sensors @{ Path = (Join-Path $SensorFolder '*.csv'); ThrottleLimit = 4 }
        foreach ($id in $Ids.Values) {
            Read-Document (Join-Path $four.Directory "$id.json") | Should -BeExactly (Read-Document (Join-Path $one.Directory "$id.json"))
            Read-Document (Join-Path $one.Directory "$id.json") | Should -BeExactly (Read-Document (Join-Path $Run.Directory "$id.json"))
        }
    }

    It 'gives the same file_id to the same bytes under another name, and another to other bytes' {
        $uploads = Join-Path $TestDrive 'uploads'
        $null = New-Item -ItemType Directory -Path $uploads
        Copy-Item -LiteralPath $ReadingsCsv -Destination (Join-Path $uploads 'renamed.csv')
        Set-Content -LiteralPath (Join-Path $uploads 'other.csv') -Value "sensor_id,timestamp,value`nx,2025-10-01T08:00:00Z,1"
        $run = Invoke-Sensors @{ Path = (Join-Path $uploads '*.csv') }
        (Get-ChildItem -LiteralPath $run.Directory).Name | Sort-Object |
            Should -Be (@("$($Ids['readings.csv']).json", "$(Get-ContentId (Join-Path $uploads 'other.csv')).json") | Sort-Object)
        Read-Document (Join-Path $run.Directory "$($Ids['readings.csv']).json") |
            Should -BeExactly (Read-Document (Join-Path $Run.Directory "$($Ids['readings.csv']).json"))
    }
}

Describe 'Measure-SensorReading output exported' {
    BeforeAll {
        $script:Summaries = @(Measure-SensorReading -Path (Join-Path $SensorFolder '*.csv') -ErrorAction SilentlyContinue)
        $Summaries.Count | Should -Be 4
    }

    It 'gives Export-Csv readable PerSensorCount and Errors cells' {
        $path = Join-Path $TestDrive 'summaries.csv'
        $Summaries | Export-Csv -LiteralPath $path
        $text = Read-Text $path
        $text | Should -Not -Match 'System\.'
        $rows = @(Import-Csv -LiteralPath $path)
        $rows.Count | Should -Be 4
        $rows.PerSensorCount | Should -Be @('boiler=3', 'pump-1=2;pump-2=1', 'sensor-a=2;sensor-b=2;sensor-c=1', '')
        $rows.Errors | Should -Be @(
            ''
            "5: invalid value 'abc'; 6: invalid timestamp '2025-10-01T25:01:00Z'; 7: missing sensor_id"
            '6: missing timestamp'
            '')
        $seed = $rows[2]
        $seed.Status | Should -Be 'Partial'
        $seed.RowCount | Should -Be '5'
        $seed.ErrorCount | Should -Be '1'
        [double]::Parse($seed.MinValue, $Invariant) | Should -Be 19.87
        [double]::Parse($seed.MaxValue, $Invariant) | Should -Be 42
        [double]::Parse($seed.MeanValue, $Invariant) | Should -Be 25.02
        $seed.FileId | Should -Be (Get-ContentId $ReadingsCsv)
        $rows[3].Status | Should -Be 'Failed'
        $rows[3].Message | Should -Match 'timestamp'
    }

    It 'gives ConvertTo-Json an object for PerSensorCount, and a list of objects for Errors' {
        $json = $Summaries[2] | ConvertTo-Json -Depth 4
        $json | Should -Match '"PerSensorCount": \{'
        $back = $json | ConvertFrom-Json -AsHashtable
        $back.PerSensorCount | Should -BeOfType ([System.Collections.IDictionary])
        $back.PerSensorCount['sensor-a'] | Should -Be 2
        $back.PerSensorCount['sensor-b'] | Should -Be 2
        $back.PerSensorCount['sensor-c'] | Should -Be 1
        $back.PerSensorCount.Count | Should -Be 3
        @($back.Errors).Count | Should -Be 1
        $back.Errors[0].RowNumber | Should -Be 6
        $back.Errors[0].Reason | Should -BeExactly 'missing timestamp'
        $back.RowCount | Should -Be 5
        $back.MeanValue | Should -Be 25.02
        ($Summaries[3] | ConvertTo-Json -Depth 4 | ConvertFrom-Json -AsHashtable).PerSensorCount.Count | Should -Be 0
    }

    It 'gives -BySensor rows that export as plain figures' {
        $path = Join-Path $TestDrive 'by-sensor.csv'
        Measure-SensorReading -Path (Join-Path $SensorFolder '*.csv') -BySensor -ErrorAction SilentlyContinue | Export-Csv -LiteralPath $path
        $rows = @(Import-Csv -LiteralPath $path)
        $rows.SensorId | Should -Be @('boiler', 'pump-1', 'pump-2', 'sensor-a', 'sensor-b', 'sensor-c')
        @($rows | ForEach-Object { $_.Count }) | Should -Be @('3', '2', '1', '2', '2', '1')
        (Read-Text $path) | Should -Not -Match 'System\.'
    }

    It 'takes Import-Csv rows of the seed example and gives one (pipeline) summary with the seed''s figures' {
        $s = @(Import-Csv -LiteralPath $ReadingsCsv | Measure-SensorReading -ErrorVariable rowErrors -ErrorAction SilentlyContinue)
        $s.Count | Should -Be 1
        $s[0] | Should -BeOfType ([Aggregator.SensorFileSummary])
        $s[0].Path | Should -BeExactly '(pipeline)'
        $s[0].Status | Should -Be 'Partial'
        $s[0].RowCount | Should -Be 5
        $s[0].MinValue | Should -Be 19.87
        $s[0].MaxValue | Should -Be 42
        $s[0].MeanValue | Should -Be 25.02
        "$($s[0].PerSensorCount)" | Should -BeExactly 'sensor-a=2;sensor-b=2;sensor-c=1'
        $s[0].Errors.Reason | Should -Be 'missing timestamp'
        $rowErrors.Count | Should -Be 1
        $rowErrors[0].FullyQualifiedErrorId | Should -BeLike 'MissingField,*'
    }

    It 'takes Import-SensorReading objects too' {
        $s = @(Import-SensorReading -Path $ReadingsCsv -ErrorAction SilentlyContinue | Measure-SensorReading)
        $s.Count | Should -Be 1
        $s[0].Status | Should -Be 'Processed'
        $s[0].RowCount | Should -Be 5
        $s[0].MeanValue | Should -Be 25.02
    }
}

Describe 'Measure-SensorReading in parallel runspaces' {
    BeforeAll {
        $script:Manifest = Join-Path $Repo 'out' 'Aggregator' 'Aggregator.psd1'
        # Four folders of uploads, each with the samples and a generated file of its own size, bad rows among them.
        $script:Folders = foreach ($n in 1..4) {
            $dir = Join-Path $TestDrive "uploads-$n"
            $null = New-Item -ItemType Directory -Path $dir
            Copy-Item -Path (Join-Path $SensorFolder '*.csv') -Destination $dir
            $lines = @('sensor_id,timestamp,value') + @(foreach ($i in 0..(300 * $n)) {
                    if ($i % 23 -eq 4) { "s$($i % 7),,1" }
                    elseif ($i % 29 -eq 5) { "s$($i % 7),2025-10-01T08:00:00Z,n/a" }
                    else { 's{0},2025-10-01T{1:00}:{2:00}:00Z,{3}' -f ($i % 7), ($i % 24), ($i % 60), (($i * $n % 1000) / 8) }
                })
            Set-Content -LiteralPath (Join-Path $dir "generated-$n.csv") -Value $lines
            $dir
        }

        $script:Sequential = @{}
        foreach ($dir in $Folders) {
            $Sequential[$dir] = @(Measure-SensorReading -Path (Join-Path $dir '*.csv') -ErrorAction SilentlyContinue | ForEach-Object { Format-Summary $_ })
        }
    }

    It 'gives in ForEach-Object -Parallel, several at once, what a sequential run gives' {
        $results = $Folders | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:Manifest
            $summaries = @(Measure-SensorReading -Path (Join-Path $_ '*.csv') -ThrottleLimit 2 -ErrorAction SilentlyContinue)
            [pscustomobject]@{ Folder = $_; Summaries = $summaries }
        }

        $results.Count | Should -Be 4
        foreach ($result in $results) {
            $result.Summaries | ForEach-Object { $_ | Should -BeOfType ([Aggregator.SensorFileSummary]) }
            $result.Summaries.Count | Should -Be 5
            @($result.Summaries | ForEach-Object { Format-Summary $_ }) | Should -Be $Sequential[$result.Folder] -Because "$($result.Folder) read in parallel"
        }
    }

    It 'gives in Start-ThreadJob, several at once, what a sequential run gives' -Skip:(-not (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)) {
        $jobs = foreach ($dir in $Folders) {
            Start-ThreadJob -ArgumentList $Manifest, $dir -ScriptBlock {
                param($manifest, $dir)
                Import-Module $manifest
                Measure-SensorReading -Path (Join-Path $dir '*.csv') -ThrottleLimit 2 -ErrorAction SilentlyContinue
            }
        }
        $outputs = foreach ($job in $jobs) { , @($job | Receive-Job -Wait -AutoRemoveJob) }

        for ($i = 0; $i -lt $Folders.Count; $i++) {
            $outputs[$i] | ForEach-Object { $_ | Should -BeOfType ([Aggregator.SensorFileSummary]) }
            @($outputs[$i] | ForEach-Object { Format-Summary $_ }) | Should -Be $Sequential[$Folders[$i]]
        }
    }

    It 'gives in runspaces run at once (what Start-ThreadJob does) what a sequential run gives' {
        $runs = Invoke-InRunspacePool $Folders {
            param($dir)
            Measure-SensorReading -Path (Join-Path $dir '*.csv') -ThrottleLimit 2 -ErrorAction SilentlyContinue
        }
        foreach ($run in $runs) {
            $run.Output.Count | Should -Be 5
            @($run.Output | ForEach-Object { Format-Summary $_ }) | Should -Be $Sequential[$run.Folder]
        }
    }

    It 'runs samples/sensors.ps1 in ForEach-Object -Parallel, each run writing what a sequential run writes' {
        $outputs = $Folders | ForEach-Object -ThrottleLimit 4 -Parallel {
            $out = Join-Path $using:TestDrive ('parallel-' + [System.IO.Path]::GetFileName($_))
            $null = & $using:SensorsScript -Path (Join-Path $_ '*.csv') -OutputDirectory $out -ErrorAction SilentlyContinue
            [pscustomobject]@{ Folder = $_; Output = $out }
        }
        foreach ($o in $outputs) {
            $sequential = Invoke-Sensors @{ Path = (Join-Path $o.Folder '*.csv'); ErrorAction = 'SilentlyContinue' }
            $names = (Get-ChildItem -LiteralPath $sequential.Directory).Name | Sort-Object
            (Get-ChildItem -LiteralPath $o.Output).Name | Sort-Object | Should -Be $names
            foreach ($name in $names) {
                Read-Document (Join-Path $o.Output $name) | Should -BeExactly (Read-Document (Join-Path $sequential.Directory $name))
            }
        }
    }
}
