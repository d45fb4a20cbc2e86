using System;
using System.Collections.Generic;

namespace Aggregator.Aggregation;

/// <summary>
/// Streaming exact-duplicate removal: the first record with a key passes, later ones are dropped. Order is kept.
/// Remembers every distinct key it has seen, as any exact de-duplication must.
/// </summary>
public sealed class DuplicateFilter
{
    private readonly HashSet<(string? User, long Ticks, string? Event, EventStatus Status)> _seen = new();

    public DuplicateFilter(DuplicateKey key = DuplicateKey.Default)
    {
        if ((key & (DuplicateKey.User | DuplicateKey.Timestamp | DuplicateKey.Event | DuplicateKey.Status)) == 0)
        {
            throw new ArgumentException("A duplicate key needs at least one field.", nameof(key));
        }

        Key = key;
    }

    public DuplicateKey Key { get; }

    /// <summary>Records dropped so far.</summary>
    public long Removed { get; private set; }

    /// <summary>True for the first record with its key; false (and counted) for a duplicate.</summary>
    public bool IsFirst(string user, string @event, EventStatus status, DateTime? timestamp)
    {
        var key = (
            (Key & DuplicateKey.User) != 0 ? user : null,
            (Key & DuplicateKey.Timestamp) != 0 ? timestamp?.Ticks ?? long.MinValue : 0,
            (Key & DuplicateKey.Event) != 0 ? @event : null,
            (Key & DuplicateKey.Status) != 0 ? status : EventStatus.None);
        if (_seen.Add(key))
        {
            return true;
        }

        Removed++;
        return false;
    }
}
