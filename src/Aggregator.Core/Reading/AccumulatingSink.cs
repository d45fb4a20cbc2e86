using System;
using System.Runtime.CompilerServices;
using Aggregator.Aggregation;

namespace Aggregator.Reading;

/// <summary>Feeds valid records to an accumulator and hands skipped ones to the caller, counting both for statistics.</summary>
public sealed class AccumulatingSink : IEventSink
{
    private readonly IEventAccumulator _accumulator;
    private readonly Action<SkippedRecord> _onSkipped;
    private readonly ImportStatisticsAccumulator? _statistics;

    public AccumulatingSink(IEventAccumulator accumulator, Action<SkippedRecord> onSkipped, ImportStatisticsAccumulator? statistics)
    {
        _accumulator = accumulator;
        _onSkipped = onSkipped;
        _statistics = statistics;
    }

    public EventSymbols Symbols => _accumulator.Symbols;

    private DuplicateFilter.NameMap? _duplicateNames;

    /// <summary>When set, only the first of each set of exact duplicates reaches the accumulator.</summary>
    public DuplicateFilter? Duplicates
    {
        get => _duplicates;
        init
        {
            _duplicates = value;
            _duplicateNames = value?.CreateNameMap();
        }
    }

    private readonly DuplicateFilter? _duplicates;

    public NameUse Names => _accumulator.Names | (_statistics is { TracksUsers: true } ? NameUse.User : NameUse.None)
        | (Duplicates?.Names ?? NameUse.None);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnEvent(in ParsedEvent record)
    {
        _statistics?.AddUser(in record);
        if (_duplicates is null || _duplicates.IsFirst(in record, _duplicateNames!))
        {
            _accumulator.Add(in record);
        }
    }

    public void OnSkipped(SkippedRecord record)
    {
        _statistics?.AddSkipped(record.Reason);
        _onSkipped(record);
    }
}
