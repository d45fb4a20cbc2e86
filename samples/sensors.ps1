<#
.SYNOPSIS
    The Mock S3 Aggregator's processing rebuilt on the Aggregator module: one result document per sensor CSV file.

.DESCRIPTION
    Runs Measure-SensorReading over sensor CSV files (sensor_id, timestamp and value columns, in any order and case)
    and writes, for each file, the service's result document as <file_id>.json:

      file_id, status (processed, partial or failed), message (failed only), processed_at, processing_ms,
      aggregates { row_count, min_value, max_value, mean_value, per_sensor_count }, errors [ { row_number, reason } ]

    file_id is a hash of the file's bytes, so the same upload always gets the same id. A bad row is left out of the
    figures and listed in errors with its line number (the header is line 1); a file without a required column fails
    as a whole, and the other files go on. Files are processed in parallel with -ThrottleLimit. The status table is
    printed at the end.

    The module is taken from the session when it is already imported, otherwise from out/Aggregator in this
    repository (run `dotnet build Aggregator.sln` first).

.EXAMPLE
    ./samples/sensors.ps1

.EXAMPLE
    ./samples/sensors.ps1 -Path uploads/*.csv -ThrottleLimit 4 -OutputDirectory ./results
#>
[CmdletBinding()]
param(
    # Sensor CSV files; wildcards allowed.
    [ValidateNotNullOrEmpty()]
    [Alias('InputPath')]
    [string[]] $Path = (Join-Path $PSScriptRoot 'sensors' '*.csv'),

    # Where the result documents go; created when missing.
    [string] $OutputDirectory = (Join-Path $PSScriptRoot 'output'),

    # How many files are processed at once.
    [ValidateRange(1, 64)]
    [int] $ThrottleLimit = 2
)

Set-StrictMode -Version Latest
$callerErrorAction = $ErrorActionPreference   # for passing file errors on as the caller asked
$ErrorActionPreference = 'Stop'

. (Join-Path $PSScriptRoot 'common' 'Import-Aggregator.ps1')

$invariant = [cultureinfo]::InvariantCulture
$null = New-Item -ItemType Directory -Path $OutputDirectory -Force

# Row errors and failed files are in the results; anything else (a path that matches nothing, say) is passed on.
$problems = @()
# Piped on, so the silenced errors stay in $problems and do not reach the caller's -ErrorVariable as well.
$results = @(Measure-SensorReading -Path $Path -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable +problems |
        ForEach-Object { $_ })
foreach ($problem in $problems | Where-Object { $_.TargetObject -isnot [Aggregator.SkippedRecord] -and
        $_.FullyQualifiedErrorId -notlike 'InvalidHeader*' -and $_.FullyQualifiedErrorId -notlike 'FileReadFailed*' }) {
    Write-Error -ErrorRecord $problem -ErrorAction $callerErrorAction
}

foreach ($result in $results) {
    $document = [ordered]@{
        file_id       = $result.FileId
        status        = $result.Status.ToString().ToLowerInvariant()
        processed_at  = $result.ProcessedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", $invariant)
        processing_ms = $result.ProcessingMs
        aggregates    = [ordered]@{
            row_count        = $result.RowCount
            min_value        = $result.MinValue
            max_value        = $result.MaxValue
            mean_value       = $result.MeanValue
            per_sensor_count = $result.PerSensorCount
        }
        errors        = @($result.Errors | ForEach-Object { [ordered]@{ row_number = $_.RowNumber; reason = $_.Reason } })
    }
    if ($result.Message) { $document.Insert(2, 'message', $result.Message) }
    $name = if ($result.FileId) { $result.FileId } else { [System.IO.Path]::GetFileNameWithoutExtension($result.Path) }
    $document | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $OutputDirectory "$name.json") -Encoding utf8NoBOM
}

$results | Format-Table @{ n = 'File'; e = { Split-Path $_.Path -Leaf } }, FileId, Status, RowCount, ErrorCount, MeanValue -AutoSize |
    Out-String -Width 200
