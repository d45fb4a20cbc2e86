<#
.SYNOPSIS
    Issue 20's store figures: ingesting 1,000 sensor files of 1,000 rows with 1 and 2 workers against
    Measure-SensorReading -Path on the same files, and an hourly Measure-UserEvent -Store re-run over 1,000 event files
    of which 10 are new, against a full re-read. Runs alternate, in one process per run; prints a Markdown table.
.EXAMPLE
    dotnet pwsh tests/Aggregator.Benchmarks/store-bench.ps1 -Runs 3
#>
param([int] $Runs = 3, [int] $Files = 1000, [int] $Rows = 1000, [string] $Work = '/tmp/aggregator-bench/store')

$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).ProviderPath
$manifest = Join-Path $repo 'out' 'Aggregator' 'Aggregator.psd1'
$pwsh = if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'pwsh') { @([Environment]::ProcessPath) }
        else { @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll')) }

function New-Data {
    $sensors = Join-Path $Work 'sensors'
    $events = Join-Path $Work 'events'
    if (-not (Test-Path (Join-Path $sensors ('f{0:0000}.csv' -f $Files)))) {
        $null = New-Item -ItemType Directory -Force $sensors, $events
        foreach ($i in 1..$Files) {
            $sb = [System.Text.StringBuilder]::new("sensor_id,timestamp,value`n")
            foreach ($r in 0..($Rows - 1)) {
                $null = $sb.Append("s-$(($r + $i) % 20),2025-10-01T$('{0:00}:{1:00}' -f [math]::Floor($r / 60 % 24), ($r % 60)):00Z,$(($r * 7 + $i) % 500 / 4)`n")
            }
            [System.IO.File]::WriteAllText((Join-Path $sensors ('f{0:0000}.csv' -f $i)), $sb.ToString())
            $eb = [System.Text.StringBuilder]::new()
            foreach ($r in 0..($Rows - 1)) {
                $null = $eb.Append("{`"user`":`"u$(($r * 13 + $i) % 300)`",`"event`":`"e$($r % 7)`",`"status`":`"$(('success', 'fail')[$r % 5 -eq 0])`",`"timestamp`":`"2025-10-01T10:00:00Z`"}`n")
            }
            [System.IO.File]::WriteAllText((Join-Path $events ('e{0:0000}.jsonl' -f $i)), $eb.ToString())
        }
    }
    $sensors, $events
}

# Runs a script in a fresh pwsh and returns the seconds it reports (measured inside, after Import-Module).
function Measure-InProcess([string] $Body) {
    $script = "Import-Module '$manifest'; `$sw = [Diagnostics.Stopwatch]::StartNew(); $Body; `$sw.Elapsed.TotalSeconds"
    $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script
    [double]($out | Select-Object -Last 1)
}

$sensors, $events = New-Data
$cases = [ordered]@{
    'Measure-SensorReading -Path, 2 workers' = { "`$null = Measure-SensorReading -Path '$sensors/*.csv' -ThrottleLimit 2" }
    'Add-SensorUpload + Start-SensorIngest, 1 worker' = { $db = Join-Path $Work "s1-$([guid]::NewGuid().ToString('N')).db"; "`$null = Add-SensorUpload -Path '$sensors/*.csv' -Store '$db'; `$null = Start-SensorIngest -Store '$db' -ThrottleLimit 1" }
    'Add-SensorUpload + Start-SensorIngest, 2 workers' = { $db = Join-Path $Work "s2-$([guid]::NewGuid().ToString('N')).db"; "`$null = Add-SensorUpload -Path '$sensors/*.csv' -Store '$db'; `$null = Start-SensorIngest -Store '$db' -ThrottleLimit 2" }
    'Start-SensorIngest only (files uploaded before), 2 workers' = { $db = Join-Path $Work "s3-$([guid]::NewGuid().ToString('N')).db"; & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -Command "Import-Module '$manifest'; `$null = Add-SensorUpload -Path '$sensors/*.csv' -Store '$db'"; "`$null = Start-SensorIngest -Store '$db' -ThrottleLimit 2" }
    'Measure-UserEvent -Path, full re-read' = { "`$null = Measure-UserEvent -Path '$events/*.jsonl' -ThrottleLimit 2" }
    'Measure-UserEvent -Store, 10 new of 1,000' = {
        $db = Join-Path $Work "e-$([guid]::NewGuid().ToString('N')).db"
        $fresh = Get-ChildItem $events -Filter *.jsonl | Select-Object -Last 10
        $fresh | ForEach-Object { Rename-Item $_.FullName ($_.Name + '.new') }
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -Command "Import-Module '$manifest'; `$null = Measure-UserEvent -Path '$events/*.jsonl' -Store '$db'"
        $fresh | ForEach-Object { Rename-Item ($_.FullName + '.new') $_.Name }
        "`$null = Measure-UserEvent -Path '$events/*.jsonl' -Store '$db' -ThrottleLimit 2"
    }
}

$times = @{}
foreach ($run in 1..$Runs) {
    foreach ($name in $cases.Keys) {
        $body = & $cases[$name]
        $times[$name] += @(Measure-InProcess $body)
    }
}

"| case | runs (s) | best s | files/s | rows/s |"
"|---|---|---|---|---|"
foreach ($name in $cases.Keys) {
    $best = ($times[$name] | Measure-Object -Minimum).Minimum
    $rowTotal = $Files * $Rows   # (PowerShell names ignore case: $rows would be the -Rows parameter)
    '| {0} | {1} | {2:0.00} | {3:0} | {4:0} |' -f $name, (($times[$name] | ForEach-Object { $_.ToString('0.00') }) -join ', '), $best, ($Files / $best), ($rowTotal / $best)
}
Remove-Item (Join-Path $Work '*.db*') -Recurse -Force -ErrorAction SilentlyContinue
