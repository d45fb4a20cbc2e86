using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Aggregator.Commands.Infrastructure;
using Aggregator.Writing;

namespace Aggregator.Commands;

/// <summary>
/// Writes pipeline objects as JSON Lines, one object per line, through one writer thread: to a file, or with -BatchSize
/// to part files in a folder. Files appear under their final names only when complete.
/// </summary>
[Cmdlet(VerbsData.Export, "JsonLines", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportJsonLinesCommand : AggregatorCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private JsonLinesWriter? _writer;
    private PSObjectJsonWriter? _objects;
    private ProgressReporter? _progress;
    private bool _declined;
    private int _filesWritten;

    /// <summary>The object to write; an array given by name writes each of its items.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    /// <summary>The file to write, or with -BatchSize the folder for the part files.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The file or folder, taken exactly as written (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>Records per part file: -Path is a folder, and part-00000.jsonl, part-00001.jsonl, … roll every N records.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int BatchSize { get; set; }

    /// <summary>Levels of contained objects written for objects that are not the module's own (as ConvertTo-Json); 2 by default.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int Depth { get; set; } = 2;

    /// <summary>Gzip the output: part files end in .jsonl.gz.</summary>
    [Parameter]
    public SwitchParameter Compress { get; set; }

    /// <summary>Add to the end of the file; with -BatchSize, number new part files after the folder's last one.</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    /// <summary>Do not replace an existing file (or, with -BatchSize, a folder's existing part files).</summary>
    [Parameter]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Replace read-only files too.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit each file, as a FileInfo, when it is complete.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        string path = ResolveOutputPath();
        string target = BatchSize > 0 ? $"part files in folder '{path}'" : path;
        if (!ShouldProcess(target, "Write JSON Lines"))
        {
            _declined = true;
            return;
        }

        try
        {
            _writer = new JsonLinesWriter(new JsonLinesWriterOptions
            {
                Path = path,
                BatchSize = BatchSize,
                Compress = Compress,
                Append = Append,
                NoClobber = NoClobber,
                Force = Force,
            }, Cancellation);
        }
        catch (TargetExistsException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "NoClobber", ErrorCategory.ResourceExists, path));
        }
        catch (TargetInUseException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "TargetInUse", ErrorCategory.ResourceBusy, path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "OpenFailed", ErrorCategory.OpenError, path));
        }

        _objects = new PSObjectJsonWriter(Depth);
        _progress = new ProgressReporter(this, $"Export-JsonLines: writing {target}", totalBytes: 0);
    }

    protected override void ProcessRecord()
    {
        if (_declined || InputObject is null)
        {
            return;
        }

        // An array given with -InputObject writes its items; one piped in arrives item by item anyway.
        if (!MyInvocation.ExpectingInput && BaseObjectOf(InputObject) is IEnumerable items and not string and not IDictionary)
        {
            foreach (object? item in items)
            {
                WriteRecord(item);
            }
        }
        else
        {
            WriteRecord(InputObject);
        }

        ReportCompletedFiles();
    }

    protected override void EndProcessing()
    {
        if (_declined || _writer is null)
        {
            return;
        }

        WriteWithErrorReport(_writer.Complete);
        ReportFailedRecords();
        ReportCompletedFiles();
        _progress?.Complete();
        if (_objects!.Truncated)
        {
            WriteWarning($"Some objects were nested deeper than -Depth {Depth}; those levels were written as text.");
        }

        WriteVerbose($"Wrote {_writer.RecordsWritten} record(s), {_writer.Bytes / 1048576.0:0.0} MiB of JSON, to {_filesWritten} file(s).");
    }

    protected override void ReleaseResources() => _writer?.Dispose();

    private void WriteRecord(object? item)
    {
        JsonLinesWriter writer = _writer!;
        object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
        if (value is null || AddedMembers.Any(item!) || !TryWriteFast(writer, value))
        {
            try
            {
                _objects!.Write(writer.Json, item);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or RuntimeException)
            {
                writer.DiscardRecord();
                WriteError(new ErrorRecord(ex, "SerializationFailed", ErrorCategory.InvalidData, item));
                return;
            }

            WriteWithErrorReport(writer.EndRecord);
        }

        if ((writer.Records & 1023) == 0)
        {
            ReportFailedRecords();
            _progress!.Report($"{writer.Records:N0} records", -1, () => $"{_writer!.Bytes / 1048576} MiB written");
        }
    }

    // Once per record: its failures go through WriteWithErrorReport only when they happen, so no delegate is made per record.
    private bool TryWriteFast(JsonLinesWriter writer, object value)
    {
        try
        {
            return writer.TryWrite(value, Depth);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            WriteWithErrorReport(ExceptionDispatchInfo.Capture(ex).Throw);
            throw;
        }
    }

    // Runs a writer step; a write failure stops the command, saying which files were complete.
    private void WriteWithErrorReport(Action step)
    {
        try
        {
            RunCancellable(step);
        }
        catch (IOException ex)
        {
            ReportCompletedFiles();
            string complete = _writer!.ReplacesEarlierParts
                ? "The folder's earlier part files were left as they were, and no new part was put in place."
                : _filesWritten == 0
                    ? "No file was complete."
                    : $"{_filesWritten} file(s) were complete and are in place; the file being written was discarded.";
            ThrowTerminatingError(new ErrorRecord(new IOException($"{ex.Message} {complete}", ex), "WriteFailed",
                ErrorCategory.WriteError, _writer!.Target));
        }
    }

    private void ReportFailedRecords()
    {
        foreach (var (record, error) in _writer!.TakeFailedRecords())
        {
            WriteError(new ErrorRecord(error, "SerializationFailed", ErrorCategory.InvalidData, record));
        }
    }

    private void ReportCompletedFiles()
    {
        foreach (WrittenFile file in _writer!.TakeCompleted())
        {
            _filesWritten++;
            WriteVerbose($"{file.Path}: {file.Records} record(s), {file.Bytes} bytes of JSON.");
            if (PassThru)
            {
                WriteObject(new FileInfo(file.Path));
            }
        }
    }

    // As Export-Csv: -Path may use wildcards that match one existing item; otherwise the path is taken as written.
    private string ResolveOutputPath()
    {
        string given = ParameterSetName == LiteralPathSet ? LiteralPath! : Path!;
        try
        {
            return PathResolver.ResolveOutput(this, given, literal: ParameterSetName == LiteralPathSet);
        }
        catch (NotFileSystemPathException)
        {
            ThrowTerminatingError(NotFileSystemPath(given));
        }
        catch (AmbiguousPathException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "AmbiguousPath", ErrorCategory.InvalidArgument, given));
        }

        throw new System.InvalidOperationException("not reached");   // ThrowTerminatingError always throws
    }
}
