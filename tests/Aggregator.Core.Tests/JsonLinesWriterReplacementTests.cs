using Aggregator.Writing;

namespace Aggregator.Core.Tests;

/// <summary>
/// A -BatchSize run into a folder that holds earlier part files replaces them only once its own set is complete: until
/// then, and for good when the run is cancelled, fails or is stopped, the earlier set stays byte for byte.
/// </summary>
public sealed class JsonLinesWriterReplacementTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Folder => Path.Combine(_dir.Path, "parts");

    // Ten parts of 100 records, and every file of the folder with its bytes.
    private Dictionary<string, byte[]> WriteEarlierSet()
    {
        Writer.Write(new JsonLinesWriterOptions { Path = Folder, BatchSize = 100 }, 1000);
        File.WriteAllText(Path.Combine(Folder, "notes.txt"), "mine");
        return Snapshot();
    }

    private Dictionary<string, byte[]> Snapshot() =>
        Directory.GetFiles(Folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    private void AssertUnchanged(Dictionary<string, byte[]> before)
    {
        Dictionary<string, byte[]> after = Snapshot();
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, file => Assert.Equal(file.Value, after[file.Key]));
    }

    // Writes new records until the re-run has finished at least one new part (still under its temporary name) and is
    // filling the next one.
    private static int WriteUntilAPartIsDone(JsonLinesWriter writer, string folder) =>
        Writer.WriteUntil(writer, 0, () => Writer.TempFiles(folder).Length >= 2, "a new part to be complete and the next under way");

    [Fact]
    public void Cancelled_ReRun_LeavesTheEarlierPartsByteIdentical_AndNoTemporaries()
    {
        Dictionary<string, byte[]> before = WriteEarlierSet();
        using var stop = new CancellationTokenSource();
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = Folder, BatchSize = 70, ChunkBytes = 64 }, stop.Token);
        int produced = WriteUntilAPartIsDone(writer, Folder);
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(Path.Combine(Folder, file.Key))));   // still there while the new set is written

        stop.Cancel();   // Ctrl+C
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            Writer.WriteAll(writer, Enumerable.Range(produced, 5000).Select(i => (object)Writer.Record(i)));
            writer.Complete();
        });
        writer.Dispose();

        AssertUnchanged(before);
    }

    [Fact]
    public void ReRun_StoppedWithoutComplete_LeavesTheEarlierParts()
    {
        Dictionary<string, byte[]> before = WriteEarlierSet();
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = Folder, BatchSize = 70, ChunkBytes = 64 });
        WriteUntilAPartIsDone(writer, Folder);
        writer.Dispose();   // the pipeline upstream failed

        AssertUnchanged(before);
    }

    [Fact]
    public void FailedReRun_LeavesTheEarlierParts()
    {
        Dictionary<string, byte[]> before = WriteEarlierSet();
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = Folder, BatchSize = 70, OpenFile = Writer.FailOn(3, 500) });
        Assert.Throws<IOException>(() =>
        {
            Writer.WriteAll(writer, Enumerable.Range(0, 1000).Select(i => (object)Writer.Record(i)));
            writer.Complete();
        });
        writer.Dispose();

        AssertUnchanged(before);
    }

    [Fact]
    public void CompletedReRun_ReplacesTheWholeSet_AndReportsItsPartsOnlyOnceInPlace()
    {
        WriteEarlierSet();
        var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = Folder, BatchSize = 300 });
        Assert.True(writer.ReplacesEarlierParts);
        Writer.WriteAll(writer, Enumerable.Range(0, 700).Select(i => (object)Writer.Record(i, $"new{i}")));
        Assert.Empty(writer.TakeCompleted());   // nothing new is in place before the set is complete
        writer.Complete();

        Assert.Equal(new[] { "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl" },
            writer.TakeCompleted().Select(f => Path.GetFileName(f.Path)));
        writer.Dispose();
        Assert.Equal(new[] { "notes.txt", "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl" }, Writer.FileNames(Folder));
        Assert.Equal(Enumerable.Range(0, 700).Select(i => $"new{i}"),
            JsonLinesWriter.ExistingParts(Folder).SelectMany(p => Writer.Lines(p.Path))
                .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("User").GetString()));
    }

    [Fact]
    public void ReadOnlyEarlierPart_WithForce_KeepsItsAttributeUntilTheNewSetIsComplete()
    {
        WriteEarlierSet();
        string part = Path.Combine(Folder, "part-00004.jsonl");
        File.SetAttributes(part, FileAttributes.ReadOnly);
        try
        {
            var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = Folder, BatchSize = 70, Force = true });
            Writer.WriteAll(writer, Enumerable.Range(0, 100).Select(i => (object)Writer.Record(i)));
            writer.Dispose();   // stopped: the part is as it was, read-only included
            Assert.True(File.GetAttributes(part).HasFlag(FileAttributes.ReadOnly));

            Writer.Write(new JsonLinesWriterOptions { Path = Folder, BatchSize = 70, Force = true }, 100);
            Assert.Equal(new[] { "notes.txt", "part-00000.jsonl", "part-00001.jsonl" }, Writer.FileNames(Folder));
        }
        finally
        {
            if (File.Exists(part))
            {
                File.SetAttributes(part, FileAttributes.Normal);
            }
        }
    }
}
