using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Aggregator.Reading;

namespace Aggregator.Aggregation;

/// <summary>
/// Per-user sessions (Get-EventSession). By default one session per user, from the first event to the last; with an
/// idle timeout a gap longer than it starts a new session, and with a maximum duration a session that would grow
/// longer is cut. Input may come in any order: splitting needs each user's times, so they are kept and sorted at the end.
/// </summary>
public sealed class SessionAccumulator : IEventAccumulator, IResultAccumulator<SessionAccumulator, EventSession>
{
    private readonly bool _keepTimes;
    private UserTimes[] _users = new UserTimes[256];

    public SessionAccumulator(TimeSpan? idleTimeout = null, TimeSpan? maxDuration = null)
    {
        if (idleTimeout <= TimeSpan.Zero || maxDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(idleTimeout <= TimeSpan.Zero ? nameof(idleTimeout) : nameof(maxDuration),
                "Session limits must be longer than zero.");
        }

        IdleTimeout = idleTimeout;
        MaxDuration = maxDuration;
        _keepTimes = idleTimeout is not null || maxDuration is not null;
    }

    public TimeSpan? IdleTimeout { get; }

    public TimeSpan? MaxDuration { get; }

    public EventSymbols Symbols { get; } = new();

    public NameUse Names => NameUse.User;

    /// <summary>Records left out because they had no timestamp.</summary>
    public long WithoutTimestamp { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in ParsedEvent record)
    {
        if (!record.HasTimestamp)
        {
            WithoutTimestamp++;
            return;
        }

        int id = ReferenceEquals(record.Symbols, Symbols) ? record.UserId : Symbols.Users.Intern(record.User);
        AddTime(id, record.TimestampTicks);
    }

    public void Add(EventRecord record)
    {
        if (record.Timestamp is not DateTime time)
        {
            WithoutTimestamp++;
            return;
        }

        AddTime(Symbols.Users.Intern(record.User), Parsing.TimestampParser.ToUtcTicks(time));
    }

    public void Merge(SessionAccumulator other)
    {
        WithoutTimestamp += other.WithoutTimestamp;
        // Users whose records all lacked a timestamp are in the symbol table but were never given times.
        int withTimes = Math.Min(other.Symbols.Users.Count, other._users.Length);
        for (int otherId = 0; otherId < withTimes; otherId++)
        {
            int id = Symbols.Users.InternFrom(other.Symbols.Users, otherId);
            EnsureCapacity(id);
            _users[id].Merge(ref other._users[otherId]);
        }
    }

    /// <summary>Sessions ordered by user (ordinal), then start.</summary>
    public IReadOnlyList<EventSession> GetResults(CancellationToken cancellation = default)
    {
        var sessions = new List<EventSession>();
        int withTimes = Math.Min(Symbols.Users.Count, _users.Length);
        for (int id = 0; id < withTimes; id++)
        {
            ref UserTimes times = ref _users[id];
            if (times.Count == 0)
            {
                continue;   // every record of this user lacked a timestamp
            }

            string user = Symbols.Users[id];
            if (!_keepTimes)
            {
                sessions.Add(Session(user, times.First, times.Last, times.Count));
                continue;
            }

            Split(user, times.Sorted(), sessions);
        }

        sessions.Sort((a, b) =>
        {
            int byUser = string.CompareOrdinal(a.User, b.User);
            return byUser != 0 ? byUser : a.SessionStart.CompareTo(b.SessionStart);
        });
        return sessions;
    }

    private void Split(string user, ReadOnlySpan<long> times, List<EventSession> sessions)
    {
        long idle = IdleTimeout?.Ticks ?? long.MaxValue;
        long longest = MaxDuration?.Ticks ?? long.MaxValue;
        int start = 0;
        for (int i = 1; i < times.Length; i++)
        {
            if (times[i] - times[i - 1] > idle || times[i] - times[start] > longest)
            {
                sessions.Add(Session(user, times[start], times[i - 1], i - start));
                start = i;
            }
        }

        sessions.Add(Session(user, times[start], times[^1], times.Length - start));
    }

    private EventSession Session(string user, long first, long last, long count) =>
        new(user, new DateTime(first, DateTimeKind.Utc), new DateTime(last, DateTimeKind.Utc), count)
        {
            IdleTimeout = IdleTimeout,
            MaxDuration = MaxDuration,
        };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddTime(int id, long ticks)
    {
        EnsureCapacity(id);
        _users[id].Add(ticks, _keepTimes);
    }

    private void EnsureCapacity(int id)
    {
        if (id >= _users.Length)
        {
            Array.Resize(ref _users, Math.Max(_users.Length * 2, id + 1));
        }
    }

    private struct UserTimes
    {
        public long First;
        public long Last;
        public long Count;
        private List<long>? _times;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(long ticks, bool keep)
        {
            if (Count == 0 || ticks < First)
            {
                First = ticks;
            }

            if (Count == 0 || ticks > Last)
            {
                Last = ticks;
            }

            Count++;
            if (keep)
            {
                (_times ??= new List<long>()).Add(ticks);
            }
        }

        public void Merge(ref UserTimes other)
        {
            if (other.Count == 0)
            {
                return;
            }

            First = Count == 0 ? other.First : Math.Min(First, other.First);
            Last = Count == 0 ? other.Last : Math.Max(Last, other.Last);
            Count += other.Count;
            if (other._times is not null)
            {
                (_times ??= new List<long>()).AddRange(other._times);
            }
        }

        public ReadOnlySpan<long> Sorted()
        {
            _times!.Sort();
            return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_times);
        }
    }
}
