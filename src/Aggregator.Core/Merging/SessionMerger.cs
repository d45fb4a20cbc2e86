using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Aggregator.Merging;

/// <summary>
/// Sessions from several runs (Get-EventSession), such as one user's events split across hosts. Each user's sessions
/// are ordered by start and joined while the next starts within the idle timeout of the end so far: the events of the
/// two then have no gap longer than the timeout, so one run over all of them makes the same session. Without a timeout
/// every session of a user joins. Exact, except where joining would pass -MaxDuration: where one run would have cut
/// depends on events the parts no longer hold, so the parts stay apart and the result says it is not exact.
/// </summary>
public sealed class SessionMerger : ResultMerger<SessionMerger, EventSession>
{
    private readonly Dictionary<string, List<EventSession>> _users = new(StringComparer.Ordinal);
    private (TimeSpan? Idle, TimeSpan? Max)? _limits;

    public override ResultKind Kind => ResultKind.EventSession;

    public override EventSession Read(ResultProperties properties) => new(
        properties.Text("User"), properties.DateTimeUtc("SessionStart"), properties.DateTimeUtc("SessionEnd"), properties.Long("EventCount"))
    {
        IdleTimeout = properties.OptionalTimeSpan("IdleTimeout"),
        MaxDuration = properties.OptionalTimeSpan("MaxDuration"),
    };

    protected override void AddResult(EventSession result)
    {
        var limits = (result.IdleTimeout, result.MaxDuration);
        _limits ??= limits;
        if (_limits != limits)
        {
            throw new ArgumentException(
                $"Sessions made with different limits cannot merge: -IdleTimeout {Show(_limits.Value.Idle)} -MaxDuration {Show(_limits.Value.Max)} " +
                $"and -IdleTimeout {Show(limits.IdleTimeout)} -MaxDuration {Show(limits.MaxDuration)}.");
        }

        if (!_users.TryGetValue(result.User, out List<EventSession>? sessions))
        {
            _users[result.User] = sessions = new List<EventSession>();
        }

        sessions.Add(result);
    }

    private static string Show(TimeSpan? limit) => limit?.ToString("c") ?? "(none)";

    public override void Merge(SessionMerger other)
    {
        MergeCommon(other);
        foreach (EventSession session in other._users.Values.SelectMany(sessions => sessions))
        {
            AddResult(session);
        }
    }

    /// <summary>Sessions ordered by user (ordinal), then start, as Get-EventSession orders them.</summary>
    public override IReadOnlyList<EventSession> GetResults(CancellationToken cancellation = default)
    {
        var results = new List<EventSession>();
        TimeSpan? idle = _limits?.Idle, longest = _limits?.Max;
        foreach (var (user, sessions) in _users.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            cancellation.ThrowIfCancellationRequested();
            sessions.Sort((a, b) => a.SessionStart != b.SessionStart ? a.SessionStart.CompareTo(b.SessionStart) : a.SessionEnd.CompareTo(b.SessionEnd));
            DateTime start = sessions[0].SessionStart, end = sessions[0].SessionEnd;
            long count = sessions[0].EventCount;
            foreach (EventSession next in sessions.Skip(1))
            {
                bool withinIdle = idle is null || next.SessionStart - end <= idle;
                DateTime joinedEnd = next.SessionEnd > end ? next.SessionEnd : end;
                bool withinLongest = longest is null || joinedEnd - start <= longest;
                if (withinIdle && withinLongest)
                {
                    end = joinedEnd;
                    count += next.EventCount;
                    continue;
                }

                if (withinIdle)
                {
                    MarkInexact($"Sessions of '{user}' within -IdleTimeout of each other would together pass -MaxDuration {Show(longest)}; " +
                        "where one run over all the events would cut them cannot be told from the parts, so they stay apart.");
                }

                results.Add(Session(user, start, end, count));
                (start, end, count) = (next.SessionStart, next.SessionEnd, next.EventCount);
            }

            results.Add(Session(user, start, end, count));
        }

        return results;
    }

    private EventSession Session(string user, DateTime start, DateTime end, long count) =>
        new(user, start, end, count) { IdleTimeout = _limits?.Idle, MaxDuration = _limits?.Max };
}
