using Aggregator.Aggregation;
using Aggregator.Energy;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Fuzz;

/// <summary>
/// The reader entry points under fuzzing, and the invariants each input must keep: no exception escapes, the counts
/// add up (read = valid + skipped, and the sink saw what the statistics say), every skipped record has a reason, a
/// line and its raw text, and memory stays bounded. A broken invariant throws <see cref="InvariantException"/>,
/// which AFL++ records as a crash.
/// </summary>
public static class FuzzTargets
{
    /// <summary>Allocation allowed for one input beyond a fixed allowance per input byte: far above what bounded
    /// buffers need, far below what an unbounded fill or a whole-file copy would take.</summary>
    private const long AllocationAllowance = 256L << 20;

    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["json"] = input => ReadEvents(input, "events.json", InputFormat.Json, FieldMap.Default),
        ["jsonl"] = input => ReadEvents(input, "events.jsonl", InputFormat.JsonLines, FieldMap.Default),
        ["auto"] = input => ReadEvents(input, "events.txt", InputFormat.Auto, FieldMap.Default),
        ["csv"] = input => ReadEvents(input, "events.csv", InputFormat.Csv, FieldMap.Default),
        ["gzip"] = input => ReadEvents(input, "events.json.gz", InputFormat.Auto, FieldMap.Default),
        ["graph"] = input => ReadEvents(input, "users.json", InputFormat.Auto, FieldMap.SignIn),
        ["sensor"] = input => ReadEvents(input, "sensor.csv", InputFormat.Csv, FieldMap.Sensor),
        ["kwh"] = ReadKwh,
    };

    /// <summary>The target names, for the runner script and the replay tests.</summary>
    public static IReadOnlyCollection<string> Names => Targets.Keys;

    public static void Run(string target, byte[] input)
    {
        if (!Targets.TryGetValue(target, out var run))
        {
            throw new ArgumentException($"No fuzz target '{target}'. Targets: {string.Join(", ", Targets.Keys)}.", nameof(target));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        run(input);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Require(allocated < AllocationAllowance + 64L * input.Length,
            $"one input of {input.Length} bytes allocated {allocated:N0} bytes");
    }

    private static CountingSink ReadEvents(byte[] input, string name, InputFormat format, FieldMap fields,
        IRecordAccumulator? accumulator = null)
    {
        var options = new EventReadOptions { Format = format, Fields = fields, MaxRecordBytes = 1 << 20 };
        var sink = new CountingSink(name, accumulator);
        using var stream = new MemoryStream(input, writable: false);
        FileImportStatistics statistics = EventFileReader.ReadStream(stream, name, options, sink);

        Require(statistics.TotalRecords == statistics.ValidRecords + statistics.SkippedRecords,
            $"read {statistics.TotalRecords} != valid {statistics.ValidRecords} + skipped {statistics.SkippedRecords}");
        Require(statistics.ValidRecords == sink.Valid,
            $"the statistics say {statistics.ValidRecords} valid, the sink saw {sink.Valid}");
        Require(statistics.SkippedRecords == sink.Skipped,
            $"the statistics say {statistics.SkippedRecords} skipped, the sink saw {sink.Skipped}");
        Require(statistics.Error is null || statistics.Error.Length > 0, "a file error with no message");
        return sink;
    }

    private static void ReadKwh(byte[] input)
    {
        var usage = new KwhUsageAccumulator(new[] { KwhInterval.QuarterHour, KwhInterval.Hour, KwhInterval.Day });
        CountingSink sink = ReadEvents(input, "meter.json", InputFormat.Auto, FieldMap.KwhDefault, usage);
        Require(usage.Readings == sink.Valid, $"the accumulator took {usage.Readings} of {sink.Valid} readings");
        _ = usage.GetResults();
    }

    internal static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvariantException(what);
        }
    }

    /// <summary>Counts what reaches it, checks every skipped record, and feeds an accumulator if given one.</summary>
    private sealed class CountingSink : IEventSink
    {
        private readonly string _source;
        private readonly IRecordAccumulator? _accumulator;

        public CountingSink(string source, IRecordAccumulator? accumulator)
        {
            _source = source;
            _accumulator = accumulator;
            Symbols = accumulator?.Symbols ?? new EventSymbols();
        }

        public EventSymbols Symbols { get; }

        public NameUse Names => _accumulator?.Names ?? NameUse.Both;

        public long Valid { get; private set; }

        public long Skipped { get; private set; }

        public void OnEvent(in ParsedEvent record)
        {
            Valid++;
            _accumulator?.Add(record);
        }

        public void OnSkipped(SkippedRecord record)
        {
            Skipped++;
            Require(Enum.IsDefined(record.Reason), $"skipped record with reason {(int)record.Reason}");
            Require(record.Line >= 1, $"skipped record ({record.Reason}) with line {record.Line}");
            Require(record.Raw is not null, $"skipped record ({record.Reason}, line {record.Line}) with no raw text");
            Require(!string.IsNullOrEmpty(record.Message), $"skipped record ({record.Reason}, line {record.Line}) with no message");
            Require(record.Source == _source, $"skipped record names '{record.Source}', not '{_source}'");
        }
    }
}

/// <summary>An input broke one of the readers' promises.</summary>
public sealed class InvariantException : Exception
{
    public InvariantException(string message)
        : base(message)
    {
    }
}
