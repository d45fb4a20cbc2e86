using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Aggregator.Merging;

namespace Aggregator.Store;

/// <summary>
/// An aggregation over files with a store: files stored before with the same kind and options, and unchanged since,
/// give their stored partial results; the rest are read, and their partials stored. Both go into one merger, whose
/// result equals reading every file. A file is unchanged when its size and time match, or else when its content id does.
/// </summary>
public sealed class StoredAggregation
{
    private readonly ResultStore _store;
    private readonly string _kind;
    private readonly string _options;
    private readonly List<StoredEventFile> _reused = new();
    private readonly Dictionary<string, (long Size, DateTime Modified, Task<string> ContentId)> _toRead = new(StringComparer.Ordinal);
    private readonly List<string> _toReadInOrder = new();

    /// <param name="options">The reading options that shape a result, as text: a result is reused only under the same.</param>
    public StoredAggregation(ResultStore store, ResultKind kind, string options)
    {
        _store = store;
        _kind = kind.ToString();
        _options = options;
        Merger = ResultMergers.Create(kind);
    }

    /// <summary>Every result goes here, stored and new alike.</summary>
    public IResultMerger Merger { get; }

    /// <summary>The files to read, in the order given.</summary>
    public IReadOnlyList<string> ToRead => _toReadInOrder;

    /// <summary>The files taken from the store.</summary>
    public IReadOnlyList<StoredEventFile> Reused => _reused;

    /// <summary>Sorts <paramref name="files"/> into those to reuse and those to read.</summary>
    public void Plan(IEnumerable<string> files)
    {
        Dictionary<string, StoredEventFile> known = _store.EventFiles.FindAll(_kind, _options);
        foreach (string path in files)
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                _toReadInOrder.Add(path);   // the reader reports it
                continue;
            }

            long size = info.Length;
            DateTime modified = info.LastWriteTimeUtc;
            StoredEventFile? stored = known.GetValueOrDefault(path);
            if (stored is not null && stored.Size == size && stored.ModifiedAt == modified)
            {
                _reused.Add(stored);
                continue;
            }

            string? contentId = stored is null ? null : ContentId.OfFile(path);
            if (stored is not null && contentId == stored.ContentId)
            {
                _store.EventFiles.Touch(stored, size, modified);
                _reused.Add(stored with { Size = size, ModifiedAt = modified });
                continue;
            }

            _toRead[path] = (size, modified, contentId is null ? Task.Run(() => ContentId.OfFile(path)) : Task.FromResult(contentId));
            _toReadInOrder.Add(path);
        }
    }

    /// <summary>Merges the reused files' stored results; returns their counts, for the run's statistics.</summary>
    public IReadOnlyList<FileImportStatistics> AddStoredResults()
    {
        var reused = _reused.Select(file => file.Path).ToHashSet(StringComparer.Ordinal);
        if (reused.Count > 0)
        {
            _store.EventFiles.ReadResults(_kind, _options, reused,
                (path, values) => Merger.Add(ResultProperties.FromDictionary(values, $"a stored result of '{path}'")));
        }

        return _reused.Select(file => file.ToStatistics()).ToList();
    }

    /// <summary>
    /// Merges a file's new results, and stores them unless the file failed or changed while it was read (then the next
    /// run reads it again).
    /// </summary>
    public void AddReadResults(FileImportStatistics file, IReadOnlyList<object> results)
    {
        foreach (object result in results)
        {
            Merger.TryAdd(result);
        }

        if (file.Error is not null || !_toRead.TryGetValue(file.Source, out var before))
        {
            return;
        }

        var info = new FileInfo(file.Source);
        string contentId = before.ContentId.GetAwaiter().GetResult();
        if (!info.Exists || info.Length != before.Size || info.LastWriteTimeUtc != before.Modified || contentId.Length == 0)
        {
            return;
        }

        _store.EventFiles.Save(new StoredEventFile(file.Source, _kind, _options, before.Size, before.Modified, contentId,
            file.Format, file.TotalRecords, file.ValidRecords, file.SkippedRecords), results);
    }
}
