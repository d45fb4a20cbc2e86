using System.Globalization;
using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// -TimestampFormat and -Culture: a file gives the same timestamps whatever the machine's culture, on one worker or
/// several, and day-first text is read day-first only when the user says so.
/// </summary>
public sealed class TimestampCultureTests : IDisposable
{
    // 1 June and 13 June month-first; day-first the first is 6 January and the second is no date.
    private const string MonthOrDayFirstCsv = "user,event,status,timestamp\na,login,success,06/01/2024 08:05:12\nb,login,success,06/13/2024 08:05:12\n";

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Utc(PSObject record) =>
        ((DateTime)record.Prop("Timestamp")!).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    private string[] Import(string machineCulture, string options, params string[] files)
    {
        RunResult result = _host.Run($$"""
            [System.Globalization.CultureInfo]::CurrentCulture = [System.Globalization.CultureInfo]::new($args[0])
            Import-EventRecord -LiteralPath $args[1] {{options}} -ErrorAction SilentlyContinue
            """, machineCulture, files);
        Assert.Null(result.Terminating);
        return result.Output.Select(Utc).Order(StringComparer.Ordinal).ToArray();
    }

    [Theory]
    [InlineData("")]
    [InlineData("-ThrottleLimit 2")]
    public void TheSameFile_GivesTheSameTimestamps_UnderEnGbAndEnUs(string options)
    {
        string first = _host.WriteFile("a.csv", MonthOrDayFirstCsv);
        string second = _host.WriteFile("b.csv", MonthOrDayFirstCsv);

        string[] british = Import("en-GB", options, first, second);
        string[] american = Import("en-US", options, first, second);

        string[] expected = { "2024-06-01T08:05:12", "2024-06-01T08:05:12", "2024-06-13T08:05:12", "2024-06-13T08:05:12" };
        Assert.Equal(expected, british);
        Assert.Equal(expected, american);
    }

    [Theory]
    [InlineData("-TimestampFormat 'dd/MM/yyyy HH:mm:ss'")]
    [InlineData("-Culture en-GB")]
    [InlineData("-Culture ([cultureinfo]'en-GB') -ThrottleLimit 2")]
    public void TimestampFormatOrCulture_ReadsDayFirst_AndReportsTheLineThatIsNoDate(string options)
    {
        string file = _host.WriteFile("dayfirst.csv", MonthOrDayFirstCsv);
        string other = _host.WriteFile("dayfirst2.csv", MonthOrDayFirstCsv);

        RunResult result = _host.Run($"Import-EventRecord -LiteralPath $args[0] {options} -StatisticsVariable stats", (object)new[] { file, other });

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "2024-01-06T08:05:12", "2024-01-06T08:05:12" }, result.Output.Select(Utc));
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("InvalidTimestamp", e.FullyQualifiedErrorId);
            Assert.Contains("line 3", e.Exception.Message);
        });
        PSObject stats = _host.GetVariable("stats")!;
        Assert.Equal(4L, stats.Prop<long>("TotalRecords"));
        Assert.Equal(2L, stats.Prop<long>("ValidRecords"));
        Assert.Equal(2L, stats.Prop<long>("SkippedRecords"));
    }

    [Fact]
    public void PipelineObjects_FollowTheCulture_Too()
    {
        var rows = _host.RunClean("""
            [pscustomobject]@{ Timestamp = '06/01/2024 08:05:12'; Kwh = 1.5; MeterId = 'm1' } |
                Measure-KwhUsage -Culture en-GB -Interval Day
            """);

        PSObject row = Assert.Single(rows);
        Assert.Equal(new DateTimeOffset(2024, 1, 6, 0, 0, 0, TimeSpan.Zero), row.Prop("Period"));
        Assert.Equal(1.5, row.Prop<double>("Kwh"));
    }

    [Fact]
    public void KwhFile_WithAnExactFormat_IsReadDayFirst()
    {
        string file = _host.WriteFile("kwh.csv", "timestamp,kwh,meter_id\n06.01.2024 08:05,1.25,m1\n");

        var rows = _host.RunClean("Measure-KwhUsage -LiteralPath $args[0] -TimestampFormat 'dd.MM.yyyy HH:mm' -Interval Day", file);

        Assert.Equal(new DateTimeOffset(2024, 1, 6, 0, 0, 0, TimeSpan.Zero), Assert.Single(rows).Prop("Period"));
    }

    [Fact]
    public void AFormatWithoutAWholeDate_IsATerminatingErrorBeforeAnyFileIsRead()
    {
        string file = _host.WriteFile("x.csv", MonthOrDayFirstCsv);

        RunResult result = _host.Run("Import-EventRecord -LiteralPath $args[0] -TimestampFormat 'HH:mm:ss'", file);

        ErrorRecord error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith("InvalidReadOption", error.FullyQualifiedErrorId);
        Assert.Contains("whole date", error.Exception.Message);
        Assert.Empty(result.Output);
    }
}
