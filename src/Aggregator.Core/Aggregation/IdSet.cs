using System.Collections.Generic;
using System.Numerics;

namespace Aggregator.Aggregation;

/// <summary>A set of small ids: the first 64 in a bit mask (no allocation), the rest in a hash set.</summary>
internal struct IdSet
{
    private ulong _low;
    private HashSet<int>? _high;

    /// <summary>The ids below 64 as a bit mask, when there are no others; otherwise null.</summary>
    public ulong? SmallMask => _high is null ? _low : null;

    public void Add(int id)
    {
        if (id < 64)
        {
            _low |= 1UL << id;
        }
        else
        {
            (_high ??= new HashSet<int>()).Add(id);
        }
    }

    public IEnumerable<int> Ids()
    {
        ulong low = _low;
        while (low != 0)
        {
            yield return BitOperations.TrailingZeroCount(low);
            low &= low - 1;
        }

        if (_high is not null)
        {
            foreach (int id in _high)
            {
                yield return id;
            }
        }
    }
}
