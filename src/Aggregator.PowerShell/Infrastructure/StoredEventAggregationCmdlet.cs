using System;
using System.Collections.Generic;
using System.Management.Automation;
using Aggregator.Aggregation;
using Aggregator.Merging;
using Aggregator.Reading;
using Aggregator.Store;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// An aggregating cmdlet whose per-file results can live in a results store (-Store): files read before with the same
/// options, and unchanged since, give their stored results; the others are read, one accumulator per file, and stored.
/// Everything merges with the result mergers behind Merge-Aggregate, which equals reading every file.
/// </summary>
public abstract class StoredEventAggregationCmdlet<TAccumulator> : EventAggregationCmdlet<TAccumulator>
    where TAccumulator : IEventAccumulator, IMergeable<TAccumulator>
{
    private Action<FileImportStatistics>? _onFileCompleted;

    /// <summary>A results store that keeps each file's result, so that a later run reads only new or changed files.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? Store { get; set; }

    /// <summary>The kind of result stored and merged.</summary>
    protected abstract ResultKind StoreKind { get; }

    /// <summary>One file's results, as stored and merged.</summary>
    protected abstract IReadOnlyList<object> ResultsOf(TAccumulator accumulator);

    protected override void EndProcessing()
    {
        if (Store is null)
        {
            base.EndProcessing();
            return;
        }

        if (Duplicates is not null)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException(
                "-Store keeps each file's result apart, so it cannot drop duplicates across files: leave out -Unique."),
                "StoreWithUnique", ErrorCategory.InvalidArgument, null));
        }

        ResultStore store = StoreArgument.Open(this, Store);
        try
        {
            var stored = new StoredAggregation(store, StoreKind, StoreOptionsKey.Of(MyInvocation.BoundParameters));
            stored.Plan(GatheredFiles);
            foreach (FileImportStatistics file in stored.AddStoredResults())
            {
                Statistics.AddFile(file);
                WriteVerbose($"{file.Source}: unchanged; its result comes from the store.");
            }

            var perFile = new TAccumulator?[stored.ToRead.Count];
            int completed = 0;
            _onFileCompleted = file =>
            {
                TAccumulator? accumulator = perFile[completed];
                perFile[completed++] = default;   // its result is stored; let only the next file's memory be held
                stored.AddReadResults(file, accumulator is null ? Array.Empty<object>() : ResultsOf(accumulator));
            };
            ReadEachFile(stored.ToRead, index =>
            {
                TAccumulator accumulator = CreateAccumulator();
                perFile[index] = accumulator;
                return new AccumulatingSink(accumulator, _ => { }, statistics: null);
            });
            FinishReading();
            if (!stored.Merger.IsExact)
            {
                WriteWarning($"The merged result is not exact: {stored.Merger.Inexact}");
            }

            WriteEach(stored.Merger.GetMergedResults(Cancellation));
        }
        catch (StoreException ex)
        {
            ThrowTerminatingError(StoreArgument.ErrorOf(ex, store.Path));
        }
        finally
        {
            store.ReleaseConnections();
        }
    }

    protected override void OnFileCompleted(FileImportStatistics file) => _onFileCompleted?.Invoke(file);
}
