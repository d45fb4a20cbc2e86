namespace Aggregator.Reading;

/// <summary>Receives what a reader finds: each valid record, and each record it had to skip.</summary>
public interface IEventSink
{
    /// <summary>The tables the reader interns users and events into. A sink may swap them between records.</summary>
    EventSymbols Symbols { get; }

    /// <summary>The names this sink reads; the others come with id -1.</summary>
    NameUse Names { get; }

    void OnEvent(in ParsedEvent record);

    void OnSkipped(SkippedRecord record);
}
