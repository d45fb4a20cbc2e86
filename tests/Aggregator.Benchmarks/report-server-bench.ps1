<#
.SYNOPSIS
    Issue 21's figures. The report: Import-EventRecord | Export-AggregateReport over -Events records (the bench's
    Data Processor data), its size, and how long Chromium takes to open it and finish drawing. The service: -Uploads
    concurrent uploads of 1,000-row sensor files on loopback, each request's latency (p50/p95) and the files processed
    per second until the last is done.
.EXAMPLE
    dotnet pwsh tests/Aggregator.Benchmarks/report-server-bench.ps1 -EventsFile /tmp/aggregator-bench/dp_10000000.jsonl
#>
param([string] $EventsFile, [int] $Uploads = 100, [int] $Port = 18099, [string] $Work = '/tmp/aggregator-bench/report-server')

$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).ProviderPath
Import-Module (Join-Path $repo 'out' 'Aggregator' 'Aggregator.psd1')
$null = New-Item -ItemType Directory -Force $Work

function Get-Percentile([double[]] $Values, [double] $P) {
    $sorted = $Values | Sort-Object
    $sorted[[math]::Min($sorted.Count - 1, [math]::Ceiling($P / 100 * $sorted.Count) - 1)]
}

if ($EventsFile) {
    $report = Join-Path $Work 'report.html'
    $records = 0
    $time = Measure-Command {
        Import-EventRecord -Path $EventsFile -ErrorVariable bad -ErrorAction SilentlyContinue -StatisticsVariable st |
            Export-AggregateReport -Path $report -Skipped bad -Statistics st
    }
    $size = (Get-Item $report).Length
    # The page records when it was drawn, from the start of its navigation (data-drawn-ms); Chromium's whole run, which
    # also starts the browser and serialises the finished page, is shown beside it.
    $open = foreach ($run in 1..3) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $dom = chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$report" 2>$null | Out-String
        $sw.Stop()
        $drawn = if ($dom -match 'data-drawn-ms="(\d+)"') { [double]$Matches[1] / 1000 } else { [double]::NaN }
        [pscustomobject]@{ Whole = $sw.Elapsed.TotalSeconds; Drawn = $drawn }
    }
    "| report | events | valid | build s | size | drawn after navigation s (3 opens) | whole Chromium run s |"
    "|---|---|---|---|---|---|---|"
    '| {0} | {1:N0} | {2:N0} | {3:0.0} | {4:N0} bytes ({5:0.00} MB) | {6} | {7} |' -f (Split-Path $EventsFile -Leaf),
        $st.TotalRecords, $st.ValidRecords, $time.TotalSeconds, $size, ($size / 1MB),
        (($open.Drawn | ForEach-Object { $_.ToString('0.00') }) -join ', '), (($open.Whole | ForEach-Object { $_.ToString('0.00') }) -join ', ')
    ''
}

# The service under load.
$store = Join-Path $Work "server-$([guid]::NewGuid().ToString('N')).db"
$job = Start-AggregatorServer -Store $store -Port $Port -AsJob -ThrottleLimit 2
try {
    $client = [System.Net.Http.HttpClient]::new()
    $client.Timeout = [TimeSpan]::FromMinutes(5)
    $bodies = foreach ($i in 1..$Uploads) {
        $sb = [System.Text.StringBuilder]::new("sensor_id,timestamp,value`n")
        foreach ($r in 0..999) { $null = $sb.Append("s-$($r % 10),2025-10-01T08:$('{0:00}:{1:00}' -f [math]::Floor($r / 60 % 60), ($r % 60))Z,$($i + $r / 8)`n") }
        $sb.ToString()
    }
    $null = $client.GetStringAsync("http://127.0.0.1:$Port/health").GetAwaiter().GetResult()
    $all = [Diagnostics.Stopwatch]::StartNew()
    $pending = [System.Collections.Generic.List[object]]::new()
    foreach ($i in 0..($Uploads - 1)) {
        $form = [System.Net.Http.MultipartFormDataContent]::new()
        $part = [System.Net.Http.StringContent]::new($bodies[$i])
        $part.Headers.ContentType = [System.Net.Http.Headers.MediaTypeHeaderValue]::new('text/csv')
        $form.Add($part, 'file', "f$i.csv")
        $pending.Add([pscustomobject]@{ Task = $client.PostAsync("http://127.0.0.1:$Port/files", $form); Start = $all.Elapsed.TotalMilliseconds })
    }
    $latencies = [System.Collections.Generic.List[double]]::new()
    $accepted = 0
    while ($pending.Count) {
        $index = [System.Threading.Tasks.Task]::WaitAny([System.Threading.Tasks.Task[]]@($pending.Task))
        $done = $pending[$index]
        $pending.RemoveAt($index)
        $latencies.Add($all.Elapsed.TotalMilliseconds - $done.Start)
        if ([int]$done.Task.Result.StatusCode -eq 202) { $accepted++ }
    }
    $uploaded = $all.Elapsed.TotalSeconds
    do {
        Start-Sleep -Milliseconds 50
        $files = Invoke-RestMethod "http://127.0.0.1:$Port/files"
    } while (@($files | Where-Object { $_.status -in 'uploaded', 'processing' }).Count -gt 0 -or $files.Count -lt $Uploads)
    $processed = $all.Elapsed.TotalSeconds
    "| uploads | accepted | processed | p50 ms | p95 ms | max ms | all uploaded s | all processed s | files/s |"
    "|---|---|---|---|---|---|---|---|---|"
    '| {0} | {1} | {2} | {3:0} | {4:0} | {5:0} | {6:0.00} | {7:0.00} | {8:0.0} |' -f $Uploads, $accepted,
        @($files | Where-Object status -eq 'processed').Count, (Get-Percentile $latencies 50), (Get-Percentile $latencies 95),
        ($latencies | Measure-Object -Maximum).Maximum, $uploaded, $processed, ($Uploads / $processed)
}
finally {
    $job | Stop-Job
    $job | Remove-Job -Force
}
