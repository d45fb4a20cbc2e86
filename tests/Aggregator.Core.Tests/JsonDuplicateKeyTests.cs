using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>A name written twice in one object: the last value wins, as in jq, Python and System.Text.Json's JsonNode.</summary>
public class JsonDuplicateKeyTests
{
    [Theory]
    [InlineData("""{"user":"first","event":"x","user":"last"}""")]
    [InlineData("""{"user":"first","event":"x","user":"last"}""", "events.jsonl")]
    [InlineData("""{"user":"first","event":"x","note":"a \"quote\"","user":"last"}""")]   // the full parser's path
    [InlineData("""{"user":"first","event":"x","user":"l\u0061st"}""")]                   // an escaped last value
    public void TheLastUserWins(string json, string name = "events.json")
    {
        ReadResult result = Read.Text(json, name);

        result.AssertCountsAddUp();
        Assert.Equal("last", result.Single.User);
    }

    [Fact]
    public void TheLastValueWinsForEveryEventField()
    {
        ReadResult result = Read.Text(
            """{"user":"a","event":"first","status":"fail","timestamp":"2020-01-01T00:00:00Z","event":"last","status":"ok","timestamp":"2024-06-01T08:00:00Z"}""");

        result.AssertCountsAddUp();
        Assert.Equal("last", result.Single.Event);
        Assert.Equal(EventStatus.Success, result.Single.Status);
        Assert.Equal(Utc.At(2024, 6, 1, 8), result.Single.Timestamp);
    }

    [Fact]
    public void ALastNullWins_AsInJq()
    {
        ReadResult result = Read.Text("""{"user":"a","event":"x","user":null}""");

        Assert.Empty(result.Records);
        Assert.Equal(SkipReason.MissingField, result.SingleSkip.Reason);
    }

    [Fact]
    public void ALastValueAfterAnObjectWins()
    {
        ReadResult result = Read.Text("""{"user":{"name":"a"},"event":"x","user":"b"}""");

        Assert.Equal("b", result.Single.User);
    }

    [Fact]
    public void TheLastNestedObjectWins()
    {
        var options = new EventReadOptions { Fields = new FieldMap(user: new[] { "actor.login" }) };

        ReadResult result = Read.Text("""{"actor":{"login":"first"},"type":"x","actor":{"login":"last"}}""", options: options);

        Assert.Equal("last", result.Single.User);
    }

    [Fact]
    public void TheLastValueWinsInAReading()
    {
        var sink = new ValueSink();
        EventFileReader.ReadStream(new MemoryStream(Read.Utf8NoBom.GetBytes(
            """{"meter_id":"m1","timestamp":"2024-01-01T00:00:00Z","kwh":1.5,"meter_id":"m2","kwh":2.5}""")),
            "meters.json", new EventReadOptions { Fields = FieldMap.KwhDefault }, sink);

        Assert.Equal(("m2", 2.5), Assert.Single(sink.Values));
    }

    [Fact]
    public void TheLastValueWinsInASignIn()
    {
        SignInReadResult result = ReadSignIn.Text(
            """{"id":"1","userPrincipalName":"first@x.com","accountEnabled":true,"userPrincipalName":"last@x.com"}""");

        Assert.Equal("last@x.com", result.Single.UserPrincipalName);
    }

    private sealed class ValueSink : IEventSink
    {
        public EventSymbols Symbols { get; } = new();

        public NameUse Names => NameUse.Both;

        public List<(string, double)> Values { get; } = new();

        public void OnEvent(in ParsedEvent record) => Values.Add((record.User, record.Value));

        public void OnSkipped(SkippedRecord record) => Assert.Fail(record.Message);
    }
}
