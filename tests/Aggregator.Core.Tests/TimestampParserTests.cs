using System.Globalization;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

public class TimestampParserTests
{
    // 2024-07-10 10:15:30 UTC as Unix seconds (checked with `date -u -d @1720606530`).
    private const long EpochSeconds = 1720606530;

    private static readonly DateTime Expected = Utc.At(2024, 7, 10, 10, 15, 30);

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTime? Parse(string text, TimeZoneInfo? zone = null) =>
        new TimestampParser(zone).TryParse(text, out long ticks) ? new DateTime(ticks, DateTimeKind.Utc) : null;

    [Theory]
    [InlineData("2024-07-10 10:15:30")]
    [InlineData("2024-07-10T10:15:30")]
    [InlineData("2024-07-10T10:15:30Z")]
    [InlineData("2024-07-10 10:15:30Z")]
    [InlineData("2024-07-10t10:15:30z")]
    [InlineData("2024-07-10T12:15:30+02:00")]
    [InlineData("2024-07-10T12:15:30+0200")]
    [InlineData("2024-07-10T12:15:30+02")]
    [InlineData("2024-07-10T05:15:30-05:00")]
    [InlineData("2024-07-10T10:15:30+00:00")]
    [InlineData("  2024-07-10 10:15:30  ")]
    public void AcceptedFormsAllMeanTheSameInstant(string text)
    {
        Assert.Equal(Expected, Parse(text));
    }

    [Fact]
    public void OneParserReadsASequenceOfDatesAsFreshParsersDo()
    {
        // The parser keeps the last date's days: each text must still read as it would alone, including a date that
        // differs from the previous one only in its last digit, an invalid date right after a valid one, and a
        // valid date after an invalid one.
        string[] texts =
        {
            "2024-02-29T10:00:00Z", "2024-02-29T23:59:59Z", "2024-02-28T00:00:00Z", "2023-02-29T10:00:00Z",
            "2024-02-29 10:00", "2024-03-01T00:00:00+01:00", "2024-03-01T00:00:00Z", "2024-03-0xT00:00:00Z",
            "2024-03-01T24:00:00Z", "2024-03-01T00:00:00Z", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z",
        };
        var shared = new TimestampParser();

        foreach (string text in texts)
        {
            DateTime? alone = Parse(text);
            DateTime? inSequence = shared.TryParse(text, out long ticks) ? new DateTime(ticks, DateTimeKind.Utc) : null;
            Assert.Equal(alone, inSequence);
        }

        Assert.Null(Parse("2023-02-29T10:00:00Z"));
        Assert.Equal(Utc.At(2024, 2, 29, 23, 59, 59), Parse("2024-02-29T23:59:59Z"));
    }

    [Fact]
    public void MinutesWithoutSecondsAreAccepted()
    {
        Assert.Equal(Utc.At(2024, 7, 10, 10, 15), Parse("2024-07-10T10:15Z"));
    }

    [Theory]
    [InlineData("2024-07-10T10:15:30.250Z", 2_500_000)]
    [InlineData("2024-07-10 10:15:30.5", 5_000_000)]
    [InlineData("2024-07-10T10:15:30.1234567Z", 1_234_567)]
    [InlineData("2024-07-10T12:15:30.001+02:00", 10_000)]
    public void FractionalSecondsKeepTheirTicks(string text, long fractionTicks)
    {
        Assert.Equal(Expected.AddTicks(fractionTicks), Parse(text));
    }

    [Fact]
    public void OffsetCanMoveTheInstantToTheNextDay()
    {
        Assert.Equal(Utc.At(2024, 7, 11, 0, 30), Parse("2024-07-10T23:30:00-01:00"));
    }

    [Fact]
    public void ResultIsUtc()
    {
        Assert.True(new TimestampParser().TryParse("2024-07-10T10:15:30+02:00", out long ticks));
        Assert.Equal(Utc.At(2024, 7, 10, 8, 15, 30).Ticks, ticks);
    }

    [Theory]
    [InlineData("2024-02-29 12:00:00")]   // divisible by 4
    [InlineData("2000-02-29 12:00:00")]   // divisible by 400
    public void LeapDayInLeapYearIsValid(string text)
    {
        DateTime? parsed = Parse(text);
        Assert.NotNull(parsed);
        Assert.Equal((2, 29), (parsed.Value.Month, parsed.Value.Day));
    }

    [Theory]
    [InlineData("2023-02-29 12:00:00")]   // not divisible by 4
    [InlineData("1900-02-29 12:00:00")]   // divisible by 100 but not 400
    [InlineData("2024-02-30 12:00:00")]
    [InlineData("2024-04-31 12:00:00")]
    [InlineData("2024-07-00 12:00:00")]
    public void DayThatDoesNotExistIsInvalid(string text)
    {
        Assert.Null(Parse(text));
    }

    [Theory]
    [InlineData("2024-13-01T10:00:00Z")]
    [InlineData("2024-00-10T10:00:00Z")]
    [InlineData("2024-07-10T25:61:00Z")]
    [InlineData("2024-07-10T24:00:00Z")]
    [InlineData("2024-07-10T10:60:00Z")]
    [InlineData("2024-07-10T10:00:60Z")]
    [InlineData("not-a-date")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("2024-07-10")]
    [InlineData("2024-07-10T10")]
    [InlineData("10/07/2024")]
    [InlineData("2024/07/10 10:00:00")]
    [InlineData("2024-07-10T10:00:00.Z")]
    [InlineData("2024-07-10T10:00:00+25:00")]
    [InlineData("2024-07-10T10:00:00+02:60")]
    [InlineData("2024-07-10T10:00:00 UTC")]
    [InlineData("2024-07-10T10:00:00Zjunk")]
    [InlineData("0000-01-01T00:00:00Z")]
    public void MalformedTextIsInvalid(string text)
    {
        Assert.Null(Parse(text));
    }

    [Fact]
    public void EpochSecondsAndMillisecondsAreRecognisedByMagnitude()
    {
        Assert.True(TimestampParser.TryFromEpoch(EpochSeconds, out long fromSeconds));
        Assert.True(TimestampParser.TryFromEpoch(EpochSeconds * 1000 + 250, out long fromMilliseconds));

        Assert.Equal(Expected.Ticks, fromSeconds);
        Assert.Equal(Expected.AddMilliseconds(250).Ticks, fromMilliseconds);
    }

    // Found by fuzzing: a digit string of 28 or more digits overflowed decimal arithmetic and escaped as an
    // OverflowException instead of an invalid timestamp.
    [Theory]
    [InlineData("111111120211111111111111111111")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("99999999999999999999.5")]
    public void EpochDigitsBeyondDecimalArithmeticAreInvalid(string digits)
    {
        Assert.False(TimestampParser.TryParseEpoch(System.Text.Encoding.ASCII.GetBytes(digits), out _));
    }

    [Fact]
    public void EpochZeroIsTheUnixEpoch()
    {
        Assert.True(TimestampParser.TryFromEpoch(0, out long ticks));
        Assert.Equal(DateTime.UnixEpoch.Ticks, ticks);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1e17)]   // milliseconds: about 3 million years before 1970
    [InlineData(1e18)]    // milliseconds: about 30 million years after 1970
    public void EpochOutsideTheDateRangeIsInvalid(double value)
    {
        Assert.False(TimestampParser.TryFromEpoch(value, out _));
    }

    [Theory]
    [InlineData("1720606530", 0)]
    [InlineData("1720606530250", 2_500_000)]
    [InlineData("1720606530.5", 5_000_000)]
    public void EpochNumberText(string number, long fractionTicks)
    {
        Assert.True(TimestampParser.TryParseEpoch(System.Text.Encoding.ASCII.GetBytes(number), out long ticks));
        Assert.Equal(Expected.AddTicks(fractionTicks).Ticks, ticks);
    }

    [Theory]
    [InlineData("""{"user":"a","event":"e","timestamp":1720606530}""", 0)]
    [InlineData("""{"user":"a","event":"e","timestamp":1720606530250}""", 2_500_000)]
    [InlineData("""{"user":"a","event":"e","timestamp":1720606530.5}""", 5_000_000)]
    public void EpochAsJsonNumberInARecord(string json, long fractionTicks)
    {
        ReadResult result = Read.Text(json);

        Assert.Equal(Expected.AddTicks(fractionTicks), result.Single.Timestamp);
    }

    [Fact]
    public void NaiveTimeInAssumedZoneUsesSummerOffset()
    {
        // Berlin is UTC+2 in July (CEST).
        Assert.Equal(Expected, Parse("2024-07-10 12:15:30", Berlin));
    }

    [Fact]
    public void NaiveTimeInAssumedZoneUsesWinterOffset()
    {
        // Berlin is UTC+1 in January (CET).
        Assert.Equal(Utc.At(2024, 1, 10, 11, 0), Parse("2024-01-10 12:00:00", Berlin));
    }

    [Fact]
    public void TimeInTheSpringForwardGapIsInvalid()
    {
        // On 2024-03-31 Berlin clocks jump from 02:00 to 03:00, so 02:30 never happened.
        Assert.Null(Parse("2024-03-31 02:30:00", Berlin));
    }

    [Fact]
    public void ExplicitZoneWinsOverAssumedZone()
    {
        Assert.Equal(Expected, Parse("2024-07-10T10:15:30Z", Berlin));
        Assert.Equal(Expected, Parse("2024-07-10T12:15:30+02:00", Berlin));
    }

    [Fact]
    public void UtcAsAssumedZoneChangesNothing()
    {
        Assert.Equal(Expected, Parse("2024-07-10 10:15:30", TimeZoneInfo.Utc));
    }

    [Fact]
    public void OneParserFollowsTheOffsetAcrossDaylightSavingChanges()
    {
        // The parser caches the offset of the last local hour; each conversion must still use its own offset.
        var parser = new TimestampParser(Berlin);
        (string Local, DateTime Utc)[] cases =
        {
            ("2024-03-31 01:10:00", Utc.At(2024, 3, 31, 0, 10)),    // CET, +1
            ("2024-03-31 01:50:00", Utc.At(2024, 3, 31, 0, 50)),    // same hour, from the cache
            ("2024-03-31 03:10:00", Utc.At(2024, 3, 31, 1, 10)),    // CEST, +2
            ("2024-03-31 03:50:00", Utc.At(2024, 3, 31, 1, 50)),
            ("2024-10-27 01:30:00", Utc.At(2024, 10, 26, 23, 30)),  // still CEST, +2
            ("2024-10-27 03:30:00", Utc.At(2024, 10, 27, 2, 30)),   // CET again, +1
            ("2024-07-10 12:15:30", Expected),
        };

        foreach (var (local, utc) in cases)
        {
            Assert.True(parser.TryParse(local, out long ticks), local);
            Assert.Equal(utc, new DateTime(ticks, DateTimeKind.Utc));
        }
    }

    [Fact]
    public void AssumedZoneAppliesWhenReadingAFile()
    {
        var options = new EventReadOptions { AssumeTimeZone = Berlin };
        ReadResult result = Read.Text(
            """
            {"user":"a","event":"e","timestamp":"2024-07-10 12:15:30"}
            {"user":"b","event":"e","timestamp":"2024-03-31 02:30:00"}
            """, "events.jsonl", options);

        Assert.Equal(Expected, result.Single.Timestamp);
        Assert.Equal(SkipReason.InvalidTimestamp, result.SingleSkip.Reason);
        Assert.Equal(2, result.SingleSkip.Line);
        Assert.Equal("2024-03-31 02:30:00", result.SingleSkip.Timestamp);
    }

    [Fact]
    public void GeneralDateTimeFormatThatExportCsvWritesReadsBack_InTheNamedCultureOrTheInvariantOne()
    {
        // Export-Csv writes a DateTime as the culture's "G" text; records exported that way must import again. Which
        // culture is named by the reader (-Culture), never taken from the machine: the same file reads the same everywhere.
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var invariantParser = new TimestampParser();
            var germanParser = new TimestampParser(style: new TimestampStyle(null, new CultureInfo("de-DE")));
            long expected = new DateTime(2024, 6, 1, 8, 5, 12, DateTimeKind.Utc).Ticks;

            Assert.True(germanParser.TryParse("01.06.2024 08:05:12"u8, out long german));
            Assert.Equal(expected, german);
            Assert.False(invariantParser.TryParse("01.06.2024 08:05:12"u8, out _));   // the machine's culture is not asked
            Assert.True(invariantParser.TryParse("06/01/2024 08:05:12"u8, out long invariant));   // the invariant culture's "G"
            Assert.Equal(expected, invariant);
            Assert.False(germanParser.TryParse("01.06.2024"u8, out _));   // a date alone is still not a timestamp
            Assert.False(germanParser.TryParse("31.02.2024 08:05:12"u8, out _));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("en-US", "7/1/2024 12:00:00 AM +02:00")]
    [InlineData("en-US", "7/1/2024 12:00:00\u202FAM +02:00")]   // ICU's narrow no-break space before AM
    [InlineData("de-DE", "01.07.2024 00:00:00 +02:00")]
    [InlineData("en-US", "7/1/2024 12:00:00 AM +0200")]
    [InlineData(null, "07/01/2024 00:00:00 +02:00")]          // the invariant culture's text, the default
    public void GeneralDateTimeOffsetFormatThatExportCsvWritesReadsBack_AtItsOffset_InTheStylesCultureOnly(string? culture, string text)
    {
        // Export-Csv writes a DateTimeOffset (such as KwhUsage.Period) as the culture's "G" text and its offset. The
        // machine's culture (here another one) never takes part; the zone for text without an offset does not apply.
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture == "de-DE" ? "en-US" : "de-DE");
            var style = new TimestampStyle(null, culture is null ? null : new CultureInfo(culture));
            var parser = new TimestampParser(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), style);

            Assert.True(parser.TryParse(text, out long ticks));
            Assert.Equal(new DateTime(2024, 6, 30, 22, 0, 0, DateTimeKind.Utc).Ticks, ticks);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
