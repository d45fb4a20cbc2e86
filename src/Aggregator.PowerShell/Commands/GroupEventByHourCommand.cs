using System;
using System.Management.Automation;
using Aggregator.Commands.Completion;
using Aggregator.Aggregation;
using Aggregator.Commands.Infrastructure;

namespace Aggregator.Commands;

/// <summary>Event counts per UTC hour (or any -Interval), optionally split by user, event or status.</summary>
[Cmdlet(VerbsData.Group, "EventByHour", DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(EventTimeBucket), typeof(KeyedEventTimeBucket))]
public sealed class GroupEventByHourCommand : StoredEventAggregationCmdlet<TimeBucketAccumulator>
{
    /// <summary>Bucket size; one hour by default, at most ten years.</summary>
    [Parameter]
    [ValidateInterval]
    [ArgumentCompleter(typeof(TimeSpanCompleter))]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Adds a Key property: one bucket per key and interval.</summary>
    [Parameter]
    [ValidateSet("User", "Event", "Status")]
    public string? By { get; set; }

    protected override Merging.ResultKind StoreKind =>
        By is null ? Merging.ResultKind.EventTimeBucket : Merging.ResultKind.KeyedEventTimeBucket;

    protected override System.Collections.Generic.IReadOnlyList<object> ResultsOf(TimeBucketAccumulator accumulator) =>
        accumulator.GetResults();

    protected override TimeBucketAccumulator CreateAccumulator() =>
        new(Interval, By is null ? TimeBucketKey.None : Enum.Parse<TimeBucketKey>(By, ignoreCase: true));

    protected override void WriteResults()
    {
        if (Accumulator.WithoutTimestamp > 0)
        {
            WriteVerbose($"{Accumulator.WithoutTimestamp} record(s) without a timestamp were left out.");
        }

        WriteEach(Accumulator.GetResults());
    }

    private sealed class ValidateIntervalAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            if (arguments is TimeSpan span && span <= TimeSpan.Zero)
            {
                throw new ValidationMetadataException("The interval must be longer than zero, such as 00:05:00 or 1.00:00:00.");
            }

            if (arguments is TimeSpan tooLong && tooLong > TimeBucketAccumulator.MaxInterval)
            {
                throw new ValidationMetadataException(
                    $"The interval {tooLong:c} is too long: it must be at most {TimeBucketAccumulator.MaxInterval:c} (ten years).");
            }
        }
    }
}
