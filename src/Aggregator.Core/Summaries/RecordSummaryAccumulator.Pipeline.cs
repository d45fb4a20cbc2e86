using System;
using System.Runtime.CompilerServices;
using Aggregator.Parsing;
using Aggregator.Sketches;

namespace Aggregator.Summaries;

/// <summary>
/// Records held back two steps, so that memory waits overlap reading: when a record comes, its key's table bucket
/// starts loading; a record later its key is interned and its group's cells start loading; a record after that its
/// figures go into them. Each step's memory has arrived by the time it is needed, as the event reader holds back one
/// record for its user's bucket. Only for one key field without a bin or top values (the common per-user summary);
/// every read of the results first releases what is held.
/// </summary>
public sealed partial class RecordSummaryAccumulator
{
    private const int MaxHeldKeyBytes = 64;

    private readonly bool _holds;
    private readonly HeldRecord?[] _held = new HeldRecord?[3];
    private HeldRecord? _probed;    // its key's bucket is loading
    private HeldRecord? _grouped;   // its group's cells are loading
    private HeldRecord? _direct;    // the figures of a record added at once (AddNow)

    private sealed class HeldRecord
    {
        public HeldRecord(int numeric, int distinct, int percentile)
        {
            Numbers = new double[numeric];
            Hashes = new ulong[distinct];
            HasHash = new bool[distinct];
            Percentiles = new double[percentile];
        }

        public readonly byte[] Key = new byte[MaxHeldKeyBytes];
        public int KeyLength;
        public bool HasKey;
        public SymbolProbe Probe;
        public int Group;
        public readonly double[] Numbers;
        public readonly ulong[] Hashes;
        public readonly bool[] HasHash;
        public readonly double[] Percentiles;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryHold(SummaryRow row)
    {
        int keyField = _keyFields[0];
        bool hasKey = row.HasValue(keyField);
        ReadOnlySpan<byte> key = hasKey ? row.Text(keyField) : default;
        if (key.Length > MaxHeldKeyBytes)
        {
            return false;
        }

        HeldRecord held = FreeHeldRecord();
        held.HasKey = hasKey;
        held.KeyLength = key.Length;
        key.CopyTo(held.Key);
        held.Probe = hasKey ? _keyTables[0].Prepare(key) : default;
        Fill(held, row);
        if (_grouped is not null)
        {
            Apply(_grouped);
        }

        _grouped = _probed;
        if (_grouped is not null)
        {
            FindGroup(_grouped);
        }

        _probed = held;
        return true;
    }

    /// <summary>Copies what the record adds to its group: the numbers, and the hashes of its distinct values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private void Fill(HeldRecord held, SummaryRow row)
    {
        for (int i = 0; i < _numericFields.Length; i++)
        {
            held.Numbers[i] = row.Numbers[_numericFields[i]];
        }

        for (int i = 0; i < _distinctFields.Length; i++)
        {
            held.HasHash[i] = row.HasValue(_distinctFields[i]);
            held.Hashes[i] = held.HasHash[i] ? ValueHash.Utf8(row.Text(_distinctFields[i])) : 0;
        }

        for (int i = 0; i < _percentileFields.Length; i++)
        {
            held.Percentiles[i] = row.Numbers[_percentileFields[i]];
        }
    }

    /// <summary>Adds every held record; called before anything reads or merges the groups.</summary>
    private void ReleaseHeld()
    {
        if (_grouped is not null)
        {
            Apply(_grouped);
            _grouped = null;
        }

        if (_probed is not null)
        {
            FindGroup(_probed);
            Apply(_probed);
            _probed = null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private HeldRecord FreeHeldRecord()
    {
        foreach (HeldRecord? held in _held)
        {
            if (held is not null && !ReferenceEquals(held, _probed) && !ReferenceEquals(held, _grouped))
            {
                return held;
            }
        }

        int slot = Array.IndexOf(_held, null);
        return _held[slot] = NewHeldRecord();
    }

    private HeldRecord NewHeldRecord() => new(_numericFields.Length, _distinctFields.Length, _percentileFields.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private void FindGroup(HeldRecord held)
    {
        int id = held.HasKey ? _keyTables[0].Intern(held.Key.AsSpan(0, held.KeyLength), held.Probe) : -1;
        held.Group = GroupById(id);
        _table.Prefetch(held.Group);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private void Apply(HeldRecord held)
    {
        int group = held.Group;
        _table.AddRecord(group);
        for (int i = 0; i < held.Numbers.Length; i++)
        {
            if (!double.IsNaN(held.Numbers[i]))
            {
                _table.AddNumber(group, i, held.Numbers[i]);
            }
        }

        for (int i = 0; i < held.Hashes.Length; i++)
        {
            if (held.HasHash[i])
            {
                _table.AddHash(group, i, held.Hashes[i]);
            }
        }

        for (int i = 0; i < held.Percentiles.Length; i++)
        {
            if (!double.IsNaN(held.Percentiles[i]))
            {
                _table.AddPercentileValue(group, i, held.Percentiles[i]);
            }
        }
    }
}
