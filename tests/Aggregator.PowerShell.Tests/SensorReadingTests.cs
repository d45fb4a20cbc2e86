using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Import-SensorReading and Measure-SensorReading over sensor CSV files (sensor_id, timestamp and value columns, in any
/// order and case). samples/sensors/readings.csv is the seed's example: six rows, of which row 6 (line 6, the header being
/// line 1) has no timestamp; the five others give RowCount 5, MinValue 19.87, MaxValue 42, MeanValue 25.02 and
/// sensor-a 2, sensor-b 2, sensor-c 1, status Partial. pumps.csv has its columns in another order and case, and three bad
/// rows (value 'abc' on line 5, hour 25 on line 6, no sensor on line 7); boiler.csv is clean; wrong-header.csv has a
/// "time" column instead of "timestamp".
/// </summary>
public sealed class SensorReadingTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Sample(string name) => Path.Combine(RepoPaths.Samples, "sensors", name);

    private static string ReadingsCsv => Sample("readings.csv");

    private static string Id(ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

    private static PSObject Target(ErrorRecord e) => PSObject.AsPSObject(e.TargetObject);

    /// <summary>"sensor-a=2;sensor-b=2" from a PerSensorCount, read as a dictionary (not through its ToString).</summary>
    private static string Counts(PSObject summary)
    {
        var map = Assert.IsAssignableFrom<IDictionary>(summary.Prop("PerSensorCount"));
        return string.Join(";", map.Keys.Cast<string>().Order(StringComparer.Ordinal).Select(k => $"{k}={map[k]}"));
    }

    /// <summary>"6: missing timestamp|..." from the Errors list, read item by item.</summary>
    private static string Errors(PSObject summary) =>
        string.Join("|", Assert.IsAssignableFrom<IEnumerable>(summary.Prop("Errors")).Cast<object>()
            .Select(PSObject.AsPSObject).Select(e => $"{e.Prop<long>("RowNumber")}: {e.Prop("Reason")}"));

    /// <summary>Every figure of a SensorFileSummary except the timing ones, for comparing runs.</summary>
    private static string Figures(PSObject s) =>
        $"{s.Prop("FileId")} {s.Prop("Path")} {s.Prop("Status")} {s.Prop("Message")} {s.Prop("RowCount")} {s.Prop("ErrorCount")} " +
        $"{Num(s.Prop("MinValue"))} {Num(s.Prop("MaxValue"))} {Num(s.Prop("MeanValue"))} {Num(s.Prop("Sum"))} {Counts(s)} {Errors(s)}";

    private static string Num(object? value) => value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : value?.ToString() ?? "null";

    /// <summary>The content id the service uses: the first 16 bytes of the SHA-256 of the file, written like a GUID.</summary>
    private static string ContentId(string path)
    {
        string hex = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    // ---- the seed's example ---------------------------------------------------------------------------------------------

    [Fact]
    public void SeedExample_OneSummary_WithTheSeedsFiguresExactly()
    {
        DateTime before = DateTime.UtcNow;
        RunResult result = _host.Run("Measure-SensorReading -Path $args[0]", ReadingsCsv);
        DateTime after = DateTime.UtcNow;

        Assert.Null(result.Terminating);
        PSObject s = Assert.Single(result.Output);
        Assert.Equal("Aggregator.SensorFileSummary", s.TypeName());
        Assert.Equal(ContentId(ReadingsCsv), s.Prop("FileId"));
        Assert.Equal(ReadingsCsv, s.Prop("Path"));
        Assert.Equal("Partial", s.Prop("Status")!.ToString());
        Assert.Null(s.Prop("Message"));
        Assert.Equal(5L, s.Prop<long>("RowCount"));
        Assert.Equal(1L, s.Prop<long>("ErrorCount"));
        Assert.Equal(19.87, s.Prop("MinValue"));
        Assert.Equal(42.0, s.Prop("MaxValue"));
        Assert.Equal(25.02, s.Prop("MeanValue"));
        Assert.Equal(125.1, s.Prop<double>("Sum"), 9);
        Assert.Equal("sensor-a=2;sensor-b=2;sensor-c=1", Counts(s));
        Assert.Equal("6: missing timestamp", Errors(s));

        var started = Assert.IsType<DateTime>(s.Prop("StartedAt"));
        var processed = Assert.IsType<DateTime>(s.Prop("ProcessedAt"));
        Assert.Equal(DateTimeKind.Utc, started.Kind);
        Assert.Equal(DateTimeKind.Utc, processed.Kind);
        Assert.InRange(started, before.AddSeconds(-1), processed);
        Assert.InRange(processed, started, after.AddSeconds(1));
        Assert.InRange(s.Prop<long>("ProcessingMs"), 0, (long)(after - before).TotalMilliseconds + 1);

        // The bad row is also a non-terminating error: ErrorId the reason, target the SkippedRecord with its line.
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("MissingField", Id(error));
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("Aggregator.SkippedRecord", error.TargetObject.GetType().FullName);
        Assert.Equal(6L, Target(error).Prop<long>("Line"));
        Assert.Equal("missing timestamp", Target(error).Prop("Message"));
        Assert.Equal("sensor-b", Target(error).Prop("User"));
        Assert.Equal("22.1", Target(error).Prop("Value"));
        Assert.Equal(ReadingsCsv, Target(error).Prop("Source"));
        Assert.Contains("readings.csv line 6: missing timestamp", error.Exception.Message);
    }

    [Fact]
    public void SeedExample_ImportSensorReading_EmitsTheFiveValidRows_AsTypedObjects()
    {
        RunResult result = _host.Run("Import-SensorReading $args[0]", ReadingsCsv);

        Assert.Null(result.Terminating);
        Assert.All(result.Output, r => Assert.Equal("Aggregator.SensorReading", r.TypeName()));
        Assert.Equal(new[]
        {
            "sensor-a 2025-10-01T08:00:00Z 21.4 2",
            "sensor-b 2025-10-01T08:00:00Z 19.87 3",
            "sensor-c 2025-10-01T08:00:00Z 42 4",
            "sensor-a 2025-10-01T08:05:00Z 20.93 5",
            "sensor-b 2025-10-01T08:05:00Z 20.9 7",
        }, result.Output.Select(r =>
            $"{r.Prop("SensorId")} {(DateTime)r.Prop("Timestamp")!:yyyy-MM-ddTHH:mm:ssZ} {Num(r.Prop("Value"))} {r.Prop("Row")}"));
        Assert.All(result.Output, r => Assert.Equal(DateTimeKind.Utc, ((DateTime)r.Prop("Timestamp")!).Kind));
        Assert.All(result.Output, r => Assert.Equal(ReadingsCsv, r.Prop("Source")));

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("MissingField", Id(error));
        Assert.Equal(6L, Target(error).Prop<long>("Line"));
        Assert.Equal("missing timestamp", Target(error).Prop("Message"));
    }

    [Fact]
    public void ImportSensorReading_ColumnsInAnyOrderAndCase_AndEachBadRowIsAnErrorWithItsRowNumber()
    {
        RunResult result = _host.Run("Import-SensorReading -LiteralPath $args[0]", Sample("pumps.csv"));

        // Negative values are valid sensor values.
        Assert.Equal(new[] { "pump-1 7.5 2", "pump-2 8.25 3", "pump-1 -1.5 4" },
            result.Output.Select(r => $"{r.Prop("SensorId")} {Num(r.Prop("Value"))} {r.Prop("Row")}"));
        Assert.Equal(new[]
        {
            "InvalidValue 5 invalid value 'abc'",
            "InvalidTimestamp 6 invalid timestamp '2025-10-01T25:01:00Z'",
            "MissingField 7 missing sensor_id",
        }, result.Errors.Select(e => $"{Id(e)} {Target(e).Prop("Line")} {Target(e).Prop("Message")}"));
        Assert.All(result.Errors, e => Assert.Equal(Id(e), Target(e).Prop("Reason")!.ToString()));
    }

    [Fact]
    public void ImportSensorReading_WrongHeader_IsOneInvalidHeaderError_AndTheOtherFilesGoOn()
    {
        RunResult result = _host.Run("Import-SensorReading -LiteralPath $args[0], $args[1], $args[2]",
            Sample("boiler.csv"), Sample("wrong-header.csv"), ReadingsCsv);

        Assert.Null(result.Terminating);
        Assert.Equal(3 + 5, result.Output.Count);
        Assert.Equal(new[] { Sample("boiler.csv"), ReadingsCsv }, result.Output.Select(r => (string)r.Prop("Source")!).Distinct());
        Assert.Equal(new[] { "InvalidHeader", "MissingField" }, result.Errors.Select(Id));
        ErrorRecord header = result.Errors[0];
        Assert.Equal(ErrorCategory.InvalidData, header.CategoryInfo.Category);
        Assert.Equal(Sample("wrong-header.csv"), header.TargetObject);
        Assert.Contains("timestamp", header.Exception.Message);
        Assert.Contains("wrong-header.csv", header.Exception.Message);
    }

    // ---- several files ----------------------------------------------------------------------------------------------

    [Fact]
    public void Path_Wildcard_OneSummaryPerFile_EvenTheFailedOne_InTheOrderGiven()
    {
        RunResult result = _host.Run("Measure-SensorReading -Path $args[0]", Sample("*.csv"));

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "boiler.csv Processed", "pumps.csv Partial", "readings.csv Partial", "wrong-header.csv Failed" },
            result.Output.Select(s => $"{Path.GetFileName((string)s.Prop("Path")!)} {s.Prop("Status")}"));

        PSObject boiler = result.Output[0];
        Assert.Equal(3L, boiler.Prop<long>("RowCount"));
        Assert.Equal(0L, boiler.Prop<long>("ErrorCount"));
        Assert.Equal(71.5, boiler.Prop("MinValue"));
        Assert.Equal(72.25, boiler.Prop("MaxValue"));
        Assert.Equal(215.5 / 3, boiler.Prop<double>("MeanValue"), 12);
        Assert.Equal("boiler=3", Counts(boiler));
        Assert.Equal(string.Empty, Errors(boiler));
        Assert.Null(boiler.Prop("Message"));

        PSObject pumps = result.Output[1];
        Assert.Equal("3 3 -1.5 8.25 4.75", $"{pumps.Prop("RowCount")} {pumps.Prop("ErrorCount")} {Num(pumps.Prop("MinValue"))} {Num(pumps.Prop("MaxValue"))} {Num(pumps.Prop("MeanValue"))}");
        Assert.Equal("pump-1=2;pump-2=1", Counts(pumps));
        Assert.Equal("5: invalid value 'abc'|6: invalid timestamp '2025-10-01T25:01:00Z'|7: missing sensor_id", Errors(pumps));

        PSObject seed = result.Output[2];
        Assert.Equal($"{ContentId(ReadingsCsv)} {ReadingsCsv} Partial  5 1 19.87 42 25.02 125.1 sensor-a=2;sensor-b=2;sensor-c=1 6: missing timestamp",
            Figures(seed));

        PSObject failed = result.Output[3];
        Assert.Equal(ContentId(Sample("wrong-header.csv")), failed.Prop("FileId"));
        Assert.Contains("timestamp", (string)failed.Prop("Message")!);
        Assert.Equal(0L, failed.Prop<long>("RowCount"));
        Assert.Null(failed.Prop("MinValue"));
        Assert.Null(failed.Prop("MaxValue"));
        Assert.Null(failed.Prop("MeanValue"));
        Assert.Equal(string.Empty, Counts(failed));

        // The failed file is one InvalidHeader error, targeting its path; the row errors are those of pumps and readings.
        Assert.Equal(new[] { "InvalidValue", "InvalidTimestamp", "MissingField", "MissingField", "InvalidHeader" }, result.Errors.Select(Id));
        Assert.Equal(Sample("wrong-header.csv"), result.Errors[4].TargetObject);
    }

    [Fact]
    public void LiteralPath_SummariesComeInTheOrderGiven_NotByName()
    {
        var output = _host.RunClean("Measure-SensorReading -LiteralPath $args[0], $args[1], $args[2] -ErrorAction SilentlyContinue",
            Sample("wrong-header.csv"), ReadingsCsv, Sample("boiler.csv"));

        Assert.Equal(new[] { "wrong-header.csv Failed", "readings.csv Partial", "boiler.csv Processed" },
            output.Select(s => $"{Path.GetFileName((string)s.Prop("Path")!)} {s.Prop("Status")}"));
    }

    [Fact]
    public void LiteralPath_WithBrackets_AndChildItemsPipedIn()
    {
        string folder = Path.Combine(_host.TempDir, "uploads");
        Directory.CreateDirectory(folder);
        File.Copy(ReadingsCsv, Path.Combine(folder, "readings[1].csv"));
        File.Copy(Sample("boiler.csv"), Path.Combine(folder, "boiler.csv"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a sensor file");

        var literal = _host.RunClean("Measure-SensorReading -LiteralPath $args[0] -ErrorAction SilentlyContinue", Path.Combine(folder, "readings[1].csv"));
        Assert.Equal(ContentId(ReadingsCsv), Assert.Single(literal).Prop("FileId"));   // the same bytes, the same id

        RunResult piped = _host.Run("""
            $ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Where-Object Name -like '*.csv' | Measure-SensorReading
            """, folder);
        Assert.Null(piped.Terminating);
        Assert.Equal(new[] { "boiler.csv 3", "readings[1].csv 5" },
            piped.Output.Select(s => $"{Path.GetFileName((string)s.Prop("Path")!)} {s.Prop("RowCount")}").Order(StringComparer.Ordinal));
        Assert.Equal("MissingField", Id(Assert.Single(piped.Errors)));

        RunResult imported = _host.Run("""
            $ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Where-Object Name -like '*.csv' | Import-SensorReading
            """, folder);
        Assert.Equal(8, imported.Output.Count);
    }

    [Fact]
    public void AFileWithoutAValidRow_IsFailed_WithAMessage_AndItsRowErrors()
    {
        string path = _host.WriteFile("all-bad.csv", "sensor_id,timestamp,value\ns1,,1\n,2025-10-01T08:00:00Z,2\ns2,2025-10-01T08:00:00Z,NaN\n");
        PSObject s = Assert.Single(_host.RunClean("Measure-SensorReading $args[0] -ErrorAction SilentlyContinue", path));

        Assert.Equal("Failed", s.Prop("Status")!.ToString());
        Assert.Contains("No row is valid", (string)s.Prop("Message")!);
        Assert.Equal("0 3", $"{s.Prop("RowCount")} {s.Prop("ErrorCount")}");
        Assert.Equal("2: missing timestamp|3: missing sensor_id|4: invalid value 'NaN'", Errors(s));
        Assert.Null(s.Prop("MeanValue"));
    }

    [Fact]
    public void AnEmptyFile_IsFailed_WithAnInvalidHeaderError()
    {
        string path = _host.WriteFile("empty.csv", string.Empty);
        RunResult result = _host.Run("Measure-SensorReading $args[0]", path);

        PSObject s = Assert.Single(result.Output);
        Assert.Equal("Failed", s.Prop("Status")!.ToString());
        Assert.False(string.IsNullOrEmpty((string?)s.Prop("Message")));
        Assert.Equal("InvalidHeader", Id(Assert.Single(result.Errors)));
    }

    // ---- -BySensor -------------------------------------------------------------------------------------------------

    [Fact]
    public void BySensor_OneRowPerSensor_OverEveryFile_SortedById()
    {
        RunResult result = _host.Run("Measure-SensorReading -Path $args[0] -BySensor -ErrorAction SilentlyContinue", Sample("*.csv"));

        Assert.Null(result.Terminating);
        Assert.All(result.Output, r => Assert.Equal("Aggregator.SensorSummary", r.TypeName()));
        Assert.Equal(new[]
        {
            "boiler 3 71.5 72.25 215.5",
            "pump-1 2 -1.5 7.5 6",
            "pump-2 1 8.25 8.25 8.25",
            "sensor-a 2 20.93 21.4 42.33",
            "sensor-b 2 19.87 20.9 40.77",
            "sensor-c 1 42 42 42",
        }, result.Output.Select(r => $"{r.Prop("SensorId")} {r.Prop("Count")} {Num(r.Prop("Min"))} {Num(r.Prop("Max"))} {Math.Round(r.Prop<double>("Sum"), 9).ToString(CultureInfo.InvariantCulture)}"));
        Assert.All(result.Output, r => Assert.Equal(r.Prop<double>("Sum") / r.Prop<long>("Count"), r.Prop<double>("Mean"), 12));
    }

    [Fact]
    public void BySensor_FromThePipeline()
    {
        var output = _host.RunClean("Import-SensorReading $args[0] -ErrorAction SilentlyContinue | Measure-SensorReading -BySensor", ReadingsCsv);

        Assert.Equal(new[] { "sensor-a 2 21.165", "sensor-b 2 20.385", "sensor-c 1 42" },
            output.Select(r => $"{r.Prop("SensorId")} {r.Prop("Count")} {Math.Round(r.Prop<double>("Mean"), 9).ToString(CultureInfo.InvariantCulture)}"));
    }

    // ---- pipeline input ----------------------------------------------------------------------------------------------

    /// <summary>The rows Import-Csv gives for samples/sensors/readings.csv: every value a string, the empty cell "".</summary>
    private const string SeedRows = """
        $rows = @(
            [pscustomobject]@{ sensor_id = 'sensor-a'; timestamp = '2025-10-01T08:00:00Z'; value = '21.4' }
            [pscustomobject]@{ sensor_id = 'sensor-b'; timestamp = '2025-10-01T08:00:00Z'; value = '19.87' }
            [pscustomobject]@{ sensor_id = 'sensor-c'; timestamp = '2025-10-01T08:00:00Z'; value = '42.0' }
            [pscustomobject]@{ sensor_id = 'sensor-a'; timestamp = '2025-10-01T08:05:00Z'; value = '20.93' }
            [pscustomobject]@{ sensor_id = 'sensor-b'; timestamp = ''; value = '22.1' }
            [pscustomobject]@{ sensor_id = 'sensor-b'; timestamp = '2025-10-01T08:05:00Z'; value = '20.9' }
        )
        """;

    [Fact]
    public void Pipeline_ImportCsvRows_GiveOneSummary_NamedPipeline_WithTheSeedsFigures()
    {
        RunResult result = _host.Run(SeedRows + "\n$rows | Measure-SensorReading");

        Assert.Null(result.Terminating);
        PSObject s = Assert.Single(result.Output);
        Assert.Equal("(pipeline)", s.Prop("Path"));
        Assert.Equal(string.Empty, s.Prop("FileId"));
        Assert.Equal("Partial", s.Prop("Status")!.ToString());
        Assert.Equal(5L, s.Prop<long>("RowCount"));
        Assert.Equal(19.87, s.Prop("MinValue"));
        Assert.Equal(42.0, s.Prop("MaxValue"));
        Assert.Equal(25.02, s.Prop("MeanValue"));
        Assert.Equal("sensor-a=2;sensor-b=2;sensor-c=1", Counts(s));
        Assert.Equal("5: missing timestamp", Errors(s));   // the 5th object: the pipeline has no header line

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("MissingField", Id(error));
        Assert.Equal("(pipeline)", Target(error).Prop("Source"));
        Assert.Equal(5L, Target(error).Prop<long>("Line"));
    }

    [Fact]
    public void Pipeline_SensorReadingObjects_AndSensorIdProperties_Bind_Too()
    {
        var imported = _host.RunClean("Import-SensorReading $args[0] -ErrorAction SilentlyContinue | Measure-SensorReading", ReadingsCsv);
        PSObject s = Assert.Single(imported);
        Assert.Equal(" (pipeline) Processed  5 0 19.87 42 25.02 125.1 sensor-a=2;sensor-b=2;sensor-c=1 ", Figures(s));

        var typed = _host.RunClean("""
            [pscustomobject]@{ SensorId = 'x'; Timestamp = [datetime]::SpecifyKind([datetime]'2025-10-01T08:00:00', 'Utc'); Value = 1.5 },
            [pscustomobject]@{ SensorId = 'y'; Timestamp = [datetimeoffset]'2025-10-01T10:00:00+02:00'; Value = [decimal]2.5 },
            [pscustomobject]@{ sensor_id = 'x'; Timestamp = '2025-10-01T08:01:00Z'; Value = -4 } | Measure-SensorReading
            """);
        Assert.Equal(" (pipeline) Processed  3 0 -4 2.5 0 0 x=2;y=1 ", Figures(Assert.Single(typed)));
    }

    [Fact]
    public void Pipeline_OnlyBadObjects_IsFailed()
    {
        PSObject s = Assert.Single(_host.RunClean("""
            [pscustomobject]@{ sensor_id = ''; timestamp = '2025-10-01T08:00:00Z'; value = '1' },
            [pscustomobject]@{ sensor_id = 's'; timestamp = 'later'; value = '1' },
            [pscustomobject]@{ sensor_id = 's'; timestamp = '2025-10-01T08:00:00Z'; value = '' } | Measure-SensorReading -ErrorAction SilentlyContinue
            """));

        Assert.Equal("Failed", s.Prop("Status")!.ToString());
        Assert.Equal("1: missing sensor_id|2: invalid timestamp 'later'|3: missing value", Errors(s));
    }

    // ---- -ErrorAction Stop ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ErrorActionStop_ABadRowIsReported_AndEveryFileIsSummarised(int throttle)
    {
        RunResult result = _host.Run("Measure-SensorReading -LiteralPath $args[0], $args[1] -ThrottleLimit $args[2] -ErrorAction Stop",
            Sample("boiler.csv"), ReadingsCsv, throttle);

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "Processed", "Partial" }, result.Output.Select(s => s.Prop("Status")!.ToString()));
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("MissingField", Id(error));
        Assert.Equal(6L, Target(error).Prop<long>("Line"));
        Assert.Equal(ReadingsCsv, Target(error).Prop("Source"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MaxSkippedZero_FailsAfterTheSummaries_AtTheBadRow(int throttle)
    {
        RunResult result = _host.Run("""
            try { Measure-SensorReading -LiteralPath $args[0], $args[1] -ThrottleLimit $args[2] -MaxSkipped 0 -ErrorAction SilentlyContinue }
            catch { 'caught ' + $_.FullyQualifiedErrorId.Split(',')[0] }
            """, Sample("boiler.csv"), ReadingsCsv, throttle);

        Assert.Equal(new[] { "Processed", "Partial", "caught TooManySkipped" },
            result.Output.Select(o => o.BaseObject is string text ? text : o.Prop("Status")!.ToString()));
    }

    [Fact]
    public void ErrorActionStop_WrongHeader_IsCatchable()
    {
        var output = _host.RunClean("""
            try { Import-SensorReading $args[0] -ErrorAction Stop; 'not reached' }
            catch { 'caught ' + $_.FullyQualifiedErrorId.Split(',')[0] + ' ' + [System.IO.Path]::GetFileName($_.TargetObject) }
            """, Sample("wrong-header.csv"));

        Assert.Equal(new object[] { "caught InvalidHeader wrong-header.csv" }, output.Select(o => o.BaseObject));
    }

    // ---- -ThrottleLimit ------------------------------------------------------------------------------------------------

    /// <summary>Sensor files of different sizes and qualities, so that workers finish them out of order.</summary>
    private string[] ManySensorFiles()
    {
        var random = new Random(20251001);
        var files = new List<string>();
        for (int f = 0; f < 10; f++)
        {
            var text = new StringBuilder(f % 3 == 0 ? "value,Sensor_ID,site,timestamp\n" : "sensor_id,timestamp,value\n");
            int rows = f % 4 == 1 ? 20000 : 50 + random.Next(200);
            for (int i = 0; i < rows; i++)
            {
                string sensor = "s" + random.Next(30);
                string time = new DateTime(2025, 10, 1, 0, 0, 0).AddSeconds(random.Next(86400)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                string value = (random.Next(-5000, 5000) / 100.0).ToString("R", CultureInfo.InvariantCulture);
                switch (random.Next(25))
                {
                    case 0: value = "abc"; break;
                    case 1: time = string.Empty; break;
                    case 2: sensor = string.Empty; break;
                    case 3: time = "2025-13-01T00:00:00Z"; break;
                }

                text.Append(f % 3 == 0 ? $"{value},{sensor},north,{time}\n" : $"{sensor},{time},{value}\n");
            }

            files.Add(_host.WriteFile($"upload-{f:00}.csv", text.ToString()));
            if (f == 4)
            {
                files.Add(_host.WriteFile("broken.csv", "sensor,timestamp,value\ns1,2025-10-01T00:00:00Z,1\n"));
            }
        }

        return files.ToArray();
    }

    [Fact]
    public void MeasureSensorReading_ThrottleLimit2_GivesWhatOneWorkerGives_InTheSameOrder()
    {
        string[] files = ManySensorFiles();
        RunResult one = _host.Run("Measure-SensorReading -LiteralPath $args[0] -ThrottleLimit 1", (object)files);
        RunResult two = _host.Run("Measure-SensorReading -LiteralPath $args[0] -ThrottleLimit 2", (object)files);
        RunResult four = _host.Run("Measure-SensorReading -LiteralPath $args[0] -ThrottleLimit 4", (object)files);

        Assert.Null(two.Terminating);
        Assert.Equal(files, one.Output.Select(s => (string)s.Prop("Path")!));
        Assert.Equal("Failed", one.Output[5].Prop("Status")!.ToString());   // broken.csv
        Assert.InRange(one.Output.Sum(s => s.Prop<long>("ErrorCount")), 500, long.MaxValue);
        Assert.Equal(one.Output.Select(Figures), two.Output.Select(Figures));
        Assert.Equal(one.Output.Select(Figures), four.Output.Select(Figures));
        Assert.Equal(one.Errors.Select(e => $"{Id(e)} {e.Exception.Message}"), two.Errors.Select(e => $"{Id(e)} {e.Exception.Message}"));

        // Each summary's errors are its own file's.
        foreach (PSObject s in one.Output)
        {
            Assert.Equal(s.Prop<long>("ErrorCount"), one.Errors.LongCount(e =>
                e.TargetObject.GetType().FullName == "Aggregator.SkippedRecord" && (string?)Target(e).Prop("Source") == (string)s.Prop("Path")!));
        }

        var bySensorOne = _host.RunClean("Measure-SensorReading -LiteralPath $args[0] -BySensor -ErrorAction SilentlyContinue", (object)files);
        var bySensorTwo = _host.RunClean("Measure-SensorReading -LiteralPath $args[0] -BySensor -ThrottleLimit 2 -ErrorAction SilentlyContinue", (object)files);
        Assert.Equal(30, bySensorOne.Count);
        Assert.Equal(bySensorOne.Select(Render.All), bySensorTwo.Select(Render.All));
    }

    [Fact]
    public void ImportSensorReading_ThrottleLimit2_EmitsExactlyTheSequenceOfOneWorker()
    {
        string[] files = ManySensorFiles();
        RunResult one = _host.Run("Import-SensorReading -LiteralPath $args[0]", (object)files);
        RunResult two = _host.Run("Import-SensorReading -LiteralPath $args[0] -ThrottleLimit 2", (object)files);

        Assert.Null(two.Terminating);
        Assert.InRange(one.Output.Count, 30000, int.MaxValue);
        Assert.Equal(one.Output.Select(Render.All), two.Output.Select(Render.All));
        Assert.Equal(one.Errors.Select(e => $"{Id(e)} {e.Exception.Message}"), two.Errors.Select(e => $"{Id(e)} {e.Exception.Message}"));
    }

    // ---- the types -------------------------------------------------------------------------------------------------

    [Fact]
    public void OutputTypes_AreNamedTypes_ThatScriptsCanUse()
    {
        var output = _host.RunClean("""
            $s = Measure-SensorReading $args[0] -ErrorAction SilentlyContinue
            $s -is [Aggregator.SensorFileSummary]
            $s.Status -eq [Aggregator.SensorFileStatus]::Partial
            $s.PerSensorCount -is [System.Collections.IDictionary]
            $s.PerSensorCount['sensor-b']
            $s.PerSensorCount.ToString()
            $s.Errors[0] -is [Aggregator.SensorRowError]
            $s.Errors.ToString()
            (Import-SensorReading $args[0] -ErrorAction SilentlyContinue)[0] -is [Aggregator.SensorReading]
            (Measure-SensorReading $args[0] -BySensor -ErrorAction SilentlyContinue)[0] -is [Aggregator.SensorSummary]
            """, ReadingsCsv);

        Assert.Equal(new object[] { true, true, true, 2L, "sensor-a=2;sensor-b=2;sensor-c=1", true, "6: missing timestamp", true, true },
            output.Select(o => o.BaseObject));
    }
}
