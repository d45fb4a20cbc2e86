using System;
using System.Globalization;
using System.IO;
using System.Text;
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
    private byte[]? _fileSensor;

    public ReadingRecordBuilder(string source, EventReadOptions options, IEventSink sink)
        : base(source, options, sink)
    {
        _sensor = options.Fields.Shape == RecordShape.Sensor;
    }

    /// <summary>Every row's sensor is the file's name without its extensions: the file is one sensor.</summary>
    public void UseFileNameAsSensor() => _fileSensor = Encoding.UTF8.GetBytes(SensorNameOf(Source));

    /// <summary>"occupancy-datatest" for occupancy-datatest.txt, and for room-1.csv.gz "room-1".</summary>
    public static string SensorNameOf(string source)
    {
        string name = Path.GetFileName(source);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        return Path.GetFileNameWithoutExtension(name);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Complete(long line, in RawText raw)
    {
        bool hasSource = HasValue(SourceField, out ReadOnlySpan<byte> source);
        if (_fileSensor is not null)
        {
            hasSource = true;
            source = _fileSensor;
        }

        if (KindOf(SourceField, out _) == ValueKind.Composite || (_sensor && !hasSource) ||
            !TryTimestamp(TimestampField, optional: false, out long ticks) || !TryValue(out double value))
        {
            SkipInvalid(line, raw);
            return;
        }

        EventSymbols symbols = SinkSymbols(out NameUse names);
        int sourceId = (names & NameUse.User) == 0 ? -1
            : hasSource ? symbols.Users.Intern(AsciiSpace.Trim(source))
            : symbols.Users.Intern(ReadOnlySpan<byte>.Empty);
        Emit(new ParsedEvent(symbols, sourceId, -1, EventStatus.None, ticks, line, value));
    }

    // The hot path above only decides that a record is invalid; this finds the first reason, in the order the checks
    // run. Kept apart so that the per-record code the JIT compiles stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SkipInvalid(long line, in RawText raw)
    {
        if (KindOf(SourceField, out _) == ValueKind.Composite)
        {
            Skip(line, SkipReason.InvalidField, Phrase($"invalid {Fields.FieldName(SourceField)}",
                $"The {Fields.FieldName(SourceField)} is an object or array, not a single value."), raw, withFields: true);
            return;
        }

        if (_sensor && _fileSensor is null && !HasValue(SourceField, out _))
        {
            Skip(line, SkipReason.MissingField, ReadingRules.MissingSensorId, raw, withFields: true);
            return;
        }

        (SkipReason reason, string problem) = TryTimestamp(TimestampField, optional: false, out _) ? ValueProblem() : TimestampProblem();
        Skip(line, reason, problem, raw, withFields: true);
    }

    protected override void DescribeFields(SkippedRecord record)
    {
        record.User = _fileSensor is null ? TextOf(SourceField) : Encoding.UTF8.GetString(_fileSensor);
        record.Timestamp = TextOf(TimestampField);
        record.Value = TextOf(ValueField);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryValue(out double value)
    {
        value = 0;
        return HasValue(ValueField, out ReadOnlySpan<byte> text) && DecimalParser.TryParse(text, out value) &&
            ReadingRules.IsAcceptable(value, _sensor);
    }

    private (SkipReason Reason, string Problem) TimestampProblem()
    {
        ValueKind kind = KindOf(TimestampField, out ReadOnlySpan<byte> text);
        if (IsMissing(kind, text))
        {
            return (SkipReason.MissingField,
                ReadingRules.MissingTimestamp(_sensor, $"The record has no timestamp ({Fields.Describe(TimestampField)})."));
        }

        if (kind == ValueKind.Composite)
        {
            return (SkipReason.InvalidField, Phrase("invalid timestamp", "The timestamp is an object or array, not a single value."));
        }

        return (SkipReason.InvalidTimestamp, ReadingRules.InvalidTimestamp(_sensor, Shorten(TextOf(TimestampField))));
    }

    private (SkipReason Reason, string Problem) ValueProblem()
    {
        ValueKind kind = KindOf(ValueField, out ReadOnlySpan<byte> text);
        string name = Fields.FieldName(ValueField);
        if (IsMissing(kind, text))
        {
            return (SkipReason.MissingField,
                ReadingRules.MissingValue(_sensor, $"The record has no {name} ({Fields.Describe(ValueField)})."));
        }

        if (kind == ValueKind.Composite)
        {
            return (SkipReason.InvalidField, Phrase("invalid value", $"The {name} is an object or array, not a single value."));
        }

        double value = 0;
        bool parsed = kind is ValueKind.Text or ValueKind.Number && DecimalParser.TryParse(text, out value);
        return (SkipReason.InvalidValue, ReadingRules.InvalidValue(_sensor, name, Shorten(TextOf(ValueField)), parsed ? value : null));
    }

    // Absent, null and blank text all count as a missing field, for the timestamp and the value alike.
    private static bool IsMissing(ValueKind kind, ReadOnlySpan<byte> text) =>
        kind is ValueKind.Absent or ValueKind.Null || (kind == ValueKind.Text && AsciiSpace.IsBlank(text));

    // Sensor files report the sensor service's short phrases; meter readings use the foundation's sentences.
    private string Phrase(string sensor, string sentence) => _sensor ? sensor : sentence;

}
