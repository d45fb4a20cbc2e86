using System;
using System.Collections.Generic;
using System.Text;

namespace Aggregator.Parsing;

/// <summary>
/// Interns UTF-8 values (user names, event types) into dense ids and one shared string each,
/// so a reader allocates nothing for a value it has seen before and aggregators can index arrays by id.
/// </summary>
public sealed class SymbolTable
{
    private int[] _buckets;          // id + 1, 0 = empty
    private int[] _hashes;
    private int[] _offsets;
    private int[] _lengths;
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

        _buckets = new int[size];
        _hashes = new int[capacity];
        _offsets = new int[capacity];
        _lengths = new int[capacity];
        _strings = new string[capacity];
        _bytes = new byte[capacity * 16];
    }

    /// <summary>Number of distinct values; ids run from 0 to Count - 1.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes held by the table, to decide when a long-running reader should start a fresh one.</summary>
    public long ApproximateBytes => _bytes.Length + (long)_strings.Length * 48 + _buckets.Length * 4L;

    public string this[int id] => _strings[id];

    /// <summary>Returns the id of a UTF-8 value, adding it when new.</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        int hash = Hash(utf8);
        int found = Find(utf8, hash, out int slot);
        return found >= 0 ? found : Add(utf8, hash, slot, null);
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
        int hash = Hash(utf8);
        int found = Find(utf8, hash, out int slot);
        return found >= 0 ? found : Add(utf8, hash, slot, value);
    }

    // Returns the id, or -1 with the empty slot where the value belongs.
    private int Find(ReadOnlySpan<byte> utf8, int hash, out int slot)
    {
        int mask = _buckets.Length - 1;
        slot = hash & mask;
        while (true)
        {
            int entry = _buckets[slot] - 1;
            if (entry < 0)
            {
                return -1;
            }

            if (_hashes[entry] == hash && utf8.SequenceEqual(_bytes.AsSpan(_offsets[entry], _lengths[entry])))
            {
                return entry;
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

    private int Add(ReadOnlySpan<byte> utf8, int hash, int slot, string? value)
    {
        int id = Count;
        if (id == _hashes.Length)
        {
            int capacity = id * 2;
            Array.Resize(ref _hashes, capacity);
            Array.Resize(ref _offsets, capacity);
            Array.Resize(ref _lengths, capacity);
            Array.Resize(ref _strings, capacity);
        }

        if (_bytesUsed + utf8.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _bytesUsed + utf8.Length));
        }

        utf8.CopyTo(_bytes.AsSpan(_bytesUsed));
        _hashes[id] = hash;
        _offsets[id] = _bytesUsed;
        _lengths[id] = utf8.Length;
        string text = value ?? Encoding.UTF8.GetString(utf8);
        _strings[id] = text;
        _bytesUsed += utf8.Length;
        _buckets[slot] = id + 1;
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
        var buckets = new int[_buckets.Length * 2];
        int mask = buckets.Length - 1;
        for (int id = 0; id < Count; id++)
        {
            int slot = _hashes[id] & mask;
            while (buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            buckets[slot] = id + 1;
        }

        _buckets = buckets;
    }

    // Short values dominate (user names, event types): mix 8 bytes at a time.
    private static int Hash(ReadOnlySpan<byte> data)
    {
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)data.Length;
        while (data.Length >= 8)
        {
            h = (h ^ BitConverter.ToUInt64(data)) * 0xBF58476D1CE4E5B9UL;
            h ^= h >> 29;
            data = data.Slice(8);
        }

        if (!data.IsEmpty)
        {
            ulong tail = 0;
            for (int i = 0; i < data.Length; i++)
            {
                tail |= (ulong)data[i] << (8 * i);
            }

            h = (h ^ tail) * 0x94D049BB133111EBUL;
        }

        h ^= h >> 31;
        h *= 0xD6E8FEB86659FD93UL;
        h ^= h >> 32;
        return (int)h & 0x7FFFFFFF;
    }
}
