using Aggregator.Parsing;

namespace Aggregator.Core.Tests;

/// <summary>Objects from the pipeline (such as Import-Csv rows) are validated by the same rules as file records.</summary>
public class PropertyRecordParserTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static EventRecord Valid(string? user, string? @event, string? status, object? timestamp, TimeZoneInfo? zone = null)
    {
        bool ok = new PropertyRecordParser(zone).TryCreate(user, @event, status, timestamp, "pipeline", 7, out EventRecord? record,
            out SkippedRecord? skipped);

        Assert.True(ok, skipped?.ToString());
        Assert.Null(skipped);
        return record!;
    }

    private static SkippedRecord Skipped(string? user, string? @event, string? status, object? timestamp)
    {
        bool ok = new PropertyRecordParser().TryCreate(user, @event, status, timestamp, "pipeline", 7, out EventRecord? record,
            out SkippedRecord? skipped);

        Assert.False(ok);
        Assert.Null(record);
        return skipped!;
    }

    [Fact]
    public void ValidObjectBecomesARecord()
    {
        EventRecord record = Valid("alice", "login", "Succeeded", "2024-07-10 10:15:30");

        Assert.Equal("alice", record.User);
        Assert.Equal("login", record.Event);
        Assert.Equal(EventStatus.Success, record.Status);
        Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30), record.Timestamp);
        Assert.Equal("pipeline", record.Source);
        Assert.Equal(7, record.Line);
    }

    [Theory]
    [InlineData(null, EventStatus.None)]
    [InlineData("", EventStatus.None)]
    [InlineData("None", EventStatus.None)]
    [InlineData("ok", EventStatus.Success)]
    [InlineData("TRUE", EventStatus.Success)]
    [InlineData("failure", EventStatus.Fail)]
    [InlineData("false", EventStatus.Fail)]
    public void StatusWords(string? status, EventStatus expected)
    {
        Assert.Equal(expected, Valid("alice", "login", status, null).Status);
    }

    [Fact]
    public void UnknownStatusIsSkipped()
    {
        SkippedRecord skipped = Skipped("alice", "login", "pending", null);

        Assert.Equal(SkipReason.UnknownStatus, skipped.Reason);
        Assert.Contains("pending", skipped.Message);
        Assert.Equal(("pipeline", 7L), (skipped.Source, skipped.Line));
        Assert.Contains("User=alice", skipped.Raw);
        Assert.Contains("Status=pending", skipped.Raw);
    }

    [Theory]
    [InlineData(null, "login")]
    [InlineData("", "login")]
    [InlineData("  ", "login")]
    [InlineData("alice", null)]
    [InlineData("alice", "")]
    public void MissingUserOrEventIsSkipped(string? user, string? @event)
    {
        SkippedRecord skipped = Skipped(user, @event, "ok", null);

        Assert.Equal(SkipReason.MissingField, skipped.Reason);
        Assert.Contains(string.IsNullOrWhiteSpace(user) ? "user" : "event", skipped.Message);
        Assert.Equal(user, skipped.User);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NoTimestamp(string? timestamp)
    {
        // Import-Csv gives an empty string for an empty cell.
        Assert.Null(Valid("alice", "login", "ok", timestamp).Timestamp);
    }

    [Theory]
    [InlineData("2024-07-10T12:15:30+02:00")]
    [InlineData("2024-07-10T10:15:30Z")]
    [InlineData("2024-07-10 10:15:30")]
    public void TimestampText(string timestamp)
    {
        Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30), Valid("alice", "login", "ok", timestamp).Timestamp);
    }

    [Theory]
    [InlineData("2024-13-01T10:00:00Z")]
    [InlineData("2024-07-10T25:61:00Z")]
    [InlineData("not-a-date")]
    [InlineData("2024-07-10")]
    public void InvalidTimestampTextIsSkipped(string timestamp)
    {
        SkippedRecord skipped = Skipped("alice", "login", "ok", timestamp);

        Assert.Equal(SkipReason.InvalidTimestamp, skipped.Reason);
        Assert.Equal(timestamp, skipped.Timestamp);
    }

    [Fact]
    public void TimestampOfAnUnsupportedTypeIsSkipped()
    {
        Assert.Equal(SkipReason.InvalidTimestamp, Skipped("alice", "login", "ok", Guid.Empty).Reason);
        Assert.Equal(SkipReason.InvalidTimestamp, Skipped("alice", "login", "ok", true).Reason);
    }

    [Fact]
    public void UtcDateTimeIsKept()
    {
        EventRecord record = Valid("alice", "login", "ok", Utc.At(2024, 7, 10, 10, 15, 30));

        Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30), record.Timestamp);
        Assert.Equal(DateTimeKind.Utc, record.Timestamp!.Value.Kind);
    }

    [Fact]
    public void UnspecifiedDateTimeIsUtcUnlessAZoneIsAssumed()
    {
        var naive = new DateTime(2024, 7, 10, 12, 15, 30, DateTimeKind.Unspecified);

        Assert.Equal(Utc.At(2024, 7, 10, 12, 15, 30), Valid("alice", "login", "ok", naive).Timestamp);
        Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30), Valid("alice", "login", "ok", naive, Berlin).Timestamp);
    }

    [Fact]
    public void LocalDateTimeIsConvertedToUtc()
    {
        var local = new DateTime(2024, 7, 10, 12, 15, 30, DateTimeKind.Local);

        DateTime? timestamp = Valid("alice", "login", "ok", local).Timestamp;

        Assert.Equal(local.ToUniversalTime(), timestamp);
        Assert.Equal(DateTimeKind.Utc, timestamp!.Value.Kind);
    }

    [Fact]
    public void DateTimeOffsetIsConvertedToUtc()
    {
        var offset = new DateTimeOffset(2024, 7, 10, 12, 15, 30, TimeSpan.FromHours(2));

        Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30), Valid("alice", "login", "ok", offset).Timestamp);
    }

    [Theory]
    [InlineData(1720606530)]
    [InlineData(1720606530L)]
    [InlineData(1720606530.0)]
    [InlineData(1720606530000L)]
    public void EpochNumbers(object epoch)
    {
        Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30), Valid("alice", "login", "ok", epoch).Timestamp);
    }

    [Fact]
    public void NaiveTextTimestampInAssumedZone()
    {
        Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30), Valid("alice", "login", "ok", "2024-07-10 12:15:30", Berlin).Timestamp);
    }

    [Fact]
    public void SameRulesAsTheFileReader()
    {
        // The same values through both paths give the same record, or the same reason.
        (string User, string Event, string Status, string Timestamp)[] cases =
        {
            ("alice", "login", "ok", "2024-07-10 10:15:30"),
            ("alice", "login", "maybe", "2024-07-10 10:15:30"),
            ("alice", "login", "fail", "2024-02-30 10:15:30"),
            ("alice", "login", "", ""),
        };

        foreach (var c in cases)
        {
            ReadResult file = Read.Text($"user,event,status,timestamp\n{c.User},{c.Event},{c.Status},{c.Timestamp}\n", "events.csv");
            bool ok = new PropertyRecordParser().TryCreate(c.User, c.Event, c.Status, c.Timestamp, "events.csv", 2,
                out EventRecord? record, out SkippedRecord? skipped);

            Assert.Equal(file.Records.Count == 1, ok);
            if (ok)
            {
                Assert.Equal((file.Single.Status, file.Single.Timestamp), (record!.Status, record.Timestamp));
            }
            else
            {
                Assert.Equal(file.SingleSkip.Reason, skipped!.Reason);
            }
        }
    }
}
