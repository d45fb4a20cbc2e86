using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Measure-KwhUsage: kWh sums per quarter hour, hour or day, zero-filled, optionally per meter and in a time zone.
/// samples/electro/readings.json is the Electro example: 62 readings from 2024-07-01T00:05Z to 2024-07-03T05:50Z, none
/// on 2024-07-02 nor in the hour 2024-07-01T03; line 12 has a negative value (-0.4) and line 22 the timestamp
/// 2024-07-01T25:00:00Z; the last reading names its meter with source_id (m3), the others with meter_id (m1, m2).
/// The expected sums are worked out here from the JSON itself (<see cref="ElectroSample"/>), not taken from the module.
/// </summary>
public sealed class KwhUsageTests : IDisposable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string ReadingsJson => Path.Combine(RepoPaths.Samples, "electro", "readings.json");

    /// <summary>"2024-07-01T00:00+00:00 Hour m1 0.685 2" from a KwhUsage.</summary>
    private static string Row(PSObject u) =>
        $"{Period(u).ToString("yyyy-MM-dd'T'HH:mmzzz", Invariant)} {u.Prop("Interval")} {u.Prop("MeterId")} " +
        $"{u.Prop<double>("Kwh").ToString("R", Invariant)} {u.Prop<long>("Readings")}";

    /// <summary>"2024-07-01T00:00+00:00 2" from a KwhUsage: the period and how many readings it has, for exact checks.</summary>
    private static string Slot(PSObject u) =>
        $"{Period(u).ToString("yyyy-MM-dd'T'HH:mmzzz", Invariant)} {u.Prop<long>("Readings")}";

    private static DateTimeOffset Period(PSObject u) => Assert.IsType<DateTimeOffset>(u.Prop("Period"));

    private static string Id(ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

    private static PSObject Target(ErrorRecord e) => PSObject.AsPSObject(e.TargetObject);

    private static void AssertKwh(double expected, PSObject row) =>
        Assert.True(Math.Abs(expected - row.Prop<double>("Kwh")) < 1e-9, $"expected {expected.ToString("R", Invariant)} kWh in {Row(row)}");

    /// <summary>The rows of one interval must be consecutive periods, each starting where the previous one ends.</summary>
    private static void AssertConsecutive(IReadOnlyList<PSObject> rows, TimeSpan step)
    {
        for (int i = 1; i < rows.Count; i++)
        {
            Assert.Equal(step, Period(rows[i]).UtcDateTime - Period(rows[i - 1]).UtcDateTime);
        }
    }

    // ---- the sample file ---------------------------------------------------------------------------------------------

    [Fact]
    public void Sample_Hourly_IsZeroFilled_FromTheFirstToTheLastHour_WithTheSumsOfTheJson()
    {
        RunResult result = _host.Run("Measure-KwhUsage -Path $args[0] -ErrorAction SilentlyContinue", ReadingsJson);

        Assert.Null(result.Terminating);
        var rows = result.Output.ToList();
        Assert.All(rows, r => Assert.Equal("Aggregator.KwhUsage", r.TypeName()));
        Assert.Equal(54, rows.Count);   // 2024-07-01T00 .. 2024-07-03T05, every hour
        Assert.All(rows, r => Assert.Equal("Hour", r.Prop("Interval")!.ToString()));
        Assert.All(rows, r => Assert.Equal(string.Empty, r.Prop("MeterId")));
        Assert.All(rows, r => Assert.Equal(TimeSpan.Zero, Period(r).Offset));
        Assert.Equal(new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero), Period(rows[0]));
        Assert.Equal(new DateTimeOffset(2024, 7, 3, 5, 0, 0, TimeSpan.Zero), Period(rows[^1]));
        AssertConsecutive(rows, TimeSpan.FromHours(1));

        var expected = ElectroSample.Load().Sums(r => r.Time.UtcDateTime.Date.AddHours(r.Time.UtcDateTime.Hour));
        foreach (PSObject row in rows)
        {
            DateTime hour = Period(row).UtcDateTime;
            (double kwh, long count) = expected.TryGetValue(hour, out var sum) ? sum : (0, 0);
            AssertKwh(kwh, row);
            Assert.Equal(count, row.Prop<long>("Readings"));
        }

        // The gaps are rows of 0: the hour 03 of July 1st, and all 24 hours of July 2nd.
        Assert.Equal("2024-07-01T03:00+00:00 Hour  0 0", Row(rows[3]));
        var second = rows.Where(r => Period(r).UtcDateTime.Date == new DateTime(2024, 7, 2)).ToList();
        Assert.Equal(24, second.Count);
        Assert.All(second, r => Assert.Equal(0.0, r.Prop<double>("Kwh")));
        Assert.All(second, r => Assert.Equal(0L, r.Prop<long>("Readings")));

        // Exact figures of a few hours: 0.431 + 0.254; 0.504 + 0.25 + 0.766; the last hour holds m3's reading too.
        Assert.Equal("2024-07-01T00:00+00:00 2", Slot(rows[0]));
        AssertKwh(0.685, rows[0]);
        Assert.Equal("2024-07-01T01:00+00:00 3", Slot(rows[1]));
        AssertKwh(1.52, rows[1]);
        Assert.Equal("2024-07-01T04:00+00:00 2", Slot(rows[4]));   // the negative reading at 04:10 is not in it
        AssertKwh(0.844, rows[4]);
        Assert.Equal("2024-07-03T05:00+00:00 3", Slot(rows[^1]));
        AssertKwh(0.829 + 0.164 + 0.125, rows[^1]);
        Assert.Equal(60L, rows.Sum(r => r.Prop<long>("Readings")));
    }

    [Fact]
    public void Sample_BadReadings_AreNonTerminatingErrors_WhoseIdIsTheReason_AndWhoseTargetIsTheSkippedRecord()
    {
        RunResult result = _host.Run("Measure-KwhUsage -Path $args[0] -ErrorVariable bad", ReadingsJson);

        Assert.Null(result.Terminating);
        Assert.Equal(54, result.Output.Count);   // the rest is still summed
        Assert.Equal(new[] { "InvalidValue", "InvalidTimestamp" }, result.Errors.Select(Id));
        Assert.All(result.Errors, e =>
        {
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Equal("Aggregator.SkippedRecord", e.TargetObject.GetType().FullName);
            Assert.Equal(Id(e), Target(e).Prop("Reason")!.ToString());
            Assert.Equal(ReadingsJson, Target(e).Prop("Source"));
            Assert.EndsWith("Aggregator.Commands.MeasureKwhUsageCommand", e.FullyQualifiedErrorId);
        });

        PSObject negative = Target(result.Errors[0]);
        Assert.Equal(12L, negative.Prop<long>("Line"));
        Assert.Equal(11L, negative.Prop<long>("Record"));   // the 11th element of the array, on line 12
        Assert.Equal("m1", negative.Prop("User"));
        Assert.Equal("2024-07-01T04:10:00Z", negative.Prop("Timestamp"));
        Assert.Equal("-0.4", negative.Prop("Value"));
        Assert.Contains("-0.4", (string)negative.Prop("Raw")!);
        Assert.Contains("readings.json line 12", result.Errors[0].Exception.Message);
        Assert.Contains("negative", result.Errors[0].Exception.Message);

        PSObject badTime = Target(result.Errors[1]);
        Assert.Equal(22L, badTime.Prop<long>("Line"));
        Assert.Equal("m2", badTime.Prop("User"));
        Assert.Equal("2024-07-01T25:00:00Z", badTime.Prop("Timestamp"));
        Assert.Equal("0.3", badTime.Prop("Value"));

        // -ErrorVariable holds the same two records.
        var bad = ((System.Collections.IEnumerable)_host.GetVariable("bad")!.BaseObject).Cast<object>()
            .Select(o => o is PSObject p ? (ErrorRecord)p.BaseObject : (ErrorRecord)o).ToList();
        Assert.Equal(new[] { "InvalidValue", "InvalidTimestamp" }, bad.Select(Id));
    }

    [Fact]
    public void Sample_HourAndDay_FromOneRead_EachIntervalsRowsInTurn_AndEachDayIsTheSumOfItsHours()
    {
        var rows = _host.RunClean("Measure-KwhUsage -Path $args[0] -Interval Hour, Day -ErrorAction SilentlyContinue", ReadingsJson).ToList();

        Assert.Equal(54 + 3, rows.Count);
        Assert.Equal(Enumerable.Repeat("Hour", 54).Concat(Enumerable.Repeat("Day", 3)), rows.Select(r => r.Prop("Interval")!.ToString()));
        var hours = rows.Take(54).ToList();
        var days = rows.Skip(54).ToList();
        Assert.Equal(new[] { "2024-07-01T00:00+00:00 47", "2024-07-02T00:00+00:00 0", "2024-07-03T00:00+00:00 13" }, days.Select(Slot));

        // Compensated sums: the day totals are the decimal figures to the last bits.
        Assert.Equal(19.924, days[0].Prop<double>("Kwh"), 1e-12);
        Assert.Equal(0.0, days[1].Prop<double>("Kwh"));
        Assert.Equal(6.171, days[2].Prop<double>("Kwh"), 1e-12);
        var hoursPerDay = new[] { 24, 24, 6 };
        for (int d = 0; d < days.Count; d++)
        {
            PSObject day = days[d];
            var itsHours = hours.Where(h => Period(h).UtcDateTime.Date == Period(day).UtcDateTime).ToList();
            Assert.Equal(hoursPerDay[d], itsHours.Count);
            AssertKwh(itsHours.Sum(h => h.Prop<double>("Kwh")), day);
            Assert.Equal(itsHours.Sum(h => h.Prop<long>("Readings")), day.Prop<long>("Readings"));
        }

        // The order of -Interval is the order of the blocks.
        var reversed = _host.RunClean("Measure-KwhUsage -Path $args[0] -Interval Day, Hour -ErrorAction SilentlyContinue", ReadingsJson);
        Assert.Equal(days.Concat(hours).Select(Row), reversed.Select(Row));
    }

    [Fact]
    public void Sample_QuarterHour_ZeroFilled_AndAddsUpToTheSameTotal()
    {
        var rows = _host.RunClean("Measure-KwhUsage -Path $args[0] -Interval QuarterHour -ErrorAction SilentlyContinue", ReadingsJson).ToList();

        Assert.Equal(54 * 4, rows.Count);   // 2024-07-01T00:00 .. 2024-07-03T05:45
        AssertConsecutive(rows, TimeSpan.FromMinutes(15));
        Assert.All(rows, r => Assert.Equal("QuarterHour", r.Prop("Interval")!.ToString()));
        Assert.Equal(new[]
        {
            "2024-07-03T05:00+00:00 QuarterHour  0.829 1",
            "2024-07-03T05:15+00:00 QuarterHour  0 0",
            "2024-07-03T05:30+00:00 QuarterHour  0.164 1",
            "2024-07-03T05:45+00:00 QuarterHour  0.125 1",
        }, rows.TakeLast(4).Select(Row));
        Assert.Equal("2024-07-01T01:00+00:00 2", Slot(rows[4]));   // two m1 readings at 01:05
        AssertKwh(0.754, rows[4]);
        Assert.True(Math.Abs(19.924 + 6.171 - rows.Sum(r => r.Prop<double>("Kwh"))) < 1e-9);
        Assert.Equal(60L, rows.Sum(r => r.Prop<long>("Readings")));
    }

    [Fact]
    public void Sample_ByMeter_EveryMeterGetsEveryHour_SortedByPeriodThenMeter()
    {
        var rows = _host.RunClean("Measure-KwhUsage -Path $args[0] -ByMeter -ErrorAction SilentlyContinue", ReadingsJson).ToList();

        Assert.Equal(54 * 3, rows.Count);
        Assert.Equal(Enumerable.Range(0, 54).SelectMany(_ => new[] { "m1", "m2", "m3" }), rows.Select(r => (string)r.Prop("MeterId")!));
        for (int i = 0; i < rows.Count; i += 3)
        {
            Assert.Equal(Period(rows[i]), Period(rows[i + 1]));
            Assert.Equal(Period(rows[i]), Period(rows[i + 2]));
        }

        var sample = ElectroSample.Load();
        foreach (string meter in new[] { "m1", "m2", "m3" })
        {
            var expected = sample.Sums(r => r.Time.UtcDateTime.Date.AddHours(r.Time.UtcDateTime.Hour), meter);
            foreach (PSObject row in rows.Where(r => (string)r.Prop("MeterId")! == meter))
            {
                (double kwh, long count) = expected.TryGetValue(Period(row).UtcDateTime, out var sum) ? sum : (0, 0);
                AssertKwh(kwh, row);
                Assert.Equal(count, row.Prop<long>("Readings"));
            }
        }

        // m3 (named by source_id) has a row for every hour, all 0 but the last.
        var m3 = rows.Where(r => (string)r.Prop("MeterId")! == "m3").ToList();
        Assert.Equal(54, m3.Count);
        Assert.Equal("2024-07-03T05:00+00:00 Hour m3 0.125 1", Row(m3[^1]));
        Assert.All(m3.SkipLast(1), r => Assert.Equal(0L, r.Prop<long>("Readings")));
        Assert.Equal("2024-07-01T01:00+00:00 Hour m1 0.754 2", Row(rows[3]));
    }

    // ---- file input --------------------------------------------------------------------------------------------------

    private string MetersFolder()
    {
        string meters = Path.Combine(_host.TempDir, "meters");
        Directory.CreateDirectory(meters);
        File.Copy(ReadingsJson, Path.Combine(meters, "a.json"));
        File.WriteAllText(Path.Combine(meters, "b.json"), """[{"timestamp": "2024-07-01T00:10:00Z", "kWh_value": 1, "meter_id": "m1"}]""");
        File.WriteAllText(Path.Combine(meters, "c[1].json"), """[{"timestamp": "2024-07-02T12:00:00Z", "kWh_value": 2.5, "meter_id": "m9"}]""");
        File.WriteAllText(Path.Combine(meters, "notes.txt"), "not readings");
        return meters;
    }

    [Fact]
    public void Path_Wildcard_ReadsEveryMatchingFile_IntoOneSetOfRows()
    {
        MetersFolder();
        var rows = _host.RunClean("Measure-KwhUsage -Path meters/*.json -Interval Day -ErrorAction SilentlyContinue").ToList();

        // a.json (19.924 / 0 / 6.171) + b.json (1 on July 1st) + c[1].json (2.5 on July 2nd); notes.txt is not read.
        Assert.Equal(new[] { "2024-07-01T00:00+00:00 48", "2024-07-02T00:00+00:00 1", "2024-07-03T00:00+00:00 13" }, rows.Select(Slot));
        AssertKwh(20.924, rows[0]);
        AssertKwh(2.5, rows[1]);
        AssertKwh(6.171, rows[2]);
    }

    [Fact]
    public void Path_TreatsBracketsAsAWildcard_LiteralPathReadsTheFileNamedWithThem()
    {
        string meters = MetersFolder();

        var literal = _host.RunClean("Measure-KwhUsage -LiteralPath $args[0] -Interval Day", Path.Combine(meters, "c[1].json"));
        Assert.Equal("2024-07-02T00:00+00:00 Day  2.5 1", Row(Assert.Single(literal)));

        RunResult wildcard = _host.Run("Measure-KwhUsage -Path $args[0] -Interval Day", Path.Combine(meters, "c[1].json"));
        Assert.Empty(wildcard.Output);
        Assert.Equal("PathNotFound", Id(Assert.Single(wildcard.Errors)));
    }

    [Fact]
    public void ChildItems_PipedIn_AreReadAsFiles_LikePath()
    {
        string meters = MetersFolder();
        RunResult piped = _host.Run("""
            $ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Where-Object Name -like '*.json' |
                Measure-KwhUsage -Interval Day -ByMeter
            """, meters);
        var byPath = _host.RunClean("Measure-KwhUsage -Path meters/*.json -Interval Day -ByMeter -ErrorAction SilentlyContinue");

        Assert.Null(piped.Terminating);
        Assert.Equal(2, piped.Errors.Count);   // a.json's two bad readings, and nothing about binding
        Assert.All(piped.Errors, e => Assert.Equal("Aggregator.SkippedRecord", e.TargetObject.GetType().FullName));
        Assert.Equal(3 * 4, piped.Output.Count);   // 3 days x m1, m2, m3, m9
        Assert.Equal(byPath.Select(Row), piped.Output.Select(Row));
        Assert.Equal("2024-07-02T00:00+00:00 Day m9 2.5 1", Row(piped.Output[7]));
    }

    [Fact]
    public void PSPathObjects_BindToLiteralPath()
    {
        string meters = MetersFolder();
        var rows = _host.RunClean("""
            [pscustomobject]@{ PSPath = 'Microsoft.PowerShell.Core\FileSystem::' + $args[0] },
            [pscustomobject]@{ PSPath = $args[1] } | Measure-KwhUsage -Interval Day
            """, Path.Combine(meters, "c[1].json"), Path.Combine(meters, "b.json"));

        Assert.Equal(new[] { "2024-07-01T00:00+00:00 Day  1 1", "2024-07-02T00:00+00:00 Day  2.5 1" }, rows.Select(Row));
    }

    [Fact]
    public void CsvAndJsonLinesFiles_WithOtherFieldNames_AreRead_Too()
    {
        _host.WriteFile("m.csv", "timestamp,kWh_value,meter_id\n2024-07-01T00:05:00Z,0.5,m1\n2024-07-01T00:20:00Z,abc,m1\n2024-07-01T02:00:00Z,1.25,m2\n");
        _host.WriteFile("m.jsonl", """
            {"time": "2024-07-01T01:10:00Z", "kwh": 2, "source_id": "m2"}
            {"datetime": "2024-07-01T01:40:00Z", "value": "0.75", "meter": "m1"}
            {"timestamp": "2024-07-01T01:50:00Z", "kWh_value": -1}
            """);

        RunResult result = _host.Run("Measure-KwhUsage -Path m.csv, m.jsonl -ByMeter");

        Assert.Equal(new[]
        {
            "2024-07-01T00:00+00:00 Hour m1 0.5 1", "2024-07-01T00:00+00:00 Hour m2 0 0",
            "2024-07-01T01:00+00:00 Hour m1 0.75 1", "2024-07-01T01:00+00:00 Hour m2 2 1",
            "2024-07-01T02:00+00:00 Hour m1 0 0", "2024-07-01T02:00+00:00 Hour m2 1.25 1",
        }, result.Output.Select(Row));
        Assert.Equal(new[] { "InvalidValue 3", "InvalidValue 3" }, result.Errors.Select(e => $"{Id(e)} {Target(e).Prop("Line")}"));
    }

    [Fact]
    public void MissingFile_IsAnError_AndTheOtherFilesAreStillRead()
    {
        RunResult result = _host.Run("Measure-KwhUsage -Path $args[0], $args[1] -Interval Day",
            Path.Combine(_host.TempDir, "nope.json"), ReadingsJson);

        Assert.Null(result.Terminating);
        Assert.Equal(3, result.Output.Count);
        Assert.Equal(new[] { "PathNotFound", "InvalidValue", "InvalidTimestamp" }, result.Errors.Select(Id));
    }

    // ---- pipeline input by property name ------------------------------------------------------------------------------

    [Fact]
    public void Pipeline_BindsByPropertyName_WithEveryAlias()
    {
        var rows = _host.RunClean("""
            [pscustomobject]@{ Timestamp = '2024-07-01T10:05:00Z'; Kwh = 1; MeterId = 'a' },
            [pscustomobject]@{ timestamp = '2024-07-01T10:10:00Z'; kWh_value = '0.5'; meter_id = 'b' },
            [pscustomobject]@{ time = [datetime]::SpecifyKind([datetime]'2024-07-01T10:20:00', 'Utc'); value = 2; source_id = 'a' },
            [pscustomobject]@{ datetime = [datetimeoffset]'2024-07-01T13:30:00+02:00'; Kwh = 0.25; Meter = 'b' },
            [pscustomobject]@{ Timestamp = '2024-07-01T12:59:59Z'; Kwh = [decimal]1.5 },
            [pscustomobject]@{ '@timestamp' = '2024-07-01T12:00:00Z'; kwh = 0.5; meter_id = 'a' } |
                Measure-KwhUsage -ByMeter
            """);

        // 10:05 a 1, 10:10 b 0.5, 10:20 a 2, 11:30Z b 0.25, 12:59:59 (no meter) 1.5, 12:00 a 0.5: the meters "", a, b
        // for 10, 11, 12.
        Assert.Equal(new[]
        {
            "2024-07-01T10:00+00:00 Hour  0 0", "2024-07-01T10:00+00:00 Hour a 3 2", "2024-07-01T10:00+00:00 Hour b 0.5 1",
            "2024-07-01T11:00+00:00 Hour  0 0", "2024-07-01T11:00+00:00 Hour a 0 0", "2024-07-01T11:00+00:00 Hour b 0.25 1",
            "2024-07-01T12:00+00:00 Hour  1.5 1", "2024-07-01T12:00+00:00 Hour a 0.5 1", "2024-07-01T12:00+00:00 Hour b 0 0",
        }, rows.Select(Row));
    }

    [Fact]
    public void Pipeline_ImportCsvLikeRows_GiveTheSameRowsAsTheFile()
    {
        // What Import-Csv gives for the sample written as CSV: every property a string.
        var sample = ElectroSample.Load();
        var fromFile = _host.RunClean("Measure-KwhUsage -Path $args[0] -Interval Hour, Day -ByMeter -ErrorAction SilentlyContinue", ReadingsJson);
        RunResult fromPipeline = _host.Run("""
            $args[0] | ForEach-Object {
                $f = $_ -split '\|'
                if ($f[2] -eq 'm3') { [pscustomobject]@{ timestamp = $f[0]; kWh_value = $f[1]; source_id = $f[2] } }
                else { [pscustomobject]@{ timestamp = $f[0]; kWh_value = $f[1]; meter_id = $f[2] } }
            } | Measure-KwhUsage -Interval Hour, Day -ByMeter
            """, (object)sample.Raw.Select(r => $"{r.Timestamp}|{r.Kwh}|{r.Meter}").ToArray());

        Assert.Null(fromPipeline.Terminating);
        Assert.Equal(fromFile.Select(Row), fromPipeline.Output.Select(Row));
        Assert.Equal(new[] { "InvalidValue 11", "InvalidTimestamp 21" },
            fromPipeline.Errors.Select(e => $"{Id(e)} {Target(e).Prop("Line")}"));   // the objects' numbers in the pipeline
    }

    [Fact]
    public void Pipeline_APropertyMissingFromTheNextObject_IsNotTakenFromThePreviousOne()
    {
        var rows = _host.RunClean("""
            [pscustomobject]@{ Timestamp = '2024-07-01T10:00:00Z'; Kwh = 1; MeterId = 'a' },
            [pscustomobject]@{ Timestamp = '2024-07-01T10:30:00Z'; Kwh = 2 } | Measure-KwhUsage -ByMeter
            """);

        Assert.Equal(new[] { "2024-07-01T10:00+00:00 Hour  2 1", "2024-07-01T10:00+00:00 Hour a 1 1" }, rows.Select(Row));
    }

    [Fact]
    public void Pipeline_BadObjects_AreErrors_WithTheReasonAsErrorId_AndASkippedRecordAsTarget()
    {
        RunResult result = _host.Run("""
            [pscustomobject]@{ Timestamp = '2024-07-01T10:00:00Z'; Kwh = 1; MeterId = 'ok' },
            [pscustomobject]@{ Timestamp = '2024-07-01T10:00:00Z'; Kwh = -0.5; MeterId = 'neg' },
            [pscustomobject]@{ Timestamp = '2024-07-01T10:00:00Z'; Kwh = 'lots'; MeterId = 'text' },
            [pscustomobject]@{ Timestamp = '2024-07-01T25:00:00Z'; Kwh = 1; MeterId = 'hour25' },
            [pscustomobject]@{ Timestamp = '2024-07-01T10:00:00Z'; MeterId = 'nokwh' },
            [pscustomobject]@{ Kwh = 1; MeterId = 'notime' },
            [pscustomobject]@{ Timestamp = '2024-07-01T10:00:00Z'; Kwh = 'NaN'; MeterId = 'nan' },
            [pscustomobject]@{ Timestamp = '2024-07-01T11:00:00Z'; Kwh = 0; MeterId = 'zero' } |
                Measure-KwhUsage -ByMeter
            """);

        Assert.Null(result.Terminating);
        Assert.Equal(new[]
        {
            "2024-07-01T10:00+00:00 Hour ok 1 1", "2024-07-01T10:00+00:00 Hour zero 0 0",
            "2024-07-01T11:00+00:00 Hour ok 0 0", "2024-07-01T11:00+00:00 Hour zero 0 1",
        }, result.Output.Select(Row));
        Assert.Equal(new[]
        {
            "InvalidValue 2 neg -0.5", "InvalidValue 3 text lots", "InvalidTimestamp 4 hour25 1",
            "MissingField 5 nokwh ", "MissingField 6 notime 1", "InvalidValue 7 nan NaN",
        }, result.Errors.Select(e => $"{Id(e)} {Target(e).Prop("Line")} {Target(e).Prop("User")} {Target(e).Prop("Value")}"));
        Assert.All(result.Errors, e =>
        {
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Equal("Aggregator.SkippedRecord", e.TargetObject.GetType().FullName);
            Assert.Equal("(pipeline)", Target(e).Prop("Source"));
            Assert.Equal(Id(e), Target(e).Prop("Reason")!.ToString());
        });
        Assert.Equal("2024-07-01T25:00:00Z", Target(result.Errors[2]).Prop("Timestamp"));
    }

    // ---- time zones, -From and -To -------------------------------------------------------------------------------------

    /// <summary>A reading of 0.25 kWh every 15 minutes (UTC) from <paramref name="startUtc"/> for <paramref name="hours"/> hours.</summary>
    private const string QuarterHourReadings = """
        $start = [datetimeoffset]::Parse($args[0], [cultureinfo]::InvariantCulture)
        $readings = for ($i = 0; $i -lt 4 * $args[1]; $i++) { [pscustomobject]@{ Timestamp = $start.AddMinutes(15 * $i); Kwh = 0.25 } }
        """;

    [Fact]
    public void TimeZone_SpringForwardDay_Has23HourlyRows_FromToGivingTheDay()
    {
        var rows = _host.RunClean(QuarterHourReadings + """

            $readings | Measure-KwhUsage -TimeZone Europe/Madrid -From '2024-03-31' -To '2024-04-01'
            """, "2024-03-30T12:00:00Z", 48).ToList();

        Assert.Equal(23, rows.Count);
        var expected = new List<string> { "2024-03-31T00:00+01:00", "2024-03-31T01:00+01:00" };
        expected.AddRange(Enumerable.Range(3, 21).Select(h => $"2024-03-31T{h:00}:00+02:00"));
        Assert.Equal(expected, rows.Select(r => Period(r).ToString("yyyy-MM-dd'T'HH:mmzzz", Invariant)));
        AssertConsecutive(rows, TimeSpan.FromHours(1));
        Assert.All(rows, r => Assert.Equal(" Hour  1 4", Row(r)[22..]));
        Assert.Equal(new DateTime(2024, 3, 30, 23, 0, 0), Period(rows[0]).UtcDateTime);
        Assert.Equal(new DateTime(2024, 3, 31, 21, 0, 0), Period(rows[^1]).UtcDateTime);
    }

    [Fact]
    public void TimeZone_FallBackDay_Has25HourlyRows_TheRepeatedHourTwice()
    {
        var rows = _host.RunClean(QuarterHourReadings + """

            $readings | Measure-KwhUsage -TimeZone Europe/Madrid -From '2024-10-27' -To '2024-10-28'
            """, "2024-10-26T12:00:00Z", 48).ToList();

        Assert.Equal(25, rows.Count);
        var expected = new List<string> { "2024-10-27T00:00+02:00", "2024-10-27T01:00+02:00", "2024-10-27T02:00+02:00" };
        expected.AddRange(Enumerable.Range(2, 22).Select(h => $"2024-10-27T{h:00}:00+01:00"));
        Assert.Equal(expected, rows.Select(r => Period(r).ToString("yyyy-MM-dd'T'HH:mmzzz", Invariant)));
        AssertConsecutive(rows, TimeSpan.FromHours(1));
        Assert.All(rows, r => Assert.Equal(1.0, r.Prop<double>("Kwh")));
        Assert.All(rows, r => Assert.Equal(4L, r.Prop<long>("Readings")));
    }

    [Fact]
    public void TimeZone_Days_AreLocalDays_Of23And25Hours()
    {
        // A file of UTC readings, one per hour, from 2024-10-26T00:00Z to 2024-10-28T23:00Z.
        var text = new StringBuilder();
        for (int h = 0; h < 72; h++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"timestamp\": \"{new DateTime(2024, 10, 26, 0, 0, 0).AddHours(h):yyyy-MM-ddTHH:mm:ss}Z\", \"kWh_value\": 1}}\n");
        }

        _host.WriteFile("autumn.jsonl", text.ToString());
        var days = _host.RunClean("Measure-KwhUsage -Path autumn.jsonl -Interval Day -TimeZone Europe/Madrid");

        // Madrid: the 26th (+02:00) runs from 25th 22:00Z to 26th 22:00Z, so holds 22 of the readings; the 27th has 25
        // hours; the 28th (+01:00) runs from 27th 23:00Z to 28th 23:00Z; the reading at 28th 23:00Z is the 29th's.
        Assert.Equal(new[]
        {
            "2024-10-26T00:00+02:00 Day  22 22",
            "2024-10-27T00:00+02:00 Day  25 25",
            "2024-10-28T00:00+01:00 Day  24 24",
            "2024-10-29T00:00+01:00 Day  1 1",
        }, days.Select(Row));

        var spring = _host.RunClean(QuarterHourReadings + """

            $readings | Measure-KwhUsage -TimeZone Europe/Madrid -Interval Day -From '2024-03-31' -To '2024-04-01'
            """, "2024-03-30T12:00:00Z", 48);
        Assert.Equal("2024-03-31T00:00+01:00 Day  23 92", Row(Assert.Single(spring)));
    }

    [Fact]
    public void TimeZone_HalfHourClockChange_TheShortHourStartsWhereTheClockResumes()
    {
        // Lord Howe Island moves its clocks by 30 minutes: on 2024-10-06 at 02:00 (+10:30, 15:30Z) they go to 02:30
        // (+11:00). Its local hour 02 is then only 02:30-03:00, so that hour's row must start at 02:30+11:00 (15:30Z), as
        // a day that starts inside a gap starts at the first valid time. Each label is the instant its period starts, so
        // the labels must be strictly later than the previous period's readings.
        var rows = _host.RunClean(QuarterHourReadings + """

            $readings | Measure-KwhUsage -TimeZone Australia/Lord_Howe
            """, "2024-10-05T13:00:00Z", 4).ToList();

        Assert.Equal(new[]
        {
            "2024-10-05T23:00+10:30 Hour  0.5 2",    // 13:00Z and 13:15Z are 23:30 and 23:45
            "2024-10-06T00:00+10:30 Hour  1 4",
            "2024-10-06T01:00+10:30 Hour  1 4",      // 14:30Z to 15:30Z
            "2024-10-06T02:30+11:00 Hour  0.5 2",    // 15:30Z and 15:45Z, the only half of hour 02
            "2024-10-06T03:00+11:00 Hour  1 4",
        }, rows.Select(Row));
    }

    [Fact]
    public void TimeZone_TimestampsWithoutAnOffset_AreReadAsLocalTime()
    {
        _host.WriteFile("local.jsonl", """
            {"timestamp": "2024-07-01 10:00:00", "kWh_value": 1}
            {"timestamp": "2024-07-01T10:30:00+02:00", "kWh_value": 2}
            {"timestamp": "2024-07-01T09:15:00Z", "kWh_value": 4}
            """);

        var madrid = _host.RunClean("Measure-KwhUsage -Path local.jsonl -TimeZone Europe/Madrid");
        Assert.Equal(new[] { "2024-07-01T10:00+02:00 Hour  3 2", "2024-07-01T11:00+02:00 Hour  4 1" }, madrid.Select(Row));

        // Without -TimeZone the same file is in UTC: 10:00 is UTC, 10:30+02:00 is 08:30Z.
        var utc = _host.RunClean("Measure-KwhUsage -Path local.jsonl");
        Assert.Equal(new[] { "2024-07-01T08:00+00:00 Hour  2 1", "2024-07-01T09:00+00:00 Hour  4 1", "2024-07-01T10:00+00:00 Hour  1 1" },
            utc.Select(Row));
    }

    [Fact]
    public void FromTo_CutTheReadings_AndWidenTheRowsWithZeros()
    {
        RunResult result = _host.Run(
            "Measure-KwhUsage -Path $args[0] -From '2024-06-30T22:00:00Z' -To '2024-07-01T03:00:00Z' -ErrorAction SilentlyContinue -Verbose",
            ReadingsJson);

        Assert.Null(result.Terminating);
        Assert.Equal(new[]
        {
            "2024-06-30T22:00+00:00 0", "2024-06-30T23:00+00:00 0",    // before the first reading: widened
            "2024-07-01T00:00+00:00 2", "2024-07-01T01:00+00:00 3", "2024-07-01T02:00+00:00 2",
        }, result.Output.Select(Slot));
        AssertKwh(0.685, result.Output[2]);
        AssertKwh(1.52, result.Output[3]);
        AssertKwh(0.323, result.Output[4]);
        Assert.Contains(result.Verbose, v => v.Contains("53 reading(s) outside -From/-To were left out", StringComparison.Ordinal));
    }

    [Fact]
    public void FromTo_FromIsInclusive_ToIsExclusive()
    {
        var rows = _host.RunClean("""
            [pscustomobject]@{ Timestamp = '2024-07-01T09:59:59Z'; Kwh = 1 },
            [pscustomobject]@{ Timestamp = '2024-07-01T10:00:00Z'; Kwh = 2 },
            [pscustomobject]@{ Timestamp = '2024-07-01T11:59:59Z'; Kwh = 4 },
            [pscustomobject]@{ Timestamp = '2024-07-01T12:00:00Z'; Kwh = 8 } |
                Measure-KwhUsage -From ([datetime]::SpecifyKind([datetime]'2024-07-01T10:00:00', 'Utc')) -To '2024-07-01T12:00:00' -Interval Day
            """);

        Assert.Equal("2024-07-01T00:00+00:00 Day  6 2", Row(Assert.Single(rows)));
    }

    [Fact]
    public void FromTo_WithoutAnyReading_StillGiveTheZeroRows()
    {
        var rows = _host.RunClean("Measure-KwhUsage -Path $args[0] -From 2024-01-01 -To 2024-01-02 -ErrorAction SilentlyContinue", ReadingsJson);

        Assert.Equal(24, rows.Count);
        Assert.All(rows, r => Assert.Equal(0L, r.Prop<long>("Readings")));
        Assert.Equal("2024-01-01T00:00+00:00 Hour  0 0", Row(rows[0]));
    }

    [Theory]
    [InlineData("-From 2024-07-02 -To 2024-07-01")]
    [InlineData("-From 2024-07-01 -To 2024-07-01")]
    [InlineData("-TimeZone Nowhere/Atlantis")]
    public void BadOptions_AreTerminatingErrors_BeforeAnyInputIsRead(string options)
    {
        // Statement-terminating: try/catch sees it, and not one reading is read (the sample's bad ones would be errors).
        RunResult result = _host.Run($$"""
            try { Measure-KwhUsage -Path $args[0] {{options}}; 'not reached' }
            catch { 'caught ' + $_.FullyQualifiedErrorId.Split(',')[0] + ' ' + $_.CategoryInfo.Category }
            """, ReadingsJson);

        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { "caught InvalidKwhOption InvalidArgument" }, result.Output.Select(o => o.BaseObject));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Interval_OutsideTheEnum_IsAParameterBindingError()
    {
        var output = _host.RunClean("""
            try { Measure-KwhUsage -Path $args[0] -Interval Week; 'not reached' }
            catch { 'caught ' + $_.Exception.GetType().Name + ' ' + $_.FullyQualifiedErrorId.Split(',')[0] }
            """, ReadingsJson);

        Assert.Equal(new object[] { "caught ParameterBindingException CannotConvertArgumentNoMessage" }, output.Select(o => o.BaseObject));
    }

    // ---- -ErrorAction Stop -----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ErrorActionStop_File_ReportsEachBadReading_AndGivesTheRows(int throttle)
    {
        var quiet = _host.RunClean("Measure-KwhUsage -LiteralPath $args[0], $args[0] -ThrottleLimit $args[1] -ErrorAction SilentlyContinue",
            ReadingsJson, throttle);
        RunResult result = _host.Run("Measure-KwhUsage -LiteralPath $args[0], $args[0] -ThrottleLimit $args[1] -ErrorAction Stop",
            ReadingsJson, throttle);

        Assert.Null(result.Terminating);
        Assert.Equal(quiet.Select(Row), result.Output.Select(Row));
        Assert.Equal(4, result.Errors.Count);
        ErrorRecord error = result.Errors.First(e => Target(e).Prop<long>("Line") == 12);
        Assert.Equal("InvalidValue", Id(error));
        Assert.Equal("Aggregator.SkippedRecord", error.TargetObject.GetType().FullName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MaxSkipped_File_TooManyBadReadings_FailWithNoRows(int throttle)
    {
        RunResult result = _host.Run("Measure-KwhUsage -LiteralPath $args[0], $args[0] -ThrottleLimit $args[1] -MaxSkipped 3 -ErrorAction SilentlyContinue",
            ReadingsJson, throttle);

        Assert.Equal("TooManySkipped", Id(Assert.Single(result.Errors)));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void ErrorActionStop_Pipeline_GoesOnPastTheBadObject_AndMaxSkippedZeroIsCatchable()
    {
        var output = _host.RunClean("""
            $rows = [pscustomobject]@{ Timestamp = '2024-07-01T10:00:00Z'; Kwh = 1 },
                [pscustomobject]@{ Timestamp = 'soon'; Kwh = 1 },
                [pscustomobject]@{ Timestamp = '2024-07-01T11:00:00Z'; Kwh = 1 }
            ($rows | Measure-KwhUsage -ErrorAction Stop -ErrorVariable bad 2>$null).Count
            'skipped ' + $bad[0].FullyQualifiedErrorId.Split(',')[0] + ' ' + $bad[0].TargetObject.Line
            try { $rows | Measure-KwhUsage -MaxSkipped 0 -ErrorAction Stop 2>$null; 'not reached' }
            catch { 'caught ' + $_.FullyQualifiedErrorId.Split(',')[0] }
            """);

        Assert.Equal(new object[] { 2, "skipped InvalidTimestamp 2", "caught TooManySkipped" }, output.Select(o => o.BaseObject));
    }

    // ---- -ThrottleLimit --------------------------------------------------------------------------------------------------

    /// <summary>Several kWh files with overlapping meters and periods, bad readings among them.</summary>
    private string[] ManyMeterFiles()
    {
        var random = new Random(20240701);
        var files = new List<string>();
        for (int f = 0; f < 6; f++)
        {
            var text = new StringBuilder();
            for (int i = 0; i < 2000; i++)
            {
                var time = new DateTime(2024, 10, 25, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next(4 * 24 * 3600));
                string meter = "m" + random.Next(12);
                string kwh = (random.Next(1000) / 1000.0).ToString("R", Invariant);
                text.Append((random.Next(40)) switch
                {
                    0 => $"{{\"timestamp\": \"{time:yyyy-MM-ddTHH:mm:ss}Z\", \"kWh_value\": -{kwh}, \"meter_id\": \"{meter}\"}}\n",
                    1 => $"{{\"timestamp\": \"2024-10-27T24:61:00Z\", \"kWh_value\": {kwh}, \"meter_id\": \"{meter}\"}}\n",
                    2 => $"{{\"timestamp\": \"{time:yyyy-MM-ddTHH:mm:ss}Z\", \"meter_id\": \"{meter}\"}}\n",
                    3 => "not json\n",
                    _ => $"{{\"timestamp\": \"{time:yyyy-MM-ddTHH:mm:ss}Z\", \"kWh_value\": {kwh}, \"meter_id\": \"{meter}\"}}\n",
                });
            }

            files.Add(_host.WriteFile($"meters-{f}.jsonl", text.ToString()));
        }

        files.Add(_host.WriteFile("array.json", """
            [
              {"timestamp": "2024-10-26T10:05:00Z", "kWh_value": 0.431, "meter_id": "m1"},
              {"timestamp": "2024-10-26T10:05:00Z", "kWh_value": -0.4, "meter_id": "m1"},
              {"timestamp": "2024-10-27T01:35:00Z", "kWh_value": 0.125, "source_id": "m13"}
            ]
            """));
        files.Add(_host.WriteFile("meters.csv", "timestamp,kWh_value,meter_id\n2024-10-26T10:00:00Z,1.5,m1\n2024-10-26T10:00:00Z,x,m1\n"));
        return files.ToArray();
    }

    private static IReadOnlyList<string> Skips(RunResult result) =>
        result.Errors.Select(e => Render.All(Target(e))).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData("-Interval Hour")]
    [InlineData("-Interval QuarterHour, Hour, Day -ByMeter")]
    [InlineData("-Interval Hour, Day -ByMeter -TimeZone Europe/Madrid")]
    [InlineData("-Interval Hour -From 2024-10-26 -To 2024-10-28 -TimeZone Europe/Madrid")]
    public void ThrottleLimit2_GivesExactlyWhatOneWorkerGives(string options)
    {
        string[] files = ManyMeterFiles();
        RunResult one = _host.Run($"Measure-KwhUsage -LiteralPath $args[0] {options}", (object)files);
        RunResult two = _host.Run($"Measure-KwhUsage -LiteralPath $args[0] {options} -ThrottleLimit 2", (object)files);
        RunResult four = _host.Run($"Measure-KwhUsage -LiteralPath $args[0] {options} -ThrottleLimit 4", (object)files);

        Assert.Null(one.Terminating);
        Assert.Null(two.Terminating);
        Assert.InRange(one.Output.Count, 49, int.MaxValue);
        Assert.InRange(one.Errors.Count, 200, int.MaxValue);
        Assert.Equal(one.Output.Select(Render.All), two.Output.Select(Render.All));
        Assert.Equal(one.Output.Select(Render.All), four.Output.Select(Render.All));
        Assert.Equal(Skips(one), Skips(two));
        Assert.Equal(Skips(one), Skips(four));
    }

    [Fact]
    public void ThrottleLimit2_ALargeJsonLinesFileReadInRanges_GivesExactlyWhatOneWorkerGives()
    {
        // Over 16 MiB, so that two workers read it in line ranges; bad lines throughout, and on both sides of the middle.
        var random = new Random(7);
        var text = new StringBuilder();
        int line = 0;
        while (text.Length < 18 << 20)
        {
            line++;
            var time = new DateTime(2024, 3, 30, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next(3 * 24 * 3600));
            string kwh = (random.Next(1, 5000) / 1000.0).ToString("R", Invariant);
            text.Append(random.Next(200) == 0
                ? $"{{\"timestamp\":\"{time:yyyy-MM-ddTHH:mm:ss}Z\",\"kWh_value\":\"x{kwh}\",\"meter_id\":\"m{line % 7}\"}}\n"
                : $"{{\"timestamp\":\"{time:yyyy-MM-ddTHH:mm:ss}Z\",\"kWh_value\":{kwh},\"meter_id\":\"m{line % 7}\"}}\n");
        }

        string big = _host.WriteFile("big.jsonl", text.ToString());
        const string Script = "Measure-KwhUsage -LiteralPath $args[0] -Interval Hour, Day -ByMeter -TimeZone Europe/Madrid -ThrottleLimit $args[1] -Verbose";
        RunResult one = _host.Run(Script, big, 1);
        RunResult two = _host.Run(Script, big, 2);

        Assert.Null(two.Terminating);
        Assert.Contains(two.Verbose, v => v.Contains("2 workers", StringComparison.Ordinal));
        // The readings span the 72 UTC hours from 2024-03-30T00:00Z, each one Madrid hour (01:00+01:00 on the 30th to
        // 01:00+02:00 on the 2nd), and the local days 30th, 31st, 1st and 2nd; every meter (m0..m6) gets every one.
        Assert.Equal((72 + 4) * 7, one.Output.Count);
        Assert.Equal(one.Output.Select(Render.All), two.Output.Select(Render.All));
        Assert.InRange(one.Errors.Count, 500, int.MaxValue);
        // The skipped records keep their own line and record numbers, whichever range they were read in.
        Assert.Equal(one.Errors.Select(e => Render.All(Target(e))), two.Errors.Select(e => Render.All(Target(e)))
            .OrderBy(s => s, StringComparer.Ordinal).OrderBy(s => long.Parse(s.Split("Line=")[1].Split(',')[0], Invariant)));
    }

    // ---- the type ---------------------------------------------------------------------------------------------------

    [Fact]
    public void KwhUsage_IsAPublicType_ThatScriptsCanName()
    {
        var output = _host.RunClean("""
            $rows = Measure-KwhUsage -Path $args[0] -Interval Day -ErrorAction SilentlyContinue
            [Aggregator.KwhUsage].FullName
            ($rows | Where-Object { $_ -is [Aggregator.KwhUsage] }).Count
            $rows[0].Period -is [datetimeoffset]
            $rows[0].Interval -is [Aggregator.KwhInterval]
            $rows[0].Interval -eq 'Day'
            $rows[0].Kwh -is [double]
            $rows[0].Readings -is [long]
            [Aggregator.KwhUsage]::new().MeterId -eq ''
            ($rows | Where-Object Kwh -eq 0).Period.ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture)
            """, ReadingsJson);

        Assert.Equal(new object[] { "Aggregator.KwhUsage", 3, true, true, true, true, true, true, "2024-07-02" }, output.Select(o => o.BaseObject));
    }

    // ---- the bounded zero-fill -------------------------------------------------------------------------------------------

    [Fact]
    public void ASentinelReadingAtTheYearOne_GivesItsOwnRow_AndAWarning_NotMillionsOfZeroRows()
    {
        string file = _host.WriteFile("sentinel.csv", "timestamp,kwh,meter_id\n0001-01-01T00:00:00Z,5,m1\n2024-07-01T10:20:00Z,1.5,m1\n");

        var rows = _host.RunClean("Measure-KwhUsage -LiteralPath $args[0] -Interval Day -WarningVariable warned -WarningAction SilentlyContinue", file);

        Assert.Equal(new[] { "0001-01-01T00:00+00:00 Day  5 1", "2024-07-01T00:00+00:00 Day  1.5 1" }, rows.Select(Row));
        string warning = string.Join("\n", ((System.Collections.IEnumerable)_host.GetVariable("warned")!.BaseObject).Cast<object>()
            .Select(w => ((WarningRecord)PSObject.AsPSObject(w).BaseObject).Message));
        Assert.Contains("-MaxFillDays 400", warning);
        Assert.Contains("0001-01-01T00:00+00:00", warning);
        Assert.Contains("5 kWh from 1 reading(s)", warning);
    }

    [Fact]
    public void MaxFillDays_WidensOrNarrowsTheFill_AndFromWithTo_FillsWhatTheyName()
    {
        string file = _host.WriteFile("two.csv", "timestamp,kwh\n2024-01-01T00:00:00Z,1\n2024-01-11T00:00:00Z,2\n");

        var narrow = _host.RunClean("Measure-KwhUsage -LiteralPath $args[0] -Interval Day -MaxFillDays 5 -WarningAction SilentlyContinue", file);
        var wide = _host.RunClean("Measure-KwhUsage -LiteralPath $args[0] -Interval Day -MaxFillDays 11", file);
        var named = _host.RunClean("Measure-KwhUsage -LiteralPath $args[0] -Interval Day -MaxFillDays 1 -From 2024-01-01 -To 2024-01-12", file);

        Assert.Equal(new[] { "2024-01-01T00:00+00:00 Day  1 1", "2024-01-11T00:00+00:00 Day  2 1" }, narrow.Select(Row));
        Assert.Equal(11, wide.Count);
        Assert.Equal(11, named.Count);
        Assert.Equal(3.0, wide.Sum(r => r.Prop<double>("Kwh")));
    }

    [Fact]
    public void MaxFillDays_MustBeAtLeastOne()
    {
        RunResult result = _host.Run("Measure-KwhUsage -LiteralPath $args[0] -MaxFillDays 0", ReadingsJson);

        Assert.StartsWith("ParameterArgumentValidationError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }
}

/// <summary>samples/electro/readings.json read with System.Text.Json: the valid readings, by the rules the cmdlet documents.</summary>
public sealed class ElectroSample
{
    private ElectroSample(List<(string Timestamp, string Kwh, string Meter)> raw, List<(DateTimeOffset Time, double Kwh, string Meter)> valid)
    {
        Raw = raw;
        Valid = valid;
    }

    /// <summary>Every element as written: timestamp, kWh_value and meter_id or source_id.</summary>
    public IReadOnlyList<(string Timestamp, string Kwh, string Meter)> Raw { get; }

    /// <summary>The readings with a valid timestamp and a kWh value of zero or more.</summary>
    public IReadOnlyList<(DateTimeOffset Time, double Kwh, string Meter)> Valid { get; }

    public static ElectroSample Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Samples, "electro", "readings.json")));
        var raw = new List<(string, string, string)>();
        var valid = new List<(DateTimeOffset, double, string)>();
        foreach (JsonElement element in document.RootElement.EnumerateArray())
        {
            string timestamp = element.GetProperty("timestamp").GetString()!;
            double kwh = element.GetProperty("kWh_value").GetDouble();
            string meter = (element.TryGetProperty("meter_id", out JsonElement m) ? m : element.GetProperty("source_id")).GetString()!;
            raw.Add((timestamp, element.GetProperty("kWh_value").GetRawText(), meter));
            if (kwh >= 0 && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
            {
                valid.Add((time, kwh, meter));
            }
        }

        Assert.Equal(62, raw.Count);
        Assert.Equal(60, valid.Count);
        return new ElectroSample(raw, valid);
    }

    /// <summary>Sum and count per period (UTC start), in file order, optionally for one meter.</summary>
    public Dictionary<DateTime, (double Kwh, long Count)> Sums(Func<(DateTimeOffset Time, double Kwh, string Meter), DateTime> periodOf, string? meter = null)
    {
        var sums = new Dictionary<DateTime, (double Kwh, long Count)>();
        foreach (var reading in Valid.Where(r => meter is null || r.Meter == meter))
        {
            DateTime period = periodOf(reading);
            sums[period] = sums.TryGetValue(period, out var s) ? (s.Kwh + reading.Kwh, s.Count + 1) : (reading.Kwh, 1);
        }

        return sums;
    }
}
