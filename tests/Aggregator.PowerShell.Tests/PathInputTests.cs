using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// File input: -Path with wildcards, -LiteralPath with brackets, and file objects from the pipeline.
/// The hosted engine has no Get-ChildItem (it lives in Microsoft.PowerShell.Management, which the
/// System.Management.Automation package does not carry). The tests use what Get-ChildItem itself calls,
/// $ExecutionContext.InvokeProvider.ChildItem.Get, which returns the same FileInfo objects with the provider's PSPath
/// note property, and also hand-made [pscustomobject]@{ PSPath = ... } objects.
/// </summary>
public sealed class PathInputTests : IDisposable
{
    private readonly ModuleHost _host = new();
    private readonly string _logs;

    public PathInputTests()
    {
        // A folder with both samples, a third JSON file, a non-JSON file and a file whose name holds brackets.
        _logs = Path.Combine(_host.TempDir, "logs");
        Directory.CreateDirectory(_logs);
        File.Copy(RepoPaths.EventsJson, Path.Combine(_logs, "events.json"));
        File.Copy(RepoPaths.EventsExtraJson, Path.Combine(_logs, "events-extra.json"));
        File.WriteAllText(Path.Combine(_logs, "more.json"), """[{"user": "zoe", "event": "login", "status": "ok"}]""");
        File.WriteAllText(Path.Combine(_logs, "notes.txt"), "not events");
        File.Copy(RepoPaths.EventsJson, Path.Combine(_logs, "events[1].json"));
    }

    public void Dispose() => _host.Dispose();

    private string InLogs(string name) => Path.Combine(_logs, name);

    [Fact]
    public void ProviderChildItems_PipeIntoImportEventRecord_ThroughPSPath()
    {
        // What `Get-ChildItem logs -Filter *.json | Import-EventRecord` sends down the pipeline.
        RunResult result = _host.Run("""
            $items = $ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Where-Object Name -like '*.json'
            $items | ForEach-Object { $_.PSPath.StartsWith('Microsoft.PowerShell.Core\FileSystem::') }
            $items | Import-EventRecord -ErrorAction SilentlyContinue -StatisticsVariable st
            """, _logs);

        Assert.Null(result.Terminating);
        var checks = result.Output.TakeWhile(o => o.BaseObject is bool).ToList();
        Assert.Equal(4, checks.Count);
        Assert.All(checks, c => Assert.True((bool)c.BaseObject));

        var records = result.Output.Skip(4).ToList();
        // events.json 14 + events-extra.json 4 + more.json 1 + events[1].json 14 (its brackets are taken literally).
        Assert.Equal(33, records.Count);
        Assert.Equal(14, records.Count(r => (string)r.Prop("Source")! == InLogs("events[1].json")));
        Assert.Equal(1, records.Count(r => (string)r.Prop("Source")! == InLogs("more.json")));
        Assert.Equal(4, (_host.GetVariable("st")!).Prop<int>("Files"));
    }

    [Fact]
    public void PSPathObjects_BindToLiteralPath_ByPropertyName()
    {
        var output = _host.RunClean("""
            [pscustomobject]@{ PSPath = 'Microsoft.PowerShell.Core\FileSystem::' + $args[0] },
            [pscustomobject]@{ PSPath = $args[1] },
            [pscustomobject]@{ LP = $args[2] } | Import-EventRecord -ErrorAction SilentlyContinue | Measure-UserEvent
            """, InLogs("events[1].json"), InLogs("more.json"), InLogs("events-extra.json"));

        Assert.Equal(new[]
        {
            "12 1 1 0 view",
            "alice 4 3 1 login;logout;purchase;view",
            "bob 4 2 2 login;view",
            "carol 3 1 2 download;upload",
            "dave 2 2 0 login;view",
            "erin 1 1 0 login",
            "gina 2 1 1 login;purchase",
            "hank 1 0 1 upload",
            "zoe 1 1 0 login",
        }, output.Select(Render.Summary));
    }

    [Theory]
    [InlineData("Measure-UserEvent", 5)]
    [InlineData("Measure-EventRecord", 1)]
    [InlineData("Group-EventByHour", 4)]
    public void PSPathObjects_BindToTheAggregators_Too(string cmdlet, int expected)
    {
        RunResult result = _host.Run($"[pscustomobject]@{{ PSPath = $args[0] }} | {cmdlet}", InLogs("events[1].json"));

        Assert.Empty(result.Errors.Where(e => e.CategoryInfo.Category != ErrorCategory.InvalidData)
            .Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}"));
        Assert.Equal(3, result.Errors.Count);   // the sample's three skipped records
        Assert.Equal(expected, result.Output.Count);
        if (cmdlet == "Measure-EventRecord")
        {
            Assert.Equal(14L, result.Output[0].Prop<long>("TotalEvents"));
        }
    }

    [Theory]
    [InlineData("Measure-UserEvent", 5)]
    [InlineData("Measure-EventRecord", 1)]
    [InlineData("Group-EventByHour", 4)]
    public void ProviderChildItems_PipeIntoTheAggregators(string cmdlet, int expected)
    {
        // `Get-ChildItem logs -Filter events.json | Measure-UserEvent`. On Linux and macOS the provider's FileInfo objects
        // also carry a User property (the file's owner), which must not be taken for the event's user.
        RunResult result = _host.Run($"""
            $ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Where-Object Name -eq 'events.json' | {cmdlet}
            """, _logs);

        Assert.Empty(result.Errors.Where(e => e.CategoryInfo.Category != ErrorCategory.InvalidData)
            .Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}"));
        Assert.Equal(expected, result.Output.Count);
        if (cmdlet == "Measure-EventRecord")
        {
            Assert.Equal(14L, result.Output[0].Prop<long>("TotalEvents"));
        }
    }

    [Fact]
    public void Path_Wildcard_ReadsOnlyTheMatchingFiles()
    {
        RunResult result = _host.Run("Import-EventRecord -Path $args[0] -ErrorAction SilentlyContinue -StatisticsVariable st", InLogs("*.json"));

        Assert.Null(result.Terminating);
        var sources = result.Output.Select(r => (string)r.Prop("Source")!).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { InLogs("events-extra.json"), InLogs("events.json"), InLogs("events[1].json"), InLogs("more.json") }
            .OrderBy(s => s, StringComparer.Ordinal), sources);
        Assert.Equal(33, result.Output.Count);
        Assert.Equal(4, (_host.GetVariable("st")!).Prop<int>("Files"));
        Assert.DoesNotContain(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("Path", StringComparison.Ordinal));
    }

    [Fact]
    public void Path_RelativeWildcard_ResolvesAgainstTheCurrentLocation()
    {
        var output = _host.RunClean("Import-EventRecord -Path logs/events*.json -ErrorAction SilentlyContinue | Measure-EventRecord");

        // events.json, events-extra.json and events[1].json: 14 + 4 + 14 records, users alice..erin, gina, hank, 12.
        PSObject stats = Assert.Single(output);
        Assert.Equal(32L, stats.Prop<long>("TotalEvents"));
        Assert.Equal(8L, stats.Prop<long>("Users"));
    }

    [Fact]
    public void Path_SeveralPaths_AndAWildcardCharacterClass()
    {
        var output = _host.RunClean("Import-EventRecord -Path $args[0], $args[1] -ErrorAction SilentlyContinue | Measure-EventRecord",
            InLogs("more.json"), InLogs("events-extr[a].json"));

        PSObject stats = Assert.Single(output);
        Assert.Equal(5L, stats.Prop<long>("TotalEvents"));   // 1 from more.json, 4 from events-extra.json
        Assert.Equal(4L, stats.Prop<long>("Users"));         // zoe, gina, hank, 12
    }

    [Fact]
    public void LiteralPath_WithBrackets_ReadsTheFile_WhilePathTreatsThemAsAWildcard()
    {
        string bracketed = InLogs("events[1].json");

        RunResult literal = _host.Run("Import-EventRecord -LiteralPath $args[0] -ErrorAction SilentlyContinue", bracketed);
        Assert.Equal(14, literal.Output.Count);
        Assert.All(literal.Output, r => Assert.Equal(bracketed, r.Prop("Source")));
        Assert.DoesNotContain(literal.Errors, e => e.FullyQualifiedErrorId.StartsWith("Path", StringComparison.Ordinal));

        // [1] is a character class that matches "events1.json", which does not exist.
        RunResult wildcard = _host.Run("Import-EventRecord -Path $args[0]", bracketed);
        Assert.Empty(wildcard.Output);
        ErrorRecord error = Assert.Single(wildcard.Errors);
        Assert.StartsWith("PathNotFound", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void LiteralPath_WithBrackets_WorksForTheFastPath()
    {
        var output = _host.RunClean("Measure-UserEvent -LiteralPath $args[0] -ErrorAction SilentlyContinue", InLogs("events[1].json"));

        Assert.Equal("alice 4 3 1 login;logout;purchase;view", Render.Summary(output[0]));
        Assert.Equal(5, output.Count);
    }

    [Fact]
    public void MissingFileAndFolder_AreErrors_AndTheOtherPathsAreStillRead()
    {
        RunResult result = _host.Run("Import-EventRecord -Path $args[0], $args[1], $args[2]",
            InLogs("nope.json"), _logs, InLogs("more.json"));

        Assert.Null(result.Terminating);
        Assert.Equal("zoe", Assert.Single(result.Output).Prop("User"));
        Assert.Equal(new[] { "PathNotFound", "PathIsDirectory" },
            result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
    }
}
