using System.Globalization;
using Aggregator.Aggregation;
using Aggregator.Energy;
using Aggregator.Merging;
using Aggregator.Sensors;
using CsCheck;

namespace Aggregator.Core.Tests;

/// <summary>
/// For every kind of result: records spread over any number of parts, each part aggregated apart (as a host would),
/// and the parts' results merged by Merge-Aggregate's mergers, give the results of one run over all the records. Also
/// when the results arrive as text only, as rows read back with Import-Csv.
/// </summary>
public sealed class ResultMergePropertyTests
{
    private const int Iterations = 200;

    private static readonly DateTime Day = Utc.At(2024, 3, 30);

    private static readonly Gen<EventRecord> GenRecord =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 4], Gen.Int[0, 2], Gen.Int[-1, 4320], (user, @event, status, minute) =>
            new EventRecord($"user{user}", $"event{@event}", (EventStatus)status,
                minute < 0 ? null : Day.AddMinutes(minute), "property", minute + 2));

    private static readonly Gen<(List<(EventRecord Record, int Part)> Rows, int Parts)> GenSplit =
        Gen.Int[1, 4].SelectMany(parts => Gen.Select(GenRecord, Gen.Int[0, parts - 1]).List[0, 120].Select(rows => (rows, parts)));

    public static TheoryData<bool> AsText => new() { false, true };

    [Theory]
    [MemberData(nameof(AsText))]
    public void UserEventSummaries(bool asText) => MergedEqualsWhole(() => new UserEventAccumulator(), (a, r) => a.Add(r),
        a => a.GetResults(), () => new UserEventSummaryMerger(), SampleEvents.Describe, asText);

    [Theory]
    [MemberData(nameof(AsText))]
    public void EventStatistics(bool asText) => MergedEqualsWhole(() => new EventStatisticsAccumulator(), (a, r) => a.Add(r),
        a => a.GetResults(), () => new EventStatisticsMerger(), s => SampleEvents.Describe(s) + $" exact {s.IsExact}", asText);

    [Theory]
    [InlineData(TimeBucketKey.None, false)]
    [InlineData(TimeBucketKey.User, true)]
    [InlineData(TimeBucketKey.Status, false)]
    public void TimeBuckets(TimeBucketKey by, bool asText) => MergedEqualsWhole(() => new TimeBucketAccumulator(TimeSpan.FromMinutes(30), by),
        (a, r) => a.Add(r), a => a.GetResults(), () => new TimeBucketMerger(keyed: by != TimeBucketKey.None), SampleEvents.Describe, asText);

    [Theory]
    [InlineData(null, false)]
    [InlineData(null, true)]
    [InlineData(45, false)]
    [InlineData(45, true)]
    public void SessionsByIdleTimeout(int? idleMinutes, bool asText) => MergedEqualsWhole(
        () => new SessionAccumulator(Minutes(idleMinutes)), (a, r) => a.Add(r), a => a.GetResults(), () => new SessionMerger(),
        DescribeSession, asText);

    /// <summary>With -MaxDuration a merge is exact only where no joined session would pass it; it must say when it is not.</summary>
    [Fact]
    public void SessionsByMaxDuration_AreEqualWhenTheMergeSaysExact()
    {
        int exact = 0;
        GenSplit.Sample(split =>
        {
            var (whole, merger) = Run(split, () => new SessionAccumulator(TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(240)),
                (a, r) => a.Add(r), a => a.GetResults(), () => new SessionMerger(), DescribeSession, asText: false);
            if (merger.IsExact)
            {
                exact++;
                Assert.Equal(whole, merger.GetResults().Select(DescribeSession));
            }
        }, iter: Iterations);
        Assert.True(exact > Iterations / 4, $"only {exact} of {Iterations} merges were exact");
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(true, "Europe/Berlin", false)]
    [InlineData(true, "Europe/Berlin", true)]
    public void KwhUsage(bool byMeter, string? zone, bool asText) => MergedEqualsWhole(
        () => new KwhUsageAccumulator(new[] { KwhInterval.Hour }, byMeter, zone is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zone)),
        (a, r) => { if (r.Timestamp is DateTime t) { a.Add(t, Kwh(r), r.User); } },
        a => a.GetResults(), () => new KwhUsageMerger(), u => $"{u.Period:o}|{u.Interval}|{u.MeterId}|{u.Kwh:F9}|{u.Readings}|{u.TimeZone}", asText);

    [Theory]
    [MemberData(nameof(AsText))]
    public void SensorSummaries(bool asText) => MergedEqualsWhole(() => new SensorAccumulator(), (a, r) => a.Add(r.User, Kwh(r) - 4),
        a => a.GetResults(), () => new SensorSummaryMerger(), s => $"{s.SensorId}|{s.Count}|{s.Min}|{s.Max}|{s.Sum:F9}|{s.Mean:F9}", asText);

    [Theory]
    [MemberData(nameof(AsText))]
    public void ImportStatistics(bool asText) => MergedEqualsWhole(() => new ImportStatisticsAccumulator(),
        (a, r) =>
        {
            a.AddFile(new FileImportStatistics($"file{r.Line % 3}", InputFormat.JsonLines, 1, r.Status == EventStatus.Fail ? 0 : 1,
                r.Status == EventStatus.Fail ? 1 : 0, 10));
            if (r.Status == EventStatus.Fail)
            {
                a.AddSkipped(r.Timestamp is null ? SkipReason.InvalidTimestamp : SkipReason.UnknownStatus);
            }
            else
            {
                a.AddUser(r.User);
            }
        },
        a => a.GetResults(), () => new ImportStatisticsMerger(),
        s => $"{s.Files}|{s.TotalRecords}|{s.ValidRecords}|{s.SkippedRecords}|{s.SkippedByReason}|{s.UniqueUsers}|{s.IsExact}", asText);

    [Fact]
    public void SensorFileSummaries_AreOneListWithEachFileOnce()
    {
        var merger = new SensorFileSummaryMerger();
        var first = new SensorFileSummary { FileId = "1", Path = "/b.csv", RowCount = 3, ProcessedAt = Day };
        var again = new SensorFileSummary { FileId = "1", Path = "/b.csv", RowCount = 3, ProcessedAt = Day.AddHours(1) };
        merger.Add(first);
        merger.Add(new SensorFileSummary { FileId = "2", Path = "/a.csv", RowCount = 5 });
        merger.Add(again);

        Assert.Equal(new[] { "/a.csv", "/b.csv" }, merger.GetResults().Select(f => f.Path));
        Assert.Same(again, merger.GetResults()[1]);
    }

    [Fact]
    public void Sessions_MadeWithDifferentLimits_DoNotMerge()
    {
        var merger = new SessionMerger();
        merger.Add(new EventSession("a", Day, Day, 1) { IdleTimeout = TimeSpan.FromMinutes(30) });

        var ex = Assert.Throws<ArgumentException>(() => merger.Add(new EventSession("a", Day, Day, 1)));
        Assert.Contains("different limits", ex.Message);
    }

    [Fact]
    public void EventStatistics_PastTheExactLimit_AreAnEstimateAndSaySo()
    {
        var parts = Enumerable.Range(0, 3).Select(part =>
        {
            var accumulator = new EventStatisticsAccumulator();
            for (int user = 0; user < 3000; user++)
            {
                accumulator.Add(new EventRecord($"user{user + part * 1000}", "view", EventStatus.Success, Day, "t", user));
            }

            return accumulator.GetResult();
        }).ToList();
        var merger = new EventStatisticsMerger();
        parts.ForEach(merger.Add);

        EventStatistics merged = Assert.Single(merger.GetResults());
        Assert.False(merged.IsExact);
        Assert.False(merger.IsExact);
        Assert.InRange(merged.Users, 5000 * 0.97, 5000 * 1.03);   // 5,000 distinct users; HyperLogLog within 3 standard errors
        Assert.Equal(9000, merged.TotalEvents);
    }

    [Fact]
    public void ResultProperties_NameTheMissingOrMalformedProperty()
    {
        var merger = new UserEventSummaryMerger();
        var row = new Dictionary<string, object?> { ["User"] = "a", ["TotalEvents"] = "many", ["Success"] = "1", ["Fail"] = "0" };

        var ex = Assert.Throws<FormatException>(() => merger.Add(ResultProperties.FromDictionary(row, "row 3")));
        Assert.Equal("row 3: the property TotalEvents is not a whole number ('many').", ex.Message);
        row["TotalEvents"] = "1";
        row.Remove("Fail");
        Assert.Contains("Fail is missing", Assert.Throws<FormatException>(() => merger.Add(ResultProperties.FromDictionary(row, "row 4"))).Message);
    }

    [Theory]
    [InlineData("Aggregator.UserEventSummary", ResultKind.UserEventSummary)]
    [InlineData("Deserialized.Aggregator.KeyedEventTimeBucket", ResultKind.KeyedEventTimeBucket)]
    [InlineData("Aggregator.RecordSummary", ResultKind.RecordSummary)]
    public void ResultKinds_AreToldFromTypeNames(string typeName, ResultKind kind)
    {
        Assert.True(ResultKinds.TryParseTypeName(typeName, out ResultKind found));
        Assert.Equal(kind, found);
    }

    [Theory]
    [InlineData("System.String")]
    [InlineData("Aggregator.Sketches.TDigest")]
    [InlineData("Aggregator.EventRecord")]
    public void ResultKinds_RefuseOtherTypes(string typeName) => Assert.False(ResultKinds.TryParseTypeName(typeName, out _));

    private static string DescribeSession(EventSession s) =>
        $"{s.User}|{s.SessionStart:o}|{s.SessionEnd:o}|{s.EventCount}|{s.IdleTimeout}|{s.MaxDuration}";

    private static void MergedEqualsWhole<TAccumulator, TResult, TMerger>(Func<TAccumulator> create, Action<TAccumulator, EventRecord> add,
        Func<TAccumulator, IReadOnlyList<TResult>> results, Func<TMerger> merger, Func<TResult, string> describe, bool asText)
        where TMerger : ResultMerger<TMerger, TResult>
        where TResult : class =>
        GenSplit.Sample(split =>
        {
            var (whole, merged) = Run(split, create, add, results, merger, describe, asText);
            Assert.Equal(whole, merged.GetResults().Select(describe));
        }, iter: Iterations);

    private static (List<string> Whole, TMerger Merger) Run<TAccumulator, TResult, TMerger>(
        (List<(EventRecord Record, int Part)> Rows, int Parts) split, Func<TAccumulator> create, Action<TAccumulator, EventRecord> add,
        Func<TAccumulator, IReadOnlyList<TResult>> results, Func<TMerger> newMerger, Func<TResult, string> describe, bool asText)
        where TMerger : ResultMerger<TMerger, TResult>
        where TResult : class
    {
        TAccumulator all = create();
        split.Rows.ForEach(row => add(all, row.Record));
        List<string> whole = results(all).Select(describe).ToList();

        TMerger merger = newMerger();
        for (int part = 0; part < split.Parts; part++)
        {
            TAccumulator partial = create();
            split.Rows.Where(row => row.Part == part).ToList().ForEach(row => add(partial, row.Record));
            foreach (TResult result in results(partial))
            {
                if (asText)
                {
                    merger.Add(ResultProperties.FromDictionary(AsCsvRow(result), $"part {part}"));
                }
                else
                {
                    merger.Add(result);
                }
            }
        }

        return (whole, merger);
    }

    /// <summary>What a row read back with Import-Csv holds: every public property as invariant text.</summary>
    private static Dictionary<string, object?> AsCsvRow(object result) =>
        result.GetType().GetProperties().ToDictionary(p => p.Name, p => (object?)(p.GetValue(result) switch
        {
            null => string.Empty,
            DateTime time => time.ToString("o", CultureInfo.InvariantCulture),
            DateTimeOffset offset => offset.ToString("o", CultureInfo.InvariantCulture),
            IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
            var value => value.ToString(),
        }));

    private static TimeSpan? Minutes(int? minutes) => minutes is null ? null : TimeSpan.FromMinutes(minutes.Value);

    private static double Kwh(EventRecord record) => (record.Line % 7) * 0.125;
}
