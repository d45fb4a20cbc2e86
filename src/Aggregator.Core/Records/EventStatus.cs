namespace Aggregator;

/// <summary>Outcome of an event. <see cref="None"/> means the record had no status field.</summary>
public enum EventStatus
{
    None = 0,
    Success = 1,
    Fail = 2,
}
