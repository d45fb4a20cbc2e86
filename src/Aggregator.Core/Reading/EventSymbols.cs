using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>The interned users and event types that <see cref="ParsedEvent"/> ids refer to.</summary>
public sealed class EventSymbols
{
    public SymbolTable Users { get; } = new();

    public SymbolTable Events { get; } = new();

    /// <summary>Bytes held, so a streaming consumer can start afresh before the tables grow without bound.</summary>
    public long ApproximateBytes => Users.ApproximateBytes + Events.ApproximateBytes;
}
