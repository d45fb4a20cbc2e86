using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Aggregator.Commands.Infrastructure;
using Aggregator.Commands.Output;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Summaries;

namespace Aggregator.Commands;

/// <summary>
/// A general summary, like KQL's summarize ... by ..., bin(): groups records by any fields (dotted paths in files,
/// property names on pipeline objects) and an optional time bin, and gives per group the count, the sum, average,
/// extremes and standard deviation of numeric fields, distinct counts, percentiles and top values. Memory grows with
/// the groups, not the records: percentiles come from a t-digest, distinct counts are exact up to a limit and then a
/// HyperLogLog, top values come from a space-saving sketch. Each group carries its State, so Merge-Aggregate combines
/// summaries from several hosts.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Record", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(RecordSummary))]
public sealed class MeasureRecordCommand : FileReadingCmdlet
{
    private const string InputObjectSet = "InputObject";

    private SummarySpec? _spec;
    private FileAggregate<RecordSummaryAccumulator>? _summary;
    private SummaryRow? _row;
    private TimestampParser? _timestamps;

    /// <summary>Any object; its properties are read by name. A file from Get-ChildItem is read as a file.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The fields to group by (at most four); none gives one group of everything.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? By { get; set; }

    /// <summary>Also groups by time: bins of this length aligned to the Unix epoch (hours start on the hour, days at midnight UTC).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.TimeSpanCompleter))]
    public TimeSpan? Interval { get; set; }

    /// <summary>Names of the time field for -Interval; timestamp, event_time, time or @timestamp by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TimestampField { get; set; }

    /// <summary>Accepted for readability: every group has its Count.</summary>
    [Parameter]
    public SwitchParameter Count { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Sum { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Average { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Minimum { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Maximum { get; set; }

    /// <summary>The sample standard deviation (n - 1), as Measure-Object gives it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? StandardDeviation { get; set; }

    /// <summary>Fields whose distinct values are counted: exact up to 1,024 per group, then a HyperLogLog (about 0.8% error).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DistinctCount { get; set; }

    /// <summary>Percentiles of a numeric field, as field:percentiles, such as latency_ms:50,95,99.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Percentile { get; set; }

    /// <summary>The most frequent values of a field, as field:count, such as User:5 (10 when the count is left out).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Top { get; set; }

    /// <summary>
    /// Workers for files (from -Path, or piped from Get-ChildItem); in every parameter set, so that giving it with
    /// piped records does not turn their properties into file names.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public override int ThrottleLimit
    {
        get => base.ThrottleLimit;
        set => base.ThrottleLimit = value;
    }

    private SummarySpec Spec => _spec ??= CreateSpec();

    protected override IFileAggregate Aggregate => Summary;

    private FileAggregate<RecordSummaryAccumulator> Summary =>
        _summary ??= new FileAggregate<RecordSummaryAccumulator>(() => new RecordSummaryAccumulator(Spec));

    private RecordSummaryAccumulator Accumulator => Summary.Accumulator;

    protected override FieldMap CreateFieldMap() => FieldMap.ForSummary(Spec);

    protected override void BeginProcessing()
    {
        try
        {
            _ = Spec;
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidSummary", ErrorCategory.InvalidArgument, null));
        }

        HotLoopPrecompiler.Start(HotLoopPrecompiler.SummaryPath);
        base.BeginProcessing();
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != InputObjectSet)
        {
            base.ProcessRecord();
        }
        else if (InputObject?.BaseObject is FileInfo file)
        {
            GatherFile(file.FullName);
        }
        else if (InputObject is not null)
        {
            PSObject item = InputObject;
            ReadPipelineRecord((string source, long line, out SkippedRecord? skipped) => TryAdd(item, source, line, out skipped));
        }
    }

    protected override void WriteResults()
    {
        IReadOnlyList<RecordSummary> groups = Array.Empty<RecordSummary>();
        RunCancellable(() => groups = Accumulator.GetResults(Cancellation));
        RecordSummaryDisplay.Register(this, Spec);
        WriteEach(groups);
    }

    // Any object is read by property name, as a file's record is read by field name.
    private bool TryAdd(PSObject item, string source, long line, out SkippedRecord? skipped)
    {
        _row ??= new SummaryRow(Spec, source);
        _timestamps ??= new TimestampParser(Options.AssumeTimeZone, Options.TimestampStyle);
        _row.Clear();
        for (int field = 0; field < Spec.Fields.Count; field++)
        {
            if (!PSObjectProperties.TryGetPath(item, Spec.Fields[field], out object? value))
            {
                continue;
            }

            if (PSObjectProperties.IsComposite(value))
            {
                _row.SetComposite(field);
            }
            else
            {
                _row.SetValue(field, BaseObjectOf(value));
            }
        }

        (ValueKind kind, byte[] text) = Spec.Interval is null ? (ValueKind.Absent, Array.Empty<byte>()) : TimestampOf(item, _row);
        if (!_row.TryValidate(_timestamps, kind, text, out SkipReason reason, out string problem))
        {
            skipped = new SkippedRecord(source, line, reason, problem, SkippedRecord.Truncate(item.ToString())) { Record = line };
            return false;
        }

        Accumulator.Add(_row);
        skipped = null;
        return true;
    }

    // A pipeline time: a DateTime or DateTimeOffset as it is, text or an epoch number as a file's would be read.
    private (ValueKind, byte[]) TimestampOf(PSObject item, SummaryRow row)
    {
        foreach (string name in Spec.TimestampNames)
        {
            if (!PSObjectProperties.TryGetPath(item, name, out object? value) || BaseObjectOf(value) is not { } plain)
            {
                continue;
            }

            switch (plain)
            {
                case DateTime time:
                    row.SetTimestamp(_timestamps!.ToUtc(time));   // -AssumeTimeZone for a time without a kind, as for text
                    return (ValueKind.Text, Array.Empty<byte>());
                case DateTimeOffset offset:
                    row.SetTimestamp(offset.UtcDateTime);
                    return (ValueKind.Text, Array.Empty<byte>());
                case string text:
                    return (ValueKind.Text, Encoding.UTF8.GetBytes(text));
                case IConvertible number:
                    return (ValueKind.Number, Encoding.UTF8.GetBytes(Convert.ToString(number, System.Globalization.CultureInfo.InvariantCulture)!));
            }
        }

        return (ValueKind.Absent, Array.Empty<byte>());
    }

    private SummarySpec CreateSpec()
    {
        var numeric = new List<(string, NumericStatistic)>();
        void Ask(string[]? fields, NumericStatistic statistic) => numeric.AddRange((fields ?? Array.Empty<string>()).Select(f => (f, statistic)));
        Ask(Sum, NumericStatistic.Sum);
        Ask(Average, NumericStatistic.Average);
        Ask(Minimum, NumericStatistic.Minimum);
        Ask(Maximum, NumericStatistic.Maximum);
        Ask(StandardDeviation, NumericStatistic.StandardDeviation);
        return new SummarySpec(By, Interval, TimestampField, numeric, DistinctCount,
            SummaryArgument.Percentiles(Percentile ?? Array.Empty<string>()), SummaryArgument.Top(Top ?? Array.Empty<string>()));
    }
}
