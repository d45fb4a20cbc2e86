using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Aggregator.Energy;

namespace Aggregator.Merging;

/// <summary>
/// kWh rows from several runs (Measure-KwhUsage): each interval and zone is summed again by an accumulator of its own,
/// so rows of the same period add, and the zero-fill is made again over the merged range (up to the default
/// -MaxFillDays). Exact; a zero row adds its period only.
/// </summary>
public sealed class KwhUsageMerger : ResultMerger<KwhUsageMerger, KwhUsage>
{
    private readonly List<KwhUsage> _rows = new();

    public override ResultKind Kind => ResultKind.KwhUsage;

    public override KwhUsage Read(ResultProperties properties) => new(
        properties.DateTimeOffset("Period"), properties.Enum<KwhInterval>("Interval"), properties.Text("MeterId", required: false),
        properties.Double("Kwh"), properties.Long("Readings"))
    {
        TimeZone = properties.Text("TimeZone", required: false),
    };

    protected override void AddResult(KwhUsage result) => _rows.Add(result);

    public override void Merge(KwhUsageMerger other)
    {
        MergeCommon(other);
        _rows.AddRange(other._rows);
    }

    /// <summary>Rows by zone and interval (in the order first seen), then period and meter, as Measure-KwhUsage orders them.</summary>
    /// <exception cref="TimeZoneNotFoundException">A row names a zone this machine does not know.</exception>
    public override IReadOnlyList<KwhUsage> GetResults(CancellationToken cancellation = default)
    {
        bool byMeter = _rows.Any(row => row.MeterId.Length > 0);
        var results = new List<KwhUsage>();
        foreach (var group in _rows.GroupBy(row => (row.TimeZone ?? string.Empty, row.Interval)))
        {
            string zoneId = group.Key.Item1;
            TimeZoneInfo? zone = zoneId.Length == 0 ? null : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var accumulator = new KwhUsageAccumulator(new[] { group.Key.Interval }, byMeter, zone);
            foreach (KwhUsage row in group)
            {
                accumulator.Add(row.Period.UtcDateTime, row.Kwh, row.MeterId, row.Readings);
            }

            results.AddRange(accumulator.GetResults(cancellation));
        }

        return results;
    }
}
