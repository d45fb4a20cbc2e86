using System;
using System.Collections.Generic;
using System.Threading;
using Aggregator.Aggregation;

namespace Aggregator.Reading.Parallel;

/// <summary>
/// The one way files become an aggregate: each worker of a <see cref="ParallelFileReader"/> fills its own partial
/// accumulator and statistics, and once every worker has stopped the partials merge into the target, with the same
/// Merge that combines stored and remote partial results.
/// </summary>
public static class ParallelAggregation
{
    /// <summary>Reads the reader's files into <paramref name="target"/> and returns the merged statistics of the read.</summary>
    /// <param name="create">Makes the partial accumulator of each further worker (the first fills the target).</param>
    /// <param name="duplicates">The filter that keeps only the first of exact duplicates, shared by every worker; or null.</param>
    /// <param name="tracksUsers">Whether the statistics collect the distinct users of valid records.</param>
    public static ImportStatisticsAccumulator ReadInto<TAccumulator>(ParallelFileReader reader, TAccumulator target,
        Func<TAccumulator> create, IReadObserver observer, CancellationToken cancellation,
        DuplicateFilter? duplicates = null, bool tracksUsers = false)
        where TAccumulator : IRecordAccumulator, IMergeable<TAccumulator>
    {
        var partials = new List<(TAccumulator Accumulator, ImportStatisticsAccumulator Statistics)>();
        reader.Run(worker =>
        {
            var partial = (worker == 0 ? target : create(), new ImportStatisticsAccumulator { TracksUsers = tracksUsers });
            lock (partials)
            {
                partials.Add(partial);
            }

            return new AccumulatingSink(partial.Item1, _ => { }, partial.Item2)
            {
                Duplicates = duplicates,
                OwnsDuplicates = reader.Workers == 1,
            };
        }, observer, cancellation);

        var statistics = new ImportStatisticsAccumulator { TracksUsers = tracksUsers };
        foreach (var (partial, partStatistics) in partials)
        {
            if (!ReferenceEquals(partial, target))
            {
                TakeIn(target, partial);
            }

            statistics.Merge(partStatistics);
        }

        return statistics;
    }

    // The worker has stopped, so an accumulator that can take its partial over does; the others merge it.
    private static void TakeIn<TAccumulator>(TAccumulator target, TAccumulator partial)
        where TAccumulator : IMergeable<TAccumulator>
    {
        if (target is IAbsorbing<TAccumulator> absorbing)
        {
            absorbing.Absorb(partial);
        }
        else
        {
            target.Merge(partial);
        }
    }
}
