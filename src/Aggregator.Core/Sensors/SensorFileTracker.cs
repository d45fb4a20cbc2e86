using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Aggregator.Reading;

namespace Aggregator.Sensors;

/// <summary>
/// Follows one sensor file (or the pipeline's readings) from start to result: its readings, its row errors, its timing,
/// and the status rules. Built on the thread that reads the file; completed on the one that writes the result.
/// </summary>
public sealed class SensorFileTracker
{
    private readonly SensorRowErrorList _errors = new();
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly Task<string>? _fileId;

    public SensorFileTracker(string path, bool identify = true)
    {
        Path = path;
        StartedAt = DateTime.UtcNow;
        // Hashed beside the read rather than before it: the file is read twice either way, but not one after the other.
        _fileId = identify ? Task.Run(() => ContentIdOf(path)) : null;
    }

    /// <summary>Follows a stored copy whose id is known; <paramref name="source"/> is the name the results show.</summary>
    public SensorFileTracker(string source, string fileId)
        : this(source, identify: false)
    {
        _fileId = Task.FromResult(fileId);
    }

    public string Path { get; }

    /// <summary>The content hash, or empty when the file could not be read.</summary>
    public string FileId => _fileId?.GetAwaiter().GetResult() ?? string.Empty;

    public DateTime StartedAt { get; }

    public SensorAccumulator Readings { get; } = new();

    /// <summary>A sink that adds a file's readings to <see cref="Readings"/> and its skipped rows to the errors.</summary>
    public IEventSink CreateSink() => new AccumulatingSink(Readings, AddError, statistics: null);

    /// <summary>Records a row that was left out.</summary>
    public void AddError(SkippedRecord skipped) => _errors.Add(new SensorRowError(skipped.Line, skipped.Message));

    /// <summary>
    /// The result: Failed when <paramref name="fileError"/> says the file could not be read to its end or its header is
    /// wrong, or when no row is valid but some are not; Partial when some rows are invalid; Processed otherwise.
    /// </summary>
    public SensorFileSummary Complete(string? fileError = null)
    {
        SensorAccumulator readings = Readings;
        bool any = readings.Count > 0;
        var (status, message) = (fileError, readings.Count, _errors.Count) switch
        {
            (not null, _, _) => (SensorFileStatus.Failed, fileError),
            (_, 0, > 0) => (SensorFileStatus.Failed, $"No row is valid ({_errors.Count} invalid)."),
            (_, _, > 0) => (SensorFileStatus.Partial, (string?)null),
            _ => (SensorFileStatus.Processed, (string?)null),
        };
        return new SensorFileSummary
        {
            FileId = FileId,
            Path = Path,
            Status = status,
            Message = message,
            RowCount = readings.Count,
            ErrorCount = _errors.Count,
            MinValue = any ? readings.Min : null,
            MaxValue = any ? readings.Max : null,
            MeanValue = any ? readings.Sum / readings.Count : null,
            Sum = readings.Sum,
            PerSensorCount = readings.GetCounts(),
            Errors = new SensorRowErrorList(_errors),
            StartedAt = StartedAt,
            ProcessedAt = DateTime.UtcNow,
            ProcessingMs = (long)Stopwatch.GetElapsedTime(_startTimestamp).TotalMilliseconds,
        };
    }

    /// <summary>The first 16 bytes of the SHA-256 of the file's bytes, written like a GUID; empty if it cannot be read.</summary>
    public static string ContentIdOf(string path) => Store.ContentId.OfFile(path);
}
