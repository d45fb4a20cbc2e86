namespace Aggregator;

/// <summary>Run totals for an import: TotalRecords = ValidRecords + SkippedRecords.</summary>
public sealed class ImportStatistics
{
    public ImportStatistics(int files, long totalRecords, long validRecords, long skippedRecords,
        SkipReasonCounts skippedByReason, long uniqueUsers, long duplicatesRemoved = 0, FileStatisticsList? perFile = null)
    {
        PerFile = perFile ?? new FileStatisticsList(System.Array.Empty<FileImportStatistics>());
        DuplicatesRemoved = duplicatesRemoved;
        Files = files;
        TotalRecords = totalRecords;
        ValidRecords = validRecords;
        SkippedRecords = skippedRecords;
        SkippedByReason = skippedByReason;
        UniqueUsers = uniqueUsers;
    }

    /// <summary>Files read, including files that could not be opened.</summary>
    public int Files { get; }

    public long TotalRecords { get; }

    public long ValidRecords { get; }

    public long SkippedRecords { get; }

    public SkipReasonCounts SkippedByReason { get; }

    /// <summary>Valid records dropped as exact duplicates (Import-EventRecord -Unique): emitted = valid - this.</summary>
    public long DuplicatesRemoved { get; }

    /// <summary>Distinct users among the valid records.</summary>
    public long UniqueUsers { get; }

    /// <summary>Each file's own figures, in the order the files were read.</summary>
    public FileStatisticsList PerFile { get; }

    /// <summary>
    /// The distinct users (when tracked) as a compact mergeable sketch (exact up to a limit, then a HyperLogLog), so that results
    /// from several hosts merge into the distinct count of all of them (Merge-Aggregate).
    /// </summary>
    public string UserSketch { get; init; } = string.Empty;

    /// <summary>False when a merge had to estimate a figure (the distinct users past the sketch's exact limit).</summary>
    public bool IsExact { get; init; } = true;
}
