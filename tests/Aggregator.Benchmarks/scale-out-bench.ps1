# Scale-out figures for docs/benchmarks.md, measured in one run:
#  1. the cost of merging N partial results (N = 2, 30, 1000), live and after serialization (as they arrive from
#     jobs and remoting), for UserEventSummary and for a Measure-Record summary with distinct counts and percentiles;
#  2. the wall-clock time of a three-"host" fan-out (SSH remoting on 127.0.0.1-3, each host reading a third of the
#     data, results merged) against one host reading everything.
# usage: dotnet pwsh tests/Aggregator.Benchmarks/scale-out-bench.ps1 [-Input /tmp/aggregator-bench/summary_10M.jsonl] [-Runs 3]
param(
    [string] $InputFile = (Join-Path ([IO.Path]::GetTempPath()) 'aggregator-bench' 'summary_10M.jsonl'),
    [int] $Runs = 3
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

$summary = @{ By = 'user'; DistinctCount = 'event'; Percentile = 'latency_ms:95'; ThrottleLimit = 1 }
$rows = foreach ($n in 2, 30, 1000) {
    $files = Split-Input -Parts $n -Lines 1000000 -Name "merge-$n"
    $users = @(foreach ($file in $files) { Measure-UserEvent -LiteralPath $file -ThrottleLimit 1 })
    $groups = @(foreach ($file in $files) { Measure-Record -LiteralPath $file @summary })
    $usersCopy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($users))
    $groupsCopy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($groups))
    [pscustomobject]@{
        N                          = $n
        'UserEventSummary in'      = $users.Count
        'live s'                   = '{0:N3}' -f (Best { $users | Merge-Aggregate })
        'deserialized s'           = '{0:N3}' -f (Best { $usersCopy | Merge-Aggregate })
        'RecordSummary in'         = $groups.Count
        'live s '                  = '{0:N3}' -f (Best { $groups | Merge-Aggregate -WarningAction SilentlyContinue })
        'deserialized s '          = '{0:N3}' -f (Best { $groupsCopy | Merge-Aggregate -WarningAction SilentlyContinue })
    }
}
"## Merging N partial results of 1M records (best of $Runs)"
$rows | Format-Table -AutoSize | Out-String -Width 200

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
    $fanout = @()
    $single = @()
    for ($r = 0; $r -lt $Runs; $r++) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $merged = @(Invoke-Command -Session $sessions { Measure-UserEvent -LiteralPath $global:Part } | Merge-Aggregate)
        $fanout += $clock.Elapsed.TotalSeconds
        $clock.Restart()
        $one = @(Measure-UserEvent -LiteralPath $InputFile)
        $single += $clock.Elapsed.TotalSeconds
    }
    $same = ($merged | ConvertTo-Csv) -join "`n" -eq (($one | ConvertTo-Csv) -join "`n")
    "## Fan-out: Measure-UserEvent over $([math]::Round((Get-Item $InputFile).Length / 1MB)) MB ($Runs runs alternated, $([Environment]::ProcessorCount) cores)"
    "| | best s | median s |"
    "|---|---|---|"
    "| one host, whole file (-ThrottleLimit $([Environment]::ProcessorCount)) | {0:N2} | {1:N2} |" -f ($single | Measure-Object -Minimum).Minimum, ($single | Sort-Object)[[int][math]::Floor($single.Count / 2)]
    "| three hosts over SSH, a third each, then Merge-Aggregate | {0:N2} | {1:N2} |" -f ($fanout | Measure-Object -Minimum).Minimum, ($fanout | Sort-Object)[[int][math]::Floor($fanout.Count / 2)]
    "Merged result equal to the single run: $same ($($merged.Count) users)"
}
finally {
    $sessions | Remove-PSSession -ErrorAction SilentlyContinue
    Stop-SshLoopback $ssh
}
