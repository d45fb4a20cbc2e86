<#
.SYNOPSIS
    The Mock S3 Aggregator as a lasting service: uploads kept in a results store, processed, queried by id, served over
    HTTP on loopback, and reported in one HTML file.

.DESCRIPTION
    Adds the sample sensor files to a store in the output folder, processes them, shows each file's result and the
    per-sensor figures, writes sensors.html, then starts the web service briefly, uploads one more file through its API
    and reads the result back by id.

.EXAMPLE
    pwsh ./samples/sensor-service.ps1 -OutputDirectory /tmp/sensor-service
#>
[CmdletBinding()]
param(
    [string] $OutputDirectory = (Join-Path $PSScriptRoot 'output' 'sensor-service'),
    [int] $Port = 18080
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module Aggregator)) {
    Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'out' 'Aggregator' 'Aggregator.psd1')
}

$null = New-Item -ItemType Directory -Force -Path $OutputDirectory
$store = Join-Path $OutputDirectory 'results.db'
$uploads = Join-Path $PSScriptRoot 'sensors'

# Submit, process, query: the service's lifecycle without the HTTP layer.
Get-ChildItem $uploads -Filter *.csv | Add-SensorUpload -Store $store | Format-Table FileId, Path, Status
Start-SensorIngest -Store $store | Format-Table
Get-SensorResult -Store $store -Status Partial, Failed | Format-List Path, Status, Message, Errors
Get-SensorResult -Store $store -BySensor | Format-Table

# One HTML file with every stored result.
$report = @(Get-SensorResult -Store $store) + @(Get-SensorResult -Store $store -BySensor) |
    Export-AggregateReport -Path (Join-Path $OutputDirectory 'sensors.html') -Title 'Sensor uploads' -PassThru
"Report: $($report.FullName) ($($report.Length) bytes)"

# The same store over HTTP, for a moment: upload through the API and read the result back by id.
$job = Start-AggregatorServer -Store $store -Port $Port -AsJob
try {
    $base = "http://127.0.0.1:$Port"
    $accepted = Invoke-RestMethod -Method Post "$base/files" -Form @{ file = Get-Item (Join-Path $uploads 'readings.csv') }
    do {
        Start-Sleep -Milliseconds 100
        $result = Invoke-RestMethod "$base/files/$($accepted.file_id)"
    } while ($result.status -in 'uploaded', 'processing')
    $result | ConvertTo-Json -Depth 4
}
finally {
    $job | Stop-Job
    $job | Remove-Job -Force
}
