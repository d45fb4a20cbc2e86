using System.Globalization;
using System.Text;
using Aggregator.Energy;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Reading.Parallel;
using Aggregator.Sensors;

namespace Aggregator.Core.Tests;

/// <summary>
/// kWh and sensor files through ParallelFileReader: per-worker kWh accumulators merged give the sequential result, and
/// SensorFileReading (per-file trackers, RunPerFile, Ordered) gives what reading each file alone gives.
/// </summary>
public sealed class ParallelSensorAndKwhTests : IDisposable
{
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
    private static readonly EventReadOptions KwhOptions = new() { Fields = FieldMap.ForKwh() };
    private static readonly EventReadOptions SensorOptions = new() { Fields = FieldMap.Sensor };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // kWh readings every few minutes over Madrid's autumn DST weekend, with a damaged line now and then.
    private string KwhJsonLines(string name, int lines, int seed)
    {
        var rng = new Random(seed);
        var text = new StringBuilder();
        DateTime start = Utc.At(2024, 10, 26);
        for (int line = 0; line < lines; line++)
        {
            string time = start.AddSeconds(rng.Next(3 * 24 * 3600)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            string kwh = (rng.Next(0, 3000) / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
            switch (rng.Next(50))
            {
                case 0:
                    text.Append("{\"timestamp\": \"").Append(time).Append("\", \"kwh\": -1, \"meter_id\": \"m1\"}\n");
                    break;
                case 1:
                    text.Append("{\"timestamp\": \"whenever\", \"kwh\": 1, \"meter_id\": \"m1\"}\n");
                    break;
                case 2:
                    text.Append("{\"timestamp\": \"").Append(time).Append("\", \"meter_id\": \"m2\"}\n");
                    break;
                case 3:
                    text.Append("{broken\n");
                    break;
                case 4:
                    text.Append("{\"timestamp\": \"").Append(time).Append("\", \"kWh_value\": ").Append(kwh).Append("}\n");   // no meter
                    break;
                default:
                    string meter = rng.Next(3) switch { 0 => "meter_id", 1 => "source_id", _ => "meterId" };
                    text.Append("{\"timestamp\": \"").Append(time).Append("\", \"kwh\": ").Append(kwh).Append(", \"").Append(meter)
                        .Append("\": \"m").Append(rng.Next(6)).Append("\"}\n");
                    break;
            }
        }

        return _dir.Write(name, text.ToString());
    }

    private List<string> KwhFiles() => new()
    {
        KwhJsonLines("big.jsonl", 6000, 1),
        KwhJsonLines("small.jsonl", 40, 2),
        _dir.Write("c.csv", "timestamp,kwh,meter_id\n2024-10-27T00:30:00Z,1.25,m1\n2024-10-27T01:30:00Z,0.5,m7\n2024-10-27T01:45:00Z,abc,m7\n"),
        _dir.Write("d.json", "[{\"timestamp\": \"2024-10-27T02:00:00+01:00\", \"value\": 0.375, \"meter\": \"m2\"}, {\"timestamp\": \"2024-10-27T02:00:00+02:00\", \"value\": \"-2\"}]"),
        _dir.Write("e.jsonl.gz", Read.Gzip(Encoding.UTF8.GetBytes("{\"timestamp\": \"2024-10-28T10:00:00Z\", \"kwh\": 0.001, \"meter_id\": \"m3\"}\n{oops\n"))),
        _dir.Write("empty.jsonl", string.Empty),
        Path.Combine(_dir.Path, "gone.jsonl"),
    };

    private static KwhUsageAccumulator CreateKwh(DateTime? from = null, DateTime? to = null) =>
        new(new[] { KwhInterval.QuarterHour, KwhInterval.Hour, KwhInterval.Day }, byMeter: true, zone: Madrid, from: from, to: to);

    private static string[] Describe(KwhUsageAccumulator accumulator) =>
        accumulator.GetResults()
            .Select(u => $"{u.Period:yyyy-MM-ddTHH:mmzzz}|{u.Interval}|{u.MeterId}|{u.Kwh.ToString("R", CultureInfo.InvariantCulture)}|{u.Readings}")
            .ToArray();

    private static string DescribeSkips(IEnumerable<SkippedRecord> skipped) =>
        string.Join("\n", skipped.OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Line)
            .Select(s => $"{Path.GetFileName(s.Source)}:{s.Line}:{s.Record}:{s.Reason}:{s.Message}"));

    // Every file read one after the other into one accumulator, with no parallel reader involved.
    private static (KwhUsageAccumulator Accumulator, List<SkippedRecord> Skipped, List<FileImportStatistics> Files) Sequential(
        IReadOnlyList<string> files, Func<KwhUsageAccumulator> create)
    {
        KwhUsageAccumulator accumulator = create();
        var skipped = new List<SkippedRecord>();
        var sink = new AccumulatingSink(accumulator, skipped.Add, statistics: null);
        var results = files.Select(file => EventFileReader.ReadFile(file, KwhOptions, sink)).ToList();
        return (accumulator, skipped, results);
    }

    // Each worker reads into its own accumulator; the partials are merged into a fresh one at the end.
    private static (KwhUsageAccumulator Accumulator, RecordingObserver Observer) Parallel(IReadOnlyList<string> files, int workers,
        Func<KwhUsageAccumulator> create)
    {
        var partials = new List<KwhUsageAccumulator>();
        var observer = new RecordingObserver();
        new ParallelFileReader(files, KwhOptions, workers) { SplitFiles = true, MinPartBytes = 4096 }.Run(worker =>
        {
            KwhUsageAccumulator partial = create();
            lock (partials)
            {
                partials.Add(partial);
            }

            return new AccumulatingSink(partial, _ => Assert.Fail("skips must go to the observer"), statistics: null);
        }, observer, CancellationToken.None);
        Assert.Equal(Math.Min(workers, files.Count), partials.Count);
        KwhUsageAccumulator total = create();
        foreach (KwhUsageAccumulator partial in partials)
        {
            total.Merge(partial);
        }

        return (total, observer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Kwh_AnyNumberOfWorkers_GivesTheSequentialResult(int workers)
    {
        List<string> files = KwhFiles();
        var sequential = Sequential(files, () => CreateKwh());
        var parallel = Parallel(files, workers, () => CreateKwh());

        Assert.True(new FileInfo(files[0]).Length > 8 * 4096, "the big file must be cut into several ranges");
        string[] expected = Describe(sequential.Accumulator);
        Assert.Contains(expected, row => row.StartsWith("2024-10-27T02:00+01:00|Hour|", StringComparison.Ordinal));
        Assert.Contains(expected, row => row.StartsWith("2024-10-27T02:00+02:00|Hour|", StringComparison.Ordinal));
        Assert.Equal(expected, Describe(parallel.Accumulator));
        Assert.Equal(sequential.Accumulator.Readings, parallel.Accumulator.Readings);

        Assert.NotEmpty(sequential.Skipped);
        Assert.Equal(DescribeSkips(sequential.Skipped), DescribeSkips(parallel.Observer.Skipped));
        Assert.Equal(files.Order(StringComparer.Ordinal), parallel.Observer.Files.Select(f => f.Source).Order(StringComparer.Ordinal));
        foreach (FileImportStatistics alone in sequential.Files)
        {
            FileImportStatistics file = parallel.Observer.Files.Single(f => f.Source == alone.Source);
            Assert.Equal(alone.TotalRecords, file.TotalRecords);
            Assert.Equal(alone.ValidRecords, file.ValidRecords);
            Assert.Equal(alone.SkippedRecords, file.SkippedRecords);
            Assert.Equal(alone.Error is null, file.Error is null);
        }

        Assert.Equal(sequential.Files.Sum(f => f.ValidRecords), parallel.Accumulator.Readings);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Kwh_WithFromAndTo_AnyNumberOfWorkers_GivesTheSequentialResult(int workers)
    {
        // The range cuts the big file's readings; meter m8's readings are all outside it.
        DateTime from = Utc.At(2024, 10, 26, 12), to = Utc.At(2024, 10, 28);
        List<string> files = KwhFiles();
        files.Add(_dir.Write("outside.csv", "timestamp,kwh,meter_id\n2024-11-05T10:00:00Z,3,m8\n"));
        var sequential = Sequential(files, () => CreateKwh(from, to));
        var parallel = Parallel(files, workers, () => CreateKwh(from, to));

        Assert.True(sequential.Accumulator.OutsideRange > 0);
        Assert.Equal(sequential.Accumulator.OutsideRange, parallel.Accumulator.OutsideRange);
        Assert.Equal(sequential.Accumulator.Readings, parallel.Accumulator.Readings);
        Assert.Equal(Describe(sequential.Accumulator), Describe(parallel.Accumulator));
    }

    private List<string> SensorFiles()
    {
        var big = new StringBuilder("sensor_id,timestamp,value\n");
        var rng = new Random(7);
        for (int row = 0; row < 3000; row++)
        {
            big.Append(rng.Next(30) switch
            {
                0 => "sensor-x,,1\n",
                1 => "sensor-x,2025-10-01T08:00:00Z,abc\n",
                2 => ",2025-10-01T08:00:00Z,1\n",
                _ => $"sensor-{rng.Next(9)},2025-10-01T{rng.Next(24):00}:{rng.Next(60):00}:00Z,{(rng.Next(-500, 5000) / 100.0).ToString(CultureInfo.InvariantCulture)}\n",
            });
        }

        string seed = _dir.Write("seed.csv",
            "sensor_id,timestamp,value\nsensor-a,2025-10-01T08:00:00Z,21.4\nsensor-b,2025-10-01T08:00:00Z,19.87\n" +
            "sensor-c,2025-10-01T08:00:00Z,42.0\nsensor-a,2025-10-01T08:05:00Z,20.93\nsensor-b,,22.1\nsensor-b,2025-10-01T08:05:00Z,20.9\n");
        return new List<string>
        {
            seed,
            _dir.Write("big.csv", big.ToString()),
            _dir.Write("bad-header.csv", "sensor,timestamp,value\nsensor-a,2025-10-01T08:00:00Z,1\n"),
            Path.Combine(_dir.Path, "gone.csv"),
            _dir.Write("all-bad.csv", "sensor_id,timestamp,value\nsensor-a,,1\nsensor-a,2025-10-01T08:00:00Z,x\n"),
            _dir.Write("good.csv", "Value,Sensor_Id,Timestamp\n1.5,sensor-z,2025-10-01T08:00:00Z\n"),
            _dir.Write("header-only.csv", "sensor_id,timestamp,value\n"),
            _dir.Write("packed.csv.gz", Read.Gzip(File.ReadAllBytes(seed))),
            seed,   // the same file twice: each is its own result, in its place
        };
    }

    private static string Describe(SensorFileSummary s) =>
        string.Join("|", Path.GetFileName(s.Path), s.FileId, s.Status, s.Message, s.RowCount, s.ErrorCount,
            s.MinValue?.ToString("R", CultureInfo.InvariantCulture), s.MaxValue?.ToString("R", CultureInfo.InvariantCulture),
            s.MeanValue?.ToString("R", CultureInfo.InvariantCulture), s.Sum.ToString("R", CultureInfo.InvariantCulture),
            s.PerSensorCount, s.Errors);

    // Reads one file alone, as the sensor tests do.
    private static SensorFileSummary Alone(string path)
    {
        var tracker = new SensorFileTracker(path);
        FileImportStatistics statistics = EventFileReader.ReadFile(path, SensorOptions,
            new AccumulatingSink(tracker.Readings, tracker.AddError, null));
        return tracker.Complete(statistics.Error);
    }

    // Reads the files as Measure-SensorReading does: the summaries in the order they were handed over.
    private static (List<SensorFileSummary> Summaries, SensorAccumulator BySensor, RecordingObserver Observer) ReadSensorFiles(
        IReadOnlyList<string> files, int workers)
    {
        var observer = new RecordingObserver();
        var summaries = new List<SensorFileSummary>();
        SensorAccumulator bySensor = SensorFileReading.Read(new ParallelFileReader(files, SensorOptions, workers) { Ordered = true },
            observer, summary =>
            {
                Assert.Equal(observer.Files.Count, summaries.Count + 1);   // after the observer hears the file is finished
                summaries.Add(summary);
            }, CancellationToken.None);
        return (summaries, bySensor, observer);
    }

    private static string[] Describe(SensorAccumulator sensors) =>
        sensors.GetResults().Select(s => string.Join("|", s.SensorId, s.Count, s.Min.ToString("R", CultureInfo.InvariantCulture),
            s.Max.ToString("R", CultureInfo.InvariantCulture), s.Sum.ToString("R", CultureInfo.InvariantCulture))).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void SensorFileReading_GivesEachFilesOwnResult_InTheOrderGiven(int workers)
    {
        List<string> files = SensorFiles();
        string[] expected = files.Select(Alone).Select(Describe).ToArray();

        var (summaries, _, observer) = ReadSensorFiles(files, workers);

        Assert.Equal(files, observer.Files.Select(f => f.Source));
        Assert.Equal(files, summaries.Select(s => s.Path));
        Assert.Equal(expected, summaries.Select(Describe));

        // The cases the list was built for.
        var statuses = summaries.Select(s => s.Status).ToArray();
        Assert.Equal(
            new[]
            {
                SensorFileStatus.Partial, SensorFileStatus.Partial, SensorFileStatus.Failed, SensorFileStatus.Failed, SensorFileStatus.Failed,
                SensorFileStatus.Processed, SensorFileStatus.Processed, SensorFileStatus.Partial, SensorFileStatus.Partial,
            },
            statuses);
        Assert.True(observer.Files[2].HeaderError);
        Assert.Contains("sensor_id", summaries[2].Message);
        Assert.NotNull(observer.Files[3].Error);
        Assert.Equal(string.Empty, summaries[3].FileId);
        Assert.Equal(25.02, summaries[0].MeanValue);
        Assert.Equal("6: missing timestamp", summaries[8].Errors.ToString());
        Assert.Equal(summaries[0].FileId, summaries[8].FileId);
        Assert.True(summaries[1].ErrorCount > 50);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void SensorFileReading_PairsEverySkippedRowWithItsFile(int workers)
    {
        List<string> files = SensorFiles();

        var (summaries, _, observer) = ReadSensorFiles(files, workers);

        // The observer still hears of every skipped row, each while its own file is the one being finished.
        for (int file = 0; file < files.Count; file++)
        {
            SkippedRecord[] skipped = observer.SkippedBefore(file).ToArray();
            Assert.All(skipped, record => Assert.Equal(files[file], record.Source));
            Assert.Equal(summaries[file].ErrorCount, skipped.Length);
            Assert.Equal(skipped.Select(record => record.Line), summaries[file].Errors.Select(error => error.RowNumber));
            Assert.Equal(observer.Files[file].SkippedRecords, skipped.Length);
        }
    }

    [Fact]
    public void SensorFileReading_BySensor_IsTheFilesResultsMergedInOrder()
    {
        List<string> files = SensorFiles();
        var merged = new SensorAccumulator();
        foreach (string file in files)
        {
            var tracker = new SensorFileTracker(file, identify: false);
            EventFileReader.ReadFile(file, SensorOptions, tracker.CreateSink());
            merged.Merge(tracker.Readings);
        }

        var (_, bySensor, _) = ReadSensorFiles(files, workers: 2);

        Assert.Equal(Describe(merged), Describe(bySensor));
        Assert.Equal(merged.Count, bySensor.Count);
        Assert.Contains(bySensor.GetResults(), sensor => sensor.SensorId == "sensor-z");
    }

    [Fact]
    public void SensorFileReading_OneWorkerAndTwo_GiveTheSameResults()
    {
        List<string> files = SensorFiles();

        var one = ReadSensorFiles(files, workers: 1);
        var two = ReadSensorFiles(files, workers: 2);

        Assert.Equal(one.Summaries.Select(Describe), two.Summaries.Select(Describe));
        Assert.Equal(Describe(one.BySensor), Describe(two.BySensor));
        Assert.Equal(one.Observer.Skipped.Select(r => (r.Source, r.Line)), two.Observer.Skipped.Select(r => (r.Source, r.Line)));
    }

    [Fact]
    public void SensorFileReading_NeedsAReaderThatKeepsTheFileOrder()
    {
        var reader = new ParallelFileReader(SensorFiles(), SensorOptions, 2);

        Assert.Throws<ArgumentException>(() => SensorFileReading.Read(reader, new RecordingObserver(), _ => { }, CancellationToken.None));
    }

    /// <summary>Records what a read reports, checking that it comes on the thread that started the read.</summary>
    private sealed class RecordingObserver : IReadObserver
    {
        private readonly int _thread = Environment.CurrentManagedThreadId;
        private readonly List<int> _skippedAtFileEnd = new();

        public List<SkippedRecord> Skipped { get; } = new();

        public List<FileImportStatistics> Files { get; } = new();

        /// <summary>The skipped records heard after file <paramref name="file"/> - 1 finished and before <paramref name="file"/> did.</summary>
        public IEnumerable<SkippedRecord> SkippedBefore(int file)
        {
            int from = file == 0 ? 0 : _skippedAtFileEnd[file - 1];
            return Skipped.Skip(from).Take(_skippedAtFileEnd[file] - from);
        }

        public void OnRecord(IInputRecord record) => Assert.Fail("no records in per-file mode");

        public void OnSkipped(SkippedRecord record)
        {
            Assert.Equal(_thread, Environment.CurrentManagedThreadId);
            Skipped.Add(record);
        }

        public void OnFileCompleted(FileImportStatistics file)
        {
            Assert.Equal(_thread, Environment.CurrentManagedThreadId);
            Files.Add(file);
            _skippedAtFileEnd.Add(Skipped.Count);
        }

        public void OnProgress(long bytesDone, string currentFile) => Assert.Equal(_thread, Environment.CurrentManagedThreadId);
    }
}
