using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using Aggregator.Aggregation;
using Aggregator.Reading;

namespace Aggregator.Energy;

/// <summary>
/// kWh sums per period (quarter hour, hour or day, in UTC or a time zone), optionally per meter, for one or more
/// intervals at once. Results are zero-filled from the first to the last period, widened or clipped by From and To.
/// Memory grows with periods times meters, never with readings.
/// Unless both From and To are given, the fill spans at most <see cref="MaxFill"/>: with From alone it starts at From,
/// with To alone it ends at To, otherwise it is the stretch with the most readings (the latest on a tie). A period
/// with readings outside the fill is still a row, just without zero rows leading to it (<see cref="GetFillWindows"/>
/// names them), so one sentinel reading dated 0001-01-01 costs one row, not millions, and its kWh stay counted.
/// </summary>
public sealed class KwhUsageAccumulator : IRecordAccumulator, IResultAccumulator<KwhUsageAccumulator, KwhUsage>
{
    /// <summary>The default longest zero-filled stretch: a year and a bit, so a whole year always fits.</summary>
    public static readonly TimeSpan DefaultMaxFill = TimeSpan.FromDays(400);

    // The fill checks for cancellation this often (periods), so Ctrl+C stops a long fill at once.
    private const int CancellationCheckPeriods = 4096;

    private readonly IntervalTable[] _tables;
    private readonly long _fromTicks;
    private readonly long _toTicks;

    /// <param name="intervals">The intervals to sum over, in the order their rows come out.</param>
    /// <param name="byMeter">One row per meter and period instead of one per period.</param>
    /// <param name="zone">The zone whose local periods are used; null for UTC.</param>
    /// <param name="from">The first instant counted (UTC); its period is the first row.</param>
    /// <param name="to">The instant counting stops, exclusive (UTC); the period before it is the last row.</param>
    /// <param name="maxFill">The longest zero-filled stretch unless both From and To are given; at least a day, 400 days by default.</param>
    public KwhUsageAccumulator(IEnumerable<KwhInterval> intervals, bool byMeter = false, TimeZoneInfo? zone = null,
        DateTime? from = null, DateTime? to = null, TimeSpan? maxFill = null)
    {
        if (maxFill < TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxFill), maxFill, "The longest zero-filled stretch must be at least a day.");
        }

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
        MaxFill = maxFill ?? DefaultMaxFill;
        _fromTicks = from?.Ticks ?? long.MinValue;
        _toTicks = to?.Ticks ?? long.MaxValue;
        _tables = distinct.Select(interval => new IntervalTable(new PeriodCalendar(interval, zone))).ToArray();
    }

    public IReadOnlyList<KwhInterval> Intervals { get; }

    public bool ByMeter { get; }

    public TimeZoneInfo? Zone { get; }

    public DateTime? From { get; }

    public DateTime? To { get; }

    /// <summary>The longest zero-filled stretch, unless both From and To are given.</summary>
    public TimeSpan MaxFill { get; }

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
            other.From != From || other.To != To || other.MaxFill != MaxFill)
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
                mine.Add(key.Period, meter, theirs.Sums[slot], theirs.Counts[slot], theirs.Earliest[slot], theirs.Errors[slot]);
            }
        }
    }

    /// <summary>
    /// Rows ordered by interval (as given), then period, then meter (ordinal), with every gap in the filled stretch
    /// filled; periods with readings outside it come before and after, unfilled.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while filling.</exception>
    public IReadOnlyList<KwhUsage> GetResults(CancellationToken cancellation = default)
    {
        var results = new List<KwhUsage>();
        int[] meters = MetersInOrder();
        foreach (IntervalTable table in _tables)
        {
            if (!TryRange(table, out long first, out long last))
            {
                continue;
            }

            List<long>[] outside = OutsidePeriods(table, first, last);
            foreach (long period in outside[0])
            {
                AddFoundRows(results, table, period, meters);
            }

            PeriodCalendar calendar = table.Calendar;
            int sinceCheck = 0;
            for (long period = first; period <= last; period = calendar.Next(period))
            {
                if (++sinceCheck == CancellationCheckPeriods)
                {
                    cancellation.ThrowIfCancellationRequested();
                    sinceCheck = 0;
                }

                DateTimeOffset label = calendar.Label(period);
                foreach (int meter in meters)
                {
                    bool found = table.Slots.TryGetValue(new PeriodKey(period, meter), out int slot);
                    results.Add(new KwhUsage(label, calendar.Interval, MeterName(meter),
                        found ? table.Sums[slot] + table.Errors[slot] : 0, found ? table.Counts[slot] : 0) { TimeZone = ZoneId });
                }
            }

            foreach (long period in outside[1])
            {
                AddFoundRows(results, table, period, meters);
            }
        }

        cancellation.ThrowIfCancellationRequested();
        return results;
    }

    /// <summary>Per interval with rows: the filled stretch, and the rows with readings outside it.</summary>
    public IReadOnlyList<KwhFillWindow> GetFillWindows()
    {
        var windows = new List<KwhFillWindow>();
        int[] meters = MetersInOrder();
        foreach (IntervalTable table in _tables)
        {
            if (!TryRange(table, out long first, out long last))
            {
                continue;
            }

            var rows = new List<KwhOutlier>();
            foreach (long period in OutsidePeriods(table, first, last).SelectMany(periods => periods))
            {
                foreach (int meter in meters)
                {
                    if (table.Slots.TryGetValue(new PeriodKey(period, meter), out int slot))
                    {
                        rows.Add(new KwhOutlier(table.Calendar.Interval, table.Calendar.Label(period), MeterName(meter),
                            table.Sums[slot] + table.Errors[slot], table.Counts[slot], new DateTime(table.Earliest[slot], DateTimeKind.Utc)));
                    }
                }
            }

            windows.Add(new KwhFillWindow(table.Calendar.Interval, table.Calendar.Label(first), table.Calendar.Label(last), rows));
        }

        return windows;
    }

    private int[] MetersInOrder() => ByMeter
        ? Enumerable.Range(0, Symbols.Users.Count).OrderBy(id => Symbols.Users[id], StringComparer.Ordinal).ToArray()
        : new[] { 0 };

    private string ZoneId => Zone?.Id ?? string.Empty;

    private string MeterName(int meter) => ByMeter ? Symbols.Users[meter] : string.Empty;

    // A period outside the fill: only the meters with readings get a row.
    private void AddFoundRows(List<KwhUsage> results, IntervalTable table, long period, int[] meters)
    {
        DateTimeOffset label = table.Calendar.Label(period);
        foreach (int meter in meters)
        {
            if (table.Slots.TryGetValue(new PeriodKey(period, meter), out int slot))
            {
                results.Add(new KwhUsage(label, table.Calendar.Interval, MeterName(meter), table.Sums[slot] + table.Errors[slot], table.Counts[slot]) { TimeZone = ZoneId });
            }
        }
    }

    // The periods with readings before the fill and after it, each in order.
    private static List<long>[] OutsidePeriods(IntervalTable table, long first, long last)
    {
        var before = new SortedSet<long>();
        var after = new SortedSet<long>();
        foreach (PeriodKey key in table.Slots.Keys)
        {
            if (key.Period < first)
            {
                before.Add(key.Period);
            }
            else if (key.Period > last)
            {
                after.Add(key.Period);
            }
        }

        return new[] { before.ToList(), after.ToList() };
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
            table.Add(table.Calendar.PeriodOf(ticks), meter, kwh, readings, ticks);
        }
    }

    // The first and last period to fill: From's and To's where both are given; otherwise at most MaxFill, starting at
    // From, ending at To, or around the most readings.
    private bool TryRange(IntervalTable table, out long first, out long last)
    {
        PeriodCalendar calendar = table.Calendar;
        if (From is not null && To is not null)
        {
            first = calendar.PeriodOf(_fromTicks);
            last = calendar.PeriodOf(_toTicks - 1);
            return first <= last;
        }

        (long[] periods, long[] counts) = ReadingsPerPeriod(table);
        long span = MaxFill.Ticks;
        if (From is not null)
        {
            first = calendar.PeriodOf(_fromTicks);
            long limit = calendar.PeriodOf(Math.Min(DateTime.MaxValue.Ticks, _fromTicks + span - 1));
            last = periods.Length == 0 ? long.MinValue : Math.Min(periods[^1], limit);
        }
        else if (To is not null)
        {
            last = calendar.PeriodOf(_toTicks - 1);
            long limit = calendar.PeriodOf(Math.Max(0, _toTicks - span));
            first = periods.Length == 0 ? long.MaxValue : Math.Max(periods[0], limit);
        }
        else
        {
            (first, last) = BusiestStretch(periods, counts, span);
        }

        return first <= last;
    }

    // Periods with readings, in order, and how many readings each has (all meters).
    private static (long[] Periods, long[] Counts) ReadingsPerPeriod(IntervalTable table)
    {
        var perPeriod = new SortedDictionary<long, long>();
        foreach (var (key, slot) in table.Slots)
        {
            perPeriod.TryGetValue(key.Period, out long count);
            perPeriod[key.Period] = count + table.Counts[slot];
        }

        return (perPeriod.Keys.ToArray(), perPeriod.Values.ToArray());
    }

    // The stretch of periods whose starts lie less than span apart that holds the most readings; the latest on a tie.
    private static (long First, long Last) BusiestStretch(long[] periods, long[] counts, long span)
    {
        if (periods.Length == 0)
        {
            return (long.MaxValue, long.MinValue);
        }

        long best = -1, inWindow = 0;
        int bestStart = 0, bestEnd = 0, end = 0;
        for (int start = 0; start < periods.Length; start++)
        {
            while (end < periods.Length && periods[end] - periods[start] < span)
            {
                inWindow += counts[end++];
            }

            if (inWindow >= best)
            {
                (best, bestStart, bestEnd) = (inWindow, start, end - 1);
            }

            inWindow -= counts[start];
        }

        return (periods[bestStart], periods[bestEnd]);
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

        // The UTC ticks of each slot's earliest reading, to name an outlier by its time.
        public long[] Earliest { get; private set; } = new long[64];

        /// <param name="earliest">The time of the reading, or of the earliest of a partial sum's readings when merging.</param>
        /// <param name="error">The compensation a partial sum brings along, when merging.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(long period, int meter, double kwh, long count, long earliest, double error = 0)
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
            ref long first = ref Earliest[_lastSlot];
            first = Math.Min(first, earliest);
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
                    long[] counts = Counts, earliest = Earliest;
                    Array.Resize(ref sums, sums.Length * 2);
                    Array.Resize(ref errors, errors.Length * 2);
                    Array.Resize(ref counts, counts.Length * 2);
                    Array.Resize(ref earliest, earliest.Length * 2);
                    Sums = sums;
                    Errors = errors;
                    Counts = counts;
                    Earliest = earliest;
                }

                Earliest[slot] = long.MaxValue;
            }

            return slot;
        }
    }
}
