namespace Aggregator;

/// <summary>What reading one file produced. Read = Valid + Skipped always holds.</summary>
public sealed class FileImportStatistics
{
    public FileImportStatistics(string source, InputFormat format, long totalRecords, long validRecords, long skippedRecords, long bytes)
    {
        Source = source;
        Format = format;
        TotalRecords = totalRecords;
        ValidRecords = validRecords;
        SkippedRecords = skippedRecords;
        Bytes = bytes;
    }

    public string Source { get; }

    /// <summary>The format the file was read as (detected or forced).</summary>
    public InputFormat Format { get; }

    public long TotalRecords { get; }

    public long ValidRecords { get; }

    public long SkippedRecords { get; }

    /// <summary>Size of the file on disk.</summary>
    public long Bytes { get; }

    /// <summary>Why the file could not be read to its end, or null. Records counted before the failure stay counted.</summary>
    public string? Error { get; init; }

    /// <summary>True when <see cref="Error"/> is about the file's header (a required CSV column is missing).</summary>
    public bool HeaderError { get; init; }

    public override string ToString() =>
        $"{System.IO.Path.GetFileName(Source)}: {TotalRecords} read, {ValidRecords} valid, {SkippedRecords} skipped";
}
