using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Every date parameter (-AsOf, -From, -To) takes a DateTime, a DateTimeOffset (also the module's own KwhUsage.Period,
/// live or deserialized) or text in the invariant culture, and means the same instant each way.
/// </summary>
public sealed class DateParameterTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string ReadingsJson => Path.Combine(RepoPaths.Samples, "electro", "readings.json");

    private static string UsersArray => Path.Combine(RepoPaths.Samples, "graph-users", "users-array.json");

    private List<string> Days(string asOf) => _host.RunClean(
            $"Import-SignInActivity -LiteralPath $args[0] -AsOf {asOf} -ErrorAction SilentlyContinue | ForEach-Object {{ \"$($_.UserPrincipalName) $($_.DaysSinceLastSignIn)\" }}",
            UsersArray)
        .Select(o => (string)o.BaseObject).ToList();

    [Theory]
    [InlineData("([DateTimeOffset]'2024-12-31T00:00:00Z')")]
    [InlineData("([DateTimeOffset]'2024-12-31T02:00:00+02:00')")]
    [InlineData("'2024-12-31T01:00:00+01:00'")]
    [InlineData("'2024-12-31'")]
    [InlineData("([datetime]::SpecifyKind([datetime]'2024-12-31', 'Utc'))")]
    public void AsOf_TakesADateTimeOffset_OrText_AsTheSameInstant(string asOf)
    {
        var expected = Days("2024-12-31T00:00:00Z");
        Assert.Contains("grady.archie@contoso.com 31", expected);

        Assert.Equal(expected, Days(asOf));
    }

    [Fact]
    public void AsOf_InvalidText_IsAParameterBindingError_NamingTheValue()
    {
        RunResult result = _host.Run("Import-SignInActivity -LiteralPath $args[0] -AsOf 'next tuesday'", UsersArray);

        ErrorRecord error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentTransformationError", error.FullyQualifiedErrorId);
        Assert.Contains("next tuesday", error.Exception.Message);
    }

    [Fact]
    public void FromTo_TakeTheModulesOwnPeriod_AsADateTimeOffset()
    {
        var output = _host.RunClean("""
            $usage = Measure-KwhUsage -LiteralPath $args[0] -ErrorAction SilentlyContinue
            $cut = Measure-KwhUsage -LiteralPath $args[0] -From $usage[1].Period -To $usage[3].Period -ErrorAction SilentlyContinue
            $cut.Count
            $cut[0].Period -eq $usage[1].Period
            $cut[1].Kwh -eq $usage[2].Kwh
            """, ReadingsJson);

        Assert.Equal(new object[] { 2, true, true }, output.Select(o => o.BaseObject));
    }

    [Fact]
    public void FromTo_TakeADeserializedPeriod_AndAnOffsetInAnotherZone()
    {
        var output = _host.RunClean("""
            $usage = Measure-KwhUsage -LiteralPath $args[0] -ErrorAction SilentlyContinue
            $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($usage[1]))
            $to = [DateTimeOffset]::new(2024, 7, 1, 5, 0, 0, [timespan]'02:00')     # 03:00Z, the start of $usage[3]
            $cut = Measure-KwhUsage -LiteralPath $args[0] -From $copy.Period -To $to -ErrorAction SilentlyContinue
            ($cut | ForEach-Object { $_.Period.UtcDateTime.ToString('HH:mm') }) -join ','
            """, ReadingsJson);

        Assert.Equal("01:00,02:00", Assert.Single(output).BaseObject);
    }

    [Fact]
    public void From_TextWithoutAZone_IsReadInTheTimeZone_AsBefore()
    {
        var output = _host.RunClean("""
            [pscustomobject]@{ Timestamp = '2024-07-01T08:30:00Z'; Kwh = 1 } |
                Measure-KwhUsage -TimeZone Europe/Berlin -From '2024-07-01 10:00' -Interval Hour |
                ForEach-Object { $_.Period.ToString('yyyy-MM-ddTHH:mmzzz') + ' ' + $_.Kwh }
            """);

        Assert.Equal("2024-07-01T10:00+02:00 1", Assert.Single(output).BaseObject);
    }
}
