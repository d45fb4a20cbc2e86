using System.Collections.Generic;
using System.Management.Automation;
using Aggregator.Commands.Infrastructure;
using Aggregator.Parsing;

namespace Aggregator.Commands;

/// <summary>Reads event files (JSON, JSON Lines, multi-line JSON, CSV, gzip) and emits typed EventRecord objects.</summary>
[Cmdlet(VerbsData.Import, "EventRecord", DefaultParameterSetName = PathSet)]
[OutputType(typeof(EventRecord))]
public sealed class ImportEventRecordCommand : EventFileCmdlet
{
    /// <summary>With -ThrottleLimit above 1, emits the files one after another in the order given.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public SwitchParameter Ordered { get; set; }

    /// <summary>
    /// Paths of further fields (client.ipAddress, outcome.reason) that each record keeps, as note properties named by
    /// the path, so that Group-Object, Where-Object and Export-Csv can use them. Nothing more is read without it.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Property { get; set; }

    protected override FieldMap CreateFieldMap() =>
        Property is null ? base.CreateFieldMap() : base.CreateFieldMap().WithExtraFields(Property);

    protected override void EndProcessing()
    {
        ReadGatheredRecords(Ordered);
        base.EndProcessing();
    }

    // Duplicates are dropped here, on the pipeline thread, so that "the first" is the first written.
    protected override void OnRecord(IInputRecord input)
    {
        var record = (EventRecord)input;
        Statistics.AddUser(record.User);
        if (Duplicates is null || Duplicates.IsFirst(record.User, record.Event, record.Status, record.Timestamp))
        {
            WriteObject(Property is null ? record : WithNoteProperties(record));
        }
    }

    private static PSObject WithNoteProperties(EventRecord record)
    {
        var shown = new PSObject(record);
        foreach (KeyValuePair<string, string?> field in record.GetExtraFields())
        {
            shown.Properties.Add(new PSNoteProperty(field.Key, field.Value));
        }

        return shown;
    }
}
