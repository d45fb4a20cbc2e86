using System.Management.Automation;
using System.Text;
using Xunit.Abstractions;

namespace Aggregator.PowerShell.Tests;

/// <summary>A JSON Lines file of three million records (about 250 MB), written once for the collection.</summary>
public sealed class LargeEventFile : IDisposable
{
    public const int Lines = 3_000_000;

    public LargeEventFile()
    {
        Folder = Directory.CreateTempSubdirectory("aggregator-large-").FullName;
        FilePath = Path.Combine(Folder, "large.jsonl");
        var start = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = new StreamWriter(FilePath, false, new UTF8Encoding(false), 1 << 20);
        for (int i = 0; i < Lines; i++)
        {
            writer.Write("{\"user\":\"u");
            writer.Write(i % 5000);
            writer.Write("\",\"event\":\"");
            writer.Write((i % 3) switch { 0 => "login", 1 => "view", _ => "upload" });
            writer.Write("\",\"status\":\"");
            writer.Write(i % 7 == 0 ? "fail" : "success");
            writer.Write("\",\"timestamp\":\"");
            writer.Write(start.AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ssZ"));
            writer.Write("\"}\n");
        }
    }

    public string Folder { get; }

    public string FilePath { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Runs on its own, after the parallel tests, so that the timings measure the module and not a busy CPU. The large
/// file is written once for every class in the collection.
/// </summary>
[CollectionDefinition(nameof(CancellationCollection), DisableParallelization = true)]
public sealed class CancellationCollection : ICollectionFixture<LargeEventFile>
{
}

/// <summary>
/// Ctrl+C: PowerShell.Stop() on a long read must end the pipeline within a second. Stop() is what the console host
/// calls on Ctrl+C; it runs StopProcessing on the cmdlets, which trips the cancellation token passed into the core.
/// </summary>
[Collection(nameof(CancellationCollection))]
public sealed class CancellationTests : IDisposable
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(1);

    private readonly LargeEventFile _file;
    private readonly ITestOutputHelper _log;
    private readonly ModuleHost _host = new();

    public CancellationTests(LargeEventFile file, ITestOutputHelper log)
    {
        _file = file;
        _log = log;
    }

    public void Dispose() => _host.Dispose();

    private void AssertStopsWithinASecond(string script, params object[] args)
    {
        using var running = new RunningCommand(_host, script, args);
        Thread.Sleep(300);
        running.AssertRunning();
        TimeSpan took = running.StopWithin(StopWithin);
        _log.WriteLine($"Stopped {took.TotalMilliseconds:F0} ms after Stop(): {script}");
    }

    [Fact]
    public void Stop_ImportEventRecord_ThroughThePipeline()
    {
        AssertStopsWithinASecond("Import-EventRecord -LiteralPath $args[0] | ForEach-Object { $_ } | Out-Null", _file.FilePath);
    }

    [Fact]
    public void Stop_ImportEventRecord_IntoMeasureUserEvent()
    {
        AssertStopsWithinASecond("Import-EventRecord -LiteralPath $args[0] | Measure-UserEvent", _file.FilePath);
    }

    [Fact]
    public void Stop_MeasureUserEvent_FastPath()
    {
        // The fast path reads hundreds of MB a second: give it the file several times so that it is still running.
        AssertStopsWithinASecond("Measure-UserEvent -LiteralPath $args[0], $args[0], $args[0], $args[0], $args[0], $args[0]", _file.FilePath);
    }

    [Fact]
    public void Stop_GroupEventByHour_FastPath()
    {
        AssertStopsWithinASecond("Group-EventByHour -LiteralPath $args[0], $args[0], $args[0], $args[0], $args[0], $args[0] -By User", _file.FilePath);
    }

    [Fact]
    public void LongRead_WritesProgressByBytes_AndCompletesIt()
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _host.Runspace;
        ps.AddScript("Import-EventRecord -LiteralPath $args[0] | Out-Null").AddArgument(_file.FilePath);
        ps.Invoke();

        var progress = ps.Streams.Progress.ToList();
        _log.WriteLine($"{progress.Count} progress records");
        Assert.NotEmpty(progress);
        var processing = progress.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.NotEmpty(processing);
        Assert.All(processing, p => Assert.InRange(p.PercentComplete, 0, 100));
        Assert.Equal(processing.Select(p => p.PercentComplete).OrderBy(x => x), processing.Select(p => p.PercentComplete));
        Assert.All(processing, p => Assert.Equal("large.jsonl", p.StatusDescription));
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
    }

    [Fact]
    public void TheLargeFile_IsReadCompletely_WhenNotStopped()
    {
        // The same file, read to the end by the fast path: the stopped runs above were stopped, not short.
        _host.RunClean("$null = Measure-EventRecord -LiteralPath $args[0] -StatisticsVariable st", _file.FilePath);
        var st = _host.GetVariable("st")!;

        Assert.Equal((long)LargeEventFile.Lines, st.Prop<long>("ValidRecords"));
        Assert.Equal(5000L, st.Prop<long>("UniqueUsers"));
    }
}
