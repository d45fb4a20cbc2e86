using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Aggregation;

/// <summary>
/// Counts per UTC time interval, optionally split by user, event or status (Group-EventByHour).
/// Intervals are aligned to the Unix epoch, so hours and days start on the hour and at midnight UTC. A bucket that
/// would start before 0001-01-01 (weeks are not aligned to it) starts there instead, keeping its records.
/// </summary>
public sealed class TimeBucketAccumulator : IEventAccumulator, IResultAccumulator<TimeBucketAccumulator, EventTimeBucket>
{
    /// <summary>The longest interval: ten years. Longer ones say nothing more and only push bucket starts off the calendar.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(3653);

    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly long _intervalTicks;
    private readonly Dictionary<BucketKey, int> _slots = new();
    private StatusCounts[] _counts = new StatusCounts[64];
    private BucketKey _lastKey = new(long.MinValue, -1);
    private int _lastSlot;

    // Records are mostly in time order: remember the last interval to skip the division's dictionary work.
    private long _lastStartTicks = long.MinValue;
    private long _lastBucket;

    public TimeBucketAccumulator(TimeSpan interval, TimeBucketKey by = TimeBucketKey.None)
    {
        if (interval <= TimeSpan.Zero || interval > MaxInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval,
                $"The interval must be longer than zero and at most {MaxInterval:c} (ten years).");
        }

        Interval = interval;
        By = by;
        _intervalTicks = interval.Ticks;
    }

    public TimeSpan Interval { get; }

    public TimeBucketKey By { get; }

    public EventSymbols Symbols { get; } = new();

    public NameUse Names => By switch
    {
        TimeBucketKey.User => NameUse.User,
        TimeBucketKey.Event => NameUse.Event,
        _ => NameUse.None,
    };

    /// <summary>Records left out because they had no timestamp.</summary>
    public long WithoutTimestamp { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in ParsedEvent record)
    {
        if (!record.HasTimestamp)
        {
            WithoutTimestamp++;
            return;
        }

        int key = By switch
        {
            TimeBucketKey.User => ReferenceEquals(record.Symbols, Symbols) ? record.UserId : Symbols.Users.Intern(record.User),
            TimeBucketKey.Event => ReferenceEquals(record.Symbols, Symbols) ? record.EventId : Symbols.Events.Intern(record.Event),
            TimeBucketKey.Status => (int)record.Status,
            _ => 0,
        };
        AddKey(BucketOf(record.TimestampTicks), key, record.Status);
    }

    public void Add(EventRecord record)
    {
        if (record.Timestamp is null)
        {
            WithoutTimestamp++;
            return;
        }

        Add(record.User, record.Event, record.Status, TimestampParser.ToUtcTicks(record.Timestamp.Value));
    }

    public void Add(string user, string @event, EventStatus status, long timestampTicks)
    {
        int key = By switch
        {
            TimeBucketKey.User => Symbols.Users.Intern(user),
            TimeBucketKey.Event => Symbols.Events.Intern(@event),
            TimeBucketKey.Status => (int)status,
            _ => 0,
        };
        AddKey(BucketOf(timestampTicks), key, status);
    }

    public void Merge(TimeBucketAccumulator other)
    {
        if (other._intervalTicks != _intervalTicks || other.By != By)
        {
            throw new ArgumentException("Only accumulators with the same interval and key can merge.", nameof(other));
        }

        WithoutTimestamp += other.WithoutTimestamp;
        foreach (var (key, slot) in other._slots)
        {
            int mapped = By switch
            {
                TimeBucketKey.User => Symbols.Users.InternFrom(other.Symbols.Users, key.Key),
                TimeBucketKey.Event => Symbols.Events.InternFrom(other.Symbols.Events, key.Key),
                _ => key.Key,
            };
            int target = SlotOf(new BucketKey(key.Bucket, mapped));   // may grow _counts: index after
            _counts[target].Add(other._counts[slot]);
        }
    }

    /// <summary>Buckets ordered by start time, then key (ordinal).</summary>
    public IReadOnlyList<EventTimeBucket> GetResults(CancellationToken cancellation = default)
    {
        var results = new List<EventTimeBucket>(_slots.Count);
        foreach (var (key, slot) in _slots)
        {
            StatusCounts counts = _counts[slot];
            var start = new DateTime(Math.Max(0, EpochTicks + key.Bucket * _intervalTicks), DateTimeKind.Utc);
            results.Add(By == TimeBucketKey.None
                ? new EventTimeBucket(start, counts.Total, counts.Success, counts.Fail)
                : new KeyedEventTimeBucket(start, KeyName(key.Key), counts.Total, counts.Success, counts.Fail));
        }

        results.Sort((a, b) =>
        {
            int byTime = a.Start.CompareTo(b.Start);
            return byTime != 0 || a is not KeyedEventTimeBucket ka || b is not KeyedEventTimeBucket kb
                ? byTime
                : string.CompareOrdinal(ka.Key, kb.Key);
        });
        return results;
    }

    private string KeyName(int key) => By switch
    {
        TimeBucketKey.User => Symbols.Users[key],
        TimeBucketKey.Event => Symbols.Events[key],
        _ => ((EventStatus)key).ToString(),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long BucketOf(long ticks)
    {
        if (ticks - _lastStartTicks is >= 0 && ticks - _lastStartTicks < _intervalTicks)
        {
            return _lastBucket;
        }

        long bucket = (long)Math.Floor((double)(ticks - EpochTicks) / _intervalTicks);
        // Floor in floating point can be one off for huge tick counts; settle it exactly.
        long start = EpochTicks + bucket * _intervalTicks;
        if (start > ticks)
        {
            bucket--;
        }
        else if (ticks - start >= _intervalTicks)
        {
            bucket++;
        }

        _lastBucket = bucket;
        _lastStartTicks = EpochTicks + bucket * _intervalTicks;
        return bucket;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddKey(long bucket, int key, EventStatus status)
    {
        var bucketKey = new BucketKey(bucket, key);
        if (bucketKey != _lastKey)
        {
            _lastSlot = SlotOf(bucketKey);
            _lastKey = bucketKey;
        }

        _counts[_lastSlot].Add(status);
    }

    private int SlotOf(BucketKey key)
    {
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_slots, key, out bool exists);
        if (!exists)
        {
            slot = _slots.Count - 1;
            if (slot == _counts.Length)
            {
                Array.Resize(ref _counts, _counts.Length * 2);
            }
        }

        return slot;
    }

    private readonly record struct BucketKey(long Bucket, int Key);
}
