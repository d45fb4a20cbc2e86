namespace Aggregator;

/// <summary>What Group-EventByHour -By splits each interval by.</summary>
public enum TimeBucketKey
{
    None,
    User,
    Event,
    Status,
}
