using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Aggregator.Merging;
using Aggregator.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Aggregator.Core.Tests.Store;

public sealed class SensorIngestTests : IDisposable
{
    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Submit_CopiesTheFileUnderItsContentId_AndRecordsItUploaded()
    {
        ResultStore store = _folder.Open();
        string file = _folder.WriteSensorFile("a.csv", 5);

        var (summary, added) = store.SensorFiles.Submit(file);

        Assert.True(added);
        Assert.Equal(SensorFileStatus.Uploaded, summary.Status);
        Assert.Equal(Sensors.SensorFileTracker.ContentIdOf(file), summary.FileId);
        Assert.Equal(file, summary.Path);
        Assert.NotNull(summary.UploadedAt);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(store.Objects.PathOf(summary.FileId)));
    }

    [Fact]
    public void SubmittingTheSameBytesAgain_IsRecognised_AndNotProcessedTwice()
    {
        ResultStore store = _folder.Open();
        string file = _folder.WriteSensorFile("a.csv", 5);
        string copy = Path.Combine(_folder.Root, "copy-of-a.csv");
        File.Copy(file, copy);
        store.SensorFiles.Submit(file);
        Assert.Single(Ingest(store));

        var (again, added) = store.SensorFiles.Submit(copy);

        Assert.False(added);
        Assert.Equal(SensorFileStatus.Processed, again.Status);
        Assert.Empty(Ingest(store));
        Assert.Single(store.SensorFiles.Query(SensorFileQuery.All));
    }

    [Fact]
    public void Ingest_MovesEachFileToItsFinalStatus_WithFiguresAndRowErrors_AsMeasureSensorReadingGives()
    {
        ResultStore store = _folder.Open();
        string good = _folder.WriteSensorFile("good.csv", 10);
        string partial = _folder.WriteSensorFile("partial.csv", 4, 1, "s-1,2025-10-01T09:00:00Z,abc", "s-2,,3");
        string failed = Path.Combine(_folder.Root, "failed.csv");
        File.WriteAllText(failed, "sensor_id,time,value\ns-1,2025-10-01T09:00:00Z,3\n");
        foreach (string file in new[] { good, partial, failed })
        {
            store.SensorFiles.Submit(file);
        }

        var results = Ingest(store).ToDictionary(r => Path.GetFileName(r.Path));

        Assert.Equal(SensorFileStatus.Processed, results["good.csv"].Status);
        Assert.Equal(SensorFileStatus.Partial, results["partial.csv"].Status);
        Assert.Equal(SensorFileStatus.Failed, results["failed.csv"].Status);
        Assert.Contains("timestamp", results["failed.csv"].Message);
        foreach (string file in new[] { good, partial })
        {
            var (direct, _) = SensorFileProcessor.Process(file, file, "", StoreFolder.SensorOptions, CancellationToken.None);
            SensorFileSummary stored = results[Path.GetFileName(file)];
            Assert.Equal(direct.RowCount, stored.RowCount);
            Assert.Equal(direct.ErrorCount, stored.ErrorCount);
            Assert.Equal(direct.MinValue, stored.MinValue);
            Assert.Equal(direct.MaxValue, stored.MaxValue);
            Assert.Equal(direct.MeanValue, stored.MeanValue);
            Assert.Equal(direct.PerSensorCount.OrderBy(p => p.Key), stored.PerSensorCount.OrderBy(p => p.Key));
            Assert.Equal(direct.Errors.Select(e => (e.RowNumber, e.Reason)), stored.Errors.Select(e => (e.RowNumber, e.Reason)));
        }

        Assert.Equal(new long[] { 6, 7 }, results["partial.csv"].Errors.Select(e => e.RowNumber));
        Assert.All(results.Values, r => Assert.True(r.ProcessedAt >= r.StartedAt && r.StartedAt >= r.UploadedAt!.Value.AddSeconds(-1)));
    }

    [Fact]
    public void Query_ChoosesByIdStatusAndTime_AndBySensorMergesEveryStoredFile()
    {
        ResultStore store = _folder.Open();
        IReadOnlyList<string> files = _folder.WriteSensorFiles(4, 30);
        string bad = _folder.WriteSensorFile("bad.csv", 2, 9, "s-1,2025-10-01T09:00:00Z,oops");
        foreach (string file in files.Append(bad))
        {
            store.SensorFiles.Submit(file);
        }

        Ingest(store);
        string badId = Sensors.SensorFileTracker.ContentIdOf(bad);

        Assert.Equal(badId, Assert.Single(store.SensorFiles.Query(new SensorFileQuery { Statuses = new[] { SensorFileStatus.Partial } })).FileId);
        Assert.Equal(badId, Assert.Single(store.SensorFiles.Query(new SensorFileQuery { FileIds = new[] { badId } })).FileId);
        Assert.Equal(5, store.SensorFiles.Query(new SensorFileQuery { Since = DateTime.UtcNow.AddMinutes(-5) }).Count);
        Assert.Empty(store.SensorFiles.Query(new SensorFileQuery { Since = DateTime.UtcNow.AddMinutes(5) }));

        var direct = new Sensors.SensorAccumulator();
        foreach (string file in files.Append(bad))
        {
            var tracker = new Sensors.SensorFileTracker(file, "id");
            Reading.EventFileReader.ReadFile(file, StoreFolder.SensorOptions, new Reading.AccumulatingSink(tracker.Readings, _ => { }, null));
            direct.Merge(tracker.Readings);
        }

        IReadOnlyList<SensorSummary> merged = store.SensorFiles.QuerySensors(SensorFileQuery.All);
        Assert.Equal(direct.GetResults().Select(s => (s.SensorId, s.Count, s.Min, s.Max, Math.Round(s.Sum, 9))),
            merged.Select(s => (s.SensorId, s.Count, s.Min, s.Max, Math.Round(s.Sum, 9))));
    }

    [Theory]
    [InlineData("Claimed")]
    [InlineData("Read")]
    [InlineData("Stored")]
    public void CrashAtAnyStep_TheNextIngestFinishesTheJob_NothingLostNothingTwice(string stepName)
    {
        IngestStep step = Enum.Parse<IngestStep>(stepName);
        ResultStore store = _folder.Open();
        IReadOnlyList<string> files = _folder.WriteSensorFiles(3, 20);
        foreach (string file in files)
        {
            store.SensorFiles.Submit(file);
        }

        var crashing = new SensorIngest(store, StoreFolder.SensorOptions)
        {
            Lease = TimeSpan.FromMilliseconds(300),
            OnStep = (at, _) =>
            {
                if (at == step)
                {
                    throw new SimulatedCrash();
                }
            },
        };
        Assert.Throws<SimulatedCrash>(() => crashing.Run(CancellationToken.None).ToList());
        // Files are claimed and stored in batches: a crash after the batch's transaction leaves it stored, any earlier none.
        int storedAtCrash = store.SensorFiles.Query(new SensorFileQuery { Statuses = new[] { SensorFileStatus.Processed } }).Count;
        Assert.Equal(step == IngestStep.Stored ? 3 : 0, storedAtCrash);
        Thread.Sleep(400);   // the crashed claim's lease runs out

        var resumed = new SensorIngest(store, StoreFolder.SensorOptions) { Lease = TimeSpan.FromMinutes(1) }.Run(CancellationToken.None).ToList();

        IReadOnlyList<SensorFileSummary> all = store.SensorFiles.Query(SensorFileQuery.All);
        Assert.Equal(3, all.Count);
        Assert.All(all, file => Assert.Equal(SensorFileStatus.Processed, file.Status));
        Assert.All(all, file => Assert.Equal(20, file.RowCount));
        Assert.Equal(3 - storedAtCrash, resumed.Count);
        Assert.Equal(60L, store.SensorFiles.QuerySensors(SensorFileQuery.All).Sum(s => s.Count));
    }

    [Fact]
    public void StoppedIngest_GivesItsFileBack_ForTheNextRun()
    {
        ResultStore store = _folder.Open();
        foreach (string file in _folder.WriteSensorFiles(2, 10))
        {
            store.SensorFiles.Submit(file);
        }

        using var stop = new CancellationTokenSource();
        var stopping = new SensorIngest(store, StoreFolder.SensorOptions) { OnStep = (at, _) => stop.Cancel() };
        Assert.Empty(stopping.Run(stop.Token).ToList());

        Assert.All(store.SensorFiles.Query(SensorFileQuery.All), file => Assert.Equal(SensorFileStatus.Uploaded, file.Status));
        Assert.Equal(2, Ingest(store).Count);
    }

    [Fact]
    public void ACallerThatStopsReading_StopsTheIngest_AndLeavesNoFileProcessing()
    {
        ResultStore store = _folder.Open();
        foreach (string file in _folder.WriteSensorFiles(40, 200))
        {
            store.SensorFiles.Submit(file);
        }

        SensorFileSummary first = new SensorIngest(store, StoreFolder.SensorOptions) { Workers = 2, BatchSize = 2 }.Run(CancellationToken.None).First();

        IReadOnlyList<SensorFileSummary> all = store.SensorFiles.Query(new SensorFileQuery { WithErrors = false });
        Assert.Equal(SensorFileStatus.Processed, first.Status);
        Assert.DoesNotContain(all, file => file.Status == SensorFileStatus.Processing);
        Assert.Contains(all, file => file.Status == SensorFileStatus.Uploaded);
        Assert.Equal(40, Ingest(store).Count + all.Count(file => file.Status == SensorFileStatus.Processed));
    }

    [Fact]
    public async Task TwoConcurrentIngests_NeverProcessTheSameFileTwice()
    {
        ResultStore store = _folder.Open();
        IReadOnlyList<string> files = _folder.WriteSensorFiles(40, 50);
        foreach (string file in files)
        {
            store.SensorFiles.Submit(file);
        }

        var first = Task.Run(() => new SensorIngest(ResultStore.Open(_folder.StorePath), StoreFolder.SensorOptions) { Workers = 2 }
            .Run(CancellationToken.None).ToList());
        var second = Task.Run(() => new SensorIngest(ResultStore.Open(_folder.StorePath), StoreFolder.SensorOptions) { Workers = 2 }
            .Run(CancellationToken.None).ToList());
        await Task.WhenAll(first, second);

        var ids = first.Result.Concat(second.Result).Select(r => r.FileId).ToList();
        Assert.Equal(40, ids.Count);
        Assert.Equal(40, ids.Distinct().Count());
        using var connection = new SqliteConnection($"Data Source={_folder.StorePath};Pooling=False");
        connection.Open();
        using SqliteCommand attempts = connection.CreateCommand();
        attempts.CommandText = "SELECT max(attempts), count(*) FROM sensor_file WHERE status = 'Processed'";
        using SqliteDataReader reader = attempts.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.Equal(40L, reader.GetInt64(1));
    }

    [Fact]
    public void FullDisk_FailsTheFile_NotTheStore()
    {
        ResultStore store = _folder.Open();
        string small = _folder.WriteSensorFile("small.csv", 3);
        string[] manyErrors = Enumerable.Range(0, 3000).Select(i => $"s-1,2025-10-01T09:00:00Z,bad-value-{i}-{new string('x', 40)}").ToArray();
        string huge = _folder.WriteSensorFile("errors.csv", 1, 0, manyErrors);
        store.SensorFiles.Submit(huge);
        store.SensorFiles.Submit(small);
        long pages = PageCount();
        store.MaxPageCount = pages + 8;   // room for a small result, not for 3,000 row errors

        var results = Ingest(store).ToDictionary(r => Path.GetFileName(r.Path));

        Assert.Equal(SensorFileStatus.Failed, results["errors.csv"].Status);
        Assert.Contains("could not be stored", results["errors.csv"].Message);
        Assert.Contains("disk is full", results["errors.csv"].Message);
        Assert.Equal(SensorFileStatus.Processed, results["small.csv"].Status);
        Assert.Equal(3, results["small.csv"].RowCount);
        store.MaxPageCount = null;
        Assert.Equal(2, store.SensorFiles.Query(SensorFileQuery.All).Count);
    }

    private long PageCount()
    {
        using var connection = new SqliteConnection($"Data Source={_folder.StorePath};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_count";
        return (long)command.ExecuteScalar()!;
    }

    private static List<SensorFileSummary> Ingest(ResultStore store) =>
        new SensorIngest(store, StoreFolder.SensorOptions).Run(CancellationToken.None).ToList();

    private sealed class SimulatedCrash : Exception
    {
    }
}
