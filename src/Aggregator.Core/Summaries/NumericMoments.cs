using System;

namespace Aggregator.Summaries;

/// <summary>
/// Count, sum, extremes, mean and the sum of squared deviations of a numeric field, kept the way Welford's update and
/// Chan's pairwise merge keep them, so partial results merge without the rounding of a sum of squares.
/// </summary>
public struct NumericMoments
{
    public long Count;
    public double Sum;
    public double Min;
    public double Max;
    public double Mean;
    public double SquaredDeviations;

    public void Add(double value)
    {
        if (Count == 0)
        {
            Min = Max = value;
        }
        else
        {
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }

        Count++;
        Sum += value;
        double delta = value - Mean;
        Mean += delta / Count;
        SquaredDeviations += delta * (value - Mean);
    }

    public void Merge(in NumericMoments other)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            this = other;
            return;
        }

        long count = Count + other.Count;
        double delta = other.Mean - Mean;
        SquaredDeviations += other.SquaredDeviations + delta * delta * ((double)Count * other.Count / count);
        Mean += delta * other.Count / count;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        Sum += other.Sum;
        Count = count;
    }

    /// <summary>The sample standard deviation (n - 1), as Measure-Object gives it: 0 for one value, null for none.</summary>
    public readonly double? StandardDeviation => Count switch
    {
        0 => null,
        1 => 0,
        _ => Math.Sqrt(Math.Max(0, SquaredDeviations / (Count - 1))),
    };

    public readonly double? Value(NumericStatistic statistic) => Count == 0 && statistic != NumericStatistic.Sum ? null : statistic switch
    {
        NumericStatistic.Sum => Sum,
        NumericStatistic.Average => Mean,
        NumericStatistic.Minimum => Min,
        NumericStatistic.Maximum => Max,
        NumericStatistic.StandardDeviation => StandardDeviation,
        _ => throw new ArgumentOutOfRangeException(nameof(statistic)),
    };
}
