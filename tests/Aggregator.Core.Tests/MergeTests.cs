using Aggregator.Aggregation;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>Merging two partial aggregates gives what aggregating everything at once gives, for every accumulator.</summary>
public class MergeTests
{
    public static TheoryData<string, int> Splits => new()
    {
        // Sample: cut at the start, in the middle, at the end. Generated: in the middle.
        { "sample", 0 },
        { "sample", 5 },
        { "sample", 14 },
        { "generated", 2500 },
    };

    private static IReadOnlyList<EventRecord> Data(string name) => name == "sample" ? SampleEvents.Records : SampleEvents.Generated();

    // The second part goes in backwards, so the two accumulators intern users and events in different orders
    // and their ids disagree: Merge must map by name, not by id.
    private static (IEnumerable<EventRecord> First, IEnumerable<EventRecord> Second) Split(IReadOnlyList<EventRecord> records, int at) =>
        (records.Take(at), records.Skip(at).Reverse());

    private static T Fill<T>(T accumulator, IEnumerable<EventRecord> records)
        where T : IEventAccumulator
    {
        foreach (EventRecord record in records)
        {
            accumulator.Add(record);
        }

        return accumulator;
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void UserEvents(string data, int at)
    {
        IReadOnlyList<EventRecord> records = Data(data);
        var (first, second) = Split(records, at);
        UserEventAccumulator whole = Fill(new UserEventAccumulator(), records);
        UserEventAccumulator merged = Fill(new UserEventAccumulator(), first);

        merged.Merge(Fill(new UserEventAccumulator(), second));

        Assert.Equal(whole.GetResults().Select(SampleEvents.Describe), merged.GetResults().Select(SampleEvents.Describe));
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void EventStatistics(string data, int at)
    {
        IReadOnlyList<EventRecord> records = Data(data);
        var (first, second) = Split(records, at);
        EventStatisticsAccumulator whole = Fill(new EventStatisticsAccumulator(), records);
        EventStatisticsAccumulator merged = Fill(new EventStatisticsAccumulator(), first);

        merged.Merge(Fill(new EventStatisticsAccumulator(), second));

        Assert.Equal(SampleEvents.Describe(whole.GetResult()), SampleEvents.Describe(merged.GetResult()));
    }

    public static TheoryData<string, int, TimeBucketKey> SplitsAndKeys
    {
        get
        {
            var data = new TheoryData<string, int, TimeBucketKey>();
            foreach (object[] split in Splits)
            {
                foreach (TimeBucketKey by in Enum.GetValues<TimeBucketKey>())
                {
                    data.Add((string)split[0], (int)split[1], by);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SplitsAndKeys))]
    public void TimeBuckets(string data, int at, TimeBucketKey by)
    {
        IReadOnlyList<EventRecord> records = Data(data);
        var (first, second) = Split(records, at);
        TimeBucketAccumulator whole = Fill(new TimeBucketAccumulator(TimeSpan.FromHours(1), by), records);
        TimeBucketAccumulator merged = Fill(new TimeBucketAccumulator(TimeSpan.FromHours(1), by), first);

        merged.Merge(Fill(new TimeBucketAccumulator(TimeSpan.FromHours(1), by), second));

        Assert.Equal(whole.GetResults().Select(SampleEvents.Describe), merged.GetResults().Select(SampleEvents.Describe));
        Assert.Equal(whole.WithoutTimestamp, merged.WithoutTimestamp);
    }

    [Fact]
    public void TimeBucketsWhenTheMergeAddsManyNewBuckets()
    {
        // The first part fills a few buckets, the second adds well over a hundred more; the merge must grow its storage.
        IReadOnlyList<EventRecord> records = SampleEvents.Generated();
        var early = records.Where(r => r.Timestamp < SampleEvents.Day.AddHours(2)).ToList();
        var late = records.Where(r => !(r.Timestamp < SampleEvents.Day.AddHours(2))).ToList();
        TimeBucketAccumulator whole = Fill(new TimeBucketAccumulator(TimeSpan.FromHours(1)), records);
        TimeBucketAccumulator merged = Fill(new TimeBucketAccumulator(TimeSpan.FromHours(1)), early);

        merged.Merge(Fill(new TimeBucketAccumulator(TimeSpan.FromHours(1)), late));

        Assert.Equal(whole.GetResults().Select(SampleEvents.Describe), merged.GetResults().Select(SampleEvents.Describe));
    }

    [Fact]
    public void TimeBucketsOnlyMergeWithTheSameShape()
    {
        var hourly = new TimeBucketAccumulator(TimeSpan.FromHours(1));

        Assert.Throws<ArgumentException>(() => hourly.Merge(new TimeBucketAccumulator(TimeSpan.FromMinutes(30))));
        Assert.Throws<ArgumentException>(() => hourly.Merge(new TimeBucketAccumulator(TimeSpan.FromHours(1), TimeBucketKey.User)));
    }

    // The fast path: each part read straight from a file into its own accumulator, then merged, as parallel workers would.
    [Fact]
    public void UserEventsReadFromTwoFiles()
    {
        var (whole, merged) = ReadInTwoParts(() => new UserEventAccumulator(), (a, b) => a.Merge(b));

        Assert.Equal(whole.GetResults().Select(SampleEvents.Describe), merged.GetResults().Select(SampleEvents.Describe));
    }

    // Two user names that are different bytes, neither valid UTF-8, both read as "\uFFFD". A reader keeps them apart,
    // since it matches names by their bytes; a merge must match them the same way, or a parallel run would not give
    // the sequential result.
    [Fact]
    public void UserEventsKeepApartNamesThatDifferOnlyInInvalidBytes()
    {
        byte[] file = [.. "{\"user\":\""u8, 0xFF, .. "\",\"event\":\"x\"}\n{\"user\":\""u8, 0xFE, .. "\",\"event\":\"x\"}\n"u8];
        var read = new UserEventAccumulator();
        EventFileReader.ReadStream(new MemoryStream(file), "names.jsonl", Read.Format(InputFormat.JsonLines),
            new AccumulatingSink(read, _ => Assert.Fail("nothing is skipped"), null));
        var merged = new UserEventAccumulator();
        merged.Merge(read);

        Assert.Equal(new[] { "\uFFFD", "\uFFFD" }, read.GetResults().Select(u => u.User));
        Assert.Equal(read.GetResults().Select(SampleEvents.Describe), merged.GetResults().Select(SampleEvents.Describe));
    }

    [Fact]
    public void EventStatisticsReadFromTwoFiles()
    {
        var (whole, merged) = ReadInTwoParts(() => new EventStatisticsAccumulator(), (a, b) => a.Merge(b));

        Assert.Equal(SampleEvents.Describe(whole.GetResult()), SampleEvents.Describe(merged.GetResult()));
    }

    [Fact]
    public void TimeBucketsReadFromTwoFiles()
    {
        var (whole, merged) = ReadInTwoParts(() => new TimeBucketAccumulator(TimeSpan.FromHours(1), TimeBucketKey.Event), (a, b) => a.Merge(b));

        Assert.Equal(TimeBucketAccumulatorTests.ExpectedBuckets(SampleEvents.Generated(), TimeSpan.FromHours(1), r => r.Event),
            whole.GetResults().Select(SampleEvents.Describe));
        Assert.Equal(whole.GetResults().Select(SampleEvents.Describe), merged.GetResults().Select(SampleEvents.Describe));
    }

    [Fact]
    public void ImportStatistics()
    {
        // Two files with an overlapping user (bob) and a skipped record each.
        const string one = "{\"user\":\"alice\",\"event\":\"x\"}\n{\"user\":\"bob\",\"event\":\"x\"}\n{\"event\":\"x\"}\n";
        const string two = "{\"user\":\"bob\",\"event\":\"y\"}\n{\"user\":\"carol\",\"event\":\"y\",\"status\":\"maybe\"}\nnot json\n";
        var whole = new ImportStatisticsAccumulator();
        var first = new ImportStatisticsAccumulator();
        var second = new ImportStatisticsAccumulator();
        ReadWithStatistics(whole, "one.jsonl", one);
        ReadWithStatistics(whole, "two.jsonl", two);
        ReadWithStatistics(first, "one.jsonl", one);
        ReadWithStatistics(second, "two.jsonl", two);

        first.Merge(second);

        ImportStatistics expected = whole.GetResult();
        ImportStatistics actual = first.GetResult();
        Assert.Equal(
            (expected.Files, expected.TotalRecords, expected.ValidRecords, expected.SkippedRecords, expected.UniqueUsers, expected.SkippedByReason.ToString()),
            (actual.Files, actual.TotalRecords, actual.ValidRecords, actual.SkippedRecords, actual.UniqueUsers, actual.SkippedByReason.ToString()));
        // The figures themselves, counted by hand: 6 records, 3 valid (alice, bob, bob) and 3 skipped;
        // 2 users, as carol's only record was skipped.
        Assert.Equal((2, 6L, 3L, 3L, 2L), (actual.Files, actual.TotalRecords, actual.ValidRecords, actual.SkippedRecords, actual.UniqueUsers));
        Assert.Equal("InvalidJson=1;MissingField=1;UnknownStatus=1", actual.SkippedByReason.ToString());
        Assert.Equal(new[] { "one.jsonl", "two.jsonl" }, first.Files.Select(f => f.Source));
    }

    [Fact]
    public void MergingAnEmptyAccumulatorChangesNothing()
    {
        UserEventAccumulator users = Fill(new UserEventAccumulator(), SampleEvents.Records);
        EventStatisticsAccumulator statistics = Fill(new EventStatisticsAccumulator(), SampleEvents.Records);
        TimeBucketAccumulator buckets = Fill(new TimeBucketAccumulator(TimeSpan.FromHours(1)), SampleEvents.Records);
        string[] usersBefore = users.GetResults().Select(SampleEvents.Describe).ToArray();
        string statisticsBefore = SampleEvents.Describe(statistics.GetResult());
        string[] bucketsBefore = buckets.GetResults().Select(SampleEvents.Describe).ToArray();

        users.Merge(new UserEventAccumulator());
        statistics.Merge(new EventStatisticsAccumulator());
        buckets.Merge(new TimeBucketAccumulator(TimeSpan.FromHours(1)));

        Assert.Equal(usersBefore, users.GetResults().Select(SampleEvents.Describe));
        Assert.Equal(statisticsBefore, SampleEvents.Describe(statistics.GetResult()));
        Assert.Equal(bucketsBefore, buckets.GetResults().Select(SampleEvents.Describe));
    }

    private static (T Whole, T Merged) ReadInTwoParts<T>(Func<T> create, Action<T, T> merge)
        where T : IEventAccumulator
    {
        IReadOnlyList<EventRecord> records = SampleEvents.Generated();
        T whole = create(), first = create(), second = create();
        SampleEvents.ReadInto(whole, records);
        SampleEvents.ReadInto(first, records.Take(3000));
        SampleEvents.ReadInto(second, records.Skip(3000));

        merge(first, second);
        return (whole, first);
    }

    private static void ReadWithStatistics(ImportStatisticsAccumulator statistics, string name, string text)
    {
        var sink = new AccumulatingSink(new UserEventAccumulator(), _ => { }, statistics);
        statistics.AddFile(EventFileReader.ReadStream(new MemoryStream(Read.Utf8NoBom.GetBytes(text)), name, EventReadOptions.Default, sink));
    }
}
