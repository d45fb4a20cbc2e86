using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Summaries;

/// <summary>
/// One record's values of a <see cref="SummarySpec"/>'s fields, as UTF-8 text, whether a reader found them in a file
/// (pointing into its buffer) or they came from a pipeline object's properties. One row is reused record after record;
/// <see cref="TryValidate"/> applies the same rules to both, so both skip a record for the same reason.
/// </summary>
public sealed class SummaryRow : IInputRecord
{
    private readonly SummarySpec _spec;
    private readonly ValueKind[] _kinds;
    private readonly byte[]?[] _arrays;
    private readonly int[] _offsets;
    private readonly int[] _lengths;
    private byte[] _scratch = new byte[256];
    private int _scratchUsed;
    private bool _hasTypedTimestamp;

    public SummaryRow(SummarySpec spec, string source)
    {
        _spec = spec;
        Source = source;
        int count = spec.Fields.Count;
        _kinds = new ValueKind[count];
        _arrays = new byte[count][];
        _offsets = new int[count];
        _lengths = new int[count];
        Numbers = new double[count];
    }

    public string Source { get; set; }

    /// <summary>The parsed value of each numeric field (NaN when absent), once validated.</summary>
    public double[] Numbers { get; }

    /// <summary>UTC ticks of the record's time, once validated, when the spec has an interval.</summary>
    public long TimestampTicks { get; private set; }

    public ValueKind KindOf(int field) => _kinds[field];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Text(int field) => _arrays[field].AsSpan(_offsets[field], _lengths[field]);

    /// <summary>Whether the field has a single value (text, number, true or false): an absent or null one has none.</summary>
    public bool HasValue(int field) => _kinds[field] is ValueKind.Text or ValueKind.Number or ValueKind.True or ValueKind.False;

    public void Clear()
    {
        Array.Clear(_kinds);
        _scratchUsed = 0;
        _hasTypedTimestamp = false;
        TimestampTicks = ParsedEvent.NoTimestamp;
    }

    /// <summary>Points a field at text in a reader's buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Set(int field, ValueKind kind, byte[]? array, int offset, int length)
    {
        _kinds[field] = kind;
        _arrays[field] = kind switch
        {
            ValueKind.True => TrueText,
            ValueKind.False => FalseText,
            _ => array,
        };
        (_offsets[field], _lengths[field]) = kind is ValueKind.True or ValueKind.False ? (0, _arrays[field]!.Length) : (offset, length);
    }

    /// <summary>Sets a field from a pipeline value: text as it is, numbers and times in the invariant culture.</summary>
    public void SetValue(int field, object? value)
    {
        switch (value)
        {
            case null:
                _kinds[field] = ValueKind.Null;
                return;
            case bool flag:
                Set(field, flag ? ValueKind.True : ValueKind.False, null, 0, 0);
                return;
            case double or float or decimal or long or int or short or byte or sbyte or ulong or uint or ushort:
                SetText(field, ValueKind.Number, ((IFormattable)value).ToString(value is double or float ? "R" : null, CultureInfo.InvariantCulture));
                return;
            case DateTime time:
                SetText(field, ValueKind.Text, time.ToString("o", CultureInfo.InvariantCulture));
                return;
            case DateTimeOffset offset:
                SetText(field, ValueKind.Text, offset.ToString("o", CultureInfo.InvariantCulture));
                return;
            case string text:
                SetText(field, ValueKind.Text, text);
                return;
            default:
                SetText(field, ValueKind.Text, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                return;
        }
    }

    /// <summary>Marks a pipeline value as an object or array: not a single value.</summary>
    public void SetComposite(int field) => _kinds[field] = ValueKind.Composite;

    /// <summary>Sets the record's time from a pipeline DateTime or DateTimeOffset.</summary>
    public void SetTimestamp(DateTime utc)
    {
        _hasTypedTimestamp = true;
        TimestampTicks = utc.Ticks;
    }

    private void SetText(int field, ValueKind kind, string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        if (_scratchUsed + length > _scratch.Length)
        {
            _scratch = new byte[Math.Max(_scratch.Length * 2, length + 256)];   // earlier fields keep the old array
            _scratchUsed = 0;
        }

        Encoding.UTF8.GetBytes(text, _scratch.AsSpan(_scratchUsed));
        _kinds[field] = kind;
        _arrays[field] = _scratch;
        _offsets[field] = _scratchUsed;
        _lengths[field] = length;
        _scratchUsed += length;
    }

    /// <summary>
    /// Checks the record: every field a single value (or absent), numeric fields numbers, and with an interval a
    /// timestamp. Parses the numbers and the time; on failure says why, as the other record shapes word it.
    /// </summary>
    /// <param name="timestamp">The kind and text of the record's time (ignored without an interval or with a typed time).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryValidate(TimestampParser timestamps, ValueKind timestampKind, ReadOnlySpan<byte> timestamp,
        out SkipReason reason, out string problem)
    {
        bool[] numeric = _spec.NumericFields;
        for (int field = 0; field < _kinds.Length; field++)
        {
            ValueKind kind = _kinds[field];
            if (kind == ValueKind.Composite)
            {
                (reason, problem) = (SkipReason.InvalidField, $"The {_spec.Fields[field]} is an object or array, not a single value.");
                return false;
            }

            if (!numeric[field])
            {
                continue;
            }

            ReadOnlySpan<byte> text = Text(field);
            if (kind is ValueKind.Absent or ValueKind.Null || (kind is ValueKind.Text && AsciiSpace.IsBlank(text)))
            {
                Numbers[field] = double.NaN;   // no value: left out of this field's figures, as SQL leaves out NULL
            }
            else if (kind is ValueKind.True or ValueKind.False || !DecimalParser.TryParse(AsciiSpace.Trim(text), out Numbers[field]) ||
                     !double.IsFinite(Numbers[field]))
            {
                (reason, problem) = (SkipReason.InvalidField,
                    $"The {_spec.Fields[field]} is not a number: '{MessageText.Shorten(Encoding.UTF8.GetString(text))}'.");
                return false;
            }
        }

        if (_spec.Interval is not null && !_hasTypedTimestamp)
        {
            IReadOnlyList<string> given = _spec.TimestampNames;
            string names = given.Count == 1 ? given[0] : string.Join(", ", given.Take(given.Count - 1)) + " or " + given[^1];
            long ticks = ParsedEvent.NoTimestamp;
            bool valid = timestampKind switch
            {
                ValueKind.Text => !AsciiSpace.IsBlank(timestamp) && timestamps.TryParse(timestamp, out ticks),
                ValueKind.Number => TimestampParser.TryParseEpoch(timestamp, out ticks),
                _ => false,
            };
            if (!valid)
            {
                (reason, problem) = timestampKind is ValueKind.Absent or ValueKind.Null || AsciiSpace.IsBlank(timestamp)
                    ? (SkipReason.MissingField, $"The record has no timestamp ({names}), which -Interval needs.")
                    : (SkipReason.InvalidTimestamp, $"The timestamp '{MessageText.Shorten(Encoding.UTF8.GetString(timestamp))}' is not a date and time.");
                return false;
            }

            TimestampTicks = ticks;
        }

        (reason, problem) = (default, string.Empty);
        return true;
    }

    private static readonly byte[] TrueText = "true"u8.ToArray();
    private static readonly byte[] FalseText = "false"u8.ToArray();
}
