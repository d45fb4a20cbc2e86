using System;
using Aggregator.Aggregation;

namespace Aggregator.Reading;

/// <summary>
/// Turns parsed records into <see cref="EventRecord"/> objects for the caller. The interned strings are shared between
/// records; the tables start afresh when they grow large, so memory stays bounded on files with endless distinct values.
/// </summary>
public sealed class EventRecordSink : IEventSink
{
    private const long MaxSymbolBytes = 64L << 20;

    private readonly Action<EventRecord> _onRecord;
    private readonly Action<SkippedRecord> _onSkipped;
    private readonly ImportStatisticsAccumulator? _statistics;

    public EventRecordSink(Action<EventRecord> onRecord, Action<SkippedRecord> onSkipped, ImportStatisticsAccumulator? statistics)
    {
        _onRecord = onRecord;
        _onSkipped = onSkipped;
        _statistics = statistics;
    }

    /// <summary>When set, only the first of each set of exact duplicates is passed on.</summary>
    public DuplicateFilter? Duplicates { get; init; }

    /// <summary>The file the next records come from.</summary>
    public string Source { get; set; } = string.Empty;

    public EventSymbols Symbols { get; private set; } = new();

    public NameUse Names => NameUse.Both;

    public void OnEvent(in ParsedEvent record)
    {
        _statistics?.AddUser(in record);
        EventRecord converted = record.ToRecord(Source);
        if (Duplicates is null || Duplicates.IsFirst(converted.User, converted.Event, converted.Status, converted.Timestamp))
        {
            _onRecord(converted);
        }
        else if (_statistics is not null)
        {
            _statistics.DuplicatesRemoved = Duplicates.Removed;
        }

        if (Symbols.ApproximateBytes > MaxSymbolBytes)
        {
            Symbols = new EventSymbols();
        }
    }

    public void OnSkipped(SkippedRecord record)
    {
        _statistics?.AddSkipped(record.Reason);
        _onSkipped(record);
    }
}
