using System;
using System.Collections.Generic;

namespace Aggregator;

/// <summary>
/// Skipped records per reason name. A dictionary, so <c>$st.SkippedByReason.InvalidJson</c> and ConvertTo-Json work;
/// prints as "InvalidJson=1;MissingField=2" so that Export-Csv writes one readable cell.
/// </summary>
public sealed class SkipReasonCounts : Dictionary<string, long>
{
    public SkipReasonCounts()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    public void Add(SkipReason reason, long count)
    {
        if (count == 0)
        {
            return;
        }

        string key = reason.ToString();
        TryGetValue(key, out long current);
        this[key] = current + count;
    }

    public override string ToString() => NameCountText.Format(this);
}
