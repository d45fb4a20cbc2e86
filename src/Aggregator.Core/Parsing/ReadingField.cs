namespace Aggregator.Parsing;

/// <summary>The three fields a reader extracts from a meter or sensor reading.</summary>
public enum ReadingField
{
    Timestamp = 0,
    Value = 1,

    /// <summary>The meter or sensor that took the reading.</summary>
    Source = 2,
}
