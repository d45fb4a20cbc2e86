<#
.SYNOPSIS
    Electro rebuilt on the Aggregator module: hourly and daily kWh sums with zero-filled gaps, as CSV files.

.DESCRIPTION
    Reads kWh readings (timestamp, kWh_value and optionally meter_id or source_id) with Measure-KwhUsage, which sums
    every reading into its hour and its day in one pass. Hours and days without readings are rows with 0, from the first
    period with data to the last. It reproduces Electro's output_data folder:

      hourly_data_<DD_MM>.csv  one file per date: hourly_timestamp,aggregated_kWh_value (24 rows for a full UTC day)
      daily_data.csv           daily_timestamp,aggregated_kWh_value
      skipped.csv              line,reason,meter,timestamp,value; readings that could not be used (negative or
                               non-numeric kWh, bad timestamps), with the reason

    Periods are UTC, as in Electro; -TimeZone buckets by local hours and days instead (a spring-forward day then has
    23 hourly rows and an autumn day 25), and the timestamps carry the local offset.

    The module is taken from the session when it is already imported, otherwise from out/Aggregator in this
    repository (run `dotnet build Aggregator.sln` first).

.EXAMPLE
    ./samples/electro.ps1

.EXAMPLE
    ./samples/electro.ps1 -InputPath meters/*.json -TimeZone Europe/Madrid -OutputDirectory ./output_data
#>
[CmdletBinding()]
param(
    # kWh reading files; wildcards allowed. JSON arrays, JSON Lines or CSV.
    [ValidateNotNullOrEmpty()]
    [Alias('Path')]
    [string[]] $InputPath = (Join-Path $PSScriptRoot 'electro' 'readings.json'),

    # IANA or Windows time zone id for local hours and days; UTC by default.
    [string] $TimeZone,

    # Where the CSV files go; created when missing.
    [string] $OutputDirectory = (Join-Path $PSScriptRoot 'output')
)

Set-StrictMode -Version Latest
$callerErrorAction = $ErrorActionPreference   # for passing file errors on as the caller asked
$ErrorActionPreference = 'Stop'

. (Join-Path $PSScriptRoot 'common' 'Import-Aggregator.ps1')
. (Join-Path $PSScriptRoot 'common' 'Export-SampleCsv.ps1')

$invariant = [cultureinfo]::InvariantCulture
$null = New-Item -ItemType Directory -Path $OutputDirectory -Force

$usageParameters = @{ Interval = 'Hour', 'Day' }
if ($TimeZone) { $usageParameters.TimeZone = $TimeZone }

# Skipped readings are collected, not shown; every other error (a missing file, say) is passed on below.
$problems = @()
# Piped on, so the silenced errors stay in $problems and do not reach the caller's -ErrorVariable as well.
$usage = @(Measure-KwhUsage -Path $InputPath @usageParameters -ErrorAction SilentlyContinue -ErrorVariable +problems |
        ForEach-Object { $_ })
$skipped = @($problems | Where-Object { $_.TargetObject -is [Aggregator.SkippedRecord] } | ForEach-Object TargetObject)
foreach ($problem in $problems | Where-Object { $_.TargetObject -isnot [Aggregator.SkippedRecord] }) {
    Write-Error -ErrorRecord $problem -ErrorAction $callerErrorAction
}

# 15 significant digits: sums such as 0.123 + 0.2 print as 0.323, not 0.32299999999999995.
function Format-Kwh([double] $Kwh) { $Kwh.ToString('G15', $invariant) }

$hourly = @($usage | Where-Object Interval -eq Hour)
$hourFiles = $hourly | Group-Object { $_.Period.ToString('dd_MM', $invariant) }
foreach ($day in $hourFiles) {
    $day.Group | ForEach-Object {
        [pscustomobject]@{
            hourly_timestamp     = if ($TimeZone) { $_.Period.ToString("yyyy-MM-dd'T'HH:mm:sszzz", $invariant) }
                                   else { $_.Period.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", $invariant) }
            aggregated_kWh_value = Format-Kwh $_.Kwh
        }
    } | ConvertTo-SafeCsvRow | Export-Csv -LiteralPath (Join-Path $OutputDirectory "hourly_data_$($day.Name).csv") -UseQuotes AsNeeded -Encoding utf8NoBOM
}

$dailyPath = Join-Path $OutputDirectory 'daily_data.csv'
$daily = @($usage | Where-Object Interval -eq Day | ForEach-Object {
        [pscustomobject]@{
            daily_timestamp      = $_.Period.ToString('yyyy-MM-dd', $invariant)
            aggregated_kWh_value = Format-Kwh $_.Kwh
        }
    })
Export-SampleCsv -Rows $daily -LiteralPath $dailyPath -Columns daily_timestamp, aggregated_kWh_value

$skippedPath = Join-Path $OutputDirectory 'skipped.csv'
$skippedRows = @($skipped | ForEach-Object {
        [pscustomobject]@{
            line      = $_.Line
            reason    = "$($_.Reason): $($_.Message)"
            meter     = $_.User
            timestamp = $_.Timestamp
            value     = $_.Value
        }
    })
Export-SampleCsv -Rows $skippedRows -LiteralPath $skippedPath -Columns line, reason, meter, timestamp, value

$zeroHours = @($hourly | Where-Object Readings -eq 0).Count
"Done. $($hourly.Count) hourly rows ($zeroHours without readings) in $(@($hourFiles).Count) hourly_data file(s), " +
"$($daily.Count) daily rows, $($skipped.Count) reading(s) skipped."
