using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Sensors;

namespace Aggregator.Core.Tests;

/// <summary>
/// Sensor CSV files: the seed's example, header rules, every row error with its row number, the status rules, the
/// content id, SensorAccumulator.Merge, and the property parser behind pipeline input.
/// </summary>
public sealed class SensorReadingTests : IDisposable
{
    private const string SeedExample =
        "sensor_id,timestamp,value\n" +
        "sensor-a,2025-10-01T08:00:00Z,21.4\n" +
        "sensor-b,2025-10-01T08:00:00Z,19.87\n" +
        "sensor-c,2025-10-01T08:00:00Z,42.0\n" +
        "sensor-a,2025-10-01T08:05:00Z,20.93\n" +
        "sensor-b,,22.1\n" +
        "sensor-b,2025-10-01T08:05:00Z,20.9\n";

    private static readonly DateTime EightAm = Utc.At(2025, 10, 1, 8);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed record Measured(SensorFileSummary Summary, FileImportStatistics Statistics, List<SkippedRecord> Skipped);

    // Reads one file the way Measure-SensorReading does: into a tracker, whose errors come from the skipped rows.
    private static Measured Measure(string path)
    {
        var tracker = new SensorFileTracker(path);
        var skipped = new List<SkippedRecord>();
        FileImportStatistics statistics = EventFileReader.ReadFile(path, new EventReadOptions { Fields = FieldMap.Sensor },
            new AccumulatingSink(tracker.Readings, s =>
            {
                skipped.Add(s);
                tracker.AddError(s);
            }, null));
        return new Measured(tracker.Complete(statistics.Error), statistics, skipped);
    }

    private Measured MeasureText(string text, string name = "sensors.csv") => Measure(_dir.Write(name, text));

    private static string Errors(SensorFileSummary summary) => summary.Errors.ToString();

    [Fact]
    public void SeedExample_GivesTheServicesFigures()
    {
        string path = _dir.Write("readings.csv", SeedExample);

        var (summary, statistics, skipped) = Measure(path);

        Assert.Equal(SensorFileStatus.Partial, summary.Status);
        Assert.Null(summary.Message);
        Assert.Equal(5, summary.RowCount);
        Assert.Equal(1, summary.ErrorCount);
        Assert.Equal(19.87, summary.MinValue);
        Assert.Equal(42.0, summary.MaxValue);
        Assert.Equal(25.02, summary.MeanValue);
        Assert.Equal(125.1, summary.Sum);
        Assert.Equal(new Dictionary<string, long> { ["sensor-a"] = 2, ["sensor-b"] = 2, ["sensor-c"] = 1 }, summary.PerSensorCount);
        Assert.Equal("sensor-a=2;sensor-b=2;sensor-c=1", summary.PerSensorCount.ToString());
        SensorRowError error = Assert.Single(summary.Errors);
        Assert.Equal(6, error.RowNumber);
        Assert.Equal("missing timestamp", error.Reason);
        Assert.Equal("6: missing timestamp", Errors(summary));
        Assert.Equal(SkipReason.MissingField, Assert.Single(skipped).Reason);
        Assert.Equal(path, summary.Path);
        Assert.Equal(SensorFileTracker.ContentIdOf(path), summary.FileId);
        Assert.NotEqual(string.Empty, summary.FileId);
        Assert.True(summary.ProcessedAt >= summary.StartedAt);
        Assert.Equal(DateTimeKind.Utc, summary.StartedAt.Kind);
        Assert.True(summary.ProcessingMs >= 0);

        Assert.Null(statistics.Error);
        Assert.False(statistics.HeaderError);
        Assert.Equal(InputFormat.Csv, statistics.Format);
        Assert.Equal(6, statistics.TotalRecords);
        Assert.Equal(5, statistics.ValidRecords);
        Assert.Equal(1, statistics.SkippedRecords);
    }

    [Fact]
    public void SeedExample_AsReadings_KeepsEachRowsValueAndNumber()
    {
        var sink = new CollectingReadings();
        EventFileReader.ReadStream(new MemoryStream(Encoding.UTF8.GetBytes(SeedExample)), "s.csv",
            new EventReadOptions { Fields = FieldMap.Sensor }, sink);

        Assert.Equal(
            new[]
            {
                "2:sensor-a:2025-10-01T08:00:00Z:21.4", "3:sensor-b:2025-10-01T08:00:00Z:19.87", "4:sensor-c:2025-10-01T08:00:00Z:42",
                "5:sensor-a:2025-10-01T08:05:00Z:20.93", "7:sensor-b:2025-10-01T08:05:00Z:20.9",
            },
            sink.Readings);
    }

    public static TheoryData<string, string> HeaderVariants => new()
    {
        { "case", "SENSOR_ID,Timestamp,VALUE\nsensor-a,2025-10-01T08:00:00Z,1.5\nsensor-b,2025-10-01T08:05:00Z,2.5\n" },
        { "order", "value,timestamp,sensor_id\n1.5,2025-10-01T08:00:00Z,sensor-a\n2.5,2025-10-01T08:05:00Z,sensor-b\n" },
        { "extra columns", "site,sensor_id,unit,timestamp,value,note\nx,sensor-a,C,2025-10-01T08:00:00Z,1.5,ok\ny,sensor-b,C,2025-10-01T08:05:00Z,2.5,\n" },
        { "spaces", " sensor_id ,  timestamp,value \nsensor-a,2025-10-01T08:00:00Z,1.5\nsensor-b,2025-10-01T08:05:00Z,2.5\n" },
        { "quoted", "\"sensor_id\",\"timestamp\",\"value\"\n\"sensor-a\",\"2025-10-01T08:00:00Z\",\"1.5\"\nsensor-b,2025-10-01T08:05:00Z,2.5\n" },
        { "crlf", "sensor_id,timestamp,value\r\nsensor-a,2025-10-01T08:00:00Z,1.5\r\nsensor-b,2025-10-01T08:05:00Z,2.5\r\n" },
        { "no final newline", "sensor_id,timestamp,value\nsensor-a,2025-10-01T08:00:00Z,1.5\nsensor-b,2025-10-01T08:05:00Z,2.5" },
        { "bom", "\uFEFFsensor_id,timestamp,value\nsensor-a,2025-10-01T08:00:00Z,1.5\nsensor-b,2025-10-01T08:05:00Z,2.5\n" },
        { "spaces in cells", "sensor_id,timestamp,value\nsensor-a , 2025-10-01T08:00:00Z , 1.5 \n sensor-b,2025-10-01T08:05:00Z,2.5\n" },
    };

    [Theory]
    [MemberData(nameof(HeaderVariants))]
    public void HeaderVariants_AllRead(string variant, string text)
    {
        var (summary, statistics, skipped) = MeasureText(text);

        Assert.True(statistics.Error is null, $"{variant}: {statistics.Error}");
        Assert.Empty(skipped);
        Assert.Equal(SensorFileStatus.Processed, summary.Status);
        Assert.Equal(2, summary.RowCount);
        Assert.Equal(1.5, summary.MinValue);
        Assert.Equal(2.5, summary.MaxValue);
        Assert.Equal(2.0, summary.MeanValue);
        Assert.Equal("sensor-a=1;sensor-b=1", summary.PerSensorCount.ToString());
    }

    [Theory]
    [InlineData("timestamp,value\n2025-10-01T08:00:00Z,1\n", "'sensor_id' column (looked for: sensor_id)")]
    [InlineData("sensor_id,value\nsensor-a,1\n", "'timestamp' column (looked for: timestamp)")]
    [InlineData("sensor_id,timestamp\nsensor-a,2025-10-01T08:00:00Z\n", "'value' column (looked for: value)")]
    [InlineData("sensorid,timestamp,value\nsensor-a,2025-10-01T08:00:00Z,1\n", "'sensor_id' column (looked for: sensor_id)")]
    [InlineData("sensor_id,time,value\nsensor-a,2025-10-01T08:00:00Z,1\n", "'timestamp' column (looked for: timestamp)")]   // kWh aliases do not count
    [InlineData("sensor_id,timestamp,kwh\nsensor-a,2025-10-01T08:00:00Z,1\n", "'value' column (looked for: value)")]
    [InlineData("sensor-a,2025-10-01T08:00:00Z,1\nsensor-b,2025-10-01T08:00:00Z,2\n", "'timestamp' column (looked for: timestamp), no 'value' column (looked for: value) and no 'sensor_id' column (looked for: sensor_id)")]   // no header
    public void MissingColumn_FailsTheFile_NamingTheColumn(string text, string column)
    {
        var (summary, statistics, skipped) = MeasureText(text);

        Assert.True(statistics.HeaderError);
        Assert.NotNull(statistics.Error);
        Assert.Contains($"The header has no {column}", statistics.Error);
        Assert.Equal(SensorFileStatus.Failed, summary.Status);
        Assert.Equal(statistics.Error, summary.Message);
        Assert.Equal(0, summary.RowCount);
        Assert.Equal(0, summary.ErrorCount);
        Assert.Empty(skipped);
        Assert.Null(summary.MinValue);
        Assert.Null(summary.MaxValue);
        Assert.Null(summary.MeanValue);
        Assert.Empty(summary.PerSensorCount);
        Assert.Equal(0, statistics.TotalRecords);
    }

    [Fact]
    public void MissingColumns_AreAllNamed()
    {
        var (summary, statistics, _) = MeasureText("id,when\na,b\n");

        Assert.True(statistics.HeaderError);
        Assert.Equal("The header has no 'timestamp' column (looked for: timestamp), no 'value' column (looked for: value) and " +
            "no 'sensor_id' column (looked for: sensor_id). Columns found: id, when. Name the columns with -TimestampField, -ValueField and -SensorField.", summary.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void EmptyFile_FailsForWantOfAHeader(string text)
    {
        var (summary, statistics, _) = MeasureText(text);

        Assert.True(statistics.HeaderError);
        Assert.Equal(SensorFileStatus.Failed, summary.Status);
        Assert.Contains("no header row", summary.Message);
    }

    [Fact]
    public void EveryBadRow_HasItsReasonAndRowNumber()
    {
        var (summary, statistics, skipped) = MeasureText(
            "sensor_id,timestamp,value\n" +                  // 1
            "sensor-a,2025-10-01T08:00:00Z,1\n" +            // 2 valid
            ",2025-10-01T08:00:00Z,1\n" +                    // 3
            "   ,2025-10-01T08:00:00Z,1\n" +                 // 4
            "sensor-a,,1\n" +                                // 5
            "sensor-a,not-a-time,1\n" +                      // 6
            "sensor-a,2025-10-01T08:00:00Z,\n" +             // 7
            "sensor-a,2025-10-01T08:00:00Z,abc\n" +          // 8
            "sensor-a,2025-10-01T08:00:00Z\n" +              // 9: too few fields
            "sensor-a\n" +                                   // 10: too few fields
            "sensor-a,2025-10-01T08:00:00Z,NaN\n" +          // 11
            "sensor-a,2025-10-01T08:00:00Z,Infinity\n" +     // 12
            "sensor-a,2025-10-01T08:00:00Z,-Infinity\n" +    // 13
            "sensor-b,2025-10-01T08:00:00Z,-3.5\n" +         // 14 valid: a sensor value may be negative
            "\n" +                                           // 15 blank: not a row
            "sensor-b,2025-10-01T08:10:00Z,1e2\n" +          // 16 valid
            "sensor-c,2025-10-01T08:10:00Z,5,extra\n" +      // 17 valid: extra fields are ignored
            "sensor-a,2025-13-01T08:00:00Z,1\n" +            // 18
            ",,\n");                                         // 19: the first missing field is reported

        Assert.Equal(
            "3: missing sensor_id; 4: missing sensor_id; 5: missing timestamp; 6: invalid timestamp 'not-a-time'; " +
            "7: missing value; 8: invalid value 'abc'; 9: missing value; 10: missing timestamp; 11: invalid value 'NaN'; " +
            "12: invalid value 'Infinity'; 13: invalid value '-Infinity'; 18: invalid timestamp '2025-13-01T08:00:00Z'; " +
            "19: missing sensor_id",
            Errors(summary));
        Assert.Equal(
            new[]
            {
                SkipReason.MissingField, SkipReason.MissingField, SkipReason.MissingField, SkipReason.InvalidTimestamp,
                SkipReason.MissingField, SkipReason.InvalidValue, SkipReason.MissingField, SkipReason.MissingField,
                SkipReason.InvalidValue, SkipReason.InvalidValue, SkipReason.InvalidValue, SkipReason.InvalidTimestamp,
                SkipReason.MissingField,
            },
            skipped.Select(s => s.Reason));
        Assert.Equal(skipped.Select(s => s.Line), summary.Errors.Select(e => e.RowNumber));
        Assert.Equal(skipped.Select(s => s.Message), summary.Errors.Select(e => e.Reason));
        Assert.Equal("sensor-a,2025-10-01T08:00:00Z,abc", skipped[5].Raw.TrimEnd('\r', '\n'));
        Assert.Equal("abc", skipped[5].Value);

        Assert.Equal(SensorFileStatus.Partial, summary.Status);
        Assert.Equal(4, summary.RowCount);
        Assert.Equal(13, summary.ErrorCount);
        Assert.Equal(-3.5, summary.MinValue);
        Assert.Equal(100, summary.MaxValue);
        Assert.Equal((1 - 3.5 + 100 + 5) / 4, summary.MeanValue);
        Assert.Equal("sensor-a=1;sensor-b=2;sensor-c=1", summary.PerSensorCount.ToString());
        Assert.Equal(17, statistics.TotalRecords);
        Assert.Equal(statistics.TotalRecords, statistics.ValidRecords + statistics.SkippedRecords);
    }

    [Fact]
    public void BrokenCsvRow_IsARowError_AndLaterRowsAreRead()
    {
        var (summary, _, skipped) = MeasureText(
            "sensor_id,timestamp,value\n" +
            "sensor-a,2025-10-01T08:00:00Z,1\n" +
            "\"sensor-a,2025-10-01T08:00:00Z,2\n" +
            "sensor-a,2025-10-01T08:05:00Z,3\n");

        SkippedRecord bad = Assert.Single(skipped);
        Assert.Equal(SkipReason.InvalidCsv, bad.Reason);
        Assert.Equal(3, bad.Line);
        Assert.Equal(3, Assert.Single(summary.Errors).RowNumber);
        Assert.Equal(2, summary.RowCount);
        Assert.Equal(SensorFileStatus.Partial, summary.Status);
    }

    [Fact]
    public void QuotedLineBreak_KeepsLaterRowNumbersRight()
    {
        var (summary, _, _) = MeasureText(
            "sensor_id,timestamp,value\n" +
            "\"sensor\na\",2025-10-01T08:00:00Z,1\n" +
            "sensor-b,,2\n");

        Assert.Equal("4: missing timestamp", Errors(summary));
        Assert.Equal("sensor\na=1", summary.PerSensorCount.ToString());
    }

    [Fact]
    public void Status_Processed_WhenEveryRowIsValid()
    {
        var (summary, _, _) = MeasureText("sensor_id,timestamp,value\nsensor-a,2025-10-01T08:00:00Z,1\nsensor-a,2025-10-01T08:00:00Z,3\n");

        Assert.Equal(SensorFileStatus.Processed, summary.Status);
        Assert.Null(summary.Message);
        Assert.Equal(0, summary.ErrorCount);
        Assert.Empty(summary.Errors);
        Assert.Equal(2.0, summary.MeanValue);
    }

    [Fact]
    public void Status_Failed_WhenEveryRowIsBad()
    {
        var (summary, statistics, _) = MeasureText("sensor_id,timestamp,value\nsensor-a,,1\n,2025-10-01T08:00:00Z,1\n");

        Assert.Equal(SensorFileStatus.Failed, summary.Status);
        Assert.Equal("No row is valid (2 invalid).", summary.Message);
        Assert.Null(statistics.Error);
        Assert.False(statistics.HeaderError);
        Assert.Equal(0, summary.RowCount);
        Assert.Equal(2, summary.ErrorCount);
        Assert.Equal("2: missing timestamp; 3: missing sensor_id", Errors(summary));
        Assert.Null(summary.MinValue);
        Assert.Null(summary.MaxValue);
        Assert.Null(summary.MeanValue);
        Assert.Equal(0, summary.Sum);
    }

    [Fact]
    public void Status_Processed_ForAHeaderWithoutRows()
    {
        // Nothing is wrong with the file, there is just nothing in it: Processed, with no figures.
        var (summary, statistics, _) = MeasureText("sensor_id,timestamp,value\n");

        Assert.Equal(SensorFileStatus.Processed, summary.Status);
        Assert.Null(statistics.Error);
        Assert.Equal(0, summary.RowCount);
        Assert.Equal(0, summary.ErrorCount);
        Assert.Null(summary.MinValue);
        Assert.Null(summary.MeanValue);
        Assert.Empty(summary.PerSensorCount);
    }

    [Fact]
    public void Status_Failed_ForAMissingFile_WithoutAnId()
    {
        var (summary, statistics, _) = Measure(Path.Combine(_dir.Path, "gone.csv"));

        Assert.NotNull(statistics.Error);
        Assert.False(statistics.HeaderError);
        Assert.Equal(SensorFileStatus.Failed, summary.Status);
        Assert.Equal(statistics.Error, summary.Message);
        Assert.Equal(string.Empty, summary.FileId);
    }

    [Fact]
    public void Status_Failed_WhenTheFileStopsMidway_EvenWithValidRows()
    {
        var tracker = new SensorFileTracker(Path.Combine(_dir.Path, "x.csv"), identify: false);
        tracker.Readings.Add("sensor-a", 1);
        tracker.AddError(new SkippedRecord("x.csv", 3, SkipReason.MissingField, "missing value", "sensor-a,2025-10-01T08:00:00Z,"));

        SensorFileSummary summary = tracker.Complete("The gzip data is truncated.");

        Assert.Equal(SensorFileStatus.Failed, summary.Status);
        Assert.Equal("The gzip data is truncated.", summary.Message);
        Assert.Equal(1, summary.RowCount);
        Assert.Equal(1.0, summary.MeanValue);
        Assert.Equal("3: missing value", Errors(summary));
        Assert.Equal(string.Empty, summary.FileId);
    }

    [Fact]
    public void GzippedSensorFile_IsReadLikeThePlainOne()
    {
        string plain = _dir.Write("plain.csv", SeedExample);
        string gz = _dir.Write("packed.csv.gz", Read.Gzip(Encoding.UTF8.GetBytes(SeedExample)));

        var (plainSummary, _, _) = Measure(plain);
        var (gzSummary, _, _) = Measure(gz);

        Assert.Equal(plainSummary.Status, gzSummary.Status);
        Assert.Equal(plainSummary.MeanValue, gzSummary.MeanValue);
        Assert.Equal(Errors(plainSummary), Errors(gzSummary));
        Assert.NotEqual(plainSummary.FileId, gzSummary.FileId);   // the id is of the bytes on disk
    }

    [Fact]
    public void FileId_IsTheContentsHash_WrittenLikeAGuid()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(SeedExample);
        byte[] changed = (byte[])bytes.Clone();
        changed[^2] = (byte)'8';   // 20.9 -> 20.8
        string first = _dir.Write("one.csv", bytes);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "sub"));
        string copy = _dir.Write(Path.Combine("sub", "one.csv"), bytes);
        string renamed = _dir.Write("renamed.txt", bytes);
        string other = _dir.Write("two.csv", changed);

        string id = SensorFileTracker.ContentIdOf(first);

        Assert.Matches(new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"), id);
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(id, SensorFileTracker.ContentIdOf(copy));
        Assert.Equal(id, SensorFileTracker.ContentIdOf(first));
        Assert.Equal(id, SensorFileTracker.ContentIdOf(renamed));
        Assert.NotEqual(id, SensorFileTracker.ContentIdOf(other));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes))[..32].ToLowerInvariant(), id.Replace("-", string.Empty));
        Assert.Equal(id, new SensorFileTracker(copy).FileId);
        Assert.Equal(string.Empty, new SensorFileTracker(copy, identify: false).FileId);
        Assert.Equal(string.Empty, SensorFileTracker.ContentIdOf(Path.Combine(_dir.Path, "gone.csv")));
        Assert.Equal(Measure(first).Summary.FileId, Measure(copy).Summary.FileId);
    }

    [Fact]
    public void SensorAccumulator_Merge_EqualsASinglePass()
    {
        var rng = new Random(3);
        var readings = Enumerable.Range(0, 2000).Select(_ => ($"s{rng.Next(12)}", rng.Next(-4000, 4000) / 8.0)).ToList();
        var whole = new SensorAccumulator();
        foreach (var (sensor, value) in readings)
        {
            whole.Add(sensor, value);
        }

        // Three parts, the last backwards, so that the parts intern the sensors in different orders; one part is empty.
        var parts = new[] { readings.Take(700), Enumerable.Empty<(string, double)>(), readings.Skip(700).Reverse() }
            .Select(part =>
            {
                var accumulator = new SensorAccumulator();
                foreach (var (sensor, value) in part)
                {
                    accumulator.Add(sensor, value);
                }

                return accumulator;
            }).ToList();
        var merged = new SensorAccumulator();
        parts.ForEach(merged.Merge);

        static string Describe(SensorAccumulator a) =>
            $"{a.Count}|{a.Min}|{a.Max}|{a.Sum}|" + string.Join(";", a.GetResults().Select(s => $"{s.SensorId}:{s.Count}:{s.Min}:{s.Max}:{s.Sum}:{s.Mean}"));

        Assert.Equal(Describe(whole), Describe(merged));
        Assert.Equal(whole.GetCounts(), merged.GetCounts());
        Assert.Equal(12, merged.GetResults().Count);
        Assert.Equal(merged.GetResults().Select(s => s.SensorId).OrderBy(s => s, StringComparer.Ordinal),
            merged.GetResults().Select(s => s.SensorId));
    }

    [Fact]
    public void SensorAccumulator_Merge_OfTwoFiles_EqualsReadingThemAsOne()
    {
        string second = "sensor_id,timestamp,value\nsensor-c,2025-10-01T09:00:00Z,-1.5\nsensor-d,2025-10-01T09:00:00Z,7\n";
        var one = new SensorAccumulator();
        var two = new SensorAccumulator();
        var both = new SensorAccumulator();
        var options = new EventReadOptions { Fields = FieldMap.Sensor, Format = InputFormat.Csv };
        void ReadInto(SensorAccumulator accumulator, string text) =>
            EventFileReader.ReadStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), "x.csv", options,
                new AccumulatingSink(accumulator, _ => { }, null));
        ReadInto(one, SeedExample);
        ReadInto(two, second);
        ReadInto(both, SeedExample + second.Substring(second.IndexOf('\n') + 1));

        one.Merge(two);

        Assert.Equal(both.Count, one.Count);
        Assert.Equal(both.Min, one.Min);
        Assert.Equal(both.Max, one.Max);
        Assert.Equal(both.Sum, one.Sum, 12);
        Assert.Equal(both.GetCounts(), one.GetCounts());
        Assert.Equal(
            both.GetResults().Select(s => $"{s.SensorId}:{s.Count}:{s.Min}:{s.Max}"),
            one.GetResults().Select(s => $"{s.SensorId}:{s.Count}:{s.Min}:{s.Max}"));
    }

    [Fact]
    public void SensorAccumulator_RejectsNonFiniteValues()
    {
        var accumulator = new SensorAccumulator();
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add("a", double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add("a", double.NegativeInfinity));
        Assert.Equal(0, accumulator.Count);
    }

    [Fact]
    public void PropertyParser_Sensor_AcceptsStringsNumbersAndDates()
    {
        var parser = new ReadingPropertyParser();

        Assert.True(parser.TryCreateSensor("sensor-a", "2025-10-01T08:00:00Z", "21.4", "(pipeline)", 1, out SensorReading? reading, out var skipped));
        Assert.Null(skipped);
        Assert.Equal("sensor-a", reading!.SensorId);
        Assert.Equal(EightAm, reading.Timestamp);
        Assert.Equal(DateTimeKind.Utc, reading.Timestamp.Kind);
        Assert.Equal(21.4, reading.Value);
        Assert.Equal("(pipeline)", reading.Source);
        Assert.Equal(1, reading.Row);

        Assert.True(parser.TryCreateSensor(" sensor-b ", EightAm, 21, "p", 2, out reading, out _));
        Assert.Equal("sensor-b", reading!.SensorId);
        Assert.Equal(21.0, reading.Value);

        Assert.True(parser.TryCreateSensor("s", new DateTimeOffset(2025, 10, 1, 10, 0, 0, TimeSpan.FromHours(2)), 1.25m, "p", 3, out reading, out _));
        Assert.Equal(EightAm, reading!.Timestamp);
        Assert.Equal(1.25, reading.Value);

        Assert.True(parser.TryCreateSensor("s", 1759305600L, -7.5, "p", 4, out reading, out _));
        Assert.Equal(EightAm, reading!.Timestamp);
        Assert.Equal(-7.5, reading.Value);

        Assert.True(parser.TryCreateSensor("s", new DateTime(2025, 10, 1, 8, 0, 0, DateTimeKind.Unspecified), 0.5f, "p", 5, out reading, out _));
        Assert.Equal(EightAm, reading!.Timestamp);   // no zone assumed: UTC
        Assert.Equal(0.5, reading.Value);

        var berlin = new ReadingPropertyParser(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.True(berlin.TryCreateSensor("s", new DateTime(2025, 10, 1, 10, 0, 0, DateTimeKind.Unspecified), "1", "p", 6, out reading, out _));
        Assert.Equal(EightAm, reading!.Timestamp);
        Assert.True(berlin.TryCreateSensor("s", "2025-10-01 10:00:00", "1", "p", 7, out reading, out _));
        Assert.Equal(EightAm, reading!.Timestamp);
    }

    [Theory]
    [InlineData(null, "2025-10-01T08:00:00Z", "1", SkipReason.MissingField, "missing sensor_id")]
    [InlineData("  ", "2025-10-01T08:00:00Z", "1", SkipReason.MissingField, "missing sensor_id")]
    [InlineData("s", null, "1", SkipReason.MissingField, "missing timestamp")]
    [InlineData("s", "", "1", SkipReason.MissingField, "missing timestamp")]
    [InlineData("s", "  ", "1", SkipReason.MissingField, "missing timestamp")]
    [InlineData("s", "later", "1", SkipReason.InvalidTimestamp, "invalid timestamp 'later'")]
    [InlineData("s", "2025-10-01T08:00:00Z", null, SkipReason.MissingField, "missing value")]
    [InlineData("s", "2025-10-01T08:00:00Z", "", SkipReason.MissingField, "missing value")]
    [InlineData("s", "2025-10-01T08:00:00Z", "abc", SkipReason.InvalidValue, "invalid value 'abc'")]
    [InlineData("s", "2025-10-01T08:00:00Z", "NaN", SkipReason.InvalidValue, "invalid value 'NaN'")]
    [InlineData("s", "2025-10-01T08:00:00Z", "Infinity", SkipReason.InvalidValue, "invalid value 'Infinity'")]
    [InlineData(null, null, null, SkipReason.MissingField, "missing sensor_id")]
    public void PropertyParser_Sensor_SaysWhyARowIsLeftOut(string? sensor, string? timestamp, string? value, SkipReason reason, string message)
    {
        Assert.False(new ReadingPropertyParser().TryCreateSensor(sensor, timestamp, value, "(pipeline)", 9, out SensorReading? reading, out SkippedRecord? skipped));

        Assert.Null(reading);
        Assert.Equal(reason, skipped!.Reason);
        Assert.Equal(message, skipped.Message);
        Assert.Equal(9, skipped.Line);
        Assert.Equal(9, skipped.Record);
        Assert.Equal("(pipeline)", skipped.Source);
        Assert.Equal(sensor, skipped.User);
        Assert.Equal(value, skipped.Value);
    }

    [Fact]
    public void PropertyParser_Sensor_RejectsNonNumbers()
    {
        var parser = new ReadingPropertyParser();

        Assert.False(parser.TryCreateSensor("s", EightAm, double.NaN, "p", 1, out _, out var skipped));
        Assert.Equal("invalid value 'NaN'", skipped!.Message);
        Assert.False(parser.TryCreateSensor("s", EightAm, double.PositiveInfinity, "p", 1, out _, out skipped));
        Assert.Equal(SkipReason.InvalidValue, skipped!.Reason);
        Assert.False(parser.TryCreateSensor("s", EightAm, true, "p", 1, out _, out skipped));
        Assert.Equal("invalid value 'True'", skipped!.Message);
        Assert.False(parser.TryCreateSensor("s", new object(), 1, "p", 1, out _, out skipped));
        Assert.Equal(SkipReason.InvalidTimestamp, skipped!.Reason);
    }

    [Fact]
    public void PropertyParser_Kwh()
    {
        var parser = new ReadingPropertyParser();

        Assert.True(parser.TryCreateKwh("2025-10-01T08:00:00Z", "1.5", "m1", "p", 1, out DateTime utc, out double kwh, out var skipped));
        Assert.Null(skipped);
        Assert.Equal(EightAm, utc);
        Assert.Equal(1.5, kwh);
        Assert.True(parser.TryCreateKwh(EightAm, 2, null, "p", 2, out utc, out kwh, out _));
        Assert.Equal(2.0, kwh);
        Assert.True(parser.TryCreateKwh(new DateTimeOffset(EightAm), 0.0, "", "p", 3, out _, out kwh, out _));
        Assert.Equal(0.0, kwh);
        Assert.True(parser.TryCreateKwh(1759305600, 3.25m, "m", "p", 4, out utc, out kwh, out _));
        Assert.Equal(EightAm, utc);
        Assert.Equal(3.25, kwh);

        void Rejected(object? timestamp, object? value, SkipReason reason, string message)
        {
            Assert.False(parser.TryCreateKwh(timestamp, value, "m9", "p", 5, out _, out _, out SkippedRecord? why));
            Assert.Equal(reason, why!.Reason);
            Assert.Equal(message, why.Message);
            Assert.Equal("m9", why.User);
        }

        Rejected(EightAm, -1, SkipReason.InvalidValue, "The kWh value -1 is negative.");
        Rejected(EightAm, "-0.25", SkipReason.InvalidValue, "The kWh value -0.25 is negative.");
        Rejected(EightAm, "abc", SkipReason.InvalidValue, "The kWh value 'abc' is not a finite number.");
        Rejected(EightAm, "NaN", SkipReason.InvalidValue, "The kWh value 'NaN' is not a finite number.");
        Rejected(EightAm, double.NaN, SkipReason.InvalidValue, "The kWh value 'NaN' is not a finite number.");
        Rejected(EightAm, null, SkipReason.MissingField, "The object has no kWh value (a Kwh, kWh_value or Value property is required).");
        Rejected(EightAm, " ", SkipReason.MissingField, "The object has no kWh value (a Kwh, kWh_value or Value property is required).");
        Rejected(null, 1, SkipReason.MissingField, "The object has no timestamp (a Timestamp property is required).");
        Rejected("", 1, SkipReason.MissingField, "The object has no timestamp (a Timestamp property is required).");
        Rejected("soon", 1, SkipReason.InvalidTimestamp, "'soon' is not a valid timestamp.");
    }

    /// <summary>Keeps each valid sensor row as "line:sensor:time:value".</summary>
    private sealed class CollectingReadings : IEventSink
    {
        public EventSymbols Symbols { get; } = new();

        public NameUse Names => NameUse.User;

        public List<string> Readings { get; } = new();

        public void OnEvent(in ParsedEvent record) =>
            Readings.Add($"{record.Line}:{record.User}:{record.Timestamp:yyyy-MM-ddTHH:mm:ss'Z'}:{record.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

        public void OnSkipped(SkippedRecord record)
        {
        }
    }
}
