using System.Globalization;
using Aggregator.Energy;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>
/// KwhUsageAccumulator: sums per period, zero-filling, per meter, From/To, several intervals, time zones, Merge, the
/// compensated sum; and kWh files read through the shared readers.
/// </summary>
public class KwhUsageAccumulatorTests
{
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    private static readonly KwhInterval[] Hour = { KwhInterval.Hour };

    private static KwhUsageAccumulator Feed(KwhUsageAccumulator accumulator, IEnumerable<(DateTime Utc, double Kwh, string? Meter)> readings)
    {
        foreach (var (utc, kwh, meter) in readings)
        {
            accumulator.Add(utc, kwh, meter);
        }

        return accumulator;
    }

    private static KwhUsageAccumulator Feed(KwhUsageAccumulator accumulator, params (DateTime Utc, double Kwh)[] readings) =>
        Feed(accumulator, readings.Select(r => (r.Utc, r.Kwh, (string?)null)));

    private static string Describe(KwhUsage usage) =>
        $"{usage.Period:yyyy-MM-ddTHH:mmzzz}|{usage.Interval}|{usage.MeterId}|{usage.Kwh.ToString("R", CultureInfo.InvariantCulture)}|{usage.Readings}";

    private static string[] Describe(KwhUsageAccumulator accumulator) => accumulator.GetResults().Select(Describe).ToArray();

    private static (KwhUsageAccumulator Accumulator, List<SkippedRecord> Skipped, FileImportStatistics Statistics) ReadText(
        string text, string name, KwhUsageAccumulator? accumulator = null, FieldMap? fields = null)
    {
        accumulator ??= new KwhUsageAccumulator(Hour, byMeter: true);
        var skipped = new List<SkippedRecord>();
        using var stream = new MemoryStream(Read.Utf8NoBom.GetBytes(text));
        FileImportStatistics statistics = EventFileReader.ReadStream(stream, name,
            new EventReadOptions { Fields = fields ?? FieldMap.ForKwh() }, new AccumulatingSink(accumulator, skipped.Add, statistics: null));
        return (accumulator, skipped, statistics);
    }

    [Fact]
    public void SumsTheReadingsOfEachPeriod()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Hour),
            (Utc.At(2024, 6, 1, 10, 0), 1.25), (Utc.At(2024, 6, 1, 10, 15), 2.5), (Utc.At(2024, 6, 1, 10, 30), 0.75),
            (Utc.At(2024, 6, 1, 10, 59, 59), 0.5), (Utc.At(2024, 6, 1, 11, 0), 4));

        Assert.Equal(new[] { "2024-06-01T10:00+00:00|Hour||5|4", "2024-06-01T11:00+00:00|Hour||4|1" }, Describe(accumulator));
        Assert.Equal(5, accumulator.Readings);
        Assert.Equal(0, accumulator.OutsideRange);
    }

    [Fact]
    public void DuplicateAndOverlappingTimestamps_AreAllSummed()
    {
        // Two readings with the same time, and readings off the quarter-hour grid inside the same quarter.
        var accumulator = Feed(new KwhUsageAccumulator(new[] { KwhInterval.QuarterHour }),
            (Utc.At(2024, 6, 1, 10, 0), 1), (Utc.At(2024, 6, 1, 10, 0), 1), (Utc.At(2024, 6, 1, 10, 7), 0.5),
            (Utc.At(2024, 6, 1, 10, 14, 59), 0.25), (Utc.At(2024, 6, 1, 10, 15), 2), (Utc.At(2024, 6, 1, 10, 15), 2));

        Assert.Equal(new[] { "2024-06-01T10:00+00:00|QuarterHour||2.75|4", "2024-06-01T10:15+00:00|QuarterHour||4|2" },
            Describe(accumulator));
    }

    [Fact]
    public void PeriodsWithoutReadings_BetweenTheFirstAndLast_AreZeroRows()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Hour), (Utc.At(2024, 6, 1, 11), 3), (Utc.At(2024, 6, 1, 8, 30), 2));

        Assert.Equal(
            new[]
            {
                "2024-06-01T08:00+00:00|Hour||2|1",
                "2024-06-01T09:00+00:00|Hour||0|0",
                "2024-06-01T10:00+00:00|Hour||0|0",
                "2024-06-01T11:00+00:00|Hour||3|1",
            },
            Describe(accumulator));
    }

    [Fact]
    public void NoReadings_NoRows()
    {
        Assert.Empty(new KwhUsageAccumulator(Hour).GetResults());
        Assert.Empty(new KwhUsageAccumulator(Hour, byMeter: true).GetResults());
    }

    [Fact]
    public void ByMeter_GivesEveryMeterARowForEveryPeriod_OrderedByPeriodThenMeter()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Hour, byMeter: true), new (DateTime, double, string?)[]
        {
            (Utc.At(2024, 6, 1, 10), 1, "m-b"),
            (Utc.At(2024, 6, 1, 8), 2, "m-a"),
            (Utc.At(2024, 6, 1, 10, 30), 0.5, "m-b"),
            (Utc.At(2024, 6, 1, 8), 4, "M-c"),   // ordinal: upper case sorts first
        });

        Assert.Equal(
            new[]
            {
                "2024-06-01T08:00+00:00|Hour|M-c|4|1",
                "2024-06-01T08:00+00:00|Hour|m-a|2|1",
                "2024-06-01T08:00+00:00|Hour|m-b|0|0",
                "2024-06-01T09:00+00:00|Hour|M-c|0|0",
                "2024-06-01T09:00+00:00|Hour|m-a|0|0",
                "2024-06-01T09:00+00:00|Hour|m-b|0|0",
                "2024-06-01T10:00+00:00|Hour|M-c|0|0",
                "2024-06-01T10:00+00:00|Hour|m-a|0|0",
                "2024-06-01T10:00+00:00|Hour|m-b|1.5|2",
            },
            Describe(accumulator));
    }

    [Fact]
    public void WithoutByMeter_MetersAreAddedTogether()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Hour), new (DateTime, double, string?)[]
        {
            (Utc.At(2024, 6, 1, 10), 1, "a"), (Utc.At(2024, 6, 1, 10), 2, "b"), (Utc.At(2024, 6, 1, 10), 4, null),
        });

        Assert.Equal(new[] { "2024-06-01T10:00+00:00|Hour||7|3" }, Describe(accumulator));
    }

    [Fact]
    public void FromAndTo_WidenTheRange_WithZeroRows()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Hour, from: Utc.At(2024, 6, 1, 6), to: Utc.At(2024, 6, 1, 12)),
            (Utc.At(2024, 6, 1, 8), 1), (Utc.At(2024, 6, 1, 9, 45), 2));

        Assert.Equal(
            new[]
            {
                "2024-06-01T06:00+00:00|Hour||0|0",
                "2024-06-01T07:00+00:00|Hour||0|0",
                "2024-06-01T08:00+00:00|Hour||1|1",
                "2024-06-01T09:00+00:00|Hour||2|1",
                "2024-06-01T10:00+00:00|Hour||0|0",
                "2024-06-01T11:00+00:00|Hour||0|0",   // To is exclusive: 12:00 is not a row
            },
            Describe(accumulator));
    }

    [Fact]
    public void FromAndTo_WithoutAnyReading_GiveZeroRowsOverTheRange()
    {
        var accumulator = new KwhUsageAccumulator(Hour, from: Utc.At(2024, 6, 1, 6), to: Utc.At(2024, 6, 1, 9));

        Assert.Equal(new[] { "2024-06-01T06:00+00:00|Hour||0|0", "2024-06-01T07:00+00:00|Hour||0|0", "2024-06-01T08:00+00:00|Hour||0|0" },
            Describe(accumulator));
    }

    [Fact]
    public void FromAndTo_ClipTheRange_AndCountWhatIsLeftOut()
    {
        DateTime from = Utc.At(2024, 6, 1, 9), to = Utc.At(2024, 6, 1, 10);
        var accumulator = Feed(new KwhUsageAccumulator(Hour, from: from, to: to),
            (from.AddTicks(-1), 100), (from, 1), (Utc.At(2024, 6, 1, 9, 59, 59), 2), (to.AddTicks(-1), 4), (to, 200),
            (Utc.At(2024, 5, 1), 300), (Utc.At(2024, 7, 1), 400));

        Assert.Equal(new[] { "2024-06-01T09:00+00:00|Hour||7|3" }, Describe(accumulator));
        Assert.Equal(3, accumulator.Readings);
        Assert.Equal(4, accumulator.OutsideRange);
    }

    [Fact]
    public void From_InsideAPeriod_StartsWithThatPeriod_AndLeavesOutItsEarlierReadings()
    {
        var accumulator = Feed(new KwhUsageAccumulator(Hour, from: Utc.At(2024, 6, 1, 9, 30)),
            (Utc.At(2024, 6, 1, 9, 10), 8), (Utc.At(2024, 6, 1, 9, 40), 1), (Utc.At(2024, 6, 1, 11), 2));

        Assert.Equal(new[] { "2024-06-01T09:00+00:00|Hour||1|1", "2024-06-01T10:00+00:00|Hour||0|0", "2024-06-01T11:00+00:00|Hour||2|1" },
            Describe(accumulator));
        Assert.Equal(1, accumulator.OutsideRange);
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new KwhUsageAccumulator(Array.Empty<KwhInterval>()));
        Assert.Throws<ArgumentException>(() => new KwhUsageAccumulator(Hour, from: Utc.At(2024, 6, 2), to: Utc.At(2024, 6, 1)));
        Assert.Throws<ArgumentException>(() => new KwhUsageAccumulator(Hour, from: Utc.At(2024, 6, 1), to: Utc.At(2024, 6, 1)));

        var accumulator = new KwhUsageAccumulator(Hour);
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add(Utc.At(2024, 6, 1), -0.5, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add(Utc.At(2024, 6, 1), double.NaN, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add(Utc.At(2024, 6, 1), double.PositiveInfinity, null));
        Assert.Equal(0, accumulator.Readings);
    }

    [Fact]
    public void SeveralIntervals_FromOnePass_ComeOutGroupedInTheOrderGiven()
    {
        var readings = new[] { (Utc.At(2024, 6, 1, 23, 30), 1.0), (Utc.At(2024, 6, 2, 0, 10), 2.0), (Utc.At(2024, 6, 2, 1, 0), 4.0) };
        var hourThenDay = Feed(new KwhUsageAccumulator(new[] { KwhInterval.Hour, KwhInterval.Day, KwhInterval.Hour }), readings);
        var dayThenHour = Feed(new KwhUsageAccumulator(new[] { KwhInterval.Day, KwhInterval.Hour }), readings);

        string[] hours = { "2024-06-01T23:00+00:00|Hour||1|1", "2024-06-02T00:00+00:00|Hour||2|1", "2024-06-02T01:00+00:00|Hour||4|1" };
        string[] days = { "2024-06-01T00:00+00:00|Day||1|1", "2024-06-02T00:00+00:00|Day||6|2" };
        Assert.Equal(new[] { KwhInterval.Hour, KwhInterval.Day }, hourThenDay.Intervals);
        Assert.Equal(hours.Concat(days), Describe(hourThenDay));
        Assert.Equal(days.Concat(hours), Describe(dayThenHour));
        Assert.Equal(3, hourThenDay.Readings);   // a reading counts once, however many intervals it is summed in
    }

    [Fact]
    public void InAZone_DailyTotalsAreTheSumOfTheirHours_OnDstDays()
    {
        // A reading every quarter hour through both 2024 DST weekends; the values are exact in binary.
        var readings = new List<(DateTime, double)>();
        foreach (DateTime start in new[] { Utc.At(2024, 3, 29, 22), Utc.At(2024, 10, 25, 21) })
        {
            for (int q = 0; q < 4 * 24 * 4; q++)
            {
                readings.Add((start.AddMinutes(15 * q), (q % 7) * 0.125 + 0.5));
            }
        }

        var accumulator = Feed(new KwhUsageAccumulator(new[] { KwhInterval.Hour, KwhInterval.Day }, zone: Madrid), readings.ToArray());
        IReadOnlyList<KwhUsage> results = accumulator.GetResults();
        var hours = results.Where(r => r.Interval == KwhInterval.Hour).ToList();
        var days = results.Where(r => r.Interval == KwhInterval.Day && r.Readings > 0).ToList();

        foreach (KwhUsage day in days)
        {
            var itsHours = hours.Where(h => h.Period.Date == day.Period.Date).ToList();
            Assert.Equal(day.Kwh, itsHours.Sum(h => h.Kwh));
            Assert.Equal(day.Readings, itsHours.Sum(h => h.Readings));
            Assert.Equal(TimeSpan.Zero, day.Period.TimeOfDay);
        }

        KwhUsage spring = days.Single(d => d.Period.Date == new DateTime(2024, 3, 31));
        KwhUsage fall = days.Single(d => d.Period.Date == new DateTime(2024, 10, 27));
        Assert.Equal(23 * 4, spring.Readings);
        Assert.Equal(25 * 4, fall.Readings);
        Assert.Equal(TimeSpan.FromHours(1), spring.Period.Offset);
        Assert.Equal(TimeSpan.FromHours(2), fall.Period.Offset);
        Assert.Equal(23, hours.Count(h => h.Period.Date == new DateTime(2024, 3, 31)));
        Assert.Equal(25, hours.Count(h => h.Period.Date == new DateTime(2024, 10, 27)));
        Assert.Equal(readings.Sum(r => r.Item2), days.Sum(d => d.Kwh));
    }

    [Fact]
    public void Merge_OfTwoPartials_EqualsOneAccumulatorFedEverything()
    {
        var rng = new Random(11);
        string[] meters = { "m1", "m2", "m3", "m4" };
        var readings = Enumerable.Range(0, 3000)
            .Select(_ => (Utc.At(2024, 3, 29).AddMinutes(rng.Next(4 * 24 * 60)), rng.Next(1, 5000) / 1000.0, (string?)meters[rng.Next(meters.Length)]))
            .ToList();
        readings[0] = (readings[0].Item1, readings[0].Item2, "m1");
        readings[^1] = (readings[^1].Item1, readings[^1].Item2, "m4");
        KwhUsageAccumulator Create() => new(new[] { KwhInterval.QuarterHour, KwhInterval.Day }, byMeter: true, zone: Madrid);

        KwhUsageAccumulator whole = Feed(Create(), readings);
        // The second part goes in backwards, so the two intern the meters in different orders.
        KwhUsageAccumulator merged = Feed(Create(), readings.Take(1200));
        KwhUsageAccumulator second = Feed(Create(), readings.Skip(1200).Reverse());
        Assert.NotEqual(merged.Symbols.Users[0], second.Symbols.Users[0]);
        merged.Merge(second);

        Assert.Equal(Describe(whole), Describe(merged));
        Assert.Equal(whole.Readings, merged.Readings);

        // Merging into an empty accumulator gives the same again.
        KwhUsageAccumulator empty = Create();
        empty.Merge(whole);
        Assert.Equal(Describe(whole), Describe(empty));
    }

    [Fact]
    public void Merge_KeepsTheOutsideRangeCount_AndTheMetersOfEveryPart()
    {
        DateTime from = Utc.At(2024, 6, 1, 9), to = Utc.At(2024, 6, 1, 12);
        KwhUsageAccumulator Create() => new(Hour, byMeter: true, from: from, to: to);
        var first = new (DateTime, double, string?)[] { (Utc.At(2024, 6, 1, 9), 1, "a"), (Utc.At(2024, 6, 1, 8), 5, "a") };
        var second = new (DateTime, double, string?)[] { (Utc.At(2024, 6, 1, 11), 2, "b"), (Utc.At(2024, 6, 1, 13), 5, "late") };

        KwhUsageAccumulator whole = Feed(Create(), first.Concat(second));
        KwhUsageAccumulator merged = Feed(Create(), first);
        merged.Merge(Feed(Create(), second));

        Assert.Equal(2, merged.OutsideRange);
        Assert.Equal(2, merged.Readings);
        // "late" has no reading inside the range; whichever way the readings arrived, it is listed the same way.
        Assert.Equal(Describe(whole), Describe(merged));
    }

    [Fact]
    public void Merge_OfDifferentSettings_IsRejected()
    {
        var hour = new KwhUsageAccumulator(Hour);
        Assert.Throws<ArgumentException>(() => hour.Merge(new KwhUsageAccumulator(new[] { KwhInterval.Day })));
        Assert.Throws<ArgumentException>(() => hour.Merge(new KwhUsageAccumulator(Hour, byMeter: true)));
        Assert.Throws<ArgumentException>(() => hour.Merge(new KwhUsageAccumulator(Hour, zone: Madrid)));
        Assert.Throws<ArgumentException>(() => hour.Merge(new KwhUsageAccumulator(Hour, from: Utc.At(2024, 1, 1))));
        Assert.Throws<ArgumentException>(() => hour.Merge(new KwhUsageAccumulator(Hour, to: Utc.At(2024, 1, 1))));
        Assert.Throws<ArgumentException>(() =>
            new KwhUsageAccumulator(new[] { KwhInterval.Hour, KwhInterval.Day }).Merge(new KwhUsageAccumulator(new[] { KwhInterval.Day, KwhInterval.Hour })));
    }

    [Theory]
    [InlineData(0.187, 33)]
    [InlineData(0.033, 187)]
    public void CompensatedSum_GivesTheDecimalLookingTotal(double reading, int count)
    {
        // Plain left-to-right addition drifts (0.187 x 33 gives 6.171000000000002); the accumulator's sum does not.
        double naive = 0;
        for (int i = 0; i < count; i++)
        {
            naive += reading;
        }

        Assert.NotEqual(6.171, naive);
        var readings = Enumerable.Range(0, count).Select(i => (Utc.At(2024, 6, 1, 10).AddSeconds(i), reading)).ToArray();
        KwhUsage usage = Assert.Single(Feed(new KwhUsageAccumulator(Hour), readings).GetResults());
        Assert.Equal(6.171, usage.Kwh);
        Assert.Equal(count, usage.Readings);

        // Merged from two parts, too.
        var merged = Feed(new KwhUsageAccumulator(Hour), readings.Take(count / 3).ToArray());
        merged.Merge(Feed(new KwhUsageAccumulator(Hour), readings.Skip(count / 3).ToArray()));
        Assert.Equal(6.171, Assert.Single(merged.GetResults()).Kwh);
    }

    [Fact]
    public void CompensatedSum_OfManyThreeDecimalReadings_IsTheDecimalSum_InAnyOrder()
    {
        var rng = new Random(5);
        decimal[] values = Enumerable.Range(0, 5000).Select(_ => rng.Next(1, 100000) / 1000m).ToArray();
        double expected = (double)values.Sum();
        var readings = values.Select((v, i) => (Utc.At(2024, 6, 1, 10).AddMilliseconds(i), (double)v)).ToArray();
        double naive = 0;
        foreach (var (_, kwh) in readings)
        {
            naive += kwh;
        }

        Assert.NotEqual(expected, naive);
        Assert.Equal(expected, Assert.Single(Feed(new KwhUsageAccumulator(Hour), readings).GetResults()).Kwh);
        Assert.Equal(expected, Assert.Single(Feed(new KwhUsageAccumulator(Hour), readings.Reverse().ToArray()).GetResults()).Kwh);
        Assert.Equal(expected, Assert.Single(Feed(new KwhUsageAccumulator(Hour), readings.OrderBy(r => r.Item2).ToArray()).GetResults()).Kwh);
    }

    [Fact]
    public void JsonLines_WithEveryKwhAndMeterAlias()
    {
        var (accumulator, skipped, statistics) = ReadText(
            """
            {"timestamp": "2024-06-01T10:00:00Z", "kWh_value": 1.5, "meter_id": "m1"}
            {"time": "2024-06-01T10:15:00Z", "kwh": "0.25", "source_id": "m2"}
            {"datetime": "2024-06-01T10:30:00Z", "value": 2, "meterId": "m1"}
            {"@timestamp": "2024-06-01T11:00:00Z", "KWH_VALUE": 4, "METER": "m2"}
            {"timestamp": "2024-06-01T11:15:00Z", "value": 100, "kWh_value": 1, "source_id": "loser", "meter_id": "m1"}
            {"timestamp": 1717243200, "kwh": 0.5, "meter_id": 7}
            {"timestamp": "2024-06-01T12:00:00Z", "kwh": 0.125}
            """, "meters.jsonl");

        Assert.Empty(skipped);
        Assert.Equal(7, statistics.ValidRecords);
        Assert.Equal(InputFormat.JsonLines, statistics.Format);
        Assert.Equal(
            new[]
            {
                "2024-06-01T10:00+00:00|Hour||0|0",
                "2024-06-01T10:00+00:00|Hour|7|0|0",
                "2024-06-01T10:00+00:00|Hour|m1|3.5|2",
                "2024-06-01T10:00+00:00|Hour|m2|0.25|1",
                "2024-06-01T11:00+00:00|Hour||0|0",
                "2024-06-01T11:00+00:00|Hour|7|0|0",
                "2024-06-01T11:00+00:00|Hour|m1|1|1",
                "2024-06-01T11:00+00:00|Hour|m2|4|1",
                "2024-06-01T12:00+00:00|Hour||0.125|1",
                "2024-06-01T12:00+00:00|Hour|7|0.5|1",
                "2024-06-01T12:00+00:00|Hour|m1|0|0",
                "2024-06-01T12:00+00:00|Hour|m2|0|0",
            },
            Describe(accumulator));
    }

    [Fact]
    public void JsonArray_AndCsv_GiveTheSameSums()
    {
        string json = """
            [
              {"timestamp": "2024-06-01T10:00:00Z", "kWh_value": 1.5, "meter_id": "m1"},
              {"timestamp": "2024-06-01T10:20:00Z", "kwh": 0.75, "meter_id": "m2"},
              {"timestamp": "2024-06-01T11:05:00Z", "value": 2.25, "source_id": "m1"}
            ]
            """;
        string csv = "Timestamp,kWh_Value,Meter_ID\n2024-06-01T10:00:00Z,1.5,m1\n2024-06-01T10:20:00Z,0.75,m2\n2024-06-01T11:05:00Z,2.25,m1\n";
        string aliasCsv = "source_id,value,time\nm1,1.5,2024-06-01T10:00:00Z\nm2,0.75,2024-06-01T10:20:00Z\nm1,2.25,2024-06-01T11:05:00Z\n";
        string[] expected =
        {
            "2024-06-01T10:00+00:00|Hour|m1|1.5|1", "2024-06-01T10:00+00:00|Hour|m2|0.75|1",
            "2024-06-01T11:00+00:00|Hour|m1|2.25|1", "2024-06-01T11:00+00:00|Hour|m2|0|0",
        };

        var fromJson = ReadText(json, "meters.json");
        var fromCsv = ReadText(csv, "meters.csv");
        var fromAliasCsv = ReadText(aliasCsv, "meters.csv");

        Assert.Equal(InputFormat.Json, fromJson.Statistics.Format);
        Assert.Equal(InputFormat.Csv, fromCsv.Statistics.Format);
        Assert.Equal(expected, Describe(fromJson.Accumulator));
        Assert.Equal(expected, Describe(fromCsv.Accumulator));
        Assert.Equal(expected, Describe(fromAliasCsv.Accumulator));
        Assert.All(new[] { fromJson, fromCsv, fromAliasCsv }, r => Assert.Empty(r.Skipped));
    }

    [Fact]
    public void ReadingAFile_ThroughReadFile()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("meters.jsonl", "{\"timestamp\":\"2024-06-01T10:00:00Z\",\"kwh\":1}\n{\"timestamp\":\"2024-06-01T10:30:00Z\",\"kwh\":2}\n");
        var accumulator = new KwhUsageAccumulator(Hour);

        FileImportStatistics statistics = EventFileReader.ReadFile(path, new EventReadOptions { Fields = FieldMap.ForKwh() },
            new AccumulatingSink(accumulator, _ => Assert.Fail("no skips"), statistics: null));

        Assert.Null(statistics.Error);
        Assert.Equal(2, statistics.ValidRecords);
        Assert.Equal(new[] { "2024-06-01T10:00+00:00|Hour||3|2" }, Describe(accumulator));
    }

    [Fact]
    public void CustomFieldNames()
    {
        var (accumulator, skipped, _) = ReadText("{\"at\": \"2024-06-01T10:00:00Z\", \"reading\": {\"kwh\": 2}, \"site\": \"s1\", \"kwh\": 99}\n",
            "custom.jsonl", fields: FieldMap.ForKwh(new[] { "at" }, new[] { "reading.kwh" }, new[] { "site" }));

        Assert.Empty(skipped);
        Assert.Equal(new[] { "2024-06-01T10:00+00:00|Hour|s1|2|1" }, Describe(accumulator));
    }

    [Fact]
    public void BadReadings_AreSkippedWithTheirReason_AndTheCountsAddUp()
    {
        var (accumulator, skipped, statistics) = ReadText(
            """
            {"timestamp": "2024-06-01T10:00:00Z", "kwh": 1, "meter_id": "m1"}
            {"timestamp": "2024-06-01T10:15:00Z", "kwh": -1.5, "meter_id": "m1"}
            {"timestamp": "2024-06-01T10:15:00Z", "kwh": "NaN", "meter_id": "m1"}
            {"timestamp": "2024-06-01T10:15:00Z", "kwh": "Infinity", "meter_id": "m1"}
            {"timestamp": "2024-06-01T10:15:00Z", "kwh": "abc", "meter_id": "m1"}
            {"timestamp": "2024-06-01T10:15:00Z", "meter_id": "m1"}
            {"timestamp": "2024-06-01T10:15:00Z", "kwh": null, "meter_id": "m1"}
            {"timestamp": "2024-06-01T10:15:00Z", "kwh": "", "meter_id": "m1"}
            {"kwh": 2, "meter_id": "m1"}
            {"timestamp": "yesterday", "kwh": 2, "meter_id": "m1"}
            {"timestamp": "2024-06-01T10:15:00Z", "kwh": {"v": 1}, "meter_id": "m1"}
            {"timestamp": "2024-06-01T10:30:00Z", "kwh": "0.5", "meter_id": "m1"}
            {"timestamp": "2024-06-01T10:45:00Z", "kwh": 0, "meter_id": "m1"}
            """, "bad.jsonl");

        Assert.Equal(
            new[]
            {
                "2:InvalidValue", "3:InvalidValue", "4:InvalidValue", "5:InvalidValue", "6:MissingField", "7:MissingField",
                "8:MissingField", "9:MissingField", "10:InvalidTimestamp", "11:InvalidField",
            },
            skipped.Select(s => $"{s.Line}:{s.Reason}"));
        Assert.Equal("The kWh value -1.5 is negative.", skipped[0].Message);
        Assert.Equal("The kWh value 'NaN' is not a finite number.", skipped[1].Message);
        Assert.Equal("The kWh value 'abc' is not a finite number.", skipped[3].Message);
        Assert.Contains("no kWh value", skipped[4].Message);
        Assert.Contains("no timestamp", skipped[7].Message);
        Assert.Equal("'yesterday' is not a valid timestamp.", skipped[8].Message);
        Assert.Equal("abc", skipped[3].Value);
        Assert.Equal("m1", skipped[3].User);

        Assert.Equal(13, statistics.TotalRecords);
        Assert.Equal(3, statistics.ValidRecords);
        Assert.Equal(10, statistics.SkippedRecords);
        Assert.Equal(statistics.TotalRecords, statistics.ValidRecords + statistics.SkippedRecords);
        Assert.Equal(statistics.ValidRecords, accumulator.Readings);
        Assert.Equal(new[] { "2024-06-01T10:00+00:00|Hour|m1|1.5|3" }, Describe(accumulator));
    }

    [Fact]
    public void BadCsvReadings_AreSkippedWithTheirReason()
    {
        var (accumulator, skipped, statistics) = ReadText(
            "timestamp,kwh,meter_id\n" +
            "2024-06-01T10:00:00Z,1,m1\n" +
            "2024-06-01T10:00:00Z,-0.5,m1\n" +
            "2024-06-01T10:00:00Z,NaN,m1\n" +
            "2024-06-01T10:00:00Z,abc,m1\n" +
            "2024-06-01T10:00:00Z,,m1\n" +
            ",2,m1\n" +
            "soon,2,m1\n" +
            "2024-06-01T10:00:00Z,2\n",
            "bad.csv");

        Assert.Equal(new[] { "3:InvalidValue", "4:InvalidValue", "5:InvalidValue", "6:MissingField", "7:MissingField", "8:InvalidTimestamp" },
            skipped.Select(s => $"{s.Line}:{s.Reason}"));
        Assert.Equal(new[]
            {
                "The kWh value -0.5 is negative.", "The kWh value 'NaN' is not a finite number.", "The kWh value 'abc' is not a finite number.",
                "The record has no kWh value (", "The record has no timestamp (", "'soon' is not a valid timestamp.",
            },
            skipped.Select(s => s.Message.EndsWith(").", StringComparison.Ordinal) ? s.Message[..(s.Message.IndexOf('(') + 1)] : s.Message));
        Assert.Equal(8, statistics.TotalRecords);
        Assert.Equal(2, statistics.ValidRecords);
        Assert.Equal(statistics.TotalRecords, statistics.ValidRecords + statistics.SkippedRecords);
        Assert.Null(statistics.Error);

        // A kWh CSV file does not need a meter column, so the row without one is valid and has no meter.
        Assert.Equal(new[] { "2024-06-01T10:00+00:00|Hour||2|1", "2024-06-01T10:00+00:00|Hour|m1|1|1" }, Describe(accumulator));
    }

    [Fact]
    public void KwhCsv_WithoutAValueColumn_SkipsEveryRow_ButIsNotAHeaderError()
    {
        var (_, skipped, statistics) = ReadText("timestamp,meter_id\n2024-06-01T10:00:00Z,m1\n", "novalue.csv");

        Assert.False(statistics.HeaderError);
        Assert.Null(statistics.Error);
        Assert.Equal(SkipReason.MissingField, Assert.Single(skipped).Reason);
    }
}
