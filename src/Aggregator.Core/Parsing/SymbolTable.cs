using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace Aggregator.Parsing;

/// <summary>
/// Interns UTF-8 values (user names, event types) into dense ids and one shared string each,
/// so a reader allocates nothing for a value it has seen before and aggregators can index arrays by id.
/// </summary>
public sealed class SymbolTable
{
    // Values of up to 8 bytes (most user names and event types) are compared inside the bucket itself, so a lookup
    // costs one cache miss; longer values are confirmed against the byte arena.
    private const int InlineLength = 8;
    private const int LengthBits = 4;
    private const int LengthMask = (1 << LengthBits) - 1;

    private Bucket[] _buckets;
    private Entry[] _entries;
    private string[] _strings;
    private byte[] _bytes;
    private int _bytesUsed;
    private Dictionary<string, int>? _byString;

    public SymbolTable(int capacity = 256)
    {
        int size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }

        _buckets = new Bucket[size];
        _entries = new Entry[capacity];
        _strings = new string[capacity];
        _bytes = new byte[capacity * 16];
    }

    /// <summary>Number of distinct values; ids run from 0 to Count - 1.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes held by the table, to decide when a long-running reader should start a fresh one.</summary>
    public long ApproximateBytes => _bytes.Length + (long)_strings.Length * 64 + _buckets.Length * 16L;

    public string this[int id] => _strings[id];

    /// <summary>Returns the id of a UTF-8 value, adding it when new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Intern(ReadOnlySpan<byte> utf8) => Intern(utf8, new SymbolProbe(Hash(utf8, out ulong prefix), prefix));

    /// <summary>
    /// Hashes a value and starts loading its bucket, for an <see cref="Intern(ReadOnlySpan{byte}, in SymbolProbe)"/>
    /// of the same value a little later: with many distinct values the bucket is rarely in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal SymbolProbe Prepare(ReadOnlySpan<byte> utf8)
    {
        uint hash = Hash(utf8, out ulong prefix);
        Bucket[] buckets = _buckets;
        CacheHint.Prefetch(ref buckets[(int)hash & (buckets.Length - 1)]);
        return new SymbolProbe(hash, prefix);
    }

    /// <summary>Returns the id of a UTF-8 value hashed by <see cref="Prepare"/>, adding it when new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Intern(ReadOnlySpan<byte> utf8, in SymbolProbe probe) => FindOrAdd(utf8, probe, null);

    /// <summary>
    /// Returns the id of another table's value, adding it when new with that table's string. Merges use it: the value
    /// is matched by its bytes, as readers match it, and no text is encoded or allocated again.
    /// </summary>
    public int InternFrom(SymbolTable source, int sourceId)
    {
        Entry entry = source._entries[sourceId];
        ReadOnlySpan<byte> utf8 = source._bytes.AsSpan(entry.Offset, entry.Length);
        return FindOrAdd(utf8, new SymbolProbe(Hash(utf8, out ulong prefix), prefix), source._strings[sourceId]);
    }

    /// <summary>Returns the id of a string value, adding it when new.</summary>
    public int Intern(string value)
    {
        _byString ??= BuildStringIndex();
        if (_byString.TryGetValue(value, out int id))
        {
            return id;
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        return FindOrAdd(utf8, new SymbolProbe(Hash(utf8, out ulong prefix), prefix), value);
    }

    // The id of a hashed value, added when new (with its string, when the caller has one).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FindOrAdd(ReadOnlySpan<byte> utf8, in SymbolProbe probe, string? value)
    {
        int found = Find(utf8, probe.Hash, probe.Prefix, out int slot);
        return found >= 0 ? found : Add(utf8, probe.Hash, probe.Prefix, slot, value);
    }

    // Returns the id, or -1 with the empty slot where the value belongs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Find(ReadOnlySpan<byte> utf8, uint hash, ulong prefix, out int slot)
    {
        Bucket[] buckets = _buckets;
        int mask = buckets.Length - 1;
        int lengthTag = Math.Min(utf8.Length, LengthMask);
        slot = (int)hash & mask;
        while (true)
        {
            ref Bucket bucket = ref buckets[slot];
            if (bucket.IdAndLength == 0)
            {
                return -1;
            }

            if (bucket.Hash == hash && bucket.Prefix == prefix && (bucket.IdAndLength & LengthMask) == lengthTag)
            {
                int id = (bucket.IdAndLength >> LengthBits) - 1;
                if (utf8.Length <= InlineLength)
                {
                    return id;
                }

                Entry entry = _entries[id];
                if (ByteScan.SequenceEqual(utf8, _bytes.AsSpan(entry.Offset, entry.Length)))
                {
                    return id;
                }
            }

            slot = (slot + 1) & mask;
        }
    }

    private Dictionary<string, int> BuildStringIndex()
    {
        var index = new Dictionary<string, int>(Math.Max(Count, 16), StringComparer.Ordinal);
        for (int i = 0; i < Count; i++)
        {
            index[_strings[i]] = i;
        }

        return index;
    }

    private int Add(ReadOnlySpan<byte> utf8, uint hash, ulong prefix, int slot, string? value)
    {
        int id = Count;
        if (id >= (int.MaxValue >> LengthBits) - 1)
        {
            throw new InvalidOperationException("Too many distinct values.");
        }

        if (id == _entries.Length)
        {
            Array.Resize(ref _entries, id * 2);
            Array.Resize(ref _strings, id * 2);
        }

        if (_bytesUsed + utf8.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _bytesUsed + utf8.Length));
        }

        utf8.CopyTo(_bytes.AsSpan(_bytesUsed));
        _entries[id] = new Entry { Offset = _bytesUsed, Length = utf8.Length };
        string text = value ?? Encoding.UTF8.GetString(utf8);
        _strings[id] = text;
        _bytesUsed += utf8.Length;
        _buckets[slot] = new Bucket
        {
            Prefix = prefix,
            Hash = hash,
            IdAndLength = ((id + 1) << LengthBits) | Math.Min(utf8.Length, LengthMask),
        };
        Count = id + 1;
        _byString?.TryAdd(text, id);

        if (Count * 2 > _buckets.Length)
        {
            Rehash();
        }

        return id;
    }

    private void Rehash()
    {
        var buckets = new Bucket[_buckets.Length * 2];
        int mask = buckets.Length - 1;
        foreach (Bucket bucket in _buckets)
        {
            if (bucket.IdAndLength == 0)
            {
                continue;
            }

            int slot = (int)bucket.Hash & mask;
            while (buckets[slot].IdAndLength != 0)
            {
                slot = (slot + 1) & mask;
            }

            buckets[slot] = bucket;
        }

        _buckets = buckets;
    }

    // Short values dominate (user names, event types): mix 8 bytes at a time. The first 8 bytes come back as the prefix.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint Hash(ReadOnlySpan<byte> data, out ulong prefix)
    {
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)data.Length;
        prefix = 0;
        if (data.Length >= 8)
        {
            prefix = BitConverter.ToUInt64(data);
            while (data.Length >= 8)
            {
                h = (h ^ BitConverter.ToUInt64(data)) * 0xBF58476D1CE4E5B9UL;
                h ^= h >> 29;
                data = data.Slice(8);
            }
        }

        if (!data.IsEmpty)
        {
            ulong tail = PackShort(data);
            if (prefix == 0)
            {
                prefix = tail;
            }

            h = (h ^ tail) * 0x94D049BB133111EBUL;
        }

        h ^= h >> 31;
        h *= 0xD6E8FEB86659FD93UL;
        h ^= h >> 32;
        return (uint)h;
    }

    // The 1-7 bytes as a little-endian number, from two overlapping reads instead of a loop over the bytes: the
    // bytes both reads cover land on the same bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PackShort(ReadOnlySpan<byte> data)
    {
        int length = data.Length;
        if (length >= 4)
        {
            return BinaryPrimitives.ReadUInt32LittleEndian(data) |
                   (ulong)BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(length - 4)) << (8 * (length - 4));
        }

        if (length >= 2)
        {
            return BinaryPrimitives.ReadUInt16LittleEndian(data) |
                   (ulong)BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(length - 2)) << (8 * (length - 2));
        }

        return data[0];
    }

    private struct Bucket
    {
        public ulong Prefix;
        public uint Hash;
        public int IdAndLength;   // (id + 1) << LengthBits | min(length, 15); 0 = empty
    }

    private struct Entry
    {
        public int Offset;
        public int Length;
    }
}
