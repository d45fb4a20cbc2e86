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
    private SensorFileAggregate? _files;
    private SensorFileTracker? _pipeline;
    private ReadingPropertyParser? _parser;

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

    // Each file's summary is written as soon as it is finished, unless only the per-sensor figures are asked for.
    protected override IFileAggregate Aggregate => _files ??= new SensorFileAggregate(summary =>
    {
        if (!BySensor)
        {
            WriteObject(summary);
        }
    });

    // The pipeline's readings are one more source, with its own summary after the files'.
    protected override bool TryAddBoundProperties(string source, long line, out SkippedRecord? skipped)
    {
        _pipeline ??= new SensorFileTracker(source, identify: false);
        _parser ??= new ReadingPropertyParser(Options.AssumeTimeZone, Options.TimestampStyle);
        if (!_parser.TryCreateSensor(SensorId, BaseObjectOf(Timestamp), BaseObjectOf(Value), source, line,
                out SensorReading? reading, out skipped))
        {
            _pipeline.AddError(skipped!);
            return false;
        }

        _pipeline.Readings.Add(reading!.SensorId, reading.Value);
        return true;
    }

    protected override void WriteResults()
    {
        if (!BySensor)
        {
            if (_pipeline is not null)
            {
                WriteObject(_pipeline.Complete());
            }

            return;
        }

        SensorAccumulator all = _files?.BySensor ?? new SensorAccumulator();
        if (_pipeline is not null)
        {
            all.Merge(_pipeline.Readings);
        }

        WriteEach(all.GetResults());
    }
}
