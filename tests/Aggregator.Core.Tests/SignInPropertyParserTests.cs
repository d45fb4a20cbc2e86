using System.Text.Json;
using Aggregator.Parsing;

namespace Aggregator.Core.Tests;

/// <summary>SignInPropertyParser: Get-MgUser objects, ConvertFrom-Json output and hashtables from the pipeline.</summary>
public class SignInPropertyParserTests
{
    private static readonly DateTime AsOf = ReadSignIn.AsOf;

    private static (SignInActivity? User, SkippedRecord? Skip) Parse(object? id, object? upn = null, object? displayName = null,
        object? enabled = null, object?[]? activity = null, bool activityIsScalar = false, DateTime? asOf = null,
        TimeZoneInfo? zone = null)
    {
        var parser = new SignInPropertyParser(asOf ?? AsOf, zone);
        bool ok = parser.TryCreate(id, upn, displayName, enabled, activity, activityIsScalar, "(pipeline)", 7,
            out SignInActivity? user, out SkippedRecord? skipped);
        Assert.Equal(ok, user is not null);
        Assert.Equal(ok, skipped is null);
        return (user, skipped);
    }

    private static object?[] Activity(object? interactive = null, object? interactiveId = null, object? nonInteractive = null,
        object? nonInteractiveId = null, object? successful = null, object? successfulId = null) =>
        new[] { interactive, interactiveId, nonInteractive, nonInteractiveId, successful, successfulId };

    [Fact]
    public void GetMgUserObject_WithDateTimes()
    {
        var (user, _) = Parse("id-1", "alice@contoso.com", "Alice", true, Activity(
            Utc.At(2024, 7, 10, 11, 45), "req-i",
            new DateTime(2024, 7, 12, 8, 0, 0, DateTimeKind.Unspecified), "req-n",
            new DateTimeOffset(2024, 7, 9, 1, 59, 59, TimeSpan.FromHours(2)), "req-s"));

        Assert.Equal("id-1", user!.Id);
        Assert.Equal("alice@contoso.com", user.UserPrincipalName);
        Assert.Equal("Alice", user.DisplayName);
        Assert.True(user.AccountEnabled);
        Assert.Equal(Utc.At(2024, 7, 10, 11, 45), user.Interactive!.DateTime);
        Assert.Equal("req-i", user.Interactive.RequestId);
        Assert.Equal(Utc.At(2024, 7, 12, 8), user.NonInteractive!.DateTime);   // no kind: taken as UTC
        Assert.Equal(DateTimeKind.Utc, user.NonInteractive.DateTime!.Value.Kind);
        Assert.Equal(Utc.At(2024, 7, 8, 23, 59, 59), user.Successful!.DateTime);   // the offset is undone
        Assert.Equal(Utc.At(2024, 7, 12, 8), user.LastSignIn);
        Assert.Equal(7, user.DaysSinceLastSignIn);
        Assert.False(user.NeverSignedIn);
        Assert.Equal("(pipeline)", user.Source);
        Assert.Equal(7, user.Line);
    }

    [Fact]
    public void LocalDateTimes_AreConverted()
    {
        var local = new DateTime(2024, 7, 10, 17, 15, 0, DateTimeKind.Local);
        var (user, _) = Parse("id-1", activity: Activity(local));
        Assert.Equal(local.ToUniversalTime(), user!.Interactive!.DateTime);
        Assert.Equal(DateTimeKind.Utc, user.Interactive.DateTime!.Value.Kind);
    }

    [Fact]
    public void StringDates_AsConvertFromJsonLeavesThem()
    {
        var (user, _) = Parse("id-1", activity: Activity("2024-07-10T11:45:00Z", null, "  ", "  ", "2024-07-10T13:45:00.5+02:00", "req-s"));

        Assert.Equal(Utc.At(2024, 7, 10, 11, 45), user!.Interactive!.DateTime);
        Assert.Null(user.Interactive.RequestId);
        Assert.Null(user.NonInteractive);   // blank date and blank request id
        Assert.Equal(Utc.At(2024, 7, 10, 11, 45).AddMilliseconds(500), user.Successful!.DateTime);
        Assert.Equal(Utc.At(2024, 7, 10, 11, 45).AddMilliseconds(500), user.LastSignIn);
    }

    [Fact]
    public void DatesWithoutAZone_FollowTheAssumedZone()
    {
        TimeZoneInfo tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var (user, _) = Parse("id-1", zone: tokyo, activity: Activity(
            "2024-07-10 20:45:00", null, new DateTime(2024, 7, 10, 9, 0, 0, DateTimeKind.Unspecified)));

        Assert.Equal(Utc.At(2024, 7, 10, 11, 45), user!.Interactive!.DateTime);
        Assert.Equal(Utc.At(2024, 7, 10, 0, 0), user.NonInteractive!.DateTime);
    }

    [Fact]
    public void NeverDates_AreNoSignIn()
    {
        var (user, _) = Parse("id-1", activity: Activity(DateTime.MinValue, null, "0001-01-01T00:00:00Z", "req-n",
            new DateTimeOffset(DateTime.MinValue, TimeSpan.Zero)));

        Assert.Null(user!.Interactive);
        Assert.Null(user.NonInteractive!.DateTime);
        Assert.Equal("req-n", user.NonInteractive.RequestId);
        Assert.Null(user.Successful);
        Assert.True(user.NeverSignedIn);
        Assert.Null(user.DaysSinceLastSignIn);
    }

    [Fact]
    public void NullActivity_MeansNeverSignedIn()
    {
        var (user, _) = Parse(null, "bob@contoso.com", enabled: false, activity: null);

        Assert.Null(user!.Id);
        Assert.Equal("bob@contoso.com", user.UserPrincipalName);
        Assert.False(user.AccountEnabled);
        Assert.Null(user.Interactive);
        Assert.Null(user.NonInteractive);
        Assert.Null(user.Successful);
        Assert.True(user.NeverSignedIn);
        Assert.Equal("bob@contoso.com", user.ToString());
    }

    [Fact]
    public void ScalarActivity_IsSkipped()
    {
        var (_, skip) = Parse("id-1", "x@contoso.com", activity: null, activityIsScalar: true);

        Assert.Equal(SkipReason.InvalidField, skip!.Reason);
        Assert.Equal(SignInRules.ActivityNotAnObject, skip.Message);
        Assert.Equal("x@contoso.com", skip.User);
        Assert.Equal("(pipeline)", skip.Source);
        Assert.Equal(7, skip.Line);
        Assert.Equal(7, skip.Record);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData(" TRUE ", true)]
    [InlineData(null, null)]
    [InlineData("", null)]
    public void AccountEnabled_BoolOrText(object? written, bool? expected)
    {
        Assert.Equal(expected, Parse("id-1", enabled: written).User!.AccountEnabled);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData(1)]
    [InlineData("enabled")]
    public void AccountEnabled_AnythingElse_IsInvalid(object written)
    {
        var (_, skip) = Parse("id-1", enabled: written);
        Assert.Equal(SkipReason.InvalidField, skip!.Reason);
        Assert.Equal($"The accountEnabled '{written}' is not true or false.", skip.Message);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "  ")]
    public void NoIdentity_IsAMissingField(object? id, object? upn)
    {
        var (_, skip) = Parse(id, upn, "Nobody", true, Activity("2024-07-10T11:45:00Z"));
        Assert.Equal(SkipReason.MissingField, skip!.Reason);
        Assert.Equal(SignInRules.MissingIdentity, skip.Message);
        Assert.Equal("2024-07-10T11:45:00Z", skip.Timestamp);
    }

    [Fact]
    public void AGuidId_IsText()
    {
        var id = Guid.Parse("6e7b768e-07e2-4810-8459-485f84f8f204");
        Assert.Equal("6e7b768e-07e2-4810-8459-485f84f8f204", Parse(id).User!.Id);
    }

    [Fact]
    public void AListWhereANameBelongs_IsInvalid()
    {
        var (_, skip) = Parse(new[] { "a", "b" }, "x@contoso.com");
        Assert.Equal(SkipReason.InvalidField, skip!.Reason);
        Assert.Equal(SignInRules.NotAValue("id"), skip.Message);
    }

    [Theory]
    [InlineData(0, "lastSignInDateTime")]
    [InlineData(2, "lastNonInteractiveSignInDateTime")]
    [InlineData(4, "lastSuccessfulSignInDateTime")]
    public void AnInvalidDate_IsSkipped_NamingTheField(int index, string field)
    {
        object?[] activity = Activity("2024-07-10T11:45:00Z", "r", "2024-07-10T11:45:00Z", "r", "2024-07-10T11:45:00Z", "r");
        activity[index] = "garbage";

        var (_, skip) = Parse("id-1", "x@contoso.com", activity: activity);

        Assert.Equal(SkipReason.InvalidTimestamp, skip!.Reason);
        Assert.Equal($"'garbage' is not a valid {field}.", skip.Message);
        Assert.Equal("x@contoso.com", skip.User);
    }

    [Fact]
    public void DaysSinceLastSignIn_FollowsAsOf()
    {
        object?[] activity = Activity(successful: Utc.At(2024, 7, 10, 11, 45));
        Assert.Equal(9, Parse("id-1", activity: activity).User!.DaysSinceLastSignIn);
        Assert.Equal(0, Parse("id-1", activity: activity, asOf: Utc.At(2024, 7, 11, 11, 44)).User!.DaysSinceLastSignIn);
        Assert.Equal(1, Parse("id-1", activity: activity, asOf: Utc.At(2024, 7, 11, 11, 45)).User!.DaysSinceLastSignIn);
    }

    // The same users as JSON for the file reader and as loose values for the parser: the same outcome either way.
    [Theory]
    [InlineData("""{"id":"a","accountEnabled":true,"signInActivity":{"lastSignInDateTime":"2024-07-10T11:45:00Z","lastSignInRequestId":"r1"}}""")]
    [InlineData("""{"userPrincipalName":"b@contoso.com","accountEnabled":"false","signInActivity":null}""")]
    [InlineData("""{"id":"c","signInActivity":{"lastNonInteractiveSignInDateTime":"0001-01-01T00:00:00Z","lastNonInteractiveSignInRequestId":"r2","lastSuccessfulSignInDateTime":"2024-07-01T00:00:00.25Z"}}""")]
    [InlineData("""{"id":"d","signInActivity":"not an object"}""")]
    [InlineData("""{"id":"e","accountEnabled":"maybe"}""")]
    [InlineData("""{"displayName":"f"}""")]
    [InlineData("""{"id":"g","signInActivity":{"lastSignInDateTime":"2024-07-10T11:45:00Z","lastSuccessfulSignInDateTime":"later"}}""")]
    [InlineData("""{"id":"h","signInActivity":{"lastNonInteractiveSignInDateTime":"2024-02-30T00:00:00Z"}}""")]
    [InlineData("""{"id":"i","displayName":"Zoë ☃","signInActivity":{"lastSignInDateTime":"2024-07-19T23:00:00-03:00"}}""")]
    public void SameOutcome_AsTheFileReader(string json)
    {
        SignInReadResult file = ReadSignIn.Text(json, "users.jsonl");
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        object? Value(JsonElement owner, string name) =>
            owner.TryGetProperty(name, out JsonElement value) ? Loose(value) : null;

        object? activity = Value(root, "signInActivity");
        object?[]? values = root.TryGetProperty("signInActivity", out JsonElement element) && element.ValueKind == JsonValueKind.Object
            ? SignInPropertyParser.ActivityNames.Select(name => Value(element, name)).ToArray()
            : null;
        var parser = new SignInPropertyParser(AsOf);
        parser.TryCreate(Value(root, "id"), Value(root, "userPrincipalName"), Value(root, "displayName"), Value(root, "accountEnabled"),
            values, activity is string or ValueType, "users.jsonl", 1, out SignInActivity? user, out SkippedRecord? skipped);

        if (file.Users.Count == 1)
        {
            Assert.Null(skipped);
            Assert.Equal(ReadSignIn.Describe(file.Single), ReadSignIn.Describe(user!));
        }
        else
        {
            Assert.Null(user);
            Assert.Equal((file.SingleSkip.Reason, file.SingleSkip.Message), (skipped!.Reason, skipped.Message));
            Assert.Equal(file.SingleSkip.User ?? string.Empty, skipped.User ?? string.Empty);
        }
    }

    private static object? Loose(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.GetInt64(),
        JsonValueKind.Object => new Dictionary<string, object?>(),
        JsonValueKind.Array => new List<object?>(),
        _ => null,
    };
}
