using System.Globalization;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Reading.Parallel;

namespace Aggregator.Core.Tests;

/// <summary>
/// Timestamps and numbers read the same on every machine: the machine's culture never decides what "06/01/2024" means.
/// A named culture or exact formats (<see cref="TimestampStyle"/>) are the only ways to read day-first text.
/// </summary>
public sealed class TimestampCultureTests : IDisposable
{
    // Month-first reads 1 June and 13 June; day-first reads 6 January, and the second line is no date at all.
    private const string MonthOrDayFirst = """
        {"user":"a","event":"e","status":"success","timestamp":"06/01/2024 08:05:12"}
        {"user":"a","event":"e","status":"success","timestamp":"06/13/2024 08:05:12"}

        """;

    private static readonly DateTime FirstJune = Utc.At(2024, 6, 1, 8, 5, 12);
    private static readonly DateTime ThirteenthJune = Utc.At(2024, 6, 13, 8, 5, 12);
    private static readonly DateTime SixthJanuary = Utc.At(2024, 1, 6, 8, 5, 12);

    private readonly CultureInfo _savedCulture = CultureInfo.CurrentCulture;
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _savedCulture;
        _dir.Dispose();
    }

    private static DateTime? Parse(string text, TimestampStyle? style = null, TimeZoneInfo? zone = null) =>
        new TimestampParser(zone, style).TryParse(text, out long ticks) ? new DateTime(ticks, DateTimeKind.Utc) : null;

    private static string Times(ReadResult result) =>
        string.Join(" ", result.Records.Select(r => r.Timestamp?.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) ?? "-")) +
        " | skipped lines " + string.Join(",", result.Skipped.Select(s => s.Line));

    [Theory]
    [InlineData("en-US")]
    [InlineData("en-GB")]
    [InlineData("de-DE")]
    public void TheSameFile_GivesTheSameTimestamps_UnderEveryMachineCulture(string machineCulture)
    {
        CultureInfo.CurrentCulture = new CultureInfo(machineCulture);

        ReadResult result = Read.Text(MonthOrDayFirst, "events.jsonl");

        result.AssertCountsAddUp();
        Assert.Equal(new DateTime?[] { FirstJune, ThirteenthJune }, result.Records.Select(r => r.Timestamp));
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("en-GB")]
    public void AnObjectsTimestampText_ReadsTheSame_UnderEveryMachineCulture(string machineCulture)
    {
        CultureInfo.CurrentCulture = new CultureInfo(machineCulture);

        Assert.True(new PropertyRecordParser().TryTimestamp("06/01/2024 08:05:12", out DateTime? utc));
        Assert.Equal(FirstJune, utc);
    }

    [Fact]
    public void DayFirstTextOfTheMachineCulture_IsNotGuessed_ButSkipped()
    {
        CultureInfo.CurrentCulture = new CultureInfo("en-GB");

        ReadResult result = Read.Text(
            """{"user":"a","event":"e","status":"success","timestamp":"13/06/2024 08:05:12"}""" + "\n", "events.jsonl");

        Assert.Empty(result.Records);
        Assert.Equal(SkipReason.InvalidTimestamp, result.SingleSkip.Reason);
    }

    [Fact]
    public void AnExactFormat_ReadsDayFirst_AndOnlyThatFormat()
    {
        var style = new TimestampStyle(new[] { "dd/MM/yyyy HH:mm:ss" }, culture: null);

        ReadResult result = Read.Text(MonthOrDayFirst, "events.jsonl", new EventReadOptions { TimestampStyle = style });

        result.AssertCountsAddUp();
        Assert.Equal("2024-01-06T08:05:12 | skipped lines 2", Times(result));   // there is no 13th month
        Assert.Null(Parse("2024-06-01T08:05:12Z", style));   // exact means exact: ISO text needs its own format
        Assert.Null(Parse("1717229112", style));
    }

    [Fact]
    public void SeveralExactFormats_AreTriedInTurn()
    {
        var style = new TimestampStyle(new[] { "dd/MM/yyyy HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK" }, culture: null);

        Assert.Equal(SixthJanuary, Parse("06/01/2024 08:05:12", style));
        Assert.Equal(FirstJune, Parse("2024-06-01T10:05:12+02:00", style));
    }

    [Fact]
    public void AnExactFormat_WithoutAZone_IsReadInTheAssumedZone_AndOneWithAZone_KeepsIt()
    {
        TimeZoneInfo berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var local = new TimestampStyle(new[] { "dd.MM.yyyy HH:mm" }, culture: null);
        var zoned = new TimestampStyle(new[] { "dd.MM.yyyy HH:mm zzz" }, culture: null);

        Assert.Equal(Utc.At(2024, 6, 1, 6, 5), Parse("01.06.2024 08:05", local, berlin));   // summer time, +02:00
        Assert.Equal(Utc.At(2024, 6, 1, 9, 5), Parse("01.06.2024 08:05 -01:00", zoned, berlin));
        Assert.Null(Parse("31.03.2024 02:30", local, berlin));   // the clock skipped it
    }

    [Fact]
    public void ANamedCulture_ReadsItsOwnDateAndTimePattern_AndStillIsoAndEpoch()
    {
        CultureInfo.CurrentCulture = new CultureInfo("en-US");   // the machine's culture plays no part
        var british = new TimestampStyle(exactFormats: null, new CultureInfo("en-GB"));

        ReadResult result = Read.Text(MonthOrDayFirst, "events.jsonl", new EventReadOptions { TimestampStyle = british });

        Assert.Equal("2024-01-06T08:05:12 | skipped lines 2", Times(result));
        Assert.Equal(FirstJune, Parse("2024-06-01T08:05:12Z", british));
        Assert.Equal(FirstJune, Parse("1717229112", british));
        Assert.Equal(FirstJune, Parse("01.06.2024 08:05:12", new TimestampStyle(null, new CultureInfo("de-DE"))));
    }

    [Fact]
    public void ExactFormats_AreReadInTheNamedCulture()
    {
        var german = new TimestampStyle(new[] { "dd. MMMM yyyy HH:mm" }, new CultureInfo("de-DE"));

        Assert.Equal(Utc.At(2024, 3, 1, 8, 5), Parse("01. März 2024 08:05", german));
        Assert.Null(Parse("01. March 2024 08:05", german));
    }

    [Theory]
    [InlineData("HH:mm:ss")]        // no date: it would read as today, or as year 1
    [InlineData("dd/MM HH:mm")]     // no year: it would read as this year
    [InlineData("")]
    [InlineData("   ")]
    public void AFormatThatCannotGiveAWholeDate_IsRefused(string format)
    {
        var error = Assert.Throws<ArgumentException>(() => new TimestampStyle(new[] { format }, culture: null));
        Assert.Contains("format", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ParallelWorkers_ReadWithTheGivenStyle_NotTheirThreadsCulture()
    {
        CultureInfo.CurrentCulture = new CultureInfo("en-US");
        var lines = new System.Text.StringBuilder();
        for (int i = 0; i < 2000; i++)
        {
            lines.Append("{\"user\":\"u").Append(i).Append("\",\"event\":\"e\",\"status\":\"success\",\"timestamp\":\"06/01/2024 08:05:12\"}\n");
        }

        string file = _dir.Write("many.jsonl", lines.ToString());
        var options = new EventReadOptions { TimestampStyle = new TimestampStyle(new[] { "dd/MM/yyyy HH:mm:ss" }, null) };
        var sinks = new List<CollectingSink>();
        new ParallelFileReader(new[] { file }, options, 2) { SplitFiles = true, MinPartBytes = 4096 }.Run(worker =>
        {
            var sink = new CollectingSink(file);
            lock (sinks)
            {
                sinks.Add(sink);
            }

            return sink;
        }, new RecordingObserver(), CancellationToken.None);

        Assert.True(sinks.Count > 1, "the file should be read by more than one worker");
        var times = sinks.SelectMany(s => s.Records).Select(r => r.Timestamp).ToList();
        Assert.Equal(2000, times.Count);
        Assert.All(times, t => Assert.Equal(SixthJanuary, t));
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    public void KwhNumbers_UseAPoint_UnderEveryMachineCulture(string machineCulture)
    {
        CultureInfo.CurrentCulture = new CultureInfo(machineCulture);
        var parser = new ReadingPropertyParser();

        Assert.True(parser.TryCreateKwh("2024-06-01T08:00:00Z", "1.5", "m1", "(pipeline)", 1, out _, out double kwh, out _));
        Assert.Equal(1.5, kwh);
        Assert.False(parser.TryCreateKwh("2024-06-01T08:00:00Z", "1,5", "m1", "(pipeline)", 2, out _, out _, out SkippedRecord? skipped));
        Assert.Equal(SkipReason.InvalidValue, skipped!.Reason);
        Assert.True(DecimalParser.TryParse("1.5e0"u8, out double slow));   // the slow path, not just plain digits
        Assert.Equal(1.5, slow);
    }
}
