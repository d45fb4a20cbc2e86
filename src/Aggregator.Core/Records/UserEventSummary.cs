namespace Aggregator;

/// <summary>Per-user totals, as emitted by Measure-UserEvent.</summary>
public sealed class UserEventSummary
{
    public UserEventSummary(string user, long totalEvents, long success, long fail, EventTypeList eventTypes)
    {
        User = user;
        TotalEvents = totalEvents;
        Success = success;
        Fail = fail;
        EventTypes = eventTypes;
    }

    public string User { get; }

    public long TotalEvents { get; }

    public long Success { get; }

    public long Fail { get; }

    /// <summary>Fail / TotalEvents, between 0 and 1. Records without a status count towards the total only.</summary>
    public double FailureRate => TotalEvents == 0 ? 0 : (double)Fail / TotalEvents;

    public EventTypeList EventTypes { get; }

    public override string ToString() => User;
}
