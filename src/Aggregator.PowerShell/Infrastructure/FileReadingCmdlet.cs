using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Aggregator.Aggregation;
using Aggregator.Commands.Completion;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Reading.Parallel;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Shared file input: -Path (wildcards) and -LiteralPath (alias PSPath, so Get-ChildItem pipes in), the read options,
/// -StatisticsVariable, per-file verbose lines, progress by bytes, and file-level errors that never stop the run.
/// Subclasses say which fields a record has (<see cref="CreateFieldMap"/>).
/// It also holds the two lifecycles every file cmdlet follows. Objects bound by property name (the Property set) are
/// read by <see cref="TryAddBoundProperties"/> and counted as the source "(pipeline)". A cmdlet whose output is one
/// aggregate gives an <see cref="Aggregate"/>: its files are gathered, read into it at the end, and then
/// <see cref="WriteResults"/> runs; the others write records as they are read.
/// </summary>
public abstract class FileReadingCmdlet : AggregatorCmdlet, IReadObserver
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";
    protected const string PropertySet = "Property";

    private readonly List<string> _gatheredFiles = new();
    private readonly List<string> _filesRead = new();
    private readonly PipelineInput _pipeline = new();
    private EventReadOptions? _options;
    private ImportStatisticsAccumulator? _statistics;
    private ProgressReporter? _progress;
    private List<SkippedRecord>? _skippedKept;
    private long _skippedCount;

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

    /// <summary>Time zone id (such as Europe/Berlin) for timestamps written without a zone; UTC by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public string? AssumeTimeZone { get; set; }

    /// <summary>Exact .NET formats timestamp text must match (such as dd/MM/yyyy HH:mm:ss), tried in turn; ISO 8601 by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TimestampFormat { get; set; }

    /// <summary>The culture whose date-and-time pattern (or, with -TimestampFormat, names) timestamp text is read in; invariant by default.</summary>
    [Parameter]
    [ValidateNotNull]
    public CultureInfo? Culture { get; set; }

    /// <summary>
    /// How many files (or line ranges of a large JSON Lines file) are read at once, on worker threads. By default
    /// <see cref="DefaultThrottleLimit"/>.
    /// </summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateRange(1, MaxThrottleLimit)]
    public virtual int ThrottleLimit
    {
        get => _throttleLimit ?? DefaultThrottleLimit;
        set => _throttleLimit = value;
    }

    private const int MaxThrottleLimit = 64;
    private int? _throttleLimit;

    /// <summary>
    /// The worker count without -ThrottleLimit: one where output order follows the input (the Import cmdlets); the
    /// processor count where only an aggregate comes out, which does not depend on the number of workers.
    /// </summary>
    protected virtual int DefaultThrottleLimit => Aggregate is null ? 1 : AllProcessors;

    /// <summary>Every processor, as DuckDB uses by default; at most the -ThrottleLimit maximum.</summary>
    protected static int AllProcessors => Math.Min(Environment.ProcessorCount, MaxThrottleLimit);

    /// <summary>Name of a variable to set to the run's ImportStatistics.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatisticsVariable { get; set; }

    /// <summary>Name of a variable to set to the skipped records (Aggregator.SkippedRecord), whatever the ErrorAction.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SkippedVariable { get; set; }

    /// <summary>The most records that may be skipped; more make the command fail (TooManySkipped) once all is read.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? MaxSkipped { get; set; }

    // Users are collected only when someone asks for the statistics: it costs a lookup per record.
    protected ImportStatisticsAccumulator Statistics => _statistics ??= new() { TracksUsers = StatisticsVariable is not null };

    protected EventReadOptions Options => _options ??= BuildOptions();

    /// <summary>The filter -Unique or -UniqueBy asks for, or null.</summary>
    protected DuplicateFilter? Duplicates { get; private set; }

    /// <summary>The names each field of a record is read from.</summary>
    protected abstract FieldMap CreateFieldMap();

    /// <summary>The zone for timestamps without one when -AssumeTimeZone is not given; null means UTC.</summary>
    protected virtual string? DefaultAssumeTimeZone => null;

    /// <summary>The timestamp formats when -TimestampFormat is not given; null means the accepted forms.</summary>
    protected virtual IReadOnlyList<string>? DefaultTimestampFormat => null;

    /// <summary>The status values read as success and failure; the module's words by default.</summary>
    protected virtual StatusVocabulary CreateStatusVocabulary() => StatusVocabulary.Default;

    /// <summary>The time staleness is measured against, in UTC; now by default.</summary>
    protected virtual DateTime AsOfUtc => DateTime.UtcNow;

    /// <summary>The duplicate filter the parameters ask for; none by default.</summary>
    protected virtual DuplicateFilter? CreateDuplicateFilter() => null;

    /// <summary>
    /// What the gathered files are read into, for a cmdlet whose output is one aggregate of all its input; null for a
    /// cmdlet that writes records as it reads them.
    /// </summary>
    protected virtual IFileAggregate? Aggregate => null;

    /// <summary>Objects bound by property name so far (the Property set).</summary>
    protected long PipelineRecords => _pipeline.Read;

    protected override void BeginProcessing()
    {
        _ = Options;   // invalid field names or zones fail before any input is read
        Duplicates = CreateDuplicateFilter();
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PropertySet)
        {
            ReadPipelineRecord(TryAddBoundProperties);
        }
        else if (Aggregate is not null)
        {
            // Results come only at the end, so files are gathered and read together: piped files share the workers.
            GatherFiles();
        }
        else
        {
            ReadOrGatherRecords();
        }
    }

    protected override void EndProcessing()
    {
        if (Aggregate is not { } aggregate)
        {
            FinishReading();
            return;
        }

        Read(_gatheredFiles, aggregate.ReadsFilesInOrder,
            reader => aggregate.ReadFiles(reader, this, Statistics, Duplicates, Cancellation));
        FinishReading();
        WriteResults();
    }

    /// <summary>An aggregating cmdlet's output, once all input is read and the statistics are set.</summary>
    protected virtual void WriteResults()
    {
    }

    /// <summary>
    /// Reads the object bound by property name (the Property set), numbered <paramref name="line"/> of
    /// <paramref name="source"/>: adds it, or gives the reason it is skipped.
    /// </summary>
    protected virtual bool TryAddBoundProperties(string source, long line, out SkippedRecord? skipped) =>
        throw new NotSupportedException($"{GetType().Name} takes no input by property name.");

    /// <summary>Reads one record from the pipeline, numbered as the next of the source "(pipeline)".</summary>
    protected delegate bool PipelineRecordReader(string source, long line, out SkippedRecord? skipped);

    /// <summary>Counts one pipeline object for the statistics, and writes it as skipped when <paramref name="tryAdd"/> refuses it.</summary>
    protected void ReadPipelineRecord(PipelineRecordReader tryAdd)
    {
        if (tryAdd(PipelineInput.Source, _pipeline.Next(), out SkippedRecord? skipped))
        {
            _pipeline.CountValid();
        }
        else
        {
            Statistics.AddSkipped(skipped!.Reason);
            WriteSkipped(skipped);
        }
    }

    /// <summary>
    /// Completes the input: the statistics variable (the pipeline counted as one source), duplicates, the skipped
    /// variable and the -MaxSkipped check.
    /// </summary>
    protected void FinishReading()
    {
        if (_pipeline.ToStatistics() is { } pipeline)
        {
            Statistics.AddFile(pipeline);
        }

        if (Duplicates is { Removed: > 0 } duplicates)
        {
            WriteVerbose($"{duplicates.Removed} exact duplicate(s) removed.");
        }

        if (StatisticsVariable is not null)
        {
            Statistics.DuplicatesRemoved = Duplicates?.Removed ?? 0;
            SessionState.PSVariable.Set(StatisticsVariable, Statistics.GetResult(_filesRead));
        }

        if (SkippedVariable is not null)
        {
            SessionState.PSVariable.Set(SkippedVariable, (_skippedKept ?? new List<SkippedRecord>()).ToArray());
        }

        if (_skippedCount > MaxSkipped)
        {
            string counted = _skippedCount == 1 ? "1 record was skipped" : $"{_skippedCount} records were skipped";
            ThrowTerminatingError(new ErrorRecord(
                new InvalidDataException($"{counted}, more than -MaxSkipped {MaxSkipped} allows; the skipped records are the errors before this one."),
                "TooManySkipped", ErrorCategory.InvalidData, _skippedCount));
        }
    }

    /// <summary>Counts every skipped record (files and pipeline) for -MaxSkipped, and keeps it for -SkippedVariable.</summary>
    protected override void WriteSkipped(SkippedRecord record)
    {
        _skippedCount++;
        if (SkippedVariable is not null)
        {
            (_skippedKept ??= new List<SkippedRecord>()).Add(record);
        }

        base.WriteSkipped(record);
    }

    /// <summary>Files resolved so far and held, to be read together at the end: files piped in one by one share the workers.</summary>
    protected IReadOnlyList<string> GatheredFiles => _gatheredFiles;

    /// <summary>Resolves this input's -Path or -LiteralPath and holds the files for <see cref="GatheredFiles"/>.</summary>
    protected void GatherFiles() => _gatheredFiles.AddRange(ResolveFiles());

    /// <summary>Holds a file that came as an object (a FileInfo piped into a cmdlet whose pipeline input is any object).</summary>
    protected void GatherFile(string fullPath) => _gatheredFiles.Add(fullPath);

    /// <summary>
    /// Record mode: with one worker the files are read (and their records written) at once; with several they are
    /// gathered, and <see cref="ReadGatheredRecords"/> reads them at the end.
    /// </summary>
    protected void ReadOrGatherRecords()
    {
        if (ThrottleLimit > 1)
        {
            GatherFiles();
        }
        else
        {
            ReadFiles(ResolveFiles(), sinkForWorker: null);
        }
    }

    /// <summary>Reads the gathered files in record mode; <paramref name="ordered"/> writes them in the order given.</summary>
    protected void ReadGatheredRecords(bool ordered) => ReadFiles(_gatheredFiles, sinkForWorker: null, ordered);

    /// <summary>The files named by -Path or -LiteralPath; problems are written as errors and the rest go on.</summary>
    protected List<string> ResolveFiles()
    {
        var files = new List<string>();
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string given in (literal ? LiteralPath : Path) ?? Array.Empty<string>())
        {
            try
            {
                IReadOnlyList<string> resolved = PathResolver.Resolve(this, given, literal);
                if (resolved.Count == 0)
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
            catch (NotFileSystemPathException)
            {
                WriteError(NotFileSystemPath(given));
            }
            catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or System.Management.Automation.PSArgumentException)
            {
                WriteError(new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, given));
            }
        }

        return files;
    }

    /// <summary>
    /// Reads the files with -ThrottleLimit workers, with progress, verbose counts and a file-level error for a file that
    /// cannot be read to its end. With <paramref name="sinkForWorker"/> each worker reads into its own sink (the worker's
    /// index is passed); without it the records come to <see cref="OnRecord"/> on this thread, each file's in order.
    /// </summary>
    protected void ReadFiles(IReadOnlyList<string> files, Func<int, IEventSink>? sinkForWorker, bool ordered = false) =>
        Read(files, ordered, reader =>
        {
            if (sinkForWorker is null)
            {
                reader.RunRecords(this, Cancellation);
            }
            else
            {
                reader.Run(sinkForWorker, this, Cancellation);
            }
        });

    /// <summary>
    /// Reads each file whole into its own sink, made on the worker that reads it (the file's index is passed). Files are
    /// reported in the order given, so <see cref="OnFileCompleted"/> can pair each with its sink.
    /// </summary>
    protected void ReadEachFile(IReadOnlyList<string> files, Func<int, IEventSink> sinkForFile) =>
        Read(files, ordered: true, reader => reader.RunPerFile(sinkForFile, this, Cancellation));

    private void Read(IReadOnlyList<string> files, bool ordered, Action<ParallelFileReader> run)
    {
        if (files.Count == 0)
        {
            return;
        }

        _filesRead.AddRange(files);
        long totalBytes = files.Sum(SizeOf);
        _progress = new ProgressReporter(this, $"{MyInvocation.MyCommand.Name}: reading {files.Count} file(s)", totalBytes);
        var reader = new ParallelFileReader(files, Options, ThrottleLimit) { SplitFiles = true, Ordered = ordered };
        try
        {
            RunCancellable(() => run(reader));
        }
        finally
        {
            _progress.Complete();
        }
    }

    // A file may be gone by the time it is read; the reader then reports it as that file's error.
    private static long SizeOf(string file)
    {
        try
        {
            return new FileInfo(file).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>A valid record read by <see cref="ReadFiles"/> in record mode.</summary>
    protected virtual void OnRecord(IInputRecord record)
    {
    }

    /// <summary>A skipped record, after it is counted and before it is written as an error.</summary>
    protected virtual void OnSkipped(SkippedRecord record)
    {
    }

    /// <summary>A finished file, after its counts are recorded and its error (if any) is written.</summary>
    protected virtual void OnFileCompleted(FileImportStatistics file)
    {
    }

    void IReadObserver.OnRecord(IInputRecord record) => OnRecord(record);

    void IReadObserver.OnSkipped(SkippedRecord record)
    {
        Statistics.AddSkipped(record.Reason);
        OnSkipped(record);
        WriteSkipped(record);
    }

    void IReadObserver.OnFileCompleted(FileImportStatistics file)
    {
        AfterFile(file);
        OnFileCompleted(file);
    }

    void IReadObserver.OnPlanned(int files, int parts, int workers)
    {
        if (ThrottleLimit > 1)
        {
            WriteVerbose($"Reading {Plural(files, "file")} in {Plural(parts, "part")} with {Plural(workers, "worker")} (-ThrottleLimit {ThrottleLimit}).");
        }
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    void IReadObserver.OnProgress(long bytesDone, string currentFile) => _progress?.Report(bytesDone, currentFile);

    /// <summary>Records the file's counts, prints its verbose line, and reports a failure that stopped it.</summary>
    private void AfterFile(FileImportStatistics result)
    {
        Statistics.AddFile(result);
        WriteVerbose(result.ToString());
        if (result.Error is not null)
        {
            WriteError(result.HeaderError
                ? new ErrorRecord(new InvalidDataException($"{result.Source}: {result.Error}"), "InvalidHeader",
                    ErrorCategory.InvalidData, result.Source)
                : new ErrorRecord(new IOException($"{result.Source}: {result.Error}"), "FileReadFailed",
                    ErrorCategory.ReadError, result.Source));
        }
    }

    private EventReadOptions BuildOptions()
    {
        try
        {
            FieldMap fields = CreateFieldMap();
            string? zoneId = AssumeTimeZone ?? DefaultAssumeTimeZone;
            TimeZoneInfo? zone = zoneId is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            IEnumerable<string>? formats = TimestampFormat ?? DefaultTimestampFormat;
            return new EventReadOptions
            {
                Format = Format,
                Fields = fields,
                Status = CreateStatusVocabulary(),
                AssumeTimeZone = zone,
                TimestampStyle = formats is null && Culture is null ? TimestampStyle.Default : new TimestampStyle(formats, Culture),
                AsOf = AsOfUtc,
            };
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or IOException or System.Text.Json.JsonException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidReadOption", ErrorCategory.InvalidArgument, null));
            throw;   // not reached
        }
    }
}
