using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Import-EventRecord | Where-Object | Measure-UserEvent, run for real. The expected numbers come from reading
/// samples/events.json by hand: 17 records, of which line 16 has no user, line 17 the time 25:61:00 and line 18 the
/// status "pending"; the 14 valid ones are on lines 2-15, and dave's "view" (line 10) has no timestamp.
/// </summary>
public sealed class ImportPipelineTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Import_EmitsTheValidRecordsOfTheSample_InFileOrder()
    {
        RunResult result = _host.Run("Import-EventRecord -Path $args[0] -ErrorAction SilentlyContinue", RepoPaths.EventsJson);

        Assert.Null(result.Terminating);
        Assert.Equal(14, result.Output.Count);
        Assert.All(result.Output, r => Assert.Equal("Aggregator.EventRecord", r.TypeName()));
        Assert.Equal(Enumerable.Range(2, 14).Select(i => (long)i), result.Output.Select(r => r.Prop<long>("Line")));
        Assert.All(result.Output, r => Assert.Equal(RepoPaths.EventsJson, r.Prop("Source")));

        PSObject first = result.Output[0];
        Assert.Equal("alice", first.Prop("User"));
        Assert.Equal("login", first.Prop("Event"));
        Assert.Equal("Success", first.Prop("Status")!.ToString());
        var time = (DateTime)first.Prop("Timestamp")!;
        Assert.Equal(new DateTime(2024, 6, 1, 8, 5, 12, DateTimeKind.Utc), time);
        Assert.Equal(DateTimeKind.Utc, time.Kind);

        PSObject bobFail = result.Output[2];
        Assert.Equal(("bob", "Fail"), ((string)bobFail.Prop("User")!, bobFail.Prop("Status")!.ToString()!));

        PSObject daveView = result.Output[8];
        Assert.Equal(("dave", "view", 10L), ((string)daveView.Prop("User")!, (string)daveView.Prop("Event")!, daveView.Prop<long>("Line")));
        Assert.Null(daveView.Prop("Timestamp"));
    }

    [Fact]
    public void ImportMeasure_Sample_GivesThePerUserNumbers()
    {
        var output = _host.Run("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Measure-UserEvent", RepoPaths.EventsJson).Output;

        Assert.All(output, s => Assert.Equal("Aggregator.UserEventSummary", s.TypeName()));
        Assert.Equal(new[]
        {
            "alice 4 3 1 login;logout;purchase;view",
            "bob 4 2 2 login;view",
            "carol 3 1 2 download;upload",
            "dave 2 2 0 login;view",
            "erin 1 1 0 login",
        }, output.Select(Render.Summary));
        Assert.Equal(new[] { 0.25, 0.5, 2.0 / 3, 0.0, 0.0 }, output.Select(s => s.Prop<double>("FailureRate")));
    }

    [Fact]
    public void ImportWhereMeasure_OnlyLogins()
    {
        var output = _host.RunClean(
            "Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Where-Object Event -eq 'login' | Measure-UserEvent",
            RepoPaths.EventsJson);

        // carol never logs in; bob's three logins are two failures and a success.
        Assert.Equal(new[] { "alice 1 1 0 login", "bob 3 1 2 login", "dave 1 1 0 login", "erin 1 1 0 login" },
            output.Select(Render.Summary));
    }

    [Fact]
    public void ImportWhereMeasure_OnlyFailures_FilteredByTypedStatus()
    {
        var output = _host.RunClean(
            "Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Where-Object Status -eq ([Aggregator.EventStatus]::Fail) | Measure-UserEvent",
            RepoPaths.EventsJson);

        Assert.Equal(new[] { "alice 1 0 1 purchase", "bob 2 0 2 login", "carol 2 0 2 download" }, output.Select(Render.Summary));
        Assert.All(output, s => Assert.Equal(1.0, s.Prop<double>("FailureRate")));
    }

    [Fact]
    public void MeasureWhere_MinFailures_IsAFilterOnTheSummaries()
    {
        var output = _host.RunClean(
            "Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Measure-UserEvent | Where-Object Fail -ge 2",
            RepoPaths.EventsJson);

        Assert.Equal(new[] { "bob", "carol" }, output.Select(s => (string)s.Prop("User")!));
    }

    [Fact]
    public void ImportWhereMeasure_OwnJsonLinesFile_WithMixedFieldNamesAndStatusWords()
    {
        string file = _host.WriteFile("mixed.jsonl", """
            {"user_id": "u1", "event_type": "login", "result": "ok", "event_time": "2024-01-01T00:00:00Z"}
            {"user_id": "u1", "event_type": "login", "result": "error", "event_time": "2024-01-01 00:10:00"}
            {"userId": "u2", "eventType": "upload", "outcome": "FAILED", "time": 1704067200}
            {"username": "u2", "type": "upload", "status": true, "@timestamp": "2024-01-01T01:00:00+01:00"}
            {"user": "u3", "event": "view"}
            {"USER": "u1", "Event": "logout", "Status": "Succeeded"}
            {"user": 42, "event": "view", "status": "false"}
            """);

        var all = _host.RunClean("Import-EventRecord $args[0] | Measure-UserEvent", file);
        Assert.Equal(new[]
        {
            "42 1 0 1 view",
            "u1 3 2 1 login;logout",
            "u2 2 1 1 upload",
            "u3 1 0 0 view",
        }, all.Select(Render.Summary));

        var filtered = _host.RunClean("Import-EventRecord $args[0] | Where-Object Event -ne 'view' | Measure-UserEvent", file);
        Assert.Equal(new[] { "u1 3 2 1 login;logout", "u2 2 1 1 upload" }, filtered.Select(Render.Summary));

        var noStatus = _host.RunClean("Import-EventRecord $args[0] | Where-Object User -eq 'u3'", file);
        Assert.Equal("None", Assert.Single(noStatus).Prop("Status")!.ToString());
    }

    [Fact]
    public void ImportMeasure_OwnCsvFile()
    {
        string file = _host.WriteFile("signins.csv", """
            user_id,event_type,result,event_time
            alice,login,ok,2024-06-01T08:00:00Z
            alice,login,failed,2024-06-01T08:05:00Z
            bob,view,success,2024-06-01T09:00:00Z
            """);

        var output = _host.RunClean("Import-EventRecord $args[0] | Measure-UserEvent", file);

        Assert.Equal(new[] { "alice 2 1 1 login", "bob 1 1 0 view" }, output.Select(Render.Summary));
    }

    [Fact]
    public void AssumeTimeZone_ReadsZonelessTimesInThatZone_AndLeavesExplicitOffsetsAlone()
    {
        var output = _host.RunClean("""
            (Import-EventRecord $args[0] -AssumeTimeZone Europe/Berlin -ErrorAction SilentlyContinue)[0].Timestamp
            Import-EventRecord $args[1] -AssumeTimeZone Europe/Berlin -ErrorAction SilentlyContinue | ForEach-Object Timestamp
            """, RepoPaths.EventsJson, RepoPaths.EventsExtraJson);

        // 08:05:12 in Berlin (UTC+2 in June) is 06:05:12Z; events-extra.json's times all carry Z, an offset or an epoch.
        Assert.Equal(new DateTime(2024, 6, 1, 6, 5, 12, DateTimeKind.Utc), output[0].BaseObject);
        Assert.Equal(new[]
        {
            new DateTime(2024, 6, 1, 12, 10, 0, DateTimeKind.Utc),
            new DateTime(2024, 6, 1, 10, 20, 0, DateTimeKind.Utc),
            new DateTime(2024, 6, 1, 12, 30, 0, DateTimeKind.Utc),
            new DateTime(2024, 6, 1, 13, 0, 0, 250, DateTimeKind.Utc),
        }, output.Skip(1).Select(o => (DateTime)o.BaseObject));
    }

    [Fact]
    public void AssumeTimeZone_Unknown_FailsBeforeAnythingIsRead()
    {
        RunResult result = _host.Run("Import-EventRecord $args[0] -AssumeTimeZone Nowhere/Special", RepoPaths.EventsJson);

        Assert.Empty(result.Output);
        ErrorRecord error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith("InvalidReadOption", error.FullyQualifiedErrorId);
        Assert.DoesNotContain(result.Errors, e => e.CategoryInfo.Category == ErrorCategory.InvalidData);
    }

    [Fact]
    public void TypesResolveInScript_AndTheModulesOwnCoreAssemblyIsLoaded()
    {
        var output = _host.RunClean("""
            $records = @(Import-EventRecord $args[0] -ErrorAction SilentlyContinue)
            $records[0] -is [Aggregator.EventRecord]
            @($records | Measure-UserEvent)[0] -is [Aggregator.UserEventSummary]
            ($records | Measure-EventRecord) -is [Aggregator.EventStatistics]
            @($records | Group-EventByHour)[0] -is [Aggregator.EventTimeBucket]
            @($records | Group-EventByHour -By User)[0] -is [Aggregator.KeyedEventTimeBucket]
            [Aggregator.UserEventSummary].Assembly.Location
            $made = [Aggregator.EventRecord]::new('zed', 'login', [Aggregator.EventStatus]::Fail, [datetime]::new(2024, 6, 1, 8, 0, 0, [DateTimeKind]::Utc), 'script', 1)
            ($made | Measure-UserEvent).Fail
            """, RepoPaths.EventsJson);

        Assert.Equal(new object[] { true, true, true, true, true }, output.Take(5).Select(o => o.BaseObject));
        Assert.Equal(Path.Combine(RepoPaths.ModuleFolder, "dependencies", "Aggregator.Core.dll"), output[5].BaseObject);
        Assert.Equal(1L, output[6].BaseObject);
    }

    [Fact]
    public void Alias_MeasureUserEvents_RunsMeasureUserEvent()
    {
        var output = _host.RunClean("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Measure-UserEvents", RepoPaths.EventsJson);

        Assert.Equal(5, output.Count);
        Assert.Equal("Measure-UserEvent", Assert.Single(_host.RunClean("(Get-Command Measure-UserEvents).ResolvedCommand.Name")).BaseObject);
    }
}
