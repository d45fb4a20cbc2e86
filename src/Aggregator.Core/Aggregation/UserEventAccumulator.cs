using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Aggregator.Reading;

namespace Aggregator.Aggregation;

/// <summary>Per-user totals, successes, failures and distinct event types (Measure-UserEvent).</summary>
public sealed class UserEventAccumulator : IEventAccumulator, IResultAccumulator<UserEventAccumulator, UserEventSummary>
{
    private UserTotals[] _users = new UserTotals[256];

    // The last record's ids, added when the next record comes (or before any read): its user's totals load meanwhile.
    private int _pendingUser = -1;
    private int _pendingEvent;
    private EventStatus _pendingStatus;

    public EventSymbols Symbols { get; } = new();

    public NameUse Names => NameUse.Both;

    public int UserCount => Symbols.Users.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in ParsedEvent record)
    {
        if (!ReferenceEquals(record.Symbols, Symbols))
        {
            Add(record.User, record.Event, record.Status);
            return;
        }

        int userId = record.UserId;
        if ((uint)userId < (uint)_users.Length)
        {
            Parsing.CacheHint.Prefetch(ref _users[userId]);
        }

        AddPending();
        _pendingUser = userId;
        _pendingEvent = record.EventId;
        _pendingStatus = record.Status;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddPending()
    {
        if (_pendingUser >= 0)
        {
            AddIds(_pendingUser, _pendingEvent, _pendingStatus);
            _pendingUser = -1;
        }
    }

    public void Add(EventRecord record) => Add(record.User, record.Event, record.Status);

    public void Add(string user, string @event, EventStatus status) =>
        AddIds(Symbols.Users.Intern(user), Symbols.Events.Intern(@event), status);

    /// <summary>Adds another accumulator's users into this one.</summary>
    public void Merge(UserEventAccumulator other)
    {
        other.AddPending();
        int[] eventMap = MapIds(other.Symbols.Events, Symbols.Events);
        for (int otherId = 0; otherId < other.UserCount; otherId++)
        {
            int id = Symbols.Users.InternFrom(other.Symbols.Users, otherId);
            EnsureCapacity(id);
            ref UserTotals target = ref _users[id];
            ref UserTotals source = ref other._users[otherId];
            target.Counts.Add(source.Counts);
            foreach (int eventId in source.Events.Ids())
            {
                target.Events.Add(eventMap[eventId]);
            }
        }
    }

    /// <summary>One summary per user, ordered by user name (ordinal).</summary>
    public IReadOnlyList<UserEventSummary> GetResults(CancellationToken cancellation = default)
    {
        AddPending();
        var results = new UserEventSummary[UserCount];
        var sharedLists = new Dictionary<ulong, EventTypeList>();   // users with the same event types share one list
        for (int id = 0; id < results.Length; id++)
        {
            ref UserTotals totals = ref _users[id];
            EventTypeList types;
            if (totals.Events.SmallMask is ulong mask)
            {
                if (!sharedLists.TryGetValue(mask, out types!))
                {
                    types = TypesOf(totals.Events);
                    sharedLists[mask] = types;
                }
            }
            else
            {
                types = TypesOf(totals.Events);
            }

            results[id] = new UserEventSummary(Symbols.Users[id], totals.Counts.Total, totals.Counts.Success,
                totals.Counts.Fail, types);
        }

        Array.Sort(results, UserOrder.Instance);
        return results;
    }

    private EventTypeList TypesOf(IdSet events)
    {
        string[] names = events.Ids().Select(eventId => Symbols.Events[eventId]).ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return EventTypeList.FromSorted(names);
    }

    internal static int[] MapIds(Parsing.SymbolTable from, Parsing.SymbolTable to)
    {
        var map = new int[from.Count];
        for (int id = 0; id < map.Length; id++)
        {
            map[id] = to.InternFrom(from, id);
        }

        return map;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddIds(int userId, int eventId, EventStatus status)
    {
        if (userId >= _users.Length)
        {
            EnsureCapacity(userId);
        }

        ref UserTotals totals = ref _users[userId];
        totals.Counts.Add(status);
        totals.Events.Add(eventId);
    }

    private void EnsureCapacity(int id)
    {
        if (id >= _users.Length)
        {
            Array.Resize(ref _users, Math.Max(_users.Length * 2, id + 1));
        }
    }

    private sealed class UserOrder : IComparer<UserEventSummary>
    {
        public static readonly UserOrder Instance = new();

        public int Compare(UserEventSummary? a, UserEventSummary? b) => string.CompareOrdinal(a!.User, b!.User);
    }

    private struct UserTotals
    {
        public StatusCounts Counts;
        public IdSet Events;
    }
}
