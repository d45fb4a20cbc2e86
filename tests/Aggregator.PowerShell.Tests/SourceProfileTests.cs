using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>-SuccessValue, -FailureValue, -MissingStatus and -Source as a hashtable or file, and how they combine.</summary>
public sealed class SourceProfileTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Okta => Path.Combine(RealDataJson.Folder, "okta", "okta-system-events-lines1-3.jsonl");

    private static string Windows => Path.Combine(RealDataJson.Folder, "winevents", "psh_input_capture_promptforcreds_2020-10-2001320841.json");

    private string[] Summaries(string script, params object?[] args) =>
        _host.RunClean(script + " | ForEach-Object { '{0} {1} {2} {3}' -f $_.User, $_.TotalEvents, $_.Success, $_.Fail }", args)
            .Select(o => (string)o.BaseObject).ToArray();

    [Fact]
    public void NumericCode_ZeroIsSuccessAndAnyOtherValueFailure_SameFromFileAndPipeline()
    {
        string file = _host.WriteFile("codes.jsonl", """
            {"user":"ann","event":"signin","code":0}
            {"user":"ann","event":"signin","code":"50140"}
            {"user":"bob","event":"signin","code":"0"}
            {"user":"bob","event":"signin","code":53003}
            {"user":"bob","event":"signin"}
            """);

        string[] fromFile = Summaries("Measure-UserEvent -Path $args[0] -StatusField code -SuccessValue 0 -FailureValue *", file);
        string[] fromPipeline = Summaries("""
            @(@{ User = 'ann'; Event = 'signin'; Status = 0 }, @{ User = 'ann'; Event = 'signin'; Status = '50140' },
              @{ User = 'bob'; Event = 'signin'; Status = '0' }, @{ User = 'bob'; Event = 'signin'; Status = 53003 },
              @{ User = 'bob'; Event = 'signin' }) |
                ForEach-Object { [pscustomobject]$_ } | Measure-UserEvent -SuccessValue 0 -FailureValue *
            """);

        Assert.Equal(new[] { "ann 2 1 1", "bob 3 1 1" }, fromFile);
        Assert.Equal(fromFile, fromPipeline);
    }

    [Fact]
    public void UnknownValue_GivesTheSameSkipMessageFromFileAndPipeline()
    {
        string file = _host.WriteFile("okta-like.jsonl", """{"user":"ann","event":"e","status":"SKIPPED"}""" + "\n");

        RunResult fromFile = _host.Run("Measure-UserEvent -Path $args[0] -SuccessValue SUCCESS, ALLOW -FailureValue FAILURE, DENY", file);
        RunResult fromPipeline = _host.Run("""
            [pscustomobject]@{ User = 'ann'; Event = 'e'; Status = 'SKIPPED' } |
                Measure-UserEvent -SuccessValue SUCCESS, ALLOW -FailureValue FAILURE, DENY
            """);

        string expected = "'SKIPPED' is not a known status (expected SUCCESS, ALLOW for success, FAILURE, DENY for failure).";
        foreach (RunResult result in new[] { fromFile, fromPipeline })
        {
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.StartsWith("UnknownStatus", error.FullyQualifiedErrorId);
            Assert.Equal(expected, PSObject.AsPSObject(error.TargetObject).Prop("Message"));
        }
    }

    [Fact]
    public void FieldPresence_FailureWhenPresent_MissingStatusSuccessOtherwise()
    {
        string file = _host.WriteFile("trail.jsonl", """
            {"user":"ann","event":"GetObject"}
            {"user":"ann","event":"GetObject","errorCode":"AccessDenied"}
            {"user":"ann","event":"GetObject","errorCode":null}
            """);

        Assert.Equal(new[] { "ann 3 2 1" },
            Summaries("Measure-UserEvent -Path $args[0] -StatusField errorCode -FailureValue * -MissingStatus Success", file));
    }

    [Fact]
    public void Hashtable_Psd1AndJsonProfiles_ReadLikeTheKnownProfile()
    {
        string psd1 = _host.WriteFile("okta.psd1", """
            @{ User = 'actor.alternateId'; Event = 'eventType'; Status = 'outcome.result'; Timestamp = 'published'
               SuccessValue = 'SUCCESS', 'ALLOW'; FailureValue = 'FAILURE', 'DENY' }
            """);
        _host.WriteFile("okta.json", """
            { "UserField": "actor.alternateId", "EventField": "eventType", "StatusField": ["outcome.result"],
              "TimestampField": "published", "SuccessValue": ["SUCCESS", "ALLOW"], "FailureValue": ["FAILURE", "DENY"] }
            """);

        string[] known = Summaries("Measure-UserEvent -Path $args[0] -Source Okta", Okta);
        Assert.Equal(new[] { "username@elastic.co 1 1 0", "xxxxxx@elastic.co 2 2 0" }, known);
        Assert.Equal(known, Summaries("""
            Measure-UserEvent -Path $args[0] -Source @{ User = 'actor.alternateId'; Event = 'eventType'; Status = 'outcome.result'
                Timestamp = 'published'; SuccessValue = 'SUCCESS', 'ALLOW'; FailureValue = 'FAILURE', 'DENY' }
            """, Okta));
        Assert.Equal(known, Summaries("Measure-UserEvent -Path $args[0] -Source $args[1]", Okta, psd1));
        Assert.Equal(known, Summaries("Measure-UserEvent -Path $args[0] -Source ./okta.json", Okta));
    }

    [Fact]
    public void ExplicitFieldOption_OverridesTheProfilesField_AndKeepsTheRest()
    {
        RunResult result = _host.Run("""
            Import-EventRecord -Path $args[0] -Source WindowsEvent -UserField SubjectUserName, User -ErrorVariable bad -ErrorAction SilentlyContinue |
                ForEach-Object { '{0} {1}' -f $_.User, $_.Event }
            """, Windows);

        Assert.Equal(new[] { "WORKSTATION5\\wardog 23", "wardog 5379" }, result.Output.Select(o => (string)o.BaseObject).Order(StringComparer.Ordinal));
        var bad = ((System.Collections.IEnumerable)_host.GetVariable("bad")!.BaseObject).Cast<object>()
            .Select(o => o is PSObject p ? (ErrorRecord)p.BaseObject : (ErrorRecord)o).ToList();
        Assert.Equal(161, bad.Count);
        Assert.All(bad, error => Assert.StartsWith("MissingField", error.FullyQualifiedErrorId));
    }

    [Theory]
    [InlineData("-Source NoSuchLog", "neither a known log format")]
    [InlineData("-Source @{ Usr = 'a' }", "unknown key 'Usr'")]
    [InlineData("-Source ./missing.psd1", "does not exist")]
    [InlineData("-SuccessValue * -FailureValue *", "not both")]
    [InlineData("-Source @{ MissingStatus = 'Maybe' }", "use Success, Fail or None")]
    public void BadProfileOrValues_StopBeforeReading(string options, string message)
    {
        RunResult result = _host.Run($"Measure-UserEvent -Path $args[0] {options}", Okta);

        Assert.Empty(result.Output);
        ErrorRecord error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.Equal("InvalidReadOption,Aggregator.Commands.MeasureUserEventCommand", error.FullyQualifiedErrorId);
        Assert.Contains(message, error.Exception.Message);
    }

    [Fact]
    public void SourceNames_CompleteOnTab_AndAreEachListedInAboutAggregator()
    {
        string[] all = _host.RunClean("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText",
            "Import-EventRecord x.json -Source ").Select(o => (string)o.BaseObject).ToArray();
        string[] entra = _host.RunClean("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText",
            "Measure-UserEvent -Path x.json -Source entra").Select(o => (string)o.BaseObject).ToArray();
        string about = File.ReadAllText(Path.Combine(RepoPaths.ModuleFolder, "en-US", "about_Aggregator.help.txt"));

        Assert.Equal(new[] { "EntraSignIn", "EntraSignInLogAnalytics", "EntraAudit" }, entra);
        Assert.Contains("CloudTrail", all);
        Assert.Equal(7, all.Length);
        Assert.All(all, name => Assert.Contains(name, about));
    }
}
