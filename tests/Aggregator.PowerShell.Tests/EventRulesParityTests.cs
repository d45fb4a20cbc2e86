namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Issue 18: a CSV file read with -Path and the same file's rows piped in as Import-Csv gives them (every property a
/// string, an empty cell an empty string; bound by property name) are skipped for the same reasons, in the same
/// sentences (EventRules is behind both). The hosted engine has no Import-Csv, so the rows are split here. (A cell of
/// blanks is not among them: Import-Csv trims it to an empty string before a cmdlet sees it.)
/// </summary>
public sealed class EventRulesParityTests : IDisposable
{
    private const string Csv = """
        user,event,status,timestamp
        ann,login,ok,2024-06-01T08:00:00Z
        ,login,ok,2024-06-01T08:05:00Z
        ben,,ok,2024-06-01T08:10:00Z
        ben,view,ok,yesterday
        cat,view,maybe,2024-06-01T08:20:00Z
        cat,view,fail,
        """;

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("Measure-UserEvent")]
    [InlineData("Group-EventByHour")]
    public void TheFileAndItsRowsOnThePipelineGiveTheSameReasonsAndSentences(string command)
    {
        string path = _host.WriteFile("events.csv", Csv.Replace("\r\n", "\n") + "\n");
        RunResult result = _host.Run($$"""
            $path = $args[0]
            $null = {{command}} -Path $path -ErrorVariable fromFile -ErrorAction SilentlyContinue
            $lines = [IO.File]::ReadAllLines($path)
            $names = $lines[0] -split ','
            $rows = for ($i = 1; $i -lt $lines.Length; $i++) {
                $cells = $lines[$i] -split ','
                $row = [ordered]@{}
                for ($c = 0; $c -lt $names.Length; $c++) { $row[$names[$c]] = $cells[$c] }
                [pscustomobject]$row
            }
            $null = $rows | {{command}} -ErrorVariable fromObjects -ErrorAction SilentlyContinue
            foreach ($e in @($fromFile) + @($fromObjects)) { '{0}|{1}' -f $e.TargetObject.Reason, $e.TargetObject.Message }
            """, path);

        Assert.Null(result.Terminating);
        string[] lines = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.True(lines.Length == 8, string.Join("\n", lines));
        string[] fromFile = lines[..4], fromObjects = lines[4..];
        Assert.Equal(new[]
        {
            "MissingField|The record has no user (user, user_id, userId or username).",
            "MissingField|The record has no event (event, event_type, eventType or type).",
            "InvalidTimestamp|'yesterday' is not a valid timestamp.",
            "UnknownStatus|" + fromFile[3].Split('|')[1],
        }, fromFile);
        Assert.StartsWith("UnknownStatus|'maybe' is not a known status", fromFile[3]);
        Assert.Equal(fromFile, fromObjects);
    }
}
