using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>Group-EventByHour: hourly buckets in UTC, -Interval and -By.</summary>
public sealed class GroupEventByHourTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Hourly_Sample_BucketsSortedByStart_InUtc_AndRecordsWithoutTimeLeftOut()
    {
        RunResult result = _host.Run("Group-EventByHour -Path $args[0] -Verbose -ErrorAction SilentlyContinue", RepoPaths.EventsJson);

        Assert.All(result.Output, b => Assert.Equal("Aggregator.EventTimeBucket", b.TypeName()));
        Assert.All(result.Output, b => Assert.Equal(DateTimeKind.Utc, ((DateTime)b.Prop("Start")!).Kind));
        Assert.All(result.Output, b => Assert.Null(b.Properties["Key"]));
        Assert.Equal(new[]
        {
            "2024-06-01T08:00:00Z 5 3 2",
            "2024-06-01T09:00:00Z 3 2 1",
            "2024-06-01T10:00:00Z 3 1 2",
            "2024-06-01T11:00:00Z 2 2 0",
        }, result.Output.Select(Render.Bucket));
        Assert.Contains("1 record(s) without a timestamp were left out.", result.Verbose);
    }

    [Fact]
    public void Hourly_OffsetsAreConvertedToUtc()
    {
        // events-extra.json: gina 12:10Z, gina 12:20+02:00 (10:20Z), hank epoch 1717245000 (12:30Z), 12 at 13:00:00.250Z.
        var output = _host.RunClean("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Group-EventByHour", RepoPaths.EventsExtraJson);

        Assert.Equal(new[]
        {
            "2024-06-01T10:00:00Z 1 0 1",
            "2024-06-01T12:00:00Z 2 1 1",
            "2024-06-01T13:00:00Z 1 1 0",
        }, output.Select(Render.Bucket));
    }

    [Fact]
    public void Interval_FiveMinutes_ByEvent()
    {
        var output = _host.RunClean("Group-EventByHour -Path $args[0] -Interval 00:05:00 -By Event -ErrorAction SilentlyContinue", RepoPaths.EventsJson);

        Assert.All(output, b => Assert.Equal("Aggregator.KeyedEventTimeBucket", b.TypeName()));
        Assert.Equal(new[]
        {
            "2024-06-01T08:05:00Z login 1 1 0",     // alice 08:05:12
            "2024-06-01T08:15:00Z view 1 1 0",      // alice 08:17:40
            "2024-06-01T08:20:00Z login 3 1 2",     // bob 08:21:03 F, 08:21:30 F, 08:22:01 S
            "2024-06-01T09:00:00Z upload 1 1 0",
            "2024-06-01T09:15:00Z purchase 1 0 1",
            "2024-06-01T09:40:00Z login 1 1 0",
            "2024-06-01T10:00:00Z download 2 0 2",
            "2024-06-01T10:30:00Z login 1 1 0",
            "2024-06-01T11:10:00Z view 1 1 0",
            "2024-06-01T11:45:00Z logout 1 1 0",
        }, output.Select(Render.Bucket));
    }

    [Fact]
    public void By_User_SplitsEachHour_SortedByKey()
    {
        var output = _host.RunClean("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Group-EventByHour -By User", RepoPaths.EventsJson);

        Assert.Equal(new[]
        {
            "2024-06-01T08:00:00Z alice 2 2 0",
            "2024-06-01T08:00:00Z bob 3 1 2",
            "2024-06-01T09:00:00Z alice 1 0 1",
            "2024-06-01T09:00:00Z carol 1 1 0",
            "2024-06-01T09:00:00Z dave 1 1 0",
            "2024-06-01T10:00:00Z carol 2 0 2",
            "2024-06-01T10:00:00Z erin 1 1 0",
            "2024-06-01T11:00:00Z alice 1 1 0",
            "2024-06-01T11:00:00Z bob 1 1 0",
        }, output.Select(Render.Bucket));
    }

    [Fact]
    public void Interval_OneDay_ByStatus()
    {
        var output = _host.RunClean("""
            [pscustomobject]@{ User = 'a'; Event = 'x'; Status = 'ok';   Timestamp = '2024-06-01T23:59:59Z' },
            [pscustomobject]@{ User = 'a'; Event = 'x'; Status = 'fail'; Timestamp = '2024-06-02T00:00:00Z' },
            [pscustomobject]@{ User = 'b'; Event = 'x';                  Timestamp = '2024-06-02T13:00:00Z' },
            [pscustomobject]@{ User = 'b'; Event = 'x'; Status = 'fail'; Timestamp = '2024-06-02T01:00:00+03:00' } |
                Group-EventByHour -Interval 1.00:00:00 -By Status
            """);

        // The last one is 2024-06-01T22:00Z. A record without a status is keyed None.
        Assert.Equal(new[]
        {
            "2024-06-01T00:00:00Z Fail 1 0 1",
            "2024-06-01T00:00:00Z Success 1 1 0",
            "2024-06-02T00:00:00Z Fail 1 0 1",
            "2024-06-02T00:00:00Z None 1 0 0",
        }, output.Select(Render.Bucket));
    }

    [Fact]
    public void Interval_MustBePositive_AndBy_MustBeAKnownKey()
    {
        // A parameter binding error ends the command (not the script), so it arrives on the error stream.
        RunResult zero = _host.Run("Group-EventByHour -Path $args[0] -Interval 00:00:00", RepoPaths.EventsJson);
        Assert.Empty(zero.Output);
        ErrorRecord zeroError = Assert.Single(zero.Errors);
        Assert.StartsWith("ParameterArgumentValidationError,", zeroError.FullyQualifiedErrorId);
        Assert.Contains("longer than zero", zeroError.Exception.Message);

        RunResult badKey = _host.Run("Group-EventByHour -Path $args[0] -By Hour", RepoPaths.EventsJson);
        Assert.Empty(badKey.Output);
        Assert.StartsWith("ParameterArgumentValidationError,", Assert.Single(badKey.Errors).FullyQualifiedErrorId);

        RunResult negative = _host.Run("Group-EventByHour -Path $args[0] -Interval -00:05:00", RepoPaths.EventsJson);
        Assert.Empty(negative.Output);
        Assert.StartsWith("ParameterArgumentValidationError,", Assert.Single(negative.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Interval_LongerThanTenYears_IsAParameterValidationError_NotATicksException()
    {
        RunResult huge = _host.Run("Group-EventByHour -Path $args[0] -Interval 3650000.00:00:00", RepoPaths.EventsJson);

        Assert.Null(huge.Terminating);
        Assert.Empty(huge.Output);
        ErrorRecord error = Assert.Single(huge.Errors);
        Assert.StartsWith("ParameterArgumentValidationError,", error.FullyQualifiedErrorId);
        Assert.Contains("at most 3653.00:00:00", error.Exception.Message);
        Assert.DoesNotContain("Ticks", error.Exception.Message);
    }

    [Fact]
    public void WeekBuckets_ForEventsAtTheStartAndEndOfTheCalendar_StartInRange()
    {
        string file = _host.WriteFile("edges.csv",
            "user,event,status,timestamp\na,login,success,0001-01-01T00:00:00Z\nb,login,fail,9999-12-31T23:59:59Z\n");

        var output = _host.RunClean("Group-EventByHour -LiteralPath $args[0] -Interval 7.00:00:00", file);

        Assert.Equal(new[] { "0001-01-01T00:00:00Z 1 1 0", "9999-12-30T00:00:00Z 1 0 1" }, output.Select(Render.Bucket));
    }
}
