namespace Aggregator.Reading.Parallel;

/// <summary>
/// What a <see cref="ParallelFileReader"/> reports. Every call comes on the thread that called Run, so a cmdlet can
/// write output, errors and progress from here even when workers read on other threads.
/// </summary>
public interface IReadObserver
{
    /// <summary>A valid record (EventRecord, or SensorReading for sensor files), in record mode; in a file's order.</summary>
    void OnRecord(IInputRecord record);

    /// <summary>A record that was skipped, with its file's own line and record numbers.</summary>
    void OnSkipped(SkippedRecord record);

    /// <summary>A file is finished, all its ranges together.</summary>
    void OnFileCompleted(FileImportStatistics file);

    /// <summary>Before reading: how many files, the parts they are read in (files, or line ranges of a split file) and the workers that read them.</summary>
    void OnPlanned(int files, int parts, int workers)
    {
    }

    /// <summary>Bytes read so far over all files; called now and then.</summary>
    void OnProgress(long bytesDone, string currentFile);
}
