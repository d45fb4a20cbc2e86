using System;
using System.Globalization;

namespace Aggregator;

/// <summary>
/// A period with readings outside the zero-filled stretch of Measure-KwhUsage: it is still a row (its kWh are not
/// lost), but no zero rows lead to it. Reported so that a sentinel date (0001-01-01) or a typo in a year is found.
/// </summary>
public sealed class KwhOutlier
{
    public KwhOutlier(KwhInterval interval, DateTimeOffset period, string meterId, double kwh, long readings, DateTime firstReading)
    {
        Interval = interval;
        Period = period;
        MeterId = meterId;
        Kwh = kwh;
        Readings = readings;
        FirstReading = firstReading;
    }

    public KwhInterval Interval { get; }

    public DateTimeOffset Period { get; }

    /// <summary>The meter, with -ByMeter; empty otherwise.</summary>
    public string MeterId { get; }

    public double Kwh { get; }

    public long Readings { get; }

    /// <summary>The time (UTC) of the period's earliest reading.</summary>
    public DateTime FirstReading { get; }

    public override string ToString()
    {
        string meter = MeterId.Length == 0 ? string.Empty : $" meter '{MeterId}'";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Period:yyyy-MM-dd'T'HH:mmzzz}{meter}: {Kwh:R} kWh from {Readings} reading(s), the first at {FirstReading:yyyy-MM-dd'T'HH:mm:ss'Z'}");
    }
}
