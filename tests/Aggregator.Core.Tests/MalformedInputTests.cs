using System.Text;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>Damage costs only the damaged record: it is reported once, with file, line, reason and raw text.</summary>
public class MalformedInputTests
{
    [Fact]
    public void TruncatedObjectInTheMiddleOfPrettyPrintedFile()
    {
        // The writer stopped inside a string value of the second object, then a new object began.
        ReadResult result = Read.Text(
            """
            {
              "user": "alice",
              "event": "login"
            }
            {
              "user": "bob",
              "event": "log
            {
              "user": "carol",
              "event": "view"
            }
            """);

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "alice", "carol" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 1, 8 }, result.Records.Select(r => r.Line));
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidJson, skipped.Reason);
        Assert.Equal(5, skipped.Line);
        Assert.Equal("{\n  \"user\": \"bob\",\n  \"event\": \"log", skipped.Raw);
        Assert.Equal("events.json", skipped.Source);
    }

    // Found by fuzzing: invalid UTF-8 in a string that also holds an escape sequence escaped the reader as an
    // InvalidOperationException. It is JSON damage like any other: one skipped record, and the next line is read.
    [Theory]
    [InlineData("user")]
    [InlineData("us\\u0065r")]
    public void InvalidUtf8NextToAnEscapeIsOneSkippedRecord(string nameOfTheBadField)
    {
        byte[] bad = [.. Read.Utf8NoBom.GetBytes("{\"" + nameOfTheBadField + "\":\"\\\"b"), 0xFF, .. "\",\"event\":\"x\"}\n"u8];
        byte[] escapedName = [.. "{\"\\u0075"u8, 0xFE, .. "\":\"c\",\"user\":\"d\",\"event\":\"y\"}\n"u8];
        byte[] good = "{\"user\":\"alice\",\"event\":\"login\"}\n"u8.ToArray();

        ReadResult result = Read.Bytes([.. bad, .. escapedName, .. good], "events.jsonl");

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "alice" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 1, 2 }, result.Skipped.Select(s => s.Line));
        Assert.All(result.Skipped, s => Assert.Equal(SkipReason.InvalidJson, s.Reason));
        Assert.All(result.Skipped, s => Assert.Contains("invalid UTF-8", s.Message));
    }

    [Fact]
    public void TruncatedObjectInsideAnArray()
    {
        ReadResult result = Read.Text(
            """
            [
              {"user": "alice", "event": "login"},
              {"user": "bob", "ev
              {"user": "carol", "event": "view"},
              {"user": "dave", "event": "view"}
            ]
            """);

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "alice", "carol", "dave" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 2, 4, 5 }, result.Records.Select(r => r.Line));
        Assert.Equal(3, result.SingleSkip.Line);
        Assert.Equal("{\"user\": \"bob\", \"ev", result.SingleSkip.Raw);
    }

    [Fact]
    public void TruncatedRightAfterAPropertyColonDoesNotSwallowTheNextRecord()
    {
        // "event": followed by the next record's '{' parses as a nested value; the next record starts a new line at the
        // record's own indentation, which is where a record can start again.
        ReadResult result = Read.Text(
            """
            {
              "user": "bob",
              "event":
            {
              "user": "carol",
              "event": "view"
            }
            {
              "user": "dave",
              "event": "view"
            }
            """);

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "carol", "dave" }, result.Records.Select(r => r.User));
        Assert.Equal(1, result.SingleSkip.Line);
    }

    [Fact]
    public void GarbageBetweenObjectsIsReportedOnce()
    {
        ReadResult result = Read.Text(
            """
            {"user": "alice", "event": "login"}
            this is not json
            and neither is this
            {"user": "bob", "event": "view"}
            """);

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "alice", "bob" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 1, 4 }, result.Records.Select(r => r.Line));
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidJson, skipped.Reason);
        Assert.Equal(2, skipped.Line);
        Assert.Equal("this is not json\nand neither is this", skipped.Raw);
    }

    [Fact]
    public void GarbageBetweenPrettyPrintedObjects()
    {
        ReadResult result = Read.Text(
            """
            {
              "user": "alice",
              "event": "login"
            }
            ###
            {
              "user": "bob",
              "event": "view"
            }
            """);

        result.AssertCountsAddUp();
        Assert.Equal(new long[] { 1, 6 }, result.Records.Select(r => r.Line));
        Assert.Equal(5, result.SingleSkip.Line);
        Assert.Equal("###", result.SingleSkip.Raw);
    }

    [Theory]
    [InlineData("events.json")]
    [InlineData("events.jsonl")]
    public void TruncatedLastRecordAtEndOfFile(string name)
    {
        ReadResult result = Read.Text("{\"user\":\"alice\",\"event\":\"login\"}\n{\"user\":\"bob\",\"ev", name);

        result.AssertCountsAddUp();
        Assert.Equal("alice", result.Single.User);
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidJson, skipped.Reason);
        Assert.Equal(2, skipped.Line);
        Assert.Equal("{\"user\":\"bob\",\"ev", skipped.Raw);
    }

    [Fact]
    public void TruncatedPrettyPrintedLastRecordAtEndOfFile()
    {
        ReadResult result = Read.Text("[\n  {\"user\": \"alice\", \"event\": \"login\"},\n  {\n    \"user\": \"bob\",\n");

        result.AssertCountsAddUp();
        Assert.Equal("alice", result.Single.User);
        Assert.Equal(3, result.SingleSkip.Line);
        Assert.Equal(SkipReason.InvalidJson, result.SingleSkip.Reason);
    }

    [Fact]
    public void ArrayElementThatIsNotAnObject()
    {
        ReadResult result = Read.Text(
            """
            [
              {"user": "alice", "event": "login"},
              42,
              {"user": "bob", "event": "view"}
            ]
            """);

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "alice", "bob" }, result.Records.Select(r => r.User));
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.NotAnObject, skipped.Reason);
        Assert.Equal(3, skipped.Line);
        Assert.StartsWith("42", skipped.Raw);
    }

    [Fact]
    public void ArrayElementThatIsAStringWithABraceDoesNotCostTheNextRecord()
    {
        // Valid JSON: the '{' is inside a string element, so it cannot start a record.
        ReadResult result = Read.Text("""[{"user":"a","event":"x"}, "see {here}", {"user":"b","event":"y"}]""");

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        Assert.Single(result.Skipped);
    }

    [Fact]
    public void ArrayElementsThatAreNotObjectsNeverBecomeRecords()
    {
        ReadResult result = Read.Text("""[{"user":"a","event":"x"}, "text", null, [1, 2], {"user":"b","event":"y"}]""");

        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        Assert.NotEmpty(result.Skipped);
        result.AssertCountsAddUp();
    }

    [Theory]
    [InlineData("""{"event":"login"}""", "user")]
    [InlineData("""{"user":"alice"}""", "event")]
    [InlineData("""{"user":null,"event":"login"}""", "user")]
    [InlineData("""{"user":"","event":"login"}""", "user")]
    [InlineData("""{"user":"   ","event":"login"}""", "user")]
    [InlineData("""{"user":"alice","event":null}""", "event")]
    [InlineData("""{}""", "user")]
    public void MissingRequiredField(string json, string field)
    {
        ReadResult result = Read.Text(json);

        Assert.Empty(result.Records);
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.MissingField, skipped.Reason);
        Assert.Contains(field, skipped.Message);
        Assert.Equal(json, skipped.Raw);
        Assert.Equal(1, skipped.Line);
        result.AssertCountsAddUp();
    }

    [Theory]
    [InlineData("""{"user":{"name":"alice"},"event":"login"}""")]
    [InlineData("""{"user":["alice"],"event":"login"}""")]
    [InlineData("""{"user":"alice","event":{"type":"login"}}""")]
    public void FieldThatIsAnObjectOrArray(string json)
    {
        ReadResult result = Read.Text(json);

        Assert.Empty(result.Records);
        Assert.Equal(SkipReason.InvalidField, result.SingleSkip.Reason);
        Assert.Equal(json, result.SingleSkip.Raw);
    }

    [Theory]
    [InlineData("2024-13-01T10:00:00Z")]
    [InlineData("2024-07-10T25:61:00Z")]
    [InlineData("not-a-date")]
    [InlineData("")]
    [InlineData("2024-07-10")]
    [InlineData("2023-02-29 10:00:00")]
    public void InvalidTimestamp(string timestamp)
    {
        string json = $$"""{"user":"alice","event":"login","timestamp":"{{timestamp}}"}""";

        ReadResult result = Read.Text(json + "\n" + """{"user":"bob","event":"view","timestamp":"2024-07-10T10:00:00Z"}""", "events.jsonl");

        Assert.Equal("bob", result.Single.User);
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidTimestamp, skipped.Reason);
        Assert.Equal(1, skipped.Line);
        Assert.Equal(json, skipped.Raw);
        Assert.Equal(timestamp, skipped.Timestamp);
        Assert.Equal("alice", skipped.User);
        Assert.Equal("login", skipped.Event);
        result.AssertCountsAddUp();
    }

    [Theory]
    [InlineData("true", SkipReason.InvalidTimestamp)]
    [InlineData("{\"at\":1}", SkipReason.InvalidField)]   // an object where a value belongs, as for any field
    [InlineData("[1]", SkipReason.InvalidField)]
    public void TimestampOfTheWrongKind(string value, SkipReason expected)
    {
        ReadResult result = Read.Text($$"""{"user":"alice","event":"login","timestamp":{{value}}}""");

        Assert.Empty(result.Records);
        Assert.Equal(expected, result.SingleSkip.Reason);
    }

    [Fact]
    public void NullTimestampIsNoTimestamp()
    {
        ReadResult result = Read.Text("""{"user":"alice","event":"login","timestamp":null}""");

        Assert.Null(result.Single.Timestamp);
    }

    [Fact]
    public void UnknownStatus()
    {
        ReadResult result = Read.Text("""{"user":"alice","event":"login","status":"pending"}""");

        Assert.Empty(result.Records);
        Assert.Equal(SkipReason.UnknownStatus, result.SingleSkip.Reason);
        Assert.Contains("pending", result.SingleSkip.Message);
    }

    // The first failing check wins, in the order user, event, timestamp, status; each has its own reason and sentence.
    [Theory]
    [InlineData("""{"event":"login"}""", SkipReason.MissingField, "The record has no user (")]
    [InlineData("""{"user":"  ","event":"login"}""", SkipReason.MissingField, "The user is empty.")]
    [InlineData("""{"user":["a"],"event":"login"}""", SkipReason.InvalidField, "The user is an object or array, not a single value.")]
    [InlineData("""{"user":"a","event":"","timestamp":"bad"}""", SkipReason.MissingField, "The event is empty.")]
    [InlineData("""{"user":"a","event":{},"status":"bad"}""", SkipReason.InvalidField, "The event is an object or array, not a single value.")]
    [InlineData("""{"user":"a","event":"e","timestamp":"bad","status":"bad"}""", SkipReason.InvalidTimestamp, "'bad' is not a valid timestamp.")]
    [InlineData("""{"user":"a","event":"e","timestamp":[1],"status":"bad"}""", SkipReason.InvalidField, "The timestamp is an object or array, not a single value.")]
    [InlineData("""{"user":"a","event":"e","status":"maybe"}""", SkipReason.UnknownStatus, "'maybe' is not a known status (expected ")]
    [InlineData("""{"user":"a","event":"e","status":7}""", SkipReason.UnknownStatus, "'7' is not a known status (expected ")]
    [InlineData("""{"user":"a","event":"e","status":{"x":1}}""", SkipReason.InvalidField, "The status is an object or array, not a single value.")]
    public void EachSkippedEventSaysWhichCheckFailedFirst(string json, SkipReason reason, string message)
    {
        ReadResult result = Read.Text(json);

        Assert.Empty(result.Records);
        Assert.Equal(reason, result.SingleSkip.Reason);
        Assert.StartsWith(message, result.SingleSkip.Message);
    }

    [Fact]
    public void RawKeepsTheFirst300Characters()
    {
        string json = $$"""{"user":"alice","event":"login","status":"pending","padding":"{{new string('x', 500)}}"}""";

        ReadResult result = Read.Text(json);

        Assert.Equal(json.Substring(0, SkippedRecord.RawLength), result.SingleSkip.Raw);
    }

    [Fact]
    public void RawKeeps300CharactersNotBytes()
    {
        // Two-byte characters: 300 characters are 600 bytes.
        string json = $$"""{"user":"alice","event":"login","status":"pending","padding":"{{new string('é', 500)}}"}""";

        ReadResult result = Read.Text(json);

        Assert.Equal(json.Substring(0, SkippedRecord.RawLength), result.SingleSkip.Raw);
    }

    [Fact]
    public void RecordLargerThanTheLimitIsSkipped()
    {
        var options = new EventReadOptions { MaxRecordBytes = 4096 };
        string big = $$"""{"user":"big","event":"x","padding":"{{new string('x', 10_000)}}"}""";

        ReadResult result = Read.Text(
            "{\"user\":\"a\",\"event\":\"x\"}\n" + big + "\n{\"user\":\"b\",\"event\":\"y\"}\n", "events.jsonl", options);

        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 1, 3 }, result.Records.Select(r => r.Line));
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.RecordTooLarge, skipped.Reason);
        Assert.Equal(2, skipped.Line);
        Assert.Equal(big.Substring(0, SkippedRecord.RawLength), skipped.Raw);
        result.AssertCountsAddUp();
    }

    [Theory]
    [InlineData("events.jsonl")]
    [InlineData("events.json")]
    public void RecordLargerThanTheReadBufferAndTheLimitIsSkipped(string name)
    {
        // The reader starts with a 1 MiB buffer and grows it up to the limit; past the limit the record is skipped.
        var options = new EventReadOptions { MaxRecordBytes = 2 << 20 };
        string big = $$"""{"user":"big","event":"x","padding":"{{new string('x', 3 << 20)}}"}""";

        ReadResult result = Read.Text(
            "{\"user\":\"a\",\"event\":\"x\"}\n" + big + "\n{\"user\":\"b\",\"event\":\"y\"}\n", name, options);

        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 1, 3 }, result.Records.Select(r => r.Line));
        Assert.Equal(SkipReason.RecordTooLarge, result.SingleSkip.Reason);
        Assert.Equal(2, result.SingleSkip.Line);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void RecordLargerThanTheReadBufferButUnderTheLimitIsRead()
    {
        string padding = new('x', 3 << 20);
        string big = $$"""{"user":"big","padding":"{{padding}}","event":"after-padding"}""";

        ReadResult result = Read.Text("{\"user\":\"a\",\"event\":\"x\"}\n" + big + "\n{\"user\":\"b\",\"event\":\"y\"}\n", "events.jsonl");

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "a", "big", "b" }, result.Records.Select(r => r.User));
        Assert.Equal("after-padding", result.Records[1].Event);
        Assert.Equal(new long[] { 1, 2, 3 }, result.Records.Select(r => r.Line));
    }

    [Theory]
    [InlineData("events.jsonl", false, "\n")]
    [InlineData("events.jsonl", false, "\r\n")]
    [InlineData("events.json", true, "\n")]
    [InlineData("events.json", true, "\r\n")]
    public void RecordsSpanningTheReadBufferBoundary(string name, bool prettyPrinted, string newline)
    {
        // More than 2 MiB, so records straddle the 1 MiB buffer at least twice; record lengths vary so the cut
        // falls at different places inside them. Every record must arrive, with its own line number.
        const int count = 30_000;
        var text = new StringBuilder();
        var expectedLines = new long[count];
        long line = 1;
        for (int i = 0; i < count; i++)
        {
            expectedLines[i] = line;
            string padding = new('p', i % 37);
            if (prettyPrinted)
            {
                text.Append("{").Append(newline)
                    .Append($"  \"user\": \"user{i}\",").Append(newline)
                    .Append($"  \"padding\": \"{padding}\",").Append(newline)
                    .Append($"  \"event\": \"event{i % 7}\",").Append(newline)
                    .Append($"  \"timestamp\": {1720606530 + i}").Append(newline)
                    .Append("}").Append(newline);
                line += 6;
            }
            else
            {
                text.Append($$"""{"user":"user{{i}}","padding":"{{padding}}","event":"event{{i % 7}}","timestamp":{{1720606530 + i}}}""")
                    .Append(newline);
                line += 1;
            }
        }

        Assert.True(text.Length > 2 << 20, "the input must cover more than two read buffers");

        ReadResult result = Read.Text(text.ToString(), name);

        result.AssertCountsAddUp();
        Assert.Empty(result.Skipped);
        Assert.Equal(count, result.Records.Count);
        for (int i = 0; i < count; i++)
        {
            EventRecord record = result.Records[i];
            Assert.Equal($"user{i}", record.User);
            Assert.Equal($"event{i % 7}", record.Event);
            Assert.Equal(Utc.At(2024, 7, 10, 10, 15, 30).AddSeconds(i), record.Timestamp);
            Assert.Equal(expectedLines[i], record.Line);
        }
    }

    [Fact]
    public void DamagedRecordsNearTheBufferBoundaryKeepTheirLineNumbers()
    {
        // Every 1000th line is damaged; the skip must name the right line even after buffer refills.
        const int count = 40_000;
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append(i % 1000 == 999
                ? $$"""{"user":"user{{i}}","event":"""
                : $$"""{"user":"user{{i}}","event":"login","padding":"{{new string('p', i % 53)}}"}""").Append('\n');
        }

        ReadResult result = Read.Text(text.ToString(), "events.jsonl");

        result.AssertCountsAddUp();
        Assert.Equal(count - count / 1000, result.Records.Count);
        Assert.Equal(Enumerable.Range(1, count / 1000).Select(k => (long)k * 1000), result.Skipped.Select(s => s.Line));
        Assert.All(result.Skipped, s => Assert.Equal($"{{\"user\":\"user{s.Line - 1}\",\"event\":", s.Raw));
        Assert.All(result.Records, r => Assert.Equal($"user{r.Line - 1}", r.User));
    }

    [Fact]
    public void DamagedPrettyPrintedRecordsNearTheBufferBoundary()
    {
        // Every 300th object is cut inside a string; over 2 MiB, so some cuts straddle a buffer refill.
        const int count = 30_000;
        var text = new StringBuilder();
        var damagedLines = new List<long>();
        var validLines = new List<long>();
        long line = 1;
        for (int i = 0; i < count; i++)
        {
            if (i % 300 == 299)
            {
                damagedLines.Add(line);
                text.Append($"{{\n  \"user\": \"user{i}\",\n  \"event\": \"log\n");
                line += 3;
            }
            else
            {
                validLines.Add(line);
                text.Append($"{{\n  \"user\": \"user{i}\",\n  \"padding\": \"{new string('p', i % 61)}\",\n  \"event\": \"login\"\n}}\n");
                line += 5;
            }
        }

        Assert.True(text.Length > 2 << 20, "the input must cover more than two read buffers");

        ReadResult result = Read.Text(text.ToString());

        result.AssertCountsAddUp();
        Assert.Equal(validLines, result.Records.Select(r => r.Line));
        Assert.Equal(damagedLines, result.Skipped.Select(s => s.Line));
        Assert.All(result.Skipped, s => Assert.Equal(SkipReason.InvalidJson, s.Reason));
        Assert.All(result.Skipped, s => Assert.EndsWith("\"event\": \"log", s.Raw));
    }

    [Fact]
    public void CountsAddUpOnAMixOfEverything()
    {
        ReadResult result = Read.Text(
            """
            [
              {"user": "a", "event": "login", "status": "ok"},
              {"user": "b"},
              {"user": {"id": 1}, "event": "login"},
              {"user": "c", "event": "login", "timestamp": "yesterday"},
              {"user": "d", "event": "login", "status": "maybe"},
              {"user": "e", "event": "login", "status": "fail", "timestamp": "2024-07-10 10:00:00"},
              {"user": "f", "event": 
            ]
            """);

        result.AssertCountsAddUp();
        Assert.Equal(7, result.Statistics.TotalRecords);
        Assert.Equal(new[] { "a", "e" }, result.Records.Select(r => r.User));
        Assert.Equal(
            new[] { SkipReason.MissingField, SkipReason.InvalidField, SkipReason.InvalidTimestamp, SkipReason.UnknownStatus, SkipReason.InvalidJson },
            result.Skipped.Select(s => s.Reason));
        Assert.Equal(new long[] { 3, 4, 5, 6, 8 }, result.Skipped.Select(s => s.Line));
    }

    [Fact]
    public void AReadErrorMidFileKeepsEveryRecordReadBeforeIt()
    {
        var text = new StringBuilder();
        for (int i = 0; text.Length < 2 * JsonEventReader.InitialBufferSize; i++)
        {
            text.Append("{\"user\":\"u").Append(i).Append("\",\"event\":\"x\"}\n");
        }

        byte[] data = Read.Utf8NoBom.GetBytes(text.ToString());
        var sink = new CollectingSink("device.jsonl");

        // The device fails once the reader's first buffer is full. The reader has by then handled every whole line in
        // that buffer; a builder may still be holding back the last of them.
        FileImportStatistics statistics = EventFileReader.ReadStream(
            new FailingStream(data, failAfter: JsonEventReader.InitialBufferSize), "device.jsonl", Read.Format(InputFormat.JsonLines), sink);

        int wholeLines = data.AsSpan(0, JsonEventReader.InitialBufferSize).Count((byte)'\n');
        Assert.Equal("The device stopped answering.", statistics.Error);
        Assert.Equal(wholeLines, statistics.ValidRecords);
        Assert.Equal(Enumerable.Range(0, wholeLines).Select(i => "u" + i), sink.Records.Select(r => r.User));
    }

    private sealed class FailingStream(byte[] data, int failAfter) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            int left = failAfter - (int)Position;
            return left > 0 ? base.Read(buffer, offset, Math.Min(count, left)) : throw new IOException("The device stopped answering.");
        }

        public override int Read(Span<byte> buffer)
        {
            byte[] copy = new byte[buffer.Length];
            int read = Read(copy, 0, copy.Length);
            copy.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
    }
}
