<#
.SYNOPSIS
    Export-JsonLines beside what users write today, ForEach-Object { $_ | ConvertTo-Json -Compress }, on the same
    EventRecords in one pwsh process. Needs pwsh 7.4+ (ConvertTo-Json and Set-Content are not in the bare engine).
.EXAMPLE
    pwsh -NoProfile -File tests/Aggregator.Benchmarks/export-vs-convertto-json.ps1 -Path $env:TMPDIR/aggregator-bench/dp_1000000.jsonl -Count 100000
#>
param(
    [Parameter(Mandatory)] [string] $Path,
    [int] $Count = 100000,
    [string] $Module = (Join-Path $PSScriptRoot '../../out/Aggregator'),
    [string] $OutputDirectory = (Join-Path ([IO.Path]::GetTempPath()) 'aggregator-export-bench')
)

$ErrorActionPreference = 'Stop'
Import-Module $Module
New-Item -ItemType Directory -Force $OutputDirectory | Out-Null
$records = Import-EventRecord -LiteralPath $Path -ErrorAction SilentlyContinue | Select-Object -First $Count
$target = Join-Path $OutputDirectory 'events.jsonl'

function Measure-Writer([string] $Name, [scriptblock] $Write) {
    foreach ($run in 1..2) {
        Remove-Item $target -ErrorAction SilentlyContinue
        $seconds = (Measure-Command $Write).TotalSeconds
        $bytes = (Get-Item $target).Length
        [pscustomobject]@{ Writer = $Name; Run = $run; Records = $records.Count; Seconds = [math]::Round($seconds, 3)
            MB = [math]::Round($bytes / 1e6, 1); MBps = [math]::Round($bytes / 1e6 / $seconds, 1) }
    }
}

$(
Measure-Writer 'Export-JsonLines -InputObject' { Export-JsonLines -LiteralPath $target -InputObject $records }
Measure-Writer '$records | Export-JsonLines' { $records | Export-JsonLines -LiteralPath $target }
Measure-Writer 'ForEach-Object { $_ | ConvertTo-Json -Compress } | Set-Content' {
    $records | ForEach-Object { $_ | ConvertTo-Json -Compress } | Set-Content -LiteralPath $target
}
) | Format-Table -AutoSize | Out-String -Width 200
