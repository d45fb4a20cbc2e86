using System;
using System.Collections.Generic;
using System.Threading;
using Aggregator.Summaries;

namespace Aggregator.Merging;

/// <summary>
/// General summaries from several runs (Measure-Record): each group's State holds its whole state, so groups of
/// the same key and bin merge through the accumulator's own merge. Exact where every part is exact; otherwise within
/// each estimator's bound, and each merged group says which it is.
/// </summary>
public sealed class RecordSummaryMerger : ResultMerger<RecordSummaryMerger, RecordSummary>
{
    private RecordSummaryAccumulator? _accumulator;

    public override ResultKind Kind => ResultKind.RecordSummary;

    public override RecordSummary Read(ResultProperties properties)
    {
        string state = properties.Text("State");
        try
        {
            return RecordSummary.FromState(state);
        }
        catch (FormatException ex)
        {
            throw properties.Malformed("State", ex.Message.TrimEnd('.'));
        }
    }

    protected override void AddResult(RecordSummary result)
    {
        _accumulator ??= new RecordSummaryAccumulator(result.Spec);
        _accumulator.Add(result);
    }

    public override void Merge(RecordSummaryMerger other)
    {
        MergeCommon(other);
        if (other._accumulator is null)
        {
            return;
        }

        _accumulator ??= new RecordSummaryAccumulator(other._accumulator.Spec);
        _accumulator.Merge(other._accumulator);
    }

    public override IReadOnlyList<RecordSummary> GetResults(CancellationToken cancellation = default)
    {
        IReadOnlyList<RecordSummary> results = _accumulator?.GetResults(cancellation) ?? Array.Empty<RecordSummary>();
        foreach (RecordSummary result in results)
        {
            if (!result.IsExact)
            {
                MarkInexact("A distinct count, percentile or top list is an estimate (see docs/estimators.md).");
                break;
            }
        }

        return results;
    }
}
