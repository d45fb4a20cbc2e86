using System;

namespace Aggregator;

/// <summary>The outcome of one sensor CSV file (Measure-SensorReading -Path): status, figures over its valid rows, and its row errors.</summary>
public sealed class SensorFileSummary
{
    public SensorFileSummary()
    {
        FileId = string.Empty;
        Path = string.Empty;
        PerSensorCount = new SensorCountMap();
        Errors = new SensorRowErrorList();
    }

    /// <summary>A hash of the file's bytes, written like a GUID: the same content always has the same id.</summary>
    public string FileId { get; set; }

    public string Path { get; set; }

    public SensorFileStatus Status { get; set; }

    /// <summary>Why the file failed; null otherwise.</summary>
    public string? Message { get; set; }

    /// <summary>Valid rows.</summary>
    public long RowCount { get; set; }

    /// <summary>Rows left out, each in <see cref="Errors"/>.</summary>
    public long ErrorCount { get; set; }

    /// <summary>Null when no row is valid.</summary>
    public double? MinValue { get; set; }

    public double? MaxValue { get; set; }

    public double? MeanValue { get; set; }

    public double Sum { get; set; }

    public SensorCountMap PerSensorCount { get; set; }

    public SensorRowErrorList Errors { get; set; }

    /// <summary>When the file was added to a results store (UTC); null for a file read directly.</summary>
    public DateTime? UploadedAt { get; set; }

    /// <summary>When reading the file began (UTC).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>When the file's result was complete (UTC).</summary>
    public DateTime ProcessedAt { get; set; }

    public long ProcessingMs { get; set; }

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}: {Status}, {RowCount} rows, {ErrorCount} errors";
}
