using System.Management.Automation;
using Aggregator.Aggregation;
using Aggregator.Commands.Infrastructure;

namespace Aggregator.Commands;

/// <summary>Per-user totals: events, successes, failures, failure rate and distinct event types.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "UserEvent", DefaultParameterSetName = LiteralPathSet)]
[Alias("Measure-UserEvents")]
[OutputType(typeof(UserEventSummary))]
public sealed class MeasureUserEventCommand : StoredEventAggregationCmdlet<UserEventAccumulator>
{
    protected override Merging.ResultKind StoreKind => Merging.ResultKind.UserEventSummary;

    protected override System.Collections.Generic.IReadOnlyList<object> ResultsOf(UserEventAccumulator accumulator) =>
        accumulator.GetResults();

    protected override UserEventAccumulator CreateAccumulator() => new();

    protected override void WriteResults()
    {
        WriteEach(Accumulator.GetResults());
    }
}
