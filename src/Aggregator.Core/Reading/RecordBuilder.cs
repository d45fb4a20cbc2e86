using System;
using System.Runtime.CompilerServices;
using System.Text;
using Aggregator.Parsing;
using Aggregator.Reading.Shapes;

namespace Aggregator.Reading;

/// <summary>
/// Collects the field values of one record, validates them and hands the record to the sink as valid or skipped.
/// Shared by the JSON and CSV readers so that both apply exactly the same rules, and keeps the per-file counts.
/// Each <see cref="RecordShape"/> has its own subclass with its own rules in <see cref="Complete"/>, made by the
/// shape's descriptor (<see cref="RecordShapeDescriptor"/>).
/// </summary>
internal abstract class RecordBuilder
{
    private readonly Slot[] _slots;
    private readonly IEventSink _sink;
    private byte[] _scratch = new byte[256];
    private int _scratchUsed;
    private EventSymbols? _symbols;
    private NameUse _names;

    protected RecordBuilder(string source, EventReadOptions options, IEventSink sink)
    {
        Source = source;
        Fields = options.Fields;
        Timestamps = new TimestampParser(options.AssumeTimeZone, options.TimestampStyle);
        _sink = sink;
        _slots = new Slot[Fields.FieldCount];
        Reset();
    }

    /// <summary>The builder for the shape of record the options' field map describes.</summary>
    public static RecordBuilder Create(string source, EventReadOptions options, IEventSink sink) =>
        RecordShapes.For(options.Fields).CreateBuilder(source, options, sink);

    protected FieldMap Fields { get; }

    protected TimestampParser Timestamps { get; }

    public string Source { get; }

    public long Valid { get; private set; }

    public long Skipped { get; private set; }

    public long Total => Valid + Skipped;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reset()
    {
        // The array reference stays: clearing it would cost a GC write barrier per field per record, and an absent
        // value's text is empty whatever the array.
        foreach (ref Slot slot in _slots.AsSpan())
        {
            slot.Kind = ValueKind.Absent;
            slot.Rank = int.MaxValue;
            slot.Length = 0;
        }

        _scratchUsed = 0;
    }

    /// <summary>
    /// Offers a value for a field. A name written again replaces its earlier value, whatever it is (the last wins, as in
    /// jq). Between different names, a single value beats an object or array, which beats null (so {"user": null,
    /// "username": "bob"} reads bob), and among values of the same standing the best-ranked name wins.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Set(int field, int rank, ValueKind kind, byte[] array, int offset, int length)
    {
        ref Slot slot = ref _slots[field];
        int standing = Standing(kind), current = Standing(slot.Kind);
        if (rank == slot.Rank || standing > current || (standing == current && rank < slot.Rank))
        {
            slot.Kind = kind;
            slot.Rank = rank;
            slot.Offset = offset;
            slot.Length = length;
            if (!ReferenceEquals(slot.Array, array))
            {
                slot.Array = array;   // storing a reference costs a GC write barrier; it is nearly always the same buffer
            }
        }
    }

    // An object or array where a value belongs is InvalidField whatever the field; otherwise the field's own reason.
    protected SkipReason ReasonFor(int field, SkipReason otherwise) =>
        _slots[field].Kind == ValueKind.Composite ? SkipReason.InvalidField : otherwise;

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
    public abstract void Complete(long line, in RawText raw);

    /// <summary>The sink's tables and names, asked now and then, not per record: a sink may swap tables, and a late switch is harmless.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected EventSymbols SinkSymbols(out NameUse names)
    {
        if (_symbols is null || (Valid & 4095) == 0)
        {
            _symbols = _sink.Symbols;
            _names = _sink.Names;
        }

        names = _names;
        return _symbols;
    }

    /// <summary>Hands a valid record to the sink.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void Emit(in ParsedEvent record)
    {
        Valid++;
        _sink.OnEvent(in record);
    }

    /// <summary>Copies the fields that could be read into a skipped record, for the audit.</summary>
    protected abstract void DescribeFields(SkippedRecord record);

    /// <summary>Emits the valid record a builder may hold back (see <see cref="EmitDeferred"/>): call after the last record.</summary>
    public void Finish() => EmitDeferred();

    /// <summary>
    /// Emits a valid record the builder held back to overlap its table lookups with reading the next one. Called
    /// before any skip, so the sink hears of records in their order and a skip's record number is right.
    /// </summary>
    protected virtual void EmitDeferred()
    {
    }

    /// <summary>Reports a record that could not be read at all (bad JSON, bad CSV row).</summary>
    public void Skip(long line, SkipReason reason, string message, in RawText raw, bool withFields = false)
    {
        EmitDeferred();
        Skipped++;
        var record = new SkippedRecord(Source, line, reason, message, raw.ToString()) { Record = Total };
        if (withFields)
        {
            DescribeFields(record);
        }

        _sink.OnSkipped(record);
    }

    /// <summary>
    /// The field's time in UTC ticks: a date and time as text, or Unix epoch seconds or milliseconds as a number. An
    /// absent or null timestamp is valid only when it is optional, and then has <see cref="ParsedEvent.NoTimestamp"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected bool TryTimestamp(int field, bool optional, out long ticks)
    {
        ValueKind kind = KindOf(field, out ReadOnlySpan<byte> text);
        ticks = ParsedEvent.NoTimestamp;
        return kind switch
        {
            ValueKind.Absent or ValueKind.Null => optional,
            ValueKind.Text => !AsciiSpace.IsBlank(text) && Timestamps.TryParse(text, out ticks),
            ValueKind.Number => TimestampParser.TryParseEpoch(text, out ticks),
            _ => false,
        };
    }

    /// <summary>The field's text: text or a number that is not blank, or true or false as written in JSON.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected bool HasText(int field, out ReadOnlySpan<byte> text)
    {
        Slot slot = _slots[field];
        switch (slot.Kind)
        {
            case ValueKind.Text:
            case ValueKind.Number:
                text = slot.Array.AsSpan(slot.Offset, slot.Length);
                return !AsciiSpace.IsBlank(text);
            case ValueKind.True:
                text = "true"u8;
                return true;
            case ValueKind.False:
                text = "false"u8;
                return true;
            default:
                text = default;
                return false;
        }
    }

    /// <summary>The field's text when it is text or a number that is not blank (no true or false).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected bool HasValue(int field, out ReadOnlySpan<byte> text) =>
        KindOf(field, out text) is ValueKind.Text or ValueKind.Number && !AsciiSpace.IsBlank(text);

    /// <summary>The field's kind of value and its UTF-8 text (empty unless text or number).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected ValueKind KindOf(int field, out ReadOnlySpan<byte> text)
    {
        Slot slot = _slots[field];
        text = slot.Array.AsSpan(slot.Offset, slot.Length);
        return slot.Kind;
    }

    /// <summary>Where the field's value lies, for a builder that hands the values on without copying them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected ValueKind SlotOf(int field, out byte[]? array, out int offset, out int length)
    {
        Slot slot = _slots[field];
        (array, offset, length) = (slot.Array, slot.Offset, slot.Length);
        return slot.Kind;
    }

    /// <summary>Whether the field's value is an array (a composite value keeps its opening bracket).</summary>
    protected bool IsArray(int field)
    {
        Slot slot = _slots[field];
        return slot.Kind == ValueKind.Composite && slot.Length == 1 && slot.Array![slot.Offset] == (byte)'[';
    }

    protected string? TextOf(int field)
    {
        Slot slot = _slots[field];
        return slot.Kind switch
        {
            ValueKind.Text or ValueKind.Number => Encoding.UTF8.GetString(slot.Array!, slot.Offset, slot.Length),
            ValueKind.True => "true",
            ValueKind.False => "false",
            ValueKind.Composite => "(object)",
            _ => null,
        };
    }

    protected static string Shorten(string? text) => MessageText.Shorten(text);

    private struct Slot
    {
        public ValueKind Kind;
        public int Rank;
        public byte[]? Array;
        public int Offset;
        public int Length;
    }
}
