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

    public override string ToString()
    {
        string time = DateTime is { } utc ? FormatTime(utc) : string.Empty;
        return string.IsNullOrEmpty(RequestId) ? time : time.Length == 0 ? $"({RequestId})" : $"{time} ({RequestId})";
    }
}
