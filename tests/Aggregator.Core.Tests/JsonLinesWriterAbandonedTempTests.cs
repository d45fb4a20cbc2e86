using Aggregator.Writing;

namespace Aggregator.Core.Tests;

/// <summary>
/// A writer killed outright (kill -9, power loss) leaves its hidden temporary file. The next writer into the same target
/// removes temporaries of its own naming, and no other file.
/// </summary>
public sealed class JsonLinesWriterAbandonedTempTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // A temporary as a killed writer leaves it: the hidden name the writer uses, holding part of a file.
    private static string Abandoned(string folder, string finalName)
    {
        string path = Path.Combine(folder, $".{finalName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(path, "{\"half\":");
        return path;
    }

    [Fact]
    public void NextRunIntoAFolder_RemovesAbandonedPartTemporaries_AndNothingElse()
    {
        string folder = Path.Combine(_dir.Path, "parts");
        Directory.CreateDirectory(folder);
        Abandoned(folder, "part-00003.jsonl");
        Abandoned(folder, "part-00000.jsonl.gz");
        string someoneElses = Abandoned(folder, "report.jsonl");   // another target's temporary: not ours to judge
        File.WriteAllText(Path.Combine(folder, ".cache.tmp"), "x");
        File.WriteAllText(Path.Combine(folder, ".part-00001.jsonl.tmp"), "x");

        Writer.Write(new JsonLinesWriterOptions { Path = folder, BatchSize = 5 }, 3);

        Assert.Equal(new[] { ".cache.tmp", ".part-00001.jsonl.tmp", Path.GetFileName(someoneElses), "part-00000.jsonl" }
            .Order(StringComparer.Ordinal), Writer.FileNames(folder));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NextRunIntoAFile_RemovesItsAbandonedTemporary(bool append)
    {
        string path = _dir.Write("events.jsonl", "{\"old\":1}\n");
        Abandoned(_dir.Path, "events.jsonl");
        Abandoned(_dir.Path, "events.jsonl");
        string other = Abandoned(_dir.Path, "other.jsonl");

        Writer.Write(new JsonLinesWriterOptions { Path = path, Append = append }, 2);

        Assert.Equal(new[] { Path.GetFileName(other), "events.jsonl" }.Order(StringComparer.Ordinal), Writer.FileNames(_dir.Path));
        Assert.Equal(append ? 3 : 2, Writer.Lines(path).Length);
    }

    [Fact]
    public void ALiveWritersTemporary_IsNotRemoved()
    {
        // The second writer is refused by the lock before it looks at temporaries; the first one's file is whole.
        string path = Path.Combine(_dir.Path, "events.jsonl");
        using var first = new JsonLinesWriter(new JsonLinesWriterOptions { Path = path, ChunkBytes = 64 });
        int produced = Writer.WriteUntil(first, 0, () => Writer.TempFiles(_dir.Path).Length == 1, "the file to be under way");

        Assert.Throws<TargetInUseException>(() => new JsonLinesWriter(new JsonLinesWriterOptions { Path = path }));

        Assert.Single(Writer.TempFiles(_dir.Path));
        first.Complete();
        Assert.Equal(produced, Writer.Lines(path).Length);
    }
}
