using System;
using System.IO;

namespace Aggregator.Writing;

/// <summary>Where and how <see cref="JsonLinesWriter"/> writes.</summary>
public sealed class JsonLinesWriterOptions
{
    /// <summary>The file to write, or with <see cref="BatchSize"/> the folder that holds the part files.</summary>
    public required string Path { get; init; }

    /// <summary>Records per part file (part-00000.jsonl, part-00001.jsonl, …); 0 writes the single file <see cref="Path"/>.</summary>
    public long BatchSize { get; init; }

    /// <summary>Gzip each file (part names end in .jsonl.gz).</summary>
    public bool Compress { get; init; }

    /// <summary>Add to the end of the single file, or number new part files after the folder's last one.</summary>
    public bool Append { get; init; }

    /// <summary>Never replace an existing file.</summary>
    public bool NoClobber { get; init; }

    /// <summary>Replace read-only files too.</summary>
    public bool Force { get; init; }

    /// <summary>Bytes the writer thread gathers before each write to the file.</summary>
    public int ChunkBytes { get; init; } = 1 << 20;

    /// <summary>Batches of up to 1,024 records the writer thread may fall behind by before the producer waits.</summary>
    public int QueuedBatches { get; init; } = 8;

    /// <summary>Opens a file for writing; tests replace it to inject failures.</summary>
    public Func<string, FileMode, Stream> OpenFile { get; init; } = (path, mode) =>
        new FileStream(path, mode, FileAccess.Write, FileShare.None, bufferSize: 1);
}
