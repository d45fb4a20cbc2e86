namespace Aggregator;

/// <summary>A record read from a file: where it came from.</summary>
public interface IInputRecord
{
    /// <summary>The file the record came from.</summary>
    string Source { get; }
}
