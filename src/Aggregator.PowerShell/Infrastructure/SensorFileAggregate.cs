using System;
using System.Threading;
using Aggregator.Aggregation;
using Aggregator.Reading.Parallel;
using Aggregator.Sensors;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Measure-SensorReading's files: the core's <see cref="SensorFileReading"/> hands over one summary per file, in
/// order, and keeps the per-sensor figures of them all for -BySensor.
/// </summary>
public sealed class SensorFileAggregate : IFileAggregate
{
    private readonly Action<SensorFileSummary> _onFile;

    public SensorFileAggregate(Action<SensorFileSummary> onFile) => _onFile = onFile;

    /// <summary>The per-sensor figures of every file read.</summary>
    public SensorAccumulator BySensor { get; private set; } = new();

    public bool ReadsFilesInOrder => true;

    // Sensor files have no users or duplicates; their counts reach the statistics as each file is finished.
    public void ReadFiles(ParallelFileReader reader, IReadObserver observer, ImportStatisticsAccumulator statistics,
        DuplicateFilter? duplicates, CancellationToken cancellation) =>
        BySensor = SensorFileReading.Read(reader, observer, _onFile, cancellation);
}
