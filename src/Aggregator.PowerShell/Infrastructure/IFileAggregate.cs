using Aggregator.Aggregation;
using Aggregator.Reading.Parallel;
using System.Threading;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// What an aggregating cmdlet reads its gathered files into (<see cref="FileReadingCmdlet.Aggregate"/>): given, the
/// cmdlet gathers files and reads them together at the end, with every processor by default.
/// </summary>
public interface IFileAggregate
{
    /// <summary>Whether the reader must report the files in the order given (one result per file).</summary>
    bool ReadsFilesInOrder { get; }

    /// <summary>Reads the reader's files; counts kept by the workers go to <paramref name="statistics"/>.</summary>
    void ReadFiles(ParallelFileReader reader, IReadObserver observer, ImportStatisticsAccumulator statistics,
        DuplicateFilter? duplicates, CancellationToken cancellation);
}
