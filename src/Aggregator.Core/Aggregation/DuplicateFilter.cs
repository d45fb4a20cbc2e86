using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Aggregation;

/// <summary>
/// Streaming exact-duplicate removal: the first record with a key passes, later ones are dropped. Order is kept.
/// Remembers every distinct key it has seen, as any exact de-duplication must, as 16 bytes each: users and events are
/// numbered once, and a key is (time, user number, event number and status). Keys are kept in one small table per hour
/// of time: event data comes mostly in time order, so the table in use stays in the CPU cache instead of every record
/// missing it in one big table. Safe for several reader threads at once: each table has its own lock, and each thread
/// numbers names and remembers its current table through its own <see cref="NameMap"/>.
/// </summary>
public sealed class DuplicateFilter
{
    private const long WindowTicks = TimeSpan.TicksPerHour;

    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<long, KeyTable> _windows = new();
    private readonly NameMap _stringNames;
    private readonly bool _byUser;
    private readonly bool _byEvent;
    private readonly bool _byTime;
    private readonly bool _byStatus;
    private long _removed;

    public DuplicateFilter(DuplicateKey key = DuplicateKey.Default)
    {
        if ((key & (DuplicateKey.User | DuplicateKey.Timestamp | DuplicateKey.Event | DuplicateKey.Status)) == 0)
        {
            throw new ArgumentException("A duplicate key needs at least one field.", nameof(key));
        }

        Key = key;
        _byUser = (key & DuplicateKey.User) != 0;
        _byEvent = (key & DuplicateKey.Event) != 0;
        _byTime = (key & DuplicateKey.Timestamp) != 0;
        _byStatus = (key & DuplicateKey.Status) != 0;
        _stringNames = new NameMap(this);
    }

    public DuplicateKey Key { get; }

    /// <summary>The names a reader must intern for <see cref="IsFirst(in ParsedEvent, NameMap)"/>.</summary>
    public NameUse Names => (_byUser ? NameUse.User : NameUse.None) | (_byEvent ? NameUse.Event : NameUse.None);

    /// <summary>Records dropped so far.</summary>
    public long Removed => Interlocked.Read(ref _removed);

    /// <summary>True for the first record with its key; false (and counted) for a duplicate.</summary>
    public bool IsFirst(string user, string @event, EventStatus status, DateTime? timestamp)
    {
        lock (_stringNames)
        {
            int userNumber = _byUser ? Number(_users, user) : 0;
            int eventNumber = _byEvent ? Number(_events, @event) : 0;
            return IsFirst(userNumber, eventNumber, status, timestamp?.Ticks ?? ParsedEvent.NoTimestamp, _stringNames);
        }
    }

    /// <summary>The same for a record straight from a reader, which must have interned <see cref="Names"/>.</summary>
    /// <param name="names">The calling thread's own map; see <see cref="CreateNameMap"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsFirst(in ParsedEvent record, NameMap names)
    {
        int userNumber = _byUser ? names.User(in record) : 0;
        int eventNumber = _byEvent ? names.Event(in record) : 0;
        return IsFirst(userNumber, eventNumber, record.Status, record.TimestampTicks, names);
    }

    /// <summary>A map from one reader thread's interned ids to this filter's numbers.</summary>
    public NameMap CreateNameMap() => new(this);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool IsFirst(int user, int @event, EventStatus status, long ticks, NameMap names)
    {
        long time = _byTime ? ticks : 0;
        int eventAndStatus = ((@event + 1) << 2) | (_byStatus ? (int)status : 0);   // never 0: 0 marks an empty slot
        ulong hash = Mix((ulong)time ^ ((ulong)(uint)user << 32 | (uint)eventAndStatus));
        long window = time == ParsedEvent.NoTimestamp ? long.MinValue : time / WindowTicks;
        KeyTable table = names.Window == window && names.Table is not null ? names.Table : TableFor(window, names);
        bool added;
        lock (table)
        {
            added = table.Add(time, user, eventAndStatus, hash);
        }

        if (!added)
        {
            Interlocked.Increment(ref _removed);
        }

        return added;
    }

    private KeyTable TableFor(long window, NameMap names)
    {
        lock (_windows)
        {
            if (!_windows.TryGetValue(window, out KeyTable? table))
            {
                // Sized for as many keys as the table last left, since neighbouring hours hold about as many records.
                table = new KeyTable(names.Table?.Count ?? 0);
                _windows.Add(window, table);
            }

            names.Window = window;
            names.Table = table;
            return table;
        }
    }

    private int Number(Dictionary<string, int> numbers, string name)
    {
        lock (numbers)
        {
            if (!numbers.TryGetValue(name, out int number))
            {
                number = numbers.Count;
                numbers.Add(name, number);
            }

            return number;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong value)
    {
        value ^= value >> 33;
        value *= 0xFF51AFD7ED558CCDUL;
        value ^= value >> 33;
        value *= 0xC4CEB9FE1A85EC53UL;
        return value ^ (value >> 33);
    }

    /// <summary>One reader thread's translation from its symbol tables' ids to the filter's numbers, filled as names appear.</summary>
    public sealed class NameMap
    {
        private readonly DuplicateFilter _filter;
        private EventSymbols? _symbols;
        private int[] _users = Array.Empty<int>();
        private int[] _events = Array.Empty<int>();

        internal NameMap(DuplicateFilter filter) => _filter = filter;

        /// <summary>The time window of the table last used, so that the next record in it needs no lookup.</summary>
        internal long Window { get; set; }

        internal KeyTable? Table { get; set; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal int User(in ParsedEvent record)
        {
            Follow(record.Symbols);
            int id = record.UserId;
            return IdMap.TryGet(_users, id, out int number) ? number : Lookup(ref _users, id, _filter._users, record.Symbols.Users);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal int Event(in ParsedEvent record)
        {
            Follow(record.Symbols);
            int id = record.EventId;
            return IdMap.TryGet(_events, id, out int number) ? number : Lookup(ref _events, id, _filter._events, record.Symbols.Events);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Follow(EventSymbols symbols)
        {
            if (!ReferenceEquals(symbols, _symbols))
            {
                Restart(symbols);
            }
        }

        private void Restart(EventSymbols symbols)
        {
            _symbols = symbols;
            _users = Array.Empty<int>();
            _events = Array.Empty<int>();
        }

        private int Lookup(ref int[] map, int id, Dictionary<string, int> numbers, SymbolTable names) =>
            IdMap.Slot(ref map, id) = _filter.Number(numbers, names[id]);
    }

    // Open addressing with linear probing over 16-byte entries; starts small (an hour may hold one record) and
    // doubles at three quarters full. Ordinary arrays: on the pinned heap the GC would never copy them, but two
    // workers ran slower (docs/benchmarks.md).
    internal sealed class KeyTable
    {
        private Entry[] _entries;
        private int _count;

        public KeyTable(int expected)
        {
            _entries = new Entry[Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Min(expected, 1 << 24) * 4 / 3 + 1))];
        }

        public int Count => _count;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Add(long time, int user, int eventAndStatus, ulong hash)
        {
            if (_count * 4 >= _entries.Length * 3)
            {
                Grow();
            }

            Entry[] entries = _entries;
            int mask = entries.Length - 1;
            for (int i = (int)hash & mask; ; i = (i + 1) & mask)
            {
                ref Entry entry = ref entries[i];
                if (entry.EventAndStatus == 0)
                {
                    entry = new Entry { Time = time, User = user, EventAndStatus = eventAndStatus };
                    _count++;
                    return true;
                }

                if (entry.Time == time && entry.User == user && entry.EventAndStatus == eventAndStatus)
                {
                    return false;
                }
            }
        }

        private void Grow()
        {
            Entry[] old = _entries;
            _entries = new Entry[old.Length * 2];
            int mask = _entries.Length - 1;
            foreach (Entry entry in old)
            {
                if (entry.EventAndStatus == 0)
                {
                    continue;
                }

                ulong hash = Mix((ulong)entry.Time ^ ((ulong)(uint)entry.User << 32 | (uint)entry.EventAndStatus));
                int i = (int)hash & mask;
                while (_entries[i].EventAndStatus != 0)
                {
                    i = (i + 1) & mask;
                }

                _entries[i] = entry;
            }
        }

        private struct Entry
        {
            public long Time;
            public int User;
            public int EventAndStatus;
        }
    }
}
