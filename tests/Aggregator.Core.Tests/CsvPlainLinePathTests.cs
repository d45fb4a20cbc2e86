using System.Text;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>
/// CsvEventReader splits plain lines itself and hands any other row to CsvRowScanner. Whatever the input, and however
/// the stream cuts it into reads, the result must be exactly what the scanner alone gives: the same records, skips,
/// reasons, raw text and line numbers. (CsvSpectrumTests check the scanner against known answers.)
/// </summary>
public class CsvPlainLinePathTests
{
    private static readonly EventReadOptions Events = EventReadOptions.Default;
    private static readonly EventReadOptions Sensors = new() { Fields = FieldMap.Sensor };

    [Theory]
    [InlineData("user,event,status,timestamp\na,login,ok,2024-06-01 08:00:00\nb,view,fail,2024-06-01 09:00:00\n")]
    [InlineData("user,event,status,timestamp\r\na,login,ok,2024-06-01 08:00:00\r\nb,view,fail,\r\n")]
    [InlineData("user,event\na,login\n\n\nb,view")]                             // empty lines, no final line break
    [InlineData("user,event\na,login\n \n\t\nb,view\n")]                        // blank but not empty lines
    [InlineData("user,event,status\na\nb,login,ok,extra,cells\n,,\n,\n")]        // short and long rows
    [InlineData("user,event\na,\"quoted\"\nb,plain\nc,\"two\nlines\"\nd,after\n")] // a quote hands over
    [InlineData("user,event\na,x\nb,x\rc,x\nd,x\n")]                              // a bare carriage return hands over
    [InlineData("user,event\na,x\nb,x\r")]                                       // a carriage return ends the file
    [InlineData("user,event\na,x\nb,\"never closed\nc,x\n")]
    [InlineData("user,event\na,x\nb,x\"stray\nc,x\n")]
    [InlineData("\"user\",event\na,x\n")]                                        // a quoted header
    [InlineData("\nuser,event\na,x\n")]                                          // an empty line before the header
    [InlineData("user,event\n")]
    [InlineData("user,event")]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("user\tevent\na\tlogin\nb\tview\n")]                        // separators CsvHelper detects
    [InlineData("user;event;status\na;login;ok\nb;\"x;y\";fail\n")]
    [InlineData("user|event\na|login\n")]
    [InlineData("user,event\na\\b,lo\\gin\n")]                                  // backslashes are plain text
    [InlineData(" user , event ,\na,x,\n")]                                     // header cells as written
    [InlineData("sep=,\nuser,event\na,x\n")]                                    // Excel's separator line
    [InlineData("SEP=;\nuser;event\na;x\n")]
    [InlineData("user,event\na,x\nb;y\n")]                                      // another candidate further down
    public void HandWrittenInputsReadAsTheRowScannerReadsThem(string text)
    {
        foreach (int readSize in new[] { 1, 2, 3, 7, 1 << 20 })
        {
            AssertSameAsRowScanner(text, Events, readSize);
        }
    }

    [Fact]
    public void TheSeparatorIsTheOneCsvHelperDetectsFromTheRows()
    {
        // CsvHelper's detection settles on ';' here although the header has a comma: both paths split the same way.
        string text = "user,event\n" + string.Concat(Enumerable.Repeat("alice;login;ok;x\n", 50));
        foreach (int readSize in new[] { 1, 7, 1 << 20 })
        {
            AssertSameAsRowScanner(text, Events, readSize);
        }
    }

    [Fact]
    public void SensorRowsReadAsTheRowScannerReadsThem()
    {
        string text = "Value,extra,SENSOR_ID,timestamp\n" +
                      "21.4,x,a,2025-10-01T08:00:00Z\n" +
                      "abc,x,a,2025-10-01T08:00:00Z\n" +
                      "1,x,,2025-10-01T08:00:00Z\n" +
                      "2,x,b,\n" +
                      "NaN,x,b,2025-10-01T08:00:00Z\n" +
                      "3,x, c ,2025-13-01T08:00:00Z\n" +
                      "4,x,c\n";
        foreach (int readSize in new[] { 1, 5, 1 << 20 })
        {
            AssertSameAsRowScanner(text, Sensors, readSize);
        }
    }

    [Fact]
    public void SensorFileWithoutAColumnFailsTheSameWay()
    {
        string text = "sensor_id,value\na,1\n";

        string plain = Assert.Throws<InvalidHeaderException>(() => ReadBothWays(text, Sensors, 3, plainLines: true)).Message;
        string general = Assert.Throws<InvalidHeaderException>(() => ReadBothWays(text, Sensors, 3, plainLines: false)).Message;

        Assert.Equal(general, plain);
        Assert.Equal("The header has no 'timestamp' column (looked for: timestamp). Columns found: sensor_id, value. " +
            "Name the column with -TimestampField.", plain);
    }

    [Fact]
    public void RowsWithOneCellMoreThanTheHeader_StartWithARowName_AsRWritesThem()
    {
        string text = "\"timestamp\",\"value\",\"sensor_id\"\n" +
                      "\"1\",\"2025-10-01 08:00:00\",21.5,a\n" +
                      "\"2\",\"2025-10-01 08:01:00\",22,b\n";
        foreach (bool plainLines in new[] { true, false })
        {
            Outputs result = ReadBothWays(text, Sensors, 5, plainLines);

            Assert.Empty(result.Skipped);
            Assert.Equal(new[] { "a 2025-10-01T08:00:00 21.5", "b 2025-10-01T08:01:00 22" }, result.Records.Cast<SensorReading>()
                .Select(r => $"{r.SensorId} {r.Timestamp:yyyy-MM-ddTHH:mm:ss} {r.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        }
    }

    [Fact]
    public void ANamedSensorColumnThatNoHeaderHas_MakesTheFileOneSensor_NamedAfterIt()
    {
        var options = new EventReadOptions { Fields = FieldMap.ForSensor(value: new[] { "CO2" }, sensor: new[] { "room" }) };
        string text = "timestamp,Temperature,CO2\n2025-10-01T08:00:00Z,21.5,400\n2025-10-01T08:01:00Z,21.6,\n";

        Outputs result = ReadBothWays(text, options, 7, plainLines: true);

        SensorReading reading = Assert.IsType<SensorReading>(Assert.Single(result.Records));
        Assert.Equal(("input", 400d), (reading.SensorId, reading.Value));
        SkippedRecord skipped = Assert.Single(result.Skipped);
        Assert.Equal(("missing value", "input"), (skipped.Message, skipped.User));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void GeneratedInputsReadAsTheRowScannerReadsThem(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 60; round++)
        {
            string text = GenerateCsv(random, withQuotes: round % 3 == 0);
            AssertSameAsRowScanner(text, round % 2 == 0 ? Events : Sensors, random.Next(1, 40));
        }
    }

    [Fact]
    public void LinesLongerThanTheBufferArriveWhole()
    {
        string longEvent = new('e', 200_000);
        string text = $"user,event\na,{longEvent}\nb,x\n";

        Outputs result = ReadBothWays(text, Events, 4096, plainLines: true);

        Assert.Equal(new[] { longEvent, "x" }, result.Records.Cast<EventRecord>().Select(r => r.Event));
        Assert.Equal(new long[] { 2, 3 }, result.Records.Cast<EventRecord>().Select(r => r.Line));
        AssertSameAsRowScanner(text, Events, 4096);
    }

    private static void AssertSameAsRowScanner(string text, EventReadOptions options, int readSize)
    {
        Assert.Equal(DescribeRead(text, options, readSize, plainLines: false), DescribeRead(text, options, readSize, plainLines: true));
    }

    // A header error is part of the result: both paths must fail the file with the same message.
    private static string DescribeRead(string text, EventReadOptions options, int readSize, bool plainLines)
    {
        try
        {
            Outputs result = ReadBothWays(text, options, readSize, plainLines);
            return $"{result.Total} records\n{Describe(result)}";
        }
        catch (InvalidHeaderException ex)
        {
            return "header error: " + ex.Message;
        }
    }

    private static string Describe(Outputs result) =>
        string.Join("\n", result.Records.Select(r => "record " + string.Join("|", r.GetType().GetProperties().Select(p => p.GetValue(r))))
            .Concat(result.Skipped.Select(s => $"skip {s.Line} #{s.Record}: {s.Reason} {s.Message} [{s.Raw}] {s.User}|{s.Timestamp}|{s.Value}")));

    private static Outputs ReadBothWays(string text, EventReadOptions options, int readSize, bool plainLines)
    {
        var sink = new OutputSink(options.Fields.Shape);
        RecordBuilder builder = RecordBuilder.Create("input.csv", options, sink);
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(text), readSize);
        new CsvEventReader(stream, builder, options, CancellationToken.None, onProgress: null, plainLines).Run();
        return new Outputs(sink.Records, sink.Skipped, builder.Total);
    }

    private sealed record Outputs(List<IInputRecord> Records, List<SkippedRecord> Skipped, long Total);

    /// <summary>Keeps the pipeline object of each record, whatever its shape.</summary>
    private sealed class OutputSink(RecordShape shape) : IEventSink
    {
        public EventSymbols Symbols { get; } = new();

        public NameUse Names => NameUse.Both;

        public List<IInputRecord> Records { get; } = new();

        public List<SkippedRecord> Skipped { get; } = new();

        public void OnEvent(in ParsedEvent record) => Records.Add(record.ToOutput("input.csv", shape));

        public void OnSkipped(SkippedRecord record) => Skipped.Add(record);
    }

    private static string GenerateCsv(Random random, bool withQuotes)
    {
        string[] cells = { "", " ", "a", "bob", "login", "ok", "fail", "2024-06-01 08:00:00", "2024-06-01T08:00:00Z", "12.5", "-3", "x y", "é", "a\\b" };
        string[] breaks = { "\n", "\r\n" };
        char separator = ",,;\t"[random.Next(4)];
        var text = new StringBuilder((random.Next(2) == 0 ? "user,event,status,timestamp" : "sensor_id,timestamp,value,user,event")
            .Replace(',', separator));
        int rows = random.Next(0, 30);
        for (int row = 0; row < rows; row++)
        {
            text.Append(breaks[random.Next(breaks.Length)]);
            int count = random.Next(0, 7);
            for (int cell = 0; cell < count; cell++)
            {
                if (cell > 0)
                {
                    text.Append(separator);
                }

                string value = cells[random.Next(cells.Length)];
                text.Append(withQuotes && random.Next(8) == 0 ? $"\"{value}{separator}\"\"q\"\"\n{value}\"" : value);
            }
        }

        if (random.Next(2) == 0)
        {
            text.Append(breaks[random.Next(breaks.Length)]);
        }

        return text.ToString();
    }

    /// <summary>Returns at most a given number of bytes per read, so that lines and line breaks straddle reads.</summary>
    private sealed class TrickleStream : MemoryStream
    {
        private readonly int _readSize;

        public TrickleStream(byte[] bytes, int readSize)
            : base(bytes)
        {
            _readSize = readSize;
        }

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _readSize));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, _readSize)]);
    }
}
