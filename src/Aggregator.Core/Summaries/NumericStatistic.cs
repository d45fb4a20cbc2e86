using System;

namespace Aggregator.Summaries;

/// <summary>The figures of a numeric field Measure-Record can give, named as Measure-Object names them.</summary>
[Flags]
public enum NumericStatistic
{
    None = 0,
    Sum = 1,
    Average = 2,
    Minimum = 4,
    Maximum = 8,
    StandardDeviation = 16,
}

/// <summary>The numeric figures in the order their columns come out.</summary>
public static class NumericStatistics
{
    public static readonly NumericStatistic[] InColumnOrder =
    {
        NumericStatistic.Sum, NumericStatistic.Average, NumericStatistic.Minimum, NumericStatistic.Maximum,
        NumericStatistic.StandardDeviation,
    };
}
