using System;

namespace Aggregator;

/// <summary>Event counts for one time interval, as emitted by Group-EventByHour.</summary>
public class EventTimeBucket
{
    public EventTimeBucket(DateTime start, long totalEvents, long success, long fail)
    {
        Start = start;
        TotalEvents = totalEvents;
        Success = success;
        Fail = fail;
    }

    /// <summary>UTC start of the interval.</summary>
    public DateTime Start { get; }

    public long TotalEvents { get; }

    public long Success { get; }

    public long Fail { get; }

    public override string ToString() => Start.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
