using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Aggregator.Aggregation;

namespace Aggregator.Merging;

/// <summary>The common part of a merger: a result arrives live or as properties, and each kind says how it reads and adds.</summary>
public abstract class ResultMerger<TSelf, TResult> : IResultMerger, IResultAccumulator<TSelf, TResult>
    where TSelf : ResultMerger<TSelf, TResult>
    where TResult : class
{
    public abstract ResultKind Kind { get; }

    public long Added { get; private set; }

    public bool IsExact => Inexact is null;

    public string? Inexact { get; protected set; }

    /// <summary>Adds a result; one that cannot merge (an ArgumentException) is not counted.</summary>
    public void Add(TResult result)
    {
        AddResult(result);
        Added++;
    }

    public bool TryAdd(object result)
    {
        if (result is not TResult typed)
        {
            return false;
        }

        Add(typed);
        return true;
    }

    public void Add(ResultProperties properties) => Add(Read(properties));

    /// <summary>Rebuilds a result from its properties.</summary>
    public abstract TResult Read(ResultProperties properties);

    protected abstract void AddResult(TResult result);

    /// <summary>Takes in another merger: by default its merged results, each as one more partial result.</summary>
    public virtual void Merge(TSelf other)
    {
        MergeCommon(other);
        foreach (TResult merged in other.GetResults())
        {
            AddResult(merged);
        }
    }

    public abstract IReadOnlyList<TResult> GetResults(CancellationToken cancellation = default);

    IReadOnlyList<object> IResultMerger.GetMergedResults(CancellationToken cancellation) => GetResults(cancellation).Cast<object>().ToList();

    /// <summary>Keeps the first reason a figure is inexact.</summary>
    protected void MarkInexact(string reason) => Inexact ??= reason;

    protected void MergeCommon(TSelf other)
    {
        Added += other.Added;
        if (other.Inexact is not null)
        {
            MarkInexact(other.Inexact);
        }
    }
}
