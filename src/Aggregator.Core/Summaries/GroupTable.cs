using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Runtime.CompilerServices;
using Aggregator.Parsing;

namespace Aggregator.Summaries;

/// <summary>
/// The figures of a summary's groups, by group number, in flat arrays: the count, each numeric field's moments, the
/// first few distinct hashes of each distinct field and the last few values of each percentile field. A record then
/// touches a few array cells of its group instead of the sketches behind them, which with many groups is a cache miss
/// each. A field's hashes move to the group's DistinctCounter once there are more than fit. Its values wait in a
/// <see cref="ValueArena"/> chain, eight at a time, and go to the group's TDigest only when the chain is full (so a
/// group holds at most <see cref="ValueArena.MaxChainValues"/> waiting values); <see cref="Settled"/> folds everything
/// into the group's <see cref="SummaryGroup"/>.
/// </summary>
internal sealed class GroupTable
{
    private const int InlineHashes = 8;
    private const int PendingValues = ValueArena.ChunkSize;
    private const byte Spilled = byte.MaxValue;   // the field's hashes live in the group's DistinctCounter

    private readonly SummarySpec _spec;
    private readonly int _numeric;
    private readonly int _distinct;
    private readonly int _percentile;
    private SummaryGroup?[] _groups = Array.Empty<SummaryGroup?>();
    private long[] _counts = Array.Empty<long>();
    private NumericMoments[] _moments = Array.Empty<NumericMoments>();
    private ulong[] _hashes = Array.Empty<ulong>();
    private byte[] _hashCounts = Array.Empty<byte>();
    private double[] _pending = Array.Empty<double>();
    private byte[] _pendingCounts = Array.Empty<byte>();
    private readonly ValueArena _arena = new();
    // Tables taken over (other workers' partials) whose groups are folded in when the groups are settled.
    private readonly List<(GroupTable Table, int[] GroupOf)> _deferred = new();
    private int[] _chainHeads = Array.Empty<int>();
    private byte[] _chainLengths = Array.Empty<byte>();

    public GroupTable(SummarySpec spec)
    {
        _spec = spec;
        _numeric = spec.Numeric.Count;
        _distinct = spec.DistinctFields.Count;
        _percentile = spec.Percentiles.Count;
        Grow(64);
    }

    /// <summary>How many groups there are.</summary>
    public int Count { get; private set; }

    /// <summary>A new group's number.</summary>
    public int Add()
    {
        if (Count == _counts.Length)
        {
            Grow(Count * 2);
        }

        return Count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public void AddRecord(int group) => _counts[group]++;

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public void AddNumber(int group, int field, double value) => _moments[group * _numeric + field].Add(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public void AddHash(int group, int field, ulong hash)
    {
        int cell = group * _distinct + field;
        int known = _hashCounts[cell];
        if (known == Spilled)
        {
            SketchesOf(group).Distinct[field].AddHash(hash);
            return;
        }

        int at = cell * InlineHashes;
        for (int i = 0; i < known; i++)
        {
            if (_hashes[at + i] == hash)
            {
                return;
            }
        }

        if (known < InlineHashes)
        {
            _hashes[at + known] = hash;
            _hashCounts[cell] = (byte)(known + 1);
            return;
        }

        Spill(group, field, cell, hash);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public void AddPercentileValue(int group, int field, double value)
    {
        int cell = group * _percentile + field;
        int waiting = _pendingCounts[cell];
        _pending[cell * PendingValues + waiting] = value;
        if (++waiting == PendingValues)
        {
            Chain(group, field, cell);
            waiting = 0;
        }

        _pendingCounts[cell] = (byte)waiting;
    }

    /// <summary>Starts loading the group's cells, which a record held back will soon add to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public void Prefetch(int group)
    {
        CacheHint.Prefetch(ref _counts[group]);
        if (_numeric > 0)
        {
            CacheHint.Prefetch(ref _moments[group * _numeric]);
        }

        if (_distinct > 0)
        {
            CacheHint.Prefetch(ref _hashCounts[group * _distinct]);
            CacheHint.Prefetch(ref _hashes[group * _distinct * InlineHashes]);
        }

        if (_percentile > 0)
        {
            CacheHint.Prefetch(ref _pendingCounts[group * _percentile]);
            CacheHint.Prefetch(ref _pending[group * _percentile * PendingValues]);
        }
    }

    /// <summary>The group's sketches as they are, without what still waits in the arrays (for its top values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public SummaryGroup SketchesOf(int group) => _groups[group] ??= new SummaryGroup(_spec);

    /// <summary>The group with every figure folded in; what the arrays held is then in it, and they start again.</summary>
    public SummaryGroup Settled(int group) => Settle(group, freeChains: true);

    /// <summary>
    /// Settles every group, on every core: each group's cells are its own, and the chains are freed all at once
    /// afterwards, as the arena's free list is not shared between threads.
    /// </summary>
    public void SettleAll(CancellationToken cancellation)
    {
        // Each deferred group belongs to exactly one group here, so the threads never share one.
        var deferred = _deferred.Select(taken => (taken.Table, Inverse(taken.GroupOf))).ToArray();
        Parallel.For(0, Count, new ParallelOptions { CancellationToken = cancellation }, group =>
        {
            for (int field = 0; field < _percentile; field++)
            {
                int waiting = Waiting(group, field);
                foreach (var (table, theirGroupOf) in deferred)
                {
                    waiting += theirGroupOf[group] >= 0 ? table.Waiting(theirGroupOf[group], field) : 0;
                }

                SketchesOf(group).Digests[field].ReserveValues(waiting);
            }

            SummaryGroup sketches = Settle(group, freeChains: false);
            foreach (var (table, theirGroupOf) in deferred)
            {
                if (theirGroupOf[group] >= 0)
                {
                    table.FoldInto(sketches, theirGroupOf[group]);
                }
            }
        });
        _deferred.Clear();
        _arena.Clear();
        Array.Clear(_chainHeads);
        Array.Clear(_chainLengths);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SummaryGroup Settle(int group, bool freeChains)
    {
        SummaryGroup sketches = SketchesOf(group);
        AddCellsTo(sketches, group);
        ClearCells(group, freeChains);
        return sketches;
    }

    /// <summary>Adds what the group's cells hold (not its sketches) to <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddCellsTo(SummaryGroup target, int group)
    {
        target.Count += _counts[group];
        for (int field = 0; field < _numeric; field++)
        {
            target.Moments[field].Merge(_moments[group * _numeric + field]);
        }

        for (int field = 0; field < _distinct; field++)
        {
            int cell = group * _distinct + field;
            int known = _hashCounts[cell];
            for (int i = 0; known != Spilled && i < known; i++)
            {
                target.Distinct[field].AddHash(_hashes[cell * InlineHashes + i]);
            }
        }

        Span<double> chained = stackalloc double[ValueArena.MaxChainValues];
        for (int field = 0; field < _percentile; field++)
        {
            int cell = group * _percentile + field;
            int count = _arena.CopyOut(_chainHeads[cell], chained);
            target.Digests[field].Add(chained.Slice(0, count));
            target.Digests[field].Add(_pending.AsSpan(cell * PendingValues, _pendingCounts[cell]));
        }
    }

    /// <summary>Empties the group's cells once their figures are in its sketches; a spilled distinct field stays spilled.</summary>
    private void ClearCells(int group, bool freeChains)
    {
        _counts[group] = 0;
        Array.Clear(_moments, group * _numeric, _numeric);
        for (int field = 0; field < _distinct; field++)
        {
            int cell = group * _distinct + field;
            if (_hashCounts[cell] != Spilled)
            {
                _hashCounts[cell] = 0;
            }
        }

        for (int field = 0; field < _percentile; field++)
        {
            int cell = group * _percentile + field;
            if (freeChains)
            {
                _arena.Free(_chainHeads[cell]);
            }

            _chainHeads[cell] = 0;
            _chainLengths[cell] = 0;
            _pendingCounts[cell] = 0;
        }
    }

    /// <summary>
    /// Takes in <paramref name="other"/>, whose group g is this table's group groupOf[g], when the groups are settled
    /// (<see cref="SettleAll"/>); until then the other table must not change. Anything else that reads the groups calls
    /// <see cref="MergeDeferred"/> first.
    /// </summary>
    public void MergeLater(GroupTable other, int[] groupOf)
    {
        other.MergeDeferred();
        _deferred.Add((other, groupOf));
    }

    /// <summary>Folds the tables taken over by <see cref="MergeLater"/> in now, group by group.</summary>
    public void MergeDeferred()
    {
        foreach (var (table, groupOf) in _deferred)
        {
            for (int group = 0; group < groupOf.Length; group++)
            {
                table.FoldInto(Settled(groupOf[group]), group);
            }
        }

        _deferred.Clear();
    }

    /// <summary>Adds everything group <paramref name="from"/> of this table holds to another table's settled group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FoldInto(SummaryGroup settled, int from)
    {
        AddCellsTo(settled, from);
        if (_groups[from] is SummaryGroup sketches)
        {
            settled.Merge(sketches);
        }
    }

    /// <summary>The values of a percentile field that wait in the group's chain and row.</summary>
    private int Waiting(int group, int field)
    {
        int cell = group * _percentile + field;
        return _chainLengths[cell] * PendingValues + _pendingCounts[cell];
    }

    private int[] Inverse(int[] groupOf)
    {
        var theirs = new int[Count];
        Array.Fill(theirs, -1);
        for (int group = 0; group < groupOf.Length; group++)
        {
            theirs[groupOf[group]] = group;
        }

        return theirs;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Spill(int group, int field, int cell, ulong hash)
    {
        Sketches.DistinctCounter counter = SketchesOf(group).Distinct[field];
        for (int i = 0; i < InlineHashes; i++)
        {
            counter.AddHash(_hashes[cell * InlineHashes + i]);
        }

        counter.AddHash(hash);
        _hashCounts[cell] = Spilled;
    }

    /// <summary>Moves the cell's full row of waiting values to its chain, passing the chain on first when it is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Chain(int group, int field, int cell)
    {
        if (_chainLengths[cell] == ValueArena.MaxChainChunks)
        {
            PassOn(group, field, cell);
        }

        _chainHeads[cell] = _arena.Append(_chainHeads[cell], _pending.AsSpan(cell * PendingValues, PendingValues));
        _chainLengths[cell]++;
    }

    /// <summary>Adds the cell's chained values to the group's digest, in the order they came, and empties the chain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PassOn(int group, int field, int cell)
    {
        Span<double> values = stackalloc double[ValueArena.MaxChainValues];
        int count = _arena.CopyOut(_chainHeads[cell], values);
        SketchesOf(group).Digests[field].Add(values.Slice(0, count));
        _arena.Free(_chainHeads[cell]);
        _chainHeads[cell] = 0;
        _chainLengths[cell] = 0;
    }

    private void Grow(int groups)
    {
        Array.Resize(ref _groups, groups);
        Array.Resize(ref _counts, groups);
        Array.Resize(ref _moments, groups * _numeric);
        Array.Resize(ref _hashes, groups * _distinct * InlineHashes);
        Array.Resize(ref _hashCounts, groups * _distinct);
        Array.Resize(ref _pending, groups * _percentile * PendingValues);
        Array.Resize(ref _pendingCounts, groups * _percentile);
        Array.Resize(ref _chainHeads, groups * _percentile);
        Array.Resize(ref _chainLengths, groups * _percentile);
    }
}
