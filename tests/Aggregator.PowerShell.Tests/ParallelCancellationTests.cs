using System.Diagnostics;
using System.Management.Automation;
using Aggregator.Tests.Shared;
using Xunit.Abstractions;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// Ctrl+C with worker threads. PowerShell.Stop() (what the console host calls on Ctrl+C) must end the pipeline within a
/// couple of seconds and leave no worker thread behind. Managed thread names cannot be listed from managed code, so the
/// worker threads are found by the name .NET also gives them at the operating-system level (see
/// <see cref="ReaderThreads"/>, Linux and Windows). Where that is not available, what is checked is what a user sees:
/// the invocation is Stopped, and the next read in the same runspace runs with workers again and is complete.
/// These tests run in the serial cancellation collection, so no other test's readers are alive at the same time.
/// </summary>
[Collection(nameof(CancellationCollection))]
public sealed class ParallelCancellationTests : IDisposable
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(2);

    private readonly LargeEventFile _file;
    private readonly ITestOutputHelper _log;
    private readonly ModuleHost _host = new();

    public ParallelCancellationTests(LargeEventFile file, ITestOutputHelper log)
    {
        _file = file;
        _log = log;
    }

    public void Dispose() => _host.Dispose();

    /// <summary>Waits up to <paramref name="timeout"/> for the number of reader threads to satisfy a test.</summary>
    private static int? WaitForReaderThreads(Func<int, bool> until, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        int? count = ReaderThreads.Count();
        while (count is int n && !until(n) && clock.Elapsed < timeout)
        {
            Thread.Sleep(5);
            count = ReaderThreads.Count();
        }

        return count;
    }

    [Theory]
    [InlineData("Measure-UserEvent -LiteralPath $args[0], $args[0], $args[0], $args[0], $args[0], $args[0] -ThrottleLimit 2")]
    [InlineData("Group-EventByHour -LiteralPath $args[0], $args[0], $args[0], $args[0], $args[0], $args[0] -By User -ThrottleLimit 4")]
    [InlineData("Import-EventRecord -LiteralPath $args[0], $args[0] -ThrottleLimit 2 | ForEach-Object { $_ } | Out-Null")]
    [InlineData("Import-EventRecord -LiteralPath $args[0], $args[0] -ThrottleLimit 2 -Ordered | ForEach-Object { $_ } | Out-Null")]
    public void Stop_WithWorkers_EndsPromptly_AndLeavesNoReaderThread(string script)
    {
        Assert.Equal(0, ReaderThreads.Count() ?? 0);

        using var running = new RunningCommand(_host, script, _file.FilePath);

        // Stop once the workers are reading (or, where threads cannot be seen, after a moment).
        int? during = WaitForReaderThreads(n => n > 0, TimeSpan.FromSeconds(10));
        if (during is null)
        {
            Thread.Sleep(300);
        }

        running.AssertRunning();
        Assert.True(during is null or > 0, "No reader thread was seen while the command ran.");

        TimeSpan took = running.StopWithin(StopWithin);
        _log.WriteLine($"{during} reader thread(s) seen; stopped {took.TotalMilliseconds:F0} ms after Stop(): {script}");

        // Every worker is joined before the cmdlet returns: none is left (allowing the system a moment to tidy up).
        Assert.Equal(0, WaitForReaderThreads(n => n == 0, TimeSpan.FromSeconds(2)) ?? 0);

        // And the runspace is fine: the next run with workers reads the whole file.
        _host.RunClean("$null = Measure-EventRecord -LiteralPath $args[0] -ThrottleLimit 2 -StatisticsVariable st", _file.FilePath);
        Assert.Equal((long)LargeEventFile.Lines, _host.GetVariable("st")!.Prop<long>("ValidRecords"));
        Assert.Equal(0, WaitForReaderThreads(n => n == 0, TimeSpan.FromSeconds(2)) ?? 0);
    }

    [Fact]
    public void OneLargeJsonLinesFile_IsReadByTwoReaderThreads_WithTheResultsOfOne()
    {
        // One file is one part unless it is cut into line ranges, and one part is read on the pipeline thread itself:
        // two reader threads at once can only mean the file was split.
        RunResult two = default!;
        int maxSeen = MostReaderThreadsWhile(() =>
            two = _host.Run("Measure-EventRecord -LiteralPath $args[0] -ThrottleLimit 2 -StatisticsVariable st", _file.FilePath));
        string twoStats = RunSnapshot.Stats(_host.GetVariable("st")!);

        RunResult one = default!;
        int seenWithOne = MostReaderThreadsWhile(() =>
            one = _host.Run("Measure-EventRecord -LiteralPath $args[0] -ThrottleLimit 1 -StatisticsVariable st", _file.FilePath));
        string oneStats = RunSnapshot.Stats(_host.GetVariable("st")!);

        _log.WriteLine($"Reader threads seen: {maxSeen} with -ThrottleLimit 2, {seenWithOne} with 1.");
        Assert.Empty(two.Errors);
        Assert.Equal(one.Output.Select(Render.All), two.Output.Select(Render.All));
        Assert.Equal(oneStats, twoStats);
        Assert.Contains($"ValidRecords={LargeEventFile.Lines} ", twoStats);
        if (ReaderThreads.Count() is not null)
        {
            Assert.Equal(2, maxSeen);
            Assert.Equal(0, seenWithOne);
        }
    }

    [Fact]
    public void ErrorActionStop_WithWorkers_EndsAtAFileThatCannotBeRead_AndLeavesNoReaderThread()
    {
        // Skipped records never end a command; a file that cannot be read does under Stop. The broken file is small and
        // sits next to the large ones, so the workers are still reading when its error comes.
        string bad = Path.Combine(_host.TempDir, "bad.jsonl.gz");
        File.WriteAllBytes(bad, new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 }.Concat("garbage garbage garbage"u8.ToArray()).ToArray());
        RunResult result = _host.Run("Measure-UserEvent -LiteralPath $args[0], $args[1], $args[0] -ThrottleLimit 2 -ErrorAction Stop",
            _file.FilePath, bad);

        ErrorRecord error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith("FileReadFailed,", error.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
        Assert.Equal(0, WaitForReaderThreads(n => n == 0, TimeSpan.FromSeconds(2)) ?? 0);
    }

    [Fact]
    public void Progress_WithWorkers_ComesFromThePipelineThread_RisesAndCompletes()
    {
        // Only the pipeline thread may write progress (the engine refuses it from other threads), so progress records
        // arriving at all means the workers hand their byte counts over.
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _host.Runspace;
        ps.AddScript("Measure-EventRecord -LiteralPath $args[0], $args[0] -ThrottleLimit 2").AddArgument(_file.FilePath);
        var output = ps.Invoke();

        Assert.False(ps.HadErrors, string.Join("\n", ps.Streams.Error));
        Assert.Equal(2L * LargeEventFile.Lines, PSObject.AsPSObject(Assert.Single(output)).Prop<long>("TotalEvents"));
        var progress = ps.Streams.Progress.ToList();
        var processing = progress.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
        _log.WriteLine($"{progress.Count} progress records");
        Assert.NotEmpty(processing);
        Assert.All(processing, p => Assert.InRange(p.PercentComplete, 0, 100));
        Assert.Equal(processing.Select(p => p.PercentComplete).Order(), processing.Select(p => p.PercentComplete));
        // The status names the file when one is known on the pipeline thread ("Reading" until then); the operation
        // counts the bytes of both files together.
        Assert.All(processing, p => Assert.Contains(p.StatusDescription, new[] { "large.jsonl", "Reading" }));
        long totalMiB = 2 * new FileInfo(_file.FilePath).Length / (1 << 20);
        Assert.All(processing, p => Assert.EndsWith($" of {totalMiB} MiB", p.CurrentOperation));
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
    }

    // The most reader threads seen at once while the action runs, polled by a thread of its own.
    private static int MostReaderThreadsWhile(Action run)
    {
        int mostSeen = 0;
        bool done = false;
        var watcher = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                mostSeen = Math.Max(mostSeen, ReaderThreads.Count() ?? 0);
                Thread.Sleep(1);
            }
        }) { IsBackground = true };
        watcher.Start();
        try
        {
            run();
        }
        finally
        {
            Volatile.Write(ref done, true);
            watcher.Join();
        }

        return mostSeen;
    }
}
