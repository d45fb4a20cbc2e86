using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Aggregator.Parsing;

/// <summary>
/// How timestamp text is read beyond ISO 8601 and Unix epoch numbers. By default: the invariant culture's date-and-time
/// pattern (<c>MM/dd/yyyy HH:mm:ss</c>); with a culture, that culture's pattern instead; with exact formats, only those
/// formats (read in the culture, or the invariant one). The machine's culture never takes part, so a file reads the same
/// everywhere, and no row is guessed on its own.
/// </summary>
public sealed class TimestampStyle
{
    // A date every whole format must give back: a format without a year, month or day would fill them from the clock.
    private static readonly DateTimeOffset Probe = new(2001, 2, 3, 12, 5, 6, 7, TimeSpan.Zero);

    private readonly string[] _exactFormats;

    /// <param name="exactFormats">.NET date and time formats (such as dd/MM/yyyy HH:mm:ss); none or null for the default forms.</param>
    /// <param name="culture">The culture whose pattern, month names and calendar are used; null for the invariant culture.</param>
    /// <exception cref="ArgumentException">A format is blank or cannot give a whole date.</exception>
    public TimestampStyle(IEnumerable<string>? exactFormats, CultureInfo? culture)
    {
        Culture = culture ?? CultureInfo.InvariantCulture;
        _exactFormats = exactFormats?.ToArray() ?? Array.Empty<string>();
        foreach (string format in _exactFormats)
        {
            Check(format, Culture);
        }
    }

    /// <summary>ISO 8601, epoch numbers and the invariant culture's date-and-time pattern.</summary>
    public static TimestampStyle Default { get; } = new(null, null);

    public CultureInfo Culture { get; }

    /// <summary>The formats text must match; empty when the default forms are read.</summary>
    public IReadOnlyList<string> ExactFormats => _exactFormats;

    /// <summary>Text is read by <see cref="ExactFormats"/> only, not as ISO 8601 or epoch numbers.</summary>
    public bool IsExact => _exactFormats.Length > 0;

    /// <summary>
    /// Reads text that is not ISO 8601 or epoch: by the exact formats, or by the culture's date-and-time pattern ("G",
    /// what Export-Csv writes). <paramref name="zoned"/> says the text carried its own offset (the result is then UTC).
    /// </summary>
    public bool TryParse(string text, out DateTime parsed, out bool zoned)
    {
        bool ok = IsExact
            ? DateTime.TryParseExact(text, _exactFormats, Culture, DateTimeStyles.AdjustToUniversal, out parsed)
            : DateTime.TryParseExact(text, "G", Culture, DateTimeStyles.AdjustToUniversal, out parsed) || TryParseWithOffset(text, out parsed);
        zoned = ok && parsed.Kind == DateTimeKind.Utc;
        return ok;
    }

    // Export-Csv writes a DateTimeOffset (such as KwhUsage.Period) as the culture's "G" text and its offset
    // ("07/01/2024 00:00:00 +02:00"). ICU writes a narrow no-break space before AM/PM where Windows writes a space:
    // either reads back.
    private bool TryParseWithOffset(string text, out DateTime utc)
    {
        utc = default;
        DateTimeFormatInfo format = Culture.DateTimeFormat;
        string pattern = PlainSpaces($"{format.ShortDatePattern} {format.LongTimePattern} zzz");
        if (!DateTimeOffset.TryParseExact(PlainSpaces(text), pattern, Culture, DateTimeStyles.None, out DateTimeOffset parsed))
        {
            return false;
        }

        utc = parsed.UtcDateTime;
        return true;
    }

    private static string PlainSpaces(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private static void Check(string format, CultureInfo culture)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            throw new ArgumentException("A timestamp format must not be blank.", nameof(format));
        }

        string sample;
        try
        {
            sample = Probe.ToString(format, culture);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"'{format}' is not a valid timestamp format: {ex.Message}", nameof(format), ex);
        }

        if (!DateTime.TryParseExact(sample, format, culture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.NoCurrentDateDefault,
                out DateTime back) || back.Date != Probe.UtcDateTime.Date)
        {
            throw new ArgumentException(
                $"The timestamp format '{format}' does not give a whole date (year, month and day); without one the date would come from the clock.",
                nameof(format));
        }
    }
}
