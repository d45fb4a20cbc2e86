using Aggregator.Reading;

namespace Aggregator.Aggregation;

/// <summary>What a reader feeds: any accumulator of events or readings that a file can be read straight into.</summary>
public interface IRecordAccumulator
{
    /// <summary>The tables a reader interns into, so that <see cref="Add(in ParsedEvent)"/> can index by id.</summary>
    EventSymbols Symbols { get; }

    /// <summary>The names <see cref="Add(in ParsedEvent)"/> reads; the reader leaves the others out.</summary>
    NameUse Names { get; }

    void Add(in ParsedEvent record);
}
