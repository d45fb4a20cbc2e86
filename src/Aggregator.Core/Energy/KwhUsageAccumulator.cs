using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Aggregator.Aggregation;
using Aggregator.Reading;

namespace Aggregator.Energy;

/// <summary>
/// kWh sums per period (quarter hour, hour or day, in UTC or a time zone), optionally per meter, for one or more
/// intervals at once. Results are zero-filled from the first to the last period, widened or clipped by From and To.
/// Memory grows with periods times meters, never with readings.
/// </summary>
public sealed class KwhUsageAccumulator : IRecordAccumulator, IMergeable<KwhUsageAccumulator>
{
    private readonly IntervalTable[] _tables;
    private readonly long _fromTicks;
    private readonly long _toTicks;

    /// <param name="intervals">The intervals to sum over, in the order their rows come out.</param>
    /// <param name="byMeter">One row per meter and period instead of one per period.</param>
    /// <param name="zone">The zone whose local periods are used; null for UTC.</param>
    /// <param name="from">The first instant counted (UTC); its period is the first row.</param>
    /// <param name="to">The instant counting stops, exclusive (UTC); the period before it is the last row.</param>
    public KwhUsageAccumulator(IEnumerable<KwhInterval> intervals, bool byMeter = false, TimeZoneInfo? zone = null,
        DateTime? from = null, DateTime? to = null)
    {
        KwhInterval[] distinct = intervals.Distinct().ToArray();
        if (distinct.Length == 0)
        {
            throw new ArgumentException("At least one interval is needed.", nameof(intervals));
        }

        if (from is not null && to is not null && to <= from)
        {
            throw new ArgumentException($"The end ({to:o}) must be later than the start ({from:o}).", nameof(to));
        }

        Intervals = distinct;
        ByMeter = byMeter;
        Zone = zone;
        From = from;
        To = to;
        _fromTicks = from?.Ticks ?? long.MinValue;
        _toTicks = to?.Ticks ?? long.MaxValue;
        _tables = distinct.Select(interval => new IntervalTable(new PeriodCalendar(interval, zone))).ToArray();
    }

    public IReadOnlyList<KwhInterval> Intervals { get; }

    public bool ByMeter { get; }

    public TimeZoneInfo? Zone { get; }

    public DateTime? From { get; }

    public DateTime? To { get; }

    public EventSymbols Symbols { get; } = new();

    public NameUse Names => ByMeter ? NameUse.User : NameUse.None;

    /// <summary>Readings summed.</summary>
    public long Readings { get; private set; }

    /// <summary>Readings left out because they fall outside From and To.</summary>
    public long OutsideRange { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in ParsedEvent record)
    {
        if (!record.HasTimestamp)
        {
            return;   // readers never pass a reading without one
        }

        int meter = !ByMeter ? 0
            : ReferenceEquals(record.Symbols, Symbols) ? record.SourceId
            : Symbols.Users.Intern(record.SourceId < 0 ? string.Empty : record.User);
        AddReading(record.TimestampTicks, record.Value, meter);
    }

    /// <summary>Adds one reading from the pipeline.</summary>
    /// <param name="utc">The reading's time, in UTC.</param>
    public void Add(DateTime utc, double kwh, string? meter) => Add(utc, kwh, meter, readings: 1);

    /// <summary>
    /// Adds a kWh value that stands for <paramref name="readings"/> readings: a row of an earlier KwhUsage, summed again
    /// into a coarser interval. A zero-filled row (no readings) adds its period and nothing else.
    /// </summary>
    /// <param name="utc">The start of the row's period (or the reading's time), in UTC.</param>
    public void Add(DateTime utc, double kwh, string? meter, long readings)
    {
        if (!double.IsFinite(kwh) || kwh < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kwh), "A kWh value must be a finite number of zero or more.");
        }

        if (readings < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(readings), "A number of readings must be zero or more.");
        }

        AddReading(utc.Ticks, kwh, ByMeter ? Symbols.Users.Intern(meter ?? string.Empty) : 0, readings);
    }

    public void Merge(KwhUsageAccumulator other)
    {
        if (!other.Intervals.SequenceEqual(Intervals) || other.ByMeter != ByMeter || other.Zone?.Id != Zone?.Id ||
            other.From != From || other.To != To)
        {
            throw new ArgumentException("Only accumulators with the same intervals, meters, zone and range can merge.", nameof(other));
        }

        Readings += other.Readings;
        OutsideRange += other.OutsideRange;
        if (ByMeter)
        {
            // A meter seen only outside From/To still gets its zero rows, as in a single pass.
            for (int id = 0; id < other.Symbols.Users.Count; id++)
            {
                Symbols.Users.InternFrom(other.Symbols.Users, id);
            }
        }

        for (int i = 0; i < _tables.Length; i++)
        {
            IntervalTable mine = _tables[i], theirs = other._tables[i];
            foreach (var (key, slot) in theirs.Slots)
            {
                int meter = ByMeter ? Symbols.Users.InternFrom(other.Symbols.Users, key.Meter) : 0;
                mine.Add(key.Period, meter, theirs.Sums[slot], theirs.Counts[slot], theirs.Errors[slot]);
            }
        }
    }

    /// <summary>Rows ordered by interval (as given), then period, then meter (ordinal), with every gap filled.</summary>
    public IReadOnlyList<KwhUsage> GetResults()
    {
        var results = new List<KwhUsage>();
        int[] meters = ByMeter
            ? Enumerable.Range(0, Symbols.Users.Count).OrderBy(id => Symbols.Users[id], StringComparer.Ordinal).ToArray()
            : new[] { 0 };
        foreach (IntervalTable table in _tables)
        {
            if (!TryRange(table, out long first, out long last))
            {
                continue;
            }

            PeriodCalendar calendar = table.Calendar;
            for (long period = first; period <= last; period = calendar.Next(period))
            {
                DateTimeOffset label = calendar.Label(period);
                foreach (int meter in meters)
                {
                    bool found = table.Slots.TryGetValue(new PeriodKey(period, meter), out int slot);
                    results.Add(new KwhUsage(label, calendar.Interval, ByMeter ? Symbols.Users[meter] : string.Empty,
                        found ? table.Sums[slot] + table.Errors[slot] : 0, found ? table.Counts[slot] : 0));
                }
            }
        }

        return results;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddReading(long ticks, double kwh, int meter, long readings = 1)
    {
        if (ticks < _fromTicks || ticks >= _toTicks)
        {
            OutsideRange += readings;
            return;
        }

        Readings += readings;
        foreach (IntervalTable table in _tables)
        {
            table.Add(table.Calendar.PeriodOf(ticks), meter, kwh, readings);
        }
    }

    // The first and last period to show: those of the data, replaced by From's and To's where given.
    private bool TryRange(IntervalTable table, out long first, out long last)
    {
        first = long.MaxValue;
        last = long.MinValue;
        foreach (PeriodKey key in table.Slots.Keys)
        {
            first = Math.Min(first, key.Period);
            last = Math.Max(last, key.Period);
        }

        if (From is not null)
        {
            first = table.Calendar.PeriodOf(_fromTicks);
        }

        if (To is not null)
        {
            last = table.Calendar.PeriodOf(_toTicks - 1);
        }

        return first <= last;
    }

    private readonly record struct PeriodKey(long Period, int Meter);

    private sealed class IntervalTable
    {
        private PeriodKey _lastKey = new(long.MinValue, -1);
        private int _lastSlot;

        public IntervalTable(PeriodCalendar calendar) => Calendar = calendar;

        public PeriodCalendar Calendar { get; }

        public Dictionary<PeriodKey, int> Slots { get; } = new();

        public double[] Sums { get; private set; } = new double[64];

        // Neumaier compensation: a long run of small readings does not drift, and the order of addition (workers) barely matters.
        public double[] Errors { get; private set; } = new double[64];

        public long[] Counts { get; private set; } = new long[64];

        /// <param name="error">The compensation a partial sum brings along, when merging.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(long period, int meter, double kwh, long count, double error = 0)
        {
            var key = new PeriodKey(period, meter);
            if (key != _lastKey)
            {
                _lastSlot = SlotOf(key);
                _lastKey = key;
            }

            ref double sum = ref Sums[_lastSlot];
            double total = sum + kwh;
            Errors[_lastSlot] += (Math.Abs(sum) >= Math.Abs(kwh) ? (sum - total) + kwh : (kwh - total) + sum) + error;
            sum = total;
            Counts[_lastSlot] += count;
        }

        private int SlotOf(PeriodKey key)
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Slots, key, out bool exists);
            if (!exists)
            {
                slot = Slots.Count - 1;
                if (slot == Sums.Length)
                {
                    double[] sums = Sums, errors = Errors;
                    long[] counts = Counts;
                    Array.Resize(ref sums, sums.Length * 2);
                    Array.Resize(ref errors, errors.Length * 2);
                    Array.Resize(ref counts, counts.Length * 2);
                    Sums = sums;
                    Errors = errors;
                    Counts = counts;
                }
            }

            return slot;
        }
    }
}
