using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>Tab completion, through the engine's own TabExpansion2, as a user pressing Tab would get it.</summary>
public sealed class TabCompletionTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private string[] Complete(string line) =>
        _host.RunClean("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", line)
            .Select(o => (string)o.BaseObject).ToArray();

    [Theory]
    [InlineData("Measure-KwhUsage -Path x.json -TimeZone Europe/Ber")]
    [InlineData("Import-EventRecord x.json -AssumeTimeZone europe/ber")]
    [InlineData("Measure-UserEvent -Path x.json -AssumeTimeZone Europe/Ber")]
    public void TimeZoneParameters_CompleteZoneIds(string line)
    {
        Assert.Contains("Europe/Berlin", Complete(line));
    }

    [Fact]
    public void TimeZone_CompletesUtc()
    {
        Assert.Contains("UTC", Complete("Measure-KwhUsage -Path x.json -TimeZone UT"));
    }

    [Theory]
    [InlineData("Group-EventByHour -Path x.json -Interval ", "00:05:00")]
    [InlineData("Group-EventByHour -Path x.json -Interval 1.", "1.00:00:00")]
    [InlineData("Get-EventSession -Path x.json -IdleTimeout 00:3", "00:30:00")]
    [InlineData("Get-EventSession -Path x.json -MaxDuration ", "04:00:00")]
    public void TimeSpanParameters_OfferCommonValues(string line, string expected)
    {
        string[] offered = Complete(line);

        Assert.Contains(expected, offered);
        Assert.All(offered, value => Assert.True(TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _), value));
    }

    [Fact]
    public void KwhInterval_CompletesItsValues()
    {
        Assert.Equal(new[] { "QuarterHour" }, Complete("Measure-KwhUsage -Path x.json -Interval Q"));
    }
}
