using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Aggregator.Aggregation;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Shared file input: -Path (wildcards) and -LiteralPath (alias PSPath, so Get-ChildItem pipes in), the read options,
/// -StatisticsVariable, per-file verbose lines, progress by bytes, and file-level errors that never stop the run.
/// </summary>
public abstract class FileReadingCmdlet : AggregatorCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";

    private EventReadOptions? _options;
    private ImportStatisticsAccumulator? _statistics;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public virtual string[]? Path { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public virtual string[]? LiteralPath { get; set; }

    /// <summary>Json, JsonLines or Csv; by default decided from the file name and content.</summary>
    [Parameter]
    public InputFormat Format { get; set; } = InputFormat.Auto;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? UserField { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? EventField { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? StatusField { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TimestampField { get; set; }

    /// <summary>Time zone id (such as Europe/Berlin) for timestamps written without a zone; UTC by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AssumeTimeZone { get; set; }

    /// <summary>Name of a variable to set to the run's ImportStatistics.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatisticsVariable { get; set; }

    // Users are collected only when someone asks for the statistics: it costs a lookup per record.
    protected ImportStatisticsAccumulator Statistics => _statistics ??= new() { TracksUsers = StatisticsVariable is not null };

    protected EventReadOptions Options => _options ??= BuildOptions();

    protected override void BeginProcessing()
    {
        _ = Options;   // invalid field names or zones fail before any input is read
    }

    protected override void EndProcessing()
    {
        if (StatisticsVariable is not null)
        {
            SessionState.PSVariable.Set(StatisticsVariable, Statistics.GetResult());
        }
    }

    /// <summary>The files named by -Path or -LiteralPath; problems are written as errors and the rest go on.</summary>
    protected List<string> ResolveFiles()
    {
        var files = new List<string>();
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string given in (literal ? LiteralPath : Path) ?? Array.Empty<string>())
        {
            try
            {
                IEnumerable<string> resolved;
                ProviderInfo provider;
                if (literal)
                {
                    resolved = new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(given, out provider, out _) };
                }
                else
                {
                    resolved = GetResolvedProviderPathFromPSPath(given, out provider);
                }

                if (provider.Name != "FileSystem")
                {
                    WriteError(new ErrorRecord(new ArgumentException($"'{given}' is not a file system path."),
                        "NotFileSystemPath", ErrorCategory.InvalidArgument, given));
                    continue;
                }

                if (!resolved.Any())
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No file matches '{given}'."),
                        "PathNotFound", ErrorCategory.ObjectNotFound, given));
                }

                foreach (string file in resolved)
                {
                    if (Directory.Exists(file))
                    {
                        WriteError(new ErrorRecord(new IOException($"'{file}' is a directory; give the files in it, such as '{System.IO.Path.Combine(file, "*.json")}'."),
                            "PathIsDirectory", ErrorCategory.InvalidArgument, file));
                    }
                    else if (!File.Exists(file))
                    {
                        WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{file}' because it does not exist."),
                            "PathNotFound", ErrorCategory.ObjectNotFound, file));
                    }
                    else
                    {
                        files.Add(file);
                    }
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or System.Management.Automation.PSArgumentException)
            {
                WriteError(new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, given));
            }
        }

        return files;
    }

    /// <summary>
    /// Reads the files one after another into sinks made by <paramref name="sinkFor"/>, with progress, verbose counts
    /// and a file-level error for a file that cannot be read to its end.
    /// </summary>
    protected void ReadFiles(IReadOnlyList<string> files, Func<string, IEventSink> sinkFor)
    {
        long totalBytes = files.Sum(file => new FileInfo(file).Length);
        var progress = new ProgressReporter(this, $"{MyInvocation.MyCommand.Name}: reading {files.Count} file(s)", totalBytes);
        long doneBytes = 0;
        RunCancellable(() =>
        {
            foreach (string file in files)
            {
                FileImportStatistics result = EventFileReader.ReadFile(file, Options, sinkFor(file), Cancellation,
                    bytes => progress.Report(doneBytes + bytes, file));
                doneBytes += result.Bytes;
                AfterFile(result);
            }
        });
        progress.Complete();
    }

    /// <summary>Records the file's counts, prints its verbose line, and reports a failure that stopped it.</summary>
    protected void AfterFile(FileImportStatistics result)
    {
        Statistics.AddFile(result);
        WriteVerbose(result.ToString());
        if (result.Error is not null)
        {
            WriteError(new ErrorRecord(new IOException($"{result.Source}: {result.Error}"), "FileReadFailed",
                ErrorCategory.ReadError, result.Source));
        }
    }

    /// <summary>A sink that feeds an accumulator and writes skipped records as errors.</summary>
    protected IEventSink SinkFor(IEventAccumulator accumulator) => new AccumulatingSink(accumulator, WriteSkipped, Statistics);

    private EventReadOptions BuildOptions()
    {
        try
        {
            TimeZoneInfo? zone = AssumeTimeZone is null ? null : TimeZoneInfo.FindSystemTimeZoneById(AssumeTimeZone);
            return new EventReadOptions
            {
                Format = Format,
                Fields = new FieldMap(UserField, EventField, StatusField, TimestampField),
                AssumeTimeZone = zone,
            };
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidReadOption", ErrorCategory.InvalidArgument, null));
            throw;   // not reached
        }
    }
}
