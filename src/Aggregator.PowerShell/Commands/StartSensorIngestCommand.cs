using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Aggregator.Commands.Infrastructure;
using Aggregator.Commands.Completion;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Store;

namespace Aggregator.Commands;

/// <summary>
/// Processes the sensor files waiting in a results store (Uploaded, or Processing past their lease after a crash) with
/// -ThrottleLimit workers, writing each file's result, per-sensor figures and row errors in one transaction. Returns
/// when none waits; with -Watch it also adds new files from a folder and runs until Ctrl+C.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "SensorIngest", SupportsShouldProcess = true)]
[OutputType(typeof(SensorFileSummary))]
public sealed class StartSensorIngestCommand : StoreCmdlet
{
    private readonly Dictionary<string, (long Size, DateTime Modified)> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Size, DateTime Modified)> _settling = new(StringComparer.Ordinal);
    private long _processed;

    /// <summary>How many files are processed at once; every processor by default.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = Math.Min(Environment.ProcessorCount, 64);

    /// <summary>How long a claim on a file lasts; a file left Processing longer (its ingest was killed) is taken again.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(TimeSpanCompleter))]
    public TimeSpan LeaseTime { get; set; } = SensorIngest.DefaultLease;

    /// <summary>A folder to watch: files that appear in it are added to the store and processed, until Ctrl+C.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Watch { get; set; }

    /// <summary>Which files of the -Watch folder to take, as a wildcard; every file by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string Filter { get; set; } = "*";

    /// <summary>How often the -Watch folder is looked at.</summary>
    [Parameter]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? SensorField { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TimestampField { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ValueField { get; set; }

    /// <summary>Time zone id for timestamps written without a zone; UTC by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public string? AssumeTimeZone { get; set; }

    protected override void EndProcessing()
    {
        if (LeaseTime <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentOutOfRangeException(nameof(LeaseTime),
                "-LeaseTime and -PollInterval must be longer than zero."), "InvalidInterval", ErrorCategory.InvalidArgument, null));
        }

        string? watched = Watch is null ? null : ResolveWatchFolder(Watch);
        ResultStore store = OpenStore();
        if (!ShouldProcess(store.Path, watched is null ? "Process the waiting sensor files" : $"Watch '{watched}' and process its files"))
        {
            return;
        }

        store.Objects.RemoveAbandonedUploads(TimeSpan.FromHours(1));
        var ingest = new SensorIngest(store, BuildOptions()) { Workers = ThrottleLimit, Lease = LeaseTime };
        var progress = new ProgressRecord(1, "Start-SensorIngest", "Processing sensor files");
        RunCancellable(() =>
        {
            do
            {
                if (watched is not null)
                {
                    WithStore(() => AddNewFiles(store, watched));
                }

                WithStore(() =>
                {
                    foreach (SensorFileSummary result in ingest.Run(Cancellation))
                    {
                        _processed++;
                        progress.StatusDescription = $"{_processed} file(s) processed; last: {result.Path} ({result.Status})";
                        WriteProgress(progress);
                        WriteObject(result);
                    }

                    return 0;
                });
            }
            while (watched is not null && !Cancellation.WaitHandle.WaitOne(PollInterval));

            Cancellation.ThrowIfCancellationRequested();
        });
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
    }

    // A file is added once its size and time have held still between two looks, so one still being copied waits.
    private int AddNewFiles(ResultStore store, string folder)
    {
        var pattern = new WildcardPattern(Filter, WildcardOptions.IgnoreCase);
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (!pattern.IsMatch(System.IO.Path.GetFileName(file)) || System.IO.Path.GetFileName(file).StartsWith('.'))
            {
                continue;
            }

            var info = new FileInfo(file);
            var state = (info.Length, info.LastWriteTimeUtc);
            if (_seen.TryGetValue(file, out var seen) && seen == state)
            {
                continue;
            }

            if (!_settling.TryGetValue(file, out var before) || before != state)
            {
                _settling[file] = state;
                continue;
            }

            _settling.Remove(file);
            _seen[file] = state;
            try
            {
                var (summary, added) = store.SensorFiles.Submit(file);
                WriteVerbose(added ? $"Added '{file}' as {summary.FileId}." : $"'{file}' is already stored as {summary.FileId}.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "FileReadFailed", ErrorCategory.ReadError, file));
            }
        }

        return 0;
    }

    private string ResolveWatchFolder(string given)
    {
        string folder = PathResolver.ResolveOutput(this, given, literal: false);
        if (!Directory.Exists(folder))
        {
            ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"Cannot find the folder '{folder}' to watch."),
                "PathNotFound", ErrorCategory.ObjectNotFound, given));
        }

        return folder;
    }

    private EventReadOptions BuildOptions()
    {
        try
        {
            return new EventReadOptions
            {
                Fields = FieldMap.ForSensor(TimestampField, ValueField, SensorField),
                AssumeTimeZone = AssumeTimeZone is null ? null : TimeZoneInfo.FindSystemTimeZoneById(AssumeTimeZone),
            };
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidReadOption", ErrorCategory.InvalidArgument, AssumeTimeZone));
            throw;
        }
    }
}
