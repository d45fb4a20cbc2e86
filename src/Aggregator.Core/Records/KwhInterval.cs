namespace Aggregator;

/// <summary>The period a kWh sum covers.</summary>
public enum KwhInterval
{
    /// <summary>15 minutes, the unit of most meter data.</summary>
    QuarterHour,
    Hour,
    Day,
}
