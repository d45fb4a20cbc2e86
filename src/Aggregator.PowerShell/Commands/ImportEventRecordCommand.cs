using System.Management.Automation;
using Aggregator.Commands.Infrastructure;
using Aggregator.Reading;

namespace Aggregator.Commands;

/// <summary>Reads event files (JSON, JSON Lines, multi-line JSON, CSV, gzip) and emits typed EventRecord objects.</summary>
[Cmdlet(VerbsData.Import, "EventRecord", DefaultParameterSetName = PathSet)]
[OutputType(typeof(EventRecord))]
public sealed class ImportEventRecordCommand : FileReadingCmdlet
{
    private EventRecordSink? _sink;

    protected override void ProcessRecord()
    {
        _sink ??= new EventRecordSink(WriteObject, WriteSkipped, Statistics);
        ReadFiles(ResolveFiles(), file =>
        {
            _sink.Source = file;
            return _sink;
        });
    }
}
