using System;
using System.Collections.Generic;
using Aggregator.Aggregation;

namespace Aggregator.Sketches;

/// <summary>
/// The most frequent values by the space-saving algorithm (Metwally, Agrawal and El Abbadi): at most
/// <see cref="Capacity"/> values are monitored. A new value when all slots are taken replaces the one with the
/// smallest count and inherits that count as its error. Counts are exact while no value was ever replaced.
/// </summary>
public sealed class TopValues : IMergeable<TopValues>
{
    public const int DefaultCapacity = 256;

    /// <summary>The largest capacity a sketch accepts.</summary>
    public const int MaxCapacity = 1 << 20;

    private const string Tag = "top1";
    private const string What = "top values";
    private const byte ExactFlag = 1;

    private readonly int _capacity;
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);

    // A min-heap: the root is the entry that goes first, the smallest count and, among equal counts, the greatest
    // value name (the one Top would list last).
    private Entry[] _heap;
    private int _size;
    private long _total;
    private bool _exact = true;

    /// <param name="capacity">How many values are monitored, 1 to <see cref="MaxCapacity"/>.</param>
    public TopValues(int capacity = DefaultCapacity)
    {
        if (capacity < 1 || capacity > MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity,
                $"The capacity must be between 1 and {MaxCapacity}.");
        }

        _capacity = capacity;
        _heap = new Entry[Math.Min(capacity, 64)];
    }

    /// <summary>How many values are monitored at most.</summary>
    public int Capacity => _capacity;

    /// <summary>How many values are monitored now.</summary>
    public int Monitored => _size;

    /// <summary>The sum of all counts added (exact).</summary>
    public long Total => _total;

    /// <summary>True while no value was ever replaced: every count is exact and every value seen is monitored.</summary>
    public bool IsExact => _exact;

    /// <summary>
    /// Any true count of a value that is not monitored is at most this: 0 while exact, else the smallest monitored count.
    /// </summary>
    public long UnmonitoredBound => _exact || _size == 0 ? 0 : _heap[0].Count;

    /// <summary>Adds <paramref name="count"/> (at least 1) occurrences of a value; values are compared ordinally.</summary>
    public void Add(string value, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The count must be at least 1.");
        }

        _total = checked(_total + count);
        if (_slots.TryGetValue(value, out int slot))
        {
            _heap[slot].Count = checked(_heap[slot].Count + count);
            SiftDown(slot);
            return;
        }

        if (_size < _capacity)
        {
            if (_size == _heap.Length)
            {
                Array.Resize(ref _heap, Math.Min(_capacity, _heap.Length * 2));
            }

            _heap[_size] = new Entry(value, count, 0);
            _slots[value] = _size;
            SiftUp(_size++);
            return;
        }

        Entry evicted = _heap[0];
        _slots.Remove(evicted.Value);
        _heap[0] = new Entry(value, checked(evicted.Count + count), evicted.Count);
        _slots[value] = 0;
        _exact = false;
        SiftDown(0);
    }

    /// <summary>
    /// Takes in another sketch (the mergeable space-saving summary): a value's count and error are the sums of its
    /// counts and errors in both, where a value one sketch does not monitor counts as that sketch's
    /// <see cref="UnmonitoredBound"/> in both; then the top <see cref="Capacity"/> are kept. Commutative; associative
    /// within the error bounds.
    /// </summary>
    public void Merge(TopValues other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long mine = UnmonitoredBound;
        long theirs = other.UnmonitoredBound;
        var combined = new Dictionary<string, Entry>(_size + other._size, StringComparer.Ordinal);
        for (int i = 0; i < _size; i++)
        {
            Entry e = _heap[i];
            combined[e.Value] = new Entry(e.Value, checked(e.Count + theirs), checked(e.Error + theirs));
        }

        for (int i = 0; i < other._size; i++)
        {
            Entry e = other._heap[i];
            combined[e.Value] = combined.TryGetValue(e.Value, out Entry both)
                ? new Entry(e.Value, checked(both.Count - theirs + e.Count), checked(both.Error - theirs + e.Error))
                : new Entry(e.Value, checked(e.Count + mine), checked(e.Error + mine));
        }

        var entries = new List<Entry>(combined.Values);
        entries.Sort(RankOrder);
        bool dropped = entries.Count > _capacity;
        if (dropped)
        {
            entries.RemoveRange(_capacity, entries.Count - _capacity);
        }

        _total = checked(_total + other._total);
        _exact = _exact && other._exact && !dropped;
        Rebuild(entries);
    }

    /// <summary>The <paramref name="n"/> values with the highest counts, highest first; equal counts by ordinal value.</summary>
    public IReadOnlyList<TopValue> Top(int n)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The number of values must not be negative.");
        }

        var entries = new Entry[_size];
        Array.Copy(_heap, entries, _size);
        Array.Sort(entries, RankOrder);
        var top = new TopValue[Math.Min(n, _size)];
        for (int i = 0; i < top.Length; i++)
        {
            top[i] = new TopValue(entries[i].Value, entries[i].Count, entries[i].Error);
        }

        return top;
    }

    /// <summary>
    /// The state as printable ASCII, <c>top1:</c> then an encoding letter and base64: capacity, total and the
    /// monitored values with counts and errors in rank order, deflated when that is shorter.
    /// </summary>
    public string ToState()
    {
        var entries = new Entry[_size];
        Array.Copy(_heap, entries, _size);
        Array.Sort(entries, RankOrder);
        var writer = new StateWriter(32 + 24 * _size);
        writer.WriteByte(_exact ? ExactFlag : (byte)0);
        writer.WriteVarUInt64((ulong)_capacity);
        writer.WriteVarUInt64((ulong)_total);
        writer.WriteVarUInt64((ulong)_size);
        foreach (Entry e in entries)
        {
            writer.WriteVarUInt64((ulong)e.Count);
            writer.WriteVarUInt64((ulong)e.Error);
            writer.WriteString(e.Value);
        }

        return SketchState.Encode(Tag, writer.Written, tryDeflate: true);
    }

    /// <summary>A sketch from <see cref="ToState"/> text; a FormatException says what is wrong with other text.</summary>
    public static TopValues FromState(string state)
    {
        var reader = new StateReader(SketchState.Decode(state, Tag, What, SketchState.MaxPayloadBytes), What);
        byte flags = reader.ReadByte();
        if (flags > ExactFlag)
        {
            throw reader.Invalid($"unknown flags {flags}");
        }

        int capacity = (int)reader.ReadVarInt64(1, MaxCapacity, "the capacity");
        long total = reader.ReadVarInt64(0, long.MaxValue, "the total");
        int size = (int)reader.ReadVarInt64(0, capacity, "the number of values");
        var sketch = new TopValues(capacity);
        var entries = new List<Entry>(size);
        var names = new HashSet<string>(StringComparer.Ordinal);
        long counted = 0;
        for (int i = 0; i < size; i++)
        {
            long count = reader.ReadVarInt64(1, long.MaxValue, "a count");
            long error = reader.ReadVarInt64(0, count - 1, "an error");
            string value = reader.ReadString();
            if (!names.Add(value))
            {
                throw reader.Invalid("a value appears twice");
            }

            if (flags == ExactFlag && error != 0)
            {
                throw reader.Invalid("an exact sketch has a count with an error");
            }

            counted += count - error;
            if (counted > total || counted < 0)
            {
                throw reader.Invalid("the counts add up to more than the total");
            }

            entries.Add(new Entry(value, count, error));
        }

        reader.EnsureEnd();
        if (flags == ExactFlag && counted != total)
        {
            throw reader.Invalid("an exact sketch's counts do not add up to its total");
        }

        sketch._total = total;
        sketch._exact = flags == ExactFlag;
        sketch.Rebuild(entries);
        return sketch;
    }

    // Highest count first, then ordinal value name; the reverse of the heap's eviction order.
    private static int RankOrder(Entry a, Entry b)
    {
        int byCount = b.Count.CompareTo(a.Count);
        return byCount != 0 ? byCount : string.CompareOrdinal(a.Value, b.Value);
    }

    private static bool GoesFirst(in Entry a, in Entry b) => RankOrder(a, b) > 0;

    private void Rebuild(List<Entry> entries)
    {
        _heap = new Entry[Math.Max(Math.Min(_capacity, 64), entries.Count)];
        entries.CopyTo(_heap);
        _size = entries.Count;
        for (int i = _size / 2 - 1; i >= 0; i--)
        {
            SiftDown(i);
        }

        _slots.Clear();
        for (int i = 0; i < _size; i++)
        {
            _slots[_heap[i].Value] = i;
        }
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!GoesFirst(_heap[i], _heap[parent]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int first = i;
            int left = 2 * i + 1;
            if (left < _size && GoesFirst(_heap[left], _heap[first]))
            {
                first = left;
            }

            if (left + 1 < _size && GoesFirst(_heap[left + 1], _heap[first]))
            {
                first = left + 1;
            }

            if (first == i)
            {
                return;
            }

            Swap(i, first);
            i = first;
        }
    }

    private void Swap(int a, int b)
    {
        (_heap[a], _heap[b]) = (_heap[b], _heap[a]);
        _slots[_heap[a].Value] = a;
        _slots[_heap[b].Value] = b;
    }

    private struct Entry
    {
        public string Value;
        public long Count;
        public long Error;

        public Entry(string value, long count, long error)
        {
            Value = value;
            Count = count;
            Error = error;
        }
    }
}
