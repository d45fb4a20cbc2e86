namespace Aggregator;

/// <summary>Statistics of one sensor's valid readings (Measure-SensorReading -BySensor).</summary>
public sealed class SensorSummary
{
    public SensorSummary()
    {
        SensorId = string.Empty;
    }

    public SensorSummary(string sensorId, long count, double min, double max, double sum)
    {
        SensorId = sensorId;
        Count = count;
        Min = min;
        Max = max;
        Sum = sum;
        Mean = count == 0 ? 0 : sum / count;
    }

    public string SensorId { get; set; }

    public long Count { get; set; }

    public double Min { get; set; }

    public double Max { get; set; }

    public double Mean { get; set; }

    public double Sum { get; set; }

    public override string ToString() => $"{SensorId}: {Count} readings, mean {Mean}";
}
