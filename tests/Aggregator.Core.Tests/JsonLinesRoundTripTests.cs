using System.Globalization;
using Aggregator.Writing;

namespace Aggregator.Core.Tests;

/// <summary>What Export-JsonLines writes (JsonLinesWriter + RecordJsonWriter), the module's readers read back unchanged.</summary>
public sealed class JsonLinesRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] OddUsers =
    {
        "alice", "say \"hi\"", "back\\slash", "two\nlines", "tab\there", "Zoë", "中文用户", "emoji 😀 user", "12345", "true", "null",
        "  padded  ", "{\"not\":\"json\"}", "a,b;c", "\u00a0nbsp", "x\u2028y", new string('l', 5000),
    };

    private static readonly string[] OddEvents = { "login", "log out", "ünïcødé", "\"quoted\"", "[]" };

    private static List<EventRecord> OddRecords()
    {
        var records = new List<EventRecord>();
        for (int i = 0; i < 400; i++)
        {
            DateTime? timestamp = (i % 7) switch
            {
                0 => null,
                1 => Utc.At(2024, 7, 10, 11, 45).AddTicks(i * 1234567L),   // fractions of every length
                2 => Utc.At(1970, 1, 1).AddMilliseconds(i),
                3 => new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
                4 => Utc.At(2024, 2, 29, 23, 59, 59).AddMilliseconds(999),
                _ => Utc.At(2024, 7, 10).AddMinutes(i),
            };
            records.Add(new EventRecord(OddUsers[i % OddUsers.Length], OddEvents[i % OddEvents.Length], (EventStatus)(i % 3), timestamp,
                "original.jsonl", i + 1));
        }

        return records;
    }

    private static string Key(EventRecord r) =>
        $"{r.User}|{r.Event}|{r.Status}|{r.Timestamp?.ToString("o", CultureInfo.InvariantCulture)}|{r.Timestamp?.Kind}";

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(64, false)]
    [InlineData(64, true)]
    public void EventRecords_ReadBackUnchanged_InOrder(int batch, bool compress)
    {
        List<EventRecord> records = OddRecords();
        string target = Path.Combine(_dir.Path, batch == 0 ? (compress ? "events.jsonl.gz" : "events.jsonl") : "parts");
        List<WrittenFile> files = Writer.Write(new JsonLinesWriterOptions { Path = target, BatchSize = batch, Compress = compress, ChunkBytes = 4096 },
            records);

        var read = new List<EventRecord>();
        foreach (WrittenFile file in files)
        {
            ReadResult result = Read.File(file.Path);
            result.AssertCountsAddUp();
            Assert.Empty(result.Skipped.Select(s => s.ToString()));
            Assert.Equal(InputFormat.JsonLines, result.Statistics.Format);
            Assert.Equal(file.Records, result.Records.Count);
            Assert.Equal(Enumerable.Range(1, result.Records.Count).Select(i => (long)i), result.Records.Select(r => r.Line));
            read.AddRange(result.Records);
        }

        Assert.Equal(records.Select(Key), read.Select(Key));
    }

    [Fact]
    public void EventRecords_ReadBackUnchanged_FromAStream_AsJsonLines()
    {
        // Also through the reader's auto-detection with no telling name.
        List<EventRecord> records = OddRecords();
        string path = Path.Combine(_dir.Path, "export");
        Writer.Write(new JsonLinesWriterOptions { Path = path }, records);

        ReadResult result = Read.Bytes(File.ReadAllBytes(path), "export");

        Assert.Empty(result.Skipped.Select(s => s.ToString()));
        Assert.Equal(records.Select(Key), result.Records.Select(Key));
    }

    [Fact]
    public void SignInActivity_ReadBackUnchanged()
    {
        // Users as Graph gives them, with the odd cases: only a request id, "never", no activity, only an id or a UPN.
        string graph = string.Join("\n", Enumerable.Range(1, 200).Select(n => ReadSignIn.GraphUser(n))) + "\n" +
            """
            {"id":"only-id","accountEnabled":null,"signInActivity":{"lastSignInRequestId":"req-only"}}
            {"userPrincipalName":"only-upn@contoso.com","displayName":"Zoë \"Z\" 中文\nnew line","signInActivity":{"lastSignInDateTime":"0001-01-01T00:00:00Z","lastNonInteractiveSignInDateTime":"2024-07-19T23:59:59.9999999Z"}}
            {"id":"never","userPrincipalName":"never@contoso.com","accountEnabled":"false","signInActivity":{"lastSignInDateTime":"0001-01-01T00:00:00Z","lastSuccessfulSignInDateTime":null}}
            """;
        SignInReadResult original = ReadSignIn.Text(graph, "graph.jsonl");
        original.AssertAllValid(203);

        foreach (bool compress in new[] { false, true })
        {
            string path = Path.Combine(_dir.Path, compress ? "users.jsonl.gz" : "users.jsonl");
            Writer.Write(new JsonLinesWriterOptions { Path = path, Compress = compress, ChunkBytes = 512 }, original.Users);

            SignInReadResult back = ReadSignIn.File(path);

            back.AssertAllValid(203);
            Assert.Equal(original.Users.Select(ReadSignIn.Describe), back.Users.Select(ReadSignIn.Describe));
            Assert.Equal(Enumerable.Range(1, 203).Select(i => (long)i), back.Users.Select(u => u.Line));
        }
    }

    [Fact]
    public void SignInActivity_ReadBack_MeasuresStalenessAgain()
    {
        // DaysSinceLastSignIn in the file is what it was when exported: reading again measures against the new AsOf.
        SignInActivity user = ReadSignIn.Text(ReadSignIn.GraphUser(7), "graph.jsonl").Single;
        string path = Path.Combine(_dir.Path, "users.jsonl");
        Writer.Write(new JsonLinesWriterOptions { Path = path }, new object[] { user });

        SignInActivity later = ReadSignIn.File(path, ReadSignIn.Options(ReadSignIn.AsOf.AddDays(10))).Single;

        Assert.Equal(user.LastSignIn, later.LastSignIn);
        Assert.Equal(user.DaysSinceLastSignIn + 10, later.DaysSinceLastSignIn);
    }

    [Fact]
    public void SignInActivity_WrittenInParts_ReadsBackAsOneSet()
    {
        SignInReadResult original = ReadSignIn.Text(string.Join("\n", Enumerable.Range(1, 50).Select(n => ReadSignIn.GraphUser(n))), "graph.jsonl");
        string folder = Path.Combine(_dir.Path, "parts");
        List<WrittenFile> files = Writer.Write(new JsonLinesWriterOptions { Path = folder, BatchSize = 16, Compress = true }, original.Users);

        Assert.Equal(new long[] { 16, 16, 16, 2 }, files.Select(f => f.Records));
        var back = files.SelectMany(f => ReadSignIn.File(f.Path).Users).ToList();
        Assert.Equal(original.Users.Select(ReadSignIn.Describe), back.Select(ReadSignIn.Describe));
    }
}
