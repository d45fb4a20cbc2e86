<#
.SYNOPSIS
    The Data Processing Framework rebuilt on the Aggregator module: Graph users' sign-in activity read on worker
    threads and written in batches of JSON Lines by one writer thread, with a stale-account report.

.DESCRIPTION
    Runs the Framework's producer/consumer flow as one pipeline:

        Import-SignInActivity -Path <files> -ThrottleLimit N -AsOf <date> |
            Export-JsonLines -Path <OutputDirectory>/batches -BatchSize N -PassThru

    Import-SignInActivity reads the Microsoft Graph user files (JSON arrays, JSON Lines, paged @odata responses) on
    -ThrottleLimit worker threads, validates every user and hands typed Aggregator.SignInActivity objects through a
    bounded queue to the pipeline thread; Export-JsonLines hands them through a second bounded queue to its one writer
    thread, which writes the batch files. It writes:

      batches/part-00000.jsonl, part-00001.jsonl, ...
                          one user per line, -BatchSize users per file (the Framework's batches). Each file
                          appears under its final name only when it is complete.
      stale-accounts.csv  the users who never signed in or whose last sign-in is more than -StaleDays days before
                          -AsOf: Id, UserPrincipalName, DisplayName, AccountEnabled, LastSignIn (ISO 8601 UTC),
                          DaysSinceLastSignIn (empty for never), NeverSignedIn.
      skipped.csv         file,line,reason: the users that could not be read (malformed JSON, an invalid date, no id
                          or userPrincipalName, ...); just the header when there were none.
      console             the batch files with their record counts, the skipped users and the stale-account table,
                          never-signed-in accounts first, then by days since the last sign-in.

    The stale-account table is read back from the batch files with Import-SignInActivity, which shows that the
    exported users import again and checks that every valid user reached a batch.

    -AsOf is 2024-12-31T00:00:00Z by default, so that the sample's output (the days, and so the stale accounts) is the
    same on every run and machine; pass -AsOf (Get-Date) for real data.

    The module is taken from the session when it is already imported, otherwise from out/Aggregator in this
    repository (run `dotnet build Aggregator.sln` first).

.EXAMPLE
    ./samples/framework.ps1

    Reads samples/graph-users/*.json* (19 users, 2 of them broken) into batches of 5 and lists the 11 stale accounts
    as of 2024-12-31.

.EXAMPLE
    ./samples/framework.ps1 -Path exports/*.jsonl -BatchSize 50000 -ThrottleLimit 4 -AsOf (Get-Date) -OutputDirectory ./out/framework
#>
[CmdletBinding()]
param(
    # Graph user files; wildcards allowed. JSON arrays, JSON Lines or paged @odata responses, gzip too.
    [ValidateNotNullOrEmpty()]
    [Alias('InputPath')]
    [string[]] $Path = (Join-Path $PSScriptRoot 'graph-users' '*.json*'),

    # Where batches/, stale-accounts.csv and skipped.csv go; created when missing.
    [string] $OutputDirectory = (Join-Path $PSScriptRoot 'output'),

    # Users per batch file. 5 by default, so that the 17 sample users make several batches.
    [ValidateRange(1, [int]::MaxValue)]
    [int] $BatchSize = 5,

    # How many files are read at once, on worker threads.
    [ValidateRange(1, 64)]
    [int] $ThrottleLimit = 2,

    # The time the days since the last sign-in are counted to. 2024-12-31T00:00:00Z by default, so that the sample's
    # output is the same on every run; pass -AsOf (Get-Date) for real data. A date given without a zone is UTC here.
    [datetime] $AsOf = [datetime]::new(2024, 12, 31, 0, 0, 0, [DateTimeKind]::Utc),

    # An account is stale when it never signed in or its last sign-in is more than this many days before -AsOf.
    [ValidateRange(0, [int]::MaxValue)]
    [int] $StaleDays = 90
)

Set-StrictMode -Version Latest
$callerErrorAction = $ErrorActionPreference   # for passing file errors on as the caller asked
$ErrorActionPreference = 'Stop'

. (Join-Path $PSScriptRoot 'common' 'Import-Aggregator.ps1')
. (Join-Path $PSScriptRoot 'common' 'Export-SampleCsv.ps1')

$invariant = [cultureinfo]::InvariantCulture
if ($AsOf.Kind -eq [DateTimeKind]::Unspecified) {
    $AsOf = [datetime]::SpecifyKind($AsOf, [DateTimeKind]::Utc)   # the same days whatever the machine's time zone
}

$null = New-Item -ItemType Directory -Path $OutputDirectory -Force
$OutputDirectory = (Resolve-Path -LiteralPath $OutputDirectory).ProviderPath
$batchFolder = Join-Path $OutputDirectory 'batches'

function Format-Utc([object] $Time) {
    if ($null -eq $Time) { return '' }
    ([datetime]$Time).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", $invariant)
}

# ---- the Framework's flow: readers on worker threads -> one writer thread, in batches -------------------------
# Skipped users are collected, not shown; every other error (a path that matches no file, say) is passed on below.
$problems = @()
$batches = @(Import-SignInActivity -Path $Path -ThrottleLimit $ThrottleLimit -AsOf $AsOf -StatisticsVariable stats `
        -ErrorAction SilentlyContinue -ErrorVariable +problems |
        Export-JsonLines -Path $batchFolder -BatchSize $BatchSize -PassThru)

$skipped = @($problems | Where-Object { $_.TargetObject -is [Aggregator.SkippedRecord] } | ForEach-Object TargetObject)
foreach ($problem in $problems | Where-Object { $_.TargetObject -isnot [Aggregator.SkippedRecord] }) {
    Write-Error -ErrorRecord $problem -ErrorAction $callerErrorAction
}

# ---- read the batches back: every valid user must be in one ---------------------------------------------------
$users = @()
if ($batches.Count -gt 0) {
    $users = @(Import-SignInActivity -LiteralPath $batches.FullName -AsOf $AsOf -ThrottleLimit $ThrottleLimit)
}
if ($stats.TotalRecords -ne $stats.ValidRecords + $stats.SkippedRecords -or
    $stats.SkippedRecords -ne $skipped.Count -or
    $users.Count -ne $stats.ValidRecords) {
    throw "Invariant broken: $($stats.TotalRecords) read, $($stats.ValidRecords) valid, $($stats.SkippedRecords) skipped, $($users.Count) in the batches."
}

# ---- console --------------------------------------------------------------------------------------------------
$perBatch = @{}
foreach ($user in $users) { $perBatch[$user.Source] = 1 + [int]$perBatch[$user.Source] }

Write-Host ''
Write-Host "$($stats.Files) file(s), $($stats.TotalRecords) users read: $($stats.ValidRecords) written to $($batches.Count) batch file(s) in $batchFolder, $($stats.SkippedRecords) skipped."
if ($batches.Count -gt 0) {
    $batches | Format-Table Name, @{ n = 'Users'; e = { $perBatch[$_.FullName] } }, @{ n = 'Bytes'; e = { $_.Length } } -AutoSize |
        Out-Host
}

Write-Host "Skipped users ($($skipped.Count)):"
foreach ($record in $skipped) {
    Write-Host "  $(Split-Path $record.Source -Leaf) line $($record.Line): $($record.Reason): $($record.Message)"
}
if ($skipped.Count -eq 0) {
    Write-Host '  (none)'
}
Write-Host ''

# Never signed in first, then the longest since the last sign-in.
$stale = @($users | Where-Object { $_.NeverSignedIn -or $_.DaysSinceLastSignIn -gt $StaleDays } |
        Sort-Object @{ e = 'NeverSignedIn'; Descending = $true }, @{ e = 'DaysSinceLastSignIn'; Descending = $true },
        UserPrincipalName)
Write-Host "Stale accounts as of $(Format-Utc $AsOf) (never signed in, or more than $StaleDays days): $($stale.Count) of $($users.Count)"
if ($stale.Count -gt 0) {
    $stale | Format-Table UserPrincipalName, AccountEnabled,
        @{ n = 'LastSignIn'; e = { Format-Utc $_.LastSignIn } },
        @{ n = 'Days'; e = { if ($_.NeverSignedIn) { 'never' } else { $_.DaysSinceLastSignIn } }; Alignment = 'Right' } -AutoSize |
        Out-Host
}

# ---- files ----------------------------------------------------------------------------------------------------
$staleColumns = 'Id', 'UserPrincipalName', 'DisplayName', 'AccountEnabled', 'LastSignIn', 'DaysSinceLastSignIn', 'NeverSignedIn'
$staleRows = @($stale | ForEach-Object {
        [pscustomobject]@{
            Id                  = $_.Id
            UserPrincipalName   = $_.UserPrincipalName
            DisplayName         = $_.DisplayName
            AccountEnabled      = $_.AccountEnabled
            LastSignIn          = Format-Utc $_.LastSignIn
            DaysSinceLastSignIn = $_.DaysSinceLastSignIn
            NeverSignedIn       = $_.NeverSignedIn
        }
    })
$stalePath = Join-Path $OutputDirectory 'stale-accounts.csv'
Export-SampleCsv -Rows $staleRows -LiteralPath $stalePath -Columns $staleColumns

$skippedPath = Join-Path $OutputDirectory 'skipped.csv'
$skippedRows = @($skipped | ForEach-Object {
        [pscustomobject]@{
            file   = Split-Path $_.Source -Leaf
            line   = $_.Line
            reason = "$($_.Reason): $($_.Message)"
        }
    })
Export-SampleCsv -Rows $skippedRows -LiteralPath $skippedPath -Columns file, line, reason

Write-Host "Wrote $stalePath ($($stale.Count) accounts) and $skippedPath ($($skipped.Count) skipped)."
