using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>Graph users read with FieldMap.SignIn: identity, accountEnabled, signInActivity and the three kinds of sign-in.</summary>
public class SignInReadingTests
{
    // AsOf is 2024-07-20T00:00:00Z (ReadSignIn.AsOf).
    private const string Alice = """
        {"id":"6e7b768e-07e2-4810-8459-485f84f8f204","userPrincipalName":"alice@contoso.com","displayName":"Alice Smith",
         "accountEnabled":true,
         "signInActivity":{"lastSignInDateTime":"2024-07-10T11:45:00Z","lastSignInRequestId":"req-i",
                           "lastNonInteractiveSignInDateTime":"2024-07-12T08:00:00.1234567Z","lastNonInteractiveSignInRequestId":"req-n",
                           "lastSuccessfulSignInDateTime":"2024-07-09T23:59:59Z","lastSuccessfulSignInRequestId":"req-s"}}
        """;

    private static string User(string fields) => "{\"id\":\"u1\"," + fields + "}";

    private static string Activity(string fields) => User("\"signInActivity\":{" + fields + "}");

    [Fact]
    public void GraphUser_GivesEveryValue_AndTheLatestSignIn()
    {
        SignInReadResult result = ReadSignIn.Text("[" + Alice + "]");

        result.AssertAllValid(1);
        SignInActivity alice = result.Single;
        Assert.Equal("6e7b768e-07e2-4810-8459-485f84f8f204", alice.Id);
        Assert.Equal("alice@contoso.com", alice.UserPrincipalName);
        Assert.Equal("Alice Smith", alice.DisplayName);
        Assert.True(alice.AccountEnabled);
        Assert.Equal(Utc.At(2024, 7, 10, 11, 45), alice.Interactive!.DateTime);
        Assert.Equal(DateTimeKind.Utc, alice.Interactive.DateTime!.Value.Kind);
        Assert.Equal("req-i", alice.Interactive.RequestId);
        Assert.Equal(Utc.At(2024, 7, 12, 8, 0).AddTicks(1234567), alice.NonInteractive!.DateTime);
        Assert.Equal("req-n", alice.NonInteractive.RequestId);
        Assert.Equal(Utc.At(2024, 7, 9, 23, 59, 59), alice.Successful!.DateTime);
        Assert.Equal("req-s", alice.Successful.RequestId);

        // The latest of the three is the non-interactive one: 7 days 15:59:59.88 before AsOf, so 7 whole days.
        Assert.Equal(Utc.At(2024, 7, 12, 8, 0).AddTicks(1234567), alice.LastSignIn);
        Assert.Equal(7, alice.DaysSinceLastSignIn);
        Assert.False(alice.NeverSignedIn);
        Assert.Equal("users.json", alice.Source);
        Assert.Equal(1, alice.Line);
        Assert.Equal("alice@contoso.com", alice.ToString());
    }

    [Fact]
    public void ParsedEvent_CarriesTheUserName_TheLastSignIn_AndTheLine()
    {
        SignInReadResult result = ReadSignIn.Text(
            "[\n" + Alice + ",\n" + User("\"signInActivity\":null") + "\n]");

        result.AssertAllValid(2);
        Assert.Equal(("alice@contoso.com", (DateTime?)Utc.At(2024, 7, 12, 8, 0).AddTicks(1234567), 2L), result.Sink.Parsed[0]);
        Assert.Equal(("u1", (DateTime?)null, 7L), result.Sink.Parsed[1]);   // no UPN: the id names the user
        Assert.Equal(7, result.Users[1].Line);
    }

    [Theory]
    [InlineData("{\"id\":\"abc\"}", "abc", null)]
    [InlineData("{\"userPrincipalName\":\"bob@contoso.com\"}", null, "bob@contoso.com")]
    [InlineData("{\"id\":null,\"userPrincipalName\":\" bob@contoso.com \"}", null, "bob@contoso.com")]
    [InlineData("{\"id\":\"abc\",\"userPrincipalName\":\"\"}", "abc", null)]
    public void IdOrUserPrincipalName_IsEnough(string json, string? id, string? upn)
    {
        SignInReadResult result = ReadSignIn.Text(json, "users.jsonl");

        result.AssertAllValid(1);
        Assert.Equal(id, result.Single.Id);
        Assert.Equal(upn, result.Single.UserPrincipalName);
        Assert.True(result.Single.NeverSignedIn);
        Assert.Null(result.Single.AccountEnabled);
        Assert.Null(result.Single.Interactive);
        Assert.Null(result.Single.DaysSinceLastSignIn);
    }

    [Theory]
    [InlineData("{\"displayName\":\"No One\",\"accountEnabled\":true}")]
    [InlineData("{\"id\":null,\"userPrincipalName\":null,\"displayName\":\"No One\"}")]
    [InlineData("{\"id\":\"  \",\"userPrincipalName\":\"\",\"displayName\":\"No One\"}")]
    [InlineData("{}")]
    public void WithoutIdOrUserPrincipalName_TheUserIsMissingAField(string json)
    {
        SignInReadResult result = ReadSignIn.Text(json + "\n" + User(""), "users.jsonl");

        Assert.Equal("u1", result.Single.Id);
        SkippedRecord skip = result.SingleSkip;
        Assert.Equal(SkipReason.MissingField, skip.Reason);
        Assert.Equal(SignInRules.MissingIdentity, skip.Message);
        Assert.Equal(1, skip.Line);
        Assert.Equal(1, skip.Record);
        Assert.Equal(json, skip.Raw);
        result.AssertCountsAddUp();
    }

    [Theory]
    [InlineData("{\"id\":{\"a\":1}}", "The id is an object or array, not a single value.")]
    [InlineData("{\"id\":\"x\",\"userPrincipalName\":[\"a\"]}", "The userPrincipalName is an object or array, not a single value.")]
    [InlineData("{\"id\":\"x\",\"displayName\":{}}", "The displayName is an object or array, not a single value.")]
    public void ANameThatIsNotASingleValue_IsInvalid(string json, string message)
    {
        SkippedRecord skip = ReadSignIn.Text(json, "users.jsonl").SingleSkip;
        Assert.Equal(SkipReason.InvalidField, skip.Reason);
        Assert.Equal(message, skip.Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("null", null)]
    [InlineData("\"true\"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("\"False\"", false)]
    [InlineData("\" TRUE \"", true)]
    public void AccountEnabled_TrueFalseOrNull(string written, bool? expected)
    {
        SignInReadResult result = ReadSignIn.Text(User("\"accountEnabled\":" + written), "users.jsonl");

        result.AssertAllValid(1);
        Assert.Equal(expected, result.Single.AccountEnabled);
    }

    [Fact]
    public void AccountEnabled_Missing_IsUnknown()
    {
        Assert.Null(ReadSignIn.Text(User("\"displayName\":\"x\""), "users.jsonl").Single.AccountEnabled);
    }

    [Theory]
    [InlineData("\"yes\"", "The accountEnabled 'yes' is not true or false.")]
    [InlineData("1", "The accountEnabled '1' is not true or false.")]
    [InlineData("\"enabled\"", "The accountEnabled 'enabled' is not true or false.")]
    [InlineData("{\"value\":true}", "The accountEnabled is an object or array, not a single value.")]
    public void AccountEnabled_AnythingElse_IsInvalid(string written, string message)
    {
        SignInReadResult result = ReadSignIn.Text(User("\"accountEnabled\":" + written) + "\n" + User("\"accountEnabled\":false"), "users.jsonl");

        Assert.False(result.Single.AccountEnabled);
        Assert.Equal(2, result.Single.Line);
        SkippedRecord skip = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidField, skip.Reason);
        Assert.Equal(message, skip.Message);
        Assert.Equal("u1", skip.User);
        Assert.Equal(1, skip.Line);
        result.AssertCountsAddUp();
    }

    [Theory]
    [InlineData("\"signInActivity\":null")]
    [InlineData("\"signInActivity\":{}")]
    [InlineData("\"displayName\":\"no activity at all\"")]
    [InlineData("\"signInActivity\":{\"lastSignInDateTime\":null,\"lastSignInRequestId\":null,\"lastNonInteractiveSignInDateTime\":\"\",\"lastNonInteractiveSignInRequestId\":\"  \"}")]
    public void NoSignInKnown_MeansNeverSignedIn(string fields)
    {
        SignInReadResult result = ReadSignIn.Text(User(fields), "users.jsonl");

        result.AssertAllValid(1);
        SignInActivity user = result.Single;
        Assert.Null(user.Interactive);
        Assert.Null(user.NonInteractive);
        Assert.Null(user.Successful);
        Assert.Null(user.LastSignIn);
        Assert.Null(user.DaysSinceLastSignIn);
        Assert.True(user.NeverSignedIn);
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("[]")]
    [InlineData("[{\"lastSignInDateTime\":\"2024-07-10T11:45:00Z\"}]")]
    public void SignInActivity_ThatIsNotAnObject_IsInvalid(string written)
    {
        SignInReadResult result = ReadSignIn.Text(User("\"signInActivity\":" + written), "users.jsonl");

        SkippedRecord skip = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidField, skip.Reason);
        Assert.Equal(SignInRules.ActivityNotAnObject, skip.Message);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void ASignInKind_WithOnlyARequestId_OrOnlyADate()
    {
        SignInActivity user = ReadSignIn.Text(Activity(
            "\"lastSignInRequestId\":\" only-request \",\"lastNonInteractiveSignInDateTime\":\"2024-07-19T12:00:00Z\"," +
            "\"lastSuccessfulSignInDateTime\":null,\"lastSuccessfulSignInRequestId\":null"), "users.jsonl").Single;

        Assert.Null(user.Interactive!.DateTime);
        Assert.Equal("only-request", user.Interactive.RequestId);
        Assert.Equal(Utc.At(2024, 7, 19, 12), user.NonInteractive!.DateTime);
        Assert.Null(user.NonInteractive.RequestId);
        Assert.Null(user.Successful);
        Assert.Equal(Utc.At(2024, 7, 19, 12), user.LastSignIn);
        Assert.Equal(0, user.DaysSinceLastSignIn);   // half a day
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00.0000000Z")]
    public void TheFirstDayOfYearOne_MeansNever(string never)
    {
        SignInActivity user = ReadSignIn.Text(Activity(
            $"\"lastSignInDateTime\":\"{never}\",\"lastSignInRequestId\":null," +
            $"\"lastNonInteractiveSignInDateTime\":\"{never}\",\"lastNonInteractiveSignInRequestId\":\"req-n\"," +
            $"\"lastSuccessfulSignInDateTime\":\"{never}\""), "users.jsonl").Single;

        Assert.Null(user.Interactive);
        Assert.Null(user.NonInteractive!.DateTime);
        Assert.Equal("req-n", user.NonInteractive.RequestId);
        Assert.Null(user.Successful);
        Assert.Null(user.LastSignIn);
        Assert.True(user.NeverSignedIn);
        Assert.Null(user.DaysSinceLastSignIn);
    }

    [Fact]
    public void NeverBesideARealDate_LeavesTheRealDateTheLatest()
    {
        SignInActivity user = ReadSignIn.Text(Activity(
            "\"lastSignInDateTime\":\"0001-01-01T00:00:00Z\",\"lastSuccessfulSignInDateTime\":\"2024-01-01T00:00:00Z\""), "users.jsonl").Single;

        Assert.Null(user.Interactive);
        Assert.Equal(Utc.At(2024, 1, 1), user.LastSignIn);
        Assert.Equal(201, user.DaysSinceLastSignIn);   // 2024-01-01 to 2024-07-20 (leap year)
        Assert.False(user.NeverSignedIn);
    }

    [Theory]
    [InlineData("lastSignInDateTime", "yesterday")]
    [InlineData("lastNonInteractiveSignInDateTime", "2024-13-01T00:00:00Z")]
    [InlineData("lastSuccessfulSignInDateTime", "2024-07-10 25:00")]
    public void ADateThatIsNotATimestamp_SkipsTheUser(string field, string written)
    {
        // The kinds before the bad one are valid, so it is the bad one that is reported.
        string before = field == "lastSignInDateTime" ? string.Empty : "\"lastSignInDateTime\":\"2024-07-10T11:45:00Z\",";
        SignInReadResult result = ReadSignIn.Text(
            "{\"id\":\"bad\",\"userPrincipalName\":\"bad@contoso.com\",\"signInActivity\":{" +
            before + $"\"{field}\":\"{written}\"" + "}}\n" +
            Activity("\"lastSignInDateTime\":\"2024-07-10T11:45:00Z\""), "users.jsonl");

        Assert.Equal("u1", result.Single.Id);
        SkippedRecord skip = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidTimestamp, skip.Reason);
        Assert.Equal($"'{written}' is not a valid {field}.", skip.Message);
        Assert.Equal("bad@contoso.com", skip.User);
        Assert.Equal(written, skip.Timestamp);
        Assert.Equal(1, skip.Line);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void ADateThatIsAnObject_IsInvalid()
    {
        SkippedRecord skip = ReadSignIn.Text(Activity("\"lastSuccessfulSignInDateTime\":{\"when\":\"today\"}"), "users.jsonl").SingleSkip;
        Assert.Equal(SkipReason.InvalidField, skip.Reason);
    }

    [Fact]
    public void ALongInvalidDate_IsShortenedInTheMessage()
    {
        string written = new('x', 100);
        SkippedRecord skip = ReadSignIn.Text(Activity($"\"lastSignInDateTime\":\"{written}\""), "users.jsonl").SingleSkip;
        Assert.Equal($"'{new string('x', 57)}...' is not a valid lastSignInDateTime.", skip.Message);
    }

    [Fact]
    public void DatesWithAnOffset_AreUtc()
    {
        SignInActivity user = ReadSignIn.Text(Activity("\"lastSignInDateTime\":\"2024-07-10T13:45:00+02:00\""), "users.jsonl").Single;
        Assert.Equal(Utc.At(2024, 7, 10, 11, 45), user.Interactive!.DateTime);
        Assert.Equal(DateTimeKind.Utc, user.LastSignIn!.Value.Kind);
    }

    [Theory]
    [InlineData("2024-07-17T00:00:00Z", 3)]            // exactly three days
    [InlineData("2024-07-17T00:00:00.0000001Z", 2)]    // a tick short of three days
    [InlineData("2024-07-19T23:59:59Z", 0)]
    [InlineData("2024-07-20T00:00:00Z", 0)]
    [InlineData("2023-07-20T00:00:00Z", 366)]
    public void DaysSinceLastSignIn_CountsWholeDaysToAsOf(string last, int days)
    {
        SignInActivity user = ReadSignIn.Text(Activity($"\"lastSuccessfulSignInDateTime\":\"{last}\""), "users.jsonl").Single;
        Assert.Equal(days, user.DaysSinceLastSignIn);
    }

    [Fact]
    public void DaysSinceLastSignIn_FollowsAsOf()
    {
        string text = Activity("\"lastSignInDateTime\":\"2024-07-10T11:45:00Z\"");

        Assert.Equal(9, ReadSignIn.Text(text, "users.jsonl").Single.DaysSinceLastSignIn);
        Assert.Equal(0, ReadSignIn.Text(text, "users.jsonl", ReadSignIn.Options(Utc.At(2024, 7, 11, 11, 44))).Single.DaysSinceLastSignIn);
        Assert.Equal(1, ReadSignIn.Text(text, "users.jsonl", ReadSignIn.Options(Utc.At(2024, 7, 11, 11, 45))).Single.DaysSinceLastSignIn);
        Assert.Equal(365, ReadSignIn.Text(text, "users.jsonl", ReadSignIn.Options(Utc.At(2025, 7, 10, 11, 45))).Single.DaysSinceLastSignIn);
    }

    [Fact]
    public void ExportedLayout_ReadsBack()
    {
        // What Export-JsonLines writes for a SignInActivity (RecordJsonWriter): the three sign-ins as nested objects.
        const string exported = """
            {"Id":"u7","UserPrincipalName":"carol@contoso.com","DisplayName":"Carol","AccountEnabled":false,"Interactive":{"DateTime":"2024-07-10T11:45:00Z","RequestId":"req-i"},"NonInteractive":null,"Successful":{"DateTime":null,"RequestId":"req-s"},"LastSignIn":"2024-07-10T11:45:00Z","DaysSinceLastSignIn":9,"NeverSignedIn":false,"Source":"C:\\graph\\users.json","Line":12}
            """;

        SignInReadResult result = ReadSignIn.Text(exported + "\n", "users.jsonl");

        result.AssertAllValid(1);
        SignInActivity carol = result.Single;
        Assert.Equal("u7", carol.Id);
        Assert.Equal("carol@contoso.com", carol.UserPrincipalName);
        Assert.Equal("Carol", carol.DisplayName);
        Assert.False(carol.AccountEnabled);
        Assert.Equal(Utc.At(2024, 7, 10, 11, 45), carol.Interactive!.DateTime);
        Assert.Equal("req-i", carol.Interactive.RequestId);
        Assert.Null(carol.NonInteractive);
        Assert.Null(carol.Successful!.DateTime);
        Assert.Equal("req-s", carol.Successful.RequestId);
        Assert.Equal(9, carol.DaysSinceLastSignIn);
        Assert.Equal("users.jsonl", carol.Source);   // where it was read now, not where it was read first
        Assert.Equal(1, carol.Line);
    }

    [Fact]
    public void ExportedLayout_WithAnInvalidDate_IsSkippedLikeGraphs()
    {
        SkippedRecord skip = ReadSignIn.Text(
            """{"Id":"u7","NonInteractive":{"DateTime":"soon","RequestId":"r"}}""", "users.jsonl").SingleSkip;

        Assert.Equal(SkipReason.InvalidTimestamp, skip.Reason);
        Assert.Equal("'soon' is not a valid lastNonInteractiveSignInDateTime.", skip.Message);
    }

    [Fact]
    public void UsersInAnArray_OrInJsonLines_HaveTheLineTheirObjectStartsOn()
    {
        string[] users = { User("\"displayName\":\"a\""), Alice, "{\"userPrincipalName\":\"z@contoso.com\"}" };

        SignInReadResult array = ReadSignIn.Text("[\n  " + string.Join(",\n  ", users) + "\n]\n", "users.json");
        array.AssertAllValid(3);
        Assert.Equal(new long[] { 2, 3, 8 }, array.Users.Select(u => u.Line));
        Assert.Equal(InputFormat.Json, array.Statistics.Format);

        string lines = string.Join("\n", users.Select(u => u.ReplaceLineEndings(" "))) + "\n";
        SignInReadResult jsonLines = ReadSignIn.Text(lines, "users.jsonl");
        jsonLines.AssertAllValid(3);
        Assert.Equal(new long[] { 1, 2, 3 }, jsonLines.Users.Select(u => u.Line));
        Assert.Equal(InputFormat.JsonLines, jsonLines.Statistics.Format);
        Assert.Equal(array.Users.Select(ReadSignIn.Describe), jsonLines.Users.Select(ReadSignIn.Describe));
    }

    [Fact]
    public void SkippedUser_DescribesItself_TheSameWhateverCameBefore()
    {
        // A user that is skipped before its sign-ins are looked at must not report another user's sign-in time.
        const string nameless = """{"displayName":"x","signInActivity":{"lastSignInDateTime":"2024-01-01T00:00:00Z","lastSuccessfulSignInDateTime":"2024-02-02T00:00:00Z"}}""";
        const string before = """{"id":"ok","signInActivity":{"lastSignInDateTime":"2024-03-03T00:00:00Z","lastSuccessfulSignInDateTime":"2024-04-04T00:00:00Z"}}""";

        SkippedRecord alone = ReadSignIn.Text(nameless, "users.jsonl").SingleSkip;
        SkippedRecord second = ReadSignIn.Text(before + "\n" + nameless, "users.jsonl").SingleSkip;

        Assert.Equal(SkipReason.MissingField, second.Reason);
        Assert.Equal(alone.Timestamp, second.Timestamp);
        Assert.Equal("2024-01-01T00:00:00Z", second.Timestamp);
    }

    [Fact]
    public void EventRecords_AreNotReadAsUsers_NorUsersAsEvents()
    {
        // The same file through the default (event) map: a Graph user has no user/event fields.
        ReadResult events = Read.Text("[" + Alice + "]");
        Assert.Equal(SkipReason.MissingField, events.SingleSkip.Reason);

        SignInReadResult users = ReadSignIn.Text("""[{"user":"alice","event":"login"}]""");
        Assert.Equal(SkipReason.MissingField, users.SingleSkip.Reason);
        users.AssertCountsAddUp();
    }
}
