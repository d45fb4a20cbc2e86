using Aggregator.Aggregation;

namespace Aggregator.Core.Tests;

public class EventStatisticsAccumulatorTests
{
    private static EventStatistics Measure(IEnumerable<EventRecord> records)
    {
        var accumulator = new EventStatisticsAccumulator();
        foreach (EventRecord record in records)
        {
            accumulator.Add(record);
        }

        return accumulator.GetResult();
    }

    [Fact]
    public void OverallFiguresOfTheSample()
    {
        EventStatistics statistics = Measure(SampleEvents.Records);

        Assert.Equal(5, statistics.Users);
        Assert.Equal(14, statistics.TotalEvents);
        Assert.Equal(8, statistics.Success);
        Assert.Equal(5, statistics.Fail);
        Assert.Equal(5.0 / 14.0, statistics.FailureRate, 12);
        Assert.Equal("download;login;logout;purchase;upload;view", statistics.EventTypes.ToString());
        Assert.Equal(Utc.At(2024, 6, 1, 8, 5, 12), statistics.FirstTimestamp);
        Assert.Equal(Utc.At(2024, 6, 1, 11, 45, 0), statistics.LastTimestamp);
        Assert.Equal(DateTimeKind.Utc, statistics.FirstTimestamp!.Value.Kind);
    }

    [Fact]
    public void FirstAndLastDoNotDependOnInputOrder()
    {
        EventStatistics statistics = Measure(SampleEvents.Records.Reverse());

        Assert.Equal(Utc.At(2024, 6, 1, 8, 5, 12), statistics.FirstTimestamp);
        Assert.Equal(Utc.At(2024, 6, 1, 11, 45, 0), statistics.LastTimestamp);
    }

    [Fact]
    public void WithoutTimestampsFirstAndLastAreNull()
    {
        EventStatistics statistics = Measure(new[]
        {
            new EventRecord("a", "x", EventStatus.Success, null, "s", 1),
            new EventRecord("b", "x", EventStatus.Fail, null, "s", 2),
        });

        Assert.Null(statistics.FirstTimestamp);
        Assert.Null(statistics.LastTimestamp);
        Assert.Equal(2, statistics.TotalEvents);
        Assert.Equal(0.5, statistics.FailureRate);
    }

    [Fact]
    public void SingleTimestampIsBothFirstAndLast()
    {
        EventStatistics statistics = Measure(new[]
        {
            new EventRecord("a", "x", EventStatus.Success, null, "s", 1),
            new EventRecord("a", "x", EventStatus.Success, Utc.At(2024, 7, 10, 10), "s", 2),
        });

        Assert.Equal(Utc.At(2024, 7, 10, 10), statistics.FirstTimestamp);
        Assert.Equal(Utc.At(2024, 7, 10, 10), statistics.LastTimestamp);
    }

    [Fact]
    public void LocalTimesAreComparedInUtc()
    {
        // Pipeline input can carry DateTime values of kind Local (Get-Date, [datetime] casts). The test run's local
        // zone is +05:30 (see core.runsettings), so local 12:00 is 06:30 UTC: earlier than 07:00 UTC.
        var local = new DateTime(2024, 7, 10, 12, 0, 0, DateTimeKind.Local);

        EventStatistics statistics = Measure(new[]
        {
            new EventRecord("a", "x", EventStatus.Success, Utc.At(2024, 7, 10, 7), "s", 1),
            new EventRecord("a", "x", EventStatus.Success, local, "s", 2),
        });

        Assert.Equal(local.ToUniversalTime(), statistics.FirstTimestamp);
        Assert.Equal(Utc.At(2024, 7, 10, 7), statistics.LastTimestamp);
    }

    [Fact]
    public void EmptyInput()
    {
        EventStatistics statistics = new EventStatisticsAccumulator().GetResult();

        Assert.Equal((0L, 0L, 0L, 0L), (statistics.Users, statistics.TotalEvents, statistics.Success, statistics.Fail));
        Assert.Equal(0, statistics.FailureRate);
        Assert.Empty(statistics.EventTypes);
        Assert.Null(statistics.FirstTimestamp);
    }

    [Fact]
    public void ManyUsersAndEventTypes()
    {
        IReadOnlyList<EventRecord> records = SampleEvents.Generated();

        EventStatistics statistics = Measure(records);

        Assert.Equal(records.Select(r => r.User).Distinct().Count(), statistics.Users);
        Assert.Equal(records.Count, statistics.TotalEvents);
        Assert.Equal(records.Count(r => r.Status == EventStatus.Success), statistics.Success);
        Assert.Equal(records.Count(r => r.Status == EventStatus.Fail), statistics.Fail);
        Assert.Equal(130, statistics.EventTypes.Count);
        Assert.Equal(records.Select(r => r.Event).Distinct().OrderBy(e => e, StringComparer.Ordinal), statistics.EventTypes);
        Assert.Equal(records.Min(r => r.Timestamp), statistics.FirstTimestamp);
        Assert.Equal(records.Max(r => r.Timestamp), statistics.LastTimestamp);
    }

    [Fact]
    public void ReadingStraightIntoTheAccumulatorGivesTheSameResult()
    {
        foreach (IReadOnlyList<EventRecord> records in new[] { SampleEvents.Records, SampleEvents.Generated() })
        {
            var accumulator = new EventStatisticsAccumulator();

            SampleEvents.ReadInto(accumulator, records);

            Assert.Equal(SampleEvents.Describe(Measure(records)), SampleEvents.Describe(accumulator.GetResult()));
        }
    }
}
