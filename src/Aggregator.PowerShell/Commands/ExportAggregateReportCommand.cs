using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Aggregator.Commands.Infrastructure;
using Aggregator.Reporting;
using Aggregator.Writing;

namespace Aggregator.Commands;

/// <summary>
/// Writes one self-contained HTML report of what comes down the pipeline: event records (the Event Sessions Builder's
/// dashboard with the Data Processor's figures), kWh usage rows (Electro's charts) or sensor file results (the Mock S3
/// Aggregator's), with the chart library inline so the page opens with no network.
/// </summary>
[Cmdlet(VerbsData.Export, "AggregateReport", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportAggregateReportCommand : AggregatorCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private readonly EventReportSection _events = new();
    private readonly KwhReportSection _kwh = new();
    private readonly SensorReportSection _sensors = new();
    private string? _target;

    /// <summary>EventRecord, KwhUsage, SensorFileSummary or SensorSummary objects; SkippedRecord objects are skipped records.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>
    /// The skipped records of the run: the errors of -ErrorVariable, or the SkippedRecord objects of -SkippedVariable.
    /// Give the variable's name (such as bad) when the command that fills it is earlier in the same pipeline: it is read
    /// once that command has finished.
    /// </summary>
    [Parameter]
    [AllowNull]
    public object? Skipped { get; set; }

    /// <summary>
    /// The run's ImportStatistics (-StatisticsVariable): its counts become the metrics. Give the variable's name (such as
    /// st) when the command that sets it is earlier in the same pipeline: it is read once that command has finished.
    /// </summary>
    [Parameter]
    [AllowNull]
    public object? Statistics { get; set; }

    /// <summary>The page's title.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = "Aggregator report";

    /// <summary>Replaces a read-only file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Leaves an existing file as it is and fails instead.</summary>
    [Parameter]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Writes the report's FileInfo once it is complete.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    // The target is settled before any input is read, so a bad path fails at once rather than after a long read.
    protected override void BeginProcessing()
    {
        string given = (ParameterSetName == LiteralPathSet ? LiteralPath : Path)!;
        try
        {
            _target = PathResolver.ResolveOutput(this, given, ParameterSetName == LiteralPathSet);
        }
        catch (Exception ex) when (ex is NotFileSystemPathException or AmbiguousPathException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ex is AmbiguousPathException ? "AmbiguousPath" : "NotFileSystemPath",
                ErrorCategory.InvalidArgument, given));
        }
    }

    protected override void ProcessRecord()
    {
        switch (InputObject?.BaseObject)
        {
            case null:
                return;
            case EventRecord record:
                _events.Add(record);
                break;
            case SkippedRecord skipped:
                _events.AddSkipped(skipped);
                break;
            case UserEventSummary user:
                _events.Add(user);
                break;
            case EventSession session:
                _events.Add(session);
                break;
            case EventTimeBucket hour when hour is not KeyedEventTimeBucket:
                _events.Add(hour);
                break;
            case KwhUsage usage:
                _kwh.Add(usage);
                break;
            case SensorFileSummary file:
                _sensors.Add(file);
                break;
            case SensorSummary sensor:
                _sensors.Add(sensor);
                break;
            default:
                WriteError(new ErrorRecord(new PSArgumentException(
                        $"A report takes EventRecord, UserEventSummary, EventSession, EventTimeBucket, KwhUsage, SensorFileSummary or SensorSummary objects, not {InputObject.TypeNames[0]}."),
                    "UnsupportedInput", ErrorCategory.InvalidType, InputObject));
                break;
        }
    }

    protected override void EndProcessing()
    {
        object? skippedList = BaseObjectOf(Skipped) is string listName ? VariableValue(listName, nameof(Skipped)) : BaseObjectOf(Skipped);
        foreach (object? item in LanguagePrimitives.GetEnumerable(skippedList) ?? new[] { skippedList })
        {
            if (SkippedRecordOf(item) is { } skipped)
            {
                _events.AddSkipped(skipped);
            }
        }

        object? statistics = BaseObjectOf(Statistics) is string name ? VariableValue(name, nameof(Statistics)) : BaseObjectOf(Statistics);
        if (statistics is ImportStatistics imported)
        {
            _events.Statistics = imported;
        }
        else if (statistics is not null)
        {
            WriteError(new ErrorRecord(new PSArgumentException(
                    $"-Statistics takes the ImportStatistics of -StatisticsVariable (or its variable's name), not {statistics.GetType().Name}."),
                "InvalidStatistics", ErrorCategory.InvalidArgument, Statistics));
        }

        string target = _target!;
        if (!ShouldProcess(target, "Write the HTML report"))
        {
            return;
        }

        try
        {
            ReportFile.Write(target, Title, new IReportSection[] { _events, _kwh, _sensors }, ModuleFiles.Report(this), NoClobber, Force);
        }
        catch (TargetExistsException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "NoClobber", ErrorCategory.ResourceExists, target));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ReportWriteFailed", ErrorCategory.WriteError, target));
        }

        if (PassThru)
        {
            WriteObject(new FileInfo(target));
        }
    }

    // A variable named by -Skipped or -Statistics; a name with no variable is an error, not an empty report section.
    private object? VariableValue(string name, string parameter)
    {
        PSVariable? variable = SessionState.PSVariable.Get(name.TrimStart('$'));
        if (variable is null)
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"-{parameter} names the variable '{name}', but there is none."),
                "VariableNotFound", ErrorCategory.ObjectNotFound, name));
        }

        return BaseObjectOf(variable?.Value);
    }

    private static SkippedRecord? SkippedRecordOf(object? item) => item switch
    {
        PSObject wrapped => SkippedRecordOf(wrapped.BaseObject),
        SkippedRecord record => record,
        ErrorRecord error => SkippedRecordOf(error.TargetObject),
        _ => null,
    };
}
