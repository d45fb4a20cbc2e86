using System.IO.Compression;
using System.Text;
using Aggregator.Writing;

namespace Aggregator.Core.Tests;

/// <summary>A file stream that fails with an IOException once a given number of bytes has been written through it.</summary>
internal sealed class FailingStream : Stream
{
    private readonly Stream _inner;
    private readonly long _failAfter;
    private long _written;

    public FailingStream(Stream inner, long failAfter)
    {
        _inner = inner;
        _failAfter = failAfter;
    }

    public const string Message = "Injected failure: the disk is full.";

    public override bool CanRead => false;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => true;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        long room = _failAfter - _written;
        if (buffer.Length > room)
        {
            // Part of the data reaches the disk before the failure, as a real short write would leave it.
            _inner.Write(buffer.Slice(0, (int)Math.Max(room, 0)));
            _written = _failAfter;
            throw new IOException(Message);
        }

        _inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => _inner.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

internal static class Writer
{
    /// <summary>Opens files as JsonLinesWriterOptions does by default.</summary>
    public static Stream OpenReal(string path, FileMode mode) =>
        new FileStream(path, mode, FileAccess.Write, FileShare.None, bufferSize: 1);

    /// <summary>An OpenFile that makes the <paramref name="failingOpen"/>-th file opened (0-based) fail after <paramref name="failAfter"/> bytes.</summary>
    public static Func<string, FileMode, Stream> FailOn(int failingOpen, long failAfter)
    {
        int opened = -1;
        return (path, mode) =>
        {
            Stream real = OpenReal(path, mode);
            return Interlocked.Increment(ref opened) == failingOpen ? new FailingStream(real, failAfter) : real;
        };
    }

    public static EventRecord Record(int i, string? user = null) =>
        new(user ?? $"user{i:D4}", i % 4 == 0 ? "logout" : "login", (EventStatus)(i % 3),
            i % 5 == 0 ? null : Utc.At(2024, 7, 10, 11, 45).AddSeconds(i), "events.jsonl", i + 1);

    /// <summary>
    /// Writes each record: serialized here through RecordJsonWriter into <see cref="JsonLinesWriter.Json"/> and ended, or
    /// with <paramref name="fast"/> handed to the writer thread whole (<see cref="JsonLinesWriter.TryWrite"/>).
    /// </summary>
    public static void WriteAll(JsonLinesWriter writer, IEnumerable<object> records, bool fast = false)
    {
        foreach (object record in records)
        {
            if (fast)
            {
                Assert.True(writer.TryWrite(record, depth: 2));
                continue;
            }

            Assert.True(RecordJsonWriter.TryWrite(writer.Json, record, depth: 2));
            writer.EndRecord();
        }
    }

    /// <summary>Writes the records and completes; returns the files written, in the order they completed.</summary>
    public static List<WrittenFile> Write(JsonLinesWriterOptions options, IEnumerable<object> records, bool fast = false)
    {
        using var writer = new JsonLinesWriter(options);
        WriteAll(writer, records, fast);
        writer.Complete();
        return writer.TakeCompleted().ToList();
    }

    public static List<WrittenFile> Write(JsonLinesWriterOptions options, int count, bool fast = false) =>
        Write(options, Enumerable.Range(0, count).Select(i => (object)Record(i)), fast);

    /// <summary>
    /// Keeps writing Record(next), Record(next + 1), … until <paramref name="condition"/> holds (the writer thread works
    /// behind the caller, and records reach it in batches); returns the number of the next record.
    /// </summary>
    public static int WriteUntil(JsonLinesWriter writer, int next, Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            for (int wait = 0; wait < 25; wait++)
            {
                if (condition())
                {
                    return next;
                }

                Thread.Sleep(2);
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10) && next < 1_000_000, $"timed out waiting for {what}");
            WriteAll(writer, Enumerable.Range(next, 256).Select(i => (object)Record(i)));
            next += 256;
        }
    }

    /// <summary>The file's lines, gunzipped when it starts with the gzip magic.</summary>
    public static string[] Lines(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            bytes = plain.ToArray();
        }

        string text = Encoding.UTF8.GetString(bytes);
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "every line ends with a line break");
        return text.Length == 0 ? Array.Empty<string>() : text[..^1].Split('\n');
    }

    /// <summary>Files the writer left behind under a temporary name.</summary>
    public static string[] TempFiles(string folder) =>
        Directory.GetFiles(folder).Select(Path.GetFileName).Where(n => n!.StartsWith('.') && n.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(n => n!).ToArray();

    public static string[] FileNames(string folder) =>
        Directory.GetFiles(folder).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray();
}
