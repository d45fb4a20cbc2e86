using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Aggregator.Reading;
using Aggregator.Sketches;

namespace Aggregator.Aggregation;

/// <summary>Run totals across files: counts from each file, skip reasons, and distinct users of valid records.</summary>
public sealed class ImportStatisticsAccumulator : IResultAccumulator<ImportStatisticsAccumulator, ImportStatistics>
{
    private readonly List<FileImportStatistics> _files = new();
    private readonly SkipReasonCounts _byReason = new();
    private readonly HashSet<string> _users = new();
    private long _total;
    private long _valid;
    private long _skipped;

    // Users are added to the set once per id of the current symbol table, not once per record.
    private EventSymbols? _seenSymbols;
    private BitArray _seenIds = new(0);

    /// <summary>Whether valid records' users are collected for <see cref="ImportStatistics.UniqueUsers"/>.</summary>
    public bool TracksUsers { get; init; } = true;

    public IReadOnlyList<FileImportStatistics> Files => _files;

    public void AddFile(FileImportStatistics file)
    {
        _files.Add(file);
        _total += file.TotalRecords;
        _valid += file.ValidRecords;
        _skipped += file.SkippedRecords;
    }

    public void AddSkipped(SkipReason reason) => _byReason.Add(reason, 1);

    /// <summary>Valid records that were dropped as duplicates.</summary>
    public long DuplicatesRemoved { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddUser(in ParsedEvent record)
    {
        if (!TracksUsers)
        {
            return;
        }

        if (!ReferenceEquals(record.Symbols, _seenSymbols))
        {
            _seenSymbols = record.Symbols;
            _seenIds = new BitArray(256);
        }

        int id = record.UserId;
        if (id < 0)
        {
            return;   // a record without a user (a general summary's)
        }

        if (id >= _seenIds.Length)
        {
            _seenIds.Length = System.Math.Max(_seenIds.Length * 2, id + 1);
        }

        if (!_seenIds[id])
        {
            _seenIds[id] = true;
            _users.Add(record.User);
        }
    }

    /// <summary>Adds a user by name, for records that come as objects rather than from a reader.</summary>
    public void AddUser(string user)
    {
        if (TracksUsers)
        {
            _users.Add(user);
        }
    }

    public void Merge(ImportStatisticsAccumulator other)
    {
        foreach (FileImportStatistics file in other._files)
        {
            AddFile(file);
        }

        foreach (var (reason, count) in other._byReason)
        {
            _byReason[reason] = _byReason.GetValueOrDefault(reason) + count;
        }

        _users.UnionWith(other._users);
        DuplicatesRemoved += other.DuplicatesRemoved;
    }

    /// <summary>The one ImportStatistics of the run, files in the order they were read.</summary>
    public IReadOnlyList<ImportStatistics> GetResults(CancellationToken cancellation = default) => new[] { GetResult() };

    /// <param name="fileOrder">
    /// The files in the order they were given; workers finish them in any order, and PerFile lists them in this one.
    /// </param>
    public ImportStatistics GetResult(IReadOnlyList<string>? fileOrder = null)
    {
        List<FileImportStatistics> files = _files;
        if (fileOrder is { Count: > 1 })
        {
            var position = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < fileOrder.Count; i++)
            {
                position.TryAdd(fileOrder[i], i);
            }

            files = _files.OrderBy(file => position.GetValueOrDefault(file.Source, int.MaxValue)).ToList();   // stable
        }

        var byReason = new SkipReasonCounts();
        foreach (var (reason, count) in _byReason)
        {
            byReason[reason] = count;
        }

        return new ImportStatistics(files.Count, _total, _valid, _skipped, byReason, _users.Count, DuplicatesRemoved,
            new FileStatisticsList(files))
        {
            UserSketch = TracksUsers ? DistinctCounter.Of(_users).ToState() : string.Empty,
        };
    }
}
