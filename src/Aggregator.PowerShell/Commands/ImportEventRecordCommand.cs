using System;
using System.Management.Automation;
using Aggregator.Aggregation;
using Aggregator.Commands.Infrastructure;
using Aggregator.Reading;

namespace Aggregator.Commands;

/// <summary>Reads event files (JSON, JSON Lines, multi-line JSON, CSV, gzip) and emits typed EventRecord objects.</summary>
[Cmdlet(VerbsData.Import, "EventRecord", DefaultParameterSetName = PathSet)]
[OutputType(typeof(EventRecord))]
public sealed class ImportEventRecordCommand : FileReadingCmdlet
{
    private EventRecordSink? _sink;

    /// <summary>Drops exact duplicates (same user, timestamp and event), keeping the first; the order is kept.</summary>
    [Parameter]
    public SwitchParameter Unique { get; set; }

    /// <summary>The fields that make records duplicates with -Unique; User, Timestamp and Event by default.</summary>
    [Parameter]
    [ValidateSet("User", "Timestamp", "Event", "Status")]
    public string[]? UniqueBy { get; set; }

    protected override void ProcessRecord()
    {
        _sink ??= new EventRecordSink(WriteObject, WriteSkipped, Statistics) { Duplicates = CreateDuplicateFilter() };
        ReadFiles(ResolveFiles(), file =>
        {
            _sink.Source = file;
            return _sink;
        });
    }

    protected override void EndProcessing()
    {
        if (_sink?.Duplicates is { Removed: > 0 } duplicates)
        {
            WriteVerbose($"{duplicates.Removed} exact duplicate(s) removed.");
        }

        base.EndProcessing();
    }

    private DuplicateFilter? CreateDuplicateFilter()
    {
        if (!Unique && UniqueBy is null)
        {
            return null;
        }

        DuplicateKey key = UniqueBy is null ? DuplicateKey.Default : 0;
        foreach (string field in UniqueBy ?? Array.Empty<string>())
        {
            key |= Enum.Parse<DuplicateKey>(field, ignoreCase: true);
        }

        return new DuplicateFilter(key);
    }
}
