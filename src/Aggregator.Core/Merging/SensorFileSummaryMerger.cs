using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Aggregator.Merging;

/// <summary>
/// File outcomes from several runs (Measure-SensorReading -Path) are one list: each file is its own result. The same
/// file (same content id and path) reported twice is kept once, the latest processing winning.
/// </summary>
public sealed class SensorFileSummaryMerger : ResultMerger<SensorFileSummaryMerger, SensorFileSummary>
{
    private readonly Dictionary<(string FileId, string Path), SensorFileSummary> _files = new();

    public override ResultKind Kind => ResultKind.SensorFileSummary;

    public override SensorFileSummary Read(ResultProperties properties)
    {
        var summary = new SensorFileSummary
        {
            FileId = properties.Text("FileId"),
            Path = properties.Text("Path"),
            Status = properties.Enum<SensorFileStatus>("Status"),
            Message = properties.OptionalText("Message") is { Length: > 0 } message ? message : null,
            RowCount = properties.Long("RowCount"),
            ErrorCount = properties.Long("ErrorCount"),
            MinValue = properties.OptionalDouble("MinValue"),
            MaxValue = properties.OptionalDouble("MaxValue"),
            MeanValue = properties.OptionalDouble("MeanValue"),
            Sum = properties.Double("Sum", required: false),
            StartedAt = properties.OptionalDateTime("StartedAt") ?? default,
            ProcessedAt = properties.OptionalDateTime("ProcessedAt") ?? default,
            ProcessingMs = properties.Long("ProcessingMs", required: false),
        };
        foreach (var (sensor, count) in properties.Counts("PerSensorCount"))
        {
            summary.PerSensorCount[sensor] = count;
        }

        summary.Errors.AddRange(ReadErrors(properties));
        return summary;
    }

    // Each error reads "12: reason" whether it arrives as an object (its text) or in the cell Export-Csv wrote
    // ("12: reason; 15: reason"), which the list splits.
    private static IEnumerable<SensorRowError> ReadErrors(ResultProperties properties)
    {
        foreach (string error in properties.List("Errors", SensorRowErrorList.Separator))
        {
            int colon = error.IndexOf(':');
            if (colon > 0 && long.TryParse(error.AsSpan(0, colon), NumberStyles.Integer, CultureInfo.InvariantCulture, out long row))
            {
                yield return new SensorRowError(row, error[(colon + 1)..].Trim());
            }
        }
    }

    protected override void AddResult(SensorFileSummary result)
    {
        var key = (result.FileId, result.Path);
        if (!_files.TryGetValue(key, out SensorFileSummary? known) || result.ProcessedAt > known.ProcessedAt)
        {
            _files[key] = result;
        }
    }

    public override void Merge(SensorFileSummaryMerger other)
    {
        MergeCommon(other);
        foreach (SensorFileSummary file in other._files.Values)
        {
            AddResult(file);
        }
    }

    /// <summary>One summary per file, ordered by path (ordinal).</summary>
    public override IReadOnlyList<SensorFileSummary> GetResults(CancellationToken cancellation = default) =>
        _files.Values.OrderBy(file => file.Path, StringComparer.Ordinal).ThenBy(file => file.FileId, StringComparer.Ordinal).ToList();
}
