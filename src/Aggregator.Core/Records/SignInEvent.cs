using System;
using System.Globalization;

namespace Aggregator;

/// <summary>
/// One kind of sign-in from a Graph user's signInActivity: when it last happened (UTC) and the request that did it.
/// Exports to a CSV cell as <c>2024-07-10T11:45:00Z (request-id)</c>.
/// </summary>
public sealed class SignInEvent
{
    public SignInEvent(DateTime? dateTime, string? requestId)
    {
        DateTime = dateTime;
        RequestId = requestId;
    }

    /// <summary>UTC time of the sign-in, or null when Graph gave only a request id.</summary>
    public DateTime? DateTime { get; }

    public string? RequestId { get; }

    /// <summary>ISO 8601 UTC with a Z and no trailing zero fractions, as Graph writes it.</summary>
    public static string FormatTime(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Splits the text <see cref="ToString"/> writes (an Export-Csv cell) into its time text and request id, either of
    /// which may be missing; blank text gives neither.
    /// </summary>
    public static void SplitText(string? text, out string? time, out string? requestId)
    {
        time = null;
        requestId = null;
        string value = text?.Trim() ?? string.Empty;
        int open = value.IndexOf(" (", StringComparison.Ordinal);   // a time has no " (", a request id might
        if (value.StartsWith('(') && value.EndsWith(')'))
        {
            open = 0;
        }

        if (open >= 0 && value.EndsWith(')'))
        {
            int start = value[open] == '(' ? open + 1 : open + 2;
            requestId = value.Substring(start, value.Length - 1 - start);
            value = value.Substring(0, open).Trim();
        }

        time = value.Length == 0 ? null : value;
    }

    public override string ToString()
    {
        string time = DateTime is { } utc ? FormatTime(utc) : string.Empty;
        return string.IsNullOrEmpty(RequestId) ? time : time.Length == 0 ? $"({RequestId})" : $"{time} ({RequestId})";
    }
}
