using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>Event records, by <see cref="EventRules"/>: a user and an event are required; the timestamp and status are optional but must be valid.</summary>
internal sealed class EventRecordBuilder : RecordBuilder
{
    private const int User = (int)EventField.User;
    private const int Event = (int)EventField.Event;
    private const int Status = (int)EventField.Status;
    private const int Timestamp = (int)EventField.Timestamp;
    private const int DeferredUserCapacity = 32;

    // The last valid record, held back by one record so that its user's bucket loads while the next is read.
    private readonly byte[] _deferredUser = new byte[DeferredUserCapacity];
    private readonly StatusVocabulary _statuses;
    private EventSymbols? _deferredSymbols;
    private DeferredEvent _deferred;

    // Null unless extra paths are asked for (-Property): then each record is built here, with their values.
    private readonly string[]? _extraNames;

    public EventRecordBuilder(string source, EventReadOptions options, IEventSink sink)
        : base(source, options, sink)
    {
        _statuses = options.Status;
        int extra = options.Fields.ExtraFieldCount;
        if (extra > 0)
        {
            _extraNames = new string[extra];
            for (int index = 0; index < extra; index++)
            {
                _extraNames[index] = options.Fields.FieldName(options.Fields.ExtraFieldStart + index);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Complete(long line, in RawText raw)
    {
        if (!HasText(User, out ReadOnlySpan<byte> user))
        {
            SkipInvalid(line, raw);
            return;
        }

        // The user's bucket starts loading now; with many users it is seldom in cache.
        EventSymbols symbols = SinkSymbols(out NameUse names);
        bool internUser = (names & NameUse.User) != 0;
        SymbolProbe userProbe = internUser ? symbols.Users.Prepare(user) : default;
        if (!HasText(Event, out ReadOnlySpan<byte> @event) || !TryTimestamp(Timestamp, optional: true, out long ticks) ||
            !TryStatus(out EventStatus status))
        {
            SkipInvalid(line, raw);
            return;
        }

        int eventId = (names & NameUse.Event) != 0 ? symbols.Events.Intern(@event) : -1;
        EmitDeferred();
        if (internUser && user.Length <= DeferredUserCapacity && _extraNames is null)
        {
            // Held back until the next record is read, by which time the bucket has arrived.
            ByteScan.CopyShort(user, _deferredUser);
            if (!ReferenceEquals(_deferredSymbols, symbols))
            {
                _deferredSymbols = symbols;
            }

            _deferred = new DeferredEvent
            {
                Waiting = true,
                UserLength = user.Length,
                UserProbe = userProbe,
                EventId = eventId,
                Status = status,
                Ticks = ticks,
                Line = line,
            };
            return;
        }

        int userId = internUser ? symbols.Users.Intern(user, userProbe) : -1;
        var parsed = new ParsedEvent(symbols, userId, eventId, status, ticks, line);
        Emit(_extraNames is null || userId < 0 || eventId < 0 ? parsed : WithExtraFields(parsed));
    }

    // Kept out of the hot path: only -Property comes here.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ParsedEvent WithExtraFields(in ParsedEvent parsed)
    {
        EventRecord record = parsed.ToRecord(Source);
        var values = new KeyValuePair<string, string?>[_extraNames!.Length];
        for (int index = 0; index < values.Length; index++)
        {
            int field = Fields.ExtraFieldStart + index;
            // An object or array is not a single value: it stays empty rather than becoming "{".
            values[index] = new(_extraNames[index], KindOf(field, out _) == ValueKind.Composite ? null : TextOf(field));
        }

        record.SetExtraFields(values);
        return new ParsedEvent(parsed.Symbols, parsed.UserId, parsed.EventId, parsed.Status, parsed.TimestampTicks, parsed.Line,
            record: record);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected override void EmitDeferred()
    {
        if (_deferred.Waiting)
        {
            EmitDeferredEvent();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmitDeferredEvent()
    {
        DeferredEvent held = _deferred;
        _deferred = default;
        EventSymbols symbols = _deferredSymbols!;
        int userId = symbols.Users.Intern(_deferredUser.AsSpan(0, held.UserLength), held.UserProbe);
        Emit(new ParsedEvent(symbols, userId, held.EventId, held.Status, held.Ticks, held.Line));
    }

    // The first check that failed, in the order above, with its reason. Kept apart so that the per-record code the
    // JIT compiles stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SkipInvalid(long line, in RawText raw)
    {
        (int field, SkipReason otherwise, string problem) =
            !HasText(User, out _) ? (User, SkipReason.MissingField, NoTextProblem(User))
            : !HasText(Event, out _) ? (Event, SkipReason.MissingField, NoTextProblem(Event))
            : !TryTimestamp(Timestamp, optional: true, out _) ? (Timestamp, SkipReason.InvalidTimestamp, TimestampProblem())
            : (Status, SkipReason.UnknownStatus, StatusProblem());
        Skip(line, ReasonFor(field, otherwise), problem, raw, withFields: true);
    }

    protected override void DescribeFields(SkippedRecord record)
    {
        record.User = TextOf(User);
        record.Event = TextOf(Event);
        record.Timestamp = TextOf(Timestamp);
    }

    private string TimestampProblem() => KindOf(Timestamp, out _) == ValueKind.Composite
        ? EventRules.NotAValue(Fields.FieldName(Timestamp))
        : EventRules.InvalidTimestamp(TextOf(Timestamp));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryStatus(out EventStatus status)
    {
        ValueKind kind = KindOf(Status, out ReadOnlySpan<byte> text);
        status = EventStatus.None;
        switch (kind)
        {
            case ValueKind.Absent or ValueKind.Null:
                status = _statuses.WhenMissing;
                return true;
            case ValueKind.Text or ValueKind.Number:
                // Numbers are codes such as Entra's errorCode 0; the default words name none, so they stay unknown.
                return _statuses.TryClassify(text, out status);
            case ValueKind.True:
                return _statuses.TryClassify("true"u8, out status);
            case ValueKind.False:
                return _statuses.TryClassify("false"u8, out status);
            default:
                return false;
        }
    }

    private string StatusProblem() => KindOf(Status, out _) == ValueKind.Composite
        ? EventRules.NotAValue(Fields.FieldName(Status))
        : EventRules.UnknownStatus(_statuses, TextOf(Status));

    // Why HasText found no text in a required field.
    private string NoTextProblem(int field) => KindOf(field, out _) switch
    {
        ValueKind.Text or ValueKind.Number => EventRules.Empty(Fields.FieldName(field)),
        ValueKind.Composite => EventRules.NotAValue(Fields.FieldName(field)),
        _ => EventRules.NoValue(Fields.FieldName(field), Fields.Describe(field)),
    };

    private struct DeferredEvent
    {
        public bool Waiting;
        public int UserLength;
        public SymbolProbe UserProbe;
        public int EventId;
        public EventStatus Status;
        public long Ticks;
        public long Line;
    }
}
