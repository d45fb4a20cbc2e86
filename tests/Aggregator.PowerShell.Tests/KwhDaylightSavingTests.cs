using System.Globalization;
using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Measure-KwhUsage with field options and -TimeZone on real hourly grid load (realdata/energy/AEP_hourly-2016-03-and-11.csv:
/// columns Datetime and AEP_MW, US Eastern local time without a zone, every hour of March and November 2016). The
/// spring-forward day has a row at 2016-03-13 02:00:00, a time that does not exist there (file line 1155), and the
/// fall-back day has 02:00:00 twice. The expected daily sums are made here from the file's text, grouped by its dates.
/// </summary>
public sealed class KwhDaylightSavingTests : IDisposable
{
    private const string Command =
        "Measure-KwhUsage -Path $args[0] -TimestampField Datetime -KwhField AEP_MW -TimeZone America/New_York -Interval $args[1]";

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Load => Path.Combine(RepoPaths.RealData, "energy", "AEP_hourly-2016-03-and-11.csv");

    private static DateTimeOffset Period(PSObject u) => Assert.IsType<DateTimeOffset>(u.Prop("Period"));

    [Fact]
    public void DailySums_InNewYorkDays_MatchTheFilesRowsGroupedByDate()
    {
        // Every row but the one in the spring-forward gap, summed per local date as written.
        var rows = File.ReadAllLines(Load).Skip(1).Where(line => line.Length > 0).Select(line => line.Split(','))
            .Where(cells => cells[0] != "2016-03-13 02:00:00").ToList();
        var expected = rows.GroupBy(cells => cells[0][..10])
            .ToDictionary(day => day.Key, day => (Sum: day.Sum(c => double.Parse(c[1], CultureInfo.InvariantCulture)), Count: day.Count()));

        RunResult result = _host.Run(Command, Load, "Day");

        Assert.Null(result.Terminating);
        ErrorRecord gap = Assert.Single(result.Errors);
        Assert.Equal("InvalidTimestamp", gap.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(1155L, PSObject.AsPSObject(gap.TargetObject).Prop<long>("Line"));

        var days = result.Output.ToList();
        Assert.Equal(new DateTime(2016, 3, 1), Period(days[0]).DateTime);
        Assert.Equal(new DateTime(2016, 11, 30), Period(days[^1]).DateTime);
        Assert.Equal(275, days.Count);   // 1 March to 30 November, the months between filled with 0
        Assert.Equal(61, expected.Count);
        foreach (PSObject day in days)
        {
            string date = Period(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.Equal(TimeSpan.Zero, Period(day).TimeOfDay);
            (double sum, int count) = expected.TryGetValue(date, out var figures) ? figures : (0, 0);
            Assert.True(Math.Abs(sum - day.Prop<double>("Kwh")) < 1e-6, $"{date}: expected {sum}, got {day.Prop("Kwh")}");
            Assert.Equal((long)count, day.Prop<long>("Readings"));
        }

        Assert.Equal(22, expected["2016-03-13"].Count);   // 23 hours; the file skips 03:00 and writes the gap's 02:00
        Assert.Equal(25, expected["2016-11-06"].Count);
    }

    [Fact]
    public void HourlyRows_The23HourAnd25HourDays_CarryTheirLocalOffsets()
    {
        var hours = _host.Run(Command, Load, "Hour").Output;

        var spring = hours.Where(h => Period(h).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == "2016-03-13").ToList();
        var autumn = hours.Where(h => Period(h).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == "2016-11-06").ToList();

        Assert.Equal(23, spring.Count);
        Assert.Equal(25, autumn.Count);
        Assert.Equal(TimeSpan.FromHours(-5), Period(spring[0]).Offset);
        Assert.Equal(TimeSpan.FromHours(-4), Period(spring[^1]).Offset);
        Assert.Equal(TimeSpan.FromHours(-4), Period(autumn[0]).Offset);
        Assert.Equal(TimeSpan.FromHours(-5), Period(autumn[^1]).Offset);
        // The ambiguous 02:00 is read as standard time both times: two readings in that hour.
        PSObject twice = Assert.Single(autumn, h => Period(h) == new DateTimeOffset(2016, 11, 6, 2, 0, 0, TimeSpan.FromHours(-5)));
        Assert.Equal(2L, twice.Prop<long>("Readings"));
        Assert.Equal(10964d + 11008d, twice.Prop<double>("Kwh"));
    }
}
