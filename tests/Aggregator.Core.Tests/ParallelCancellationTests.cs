using Aggregator.Reading;
using Aggregator.Reading.Parallel;
using Aggregator.Tests.Shared;

namespace Aggregator.Core.Tests;

/// <summary>
/// Cancellation mid-file with worker threads. The workers are found by their thread name (<see cref="ReaderThreads"/>),
/// so these tests run alone: other tests' readers would be counted too.
/// </summary>
[Collection(nameof(ReaderThreadsCollection))]
public sealed class ParallelCancellationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Cancellation_MidFile_StopsEveryWorker(int workers)
    {
        var files = Enumerable.Range(0, 4).Select(i => _dir.Write($"c{i}.jsonl", string.Concat(Enumerable.Range(0, 20000)
            .Select(line => $"{{\"user\": \"u{line % 50}\", \"event\": \"view\", \"timestamp\": \"2024-06-01T08:00:00Z\"}}\n")))).ToList();
        using var stop = new CancellationTokenSource();
        int? whileReading = null;
        var observer = new RecordingObserver
        {
            AfterRecord = _ =>
            {
                whileReading ??= ReaderThreads.Count();
                stop.Cancel();
            },
        };

        var reader = new ParallelFileReader(files, EventReadOptions.Default, workers);
        Assert.ThrowsAny<OperationCanceledException>(() => reader.RunRecords(observer, stop.Token));

        // Run joins its workers before it returns, so nothing is left reading: far fewer records than the files hold,
        // and no reader thread alive. One worker reads on the calling thread; more had threads while the records came.
        Assert.InRange(observer.Records.Count, 1, 2 * PartSink.BatchSize * 64);
        Assert.Equal(workers == 1 ? 0 : workers, whileReading ?? (workers == 1 ? 0 : workers));
        Assert.Equal(0, ReaderThreadsAfterJoin());
    }

    // A joined thread has run its last managed code, but the operating system may list it for a moment longer.
    private static int ReaderThreadsAfterJoin()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int count = ReaderThreads.Count() ?? 0;
        while (count > 0 && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            Thread.Sleep(10);
            count = ReaderThreads.Count() ?? 0;
        }

        return count;
    }
}

[CollectionDefinition(nameof(ReaderThreadsCollection), DisableParallelization = true)]
public sealed class ReaderThreadsCollection
{
}
