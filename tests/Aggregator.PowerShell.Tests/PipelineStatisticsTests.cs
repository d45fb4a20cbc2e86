using System.Collections;
using System.Management.Automation;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Objects bound by property name count in -StatisticsVariable as one source, "(pipeline)", for every cmdlet that takes
/// them: read = valid + skipped, the skipped object is a reason in SkippedByReason and an error naming that source.
/// </summary>
public sealed class PipelineStatisticsTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    // Runs the script (three objects, the second one bad) and checks the statistics it leaves in $st.
    private RunResult AssertPipelineCounted(string script, long expectedUsers)
    {
        RunResult result = _host.Run(script);
        Assert.Null(result.Terminating);
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("(pipeline)", PSObject.AsPSObject(error.TargetObject).Prop<string>("Source"));
        Assert.Equal(2L, PSObject.AsPSObject(error.TargetObject).Prop<long>("Line"));

        PSObject st = _host.GetVariable("st")!;
        Assert.Equal("Aggregator.ImportStatistics", st.TypeName());
        Assert.Equal(1, st.Prop<int>("Files"));
        Assert.Equal((3L, 2L, 1L), (st.Prop<long>("TotalRecords"), st.Prop<long>("ValidRecords"), st.Prop<long>("SkippedRecords")));
        Assert.Equal(expectedUsers, st.Prop<long>("UniqueUsers"));

        var reasons = (IDictionary)st.Prop("SkippedByReason")!;
        Assert.Equal(1L, reasons.Values.Cast<object>().Sum(Convert.ToInt64));

        PSObject pipeline = PSObject.AsPSObject(Assert.Single((IEnumerable)st.Prop("PerFile")!));
        Assert.Equal("(pipeline)", pipeline.Prop<string>("Source"));
        Assert.Equal((3L, 2L, 1L), (pipeline.Prop<long>("TotalRecords"), pipeline.Prop<long>("ValidRecords"), pipeline.Prop<long>("SkippedRecords")));
        return result;
    }

    [Fact]
    public void MeasureKwhUsage_CountsPipelineObjects()
    {
        RunResult result = AssertPipelineCounted("""
            [pscustomobject]@{ Timestamp = '2024-01-01T00:10:00Z'; Kwh = 1.5; MeterId = 'm1' },
            [pscustomobject]@{ Timestamp = 'not a time'; Kwh = 1; MeterId = 'm1' },
            [pscustomobject]@{ Timestamp = '2024-01-01T01:10:00Z'; Kwh = 2; MeterId = 'm1' } |
                Measure-KwhUsage -StatisticsVariable st
            """, expectedUsers: 0);

        Assert.Equal(new[] { 1.5, 2.0 }, result.Output.Select(row => row.Prop<double>("Kwh")));
    }

    [Fact]
    public void MeasureSensorReading_CountsPipelineObjects()
    {
        RunResult result = AssertPipelineCounted("""
            [pscustomobject]@{ SensorId = 'a'; Timestamp = '2025-10-01T08:00:00Z'; Value = 21.5 },
            [pscustomobject]@{ SensorId = 'a'; Timestamp = '2025-10-01T08:05:00Z'; Value = 'abc' },
            [pscustomobject]@{ SensorId = 'b'; Timestamp = '2025-10-01T08:10:00Z'; Value = 19 } |
                Measure-SensorReading -StatisticsVariable st
            """, expectedUsers: 0);

        PSObject summary = Assert.Single(result.Output);
        Assert.Equal("(pipeline)", summary.Prop<string>("Path"));
        Assert.Equal((2L, 1L), (summary.Prop<long>("RowCount"), summary.Prop<long>("ErrorCount")));
        Assert.Equal("Partial", summary.Prop("Status")!.ToString());
    }

    [Fact]
    public void MeasureSensorReading_BySensor_CountsPipelineObjects()
    {
        RunResult result = AssertPipelineCounted("""
            [pscustomobject]@{ SensorId = 'a'; Timestamp = '2025-10-01T08:00:00Z'; Value = 21.5 },
            [pscustomobject]@{ SensorId = ''; Timestamp = '2025-10-01T08:05:00Z'; Value = 3 },
            [pscustomobject]@{ SensorId = 'b'; Timestamp = '2025-10-01T08:10:00Z'; Value = 19 } |
                Measure-SensorReading -BySensor -StatisticsVariable st
            """, expectedUsers: 0);

        Assert.Equal(new[] { "a", "b" }, result.Output.Select(sensor => sensor.Prop<string>("SensorId")));
    }

    [Fact]
    public void MeasureUserEvent_CountsPipelineObjects()
    {
        RunResult result = AssertPipelineCounted("""
            [pscustomobject]@{ User = 'alice'; Event = 'login'; Status = 'success'; Timestamp = '2024-01-01T08:00:00Z' },
            [pscustomobject]@{ User = ''; Event = 'login'; Status = 'success'; Timestamp = '2024-01-01T08:01:00Z' },
            [pscustomobject]@{ User = 'bob'; Event = 'login'; Status = 'failure'; Timestamp = '2024-01-01T08:02:00Z' } |
                Measure-UserEvent -StatisticsVariable st
            """, expectedUsers: 2);

        Assert.Equal(new[] { "alice", "bob" }, result.Output.Select(user => user.Prop<string>("User")).Order());
    }

    [Fact]
    public void FilesAlone_HaveNoPipelineSource()
    {
        _host.Run("$null = Measure-UserEvent -Path $args[0] -StatisticsVariable st -ErrorAction SilentlyContinue", RepoPaths.EventsJson);

        PSObject st = _host.GetVariable("st")!;
        Assert.Equal(1, st.Prop<int>("Files"));
        Assert.DoesNotContain("(pipeline)", ((IEnumerable)st.Prop("PerFile")!).Cast<object>().Select(f => PSObject.AsPSObject(f).Prop<string>("Source")));
    }
}
