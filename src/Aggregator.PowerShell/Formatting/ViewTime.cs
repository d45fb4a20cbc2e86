using System;
using System.Globalization;
using System.Management.Automation;

namespace Aggregator.Commands.Formatting;

/// <summary>
/// The one time format of the module's table views: "2024-06-01 08:05:12Z" for UTC, "2024-07-01 00:00:00+02:00" for a
/// DateTimeOffset. Takes live values and what serialization leaves of them: a DateTimeOffset arrives as its text (job
/// output) or as a property bag (Import-Clixml), so every view prints the same after Start-Job as live.
/// </summary>
public static class ViewTime
{
    private const string Seconds = "yyyy-MM-dd HH:mm:ss";

    public static string Format(object? value) => Unwrap(value) switch
    {
        null => string.Empty,
        DateTime { Kind: DateTimeKind.Utc } utc => utc.ToString(Seconds + "'Z'", CultureInfo.InvariantCulture),
        DateTime { Kind: DateTimeKind.Local } local => new DateTimeOffset(local).ToString(Seconds + "zzz", CultureInfo.InvariantCulture),
        DateTime unspecified => unspecified.ToString(Seconds, CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString(Seconds + "zzz", CultureInfo.InvariantCulture),
        string text => TryParse(text, out DateTimeOffset parsed) ? Format(parsed) : text,
        PSObject bag => FromPropertyBag(bag) is { } time ? Format(time) : bag.ToString(),
        object other => other.ToString() ?? string.Empty,
    };

    private static object? Unwrap(object? value) =>
        value is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : value;

    // The serializer writes a value past its depth as invariant text; a file written in another culture may differ.
    private static bool TryParse(string text, out DateTimeOffset parsed) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed) ||
        DateTimeOffset.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.None, out parsed);

    private static DateTimeOffset? FromPropertyBag(PSObject bag) =>
        bag.Properties["DateTime"]?.Value is DateTime clock && bag.Properties["Offset"]?.Value is TimeSpan offset
            ? new DateTimeOffset(DateTime.SpecifyKind(clock, DateTimeKind.Unspecified), offset)
            : null;
}
