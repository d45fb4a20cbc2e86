using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>Files that wrap their records as {"Records": [...]}, as CloudTrail and Azure diagnostic logs do.</summary>
public class RecordsEnvelopeTests
{
    private static readonly EventReadOptions CloudTrail = new()
    {
        Fields = new FieldMap(new[] { "userIdentity.userName" }, new[] { "eventName" },
            new[] { "responseElements.ConsoleLogin" }, new[] { "eventTime" }),
    };

    private const string Trail = """{"Records":[{"userIdentity":{"type":"IAMUser","userName":"alice"},"eventTime":"2024-06-01T10:00:00Z","eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"}},{"userIdentity":{"type":"IAMUser","userName":"bob"},"eventTime":"2024-06-01T10:05:00Z","eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Failure"}},{"userIdentity":{"type":"AssumedRole"},"eventTime":"2024-06-01T10:06:00Z","eventName":"GetObject"}]}""";

    [Fact]
    public void CloudTrailFileOnOneLineReadsItsRecords()
    {
        ReadResult result = Read.Text(Trail, "trail.json", CloudTrail);

        Assert.Equal(new[] { ("alice", EventStatus.Success), ("bob", EventStatus.Fail) },
            result.Records.Select(r => (r.User, r.Status)));
        Assert.Equal(new DateTime(2024, 6, 1, 10, 5, 0, DateTimeKind.Utc), result.Records[1].Timestamp);
        Assert.Equal(SkipReason.MissingField, result.SingleSkip.Reason);   // the role session has no userName
        Assert.Equal(InputFormat.Json, result.Statistics.Format);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void PrettyPrintedLowerCaseEnvelopeKeepsLineNumbers()
    {
        string text = "{\n  \"records\": [\n    {\"user\": \"a\", \"event\": \"x\"},\n    {\"user\": \"b\", \"event\": \"y\"}\n  ]\n}\n";

        ReadResult result = Read.Text(text, "diagnostics.json");

        Assert.Equal(new[] { ("a", 3L), ("b", 4L) }, result.Records.Select(r => (r.User, r.Line)));
        Assert.Empty(result.Skipped);
    }

    [Theory]
    [InlineData("""{"Records": {"user": "a"}}""", 0)]
    [InlineData("""{"Recordz": [{"user": "a"}]}""", 0)]
    [InlineData("""  { "Records" : [ {"user": "a"}]}""", 17)]   // up to and including the [
    public void EnvelopeIsRecognisedOnlyAsAnArrayNamedRecords(string text, int expected) =>
        Assert.Equal(expected, FormatDetector.RecordsEnvelopeLength(System.Text.Encoding.UTF8.GetBytes(text)));
}
