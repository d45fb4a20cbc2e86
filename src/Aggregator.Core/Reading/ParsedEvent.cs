using System;
using Aggregator.Parsing;
using Aggregator.Reading.Shapes;

namespace Aggregator.Reading;

/// <summary>
/// A valid record as a reader hands it to an <see cref="IEventSink"/>: interned ids instead of strings,
/// UTC ticks instead of a DateTime, so the hot path allocates nothing. A meter or sensor reading travels in the same
/// struct: its meter or sensor is the user (<see cref="SourceId"/>) and its measurement is <see cref="Value"/>.
/// </summary>
public readonly struct ParsedEvent
{
    public const long NoTimestamp = long.MinValue;

    public ParsedEvent(EventSymbols symbols, int userId, int eventId, EventStatus status, long timestampTicks, long line,
        double value = 0, IInputRecord? record = null)
    {
        Value = value;
        Record = record;
        Symbols = symbols;
        UserId = userId;
        EventId = eventId;
        Status = status;
        TimestampTicks = timestampTicks;
        Line = line;
    }

    /// <summary>The tables <see cref="UserId"/> and <see cref="EventId"/> index.</summary>
    public EventSymbols Symbols { get; }

    /// <summary>Id in <see cref="EventSymbols.Users"/>, or -1 when the sink does not read users.</summary>
    public int UserId { get; }

    /// <summary>Id in <see cref="EventSymbols.Events"/>, or -1 when the sink does not read events.</summary>
    public int EventId { get; }

    public EventStatus Status { get; }

    /// <summary>UTC ticks, or <see cref="NoTimestamp"/>.</summary>
    public long TimestampTicks { get; }

    public long Line { get; }

    /// <summary>The measurement of a reading (kWh, or a sensor's value); 0 for events.</summary>
    public double Value { get; }

    /// <summary>A record the builder made whole (a Graph user's sign-in activity), for shapes with too many fields to carry here.</summary>
    public IInputRecord? Record { get; }

    /// <summary>For a reading, the id of its meter or sensor in <see cref="EventSymbols.Users"/>.</summary>
    public int SourceId => UserId;

    public bool HasTimestamp => TimestampTicks != NoTimestamp;

    public string User => Symbols.Users[UserId];

    public string Event => Symbols.Events[EventId];

    public DateTime? Timestamp => HasTimestamp ? new DateTime(TimestampTicks, DateTimeKind.Utc) : null;

    public EventRecord ToRecord(string source) => new(User, Event, Status, Timestamp, source, Line);

    /// <summary>The names <see cref="ToOutput"/> reads from the symbol tables for a shape: a Graph user comes whole from its builder.</summary>
    public static NameUse NamesForOutput(RecordShape shape) => RecordShapes.For(shape).NamesForOutput;

    /// <summary>The pipeline object for a record of the given shape (its descriptor's <see cref="RecordShapeDescriptor.ToOutput"/>).</summary>
    public IInputRecord ToOutput(string source, RecordShape shape) => RecordShapes.For(shape).ToOutput(this, source);
}
