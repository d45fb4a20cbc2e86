using System.Globalization;
using System.Text;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>An <see cref="IEventSink"/> for Graph users: keeps each valid user's <see cref="SignInActivity"/> and every skip.</summary>
internal sealed class SignInSink : IEventSink
{
    private readonly string _source;

    public SignInSink(string source)
    {
        _source = source;
    }

    public EventSymbols Symbols { get; } = new();

    public NameUse Names => NameUse.Both;

    public List<SignInActivity> Users { get; } = new();

    /// <summary>What the ParsedEvent itself carried: the interned user name and the timestamp.</summary>
    public List<(string User, DateTime? Timestamp, long Line)> Parsed { get; } = new();

    public List<SkippedRecord> Skipped { get; } = new();

    public void OnEvent(in ParsedEvent record)
    {
        Users.Add(Assert.IsType<SignInActivity>(record.ToOutput(_source, RecordShape.SignIn)));
        Parsed.Add((record.User, record.Timestamp, record.Line));
    }

    public void OnSkipped(SkippedRecord record) => Skipped.Add(record);
}

/// <summary>What reading one input of Graph users produced.</summary>
internal sealed record SignInReadResult(List<SignInActivity> Users, List<SkippedRecord> Skipped, FileImportStatistics Statistics,
    SignInSink Sink)
{
    public SignInActivity Single => Assert.Single(Users);

    public SkippedRecord SingleSkip => Assert.Single(Skipped);

    public void AssertCountsAddUp()
    {
        Assert.Null(Statistics.Error);
        Assert.Equal(Users.Count, Statistics.ValidRecords);
        Assert.Equal(Skipped.Count, Statistics.SkippedRecords);
        Assert.Equal(Statistics.ValidRecords + Statistics.SkippedRecords, Statistics.TotalRecords);
    }

    /// <summary>Every record is a valid user, and the counts agree.</summary>
    public void AssertAllValid(int expected)
    {
        Assert.Empty(Skipped.Select(s => s.ToString()));
        Assert.Equal(expected, Users.Count);
        AssertCountsAddUp();
    }
}

internal static class ReadSignIn
{
    /// <summary>The -AsOf every sign-in test measures staleness against unless it says otherwise.</summary>
    public static readonly DateTime AsOf = Utc.At(2024, 7, 20);

    public static EventReadOptions Options(DateTime? asOf = null, InputFormat format = InputFormat.Auto) =>
        new() { Fields = FieldMap.SignIn, AsOf = asOf ?? AsOf, Format = format };

    public static SignInReadResult Text(string text, string name = "users.json", EventReadOptions? options = null) =>
        Bytes(Read.Utf8NoBom.GetBytes(text), name, options);

    public static SignInReadResult Bytes(byte[] bytes, string name = "users.json", EventReadOptions? options = null)
    {
        var sink = new SignInSink(name);
        using var stream = new MemoryStream(bytes);
        FileImportStatistics statistics = EventFileReader.ReadStream(stream, name, options ?? Options(), sink);
        return new SignInReadResult(sink.Users, sink.Skipped, statistics, sink);
    }

    public static SignInReadResult File(string path, EventReadOptions? options = null)
    {
        var sink = new SignInSink(path);
        FileImportStatistics statistics = EventFileReader.ReadFile(path, options ?? Options(), sink);
        return new SignInReadResult(sink.Users, sink.Skipped, statistics, sink);
    }

    /// <summary>Everything a user carries except where it came from.</summary>
    public static string Describe(SignInActivity u) =>
        $"{u.Id}|{u.UserPrincipalName}|{u.DisplayName}|{u.AccountEnabled}|{Describe(u.Interactive)}|{Describe(u.NonInteractive)}|" +
        $"{Describe(u.Successful)}|{u.LastSignIn?.ToString("o", CultureInfo.InvariantCulture)}|{u.DaysSinceLastSignIn}|{u.NeverSignedIn}";

    public static string Describe(SignInEvent? e) =>
        e is null ? "-" : $"{e.DateTime?.ToString("o", CultureInfo.InvariantCulture)}({e.RequestId})";

    /// <summary>A Graph user object on one line, as Graph writes it in a page's value array.</summary>
    public static string GraphUser(int n, bool withActivity = true)
    {
        var text = new StringBuilder();
        text.Append("{\"id\":\"").Append(IdOf(n)).Append("\",\"userPrincipalName\":\"user").Append(n)
            .Append("@contoso.com\",\"displayName\":\"User ").Append(n).Append("\",\"accountEnabled\":")
            .Append(n % 3 == 0 ? "false" : "true");
        if (withActivity && n % 5 != 4)
        {
            text.Append(",\"signInActivity\":{\"lastSignInDateTime\":\"").Append(TimeOf(n, 0))
                .Append("\",\"lastSignInRequestId\":\"r").Append(n).Append("-i\",\"lastNonInteractiveSignInDateTime\":")
                .Append(n % 2 == 0 ? "null" : "\"" + TimeOf(n, 1) + "\"")
                .Append(",\"lastNonInteractiveSignInRequestId\":null,\"lastSuccessfulSignInDateTime\":\"").Append(TimeOf(n, 2))
                .Append("\",\"lastSuccessfulSignInRequestId\":\"r").Append(n).Append("-s\"}");
        }
        else
        {
            text.Append(",\"signInActivity\":null");
        }

        return text.Append('}').ToString();
    }

    public static string IdOf(int n) => new Guid(n, 0, 0, new byte[8]).ToString();

    // Dates spread over some weeks before AsOf, with whole and fractional seconds.
    public static string TimeOf(int n, int kind) =>
        AsOf.AddHours(-(n * 7 % 900) - kind * 13).AddSeconds(n % 60).AddTicks(kind == 1 ? n % 7 * 1000 : 0)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A Graph paged response on one line.</summary>
    public static string CompactPage(IEnumerable<int> users, int page, bool nextLink = true) =>
        "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,signInActivity)\",\"value\":[" +
        string.Join(",", users.Select(n => GraphUser(n))) + "]" +
        (nextLink ? ",\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/users?$select=id&$skiptoken=p" + page + "\"" : string.Empty) + "}";
}
