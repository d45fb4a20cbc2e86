using System;
using System.Threading;

namespace Aggregator.Reading.Parallel;

/// <summary>
/// A file read as one or more parts. Holds each finished part's counts so that a later part can turn its own line and
/// record numbers into the file's, and combines the parts' statistics once all are in.
/// </summary>
internal sealed class PartedFile
{
    private readonly object _gate = new();
    private long[] _lineBreaks = Array.Empty<long>();
    private long[] _records = Array.Empty<long>();
    private bool[] _finished = Array.Empty<bool>();
    private FileImportStatistics?[] _results = Array.Empty<FileImportStatistics?>();
    private int _resultCount;

    public PartedFile(string path, long length)
    {
        Path = path;
        Length = length;
    }

    public string Path { get; }

    public long Length { get; }

    public int PartCount => _finished.Length;

    public void SetPartCount(int count)
    {
        _lineBreaks = new long[count];
        _records = new long[count];
        _finished = new bool[count];
        _results = new FileImportStatistics?[count];
    }

    /// <summary>Marks a part finished with its counts, waking parts that wait for their numbering.</summary>
    public void Finish(int part, long lineBreaks, long records)
    {
        lock (_gate)
        {
            _lineBreaks[part] = lineBreaks;
            _records[part] = records;
            _finished[part] = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The lines and records before a part, once every earlier part is finished.</summary>
    public bool TryGetOffsets(int part, out long lines, out long records)
    {
        lock (_gate)
        {
            return TryGetOffsetsLocked(part, out lines, out records);
        }
    }

    /// <summary>Waits until every earlier part is finished. Earlier parts were taken first, so they always finish.</summary>
    public void WaitForOffsets(int part, CancellationToken cancellation, out long lines, out long records)
    {
        lock (_gate)
        {
            while (!TryGetOffsetsLocked(part, out lines, out records))
            {
                cancellation.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, 50);
            }
        }
    }

    /// <summary>Adds a part's statistics; returns the file's, combined, when it was the last part.</summary>
    public FileImportStatistics? AddResult(int part, FileImportStatistics result)
    {
        _results[part] = result;
        if (++_resultCount < _results.Length)
        {
            return null;
        }

        if (_results.Length == 1)
        {
            return result;
        }

        long total = 0, valid = 0, skipped = 0;
        string? error = null;
        foreach (FileImportStatistics partResult in _results!)
        {
            total += partResult!.TotalRecords;
            valid += partResult.ValidRecords;
            skipped += partResult.SkippedRecords;
            error ??= partResult.Error;
        }

        return new FileImportStatistics(Path, result.Format, total, valid, skipped, Length) { Error = error };
    }

    private bool TryGetOffsetsLocked(int part, out long lines, out long records)
    {
        lines = 0;
        records = 0;
        for (int i = 0; i < part; i++)
        {
            if (!_finished[i])
            {
                return false;
            }

            lines += _lineBreaks[i];
            records += _records[i];
        }

        return true;
    }
}
