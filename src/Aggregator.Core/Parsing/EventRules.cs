namespace Aggregator.Parsing;

/// <summary>
/// What makes an event record valid, and how each problem is worded, shared by the file readers
/// (<c>EventRecordBuilder</c>) and the pipeline parser (<see cref="PropertyRecordParser"/>) so that the same failure
/// gives the same reason and the same sentence from a file and from objects. A user and an event are required; the
/// timestamp and the status may be missing but must be valid when given. The checks run in that order, and the first
/// that fails is the reason.
/// </summary>
public static class EventRules
{
    /// <summary>The field has no value at all (missing, null, or an empty CSV cell): MissingField.</summary>
    public static string NoValue(string field, string lookedFor) => $"The record has no {field} ({lookedFor}).";

    /// <summary>The field holds only blanks: MissingField.</summary>
    public static string Empty(string field) => $"The {field} is empty.";

    /// <summary>An object or array where a single value belongs: InvalidField.</summary>
    public static string NotAValue(string field) => $"The {field} is an object or array, not a single value.";

    /// <summary>A timestamp that is not a date and time in an accepted form nor a Unix epoch number: InvalidTimestamp.</summary>
    public static string InvalidTimestamp(string? written) => $"'{MessageText.Shorten(written)}' is not a valid timestamp.";

    /// <summary>A status the vocabulary does not know: UnknownStatus.</summary>
    public static string UnknownStatus(StatusVocabulary statuses, string? written) => statuses.UnknownMessage(written);
}
