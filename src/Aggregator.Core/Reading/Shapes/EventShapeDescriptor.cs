using System;
using System.Collections.Generic;
using Aggregator.Parsing;

namespace Aggregator.Reading.Shapes;

/// <summary>Event records: user, event, status and timestamp (<see cref="EventField"/>), by <see cref="EventRules"/>.</summary>
internal sealed class EventShapeDescriptor : RecordShapeDescriptor
{
    /// <summary>The fields in <see cref="EventField"/> order; extra fields (-Property) come after them.</summary>
    public static readonly IReadOnlyList<FieldDefinition> Fields = new FieldDefinition[]
    {
        new("user", "-UserField", new[] { "user", "user_id", "userId", "username" }, "User"),
        new("event", "-EventField", new[] { "event", "event_type", "eventType", "type" }, "Event"),
        new("status", "-StatusField", new[] { "status", "result", "outcome" }, "Status"),
        new("timestamp", "-TimestampField", new[] { "timestamp", "event_time", "time", "@timestamp" }, "Timestamp"),
    };

    public override RecordShape Shape => RecordShape.Event;

    public override FieldMap DefaultFields => FieldMap.Default;

    public override Type Rules => typeof(EventRules);

    public override RecordBuilder CreateBuilder(string source, EventReadOptions options, IEventSink sink) =>
        new EventRecordBuilder(source, options, sink);

    // A record with extra fields (-Property) comes whole from its builder.
    public override IInputRecord ToOutput(in ParsedEvent record, string source) => record.Record ?? record.ToRecord(source);
}
