using System;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Aggregator.Parsing;

/// <summary>
/// Parses event timestamps into UTC ticks without allocating:
/// <c>YYYY-MM-DD HH:MM[:SS[.fffffff]]</c> with <c>T</c> or a space, then optionally <c>Z</c> or an offset
/// (<c>+HH:MM</c>, <c>+HHMM</c>, <c>+HH</c>); or Unix epoch seconds or milliseconds.
/// A time without a zone is read in <see cref="AssumedZone"/> (UTC when null). Other text is read as
/// <see cref="Style"/> says (by default the invariant culture's date-and-time pattern, never the machine's culture).
/// </summary>
public sealed class TimestampParser
{
    /// <summary>Epoch values at or above this magnitude are milliseconds (1e11 s would be the year 5138).</summary>
    private const double MillisecondThreshold = 1e11;

    private static readonly int[] DaysToMonth365 = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365 };
    private static readonly int[] DaysToMonth366 = { 0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366 };
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    // The last date read: its first 8 bytes, its last 2, and its days since 0001-01-01 (no valid date reads as 0).
    private ulong _cachedDateHead;
    private ushort _cachedDateTail;
    private long _cachedDays;

    // Offset cache for AssumedZone: one local hour at a time, since inputs are mostly in time order.
    private long _cachedLocalHour = long.MinValue;
    private long _cachedOffsetTicks;

    public TimestampParser(TimeZoneInfo? assumedZone = null, TimestampStyle? style = null)
    {
        AssumedZone = assumedZone is null || assumedZone == TimeZoneInfo.Utc ? null : assumedZone;
        Style = style ?? TimestampStyle.Default;
    }

    /// <summary>Zone for timestamps written without one; null means UTC.</summary>
    public TimeZoneInfo? AssumedZone { get; }

    /// <summary>How text other than ISO 8601 and epoch numbers is read; with exact formats, all text is.</summary>
    public TimestampStyle Style { get; }

    /// <summary>Parses timestamp text (surrounding spaces allowed). Digits only are read as epoch seconds or milliseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryParse(ReadOnlySpan<byte> text, out long utcTicks)
    {
        text = AsciiSpace.Trim(text);
        if (Style.IsExact)
        {
            return TryParseStyled(text, out utcTicks);
        }

        if (text.Length >= 10 && text[4] == '-')
        {
            return TryParseIso(text, out utcTicks) || TryParseExported(text, out utcTicks);
        }

        return TryParseEpoch(text, out utcTicks) || TryParseExported(text, out utcTicks);
    }

    // Export-Csv writes a DateTime in the culture's general format ("06/01/2024 08:05:12"): read that back too, so that
    // exported records import again. Only the style's culture (invariant unless named), never the machine's: the same
    // text must mean the same day everywhere. Only date-and-time patterns, never a date alone.
    private bool TryParseExported(ReadOnlySpan<byte> text, out long utcTicks)
    {
        utcTicks = 0;
        return text.Length <= 64 && text.IndexOf((byte)':') >= 0 && TryParseStyled(text, out utcTicks);
    }

    private bool TryParseStyled(ReadOnlySpan<byte> text, out long utcTicks)
    {
        utcTicks = 0;
        if (text.IsEmpty || !Style.TryParse(Encoding.UTF8.GetString(text), out DateTime parsed, out bool zoned))
        {
            return false;
        }

        if (zoned)
        {
            utcTicks = parsed.Ticks;
            return true;
        }

        return ApplyAssumedZone(parsed.Ticks, out utcTicks);
    }

    /// <summary>Parses a string as <see cref="TryParse(ReadOnlySpan{byte}, out long)"/> does.</summary>
    public bool TryParse(string text, out long utcTicks)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > 256)
        {
            return TryParse(Encoding.UTF8.GetBytes(text), out utcTicks);
        }

        Span<byte> buffer = stackalloc byte[max];
        int length = Encoding.UTF8.GetBytes(text, buffer);
        return TryParse(buffer.Slice(0, length), out utcTicks);
    }

    private const decimal MaxEpochMagnitude = 1e18m;

    /// <summary>Parses a JSON number or digit string as Unix epoch seconds, or milliseconds when large.</summary>
    public static bool TryParseEpoch(ReadOnlySpan<byte> number, out long utcTicks)
    {
        utcTicks = 0;
        // decimal keeps milliseconds and fractions exact; double would round them to a few microseconds.
        if (number.IsEmpty || !Utf8Parser.TryParse(number, out decimal value, out int consumed) || consumed != number.Length)
        {
            return number.Length > 0 && Utf8Parser.TryParse(number, out double large, out consumed) &&
                   consumed == number.Length && TryFromEpoch(large, out utcTicks);
        }

        return TryFromExactEpoch(value, out utcTicks);
    }

    /// <summary>Converts Unix epoch seconds (or milliseconds, when large) to UTC ticks.</summary>
    public static bool TryFromEpoch(double value, out long utcTicks)
    {
        utcTicks = 0;
        // The bound also keeps the cast to decimal from overflowing.
        return double.IsFinite(value) && Math.Abs(value) < (double)MaxEpochMagnitude && TryFromExactEpoch((decimal)value, out utcTicks);
    }

    /// <summary>Converts Unix epoch seconds (or milliseconds, when large) to UTC ticks, exactly.</summary>
    public static bool TryFromExactEpoch(decimal value, out long utcTicks)
    {
        utcTicks = 0;
        // Far beyond year 9999 in milliseconds; checked first, as the multiplication below could overflow decimal.
        if (Math.Abs(value) >= MaxEpochMagnitude)
        {
            return false;
        }

        decimal ticksPerUnit = Math.Abs(value) >= (decimal)MillisecondThreshold ? TimeSpan.TicksPerMillisecond : TimeSpan.TicksPerSecond;
        decimal ticks = Math.Round(value * ticksPerUnit) + UnixEpochTicks;
        if (ticks < 0 || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        utcTicks = (long)ticks;
        return true;
    }

    /// <summary>DateTime to UTC ticks: local times convert, unspecified times are taken as UTC.</summary>
    /// <summary>A typed time in UTC: a local time converted, a time without a kind read in the assumed zone (else UTC).</summary>
    public DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified && AssumedZone is not null
            ? TimeZoneInfo.ConvertTimeToUtc(value, AssumedZone)
            : new DateTime(ToUtcTicks(value), DateTimeKind.Utc);

    public static long ToUtcTicks(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryParseIso(ReadOnlySpan<byte> s, out long utcTicks)
    {
        utcTicks = 0;
        // YYYY-MM-DD[T ]HH:MM
        if (s.Length < 16 || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':')
        {
            return false;
        }

        if (!TryDays(s, out long days) || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute))
        {
            return false;
        }

        int second = 0;
        long fractionTicks = 0;
        int i = 16;
        if (i < s.Length && s[i] == ':')
        {
            if (!Digits(s, i + 1, 2, out second))
            {
                return false;
            }

            i += 3;
            if (i < s.Length && (s[i] == '.' || s[i] == ','))
            {
                i++;
                int start = i;
                long scale = TimeSpan.TicksPerSecond / 10;
                while (i < s.Length && IsDigit(s[i]))
                {
                    fractionTicks += (s[i] - '0') * scale;
                    scale /= 10;
                    i++;
                }

                if (i == start)
                {
                    return false;
                }
            }
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long localTicks = days * TimeSpan.TicksPerDay + hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute +
                          second * TimeSpan.TicksPerSecond + fractionTicks;

        if (i == s.Length)
        {
            return ApplyAssumedZone(localTicks, out utcTicks);
        }

        long offsetTicks;
        if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.Length)
        {
            offsetTicks = 0;
        }
        else if (!TryParseOffset(s.Slice(i), out offsetTicks))
        {
            return false;
        }

        utcTicks = localTicks - offsetTicks;
        return utcTicks >= 0 && utcTicks <= DateTime.MaxValue.Ticks;
    }

    // Days from 0001-01-01 to the YYYY-MM-DD that starts the text. Inputs are mostly in time order, so the last
    // date's text and days are kept, and most timestamps skip the date arithmetic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryDays(ReadOnlySpan<byte> s, out long days)
    {
        ulong head = MemoryMarshal.Read<ulong>(s);
        ushort tail = MemoryMarshal.Read<ushort>(s.Slice(8));
        if (head == _cachedDateHead && tail == _cachedDateTail)
        {
            days = _cachedDays;
            return true;
        }

        return TryNewDays(s, head, tail, out days);
    }

    // A date other than the last one: rare, so it stays out of the inlined check above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryNewDays(ReadOnlySpan<byte> s, ulong head, ushort tail, out long days)
    {
        days = 0;
        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day) ||
            year < 1 || month < 1 || month > 12)
        {
            return false;
        }

        int[] daysToMonth = DateTime.IsLeapYear(year) ? DaysToMonth366 : DaysToMonth365;
        if (day < 1 || day > daysToMonth[month] - daysToMonth[month - 1])
        {
            return false;
        }

        int y = year - 1;
        days = (long)y * 365 + y / 4 - y / 100 + y / 400 + daysToMonth[month - 1] + day - 1;
        (_cachedDateHead, _cachedDateTail, _cachedDays) = (head, tail, days);
        return true;
    }

    // +HH:MM, +HHMM or +HH (also with '-')
    private static bool TryParseOffset(ReadOnlySpan<byte> s, out long offsetTicks)
    {
        offsetTicks = 0;
        if (s.Length < 3 || (s[0] != '+' && s[0] != '-') || !Digits(s, 1, 2, out int hours))
        {
            return false;
        }

        int minutes = 0;
        if (s.Length == 6 && s[3] == ':')
        {
            if (!Digits(s, 4, 2, out minutes))
            {
                return false;
            }
        }
        else if (s.Length == 5)
        {
            if (!Digits(s, 3, 2, out minutes))
            {
                return false;
            }
        }
        else if (s.Length != 3)
        {
            return false;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offsetTicks = hours * TimeSpan.TicksPerHour + minutes * TimeSpan.TicksPerMinute;
        if (s[0] == '-')
        {
            offsetTicks = -offsetTicks;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ApplyAssumedZone(long localTicks, out long utcTicks)
    {
        if (AssumedZone is null)
        {
            utcTicks = localTicks;
            return true;
        }

        return ApplyZoneRules(localTicks, out utcTicks);
    }

    private bool ApplyZoneRules(long localTicks, out long utcTicks)
    {
        TimeZoneInfo zone = AssumedZone!;
        long hourKey = localTicks / TimeSpan.TicksPerHour;
        if (hourKey == _cachedLocalHour)
        {
            utcTicks = localTicks - _cachedOffsetTicks;
            return utcTicks >= 0;
        }

        var local = new DateTime(localTicks, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            utcTicks = 0;
            return false;   // the clock skipped this time (DST gap)
        }

        long offset = zone.GetUtcOffset(local).Ticks;
        utcTicks = localTicks - offset;

        // Cache only hours that have one offset and no gap from start to end.
        var hourStart = new DateTime(hourKey * TimeSpan.TicksPerHour, DateTimeKind.Unspecified);
        var hourEnd = hourStart.AddTicks(TimeSpan.TicksPerHour - 1);
        if (!zone.IsInvalidTime(hourStart) && !zone.IsInvalidTime(hourEnd) &&
            !zone.IsAmbiguousTime(hourStart) && !zone.IsAmbiguousTime(hourEnd) &&
            zone.GetUtcOffset(hourStart).Ticks == offset && zone.GetUtcOffset(hourEnd).Ticks == offset)
        {
            _cachedLocalHour = hourKey;
            _cachedOffsetTicks = offset;
        }

        return utcTicks >= 0;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits(ReadOnlySpan<byte> s, int at, int count, out int value)
    {
        value = 0;
        if (at + count > s.Length)
        {
            return false;
        }

        for (int i = at; i < at + count; i++)
        {
            int digit = s[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = value * 10 + digit;
        }

        return true;
    }
}
