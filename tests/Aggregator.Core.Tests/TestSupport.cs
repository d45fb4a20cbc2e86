using System.IO.Compression;
using System.Text;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>An <see cref="IEventSink"/> that keeps every valid record (as an EventRecord) and every skipped one.</summary>
internal sealed class CollectingSink : IEventSink
{
    private readonly string _source;

    public CollectingSink(string source)
    {
        _source = source;
    }

    public EventSymbols Symbols { get; } = new();

    public NameUse Names => NameUse.Both;

    public List<EventRecord> Records { get; } = new();

    public List<SkippedRecord> Skipped { get; } = new();

    public void OnEvent(in ParsedEvent record) => Records.Add(record.ToRecord(_source));

    public void OnSkipped(SkippedRecord record) => Skipped.Add(record);
}

/// <summary>What reading one input produced.</summary>
internal sealed record ReadResult(List<EventRecord> Records, List<SkippedRecord> Skipped, FileImportStatistics Statistics)
{
    public EventRecord Single => Assert.Single(Records);

    public SkippedRecord SingleSkip => Assert.Single(Skipped);

    /// <summary>The counts the reader returns agree with what reached the sink, and add up.</summary>
    public void AssertCountsAddUp()
    {
        Assert.Equal(Records.Count, Statistics.ValidRecords);
        Assert.Equal(Skipped.Count, Statistics.SkippedRecords);
        Assert.Equal(Statistics.ValidRecords + Statistics.SkippedRecords, Statistics.TotalRecords);
        Assert.Null(Statistics.Error);
    }
}

internal static class Read
{
    public static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Reads text encoded as UTF-8 without a byte order mark.</summary>
    public static ReadResult Text(string text, string name = "events.json", EventReadOptions? options = null) =>
        Bytes(Utf8NoBom.GetBytes(text), name, options);

    public static ReadResult Bytes(byte[] bytes, string name = "events.json", EventReadOptions? options = null)
    {
        var sink = new CollectingSink(name);
        using var stream = new MemoryStream(bytes);
        FileImportStatistics statistics = EventFileReader.ReadStream(stream, name, options ?? EventReadOptions.Default, sink);
        return new ReadResult(sink.Records, sink.Skipped, statistics);
    }

    public static ReadResult File(string path, EventReadOptions? options = null)
    {
        var sink = new CollectingSink(path);
        FileImportStatistics statistics = EventFileReader.ReadFile(path, options ?? EventReadOptions.Default, sink);
        return new ReadResult(sink.Records, sink.Skipped, statistics);
    }

    public static EventReadOptions Format(InputFormat format) => new() { Format = format };

    /// <summary>Text with a byte order mark, as Notepad or PowerShell's Out-File would write it.</summary>
    public static byte[] WithBom(string text, Encoding encoding) =>
        encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}

/// <summary>A fresh folder under the temp path, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aggregator-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, byte[] content)
    {
        string path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string name, string content) => Write(name, Read.Utf8NoBom.GetBytes(content));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}

internal static class Utc
{
    public static DateTime At(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);
}
