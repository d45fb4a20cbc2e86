using System.Text;
using System.Text.Json;
using Aggregator.Writing;

namespace Aggregator.Core.Tests;

/// <summary>JsonLinesWriter: batches into part files, the chunk queue, atomic renames, append, -NoClobber/-Force and gzip.</summary>
public sealed class JsonLinesWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string PathOf(string name) => Path.Combine(_dir.Path, name);

    private static string Line(int i)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Assert.True(RecordJsonWriter.TryWrite(json, Writer.Record(i), 2));
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string[] Lines(int from, int count) => Enumerable.Range(from, count).Select(Line).ToArray();

    // --- batching ---

    [Theory]
    [InlineData(4, 0, false)]
    [InlineData(4, 3, false)]
    [InlineData(4, 4, false)]
    [InlineData(4, 5, false)]
    [InlineData(4, 8, false)]
    [InlineData(4, 9, false)]
    [InlineData(1, 3, false)]
    [InlineData(4, 0, true)]
    [InlineData(4, 3, true)]
    [InlineData(4, 4, true)]
    [InlineData(4, 5, true)]
    [InlineData(1024, 1023, true)]
    [InlineData(1024, 1024, false)]
    [InlineData(1024, 1025, true)]
    [InlineData(1000, 3001, false)]
    public void BatchSize_CutsPartFiles_AtTheBoundaries(int batch, int count, bool fast)
    {
        string folder = PathOf("out");
        List<WrittenFile> written = Writer.Write(new JsonLinesWriterOptions { Path = folder, BatchSize = batch }, count, fast);

        int parts = (count + batch - 1) / batch;
        string[] names = Enumerable.Range(0, parts).Select(p => $"part-{p:D5}.jsonl").ToArray();
        Assert.Equal(names, Writer.FileNames(folder));
        Assert.Equal(names.Select(n => Path.Combine(folder, n)), written.Select(w => w.Path));
        long[] perFile = Enumerable.Range(0, parts).Select(p => (long)Math.Min(batch, count - p * batch)).ToArray();
        Assert.Equal(perFile, written.Select(w => w.Records));
        Assert.Equal(perFile, names.Select(n => (long)Writer.Lines(Path.Combine(folder, n)).Length));
        Assert.Equal(written.Select(w => new FileInfo(w.Path).Length), written.Select(w => w.Bytes));
        Assert.Equal(Lines(0, count), names.SelectMany(n => Writer.Lines(Path.Combine(folder, n))));
        Assert.Empty(Writer.TempFiles(folder));
    }

    [Fact]
    public void SingleFile_WithNoRecords_IsAnEmptyFile()
    {
        string path = PathOf("empty.jsonl");
        List<WrittenFile> written = Writer.Write(new JsonLinesWriterOptions { Path = path }, 0);

        Assert.Equal(new WrittenFile(path, 0, 0), Assert.Single(written));
        Assert.True(File.Exists(path));
        Assert.Equal(0, new FileInfo(path).Length);
        Assert.Equal(new[] { "empty.jsonl" }, Writer.FileNames(_dir.Path));

        // Compressed, no records is still a valid (empty) gzip file.
        string packed = PathOf("empty.jsonl.gz");
        Assert.Equal(0, Assert.Single(Writer.Write(new JsonLinesWriterOptions { Path = packed, Compress = true }, 0)).Records);
        Assert.Empty(Writer.Lines(packed));
    }

    [Fact]
    public void FastAndSerializedRecords_MixInOrder()
    {
        string fast = PathOf("fast.jsonl"), mixed = PathOf("mixed.jsonl");
        Writer.Write(new JsonLinesWriterOptions { Path = fast }, 2100, fast: true);
        using (var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = mixed, ChunkBytes = 256 }))
        {
            for (int i = 0; i < 2100; i++)
            {
                Writer.WriteAll(writer, new object[] { Writer.Record(i) }, fast: i % 3 != 0);
            }

            writer.Complete();
            Assert.Equal(2100, writer.Records);
            Assert.Equal(2100, writer.RecordsWritten);
        }

        Assert.Equal(Lines(0, 2100), Writer.Lines(fast));
        Assert.Equal(File.ReadAllBytes(fast), File.ReadAllBytes(mixed));
    }

    [Fact]
    public void TryWrite_RefusesWhatItCannotWrite_AndTakesNothing()
    {
        string path = PathOf("refused.jsonl");
        using var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = path });
        var user = new SignInActivity("u1", null, null, null, null, null, null, ReadSignIn.AsOf, "users.json", 1);

        Assert.False(writer.TryWrite(user, depth: 0));
        Assert.False(writer.TryWrite(new SkippedRecord(), depth: 5));
        Assert.False(writer.TryWrite("text", depth: 5));
        Assert.Equal(0, writer.Records);
        Assert.True(writer.TryWrite(user, depth: 1));
        writer.Complete();

        Assert.Equal(1, writer.Records);
        Assert.StartsWith("{\"Id\":\"u1\",", Assert.Single(Writer.Lines(path)));
    }

    [Fact]
    public void ALoneSurrogate_DoesNotStopTheFile()
    {
        // Text with a lone surrogate has no UTF-8 form: whether the record is written with U+FFFD in its place or
        // reported as failed, the records around it are written, in order, and the counts agree.
        string path = PathOf("surrogate.jsonl");
        var bad = Writer.Record(1, "lone \ud800 surrogate");
        using var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = path });
        Writer.WriteAll(writer, new object[] { Writer.Record(0), bad, Writer.Record(2) }, fast: true);
        writer.Complete();

        var failed = writer.TakeFailedRecords().ToList();
        string[] lines = Writer.Lines(path);
        Assert.Equal(3, writer.Records);
        Assert.Equal(3 - failed.Count, writer.RecordsWritten);
        Assert.Equal(lines.Length, writer.RecordsWritten);
        Assert.Equal(lines.Length, Assert.Single(writer.TakeCompleted()).Records);
        Assert.Equal(Line(0), lines[0]);
        Assert.Equal(Line(2), lines[^1]);
        if (failed.Count == 0)
        {
            Assert.Equal("lone \uFFFD surrogate", JsonDocument.Parse(lines[1]).RootElement.GetProperty("User").GetString());
        }
        else
        {
            Assert.Same(bad, Assert.Single(failed).Record);
        }
    }

    // --- the chunk queue ---

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void SmallChunks_ManyThroughTheQueue_SameLines(int batch)
    {
        // A record far bigger than a chunk, among many small ones, with a queue of one chunk.
        var records = Enumerable.Range(0, 3000).Select(i => i == 1234 ? Writer.Record(i, new string('x', 20_000) + "ü") : Writer.Record(i)).ToList();
        string small = PathOf("small"), large = PathOf("large");
        if (batch == 0)
        {
            small += ".jsonl";
            large += ".jsonl";
        }

        List<WrittenFile> smallFiles = Writer.Write(new JsonLinesWriterOptions { Path = small, BatchSize = batch, ChunkBytes = 64, QueuedBatches = 1 }, records);
        List<WrittenFile> largeFiles = Writer.Write(new JsonLinesWriterOptions { Path = large, BatchSize = batch }, records);

        Assert.Equal(largeFiles.Select(f => (f.Records, f.Bytes)), smallFiles.Select(f => (f.Records, f.Bytes)));
        if (batch > 0)
        {
            Assert.Equal(Writer.FileNames(large), Writer.FileNames(small));
        }
        foreach (var (s, l) in smallFiles.Zip(largeFiles))
        {
            Assert.Equal(File.ReadAllBytes(l.Path), File.ReadAllBytes(s.Path));
        }

        string[] all = smallFiles.SelectMany(f => Writer.Lines(f.Path)).ToArray();
        Assert.Equal(3000, all.Length);
        Assert.Equal(new string('x', 20_000) + "ü", JsonDocument.Parse(all[1234]).RootElement.GetProperty("User").GetString());
        Assert.Equal(Line(2999), all[^1]);
    }

    [Fact]
    public void DiscardRecord_DropsAHalfWrittenRecord_EvenOneLargerThanAChunk()
    {
        string path = PathOf("discard.jsonl");
        using (var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = path, ChunkBytes = 64 }))
        {
            Writer.WriteAll(writer, new object[] { Writer.Record(0) });

            writer.Json.WriteStartObject();
            writer.Json.WriteString("User", "half");
            writer.DiscardRecord();

            Writer.WriteAll(writer, new object[] { Writer.Record(1) });

            writer.Json.WriteStartObject();
            for (int i = 0; i < 200; i++)
            {
                writer.Json.WriteString("field" + i, new string('y', 100));   // far past the chunk and the writer's own buffer
            }

            writer.DiscardRecord();
            writer.DiscardRecord();   // twice is harmless
            Writer.WriteAll(writer, new object[] { Writer.Record(2) });
            writer.Complete();
            Assert.Equal(3, writer.Records);
            Assert.Equal(3, Assert.Single(writer.TakeCompleted()).Records);
        }

        Assert.Equal(Lines(0, 3), Writer.Lines(path));
    }

    // --- atomic files ---

    private static IEnumerable<object> Records(int count) => Enumerable.Range(0, count).Select(i => (object)Writer.Record(i));

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(64)]
    public void FailureInTheSecondBatch_KeepsTheFirstPart_AndLeavesNoTrace(int chunkBytes)
    {
        string folder = PathOf("out");
        int lineBytes = Encoding.UTF8.GetByteCount(Line(10)) + 1;
        var options = new JsonLinesWriterOptions
        {
            Path = folder,
            BatchSize = 10,
            ChunkBytes = chunkBytes,
            OpenFile = Writer.FailOn(failingOpen: 1, failAfter: lineBytes * 4 + 7),   // in the fifth record of part 1
        };

        var writer = new JsonLinesWriter(options);
        IOException thrown = Assert.Throws<IOException>(() =>
        {
            Writer.WriteAll(writer, Records(30));
            writer.Complete();
        });
        writer.Dispose();

        Assert.Contains(FailingStream.Message, thrown.ToString());
        Assert.Empty(Writer.TempFiles(folder));
        Assert.Equal(new[] { "part-00000.jsonl" }, Writer.FileNames(folder));
        Assert.Equal(Lines(0, 10), Writer.Lines(Path.Combine(folder, "part-00000.jsonl")));
        Assert.Equal("part-00000.jsonl", Path.GetFileName(Assert.Single(writer.TakeCompleted()).Path));
    }

    [Fact]
    public void FailureInASingleFile_LeavesTheOldFileAsItWas()
    {
        string path = _dir.Write("events.jsonl", "old content\n");
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = path, ChunkBytes = 64, OpenFile = Writer.FailOn(0, 500) });

        Assert.Throws<IOException>(() =>
        {
            Writer.WriteAll(writer, Records(50));
            writer.Complete();
        });
        writer.Dispose();

        Assert.Equal("old content\n", File.ReadAllText(path));
        Assert.Equal(new[] { "events.jsonl" }, Writer.FileNames(_dir.Path));
    }

    [Fact]
    public void FailureWhenTheLastChunkIsWritten_IsThrownByComplete()
    {
        // With big chunks nothing reaches the file before Complete hands the only chunk over.
        string path = PathOf("events.jsonl");
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = path, OpenFile = Writer.FailOn(0, 10) });
        Writer.WriteAll(writer, Records(5));

        IOException thrown = Assert.Throws<IOException>(writer.Complete);
        writer.Dispose();

        Assert.Contains(FailingStream.Message, thrown.ToString());
        Assert.Empty(Writer.FileNames(_dir.Path));
    }

    [Fact]
    public void FailureOpeningAFile_IsThrown_AndLeavesNoTrace()
    {
        string folder = PathOf("out");
        int opened = 0;
        var options = new JsonLinesWriterOptions
        {
            Path = folder,
            BatchSize = 2,
            OpenFile = (path, mode) => Interlocked.Increment(ref opened) == 2 ? throw new IOException("cannot open") : Writer.OpenReal(path, mode),
        };

        var writer = new JsonLinesWriter(options);
        Assert.Throws<IOException>(() =>
        {
            Writer.WriteAll(writer, Records(6));
            writer.Complete();
        });
        writer.Dispose();

        Assert.Equal(new[] { "part-00000.jsonl" }, Writer.FileNames(folder));
    }

    // Only whole parts of 700 records, each under its final name and holding its own records; nothing else.
    private void AssertOnlyWholeParts(string folder, int produced)
    {
        Assert.Empty(Writer.TempFiles(folder));
        string[] names = Writer.FileNames(folder);
        Assert.NotEmpty(names);
        Assert.Equal(Enumerable.Range(0, names.Length).Select(p => JsonLinesWriter.PartFileName(p, false)), names);
        Assert.True(names.Length * 700 < produced, "the part under way must not be there");
        for (int p = 0; p < names.Length; p++)
        {
            Assert.Equal(Lines(p * 700, 700), Writer.Lines(Path.Combine(folder, names[p])));
        }
    }

    [Fact]
    public void DisposeWithoutComplete_MidBatch_KeepsFinishedParts_AndDropsTheRest()
    {
        string folder = PathOf("out");
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = folder, BatchSize = 700, ChunkBytes = 64 });
        int produced = Writer.WriteUntil(writer, 0,
            () => File.Exists(Path.Combine(folder, "part-00000.jsonl")) && Writer.TempFiles(folder).Length == 1, "a part under way after the first");
        writer.Json.WriteStartObject();
        writer.Json.WriteString("User", "half a record");
        writer.Dispose();   // Ctrl+C, or the pipeline upstream failed

        AssertOnlyWholeParts(folder, produced);
    }

    [Fact]
    public void DisposeWithoutComplete_ASingleFile_IsNotWritten()
    {
        string path = PathOf("events.jsonl");
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = path, ChunkBytes = 64 });
        Writer.WriteUntil(writer, 0, () => Writer.TempFiles(_dir.Path).Length == 1, "the file to be under way");
        writer.Dispose();

        Assert.Empty(Writer.FileNames(_dir.Path));
    }

    [Fact]
    public void Cancellation_MidWrite_Throws_AndKeepsOnlyFinishedParts()
    {
        string folder = PathOf("out");
        using var stop = new CancellationTokenSource();
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = folder, BatchSize = 700, ChunkBytes = 64 }, stop.Token);
        int produced = Writer.WriteUntil(writer, 0,
            () => File.Exists(Path.Combine(folder, "part-00000.jsonl")) && Writer.TempFiles(folder).Length == 1, "a part under way after the first");

        stop.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            Writer.WriteAll(writer, Enumerable.Range(produced, 5000).Select(i => (object)Writer.Record(i)));
            writer.Complete();
        });
        writer.Dispose();

        AssertOnlyWholeParts(folder, produced);
    }

    [Fact]
    public void Cancellation_BeforeComplete_OfASingleFile_WritesNothing()
    {
        string path = PathOf("events.jsonl");
        using var stop = new CancellationTokenSource();
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = path }, stop.Token);
        Writer.WriteAll(writer, Records(5));
        stop.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(writer.Complete);
        writer.Dispose();
        Assert.Empty(Writer.FileNames(_dir.Path));
    }

    // --- append ---

    [Fact]
    public void Append_ToASingleFile_KeepsWhatWasThere()
    {
        string path = _dir.Write("events.jsonl", Line(100) + "\n" + Line(101) + "\n");
        List<WrittenFile> written = Writer.Write(new JsonLinesWriterOptions { Path = path, Append = true, ChunkBytes = 64 }, 3);

        Assert.Equal(new[] { Line(100), Line(101) }.Concat(Lines(0, 3)), Writer.Lines(path));
        Assert.Equal(3, Assert.Single(written).Records);
        Assert.Equal(new[] { "events.jsonl" }, Writer.FileNames(_dir.Path));
    }

    [Fact]
    public void Append_ToAMissingFile_CreatesIt()
    {
        string path = PathOf("new.jsonl");
        Writer.Write(new JsonLinesWriterOptions { Path = path, Append = true }, 2);
        Assert.Equal(Lines(0, 2), Writer.Lines(path));
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(64)]
    public void Append_ThatFails_CutsTheFileBackToItsLength(int chunkBytes)
    {
        string original = Line(100) + "\n" + Line(101) + "\n";
        string path = _dir.Write("events.jsonl", original);
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions
        {
            Path = path,
            Append = true,
            ChunkBytes = chunkBytes,
            OpenFile = Writer.FailOn(0, 300),
        });

        Assert.Throws<IOException>(() =>
        {
            Writer.WriteAll(writer, Records(20));
            writer.Complete();
        });
        writer.Dispose();

        Assert.Equal(original, File.ReadAllText(path));
        Assert.Equal(new[] { "events.jsonl" }, Writer.FileNames(_dir.Path));
    }

    [Fact]
    public void Append_StoppedWithoutComplete_CutsTheFileBack()
    {
        string original = Line(100) + "\n";
        string path = _dir.Write("events.jsonl", original);
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = path, Append = true, ChunkBytes = 64 });
        Writer.WriteUntil(writer, 0, () => new FileInfo(path).Length > original.Length, "the append to be under way");
        writer.Dispose();

        Assert.Equal(original, File.ReadAllText(path));
    }

    [Fact]
    public void Append_WithBatchSize_NumbersNewPartsAfterTheHighest()
    {
        string folder = PathOf("out");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "part-00000.jsonl"), "a\n");
        File.WriteAllText(Path.Combine(folder, "part-00007.jsonl.gz"), "b\n");
        File.WriteAllText(Path.Combine(folder, "readme.txt"), "c\n");

        List<WrittenFile> written = Writer.Write(new JsonLinesWriterOptions { Path = folder, BatchSize = 2, Append = true }, 5);

        Assert.Equal(new[] { "part-00008.jsonl", "part-00009.jsonl", "part-00010.jsonl" }, written.Select(w => Path.GetFileName(w.Path)));
        Assert.Equal(new[] { "part-00000.jsonl", "part-00007.jsonl.gz", "part-00008.jsonl", "part-00009.jsonl", "part-00010.jsonl", "readme.txt" },
            Writer.FileNames(folder));
        Assert.Equal("a\n", File.ReadAllText(Path.Combine(folder, "part-00000.jsonl")));
        Assert.Equal(Lines(4, 1), Writer.Lines(Path.Combine(folder, "part-00010.jsonl")));
    }

    // --- replacing, -NoClobber, -Force ---

    [Fact]
    public void NoClobber_RefusesAnExistingFile_AndLeavesIt()
    {
        string path = _dir.Write("events.jsonl", "keep\n");
        Assert.Throws<TargetExistsException>(() => new JsonLinesWriter(new JsonLinesWriterOptions { Path = path, NoClobber = true }));
        Assert.Equal("keep\n", File.ReadAllText(path));
        Assert.Equal(new[] { "events.jsonl" }, Writer.FileNames(_dir.Path));

        string fresh = PathOf("fresh.jsonl");
        Writer.Write(new JsonLinesWriterOptions { Path = fresh, NoClobber = true }, 2);
        Assert.Equal(Lines(0, 2), Writer.Lines(fresh));
    }

    [Fact]
    public void NoClobber_RefusesAFolderWithParts()
    {
        string folder = PathOf("out");
        Writer.Write(new JsonLinesWriterOptions { Path = folder, BatchSize = 2 }, 3);

        var thrown = Assert.Throws<TargetExistsException>(() => new JsonLinesWriter(new JsonLinesWriterOptions { Path = folder, BatchSize = 2, NoClobber = true }));
        Assert.IsAssignableFrom<IOException>(thrown);
        Assert.Equal(new[] { "part-00000.jsonl", "part-00001.jsonl" }, Writer.FileNames(folder));

        // A folder with other files but no parts is fine.
        string other = PathOf("other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "readme.txt"), "x");
        Writer.Write(new JsonLinesWriterOptions { Path = other, BatchSize = 2, NoClobber = true }, 1);
        Assert.Equal(new[] { "part-00000.jsonl", "readme.txt" }, Writer.FileNames(other));
    }

    [Fact]
    public void ByDefault_ExistingPartsAreReplaced_AndOldOnesDeleted()
    {
        string folder = PathOf("out");
        Writer.Write(new JsonLinesWriterOptions { Path = folder, BatchSize = 1 }, 5);
        File.WriteAllText(Path.Combine(folder, "part-00009.jsonl.gz"), "old");
        File.WriteAllText(Path.Combine(folder, "readme.txt"), "keep");

        Writer.Write(new JsonLinesWriterOptions { Path = folder, BatchSize = 2 }, 3);

        Assert.Equal(new[] { "part-00000.jsonl", "part-00001.jsonl", "readme.txt" }, Writer.FileNames(folder));
        Assert.Equal(Lines(0, 2), Writer.Lines(Path.Combine(folder, "part-00000.jsonl")));
        Assert.Equal(Lines(2, 1), Writer.Lines(Path.Combine(folder, "part-00001.jsonl")));
    }

    [Fact]
    public void ByDefault_AnExistingFileIsReplaced()
    {
        string path = _dir.Write("events.jsonl", "old line one\nold line two that is long\n");
        Writer.Write(new JsonLinesWriterOptions { Path = path }, 1);
        Assert.Equal(Lines(0, 1), Writer.Lines(path));
    }

    [Fact]
    public void ReadOnlyFile_NeedsForce()
    {
        string path = _dir.Write("events.jsonl", "read-only\n");
        File.SetAttributes(path, FileAttributes.ReadOnly);
        try
        {
            Assert.Throws<UnauthorizedAccessException>(() => new JsonLinesWriter(new JsonLinesWriterOptions { Path = path }));
            Assert.Equal("read-only\n", File.ReadAllText(path));

            Writer.Write(new JsonLinesWriterOptions { Path = path, Force = true }, 2);
            Assert.Equal(Lines(0, 2), Writer.Lines(path));
        }
        finally
        {
            File.SetAttributes(path, FileAttributes.Normal);
        }
    }

    [Fact]
    public void ReadOnlyParts_NeedForce()
    {
        string folder = PathOf("out");
        Writer.Write(new JsonLinesWriterOptions { Path = folder, BatchSize = 2 }, 4);
        string part = Path.Combine(folder, "part-00001.jsonl");
        File.SetAttributes(part, FileAttributes.ReadOnly);
        try
        {
            Assert.Throws<UnauthorizedAccessException>(() => new JsonLinesWriter(new JsonLinesWriterOptions { Path = folder, BatchSize = 2 }));

            // Refused means untouched: no part is deleted, not even the writable ones before the read-only one.
            Assert.Equal(new[] { "part-00000.jsonl", "part-00001.jsonl" }, Writer.FileNames(folder));
            Assert.Equal(Lines(2, 2), Writer.Lines(part));

            Writer.Write(new JsonLinesWriterOptions { Path = folder, BatchSize = 3, Force = true }, 1);
            Assert.Equal(new[] { "part-00000.jsonl" }, Writer.FileNames(folder));
        }
        finally
        {
            if (File.Exists(part))
            {
                File.SetAttributes(part, FileAttributes.Normal);
            }
        }
    }

    [Fact]
    public void AFolder_IsNoSingleFile_AndAFile_IsNoFolderOfParts()
    {
        string folder = PathOf("folder.jsonl");
        Directory.CreateDirectory(folder);
        IOException thrown = Assert.Throws<IOException>(() => new JsonLinesWriter(new JsonLinesWriterOptions { Path = folder }));
        Assert.IsNotType<TargetExistsException>(thrown);
        Assert.Empty(Directory.GetFileSystemEntries(folder));

        string file = _dir.Write("file", "x");
        Assert.Throws<IOException>(() => new JsonLinesWriter(new JsonLinesWriterOptions { Path = file, BatchSize = 5 }));
        Assert.Equal("x", File.ReadAllText(file));
    }

    // --- gzip ---

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Compress_WritesGzip_ThatHoldsTheSameLines(int batch)
    {
        string plain = PathOf("plain"), packed = PathOf("packed");
        if (batch == 0)
        {
            plain += ".jsonl";
            packed += ".jsonl.gz";
        }

        List<WrittenFile> plainFiles = Writer.Write(new JsonLinesWriterOptions { Path = plain, BatchSize = batch }, 10);
        List<WrittenFile> packedFiles = Writer.Write(new JsonLinesWriterOptions { Path = packed, BatchSize = batch, Compress = true, ChunkBytes = 64 }, 10);

        Assert.Equal(plainFiles.Select(f => f.Records), packedFiles.Select(f => f.Records));
        if (batch > 0)
        {
            Assert.Equal(new[] { "part-00000.jsonl.gz", "part-00001.jsonl.gz", "part-00002.jsonl.gz" }, Writer.FileNames(packed));
        }

        foreach (var (p, z) in plainFiles.Zip(packedFiles))
        {
            byte[] bytes = File.ReadAllBytes(z.Path);
            Assert.Equal(new byte[] { 0x1F, 0x8B }, bytes[..2]);
            Assert.Equal(Writer.Lines(p.Path), Writer.Lines(z.Path));
        }

        Assert.Equal(Lines(0, 10), packedFiles.SelectMany(f => Writer.Lines(f.Path)));
    }

    [Fact]
    public void Compress_AppendedMembers_ReadBackWhole()
    {
        string path = PathOf("events.jsonl.gz");
        Writer.Write(new JsonLinesWriterOptions { Path = path, Compress = true }, Records(3));
        Writer.Write(new JsonLinesWriterOptions { Path = path, Compress = true, Append = true },
            Enumerable.Range(3, 4).Select(i => (object)Writer.Record(i)));

        ReadResult result = Read.File(path);

        result.AssertCountsAddUp();
        Assert.Empty(result.Skipped);
        Assert.Equal(InputFormat.JsonLines, result.Statistics.Format);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => Writer.Record(i).User), result.Records.Select(r => r.User));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), result.Records.Select(r => r.Line));
        Assert.Equal(Lines(0, 7), Writer.Lines(path));
    }

    [Fact]
    public void Compress_FailureInTheSecondBatch_LeavesNoTrace()
    {
        string folder = PathOf("out");
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions
        {
            Path = folder,
            BatchSize = 5,
            Compress = true,
            ChunkBytes = 64,
            OpenFile = Writer.FailOn(1, 30),
        });

        Assert.Throws<IOException>(() =>
        {
            Writer.WriteAll(writer, Records(12));
            writer.Complete();
        });
        writer.Dispose();

        Assert.Empty(Writer.TempFiles(folder));
        Assert.Equal(new[] { "part-00000.jsonl.gz" }, Writer.FileNames(folder));
        Assert.Equal(Lines(0, 5), Writer.Lines(Path.Combine(folder, "part-00000.jsonl.gz")));
    }
}
