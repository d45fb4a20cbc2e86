using System;
using System.Threading;
using Aggregator.Aggregation;
using Aggregator.Reading.Parallel;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// An aggregating cmdlet's accumulator, made when first used, and the gathered files read into it by the core's
/// <see cref="ParallelAggregation"/>: each worker fills its own partial, made by the same factory, and they merge.
/// </summary>
public sealed class FileAggregate<TAccumulator> : IFileAggregate
    where TAccumulator : IRecordAccumulator, IMergeable<TAccumulator>
{
    private readonly Func<TAccumulator> _create;
    private TAccumulator? _accumulator;

    public FileAggregate(Func<TAccumulator> create) => _create = create;

    /// <summary>Everything added from the pipeline and, after the read, from the files.</summary>
    public TAccumulator Accumulator => _accumulator ??= _create();

    public bool ReadsFilesInOrder => false;

    public void ReadFiles(ParallelFileReader reader, IReadObserver observer, ImportStatisticsAccumulator statistics,
        DuplicateFilter? duplicates, CancellationToken cancellation) =>
        statistics.Merge(ParallelAggregation.ReadInto(reader, Accumulator, _create, observer, cancellation, duplicates,
            statistics.TracksUsers));
}
