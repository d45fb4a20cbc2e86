using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Aggregator.Sketches;

namespace Aggregator.Merging;

/// <summary>
/// Run totals from several runs: file and record counts and skip reasons add, the per-file lists join, and the distinct
/// users come from merging each result's UserSketch (when the runs tracked users). Duplicates were removed within each
/// run: a record repeated on two hosts is counted on both.
/// </summary>
public sealed class ImportStatisticsMerger : ResultMerger<ImportStatisticsMerger, ImportStatistics>
{
    private readonly List<FileImportStatistics> _files = new();
    private readonly SkipReasonCounts _byReason = new();
    private readonly DistinctCounter _users = new();
    private ImportStatistics? _only;
    private int _fileCount;
    private long _total, _valid, _skipped, _duplicates;
    private bool _tracked, _untracked;

    public override ResultKind Kind => ResultKind.ImportStatistics;

    public override ImportStatistics Read(ResultProperties properties)
    {
        var byReason = new SkipReasonCounts();
        foreach (var (reason, count) in properties.Counts("SkippedByReason"))
        {
            byReason[reason] = count;
        }

        var files = new List<FileImportStatistics>();
        foreach (ResultProperties file in properties.Nested("PerFile"))
        {
            files.Add(ReadFile(file));
        }

        return new ImportStatistics((int)properties.Long("Files"), properties.Long("TotalRecords"), properties.Long("ValidRecords"),
            properties.Long("SkippedRecords"), byReason, properties.Long("UniqueUsers"), properties.Long("DuplicatesRemoved", required: false),
            new FileStatisticsList(files))
        {
            UserSketch = properties.Text("UserSketch", required: false),
            IsExact = !properties.Has("IsExact") || properties.Boolean("IsExact"),
        };
    }

    /// <summary>One file's figures from its properties (a deserialized PerFile entry).</summary>
    public static FileImportStatistics ReadFile(ResultProperties file) =>
        new(file.Text("Source"), file.Enum<InputFormat>("Format"), file.Long("TotalRecords"), file.Long("ValidRecords"),
            file.Long("SkippedRecords"), file.Long("Bytes", required: false))
        {
            Error = file.OptionalText("Error") is { Length: > 0 } error ? error : null,
            HeaderError = file.Has("HeaderError") && file.Boolean("HeaderError"),
        };

    protected override void AddResult(ImportStatistics result)
    {
        _only = Added == 0 ? result : null;   // Added counts the results before this one
        _fileCount += result.Files;
        _total += result.TotalRecords;
        _valid += result.ValidRecords;
        _skipped += result.SkippedRecords;
        _duplicates += result.DuplicatesRemoved;
        _files.AddRange(result.PerFile);
        foreach (var (reason, count) in result.SkippedByReason)
        {
            _byReason[reason] = _byReason.GetValueOrDefault(reason) + count;
        }

        if (!result.IsExact)
        {
            MarkInexact("A merged result was itself an estimate.");
        }

        if (result.UserSketch.Length == 0)
        {
            _untracked = true;
        }
        else
        {
            _tracked = true;
            _users.Merge(DistinctCounter.FromState(result.UserSketch));
        }
    }

    public override IReadOnlyList<ImportStatistics> GetResults(CancellationToken cancellation = default)
    {
        if (Added == 0)
        {
            return Array.Empty<ImportStatistics>();
        }

        if (_only is not null)
        {
            return new[] { _only };
        }

        if (_tracked && _untracked)
        {
            MarkInexact("Some runs did not track users (-StatisticsVariable tracks them): UniqueUsers counts only the runs that did.");
        }
        else if (_tracked && !_users.IsExact)
        {
            MarkInexact($"More than {DistinctCounter.ExactLimit} distinct users: UniqueUsers is a HyperLogLog estimate.");
        }

        return new[]
        {
            new ImportStatistics(_fileCount, _total, _valid, _skipped, _byReason, _tracked ? _users.Count : 0, _duplicates,
                new FileStatisticsList(_files.OrderBy(file => file.Source, StringComparer.Ordinal)))
            {
                UserSketch = _tracked ? _users.ToState() : string.Empty,
                IsExact = IsExact,
            },
        };
    }
}
