using System.Diagnostics;
using System.IO;
using System.Management.Automation;

namespace Aggregator.Commands.Infrastructure;

/// <summary>Write-Progress by bytes, at most a few times a second so that it costs nothing measurable.</summary>
internal sealed class ProgressReporter
{
    private const int ActivityId = 0x4167;
    private const long IntervalMilliseconds = 250;

    private readonly Cmdlet _cmdlet;
    private readonly string _activity;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _totalBytes;
    private long _lastReport;
    private string? _lastStatus;

    public ProgressReporter(Cmdlet cmdlet, string activity, long totalBytes)
    {
        _cmdlet = cmdlet;
        _activity = activity;
        _totalBytes = totalBytes;
    }

    /// <summary>Reports progress by bytes read when the throttle allows; called from the pipeline thread only.</summary>
    public void Report(long bytesDone, string currentFile) =>
        Report(string.IsNullOrEmpty(currentFile) ? "Reading" : Path.GetFileName(currentFile),
            _totalBytes > 0 ? (int)System.Math.Min(100, bytesDone * 100 / _totalBytes) : -1,
            () => $"{bytesDone / (1 << 20)} of {_totalBytes / (1 << 20)} MiB");

    /// <summary>Reports progress without a known end (percent -1) when the throttle allows.</summary>
    public void Report(string status, int percent, System.Func<string> operation)
    {
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastReport < IntervalMilliseconds)
        {
            return;
        }

        _lastReport = now;
        _lastStatus = status;
        // A new record each time: hosts and Streams.Progress keep the records they are given.
        _cmdlet.WriteProgress(new ProgressRecord(ActivityId, _activity, status)
        {
            PercentComplete = percent,
            CurrentOperation = operation(),
        });
    }

    /// <summary>Removes the progress bar, if one was shown.</summary>
    public void Complete()
    {
        if (_lastStatus is not null)
        {
            _cmdlet.WriteProgress(new ProgressRecord(ActivityId, _activity, _lastStatus) { RecordType = ProgressRecordType.Completed });
        }
    }
}
