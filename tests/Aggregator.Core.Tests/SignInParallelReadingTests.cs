using System.Text;
using Aggregator.Reading;
using Aggregator.Reading.Parallel;

namespace Aggregator.Core.Tests;

/// <summary>Graph users read by ParallelFileReader: a large JSON Lines file of pages and users cut into line ranges, and many files.</summary>
public sealed class SignInParallelReadingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed class Observer : IReadObserver
    {
        public List<SignInActivity> Users { get; } = new();

        public List<SkippedRecord> Skipped { get; } = new();

        public List<FileImportStatistics> Files { get; } = new();

        public void OnRecord(IInputRecord record) => Users.Add(Assert.IsType<SignInActivity>(record));

        public void OnSkipped(SkippedRecord record) => Skipped.Add(record);

        public void OnFileCompleted(FileImportStatistics file) => Files.Add(file);

        public void OnProgress(long bytesDone, string currentFile)
        {
        }
    }

    // Lines of compact pages (several users each), single users, blank lines and damage, all at known places.
    private string UsersFile(string name, int lines, int seed)
    {
        var rng = new Random(seed);
        var text = new StringBuilder();
        int n = 0;
        for (int line = 1; line <= lines; line++)
        {
            switch (rng.Next(30))
            {
                case 0:
                    text.Append("{\"id\":\"broken").Append(line).Append("\", oops}\n");
                    break;
                case 1:
                    text.Append('\n');
                    break;
                case 2:
                    text.Append("{\"displayName\":\"nobody\"}\n");
                    break;
                case 3:
                    text.Append("{\"id\":\"late").Append(line).Append("\",\"signInActivity\":{\"lastSignInDateTime\":\"not a date\"}}\n");
                    break;
                case 4:
                    // A page with a damaged user in the middle.
                    text.Append("{\"@odata.context\":\"x\",\"value\":[").Append(ReadSignIn.GraphUser(++n)).Append(",{\"id\": nope},")
                        .Append(ReadSignIn.GraphUser(++n)).Append("],\"@odata.nextLink\":\"https://x/users?$skiptoken=").Append(line).Append("\"}\n");
                    break;
                case < 18:
                    int users = 1 + rng.Next(6);
                    text.Append(ReadSignIn.CompactPage(Enumerable.Range(n + 1, users), line, nextLink: rng.Next(4) != 0)).Append('\n');
                    n += users;
                    break;
                default:
                    text.Append(ReadSignIn.GraphUser(++n)).Append('\n');
                    break;
            }
        }

        return _dir.Write(name, text.ToString());
    }

    private static string Key(SignInActivity u) => $"{u.Id}|{ReadSignIn.Describe(u)}";

    private static string Describe(IEnumerable<SkippedRecord> skipped) =>
        string.Join("\n", skipped.OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Line).ThenBy(s => s.Record)
            .Select(s => $"{Path.GetFileName(s.Source)}:{s.Line}:{s.Record}:{s.Reason}:{s.Message}:{s.Raw}"));

    // Each worker reads into its own sink, as the aggregating cmdlets do; line ranges are tiny so the file is cut often.
    private static (List<SignInActivity> Users, Observer Observer) ReadWithSinks(string file, int workers)
    {
        var sinks = new List<SignInSink>();
        var observer = new Observer();
        new ParallelFileReader(new[] { file }, ReadSignIn.Options(), workers) { SplitFiles = true, MinPartBytes = 4096 }
            .Run(worker =>
            {
                var sink = new SignInSink(file);
                lock (sinks)
                {
                    sinks.Add(sink);
                }

                return sink;
            }, observer, CancellationToken.None);
        Assert.All(sinks, sink => Assert.Empty(sink.Skipped));   // skips go to the observer, renumbered
        return (sinks.SelectMany(s => s.Users).ToList(), observer);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void SplitFile_GivesTheSequentialUsersAndSkips(int workers)
    {
        string file = UsersFile("users.jsonl", 1500, seed: workers);
        Assert.True(new FileInfo(file).Length > 16 * 4096, "the file must be cut into several ranges");
        Assert.True(ReadPlanner.Plan(new[] { file }, ReadSignIn.Options(), workers, 4096).Count > 1);

        SignInReadResult sequential = ReadSignIn.File(file);
        var (users, observer) = ReadWithSinks(file, workers);

        Assert.NotEmpty(sequential.Skipped);
        Assert.True(sequential.Users.Count > 2000);
        Assert.Equal(sequential.Users.Select(Key).Order(StringComparer.Ordinal), users.Select(Key).Order(StringComparer.Ordinal));
        Assert.Equal(Describe(sequential.Skipped), Describe(observer.Skipped));

        FileImportStatistics whole = Assert.Single(observer.Files);
        Assert.Null(whole.Error);
        Assert.Equal(sequential.Statistics.TotalRecords, whole.TotalRecords);
        Assert.Equal(sequential.Statistics.ValidRecords, whole.ValidRecords);
        Assert.Equal(sequential.Statistics.SkippedRecords, whole.SkippedRecords);
        Assert.Equal(whole.TotalRecords, whole.ValidRecords + whole.SkippedRecords);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void RecordMode_ManyFiles_GivesEachFilesUsersInOrder_WithTheirLines(int workers)
    {
        var files = new List<string>
        {
            UsersFile("a.jsonl", 400, 11),
            UsersFile("b.jsonl", 50, 12),
            _dir.Write("c.json", "{\n  \"@odata.context\": \"x\",\n  \"value\": [\n    " + ReadSignIn.GraphUser(90001) + ",\n    " +
                                 ReadSignIn.GraphUser(90002) + "\n  ],\n  \"@odata.nextLink\": \"https://x\"\n}\n" +
                                 ReadSignIn.CompactPage(new[] { 90003 }, 2, nextLink: false)),
            _dir.Write("d.jsonl.gz", Read.Gzip(Encoding.UTF8.GetBytes(ReadSignIn.CompactPage(new[] { 90004, 90005 }, 1) + "\n{oops\n"))),
            UsersFile("e.jsonl", 300, 13),
        };

        var sequential = files.Select(f => ReadSignIn.File(f)).ToList();
        var ordered = new Observer();
        new ParallelFileReader(files, ReadSignIn.Options(), workers) { SplitFiles = true, Ordered = true, MinPartBytes = 4096 }
            .RunRecords(ordered, CancellationToken.None);

        string Full(SignInActivity u) => $"{Path.GetFileName(u.Source)}:{u.Line}:{Key(u)}";
        Assert.Equal(sequential.SelectMany(r => r.Users).Select(Full), ordered.Users.Select(Full));
        Assert.Equal(new long[] { 4, 5, 9 }, ordered.Users.Where(u => u.Source == files[2]).Select(u => u.Line));
        Assert.Equal(Describe(sequential.SelectMany(r => r.Skipped)), Describe(ordered.Skipped));
        Assert.Equal(files, ordered.Files.Select(f => f.Source));
        Assert.Equal(sequential.Select(r => r.Statistics.TotalRecords), ordered.Files.Select(f => f.TotalRecords));
    }
}
