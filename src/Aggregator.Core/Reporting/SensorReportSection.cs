using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Aggregator.Merging;
using Aggregator.Writing;

namespace Aggregator.Reporting;

/// <summary>
/// The Mock S3 Aggregator's results: each file's status, figures and row errors, and per-sensor figures (from
/// SensorSummary objects when given, else the files' per-sensor counts).
/// </summary>
public sealed class SensorReportSection : IReportSection
{
    private readonly List<SensorFileSummary> _files = new();
    private readonly SensorSummaryMerger _sensors = new();

    public string Kind => "sensors";

    public bool IsEmpty => _files.Count == 0 && _sensors.Added == 0;

    public void Add(SensorFileSummary file) => _files.Add(file);

    public void Add(SensorSummary sensor) => _sensors.Add(sensor);

    public void WriteData(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        // Files that need attention first, then the largest; row errors are kept up to one table's worth in all.
        int errorsLeft = EventReportSection.MaxTableRows;
        json.WriteStartArray("files");
        foreach (SensorFileSummary file in _files.OrderBy(file => file.Status switch { SensorFileStatus.Failed => 0, SensorFileStatus.Partial => 1, _ => 2 })
                     .ThenByDescending(file => file.RowCount).Take(EventReportSection.MaxTableRows))
        {
            json.WriteStartObject();
            json.WriteString("id", file.FileId);
            json.WriteString("name", System.IO.Path.GetFileName(file.Path));
            json.WriteString("status", file.Status.ToString());
            json.WriteString("message", file.Message ?? string.Empty);
            json.WriteNumber("rows", file.RowCount);
            json.WriteNumber("errors", file.ErrorCount);
            JsonNumbers.WriteFiniteOrNull(json, "min", file.MinValue);
            JsonNumbers.WriteFiniteOrNull(json, "max", file.MaxValue);
            JsonNumbers.WriteFiniteOrNull(json, "mean", file.MeanValue is { } mean ? Math.Round(mean, 6) : null);
            json.WriteNumber("ms", file.ProcessingMs);
            json.WriteStartArray("rowErrors");
            foreach (SensorRowError error in file.Errors.Take(Math.Max(0, errorsLeft)))
            {
                errorsLeft--;
                json.WriteStartArray();
                json.WriteNumberValue(error.RowNumber);
                json.WriteStringValue(error.Reason);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("fileCount", _files.Count);
        json.WriteStartArray("statuses");
        foreach (var group in _files.GroupBy(file => file.Status).OrderBy(group => group.Key))
        {
            json.WriteStartArray();
            json.WriteStringValue(group.Key.ToString());
            json.WriteNumberValue(group.Count());
            json.WriteEndArray();
        }

        json.WriteEndArray();
        WriteSensors(json);
        json.WriteEndObject();
    }

    private void WriteSensors(Utf8JsonWriter json)
    {
        json.WriteBoolean("sensorFigures", _sensors.Added > 0);
        json.WriteNumber("sensorCount", _sensors.Added > 0 ? _sensors.GetResults().Count : _files.SelectMany(file => file.PerSensorCount.Keys).Distinct().Count());
        json.WriteStartArray("sensors");
        if (_sensors.Added > 0)
        {
            foreach (SensorSummary sensor in _sensors.GetResults().OrderByDescending(s => s.Count).ThenBy(s => s.SensorId, StringComparer.Ordinal).Take(EventReportSection.MaxTableRows))
            {
                json.WriteStartArray();
                json.WriteStringValue(sensor.SensorId);
                json.WriteNumberValue(sensor.Count);
                json.WriteNumberValue(sensor.Min);
                json.WriteNumberValue(sensor.Max);
                json.WriteNumberValue(Math.Round(sensor.Mean, 6));
                json.WriteEndArray();
            }
        }
        else
        {
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (SensorFileSummary file in _files)
            {
                foreach (var (sensor, count) in file.PerSensorCount)
                {
                    counts[sensor] = counts.GetValueOrDefault(sensor) + count;
                }
            }

            foreach (var (sensor, count) in counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(EventReportSection.MaxTableRows))
            {
                json.WriteStartArray();
                json.WriteStringValue(sensor);
                json.WriteNumberValue(count);
                json.WriteEndArray();
            }
        }

        json.WriteEndArray();
    }
}
