using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Aggregator.Reading;

namespace Aggregator.Store;

/// <summary>
/// Processes a store's waiting sensor files with N workers until none waits. Each worker claims a file, reads it and
/// writes its result in one transaction; a file whose result cannot be written (a full disk) fails alone. Stopping
/// gives unfinished files back; a killed process leaves them to be retried once their lease runs out.
/// </summary>
public sealed class SensorIngest
{
    /// <summary>How long a claim lasts before another ingest may take the file over.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);

    private readonly ResultStore _store;
    private readonly EventReadOptions _options;

    public SensorIngest(ResultStore store, EventReadOptions options)
    {
        _store = store;
        _options = options;
    }

    public int Workers { get; init; } = 1;

    public TimeSpan Lease { get; init; } = DefaultLease;

    /// <summary>Files a worker claims, reads and stores together: one transaction for the claim and one for the results.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Names this ingest's claims; unique per run.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Tests only: called at each step of a file, so a crash can be injected there.</summary>
    internal Action<IngestStep, ClaimedFile>? OnStep { get; init; }

    /// <summary>
    /// Runs until no file waits or <paramref name="cancellation"/> fires, yielding each finished file's result on the
    /// caller's thread as it completes. A store failure ends the run with a <see cref="StoreException"/>.
    /// </summary>
    public IEnumerable<SensorFileSummary> Run(CancellationToken cancellation)
    {
        // Also stopped when the caller stops reading (Select-Object -First): the workers then give their files back.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var finished = new BlockingCollection<SensorFileSummary>();
        Exception? failure = null;
        var workers = new Task[Math.Max(1, Workers)];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() =>
            {
                try
                {
                    Work(finished, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ex, null);
                }
            });
        }

        Task.WhenAll(workers).ContinueWith(_ => finished.CompleteAdding(), TaskScheduler.Default);
        try
        {
            foreach (SensorFileSummary result in finished.GetConsumingEnumerable())
            {
                yield return result;
            }
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(workers);   // each worker gives back what it claimed and did not store before this returns
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private void Work(BlockingCollection<SensorFileSummary> finished, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            IReadOnlyList<ClaimedFile> claims = _store.SensorFiles.Claim(Owner, Lease, BatchSize);
            if (claims.Count == 0)
            {
                return;
            }

            var done = new List<(ClaimedFile Claim, SensorFileSummary Result, IReadOnlyList<SensorSummary> Sensors)>();
            foreach (ClaimedFile claim in claims)
            {
                OnStep?.Invoke(IngestStep.Claimed, claim);
                try
                {
                    done.Add(Read(claim, cancellation));
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    _store.SensorFiles.Release(claims.Skip(done.Count));
                    break;   // the files read so far are still stored below
                }

                OnStep?.Invoke(IngestStep.Read, claim);
            }

            foreach (SensorFileSummary result in Store(done))
            {
                if (!finished.IsAddingCompleted)
                {
                    finished.Add(result);
                }
            }
        }
    }

    private (ClaimedFile, SensorFileSummary, IReadOnlyList<SensorSummary>) Read(ClaimedFile claim, CancellationToken cancellation)
    {
        if (!System.IO.File.Exists(claim.ObjectPath))
        {
            var missing = new SensorFileSummary
            {
                FileId = claim.FileId, Path = claim.Source, Status = SensorFileStatus.Failed, StartedAt = DateTime.UtcNow, ProcessedAt = DateTime.UtcNow,
                Message = $"The stored copy of '{claim.Source}' is missing from '{_store.Objects.Root}'.",
            };
            return (claim, missing, Array.Empty<SensorSummary>());
        }

        var (summary, sensors) = SensorFileProcessor.Process(claim.ObjectPath, claim.Source, claim.FileId, _options, cancellation);
        summary.UploadedAt = claim.UploadedAt;
        return (claim, summary, sensors);
    }

    // One transaction for the batch; if it cannot be written (a full disk), each file alone, and one that still cannot
    // is failed by itself, so the store and the other files go on. A file whose claim was lost is left to its new owner.
    private List<SensorFileSummary> Store(List<(ClaimedFile Claim, SensorFileSummary Result, IReadOnlyList<SensorSummary> Sensors)> done)
    {
        var stored = new List<SensorFileSummary>();
        if (done.Count == 0)
        {
            return stored;
        }

        bool[] written;
        try
        {
            written = _store.SensorFiles.CompleteAll(done);
        }
        catch (StoreException ex) when (ex.Problem == StoreProblem.NotWritable && done.Count > 1)
        {
            written = done.Select(file => StoreAlone(file)).ToArray();
        }
        catch (StoreException ex) when (ex.Problem == StoreProblem.NotWritable)
        {
            written = new[] { FailAlone(done[0], ex) };
        }

        for (int i = 0; i < done.Count; i++)
        {
            if (written[i])
            {
                OnStep?.Invoke(IngestStep.Stored, done[i].Claim);
                stored.Add(done[i].Result);
            }
        }

        return stored;
    }

    private bool StoreAlone((ClaimedFile Claim, SensorFileSummary Result, IReadOnlyList<SensorSummary> Sensors) file)
    {
        try
        {
            return _store.SensorFiles.Complete(file.Claim, file.Result, file.Sensors);
        }
        catch (StoreException ex) when (ex.Problem == StoreProblem.NotWritable)
        {
            return FailAlone(file, ex);
        }
    }

    private bool FailAlone((ClaimedFile Claim, SensorFileSummary Result, IReadOnlyList<SensorSummary> Sensors) file, StoreException ex)
    {
        string message = $"Its result could not be stored: {ex.Message}";
        if (!_store.SensorFiles.Fail(file.Claim, message))
        {
            return false;
        }

        // What the store now says of the file: Failed, with no figures.
        SensorFileSummary failed = file.Result;
        failed.Status = SensorFileStatus.Failed;
        failed.Message = message;
        failed.RowCount = failed.ErrorCount = 0;
        failed.MinValue = failed.MaxValue = failed.MeanValue = null;
        failed.Sum = 0;
        failed.PerSensorCount.Clear();
        failed.Errors.Clear();
        return true;
    }
}

/// <summary>The steps of ingesting one file, where a test may inject a crash.</summary>
internal enum IngestStep
{
    Claimed,
    Read,
    Stored,
}
