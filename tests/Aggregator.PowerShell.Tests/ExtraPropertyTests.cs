using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Import-EventRecord -Property: extra paths kept on each record as note properties. realdata/okta holds three Okta
/// System Log events, all from client.ipAddress 175.16.199.1; the first two have outcome {reason: null, result: SUCCESS},
/// the third {reason: "Sign-on policy evaluation resulted in ALLOW", result: ALLOW}, which as a status is no known word.
/// </summary>
public sealed class ExtraPropertyTests : IDisposable
{
    private const string Okta =
        "Import-EventRecord $args[0] -UserField actor.alternateId -EventField eventType -TimestampField published -StatusField {0} ";

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string OktaFile => Path.Combine(RepoPaths.RealData, "okta", "okta-system-events-lines1-3.jsonl");

    private static string[] NoteProperties(PSObject record) =>
        record.Properties.Where(p => p.MemberType == PSMemberTypes.NoteProperty).Select(p => $"{p.Name}={p.Value ?? "(null)"}").ToArray();

    [Fact]
    public void Okta_DottedPaths_BecomeNoteProperties_NamedByThePath()
    {
        RunResult result = _host.Run(string.Format(Okta, "outcome.result") + "-Property client.ipAddress, outcome.reason, debugContext.debugData.requestUri", OktaFile);

        Assert.Equal(2, result.Output.Count);
        Assert.Equal(new[] { "client.ipAddress=175.16.199.1", "outcome.reason=(null)", "debugContext.debugData.requestUri=/login/signout" },
            NoteProperties(result.Output[0]));
        Assert.Equal("175.16.199.1", result.Output[1].Prop("client.ipAddress"));
        Assert.Equal("Aggregator.EventRecord", result.Output[0].TypeName());
        Assert.Equal("UnknownStatus", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);   // 'ALLOW'
    }

    [Fact]
    public void Okta_AllThreeRecords_WithTheReasonOfTheThird_WhenTheStatusIsAnotherField()
    {
        // The status read from a field none of the events has, so that all three are valid.
        var records = _host.RunClean(string.Format(Okta, "no.such.field") + "-Property outcome.reason, outcome.result, outcome", OktaFile);

        Assert.Equal(new[] { "(null) SUCCESS (null)", "(null) SUCCESS (null)", "Sign-on policy evaluation resulted in ALLOW ALLOW (null)" },
            records.Select(r => $"{r.Prop("outcome.reason") ?? "(null)"} {r.Prop("outcome.result")} {r.Prop("outcome") ?? "(null)"}"));
        // Where-Object sees them as any property.
        Assert.Equal(new object[] { "policy.evaluate_sign_on" },
            _host.RunClean(string.Format(Okta, "no.such.field") + "-Property outcome.result | Where-Object outcome.result -eq ALLOW | ForEach-Object Event",
                OktaFile).Select(o => o.BaseObject));
    }

    [Fact]
    public void WithoutProperty_RecordsHaveNoNoteProperties()
    {
        var records = _host.RunClean(string.Format(Okta, "no.such.field"), OktaFile);

        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Empty(NoteProperties(r)));
    }

    [Fact]
    public void Csv_ColumnsByName_AndAColumnNoRowHas_IsNull()
    {
        string path = _host.WriteFile("signins.csv", "user,event,ip,country\nalice,login,10.0.0.1,NL\nbob,login,,DE\n");

        var records = _host.RunClean("Import-EventRecord $args[0] -Property ip, Country, city", path);

        Assert.Equal(new[] { "ip=10.0.0.1|Country=NL|city=(null)", "ip=(null)|Country=DE|city=(null)" },
            records.Select(r => string.Join("|", NoteProperties(r))));
    }

    [Fact]
    public void ParallelParts_KeepTheirPropertiesToo()
    {
        var lines = Enumerable.Range(0, 20_000).Select(i => $"{{\"user\":\"u{i % 7}\",\"event\":\"e\",\"client\":{{\"ip\":\"10.0.{i % 3}.{i % 250}\"}}}}");
        string path = _host.WriteFile("many.jsonl", string.Join("\n", lines) + "\n");

        var records = _host.RunClean("Import-EventRecord $args[0] -ThrottleLimit 4 -Ordered -Property client.ip", path);

        Assert.Equal(20_000, records.Count);
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => $"10.0.{i % 3}.{i % 250}"), records.Select(r => (string?)r.Prop("client.ip")));
    }
}
