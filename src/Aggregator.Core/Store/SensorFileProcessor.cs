using System.Collections.Generic;
using System.Threading;
using Aggregator.Reading;
using Aggregator.Sensors;

namespace Aggregator.Store;

/// <summary>Reads one sensor file into its result and per-sensor figures, the same way Measure-SensorReading does.</summary>
public static class SensorFileProcessor
{
    /// <param name="path">The file to read (for a stored file, its object).</param>
    /// <param name="source">The name the result shows.</param>
    /// <param name="fileId">The file's content id.</param>
    public static (SensorFileSummary Summary, IReadOnlyList<SensorSummary> Sensors) Process(string path, string source,
        string fileId, EventReadOptions options, CancellationToken cancellation)
    {
        var tracker = new SensorFileTracker(source, fileId);
        var sink = new AccumulatingSink(tracker.Readings, tracker.AddError, statistics: null);
        FileImportStatistics read = EventFileReader.ReadFile(path, options, sink, cancellation);
        cancellation.ThrowIfCancellationRequested();
        return (tracker.Complete(read.Error), tracker.Readings.GetResults());
    }
}
