using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// -SensorField, -TimestampField and -ValueField on the sensor cmdlets, over the UCI occupancy data
/// (realdata/sensors/occupancy-datatest.txt): one room's readings per minute in the wide columns date, Temperature,
/// Humidity, Light, CO2, HumidityRatio and Occupancy, written by R's write.csv, so every row starts with a quoted row
/// number that the header does not name. The expected figures are worked out here from the file's text.
/// </summary>
public sealed class SensorFieldOptionTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Occupancy => Path.Combine(RepoPaths.RealData, "sensors", "occupancy-datatest.txt");

    private static string Id(ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

    /// <summary>The rows of the file as the test reads them: the header's names fall on the cells after the row number.</summary>
    private static List<(DateTime Time, double Value)> Column(string name)
    {
        string[] lines = File.ReadAllLines(Occupancy);
        string[] header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        int column = Array.IndexOf(header, name) + 1;
        int date = Array.IndexOf(header, "date") + 1;
        return lines.Skip(1).Select(line => line.Split(','))
            .Select(cells => (DateTime.ParseExact(cells[date].Trim('"'), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                double.Parse(cells[column], CultureInfo.InvariantCulture)))
            .ToList();
    }

    [Fact]
    public void AWideFile_ReadsOneValueColumn_AsOneSensorNamedAfterTheFile()
    {
        var expected = Column("Temperature");

        PSObject summary = Assert.Single(_host.RunClean(
            "Measure-SensorReading -Path $args[0] -SensorField Room -TimestampField date -ValueField Temperature", Occupancy));

        Assert.Equal("Processed", summary.Prop("Status")!.ToString());
        Assert.Equal(2665, expected.Count);
        Assert.Equal((long)expected.Count, summary.Prop<long>("RowCount"));
        Assert.Equal(0L, summary.Prop<long>("ErrorCount"));
        Assert.Equal(expected.Min(r => r.Value), summary.Prop<double>("MinValue"));
        Assert.Equal(expected.Max(r => r.Value), summary.Prop<double>("MaxValue"));
        Assert.Equal(expected.Average(r => r.Value), summary.Prop<double>("MeanValue"), 9);
        var counts = Assert.IsAssignableFrom<IDictionary>(summary.Prop("PerSensorCount"));
        Assert.Equal(new object[] { "occupancy-datatest" }, counts.Keys.Cast<object>());
        Assert.Equal((long)expected.Count, Convert.ToInt64(counts["occupancy-datatest"]));
    }

    [Fact]
    public void ImportSensorReading_EachValueColumnInTurn_GivesTheRowsTimesAndValues()
    {
        foreach (string column in new[] { "CO2", "Humidity" })
        {
            var expected = Column(column);

            var readings = _host.RunClean(
                "Import-SensorReading -Path $args[0] -SensorField Room -TimestampField date -ValueField $args[1]", Occupancy, column);

            Assert.Equal(expected.Select(r => $"{r.Time:yyyy-MM-dd HH:mm:ss} {r.Value.ToString("R", CultureInfo.InvariantCulture)}"),
                readings.Select(r => $"{r.Prop<DateTime>("Timestamp"):yyyy-MM-dd HH:mm:ss} {r.Prop<double>("Value").ToString("R", CultureInfo.InvariantCulture)}"));
            Assert.All(readings, r => Assert.Equal("occupancy-datatest", r.Prop("SensorId")));
            Assert.Equal(2L, readings[0].Prop<long>("Row"));   // the header is line 1
        }
    }

    [Fact]
    public void ASensorColumnThatExists_IsUsed_AndRowsWithoutItAreStillMissingSensorId()
    {
        string path = _host.WriteFile("rooms.csv",
            "room,at,temp,co2\nkitchen,2025-10-01T08:00:00Z,21.5,400\nhall,2025-10-01T08:00:00Z,19,500\n,2025-10-01T08:01:00Z,20,450\n");

        RunResult result = _host.Run(
            "Measure-SensorReading -Path $args[0] -SensorField room -TimestampField at -ValueField co2", path);

        PSObject summary = Assert.Single(result.Output);
        Assert.Equal("Partial", summary.Prop("Status")!.ToString());
        var counts = Assert.IsAssignableFrom<IDictionary>(summary.Prop("PerSensorCount"));
        Assert.Equal("hall=1;kitchen=1", string.Join(";", counts.Keys.Cast<string>().Order(StringComparer.Ordinal).Select(k => $"{k}={counts[k]}")));
        Assert.Equal(450d, summary.Prop<double>("MeanValue"));
        Assert.Equal("MissingField", Id(Assert.Single(result.Errors)));
    }

    [Fact]
    public void WithoutSensorField_TheWideFileFails_WithAHeaderMessageInPlainWords()
    {
        RunResult result = _host.Run("Measure-SensorReading -Path $args[0]", Occupancy);

        PSObject summary = Assert.Single(result.Output);
        Assert.Equal("Failed", summary.Prop("Status")!.ToString());
        const string message = "The header has no 'timestamp' column (looked for: timestamp), no 'value' column (looked for: value) " +
            "and no 'sensor_id' column (looked for: sensor_id). Columns found: date, Temperature, Humidity, Light, CO2, " +
            "HumidityRatio, Occupancy. Name the columns with -TimestampField, -ValueField and -SensorField.";
        Assert.Equal(message, summary.Prop("Message"));
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("InvalidHeader", Id(error));
        Assert.Equal($"{Occupancy}: {message}", error.Exception.Message);
    }

    [Fact]
    public void OnlyTheSensorColumnMissing_WithoutSensorField_NamesThatColumnAndItsOption()
    {
        RunResult result = _host.Run(
            "Measure-SensorReading -Path $args[0] -TimestampField date -ValueField Light", Occupancy);

        Assert.Equal("The header has no 'sensor_id' column (looked for: sensor_id). Columns found: date, Temperature, Humidity, " +
            "Light, CO2, HumidityRatio, Occupancy. Name the column with -SensorField.", Assert.Single(result.Output).Prop("Message"));
    }

    [Fact]
    public void ANamedValueColumnThatIsMissing_FailsTheFile_EvenWithSensorField()
    {
        RunResult result = _host.Run(
            "Measure-SensorReading -Path $args[0] -SensorField Room -TimestampField date -ValueField Temp, Temperatur",
            Occupancy);

        Assert.Equal("The header has no 'value' column (looked for: Temp, Temperatur). Columns found: date, Temperature, Humidity, " +
            "Light, CO2, HumidityRatio, Occupancy. Name the column with -ValueField.", Assert.Single(result.Output).Prop("Message"));
        Assert.Equal("InvalidHeader", Id(Assert.Single(result.Errors)));
    }
}
