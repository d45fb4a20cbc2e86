using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Aggregator.Aggregation;
using Aggregator.Reading;

namespace Aggregator.Sensors;

/// <summary>
/// Count, minimum, maximum and sum of sensor values, per sensor and over all of them. The overall sum is kept in input
/// order, so a file's mean is the same figure a row-by-row loop gives.
/// </summary>
public sealed class SensorAccumulator : IRecordAccumulator, IResultAccumulator<SensorAccumulator, SensorSummary>
{
    private Stats[] _sensors = new Stats[64];

    public EventSymbols Symbols { get; } = new();

    public NameUse Names => NameUse.User;

    public long Count { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public double Sum { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in ParsedEvent record)
    {
        int sensor = ReferenceEquals(record.Symbols, Symbols) ? record.SourceId : Symbols.Users.Intern(record.User);
        Add(sensor, record.Value);
    }

    /// <summary>Adds one valid reading from the pipeline.</summary>
    public void Add(string sensorId, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A sensor value must be a finite number.");
        }

        Add(Symbols.Users.Intern(sensorId), value);
    }

    public void Merge(SensorAccumulator other)
    {
        for (int id = 0; id < other.Symbols.Users.Count; id++)
        {
            Stats theirs = other._sensors[id];
            ref Stats mine = ref StatsOf(Symbols.Users.InternFrom(other.Symbols.Users, id));
            mine.Merge(theirs);
        }

        Count += other.Count;
        Sum += other.Sum;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>One row per sensor, ordered by sensor id (ordinal).</summary>
    public IReadOnlyList<SensorSummary> GetResults(CancellationToken cancellation = default) =>
        Enumerable.Range(0, Symbols.Users.Count)
            .Select(id => (Name: Symbols.Users[id], Stats: _sensors[id]))
            .OrderBy(sensor => sensor.Name, StringComparer.Ordinal)
            .Select(sensor => new SensorSummary(sensor.Name, sensor.Stats.Count, sensor.Stats.Min, sensor.Stats.Max, sensor.Stats.Sum))
            .ToList();

    /// <summary>Valid readings per sensor id.</summary>
    public SensorCountMap GetCounts()
    {
        var counts = new SensorCountMap();
        for (int id = 0; id < Symbols.Users.Count; id++)
        {
            counts[Symbols.Users[id]] = _sensors[id].Count;
        }

        return counts;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(int sensor, double value)
    {
        StatsOf(sensor).Add(value);
        Count++;
        Sum += value;
        if (value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Stats StatsOf(int sensor)
    {
        if (sensor >= _sensors.Length)
        {
            Grow(sensor + 1);
        }

        return ref _sensors[sensor];
    }

    // Array.Copy rather than the generic Array.Resize: an instantiation over this struct would be compiled at run time.
    private void Grow(int needed)
    {
        var grown = new Stats[Math.Max(needed, _sensors.Length * 2)];
        Array.Copy(_sensors, grown, _sensors.Length);
        _sensors = grown;
    }

    private struct Stats
    {
        public long Count;
        public double Min;
        public double Max;
        public double Sum;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(double value)
        {
            if (Count == 0 || value < Min)
            {
                Min = value;
            }

            if (Count == 0 || value > Max)
            {
                Max = value;
            }

            Count++;
            Sum += value;
        }

        public void Merge(Stats other)
        {
            if (other.Count == 0)
            {
                return;
            }

            Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
            Max = Count == 0 ? other.Max : Math.Max(Max, other.Max);
            Count += other.Count;
            Sum += other.Sum;
        }
    }
}
