using System.Collections;
using System.IO.Compression;
using System.Management.Automation;
using System.Text;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// A folder of messy event files in every format the module reads, written once per test class: two JSON Lines files
/// with over 256 users and over 64 event types between them and bad lines of every kind, a pretty-printed JSON array,
/// concatenated pretty-printed objects with garbage between them, a CSV file with bad rows, a gzip-compressed JSON Lines
/// file, a UTF-16 file, records without timestamps, and an empty file. Users and event types overlap between files, so
/// per-worker partial results have to be merged to come out right.
/// </summary>
public sealed class MessyEventFolder : IDisposable
{
    private static readonly Encoding NoBom = new UTF8Encoding(false);

    public MessyEventFolder()
    {
        Folder = Directory.CreateTempSubdirectory("aggregator-messy-").FullName;
        var random = new Random(20240601);
        Write("app-1.jsonl", JsonLines(random, lines: 1500, userOffset: 0), NoBom);
        Write("app-2.jsonl", JsonLines(random, lines: 1200, userOffset: 150), NoBom);
        Write("array.json", PrettyArray(random), NoBom);
        Write("concatenated.json", ConcatenatedObjects(random), NoBom);
        Write("table.csv", Csv(random), NoBom);
        WriteGzip("zipped.jsonl.gz", JsonLines(random, lines: 900, userOffset: 60));
        Write("wide.jsonl", JsonLines(random, lines: 400, userOffset: 0), new UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        Write("untimed.ndjson", Untimed(), NoBom);
        Write("empty.jsonl", string.Empty, NoBom);
    }

    public string Folder { get; }

    private readonly List<string> _files = new();

    /// <summary>Every file, in a fixed order (the order given to the cmdlets).</summary>
    public string[] Files => _files.ToArray();

    /// <summary>The JSON Lines files (*.jsonl) only.</summary>
    public string[] JsonLinesFiles => Files.Where(f => f.EndsWith(".jsonl", StringComparison.Ordinal)).ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Write(string name, string content, Encoding encoding)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, content, encoding);
        Add(path);
    }

    private void WriteGzip(string name, string content)
    {
        string path = Path.Combine(Folder, name);
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }

        Add(path);
    }

    private void Add(string path) => _files.Add(path);

    /// <summary>JSON Lines with every kind of good and bad line.</summary>
    public static string JsonLines(Random random, int lines, int userOffset)
    {
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            int kind = random.Next(100);
            string user = "u" + (userOffset + random.Next(300));
            string @event = "e" + random.Next(80);
            if (kind < 80)
            {
                text.Append(GoodObject(random, user, @event)).Append('\n');
            }
            else if (kind < 83)
            {
                text.Append('\n');   // blank line: not a record
            }
            else
            {
                text.Append(BadLines[(kind - 83) % BadLines.Length](user, @event)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Bad JSON Lines content, one of each kind; the last is a good record and a bad one on one line.</summary>
    public static readonly Func<string, string, string>[] BadLines =
    {
        (u, e) => $"{{\"user\":\"{u}\",\"event\":\"{e}\"",                                           // InvalidJson: never closed
        (u, _) => $"{{\"user\":\"{u}\",\"status\":\"ok\"}}",                                           // MissingField
        (u, e) => $"{{\"user\":\"{u}\",\"event\":\"{e}\",\"timestamp\":\"2024-02-30T10:00:00Z\"}}",    // InvalidTimestamp
        (u, e) => $"{{\"user\":\"{u}\",\"event\":\"{e}\",\"status\":\"pending\"}}",                    // UnknownStatus
        (_, _) => "42",                                                                                 // NotAnObject
        (_, _) => "this line is not JSON at all",                                                       // InvalidJson
        (_, e) => $"{{\"user\":{{\"id\":7}},\"event\":\"{e}\"}}",                                      // InvalidField
        (u, e) => $"{{\"user\":\"{u}\",\"event\":\"{e}\",\"status\":\"ok\"}} {{\"user\":\"{u}\"}}",    // valid, then MissingField
        (u, e) => $"{{\"user\":\"{u}\",\"event\":\"{e}\",\"timestamp\":\"\"}}",                        // InvalidTimestamp: ""
    };

    private static string GoodObject(Random random, string user, string @event)
    {
        var parts = new List<string> { $"\"user\":\"{user}\"", $"\"event\":\"{@event}\"" };
        switch (random.Next(8))
        {
            case 0: parts.Add("\"status\":\"success\""); break;
            case 1: parts.Add("\"status\":\"fail\""); break;
            case 2: parts.Add("\"status\":\"OK\""); break;
            case 3: parts.Add("\"status\":\"error\""); break;
            case 4: parts.Add("\"status\":true"); break;
            case 5: parts.Add("\"status\":false"); break;
            case 6: parts.Add("\"status\":null"); break;
            default: break;   // no status
        }

        int seconds = random.Next(6 * 3600);
        var time = new DateTime(2024, 6, 1, 6, 0, 0, DateTimeKind.Utc).AddSeconds(seconds);
        switch (random.Next(6))
        {
            case 0: parts.Add($"\"timestamp\":\"{time:yyyy-MM-ddTHH:mm:ssZ}\""); break;
            case 1: parts.Add($"\"timestamp\":\"{time:yyyy-MM-dd HH:mm:ss}\""); break;
            case 2: parts.Add($"\"timestamp\":\"{time.AddHours(2):yyyy-MM-ddTHH:mm:ss}+02:00\""); break;
            case 3: parts.Add($"\"timestamp\":{new DateTimeOffset(time).ToUnixTimeSeconds()}"); break;
            case 4: parts.Add($"\"event_time\":\"{time:yyyy-MM-ddTHH:mm:ss.fffZ}\""); break;
            default: break;   // no timestamp
        }

        // Shuffle the property order a little, as real producers do.
        if (random.Next(3) == 0)
        {
            parts.Reverse();
        }

        return "{" + string.Join(",", parts) + "}";
    }

    private static string PrettyArray(Random random)
    {
        var text = new StringBuilder("[\n");
        for (int i = 0; i < 60; i++)
        {
            string element = (i % 13) switch
            {
                5 => "5",
                6 => "\"just text\"",
                7 => "{\n    \"user\": \"u3\",\n    \"status\": \"ok\"\n  }",
                8 => "{\n    \"user\": \"u4\",\n    \"event\": \"e1\",\n    \"status\": \"maybe\"\n  }",
                _ => "{\n    \"user\": \"u" + random.Next(40) + "\",\n    \"event\": \"e" + random.Next(90) + "\",\n    \"status\": \"" +
                     (random.Next(2) == 0 ? "success" : "fail") + "\",\n    \"timestamp\": \"2024-06-01T0" + random.Next(6, 10) + ":" +
                     random.Next(10, 60) + ":00Z\"\n  }",
            };
            text.Append("  ").Append(element).Append(i < 59 ? ",\n" : "\n");
        }

        return text.Append("]\n").ToString();
    }

    private static string ConcatenatedObjects(Random random)
    {
        var text = new StringBuilder();
        for (int i = 0; i < 40; i++)
        {
            if (i % 11 == 4)
            {
                text.Append("garbage between records\n");
            }

            if (i % 11 == 9)
            {
                text.Append("{\n  \"user\": \"u9\",\n  \"event\": \"e9\",\n  \"timestamp\": \"yesterday\"\n}\n");
                continue;
            }

            text.Append("{\n  \"user\": \"u").Append(random.Next(500)).Append("\",\n  \"event\": \"login\",\n  \"status\": \"success\",\n")
                .Append("  \"timestamp\": \"2024-06-01T07:").Append(random.Next(10, 60)).Append(":00Z\"\n}\n");
        }

        return text.ToString();
    }

    private static string Csv(Random random)
    {
        var text = new StringBuilder("user,event,status,timestamp\n");
        for (int i = 0; i < 120; i++)
        {
            text.Append((i % 17) switch
            {
                3 => ",view,ok,2024-06-01 08:00:00\n",                            // MissingField
                4 => $"u{i},view,ok,not a time\n",                               // InvalidTimestamp
                5 => $"u{i},view,unknown-word,2024-06-01 08:00:00\n",            // UnknownStatus
                6 => $"\"u{i}, with comma\",\"download\",fail,\n",              // quoted user, no timestamp
                _ => $"u{random.Next(400)},e{random.Next(70)},{(random.Next(3) == 0 ? "fail" : "success")},2024-06-01 {random.Next(6, 12):00}:{random.Next(60):00}:00\n",
            });
        }

        return text.ToString();
    }

    private static string Untimed()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 50; i++)
        {
            text.Append("{\"user_id\":").Append(i % 9).Append(",\"event_type\":\"e").Append(i % 5).Append("\",\"result\":\"")
                .Append(i % 4 == 0 ? "failed" : "succeeded").Append("\"}\n");
        }

        return text.ToString();
    }
}

/// <summary>
/// One run of a cmdlet, reduced to strings that can be compared in full: every output object with every property, every
/// skipped record with every property, other errors, the statistics, and each skipped record's "line record reason".
/// </summary>
public sealed record RunSnapshot(
    IReadOnlyList<string> Output,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> OtherErrors,
    string? Statistics,
    RuntimeException? Terminating,
    IReadOnlyList<string> SkipNumbers)
{
    /// <summary>Skipped records and other errors as sorted lists, for comparing runs whose file order may differ.</summary>
    public IReadOnlyList<string> SkippedSorted => Skipped.Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> OtherErrorsSorted => OtherErrors.Order(StringComparer.Ordinal).ToList();

    public static RunSnapshot Of(RunResult result, PSObject? statistics) => new(
        result.Output.Select(Render.All).ToList(),
        result.Errors.Where(IsSkip).Select(e => Render.All(PSObject.AsPSObject(e.TargetObject))).ToList(),
        result.Errors.Where(e => !IsSkip(e)).Select(e => $"{e.FullyQualifiedErrorId} {e.CategoryInfo.Category} {e.TargetObject} {e.Exception.Message}").ToList(),
        statistics is null ? null : Stats(statistics),
        result.Terminating,
        result.Errors.Where(IsSkip).Select(e => PSObject.AsPSObject(e.TargetObject))
            .Select(t => $"{t.Prop("Line")} {t.Prop("Record")} {t.Prop("Reason")}").ToList());

    public static bool IsSkip(ErrorRecord error) => error.TargetObject?.GetType().FullName == "Aggregator.SkippedRecord";

    /// <summary>Every figure of an ImportStatistics; the per-file figures as a sorted set (they come in the order read).</summary>
    public static string Stats(PSObject st) =>
        $"Files={st.Prop("Files")} TotalRecords={st.Prop("TotalRecords")} ValidRecords={st.Prop("ValidRecords")} " +
        $"SkippedRecords={st.Prop("SkippedRecords")} SkippedByReason={st.Prop("SkippedByReason")} " +
        $"DuplicatesRemoved={st.Prop("DuplicatesRemoved")} UniqueUsers={st.Prop("UniqueUsers")} PerFile=" +
        string.Join(" | ", ((IEnumerable)st.Prop("PerFile")!).Cast<object>().Select(f => Render.All(PSObject.AsPSObject(f))).Order(StringComparer.Ordinal));
}

/// <summary>
/// A large JSON Lines file for range splitting: every line has the same length in bytes, so the places where the
/// module cuts it for its workers (the first line start at or after length * i / count) can be worked out, and bad lines
/// are put on both sides of each such place as well as throughout the file (more than a thousand per range) and on the
/// very last line, which has no line break. Blank lines and a line holding two records make line numbers and record
/// numbers differ. The generator knows every skipped record's line, record number and reason.
/// </summary>
public sealed class SplitJsonLinesFile
{
    public const int LineBytes = 100;

    private static readonly (string Text, string Reason, bool ValidFirst)[] BadKinds =
    {
        ("{\"user\":\"u1\",\"event\":\"view\"", "InvalidJson", false),
        ("{\"user\":\"u2\",\"status\":\"ok\"}", "MissingField", false),
        ("{\"user\":\"u3\",\"event\":\"view\",\"timestamp\":\"2024-02-30T10:00:00Z\"}", "InvalidTimestamp", false),
        ("{\"user\":\"u4\",\"event\":\"view\",\"status\":\"pending\"}", "UnknownStatus", false),
        ("42", "NotAnObject", false),
        ("this line is not JSON at all", "InvalidJson", false),
        ("{\"user\":{\"id\":7},\"event\":\"view\"}", "InvalidField", false),
        ("{\"user\":\"u5\",\"event\":\"e5\",\"status\":\"ok\"} {\"user\":\"u6\"}", "MissingField", true),
    };

    private SplitJsonLinesFile(string path, List<(long Line, long Record, string Reason)> skipped, long records, long valid)
    {
        FilePath = path;
        Skipped = skipped;
        TotalRecords = records;
        ValidRecords = valid;
    }

    public string FilePath { get; }

    /// <summary>Line, record number and reason of every record the module must skip, in file order.</summary>
    public IReadOnlyList<(long Line, long Record, string Reason)> Skipped { get; }

    public long TotalRecords { get; }

    public long ValidRecords { get; }

    public static SplitJsonLinesFile Write(string path, int lines, bool crlf, bool byteOrderMark)
    {
        string newline = crlf ? "\r\n" : "\n";
        int width = LineBytes - newline.Length;
        int head = byteOrderMark ? 3 : 0;
        long length = head + (long)lines * LineBytes - newline.Length;   // the last line has no line break

        // Lines next to every place a reader with 2 to 8 ranges would cut the file.
        var nearCuts = new HashSet<int>();
        for (int count = 2; count <= 8; count++)
        {
            for (int i = 1; i < count; i++)
            {
                long from = length * i / count;
                int first = (int)Math.Max(0, (from - head + LineBytes - 1) / LineBytes);
                nearCuts.Add(first - 1);
                nearCuts.Add(first);
                nearCuts.Add(first + 1);
            }
        }

        var skipped = new List<(long, long, string)>();
        long records = 0, valid = 0;
        var start = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(byteOrderMark), 1 << 20);
        for (int i = 0; i < lines; i++)
        {
            string text;
            bool last = i == lines - 1;
            if (last || nearCuts.Contains(i) || i % 41 == 7)
            {
                var (bad, reason, validFirst) = BadKinds[(i / 41 + (nearCuts.Contains(i) ? i : 0)) % BadKinds.Length];
                text = bad;
                if (validFirst)
                {
                    records++;
                    valid++;
                }

                records++;
                skipped.Add((i + 1, records, reason));
            }
            else if (i % 997 == 500)
            {
                text = string.Empty;   // a blank line holds no record
            }
            else
            {
                string status = (i % 5) switch { 0 => "fail", 1 => "ok", 2 => "success", 3 => "error", _ => "" };
                text = "{\"user\":\"u" + (i * 7 % 1000) + "\",\"event\":\"e" + (i % 90) + "\"" +
                       (status.Length > 0 ? ",\"status\":\"" + status + "\"" : string.Empty) +
                       ",\"timestamp\":\"" + start.AddSeconds(i * 13L).ToString("yyyy-MM-ddTHH:mm:ssZ") + "\"}";
                records++;
                valid++;
            }

            if (text.Length > width)
            {
                throw new InvalidOperationException($"Line {i + 1} is longer than {width} bytes: {text}");
            }

            writer.Write(text.PadRight(width));
            if (!last)
            {
                writer.Write(newline);
            }
        }

        writer.Flush();
        if (writer.BaseStream.Length != length)
        {
            throw new InvalidOperationException($"Expected {length} bytes, wrote {writer.BaseStream.Length}.");
        }

        return new SplitJsonLinesFile(path, skipped, records, valid);
    }
}
