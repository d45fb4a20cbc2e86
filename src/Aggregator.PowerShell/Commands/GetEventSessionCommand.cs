using System;
using System.Management.Automation;
using Aggregator.Commands.Completion;
using Aggregator.Aggregation;
using Aggregator.Commands.Infrastructure;

namespace Aggregator.Commands;

/// <summary>Per-user sessions: start, end, duration and event count, split by idle gaps or a maximum length.</summary>
[Cmdlet(VerbsCommon.Get, "EventSession", DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(EventSession))]
public sealed class GetEventSessionCommand : StoredEventAggregationCmdlet<SessionAccumulator>
{
    /// <summary>A gap between a user's events longer than this starts a new session.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(TimeSpanCompleter))]
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>A session that would last longer than this is cut, and the next event starts a new one.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(TimeSpanCompleter))]
    public TimeSpan? MaxDuration { get; set; }

    protected override void BeginProcessing()
    {
        if (IdleTimeout <= TimeSpan.Zero || MaxDuration <= TimeSpan.Zero)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentOutOfRangeException(
                    IdleTimeout <= TimeSpan.Zero ? nameof(IdleTimeout) : nameof(MaxDuration), "Session limits must be longer than zero, such as 00:30:00."),
                "InvalidSessionLimit", ErrorCategory.InvalidArgument, null));
        }

        base.BeginProcessing();
    }

    protected override Merging.ResultKind StoreKind => Merging.ResultKind.EventSession;

    protected override System.Collections.Generic.IReadOnlyList<object> ResultsOf(SessionAccumulator accumulator) =>
        accumulator.GetResults();

    protected override SessionAccumulator CreateAccumulator() => new(IdleTimeout, MaxDuration);

    protected override void WriteResults()
    {
        if (Accumulator.WithoutTimestamp > 0)
        {
            WriteVerbose($"{Accumulator.WithoutTimestamp} record(s) without a timestamp cannot belong to a session and were left out.");
        }

        WriteEach(Accumulator.GetResults());
    }
}
