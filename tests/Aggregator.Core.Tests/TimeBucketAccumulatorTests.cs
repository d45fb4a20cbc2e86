using Aggregator.Aggregation;

namespace Aggregator.Core.Tests;

public class TimeBucketAccumulatorTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static TimeBucketAccumulator Group(IEnumerable<EventRecord> records, TimeSpan interval, TimeBucketKey by = TimeBucketKey.None)
    {
        var accumulator = new TimeBucketAccumulator(interval, by);
        foreach (EventRecord record in records)
        {
            accumulator.Add(record);
        }

        return accumulator;
    }

    private static EventRecord At(DateTime? timestamp, EventStatus status = EventStatus.Success, string user = "u", string @event = "e") =>
        new(user, @event, status, timestamp, "s", 1);

    private static string[] Describe(TimeBucketAccumulator accumulator) => accumulator.GetResults().Select(SampleEvents.Describe).ToArray();

    [Fact]
    public void HourlyBucketsOfTheSample()
    {
        TimeBucketAccumulator accumulator = Group(SampleEvents.Records, Hour);

        Assert.Equal(
            new[]
            {
                "2024-06-01T08:00:00.0000000Z||5|3|2",
                "2024-06-01T09:00:00.0000000Z||3|2|1",
                "2024-06-01T10:00:00.0000000Z||3|0|2",
                "2024-06-01T11:00:00.0000000Z||2|2|0",
            },
            Describe(accumulator));
        Assert.Equal(1, accumulator.WithoutTimestamp);
        Assert.All(accumulator.GetResults(), b => Assert.IsNotType<KeyedEventTimeBucket>(b));
    }

    [Fact]
    public void RecordsWithoutTimestampAreLeftOutAndCounted()
    {
        TimeBucketAccumulator accumulator = Group(new[] { At(null), At(Utc.At(2024, 6, 1, 8)), At(null) }, Hour);

        EventTimeBucket bucket = Assert.Single(accumulator.GetResults());
        Assert.Equal(1, bucket.TotalEvents);
        Assert.Equal(2, accumulator.WithoutTimestamp);
    }

    [Fact]
    public void HourBoundariesBelongToTheLaterHour()
    {
        DateTime ten = Utc.At(2024, 6, 1, 10);

        TimeBucketAccumulator accumulator = Group(new[] { At(ten.AddTicks(-1)), At(ten), At(ten.AddHours(1).AddTicks(-1)), At(ten.AddHours(1)) }, Hour);

        Assert.Equal(
            new[] { "2024-06-01T09:00:00.0000000Z||1|1|0", "2024-06-01T10:00:00.0000000Z||2|2|0", "2024-06-01T11:00:00.0000000Z||1|1|0" },
            Describe(accumulator));
    }

    [Fact]
    public void BucketsAreSortedWhateverTheInputOrder()
    {
        TimeBucketAccumulator accumulator = Group(new[]
        {
            At(Utc.At(2024, 6, 1, 11, 30)),
            At(Utc.At(2024, 5, 31, 23, 59)),
            At(Utc.At(2024, 6, 1, 0, 1)),
            At(Utc.At(2024, 6, 1, 11, 0)),
            At(Utc.At(2023, 12, 31, 23, 0)),
        }, Hour);

        Assert.Equal(
            new[] { Utc.At(2023, 12, 31, 23), Utc.At(2024, 5, 31, 23), Utc.At(2024, 6, 1, 0), Utc.At(2024, 6, 1, 11) },
            accumulator.GetResults().Select(b => b.Start));
        Assert.All(accumulator.GetResults(), b => Assert.Equal(DateTimeKind.Utc, b.Start.Kind));
    }

    [Fact]
    public void FiveMinuteBuckets()
    {
        TimeBucketAccumulator accumulator = Group(new[]
        {
            At(Utc.At(2024, 6, 1, 10, 0, 0)),
            At(Utc.At(2024, 6, 1, 10, 4, 59), EventStatus.Fail),
            At(Utc.At(2024, 6, 1, 10, 5, 0)),
            At(Utc.At(2024, 6, 1, 10, 9, 59), EventStatus.None),
            At(Utc.At(2024, 6, 1, 10, 17, 30)),
        }, TimeSpan.FromMinutes(5));

        Assert.Equal(
            new[]
            {
                "2024-06-01T10:00:00.0000000Z||2|1|1",
                "2024-06-01T10:05:00.0000000Z||2|1|0",
                "2024-06-01T10:15:00.0000000Z||1|1|0",
            },
            Describe(accumulator));
    }

    [Fact]
    public void DailyBucketsStartAtMidnightUtc()
    {
        TimeBucketAccumulator accumulator = Group(new[]
        {
            At(Utc.At(2024, 6, 1, 0, 0)),
            At(Utc.At(2024, 6, 1, 23, 59, 59)),
            At(Utc.At(2024, 6, 2, 0, 0)),
            At(Utc.At(2024, 6, 3, 12, 0), EventStatus.Fail),
        }, TimeSpan.FromDays(1));

        Assert.Equal(
            new[]
            {
                "2024-06-01T00:00:00.0000000Z||2|2|0",
                "2024-06-02T00:00:00.0000000Z||1|1|0",
                "2024-06-03T00:00:00.0000000Z||1|0|1",
            },
            Describe(accumulator));
    }

    [Fact]
    public void DailyBucketsOfTheSample()
    {
        // 13 of 14 records have a timestamp; the one without is a success.
        Assert.Equal(new[] { "2024-06-01T00:00:00.0000000Z||13|7|5" }, Describe(Group(SampleEvents.Records, TimeSpan.FromDays(1))));
    }

    [Fact]
    public void OffsetTimestampsAreBucketedByTheirUtcTime()
    {
        // 01:00 at +02:00 is 23:00 UTC the day before.
        ReadResult read = Read.Text("""{"user":"u","event":"e","timestamp":"2024-06-02T01:00:00+02:00"}""");

        TimeBucketAccumulator accumulator = Group(read.Records, TimeSpan.FromDays(1));

        Assert.Equal(Utc.At(2024, 6, 1), Assert.Single(accumulator.GetResults()).Start);
    }

    [Fact]
    public void LocalTimesAreBucketedByTheirUtcTime()
    {
        // The test run's local zone is +05:30 (see core.runsettings): local 12:10 is 06:40 UTC.
        var local = new DateTime(2024, 7, 10, 12, 10, 0, DateTimeKind.Local);

        TimeBucketAccumulator accumulator = Group(new[] { At(local) }, Hour);

        DateTime utc = local.ToUniversalTime();
        Assert.Equal(new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc), Assert.Single(accumulator.GetResults()).Start);
    }

    [Fact]
    public void TimesBeforeTheUnixEpochRoundDown()
    {
        TimeBucketAccumulator accumulator = Group(new[] { At(Utc.At(1969, 12, 31, 23, 30)), At(Utc.At(1970, 1, 1, 0, 30)) }, Hour);

        Assert.Equal(new[] { Utc.At(1969, 12, 31, 23), Utc.At(1970, 1, 1, 0) }, accumulator.GetResults().Select(b => b.Start));
    }

    [Fact]
    public void ByUserSplitsEachHourByUserInOrdinalOrder()
    {
        Assert.Equal(
            new[]
            {
                "2024-06-01T08:00:00.0000000Z|alice|2|2|0",
                "2024-06-01T08:00:00.0000000Z|bob|3|1|2",
                "2024-06-01T09:00:00.0000000Z|alice|1|0|1",
                "2024-06-01T09:00:00.0000000Z|carol|1|1|0",
                "2024-06-01T09:00:00.0000000Z|dave|1|1|0",
                "2024-06-01T10:00:00.0000000Z|carol|2|0|2",
                "2024-06-01T10:00:00.0000000Z|erin|1|0|0",
                "2024-06-01T11:00:00.0000000Z|alice|1|1|0",
                "2024-06-01T11:00:00.0000000Z|bob|1|1|0",
            },
            Describe(Group(SampleEvents.Records, Hour, TimeBucketKey.User)));
    }

    [Fact]
    public void ByEvent()
    {
        Assert.Equal(
            new[]
            {
                "2024-06-01T08:00:00.0000000Z|login|4|2|2",
                "2024-06-01T08:00:00.0000000Z|view|1|1|0",
                "2024-06-01T09:00:00.0000000Z|login|1|1|0",
                "2024-06-01T09:00:00.0000000Z|purchase|1|0|1",
                "2024-06-01T09:00:00.0000000Z|upload|1|1|0",
                "2024-06-01T10:00:00.0000000Z|download|2|0|2",
                "2024-06-01T10:00:00.0000000Z|login|1|0|0",
                "2024-06-01T11:00:00.0000000Z|logout|1|1|0",
                "2024-06-01T11:00:00.0000000Z|view|1|1|0",
            },
            Describe(Group(SampleEvents.Records, Hour, TimeBucketKey.Event)));
    }

    [Fact]
    public void ByStatus()
    {
        Assert.Equal(
            new[]
            {
                "2024-06-01T08:00:00.0000000Z|Fail|2|0|2",
                "2024-06-01T08:00:00.0000000Z|Success|3|3|0",
                "2024-06-01T09:00:00.0000000Z|Fail|1|0|1",
                "2024-06-01T09:00:00.0000000Z|Success|2|2|0",
                "2024-06-01T10:00:00.0000000Z|Fail|2|0|2",
                "2024-06-01T10:00:00.0000000Z|None|1|0|0",
                "2024-06-01T11:00:00.0000000Z|Success|2|2|0",
            },
            Describe(Group(SampleEvents.Records, Hour, TimeBucketKey.Status)));
    }

    [Fact]
    public void ManyBuckets()
    {
        IReadOnlyList<EventRecord> records = SampleEvents.Generated();

        TimeBucketAccumulator accumulator = Group(records, Hour, TimeBucketKey.User);

        string[] expected = ExpectedBuckets(records, Hour, r => r.User);
        Assert.True(expected.Length > 64, "more buckets than the accumulator's initial capacity");
        Assert.Equal(expected, Describe(accumulator));
        Assert.Equal(records.Count(r => r.Timestamp is null), accumulator.WithoutTimestamp);
    }

    [Theory]
    [InlineData(TimeBucketKey.None)]
    [InlineData(TimeBucketKey.User)]
    [InlineData(TimeBucketKey.Event)]
    [InlineData(TimeBucketKey.Status)]
    public void ReadingStraightIntoTheAccumulatorGivesTheSameResults(TimeBucketKey by)
    {
        IReadOnlyList<EventRecord> records = SampleEvents.Generated();
        var accumulator = new TimeBucketAccumulator(TimeSpan.FromMinutes(30), by);

        SampleEvents.ReadInto(accumulator, records);

        Assert.Equal(Describe(Group(records, TimeSpan.FromMinutes(30), by)), Describe(accumulator));
        Assert.Equal(records.Count(r => r.Timestamp is null), accumulator.WithoutTimestamp);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void IntervalMustBePositive(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeBucketAccumulator(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void BucketPrintsItsStart()
    {
        Assert.Equal("2024-06-01 08:00", new EventTimeBucket(Utc.At(2024, 6, 1, 8), 1, 1, 0).ToString());
        Assert.Equal("2024-06-01 08:00 alice", new KeyedEventTimeBucket(Utc.At(2024, 6, 1, 8), "alice", 1, 1, 0).ToString());
    }

    /// <summary>The buckets worked out with LINQ: floor each UTC time to the interval since the Unix epoch.</summary>
    internal static string[] ExpectedBuckets(IEnumerable<EventRecord> records, TimeSpan interval, Func<EventRecord, string>? key)
    {
        return records
            .Where(r => r.Timestamp is not null)
            .GroupBy(r => (Start: DateTime.UnixEpoch.AddTicks((r.Timestamp!.Value - DateTime.UnixEpoch).Ticks / interval.Ticks * interval.Ticks),
                Key: key?.Invoke(r)))
            .OrderBy(g => g.Key.Start)
            .ThenBy(g => g.Key.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key.Start:o}|{g.Key.Key}|{g.Count()}|{g.Count(r => r.Status == EventStatus.Success)}|{g.Count(r => r.Status == EventStatus.Fail)}")
            .ToArray();
    }

    [Fact]
    public void AnIntervalLongerThanTheMaximum_IsRefused_WithTheMaximumNamed()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TimeBucketAccumulator(TimeSpan.FromDays(3650000)));
        Assert.Contains(TimeBucketAccumulator.MaxInterval.ToString("c"), error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeBucketAccumulator(TimeBucketAccumulator.MaxInterval + TimeSpan.FromTicks(1)));
        Assert.Equal(TimeBucketAccumulator.MaxInterval, new TimeBucketAccumulator(TimeBucketAccumulator.MaxInterval).Interval);
    }

    [Theory]
    [InlineData(7)]        // 1970-01-01 is not a whole number of weeks after 0001-01-01
    [InlineData(3653)]     // the longest interval
    public void BucketsAtTheEdgesOfTheCalendar_StayInRange(int days)
    {
        DateTime first = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
        DateTime last = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);

        var results = Group(new[] { At(first), At(first.AddDays(1)), At(last) }, TimeSpan.FromDays(days)).GetResults();

        // The first bucket would start before 0001-01-01: it starts there instead, and keeps its records.
        Assert.Equal(first, results[0].Start);
        Assert.Equal(2, results[0].TotalEvents);
        Assert.True(results[^1].Start <= last && results[^1].Start > last.AddDays(-days));
        Assert.Equal(1, results[^1].TotalEvents);
    }
}
