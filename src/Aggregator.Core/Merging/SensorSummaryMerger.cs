using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Aggregator.Merging;

/// <summary>Per-sensor figures from several runs: counts and sums add, the extremes widen, the mean follows. Exact.</summary>
public sealed class SensorSummaryMerger : ResultMerger<SensorSummaryMerger, SensorSummary>
{
    private readonly Dictionary<string, SensorSummary> _sensors = new(StringComparer.Ordinal);

    public override ResultKind Kind => ResultKind.SensorSummary;

    public override SensorSummary Read(ResultProperties properties) => new(
        properties.Text("SensorId"), properties.Long("Count"), properties.Double("Min"), properties.Double("Max"), properties.Double("Sum"));

    protected override void AddResult(SensorSummary result)
    {
        if (result.Count == 0)
        {
            _sensors.TryAdd(result.SensorId, new SensorSummary(result.SensorId, 0, result.Min, result.Max, 0));
            return;
        }

        _sensors[result.SensorId] = _sensors.TryGetValue(result.SensorId, out SensorSummary? mine) && mine.Count > 0
            ? new SensorSummary(result.SensorId, mine.Count + result.Count, Math.Min(mine.Min, result.Min),
                Math.Max(mine.Max, result.Max), mine.Sum + result.Sum)
            : new SensorSummary(result.SensorId, result.Count, result.Min, result.Max, result.Sum);
    }

    public override void Merge(SensorSummaryMerger other)
    {
        MergeCommon(other);
        foreach (SensorSummary sensor in other._sensors.Values)
        {
            AddResult(sensor);
        }
    }

    /// <summary>One row per sensor, ordered by sensor id (ordinal).</summary>
    public override IReadOnlyList<SensorSummary> GetResults(CancellationToken cancellation = default) =>
        _sensors.Values.OrderBy(sensor => sensor.SensorId, StringComparer.Ordinal).ToList();
}
