namespace Aggregator.Core.Tests;

/// <summary>The run settings give the test process a local zone of +05:30; this checks that they took effect.</summary>
public class LocalZoneTests
{
    [Fact]
    public void TestsRunOutsideUtc()
    {
        if (OperatingSystem.IsWindows())
        {
            return;   // TZ is not honoured on Windows; the tests then run in the machine's own zone.
        }

        Assert.Equal(TimeSpan.FromMinutes(330), TimeZoneInfo.Local.GetUtcOffset(Utc.At(2024, 7, 10)));
    }
}
