using Aggregator.Energy;

namespace Aggregator.Core.Tests;

/// <summary>
/// PeriodCalendar: quarter hours, hours and days in UTC and in zones with daylight saving time (Europe/Madrid,
/// America/New_York) or an offset that is not a whole hour (Asia/Kathmandu, +05:45).
/// </summary>
public class PeriodCalendarTests
{
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Kathmandu = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kathmandu");

    private static DateTime Start(PeriodCalendar calendar, DateTime utc) =>
        new(calendar.PeriodOf(utc.Ticks), DateTimeKind.Utc);

    private static string Label(PeriodCalendar calendar, long period) => calendar.Label(period).ToString("yyyy-MM-ddTHH:mmzzz");

    // Every period from the one holding 'from' up to (not including) 'to', by Next.
    private static List<long> Periods(PeriodCalendar calendar, DateTime from, DateTime to)
    {
        var periods = new List<long>();
        for (long period = calendar.PeriodOf(from.Ticks); period < to.Ticks; period = calendar.Next(period))
        {
            periods.Add(period);
            Assert.True(periods.Count < 1000, "Next must move forward");
        }

        return periods;
    }

    [Fact]
    public void Utc_QuarterHours()
    {
        var calendar = new PeriodCalendar(KwhInterval.QuarterHour);

        Assert.Null(calendar.Zone);
        Assert.Equal(KwhInterval.QuarterHour, calendar.Interval);
        Assert.Equal(Utc.At(2024, 6, 1, 10, 0), Start(calendar, Utc.At(2024, 6, 1, 10, 0)));
        Assert.Equal(Utc.At(2024, 6, 1, 10, 0), Start(calendar, Utc.At(2024, 6, 1, 10, 14, 59)));
        Assert.Equal(Utc.At(2024, 6, 1, 10, 0), Start(calendar, Utc.At(2024, 6, 1, 10, 15).AddTicks(-1)));
        Assert.Equal(Utc.At(2024, 6, 1, 10, 15), Start(calendar, Utc.At(2024, 6, 1, 10, 15)));
        Assert.Equal(Utc.At(2024, 6, 1, 10, 45), Start(calendar, Utc.At(2024, 6, 1, 10, 59, 59)));
        Assert.Equal(Utc.At(2024, 6, 1, 11, 0).Ticks, calendar.Next(Utc.At(2024, 6, 1, 10, 45).Ticks));
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 10, 45, 0, TimeSpan.Zero), calendar.Label(Utc.At(2024, 6, 1, 10, 45).Ticks));
    }

    [Fact]
    public void Utc_Hours()
    {
        var calendar = new PeriodCalendar(KwhInterval.Hour);

        Assert.Equal(Utc.At(2024, 6, 1, 10), Start(calendar, Utc.At(2024, 6, 1, 10, 59, 59)));
        Assert.Equal(Utc.At(2024, 6, 1, 11), Start(calendar, Utc.At(2024, 6, 1, 11)));
        Assert.Equal(Utc.At(2024, 6, 2, 0).Ticks, calendar.Next(Utc.At(2024, 6, 1, 23).Ticks));
        Assert.Equal(24, Periods(calendar, Utc.At(2024, 3, 31), Utc.At(2024, 4, 1)).Count);
        Assert.Equal("2024-06-01T10:00+00:00", Label(calendar, Utc.At(2024, 6, 1, 10).Ticks));
    }

    [Fact]
    public void Utc_Days()
    {
        var calendar = new PeriodCalendar(KwhInterval.Day);

        Assert.Equal(Utc.At(2024, 2, 29), Start(calendar, Utc.At(2024, 2, 29, 23, 59, 59)));
        Assert.Equal(Utc.At(2024, 3, 1), Start(calendar, Utc.At(2024, 3, 1)));
        Assert.Equal(Utc.At(2024, 3, 1).Ticks, calendar.Next(Utc.At(2024, 2, 29).Ticks));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero), calendar.Label(Utc.At(2024, 2, 29).Ticks));
    }

    [Fact]
    public void UtcZone_IsTheSameAsNoZone()
    {
        var calendar = new PeriodCalendar(KwhInterval.Hour, TimeZoneInfo.Utc);

        Assert.Null(calendar.Zone);
        Assert.Equal(Utc.At(2024, 6, 1, 10), Start(calendar, Utc.At(2024, 6, 1, 10, 30)));
    }

    [Fact]
    public void UnknownInterval_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeriodCalendar((KwhInterval)42));
    }

    [Theory]
    [InlineData("Europe/Madrid", "2024-03-31", 23)]
    [InlineData("Europe/Madrid", "2024-10-27", 25)]
    [InlineData("Europe/Madrid", "2024-06-15", 24)]
    [InlineData("America/New_York", "2024-03-10", 23)]
    [InlineData("America/New_York", "2024-11-03", 25)]
    [InlineData("America/New_York", "2024-01-15", 24)]
    public void LocalDay_HasAsManyHoursAsTheClockShows(string zoneId, string date, int hours)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        DateTime localMidnight = DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        DateTime dayStart = TimeZoneInfo.ConvertTimeToUtc(localMidnight, zone);
        DateTime nextDayStart = TimeZoneInfo.ConvertTimeToUtc(localMidnight.AddDays(1), zone);
        var hourly = new PeriodCalendar(KwhInterval.Hour, zone);
        var quarterly = new PeriodCalendar(KwhInterval.QuarterHour, zone);
        var daily = new PeriodCalendar(KwhInterval.Day, zone);

        List<long> hourPeriods = Periods(hourly, dayStart, nextDayStart);
        Assert.Equal(hours, hourPeriods.Count);
        Assert.Equal(dayStart.Ticks, hourPeriods[0]);
        Assert.Equal(nextDayStart.Ticks, hourly.Next(hourPeriods[^1]));
        Assert.All(hourPeriods.Zip(hourPeriods.Skip(1)), pair => Assert.Equal(TimeSpan.TicksPerHour, pair.Second - pair.First));
        Assert.Equal(hours * 4, Periods(quarterly, dayStart, nextDayStart).Count);

        // The day is one period from local midnight to the next local midnight.
        Assert.Equal(dayStart.Ticks, daily.PeriodOf(dayStart.Ticks));
        Assert.Equal(dayStart.Ticks, daily.PeriodOf(nextDayStart.Ticks - 1));
        Assert.Equal(dayStart.Ticks, daily.PeriodOf(dayStart.AddHours(hours / 2.0).Ticks));
        Assert.Equal(nextDayStart.Ticks, daily.PeriodOf(nextDayStart.Ticks));
        Assert.Equal(nextDayStart.Ticks, daily.Next(dayStart.Ticks));
        Assert.Equal(TimeSpan.FromHours(hours), nextDayStart - dayStart);
        Assert.Equal(localMidnight, daily.Label(dayStart.Ticks).DateTime);
    }

    [Fact]
    public void Madrid_SpringForward_SkipsTwoOClock_AndLabelsCarryTheOffset()
    {
        var calendar = new PeriodCalendar(KwhInterval.Hour, Madrid);
        List<long> periods = Periods(calendar, Utc.At(2024, 3, 30, 23), Utc.At(2024, 3, 31, 22));

        Assert.Equal(
            new[]
            {
                "2024-03-31T00:00+01:00", "2024-03-31T01:00+01:00", "2024-03-31T03:00+02:00", "2024-03-31T04:00+02:00",
            },
            periods.Take(4).Select(p => Label(calendar, p)));
        Assert.Equal("2024-03-31T23:00+02:00", Label(calendar, periods[^1]));
        Assert.DoesNotContain(periods, p => calendar.Label(p).Hour == 2);

        // The label is the same instant as the period start.
        Assert.All(periods, p => Assert.Equal(p, calendar.Label(p).UtcTicks));
    }

    [Fact]
    public void Madrid_FallBack_HasTwoTwoOClocks_WithDifferentOffsets()
    {
        var calendar = new PeriodCalendar(KwhInterval.Hour, Madrid);
        List<long> periods = Periods(calendar, Utc.At(2024, 10, 26, 22), Utc.At(2024, 10, 27, 23));

        Assert.Equal(25, periods.Count);
        Assert.Equal(
            new[]
            {
                "2024-10-27T00:00+02:00", "2024-10-27T01:00+02:00", "2024-10-27T02:00+02:00", "2024-10-27T02:00+01:00",
                "2024-10-27T03:00+01:00",
            },
            periods.Take(5).Select(p => Label(calendar, p)));

        // Both two o'clocks are periods of their own: the instants in each land in it.
        Assert.Equal(Utc.At(2024, 10, 27, 0).Ticks, calendar.PeriodOf(Utc.At(2024, 10, 27, 0, 30).Ticks));
        Assert.Equal(Utc.At(2024, 10, 27, 1).Ticks, calendar.PeriodOf(Utc.At(2024, 10, 27, 1, 30).Ticks));
    }

    [Fact]
    public void NewYork_Labels_SwitchBetweenMinusFiveAndMinusFour()
    {
        var calendar = new PeriodCalendar(KwhInterval.Hour, NewYork);

        List<long> spring = Periods(calendar, Utc.At(2024, 3, 10, 5), Utc.At(2024, 3, 11, 4));
        Assert.Equal(
            new[] { "2024-03-10T00:00-05:00", "2024-03-10T01:00-05:00", "2024-03-10T03:00-04:00" },
            spring.Take(3).Select(p => Label(calendar, p)));

        List<long> fall = Periods(calendar, Utc.At(2024, 11, 3, 4), Utc.At(2024, 11, 4, 5));
        Assert.Equal(
            new[] { "2024-11-03T00:00-04:00", "2024-11-03T01:00-04:00", "2024-11-03T01:00-05:00", "2024-11-03T02:00-05:00" },
            fall.Take(4).Select(p => Label(calendar, p)));
    }

    [Fact]
    public void Days_StartAtLocalMidnight()
    {
        var madrid = new PeriodCalendar(KwhInterval.Day, Madrid);
        var newYork = new PeriodCalendar(KwhInterval.Day, NewYork);

        // Winter: Madrid is UTC+1, so its day starts at 23:00 UTC the day before; summer: UTC+2, 22:00 UTC.
        Assert.Equal(Utc.At(2024, 1, 14, 23), Start(madrid, Utc.At(2024, 1, 15, 12)));
        Assert.Equal(Utc.At(2024, 1, 14, 23), Start(madrid, Utc.At(2024, 1, 14, 23)));
        Assert.Equal(Utc.At(2024, 1, 13, 23), Start(madrid, Utc.At(2024, 1, 14, 22, 59, 59)));
        Assert.Equal(Utc.At(2024, 7, 14, 22), Start(madrid, Utc.At(2024, 7, 15, 12)));
        Assert.Equal(new DateTimeOffset(2024, 7, 15, 0, 0, 0, TimeSpan.FromHours(2)), madrid.Label(Utc.At(2024, 7, 14, 22).Ticks));

        // New York: 05:00 UTC in winter, 04:00 UTC in summer; late evening local is still the same local day.
        Assert.Equal(Utc.At(2024, 1, 15, 5), Start(newYork, Utc.At(2024, 1, 16, 4, 59)));
        Assert.Equal(Utc.At(2024, 7, 15, 4), Start(newYork, Utc.At(2024, 7, 16, 3, 59)));
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 0, 0, 0, TimeSpan.FromHours(-5)), newYork.Label(Utc.At(2024, 1, 15, 5).Ticks));

        // Next day across a DST change.
        Assert.Equal(Utc.At(2024, 3, 31, 22).Ticks, madrid.Next(Utc.At(2024, 3, 30, 23).Ticks));
        Assert.Equal(Utc.At(2024, 10, 27, 23).Ticks, madrid.Next(Utc.At(2024, 10, 26, 22).Ticks));
    }

    [Fact]
    public void Kathmandu_HoursStartAtQuarterPastInUtc()
    {
        var hourly = new PeriodCalendar(KwhInterval.Hour, Kathmandu);

        Assert.Equal(Utc.At(2024, 1, 1, 10, 15), Start(hourly, Utc.At(2024, 1, 1, 10, 20)));
        Assert.Equal(Utc.At(2024, 1, 1, 10, 15), Start(hourly, Utc.At(2024, 1, 1, 11, 14, 59)));
        Assert.Equal(Utc.At(2024, 1, 1, 9, 15), Start(hourly, Utc.At(2024, 1, 1, 10, 14, 59)));
        Assert.Equal(Utc.At(2024, 1, 1, 11, 15).Ticks, hourly.Next(Utc.At(2024, 1, 1, 10, 15).Ticks));
        Assert.Equal("2024-01-01T16:00+05:45", Label(hourly, Utc.At(2024, 1, 1, 10, 15).Ticks));

        // Quarter hours fall on :00/:15/:30/:45 both ways; the day starts at 18:15 UTC the day before.
        var quarterly = new PeriodCalendar(KwhInterval.QuarterHour, Kathmandu);
        Assert.Equal(Utc.At(2024, 1, 1, 10, 15), Start(quarterly, Utc.At(2024, 1, 1, 10, 20)));
        Assert.Equal("2024-01-01T16:00+05:45", Label(quarterly, Utc.At(2024, 1, 1, 10, 15).Ticks));
        var daily = new PeriodCalendar(KwhInterval.Day, Kathmandu);
        Assert.Equal(Utc.At(2023, 12, 31, 18, 15), Start(daily, Utc.At(2024, 1, 1, 10, 20)));
        Assert.Equal(Utc.At(2024, 1, 1, 18, 15), Start(daily, Utc.At(2024, 1, 1, 18, 15)));
        Assert.Equal("2024-01-01T00:00+05:45", Label(daily, Utc.At(2023, 12, 31, 18, 15).Ticks));
    }

    [Theory]
    [InlineData("Europe/Madrid")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("America/Santiago")]   // DST changes at midnight: a day starts at 01:00 once a year
    [InlineData("Australia/Lord_Howe")]   // DST moves the clock by 30 minutes
    public void EveryInstant_IsInItsPeriod_AndAPeriodStartsInsideItself(string zoneId)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        foreach (KwhInterval interval in new[] { KwhInterval.QuarterHour, KwhInterval.Hour, KwhInterval.Day })
        {
            var calendar = new PeriodCalendar(interval, zone);
            var check = new PeriodCalendar(interval, zone);
            var problems = new List<string>();
            for (DateTime t = Utc.At(2024, 1, 1); t < Utc.At(2025, 1, 1) && problems.Count < 5; t = t.AddMinutes(5))
            {
                long period = calendar.PeriodOf(t.Ticks);
                long next = calendar.Next(period);
                if (period > t.Ticks || next <= t.Ticks || check.PeriodOf(period) != period)
                {
                    problems.Add($"{interval} {t:o}: period {new DateTime(period, DateTimeKind.Utc):o} ({calendar.Label(period):o}), " +
                        $"the period of its start {new DateTime(check.PeriodOf(period), DateTimeKind.Utc):o}, next {new DateTime(next, DateTimeKind.Utc):o}");
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }

    [Fact]
    public void Cache_DoesNotLeakAcrossAnOffsetChange()
    {
        // The calendar remembers the last quarter hour; instants on both sides of a change, in any order, stay right.
        var calendar = new PeriodCalendar(KwhInterval.Hour, Madrid);
        DateTime change = Utc.At(2024, 3, 31, 1);
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(Utc.At(2024, 3, 31, 0), Start(calendar, change.AddTicks(-1)));
            Assert.Equal(change, Start(calendar, change));
            Assert.Equal(Utc.At(2024, 3, 31, 0), Start(calendar, change.AddMinutes(-1)));
            Assert.Equal(change, Start(calendar, change.AddMinutes(59)));
        }
    }
}
