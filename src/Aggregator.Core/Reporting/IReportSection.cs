using System.Text.Json;

namespace Aggregator.Reporting;

/// <summary>One part of an HTML report: what it is called in the page, and its aggregates as JSON for the page's script.</summary>
public interface IReportSection
{
    /// <summary>The section's kind, which the page's script draws: events, kwh or sensors.</summary>
    string Kind { get; }

    /// <summary>Whether anything was added.</summary>
    bool IsEmpty { get; }

    void WriteData(Utf8JsonWriter json);
}
