using Aggregator.Aggregation;
using Aggregator.Energy;
using Aggregator.Sensors;
using CsCheck;

namespace Aggregator.Core.Tests;

/// <summary>
/// For every accumulator: records spread over any number of parts, aggregated part by part and merged in any order,
/// give what aggregating them all at once gives. The same merge serves worker threads and stored partial results.
/// </summary>
public sealed class MergePropertyTests
{
    private const int Iterations = 300;

    private static readonly DateTime Day = Utc.At(2024, 3, 30);

    // Few users and events, so parts share names; minutes over three days, crossing a DST change in Europe.
    private static readonly Gen<EventRecord> GenRecord =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 4], Gen.Int[0, 2], Gen.Int[-1, 4320], (user, @event, status, minute) =>
            new EventRecord($"user{user}", $"event{@event}", (EventStatus)status,
                minute < 0 ? null : Day.AddMinutes(minute), "property", minute + 2));

    /// <summary>Records, the part each one goes to, the number of parts, and a seed for the merge order.</summary>
    private static readonly Gen<Split> GenSplit =
        Gen.Int[1, 5].SelectMany(parts =>
            Gen.Select(GenRecord, Gen.Int[0, parts - 1]).List[0, 120].SelectMany(rows =>
                Gen.Int.Select(seed => new Split(rows, parts, seed))));

    [Fact]
    public void UserEvents() => MergeEqualsWhole(() => new UserEventAccumulator(), (a, r) => a.Add(r),
        (a, b) => a.Merge(b), a => a.GetResults().Select(SampleEvents.Describe));

    [Fact]
    public void EventStatistics() => MergeEqualsWhole(() => new EventStatisticsAccumulator(), (a, r) => a.Add(r),
        (a, b) => a.Merge(b), a => new[] { SampleEvents.Describe(a.GetResult()) });

    [Theory]
    [InlineData(TimeBucketKey.None)]
    [InlineData(TimeBucketKey.User)]
    [InlineData(TimeBucketKey.Event)]
    [InlineData(TimeBucketKey.Status)]
    public void TimeBuckets(TimeBucketKey by) => MergeEqualsWhole(() => new TimeBucketAccumulator(TimeSpan.FromMinutes(30), by),
        (a, r) => a.Add(r), (a, b) => a.Merge(b),
        a => a.GetResults().Select(SampleEvents.Describe).Append($"without timestamp {a.WithoutTimestamp}"));

    [Theory]
    [InlineData(null, null)]
    [InlineData(45, null)]
    [InlineData(45, 240)]
    public void Sessions(int? idleMinutes, int? maxMinutes) => MergeEqualsWhole(
        () => new SessionAccumulator(Minutes(idleMinutes), Minutes(maxMinutes)), (a, r) => a.Add(r), (a, b) => a.Merge(b),
        a => a.GetResults().Select(s => $"{s.User}|{s.SessionStart:o}|{s.SessionEnd:o}|{s.EventCount}")
            .Append($"without timestamp {a.WithoutTimestamp}"));

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, "Europe/Berlin")]
    public void KwhUsage(bool byMeter, string? zone) => MergeEqualsWhole(
        () => new KwhUsageAccumulator(new[] { KwhInterval.QuarterHour, KwhInterval.Hour, KwhInterval.Day }, byMeter,
            zone is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zone)),
        (a, r) => { if (r.Timestamp is DateTime t) { a.Add(t, Kwh(r), r.User); } },
        (a, b) => a.Merge(b),
        a => a.GetResults().Select(u => $"{u.Period:o}|{u.Interval}|{u.MeterId}|{u.Kwh:F9}|{u.Readings}"));

    [Fact]
    public void Sensors() => MergeEqualsWhole(() => new SensorAccumulator(), (a, r) => a.Add(r.User, Kwh(r) - 4),
        (a, b) => a.Merge(b),
        a => a.GetResults().Select(s => $"{s.SensorId}|{s.Count}|{s.Min}|{s.Max}|{s.Mean:F9}")
            .Append($"{a.Count}|{a.Min}|{a.Max}|{a.Sum:F9}"));

    // Users and skip reasons (the figures that are not sums of per-file counts); a record's status picks its reason.
    [Fact]
    public void ImportStatistics() => MergeEqualsWhole(() => new ImportStatisticsAccumulator(),
        (a, r) =>
        {
            if (r.Status == EventStatus.Fail)
            {
                a.AddSkipped(r.Timestamp is null ? SkipReason.InvalidTimestamp : SkipReason.UnknownStatus);
            }
            else
            {
                a.AddUser(r.User);
            }
        },
        (a, b) => a.Merge(b),
        a => new[] { $"{a.GetResult().UniqueUsers}|{a.GetResult().SkippedByReason}" });

    private static TimeSpan? Minutes(int? minutes) => minutes is int m ? TimeSpan.FromMinutes(m) : null;

    // A reading value that is exact in binary, so sums agree in any order.
    private static double Kwh(EventRecord record) => (record.Line % 17) * 0.25;

    private static void MergeEqualsWhole<T>(Func<T> create, Action<T, EventRecord> add, Action<T, T> merge,
        Func<T, IEnumerable<string>> describe)
    {
        GenSplit.Sample(split =>
        {
            T whole = create();
            T[] parts = Enumerable.Range(0, split.Parts).Select(_ => create()).ToArray();
            foreach (var (record, part) in split.Rows)
            {
                add(whole, record);
                add(parts[part], record);
            }

            int[] order = Enumerable.Range(0, split.Parts).ToArray();
            new Random(split.Seed).Shuffle(order);
            T merged = parts[order[0]];
            foreach (int next in order.Skip(1))
            {
                merge(merged, parts[next]);
            }

            Assert.Equal(describe(whole).ToArray(), describe(merged).ToArray());
        }, iter: Iterations);
    }

    private sealed record Split(List<(EventRecord Record, int Part)> Rows, int Parts, int Seed);
}
