using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using Aggregator.Reading.Shapes;

namespace Aggregator.Reading.Parallel;

/// <summary>
/// Reads many files, or one large JSON Lines file in line ranges, on worker threads. Each worker feeds its own sink (its
/// own partial aggregate, merged by the caller at the end) or, in record mode, posts batches of records. Results,
/// skipped records and finished files travel through a bounded queue to the thread that called Run, which is the only
/// one that calls the observer. With one worker everything runs on the calling thread, with no queue.
/// </summary>
public sealed class ParallelFileReader
{
    /// <summary>Smallest line range a large file is cut into.</summary>
    public const long DefaultMinPartBytes = 8L << 20;

    private const int QueueCapacity = 64;
    private const int PartQueueCapacity = 16;
    private const int PollMilliseconds = 100;

    private readonly IReadOnlyList<string> _files;
    private readonly EventReadOptions _options;
    private long _bytesDone;
    private int _nextPart;
    private Func<int, IEventSink>? _sinkForFile;

    public ParallelFileReader(IReadOnlyList<string> files, EventReadOptions options, int workers)
    {
        if (workers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), "At least one worker is needed.");
        }

        _files = files;
        _options = options;
        Workers = workers;
    }

    public int Workers { get; }

    /// <summary>The files to read, in the order given.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Whether large plain JSON Lines files are cut into line ranges that workers share.</summary>
    public bool SplitFiles { get; init; }

    /// <summary>Whether the observer sees files in the order given rather than as they are read.</summary>
    public bool Ordered { get; init; }

    public long MinPartBytes { get; init; } = DefaultMinPartBytes;

    /// <summary>
    /// Reads every file into sinks made by <paramref name="sinkForWorker"/>, one per worker (the worker's index is passed).
    /// Skipped records and finished files go to the observer. Returns after every worker has stopped.
    /// </summary>
    public void Run(Func<int, IEventSink> sinkForWorker, IReadObserver observer, CancellationToken cancellation) =>
        RunCore(sinkForWorker, observer, cancellation);

    /// <summary>Reads every file as <see cref="EventRecord"/> (or <see cref="SensorReading"/>) objects, each file's in order, into the observer.</summary>
    public void RunRecords(IReadObserver observer, CancellationToken cancellation) => RunCore(null, observer, cancellation);

    /// <summary>
    /// Reads each file whole into its own sink, made by <paramref name="sinkForFile"/> on the worker that reads the file
    /// (the file's index in the list is passed). With <see cref="Ordered"/>, the observer hears of the files in the order
    /// given, so a caller can pair each finished file with its sink.
    /// </summary>
    public void RunPerFile(Func<int, IEventSink> sinkForFile, IReadObserver observer, CancellationToken cancellation)
    {
        _sinkForFile = sinkForFile;
        try
        {
            RunCore(null, observer, cancellation);
        }
        finally
        {
            _sinkForFile = null;
        }
    }

    private void RunCore(Func<int, IEventSink>? sinkForWorker, IReadObserver observer, CancellationToken cancellation)
    {
        List<ReadPart> parts = ReadPlanner.Plan(_files, _options, SplitFiles && sinkForWorker is not null ? Workers : 1, MinPartBytes);
        int workers = Math.Min(Workers, parts.Count);
        observer.OnPlanned(_files.Count, parts.Count, Math.Max(workers, 1));
        if (workers <= 1)
        {
            RunInline(parts, sinkForWorker, observer, cancellation);
        }
        else
        {
            RunThreaded(parts, workers, sinkForWorker, observer, cancellation);
        }
    }

    private void RunInline(List<ReadPart> parts, Func<int, IEventSink>? sinkForWorker, IReadObserver observer,
        CancellationToken cancellation)
    {
        var worker = new ReadWorker(0, sinkForWorker?.Invoke(0));
        var delivery = new Delivery(observer);
        try
        {
            foreach (ReadPart part in parts)
            {
                long before = _bytesDone;
                ReadOne(worker, part, message => Guarded(() => delivery.Deliver(message)), batch: false, cancellation,
                    bytes => Guarded(() => observer.OnProgress(before + bytes, part.File.Path)));
            }
        }
        catch (ObserverException wrapped)
        {
            // What the observer threw (a stopped pipeline, -ErrorAction Stop) is the caller's, not a file problem.
            ExceptionDispatchInfo.Capture(wrapped.InnerException!).Throw();
        }
    }

    private static void Guarded(Action call)
    {
        try
        {
            call();
        }
        catch (Exception ex)
        {
            throw new ObserverException(ex);
        }
    }

    private void RunThreaded(List<ReadPart> parts, int workerCount, Func<int, IEventSink>? sinkForWorker, IReadObserver observer,
        CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        CancellationToken token = stop.Token;
        BlockingCollection<object>? shared = Ordered ? null : new BlockingCollection<object>(QueueCapacity);
        BlockingCollection<object>[]? perPart = Ordered
            ? parts.Select(_ => new BlockingCollection<object>(PartQueueCapacity)).ToArray()
            : null;
        var workers = new ReadWorker[workerCount];
        for (int i = 0; i < workerCount; i++)
        {
            workers[i] = new ReadWorker(i, sinkForWorker?.Invoke(i));
        }

        int running = workerCount;
        Exception? failure = null;
        var threads = new Thread[workerCount];
        for (int i = 0; i < workerCount; i++)
        {
            ReadWorker worker = workers[i];
            threads[i] = new Thread(() =>
            {
                try
                {
                    WorkerLoop(worker, parts, shared, perPart, token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ex, null);
                    stop.Cancel();
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
            })
            {
                IsBackground = true,
                Name = $"Aggregator reader {i + 1}",
            };
        }

        var delivery = new Delivery(observer);
        try
        {
            foreach (Thread thread in threads)
            {
                thread.Start();
            }

            if (shared is not null)
            {
                Drain(shared, parts.Count, delivery, () => Volatile.Read(ref running) == 0, token);
            }
            else
            {
                foreach (BlockingCollection<object> queue in perPart!)
                {
                    Drain(queue, 1, delivery, () => Volatile.Read(ref running) == 0, token);
                }
            }
        }
        finally
        {
            // Normal end, Ctrl+C, or a downstream stop: either way no worker outlives the call.
            stop.Cancel();
            foreach (Thread thread in threads)
            {
                if (thread.ThreadState != ThreadState.Unstarted)
                {
                    thread.Join();
                }
            }

            shared?.Dispose();
            foreach (BlockingCollection<object> queue in perPart ?? Array.Empty<BlockingCollection<object>>())
            {
                queue.Dispose();
            }
        }

        cancellation.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            throw new InvalidOperationException($"A reader thread failed: {failure.Message}", failure);
        }
    }

    // Delivers messages until the given number of parts have finished. Progress is reported between messages.
    private void Drain(BlockingCollection<object> queue, int parts, Delivery delivery, Func<bool> workersGone, CancellationToken token)
    {
        int finished = 0;
        while (finished < parts)
        {
            if (queue.TryTake(out object? message, PollMilliseconds, token))
            {
                if (delivery.Deliver(message))
                {
                    finished++;
                }
            }
            else if (workersGone() && queue.Count == 0)
            {
                token.ThrowIfCancellationRequested();
                return;   // a worker failed; RunThreaded reports it
            }

            delivery.Observer.OnProgress(Interlocked.Read(ref _bytesDone), delivery.CurrentFile);
        }
    }

    private void WorkerLoop(ReadWorker worker, List<ReadPart> parts, BlockingCollection<object>? shared,
        BlockingCollection<object>[]? perPart, CancellationToken token)
    {
        while (true)
        {
            int index = Interlocked.Increment(ref _nextPart) - 1;
            if (index >= parts.Count)
            {
                return;
            }

            token.ThrowIfCancellationRequested();
            BlockingCollection<object> queue = shared ?? perPart![index];
            ReadOne(worker, parts[index], message => queue.Add(message, token), batch: true, token, onBytes: null);
        }
    }

    // Reads one part into a PartSink and posts its end. A failure that is not the file's own is that part's error only.
    private void ReadOne(ReadWorker worker, ReadPart part, Action<object> post, bool batch, CancellationToken token,
        Action<long>? onBytes)
    {
        IEventSink? inner = _sinkForFile is null ? worker.Sink : _sinkForFile(part.Index);   // unsplit: part = file
        var sink = new PartSink(inner, worker, part, message => post(message), batch, RecordShapes.For(_options.Fields), token);
        worker.ReportedBytes = 0;
        Action<long> progress = bytes =>
        {
            Interlocked.Add(ref _bytesDone, bytes - worker.ReportedBytes);
            worker.ReportedBytes = bytes;
            onBytes?.Invoke(bytes);
        };

        FileImportStatistics result;
        long lineBreaks = 0;
        try
        {
            result = part.IsWholeFile
                ? EventFileReader.ReadFile(part.File.Path, _options, sink, token, progress)
                : EventFileReader.ReadLineRange(part.File.Path, part.Start, part.End, _options, sink, token, progress, out lineBreaks);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ObserverException)
        {
            result = new FileImportStatistics(part.File.Path, _options.Format, sink.Valid + sink.Skipped, sink.Valid, sink.Skipped, 0)
            {
                Error = $"Reading stopped at an unexpected error: {ex.Message}",
            };
        }

        sink.Complete(lineBreaks);
        Interlocked.Add(ref _bytesDone, part.Length - worker.ReportedBytes);
        worker.ReportedBytes = part.Length;
        post(new PartDone(part, result));
    }

    private sealed class ObserverException : Exception
    {
        public ObserverException(Exception inner)
            : base(inner.Message, inner)
        {
        }
    }

    private sealed record PartDone(ReadPart Part, FileImportStatistics Result);

    // Hands messages to the observer on the calling thread, and combines a file's parts.
    private sealed class Delivery
    {
        public Delivery(IReadObserver observer) => Observer = observer;

        public IReadObserver Observer { get; }

        public string CurrentFile { get; private set; } = string.Empty;

        /// <summary>Delivers one message; true when it ended a part.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public bool Deliver(object message)
        {
            switch (message)
            {
                case IInputRecord record:
                    Observer.OnRecord(record);
                    return false;
                case List<IInputRecord> batch:
                    CurrentFile = batch[0].Source;
                    foreach (IInputRecord record in batch)
                    {
                        Observer.OnRecord(record);
                    }

                    return false;
                case SkippedRecord skipped:
                    CurrentFile = skipped.Source;
                    Observer.OnSkipped(skipped);
                    return false;
                case PartDone done:
                    CurrentFile = done.Part.File.Path;
                    if (done.Part.File.AddResult(done.Part.Number, done.Result) is { } file)
                    {
                        Observer.OnFileCompleted(file);
                    }

                    return true;
                default:
                    throw new InvalidOperationException($"Unexpected message {message.GetType().Name}.");
            }
        }
    }
}
