using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>The Json format: an array of objects, or objects one after another, pretty-printed or not.</summary>
public class JsonReaderTests
{
    [Fact]
    public void ArrayOfObjectsOnePerLine()
    {
        ReadResult result = Read.Text(
            """
            [
              {"user": "alice", "status": "success", "event": "login", "timestamp": "2024-06-01 08:05:12"},
              {"user": "bob", "status": "fail", "event": "login", "timestamp": "2024-06-01 08:21:03"},
              {"user": "carol", "event": "view"}
            ]
            """);

        result.AssertCountsAddUp();
        Assert.Empty(result.Skipped);
        Assert.Equal(InputFormat.Json, result.Statistics.Format);
        Assert.Collection(result.Records,
            r => AssertRecord(r, "alice", "login", EventStatus.Success, Utc.At(2024, 6, 1, 8, 5, 12), line: 2),
            r => AssertRecord(r, "bob", "login", EventStatus.Fail, Utc.At(2024, 6, 1, 8, 21, 3), line: 3),
            r => AssertRecord(r, "carol", "view", EventStatus.None, null, line: 4));
    }

    [Fact]
    public void PrettyPrintedArrayGivesEachRecordTheLineOfItsOpeningBrace()
    {
        ReadResult result = Read.Text(
            """
            [
              {
                "user": "alice",
                "event": "login"
              },
              {
                "user": "bob",
                "event": "view"
              }
            ]
            """);

        Assert.Equal(new[] { "alice", "bob" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 2, 6 }, result.Records.Select(r => r.Line));
    }

    [Fact]
    public void PrettyPrintedObjectsWithoutArray()
    {
        ReadResult result = Read.Text(
            """
            {
              "user": "alice",
              "event": "login",
              "status": "ok"
            }
            {
              "user": "bob",
              "event": "logout",
              "status": "error"
            }
            """);

        result.AssertCountsAddUp();
        Assert.Equal(InputFormat.Json, result.Statistics.Format);
        Assert.Collection(result.Records,
            r => AssertRecord(r, "alice", "login", EventStatus.Success, null, line: 1),
            r => AssertRecord(r, "bob", "logout", EventStatus.Fail, null, line: 6));
    }

    [Theory]
    [InlineData("""{"user":"a","event":"x"}{"user":"b","event":"y"}""")]
    [InlineData("""{"user":"a","event":"x"},{"user":"b","event":"y"}""")]
    [InlineData("""{"user":"a","event":"x"}   {"user":"b","event":"y"}""")]
    [InlineData("""[{"user":"a","event":"x"},{"user":"b","event":"y"}]""")]
    public void ConcatenatedObjectsOnOneLine(string text)
    {
        ReadResult result = Read.Text(text);

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        Assert.Equal(new[] { "x", "y" }, result.Records.Select(r => r.Event));
        Assert.All(result.Records, r => Assert.Equal(1, r.Line));
    }

    [Fact]
    public void FieldsInObjectsThatNoPathEntersAreIgnored()
    {
        // "user" and "event" inside "meta" are not the record's own fields.
        ReadResult result = Read.Text(
            """{"meta":{"user":"nested","event":"nested","list":[{"user":"deep"}]},"user":"alice","tags":["x",{"event":"y"}],"event":"login"}""");

        EventRecord record = result.Single;
        Assert.Equal("alice", record.User);
        Assert.Equal("login", record.Event);
    }

    [Fact]
    public void EscapedStringsAreUnescaped()
    {
        ReadResult result = Read.Text("""{"user":"al\u0069ce","event":"say \"hi\"\\now","status":"\u006Fk"}""");

        EventRecord record = result.Single;
        Assert.Equal("alice", record.User);
        Assert.Equal("say \"hi\"\\now", record.Event);
        Assert.Equal(EventStatus.Success, record.Status);
    }

    [Fact]
    public void EscapedPropertyNamesStillMatch()
    {
        ReadResult result = Read.Text("""{"\u0075ser":"alice","ev\u0065nt":"login"}""");

        Assert.Equal(("alice", "login"), (result.Single.User, result.Single.Event));
    }

    [Fact]
    public void NonAsciiValuesSurvive()
    {
        ReadResult result = Read.Text("""{"user":"Zoë 北京","event":"connexion réussie"}""");

        Assert.Equal("Zoë 北京", result.Single.User);
        Assert.Equal("connexion réussie", result.Single.Event);
    }

    [Fact]
    public void ManyRecordsWithEscapesKeepTheirOwnValues()
    {
        // Unescaped values are copied to a scratch area that grows; earlier fields of the record must stay intact.
        string longEscaped = string.Concat(Enumerable.Repeat("\\u0041", 200));
        string text = string.Join("\n", Enumerable.Range(0, 50).Select(i =>
            $$"""{"user":"u\u00{{30 + i % 10}}{{i}}","event":"{{longEscaped}}{{i}}","status":"\u006fk"}"""));

        ReadResult result = Read.Text(text);

        Assert.Equal(50, result.Records.Count);
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal($"u{i % 10}{i}", result.Records[i].User);
            Assert.Equal(new string('A', 200) + i, result.Records[i].Event);
        }
    }

    [Fact]
    public void RecordsOfDifferentShapesInOneFile()
    {
        // Records usually share a shape, but each one must be matched on its own property names.
        ReadResult result = Read.Text(
            """
            {"user":"a","event":"x","status":"ok"}
            {"event":"y","user":"b","status":"fail"}
            {"username":"c","type":"z"}
            {"userx":"d","event":"w"}
            {"user":"e","event":"v","result":"error","status":"ok"}
            {"user":"f","event":"u"}
            """, "events.jsonl");

        Assert.Equal(new[] { "a|x|Success", "b|y|Fail", "c|z|None", "e|v|Success", "f|u|None" },
            result.Records.Select(r => $"{r.User}|{r.Event}|{r.Status}"));
        Assert.Equal(4, result.SingleSkip.Line);
    }

    [Fact]
    public void NestedPathAndFlatValueUnderTheSameNameInDifferentRecords()
    {
        var options = new EventReadOptions { Fields = new Parsing.FieldMap(user: new[] { "actor.login" }) };

        ReadResult result = Read.Text(
            """
            {"actor":{"login":"octocat"},"type":"PushEvent"}
            {"actor":"flat","type":"PushEvent"}
            {"actor":{"login":"hubot"},"type":"IssuesEvent"}
            """, "events.jsonl", options);

        Assert.Equal(new[] { "octocat", "hubot" }, result.Records.Select(r => r.User));
        Assert.Equal(2, result.SingleSkip.Line);
        Assert.Equal(SkipReason.MissingField, result.SingleSkip.Reason);
    }

    [Fact]
    public void FieldsAfterManyOtherProperties()
    {
        string Filler(int count) => string.Concat(Enumerable.Range(0, count).Select(i => $"\"f{i}\":{i},"));

        ReadResult result = Read.Text(
            "{" + Filler(40) + "\"user\":\"a\",\"event\":\"x\"}\n" +
            "{" + Filler(35) + "\"event\":\"y\",\"user\":\"b\"}\n",
            "events.jsonl");

        Assert.Equal(new[] { "a|x", "b|y" }, result.Records.Select(r => $"{r.User}|{r.Event}"));
    }

    [Fact]
    public void CommentsAndTrailingCommasAreTolerated()
    {
        ReadResult result = Read.Text(
            """
            [
              // first
              {"user": "a", "event": "x",},
              {"user": "b", "event": "y"},
            ]
            """);

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 3, 4 }, result.Records.Select(r => r.Line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("  \n\n ")]
    [InlineData("[\n]\n")]
    public void EmptyInputHasNoRecords(string text)
    {
        ReadResult result = Read.Text(text);

        Assert.Empty(result.Records);
        Assert.Empty(result.Skipped);
        Assert.Equal(0, result.Statistics.TotalRecords);
    }

    [Fact]
    public void SourceNamesTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("events.json", """[{"user":"a","event":"x"}, {"event":"y"}]""");

        ReadResult result = Read.File(path);

        Assert.Equal(path, result.Single.Source);
        Assert.Equal(path, result.SingleSkip.Source);
        Assert.Equal(path, result.Statistics.Source);
        Assert.Equal(new FileInfo(path).Length, result.Statistics.Bytes);
        Assert.Equal("events.json: 2 read, 1 valid, 1 skipped", result.Statistics.ToString());
    }

    [Fact]
    public void MissingFileIsReportedNotThrown()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "absent.json");

        ReadResult result = Read.File(path);

        Assert.NotNull(result.Statistics.Error);
        Assert.Equal(0, result.Statistics.TotalRecords);
    }

    [Fact]
    public void CancellationStopsTheRead()
    {
        string text = string.Join("\n", Enumerable.Range(0, 5000).Select(i => $$"""{"user":"u{{i}}","event":"e"}"""));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => EventFileReader.ReadStream(
            new MemoryStream(Read.Utf8NoBom.GetBytes(text)), "events.jsonl", EventReadOptions.Default, new CollectingSink("x"),
            cancelled.Token));
    }

    private static void AssertRecord(EventRecord record, string user, string @event, EventStatus status, DateTime? timestamp, long line)
    {
        Assert.Equal(user, record.User);
        Assert.Equal(@event, record.Event);
        Assert.Equal(status, record.Status);
        Assert.Equal(timestamp, record.Timestamp);
        Assert.Equal(line, record.Line);
        Assert.Equal("events.json", record.Source);
        if (timestamp is not null)
        {
            Assert.Equal(DateTimeKind.Utc, record.Timestamp!.Value.Kind);
        }
    }
}
