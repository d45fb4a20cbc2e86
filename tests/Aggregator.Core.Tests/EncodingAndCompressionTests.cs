using System.Text;

namespace Aggregator.Core.Tests;

public class EncodingAndCompressionTests
{
    private const string JsonArray = """
        [
          {"user": "José", "event": "connexion", "status": "ok"},
          {"user": "Zoë", "event": "view", "status": "fail", "timestamp": "2024-06-01 08:00:00"}
        ]
        """;

    private const string JsonLines = """
        {"user": "José", "event": "connexion", "status": "ok"}
        {"user": "Zoë", "event": "view", "status": "fail", "timestamp": "2024-06-01 08:00:00"}
        """;

    private const string Csv = """
        user,event,status,timestamp
        José,connexion,ok,
        Zoë,view,fail,2024-06-01 08:00:00
        """;

    public static TheoryData<string, string, int> Inputs => new()
    {
        { JsonArray, "events.json", 2 },
        { JsonLines, "events.jsonl", 1 },
        { Csv, "events.csv", 2 },
    };

    public static TheoryData<string, string, int, string> InputsAndEncodings
    {
        get
        {
            var data = new TheoryData<string, string, int, string>();
            foreach (object[] input in Inputs)
            {
                foreach (string encoding in new[] { "utf-8", "utf-8-bom", "utf-16le", "utf-16be" })
                {
                    data.Add((string)input[0], (string)input[1], (int)input[2], encoding);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(InputsAndEncodings))]
    public void EveryFormatInEveryEncoding(string text, string name, int firstLine, string encoding)
    {
        ReadResult result = Read.Bytes(Encode(text, encoding), name);

        AssertTwoRecords(result, firstLine);
    }

    [Theory]
    [MemberData(nameof(InputsAndEncodings))]
    public void EveryFormatInEveryEncodingGzipped(string text, string name, int firstLine, string encoding)
    {
        ReadResult result = Read.Bytes(Read.Gzip(Encode(text, encoding)), name + ".gz");

        AssertTwoRecords(result, firstLine);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void GzipIsRecognisedByItsMagicNumberNotItsName(string text, string name, int firstLine)
    {
        // Named without .gz, and with the format forced (the name alone would no longer tell it).
        InputFormat format = name.EndsWith(".csv") ? InputFormat.Csv : name.EndsWith(".jsonl") ? InputFormat.JsonLines : InputFormat.Json;

        ReadResult result = Read.Bytes(Read.Gzip(Read.Utf8NoBom.GetBytes(text)), "download.bin", Read.Format(format));

        AssertTwoRecords(result, firstLine);
    }

    [Fact]
    public void GzippedFileOnDisk()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("events.jsonl.gz", Read.Gzip(Read.Utf8NoBom.GetBytes(JsonLines)));

        ReadResult result = Read.File(path);

        AssertTwoRecords(result, 1);
        Assert.All(result.Records, r => Assert.Equal(path, r.Source));
        Assert.Equal(new FileInfo(path).Length, result.Statistics.Bytes);
    }

    [Fact]
    public void CorruptGzipIsAFileErrorNotAnException()
    {
        // A valid gzip header followed by a deflate block of the reserved type 11, which no decoder accepts.
        byte[] gzip = Read.Gzip(Read.Utf8NoBom.GetBytes(JsonLines));
        byte[] corrupt = gzip.Take(10).Concat(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }).ToArray();

        ReadResult result = Read.Bytes(corrupt, "events.jsonl.gz");

        Assert.NotNull(result.Statistics.Error);
        Assert.Equal(result.Statistics.ValidRecords + result.Statistics.SkippedRecords, result.Statistics.TotalRecords);
    }

    [Theory]
    [InlineData(2)]      // inside the header
    [InlineData(12)]     // just after the header
    [InlineData(-4)]     // half the trailer gone
    [InlineData(-100)]   // in the compressed data
    public void CutOffGzipIsAFileError_WithTheRecordsBeforeTheCutCounted(int keep)
    {
        var text = new StringBuilder();
        for (int i = 0; i < 2000; i++)
        {
            text.Append("{\"user\":\"u").Append(i).Append("\",\"event\":\"x\"}\n");
        }

        byte[] gzip = Read.Gzip(Read.Utf8NoBom.GetBytes(text.ToString()));
        using var dir = new TempDirectory();
        string path = dir.Write("cut.jsonl.gz", gzip.Take(keep > 0 ? keep : gzip.Length + keep).ToArray());

        ReadResult result = Read.File(path);

        Assert.Contains("ends early", result.Statistics.Error);
        // Cut in the trailer, the data itself is whole: every record is read, and the file is still reported.
        Assert.True(keep == -4 ? result.Records.Count == 2000 : result.Records.Count < 2000);
        Assert.Equal(Enumerable.Range(0, result.Records.Count).Select(i => "u" + i), result.Records.Select(r => r.User));
        Assert.Equal(result.Statistics.ValidRecords + result.Statistics.SkippedRecords, result.Statistics.TotalRecords);
    }

    [Fact]
    public void JoinedGzipMembers_AreReadWhole_WithoutError()
    {
        // cat a.gz b.gz c.gz > all.gz: the file's trailer covers only the last member.
        byte[] joined = Read.Gzip(Read.Utf8NoBom.GetBytes("{\"user\":\"a\",\"event\":\"x\"}\n"))
            .Concat(Read.Gzip(Read.Utf8NoBom.GetBytes("{\"user\":\"b\",\"event\":\"x\"}\n")))
            .Concat(Read.Gzip(Read.Utf8NoBom.GetBytes("{\"user\":\"c\",\"event\":\"x\"}\n{\"user\":\"d\",\"event\":\"x\"}\n")))
            .ToArray();
        using var dir = new TempDirectory();

        ReadResult result = Read.File(dir.Write("joined.jsonl.gz", joined));

        Assert.Null(result.Statistics.Error);
        Assert.Equal(new[] { "a", "b", "c", "d" }, result.Records.Select(r => r.User));
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void LargeFileInEveryEncodingIsReadWhole(string encoding)
    {
        // Larger than the 64 KiB head used for detection and than the 1 MiB read buffer once transcoded.
        const int count = 40_000;
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append($$"""{"user":"usér{{i}}","event":"évènement","status":"ok"}""").Append('\n');
        }

        ReadResult result = Read.Bytes(Encode(text.ToString(), encoding), "events.jsonl");

        result.AssertCountsAddUp();
        Assert.Equal(count, result.Records.Count);
        Assert.Equal("usér0", result.Records[0].User);
        Assert.Equal($"usér{count - 1}", result.Records[^1].User);
        Assert.Equal(count, result.Records[^1].Line);
        Assert.All(result.Records, r => Assert.Equal("évènement", r.Event));
    }

    [Fact]
    public void ByteOrderMarkDoesNotBecomePartOfTheFirstCsvHeader()
    {
        ReadResult result = Read.Bytes(Read.WithBom("user,event\na,x\n", Encoding.UTF8), "events.csv");

        Assert.Equal("a", result.Single.User);
    }

    private static byte[] Encode(string text, string encoding) => encoding switch
    {
        "utf-8" => Read.Utf8NoBom.GetBytes(text),
        "utf-8-bom" => Read.WithBom(text, Encoding.UTF8),
        "utf-16le" => Read.WithBom(text, Encoding.Unicode),
        "utf-16be" => Read.WithBom(text, Encoding.BigEndianUnicode),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    private static void AssertTwoRecords(ReadResult result, int firstLine)
    {
        result.AssertCountsAddUp();
        Assert.Empty(result.Skipped);
        Assert.Collection(result.Records,
            r =>
            {
                Assert.Equal("José", r.User);
                Assert.Equal("connexion", r.Event);
                Assert.Equal(EventStatus.Success, r.Status);
                Assert.Null(r.Timestamp);
                Assert.Equal(firstLine, r.Line);
            },
            r =>
            {
                Assert.Equal("Zoë", r.User);
                Assert.Equal("view", r.Event);
                Assert.Equal(EventStatus.Fail, r.Status);
                Assert.Equal(Utc.At(2024, 6, 1, 8), r.Timestamp);
                Assert.Equal(firstLine + 1, r.Line);
            });
    }
}
