<#
.SYNOPSIS
    The Event Sessions Builder rebuilt on the Aggregator module: sessions.csv, skipped.csv and the console statistics.

.DESCRIPTION
    Reads event files with Import-EventRecord -Unique (exact duplicates - the same user, time and event - are dropped,
    keeping the first) and pipes the records into Get-EventSession. It reproduces the seed's outputs:

      sessions.csv  user_id,session_start,session_end,event_count; one row per user (or per session with
                    -IdleTimeout / -MaxDuration), times in ISO 8601 UTC such as 2024-07-10T10:00:00Z.
      skipped.csv   event,reason,user_id,event_time,event_type; one row per record that could not be used:
                    its record number in the file, the reason and message, and whatever fields could be read.
      console       Done. and total_events, valid_events, skipped_events, duplicates_removed, unique_users,
                    from Import-EventRecord -StatisticsVariable.

    The module is taken from the session when it is already imported, otherwise from out/Aggregator in this
    repository (run `dotnet build Aggregator.sln` first).

.EXAMPLE
    ./samples/sessions.ps1

.EXAMPLE
    ./samples/sessions.ps1 -InputPath logs/*.jsonl -IdleTimeout 00:30:00 -OutputDirectory ./out/sessions
#>
[CmdletBinding()]
param(
    # Event files; wildcards allowed. Any format Import-EventRecord reads.
    [ValidateNotNullOrEmpty()]
    [Alias('Path')]
    [string[]] $InputPath = (Join-Path $PSScriptRoot 'sessions.jsonl'),

    # Split a user's events into sessions at gaps longer than this (such as 00:30:00). One session per user without it.
    [Nullable[timespan]] $IdleTimeout,

    # Cap the length of a session (such as 02:00:00).
    [Nullable[timespan]] $MaxDuration,

    # Where sessions.csv and skipped.csv go; created when missing.
    [string] $OutputDirectory = (Join-Path $PSScriptRoot 'output')
)

Set-StrictMode -Version Latest
$callerErrorAction = $ErrorActionPreference   # for passing file errors on as the caller asked
$ErrorActionPreference = 'Stop'

. (Join-Path $PSScriptRoot 'common' 'Import-Aggregator.ps1')
. (Join-Path $PSScriptRoot 'common' 'Export-SampleCsv.ps1')

$invariant = [cultureinfo]::InvariantCulture

# ISO 8601 UTC with Z; fractional seconds only when there are any.
function Format-Iso([datetime] $Time) {
    $Time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", $invariant)
}

$null = New-Item -ItemType Directory -Path $OutputDirectory -Force

$sessionParameters = @{}
if ($null -ne $IdleTimeout) { $sessionParameters.IdleTimeout = $IdleTimeout }
if ($null -ne $MaxDuration) { $sessionParameters.MaxDuration = $MaxDuration }

# Skipped records are collected, not shown; every other error (a missing file, say) is passed on below.
$problems = @()
$sessions = @(Import-EventRecord -Path $InputPath -Unique -ErrorAction SilentlyContinue -ErrorVariable +problems -StatisticsVariable stats |
        Get-EventSession @sessionParameters)

$skipped = @($problems | Where-Object { $_.TargetObject -is [Aggregator.SkippedRecord] } | ForEach-Object TargetObject)
foreach ($problem in $problems | Where-Object { $_.TargetObject -isnot [Aggregator.SkippedRecord] }) {
    Write-Error -ErrorRecord $problem -ErrorAction $callerErrorAction
}

$sessions | ForEach-Object {
    [pscustomobject]@{
        user_id       = $_.User
        session_start = Format-Iso $_.SessionStart
        session_end   = Format-Iso $_.SessionEnd
        event_count   = $_.EventCount
    }
} | ConvertTo-SafeCsvRow | Export-Csv -LiteralPath (Join-Path $OutputDirectory 'sessions.csv') -UseQuotes AsNeeded -Encoding utf8NoBOM

# The seed's skipped.csv columns; without skipped records the file is the header alone.
$skippedRows = @($skipped | ForEach-Object {
        [pscustomobject]@{
            event      = $_.Record
            reason     = "$($_.Reason): $($_.Message)"
            user_id    = $_.User
            event_time = $_.Timestamp
            event_type = $_.Event
        }
    })
$skippedPath = Join-Path $OutputDirectory 'skipped.csv'
Export-SampleCsv -Rows $skippedRows -LiteralPath $skippedPath -Columns event, reason, user_id, event_time, event_type

if ($sessions.Count -eq 0 -and $null -eq $IdleTimeout -and $null -eq $MaxDuration -and $stats.ValidRecords -gt 0) {
    Write-Warning 'No record had a timestamp, so there are no sessions.'
}

'Done.'
"total_events: $($stats.TotalRecords)"
"valid_events: $($stats.ValidRecords)"
"skipped_events: $($stats.SkippedRecords)"
"duplicates_removed: $($stats.DuplicatesRemoved)"
"unique_users: $($stats.UniqueUsers)"
