namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Without -ThrottleLimit, the aggregating cmdlets read with every processor (their result does not depend on the
/// number of workers), and the Import cmdlets with one, so their output keeps the input's order.
/// </summary>
public sealed class DefaultThrottleLimitTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private string[] TwoFiles() => new[]
    {
        _host.WriteFile("a.jsonl", "{\"user\":\"a\",\"event\":\"login\",\"status\":\"ok\"}\n"),
        _host.WriteFile("b.jsonl", "{\"user\":\"b\",\"event\":\"view\",\"status\":\"fail\"}\n"),
    };

    [Theory]
    [InlineData("Measure-UserEvent")]
    [InlineData("Measure-EventRecord")]
    [InlineData("Group-EventByHour")]
    [InlineData("Get-EventSession")]
    public void AggregatingCmdlet_UsesEveryProcessor(string cmdlet)
    {
        RunResult result = _host.Run($"{cmdlet} -LiteralPath $args[0], $args[1] -Verbose", TwoFiles().Cast<object>().ToArray());

        int expected = Math.Min(Environment.ProcessorCount, 64);
        string planned = $"(-ThrottleLimit {expected}).";
        if (expected == 1)
        {
            Assert.DoesNotContain(result.Verbose, line => line.Contains("-ThrottleLimit"));
        }
        else
        {
            Assert.Contains(result.Verbose, line => line.StartsWith("Reading 2 files in 2 parts with 2 workers") && line.EndsWith(planned));
        }
    }

    [Theory]
    [InlineData("Measure-KwhUsage", "{\"timestamp\":\"2024-07-01T00:05:00Z\",\"kWh_value\":1}\n")]
    [InlineData("Measure-SensorReading", "sensor_id,timestamp,value\ns1,2024-07-01T00:00:00Z,1\n")]
    public void ReadingAggregates_UseEveryProcessor(string cmdlet, string content)
    {
        string ext = cmdlet == "Measure-KwhUsage" ? "jsonl" : "csv";
        string a = _host.WriteFile($"a.{ext}", content);
        string b = _host.WriteFile($"b.{ext}", content);

        RunResult result = _host.Run($"{cmdlet} -LiteralPath $args[0], $args[1] -Verbose", a, b);

        Assert.Empty(result.Errors);
        if (Environment.ProcessorCount > 1)
        {
            Assert.Contains(result.Verbose, line => line.EndsWith($"(-ThrottleLimit {Math.Min(Environment.ProcessorCount, 64)})."));
        }
    }

    [Fact]
    public void ImportEventRecord_ReadsWithOneWorker_InTheOrderGiven()
    {
        string[] files = TwoFiles();
        RunResult result = _host.Run("Import-EventRecord -LiteralPath $args[1], $args[0] -Verbose", files[0], files[1]);

        Assert.DoesNotContain(result.Verbose, line => line.Contains("-ThrottleLimit"));
        Assert.Equal(new[] { "b", "a" }, result.Output.Select(r => (string)r.Prop("User")!));
    }

    [Fact]
    public void ExplicitThrottleLimit_StillWins()
    {
        RunResult result = _host.Run("Measure-UserEvent -LiteralPath $args[0], $args[1] -ThrottleLimit 1 -Verbose", TwoFiles().Cast<object>().ToArray());

        Assert.DoesNotContain(result.Verbose, line => line.Contains("-ThrottleLimit"));
        Assert.Equal(new[] { "a", "b" }, result.Output.Select(r => (string)r.Prop("User")!));
    }
}
