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
    protected override UserEventAccumulator CreateAccumulator() => new();

    protected override void WriteResults()
    {
        WriteEach(Accumulator.GetResults());
    }
}
