using System;

namespace Aggregator;

/// <summary>The kWh used in one period, by one meter or by all (Measure-KwhUsage).</summary>
public sealed class KwhUsage
{
    public KwhUsage()
    {
        MeterId = string.Empty;
    }

    public KwhUsage(DateTimeOffset period, KwhInterval interval, string meterId, double kwh, long readings)
    {
        Period = period;
        Interval = interval;
        MeterId = meterId;
        Kwh = kwh;
        Readings = readings;
    }

    /// <summary>The start of the period, with the offset of the zone the periods follow (+00:00 for UTC).</summary>
    public DateTimeOffset Period { get; set; }

    public KwhInterval Interval { get; set; }

    /// <summary>The meter, with -ByMeter; empty otherwise.</summary>
    public string MeterId { get; set; }

    /// <summary>The sum of the period's readings; 0 for a period without any.</summary>
    public double Kwh { get; set; }

    /// <summary>How many readings the sum covers.</summary>
    public long Readings { get; set; }

    /// <summary>The zone id whose local periods these are (-TimeZone); empty for UTC. Merge-Aggregate fills in it.</summary>
    public string TimeZone { get; set; } = string.Empty;

    public override string ToString() => $"{Period:yyyy-MM-dd HH:mm zzz} {MeterId} {Kwh}";
}
