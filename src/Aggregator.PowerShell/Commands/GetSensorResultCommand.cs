using System;
using System.Collections.Generic;
using System.Management.Automation;
using Aggregator.Commands.Infrastructure;
using Aggregator.Store;

namespace Aggregator.Commands;

/// <summary>
/// The sensor files of a results store, as the SensorFileSummary objects Measure-SensorReading emits (with their
/// status, times, figures and row errors), chosen by id, status or upload time; or with -BySensor one SensorSummary per
/// sensor, merged over the chosen files.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SensorResult")]
[OutputType(typeof(SensorFileSummary), typeof(SensorSummary))]
public sealed class GetSensorResultCommand : StoreCmdlet
{
    private readonly List<string> _fileIds = new();

    /// <summary>The files' content ids; piped objects with a FileId property (such as Add-SensorUpload output) bind here.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? FileId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public SensorFileStatus[]? Status { get; set; }

    /// <summary>Only files uploaded at or after this time.</summary>
    [Parameter]
    [DateArgument]
    public DateTime? Since { get; set; }

    /// <summary>One SensorSummary per sensor over the chosen files, instead of one result per file.</summary>
    [Parameter]
    public SwitchParameter BySensor { get; set; }

    protected override void ProcessRecord()
    {
        if (FileId is not null)
        {
            _fileIds.AddRange(FileId);
        }
    }

    protected override void EndProcessing()
    {
        ResultStore store = OpenStore();
        var query = new SensorFileQuery
        {
            FileIds = _fileIds.Count == 0 ? null : _fileIds,
            Statuses = Status,
            Since = Since?.ToUniversalTime(),
        };
        if (BySensor)
        {
            WriteEach(WithStore(() => store.SensorFiles.QuerySensors(query)));
            return;
        }

        IReadOnlyList<SensorFileSummary> files = WithStore(() => store.SensorFiles.Query(query));
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (SensorFileSummary file in files)
        {
            found.Add(file.FileId);
        }

        foreach (string id in _fileIds)
        {
            if (!found.Contains(id))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"The store '{store.Path}' has no file with id '{id}'."),
                    "FileIdNotFound", ErrorCategory.ObjectNotFound, id));
            }
        }

        WriteEach(files);
    }
}
