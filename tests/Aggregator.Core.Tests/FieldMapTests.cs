using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

public class FieldMapTests
{
    private static EventReadOptions Fields(string? user = null, string? @event = null, string? status = null, string? timestamp = null) =>
        new()
        {
            Fields = new FieldMap(
                user is null ? null : new[] { user },
                @event is null ? null : new[] { @event },
                status is null ? null : new[] { status },
                timestamp is null ? null : new[] { timestamp }),
        };

    [Theory]
    [InlineData("user", "event", "status", "timestamp")]
    [InlineData("user_id", "event_type", "result", "event_time")]
    [InlineData("userId", "eventType", "outcome", "time")]
    [InlineData("username", "type", "status", "@timestamp")]
    [InlineData("USER", "EVENT", "STATUS", "TIMESTAMP")]
    [InlineData("UserName", "Event_Type", "Result", "Event_Time")]
    [InlineData("userid", "eventtype", "OUTCOME", "@TimeStamp")]
    public void DefaultAliasesMatchCaseInsensitively(string user, string @event, string status, string timestamp)
    {
        ReadResult result = Read.Text(
            $$"""{"{{user}}":"alice","{{@event}}":"login","{{status}}":"fail","{{timestamp}}":"2024-07-10T10:00:00Z"}""");

        EventRecord record = result.Single;
        Assert.Equal("alice", record.User);
        Assert.Equal("login", record.Event);
        Assert.Equal(EventStatus.Fail, record.Status);
        Assert.Equal(Utc.At(2024, 7, 10, 10), record.Timestamp);
    }

    [Theory]
    [InlineData("""{"username":"second","user":"first","event":"e"}""")]
    [InlineData("""{"user":"first","username":"second","event":"e"}""")]
    public void EarlierAliasWinsWhateverThePropertyOrder(string json)
    {
        Assert.Equal("first", Read.Text(json).Single.User);
    }

    [Fact]
    public void NumericUserIdBecomesText()
    {
        ReadResult result = Read.Text("""{"user_id":12,"event":"login"}""");

        Assert.Equal("12", result.Single.User);
    }

    [Fact]
    public void NumericUserIdMatchesTheSameIdWrittenAsText()
    {
        ReadResult result = Read.Text("{\"user_id\":12,\"event\":\"login\"}\n{\"user_id\":\"12\",\"event\":\"view\"}\n");

        Assert.All(result.Records, r => Assert.Equal("12", r.User));
        var users = new Aggregation.UserEventAccumulator();
        result.Records.ForEach(users.Add);
        Assert.Equal(2, Assert.Single(users.GetResults()).TotalEvents);
    }

    [Fact]
    public void UserFieldOverrideReplacesTheDefaults()
    {
        ReadResult result = Read.Text(
            "{\"login\":\"alice\",\"user\":\"ignored\",\"event\":\"e\"}\n{\"user\":\"bob\",\"event\":\"e\"}\n",
            "events.jsonl", Fields(user: "login"));

        Assert.Equal("alice", result.Single.User);
        Assert.Equal(SkipReason.MissingField, result.SingleSkip.Reason);
        Assert.Contains("login", result.SingleSkip.Message);
    }

    [Fact]
    public void EveryFieldCanBeOverridden()
    {
        ReadResult result = Read.Text(
            """{"who":"alice","what":"login","how":"succeeded","when":"2024-07-10 10:00:00","user":"x","event":"y","status":"fail","timestamp":"2020-01-01 00:00:00"}""",
            options: Fields("who", "what", "how", "when"));

        EventRecord record = result.Single;
        Assert.Equal(("alice", "login", EventStatus.Success, (DateTime?)Utc.At(2024, 7, 10, 10)),
            (record.User, record.Event, record.Status, record.Timestamp));
    }

    [Fact]
    public void OverrideMatchesCaseInsensitively()
    {
        ReadResult result = Read.Text("""{"LOGIN":"alice","event":"e"}""", options: Fields(user: "Login"));

        Assert.Equal("alice", result.Single.User);
    }

    [Fact]
    public void SeveralOverrideNamesAreTriedInOrder()
    {
        var options = new EventReadOptions { Fields = new FieldMap(user: new[] { "primary", "fallback" }) };

        ReadResult result = Read.Text(
            "{\"fallback\":\"f1\",\"primary\":\"p1\",\"event\":\"e\"}\n{\"fallback\":\"f2\",\"event\":\"e\"}\n", "events.jsonl", options);

        Assert.Equal(new[] { "p1", "f2" }, result.Records.Select(r => r.User));
    }

    [Fact]
    public void GitHubEventArchive()
    {
        const string json = """
            {"id":"1","type":"PushEvent","actor":{"id":583231,"login":"octocat","display_login":"octocat","url":"https://api.github.com/users/octocat"},"repo":{"id":1,"name":"octocat/Hello-World"},"payload":{"ref":"refs/heads/main","commits":[{"author":{"name":"x"}}]},"public":true,"created_at":"2024-07-10T10:15:30Z"}
            """;

        ReadResult result = Read.Text(json, "2024-07-10-10.json", Fields(user: "actor.login", @event: "type", timestamp: "created_at"));

        EventRecord record = result.Single;
        Assert.Equal("octocat", record.User);
        Assert.Equal("PushEvent", record.Event);
        Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30), record.Timestamp);
        Assert.Equal(EventStatus.None, record.Status);
    }

    [Fact]
    public void CloudTrailRecords()
    {
        const string records = """
            [
              {
                "eventVersion": "1.08",
                "userIdentity": {"type": "IAMUser", "principalId": "AIDA", "arn": "arn:aws:iam::123:user/alice", "userName": "alice"},
                "eventTime": "2024-07-10T10:15:30Z",
                "eventSource": "signin.amazonaws.com",
                "eventName": "ConsoleLogin",
                "responseElements": {"ConsoleLogin": "Failure"}
              },
              {
                "userIdentity": {"type": "IAMUser", "userName": "bob"},
                "eventTime": "2024-07-10T10:20:00Z",
                "eventName": "ConsoleLogin",
                "responseElements": {"ConsoleLogin": "Success"}
              }
            ]
            """;
        var options = Fields(user: "userIdentity.userName", @event: "eventName", status: "responseElements.ConsoleLogin", timestamp: "eventTime");

        ReadResult result = Read.Text(records, "cloudtrail.json", options);

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "alice", "bob" }, result.Records.Select(r => r.User));
        Assert.All(result.Records, r => Assert.Equal("ConsoleLogin", r.Event));
        Assert.Equal(new[] { EventStatus.Fail, EventStatus.Success }, result.Records.Select(r => r.Status));
        Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30), result.Records[0].Timestamp);
        Assert.Equal(new long[] { 2, 10 }, result.Records.Select(r => r.Line));
    }

    [Fact]
    public void EntraSignInLogs()
    {
        const string json = """
            {"time":"2024-07-10T10:15:30.1234567Z","operationName":"Sign-in activity","category":"SignInLogs","properties":{"id":"x","createdDateTime":"2024-07-10T10:15:30Z","userDisplayName":"Alice","userPrincipalName":"alice@contoso.com","appDisplayName":"Portal","status":{"errorCode":0}}}
            {"time":"2024-07-10T10:16:00Z","operationName":"Sign-in activity","category":"SignInLogs","properties":{"userPrincipalName":"bob@contoso.com","status":{"errorCode":50126}}}
            """;

        ReadResult result = Read.Text(json, "signins.jsonl", Fields(user: "properties.userPrincipalName", @event: "operationName"));

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "alice@contoso.com", "bob@contoso.com" }, result.Records.Select(r => r.User));
        Assert.All(result.Records, r => Assert.Equal("Sign-in activity", r.Event));
        Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30).AddTicks(1_234_567), result.Records[0].Timestamp);
        // The nested "status" object sits under "properties", not at the top, so it is not the record's status.
        Assert.All(result.Records, r => Assert.Equal(EventStatus.None, r.Status));
    }

    [Fact]
    public void DottedPathMatchesCaseInsensitively()
    {
        ReadResult result = Read.Text("""{"Actor":{"LOGIN":"octocat"},"type":"PushEvent"}""", options: Fields(user: "actor.login"));

        Assert.Equal("octocat", result.Single.User);
    }

    [Fact]
    public void DottedPathAlsoMatchesAFlatKeySpelledThatWay()
    {
        ReadResult result = Read.Text("""{"actor.login":"octocat","type":"PushEvent"}""", options: Fields(user: "actor.login"));

        Assert.Equal("octocat", result.Single.User);
    }

    [Fact]
    public void ThreeLevelPath()
    {
        ReadResult result = Read.Text(
            """{"a":{"x":1,"b":{"skip":{"c":"wrong"},"c":"right"}},"event":"e"}""", options: Fields(user: "a.b.c"));

        Assert.Equal("right", result.Single.User);
    }

    [Fact]
    public void PathIsNotFollowedIntoTheWrongParent()
    {
        // "login" exists, but under "owner", not "actor".
        ReadResult result = Read.Text("""{"owner":{"login":"wrong"},"login":"wrong","type":"PushEvent"}""", options: Fields(user: "actor.login"));

        Assert.Empty(result.Records);
        Assert.Equal(SkipReason.MissingField, result.SingleSkip.Reason);
    }

    [Fact]
    public void PathThroughAValueThatIsNotAnObjectIsMissing()
    {
        ReadResult result = Read.Text("""{"actor":"octocat","type":"PushEvent"}""", options: Fields(user: "actor.login"));

        Assert.Equal(SkipReason.MissingField, result.SingleSkip.Reason);
    }

    [Fact]
    public void PathEndingAtAnObjectIsInvalidField()
    {
        ReadResult result = Read.Text("""{"actor":{"login":{"name":"octocat"}},"type":"PushEvent"}""", options: Fields(user: "actor.login"));

        Assert.Equal(SkipReason.InvalidField, result.SingleSkip.Reason);
    }

    [Fact]
    public void DefaultNamesAreTheDocumentedOnes()
    {
        FieldMap map = FieldMap.Default;

        Assert.Equal(new[] { "user", "user_id", "userId", "username" }, map.NamesFor(EventField.User));
        Assert.Equal(new[] { "event", "event_type", "eventType", "type" }, map.NamesFor(EventField.Event));
        Assert.Equal(new[] { "status", "result", "outcome" }, map.NamesFor(EventField.Status));
        Assert.Equal(new[] { "timestamp", "event_time", "time", "@timestamp" }, map.NamesFor(EventField.Timestamp));
        Assert.Equal("user, user_id, userId or username", map.Describe(EventField.User));
    }

    [Fact]
    public void OverrideNamesAreTrimmedAndBlankOnesDropped()
    {
        var map = new FieldMap(user: new[] { "  login ", "", "  " });

        Assert.Equal(new[] { "login" }, map.NamesFor(EventField.User));
        Assert.Equal("login", map.Describe(EventField.User));
        Assert.Equal(FieldMap.DefaultEventNames, map.NamesFor(EventField.Event));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("actor..login")]
    [InlineData(".login")]
    [InlineData("actor.")]
    public void InvalidOverrideNamesAreRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => new FieldMap(user: new[] { name }));
    }
}
