using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;

namespace Aggregator.Writing;

/// <summary>
/// Writes records as JSON Lines through one writer thread. The module's own records (<see cref="TryWrite"/>) are
/// handed over as they are and serialized on the writer thread; any other record is serialized by the caller with
/// <see cref="Json"/> and ended with <see cref="EndRecord"/>. Records travel in batches through a bounded queue, so the
/// caller waits only when the writer is that far behind. Each file is written under a temporary name and renamed when
/// complete, so a failure or a cancellation never leaves a partial file under a final name. The writer holds the
/// target's lock from start to end (<see cref="TargetLock"/>), and a folder's earlier part files are replaced only
/// once the whole new set is complete (<see cref="StagedPartSet"/>).
/// </summary>
public sealed class JsonLinesWriter : IDisposable
{
    private const int RecordsPerBatch = 1024;

    private static readonly Regex PartName = new(@"^part-(\d{5,})\.jsonl(\.gz)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly JsonLinesWriterOptions _options;
    private readonly BlockingCollection<Batch> _queue;
    private readonly ConcurrentQueue<WrittenFile> _completed = new();
    private readonly ConcurrentQueue<(object Record, Exception Error)> _failedRecords = new();
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private readonly ChunkBuffer _scratch = new(new byte[4096]);
    private readonly int _firstPart;
    private readonly TargetLock _lock;
    private StagedPartSet? _staged;
    private object[] _pending = new object[RecordsPerBatch];
    private int _pendingCount;
    private int _fastDepth;
    private Exception? _failure;
    private long _bytes;
    private long _recordsWritten;
    private bool _finished;
    private volatile bool _abandoned;

    public JsonLinesWriter(JsonLinesWriterOptions options, CancellationToken cancellation = default)
    {
        _options = options;
        _lock = TakeTarget();
        try
        {
            _firstPart = Prepare();
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        Json = new Utf8JsonWriter(_scratch, WriterOptions);
        _queue = new BlockingCollection<Batch>(Math.Max(options.QueuedBatches, 1));
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _thread = new Thread(WriteBatches) { IsBackground = true, Name = "Aggregator JSON Lines writer" };
        _thread.Start();
    }

    private static JsonWriterOptions WriterOptions => new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Serializes a record that is not the module's own; call <see cref="EndRecord"/> after each one.</summary>
    public Utf8JsonWriter Json { get; }

    /// <summary>Records accepted so far.</summary>
    public long Records { get; private set; }

    /// <summary>Records written to files so far (a record that could not be serialized is not).</summary>
    public long RecordsWritten => Interlocked.Read(ref _recordsWritten);

    /// <summary>Uncompressed bytes written so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The single file, or the folder of part files.</summary>
    public string Target => _options.Path;

    /// <summary>The lock file held while this writer writes.</summary>
    public string LockPath => _lock.Path;

    /// <summary>
    /// True when the folder held earlier part files: new parts then reach their final names only at <see cref="Complete"/>,
    /// and a run that ends otherwise leaves the earlier parts as they were.
    /// </summary>
    public bool ReplacesEarlierParts => _staged is not null;

    /// <summary>The file name a part gets.</summary>
    public static string PartFileName(int part, bool compress) => $"part-{part:D5}.jsonl{(compress ? ".gz" : string.Empty)}";

    /// <summary>Part files already in a folder, by part number.</summary>
    public static IReadOnlyList<(int Part, string Path)> ExistingParts(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return Array.Empty<(int, string)>();
        }

        return Directory.EnumerateFiles(folder)
            .Select(path => (Match: PartName.Match(System.IO.Path.GetFileName(path)), Path: path))
            .Where(found => found.Match.Success && int.TryParse(found.Match.Groups[1].Value, out _))
            .Select(found => (int.Parse(found.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), found.Path))
            .OrderBy(found => found.Item1)
            .ToList();
    }

    /// <summary>
    /// Takes one of the module's records (<see cref="RecordJsonWriter.CanWrite"/>) to be serialized on the writer
    /// thread; false for any other value, which the caller then writes with <see cref="Json"/>.
    /// </summary>
    public bool TryWrite(object record, int depth)
    {
        if (!RecordJsonWriter.CanWrite(record, depth))
        {
            return false;
        }

        _fastDepth = Math.Max(_fastDepth, depth);
        Add(record);
        return true;
    }

    /// <summary>Ends the record <see cref="Json"/> holds.</summary>
    public void EndRecord()
    {
        Json.Flush();
        Json.Reset();
        Add(_scratch.Array.AsSpan(0, _scratch.Length).ToArray());
        _scratch.Truncate(0);
    }

    /// <summary>Drops what <see cref="Json"/> wrote of a record that could not be finished; the next record starts clean.</summary>
    public void DiscardRecord()
    {
        Json.Reset();
        _scratch.Truncate(0);
    }

    /// <summary>Files completed since the last call, for -PassThru and progress.</summary>
    public IReadOnlyList<WrittenFile> TakeCompleted()
    {
        if (_completed.IsEmpty)
        {
            return Array.Empty<WrittenFile>();   // the common case, asked after every record: no allocation
        }

        var files = new List<WrittenFile>();
        while (_completed.TryDequeue(out WrittenFile? file))
        {
            files.Add(file);
        }

        return files;
    }

    /// <summary>Records the writer thread could not serialize, and why (the encoder replaces what it can, so this is rare).</summary>
    public IEnumerable<(object Record, Exception Error)> TakeFailedRecords()
    {
        while (_failedRecords.TryDequeue(out var failed))
        {
            yield return failed;
        }
    }

    /// <summary>Writes what is left, waits for the writer thread, and throws what stopped it, if anything.</summary>
    public void Complete()
    {
        Hand();
        _queue.CompleteAdding();
        _thread.Join();
        _finished = true;
        _lock.Dispose();
        ThrowIfFailed();
        _stop.Token.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Ends without <see cref="Complete"/>, as after an error upstream: part files whose records all arrived are still
    /// finished, and the file still being filled is discarded. After a cancellation (Ctrl+C) the writer stops at once.
    /// </summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _abandoned = true;
            try
            {
                if (!_stop.IsCancellationRequested && _failure is null)
                {
                    Hand();
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
            }

            _queue.CompleteAdding();
            _thread.Join();
            _finished = true;
        }

        _lock.Dispose();
        Json.Dispose();
        _stop.Dispose();
        _queue.Dispose();
    }

    // Checks that the target is of the right kind, makes its folder and takes its lock; then no other writer is in it,
    // and temporary files of its naming were left by writers that ended without cleaning up.
    private TargetLock TakeTarget()
    {
        string path = _options.Path;
        bool partFolder = _options.BatchSize > 0;
        if (!partFolder && Directory.Exists(path))
        {
            throw new IOException($"'{path}' is a folder. Give a file name, or -BatchSize to write part files into the folder.");
        }

        if (partFolder && File.Exists(path))
        {
            throw new IOException($"'{path}' is a file. With -BatchSize, the path is the folder the part files go into.");
        }

        string folder = partFolder ? path : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        TargetLock taken = TargetLock.Acquire(path, partFolder);
        try
        {
            string fileName = System.IO.Path.GetFileName(path);
            TemporaryFile.RemoveAbandoned(folder, partFolder ? name => PartName.IsMatch(name) : name => name == fileName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Removing leftovers is housekeeping: it never stops a write.
        }

        return taken;
    }

    // Checks what the target holds and returns the number of the first part to write.
    private int Prepare()
    {
        string path = _options.Path;
        if (_options.BatchSize == 0)
        {
            if (File.Exists(path) && !_options.Append)
            {
                if (_options.NoClobber)
                {
                    throw new TargetExistsException($"The file '{path}' already exists.");
                }

                CheckWritable(path);
            }

            return 0;
        }

        var existing = ExistingParts(path);
        if (existing.Count == 0)
        {
            return 0;
        }

        if (_options.Append)
        {
            return existing[^1].Part + 1;
        }

        if (_options.NoClobber)
        {
            throw new TargetExistsException($"The folder '{path}' already holds {existing.Count} part file(s), such as '{System.IO.Path.GetFileName(existing[0].Path)}'.");
        }

        foreach (var (_, part) in existing)
        {
            CheckWritable(part);   // every one before any is written: a refusal leaves them all
        }

        _staged = new StagedPartSet(path, _options.Force);
        return 0;
    }

    private void CheckWritable(string path)
    {
        var attributes = File.GetAttributes(path);
        if ((attributes & FileAttributes.ReadOnly) == 0)
        {
            return;
        }

        if (!_options.Force)
        {
            throw new UnauthorizedAccessException($"The file '{path}' is read-only. Use -Force to replace it.");
        }

        // With -Force the attribute is cleared only when the file is replaced, so a failed run leaves it as it was.
    }

    private void Add(object record)
    {
        _pending[_pendingCount++] = record;
        Records++;
        if (_pendingCount == _pending.Length)
        {
            Hand();
        }
    }

    private void Hand()
    {
        if (_pendingCount == 0)
        {
            ThrowIfFailed();
            return;
        }

        try
        {
            _queue.Add(new Batch(_pending, _pendingCount, _fastDepth), _stop.Token);
        }
        catch (OperationCanceledException)
        {
            ThrowIfFailed();
            throw;
        }

        _pending = new object[RecordsPerBatch];
        _pendingCount = 0;
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new IOException($"Writing '{Target}' failed: {_failure.Message}", _failure);
        }
    }

    // The writer thread: serializes, fills chunks, writes them, and rolls and renames files.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void WriteBatches()
    {
        var chunk = new ChunkBuffer(new byte[_options.ChunkBytes + 4096]);
        using var json = new Utf8JsonWriter(chunk, WriterOptions);
        OpenFile? current = null;
        int part = _firstPart;
        long recordsInFile = 0;
        bool wroteAny = false;
        try
        {
            foreach (Batch batch in _queue.GetConsumingEnumerable(_stop.Token))
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    object record = batch.Records[i];
                    int start = chunk.Length;
                    if (record is byte[] serialized)
                    {
                        serialized.CopyTo(chunk.GetSpan(serialized.Length));
                        chunk.Advance(serialized.Length);
                    }
                    else if (!TrySerialize(json, chunk, record, batch.Depth, start))
                    {
                        continue;
                    }

                    chunk.WriteByte((byte)'\n');
                    current ??= OpenFile.Open(_options, FinalPath(part));
                    wroteAny = true;
                    recordsInFile++;
                    Interlocked.Increment(ref _recordsWritten);
                    if (_options.BatchSize > 0 && recordsInFile == _options.BatchSize)
                    {
                        Flush(current, chunk);
                        FinishFile(current, recordsInFile);
                        current = null;
                        part++;
                        recordsInFile = 0;
                    }
                    else if (chunk.Length >= _options.ChunkBytes)
                    {
                        Flush(current, chunk);
                    }
                }
            }

            if (_abandoned)
            {
                return;   // the file being filled is incomplete: finally discards it
            }

            if (current is null && !wroteAny && _options.BatchSize == 0)
            {
                current = OpenFile.Open(_options, FinalPath(part));   // a single file is written even without records, as Export-Csv does
            }

            if (current is not null)
            {
                Flush(current, chunk);
                FinishFile(current, recordsInFile);
                current = null;
            }

            foreach (WrittenFile file in _staged?.Commit() ?? Array.Empty<WrittenFile>())
            {
                _completed.Enqueue(file);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _failure = ex;
            _stop.Cancel();
        }
        finally
        {
            current?.Abort();
            _staged?.Discard();
        }
    }

    // A complete file goes to its final name now, or, replacing an earlier set of parts, waits for the whole set.
    private void FinishFile(OpenFile file, long records)
    {
        if (_staged is null)
        {
            _completed.Enqueue(file.Finish(records));
        }
        else
        {
            _staged.Add(file.TempPath!, file.Close(records));
        }
    }

    // A module record that cannot be written is reported and left out; the file goes on.
    private bool TrySerialize(Utf8JsonWriter json, ChunkBuffer chunk, object record, int depth, int start)
    {
        try
        {
            RecordJsonWriter.TryWrite(json, record, depth);
            json.Flush();
            json.Reset();
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            json.Reset();
            chunk.Truncate(start);
            _failedRecords.Enqueue((record, ex));
            return false;
        }
    }

    private void Flush(OpenFile file, ChunkBuffer chunk)
    {
        file.Write(chunk.Array, chunk.Length);
        Interlocked.Add(ref _bytes, chunk.Length);
        chunk.Truncate(0);
    }

    private string FinalPath(int part) => _options.BatchSize == 0
        ? _options.Path
        : System.IO.Path.Combine(_options.Path, PartFileName(part, _options.Compress));

    private readonly record struct Batch(object[] Records, int Count, int Depth);

    /// <summary>One file being written: under a temporary name, or appended to in place (and cut back on failure).</summary>
    private sealed class OpenFile
    {
        private readonly JsonLinesWriterOptions _options;
        private readonly string _finalPath;
        private readonly string? _tempPath;
        private readonly Stream _file;
        private readonly Stream _output;
        private readonly long _originalLength;
        private long _bytes;

        private OpenFile(JsonLinesWriterOptions options, string finalPath, string? tempPath, Stream file, long originalLength)
        {
            _options = options;
            _finalPath = finalPath;
            _tempPath = tempPath;
            _file = file;
            _originalLength = originalLength;
            _output = options.Compress ? new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true) : file;
        }

        public static OpenFile Open(JsonLinesWriterOptions options, string finalPath)
        {
            if (options.Append && options.BatchSize == 0)
            {
                Stream appended = options.OpenFile(finalPath, FileMode.Append);
                return new OpenFile(options, finalPath, null, appended, appended.CanSeek ? appended.Length : 0);
            }

            string temp = TemporaryFile.PathFor(finalPath);
            return new OpenFile(options, finalPath, temp, options.OpenFile(temp, FileMode.CreateNew), 0);
        }

        public void Write(byte[] data, int length)
        {
            _output.Write(data, 0, length);
            _bytes += length;
        }

        public string? TempPath => _tempPath;

        /// <summary>Closes the file and moves it to its final name.</summary>
        public WrittenFile Finish(long records)
        {
            WrittenFile written = Close(records);
            try
            {
                if (_tempPath is not null)
                {
                    if (_options.Force && File.Exists(_finalPath))
                    {
                        File.SetAttributes(_finalPath, File.GetAttributes(_finalPath) & ~FileAttributes.ReadOnly);
                    }

                    File.Move(_tempPath, _finalPath, overwrite: !_options.NoClobber);
                }
            }
            catch
            {
                Abort();
                throw;
            }

            return written;
        }

        /// <summary>Closes the file, complete, under the name it was written under.</summary>
        public WrittenFile Close(long records)
        {
            try
            {
                if (!ReferenceEquals(_output, _file))
                {
                    _output.Dispose();
                }

                _file.Dispose();
            }
            catch
            {
                Abort();
                throw;
            }

            return new WrittenFile(_finalPath, records, _bytes);
        }

        public void Abort()
        {
            if (!ReferenceEquals(_output, _file))
            {
                Try(_output.Dispose);
            }

            if (_tempPath is null && _file.CanSeek)
            {
                Try(() => _file.SetLength(_originalLength));   // an append is taken back
            }

            Try(_file.Dispose);
            if (_tempPath is not null)
            {
                Try(() => File.Delete(_tempPath));
            }
        }

        private static void Try(Action action)
        {
            try
            {
                action();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException or InvalidOperationException)
            {
            }
        }
    }
}
