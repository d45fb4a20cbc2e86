using System;

namespace Aggregator.Reporting;

/// <summary>Times in report data: Unix seconds (what the chart library plots), and bucket sizes that keep charts bounded.</summary>
internal static class ReportTime
{
    public static long Seconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

    /// <summary>
    /// The bucket size for a span: <paramref name="preferred"/> unless that gives more than <paramref name="maxBuckets"/>,
    /// then the first of the usual widths that fits, so a report of a year of events still has a few thousand points.
    /// </summary>
    public static long BucketSeconds(long spanSeconds, long preferred, int maxBuckets)
    {
        long[] widths = { preferred, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400, 365 * 86400 };
        foreach (long width in widths)
        {
            if (width >= preferred && spanSeconds / width < maxBuckets)
            {
                return width;
            }
        }

        return Math.Max(preferred, spanSeconds / maxBuckets + 1);
    }
}
