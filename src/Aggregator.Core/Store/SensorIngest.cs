using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
        using var finished = new BlockingCollection<SensorFileSummary>();
        Exception? failure = null;
        var workers = new Task[Math.Max(1, Workers)];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() =>
            {
                try
                {
                    Work(finished, cancellation);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ex, null);
                }
            });
        }

        Task.WhenAll(workers).ContinueWith(_ => finished.CompleteAdding(), TaskScheduler.Default);
        foreach (SensorFileSummary result in finished.GetConsumingEnumerable())
        {
            yield return result;
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private void Work(BlockingCollection<SensorFileSummary> finished, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested && _store.SensorFiles.TryClaim(Owner, Lease) is { } claim)
        {
            OnStep?.Invoke(IngestStep.Claimed, claim);
            SensorFileSummary? result;
            try
            {
                result = Process(claim, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                _store.SensorFiles.Release(claim);
                return;
            }

            if (result is not null)
            {
                finished.Add(result);
            }
        }
    }

    private SensorFileSummary? Process(ClaimedFile claim, CancellationToken cancellation)
    {
        SensorFileSummary summary;
        IReadOnlyList<SensorSummary> sensors;
        if (!System.IO.File.Exists(claim.ObjectPath))
        {
            string message = $"The stored copy of '{claim.Source}' is missing from '{_store.Objects.Root}'.";
            return _store.SensorFiles.Fail(claim, message) ? Stored(claim) : null;
        }

        (summary, sensors) = SensorFileProcessor.Process(claim.ObjectPath, claim.Source, claim.FileId, _options, cancellation);
        OnStep?.Invoke(IngestStep.Read, claim);
        try
        {
            if (!_store.SensorFiles.Complete(claim, summary, sensors))
            {
                return null;   // the lease ran out and another ingest has the file: its result is the one that counts
            }
        }
        catch (StoreException ex) when (ex.Problem == StoreProblem.NotWritable)
        {
            // A full disk fails this file and leaves the store as it was; a smaller write may still fit.
            if (!_store.SensorFiles.Fail(claim, $"Its result could not be stored: {ex.Message}"))
            {
                return null;
            }
        }

        OnStep?.Invoke(IngestStep.Stored, claim);
        return Stored(claim);
    }

    private SensorFileSummary Stored(ClaimedFile claim) =>
        _store.SensorFiles.Query(new SensorFileQuery { FileIds = new[] { claim.FileId } })[0];
}

/// <summary>The steps of ingesting one file, where a test may inject a crash.</summary>
internal enum IngestStep
{
    Claimed,
    Read,
    Stored,
}
