using System;

namespace Aggregator;

/// <summary>Overall figures for a set of events, as emitted by Measure-EventRecord.</summary>
public sealed class EventStatistics
{
    public EventStatistics(long users, long totalEvents, long success, long fail, EventTypeList eventTypes,
        DateTime? firstTimestamp, DateTime? lastTimestamp)
    {
        Users = users;
        TotalEvents = totalEvents;
        Success = success;
        Fail = fail;
        EventTypes = eventTypes;
        FirstTimestamp = firstTimestamp;
        LastTimestamp = lastTimestamp;
    }

    /// <summary>Distinct users.</summary>
    public long Users { get; }

    public long TotalEvents { get; }

    public long Success { get; }

    public long Fail { get; }

    public double FailureRate => TotalEvents == 0 ? 0 : (double)Fail / TotalEvents;

    public EventTypeList EventTypes { get; }

    /// <summary>Earliest UTC timestamp, or null when no record had one.</summary>
    public DateTime? FirstTimestamp { get; }

    public DateTime? LastTimestamp { get; }

    /// <summary>
    /// The distinct users as a compact mergeable sketch (exact up to a limit, then a HyperLogLog), so that results
    /// from several hosts merge into the distinct count of all of them (Merge-Aggregate).
    /// </summary>
    public string UserSketch { get; init; } = string.Empty;

    /// <summary>False when a merge had to estimate a figure (the distinct users past the sketch's exact limit).</summary>
    public bool IsExact { get; init; } = true;
}
