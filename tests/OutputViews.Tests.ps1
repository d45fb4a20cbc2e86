# The default table views and Export-Csv cells of every output type, live and after serialization: objects received
# from a real out-of-process job (Start-Job) and objects read back with Import-Clixml must print and export like the
# live ones. Run against the built module in out/Aggregator.

BeforeDiscovery {
    $script:OutputTypes = @(
        'EventRecord', 'SkippedRecord', 'ImportStatistics', 'FileImportStatistics', 'UserEventSummary', 'EventStatistics',
        'EventTimeBucket', 'KeyedEventTimeBucket', 'EventSession', 'KwhUsage', 'SensorReading', 'SensorFileSummary',
        'SensorSummary', 'SignInActivity'
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Manifest = Join-Path $Repo 'out' 'Aggregator' 'Aggregator.psd1'

    # One small run of every cmdlet. The text is run here and inside the job, so both make the same objects.
    $script:Produce = {
        param($Samples)
        $all = @(Import-EventRecord (Join-Path $Samples 'events.json') -ErrorAction SilentlyContinue -ErrorVariable bad -StatisticsVariable st)
        $all | Select-Object -First 3
        @($bad.TargetObject)
        $st
        $st.PerFile | Write-Output
        $all | Measure-UserEvent
        $all | Measure-EventRecord
        # Ten-second buckets: each start must show its seconds.
        $all | Group-EventByHour -Interval '00:00:10' | Select-Object -First 4
        $all | Group-EventByHour -By User | Select-Object -First 4
        Import-EventRecord (Join-Path $Samples 'sessions.jsonl') -ErrorAction SilentlyContinue | Get-EventSession
        Measure-KwhUsage -Path (Join-Path $Samples 'electro' 'readings.json') -Interval Hour -ErrorAction SilentlyContinue | Select-Object -First 3
        Import-SensorReading -Path (Join-Path $Samples 'sensors' 'readings.csv') -ErrorAction SilentlyContinue | Select-Object -First 3
        Measure-SensorReading -Path (Join-Path $Samples 'sensors' '*.csv') -ErrorAction SilentlyContinue
        Measure-SensorReading -Path (Join-Path $Samples 'sensors' '*.csv') -BySensor -ErrorAction SilentlyContinue | Select-Object -First 3
        Import-SignInActivity -Path (Join-Path $Samples 'graph-users' 'users.jsonl') -AsOf ([datetime]'2025-01-31T00:00:00Z').ToUniversalTime() -ErrorAction SilentlyContinue
    }

    function Group-ByOutputType([object[]] $Objects) {
        $groups = @{}
        foreach ($object in $Objects) {
            $name = $object.PSObject.TypeNames[0] -replace '^Deserialized\.' -replace '^Aggregator\.'
            if (-not $groups.ContainsKey($name)) { $groups[$name] = [System.Collections.Generic.List[object]]::new() }
            $groups[$name].Add($object)
        }
        $groups
    }

    $script:Live = Group-ByOutputType @(& $Produce $Samples)
    $script:FromJob = Group-ByOutputType @(
        Start-Job -ScriptBlock {
            param($Manifest, $Samples, $Body)
            Import-Module $Manifest
            & ([scriptblock]::Create($Body)) $Samples
        } -ArgumentList $Manifest, $Samples, $Produce.ToString() | Receive-Job -Wait -AutoRemoveJob)
    $clixml = Join-Path $TestDrive 'objects.clixml'
    @(& $Produce $Samples) | Export-Clixml -LiteralPath $clixml
    $script:FromClixml = Group-ByOutputType @(Import-Clixml -LiteralPath $clixml)

    function Format-Table80($Objects) { ($Objects | Format-Table | Out-String -Width 80) -split "`r?`n" }

    # The CSV text without the columns that differ between two runs (when and how long a file took) and without the
    # notes Receive-Job adds (PSComputerName, RunspaceId, ...).
    function ConvertTo-StableCsv($Objects) {
        $Objects | Select-Object -Property * -ExcludeProperty StartedAt, ProcessedAt, ProcessingMs, PSComputerName,
            RunspaceId, PSShowComputerName, PSSourceJobInstanceId | ConvertTo-Csv
    }
}

Describe 'The <_> view and CSV after serialization' -ForEach $OutputTypes {
    BeforeAll {
        $script:Type = $_
        $script:LiveObjects = $Live[$Type]
    }

    It 'has live objects to compare with' {
        $LiveObjects.Count | Should -BeGreaterThan 0
    }

    It 'is received from Start-Job as Deserialized.Aggregator.<_>' {
        $FromJob[$Type][0].PSObject.TypeNames[0] | Should -Be "Deserialized.Aggregator.$Type"
    }

    It 'prints the same table from a job as live' {
        Format-Table80 $FromJob[$Type] | Should -Be (Format-Table80 $LiveObjects)
    }

    It 'prints the same table from Import-Clixml as live' {
        Format-Table80 $FromClixml[$Type] | Should -Be (Format-Table80 $LiveObjects)
    }

    It 'exports the same CSV from a job as live' {
        ConvertTo-StableCsv $FromJob[$Type] | Should -Be (ConvertTo-StableCsv $LiveObjects)
    }

    It 'exports the same CSV from Import-Clixml as live' {
        ConvertTo-StableCsv $FromClixml[$Type] | Should -Be (ConvertTo-StableCsv $LiveObjects)
    }

    It 'exports no type name in place of a value' {
        (ConvertTo-StableCsv $FromJob[$Type]) -join "`n" | Should -Not -Match 'System\.'
    }

    It 'fits 80 columns with a header on one line' {
        foreach ($source in $LiveObjects, $FromJob[$Type]) {
            $lines = Format-Table80 $source
            $lines | Where-Object Length -gt 80 | Should -BeNullOrEmpty
            $rule = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($line) $line -match '^-[- ]*$' })
            $rule | Should -BeGreaterThan 1
            $lines[$rule - 2] | Should -BeNullOrEmpty -Because "the header is one line: $($lines[$rule - 1])"
            $lines[$rule - 1] | Should -Not -Match '…'
        }
    }

    It 'shows times as yyyy-MM-dd HH:mm:ss with Z or an offset, never in the culture format' {
        $text = (Format-Table80 $LiveObjects) -join "`n"
        $text | Should -Not -Match '\d{1,2}/\d{1,2}/\d{4}'
        $text | Should -Not -Match '(?<![:+\-\d])\d{2}:\d{2}(?![:\d])'
    }
}

Describe 'Cells that serialization used to spoil' {
    It 'keeps EventTypes "a;b" in the table and in the CSV of job output' {
        $alice = $FromJob.UserEventSummary | Where-Object User -eq 'alice'
        ($alice | ConvertTo-Csv | ConvertFrom-Csv).EventTypes | Should -Be 'login;logout;purchase;view'
        (Format-Table80 $alice) -join "`n" | Should -Match 'login;logout;purchase;view'
        @($alice.EventTypes) | Should -Be @('login', 'logout', 'purchase', 'view')
    }

    It 'keeps SkippedByReason and PerSensorCount "name=count" in the CSV of job output' {
        ($FromJob.ImportStatistics | ConvertTo-Csv | ConvertFrom-Csv).SkippedByReason |
            Should -Be 'InvalidTimestamp=1;MissingField=1;UnknownStatus=1'
        $pumps = $FromJob.SensorFileSummary | Where-Object Path -like '*pumps.csv'
        $row = $pumps | ConvertTo-Csv | ConvertFrom-Csv
        $row.PerSensorCount | Should -Be 'pump-1=2;pump-2=1'
        $row.Errors | Should -Be "5: invalid value 'abc'; 6: invalid timestamp '2025-10-01T25:01:00Z'; 7: missing sensor_id"
    }

    It 'shows the KwhUsage period with its offset after a job and after Import-Clixml' {
        foreach ($source in $FromJob.KwhUsage, $FromClixml.KwhUsage) {
            (Format-Table80 $source) -join "`n" | Should -Match '2024-07-01 00:00:00\+00:00'
        }
    }

    It 'shows each ten-second bucket with its seconds' {
        (Format-Table80 $Live.EventTimeBucket) -join "`n" | Should -Match '2024-06-01 08:05:10Z'
    }

    It 'shows why a sensor file failed in full' {
        $failed = $Live.SensorFileSummary | Where-Object Status -eq 'Failed'
        $failed.Message | Should -Not -BeNullOrEmpty
        # The view wraps the message inside its column, cutting words anywhere: compare without the white space.
        $text = (Format-Table80 $failed) -join '' -replace '\s'
        $text.Contains(($failed.Message -replace '\s')) | Should -BeTrue -Because $text
    }
}
