namespace Aggregator.Reading;

/// <summary>What kind of value a field had in the input.</summary>
public enum ValueKind : byte
{
    Absent,
    Null,
    Text,
    Number,
    True,
    False,

    /// <summary>An object or array where a single value was expected.</summary>
    Composite,
}
