using System;
using System.IO;
using System.Management.Automation;
using System.Threading;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Base of every Aggregator cmdlet: a cancellation token that Ctrl+C (StopProcessing) trips, and the translation of
/// core diagnostics into PowerShell error records.
/// </summary>
public abstract class AggregatorCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    protected CancellationToken Cancellation => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>
    /// A skipped record as a non-terminating error: ErrorId is the reason, the target is the record. It never ends the
    /// command, whatever the ErrorAction (<see cref="SkippedRecordErrors"/>).
    /// </summary>
    protected virtual void WriteSkipped(SkippedRecord record)
    {
        string where = string.IsNullOrEmpty(record.Source) ? string.Empty : $"{Path.GetFileName(record.Source)} line {record.Line}: ";
        var error = new ErrorRecord(new InvalidDataException(where + record.Message), record.Reason.ToString(),
            ErrorCategory.InvalidData, record);
        SkippedRecordErrors.Write(this, error);
    }

    /// <summary>
    /// Writes a finished result list with one call. PowerShell then runs its per-call checks once instead of per object:
    /// in a fresh process that made handing over 49k summaries about a third faster.
    /// </summary>
    protected void WriteEach(System.Collections.IEnumerable results) => WriteObject(results, enumerateCollection: true);

    /// <summary>The error for a path whose provider is not the file system (a registry key, a variable).</summary>
    protected static ErrorRecord NotFileSystemPath(string given) =>
        new(new ArgumentException($"'{given}' is not a file system path."), "NotFileSystemPath", ErrorCategory.InvalidArgument, given);

    /// <summary>
    /// The object inside a PSObject wrapper, as the core's parsers expect (a deserialized DateTimeOffset as its UTC
    /// time); anything else as it is.
    /// </summary>
    protected static object? BaseObjectOf(object? value) => DeserializedValue.Unwrap(value);

    /// <summary>Runs core work, turning a cancellation after Ctrl+C into the pipeline's own stop.</summary>
    protected void RunCancellable(Action work)
    {
        try
        {
            work();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Releases what the command holds, whether it ended, failed or was stopped.</summary>
    protected virtual void ReleaseResources()
    {
    }

    public void Dispose()
    {
        ReleaseResources();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
