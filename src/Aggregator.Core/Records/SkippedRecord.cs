namespace Aggregator;

/// <summary>An input record that was not emitted, with where it was and why. The TargetObject of every skip error.</summary>
public sealed class SkippedRecord
{
    /// <summary>How many characters of the record text <see cref="Raw"/> keeps.</summary>
    public const int RawLength = 300;

    public SkippedRecord()
    {
        Source = string.Empty;
        Message = string.Empty;
        Raw = string.Empty;
    }

    public SkippedRecord(string source, long line, SkipReason reason, string message, string raw)
    {
        Source = source;
        Line = line;
        Reason = reason;
        Message = message;
        Raw = Truncate(raw);
    }

    public string Source { get; set; }

    /// <summary>1-based line where the record starts.</summary>
    public long Line { get; set; }

    /// <summary>1-based number of the record in its file, counting valid and skipped records alike.</summary>
    public long Record { get; set; }

    public SkipReason Reason { get; set; }

    /// <summary>A sentence that says what is wrong.</summary>
    public string Message { get; set; }

    /// <summary>The first 300 characters of the record text.</summary>
    public string Raw { get; set; }

    /// <summary>The user, where it could be read.</summary>
    public string? User { get; set; }

    /// <summary>The event, where it could be read.</summary>
    public string? Event { get; set; }

    /// <summary>The timestamp text as written, where it could be read.</summary>
    public string? Timestamp { get; set; }

    /// <summary>For a meter or sensor reading, the value text as written, where it could be read.</summary>
    public string? Value { get; set; }

    public static string Truncate(string raw) => raw.Length <= RawLength ? raw : raw.Substring(0, RawLength);

    public override string ToString() => $"{Source}:{Line}: {Reason}: {Message}";
}
