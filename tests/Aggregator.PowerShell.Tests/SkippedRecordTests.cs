using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>Skipped records as non-terminating errors (-ErrorVariable), even under -ErrorAction Stop; -MaxSkipped; -StatisticsVariable.</summary>
public sealed class SkippedRecordTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static PSObject Target(ErrorRecord error) => PSObject.AsPSObject(error.TargetObject);

    private IReadOnlyList<ErrorRecord> CaptureBad(string script, params object?[] args)
    {
        RunResult result = _host.Run(script, args);
        Assert.Null(result.Terminating);
        var bad = (System.Collections.IEnumerable)_host.GetVariable("bad")!.BaseObject;
        return bad.Cast<object>().Select(o => o is PSObject p ? (ErrorRecord)p.BaseObject : (ErrorRecord)o).ToList();
    }

    [Fact]
    public void ErrorVariable_CapturesEverySkippedRecordOfTheSample()
    {
        var bad = CaptureBad("$null = Import-EventRecord $args[0] -ErrorVariable bad -ErrorAction SilentlyContinue", RepoPaths.EventsJson);

        Assert.Equal(3, bad.Count);
        Assert.Equal(new[] { "MissingField", "InvalidTimestamp", "UnknownStatus" }, bad.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.All(bad, e =>
        {
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Equal("Aggregator.SkippedRecord", e.TargetObject.GetType().FullName);
            Assert.Equal(RepoPaths.EventsJson, Target(e).Prop("Source"));
            Assert.StartsWith(e.FullyQualifiedErrorId.Split(',')[0], e.FullyQualifiedErrorId);
            Assert.Equal(e.FullyQualifiedErrorId.Split(',')[0], Target(e).Prop("Reason")!.ToString());
        });
        Assert.Equal(new[] { 16L, 17L, 18L }, bad.Select(e => Target(e).Prop<long>("Line")));
        Assert.Equal("""{"status": "success", "event": "login", "timestamp": "2024-06-01 11:50:00"}""", Target(bad[0]).Prop("Raw"));
        Assert.Contains("25:61:00", (string)Target(bad[1]).Prop("Raw")!);
        Assert.Contains("pending", (string)Target(bad[2]).Prop("Raw")!);
        Assert.Contains("line 16", bad[0].Exception.Message);
    }

    [Fact]
    public void ErrorVariable_DamagedMultiLineFile_ReportsEachDamageOnce_AndKeepsReading()
    {
        RunResult result = _host.Run("Import-EventRecord $args[0] -ErrorVariable bad -ErrorAction SilentlyContinue", RepoPaths.EventsExtraJson);
        var bad = CaptureBad("$null = Import-EventRecord $args[0] -ErrorVariable bad -ErrorAction SilentlyContinue", RepoPaths.EventsExtraJson);

        // gina (lines 1 and 7), hank's second record (line 18) and user 12 (line 25) survive the damage around them.
        Assert.Equal(new[] { "gina 1", "gina 7", "hank 18", "12 25" },
            result.Output.Select(r => $"{r.Prop("User")} {r.Prop("Line")}"));
        Assert.Equal(new[] { "InvalidJson 13", "InvalidJson 24" },
            bad.Select(e => $"{e.FullyQualifiedErrorId.Split(',')[0]} {Target(e).Prop("Line")}"));
        Assert.Equal("this line is not JSON", Target(bad[1]).Prop("Raw"));
        Assert.StartsWith("{", (string)Target(bad[0]).Prop("Raw")!);
    }

    [Fact]
    public void ErrorVariable_EveryReason_IsTheStartOfTheErrorId()
    {
        string file = _host.WriteFile("bad.jsonl", """
            {"user": "a", "event": "x", "status": "ok"}
            {"user": "a", "event": "x", "status": "later"}
            {"event": "x"}
            {"user": "a"}
            {"user": "a", "event": "x", "timestamp": "2024-13-01T00:00:00Z"}
            {"user": "a", "event": "x", "timestamp": "not a time"}
            {"user": "a", "event": "x", "status": "ok"
            {"user": "b", "event": "y", "status": "fail"}
            """);

        var bad = CaptureBad("$null = Import-EventRecord $args[0] -ErrorVariable bad -ErrorAction SilentlyContinue", file);

        Assert.Equal(new[]
        {
            "UnknownStatus 2", "MissingField 3", "MissingField 4", "InvalidTimestamp 5", "InvalidTimestamp 6", "InvalidJson 7",
        }, bad.Select(e => $"{e.FullyQualifiedErrorId.Split(',')[0]} {Target(e).Prop("Line")}"));
        Assert.All(bad, e => Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category));
        Assert.All(bad, e => Assert.Equal(file, Target(e).Prop("Source")));
    }

    [Fact]
    public void SkippedRecord_Raw_KeepsTheFirst300Characters()
    {
        string padding = new('x', 1000);
        string file = _host.WriteFile("long.jsonl", $$"""
            {"user": "a", "event": "x", "status": "maybe", "note": "{{padding}}"}
            """);

        var bad = CaptureBad("$null = Import-EventRecord $args[0] -ErrorVariable bad -ErrorAction SilentlyContinue", file);

        string raw = (string)Target(Assert.Single(bad)).Prop("Raw")!;
        Assert.Equal(300, raw.Length);
        Assert.StartsWith("""{"user": "a", "event": "x", "status": "maybe", "note": "xxx""", raw);
    }

    [Fact]
    public void ErrorVariable_TargetObjects_AreTypedSkippedRecords_InScript()
    {
        var output = _host.RunClean("""
            $null = Import-EventRecord $args[0] -ErrorVariable bad -ErrorAction SilentlyContinue
            @($bad.TargetObject | Where-Object { $_ -is [Aggregator.SkippedRecord] }).Count
            ($bad.TargetObject | ForEach-Object { '{0}:{1}:{2}' -f [System.IO.Path]::GetFileName($_.Source), $_.Line, $_.Reason }) -join ','
            """, RepoPaths.EventsJson);

        Assert.Equal(3, output[0].BaseObject);
        Assert.Equal("events.json:16:MissingField,events.json:17:InvalidTimestamp,events.json:18:UnknownStatus", output[1].BaseObject);
    }

    [Fact]
    public void ErrorActionStop_ASkipIsStillANonTerminatingError_CarryingTheSkippedRecord_AndReadingGoesOn()
    {
        string file = _host.WriteFile("first-bad.jsonl", """
            {"user": "a", "event": "x", "status": "ok"}
            {"event": "no user here"}
            {"user": "b", "event": "y", "status": "ok"}
            {"user": "c", "event": "z", "status": "ok"}
            """);

        RunResult result = _host.Run("Import-EventRecord $args[0] -ErrorAction Stop", file);

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "a", "b", "c" }, result.Output.Select(r => (string)r.Prop("User")!));
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.StartsWith("MissingField", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(2L, Target(error).Prop<long>("Line"));
        Assert.Equal("Aggregator.SkippedRecord", error.TargetObject.GetType().FullName);
    }

    [Fact]
    public void MaxSkippedZero_InScript_EveryRecordArrives_ThenTheCommandFails()
    {
        string file = _host.WriteFile("first-bad.jsonl", """
            {"user": "a", "event": "x", "status": "ok"}
            {"user": "a", "event": "x", "status": "sometimes"}
            {"user": "b", "event": "y", "status": "ok"}
            """);

        RunResult result = _host.Run("""
            $seen = [System.Collections.Generic.List[string]]::new()
            try {
                Import-EventRecord $args[0] -MaxSkipped 0 -ErrorAction Stop -SkippedVariable skipped | ForEach-Object { $seen.Add($_.User) }
                'not reached'
            } catch {
                'caught ' + $_.FullyQualifiedErrorId.Split(',')[0] + ' after the skip at line ' + $skipped[0].Line
            }
            $seen -join ','
            """, file);

        Assert.Equal(new object[] { "caught TooManySkipped after the skip at line 2", "a,b" }, result.Output.Select(o => o.BaseObject));
        Assert.StartsWith("UnknownStatus", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void ErrorActionStop_OnTheFastPath_WritesTheSummary()
    {
        RunResult result = _host.Run("Measure-UserEvent -Path $args[0] -ErrorAction Stop", RepoPaths.EventsJson);

        Assert.Null(result.Terminating);
        Assert.Equal(5, result.Output.Count);
        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void ErrorActionStop_InAPipeline_TheAggregatorGetsEveryValidRecord()
    {
        RunResult result = _host.Run("""
            try { Import-EventRecord $args[0] -ErrorAction Stop | Measure-EventRecord | ForEach-Object TotalEvents } catch { 'caught ' + $_.TargetObject.Reason }
            """, RepoPaths.EventsJson);

        Assert.Equal(14L, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void MaxSkippedZero_InAPipeline_StopsTheAggregatorToo()
    {
        var output = _host.RunClean("""
            try { Import-EventRecord $args[0] -MaxSkipped 0 -ErrorAction Ignore | Measure-UserEvent } catch { 'caught ' + $_.FullyQualifiedErrorId.Split(',')[0] }
            """, RepoPaths.EventsJson);

        Assert.Equal("caught TooManySkipped", Assert.Single(output).BaseObject);
    }

    [Fact]
    public void StatisticsVariable_BothSamples_AddsUp()
    {
        File.Copy(RepoPaths.EventsJson, Path.Combine(_host.TempDir, "events.json"));
        File.Copy(RepoPaths.EventsExtraJson, Path.Combine(_host.TempDir, "events-extra.json"));

        _host.Run("$null = Import-EventRecord *.json -StatisticsVariable st -ErrorAction SilentlyContinue");
        var st = _host.GetVariable("st")!;

        Assert.Equal("Aggregator.ImportStatistics", st.TypeName());
        Assert.Equal(2, st.Prop<int>("Files"));
        Assert.Equal(23L, st.Prop<long>("TotalRecords"));     // 17 + 6
        Assert.Equal(18L, st.Prop<long>("ValidRecords"));     // 14 + 4
        Assert.Equal(5L, st.Prop<long>("SkippedRecords"));    // 3 + 2
        Assert.Equal(st.Prop<long>("TotalRecords"), st.Prop<long>("ValidRecords") + st.Prop<long>("SkippedRecords"));
        Assert.Equal(8L, st.Prop<long>("UniqueUsers"));       // alice bob carol dave erin gina hank 12

        var reasons = (System.Collections.IDictionary)st.Prop("SkippedByReason")!;
        var byReason = reasons.Keys.Cast<string>().ToDictionary(key => key, key => Convert.ToInt64(reasons[key]));
        Assert.Equal(new Dictionary<string, long>
        {
            ["InvalidJson"] = 2, ["MissingField"] = 1, ["InvalidTimestamp"] = 1, ["UnknownStatus"] = 1,
        }, byReason);
        Assert.Equal(byReason.Values.Sum(), st.Prop<long>("SkippedRecords"));
    }

    [Fact]
    public void StatisticsVariable_ReasonsReadableByName_InScript()
    {
        var output = _host.RunClean("""
            $null = Import-EventRecord $args[0] -StatisticsVariable st -ErrorAction SilentlyContinue
            $st.SkippedByReason.MissingField
            $st.SkippedByReason['UnknownStatus']
            $st.TotalRecords -eq $st.ValidRecords + $st.SkippedRecords
            """, RepoPaths.EventsJson);

        Assert.Equal(new object[] { 1L, 1L, true }, output.Select(o => o.BaseObject));
    }

    [Fact]
    public void StatisticsVariable_OnTheFastPath_MatchesImport()
    {
        _host.Run("$null = Import-EventRecord $args[0] -StatisticsVariable a -ErrorAction SilentlyContinue", RepoPaths.EventsJson);
        _host.Run("$null = Group-EventByHour -Path $args[0] -StatisticsVariable b -ErrorAction SilentlyContinue", RepoPaths.EventsJson);

        var a = _host.GetVariable("a")!;
        var b = _host.GetVariable("b")!;
        Assert.Equal((1, 17L, 14L, 3L, 5L), (a.Prop<int>("Files"), a.Prop<long>("TotalRecords"), a.Prop<long>("ValidRecords"),
            a.Prop<long>("SkippedRecords"), a.Prop<long>("UniqueUsers")));
        Assert.Equal(Render.All(a), Render.All(b));
    }

    [Fact]
    public void Verbose_OneLinePerFile()
    {
        RunResult result = _host.Run("$null = Import-EventRecord $args[0], $args[1] -Verbose -ErrorAction SilentlyContinue",
            RepoPaths.EventsJson, RepoPaths.EventsExtraJson);

        Assert.Equal(new[] { "events.json: 17 read, 14 valid, 3 skipped", "events-extra.json: 6 read, 4 valid, 2 skipped" }, result.Verbose);
    }
}
