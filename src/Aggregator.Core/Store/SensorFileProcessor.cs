using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Aggregator.Reading;
using Aggregator.Sensors;

namespace Aggregator.Store;

/// <summary>Reads one sensor file into its result and per-sensor figures, as <see cref="SensorFileReading"/> reads many for Measure-SensorReading.</summary>
public static class SensorFileProcessor
{
    /// <param name="path">The file to read (for a stored file, its object).</param>
    /// <param name="source">The name the result and its errors show, and a file without a sensor column is named after.</param>
    /// <param name="fileId">The file's content id.</param>
    public static (SensorFileSummary Summary, IReadOnlyList<SensorSummary> Sensors) Process(string path, string source,
        string fileId, EventReadOptions options, CancellationToken cancellation)
    {
        var tracker = new SensorFileTracker(source, fileId);
        IEventSink sink = tracker.CreateSink();
        FileImportStatistics read;
        try
        {
            using FileStream file = EventFileReader.OpenInput(path);
            read = EventFileReader.ReadStream(file, source, options, sink, cancellation);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            read = new FileImportStatistics(source, options.Format, 0, 0, 0, 0) { Error = ex.Message };
        }

        cancellation.ThrowIfCancellationRequested();
        return (tracker.Complete(read.Error), tracker.Readings.GetResults());
    }
}
