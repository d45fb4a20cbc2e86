namespace Aggregator.Core.Tests;

public class JsonLinesReaderTests
{
    [Fact]
    public void OneRecordPerLine()
    {
        ReadResult result = Read.Text(
            """
            {"user":"alice","event":"login","status":"success","timestamp":"2024-06-01T08:05:12Z"}
            {"user":"bob","event":"login","status":"fail","timestamp":"2024-06-01T08:21:03Z"}
            {"user":"carol","event":"view"}
            """, "events.jsonl");

        result.AssertCountsAddUp();
        Assert.Equal(InputFormat.JsonLines, result.Statistics.Format);
        Assert.Equal(new[] { "alice", "bob", "carol" }, result.Records.Select(r => r.User));
        Assert.Equal(new[] { EventStatus.Success, EventStatus.Fail, EventStatus.None }, result.Records.Select(r => r.Status));
        Assert.Equal(new DateTime?[] { Utc.At(2024, 6, 1, 8, 5, 12), Utc.At(2024, 6, 1, 8, 21, 3), null },
            result.Records.Select(r => r.Timestamp));
        Assert.Equal(new long[] { 1, 2, 3 }, result.Records.Select(r => r.Line));
    }

    [Fact]
    public void BlankLinesAreSkippedButCounted()
    {
        ReadResult result = Read.Text("\n{\"user\":\"a\",\"event\":\"x\"}\n\n   \n{\"user\":\"b\",\"event\":\"y\"}\n\n", "events.jsonl");

        result.AssertCountsAddUp();
        Assert.Empty(result.Skipped);
        Assert.Equal(new long[] { 2, 5 }, result.Records.Select(r => r.Line));
    }

    [Fact]
    public void CrLfLineEndings()
    {
        ReadResult result = Read.Text(
            "{\"user\":\"a\",\"event\":\"login\",\"status\":\"ok\"}\r\n" +
            "{\"user\":\"b\",\"event\":\"view\",\"timestamp\":\"2024-06-01 08:00:00\"}\r\n" +
            "{\"user\":\"c\",\"event\":\r\n" +
            "{\"user\":\"d\",\"event\":\"logout\"}\r\n",
            "events.jsonl");

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "login", "view", "logout" }, result.Records.Select(r => r.Event));
        Assert.Equal(new long[] { 1, 2, 4 }, result.Records.Select(r => r.Line));
        Assert.Equal(Utc.At(2024, 6, 1, 8), result.Records[1].Timestamp);
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidJson, skipped.Reason);
        Assert.Equal(3, skipped.Line);
        Assert.Equal("{\"user\":\"c\",\"event\":", skipped.Raw);
    }

    [Fact]
    public void LastLineWithoutNewline()
    {
        ReadResult result = Read.Text("{\"user\":\"a\",\"event\":\"x\"}\n{\"user\":\"b\",\"event\":\"y\"}", "events.jsonl");

        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
    }

    [Fact]
    public void InvalidLineIsReportedAndTheNextLineIsRead()
    {
        ReadResult result = Read.Text(
            """
            {"user":"a","event":"x"}
            {"user":"b","event":x}
            {"user":"c","event":"z"}
            """, "events.jsonl");

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "a", "c" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 1, 3 }, result.Records.Select(r => r.Line));
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidJson, skipped.Reason);
        Assert.Equal(2, skipped.Line);
        Assert.Equal("""{"user":"b","event":x}""", skipped.Raw);
        Assert.Equal("events.jsonl", skipped.Source);
        Assert.False(string.IsNullOrWhiteSpace(skipped.Message));
    }

    [Fact]
    public void ObjectThatIsNotClosedOnItsLineIsInvalid()
    {
        // In JSON Lines an object must end on its own line; the next line is a new record.
        ReadResult result = Read.Text(
            """
            {"user":"a","event":"x"
            {"user":"b","event":"y"}
            """, "events.jsonl");

        Assert.Equal("b", result.Single.User);
        Assert.Equal(2, result.Single.Line);
        Assert.Equal(SkipReason.InvalidJson, result.SingleSkip.Reason);
        Assert.Equal(1, result.SingleSkip.Line);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void LineThatIsNotAnObjectIsReported()
    {
        ReadResult result = Read.Text(
            """
            {"user":"a","event":"x"}
            just some text
            {"user":"b","event":"y"}
            """, "events.jsonl");

        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(2, skipped.Line);
        Assert.Equal("just some text", skipped.Raw);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void FormatCanBeForced()
    {
        // A .json name would not stop JSON Lines from being read as such when asked.
        ReadResult result = Read.Text("{\"user\":\"a\",\"event\":\"x\"}\n{\"user\":\"b\",\"event\":\"y\"}\n", "events.json",
            Read.Format(InputFormat.JsonLines));

        Assert.Equal(InputFormat.JsonLines, result.Statistics.Format);
        Assert.Equal(new long[] { 1, 2 }, result.Records.Select(r => r.Line));
    }
}
