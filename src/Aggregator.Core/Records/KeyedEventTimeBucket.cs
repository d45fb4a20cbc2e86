using System;

namespace Aggregator;

/// <summary>Event counts for one interval and one key (user, event or status), from Group-EventByHour -By.</summary>
public sealed class KeyedEventTimeBucket : EventTimeBucket
{
    public KeyedEventTimeBucket(DateTime start, string key, long totalEvents, long success, long fail)
        : base(start, totalEvents, success, fail)
    {
        Key = key;
    }

    public string Key { get; }

    public override string ToString() => base.ToString() + " " + Key;
}
