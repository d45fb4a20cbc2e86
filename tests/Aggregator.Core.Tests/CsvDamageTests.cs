using System.Text;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>
/// Damaged CSV costs only the damaged lines: a broken quote, an oversize row or a stray quote never takes other rows
/// with it, and every line that is not emitted is reported.
/// </summary>
public class CsvDamageTests
{
    [Fact]
    public void UnclosedQuoteCostsOnlyItsLine()
    {
        ReadResult result = Read.Text(
            "user,event,status\n" +
            "a,login,ok\n" +
            "b,\"view,ok\n" +
            "c,login,ok\n" +
            "d,view,fail\n",
            "events.csv");

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "a", "c", "d" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 2, 4, 5 }, result.Records.Select(r => r.Line));
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidCsv, skipped.Reason);
        Assert.Equal(3, skipped.Line);
        Assert.Equal("b,\"view,ok", skipped.Raw);
    }

    [Fact]
    public void UnclosedQuoteThatALaterQuoteWouldCloseCostsOnlyItsLine()
    {
        // Paired with the next quote, the broken field would run on to line 4 and leave text after its closing quote.
        ReadResult result = Read.Text(
            "user,event\n" +
            "a,\"broken\n" +
            "b,x\n" +
            "c,\"quoted\"\n" +
            "d,y\n",
            "events.csv");

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "b", "c", "d" }, result.Records.Select(r => r.User));
        Assert.Equal(new[] { "x", "quoted", "y" }, result.Records.Select(r => r.Event));
        Assert.Equal(new long[] { 3, 4, 5 }, result.Records.Select(r => r.Line));
        Assert.Equal((2L, SkipReason.InvalidCsv, "a,\"broken"), (result.SingleSkip.Line, result.SingleSkip.Reason, result.SingleSkip.Raw));
    }

    [Fact]
    public void EveryBrokenLineIsReportedAndTheRestArrive()
    {
        ReadResult result = Read.Text(
            "user,event\n" +
            "a,\"x\"y\n" +
            "b,ok\n" +
            "\"c,ok\n" +
            "d,\"two\nlines\"\n" +
            "e,ok\n",
            "events.csv");

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "b", "d", "e" }, result.Records.Select(r => r.User));
        Assert.Equal("two\nlines", result.Records[1].Event);
        Assert.Equal(new long[] { 3, 5, 7 }, result.Records.Select(r => r.Line));
        Assert.Equal(new long[] { 2, 4 }, result.Skipped.Select(s => s.Line));
        Assert.All(result.Skipped, s => Assert.Equal(SkipReason.InvalidCsv, s.Reason));
    }

    [Theory]
    [InlineData("37°36'37.8\"N")]
    [InlineData("say \"hi\"")]
    [InlineData("x\"")]
    public void QuoteInsideAnUnquotedFieldIsText(string value)
    {
        ReadResult result = Read.Text(
            "user,event,location\n" +
            $"a,login,{value}\n" +
            $"b,{value},here\n",
            "events.csv");

        result.AssertCountsAddUp();
        Assert.Empty(result.Skipped);
        Assert.Equal(new[] { "login", value }, result.Records.Select(r => r.Event));
        Assert.Equal(new long[] { 2, 3 }, result.Records.Select(r => r.Line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"")]
    public void RowLargerThanTheLimitIsSkippedAndTheRowsAroundItArrive(string quote)
    {
        var options = new EventReadOptions { MaxRecordBytes = 1 << 20 };
        string big = $"big,{quote}{new string('x', 3 << 20)}{quote},ok";

        ReadResult result = Read.Text($"user,event,status\na,login,ok\n{big}\nb,view,ok\n", "events.csv", options);

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 2, 4 }, result.Records.Select(r => r.Line));
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.RecordTooLarge, skipped.Reason);
        Assert.Equal(3, skipped.Line);
        Assert.Equal(big.Substring(0, SkippedRecord.RawLength), skipped.Raw);
        Assert.Contains("1 MiB", skipped.Message);
    }

    [Fact]
    public void RowLargerThanTheLimitIsSkippedWithoutBufferingIt()
    {
        const int limit = 1 << 20;
        var options = new EventReadOptions { Format = InputFormat.Csv, MaxRecordBytes = limit };

        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadResult result = ReadGenerated(48L << 20, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((3L, SkipReason.RecordTooLarge), (result.SingleSkip.Line, result.SingleSkip.Reason));
        Assert.True(allocated < 8 * limit, $"allocated {allocated:N0} bytes for a 48 MiB row");
    }

    [Fact]
    public void RowLargerThanTheDefaultLimitIsSkipped()
    {
        ReadResult result = ReadGenerated(EventReadOptions.DefaultMaxRecordBytes + (8L << 20), Read.Format(InputFormat.Csv));

        Assert.Equal((3L, SkipReason.RecordTooLarge), (result.SingleSkip.Line, result.SingleSkip.Reason));
        Assert.Contains("64 MiB", result.SingleSkip.Message);
    }

    // A valid row, a row of rowBytes, a valid row: only the big one is lost.
    private static ReadResult ReadGenerated(long rowBytes, EventReadOptions options)
    {
        using var input = new GeneratedCsv("user,event\na,login\nbig,", rowBytes, "\nb,view\n");
        var sink = new CollectingSink("big.csv");
        FileImportStatistics statistics = EventFileReader.ReadStream(input, "big.csv", options, sink);
        var result = new ReadResult(sink.Records, sink.Skipped, statistics);
        result.AssertCountsAddUp();
        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 2, 4 }, result.Records.Select(r => r.Line));
        return result;
    }

    [Fact]
    public void UnclosedQuoteInALargeFileIsFoundWithinTheLimit()
    {
        // The quote would run to the end of the file, past the limit: the line is skipped and the rows after it arrive.
        var options = new EventReadOptions { MaxRecordBytes = 64 << 10 };
        var text = new StringBuilder("user,event\na,\"broken\n");
        for (int row = 0; row < 20_000; row++)
        {
            text.Append("u").Append(row).Append(",e\n");
        }

        ReadResult result = Read.Text(text.ToString(), "events.csv", options);

        result.AssertCountsAddUp();
        Assert.Equal(20_000, result.Records.Count);
        Assert.Equal(3, result.Records[0].Line);
        Assert.Equal((2L, SkipReason.InvalidCsv, "a,\"broken"), (result.SingleSkip.Line, result.SingleSkip.Reason, result.SingleSkip.Raw));
    }

    /// <summary>A prefix, a row body of 'x' bytes generated as it is read (never held in memory), then a suffix.</summary>
    private sealed class GeneratedCsv : Stream
    {
        private readonly byte[] _prefix;
        private readonly byte[] _suffix;
        private readonly long _bodyLength;
        private long _position;

        public GeneratedCsv(string prefix, long bodyLength, string suffix)
        {
            _prefix = Encoding.UTF8.GetBytes(prefix);
            _suffix = Encoding.UTF8.GetBytes(suffix);
            _bodyLength = bodyLength;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int written = 0;
            while (written < count)
            {
                long at = _position;
                long bodyEnd = _prefix.Length + _bodyLength;
                if (at < _prefix.Length)
                {
                    buffer[offset + written] = _prefix[at];
                }
                else if (at < bodyEnd)
                {
                    int run = (int)Math.Min(count - written, bodyEnd - at);
                    buffer.AsSpan(offset + written, run).Fill((byte)'x');
                    written += run;
                    _position += run;
                    continue;
                }
                else if (at < bodyEnd + _suffix.Length)
                {
                    buffer[offset + written] = _suffix[at - bodyEnd];
                }
                else
                {
                    break;
                }

                written++;
                _position++;
            }

            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
