namespace Aggregator;

/// <summary>A record read from a file: where it came from.</summary>
public interface IInputRecord
{
    /// <summary>The file the record came from.</summary>
    string Source { get; }

    /// <summary>1-based line in <see cref="Source"/> where the record starts.</summary>
    long Line { get; }
}
