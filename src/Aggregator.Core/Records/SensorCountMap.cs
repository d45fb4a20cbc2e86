using System;
using System.Collections.Generic;

namespace Aggregator;

/// <summary>
/// Valid readings per sensor id. A dictionary, so ConvertTo-Json writes an object; prints as "sensor-a=2;sensor-b=2",
/// so an Export-Csv cell is readable.
/// </summary>
public sealed class SensorCountMap : Dictionary<string, long>
{
    public SensorCountMap()
        : base(StringComparer.Ordinal)
    {
    }

    public override string ToString() => NameCountText.Format(this);
}
