using System;

namespace Aggregator;

/// <summary>One user's run of activity, as emitted by Get-EventSession.</summary>
public sealed class EventSession
{
    public EventSession(string user, DateTime sessionStart, DateTime sessionEnd, long eventCount)
    {
        User = user;
        SessionStart = sessionStart;
        SessionEnd = sessionEnd;
        EventCount = eventCount;
    }

    public string User { get; }

    /// <summary>UTC time of the session's first event.</summary>
    public DateTime SessionStart { get; }

    /// <summary>UTC time of the session's last event.</summary>
    public DateTime SessionEnd { get; }

    public TimeSpan Duration => SessionEnd - SessionStart;

    public long EventCount { get; }

    /// <summary>The -IdleTimeout the session was split by, or null; Merge-Aggregate joins partial sessions by it.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>The -MaxDuration the session was cut by, or null.</summary>
    public TimeSpan? MaxDuration { get; init; }

    public override string ToString() => $"{User} {SessionStart:o} {EventCount}";
}
