using System;

namespace Aggregator.Store;

/// <summary>
/// An event file whose partial result a store keeps: which file, read how (the result kind and the reading options),
/// what it looked like then (size, time and content id), and its counts.
/// </summary>
public sealed record StoredEventFile(string Path, string Kind, string Options, long Size, DateTime ModifiedAt,
    string ContentId, InputFormat Format, long Read, long Valid, long Skipped)
{
    public FileImportStatistics ToStatistics() => new(Path, Format, Read, Valid, Skipped, Size);
}
