namespace Aggregator.Parsing;

/// <summary>The four fields a reader extracts from each record.</summary>
public enum EventField
{
    User = 0,
    Event = 1,
    Status = 2,
    Timestamp = 3,
}
