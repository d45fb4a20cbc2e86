using System;
using System.Runtime.CompilerServices;
using Aggregator.Aggregation;
using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>Feeds valid records to an accumulator and hands skipped ones to the caller, counting both for statistics.</summary>
public sealed class AccumulatingSink : IEventSink
{
    private readonly IRecordAccumulator _accumulator;
    private readonly Action<SkippedRecord> _onSkipped;
    private readonly ImportStatisticsAccumulator? _statistics;
    private readonly DuplicateFilter? _duplicates;
    private readonly DuplicateFilter.NameMap? _duplicateNames;

    // An accumulator's tables must hold only the names of records it was given. A dropped duplicate has the names of the
    // record it repeats in every field of the key, but may carry a new name in a field outside it, and the record it
    // repeats may have gone to another sink of the same filter. Unless neither can happen, records are read into the
    // sink's own tables and kept ones translated.
    private EventSymbols? _readSymbols;
    private bool _ownsDuplicates;
    private int[] _userIds = Array.Empty<int>();
    private int[] _eventIds = Array.Empty<int>();

    public AccumulatingSink(IRecordAccumulator accumulator, Action<SkippedRecord> onSkipped, ImportStatisticsAccumulator? statistics)
    {
        _accumulator = accumulator;
        _onSkipped = onSkipped;
        _statistics = statistics;
    }

    /// <summary>When set, only the first of each set of exact duplicates reaches the accumulator.</summary>
    public DuplicateFilter? Duplicates
    {
        get => _duplicates;
        init
        {
            _duplicates = value;
            _duplicateNames = value?.CreateNameMap();
            ChooseTables();
        }
    }

    /// <summary>
    /// Set when <see cref="Duplicates"/> serves this sink alone (one reader): then every dropped record repeats one this
    /// sink kept, and with a key that covers the names the accumulator keeps, records are read straight into its tables.
    /// </summary>
    public bool OwnsDuplicates
    {
        get => _ownsDuplicates;
        init
        {
            _ownsDuplicates = value;
            ChooseTables();
        }
    }

    public EventSymbols Symbols => _readSymbols ?? _accumulator.Symbols;

    public NameUse Names => _accumulator.Names | (_statistics is { TracksUsers: true } ? NameUse.User : NameUse.None)
        | (_duplicates?.Names ?? NameUse.None);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnEvent(in ParsedEvent record)
    {
        _statistics?.AddUser(in record);
        if (_duplicates is not null && !_duplicates.IsFirst(in record, _duplicateNames!))
        {
            return;
        }

        if (_readSymbols is null)
        {
            _accumulator.Add(in record);
            return;
        }

        EventSymbols target = _accumulator.Symbols;
        NameUse uses = _accumulator.Names;
        int user = (uses & NameUse.User) != 0 ? Translate(ref _userIds, record.UserId, record.Symbols.Users, target.Users) : -1;
        int @event = (uses & NameUse.Event) != 0 ? Translate(ref _eventIds, record.EventId, record.Symbols.Events, target.Events) : -1;
        _accumulator.Add(new ParsedEvent(target, user, @event, record.Status, record.TimestampTicks, record.Line, record.Value));
    }

    private void ChooseTables() =>
        _readSymbols = _duplicates is not null && (!_ownsDuplicates || (_accumulator.Names & ~_duplicates.Names) != NameUse.None)
            ? new EventSymbols()
            : null;

    public void OnSkipped(SkippedRecord record)
    {
        _statistics?.AddSkipped(record.Reason);
        _onSkipped(record);
    }

    // The accumulator's id for a name of the sink's own tables, interned there the first time it is kept.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Translate(ref int[] ids, int id, SymbolTable from, SymbolTable to) =>
        IdMap.TryGet(ids, id, out int known) ? known : TranslateNew(ref ids, id, from, to);

    private static int TranslateNew(ref int[] ids, int id, SymbolTable from, SymbolTable to) =>
        IdMap.Slot(ref ids, id) = to.InternFrom(from, id);
}
