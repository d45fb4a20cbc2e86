namespace Aggregator.Parsing;

/// <summary>How a value the input wrote is quoted in a skip message: whole, or its first 57 characters and "...".</summary>
internal static class MessageText
{
    public static string Shorten(string? text) =>
        text is null ? string.Empty : text.Length <= 60 ? text : text.Substring(0, 57) + "...";
}
