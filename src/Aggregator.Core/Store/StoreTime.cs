using System;
using System.Globalization;

namespace Aggregator.Store;

/// <summary>Times in the store: UTC ISO 8601 text with a fixed width, so that text order is time order in SQL too.</summary>
internal static class StoreTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Write(DateTime time) =>
        (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).ToString(Format, CultureInfo.InvariantCulture);

    public static DateTime Read(string text) =>
        DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static DateTime? ReadOptional(object value) => value is string text ? Read(text) : null;
}
