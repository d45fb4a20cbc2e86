using System.Management.Automation;
using Aggregator.Aggregation;
using Aggregator.Commands.Infrastructure;

namespace Aggregator.Commands;

/// <summary>Per-user totals: events, successes, failures, failure rate and distinct event types.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "UserEvent", DefaultParameterSetName = LiteralPathSet)]
[Alias("Measure-UserEvents")]
[OutputType(typeof(UserEventSummary))]
public sealed class MeasureUserEventCommand : EventAggregationCmdlet<UserEventAccumulator>
{
    /// <summary>
    /// A results store that keeps each file's per-user totals: files read before, and unchanged since, are taken from it
    /// and only new or changed files are read. The result equals reading every file.
    /// </summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? Store { get; set; }

    protected override Merging.ResultKind? StoreKind => Merging.ResultKind.UserEventSummary;

    protected override string? StoreParameter => Store;

    protected override System.Collections.Generic.IReadOnlyList<object> ResultsOf(UserEventAccumulator accumulator) =>
        accumulator.GetResults();

    protected override UserEventAccumulator CreateAccumulator() => new();

    protected override void WriteResults()
    {
        WriteEach(Accumulator.GetResults());
    }
}
