using System.IO.Compression;
using System.Text;
using Aggregator.Aggregation;
using Aggregator.Reading;
using Aggregator.Reading.Parallel;

namespace Aggregator.Core.Tests;

/// <summary>
/// ParallelFileReader: several workers, line ranges of one large JSON Lines file, the bounded queue to the calling thread.
/// The parts are made tiny (MinPartBytes) so that small test files are cut into many ranges.
/// </summary>
public sealed class ParallelReadingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // A JSON Lines file with every kind of damage a line can have, at known places; lines are 1-based.
    private string MessyJsonLines(string name, int lines, int seed)
    {
        var rng = new Random(seed);
        var text = new StringBuilder();
        for (int line = 1; line <= lines; line++)
        {
            switch (rng.Next(40))
            {
                case 0:
                    text.Append("{\"user\": \"u").Append(line % 7).Append("\", \"event\": \"x\", \"timestamp\": \"not a time\"}\n");
                    break;
                case 1:
                    text.Append("{\"user\": \"u1\", \"event\": oops}\n");
                    break;
                case 2:
                    text.Append('\n');   // a blank line is not a record
                    break;
                case 3:
                    text.Append("[1, 2]\n");
                    break;
                case 4:
                    text.Append("{\"event\": \"view\"}\n");
                    break;
                default:
                    int user = rng.Next(50);
                    string status = rng.Next(3) switch { 0 => "success", 1 => "fail", _ => "ok" };
                    text.Append("{\"user\": \"u").Append(user).Append("\", \"event\": \"e").Append(rng.Next(5))
                        .Append("\", \"status\": \"").Append(status).Append("\", \"timestamp\": \"2024-07-")
                        .Append((10 + rng.Next(3)).ToString("00")).Append('T').Append(rng.Next(24).ToString("00"))
                        .Append(":00:").Append(rng.Next(2).ToString("00")).Append("Z\"}\n");
                    break;
            }
        }

        return _dir.Write(name, text.ToString());
    }

    private static (IReadOnlyList<UserEventSummary> Users, RecordingObserver Observer, ImportStatistics Statistics) Measure(
        IReadOnlyList<string> files, int workers, long minPartBytes = 4096, DuplicateKey? unique = null)
    {
        var statistics = new ImportStatisticsAccumulator();
        var observer = new RecordingObserver(statistics);
        var partials = new List<(UserEventAccumulator, ImportStatisticsAccumulator)>();
        DuplicateFilter? duplicates = unique is { } key ? new DuplicateFilter(key) : null;
        new ParallelFileReader(files, EventReadOptions.Default, workers) { SplitFiles = true, MinPartBytes = minPartBytes }
            .Run(worker =>
            {
                var partial = (new UserEventAccumulator(), new ImportStatisticsAccumulator());
                lock (partials)
                {
                    partials.Add(partial);
                }

                return new AccumulatingSink(partial.Item1, _ => Assert.Fail("skips must go to the observer"), partial.Item2)
                {
                    Duplicates = duplicates,
                };
            }, observer, CancellationToken.None);
        var total = new UserEventAccumulator();
        foreach (var (accumulator, users) in partials)
        {
            total.Merge(accumulator);
            statistics.Merge(users);
        }

        statistics.DuplicatesRemoved = duplicates?.Removed ?? 0;
        return (total.GetResults(), observer, statistics.GetResult());
    }

    private static string Describe(IEnumerable<UserEventSummary> users) =>
        string.Join("\n", users.Select(u => $"{u.User},{u.TotalEvents},{u.Success},{u.Fail},{u.FailureRate:R},{u.EventTypes}"));

    private static string DescribeSkips(IEnumerable<SkippedRecord> skipped) =>
        string.Join("\n", skipped.OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Line)
            .Select(s => $"{Path.GetFileName(s.Source)}:{s.Line}:{s.Record}:{s.Reason}:{s.Raw}"));

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void SplitFile_GivesTheSequentialResult_AndTheFilesOwnLineAndRecordNumbers(int workers)
    {
        string file = MessyJsonLines("big.jsonl", 3000, seed: workers);
        var sequential = Measure(new[] { file }, 1);
        var parallel = Measure(new[] { file }, workers);

        Assert.True(new FileInfo(file).Length > 8 * 4096, "the file must be cut into several ranges");
        Assert.Equal(Describe(sequential.Users), Describe(parallel.Users));
        Assert.NotEmpty(sequential.Observer.Skipped);
        Assert.Equal(DescribeSkips(sequential.Observer.Skipped), DescribeSkips(parallel.Observer.Skipped));

        // One finished-file report for the whole file, with the counts of all its ranges.
        FileImportStatistics whole = Assert.Single(parallel.Observer.Files);
        Assert.Equal(file, whole.Source);
        Assert.Equal(new FileInfo(file).Length, whole.Bytes);
        Assert.Equal(sequential.Statistics.TotalRecords, whole.TotalRecords);
        Assert.Equal(whole.TotalRecords, whole.ValidRecords + whole.SkippedRecords);
        Assert.Equal(sequential.Statistics.UniqueUsers, parallel.Statistics.UniqueUsers);
        Assert.Equal(new FileInfo(file).Length, parallel.Observer.LastProgress);
    }

    [Fact]
    public void RecordNumbers_CountRecordsNotLines()
    {
        // Line 2 is blank, so the damaged record on line 4 is the file's third record.
        string file = _dir.Write("numbers.jsonl", "{\"user\":\"a\",\"event\":\"x\"}\n\n{\"user\":\"b\",\"event\":\"x\"}\n{bad\n");
        SkippedRecord skip = Assert.Single(Measure(new[] { file }, 1).Observer.Skipped);
        Assert.Equal(4, skip.Line);
        Assert.Equal(3, skip.Record);

        string array = _dir.Write("numbers.json", "[\n  {\"user\": \"a\",\n   \"event\": \"x\"},\n  {\"user\": \"b\"}\n]\n");
        skip = Assert.Single(Measure(new[] { array }, 1).Observer.Skipped);
        Assert.Equal(4, skip.Line);
        Assert.Equal(2, skip.Record);
    }

    [Fact]
    public void LaterRange_WithManySkips_WaitsForItsNumbering_AndLosesNone()
    {
        // Far more damaged lines than a range holds back before it waits for the ranges before it.
        var text = new StringBuilder();
        for (int i = 0; i < 20000; i++)
        {
            text.Append(i % 10 == 0 ? "{\"user\":\"a\",\"event\":\"x\"}\n" : "{broken json line " + i + "\n");
        }

        string file = _dir.Write("mostly-bad.jsonl", text.ToString());
        var sequential = Measure(new[] { file }, 1);
        var parallel = Measure(new[] { file }, 4, minPartBytes: 16 * 1024);

        Assert.Equal(18000, sequential.Observer.Skipped.Count);
        Assert.Equal(DescribeSkips(sequential.Observer.Skipped), DescribeSkips(parallel.Observer.Skipped));
        Assert.Equal(Enumerable.Range(1, 20000).Where(n => (n - 1) % 10 != 0).Select(n => (long)n),
            parallel.Observer.Skipped.Select(s => s.Line).Order());
    }

    [Fact]
    public void ManyFiles_OfEveryFormat_GiveTheSequentialResult()
    {
        var files = new List<string>
        {
            MessyJsonLines("a.jsonl", 800, 1),
            MessyJsonLines("b.jsonl", 50, 2),
            _dir.Write("c.json", "[{\"user\":\"u1\",\"event\":\"e1\",\"status\":\"fail\"},{\"user\":\"u2\"},\n{\"user\":\"u9\",\"event\":\"e2\"}]"),
            _dir.Write("d.csv", "user,event,status,timestamp\nu1,e1,ok,2024-07-10T10:00:00Z\nu3,,ok,\nu4,e4,maybe,\n"),
            _dir.Write("e.jsonl.gz", Read.Gzip(Encoding.UTF8.GetBytes("{\"user\":\"u5\",\"event\":\"e5\"}\n{oops\n"))),
            _dir.Write("empty.jsonl", string.Empty),
        };
        var sequential = Measure(files, 1);
        foreach (int workers in new[] { 2, 3, 6 })
        {
            var parallel = Measure(files, workers);
            Assert.Equal(Describe(sequential.Users), Describe(parallel.Users));
            Assert.Equal(DescribeSkips(sequential.Observer.Skipped), DescribeSkips(parallel.Observer.Skipped));
            Assert.Equal(files.Order(StringComparer.Ordinal), parallel.Observer.Files.Select(f => f.Source).Order(StringComparer.Ordinal));
            Assert.Equal(sequential.Statistics.TotalRecords, parallel.Statistics.TotalRecords);
            Assert.Equal(sequential.Statistics.SkippedRecords, parallel.Statistics.SkippedRecords);
            Assert.Equal(sequential.Statistics.UniqueUsers, parallel.Statistics.UniqueUsers);
            Assert.Equal(sequential.Statistics.SkippedByReason.OrderBy(p => p.Key), parallel.Statistics.SkippedByReason.OrderBy(p => p.Key));
        }
    }

    [Fact]
    public void Unique_AcrossWorkers_DropsEachDuplicateOnce()
    {
        // Every record appears in both files, and again within each file: only the first of each survives.
        string line = "{\"user\":\"u1\",\"event\":\"e1\",\"timestamp\":\"2024-07-10T10:00:00Z\"}\n";
        string other = "{\"user\":\"u2\",\"event\":\"e1\",\"timestamp\":\"2024-07-10T10:00:00Z\"}\n";
        string one = _dir.Write("one.jsonl", line + other + line);
        string two = _dir.Write("two.jsonl", other + line + other);
        var big = MessyJsonLines("big.jsonl", 2000, 3);
        foreach (int workers in new[] { 1, 2, 4 })
        {
            var (users, _, statistics) = Measure(new[] { one, two, big, big }, workers, unique: DuplicateKey.Default);
            var (once, _, onceStatistics) = Measure(new[] { big }, 1, unique: DuplicateKey.Default);
            Assert.Equal(onceStatistics.ValidRecords * 2 + 6 - (long)users.Sum(u => u.TotalEvents), statistics.DuplicatesRemoved);
            Assert.Equal(once.Where(u => u.User == "u1").Sum(u => u.TotalEvents) + 1, users.Single(u => u.User == "u1").TotalEvents);
        }
    }

    [Fact]
    public void Ordered_RecordMode_GivesFilesInTheOrderGiven_EachInItsOwnOrder()
    {
        var files = Enumerable.Range(0, 6).Select(i => MessyJsonLines($"f{i}.jsonl", 300 + i * 50, i)).ToList();
        var sequential = new RecordingObserver();
        new ParallelFileReader(files, EventReadOptions.Default, 1).RunRecords(sequential, CancellationToken.None);
        var ordered = new RecordingObserver();
        new ParallelFileReader(files, EventReadOptions.Default, 3) { Ordered = true }.RunRecords(ordered, CancellationToken.None);
        var unordered = new RecordingObserver();
        new ParallelFileReader(files, EventReadOptions.Default, 3).RunRecords(unordered, CancellationToken.None);

        string Key(EventRecord r) => $"{r.Source}:{r.Line}:{r.User}:{r.Event}:{r.Status}:{r.Timestamp:O}";
        Assert.Equal(sequential.Records.Select(Key), ordered.Records.Select(Key));
        Assert.Equal(sequential.Files.Select(f => f.Source), ordered.Files.Select(f => f.Source));
        Assert.Equal(sequential.Records.Select(Key).Order(), unordered.Records.Select(Key).Order());
        foreach (string file in files)
        {
            Assert.Equal(sequential.Records.Where(r => r.Source == file).Select(Key), unordered.Records.Where(r => r.Source == file).Select(Key));
        }
    }

    [Fact]
    public void UnreadableFile_IsThatFilesErrorOnly()
    {
        string good = MessyJsonLines("good.jsonl", 500, 4);
        string corrupt = _dir.Write("corrupt.jsonl.gz", new byte[] { 0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7 });
        string missing = Path.Combine(_dir.Path, "gone.jsonl");
        var alone = Measure(new[] { good }, 1);
        var mixed = Measure(new[] { corrupt, good, missing }, 3);

        Assert.Equal(Describe(alone.Users), Describe(mixed.Users));
        Assert.NotNull(mixed.Observer.Files.Single(f => f.Source == corrupt).Error);
        Assert.NotNull(mixed.Observer.Files.Single(f => f.Source == missing).Error);
        Assert.Null(mixed.Observer.Files.Single(f => f.Source == good).Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ObserverFailure_ReachesTheCaller_NotAFileError(int workers)
    {
        string file = MessyJsonLines("x.jsonl", 2000, 5);
        var observer = new RecordingObserver { AfterRecord = r => throw new InvalidProgramException("downstream stopped") };
        var reader = new ParallelFileReader(new[] { file, file }, EventReadOptions.Default, workers);
        var thrown = Assert.ThrowsAny<Exception>(() => reader.RunRecords(observer, CancellationToken.None));
        Assert.IsType<InvalidProgramException>(thrown);
        Assert.Empty(observer.Files);
    }

    [Fact]
    public void OnlyPlainJsonLines_IsSplit()
    {
        string lines = MessyJsonLines("split.jsonl", 2000, 6);
        string gz = _dir.Write("nosplit.jsonl.gz", Read.Gzip(File.ReadAllBytes(lines)));
        string array = _dir.Write("nosplit.json", "[" + string.Join(",\n", File.ReadAllLines(lines).Where(l => l.StartsWith("{\"user\": \"u") && l.Contains("status"))) + "]");

        Assert.True(EventFileReader.IsSplittable(lines, EventReadOptions.Default, out _));
        Assert.False(EventFileReader.IsSplittable(gz, EventReadOptions.Default, out _));
        Assert.False(EventFileReader.IsSplittable(array, EventReadOptions.Default, out _));
        Assert.True(ReadPlanner.Plan(new[] { lines }, EventReadOptions.Default, 4, 4096).Count > 1);
        Assert.Single(ReadPlanner.Plan(new[] { gz }, EventReadOptions.Default, 4, 4096));
        Assert.Single(ReadPlanner.Plan(new[] { array }, EventReadOptions.Default, 4, 4096));
        Assert.Single(ReadPlanner.Plan(new[] { lines }, EventReadOptions.Default, 1, 4096));
    }

    [Fact]
    public void LineCuts_FallJustAfterALineBreak_AndCoverTheFile()
    {
        string file = MessyJsonLines("cuts.jsonl", 5000, 7);
        byte[] bytes = File.ReadAllBytes(file);
        List<ReadPart> parts = ReadPlanner.Plan(new[] { file }, EventReadOptions.Default, 4, 4096);

        Assert.Equal(4 * ReadPlanner.PartsPerWorker, parts.Count);   // the file is large enough for every part
        Assert.Equal(0, parts[0].Start);
        Assert.Equal(bytes.Length, parts[^1].End);
        for (int i = 1; i < parts.Count; i++)
        {
            Assert.Equal(parts[i - 1].End, parts[i].Start);
            Assert.Equal((byte)'\n', bytes[parts[i].Start - 1]);
        }
    }
}
