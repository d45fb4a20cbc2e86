using System;
using System.Collections.Generic;
using System.Management.Automation;
using Aggregator.Commands.Infrastructure;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Sensors;

namespace Aggregator.Commands;

/// <summary>
/// One SensorFileSummary per sensor CSV file (status Processed, Partial or Failed, figures over the valid rows, the row
/// errors), or with -BySensor one SensorSummary per sensor. Pipeline input gives one summary over all of it.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "SensorReading", DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(SensorFileSummary), typeof(SensorSummary))]
public sealed class MeasureSensorReadingCommand : SensorFileCmdlet
{
    private const string PropertySet = "Property";
    private const string PipelineSource = "(pipeline)";

    private readonly List<SensorFileTracker> _finished = new();
    private SensorFileTracker?[] _trackers = Array.Empty<SensorFileTracker?>();
    private int _completed;
    private SensorFileTracker? _pipeline;
    private ReadingPropertyParser? _parser;
    private long _pipelineCount;

    /// <summary>Only an aggregate comes out, the same for any number of workers: every processor by default.</summary>
    protected override int DefaultThrottleLimit => AllProcessors;

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("sensor_id")]
    [AllowNull, AllowEmptyString]
    public string? SensorId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [AllowNull]
    public object? Timestamp { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [AllowNull]
    public object? Value { get; set; }

    /// <summary>Emits one SensorSummary per sensor over all the input instead of a summary per file.</summary>
    [Parameter]
    public SwitchParameter BySensor { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != PropertySet)
        {
            GatherFiles();
            return;
        }

        _pipelineCount++;
        _pipeline ??= new SensorFileTracker(PipelineSource, identify: false);
        _parser ??= new ReadingPropertyParser(Options.AssumeTimeZone, Options.TimestampStyle);
        if (_parser.TryCreateSensor(SensorId, BaseObjectOf(Timestamp), BaseObjectOf(Value), PipelineSource, _pipelineCount,
                out SensorReading? reading, out SkippedRecord? skipped))
        {
            _pipeline.Readings.Add(reading!.SensorId, reading.Value);
        }
        else
        {
            _pipeline.AddError(skipped!);
            WriteSkipped(skipped!);
        }
    }

    protected override void EndProcessing()
    {
        // Each file is read into its own tracker, made on the worker that reads it; files are reported in order.
        IReadOnlyList<string> files = GatheredFiles;
        _trackers = new SensorFileTracker?[files.Count];
        ReadEachFile(files, index =>
        {
            var tracker = new SensorFileTracker(files[index]);
            _trackers[index] = tracker;
            return new AccumulatingSink(tracker.Readings, _ => { }, statistics: null);
        });
        base.EndProcessing();
        if (_pipeline is not null)
        {
            Finish(_pipeline, fileError: null);
        }

        if (BySensor)
        {
            var all = new SensorAccumulator();
            foreach (SensorFileTracker tracker in _finished)
            {
                all.Merge(tracker.Readings);
            }

            WriteEach(all.GetResults());
        }
    }

    protected override void OnSkipped(SkippedRecord record) => _trackers[_completed]?.AddError(record);

    protected override void OnFileCompleted(FileImportStatistics file)
    {
        SensorFileTracker tracker = _trackers[_completed] ?? new SensorFileTracker(file.Source);
        _trackers[_completed++] = null;   // its result is written; let the next file's memory be the only one held
        Finish(tracker, file.Error);
    }

    private void Finish(SensorFileTracker tracker, string? fileError)
    {
        if (BySensor)
        {
            _finished.Add(tracker);
        }
        else
        {
            WriteObject(tracker.Complete(fileError));
        }
    }
}
