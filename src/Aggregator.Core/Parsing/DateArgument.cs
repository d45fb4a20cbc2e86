using System;
using System.Globalization;

namespace Aggregator.Parsing;

/// <summary>
/// Reads the value given to a date parameter (-AsOf, -From, -To): a DateTime as it is, a DateTimeOffset as its UTC
/// time, and text in the invariant culture, whatever the session's culture (ISO 8601 such as 2024-07-01T00:00:00Z, a
/// date alone, or the invariant general form 07/01/2024 00:00:00 +02:00). Text with Z or an offset gives UTC; text
/// without a zone keeps no kind, so each command reads it in its own zone as before.
/// </summary>
public static class DateArgument
{
    private const DateTimeStyles Styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;

    public static bool TryConvert(object? value, out DateTime result)
    {
        switch (value)
        {
            case DateTime dateTime:
                result = dateTime;
                return true;
            case DateTimeOffset offset:
                result = offset.UtcDateTime;
                return true;
            case string text when !string.IsNullOrWhiteSpace(text):
                return DateTime.TryParse(text, CultureInfo.InvariantCulture, Styles, out result);
            default:
                result = default;
                return false;
        }
    }
}
