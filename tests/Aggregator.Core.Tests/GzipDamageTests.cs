using System.IO.Compression;
using System.Text;
using Aggregator.Reading;
using Aggregator.Reading.Parallel;

namespace Aggregator.Core.Tests;

/// <summary>
/// Gzip files that are padded, followed by junk, cut off or damaged: every record before the damage is read, and the
/// damage is reported once, as a file error naming the byte where it starts.
/// </summary>
public sealed class GzipDamageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Lines(int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append("{\"user\":\"u").Append(i).Append("\",\"event\":\"x\",\"status\":\"ok\"}\n");
        }

        return text.ToString();
    }

    private static byte[] Gzip(string text) => Read.Gzip(Read.Utf8NoBom.GetBytes(text));

    private static byte[] Join(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static void AssertUsersInOrder(ReadResult result, int count)
    {
        Assert.Equal(count, result.Records.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal("u" + i, result.Records[i].User);
        }
    }

    private static void AssertCountsAddUp(ReadResult result)
    {
        Assert.Equal(result.Records.Count, result.Statistics.ValidRecords);
        Assert.Equal(result.Skipped.Count, result.Statistics.SkippedRecords);
        Assert.Equal(result.Statistics.ValidRecords + result.Statistics.SkippedRecords, result.Statistics.TotalRecords);
    }

    // What a decompressor that keeps everything up to the damage (like zcat) gets from the bytes.
    private static string Salvage(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        var output = new MemoryStream();
        byte[] one = new byte[1];
        try
        {
            while (input.Read(one) == 1)
            {
                output.WriteByte(one[0]);
            }
        }
        catch (InvalidDataException)
        {
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(512)]
    [InlineData(70_000)]
    public void ZeroPaddingAfterTheGzipData_IsNotAnError(int zeros)
    {
        byte[] file = Join(Gzip(Lines(1000)), new byte[zeros]);

        ReadResult result = Read.File(_dir.Write("padded.jsonl.gz", file));

        result.AssertCountsAddUp();
        AssertUsersInOrder(result, 1000);
    }

    [Fact]
    public void ZeroPaddingAfterJoinedMembers_IsNotAnError()
    {
        byte[] file = Join(Gzip(Lines(10)), Gzip(Lines(20)), new byte[4096]);

        ReadResult result = Read.File(_dir.Write("padded.jsonl.gz", file));

        result.AssertCountsAddUp();
        Assert.Equal(30, result.Records.Count);
    }

    [Theory]
    [InlineData("events.jsonl.gz", 1000)]
    [InlineData("events.jsonl.gz", 200_000)]   // more than the reader's buffer once decompressed
    [InlineData("events.json.gz", 1000)]
    [InlineData("events.csv.gz", 1000)]
    public void GarbageAfterTheGzipData_EveryRecordIsRead_AndTheGarbageIsReportedWithItsOffset(string name, int count)
    {
        string text = name.Contains(".csv")
            ? "user,event,status\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"u{i},x,ok\n"))
            : name.Contains(".jsonl") ? Lines(count)
            : "[\n" + string.Join(",\n", Lines(count).TrimEnd('\n').Split('\n')) + "\n]\n";
        byte[] gzip = Gzip(text);
        byte[] file = Join(gzip, new byte[] { 0xDE, 0xAD, 0xBE, 0xEF, 0x0A });

        ReadResult result = Read.File(_dir.Write(name, file));

        AssertCountsAddUp(result);
        Assert.Empty(result.Skipped);
        AssertUsersInOrder(result, count);
        Assert.Contains($"byte {gzip.Length}", result.Statistics.Error);
    }

    [Fact]
    public void GarbageStartingLikeAGzipHeader_AfterTheData_IsReportedWithItsOffset()
    {
        byte[] gzip = Gzip(Lines(1000));
        byte[] file = Join(gzip, new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x01 });

        ReadResult result = Read.File(_dir.Write("events.jsonl.gz", file));

        AssertCountsAddUp(result);
        AssertUsersInOrder(result, 1000);
        Assert.Contains($"byte {gzip.Length}", result.Statistics.Error);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.95)]
    public void CutOffGzip_GivesEveryRecordADecompressorCanSalvage(double keep)
    {
        byte[] gzip = Gzip(Lines(3000));
        byte[] cut = gzip.Take((int)(gzip.Length * keep)).ToArray();
        string salvaged = Salvage(cut);
        int complete = salvaged.Count(c => c == '\n');

        ReadResult result = Read.File(_dir.Write("cut.jsonl.gz", cut));

        AssertCountsAddUp(result);
        Assert.True(complete > 0);
        AssertUsersInOrder(result, complete);
        Assert.Equal(salvaged.EndsWith('\n') ? 0 : 1, result.Skipped.Count);   // the cut-off last line
        Assert.Contains("ends early", result.Statistics.Error);
        Assert.Contains($"byte {cut.Length}", result.Statistics.Error);
    }

    [Fact]
    public void DamagedDeflateData_KeepsTheRecordsBeforeTheDamage_AndNamesWhereItIs()
    {
        byte[] gzip = Gzip(Lines(3000));
        byte[] damaged = (byte[])gzip.Clone();
        int at = gzip.Length / 2;
        for (int i = at; i < at + 64; i++)
        {
            damaged[i] = 0xFF;   // a run of ones is no valid Huffman code sequence for long
        }

        ReadResult result = Read.File(_dir.Write("damaged.jsonl.gz", damaged));

        AssertCountsAddUp(result);
        Assert.True(result.Records.Count > 1000, $"only {result.Records.Count} records before the damage");
        Assert.Equal(Enumerable.Range(0, result.Records.Count).Select(i => "u" + i), result.Records.Select(r => r.User));
        Assert.Contains("damaged", result.Statistics.Error);
        Assert.Contains("byte", result.Statistics.Error);
    }

    [Fact]
    public void ManyJoinedMembersOfEverySize_AreReadWhole()
    {
        var parts = new List<byte[]>();
        int user = 0;
        var rng = new Random(7);
        for (int member = 0; member < 40; member++)
        {
            var text = new StringBuilder();
            int count = rng.Next(0, 3000);
            for (int i = 0; i < count; i++, user++)
            {
                text.Append("{\"user\":\"u").Append(user).Append("\",\"event\":\"").Append(rng.Next()).Append("\"}\n");
            }

            parts.Add(Gzip(text.ToString()));
        }

        ReadResult result = Read.File(_dir.Write("joined.jsonl.gz", Join(parts.ToArray())));

        result.AssertCountsAddUp();
        AssertUsersInOrder(result, user);
    }

    [Fact]
    public void ParallelReading_OfAPaddedAndAGarbageEndedGzip_KeepsEveryRecord()
    {
        string padded = _dir.Write("padded.jsonl.gz", Join(Gzip(Lines(1000)), new byte[1000]));
        byte[] gzip = Gzip(Lines(500));
        string junk = _dir.Write("junk.jsonl.gz", Join(gzip, Encoding.ASCII.GetBytes("junk")));
        var observer = new RecordingObserver();

        new ParallelFileReader(new[] { padded, junk }, EventReadOptions.Default, 2).RunRecords(observer, CancellationToken.None);

        Assert.Equal(1500, observer.Records.Count);
        Assert.Null(observer.Files.Single(f => f.Source == padded).Error);
        Assert.Contains($"byte {gzip.Length}", observer.Files.Single(f => f.Source == junk).Error);
        Assert.Equal(500, observer.Files.Single(f => f.Source == junk).ValidRecords);
    }
}
