using System.Management.Automation;
using Aggregator.Aggregation;
using Aggregator.Commands.Infrastructure;

namespace Aggregator.Commands;

/// <summary>Overall statistics for all records given: users, totals, failure rate, event types, first and last time.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "EventRecord", DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(EventStatistics))]
public sealed class MeasureEventRecordCommand : EventAggregationCmdlet<EventStatisticsAccumulator>
{
    protected override EventStatisticsAccumulator CreateAccumulator() => new();

    protected override void WriteResults() => WriteObject(Accumulator.GetResult());
}
