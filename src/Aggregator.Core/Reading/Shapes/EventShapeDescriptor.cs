using System;
using Aggregator.Parsing;

namespace Aggregator.Reading.Shapes;

/// <summary>Event records: user, event, status and timestamp (<see cref="EventField"/>), by <see cref="EventRules"/>.</summary>
internal sealed class EventShapeDescriptor : RecordShapeDescriptor
{
    public override RecordShape Shape => RecordShape.Event;

    public override FieldMap DefaultFields => FieldMap.Default;

    public override Type Rules => typeof(EventRules);

    public override RecordBuilder CreateBuilder(string source, EventReadOptions options, IEventSink sink) =>
        new EventRecordBuilder(source, options, sink);

    // A record with extra fields (-Property) comes whole from its builder.
    public override IInputRecord ToOutput(in ParsedEvent record, string source) => record.Record ?? record.ToRecord(source);
}
