using System;

namespace Aggregator;

/// <summary>The fields that make two records exact duplicates for Import-EventRecord -Unique.</summary>
[Flags]
public enum DuplicateKey
{
    User = 1,
    Timestamp = 2,
    Event = 4,
    Status = 8,

    /// <summary>The default: same user, same time and same event.</summary>
    Default = User | Timestamp | Event,
}
