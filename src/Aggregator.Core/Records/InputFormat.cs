namespace Aggregator;

/// <summary>How an input file is framed into records.</summary>
public enum InputFormat
{
    /// <summary>Decide from the file name and its first bytes.</summary>
    Auto,

    /// <summary>A JSON array of objects, or objects one after another that may span lines.</summary>
    Json,

    /// <summary>One JSON object per line.</summary>
    JsonLines,

    /// <summary>Comma-separated values with a header row.</summary>
    Csv,
}
