using System;
using System.Collections.Generic;

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

    private KeyValuePair<string, string?>[]? _extraFields;

    /// <summary>
    /// The values of the extra paths read with the record (Import-EventRecord -Property), in the order asked; empty when
    /// none were asked for. A method rather than a property, so that Export-Csv and ConvertTo-Json show only what the
    /// cmdlet adds as note properties, never a collection cell.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> GetExtraFields() =>
        _extraFields ?? Array.Empty<KeyValuePair<string, string?>>();

    internal void SetExtraFields(KeyValuePair<string, string?>[] values) => _extraFields = values;

    public override string ToString() => $"{User} {Event} {Status}";
}
