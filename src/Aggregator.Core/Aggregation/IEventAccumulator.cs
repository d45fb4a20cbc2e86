using Aggregator.Reading;

namespace Aggregator.Aggregation;

/// <summary>
/// A mergeable aggregate: records go in one at a time (<see cref="Add(in ParsedEvent)"/> from a reader, or
/// <see cref="Add(EventRecord)"/> from the pipeline), partial aggregates combine with Merge, and the results come out once.
/// Each file or worker can fill its own accumulator and merge at the end.
/// </summary>
public interface IEventAccumulator
{
    /// <summary>The tables a reader interns into, so that <see cref="Add(in ParsedEvent)"/> can index by id.</summary>
    EventSymbols Symbols { get; }

    /// <summary>The names <see cref="Add(in ParsedEvent)"/> reads; the reader leaves the others out.</summary>
    NameUse Names { get; }

    void Add(in ParsedEvent record);

    void Add(EventRecord record);
}
