using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// The module's own output goes back in, live, as Import-Csv gives it back after Export-Csv (every property text in the
/// session's culture), and as Import-Clixml gives it back after Export-Clixml (Deserialized.* objects). The hosted
/// engine has no Export-Csv or Export-Clixml: AsCsvRows writes each property as Export-Csv does in the invariant
/// culture (the module's default for timestamp text; null as an empty cell), and PSSerializer is the serializer
/// Export-Clixml uses. tests/Energy.Tests.ps1 and tests/SignIn.Tests.ps1 run the real Export-Csv (also in en-US, read
/// back with -Culture en-US) and Export-Clixml.
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    private const string AsOf = "2024-12-31T00:00:00Z";

    private const string Helpers = """
        function AsCsvRows {
            process {
                $row = [ordered]@{}
                foreach ($p in $_.PSObject.Properties) { $row[$p.Name] = if ($null -eq $p.Value) { '' } else { [string]::Format([cultureinfo]::InvariantCulture, '{0}', $p.Value) } }
                [pscustomobject]$row
            }
        }
        function AsClixml {
            process {
                [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_, 2))
            }
        }
        function Through($how) { process { $item = $_; switch ($how) { 'live' { $item } 'csv' { $item | AsCsvRows } 'clixml' { $item | AsClixml } } } }
        """;

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string ReadingsJson => Path.Combine(RepoPaths.Samples, "electro", "readings.json");

    private static string UsersPage => Path.Combine(RepoPaths.Samples, "graph-users", "users-page.json");

    private static string KwhRow(PSObject u) =>
        $"{((DateTimeOffset)u.Prop("Period")!).ToString("o")} {u.Prop("Interval")} {u.Prop("MeterId")} {Math.Round(u.Prop<double>("Kwh"), 9)} {u.Prop<long>("Readings")}";

    private static string UserRow(PSObject u) =>
        $"{u.Prop("Id")} {u.Prop("UserPrincipalName")} {u.Prop("DisplayName")} {u.Prop("AccountEnabled")} " +
        $"[{u.Prop("Interactive")}] [{u.Prop("NonInteractive")}] [{u.Prop("Successful")}] " +
        $"{(u.Prop("LastSignIn") as DateTime?)?.ToString("o")} {u.Prop("DaysSinceLastSignIn")} {u.Prop("NeverSignedIn")}";

    [Theory]
    [InlineData("live")]
    [InlineData("csv")]
    [InlineData("clixml")]
    public void HourlyKwhUsage_ReaggregatedByDay_EqualsReadingTheFileByDay(string how)
    {
        var daily = _host.RunClean("Measure-KwhUsage -LiteralPath $args[0] -Interval Day -ErrorAction SilentlyContinue", ReadingsJson);
        var again = _host.RunClean(Helpers + """

            Measure-KwhUsage -LiteralPath $args[0] -ErrorAction SilentlyContinue | Through $args[1] | Measure-KwhUsage -Interval Day
            """, ReadingsJson, how);

        Assert.Equal(3, daily.Count);
        Assert.Equal(daily.Select(KwhRow), again.Select(KwhRow));
    }

    [Theory]
    [InlineData("live")]
    [InlineData("csv")]
    [InlineData("clixml")]
    public void KwhUsageByMeterInAZone_ReaggregatedByDay_EqualsReadingTheFileByDay(string how)
    {
        const string options = "-ByMeter -TimeZone Europe/Berlin -ErrorAction SilentlyContinue";
        var daily = _host.RunClean($"Measure-KwhUsage -LiteralPath $args[0] -Interval Day {options}", ReadingsJson);
        var again = _host.RunClean(Helpers + $"""

            Measure-KwhUsage -LiteralPath $args[0] -Interval QuarterHour {options} | Through $args[1] | Measure-KwhUsage -Interval Day {options}
            """, ReadingsJson, how);

        Assert.Equal(daily.Select(KwhRow), again.Select(KwhRow));
    }

    [Theory]
    [InlineData("live")]
    [InlineData("csv")]
    [InlineData("clixml")]
    public void SignInActivity_PipedBackIn_GivesTheSameUsers_WithoutAWarning(string how)
    {
        var first = _host.RunClean("Import-SignInActivity -LiteralPath $args[0] -AsOf $args[1]", UsersPage, AsOf);
        RunResult again = _host.Run(Helpers + """

            Import-SignInActivity -LiteralPath $args[0] -AsOf $args[1] | Through $args[2] | Import-SignInActivity -AsOf $args[1] 3>&1
            """, UsersPage, AsOf, how);

        Assert.Empty(again.Errors);
        Assert.Equal(7, first.Count);
        Assert.Contains(first, u => !(bool)u.Prop("NeverSignedIn")!);
        Assert.All(again.Output, o => Assert.IsNotType<WarningRecord>(o.BaseObject));
        Assert.Equal(first.Select(UserRow), again.Output.Select(UserRow));
    }

    [Theory]
    [InlineData("live")]
    [InlineData("csv")]
    [InlineData("clixml")]
    public void SignInActivity_OnlyUsersWhoNeverSignedIn_PipedBackIn_StayNeverSignedIn_WithoutTheGetMgUserHint(string how)
    {
        RunResult again = _host.Run(Helpers + """

            Import-SignInActivity -LiteralPath $args[0] -AsOf $args[1] | Where-Object NeverSignedIn | Through $args[2] |
                Import-SignInActivity -AsOf $args[1] 3>&1
            """, UsersPage, AsOf, how);

        Assert.Empty(again.Errors);
        Assert.Equal(2, again.Output.Count);
        Assert.All(again.Output, u => Assert.Equal(true, u.Prop("NeverSignedIn")));
    }

    [Fact]
    public void SignInActivity_ASignInCellThatIsNotASignIn_IsSkipped_AsInvalidTimestamp()
    {
        RunResult result = _host.Run("""
            [pscustomobject]@{ Id = '1'; UserPrincipalName = 'a@contoso.com'; Interactive = 'yesterday (req-1)' } | Import-SignInActivity
            """);

        Assert.Empty(result.Output);
        Assert.StartsWith("InvalidTimestamp", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("clixml")]
    public void SensorReading_AndEventRecord_CopiedBackIn_AggregateAsLive(string how)
    {
        string sensors = Path.Combine(RepoPaths.Samples, "sensors", "boiler.csv");
        var live = _host.RunClean("Import-SensorReading -LiteralPath $args[0] | Measure-SensorReading | ForEach-Object { \"$($_.RowCount) $($_.Sum)\" }", sensors);
        var copied = _host.RunClean(Helpers + """

            Import-SensorReading -LiteralPath $args[0] | Through $args[1] | Measure-SensorReading | ForEach-Object { "$($_.RowCount) $($_.Sum)" }
            """, sensors, how);
        Assert.Equal(live.Select(o => o.BaseObject), copied.Select(o => o.BaseObject));

        var users = _host.RunClean("Import-EventRecord -LiteralPath $args[0] -ErrorAction SilentlyContinue | Measure-UserEvent", RepoPaths.EventsJson);
        var usersCopied = _host.RunClean(Helpers + """

            Import-EventRecord -LiteralPath $args[0] -ErrorAction SilentlyContinue | Through $args[1] | Measure-UserEvent
            """, RepoPaths.EventsJson, how);
        Assert.Equal(users.Select(Render.Summary), usersCopied.Select(Render.Summary));
    }
}
