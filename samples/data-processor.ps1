<#
.SYNOPSIS
    The Data Processor (V1.1) rebuilt on the Aggregator module: per-user summaries, overall statistics,
    an hourly breakdown, users.csv and report.json.

.DESCRIPTION
    Reads event files with Import-EventRecord and reproduces the Data Processor's outputs:

      console      per-user summaries and overall statistics; the hourly breakdown too with -ByHour;
                   nothing at all with -Quiet.
      users.csv    one row per user and nothing else, honouring -OnlyFailures and -MinFailures.
                   EventTypes is written as "login;view".
      report.json  { "users": [...], "by_hour": { "YYYY-MM-DD HH": { "total_events", "success", "fail" } } }
                   with the Data Processor's snake_case names. "users" honours the filters; "by_hour" covers
                   every valid record and is there whenever at least one record has a timestamp.
      skipped.csv  every record that was not used, with Source, Line, Record, Reason and Raw.

    The Data Processor's --only-failures and --min-failures N flags are plain Where-Object filters here:
        ... | Measure-UserEvent | Where-Object Fail -gt 0
        ... | Measure-UserEvent | Where-Object Fail -ge N

    The module is taken from the session when it is already imported, otherwise from out/Aggregator in this
    repository (run `dotnet build Aggregator.sln` first).

.EXAMPLE
    ./samples/data-processor.ps1 -ByHour

.EXAMPLE
    ./samples/data-processor.ps1 -Path samples/*.json -MinFailures 2 -OutputDirectory ./out/report -Quiet
#>
[CmdletBinding()]
param(
    # Event files; wildcards allowed. Any format Import-EventRecord reads.
    [ValidateNotNullOrEmpty()]
    [string[]] $Path = (Join-Path $PSScriptRoot 'events.json'),

    # --only-failures: only users with at least one failure.
    [switch] $OnlyFailures,

    # --min-failures N: only users with at least N failures.
    [ValidateRange(0, [int]::MaxValue)]
    [int] $MinFailures,

    # --by-hour: show the hourly breakdown on the console (report.json always has it).
    [switch] $ByHour,

    # --quiet: no console output.
    [switch] $Quiet,

    # Where users.csv, report.json and skipped.csv go; created when missing.
    [string] $OutputDirectory = (Join-Path $PSScriptRoot 'output')
)

Set-StrictMode -Version Latest
$callerErrorAction = $ErrorActionPreference   # for passing file errors on as the caller asked
$ErrorActionPreference = 'Stop'

. (Join-Path $PSScriptRoot 'common' 'Import-Aggregator.ps1')
. (Join-Path $PSScriptRoot 'common' 'ConvertTo-SafeCsvRow.ps1')

# Machine-readable files are written the same way whatever the user's culture (0.25, not 0,25).
function Invoke-Invariant([scriptblock] $Script) {
    $saved = [cultureinfo]::CurrentCulture
    try {
        [cultureinfo]::CurrentCulture = [cultureinfo]::InvariantCulture
        & $Script
    }
    finally {
        [cultureinfo]::CurrentCulture = $saved
    }
}

function Format-Utc([object] $Time) {
    if ($null -eq $Time) { return '' }
    ([datetime]$Time).ToString('yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture) + ' UTC'
}

function Show([string] $Title, [object[]] $Objects, [switch] $List) {
    if ($Quiet) { return }
    Write-Host ''
    Write-Host $Title
    if ($Objects.Count -eq 0) {
        Write-Host '  (none)'
    }
    elseif ($List) {
        $Objects | Format-List | Out-Host
    }
    else {
        $Objects | Format-Table | Out-Host
    }
}

# ---- read -----------------------------------------------------------------------------------------------------
# Every bad record is a non-terminating error whose TargetObject is an Aggregator.SkippedRecord. Collect them
# quietly; anything else (a missing file, say) is passed on as an error.
$bad = @()
$records = @(Import-EventRecord -Path $Path -ErrorVariable bad -ErrorAction SilentlyContinue -StatisticsVariable importStats)
$skipped = @($bad | Where-Object { $_.TargetObject -is [Aggregator.SkippedRecord] } | ForEach-Object TargetObject)
$bad | Where-Object { $_.TargetObject -isnot [Aggregator.SkippedRecord] } | ForEach-Object { Write-Error -ErrorRecord $_ -ErrorAction $callerErrorAction }
if ($importStats.Files -eq 0) {
    throw "No input file found: $($Path -join ', ')"
}

# ---- aggregate ------------------------------------------------------------------------------------------------
$allUsers = @($records | Measure-UserEvent)
$overall = $records | Measure-EventRecord
$hours = @($records | Group-EventByHour)

# Invariants: every record is either used or reported, and the per-user totals add up to the overall figures.
$userTotal = 0
foreach ($u in $allUsers) { $userTotal += $u.TotalEvents }
if ($importStats.TotalRecords -ne $importStats.ValidRecords + $importStats.SkippedRecords -or
    $importStats.ValidRecords -ne $records.Count -or
    $importStats.SkippedRecords -ne $skipped.Count -or
    $overall.TotalEvents -ne $records.Count -or
    $userTotal -ne $overall.TotalEvents -or
    $overall.Users -ne $allUsers.Count) {
    throw "Invariant broken: $($importStats.TotalRecords) read, $($importStats.ValidRecords) valid, $($importStats.SkippedRecords) skipped, $($overall.TotalEvents) aggregated."
}

# ---- filter: the Data Processor's flags are Where-Object ------------------------------------------------------
$users = $allUsers
if ($OnlyFailures) {
    $users = $users | Where-Object Fail -gt 0                 # --only-failures
}
if ($PSBoundParameters.ContainsKey('MinFailures')) {
    $users = $users | Where-Object Fail -ge $MinFailures      # --min-failures N
}
$users = @($users)

# ---- console --------------------------------------------------------------------------------------------------
Show 'Per-user summary' $users
Show 'Overall statistics' -List @($overall | Select-Object Users, TotalEvents, Success, Fail,
    @{ Name = 'FailureRate'; Expression = { '{0:P1}' -f $_.FailureRate } },
    @{ Name = 'EventTypes'; Expression = { $_.EventTypes -join ', ' } },
    @{ Name = 'FirstTimestamp'; Expression = { Format-Utc $_.FirstTimestamp } },
    @{ Name = 'LastTimestamp'; Expression = { Format-Utc $_.LastTimestamp } })
if ($ByHour) {
    Show 'Hourly breakdown (UTC)' @($hours | Select-Object @{ Name = 'Hour'; Expression = { $_.Start.ToString('yyyy-MM-dd HH', [cultureinfo]::InvariantCulture) } },
        TotalEvents, Success, Fail)
}
if (-not $Quiet -and $skipped.Count -gt 0) {
    $reasons = ($skipped | Group-Object Reason | ForEach-Object { "$($_.Name) $($_.Count)" }) -join ', '
    Write-Host ''
    Write-Host "$($skipped.Count) of $($importStats.TotalRecords) records skipped ($reasons): see skipped.csv"
}

# ---- files ----------------------------------------------------------------------------------------------------
$null = New-Item -ItemType Directory -Path $OutputDirectory -Force
$usersCsv = Join-Path $OutputDirectory 'users.csv'
$reportJson = Join-Path $OutputDirectory 'report.json'
$skippedCsv = Join-Path $OutputDirectory 'skipped.csv'

Invoke-Invariant {
    # users.csv: one row per user, nothing else. With no rows left, the header alone.
    if ($users.Count -gt 0) {
        $users | ConvertTo-SafeCsvRow | Export-Csv -LiteralPath $usersCsv
    }
    else {
        [Aggregator.UserEventSummary]::new('', 0, 0, 0, [Aggregator.EventTypeList]::Empty) |
            ConvertTo-Csv | Select-Object -First 1 | Set-Content -LiteralPath $usersCsv
    }

    # skipped.csv: $bad.TargetObject | Export-Csv, the module's bad-data contract, with the columns events have
    # (Value is for meter and sensor readings).
    $eventColumns = 'Source', 'Line', 'Record', 'Reason', 'Message', 'Raw', 'User', 'Event', 'Timestamp'
    if ($skipped.Count -gt 0) {
        $skipped | Select-Object $eventColumns | ConvertTo-SafeCsvRow | Export-Csv -LiteralPath $skippedCsv
    }
    else {
        [Aggregator.SkippedRecord]::new() | Select-Object $eventColumns | ConvertTo-Csv | Select-Object -First 1 |
            Set-Content -LiteralPath $skippedCsv
    }

    # report.json: the Data Processor's snake_case schema.
    $report = [ordered]@{
        users = @(foreach ($u in $users) {
                [ordered]@{
                    user         = $u.User
                    total_events = $u.TotalEvents
                    success      = $u.Success
                    fail         = $u.Fail
                    failure_rate = $u.FailureRate
                    event_types  = [string[]]@($u.EventTypes)
                }
            })
    }
    if ($hours.Count -gt 0) {
        $byHour = [ordered]@{}
        foreach ($h in $hours) {
            $byHour[$h.Start.ToString('yyyy-MM-dd HH', [cultureinfo]::InvariantCulture)] = [ordered]@{
                total_events = $h.TotalEvents
                success      = $h.Success
                fail         = $h.Fail
            }
        }
        $report.by_hour = $byHour
    }
    $report | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $reportJson
}

if (-not $Quiet) {
    Write-Host ''
    Write-Host "Wrote $usersCsv ($($users.Count) users), $reportJson, $skippedCsv ($($skipped.Count) skipped)"
}
