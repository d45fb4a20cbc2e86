using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>Dotted paths into strings that hold JSON objects, as Log Analytics exports nested columns.</summary>
public sealed class EmbeddedJsonTests
{
    private static readonly EventReadOptions Audit = new()
    {
        Fields = new FieldMap(new[] { "initiatedBy.user.userPrincipalName", "initiatedBy.app.displayName" },
            new[] { "activity" }, new[] { "result" }, new[] { "at" }),
    };

    [Fact]
    public void PathReachesIntoAJsonString_AtAnyDepth_WithEscapesInside()
    {
        ReadResult result = Read.Text("""
            {"activity":"a","InitiatedBy":"{\"user\":{\"userPrincipalName\":\"ann@x.com\",\"roles\":[]}}","at":"2024-06-01T08:00:00Z"}
            {"activity":"b","initiatedBy":"{\"user\":null,\"app\":{\"displayName\":\"Sync \\\"Agent\\\"\"}}"}
            {"activity":"c","initiatedBy":{"user":"{\"userPrincipalName\":\"bob@x.com\"}"}}
            """, "audit.jsonl", Audit);

        result.AssertCountsAddUp();
        Assert.Empty(result.Skipped);
        Assert.Equal(new[] { "ann@x.com", "Sync \"Agent\"", "bob@x.com" }, result.Records.Select(r => r.User));
    }

    [Theory]
    [InlineData("""{"activity":"a","initiatedBy":"not json"}""")]
    [InlineData("""{"activity":"a","initiatedBy":"{\"user\":{\"userPrincipalName\":"}""")]
    [InlineData("""{"activity":"a","initiatedBy":"[{\"user\":{\"userPrincipalName\":\"ann\"}}]"}""")]
    public void StringThatIsNotAJsonObject_LeavesThePathUnmatched(string line)
    {
        ReadResult result = Read.Text(line + "\n", "audit.jsonl", Audit);

        result.AssertCountsAddUp();
        Assert.Equal(SkipReason.MissingField, Assert.Single(result.Skipped).Reason);
    }
}
