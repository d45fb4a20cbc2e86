# A data set split in three, as three hosts would each hold a part: events (JSON Lines, with one user's activity
# spread over every part so that sessions cross the split, and a few bad lines), kWh readings (Europe/Berlin, with a
# day that has no readings in any part) and sensor CSV files (one bad row). Deterministic: the same seed, the same files.
function script:New-ScaleOutData([string] $Folder, [int] $Seed = 7) {
    $random = [Random]::new($Seed)
    $start = [datetime]::new(2024, 7, 1, 8, 0, 0, [DateTimeKind]::Utc)
    $events = 'login', 'view', 'purchase', 'logout', 'upload'
    $countries = 'DE', 'FR', 'US'
    $parts = foreach ($part in 0..2) {
        $dir = Join-Path $Folder "host$part"
        $null = New-Item -ItemType Directory -Path $dir -Force
        $lines = foreach ($i in 1..300) {
            $user = 'u{0:D2}' -f $random.Next(40)
            $time = $start.AddSeconds($random.Next(6 * 3600))
            $status = if ($random.Next(4) -eq 0) { 'fail' } else { 'success' }
            '{{"user":"{0}","event":"{1}","status":"{2}","timestamp":"{3:yyyy-MM-ddTHH:mm:ssZ}","country":"{4}","latency_ms":{5}}}' -f
            $user, $events[$random.Next($events.Count)], $status, $time, $countries[$random.Next(3)], $random.Next(5, 900)
        }
        $lines += '{"user":"u01","event":"view","status":"pending","timestamp":"2024-07-01T09:00:00Z"}'
        $lines += '{not json'
        Set-Content -LiteralPath (Join-Path $dir 'events.jsonl') -Value $lines

        # kWh: part 0 has 1 July, part 2 has 3 July; 2 July has no readings anywhere and must be zero-filled on merge.
        $kwhDay = $start.Date.AddDays($part)
        $readings = if ($part -eq 1) { @() } else {
            foreach ($hour in 0..23) {
                foreach ($meter in 'm1', 'm2') {
                    '{{"timestamp":"{0:yyyy-MM-ddTHH:mm:ssZ}","kWh_value":{1},"meter_id":"{2}"}}' -f $kwhDay.AddHours($hour).AddMinutes(10),
                    ($random.Next(100, 900) / 1000.0).ToString([cultureinfo]::InvariantCulture), $meter
                }
            }
        }
        # Part 1 still has one reading of m1, late on 1 July, so that one period is summed across hosts.
        if ($part -eq 1) { $readings = @('{"timestamp":"2024-07-01T23:50:00Z","kWh_value":0.125,"meter_id":"m1"}') }
        Set-Content -LiteralPath (Join-Path $dir 'kwh.json') -Value ('[' + ($readings -join ",`n") + ']')

        $rows = @('sensor_id,timestamp,value') + @(foreach ($i in 1..50) {
                'sensor-{0},{1:yyyy-MM-ddTHH:mm:ssZ},{2}' -f ('abc'[$random.Next(3)]), $start.AddMinutes($i + 100 * $part),
                ($random.Next(150, 300) / 10.0).ToString([cultureinfo]::InvariantCulture)
            }) + @('sensor-a,not-a-time,20.0')
        Set-Content -LiteralPath (Join-Path $dir "sensors-$part.csv") -Value $rows

        [pscustomobject]@{
            Index   = $part
            Events  = Join-Path $dir 'events.jsonl'
            Kwh     = Join-Path $dir 'kwh.json'
            Sensors = Join-Path $dir "sensors-$part.csv"
        }
    }
    $parts
}

# Every kind of result the module emits, from one host's files: each object is tagged with the command it came from.
$script:ScaleOutScript = {
    param($Part)
    function Tag([string] $Check) { process { $_ | Add-Member -NotePropertyName Check -NotePropertyValue $Check -PassThru } }
    Measure-UserEvent -Path $Part.Events -ErrorAction SilentlyContinue | Tag users
    Measure-EventRecord -Path $Part.Events -ErrorAction SilentlyContinue | Tag statistics
    Group-EventByHour -Path $Part.Events -ErrorAction SilentlyContinue | Tag buckets
    Group-EventByHour -Path $Part.Events -By User -Interval 00:30:00 -ErrorAction SilentlyContinue | Tag keyed
    Get-EventSession -Path $Part.Events -IdleTimeout 00:20:00 -ErrorAction SilentlyContinue | Tag sessions
    Get-EventSession -Path $Part.Events -ErrorAction SilentlyContinue | Tag whole-sessions
    Measure-KwhUsage -Path $Part.Kwh -ByMeter -TimeZone Europe/Berlin -Interval Hour, Day | Tag kwh
    Measure-SensorReading -Path $Part.Sensors -BySensor -ErrorAction SilentlyContinue | Tag sensors
    Measure-SensorReading -Path $Part.Sensors -ErrorAction SilentlyContinue | Tag sensor-files
    $null = Import-EventRecord -Path $Part.Events -StatisticsVariable imported -ErrorAction SilentlyContinue
    $imported | Tag import
    Measure-Record -Path $Part.Events -By country -Interval 01:00:00 -Count -Sum latency_ms -Average latency_ms -Maximum latency_ms `
        -StandardDeviation latency_ms -DistinctCount user -Percentile latency_ms:50, 95 -Top event:3 -ErrorAction SilentlyContinue | Tag summary
}

# A result as comparable text: its properties in order, lists joined, numbers to 9 significant digits, without what
# differs from run to run (timings, where it ran) or is an encoding of the rest (sketch states).
function script:ConvertTo-ComparableLine([Parameter(ValueFromPipeline)] $InputObject) {
    process {
        $skip = 'Check', 'PSComputerName', 'RunspaceId', 'PSShowComputerName', 'State', 'UserSketch', 'ProcessingMs', 'StartedAt', 'ProcessedAt'
        $parts = foreach ($property in $InputObject.psobject.Properties) {
            if ($property.Name -in $skip) { continue }
            $value = $property.Value
            $text = if ($null -eq $value) { '' }
            elseif ($value -is [double]) { $value.ToString('G9', [cultureinfo]::InvariantCulture) }
            elseif ($value -is [string]) { $value }
            elseif ($property.Name -eq 'PerFile') { (@($value | ForEach-Object { "$_" }) | Sort-Object) -join ' | ' }
            elseif ($value -is [Collections.IDictionary]) { (@($value.Keys | Sort-Object | ForEach-Object { "$_=$($value[$_])" })) -join ';' }
            elseif ($value -is [Collections.IEnumerable]) { (@($value | ForEach-Object { "$_" })) -join ';' }
            else { "$value" }
            "$($property.Name)=$text"
        }
        $parts -join ' '
    }
}
