using Aggregator.Aggregation;
using Aggregator.Reading;
using Aggregator.Reading.Parallel;

namespace Aggregator.Core.Tests;

/// <summary>Run totals across files, as Import-EventRecord -StatisticsVariable reports them.</summary>
public class ImportStatisticsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RecordReadingEmitsRecordsAndCountsEverything(int workers)
    {
        using var dir = new TempDirectory();
        string one = dir.Write("one.json", """
            [
              {"user": "alice", "event": "login", "status": "ok"},
              {"user": "bob", "event": "login", "status": "nope"},
              {"user": "alice", "event": "view"}
            ]
            """);
        string two = dir.Write("two.jsonl", "{\"user\":\"carol\",\"event\":\"x\"}\n{\"event\":\"x\"}\ngarbage\n{\"user\":\"alice\",\"event\":\"y\"}\n");
        string missing = Path.Combine(dir.Path, "missing.json");

        var statistics = new ImportStatisticsAccumulator();
        var observer = new RecordingObserver(statistics);
        new ParallelFileReader(new[] { one, two, missing }, EventReadOptions.Default, workers) { Ordered = true }
            .RunRecords(observer, CancellationToken.None);
        List<EventRecord> records = observer.Records;
        List<SkippedRecord> skipped = observer.Skipped;

        ImportStatistics result = statistics.GetResult();

        // one.json: 3 read, 2 valid (alice twice), 1 UnknownStatus.
        // two.jsonl: 4 read, 2 valid (carol, alice), 1 MissingField, 1 InvalidJson. missing.json: counted as a file only.
        Assert.Equal(3, result.Files);
        Assert.Equal(7, result.TotalRecords);
        Assert.Equal(4, result.ValidRecords);
        Assert.Equal(3, result.SkippedRecords);
        Assert.Equal(result.TotalRecords, result.ValidRecords + result.SkippedRecords);
        Assert.Equal(2, result.UniqueUsers);
        Assert.Equal(1, result.SkippedByReason["UnknownStatus"]);
        Assert.Equal(1, result.SkippedByReason["missingfield"]);   // the reason names are case-insensitive keys
        Assert.Equal(1, result.SkippedByReason[nameof(SkipReason.InvalidJson)]);
        Assert.Equal(3, result.SkippedByReason.Values.Sum());

        Assert.Equal(new[] { one, one, two, two }, records.Select(r => r.Source));
        Assert.Equal(new[] { one, two, two }, skipped.Select(s => s.Source));
        Assert.NotNull(statistics.Files[2].Error);
        Assert.Equal("one.json: 3 read, 2 valid, 1 skipped", statistics.Files[0].ToString());

        // The per-file figures, in reading order; they add up to the run's.
        Assert.Equal(new[] { (3L, 2L, 1L), (4L, 2L, 2L), (0L, 0L, 0L) },
            result.PerFile.Select(f => (f.TotalRecords, f.ValidRecords, f.SkippedRecords)));
        Assert.Equal(result.TotalRecords, result.PerFile.Sum(f => f.TotalRecords));
        Assert.NotNull(result.PerFile[2].Error);
        Assert.Equal("one.json: 3 read, 2 valid, 1 skipped; two.jsonl: 4 read, 2 valid, 2 skipped; missing.json: 0 read, 0 valid, 0 skipped",
            result.PerFile.ToString());
    }

    [Fact]
    public void UniqueUsersCountsOnlyValidRecordsAcrossFiles()
    {
        var statistics = new ImportStatisticsAccumulator();
        foreach (string text in new[]
                 {
                     "{\"user\":\"a\",\"event\":\"x\"}\n{\"user\":\"b\",\"event\":\"x\"}\n",
                     "{\"user\":\"b\",\"event\":\"x\"}\n{\"user\":\"c\",\"event\":\"x\",\"status\":\"??\"}\n",
                 })
        {
            // A fresh accumulator (and symbol table) per file: the statistics must still see "b" as one user.
            var sink = new AccumulatingSink(new UserEventAccumulator(), _ => { }, statistics);
            statistics.AddFile(EventFileReader.ReadStream(new MemoryStream(Read.Utf8NoBom.GetBytes(text)), "f.jsonl", EventReadOptions.Default, sink));
        }

        Assert.Equal(2, statistics.GetResult().UniqueUsers);
    }

    [Fact]
    public void ManyUsers()
    {
        var statistics = new ImportStatisticsAccumulator();
        IReadOnlyList<EventRecord> records = SampleEvents.Generated();

        statistics.AddFile(SampleEvents.ReadInto(new UserEventAccumulator(), records, statistics));

        ImportStatistics result = statistics.GetResult();
        Assert.Equal(records.Select(r => r.User).Distinct().Count(), result.UniqueUsers);
        Assert.Equal(records.Count, result.ValidRecords);
        Assert.Empty(result.SkippedByReason);
    }

    [Fact]
    public void SkipReasonCountsPrintSortedByName()
    {
        var counts = new SkipReasonCounts();
        counts.Add(SkipReason.UnknownStatus, 1);
        counts.Add(SkipReason.InvalidJson, 2);
        counts.Add(SkipReason.InvalidJson, 1);
        counts.Add(SkipReason.MissingField, 0);

        Assert.Equal("InvalidJson=3;UnknownStatus=1", counts.ToString());
        Assert.False(counts.ContainsKey("MissingField"));
    }
}
