using System;

namespace Aggregator.Reading;

/// <summary>
/// Which names a consumer reads from <see cref="ParsedEvent"/>. A reader interns only those: looking up a user among
/// many is a cache miss per record, and hourly counts need neither user nor event. Validation is the same either way.
/// </summary>
[Flags]
public enum NameUse
{
    None = 0,
    User = 1,
    Event = 2,
    Both = User | Event,
}
