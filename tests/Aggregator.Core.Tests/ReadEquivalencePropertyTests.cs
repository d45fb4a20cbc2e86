using System.Text;
using Aggregator.Reading;
using Aggregator.Reading.Parallel;
using CsCheck;

namespace Aggregator.Core.Tests;

/// <summary>
/// Any byte string gives the same records and the same skipped lines however it is read: whole, gzip-compressed, or
/// cut into line ranges that several workers read at once.
/// </summary>
public sealed class ReadEquivalencePropertyTests
{
    private const int Iterations = 150;

    private static readonly string[] Fragments =
    {
        "{\"user\":\"alice\",\"event\":\"login\",\"status\":\"success\",\"timestamp\":\"2024-06-01T08:00:00Z\"}",
        "{\"user\":\"bob\",\"event\":\"view\",\"status\":\"failed\",\"timestamp\":1717228800}",
        "{\"user\":\"carol\",\"event\":\"x\"}",
        "{\"event\":\"no user\"}",
        "{\"user\":\"dave\",\"event\":\"x\",\"status\":\"maybe\"}",
        "{\"user\":\"erin\",\"event\":\"x\",\"timestamp\":\"25:61:00\"}",
        "{\"user\":\"a\",\"user\":\"b\",\"event\":\"dup\"}",
        "{\"user\":\"trunc",
        "not json at all",
        "[1,2,3]",
        "{}",
        "",
        "   ",
        "{\"user\":{\"name\":\"nested\"},\"event\":\"x\"}",
    };

    private static readonly Gen<byte[]> GenLine = Gen.Frequency(
        (6, Gen.Int[0, Fragments.Length - 1].Select(i => Encoding.UTF8.GetBytes(Fragments[i]))),
        (1, Gen.Byte.Array[0, 24]));

    private static readonly Gen<byte[]> GenText =
        Gen.Select(GenLine.List[0, 60], Gen.Bool, Gen.Bool, (lines, crlf, trailing) =>
        {
            var bytes = new List<byte>();
            byte[] end = crlf ? "\r\n"u8.ToArray() : "\n"u8.ToArray();
            for (int i = 0; i < lines.Count; i++)
            {
                bytes.AddRange(lines[i]);
                if (i < lines.Count - 1 || trailing)
                {
                    bytes.AddRange(end);
                }
            }

            return bytes.ToArray();
        });

    [Fact]
    public void WholeAndGzipReadTheSame()
    {
        GenText.Sample(text =>
        {
            foreach (InputFormat format in new[] { InputFormat.Auto, InputFormat.JsonLines, InputFormat.Json })
            {
                var options = new EventReadOptions { Format = format };
                Assert.Equal(Describe(Read.Bytes(text, "events", options)), Describe(Read.Bytes(Read.Gzip(text), "events", options)));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void WholeAndSplitReadTheSame()
    {
        string dir = Directory.CreateTempSubdirectory("aggregator-split-").FullName;
        try
        {
            GenText.Sample(text =>
            {
                // Samples run on several threads at once: each gets its own file.
                string path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".jsonl");
                File.WriteAllBytes(path, text);
                var options = new EventReadOptions { Format = InputFormat.JsonLines };
                ReadResult whole = Read.File(path, options);

                var sinks = new List<CollectingSink>();
                var observer = new RecordingObserver();
                var reader = new ParallelFileReader(new[] { path }, options, workers: 3) { SplitFiles = true, MinPartBytes = 16 };
                reader.Run(_ =>
                {
                    var sink = new CollectingSink(path);
                    lock (sinks)
                    {
                        sinks.Add(sink);
                    }

                    return sink;
                }, observer, CancellationToken.None);

                var split = new ReadResult(sinks.SelectMany(s => s.Records).ToList(),
                    sinks.SelectMany(s => s.Skipped).Concat(observer.Skipped).ToList(), observer.Files.Single());
                // A worker's sink aggregates, so its records carry lines counted from the start of its range; skipped
                // records are renumbered for the user and must name the same lines.
                Assert.Equal(Describe(whole, recordLines: false), Describe(split, recordLines: false));
                Assert.Equal(whole.Statistics.TotalRecords, split.Statistics.TotalRecords);
            }, iter: Iterations);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Records and skipped lines in line order, so the order workers deliver them in does not matter.
    private static string[] Describe(ReadResult result, bool recordLines = true) =>
        result.Records.Select(r => $"{(recordLines ? r.Line : 0):D6} record {r.User}|{r.Event}|{r.Status}|{r.Timestamp:o}")
            .Concat(result.Skipped.Select(s => $"{s.Line:D6} skipped {s.Reason}"))
            .Append($"error {result.Statistics.Error is not null}")
            .Order(StringComparer.Ordinal)
            .ToArray();
}
