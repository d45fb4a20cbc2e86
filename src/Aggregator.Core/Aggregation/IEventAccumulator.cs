using Aggregator.Reading;

namespace Aggregator.Aggregation;

/// <summary>
/// A mergeable aggregate of events: records go in one at a time (<see cref="IRecordAccumulator.Add(in ParsedEvent)"/>
/// from a reader, or <see cref="Add(EventRecord)"/> from the pipeline), partial aggregates combine with Merge, and the
/// results come out once. Each file or worker can fill its own accumulator and merge at the end.
/// </summary>
public interface IEventAccumulator : IRecordAccumulator
{
    void Add(EventRecord record);
}
