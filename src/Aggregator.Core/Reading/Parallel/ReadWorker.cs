using System;

namespace Aggregator.Reading.Parallel;

/// <summary>One worker's own state: its sink for aggregation, or its intern tables for record mode.</summary>
internal sealed class ReadWorker
{
    private const long MaxSymbolBytes = 64L << 20;

    public ReadWorker(int index, IEventSink? sink)
    {
        Index = index;
        Sink = sink;
    }

    public int Index { get; }

    /// <summary>The worker's aggregation sink, or null in record mode.</summary>
    public IEventSink? Sink { get; }

    /// <summary>
    /// Interned strings shared by the records this worker makes; started afresh when large, so memory stays bounded
    /// on files with endless distinct values.
    /// </summary>
    public EventSymbols RecordSymbols { get; private set; } = new();

    /// <summary>Bytes of the current part already counted in the run's progress.</summary>
    public long ReportedBytes { get; set; }

    public void AfterRecordConverted()
    {
        if (RecordSymbols.ApproximateBytes > MaxSymbolBytes)
        {
            RecordSymbols = new EventSymbols();
        }
    }
}
