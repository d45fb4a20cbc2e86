using System.Globalization;
using Aggregator.Energy;

namespace Aggregator.Core.Tests;

/// <summary>
/// The zero-fill of KwhUsageAccumulator is bounded: without both From and To, at most MaxFill of periods are filled
/// (the stretch with the most readings); periods with readings outside it are still rows, without zero rows between
/// them, and are reported, so no kWh vanish. The fill stops when cancelled.
/// </summary>
public class KwhFillLimitTests
{
    private static readonly KwhInterval[] Day = { KwhInterval.Day };

    private static KwhUsageAccumulator Feed(KwhUsageAccumulator accumulator, params (DateTime Utc, double Kwh, string Meter)[] readings)
    {
        foreach (var (utc, kwh, meter) in readings)
        {
            accumulator.Add(utc, kwh, meter);
        }

        return accumulator;
    }

    private static string Describe(KwhUsage usage) =>
        $"{usage.Period:yyyy-MM-dd}|{usage.MeterId}|{usage.Kwh.ToString("R", CultureInfo.InvariantCulture)}|{usage.Readings}";

    private static string Describe(KwhOutlier outlier) =>
        $"{outlier.Period:yyyy-MM-dd}|{outlier.MeterId}|{outlier.Kwh.ToString("R", CultureInfo.InvariantCulture)}|{outlier.Readings}|{outlier.FirstReading:yyyy-MM-ddTHH:mm:ssZ}";

    [Fact]
    public void ASentinelReadingAtTheYearOne_IsNotFilledTo_ButKeptAsItsOwnRow_AndReported()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Day, byMeter: true),
            (new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), 5, "m1"),
            (Utc.At(2024, 7, 1, 10), 1.5, "m1"), (Utc.At(2024, 7, 3, 10), 2, "m2"));

        string[] rows = accumulator.GetResults().Select(Describe).ToArray();

        Assert.Equal(new[]
        {
            "0001-01-01|m1|5|1",
            "2024-07-01|m1|1.5|1", "2024-07-01|m2|0|0",
            "2024-07-02|m1|0|0", "2024-07-02|m2|0|0",
            "2024-07-03|m1|0|0", "2024-07-03|m2|2|1",
        }, rows);
        KwhFillWindow window = Assert.Single(accumulator.GetFillWindows());
        Assert.Equal(KwhInterval.Day, window.Interval);
        Assert.Equal(new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero), window.First);
        Assert.Equal(new DateTimeOffset(2024, 7, 3, 0, 0, 0, TimeSpan.Zero), window.Last);
        Assert.Equal(new[] { "0001-01-01|m1|5|1|0001-01-01T00:00:00Z" }, window.Outside.Select(Describe));
    }

    [Fact]
    public void TheFilledStretch_IsTheOneWithTheMostReadings_SoASentinelInTheYear9999_IsLeftOutToo()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Day, maxFill: TimeSpan.FromDays(10)),
            (Utc.At(2020, 1, 1), 1, ""), (Utc.At(2020, 1, 2), 1, ""),
            (Utc.At(2024, 7, 1), 1, ""), (Utc.At(2024, 7, 3), 1, ""), (Utc.At(2024, 7, 10), 1, ""),
            (new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc), 7, ""));

        string[] rows = accumulator.GetResults().Select(Describe).ToArray();

        Assert.Equal(13, rows.Length);   // 2 rows before, 10 filled days, 1 row after
        Assert.Equal("2020-01-01||1|1", rows[0]);
        Assert.Equal("2020-01-02||1|1", rows[1]);
        Assert.Equal("2024-07-01||1|1", rows[2]);
        Assert.Equal("2024-07-10||1|1", rows[11]);
        Assert.Equal(7, rows.Count(r => r.EndsWith("|0|0", StringComparison.Ordinal)));
        Assert.Equal("9999-12-31||7|1", rows[^1]);
        Assert.Equal(accumulator.Readings, accumulator.GetResults().Sum(r => r.Readings));
        Assert.Equal(3, Assert.Single(accumulator.GetFillWindows()).Outside.Count);
    }

    [Fact]
    public void ReadingsWithinTheLimit_AreFilledAsBefore_AndNothingIsReported()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Day, maxFill: TimeSpan.FromDays(3)),
            (Utc.At(2024, 7, 1), 1, ""), (Utc.At(2024, 7, 3, 23, 59, 59), 1, ""));

        Assert.Equal(3, accumulator.GetResults().Count);
        Assert.Empty(Assert.Single(accumulator.GetFillWindows()).Outside);
    }

    [Fact]
    public void WithFromOnly_TheFillStartsAtFrom_AndEndsTheLimitLater()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Day, from: Utc.At(2024, 7, 1), maxFill: TimeSpan.FromDays(5)),
            (Utc.At(2024, 7, 2), 1, ""), (Utc.At(2024, 9, 1), 4, ""));

        Assert.Equal(new[]
        {
            "2024-07-01||0|0", "2024-07-02||1|1", "2024-07-03||0|0", "2024-07-04||0|0", "2024-07-05||0|0", "2024-09-01||4|1",
        }, accumulator.GetResults().Select(Describe));
    }

    [Fact]
    public void WithToOnly_TheFillEndsAtTo_AndStartsTheLimitEarlier()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Day, to: Utc.At(2024, 7, 6), maxFill: TimeSpan.FromDays(3)),
            (new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), 2, ""), (Utc.At(2024, 7, 4), 1, ""));

        Assert.Equal(new[] { "0001-01-01||2|1", "2024-07-03||0|0", "2024-07-04||1|1", "2024-07-05||0|0" },
            accumulator.GetResults().Select(Describe));
    }

    [Fact]
    public void WithFromAndTo_TheRangeAsked_IsFilledWhateverItsLength()
    {
        var accumulator = new KwhUsageAccumulator(Day, from: Utc.At(2020, 1, 1), to: Utc.At(2024, 1, 1), maxFill: TimeSpan.FromDays(10));

        Assert.Equal(1461, accumulator.GetResults().Count);
        Assert.Empty(Assert.Single(accumulator.GetFillWindows()).Outside);
    }

    [Fact]
    public void AMergedAccumulator_FillsTheSameStretch_AndKnowsTheEarliestReadingOfAnOutlier()
    {
        var first = Feed(new KwhUsageAccumulator(Day, byMeter: true), (new DateTime(1, 1, 1, 6, 0, 0, DateTimeKind.Utc), 1, "m1"));
        var second = Feed(new KwhUsageAccumulator(Day, byMeter: true),
            (new DateTime(1, 1, 1, 2, 0, 0, DateTimeKind.Utc), 1, "m1"), (Utc.At(2024, 7, 1), 1, "m1"), (Utc.At(2024, 7, 2), 1, "m1"));

        first.Merge(second);

        Assert.Equal(new[] { "0001-01-01|m1|2|2|0001-01-01T02:00:00Z" }, Assert.Single(first.GetFillWindows()).Outside.Select(Describe));
        Assert.Equal(3, first.GetResults().Count);
    }

    [Fact]
    public void AFillOfTheWholeCalendar_StopsWhenCancelled()
    {
        var accumulator = new KwhUsageAccumulator(new[] { KwhInterval.QuarterHour },
            from: new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), to: new DateTime(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => accumulator.GetResults(cancelled.Token));
    }

    [Fact]
    public void TheLimitMustBeAtLeastOneDay()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KwhUsageAccumulator(Day, maxFill: TimeSpan.FromHours(23)));
        Assert.Equal(TimeSpan.FromDays(400), new KwhUsageAccumulator(Day).MaxFill);
    }
}
