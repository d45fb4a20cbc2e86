using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Get-EventSession and Import-EventRecord -Unique / -UniqueBy, starting with the Event Sessions Builder example in
/// samples/sessions.jsonl: five lines; line 3 repeats line 2 exactly (user 1, view, 10:05); line 4 has the timestamp
/// "invalid-timestamp". With -Unique: sessions 1 10:00-10:05 (2 events) and 2 10:10-10:10 (1 event);
/// statistics Total 5, Valid 4, Skipped 1, DuplicatesRemoved 1, UniqueUsers 2.
/// </summary>
public sealed class EventSessionTests : IDisposable
{
    private readonly ModuleHost _host = new();

    private static string SessionsJsonl => Path.Combine(RepoPaths.Samples, "sessions.jsonl");

    public void Dispose() => _host.Dispose();

    /// <summary>"1 10:00:00-10:05:00 2 00:05:00" (times in UTC).</summary>
    private static string Session(PSObject s) =>
        $"{s.Prop("User")} {((DateTime)s.Prop("SessionStart")!).ToUniversalTime():HH:mm:ss}-{((DateTime)s.Prop("SessionEnd")!).ToUniversalTime():HH:mm:ss} " +
        $"{s.Prop("EventCount")} {s.Prop("Duration")}";

    private IReadOnlyList<ErrorRecord> Bad() =>
        ((System.Collections.IEnumerable)_host.GetVariable("bad")!.BaseObject).Cast<object>()
            .Select(o => o is PSObject p ? (ErrorRecord)p.BaseObject : (ErrorRecord)o).ToList();

    [Fact]
    public void SeedExample_UniqueImportIntoGetEventSession()
    {
        RunResult result = _host.Run(
            "Import-EventRecord $args[0] -Unique -ErrorVariable bad -StatisticsVariable st | Get-EventSession", SessionsJsonl);

        Assert.Null(result.Terminating);
        Assert.All(result.Output, s => Assert.Equal("Aggregator.EventSession", s.TypeName()));
        Assert.Equal(new[] { "1 10:00:00-10:05:00 2 00:05:00", "2 10:10:00-10:10:00 1 00:00:00" }, result.Output.Select(Session));
        var first = result.Output[0];
        Assert.Equal(new DateTime(2024, 7, 10, 10, 0, 0, DateTimeKind.Utc), first.Prop("SessionStart"));
        Assert.Equal(DateTimeKind.Utc, ((DateTime)first.Prop("SessionStart")!).Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), first.Prop("Duration"));
        Assert.Equal(2L, first.Prop("EventCount"));

        // The one skipped record is an error (also on the error stream), targeting a SkippedRecord.
        ErrorRecord error = Assert.Single(Bad());
        Assert.Single(result.Errors);
        Assert.StartsWith("InvalidTimestamp", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        var target = PSObject.AsPSObject(error.TargetObject);
        Assert.Equal("Aggregator.SkippedRecord", target.TypeName());
        Assert.Equal("InvalidTimestamp", target.Prop("Reason")!.ToString());
        Assert.Equal(4L, target.Prop<long>("Line"));
        Assert.Equal(SessionsJsonl, target.Prop("Source"));
        Assert.Equal("2", target.Prop("User"));
        Assert.Equal("click", target.Prop("Event"));
        Assert.Equal("invalid-timestamp", target.Prop("Timestamp"));
        Assert.Equal("""{"user_id": 2, "event_time": "invalid-timestamp", "event_type": "click"}""", target.Prop("Raw"));

        PSObject st = _host.GetVariable("st")!;
        Assert.Equal("Aggregator.ImportStatistics", st.TypeName());
        Assert.Equal(1, st.Prop<int>("Files"));
        Assert.Equal(5L, st.Prop<long>("TotalRecords"));
        Assert.Equal(4L, st.Prop<long>("ValidRecords"));
        Assert.Equal(1L, st.Prop<long>("SkippedRecords"));
        Assert.Equal(1L, st.Prop<long>("DuplicatesRemoved"));
        Assert.Equal(2L, st.Prop<long>("UniqueUsers"));
    }

    [Fact]
    public void SeedExample_Unique_EmitsTheFirstOfEachDuplicate_InOrder()
    {
        var output = _host.Run("Import-EventRecord $args[0] -Unique -ErrorAction SilentlyContinue -Verbose", SessionsJsonl);

        Assert.Equal(new[] { "1 login 1", "1 view 2", "2 purchase 5" },
            output.Output.Select(r => $"{r.Prop("User")} {r.Prop("Event")} {r.Prop("Line")}"));
        Assert.Contains(output.Verbose, v => v.Contains("1 exact duplicate(s) removed", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutUnique_DuplicatesStay_AndDuplicatesRemovedIsZero()
    {
        var output = _host.Run("Import-EventRecord $args[0] -ErrorAction SilentlyContinue -StatisticsVariable st | Get-EventSession", SessionsJsonl);

        Assert.Equal(new[] { "1 10:00:00-10:05:00 3 00:05:00", "2 10:10:00-10:10:00 1 00:00:00" }, output.Output.Select(Session));
        PSObject st = _host.GetVariable("st")!;
        Assert.Equal(0L, st.Prop<long>("DuplicatesRemoved"));
        Assert.Equal(4L, st.Prop<long>("ValidRecords"));
    }

    [Fact]
    public void Path_WithIdleTimeout_SplitsOnlyOnLongerGaps()
    {
        // Reading the file directly keeps the duplicate: user 1 has 10:00, 10:05, 10:05.
        RunResult split = _host.Run("Get-EventSession -Path $args[0] -IdleTimeout 00:04:59 -ErrorVariable bad -StatisticsVariable st", SessionsJsonl);
        RunResult equal = _host.Run("Get-EventSession -Path $args[0] -IdleTimeout 00:05:00 -ErrorAction SilentlyContinue", SessionsJsonl);

        Assert.Null(split.Terminating);
        Assert.Equal(new[] { "1 10:00:00-10:00:00 1 00:00:00", "1 10:05:00-10:05:00 2 00:00:00", "2 10:10:00-10:10:00 1 00:00:00" },
            split.Output.Select(Session));
        Assert.Equal(new[] { "1 10:00:00-10:05:00 3 00:05:00", "2 10:10:00-10:10:00 1 00:00:00" }, equal.Output.Select(Session));
        ErrorRecord error = Assert.Single(Bad());
        Assert.StartsWith("InvalidTimestamp", error.FullyQualifiedErrorId);
        PSObject st = _host.GetVariable("st")!;
        Assert.Equal("5 4 1 0 2", $"{st.Prop("TotalRecords")} {st.Prop("ValidRecords")} {st.Prop("SkippedRecords")} {st.Prop("DuplicatesRemoved")} {st.Prop("UniqueUsers")}");
    }

    [Fact]
    public void Path_WithMaxDuration_AndIdleTimeout()
    {
        string file = _host.WriteFile("long.jsonl", """
            {"user": "a", "event": "x", "timestamp": "2024-07-10T10:00:00Z"}
            {"user": "a", "event": "x", "timestamp": "2024-07-10T10:10:00Z"}
            {"user": "a", "event": "x", "timestamp": "2024-07-10T10:20:00Z"}
            {"user": "a", "event": "x", "timestamp": "2024-07-10T10:30:00Z"}
            {"user": "a", "event": "x", "timestamp": "2024-07-10T11:00:00Z"}
            {"user": "a", "event": "x"}
            """);

        RunResult result = _host.Run("Get-EventSession -LiteralPath $args[0] -IdleTimeout 00:15:00 -MaxDuration 00:25:00 -Verbose", file);

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "a 10:00:00-10:20:00 3 00:20:00", "a 10:30:00-10:30:00 1 00:00:00", "a 11:00:00-11:00:00 1 00:00:00" },
            result.Output.Select(Session));
        Assert.Contains(result.Verbose, v => v.StartsWith("1 record(s) without a timestamp", StringComparison.Ordinal));
    }

    [Fact]
    public void CustomObjects_BoundByPropertyName_WithTheSeedNames()
    {
        var output = _host.RunClean("""
            @(
                [pscustomobject]@{ user_id = 1; event_time = '2024-07-10T10:05:00Z'; event_type = 'view' }
                [pscustomobject]@{ user_id = 2; event_time = '2024-07-10T12:10:00+02:00'; event_type = 'purchase' }
                [pscustomobject]@{ user_id = 1; event_time = '2024-07-10T10:00:00Z'; event_type = 'login' }
                [pscustomobject]@{ user_id = 1; event_time = [datetime]::new(2024, 7, 10, 10, 40, 0, [DateTimeKind]::Utc); event_type = 'view' }
            ) | Get-EventSession -IdleTimeout 00:30:00
            """);

        Assert.Equal(new[] { "1 10:00:00-10:05:00 2 00:05:00", "1 10:40:00-10:40:00 1 00:00:00", "2 10:10:00-10:10:00 1 00:00:00" },
            output.Select(Session));
    }

    [Fact]
    public void CustomObjects_InvalidTimestamp_IsASkippedRecordError()
    {
        RunResult result = _host.Run("""
            @(
                [pscustomobject]@{ user_id = 2; event_time = 'invalid-timestamp'; event_type = 'click' }
                [pscustomobject]@{ user_id = 2; event_time = '2024-07-10T10:10:00Z'; event_type = 'purchase' }
            ) | Get-EventSession -ErrorVariable bad
            """);

        Assert.Equal(new[] { "2 10:10:00-10:10:00 1 00:00:00" }, result.Output.Select(Session));
        ErrorRecord error = Assert.Single(Bad());
        Assert.StartsWith("InvalidTimestamp", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void UniqueBy_UserAndEvent_IgnoresTimeAndStatus()
    {
        string file = _host.WriteFile("dups.jsonl", """
            {"user": "a", "event": "login", "status": "success", "timestamp": "2024-07-10T10:00:00Z"}
            {"user": "a", "event": "view", "timestamp": "2024-07-10T10:01:00Z"}
            {"user": "a", "event": "view", "status": "fail", "timestamp": "2024-07-10T10:02:00Z"}
            {"user": "b", "event": "view", "timestamp": "2024-07-10T10:02:00Z"}
            {"user": "a", "event": "login", "status": "fail", "timestamp": "2024-07-10T11:00:00Z"}
            """);

        var records = _host.RunClean("Import-EventRecord $args[0] -UniqueBy User,Event -StatisticsVariable st", file);
        var sessions = _host.RunClean("Import-EventRecord $args[0] -UniqueBy User,Event | Get-EventSession", file);
        var byDefault = _host.RunClean("Import-EventRecord $args[0] -Unique", file);

        Assert.Equal(new[] { "a login 1", "a view 2", "b view 4" }, records.Select(r => $"{r.Prop("User")} {r.Prop("Event")} {r.Prop("Line")}"));
        Assert.Equal(2L, _host.GetVariable("st")!.Prop<long>("DuplicatesRemoved"));
        Assert.Equal(5L, _host.GetVariable("st")!.Prop<long>("ValidRecords"));
        Assert.Equal(new[] { "a 10:00:00-10:01:00 2 00:01:00", "b 10:02:00-10:02:00 1 00:00:00" }, sessions.Select(Session));
        Assert.Equal(5, byDefault.Count);   // no two records share user, time and event
    }

    [Fact]
    public void UniqueBy_WithStatus_KeepsRecordsThatDifferOnlyInStatus()
    {
        string file = _host.WriteFile("status.jsonl", """
            {"user": "a", "event": "pay", "status": "success", "timestamp": "2024-07-10T10:00:00Z"}
            {"user": "a", "event": "pay", "status": "fail", "timestamp": "2024-07-10T10:00:00Z"}
            {"user": "a", "event": "pay", "status": "ok", "timestamp": "2024-07-10T10:00:00Z"}
            """);

        var withStatus = _host.RunClean("Import-EventRecord $args[0] -UniqueBy User,Timestamp,Event,Status", file);
        var without = _host.RunClean("Import-EventRecord $args[0] -Unique", file);

        Assert.Equal(new[] { 1L, 2L }, withStatus.Select(r => r.Prop<long>("Line")));
        Assert.Equal(new[] { 1L }, without.Select(r => r.Prop<long>("Line")));
    }

    [Fact]
    public void UniqueBy_UnknownField_IsRejected()
    {
        RunResult result = _host.Run("Import-EventRecord $args[0] -UniqueBy User,Source", SessionsJsonl);

        // A statement-terminating error: the script goes on, the error lands on the error stream.
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("-IdleTimeout 0")]
    [InlineData("-MaxDuration -00:01:00")]
    public void NonPositiveLimit_IsAStatementTerminatingError(string arguments)
    {
        RunResult result = _host.Run($"Get-EventSession -Path $args[0] {arguments}", SessionsJsonl);

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.StartsWith("InvalidSessionLimit", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Path_ManyUsers_LastOneWithoutTimestamp_DoesNotFail()
    {
        // The reader interns every user; user 257 only has a record without a timestamp.
        var lines = Enumerable.Range(0, 256)
            .Select(i => $$"""{"user": "u{{i:D3}}", "event": "e", "timestamp": "2024-07-10T10:00:00Z"}""")
            .Append("""{"user": "late", "event": "e"}""");
        string file = _host.WriteFile("many.jsonl", string.Join("\n", lines) + "\n");

        RunResult result = _host.Run("Get-EventSession -Path $args[0]", file);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(256, result.Output.Count);
    }

    [Fact]
    public void OutputType_IsEventSession()
    {
        var output = _host.RunClean("(Get-Command Get-EventSession).OutputType.Name");

        Assert.Equal(new[] { "Aggregator.EventSession" }, output.Select(o => o.ToString()));
    }

    [Fact]
    public void TheLongestTimeSpans_AreHarmlessLimits()
    {
        // -IdleTimeout and -MaxDuration are only compared with gaps between events, never added to a date: the
        // largest TimeSpan means "no limit", so no upper bound is needed.
        string file = _host.WriteFile("edges.csv",
            "user,event,status,timestamp\na,login,success,0001-01-01T00:00:00Z\na,login,success,9999-12-31T23:59:59Z\n");

        var sessions = _host.RunClean("Get-EventSession -LiteralPath $args[0] -IdleTimeout ([timespan]::MaxValue) -MaxDuration ([timespan]::MaxValue)", file);

        Assert.Equal(2L, Assert.Single(sessions).Prop<long>("EventCount"));
    }
}
