using System.Management.Automation;
using System.Text.Json;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// -Source on the public files of ../shared/realdata, with no field options: the per-user counts must equal a count
/// made here with System.Text.Json and the vendor's own rules, and every record read is either valid or skipped.
/// </summary>
public sealed class SourceProfileRealDataTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void GitHubArchive_CountsEveryEventOfTheHourFiles()
    {
        AssertCountsMatch("GitHubArchive", new[] { "gharchive/*.json.gz", "gharchive/*.head200.json" },
            record => (JsonText(record, "actor.login"), "None"));
    }

    [Fact]
    public void CloudTrail_FailsOnErrorCodeOrConsoleLoginFailure_AndSkipsOnlyInsightsAndTheInvalidFile()
    {
        var skipped = AssertCountsMatch("CloudTrail", new[] { "cloudtrail/*.json" }, record =>
        {
            string? user = JsonText(record, "userIdentity.userName") ?? JsonText(record, "userIdentity.arn") ??
                           JsonText(record, "userIdentity.invokedBy");
            string status = RealDataJson.At(record, "errorCode") is not null ? "Fail"
                : JsonText(record, "responseElements.ConsoleLogin") == "Failure" ? "Fail"
                : "Success";
            return (user, status);
        });

        // The published iam-create-role example has a raw newline inside a string; Insights records have no userIdentity.
        Assert.Equal(new[] { "InvalidJson iam-create-role.json", "MissingField insights-event.json", "MissingField insights-event.json" },
            skipped);
    }

    [Fact]
    public void EntraSignIn_ReadsDiagnosticLogRecords_ErrorCodeNotZeroIsFailure()
    {
        AssertCountsMatch("EntraSignIn", new[] { "entra/signinlogs-raw.log" }, record =>
        {
            JsonElement signIn = RealDataJson.At(record, "properties") ?? record;
            return (JsonText(signIn, "userPrincipalName"), JsonText(signIn, "status.errorCode") == "0" ? "Success" : "Fail");
        });
    }

    [Fact]
    public void EntraAudit_ReachesIntoInitiatedBy_WhichLogAnalyticsExportsAsAJsonString()
    {
        AssertCountsMatch("EntraAudit", new[] { "entra/otrf-AADAuditEvents.json" }, record =>
        {
            using JsonDocument initiatedBy = JsonDocument.Parse(JsonText(record, "InitiatedBy")!);
            return (JsonText(initiatedBy.RootElement, "user.userPrincipalName"), JsonText(record, "Result") == "success" ? "Success" : "Fail");
        });
    }

    [Fact]
    public void Okta_SuccessAndAllowAreSuccess()
    {
        AssertCountsMatch("Okta", new[] { "okta/*.jsonl" }, record => (JsonText(record, "actor.alternateId"),
            JsonText(record, "outcome.result") switch
            {
                "SUCCESS" or "ALLOW" => "Success",
                "FAILURE" or "DENY" => "Fail",
                var other => throw new Xunit.Sdk.XunitException($"unexpected Okta result {other}"),
            }));
    }

    [Fact]
    public void WindowsEvent_CountsPerComputer()
    {
        AssertCountsMatch("WindowsEvent", new[] { "winevents/*.json" }, record => (JsonText(record, "Hostname"), "None"));
    }

    private static string? JsonText(JsonElement record, string path) => RealDataJson.Text(record, path);

    /// <summary>
    /// Runs Measure-UserEvent -Source over the files (each pattern searched in its folder and below) and compares "user total success fail" lines with the count made
    /// by <paramref name="outcome"/> (a null user is a record the module must skip as MissingField). Returns the skips
    /// as "reason file".
    /// </summary>
    private List<string> AssertCountsMatch(string source, string[] patterns, Func<JsonElement, (string? User, string Status)> outcome)
    {
        string[] files = patterns.SelectMany(pattern => Directory.GetFiles(
                Path.Combine(RealDataJson.Folder, Path.GetDirectoryName(pattern)!), Path.GetFileName(pattern), SearchOption.AllDirectories))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);

        var expected = new Dictionary<string, (int Total, int Success, int Fail)>();
        int valid = 0, withoutUser = 0;
        var unreadable = new List<string>();
        foreach (string file in files)
        {
            if (RealDataJson.Records(file) is not { } records)
            {
                unreadable.Add(Path.GetFileName(file));
                continue;
            }

            foreach (JsonElement record in records)
            {
                (string? user, string status) = outcome(record);
                if (string.IsNullOrEmpty(user))
                {
                    withoutUser++;
                    continue;
                }

                valid++;
                var (total, success, fail) = expected.GetValueOrDefault(user);
                expected[user] = (total + 1, success + (status == "Success" ? 1 : 0), fail + (status == "Fail" ? 1 : 0));
            }
        }

        RunResult result = _host.Run("""
            Measure-UserEvent -LiteralPath $args[0] -Source $args[1] -StatisticsVariable st -ErrorVariable bad -ErrorAction SilentlyContinue |
                ForEach-Object { '{0} {1} {2} {3}' -f $_.User, $_.TotalEvents, $_.Success, $_.Fail }
            """, files, source);
        Assert.Null(result.Terminating);

        var actualLines = result.Output.Select(o => (string)o.BaseObject).Order(StringComparer.Ordinal);
        var expectedLines = expected.Select(pair => $"{pair.Key} {pair.Value.Total} {pair.Value.Success} {pair.Value.Fail}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expectedLines, actualLines);

        PSObject statistics = _host.GetVariable("st")!;
        Assert.Equal(valid, statistics.Prop<long>("ValidRecords"));
        Assert.Equal(statistics.Prop<long>("TotalRecords"), statistics.Prop<long>("ValidRecords") + statistics.Prop<long>("SkippedRecords"));

        var skipped = ((System.Collections.IEnumerable)_host.GetVariable("bad")!.BaseObject).Cast<object>()
            .Select(o => o is PSObject p ? (ErrorRecord)p.BaseObject : (ErrorRecord)o)
            .Select(e => $"{e.FullyQualifiedErrorId.Split(',')[0]} {Path.GetFileName((string)PSObject.AsPSObject(e.TargetObject).Prop("Source")!)}")
            .ToList();
        Assert.Equal(statistics.Prop<long>("SkippedRecords"), skipped.Count);
        Assert.Equal(withoutUser, skipped.Count(line => line.StartsWith("MissingField ", StringComparison.Ordinal)));
        Assert.Equal(unreadable.Select(file => "InvalidJson " + file), skipped.Where(line => line.StartsWith("InvalidJson ", StringComparison.Ordinal)));
        return skipped;
    }
}
