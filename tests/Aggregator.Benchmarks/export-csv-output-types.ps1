<#
.SYNOPSIS
    Export-Csv of every output type of the module beside [pscustomobject] rows with the same columns and values, in one
    warm pwsh process: what handing results to Export-Csv costs for a typed record against a plain row.
.DESCRIPTION
    Each type's objects come from the shared bench files (gen.py in ../shared/bench). Types that a run emits once
    (statistics of a whole run) are repeated to -Count rows. "first" is the first Export-Csv of that type in the process,
    "best" the fastest of -Runs later ones.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Aggregator.Benchmarks/export-csv-output-types.ps1 -DataDirectory /tmp/aggregator-bench
#>
param(
    [string] $DataDirectory = (Join-Path ([IO.Path]::GetTempPath()) 'aggregator-bench'),
    [int] $Count = 50000,
    [int] $Runs = 5,
    [string] $Module = (Join-Path $PSScriptRoot '../../out/Aggregator'),
    [string] $OutputDirectory = (Join-Path ([IO.Path]::GetTempPath()) 'aggregator-export-csv-bench')
)

$ErrorActionPreference = 'Stop'
Import-Module $Module
New-Item -ItemType Directory -Force $OutputDirectory | Out-Null
$target = Join-Path $OutputDirectory 'rows.csv'
$events = Join-Path $DataDirectory 'dp_1000000.jsonl'
$samples = Join-Path $PSScriptRoot '../../samples'

function Repeat($Objects) {
    $list = [System.Collections.Generic.List[object]]::new()
    while ($list.Count -lt $Count) { foreach ($o in $Objects) { $list.Add($o) } }
    $list.GetRange(0, $Count)
}

$records = @(Import-EventRecord -LiteralPath $events -ErrorAction SilentlyContinue | Select-Object -First $Count)
$summaries = @(Measure-UserEvent -LiteralPath $events -ErrorAction SilentlyContinue -StatisticsVariable stats)
$sessions = Join-Path $DataDirectory 'sess_1000000.jsonl'
$null = Import-EventRecord -LiteralPath $sessions -ErrorAction SilentlyContinue -ErrorVariable skips
$types = [ordered]@{
    EventRecord          = $records
    SkippedRecord        = Repeat @($skips.TargetObject | Select-Object -First $Count)
    ImportStatistics     = Repeat @($stats)
    FileImportStatistics = Repeat @($stats.PerFile)
    UserEventSummary     = $summaries
    EventStatistics      = Repeat @(Measure-EventRecord -LiteralPath $events -ErrorAction SilentlyContinue)
    EventTimeBucket      = Repeat @(Group-EventByHour -LiteralPath $events -ErrorAction SilentlyContinue)
    KeyedEventTimeBucket = @(Group-EventByHour -LiteralPath $events -By User -ErrorAction SilentlyContinue | Select-Object -First $Count)
    EventSession         = @(Get-EventSession -LiteralPath $sessions -ErrorAction SilentlyContinue | Select-Object -First $Count)
    KwhUsage             = @(Measure-KwhUsage -LiteralPath (Join-Path $DataDirectory 'kwh_1000000.jsonl') -ByMeter -ErrorAction SilentlyContinue | Select-Object -First $Count)
    SensorReading        = @(Import-SensorReading -LiteralPath (Join-Path $DataDirectory 'sensor_1000000.csv') -ErrorAction SilentlyContinue | Select-Object -First $Count)
    SensorFileSummary    = Repeat @(Measure-SensorReading -LiteralPath (Join-Path $DataDirectory 'sensor_1000000.csv') -ErrorAction SilentlyContinue)
    SensorSummary        = Repeat @(Measure-SensorReading -LiteralPath (Join-Path $DataDirectory 'sensor_1000000.csv') -BySensor -ErrorAction SilentlyContinue)
    SignInActivity       = Repeat @(Import-SignInActivity -Path (Join-Path $samples 'graph-users' '*.json*') -ErrorAction SilentlyContinue)
}

function Measure-Export($Objects) {
    $first = (Measure-Command { $Objects | Export-Csv -LiteralPath $target }).TotalSeconds
    $best = [double]::MaxValue
    foreach ($run in 1..$Runs) { $best = [math]::Min($best, (Measure-Command { $Objects | Export-Csv -LiteralPath $target }).TotalSeconds) }
    $first, $best
}

$(
foreach ($name in $types.Keys) {
    $objects = $types[$name]
    # The same columns and cell text as plain rows: what a script would build with [pscustomobject]@{...}.
    $rows = foreach ($o in $objects) {
        $row = [ordered]@{}
        foreach ($p in $o.PSObject.Properties) { $row[$p.Name] = if ($null -eq $p.Value) { $null } else { $p.Value.ToString() } }
        [pscustomobject]$row
    }
    $typed = Measure-Export $objects
    $plain = Measure-Export $rows
    [pscustomobject]@{
        Type = $name; Rows = $objects.Count
        TypedFirst = [math]::Round($typed[0], 3); TypedBest = [math]::Round($typed[1], 3)
        RowsFirst = [math]::Round($plain[0], 3); RowsBest = [math]::Round($plain[1], 3)
        Ratio = [math]::Round($typed[1] / $plain[1], 2)
    }
}
) | Format-Table -AutoSize | Out-String -Width 200
