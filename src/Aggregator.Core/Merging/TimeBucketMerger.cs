using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Aggregator.Merging;

/// <summary>
/// Time buckets from several runs (Group-EventByHour): buckets start on the same epoch-aligned instants in every run, so
/// counts of the same start (and key) add. Exact. Keyed and plain buckets are merged apart.
/// </summary>
public sealed class TimeBucketMerger : ResultMerger<TimeBucketMerger, EventTimeBucket>
{
    private readonly Dictionary<(long Ticks, string? Key), long[]> _buckets = new();

    public TimeBucketMerger(bool keyed)
    {
        Keyed = keyed;
    }

    public bool Keyed { get; }

    public override ResultKind Kind => Keyed ? ResultKind.KeyedEventTimeBucket : ResultKind.EventTimeBucket;

    public override EventTimeBucket Read(ResultProperties properties)
    {
        DateTime start = properties.DateTimeUtc("Start");
        (long total, long success, long fail) = (properties.Long("TotalEvents"), properties.Long("Success"), properties.Long("Fail"));
        return Keyed
            ? new KeyedEventTimeBucket(start, properties.Text("Key"), total, success, fail)
            : new EventTimeBucket(start, total, success, fail);
    }

    protected override void AddResult(EventTimeBucket result)
    {
        string? key = result is KeyedEventTimeBucket keyed ? keyed.Key : null;
        if (key is null == Keyed)
        {
            throw new ArgumentException(Keyed ? "A bucket without a key cannot merge with keyed buckets." : "A keyed bucket cannot merge with plain buckets.");
        }

        Add(result.Start.Ticks, key, result.TotalEvents, result.Success, result.Fail);
    }

    private void Add(long ticks, string? key, long total, long success, long fail)
    {
        if (!_buckets.TryGetValue((ticks, key), out long[]? counts))
        {
            _buckets[(ticks, key)] = counts = new long[3];
        }

        counts[0] += total;
        counts[1] += success;
        counts[2] += fail;
    }

    public override void Merge(TimeBucketMerger other)
    {
        MergeCommon(other);
        foreach (var (key, counts) in other._buckets)
        {
            Add(key.Ticks, key.Key, counts[0], counts[1], counts[2]);
        }
    }

    /// <summary>Buckets ordered by start, then key (ordinal), as Group-EventByHour orders them.</summary>
    public override IReadOnlyList<EventTimeBucket> GetResults(CancellationToken cancellation = default) =>
        _buckets.OrderBy(pair => pair.Key.Ticks).ThenBy(pair => pair.Key.Key, StringComparer.Ordinal)
            .Select(pair =>
            {
                var start = new DateTime(pair.Key.Ticks, DateTimeKind.Utc);
                long[] c = pair.Value;
                return pair.Key.Key is null
                    ? new EventTimeBucket(start, c[0], c[1], c[2])
                    : new KeyedEventTimeBucket(start, pair.Key.Key, c[0], c[1], c[2]);
            })
            .ToList();
}
