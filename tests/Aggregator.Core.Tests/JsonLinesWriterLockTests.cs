using Aggregator.Writing;

namespace Aggregator.Core.Tests;

/// <summary>
/// One writer per target: a second writer into a file or folder that another writer holds is refused with an error that
/// names the lock, and the first writer's output is whole. The lock ends with its writer.
/// </summary>
public sealed class JsonLinesWriterLockTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string PathOf(string name) => Path.Combine(_dir.Path, name);

    private static IEnumerable<object> Records(int from, int count) => Enumerable.Range(from, count).Select(i => (object)Writer.Record(i));

    // Every line in the folder's part files, as the user of each record.
    private static List<string> UsersInParts(string folder) =>
        JsonLinesWriter.ExistingParts(folder).SelectMany(p => Writer.Lines(p.Path))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("User").GetString()!).ToList();

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(100, false)]
    [InlineData(100, true)]
    public void SecondWriter_WhileTheFirstHoldsTheTarget_IsRefused_NamingTheLock(int batch, bool append)
    {
        string target = PathOf(batch == 0 ? "events.jsonl" : "parts");
        var options = new JsonLinesWriterOptions { Path = target, BatchSize = batch, Append = append };
        using var first = new JsonLinesWriter(options);
        Writer.WriteAll(first, Records(0, 250));

        // From another thread, as a second pipeline would.
        Exception? refused = null;
        var other = new Thread(() => refused = Record.Exception(() => new JsonLinesWriter(options).Dispose()));
        other.Start();
        other.Join();

        var inUse = Assert.IsType<TargetInUseException>(refused);
        Assert.Contains(inUse.LockPath, inUse.Message);
        Assert.Contains(target, inUse.Message);
        Assert.True(File.Exists(inUse.LockPath), "the lock is the first writer's, and stays while it writes");

        Writer.WriteAll(first, Records(250, 50));
        first.Complete();
        List<string> written = batch == 0 ? Writer.Lines(target).ToList() : JsonLinesWriter.ExistingParts(target).SelectMany(p => Writer.Lines(p.Path)).ToList();
        Assert.Equal(300, written.Count);
        Assert.False(File.Exists(inUse.LockPath), "the lock file goes with its writer");

        // Once the first is done, the target is free again.
        Writer.Write(options, 3);
    }

    [Fact]
    public void TwoWritersRacing_IntoOneFolder_WithAppend_LoseNoRecordOfAWriterThatSucceeded()
    {
        string folder = PathOf("parts");
        using var start = new Barrier(2);
        var outcomes = new Exception?[2];
        var threads = Enumerable.Range(0, 2).Select(w => new Thread(() =>
        {
            start.SignalAndWait();
            outcomes[w] = Record.Exception(() => Writer.Write(
                new JsonLinesWriterOptions { Path = folder, BatchSize = 1000, Append = true },
                Enumerable.Range(0, 20_000).Select(i => (object)Writer.Record(i, $"w{w}-{i}"))));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(outcomes, o => Assert.True(o is null or TargetInUseException, $"unexpected: {o}"));
        Assert.Contains(null, outcomes);
        var expected = Enumerable.Range(0, 2).Where(w => outcomes[w] is null)
            .SelectMany(w => Enumerable.Range(0, 20_000).Select(i => $"w{w}-{i}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, UsersInParts(folder).Order(StringComparer.Ordinal));
        Assert.Empty(Writer.TempFiles(folder));
    }

    [Fact]
    public void ALockFileLeftByACrashedWriter_DoesNotBlock()
    {
        // A writer killed outright leaves its lock file (on Unix nothing deletes it), but no process holds it any more.
        string folder = PathOf("parts");
        Directory.CreateDirectory(folder);
        string lockPath = TargetLock.PathFor(folder, partFolder: true);
        File.WriteAllText(lockPath, string.Empty);

        Writer.Write(new JsonLinesWriterOptions { Path = folder, BatchSize = 2 }, 3);

        Assert.Equal(new[] { "part-00000.jsonl", "part-00001.jsonl" }, Writer.FileNames(folder));   // the stale lock went too
    }

    [Fact]
    public void ARefusedTarget_ReleasesItsLock()
    {
        // -NoClobber refuses after the lock is taken: the lock must not outlive the refusal.
        string path = _dir.Write("events.jsonl", "keep\n");
        Assert.Throws<TargetExistsException>(() => new JsonLinesWriter(new JsonLinesWriterOptions { Path = path, NoClobber = true }));

        Assert.Equal(new[] { "events.jsonl" }, Writer.FileNames(_dir.Path));
        Writer.Write(new JsonLinesWriterOptions { Path = path }, 1);
        Assert.Single(Writer.Lines(path));
    }
}
