namespace Aggregator;

/// <summary>A sensor file row that was left out, and why.</summary>
public sealed class SensorRowError
{
    public SensorRowError()
    {
        Reason = string.Empty;
    }

    public SensorRowError(long rowNumber, string reason)
    {
        RowNumber = rowNumber;
        Reason = reason;
    }

    /// <summary>The row's line number in its file; the header is line 1.</summary>
    public long RowNumber { get; set; }

    /// <summary>Such as "missing timestamp" or "invalid value 'abc'".</summary>
    public string Reason { get; set; }

    public override string ToString() => $"{RowNumber}: {Reason}";
}
