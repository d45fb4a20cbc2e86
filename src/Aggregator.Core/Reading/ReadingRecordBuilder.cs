using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>
/// Meter and sensor readings: a timestamp and a finite numeric value are required. A kWh value must not be negative and
/// the meter is optional; a sensor row needs its sensor_id, and its reasons are the sensor service's short phrases
/// ("missing timestamp", "invalid value 'abc'").
/// </summary>
internal sealed class ReadingRecordBuilder : RecordBuilder
{
    private const int TimestampField = (int)ReadingField.Timestamp;
    private const int ValueField = (int)ReadingField.Value;
    private const int SourceField = (int)ReadingField.Source;

    private readonly bool _sensor;

    public ReadingRecordBuilder(string source, EventReadOptions options, IEventSink sink)
        : base(source, options, sink)
    {
        _sensor = options.Fields.Shape == RecordShape.Sensor;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Complete(long line, in RawText raw)
    {
        ValueKind sourceKind = KindOf(SourceField, out ReadOnlySpan<byte> source);
        if (sourceKind == ValueKind.Composite)
        {
            Skip(line, SkipReason.InvalidField, Phrase($"invalid {Fields.FieldName(SourceField)}",
                $"The {Fields.FieldName(SourceField)} is an object or array, not a single value."), raw, withFields: true);
            return;
        }

        bool hasSource = sourceKind is ValueKind.Text or ValueKind.Number && !AsciiSpace.IsBlank(source);
        if (_sensor && !hasSource)
        {
            Skip(line, SkipReason.MissingField, ReadingRules.MissingSensorId, raw, withFields: true);
            return;
        }

        if (!TryTimestamp(out long ticks, out SkipReason reason, out string? problem) ||
            !TryValue(out double value, out reason, out problem))
        {
            Skip(line, reason, problem!, raw, withFields: true);
            return;
        }

        EventSymbols symbols = SinkSymbols(out NameUse names);
        int sourceId = (names & NameUse.User) == 0 ? -1
            : hasSource ? symbols.Users.Intern(AsciiSpace.Trim(source))
            : symbols.Users.Intern(ReadOnlySpan<byte>.Empty);
        Emit(new ParsedEvent(symbols, sourceId, -1, EventStatus.None, ticks, line, value));
    }

    protected override void DescribeFields(SkippedRecord record)
    {
        record.User = TextOf(SourceField);
        record.Timestamp = TextOf(TimestampField);
        record.Value = TextOf(ValueField);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryTimestamp(out long ticks, out SkipReason reason, out string? problem)
    {
        ValueKind kind = KindOf(TimestampField, out ReadOnlySpan<byte> text);
        ticks = ParsedEvent.NoTimestamp;
        reason = SkipReason.InvalidTimestamp;
        problem = null;
        switch (kind)
        {
            case ValueKind.Text when !AsciiSpace.IsBlank(text) && Timestamps.TryParse(text, out ticks):
            case ValueKind.Number when TimestampParser.TryParseEpoch(text, out ticks):
                return true;
            case ValueKind.Absent or ValueKind.Null:
            case ValueKind.Text when AsciiSpace.IsBlank(text):
                reason = SkipReason.MissingField;
                problem = ReadingRules.MissingTimestamp(_sensor, $"The record has no timestamp ({Fields.Describe(TimestampField)}).");
                return false;
            case ValueKind.Composite:
                reason = SkipReason.InvalidField;
                problem = Phrase("invalid timestamp", "The timestamp is an object or array, not a single value.");
                return false;
            default:
                problem = ReadingRules.InvalidTimestamp(_sensor, Shorten(TextOf(TimestampField)));
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryValue(out double value, out SkipReason reason, out string? problem)
    {
        ValueKind kind = KindOf(ValueField, out ReadOnlySpan<byte> text);
        value = 0;
        reason = SkipReason.InvalidValue;
        problem = null;
        string name = Fields.FieldName(ValueField);
        if (kind is ValueKind.Absent or ValueKind.Null || (kind == ValueKind.Text && AsciiSpace.IsBlank(text)))
        {
            reason = SkipReason.MissingField;
            problem = ReadingRules.MissingValue(_sensor, $"The record has no {name} ({Fields.Describe(ValueField)}).");
            return false;
        }

        bool parsed = kind is ValueKind.Text or ValueKind.Number && DecimalParser.TryParse(text, out value);
        if (parsed && ReadingRules.IsAcceptable(value, _sensor))
        {
            return true;
        }

        if (kind == ValueKind.Composite)
        {
            reason = SkipReason.InvalidField;
            problem = Phrase("invalid value", $"The {name} is an object or array, not a single value.");
        }
        else
        {
            problem = ReadingRules.InvalidValue(_sensor, name, Shorten(TextOf(ValueField)), parsed ? value : null);
        }

        value = 0;
        return false;
    }

    // Sensor files report the sensor service's short phrases; meter readings use the foundation's sentences.
    private string Phrase(string sensor, string sentence) => _sensor ? sensor : sentence;

}
