using System;
using Aggregator.Parsing;
using Aggregator.Summaries;

namespace Aggregator.Reading.Shapes;

/// <summary>
/// The records of a general summary (Measure-Record): the spec's fields (<see cref="FieldMap.ForSummary"/>), validated
/// by the <see cref="SummaryRow"/> itself. They go to the accumulator, never to the pipeline.
/// </summary>
internal sealed class SummaryShapeDescriptor : RecordShapeDescriptor
{
    public override RecordShape Shape => RecordShape.Summary;

    public override FieldMap? DefaultFields => null;

    public override Type Rules => typeof(SummaryRow);

    public override RecordBuilder CreateBuilder(string source, EventReadOptions options, IEventSink sink) =>
        new SummaryRecordBuilder(source, options, sink);

    // As before the descriptors: a summary record is never output, and this is what the shared default gave.
    public override IInputRecord ToOutput(in ParsedEvent record, string source) =>
        new SensorReading(record.UserId < 0 ? string.Empty : record.User, record.Timestamp!.Value, record.Value, source, record.Line);
}
