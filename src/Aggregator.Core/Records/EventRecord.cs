using System;

namespace Aggregator;

/// <summary>One valid input event, as emitted by Import-EventRecord.</summary>
public sealed class EventRecord : IInputRecord
{
    public EventRecord()
    {
        User = string.Empty;
        Event = string.Empty;
        Source = string.Empty;
    }

    public EventRecord(string user, string @event, EventStatus status, DateTime? timestamp, string source, long line)
    {
        User = user;
        Event = @event;
        Status = status;
        Timestamp = timestamp;
        Source = source;
        Line = line;
    }

    public string User { get; set; }

    public string Event { get; set; }

    public EventStatus Status { get; set; }

    /// <summary>UTC time of the event, or null when the record had none.</summary>
    public DateTime? Timestamp { get; set; }

    /// <summary>The file the record came from.</summary>
    public string Source { get; set; }

    /// <summary>1-based line in <see cref="Source"/> where the record starts.</summary>
    public long Line { get; set; }

    public override string ToString() => $"{User} {Event} {Status}";
}
