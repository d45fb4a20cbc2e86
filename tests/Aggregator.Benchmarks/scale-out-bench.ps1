# Scale-out figures for docs/benchmarks.md, measured in one run:
#  1. the cost of merging N partial results (N = 2, 30, 1000): general summaries per event, live and after serialization
#     (as they arrive from jobs and remoting), and per-user summaries live;
#  2. the wall-clock time of a three-"host" fan-out (SSH remoting on 127.0.0.1-3, each host reading a third of the
#     data, results merged) against one host reading everything.
# usage: dotnet pwsh tests/Aggregator.Benchmarks/scale-out-bench.ps1 [-Input /tmp/aggregator-bench/summary_10M.jsonl] [-Runs 3]
param(
    [string] $InputFile = (Join-Path ([IO.Path]::GetTempPath()) 'aggregator-bench' 'summary_10M.jsonl'),
    [int] $Runs = 3,
    [switch] $SkipMerge
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).ProviderPath
$manifest = Join-Path $repo 'out' 'Aggregator' 'Aggregator.psd1'
Import-Module $manifest
. (Join-Path $repo 'tests' 'Shared' 'SshLoopback.ps1')
$work = Join-Path ([IO.Path]::GetTempPath()) 'aggregator-scale-out-bench'
$null = New-Item -ItemType Directory -Path $work -Force

# Splits the first $Lines lines of the input into $Parts files of consecutive lines.
function Split-Input([int] $Parts, [int] $Lines, [string] $Name) {
    $folder = Join-Path $work $Name
    if (Test-Path (Join-Path $folder 'done')) { return @(Get-ChildItem -LiteralPath $folder -Filter 'part-*.jsonl' | Sort-Object Name).FullName }
    $null = New-Item -ItemType Directory -Path $folder -Force
    $reader = [IO.StreamReader]::new($InputFile)
    $per = [math]::Ceiling($Lines / $Parts)
    try {
        for ($p = 0; $p -lt $Parts; $p++) {
            $writer = [IO.StreamWriter]::new((Join-Path $folder ('part-{0:D5}.jsonl' -f $p)))
            try {
                for ($i = 0; $i -lt $per -and $null -ne ($line = $reader.ReadLine()); $i++) { $writer.WriteLine($line) }
            }
            finally { $writer.Dispose() }
        }
    }
    finally { $reader.Dispose() }
    $null = New-Item -ItemType File -Path (Join-Path $folder 'done')
    @(Get-ChildItem -LiteralPath $folder -Filter 'part-*.jsonl' | Sort-Object Name).FullName
}

function Best([scriptblock] $Work) {
    $best = [double]::MaxValue
    for ($r = 0; $r -lt $Runs; $r++) {
        [GC]::Collect()
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Work
        $best = [math]::Min($best, $clock.Elapsed.TotalSeconds)
    }
    $best
}

# Per event (8 groups per part), so the merge is of sketches: each group's distinct users (a HyperLogLog once past
# 1,024) and its latency digest. Per user, the merge is of ~50,000 keys' counts.
$summary = @{ By = 'event'; DistinctCount = 'user'; Percentile = 'latency_ms:95'; ThrottleLimit = 1 }
$rows = if (-not $SkipMerge) { foreach ($n in 2, 30, 1000) {
    $files = Split-Input -Parts $n -Lines 1000000 -Name "merge-$n"
    $groups = @(foreach ($file in $files) { Measure-Record -LiteralPath $file @summary })
    $groupsCopy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($groups))
    $users = @(foreach ($file in $files) { Measure-UserEvent -LiteralPath $file -ThrottleLimit 1 })
    [pscustomobject]@{
        N                             = $n
        'RecordSummary in'            = $groups.Count
        'live s'                      = '{0:N3}' -f (Best { $groups | Merge-Aggregate -WarningAction SilentlyContinue })
        'deserialized s'              = '{0:N3}' -f (Best { $groupsCopy | Merge-Aggregate -WarningAction SilentlyContinue })
        'UserEventSummary in'         = $users.Count
        'live s '                     = '{0:N3}' -f (Best { $users | Merge-Aggregate })
    }
} }
if ($rows) {
    "## Merging N partial results of 1M records (best of $Runs)"
    $rows | Format-Table -AutoSize | Out-String -Width 200
}

# Fan-out: three hosts, each with a third of the data, against one host reading it all.
$thirds = Split-Input -Parts 3 -Lines ([int]::MaxValue) -Name 'fanout-3'
$ssh = Start-SshLoopback
try {
    $splat = $ssh.Splat
    $sessions = @(foreach ($address in $ssh.Address) { New-PSSession -HostName $address @splat })
    for ($i = 0; $i -lt 3; $i++) {
        $file = $thirds[$i]
        Invoke-Command -Session $sessions[$i] { Import-Module $using:manifest; $global:Part = $using:file }
    }
    # A large result (one row per user, 50,000 per host) and a small one (one row per event type, with sketches).
    $work = [ordered]@{
        'Measure-UserEvent'                                                      = { param($file) Measure-UserEvent -LiteralPath $file }
        'Measure-Record -By event -DistinctCount user -Percentile latency_ms:95' = { param($file) Measure-Record -LiteralPath $file -By event -DistinctCount user -Percentile latency_ms:95 }
    }
    "## Fan-out over $([math]::Round((Get-Item $InputFile).Length / 1MB)) MB ($Runs runs alternated, $([Environment]::ProcessorCount) cores, the three hosts on this machine)"
    "| command | one host, whole file: best / median s | three hosts over SSH, a third each, then Merge-Aggregate: best / median s | merged = single run |"
    "|---|---|---|---|"
    foreach ($name in $work.Keys) {
        $body = $work[$name].ToString()
        $fanout = @()
        $single = @()
        for ($r = 0; $r -lt $Runs; $r++) {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $merged = @(Invoke-Command -Session $sessions { & ([scriptblock]::Create($using:body)) $global:Part } | Merge-Aggregate -WarningAction SilentlyContinue)
            $fanout += $clock.Elapsed.TotalSeconds
            $clock.Restart()
            $one = @(& $work[$name] $InputFile)
            $single += $clock.Elapsed.TotalSeconds
        }
        $skip = 'State', 'UserSketch', 'PSComputerName', 'RunspaceId', 'PSShowComputerName'
        $same = (($merged | Select-Object * -ExcludeProperty $skip | ConvertTo-Csv) -join "`n") -eq (($one | Select-Object * -ExcludeProperty $skip | ConvertTo-Csv) -join "`n")
        $median = { param($v) ($v | Sort-Object)[[int][math]::Floor($v.Count / 2)] }
        "| ``$name`` | {0:N2} / {1:N2} | {2:N2} / {3:N2} | {4} ({5} rows) |" -f ($single | Measure-Object -Minimum).Minimum, (& $median $single),
            ($fanout | Measure-Object -Minimum).Minimum, (& $median $fanout), $same, $merged.Count
    }
}
finally {
    $sessions | Remove-PSSession -ErrorAction SilentlyContinue
    Stop-SshLoopback $ssh
}
