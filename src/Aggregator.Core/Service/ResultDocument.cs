using System.Text.Json;
using Aggregator.Writing;

namespace Aggregator.Service;

/// <summary>A stored file as the Mock S3 Aggregator's API returns it: snake_case, status in lower case, ISO 8601 UTC times.</summary>
public static class ResultDocument
{
    public static void Write(Utf8JsonWriter json, SensorFileSummary file, bool withErrors)
    {
        json.WriteStartObject();
        json.WriteString("file_id", file.FileId);
        json.WriteString("name", System.IO.Path.GetFileName(file.Path));
        json.WriteString("status", file.Status.ToString().ToLowerInvariant());
        if (file.Message is not null)
        {
            json.WriteString("message", file.Message);
        }

        WriteTime(json, "uploaded_at", file.UploadedAt);
        bool finished = file.Status is SensorFileStatus.Processed or SensorFileStatus.Partial or SensorFileStatus.Failed;
        WriteTime(json, "processed_at", finished ? file.ProcessedAt : null);
        if (finished)
        {
            json.WriteNumber("processing_ms", file.ProcessingMs);
            json.WriteStartObject("aggregates");
            json.WriteNumber("row_count", file.RowCount);
            JsonNumbers.WriteFiniteOrNull(json, "min_value", Rounded(file.MinValue));
            JsonNumbers.WriteFiniteOrNull(json, "max_value", Rounded(file.MaxValue));
            JsonNumbers.WriteFiniteOrNull(json, "mean_value", Rounded(file.MeanValue));
            json.WriteStartObject("per_sensor_count");
            foreach (var (sensor, count) in file.PerSensorCount)
            {
                json.WriteNumber(sensor, count);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteNumber("error_count", file.ErrorCount);
        }

        if (withErrors)
        {
            json.WriteStartArray("errors");
            foreach (SensorRowError error in file.Errors)
            {
                json.WriteStartObject();
                json.WriteNumber("row_number", error.RowNumber);
                json.WriteString("reason", error.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, System.DateTime? time)
    {
        if (time is { } value && value != default)
        {
            json.WriteString(name, value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static double? Rounded(double? value) => value is { } number ? System.Math.Round(number, 6) : null;
}
