using Aggregator.Aggregation;
using Aggregator.Reading.Parallel;

namespace Aggregator.Core.Tests;

/// <summary>
/// Keeps what a <see cref="ParallelFileReader"/> reports, and checks that every report comes on the thread that ran it.
/// </summary>
internal sealed class RecordingObserver : IReadObserver
{
    private readonly ImportStatisticsAccumulator? _statistics;
    private readonly int _thread = Environment.CurrentManagedThreadId;

    public RecordingObserver(ImportStatisticsAccumulator? statistics = null)
    {
        _statistics = statistics;
    }

    public List<EventRecord> Records { get; } = new();

    public List<SkippedRecord> Skipped { get; } = new();

    public List<FileImportStatistics> Files { get; } = new();

    public long LastProgress { get; private set; }

    /// <summary>Called on each record, after it is kept; lets a test cancel or throw mid-read.</summary>
    public Action<EventRecord>? AfterRecord { get; init; }

    public void OnRecord(IInputRecord input)
    {
        OnCallingThread();
        var record = (EventRecord)input;
        Records.Add(record);
        _statistics?.AddUser(record.User);
        AfterRecord?.Invoke(record);
    }

    public void OnSkipped(SkippedRecord record)
    {
        OnCallingThread();
        Skipped.Add(record);
        _statistics?.AddSkipped(record.Reason);
    }

    public void OnFileCompleted(FileImportStatistics file)
    {
        OnCallingThread();
        Files.Add(file);
        _statistics?.AddFile(file);
    }

    public void OnProgress(long bytesDone, string currentFile)
    {
        OnCallingThread();
        LastProgress = bytesDone;
    }

    private void OnCallingThread() => Assert.Equal(_thread, Environment.CurrentManagedThreadId);
}
