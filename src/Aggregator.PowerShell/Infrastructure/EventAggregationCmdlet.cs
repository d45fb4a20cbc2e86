using System;
using System.Management.Automation;
using Aggregator.Aggregation;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Base of the aggregating cmdlets. Input arrives three ways: EventRecord objects (-InputObject, from the pipeline);
/// any object with User, Event, Status and Timestamp properties, bound by property name; or -Path / -LiteralPath,
/// the fast path that reads files straight into the accumulator without a pipeline object per record.
/// Subclasses set DefaultParameterSetName to LiteralPath: a file from Get-ChildItem has PSPath and, on Unix, a User
/// property too, and the default set is what settles that tie in favour of reading the file.
/// </summary>
public abstract class EventAggregationCmdlet<TAccumulator> : EventFileCmdlet
    where TAccumulator : IEventAccumulator, IMergeable<TAccumulator>
{
    protected const string InputObjectSet = "InputObject";

    private FileAggregate<TAccumulator>? _aggregate;
    private PropertyRecordParser? _propertyParser;

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public EventRecord? InputObject { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("user_id", "userId", "username")]
    [AllowNull, AllowEmptyString]
    public string? User { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("event_type", "eventType", "type")]
    [AllowNull, AllowEmptyString]
    public string? Event { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("result", "outcome")]
    [AllowNull, AllowEmptyString]
    public string? Status { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("event_time", "time", "@timestamp")]
    [AllowNull]
    public object? Timestamp { get; set; }

    protected TAccumulator Accumulator => FileAggregate.Accumulator;

    protected override IFileAggregate Aggregate => FileAggregate;

    private FileAggregate<TAccumulator> FileAggregate => _aggregate ??= new FileAggregate<TAccumulator>(CreateAccumulator);

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        HotLoopPrecompiler.Start(Duplicates is null
            ? new[] { typeof(TAccumulator) }
            : new[] { typeof(TAccumulator), typeof(DuplicateFilter) });
    }

    protected abstract TAccumulator CreateAccumulator();

    /// <summary>Writes the results once all input is in.</summary>
    protected abstract override void WriteResults();

    protected override void ProcessRecord()
    {
        if (ParameterSetName != InputObjectSet)
        {
            base.ProcessRecord();
        }
        else if (InputObject is not null)
        {
            Add(InputObject);
        }
    }

    protected override bool TryAddBoundProperties(string source, long line, out SkippedRecord? skipped)
    {
        _propertyParser ??= new PropertyRecordParser(Options.AssumeTimeZone, Options.TimestampStyle, Options.Status);
        if (!_propertyParser.TryCreate(User, Event, Status, BaseObjectOf(Timestamp), source, line, out EventRecord? record, out skipped))
        {
            return false;
        }

        Statistics.AddUser(record!.User);
        Add(record);
        return true;
    }

    private void Add(EventRecord record)
    {
        if (Duplicates is null || Duplicates.IsFirst(record.User, record.Event, record.Status, record.Timestamp))
        {
            Accumulator.Add(record);
        }
    }
}
