// Runs one bench workload through the Aggregator module inside the real PowerShell engine.
// usage: Aggregator.Benchmarks <workload> <input> <output>
//   w1           Measure-UserEvent -Path            (per-user summary)
//   w1-pipeline  Import-EventRecord | Measure-UserEvent
//   w2           Group-EventByHour -Path            (hourly buckets)
//   w2-pipeline  Import-EventRecord | Group-EventByHour
//   w3           Get-EventSession -Path -Unique        (per-user sessions after exact-duplicate removal)
//   w3-keep-duplicates  the same without -Unique, to measure what -Unique costs (its counts differ from W3's)
//   import       Import-EventRecord -Path | Measure-EventRecord   (records streamed to the pipeline)
//   import-unique  the same with -Unique: what -Unique costs where it is defined, on a streaming read
//   import-property  the same with -Property status, event: what keeping extra fields on each record costs
//   w4           Measure-KwhUsage -Path -Interval Hour,Day   (kWh sums per UTC hour and day, zero-filled, one pass)
//   w5           Measure-SensorReading -Path                 (sensor CSV statistics; bad rows are errors)
//   summary      Measure-Record -Path -By user -DistinctCount event -Percentile latency_ms:95 (the general summary,
//                beside DuckDB's approx_count_distinct and approx_quantile: run-summary-bench.sh)
//   w6           Export-JsonLines of the input's EventRecords, imported first (untimed): -InputObject, the pipeline,
//                and System.Text.Json writing the same records as the hand-written baseline; <output> is a folder
//   w7           Import-SignInActivity -Path <input> | Export-JsonLines -BatchSize 50000 (the seed's producer/consumer
//                run; <input> is a wildcard of Graph user files, <output> the folder for the part files)
// AGGREGATOR_THROTTLE=N adds -ThrottleLimit N to the -Path workloads (one worker by default); <input> may be a
// wildcard such as /data/part-*.jsonl, to read many files at once.
// Writes the bench's canonical CSV to <output>. On stderr: startup_s (engine), import_s (Import-Module),
// elapsed_s (the cmdlets only, as the bench's "in-proc s" column) and records_per_s for pipeline workloads.
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Aggregator.Benchmarks <w1|w1-pipeline|w2|w2-pipeline|w3|w3-keep-duplicates|import|import-unique|import-property|w4|w5|summary|w6|w7> <input> <output>");
    return 2;
}

string workload = args[0], input = Path.GetFullPath(args[1]), output = args[2];
string modulePath = Environment.GetEnvironmentVariable("AGGREGATOR_MODULE") ?? FindModule();

var clock = Stopwatch.StartNew();
using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
double startup = clock.Elapsed.TotalSeconds;

clock.Restart();
using (var import = PowerShell.Create(runspace))
{
    import.AddCommand("Import-Module").AddParameter("Name", modulePath).Invoke();
}
double importSeconds = clock.Elapsed.TotalSeconds;

string throttle = "-ThrottleLimit " + (Environment.GetEnvironmentVariable("AGGREGATOR_THROTTLE") ?? "1");
if (workload == "w6")
{
    return WriterBench.Run(runspace, input, output);
}

if (workload == "w7")
{
    return WriterBench.RunFramework(runspace, input, output, throttle);
}

string script = workload switch
{
    "w1" => $"Measure-UserEvent -Path $args[0] {throttle} -ErrorAction SilentlyContinue",
    "w1-pipeline" => "Import-EventRecord -LiteralPath $args[0] -ErrorAction SilentlyContinue | Measure-UserEvent",
    "w2" => $"Group-EventByHour -Path $args[0] {throttle} -ErrorAction SilentlyContinue",
    "w2-pipeline" => "Import-EventRecord -LiteralPath $args[0] -ErrorAction SilentlyContinue | Group-EventByHour",
    "w3" => $"Get-EventSession -Path $args[0] -Unique {throttle} -ErrorAction SilentlyContinue",
    "w3-keep-duplicates" => $"Get-EventSession -Path $args[0] {throttle} -ErrorAction SilentlyContinue",
    "import" => $"Import-EventRecord -Path $args[0] {throttle} -ErrorAction SilentlyContinue | Measure-EventRecord",
    "import-unique" => $"Import-EventRecord -Path $args[0] -Unique {throttle} -ErrorAction SilentlyContinue | Measure-EventRecord",
    "import-property" => $"Import-EventRecord -Path $args[0] -Property status, event {throttle} -ErrorAction SilentlyContinue | Measure-EventRecord",
    "w4" => $"Measure-KwhUsage -Path $args[0] -Interval Hour,Day {throttle} -ErrorAction SilentlyContinue",
    "w5" => $"Measure-SensorReading -Path $args[0] {throttle} -ErrorAction SilentlyContinue",
    "summary" => $"Measure-Record -Path $args[0] -By user -Count -DistinctCount event -Percentile latency_ms:95 {throttle} -ErrorAction SilentlyContinue",
    _ => throw new ArgumentException("unknown workload " + workload),
};

clock.Restart();
TimeSpan jitBefore = System.Runtime.JitInfo.GetCompilationTime();
using var ps = PowerShell.Create(runspace);
ps.AddScript(script).AddArgument(input);
var results = ps.Invoke();
double elapsed = clock.Elapsed.TotalSeconds;
double jitSeconds = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalSeconds;

using (var writer = new StreamWriter(output, false, new UTF8Encoding(false)))
{
    if (workload.StartsWith("w1", StringComparison.Ordinal))
    {
        writer.Write("user,total,success,fail,failure_rate,distinct_events\n");
        foreach (PSObject row in results)
        {
            writer.Write(string.Join(",", Get(row, "User"), Get(row, "TotalEvents"), Get(row, "Success"), Get(row, "Fail"),
                ((double)row.Properties["FailureRate"].Value).ToString("R", CultureInfo.InvariantCulture),
                ((System.Collections.IEnumerable)row.Properties["EventTypes"].Value).Cast<object>().Count()) + "\n");
        }
    }
    else if (workload.StartsWith("w3", StringComparison.Ordinal))
    {
        writer.Write("user_id,first,last,count\n");
        foreach (PSObject row in results)
        {
            writer.Write(string.Join(",", Get(row, "User"), Iso((DateTime)row.Properties["SessionStart"].Value),
                Iso((DateTime)row.Properties["SessionEnd"].Value), Get(row, "EventCount")) + "\n");
        }
    }
    else if (workload == "w4")
    {
        writer.Write("grain,period,kwh\n");
        foreach (PSObject row in results)
        {
            bool hour = row.Properties["Interval"].Value.ToString() == "Hour";
            var period = (DateTimeOffset)row.Properties["Period"].Value;
            writer.Write(string.Join(",", hour ? "hour" : "day",
                period.UtcDateTime.ToString(hour ? "yyyy-MM-dd'T'HH" : "yyyy-MM-dd", CultureInfo.InvariantCulture),
                ((double)row.Properties["Kwh"].Value).ToString("R", CultureInfo.InvariantCulture)) + "\n");
        }
    }
    else if (workload.StartsWith("import", StringComparison.Ordinal))
    {
        writer.Write("users,total,success,fail\n");
        foreach (PSObject row in results)
        {
            writer.Write(string.Join(",", Get(row, "Users"), Get(row, "TotalEvents"), Get(row, "Success"), Get(row, "Fail")) + "\n");
        }
    }
    else if (workload == "summary")
    {
        writer.Write("user,count,distinct_events,p95\n");
        foreach (PSObject row in results)
        {
            writer.Write(string.Join(",", Get(row, "user"), Get(row, "Count"), Get(row, "event_DistinctCount"),
                ((double)row.Properties["latency_ms_P95"].Value).ToString("R", CultureInfo.InvariantCulture)) + "\n");
        }
    }
    else if (workload == "w5")
    {
        writer.Write("stat,key,value\n");
        foreach (PSObject file in results)
        {
            long rows = (long)file.Properties["RowCount"].Value, bad = (long)file.Properties["ErrorCount"].Value;
            writer.Write($"rows,,{rows + bad}\nbad,,{bad}\n");
            foreach (string stat in new[] { "Min", "Max", "Mean" })
            {
                var value = (double?)file.Properties[stat + "Value"].Value;
                writer.Write($"{stat.ToLowerInvariant()},,{value?.ToString("R", CultureInfo.InvariantCulture)}\n");
            }

            foreach (System.Collections.DictionaryEntry count in (System.Collections.IDictionary)file.Properties["PerSensorCount"].Value)
            {
                writer.Write($"sensor,{count.Key},{count.Value}\n");
            }
        }
    }
    else
    {
        writer.Write("hour,total,success,fail\n");
        foreach (PSObject row in results)
        {
            var start = (DateTime)row.Properties["Start"].Value;
            writer.Write(string.Join(",", start.ToString("yyyy-MM-dd HH", CultureInfo.InvariantCulture),
                Get(row, "TotalEvents"), Get(row, "Success"), Get(row, "Fail")) + "\n");
        }
    }
}

Console.Error.WriteLine($"startup_s={startup:F3} import_s={importSeconds:F3} jit_s={jitSeconds:F3} (JIT time within elapsed_s, all threads)");
Console.Error.WriteLine($"elapsed_s={elapsed:F4}");
return ps.HadErrors && results.Count == 0 ? 1 : 0;

static string Get(PSObject row, string name) => Convert.ToString(row.Properties[name].Value, CultureInfo.InvariantCulture) ?? "";

static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

static string FindModule()
{
    string dir = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(dir, "Aggregator.sln")))
    {
        dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("Aggregator.sln not found above " + AppContext.BaseDirectory);
    }

    return Path.Combine(dir, "out", "Aggregator", "Aggregator.psd1");
}
