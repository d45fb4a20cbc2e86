using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// The users of samples/graph-users, read here with System.Text.Json (not with the module), and the figures of
/// samples/graph-users/README.md as of 2024-12-31T00:00:00Z. This is what Import-SignInActivity must give.
/// </summary>
public static class GraphUsersSample
{
    public static readonly DateTime AsOf = new(2024, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public static string Folder => Path.Combine(RepoPaths.Samples, "graph-users");

    public static string PageJson => Path.Combine(Folder, "users-page.json");

    public static string ArrayJson => Path.Combine(Folder, "users-array.json");

    public static string Jsonl => Path.Combine(Folder, "users.jsonl");

    /// <summary>The README's table: file, userPrincipalName, enabled, latest sign-in (UTC) or null, days or null.</summary>
    public static readonly (string File, string Upn, bool Enabled, string? Latest, int? Days)[] Table =
    {
        ("users-page.json", "adele.vance@contoso.com", true, "2024-12-12T08:01:13Z", 18),
        ("users-page.json", "alex.wilber@contoso.com", true, null, null),
        ("users-page.json", "megan.bowen@contoso.com", true, "2024-06-03T14:22:51Z", 210),
        ("users-page.json", "lynne.robbins@contoso.com", false, "2024-03-20T22:10:03Z", 285),
        ("users-page.json", "diego.siciliani@contoso.com", true, null, null),
        ("users-page.json", "patti.fernandez@contoso.com", true, "2024-12-30T07:15:00Z", 0),
        ("users-page.json", "isaiah.langer@contoso.com", true, "2024-09-20T03:12:45Z", 101),
        ("users-array.json", "grady.archie@contoso.com", true, "2024-11-29T19:48:06Z", 31),
        ("users-array.json", "johanna.lorenz@contoso.com", false, null, null),
        ("users-array.json", "lee.gu@contoso.com", true, "2024-08-07T02:00:19Z", 145),
        ("users-array.json", "nestor.wilke@contoso.com", true, "2024-12-19T08:55:31Z", 11),
        ("users-array.json", "pradeep.gupta@contoso.com", true, "2024-02-02T06:44:50Z", 332),
        ("users.jsonl", "christie.cline@contoso.com", true, "2024-12-30T23:59:59Z", 0),
        ("users.jsonl", "henrietta.mueller@contoso.com", true, null, null),
        ("users.jsonl", "debra.berger@contoso.com", true, null, null),
        ("users.jsonl", "joni.sherman@contoso.com", false, "2024-07-12T08:01:13Z", 171),
        ("users.jsonl", "irvin.sayers@contoso.com", true, "2024-10-02T09:00:00Z", 89),
    };

    /// <summary>More than 90 days before 2024-12-31 (README: 6 stale users).</summary>
    public static readonly string[] StaleUpns =
    {
        "lee.gu@contoso.com", "isaiah.langer@contoso.com", "joni.sherman@contoso.com", "lynne.robbins@contoso.com",
        "megan.bowen@contoso.com", "pradeep.gupta@contoso.com",
    };

    public static readonly string[] NeverSignedInUpns =
    {
        "alex.wilber@contoso.com", "debra.berger@contoso.com", "diego.siciliani@contoso.com", "henrietta.mueller@contoso.com",
        "johanna.lorenz@contoso.com",
    };

    public static DateTime Utc(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>One valid user as the JSON has it: identity, and each sign-in kind as "time (request)" or "-" when absent.</summary>
    public sealed record User(string File, int Line, string Id, string Upn, string DisplayName, bool Enabled, string Interactive, string NonInteractive, string Successful);

    /// <summary>The 17 valid users, in file order (users-page.json, users-array.json, users.jsonl: the order *.json* resolves to is different).</summary>
    public static IReadOnlyList<User> ValidUsers() => Lazy.Value;

    private static readonly Lazy<List<User>> Lazy = new(Load);

    private static List<User> Load()
    {
        var users = new List<User>();
        string pageText = File.ReadAllText(PageJson);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(pageText), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var page = JsonDocument.ParseValue(ref reader);
            foreach (JsonElement user in page.RootElement.GetProperty("value").EnumerateArray())
            {
                Add(users, "users-page.json", pageText, user);
            }
        }

        string arrayText = File.ReadAllText(ArrayJson);
        using (var array = JsonDocument.Parse(arrayText))
        {
            foreach (JsonElement user in array.RootElement.EnumerateArray())
            {
                Add(users, "users-array.json", arrayText, user);
            }
        }

        string jsonlText = File.ReadAllText(Jsonl);
        foreach (string line in jsonlText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                Add(users, "users.jsonl", jsonlText, doc.RootElement);
            }
            catch (JsonException)
            {
            }
        }

        return users;
    }

    private static void Add(List<User> users, string file, string text, JsonElement user)
    {
        string upn = user.GetProperty("userPrincipalName").GetString()!;
        string[] kinds = new string[3];
        JsonElement activity = user.TryGetProperty("signInActivity", out JsonElement a) ? a : default;
        string[] names = { "lastSignIn", "lastNonInteractiveSignIn", "lastSuccessfulSignIn" };
        for (int i = 0; i < 3; i++)
        {
            if (activity.ValueKind != JsonValueKind.Object)
            {
                kinds[i] = "-";
                continue;
            }

            string? time = activity.GetProperty(names[i] + "DateTime").GetString();
            string? request = activity.GetProperty(names[i] + "RequestId").GetString();
            if (time is not null && !DateTime.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _))
            {
                return;   // miriam.graham: "not-a-date", skipped by the module
            }

            kinds[i] = time is null && request is null ? "-" : $"{time} ({request})";
        }

        users.Add(new User(file, LineOf(text, upn), user.GetProperty("id").GetString()!, upn, user.GetProperty("displayName").GetString()!,
            user.GetProperty("accountEnabled").GetBoolean(), kinds[0], kinds[1], kinds[2]));
    }

    /// <summary>The 1-based line where the object holding <paramref name="upn"/> starts: its "{" line when pretty-printed.</summary>
    public static int LineOf(string text, string upn)
    {
        string[] lines = text.Split('\n');
        int at = Array.FindIndex(lines, l => l.Contains($"\"{upn}\"", StringComparison.Ordinal));
        Assert.True(at >= 0, upn);
        while (lines[at].Contains('"') && !lines[at].TrimStart().StartsWith('{'))
        {
            at--;
        }

        return at + 1;
    }
}

/// <summary>What Get-MgUser returns (Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser): a .NET object, PascalCase, DateTime? values.</summary>
public sealed class FakeMgUser
{
    public string? Id { get; set; }

    public string? UserPrincipalName { get; set; }

    public string? DisplayName { get; set; }

    public bool? AccountEnabled { get; set; }

    public string? Mail { get; set; }

    public FakeMgSignInActivity? SignInActivity { get; set; }

    public IDictionary<string, object> AdditionalProperties { get; } = new Dictionary<string, object>();
}

/// <summary>What Microsoft.Graph.PowerShell.Models.MicrosoftGraphSignInActivity looks like.</summary>
public sealed class FakeMgSignInActivity
{
    public DateTime? LastSignInDateTime { get; set; }

    public string? LastSignInRequestId { get; set; }

    public DateTime? LastNonInteractiveSignInDateTime { get; set; }

    public string? LastNonInteractiveSignInRequestId { get; set; }

    public DateTime? LastSuccessfulSignInDateTime { get; set; }

    public string? LastSuccessfulSignInRequestId { get; set; }

    public IDictionary<string, object> AdditionalProperties { get; } = new Dictionary<string, object>();
}

/// <summary>
/// Import-SignInActivity: Graph user files (paged responses, arrays, JSON Lines) and Get-MgUser-like objects by property
/// name, to typed Aggregator.SignInActivity objects with LastSignIn and DaysSinceLastSignIn.
/// </summary>
public sealed class SignInActivityTests : IDisposable
{
    private const string AsOfText = "2024-12-31T00:00:00Z";

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string AllSamples => Path.Combine(GraphUsersSample.Folder, "*.json*");

    private static string Id(ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

    private static PSObject Target(ErrorRecord e) => PSObject.AsPSObject(e.TargetObject);

    private static string Event(PSObject user, string kind)
    {
        object? value = user.Prop(kind);
        if (value is null)
        {
            return "-";
        }

        var e = PSObject.AsPSObject(value);
        Assert.Equal("Aggregator.SignInEvent", e.TypeName());
        string time = e.Prop("DateTime") is DateTime t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
        if (e.Prop("DateTime") is DateTime utc)
        {
            Assert.Equal(DateTimeKind.Utc, utc.Kind);
        }

        return $"{time} ({e.Prop("RequestId")})";
    }

    /// <summary>Every figure of a SignInActivity, read property by property.</summary>
    private static string Row(PSObject u)
    {
        string last = u.Prop("LastSignIn") is DateTime t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "null";
        return $"{Path.GetFileName((string)u.Prop("Source")!)}:{u.Prop("Line")} {u.Prop("Id")} {u.Prop("UserPrincipalName")} [{u.Prop("DisplayName")}] " +
            $"enabled={u.Prop("AccountEnabled") ?? "null"} I={Event(u, "Interactive")} N={Event(u, "NonInteractive")} S={Event(u, "Successful")} " +
            $"last={last} days={u.Prop("DaysSinceLastSignIn") ?? "null"} never={u.Prop("NeverSignedIn")}";
    }

    private static string ExpectedRow(GraphUsersSample.User user)
    {
        var table = GraphUsersSample.Table.Single(t => t.Upn == user.Upn);
        Assert.Equal(table.File, user.File);
        Assert.Equal(table.Enabled, user.Enabled);
        return $"{user.File}:{user.Line} {user.Id} {user.Upn} [{user.DisplayName}] enabled={user.Enabled} I={user.Interactive} N={user.NonInteractive} " +
            $"S={user.Successful} last={table.Latest ?? "null"} days={(table.Days?.ToString(CultureInfo.InvariantCulture) ?? "null")} never={table.Latest is null}";
    }

    private List<ErrorRecord> ErrorVariable(string name) =>
        ((IEnumerable)_host.GetVariable(name)!.BaseObject).Cast<object>()
            .Select(o => o is PSObject p ? (ErrorRecord)p.BaseObject : (ErrorRecord)o).ToList();

    // ---- the samples -------------------------------------------------------------------------------------------------

    [Fact]
    public void TheSampleOracle_AgreesWithTheReadme()
    {
        // The table is the README's; the days are checked against the dates here, so a typo in either shows.
        var users = GraphUsersSample.ValidUsers();
        Assert.Equal(17, users.Count);
        Assert.Equal(GraphUsersSample.Table.Select(t => t.Upn), users.Select(u => u.Upn));
        foreach (var row in GraphUsersSample.Table.Where(t => t.Latest is not null))
        {
            Assert.Equal(row.Days, (int)Math.Floor((GraphUsersSample.AsOf - GraphUsersSample.Utc(row.Latest!)).TotalDays));
        }

        Assert.Equal(GraphUsersSample.StaleUpns.Order(), GraphUsersSample.Table.Where(t => t.Days > 90).Select(t => t.Upn).Order());
        Assert.Equal(GraphUsersSample.NeverSignedInUpns.Order(), GraphUsersSample.Table.Where(t => t.Latest is null).Select(t => t.Upn).Order());
    }

    [Fact]
    public void IssueFlow_StaleUsers_ThrottleLimit4_AreExactlyTheSixOfTheReadme()
    {
        RunResult result = _host.Run(
            "Import-SignInActivity -Path $args[0] -AsOf 2024-12-31 -ThrottleLimit 4 | Where-Object DaysSinceLastSignIn -gt 90", AllSamples);

        Assert.Null(result.Terminating);
        Assert.All(result.Output, u => Assert.Equal("Aggregator.SignInActivity", u.TypeName()));
        Assert.Equal(GraphUsersSample.StaleUpns.Order(StringComparer.Ordinal),
            result.Output.Select(u => (string)u.Prop("UserPrincipalName")!).Order(StringComparer.Ordinal));
        Assert.All(result.Output, u => Assert.InRange(u.Prop<int>("DaysSinceLastSignIn"), 91, int.MaxValue));
        Assert.Equal(new[] { "InvalidJson", "InvalidTimestamp" }, result.Errors.Select(Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AllSamples_EveryUser_HasTheFiguresOfTheJsonAndTheReadme()
    {
        RunResult result = _host.Run("Import-SignInActivity -Path $args[0] -AsOf $args[1]", AllSamples, AsOfText);

        Assert.Null(result.Terminating);
        var expected = GraphUsersSample.ValidUsers().Select(ExpectedRow).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, result.Output.Select(Row).Order(StringComparer.Ordinal));

        // With one worker the files are read in the order *.json* resolves to, each in its own order.
        var files = result.Output.Select(u => Path.GetFileName((string)u.Prop("Source")!)).Distinct();
        Assert.Equal(new[] { "users-array.json", "users-page.json", "users.jsonl" }, files);
        Assert.All(result.Output, u => Assert.Equal(Path.Combine(GraphUsersSample.Folder, Path.GetFileName((string)u.Prop("Source")!)), u.Prop("Source")));
        foreach (string file in files)
        {
            var lines = result.Output.Where(u => ((string)u.Prop("Source")!).EndsWith(file, StringComparison.Ordinal)).Select(u => u.Prop<long>("Line")).ToList();
            Assert.Equal(lines.Order(), lines);
        }

        Assert.Equal(GraphUsersSample.NeverSignedInUpns, result.Output.Where(u => (bool)u.Prop("NeverSignedIn")!)
            .Select(u => (string)u.Prop("UserPrincipalName")!).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "johanna.lorenz@contoso.com", "joni.sherman@contoso.com", "lynne.robbins@contoso.com" },
            result.Output.Where(u => Equals(u.Prop("AccountEnabled"), false)).Select(u => (string)u.Prop("UserPrincipalName")!).Order(StringComparer.Ordinal));
        Assert.Equal(6, result.Output.Count(u => u.Prop("DaysSinceLastSignIn") is int d && d <= 90));
    }

    [Fact]
    public void AllSamples_LastSignIn_IsTheLatestOfTheThree_InUtc()
    {
        var output = _host.RunClean("Import-SignInActivity -Path $args[0] -AsOf $args[1] -ErrorAction SilentlyContinue", AllSamples, AsOfText);

        Assert.Equal(17, output.Count);
        foreach (PSObject u in output)
        {
            var times = new[] { "Interactive", "NonInteractive", "Successful" }
                .Select(k => u.Prop(k) is { } e ? PSObject.AsPSObject(e).Prop("DateTime") as DateTime? : null)
                .Where(t => t is not null).Select(t => t!.Value).ToList();
            if (times.Count == 0)
            {
                Assert.Null(u.Prop("LastSignIn"));
                Assert.Null(u.Prop("DaysSinceLastSignIn"));
                Assert.True((bool)u.Prop("NeverSignedIn")!);
            }
            else
            {
                var last = Assert.IsType<DateTime>(u.Prop("LastSignIn"));
                Assert.Equal(DateTimeKind.Utc, last.Kind);
                Assert.Equal(times.Max(), last);
                Assert.False((bool)u.Prop("NeverSignedIn")!);
            }
        }
    }

    [Fact]
    public void ThrottleLimit_1_2_4_GiveTheSameUsersAndTheSameSkips()
    {
        var runs = new[] { 1, 2, 4 }.Select(n => _host.Run(
            "Import-SignInActivity -Path $args[0] -AsOf $args[1] -ThrottleLimit $args[2]", AllSamples, AsOfText, n)).ToList();

        var one = runs[0].Output.Select(Row).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(17, one.Count);
        foreach (RunResult run in runs)
        {
            Assert.Null(run.Terminating);
            Assert.Equal(one, run.Output.Select(Row).Order(StringComparer.Ordinal));
            Assert.Equal(new[] { "users-array.json:50:InvalidTimestamp", "users.jsonl:3:InvalidJson" },
                run.Errors.Select(e => $"{Path.GetFileName((string)Target(e).Prop("Source")!)}:{Target(e).Prop("Line")}:{Id(e)}").Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void ErrorVariable_HoldsExactlyTheTwoSkips_WithFileNamesAndLines()
    {
        RunResult result = _host.Run("$null = Import-SignInActivity -Path $args[0] -AsOf $args[1] -ErrorVariable bad -ErrorAction SilentlyContinue",
            AllSamples, AsOfText);

        Assert.Null(result.Terminating);
        var bad = ErrorVariable("bad");
        Assert.Equal(2, bad.Count);
        Assert.All(bad, e =>
        {
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Equal("Aggregator.SkippedRecord", e.TargetObject.GetType().FullName);
            Assert.Equal(Id(e), Target(e).Prop("Reason")!.ToString());
            Assert.EndsWith("Aggregator.Commands.ImportSignInActivityCommand", e.FullyQualifiedErrorId);
        });

        // users-array.json comes first (the order *.json* resolves to): miriam.graham's "not-a-date".
        int miriamLine = GraphUsersSample.LineOf(File.ReadAllText(GraphUsersSample.ArrayJson), "miriam.graham@contoso.com");
        Assert.Equal(50, miriamLine);
        ErrorRecord date = bad[0];
        Assert.Equal("InvalidTimestamp", Id(date));
        Assert.Equal(GraphUsersSample.ArrayJson, Target(date).Prop("Source"));
        Assert.Equal((long)miriamLine, Target(date).Prop<long>("Line"));
        Assert.Equal("miriam.graham@contoso.com", Target(date).Prop("User"));
        Assert.Equal("not-a-date", Target(date).Prop("Timestamp"));
        Assert.Contains("not-a-date", (string)Target(date).Prop("Message")!);
        Assert.Contains("lastSignInDateTime", (string)Target(date).Prop("Message")!);
        Assert.Contains("miriam.graham@contoso.com", (string)Target(date).Prop("Raw")!);
        Assert.StartsWith($"users-array.json line {miriamLine}: ", date.Exception.Message);

        ErrorRecord json = bad[1];
        Assert.Equal("InvalidJson", Id(json));
        Assert.Equal(GraphUsersSample.Jsonl, Target(json).Prop("Source"));
        Assert.Equal(3L, Target(json).Prop<long>("Line"));
        Assert.Contains("broken@contoso.com", (string)Target(json).Prop("Raw")!);
        Assert.StartsWith("users.jsonl line 3: ", json.Exception.Message);
    }

    [Fact]
    public void StatisticsVariable_Counts19Records_17Valid_2Skipped()
    {
        var output = _host.RunClean("""
            $null = Import-SignInActivity -Path $args[0] -AsOf $args[1] -ThrottleLimit 2 -StatisticsVariable st -ErrorAction SilentlyContinue
            $st -is [Aggregator.ImportStatistics]
            $st.SkippedByReason.InvalidJson
            $st.SkippedByReason.InvalidTimestamp
            $st.PerFile | ForEach-Object { '{0} {1} {2} {3}' -f [System.IO.Path]::GetFileName($_.Source), $_.TotalRecords, $_.ValidRecords, $_.SkippedRecords }
            """, AllSamples, AsOfText);
        PSObject st = _host.GetVariable("st")!;

        Assert.Equal(3, st.Prop<int>("Files"));
        Assert.Equal(19L, st.Prop<long>("TotalRecords"));
        Assert.Equal(17L, st.Prop<long>("ValidRecords"));
        Assert.Equal(2L, st.Prop<long>("SkippedRecords"));
        Assert.Equal(17L, st.Prop<long>("UniqueUsers"));
        Assert.Equal(new object[] { true, 1L, 1L }, output.Take(3).Select(o => o.BaseObject));
        Assert.Equal(new[] { "users-array.json 6 5 1", "users-page.json 7 7 0", "users.jsonl 6 5 1" },
            output.Skip(3).Select(o => (string)o.BaseObject).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EachFileShape_AloneAndWithFormat_GivesItsUsers()
    {
        var page = _host.RunClean("Import-SignInActivity -LiteralPath $args[0] -AsOf $args[1]", GraphUsersSample.PageJson, AsOfText);
        Assert.Equal(GraphUsersSample.ValidUsers().Where(u => u.File == "users-page.json").Select(ExpectedRow), page.Select(Row));

        // JSON Lines under another name, told by -Format.
        string copy = Path.Combine(_host.TempDir, "export.txt");
        File.Copy(GraphUsersSample.Jsonl, copy);
        RunResult lines = _host.Run("Import-SignInActivity -LiteralPath $args[0] -Format JsonLines -AsOf $args[1]", copy, AsOfText);
        Assert.Equal(new[] { "christie.cline@contoso.com", "henrietta.mueller@contoso.com", "debra.berger@contoso.com", "joni.sherman@contoso.com", "irvin.sayers@contoso.com" },
            lines.Output.Select(u => (string)u.Prop("UserPrincipalName")!));
        Assert.Equal(new[] { "InvalidJson" }, lines.Errors.Select(Id));
        Assert.Equal(copy, Target(lines.Errors[0]).Prop("Source"));
    }

    [Fact]
    public void ProviderChildItems_PipeIn_ThroughPSPath()
    {
        // What `Get-ChildItem samples/graph-users -Filter *.json* | Import-SignInActivity` sends: FileInfo objects with PSPath.
        RunResult result = _host.Run("""
            $ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Where-Object Name -like '*.json*' |
                Import-SignInActivity -AsOf $args[1] -StatisticsVariable st
            """, GraphUsersSample.Folder, AsOfText);

        Assert.Null(result.Terminating);
        Assert.Equal(GraphUsersSample.ValidUsers().Select(ExpectedRow).Order(StringComparer.Ordinal), result.Output.Select(Row).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "InvalidJson", "InvalidTimestamp" }, result.Errors.Select(Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, _host.GetVariable("st")!.Prop<int>("Files"));

        var byObject = _host.Run("""
            [pscustomobject]@{ PSPath = 'Microsoft.PowerShell.Core\FileSystem::' + $args[0] } | Import-SignInActivity -AsOf $args[1]
            """, GraphUsersSample.PageJson, AsOfText);
        Assert.Equal(7, byObject.Output.Count);
        Assert.Empty(byObject.Errors);
        Assert.DoesNotContain(byObject.Output, u => (string)u.Prop("Source")! == "(pipeline)");
    }

    [Fact]
    public void OutputType_IsNamed_AndUsableFromScripts()
    {
        var output = _host.RunClean("""
            $users = Import-SignInActivity -LiteralPath $args[0] -AsOf $args[1] -ErrorAction SilentlyContinue
            [Aggregator.SignInActivity].FullName
            $users[0] -is [Aggregator.SignInActivity]
            $users[0].Interactive -is [Aggregator.SignInEvent]
            $users[0].DaysSinceLastSignIn -is [int]
            $users[0].LastSignIn -is [datetime]
            @($users | Where-Object { $_ -isnot [Aggregator.SignInActivity] }).Count
            "$($users[0])"
            (Get-Command Import-SignInActivity).OutputType.Name -join ','
            """, GraphUsersSample.Jsonl, AsOfText);

        Assert.Equal(new object[] { "Aggregator.SignInActivity", true, true, true, true, 0, "christie.cline@contoso.com", "Aggregator.SignInActivity" },
            output.Select(o => o.BaseObject));
    }

    // ---- -AsOf -------------------------------------------------------------------------------------------------------

    [Fact]
    public void AsOf_ChangesDaysSinceLastSignIn_ToWholeDaysFloored()
    {
        var asOf = new DateTime(2025, 3, 31, 0, 0, 0, DateTimeKind.Utc);
        var output = _host.RunClean("Import-SignInActivity -Path $args[0] -AsOf $args[1] -ErrorAction SilentlyContinue", AllSamples, "2025-03-31T00:00:00Z");

        var expected = GraphUsersSample.Table.Select(t => $"{t.Upn} {(t.Latest is null ? "null" : ((int)Math.Floor((asOf - GraphUsersSample.Utc(t.Latest)).TotalDays)).ToString(CultureInfo.InvariantCulture))}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), output.Select(u => $"{u.Prop("UserPrincipalName")} {u.Prop("DaysSinceLastSignIn") ?? "null"}").Order(StringComparer.Ordinal));
        // christie.cline signed in at 2024-12-30T23:59:59Z: one second past 90 days is still 90.
        Assert.Equal(90, output.Single(u => (string)u.Prop("UserPrincipalName")! == "christie.cline@contoso.com").Prop<int>("DaysSinceLastSignIn"));
        Assert.Equal(new[] { "christie.cline@contoso.com", "patti.fernandez@contoso.com" },
            output.Where(u => u.Prop("DaysSinceLastSignIn") is int d && d <= 90).Select(u => (string)u.Prop("UserPrincipalName")!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AsOf_AtTheBoundary_CountsWholeDaysOnly()
    {
        // irvin.sayers: latest 2024-10-02T09:00:00Z. Exactly 90 days later is 90; one second earlier is 89.
        var output = _host.RunClean("""
            foreach ($asOf in '2024-12-31T08:59:59Z', '2024-12-31T09:00:00Z', '2024-12-31T09:00:01Z') {
                (Import-SignInActivity -LiteralPath $args[0] -AsOf $asOf -ErrorAction SilentlyContinue |
                    Where-Object UserPrincipalName -eq 'irvin.sayers@contoso.com').DaysSinceLastSignIn
            }
            """, GraphUsersSample.Jsonl);

        Assert.Equal(new object[] { 89, 90, 90 }, output.Select(o => o.BaseObject));
    }

    [Fact]
    public void AsOf_WithAnOffset_IsTheSameInstant_AsInUtc()
    {
        var utc = _host.RunClean("Import-SignInActivity -Path $args[0] -AsOf '2024-12-31T00:00:00Z' -ErrorAction SilentlyContinue", AllSamples);
        var plusTwo = _host.RunClean("Import-SignInActivity -Path $args[0] -AsOf '2024-12-31T02:00:00+02:00' -ErrorAction SilentlyContinue", AllSamples);
        var minusFive = _host.RunClean("Import-SignInActivity -Path $args[0] -AsOf '2024-12-30T19:00:00-05:00' -ErrorAction SilentlyContinue", AllSamples);

        Assert.Equal(utc.Select(Row), plusTwo.Select(Row));
        Assert.Equal(utc.Select(Row), minusFive.Select(Row));
    }

    [Fact]
    public void AsOf_Omitted_MeansNow()
    {
        DateTime before = DateTime.UtcNow;
        var output = _host.RunClean("Import-SignInActivity -LiteralPath $args[0] -ErrorAction SilentlyContinue", GraphUsersSample.Jsonl);
        DateTime after = DateTime.UtcNow;

        PSObject joni = output.Single(u => (string)u.Prop("UserPrincipalName")! == "joni.sherman@contoso.com");
        DateTime last = GraphUsersSample.Utc("2024-07-12T08:01:13Z");
        Assert.InRange(joni.Prop<int>("DaysSinceLastSignIn"), (int)Math.Floor((before - last).TotalDays), (int)Math.Floor((after - last).TotalDays));
    }

    // ---- pipeline input by property name -----------------------------------------------------------------------------

    [Fact]
    public void Pipeline_PSCustomObjects_LikeConvertFromJson_GiveWhatTheFileGives()
    {
        // The shape ConvertFrom-Json gives for users.jsonl (minus its broken line): camelCase, dates as text.
        var output = _host.RunClean("""
            function Activity($i, $iId, $n, $nId, $s, $sId) {
                [pscustomobject]@{ lastSignInDateTime = $i; lastSignInRequestId = $iId; lastNonInteractiveSignInDateTime = $n
                    lastNonInteractiveSignInRequestId = $nId; lastSuccessfulSignInDateTime = $s; lastSuccessfulSignInRequestId = $sId }
            }
            [pscustomobject]@{ id = 'c1'; userPrincipalName = 'christie.cline@contoso.com'; displayName = 'Christie Cline'; accountEnabled = $true
                signInActivity = Activity '2024-12-23T10:10:10Z' 'r1' '2024-12-30T23:59:59Z' 'r2' '2024-12-30T23:59:59Z' 'r3' },
            [pscustomobject]@{ id = 'h1'; userPrincipalName = 'henrietta.mueller@contoso.com'; displayName = 'Henrietta Mueller'; accountEnabled = $true },
            [pscustomobject]@{ id = 'd1'; userPrincipalName = 'debra.berger@contoso.com'; displayName = 'Debra Berger'; accountEnabled = $true
                signInActivity = Activity $null $null $null $null $null $null },
            [pscustomobject]@{ id = 'j1'; userPrincipalName = 'joni.sherman@contoso.com'; displayName = 'Joni Sherman'; accountEnabled = $false
                signInActivity = Activity '2024-07-10T11:45:00Z' 'r4' '2024-07-12T08:01:13Z' 'r5' '2024-07-10T11:45:00Z' 'r6' } |
                Import-SignInActivity -AsOf $args[0]
            """, AsOfText);

        Assert.Equal(new[]
        {
            "(pipeline):1 c1 christie.cline@contoso.com [Christie Cline] enabled=True I=2024-12-23T10:10:10Z (r1) N=2024-12-30T23:59:59Z (r2) S=2024-12-30T23:59:59Z (r3) last=2024-12-30T23:59:59Z days=0 never=False",
            "(pipeline):2 h1 henrietta.mueller@contoso.com [Henrietta Mueller] enabled=True I=- N=- S=- last=null days=null never=True",
            "(pipeline):3 d1 debra.berger@contoso.com [Debra Berger] enabled=True I=- N=- S=- last=null days=null never=True",
            "(pipeline):4 j1 joni.sherman@contoso.com [Joni Sherman] enabled=False I=2024-07-10T11:45:00Z (r4) N=2024-07-12T08:01:13Z (r5) S=2024-07-10T11:45:00Z (r6) last=2024-07-12T08:01:13Z days=171 never=False",
        }, output.Select(Row));
        Assert.All(output, u => Assert.Equal("(pipeline)", u.Prop("Source")));
    }

    [Fact]
    public void Pipeline_SignInActivity_AsAHashtable_InAnyCase_WithDatesAndOffsets()
    {
        var output = _host.RunClean("""
            [pscustomobject]@{ Id = 'u1'; UserPrincipalName = 'u1@x'; AccountEnabled = 'FALSE'
                SignInActivity = @{ LASTSIGNINDATETIME = '2024-12-01T00:00:00Z'; lastsigninrequestid = 'r1'
                    LastSuccessfulSignInDateTime = [datetimeoffset]'2024-12-02T02:00:00+02:00'; LastSuccessfulSignInRequestId = 'r2' } },
            [pscustomobject]@{ Id = 'u2'; SignInActivity = [ordered]@{ lastNonInteractiveSignInDateTime = '2024-12-01T10:00:00+01:00'; lastNonInteractiveSignInRequestId = 'r3' } } |
                Import-SignInActivity -AsOf $args[0]
            """, AsOfText);

        Assert.Equal(new[]
        {
            "(pipeline):1 u1 u1@x [] enabled=False I=2024-12-01T00:00:00Z (r1) N=- S=2024-12-02T00:00:00Z (r2) last=2024-12-02T00:00:00Z days=29 never=False",
            "(pipeline):2 u2  [] enabled=null I=- N=2024-12-01T09:00:00Z (r3) S=- last=2024-12-01T09:00:00Z days=29 never=False",
        }, output.Select(Row));
    }

    [Fact]
    public void Pipeline_GetMgUserLikeObjects_PascalCaseDateTimes_AndANullSignInActivity()
    {
        var local = new DateTime(2024, 7, 12, 8, 1, 13, DateTimeKind.Utc).ToLocalTime();   // the SDK may hand out local times
        var users = new[]
        {
            new FakeMgUser
            {
                Id = "g1", UserPrincipalName = "joni.sherman@contoso.com", DisplayName = "Joni Sherman", AccountEnabled = false, Mail = "joni@contoso.com",
                SignInActivity = new FakeMgSignInActivity
                {
                    LastSignInDateTime = new DateTime(2024, 7, 10, 11, 45, 0, DateTimeKind.Utc), LastSignInRequestId = "r1",
                    LastNonInteractiveSignInDateTime = local, LastNonInteractiveSignInRequestId = "r2",
                    LastSuccessfulSignInDateTime = new DateTime(2024, 7, 10, 11, 45, 0, DateTimeKind.Utc), LastSuccessfulSignInRequestId = "r3",
                },
            },
            new FakeMgUser { Id = "g2", UserPrincipalName = "diego.siciliani@contoso.com", DisplayName = "Diego Siciliani", AccountEnabled = true },
            new FakeMgUser
            {
                Id = "g3", UserPrincipalName = "lee.gu@contoso.com", AccountEnabled = true,
                SignInActivity = new FakeMgSignInActivity { LastSuccessfulSignInDateTime = new DateTime(2024, 8, 7, 2, 0, 19, DateTimeKind.Utc), LastSuccessfulSignInRequestId = "r4" },
            },
        };

        RunResult result = _host.Run("$args[0] | Import-SignInActivity -AsOf $args[1] -WarningVariable w; @($w).Count", users, AsOfText);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new[]
        {
            "(pipeline):1 g1 joni.sherman@contoso.com [Joni Sherman] enabled=False I=2024-07-10T11:45:00Z (r1) N=2024-07-12T08:01:13Z (r2) S=2024-07-10T11:45:00Z (r3) last=2024-07-12T08:01:13Z days=171 never=False",
            "(pipeline):2 g2 diego.siciliani@contoso.com [Diego Siciliani] enabled=True I=- N=- S=- last=null days=null never=True",
            "(pipeline):3 g3 lee.gu@contoso.com [] enabled=True I=- N=- S=2024-08-07T02:00:19Z (r4) last=2024-08-07T02:00:19Z days=145 never=False",
        }, result.Output.Take(3).Select(Row));
        Assert.Equal(0, result.Output[3].BaseObject);   // some had a SignInActivity: no warning
    }

    [Fact]
    public void Pipeline_NullSignInActivity_IsNeverSignedIn_AndNotAnError()
    {
        RunResult result = _host.Run("""
            [pscustomobject]@{ Id = 'a'; UserPrincipalName = 'a@x'; SignInActivity = [pscustomobject]@{ lastSignInDateTime = '2024-12-30T00:00:00Z' } },
            [pscustomobject]@{ Id = 'b'; UserPrincipalName = 'b@x'; AccountEnabled = $true; SignInActivity = $null },
            [pscustomobject]@{ Id = 'c'; UserPrincipalName = 'c@x'; SignInActivity = @{} } | Import-SignInActivity -AsOf $args[0]
            """, AsOfText);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new[]
        {
            "(pipeline):1 a a@x [] enabled=null I=2024-12-30T00:00:00Z () N=- S=- last=2024-12-30T00:00:00Z days=1 never=False",
            "(pipeline):2 b b@x [] enabled=True I=- N=- S=- last=null days=null never=True",
            "(pipeline):3 c c@x [] enabled=null I=- N=- S=- last=null days=null never=True",
        }, result.Output.Select(Row));
    }

    [Fact]
    public void Pipeline_SignInActivityAsText_IsSkippedAsInvalidField_AndTheOthersGoOn()
    {
        RunResult result = _host.Run("""
            [pscustomobject]@{ Id = 'a'; UserPrincipalName = 'a@x'; SignInActivity = [pscustomobject]@{ lastSignInDateTime = '2024-12-30T00:00:00Z'; lastSignInRequestId = 'r' } },
            [pscustomobject]@{ Id = 'b'; UserPrincipalName = 'b@x'; SignInActivity = '2024-12-30T00:00:00Z' },
            [pscustomobject]@{ Id = 'c'; UserPrincipalName = 'c@x'; SignInActivity = 42 },
            [pscustomobject]@{ Id = 'd'; UserPrincipalName = 'd@x' } | Import-SignInActivity -AsOf $args[0] -ErrorVariable bad
            """, AsOfText);

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "a@x", "d@x" }, result.Output.Select(u => (string)u.Prop("UserPrincipalName")!));
        Assert.Equal(new[] { "InvalidField", "InvalidField" }, result.Errors.Select(Id));
        Assert.Equal(new[] { "b@x 2", "c@x 3" }, result.Errors.Select(e => $"{Target(e).Prop("User")} {Target(e).Prop("Line")}"));
        Assert.All(result.Errors, e =>
        {
            Assert.Equal("Aggregator.SkippedRecord", e.TargetObject.GetType().FullName);
            Assert.Equal("(pipeline)", Target(e).Prop("Source"));
            Assert.Equal("InvalidField", Target(e).Prop("Reason")!.ToString());
            Assert.Equal("The signInActivity is not an object.", Target(e).Prop("Message"));
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        });
        Assert.Equal(2, ErrorVariable("bad").Count);
    }

    [Fact]
    public void Pipeline_BadUsers_AreSkipped_WithTheirReason()
    {
        RunResult result = _host.Run("""
            [pscustomobject]@{ DisplayName = 'nobody' },
            [pscustomobject]@{ Id = 'e'; AccountEnabled = 'maybe' },
            [pscustomobject]@{ Id = 'f'; SignInActivity = [pscustomobject]@{ lastSuccessfulSignInDateTime = 'yesterday' } },
            [pscustomobject]@{ Id = 'g'; UserPrincipalName = @('g1@x', 'g2@x') },
            [pscustomobject]@{ Id = 'ok'; AccountEnabled = 'true' } | Import-SignInActivity -AsOf $args[0]
            """, AsOfText);

        Assert.Null(result.Terminating);
        Assert.Equal("(pipeline):5 ok  [] enabled=True I=- N=- S=- last=null days=null never=True", Row(Assert.Single(result.Output)));
        Assert.Equal(new[] { "MissingField 1", "InvalidField 2", "InvalidTimestamp 3", "InvalidField 4" },
            result.Errors.Select(e => $"{Id(e)} {Target(e).Prop("Line")}"));
        Assert.Contains("yesterday", (string)Target(result.Errors[2]).Prop("Message")!);
        Assert.Contains("lastSuccessfulSignInDateTime", (string)Target(result.Errors[2]).Prop("Message")!);
        Assert.Contains("maybe", (string)Target(result.Errors[1]).Prop("Message")!);
    }

    [Fact]
    public void Pipeline_NoUserWithASignInActivity_WarnsOnce_NamingGetMgUserProperty()
    {
        // What Get-MgUser gives without -Property SignInActivity: the property is there but null.
        var users = new[]
        {
            new FakeMgUser { Id = "1", UserPrincipalName = "a@x", AccountEnabled = true },
            new FakeMgUser { Id = "2", UserPrincipalName = "b@x", AccountEnabled = false },
            new FakeMgUser { Id = "3", UserPrincipalName = "c@x" },
        };

        RunResult result = _host.Run("""
            $users = $args[0] | Import-SignInActivity -AsOf $args[1] -WarningVariable w
            @($users).Count
            @($users | Where-Object NeverSignedIn).Count
            @($w).Count
            @($w)[0].Message
            """, users, AsOfText);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 3, 3, 1 }, result.Output.Take(3).Select(o => o.BaseObject));
        string warning = (string)result.Output[3].BaseObject;
        Assert.Contains("Get-MgUser", warning);
        Assert.Contains("-Property", warning);
        Assert.Contains("SignInActivity", warning);

        // The same from objects without the property at all.
        var none = _host.RunClean("""
            $null = [pscustomobject]@{ Id = '1' }, [pscustomobject]@{ UserPrincipalName = 'b@x' } | Import-SignInActivity -WarningVariable w
            @($w).Count
            """);
        Assert.Equal(1, none.Single().BaseObject);
    }

    [Fact]
    public void NoWarning_WhenSomeUserHasASignInActivity_OrForFiles()
    {
        var output = _host.RunClean("""
            $null = [pscustomobject]@{ Id = '1' }, [pscustomobject]@{ Id = '2'; SignInActivity = @{ lastSignInDateTime = $null } } |
                Import-SignInActivity -WarningVariable w1
            @($w1).Count
            $null = Import-SignInActivity -LiteralPath $args[0] -WarningVariable w2
            @($w2).Count
            """, GraphUsersSample.PageJson);

        Assert.Equal(new object[] { 0, 0 }, output.Select(o => o.BaseObject));
    }

    // ---- help --------------------------------------------------------------------------------------------------------

    [Fact]
    public void GetHelpExamples_AtLeastTwo_EachUsingTheCmdlet()
    {
        var codes = _host.RunClean("(Get-Help -Name Import-SignInActivity -Examples).examples.example | ForEach-Object { $_.code }")
            .Where(o => o is not null).Select(o => o.BaseObject as string).ToList();

        Assert.True(codes.Count >= 2, $"Import-SignInActivity has {codes.Count} example(s) in Get-Help -Examples.");
        Assert.All(codes, code => Assert.Contains("Import-SignInActivity", code));
    }
}
