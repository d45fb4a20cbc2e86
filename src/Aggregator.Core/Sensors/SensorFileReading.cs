using System;
using System.Collections.Generic;
using System.Threading;
using Aggregator.Reading;
using Aggregator.Reading.Parallel;

namespace Aggregator.Sensors;

/// <summary>
/// Reads sensor files with the workers of a <see cref="ParallelFileReader"/> (Measure-SensorReading): one
/// <see cref="SensorFileSummary"/> per file, in the order given, each with its own skipped rows, and the per-sensor
/// figures of all the files, merged in that order. The ingest reads one file at a time with
/// <see cref="Store.SensorFileProcessor"/>; both fill a <see cref="SensorFileTracker"/> per file.
/// </summary>
public static class SensorFileReading
{
    /// <param name="reader">Reads each file whole; it must report the files in the order given (Ordered).</param>
    /// <param name="observer">Hears of every skipped row and finished file, on the calling thread, as for any read.</param>
    /// <param name="onFile">Takes each file's summary, on the calling thread, in the order of the files, after the observer hears the file is finished.</param>
    /// <returns>The per-sensor figures of every file.</returns>
    public static SensorAccumulator Read(ParallelFileReader reader, IReadObserver observer, Action<SensorFileSummary> onFile,
        CancellationToken cancellation)
    {
        if (!reader.Ordered)
        {
            throw new ArgumentException("The reader must report the files in the order given, so that skipped rows are paired with their file.", nameof(reader));
        }

        var pairing = new FilePairing(reader.Files, observer, onFile);
        reader.RunPerFile(pairing.SinkFor, pairing, cancellation);
        return pairing.BySensor;
    }

    /// <summary>
    /// Pairs what the reader reports with the file it belongs to: files come in order, so the skips and the end heard
    /// now belong to the first file not yet finished.
    /// </summary>
    private sealed class FilePairing : IReadObserver
    {
        private readonly IReadOnlyList<string> _files;
        private readonly IReadObserver _observer;
        private readonly Action<SensorFileSummary> _onFile;
        private readonly SensorFileTracker?[] _trackers;
        private int _completed;

        public FilePairing(IReadOnlyList<string> files, IReadObserver observer, Action<SensorFileSummary> onFile)
        {
            _files = files;
            _observer = observer;
            _onFile = onFile;
            _trackers = new SensorFileTracker?[files.Count];
        }

        public SensorAccumulator BySensor { get; } = new();

        // Called on the worker that reads the file; the calling thread reads the tracker only after the file is finished.
        public IEventSink SinkFor(int index)
        {
            var tracker = new SensorFileTracker(_files[index]);
            Volatile.Write(ref _trackers[index], tracker);
            return tracker.CreateSink();
        }

        public void OnRecord(IInputRecord record) => _observer.OnRecord(record);

        public void OnSkipped(SkippedRecord record)
        {
            Volatile.Read(ref _trackers[_completed])?.AddError(record);
            _observer.OnSkipped(record);
        }

        public void OnFileCompleted(FileImportStatistics file)
        {
            // A file that could not be opened may have no tracker; it still gets its (failed) summary.
            SensorFileTracker tracker = Volatile.Read(ref _trackers[_completed]) ?? new SensorFileTracker(file.Source);
            _trackers[_completed++] = null;   // only the file being read is held, not every finished one
            SensorFileSummary summary = tracker.Complete(file.Error);
            BySensor.Merge(tracker.Readings);
            _observer.OnFileCompleted(file);
            _onFile(summary);
        }

        public void OnPlanned(int files, int parts, int workers) => _observer.OnPlanned(files, parts, workers);

        public void OnProgress(long bytesDone, string currentFile) => _observer.OnProgress(bytesDone, currentFile);
    }
}
