using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Aggregator.Energy;

/// <summary>
/// Maps instants to the periods (quarter hours, hours or days) of a time zone. A period is known by the UTC ticks of
/// its start, so periods of a day that repeats an hour stay apart, and partial results from other workers line up.
/// Not thread-safe: each accumulator has its own.
/// </summary>
public sealed class PeriodCalendar
{
    private static readonly long QuarterTicks = TimeSpan.FromMinutes(15).Ticks;

    private readonly long _size;
    private readonly TimeZoneInfo? _zone;
    private readonly Dictionary<long, long> _dayStarts = new();

    // Offsets stay put for long stretches: remember the last UTC quarter hour and its period.
    private long _lastQuarter = long.MinValue;
    private long _lastPeriod;

    /// <param name="zone">The zone whose local hours and days are the periods; null for UTC.</param>
    public PeriodCalendar(KwhInterval interval, TimeZoneInfo? zone = null)
    {
        Interval = interval;
        _size = interval switch
        {
            KwhInterval.QuarterHour => QuarterTicks,
            KwhInterval.Hour => TimeSpan.TicksPerHour,
            KwhInterval.Day => TimeSpan.TicksPerDay,
            _ => throw new ArgumentOutOfRangeException(nameof(interval)),
        };
        _zone = zone is null || IsUtc(zone) ? null : zone;
    }

    public KwhInterval Interval { get; }

    /// <summary>The zone the periods follow; null means UTC.</summary>
    public TimeZoneInfo? Zone => _zone;

    /// <summary>The start (UTC ticks) of the period holding the instant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long PeriodOf(long utcTicks)
    {
        if (_zone is null)
        {
            return utcTicks - utcTicks % _size;
        }

        long quarter = utcTicks / QuarterTicks;
        return quarter == _lastQuarter ? _lastPeriod : ZonedPeriodOf(utcTicks, quarter);
    }

    /// <summary>The start of the period after the one starting at <paramref name="periodStart"/>.</summary>
    public long Next(long periodStart)
    {
        if (_zone is null)
        {
            return periodStart + _size;
        }

        // A local day lasts 23 to 25 hours, so a day and a half later is always in the next one.
        long next = PeriodOf(periodStart + (Interval == KwhInterval.Day ? _size * 3 / 2 : _size));
        return next > periodStart ? next : periodStart + _size;
    }

    /// <summary>The period's start as local time with the zone's offset at that instant.</summary>
    public DateTimeOffset Label(long periodStart)
    {
        TimeSpan offset = _zone is null ? TimeSpan.Zero : _zone.GetUtcOffset(new DateTime(periodStart, DateTimeKind.Utc));
        return new DateTimeOffset(periodStart + offset.Ticks, offset);
    }

    private long ZonedPeriodOf(long utcTicks, long quarter)
    {
        TimeSpan offset = _zone!.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc));
        long local = utcTicks + offset.Ticks;
        long period = Interval == KwhInterval.Day
            ? DayStart(local - local % TimeSpan.TicksPerDay)
            : SinceOffsetBegan(utcTicks - local % _size, utcTicks, offset);

        // Cache only when the whole UTC quarter hour has this offset and the offset is whole quarter hours
        // (true of every zone today; old local mean times had odd offsets).
        long quarterStart = quarter * QuarterTicks;
        if (offset.Ticks % QuarterTicks == 0 &&
            _zone.GetUtcOffset(new DateTime(quarterStart, DateTimeKind.Utc)) == offset &&
            _zone.GetUtcOffset(new DateTime(quarterStart + QuarterTicks - 1, DateTimeKind.Utc)) == offset)
        {
            _lastQuarter = quarter;
            _lastPeriod = period;
        }

        return period;
    }

    // Where a shift smaller than the period (Lord Howe's 30 minutes) falls inside a local hour, the period starts at
    // the shift: the first minute from which the current offset holds.
    private long SinceOffsetBegan(long start, long utcTicks, TimeSpan offset)
    {
        if (_zone!.GetUtcOffset(new DateTime(start, DateTimeKind.Utc)) == offset)
        {
            return start;
        }

        long low = start, high = utcTicks;   // offset differs at low, holds at high
        while (high - low > TimeSpan.TicksPerMinute)
        {
            long middle = low + (high - low) / 2;
            if (_zone.GetUtcOffset(new DateTime(middle, DateTimeKind.Utc)) == offset)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high - high % TimeSpan.TicksPerMinute;
    }

    // The UTC instant the local day starts: midnight, or the first valid time after a gap at midnight; the earlier
    // instant when midnight happens twice.
    private long DayStart(long localMidnight)
    {
        if (_dayStarts.TryGetValue(localMidnight, out long start))
        {
            return start;
        }

        DateTime local = FirstValidTime(new DateTime(localMidnight, DateTimeKind.Unspecified), _zone!);
        TimeSpan offset = _zone!.GetUtcOffset(local);
        if (_zone.IsAmbiguousTime(local))
        {
            foreach (TimeSpan candidate in _zone.GetAmbiguousTimeOffsets(local))
            {
                offset = candidate > offset ? candidate : offset;
            }
        }

        start = local.Ticks - offset.Ticks;
        _dayStarts[localMidnight] = start;
        return start;
    }

    /// <summary>
    /// An instant given as a DateTime: UTC and local kinds mean what they say; without a kind it is a wall-clock time in
    /// <paramref name="zone"/> (UTC when null), and a time the clock skips means the moment the clock resumes.
    /// </summary>
    public static DateTime ToUtc(DateTime given, TimeZoneInfo? zone) => given.Kind switch
    {
        DateTimeKind.Utc => given,
        DateTimeKind.Local => given.ToUniversalTime(),
        _ => zone is null
            ? DateTime.SpecifyKind(given, DateTimeKind.Utc)
            : TimeZoneInfo.ConvertTimeToUtc(FirstValidTime(given, zone), zone),
    };

    // A wall-clock time in a gap (02:30 on a spring-forward night) becomes the first whole minute after the gap.
    private static DateTime FirstValidTime(DateTime local, TimeZoneInfo zone)
    {
        if (!zone.IsInvalidTime(local))
        {
            return local;
        }

        DateTime minute = local.AddTicks(-(local.Ticks % TimeSpan.TicksPerMinute));
        while (zone.IsInvalidTime(minute))
        {
            minute = minute.AddMinutes(1);
        }

        return minute;
    }

    private static bool IsUtc(TimeZoneInfo zone) =>
        zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime;
}
