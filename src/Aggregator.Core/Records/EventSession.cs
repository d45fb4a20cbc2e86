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

    public override string ToString() => $"{User} {SessionStart:o} {EventCount}";
}
