using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Aggregator.Aggregation;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Sketches;

namespace Aggregator.Summaries;

/// <summary>
/// A general summary (Measure-Record), like KQL's summarize ... by ..., bin(): records are grouped by the -By fields'
/// values and an optional epoch-aligned time bin, and each group keeps the figures its <see cref="SummarySpec"/> asks
/// for. Memory grows with the number of groups, never with the number of records.
/// </summary>
public sealed partial class RecordSummaryAccumulator : IRecordAccumulator, IResultAccumulator<RecordSummaryAccumulator, RecordSummary>,
    IAbsorbing<RecordSummaryAccumulator>
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly SymbolTable[] _keyTables;
    private readonly SymbolTable[] _topTables;
    private readonly int[] _keyFields;
    private readonly int[] _numericFields;
    private readonly int[] _distinctFields;
    private readonly int[] _percentileFields;
    private readonly int[] _topFields;
    private readonly long _binTicks;
    private readonly Dictionary<GroupKey, int> _groupNumbers = new();
    private readonly List<GroupKey> _keys = new();
    private readonly GroupTable _table;
    private GroupKey _lastKey;
    private int _lastGroup = -1;

    // With at most one -By field and no bin, a group is found by the key's id alone (slot 0 for no value): an array
    // index instead of a second hash lookup per record. The dictionary still numbers every group.
    private readonly bool _byIdOnly;
    private int[] _groupById = new int[256];   // group number + 1; 0 for none yet

    public RecordSummaryAccumulator(SummarySpec spec)
    {
        Spec = spec;
        _keyFields = spec.By.Select(spec.IndexOf).ToArray();
        _numericFields = spec.Numeric.Select(n => spec.IndexOf(n.Field)).ToArray();
        _distinctFields = spec.DistinctFields.Select(spec.IndexOf).ToArray();
        _percentileFields = spec.Percentiles.Select(p => spec.IndexOf(p.Field)).ToArray();
        _topFields = spec.Top.Select(t => spec.IndexOf(t.Field)).ToArray();
        _keyTables = _keyFields.Select(_ => new SymbolTable()).ToArray();
        _topTables = _topFields.Select(_ => new SymbolTable()).ToArray();
        _binTicks = spec.Interval?.Ticks ?? 0;
        _byIdOnly = _keyFields.Length <= 1 && spec.Interval is null;
        _table = new GroupTable(spec);
        _holds = _byIdOnly && _keyFields.Length == 1 && _topFields.Length == 0;
    }

    public SummarySpec Spec { get; }

    public EventSymbols Symbols { get; } = new();

    /// <summary>The summary reads its own fields from the <see cref="SummaryRow"/> a record carries, not users or events.</summary>
    public NameUse Names => NameUse.None;

    /// <summary>Groups so far.</summary>
    public int GroupCount
    {
        get
        {
            ReleaseHeld();
            return _table.Count;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in ParsedEvent record)
    {
        if (record.Record is SummaryRow row)
        {
            Add(row);
        }
    }

    /// <summary>Adds one validated record (<see cref="SummaryRow.TryValidate"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(SummaryRow row)
    {
        if (_holds && TryHold(row))
        {
            return;
        }

        AddNow(row);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddNow(SummaryRow row)
    {
        int group = _byIdOnly ? GroupById(KeyId(row, 0))
            : GroupFor(new GroupKey(KeyId(row, 0), KeyId(row, 1), KeyId(row, 2), KeyId(row, 3), BinOf(row)));
        HeldRecord figures = _direct ??= NewHeldRecord();
        Fill(figures, row);
        figures.Group = group;
        Apply(figures);
        for (int i = 0; i < _topFields.Length; i++)
        {
            if (row.HasValue(_topFields[i]))
            {
                SymbolTable values = _topTables[i];
                _table.SketchesOf(group).Tops[i].Add(values[values.Intern(row.Text(_topFields[i]))]);
            }
        }
    }

    /// <summary>Adds a finished group of the same spec, such as a partial result from another host.</summary>
    public void Add(RecordSummary summary)
    {
        RequireSameSpec(summary.Spec);
        ReleaseHeld();
        _table.MergeDeferred();
        var key = new GroupKey(KeyIdOf(summary.Keys, 0), KeyIdOf(summary.Keys, 1), KeyIdOf(summary.Keys, 2), KeyIdOf(summary.Keys, 3),
            summary.Bin is DateTime bin ? Bucket(bin.Ticks) : 0);
        _table.Settled(GroupFor(key)).Merge(summary.Group);
    }

    /// <summary>Merges <paramref name="other"/> in now: it stays as it was and may be used again.</summary>
    public void Merge(RecordSummaryAccumulator other)
    {
        _table.MergeLater(other._table, TakeGroupsOf(other));
        _table.MergeDeferred();
    }

    /// <summary>
    /// Takes a worker's partial over: its groups get their numbers here now, and their figures are folded in when the
    /// results are made, on every core, instead of one group at a time on this thread.
    /// </summary>
    public void Absorb(RecordSummaryAccumulator other) => _table.MergeLater(other._table, TakeGroupsOf(other));

    /// <summary>This accumulator's group for each of <paramref name="other"/>'s groups, made where missing.</summary>
    private int[] TakeGroupsOf(RecordSummaryAccumulator other)
    {
        RequireSameSpec(other.Spec);
        ReleaseHeld();
        other.ReleaseHeld();
        var groupOf = new int[other._table.Count];
        for (int group = 0; group < groupOf.Length; group++)
        {
            GroupKey key = other._keys[group];
            groupOf[group] = GroupFor(new GroupKey(Translate(other, key.K0, 0), Translate(other, key.K1, 1),
                Translate(other, key.K2, 2), Translate(other, key.K3, 3), key.Bin));
        }

        return groupOf;
    }

    /// <summary>
    /// One summary per group, ordered by the key values (ordinal, a missing value first), then bin. Without -By and
    /// -Interval there is always one group, with Count 0 for no records, as Measure-Object and KQL's summarize give.
    /// </summary>
    public IReadOnlyList<RecordSummary> GetResults(CancellationToken cancellation = default)
    {
        ReleaseHeld();
        if (_table.Count == 0 && _keyFields.Length == 0 && Spec.Interval is null)
        {
            GroupFor(new GroupKey(-1, -1, -1, -1, 0));
        }

        // Every group is settled and its figures made (percentiles fold each digest's values first) here, on every
        // core, rather than one by one by whoever reads the groups: the summary's time is then all in the command.
        _table.SettleAll(cancellation);
        var results = new RecordSummary[_table.Count];
        Parallel.For(0, results.Length, new ParallelOptions { CancellationToken = cancellation }, group =>
        {
            GroupKey key = _keys[group];
            var keys = new string?[_keyFields.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                int id = i switch { 0 => key.K0, 1 => key.K1, 2 => key.K2, _ => key.K3 };
                keys[i] = id < 0 ? null : _keyTables[i][id];
            }

            DateTime? bin = Spec.Interval is null ? null : new DateTime(Math.Max(0, EpochTicks + key.Bin * _binTicks), DateTimeKind.Utc);
            results[group] = new RecordSummary(Spec, keys, bin, _table.SketchesOf(group));
            results[group].GetFigures();
        });

        Array.Sort(results, CompareGroups);
        return results;
    }

    // Called only here, many times: compiled fully at once instead of running unoptimised until tiering catches up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompareGroups(RecordSummary a, RecordSummary b)
    {
        for (int i = 0; i < a.Keys.Count; i++)
        {
            int byKey = (a.Keys[i], b.Keys[i]) switch
            {
                (null, null) => 0,
                (null, _) => -1,
                (_, null) => 1,
                var (x, y) => string.CompareOrdinal(x, y),
            };
            if (byKey != 0)
            {
                return byKey;
            }
        }

        return Nullable.Compare(a.Bin, b.Bin);
    }

    private void RequireSameSpec(SummarySpec other)
    {
        if (!Spec.Equals(other))
        {
            throw new ArgumentException($"Summaries asked for differently cannot merge: one was made with {Spec.Describe()}, " +
                $"the other with {other.Describe()}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private int KeyId(SummaryRow row, int index)
    {
        if (index >= _keyFields.Length)
        {
            return -1;
        }

        int field = _keyFields[index];
        return row.HasValue(field) ? _keyTables[index].Intern(row.Text(field)) : -1;
    }

    private int KeyIdOf(IReadOnlyList<string?> keys, int index) =>
        index >= keys.Count || keys[index] is not string key ? -1 : _keyTables[index].Intern(key);

    private int Translate(RecordSummaryAccumulator other, int id, int index) =>
        id < 0 ? -1 : _keyTables[index].InternFrom(other._keyTables[index], id);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private long BinOf(SummaryRow row) => _binTicks == 0 ? 0 : Bucket(row.TimestampTicks);

    private long Bucket(long ticks)
    {
        long offset = ticks - EpochTicks;
        long bucket = offset / _binTicks;
        return offset < 0 && offset % _binTicks != 0 ? bucket - 1 : bucket;   // floor, also before 1970
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private int GroupById(int id)
    {
        int slot = id + 1;
        if (slot < _groupById.Length && _groupById[slot] > 0)
        {
            return _groupById[slot] - 1;
        }

        return NewGroupById(slot, id);
    }

    private int NewGroupById(int slot, int id)
    {
        if (slot >= _groupById.Length)
        {
            Array.Resize(ref _groupById, Math.Max(_groupById.Length * 2, slot + 1));
        }

        int group = GroupFor(new GroupKey(id, -1, -1, -1, 0));
        _groupById[slot] = group + 1;
        return group;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int GroupFor(GroupKey key)
    {
        if (_lastGroup >= 0 && key == _lastKey)
        {
            return _lastGroup;
        }

        if (!_groupNumbers.TryGetValue(key, out int group))
        {
            group = _table.Add();
            _groupNumbers[key] = group;
            _keys.Add(key);
        }

        _lastKey = key;
        _lastGroup = group;
        return group;
    }

    private readonly record struct GroupKey(int K0, int K1, int K2, int K3, long Bin);
}
