using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// The three ways into Measure-UserEvent, Measure-EventRecord and Group-EventByHour: EventRecord objects,
/// any object bound by property name (the names and their aliases), and -Path / -LiteralPath (the fast path).
/// </summary>
public sealed class AggregatorInputTests : IDisposable
{
    // Six events, written once with the canonical property names and once with the aliases.
    private const string Canonical = """
        $events = @(
            [pscustomobject]@{ User = 'ann'; Event = 'login';  Status = 'success'; Timestamp = '2024-06-01T08:10:00Z' }
            [pscustomobject]@{ User = 'ann'; Event = 'login';  Status = 'fail';    Timestamp = '2024-06-01 08:50:00' }
            [pscustomobject]@{ User = 'ann'; Event = 'upload'; Status = 'ok';      Timestamp = [datetime]::new(2024, 6, 1, 9, 5, 0, [DateTimeKind]::Utc) }
            [pscustomobject]@{ User = 'ben'; Event = 'login';  Status = 'error';   Timestamp = [datetimeoffset]::new(2024, 6, 1, 11, 30, 0, [timespan]::FromHours(2)) }
            [pscustomobject]@{ User = 'ben'; Event = 'view';   Status = '';        Timestamp = 1717236000 }
            [pscustomobject]@{ User = 'cat'; Event = 'view';   Status = 'true';    Timestamp = $null }
        )
        """;

    private const string Aliased = """
        $events = @(
            [pscustomobject]@{ user_id = 'ann'; event_type = 'login';  result = 'success'; event_time = '2024-06-01T08:10:00Z' }
            [pscustomobject]@{ userId = 'ann';  eventType = 'login';   outcome = 'fail';   time = '2024-06-01 08:50:00' }
            [pscustomobject]@{ username = 'ann'; type = 'upload';      result = 'ok';      '@timestamp' = [datetime]::new(2024, 6, 1, 9, 5, 0, [DateTimeKind]::Utc) }
            [pscustomobject]@{ user_id = 'ben'; event_type = 'login';  result = 'error';   event_time = [datetimeoffset]::new(2024, 6, 1, 11, 30, 0, [timespan]::FromHours(2)) }
            [pscustomobject]@{ user_id = 'ben'; event_type = 'view';   result = '';        event_time = 1717236000 }
            [pscustomobject]@{ user_id = 'cat'; event_type = 'view';   result = 'true' }
        )
        """;

    private static readonly string[] ExpectedUsers = { "ann 3 2 1 login;upload", "ben 2 0 1 login;view", "cat 1 1 0 view" };

    // 08:10 S, 08:50 F -> 08:00; 09:05 S -> 09:00; 11:30+02:00 = 09:30Z F -> 09:00; epoch 1717236000 = 10:00Z -> 10:00.
    private static readonly string[] ExpectedHours =
    {
        "2024-06-01T08:00:00Z 2 1 1",
        "2024-06-01T09:00:00Z 2 1 1",
        "2024-06-01T10:00:00Z 1 0 0",
    };

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    public static TheoryData<string> Shapes => new() { "canonical", "aliased" };

    private static string Events(string shape) => shape == "canonical" ? Canonical : Aliased;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CustomObjects_IntoMeasureUserEvent(string shape)
    {
        var output = _host.RunClean(Events(shape) + "\n$events | Measure-UserEvent");

        Assert.Equal(ExpectedUsers, output.Select(Render.Summary));
        Assert.Equal(new[] { 1.0 / 3, 0.5, 0.0 }, output.Select(s => s.Prop<double>("FailureRate")));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CustomObjects_IntoMeasureEventRecord(string shape)
    {
        PSObject stats = Assert.Single(_host.RunClean(Events(shape) + "\n$events | Measure-EventRecord"));

        Assert.Equal("Aggregator.EventStatistics", stats.TypeName());
        Assert.Equal(3L, stats.Prop<long>("Users"));
        Assert.Equal(6L, stats.Prop<long>("TotalEvents"));
        Assert.Equal(3L, stats.Prop<long>("Success"));
        Assert.Equal(2L, stats.Prop<long>("Fail"));
        Assert.Equal(2.0 / 6, stats.Prop<double>("FailureRate"));
        Assert.Equal(new[] { "login", "upload", "view" }, stats.Strings("EventTypes"));
        Assert.Equal(new DateTime(2024, 6, 1, 8, 10, 0, DateTimeKind.Utc), stats.Prop("FirstTimestamp"));
        Assert.Equal(new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc), stats.Prop("LastTimestamp"));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CustomObjects_IntoGroupEventByHour(string shape)
    {
        RunResult result = _host.Run(Events(shape) + "\n$events | Group-EventByHour -Verbose");

        Assert.Empty(result.Errors);
        Assert.Equal(ExpectedHours, result.Output.Select(Render.Bucket));
        Assert.Contains("1 record(s) without a timestamp were left out.", result.Verbose);
    }

    [Fact]
    public void CustomObjects_NumericUserId_BecomesText()
    {
        var output = _host.RunClean("[pscustomobject]@{ user_id = 12; event_type = 'view'; result = 'ok' } | Measure-UserEvent");

        Assert.Equal("12 1 1 0 view", Render.Summary(Assert.Single(output)));
        Assert.IsType<string>(output[0].Prop("User"));
    }

    [Fact]
    public void CustomObjects_APropertyMissingFromTheNextObject_IsNotCarriedOver()
    {
        var output = _host.RunClean("""
            [pscustomobject]@{ User = 'a'; Event = 'x'; Status = 'fail'; Timestamp = '2024-06-01T10:00:00Z' },
            [pscustomobject]@{ User = 'b'; Event = 'y' } | Measure-UserEvent
            """);

        Assert.Equal(new[] { "a 1 0 1 x", "b 1 0 0 y" }, output.Select(Render.Summary));
    }

    [Fact]
    public void CustomObjects_BadOnes_AreSkippedWithErrors_AndTheRestCounted()
    {
        RunResult result = _host.Run("""
            [pscustomobject]@{ Event = 'x'; Status = 'ok' },
            [pscustomobject]@{ User = 'u'; Event = 'x'; Status = 'meh' },
            [pscustomobject]@{ User = 'u'; Event = 'x'; Timestamp = 'yesterday' },
            [pscustomobject]@{ User = 'u'; Event = 'x'; Status = 'ok' } | Measure-UserEvent -ErrorVariable bad -ErrorAction SilentlyContinue
            $bad | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.FullyQualifiedErrorId.Split(',')[0], $_.TargetObject.Source, $_.TargetObject.Line, $_.TargetObject.Reason }
            """);

        Assert.Null(result.Terminating);
        Assert.Equal("u 1 1 0 x", Render.Summary(result.Output[0]));
        Assert.Equal(new[]
        {
            "MissingField|(pipeline)|1|MissingField",
            "UnknownStatus|(pipeline)|2|UnknownStatus",
            "InvalidTimestamp|(pipeline)|3|InvalidTimestamp",
        }, result.Output.Skip(1).Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void EventRecords_FromImport_IntoEachAggregator()
    {
        var output = _host.RunClean("""
            $records = Import-EventRecord $args[0] -ErrorAction SilentlyContinue
            $records | Measure-UserEvent
            $records | Measure-EventRecord
            $records | Group-EventByHour
            """, RepoPaths.EventsJson);

        var users = output.Where(o => o.TypeName() == "Aggregator.UserEventSummary").Select(Render.Summary);
        Assert.Equal(new[]
        {
            "alice 4 3 1 login;logout;purchase;view",
            "bob 4 2 2 login;view",
            "carol 3 1 2 download;upload",
            "dave 2 2 0 login;view",
            "erin 1 1 0 login",
        }, users);

        PSObject stats = Assert.Single(output, o => o.TypeName() == "Aggregator.EventStatistics");
        Assert.Equal((5L, 14L, 9L, 5L), (stats.Prop<long>("Users"), stats.Prop<long>("TotalEvents"), stats.Prop<long>("Success"), stats.Prop<long>("Fail")));
        Assert.Equal(new[] { "download", "login", "logout", "purchase", "upload", "view" }, stats.Strings("EventTypes"));
        Assert.Equal(new DateTime(2024, 6, 1, 8, 5, 12, DateTimeKind.Utc), stats.Prop("FirstTimestamp"));
        Assert.Equal(new DateTime(2024, 6, 1, 11, 45, 0, DateTimeKind.Utc), stats.Prop("LastTimestamp"));

        Assert.Equal(new[]
        {
            "2024-06-01T08:00:00Z 5 3 2",
            "2024-06-01T09:00:00Z 3 2 1",
            "2024-06-01T10:00:00Z 3 1 2",
            "2024-06-01T11:00:00Z 2 2 0",
        }, output.Where(o => o.TypeName() == "Aggregator.EventTimeBucket").Select(Render.Bucket));
    }

    [Fact]
    public void EventRecords_RoundTripThroughCustomObjects_GiveTheSameSummaries()
    {
        var output = _host.RunClean("""
            $records = Import-EventRecord $args[0] -ErrorAction SilentlyContinue
            $direct = @($records | Measure-UserEvent)
            $copies = @($records | ForEach-Object { [pscustomobject]@{ User = $_.User; Event = $_.Event; Status = $_.Status; Timestamp = $_.Timestamp } } | Measure-UserEvent)
            $direct.Count
            $direct
            $copies
            """, RepoPaths.EventsJson);

        int count = (int)output[0].BaseObject;
        Assert.Equal(5, count);
        Assert.Equal(output.Skip(1).Take(count).Select(Render.All), output.Skip(1 + count).Select(Render.All));
    }

    public static TheoryData<string, string> FastPathCases => new()
    {
        { "Measure-UserEvent", "" },
        { "Measure-EventRecord", "" },
        { "Group-EventByHour", "" },
        { "Group-EventByHour", "-Interval 00:05:00 -By Event" },
        { "Group-EventByHour", "-Interval 1.00:00:00 -By Status" },
        { "Group-EventByHour", "-By User" },
    };

    [Theory]
    [MemberData(nameof(FastPathCases))]
    public void FastPath_PathAndLiteralPath_GiveTheSameResultAsThePipeline(string cmdlet, string options)
    {
        File.Copy(RepoPaths.EventsJson, Path.Combine(_host.TempDir, "events.json"));
        File.Copy(RepoPaths.EventsExtraJson, Path.Combine(_host.TempDir, "events-extra.json"));
        string pattern = Path.Combine(_host.TempDir, "*.json");

        var pipeline = _host.Run($"Import-EventRecord -Path $args[0] -ErrorAction SilentlyContinue | {cmdlet} {options}", pattern);
        var path = _host.Run($"{cmdlet} -Path $args[0] {options} -ErrorAction SilentlyContinue", pattern);
        var literal = _host.Run($"{cmdlet} -LiteralPath $args[0], $args[1] {options} -ErrorAction SilentlyContinue",
            Path.Combine(_host.TempDir, "events-extra.json"), Path.Combine(_host.TempDir, "events.json"));

        Assert.NotEmpty(pipeline.Output);
        var expected = pipeline.Output.Select(Render.All).ToList();
        Assert.Equal(expected, path.Output.Select(Render.All));
        Assert.Equal(expected, literal.Output.Select(Render.All));
    }

    [Fact]
    public void FastPath_SkipsTheSameRecordsAsImport()
    {
        var output = _host.RunClean("""
            $null = Import-EventRecord $args[0] -ErrorVariable viaImport -ErrorAction SilentlyContinue
            $null = Measure-UserEvent -Path $args[0] -ErrorVariable viaPath -ErrorAction SilentlyContinue
            ($viaImport | ForEach-Object { "$($_.TargetObject.Line):$($_.TargetObject.Reason)" }) -join ','
            ($viaPath | ForEach-Object { "$($_.TargetObject.Line):$($_.TargetObject.Reason)" }) -join ','
            """, RepoPaths.EventsJson);

        Assert.Equal("16:MissingField,17:InvalidTimestamp,18:UnknownStatus", output[0].BaseObject);
        Assert.Equal(output[0].BaseObject, output[1].BaseObject);
    }

    [Fact]
    public void NoInput_MeasureEventRecordWritesZeros_AndTheOthersWriteNothing()
    {
        var output = _host.RunClean("""
            @() | Measure-UserEvent
            'split'
            @() | Group-EventByHour
            'split'
            @() | Measure-EventRecord
            """);

        Assert.Equal("split", output[0].BaseObject);
        Assert.Equal("split", output[1].BaseObject);
        PSObject stats = Assert.Single(output.Skip(2));
        Assert.Equal((0L, 0L, 0.0), (stats.Prop<long>("Users"), stats.Prop<long>("TotalEvents"), stats.Prop<double>("FailureRate")));
        Assert.Null(stats.Prop("FirstTimestamp"));
    }
}
