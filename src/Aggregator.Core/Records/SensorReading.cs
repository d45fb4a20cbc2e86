using System;

namespace Aggregator;

/// <summary>One valid row of a sensor CSV file, as emitted by Import-SensorReading.</summary>
public sealed class SensorReading : IInputRecord
{
    public SensorReading()
    {
        SensorId = string.Empty;
        Source = string.Empty;
    }

    public SensorReading(string sensorId, DateTime timestamp, double value, string source, long row)
    {
        SensorId = sensorId;
        Timestamp = timestamp;
        Value = value;
        Source = source;
        Row = row;
    }

    public string SensorId { get; set; }

    /// <summary>UTC time of the reading.</summary>
    public DateTime Timestamp { get; set; }

    public double Value { get; set; }

    /// <summary>The file the row came from.</summary>
    public string Source { get; set; }

    /// <summary>The row's line number in its file; the header is line 1.</summary>
    public long Row { get; set; }

    public override string ToString() => $"{SensorId} {Timestamp:o} {Value}";
}
