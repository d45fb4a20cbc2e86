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
/// Writes records as JSON Lines through one writer thread. The producer serializes each record with <see cref="Json"/>
/// and calls <see cref="EndRecord"/>; whole records go in chunks through a bounded queue, so the producer waits only
/// when the writer is that many chunks behind. Each file is written under a temporary name and renamed when complete,
/// so a failure or a cancellation never leaves a partial file under a final name.
/// </summary>
public sealed class JsonLinesWriter : IDisposable
{
    private static readonly Regex PartName = new(@"^part-(\d{5,})\.jsonl(\.gz)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly JsonLinesWriterOptions _options;
    private readonly BlockingCollection<Chunk> _queue;
    private readonly ConcurrentQueue<byte[]> _spareArrays = new();
    private readonly ConcurrentQueue<WrittenFile> _completed = new();
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private readonly ChunkBuffer _chunk;
    private readonly int _firstPart;
    private Exception? _failure;
    private int _part;
    private int _recordStart;
    private long _recordsInFile;
    private bool _finished;

    public JsonLinesWriter(JsonLinesWriterOptions options, CancellationToken cancellation = default)
    {
        _options = options;
        _firstPart = Prepare();
        _part = _firstPart;
        _chunk = new ChunkBuffer(new byte[options.ChunkBytes + 4096]);
        Json = new Utf8JsonWriter(_chunk, new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        });
        _queue = new BlockingCollection<Chunk>(Math.Max(options.QueuedChunks, 1));
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _thread = new Thread(WriteChunks) { IsBackground = true, Name = "Aggregator JSON Lines writer" };
        _thread.Start();
    }

    /// <summary>Serializes the current record; call <see cref="EndRecord"/> after each one.</summary>
    public Utf8JsonWriter Json { get; }

    /// <summary>Records ended so far.</summary>
    public long Records { get; private set; }

    /// <summary>Uncompressed bytes of the records ended so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>The single file, or the folder of part files.</summary>
    public string Target => _options.Path;

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

    /// <summary>Ends the record <see cref="Json"/> holds: a line break, and a new part file every BatchSize records.</summary>
    public void EndRecord()
    {
        Json.Flush();
        Json.Reset();
        _chunk.WriteByte((byte)'\n');
        _recordStart = _chunk.Length;
        Records++;
        _recordsInFile++;
        if (_options.BatchSize > 0 && _recordsInFile == _options.BatchSize)
        {
            Hand(endsFile: true);
            _part++;
            _recordsInFile = 0;
        }
        else if (_chunk.Length >= _options.ChunkBytes)
        {
            Hand(endsFile: false);
        }
    }

    /// <summary>Drops what <see cref="Json"/> wrote of a record that could not be finished; the next record starts clean.</summary>
    public void DiscardRecord()
    {
        Json.Reset();
        _chunk.Truncate(_recordStart);
    }

    /// <summary>Files completed since the last call, for -PassThru and progress.</summary>
    public IEnumerable<WrittenFile> TakeCompleted()
    {
        while (_completed.TryDequeue(out WrittenFile? file))
        {
            yield return file;
        }
    }

    /// <summary>Writes what is left, waits for the writer thread, and throws what stopped it, if anything.</summary>
    public void Complete()
    {
        Json.Flush();
        if (_options.BatchSize == 0 || _recordsInFile > 0)
        {
            Hand(endsFile: true);   // a single file is written even without records, as Export-Csv does
        }

        _queue.CompleteAdding();
        _thread.Join();
        _finished = true;
        ThrowIfFailed();
        _stop.Token.ThrowIfCancellationRequested();
    }

    /// <summary>Stops without completing, when the caller did not reach <see cref="Complete"/>: the file being written is discarded.</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _stop.Cancel();
            _queue.CompleteAdding();
            _thread.Join();
            _finished = true;
        }

        Json.Dispose();
        _stop.Dispose();
        _queue.Dispose();
    }

    // Checks the target and returns the number of the first part to write.
    private int Prepare()
    {
        string path = _options.Path;
        if (_options.BatchSize == 0)
        {
            if (Directory.Exists(path))
            {
                throw new IOException($"'{path}' is a folder. Give a file name, or -BatchSize to write part files into the folder.");
            }

            if (File.Exists(path) && !_options.Append)
            {
                if (_options.NoClobber)
                {
                    throw new TargetExistsException($"The file '{path}' already exists.");
                }

                CheckWritable(path);
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            return 0;
        }

        if (File.Exists(path))
        {
            throw new IOException($"'{path}' is a file. With -BatchSize, the path is the folder the part files go into.");
        }

        Directory.CreateDirectory(path);
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
            CheckWritable(part);
            File.Delete(part);
        }

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

        File.SetAttributes(path, attributes & ~FileAttributes.ReadOnly);
    }

    private void Hand(bool endsFile)
    {
        var chunk = new Chunk(_chunk.Array, _chunk.Length, _part, endsFile ? _recordsInFile : -1);
        try
        {
            _queue.Add(chunk, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            ThrowIfFailed();
            throw;
        }

        Bytes += chunk.Length;
        _chunk.Reset(_spareArrays.TryDequeue(out byte[]? spare) ? spare : new byte[_options.ChunkBytes + 4096]);
        _recordStart = 0;
        Json.Reset(_chunk);
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new IOException($"Writing '{Target}' failed: {_failure.Message}", _failure);
        }
    }

    private void WriteChunks()
    {
        OpenFile? current = null;
        try
        {
            foreach (Chunk chunk in _queue.GetConsumingEnumerable(_stop.Token))
            {
                current ??= OpenFile.Open(_options, FinalPath(chunk.Part));
                current.Write(chunk.Data, chunk.Length);
                if (chunk.Data.Length <= _options.ChunkBytes + 4096)
                {
                    _spareArrays.Enqueue(chunk.Data);   // a chunk grown for a huge record is let go
                }

                if (chunk.FileRecords >= 0)
                {
                    _completed.Enqueue(current.Finish(chunk.FileRecords));
                    current = null;
                }
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
        }
    }

    private string FinalPath(int part) => _options.BatchSize == 0
        ? _options.Path
        : System.IO.Path.Combine(_options.Path, PartFileName(part, _options.Compress));

    private readonly record struct Chunk(byte[] Data, int Length, int Part, long FileRecords);

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

            string temp = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(finalPath)!,
                $".{System.IO.Path.GetFileName(finalPath)}.{Guid.NewGuid():N}.tmp");
            return new OpenFile(options, finalPath, temp, options.OpenFile(temp, FileMode.CreateNew), 0);
        }

        public void Write(byte[] data, int length)
        {
            _output.Write(data, 0, length);
            _bytes += length;
        }

        public WrittenFile Finish(long records)
        {
            try
            {
                if (!ReferenceEquals(_output, _file))
                {
                    _output.Dispose();
                }

                _file.Dispose();
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
