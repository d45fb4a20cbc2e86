using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Aggregator.Commands.Infrastructure;
using Aggregator.Commands.Output;
using Aggregator.Merging;

namespace Aggregator.Commands;

/// <summary>
/// Merges partial results into the results one run over all their input would give: the output of several hosts
/// (Invoke-Command), jobs, stored daily results (Import-Clixml) or CSV rows read back (Import-Csv, with -As). Each kind
/// merges with its own kind; counts add, lists unite, sessions join, kWh periods are zero-filled again, and distinct
/// counts, percentiles and top lists merge through the sketches the results carry.
/// </summary>
[Cmdlet(VerbsData.Merge, "Aggregate")]
[OutputType(typeof(UserEventSummary), typeof(EventStatistics), typeof(EventTimeBucket), typeof(KeyedEventTimeBucket),
    typeof(EventSession), typeof(KwhUsage), typeof(SensorSummary), typeof(SensorFileSummary), typeof(ImportStatistics),
    typeof(RecordSummary))]
public sealed class MergeAggregateCommand : AggregatorCmdlet
{
    private readonly Dictionary<ResultKind, IResultMerger> _mergers = new();
    private readonly List<ResultKind> _order = new();
    private long _index;
    private long _rejected;

    /// <summary>A result of the module: live, deserialized, or a row read back from CSV (then give -As).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The kind of result the input is, for rows that lost their type name (Import-Csv).</summary>
    [Parameter]
    public ResultKind? As { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            return;
        }

        _index++;
        ResultKind? kind = As ?? KindOf(InputObject);
        if (kind is null)
        {
            Reject(new ArgumentException(
                $"Input {_index} ({InputObject.TypeNames[0]}) is not a result of the Aggregator module; for rows read back with Import-Csv, " +
                "say which kind they are with -As (such as -As UserEventSummary)."), "NotAnAggregate", ErrorCategory.InvalidType);
            return;
        }

        if (!_mergers.TryGetValue(kind.Value, out IResultMerger? merger))
        {
            _mergers[kind.Value] = merger = ResultMergers.Create(kind.Value);
            _order.Add(kind.Value);
        }

        try
        {
            if (!merger.TryAdd(InputObject.BaseObject))
            {
                merger.Add(PSObjectProperties.ForResult(InputObject, $"Input {_index} ({kind})"));
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidCastException or OverflowException)
        {
            Reject(ex, "InvalidAggregate", ErrorCategory.InvalidData);
        }
    }

    protected override void EndProcessing()
    {
        foreach (ResultKind kind in _order)
        {
            IResultMerger merger = _mergers[kind];
            IReadOnlyList<object> results = Array.Empty<object>();
            try
            {
                RunCancellable(() => results = merger.GetMergedResults(Cancellation));
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
            {
                WriteError(new ErrorRecord(ex, "MergeFailed", ErrorCategory.InvalidData, kind));
                continue;
            }

            WriteVerbose($"Merged {merger.Added} {kind} result(s) into {results.Count}.");
            if (merger.Inexact is string reason)
            {
                WriteWarning($"The merged {kind} results are not exact: {reason}");
            }

            if (results.Count > 0 && results[0] is RecordSummary summary)
            {
                RecordSummaryDisplay.Register(this, summary.Spec);
            }

            WriteEach(results);
        }

        if (_rejected > 0)
        {
            WriteVerbose($"{_rejected} input object(s) could not be merged; each is an error above.");
        }
    }

    private void Reject(Exception exception, string errorId, ErrorCategory category)
    {
        _rejected++;
        WriteError(new ErrorRecord(exception, errorId, category, InputObject));
    }

    /// <summary>The kind of a live result, or of a copy by its type name (Deserialized.Aggregator.X after a job or remoting).</summary>
    private static ResultKind? KindOf(PSObject item)
    {
        if (item.BaseObject.GetType() is { Namespace: "Aggregator" } type && ResultKinds.TryParseTypeName(type.FullName!, out ResultKind live))
        {
            return live;
        }

        foreach (string name in item.TypeNames)
        {
            if (ResultKinds.TryParseTypeName(name, out ResultKind kind))
            {
                return kind;
            }
        }

        return null;
    }
}
