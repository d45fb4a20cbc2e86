using System.Diagnostics;
using System.IO;
using System.Management.Automation;

namespace Aggregator.Commands.Infrastructure;

/// <summary>Write-Progress by bytes, at most a few times a second so that it costs nothing measurable.</summary>
internal sealed class ProgressReporter
{
    private const long IntervalMilliseconds = 250;

    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _record;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _totalBytes;
    private long _lastReport;
    private bool _shown;

    public ProgressReporter(Cmdlet cmdlet, string activity, long totalBytes)
    {
        _cmdlet = cmdlet;
        _totalBytes = totalBytes;
        _record = new ProgressRecord(0x4167, activity, "Starting");
    }

    /// <summary>Reports progress when the throttle allows; called from the pipeline thread only.</summary>
    public void Report(long bytesDone, string currentFile)
    {
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastReport < IntervalMilliseconds)
        {
            return;
        }

        _lastReport = now;
        _record.StatusDescription = Path.GetFileName(currentFile);
        _record.PercentComplete = _totalBytes > 0 ? (int)System.Math.Min(100, bytesDone * 100 / _totalBytes) : -1;
        _record.CurrentOperation = $"{bytesDone / (1 << 20)} of {_totalBytes / (1 << 20)} MiB";
        _cmdlet.WriteProgress(_record);
        _shown = true;
    }

    public void Complete()
    {
        if (_shown)
        {
            _record.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(_record);
        }
    }
}
