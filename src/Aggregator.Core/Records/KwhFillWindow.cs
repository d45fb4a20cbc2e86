using System;
using System.Collections.Generic;

namespace Aggregator;

/// <summary>The stretch of periods of one interval that Measure-KwhUsage zero-fills, and the periods with readings outside it.</summary>
public sealed class KwhFillWindow
{
    public KwhFillWindow(KwhInterval interval, DateTimeOffset first, DateTimeOffset last, IReadOnlyList<KwhOutlier> outside)
    {
        Interval = interval;
        First = first;
        Last = last;
        Outside = outside;
    }

    public KwhInterval Interval { get; }

    /// <summary>The first filled period.</summary>
    public DateTimeOffset First { get; }

    /// <summary>The last filled period.</summary>
    public DateTimeOffset Last { get; }

    /// <summary>Rows with readings before <see cref="First"/> or after <see cref="Last"/>, in period and meter order.</summary>
    public IReadOnlyList<KwhOutlier> Outside { get; }
}
