using System;
using System.Runtime.CompilerServices;
using Aggregator.Parsing;
using Aggregator.Summaries;

namespace Aggregator.Reading;

/// <summary>
/// Records of a general summary: the spec's fields go into one reused <see cref="SummaryRow"/>, pointing into the
/// reader's buffer, and the row travels to the accumulator inside the <see cref="ParsedEvent"/>, so no value is copied
/// or turned into a string on the way. The row's own rules decide what is skipped.
/// </summary>
internal sealed class SummaryRecordBuilder : RecordBuilder
{
    private readonly SummaryRow _row;
    private readonly int _fieldCount;
    private readonly int _timestampField;

    public SummaryRecordBuilder(string source, EventReadOptions options, IEventSink sink)
        : base(source, options, sink)
    {
        SummarySpec spec = options.Fields.Summary ?? throw new ArgumentException("A summary read needs its spec.", nameof(options));
        _row = new SummaryRow(spec, source);
        _fieldCount = spec.Fields.Count;
        _timestampField = spec.Interval is null ? -1 : _fieldCount;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Complete(long line, in RawText raw)
    {
        _row.Clear();
        for (int field = 0; field < _fieldCount; field++)
        {
            ValueKind kind = SlotOf(field, out byte[]? array, out int offset, out int length);
            _row.Set(field, kind, array, offset, length);
        }

        ValueKind timestampKind = ValueKind.Absent;
        ReadOnlySpan<byte> timestamp = default;
        if (_timestampField >= 0)
        {
            timestampKind = KindOf(_timestampField, out timestamp);
        }

        if (!_row.TryValidate(Timestamps, timestampKind, timestamp, out SkipReason reason, out string problem))
        {
            Skip(line, reason, problem, raw);
            return;
        }

        EventSymbols symbols = SinkSymbols(out _);
        Emit(new ParsedEvent(symbols, -1, -1, EventStatus.None, _row.TimestampTicks, line, record: _row));
    }

    protected override void DescribeFields(SkippedRecord record)
    {
    }
}
