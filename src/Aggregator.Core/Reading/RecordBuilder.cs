using System;
using System.Runtime.CompilerServices;
using System.Text;
using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>
/// Collects the four field values of one record, validates them and hands the record to the sink as valid or skipped.
/// Shared by the JSON and CSV readers so that both apply exactly the same rules, and keeps the per-file counts.
/// </summary>
internal sealed class RecordBuilder
{
    private readonly Slot[] _slots = new Slot[4];
    private readonly TimestampParser _timestamps;
    private readonly FieldMap _fields;
    private readonly IEventSink _sink;
    private byte[] _scratch = new byte[256];
    private int _scratchUsed;
    private EventSymbols? _symbols;
    private NameUse _names;

    public RecordBuilder(string source, EventReadOptions options, IEventSink sink)
    {
        Source = source;
        _fields = options.Fields;
        _timestamps = new TimestampParser(options.AssumeTimeZone);
        _sink = sink;
        Reset();
    }

    public string Source { get; }

    public long Valid { get; private set; }

    public long Skipped { get; private set; }

    public long Total => Valid + Skipped;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reset()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new Slot { Kind = ValueKind.Absent, Rank = int.MaxValue };
        }

        _scratchUsed = 0;
    }

    /// <summary>
    /// Offers a value for a field. A single value beats an object or array, which beats null (so {"user": null,
    /// "username": "bob"} reads bob); among values of the same standing the best-ranked name wins.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Set(EventField field, int rank, ValueKind kind, byte[] array, int offset, int length)
    {
        ref Slot slot = ref _slots[(int)field];
        int standing = Standing(kind), current = Standing(slot.Kind);
        if (standing > current || (standing == current && rank < slot.Rank))
        {
            slot = new Slot { Kind = kind, Rank = rank, Array = array, Offset = offset, Length = length };
        }
    }

    // An object or array where a value belongs is InvalidField whatever the field; otherwise the field's own reason.
    private SkipReason ReasonFor(EventField field, SkipReason otherwise) =>
        _slots[(int)field].Kind == ValueKind.Composite ? SkipReason.InvalidField : otherwise;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Standing(ValueKind kind) => kind switch
    {
        ValueKind.Absent => 0,
        ValueKind.Null => 1,
        ValueKind.Composite => 2,
        _ => 3,
    };

    /// <summary>Room for an unescaped value that must outlive the input buffer position.</summary>
    public Span<byte> ReserveScratch(int length, out byte[] array, out int offset)
    {
        if (_scratchUsed + length > _scratch.Length)
        {
            // Earlier slots keep pointing at the old array, which stays alive through them.
            _scratch = new byte[Math.Max(_scratch.Length * 2, length)];
            _scratchUsed = 0;
        }

        array = _scratch;
        offset = _scratchUsed;
        _scratchUsed += length;
        return _scratch.AsSpan(offset, length);
    }

    /// <summary>Validates the collected fields and emits the record, or reports why it is skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Complete(long line, in RawText raw)
    {
        if (!TryText(EventField.User, out ReadOnlySpan<byte> user, out string? problem))
        {
            Skip(line, ReasonFor(EventField.User, SkipReason.MissingField), problem!, raw, withFields: true);
            return;
        }

        if (!TryText(EventField.Event, out ReadOnlySpan<byte> @event, out problem))
        {
            Skip(line, ReasonFor(EventField.Event, SkipReason.MissingField), problem!, raw, withFields: true);
            return;
        }

        if (!TryTimestamp(out long ticks, out problem))
        {
            Skip(line, ReasonFor(EventField.Timestamp, SkipReason.InvalidTimestamp), problem!, raw, withFields: true);
            return;
        }

        if (!TryStatus(out EventStatus status, out problem))
        {
            Skip(line, ReasonFor(EventField.Status, SkipReason.UnknownStatus), problem!, raw, withFields: true);
            return;
        }

        // Asked of the sink now and then, not per record: a sink may swap tables, and a late switch is harmless.
        if (_symbols is null || (Valid & 4095) == 0)
        {
            _symbols = _sink.Symbols;
            _names = _sink.Names;
        }

        EventSymbols symbols = _symbols;
        int userId = (_names & NameUse.User) != 0 ? symbols.Users.Intern(user) : -1;
        int eventId = (_names & NameUse.Event) != 0 ? symbols.Events.Intern(@event) : -1;
        Valid++;
        _sink.OnEvent(new ParsedEvent(symbols, userId, eventId, status, ticks, line));
    }

    /// <summary>Reports a record that could not be read at all (bad JSON, bad CSV row).</summary>
    public void Skip(long line, SkipReason reason, string message, in RawText raw, bool withFields = false)
    {
        Skipped++;
        var record = new SkippedRecord(Source, line, reason, message, raw.ToString()) { Record = Total };
        if (withFields)
        {
            record.User = TextOf(EventField.User);
            record.Event = TextOf(EventField.Event);
            record.Timestamp = TextOf(EventField.Timestamp);
        }

        _sink.OnSkipped(record);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryText(EventField field, out ReadOnlySpan<byte> text, out string? problem)
    {
        Slot slot = _slots[(int)field];
        text = slot.Array.AsSpan(slot.Offset, slot.Length);
        problem = null;
        switch (slot.Kind)
        {
            case ValueKind.Text:
            case ValueKind.Number:
                if (!text.IsEmpty && (text[0] > ' ' || !text[Ascii.Trim(text)].IsEmpty))
                {
                    return true;
                }

                problem = $"The {Name(field)} is empty.";
                return false;
            case ValueKind.True:
                text = "true"u8;
                return true;
            case ValueKind.False:
                text = "false"u8;
                return true;
            case ValueKind.Composite:
                problem = $"The {Name(field)} is an object or array, not a single value.";
                return false;
            default:
                problem = $"The record has no {Name(field)} ({_fields.Describe(field)}).";
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryTimestamp(out long ticks, out string? problem)
    {
        Slot slot = _slots[(int)EventField.Timestamp];
        ticks = ParsedEvent.NoTimestamp;
        problem = null;
        ReadOnlySpan<byte> text = slot.Array.AsSpan(slot.Offset, slot.Length);
        bool ok = slot.Kind switch
        {
            ValueKind.Absent or ValueKind.Null => true,
            ValueKind.Text => _timestamps.TryParse(text, out ticks),
            ValueKind.Number => TimestampParser.TryParseEpoch(text, out ticks),
            _ => false,
        };
        if (!ok)
        {
            ticks = ParsedEvent.NoTimestamp;
            problem = slot.Kind == ValueKind.Composite
                ? "The timestamp is an object or array, not a single value."
                : $"'{Shorten(TextOf(EventField.Timestamp))}' is not a valid timestamp.";
        }

        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryStatus(out EventStatus status, out string? problem)
    {
        Slot slot = _slots[(int)EventField.Status];
        status = EventStatus.None;
        problem = null;
        bool ok = slot.Kind switch
        {
            ValueKind.Absent or ValueKind.Null => true,
            ValueKind.Text => StatusParser.TryParse(slot.Array.AsSpan(slot.Offset, slot.Length), out status),
            ValueKind.True => (status = EventStatus.Success) == EventStatus.Success,
            ValueKind.False => (status = EventStatus.Fail) == EventStatus.Fail,
            _ => false,
        };
        if (!ok)
        {
            status = EventStatus.None;
            problem = slot.Kind == ValueKind.Composite ? "The status is an object or array, not a single value." :
                $"'{Shorten(TextOf(EventField.Status))}' is not a known status " +
                      $"(expected {string.Join(", ", StatusParser.SuccessWords)}, {string.Join(", ", StatusParser.FailWords)}).";
        }

        return ok;
    }

    private string? TextOf(EventField field)
    {
        Slot slot = _slots[(int)field];
        return slot.Kind switch
        {
            ValueKind.Text or ValueKind.Number => Encoding.UTF8.GetString(slot.Array!, slot.Offset, slot.Length),
            ValueKind.True => "true",
            ValueKind.False => "false",
            ValueKind.Composite => "(object)",
            _ => null,
        };
    }

    private static string Shorten(string? text) =>
        text is null ? string.Empty : text.Length <= 60 ? text : text.Substring(0, 57) + "...";

    private static string Name(EventField field) => field.ToString().ToLowerInvariant();

    private struct Slot
    {
        public ValueKind Kind;
        public int Rank;
        public byte[]? Array;
        public int Offset;
        public int Length;
    }
}
