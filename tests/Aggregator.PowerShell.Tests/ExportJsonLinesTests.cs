using System.Diagnostics;
using System.IO.Compression;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Aggregator.PowerShell.Tests;

/// <summary>Reading what Export-JsonLines wrote, with nothing of the module.</summary>
public static class JsonLinesFiles
{
    /// <summary>Every file in a folder by name, hidden ones (".name.guid.tmp") included.</summary>
    public static string[] Names(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();

    /// <summary>Temporary files anywhere under a folder.</summary>
    public static string[] TempFiles(string folder) =>
        Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)).ToArray();

    /// <summary>The file's text, un-gzipped when it ends in .gz.</summary>
    public static string Text(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal))
        {
            return File.ReadAllText(path);
        }

        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The lines of a JSON Lines file: every line ends in \n and is one JSON value.</summary>
    public static List<string> Lines(string path)
    {
        string text = Text(path);
        Assert.True(text.Length == 0 || text.EndsWith('\n'), $"{path} does not end with a line break.");
        var lines = text.Length == 0 ? new List<string>() : text[..^1].Split('\n').ToList();
        foreach (string line in lines)
        {
            Assert.DoesNotContain('\r', line);
            using var _ = JsonDocument.Parse(line);   // throws on a partial record
        }

        return lines;
    }

    public static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement.Clone();

    /// <summary>"Aggregator JSON" threads of this process, on Linux (the native name is cut to 15 characters); 0 elsewhere.</summary>
    public static int WriterThreads()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        int count = 0;
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith("Aggregator JSON", StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // the thread ended while we looked
            }
        }

        return count;
    }
}

/// <summary>
/// Export-JsonLines: one JSON object per line, the module's types through a fast path and anything else from its
/// properties as ConvertTo-Json writes it; -BatchSize part files; files written under a temporary name and renamed when
/// complete; -PassThru, -WhatIf, -NoClobber, -Append, -Compress, -Force, -Depth.
/// </summary>
public sealed class ExportJsonLinesTests : IDisposable
{
    private const string AsOfText = "2024-12-31T00:00:00Z";

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string AllUsers => Path.Combine(GraphUsersSample.Folder, "*.json*");

    private string InTemp(string name) => Path.Combine(_host.TempDir, name);

    private static string Id(ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

    private static string Json(string text) => JsonSerializer.Serialize(text);

    /// <summary>
    /// Runs a statement in try/catch: a terminating error (ThrowTerminatingError) is caught, a non-terminating one is not.
    /// Returns "caught &lt;ErrorId&gt; &lt;Category&gt;: &lt;message&gt;", or what the statement wrote when nothing was caught.
    /// </summary>
    private string Caught(string statement, params object?[] args)
    {
        RunResult result = _host.Run($$"""
            try { {{statement}}; 'not reached' }
            catch { 'caught {0} {1}: {2}' -f $_.FullyQualifiedErrorId.Split(',')[0], $_.CategoryInfo.Category, $_.Exception.Message }
            """, args);
        Assert.Null(result.Terminating);
        return string.Join("\n", result.Output.Select(o => o.BaseObject?.ToString()));
    }

    /// <summary>A JSON Lines event file of <paramref name="count"/> valid records, record i on line i.</summary>
    private string WriteEvents(string name, int count)
    {
        var text = new StringBuilder();
        for (int i = 1; i <= count; i++)
        {
            text.Append($"{{\"user\":\"u{i % 7}\",\"event\":\"{(i % 2 == 0 ? "view" : "login")}\",\"status\":\"{(i % 5 == 0 ? "fail" : "success")}\",\"timestamp\":\"2024-06-01T08:{i % 60:00}:00Z\"}}\n");
        }

        return _host.WriteFile(name, text.ToString());
    }

    // ---- -BatchSize and -PassThru ------------------------------------------------------------------------------------

    [Fact]
    public void Batch5_Of17Users_FourPartFiles_With5_5_5_2Lines_InTheOrderImported()
    {
        string dir = InTemp("users");
        RunResult result = _host.Run("""
            Import-SignInActivity -Path $args[0] -AsOf $args[1] -ErrorAction SilentlyContinue | Export-JsonLines -Path $args[2] -BatchSize 5
            """, AllUsers, AsOfText, dir);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);   // no -PassThru
        Assert.Equal(new[] { "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl" }, JsonLinesFiles.Names(dir));
        var parts = JsonLinesFiles.Names(dir).Select(n => JsonLinesFiles.Lines(Path.Combine(dir, n))).ToList();
        Assert.Equal(new[] { 5, 5, 5, 2 }, parts.Select(p => p.Count));

        // The users in the order Import-SignInActivity emits them: users-array.json, users-page.json, users.jsonl.
        var upns = parts.SelectMany(p => p).Select(l => JsonLinesFiles.Parse(l).GetProperty("UserPrincipalName").GetString()).ToList();
        var byFile = GraphUsersSample.ValidUsers();
        Assert.Equal(byFile.Where(u => u.File == "users-array.json").Concat(byFile.Where(u => u.File == "users-page.json"))
            .Concat(byFile.Where(u => u.File == "users.jsonl")).Select(u => u.Upn), upns);

        // Two lines in full: one without any sign-in, one with all three.
        Assert.Equal(
            "{\"Id\":\"5d437a1f-eebb-47a4-8923-c02df11bece5\",\"UserPrincipalName\":\"johanna.lorenz@contoso.com\",\"DisplayName\":\"Johanna Lorenz\"," +
            "\"AccountEnabled\":false,\"Interactive\":null,\"NonInteractive\":null,\"Successful\":null,\"LastSignIn\":null,\"DaysSinceLastSignIn\":null," +
            $"\"NeverSignedIn\":true,\"Source\":{Json(GraphUsersSample.ArrayJson)},\"Line\":16}}",
            parts[0][1]);
        Assert.Equal(
            "{\"Id\":\"c41e4f1d-7520-4d26-b3a6-bfd3094665c6\",\"UserPrincipalName\":\"joni.sherman@contoso.com\",\"DisplayName\":\"Joni Sherman\"," +
            "\"AccountEnabled\":false," +
            "\"Interactive\":{\"DateTime\":\"2024-07-10T11:45:00Z\",\"RequestId\":\"55345c88-01d1-4b4a-8653-437ee36f808b\"}," +
            "\"NonInteractive\":{\"DateTime\":\"2024-07-12T08:01:13Z\",\"RequestId\":\"c8d5024a-f172-4adf-964e-8f5d6dcfc760\"}," +
            "\"Successful\":{\"DateTime\":\"2024-07-10T11:45:00Z\",\"RequestId\":\"ce04b9b9-7fc2-4040-8fe7-cc0ddc727cba\"}," +
            "\"LastSignIn\":\"2024-07-12T08:01:13Z\",\"DaysSinceLastSignIn\":171,\"NeverSignedIn\":false," +
            $"\"Source\":{Json(GraphUsersSample.Jsonl)},\"Line\":5}}",
            parts[3][0]);
    }

    [Fact]
    public void PassThru_EmitsAFileInfoForEachCompletedFile_InOrder()
    {
        string dir = InTemp("out");
        var files = _host.RunClean("""
            Import-SignInActivity -Path $args[0] -AsOf $args[1] -ErrorAction SilentlyContinue | Export-JsonLines -LiteralPath $args[2] -BatchSize 5 -PassThru
            """, AllUsers, AsOfText, dir);

        Assert.Equal(4, files.Count);
        Assert.All(files, f => Assert.IsType<FileInfo>(f.BaseObject));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => Path.Combine(dir, $"part-{i:00000}.jsonl")), files.Select(f => ((FileInfo)f.BaseObject).FullName));
        Assert.All(files, f =>
        {
            var info = (FileInfo)f.BaseObject;
            info.Refresh();
            Assert.True(info.Exists);
            Assert.Equal(File.ReadAllBytes(info.FullName).Length, info.Length);
        });

        var single = _host.RunClean("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Export-JsonLines $args[1] -PassThru", RepoPaths.EventsJson, InTemp("events.jsonl"));
        Assert.Equal(InTemp("events.jsonl"), ((FileInfo)Assert.Single(single).BaseObject).FullName);
        Assert.Equal(14, JsonLinesFiles.Lines(InTemp("events.jsonl")).Count);
    }

    [Fact]
    public void Batch_ReplacesEveryExistingPartFile_AndLeavesOtherFilesAlone()
    {
        string dir = InTemp("parts");
        _host.RunClean("1..12 | ForEach-Object { [pscustomobject]@{ i = $_ } } | Export-JsonLines $args[0] -BatchSize 3", dir);
        Assert.Equal(4, JsonLinesFiles.Names(dir).Length);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");

        _host.RunClean("1..2 | ForEach-Object { [pscustomobject]@{ j = $_ } } | Export-JsonLines $args[0] -BatchSize 3", dir);

        Assert.Equal(new[] { "notes.txt", "part-00000.jsonl" }, JsonLinesFiles.Names(dir));
        Assert.Equal(new[] { "{\"j\":1}", "{\"j\":2}" }, JsonLinesFiles.Lines(Path.Combine(dir, "part-00000.jsonl")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
    }

    // ---- -WhatIf, -NoClobber, -Append, -Force ------------------------------------------------------------------------

    [Fact]
    public void WhatIf_WritesNothing()
    {
        string file = InTemp("w.jsonl");
        string dir = InTemp("w-parts");
        RunResult single = _host.Run("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Export-JsonLines $args[1] -WhatIf -PassThru", RepoPaths.EventsJson, file);
        RunResult batch = _host.Run("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Export-JsonLines $args[1] -BatchSize 2 -WhatIf -PassThru", RepoPaths.EventsJson, dir);

        foreach (RunResult run in new[] { single, batch })
        {
            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            Assert.Empty(run.Output);
        }

        Assert.False(File.Exists(file));
        Assert.False(Directory.Exists(dir));
        Assert.Empty(Directory.GetFileSystemEntries(_host.TempDir));

        // An existing file is not touched either.
        File.WriteAllText(file, "keep\n");
        _host.RunClean("1, 2 | Export-JsonLines $args[0] -WhatIf", file);
        Assert.Equal("keep\n", File.ReadAllText(file));
    }

    [Fact]
    public void NoClobber_ExistingFile_IsATerminatingError_AndTheFileIsUnchanged()
    {
        string file = _host.WriteFile("e.jsonl", "{\"old\":true}\n");
        string caught = Caught("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Export-JsonLines $args[1] -NoClobber", RepoPaths.EventsJson, file);

        Assert.StartsWith("caught NoClobber ResourceExists: ", caught);
        Assert.Contains(file, caught);
        Assert.Equal("{\"old\":true}\n", File.ReadAllText(file));
        Assert.Equal(new[] { "e.jsonl" }, JsonLinesFiles.Names(_host.TempDir));

        // Without try/catch the error is in the error stream, and no file is written.
        RunResult result = _host.Run("1 | Export-JsonLines $args[0] -NoClobber -PassThru", file);
        Assert.Empty(result.Output);
        Assert.Equal("NoClobber", Id(Assert.Single(result.Errors)));
        Assert.Equal("{\"old\":true}\n", File.ReadAllText(file));
    }

    [Fact]
    public void NoClobber_FolderWithPartFiles_IsATerminatingError_AndThePartsAreUnchanged()
    {
        string dir = InTemp("parts");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "part-00000.jsonl"), "{\"old\":0}\n");
        File.WriteAllText(Path.Combine(dir, "part-00001.jsonl"), "{\"old\":1}\n");

        string caught = Caught("1..7 | ForEach-Object { [pscustomobject]@{ i = $_ } } | Export-JsonLines $args[0] -BatchSize 2 -NoClobber", dir);

        Assert.StartsWith("caught NoClobber ResourceExists: ", caught);
        Assert.Contains("part-00000.jsonl", caught);
        Assert.Equal(new[] { "part-00000.jsonl", "part-00001.jsonl" }, JsonLinesFiles.Names(dir));
        Assert.Equal("{\"old\":0}\n", File.ReadAllText(Path.Combine(dir, "part-00000.jsonl")));
        Assert.Equal("{\"old\":1}\n", File.ReadAllText(Path.Combine(dir, "part-00001.jsonl")));

        // A folder without part files is fine with -NoClobber.
        string empty = InTemp("fresh");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "readme.txt"), "x");
        _host.RunClean("1..3 | Export-JsonLines $args[0] -BatchSize 2 -NoClobber", empty);
        Assert.Equal(new[] { "part-00000.jsonl", "part-00001.jsonl", "readme.txt" }, JsonLinesFiles.Names(empty));
    }

    [Fact]
    public void Append_SingleFile_AddsToTheEnd()
    {
        string file = _host.WriteFile("a.jsonl", "{\"keep\":1}\n{\"keep\":2}\n");
        _host.RunClean("3..5 | ForEach-Object { [pscustomobject]@{ i = $_ } } | Export-JsonLines $args[0] -Append", file);

        Assert.Equal(new[] { "{\"keep\":1}", "{\"keep\":2}", "{\"i\":3}", "{\"i\":4}", "{\"i\":5}" }, JsonLinesFiles.Lines(file));

        // -Append to a file that does not exist yet creates it.
        string fresh = InTemp("new.jsonl");
        _host.RunClean("1 | Export-JsonLines $args[0] -Append", fresh);
        Assert.Equal(new[] { "1" }, JsonLinesFiles.Lines(fresh));
    }

    [Fact]
    public void Append_Batch_NumbersNewPartsAfterTheLastExistingOne()
    {
        string dir = InTemp("parts");
        _host.RunClean("1..7 | ForEach-Object { [pscustomobject]@{ i = $_ } } | Export-JsonLines $args[0] -BatchSize 3", dir);
        Assert.Equal(new[] { "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl" }, JsonLinesFiles.Names(dir));

        var added = _host.RunClean("8..11 | ForEach-Object { [pscustomobject]@{ i = $_ } } | Export-JsonLines $args[0] -BatchSize 3 -Append -PassThru", dir);

        Assert.Equal(new[] { "part-00003.jsonl", "part-00004.jsonl" }, added.Select(f => ((FileInfo)f.BaseObject).Name));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"part-{i:00000}.jsonl"), JsonLinesFiles.Names(dir));
        Assert.Equal(new[] { "{\"i\":7}" }, JsonLinesFiles.Lines(Path.Combine(dir, "part-00002.jsonl")));   // the old last part is kept as it was
        Assert.Equal(new[] { "{\"i\":8}", "{\"i\":9}", "{\"i\":10}" }, JsonLinesFiles.Lines(Path.Combine(dir, "part-00003.jsonl")));
        Assert.Equal(new[] { "{\"i\":11}" }, JsonLinesFiles.Lines(Path.Combine(dir, "part-00004.jsonl")));

        // Numbering goes after the highest part, not after the count of parts.
        string gap = InTemp("gap");
        Directory.CreateDirectory(gap);
        File.WriteAllText(Path.Combine(gap, "part-00007.jsonl"), "{}\n");
        _host.RunClean("1 | Export-JsonLines $args[0] -BatchSize 3 -Append", gap);
        Assert.Equal(new[] { "part-00007.jsonl", "part-00008.jsonl" }, JsonLinesFiles.Names(gap));
    }

    [Fact]
    public void ReadOnlyFile_IsNotReplaced_WithoutForce_AndIsWithIt()
    {
        string file = _host.WriteFile("ro.jsonl", "old\n");
        File.SetAttributes(file, File.GetAttributes(file) | FileAttributes.ReadOnly);
        try
        {
            string refused = Caught("1 | Export-JsonLines $args[0]", file);
            Assert.StartsWith("caught ", refused);
            Assert.Contains("-Force", refused);
            Assert.Equal("old\n", File.ReadAllText(file));
            Assert.Empty(JsonLinesFiles.TempFiles(_host.TempDir));

            _host.RunClean("1, 2 | Export-JsonLines $args[0] -Force", file);
            Assert.Equal(new[] { "1", "2" }, JsonLinesFiles.Lines(file));
        }
        finally
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }
    }

    // ---- -Compress ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Compress_WritesGzipParts_WhoseTextIsThePlainExport()
    {
        string plain = InTemp("plain");
        string packed = InTemp("packed");
        _host.RunClean("Import-SignInActivity -Path $args[0] -AsOf $args[1] -ErrorAction SilentlyContinue | Export-JsonLines $args[2] -BatchSize 5",
            AllUsers, AsOfText, plain);
        var files = _host.RunClean("Import-SignInActivity -Path $args[0] -AsOf $args[1] -ErrorAction SilentlyContinue | Export-JsonLines $args[2] -BatchSize 5 -Compress -PassThru",
            AllUsers, AsOfText, packed);

        Assert.Equal(new[] { "part-00000.jsonl.gz", "part-00001.jsonl.gz", "part-00002.jsonl.gz", "part-00003.jsonl.gz" }, JsonLinesFiles.Names(packed));
        Assert.Equal(JsonLinesFiles.Names(packed), files.Select(f => ((FileInfo)f.BaseObject).Name));
        for (int i = 0; i < 4; i++)
        {
            string gz = Path.Combine(packed, $"part-{i:00000}.jsonl.gz");
            byte[] bytes = File.ReadAllBytes(gz);
            Assert.Equal(new byte[] { 0x1F, 0x8B }, bytes[..2]);
            Assert.Equal(File.ReadAllText(Path.Combine(plain, $"part-{i:00000}.jsonl")), JsonLinesFiles.Text(gz));
        }

        string single = InTemp("events.jsonl.gz");
        _host.RunClean("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Export-JsonLines $args[1] -Compress", RepoPaths.EventsJson, single);
        Assert.Equal(new byte[] { 0x1F, 0x8B }, File.ReadAllBytes(single)[..2]);
        Assert.Equal(14, JsonLinesFiles.Lines(single).Count);
    }

    // ---- round trip --------------------------------------------------------------------------------------------------

    [Fact]
    public void RoundTrip_EventRecords_ReadBackGiveTheSameSummaries()
    {
        string file = InTemp("export/events.jsonl");
        string dir = InTemp("export-parts");
        var expected = _host.RunClean("Measure-UserEvent -Path $args[0] -ErrorAction SilentlyContinue", RepoPaths.EventsJson).Select(Render.Summary).ToList();
        Assert.Equal(5, expected.Count);

        _host.RunClean("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Export-JsonLines $args[1]", RepoPaths.EventsJson, file);
        _host.RunClean("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Export-JsonLines $args[1] -BatchSize 4", RepoPaths.EventsJson, dir);

        // Get-ChildItem export/*.jsonl | Import-EventRecord | Measure-UserEvent
        var fromFile = _host.RunClean("""
            $ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Where-Object Name -like '*.jsonl' | Import-EventRecord | Measure-UserEvent
            """, Path.GetDirectoryName(file));
        var fromParts = _host.RunClean("""
            $ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Where-Object Name -like '*.jsonl' | Import-EventRecord | Measure-UserEvent
            """, dir);
        Assert.Equal(expected, fromFile.Select(Render.Summary));
        Assert.Equal(expected, fromParts.Select(Render.Summary));
        Assert.Equal(4, JsonLinesFiles.Names(dir).Length);   // 14 records, 4 a part

        // Record for record, the same user, event, status and time.
        var original = _host.RunClean("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | ForEach-Object { '{0}|{1}|{2}|{3:o}' -f $_.User, $_.Event, $_.Status, $_.Timestamp }", RepoPaths.EventsJson);
        var back = _host.RunClean("Import-EventRecord $args[0] | ForEach-Object { '{0}|{1}|{2}|{3:o}' -f $_.User, $_.Event, $_.Status, $_.Timestamp }", file);
        Assert.Equal(original.Select(o => o.BaseObject), back.Select(o => o.BaseObject));

        // Each line is the record's properties, dates in ISO 8601 UTC, the status by name.
        var first = JsonLinesFiles.Lines(file)[0];
        Assert.Equal($"{{\"User\":\"alice\",\"Event\":\"login\",\"Status\":\"Success\",\"Timestamp\":\"2024-06-01T08:05:12Z\",\"Source\":{Json(RepoPaths.EventsJson)},\"Line\":2}}", first);
    }

    // ---- failures and Ctrl+C leave no partial file -------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UpstreamError_MidStream_KeepsTheCompletedParts_AndLeavesNoTempOrPartialFile(bool compress)
    {
        string input = WriteEvents("in.jsonl", 100);
        string dir = InTemp("parts");
        RunResult result = _host.Run("""
            Import-EventRecord -LiteralPath $args[0] | ForEach-Object { if ($_.Line -gt 30) { throw 'boom' } $_ } |
                Export-JsonLines $args[1] -BatchSize 5 -Compress:$args[2]
            """, input, dir, compress);

        Assert.NotNull(result.Terminating);
        Assert.Contains("boom", result.Terminating!.Message);
        Assert.Empty(JsonLinesFiles.TempFiles(_host.TempDir));

        // 30 records went through: six whole parts of 5. The 31st never came, so there is no seventh part.
        string ext = compress ? ".jsonl.gz" : ".jsonl";
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"part-{i:00000}{ext}"), JsonLinesFiles.Names(dir));
        var lines = JsonLinesFiles.Names(dir).SelectMany(n => JsonLinesFiles.Lines(Path.Combine(dir, n))).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), lines.Select(l => JsonLinesFiles.Parse(l).GetProperty("Line").GetInt64()));
    }

    [Fact]
    public void UpstreamError_MidStream_SingleFile_LeavesNoFile_AndAnExistingTargetUnchanged()
    {
        string input = WriteEvents("in.jsonl", 100);
        string fresh = InTemp("fresh.jsonl");
        string existing = _host.WriteFile("existing.jsonl", "{\"old\":true}\n");
        const string Script = """
            Import-EventRecord -LiteralPath $args[0] | ForEach-Object { if ($_.Line -gt 30) { throw 'boom' } $_ } | Export-JsonLines $args[1]
            """;

        Assert.NotNull(_host.Run(Script, input, fresh).Terminating);
        Assert.NotNull(_host.Run(Script, input, existing).Terminating);

        Assert.False(File.Exists(fresh));
        Assert.Equal("{\"old\":true}\n", File.ReadAllText(existing));
        Assert.Equal(new[] { "existing.jsonl", "in.jsonl" }, JsonLinesFiles.Names(_host.TempDir));
    }

    [Fact]
    public void UpstreamError_AfterMegabytesWereAppended_TakesTheAppendBack()
    {
        // 40,000 records of about 90 bytes: several 1 MiB chunks reach the file before the error.
        string file = _host.WriteFile("log.jsonl", "{\"keep\":1}\n");
        RunResult result = _host.Run("""
            1..50000 | ForEach-Object { if ($_ -gt 40000) { throw 'boom' } [pscustomobject]@{ i = $_; pad = 'x' * 64 } } | Export-JsonLines $args[0] -Append
            """, file);

        Assert.NotNull(result.Terminating);
        Assert.Equal("{\"keep\":1}\n", File.ReadAllText(file));
        Assert.Empty(JsonLinesFiles.TempFiles(_host.TempDir));
    }

    [Fact]
    public void AnAbandonedTemporary_IsRemovedByTheNextRun_AndNoOtherFile()
    {
        // What a writer killed with kill -9 leaves: a hidden temporary under the writer's own naming.
        string dir = InTemp("parts");
        Directory.CreateDirectory(dir);
        string abandonedPart = Path.Combine(dir, $".part-00002.jsonl.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(abandonedPart, "{\"half\":");
        File.WriteAllText(Path.Combine(dir, "keep.tmp"), "mine");
        string file = InTemp("events.jsonl");
        string abandonedFile = InTemp($".events.jsonl.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(abandonedFile, "{\"half\":");

        _host.RunClean("1..3 | Export-JsonLines $args[0] -BatchSize 2", dir);
        _host.RunClean("1..3 | Export-JsonLines $args[0]", file);

        Assert.Equal(new[] { "keep.tmp", "part-00000.jsonl", "part-00001.jsonl" }, JsonLinesFiles.Names(dir));
        Assert.False(File.Exists(abandonedFile));
        Assert.Equal(new[] { "1", "2", "3" }, JsonLinesFiles.Lines(file));
    }

    // ---- what the lines hold -----------------------------------------------------------------------------------------

    [Fact]
    public void GenericObjects_AreWrittenFromTheirProperties_AsConvertToJsonWould()
    {
        string file = InTemp("g.jsonl");
        RunResult result = _host.Run("""
            [pscustomobject]@{
                Name = 'x'; Count = 3; Ratio = 0.25; Big = [long]::MaxValue; Money = 1.10d; Ok = $true; Nothing = $null
                When = [datetime]::SpecifyKind([datetime]'2024-07-10T11:45:00.125', 'Utc'); Offset = [datetimeoffset]'2024-07-10T11:45:00+02:00'
                Day = [System.DayOfWeek]::Monday; Span = [timespan]'1.02:03:04'; Guid = [guid]'0f48b45b-9796-4edd-9bbd-8db9fee20347'
                List = @(1, 'two', $null, $true); Nested = [ordered]@{ k = 'v'; inner = [ordered]@{ deep = 1 } }; Empty = @()
            },
            @{ only = 'key' },
            'text',
            42,
            [pscustomobject]@{ Text = "line one`nline two`r`n`t""quoted"" \ end"; Unicode = 'é€' } | Export-JsonLines $args[0] -WarningVariable w
            @($w).Count
            """, file);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(0, Assert.Single(result.Output).BaseObject);   // nothing was cut at -Depth 2
        var lines = JsonLinesFiles.Lines(file);
        Assert.Equal(new[]
        {
            "{\"Name\":\"x\",\"Count\":3,\"Ratio\":0.25,\"Big\":9223372036854775807,\"Money\":1.10,\"Ok\":true,\"Nothing\":null," +
            "\"When\":\"2024-07-10T11:45:00.125Z\",\"Offset\":\"2024-07-10T11:45:00+02:00\",\"Day\":\"Monday\",\"Span\":\"1.02:03:04\"," +
            "\"Guid\":\"0f48b45b-9796-4edd-9bbd-8db9fee20347\",\"List\":[1,\"two\",null,true],\"Nested\":{\"k\":\"v\",\"inner\":{\"deep\":1}},\"Empty\":[]}",
            "{\"only\":\"key\"}",
            "\"text\"",
            "42",
            "{\"Text\":\"line one\\nline two\\r\\n\\t\\\"quoted\\\" \\\\ end\",\"Unicode\":\"é€\"}",
        }, lines);

        // The text survives a parse exactly.
        Assert.Equal("line one\nline two\r\n\t\"quoted\" \\ end", JsonLinesFiles.Parse(lines[4]).GetProperty("Text").GetString());
    }

    [Fact]
    public void Depth0And1_WriteDeeperLevelsAsText_WithOneWarning()
    {
        const string Objects = """
            $objects = foreach ($n in 1..3) {
                [pscustomobject]@{ N = $n; List = @(1, 'two'); Nested = [ordered]@{ k = 'v'; inner = [ordered]@{ deep = 1 } }; Child = [pscustomobject]@{ a = 1 } }
            }
            """;
        var output = _host.RunClean(Objects + """
            $objects | Export-JsonLines $args[0] -Depth 0 -WarningVariable w0
            $objects | Export-JsonLines $args[1] -Depth 1 -WarningVariable w1
            $objects | Export-JsonLines $args[2] -Depth 2 -WarningVariable w2
            @($w0).Count; @($w1).Count; @($w2).Count
            @($w0)[0].Message
            """, InTemp("d0.jsonl"), InTemp("d1.jsonl"), InTemp("d2.jsonl"));

        Assert.Equal(new object[] { 1, 1, 0 }, output.Take(3).Select(o => o.BaseObject));
        Assert.Contains("-Depth 0", (string)output[3].BaseObject);
        Assert.Equal(new[]
        {
            "{\"N\":1,\"List\":\"1 two\",\"Nested\":\"System.Collections.Specialized.OrderedDictionary\",\"Child\":\"@{a=1}\"}",
            "{\"N\":2,\"List\":\"1 two\",\"Nested\":\"System.Collections.Specialized.OrderedDictionary\",\"Child\":\"@{a=1}\"}",
            "{\"N\":3,\"List\":\"1 two\",\"Nested\":\"System.Collections.Specialized.OrderedDictionary\",\"Child\":\"@{a=1}\"}",
        }, JsonLinesFiles.Lines(InTemp("d0.jsonl")));
        Assert.Equal("{\"N\":1,\"List\":[1,\"two\"],\"Nested\":{\"k\":\"v\",\"inner\":\"System.Collections.Specialized.OrderedDictionary\"},\"Child\":{\"a\":1}}",
            JsonLinesFiles.Lines(InTemp("d1.jsonl"))[0]);
        Assert.Equal("{\"N\":1,\"List\":[1,\"two\"],\"Nested\":{\"k\":\"v\",\"inner\":{\"deep\":1}},\"Child\":{\"a\":1}}",
            JsonLinesFiles.Lines(InTemp("d2.jsonl"))[0]);
    }

    [Fact]
    public void Depth0_SignInActivity_WritesItsEventsAsText()
    {
        var output = _host.RunClean("""
            Import-SignInActivity -LiteralPath $args[0] -AsOf $args[1] -ErrorAction SilentlyContinue | Export-JsonLines $args[2] -Depth 0 -WarningVariable w
            @($w).Count
            """, GraphUsersSample.Jsonl, AsOfText, InTemp("s.jsonl"));

        Assert.Equal(1, Assert.Single(output).BaseObject);
        JsonElement joni = JsonLinesFiles.Parse(JsonLinesFiles.Lines(InTemp("s.jsonl"))[3]);
        Assert.Equal("2024-07-12T08:01:13Z (c8d5024a-f172-4adf-964e-8f5d6dcfc760)", joni.GetProperty("NonInteractive").GetString());
        Assert.Equal("2024-07-12T08:01:13Z", joni.GetProperty("LastSignIn").GetString());
    }

    [Fact]
    public void InputObject_AnArray_WritesEachItem_WhileAPipedArrayIsOneLine()
    {
        _host.RunClean("Export-JsonLines -Path $args[0] -InputObject @(1, 'a', @{ x = 1 }, [pscustomobject]@{ y = 2 })", InTemp("items.jsonl"));
        _host.RunClean("Export-JsonLines -Path $args[0] -InputObject (Import-EventRecord $args[1] -ErrorAction SilentlyContinue)", InTemp("events.jsonl"), RepoPaths.EventsJson);
        _host.RunClean(", @(1, 2) | Export-JsonLines -Path $args[0]", InTemp("nested.jsonl"));

        Assert.Equal(new[] { "1", "\"a\"", "{\"x\":1}", "{\"y\":2}" }, JsonLinesFiles.Lines(InTemp("items.jsonl")));
        Assert.Equal(14, JsonLinesFiles.Lines(InTemp("events.jsonl")).Count);
        Assert.Equal(new[] { "[1,2]" }, JsonLinesFiles.Lines(InTemp("nested.jsonl")));
    }

    [Fact]
    public void FastPath_WritesExactlyWhatTheGeneralPathWrites_ForEveryModuleType()
    {
        // The same objects twice: as themselves (the fast path) and copied property by property into a pscustomobject.
        var output = _host.RunClean("""
            function Copy-Properties { process { $copy = [ordered]@{}; foreach ($p in $_.PSObject.Properties) { $copy[$p.Name] = $p.Value }; [pscustomobject]$copy } }
            $records = @(
                Import-EventRecord -LiteralPath $args[0] -ErrorAction SilentlyContinue
                Import-SignInActivity -Path $args[1] -AsOf $args[2] -ErrorAction SilentlyContinue
                Import-SensorReading -LiteralPath $args[3] -ErrorAction SilentlyContinue
                Measure-KwhUsage -LiteralPath $args[4] -Interval Day -ByMeter -ErrorAction SilentlyContinue
            )
            $records | Export-JsonLines $args[5]
            $records | Copy-Properties | Export-JsonLines $args[6]
            @($records | ForEach-Object { $_.GetType().Name } | Where-Object { $_ } ) -join ','
            """, RepoPaths.EventsJson, AllUsers, AsOfText, Path.Combine(RepoPaths.Samples, "sensors", "readings.csv"),
            Path.Combine(RepoPaths.Samples, "electro", "readings.json"), InTemp("fast.jsonl"), InTemp("general.jsonl"));

        string types = (string)Assert.Single(output).BaseObject;
        foreach (string type in new[] { "EventRecord", "SignInActivity", "SensorReading", "KwhUsage" })
        {
            Assert.Contains(type, types);
        }

        var fast = JsonLinesFiles.Lines(InTemp("fast.jsonl"));
        Assert.Equal(14 + 17 + 5 + 9, fast.Count);
        Assert.Equal(JsonLinesFiles.Lines(InTemp("general.jsonl")), fast);
    }

    [Fact]
    public void ModuleRecord_WithAnAddedNoteProperty_KeepsIt()
    {
        // Enriching records before exporting them: ConvertTo-Json writes the added property, so must Export-JsonLines.
        _host.RunClean("""
            Import-SignInActivity -LiteralPath $args[0] -AsOf $args[1] -ErrorAction SilentlyContinue | ForEach-Object {
                $_.PSObject.Properties.Add([psnoteproperty]::new('Department', 'Sales'))
                $_
            } | Export-JsonLines $args[2]
            Import-EventRecord -LiteralPath $args[3] -ErrorAction SilentlyContinue | ForEach-Object {
                $_.PSObject.Properties.Add([psnoteproperty]::new('Tenant', 'contoso'))
                $_
            } | Export-JsonLines $args[4]
            """, GraphUsersSample.Jsonl, AsOfText, InTemp("users.jsonl"), RepoPaths.EventsJson, InTemp("events.jsonl"));

        var users = JsonLinesFiles.Lines(InTemp("users.jsonl")).Select(JsonLinesFiles.Parse).ToList();
        Assert.Equal(5, users.Count);
        Assert.All(users, u => Assert.Equal("Sales", u.TryGetProperty("Department", out JsonElement d) ? d.GetString() : "<missing>"));
        var events = JsonLinesFiles.Lines(InTemp("events.jsonl")).Select(JsonLinesFiles.Parse).ToList();
        Assert.All(events, e => Assert.Equal("contoso", e.TryGetProperty("Tenant", out JsonElement t) ? t.GetString() : "<missing>"));
    }

    // ---- paths -------------------------------------------------------------------------------------------------------

    [Fact]
    public void RelativePath_IsThePowerShellLocation_NotTheProcessDirectory()
    {
        Assert.NotEqual(Environment.CurrentDirectory, _host.TempDir);
        _host.RunClean("1, 2 | Export-JsonLines sub/rel.jsonl; 3 | Export-JsonLines rel-parts -BatchSize 1");

        Assert.Equal(new[] { "1", "2" }, JsonLinesFiles.Lines(InTemp("sub/rel.jsonl")));
        Assert.Equal(new[] { "part-00000.jsonl" }, JsonLinesFiles.Names(InTemp("rel-parts")));
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "sub", "rel.jsonl")));
    }

    [Fact]
    public void LiteralPath_TakesBracketsAsWritten()
    {
        string file = InTemp("events[1].jsonl");
        _host.RunClean("Import-EventRecord $args[0] -ErrorAction SilentlyContinue | Export-JsonLines -LiteralPath $args[1]", RepoPaths.EventsJson, file);

        Assert.Equal(14, JsonLinesFiles.Lines(file).Count);
        Assert.Equal(new[] { "events[1].jsonl" }, JsonLinesFiles.Names(_host.TempDir));
    }

    [Fact]
    public void AFolderWithoutBatchSize_OrAFileWithIt_IsATerminatingError()
    {
        string dir = InTemp("folder");
        Directory.CreateDirectory(dir);
        string file = _host.WriteFile("file.jsonl", "x\n");

        string toFolder = Caught("1 | Export-JsonLines $args[0]", dir);
        string toFile = Caught("1 | Export-JsonLines $args[0] -BatchSize 2", file);

        Assert.StartsWith("caught ", toFolder);
        Assert.Contains("-BatchSize", toFolder);
        Assert.StartsWith("caught ", toFile);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
        Assert.Equal("x\n", File.ReadAllText(file));
    }

    // ---- help --------------------------------------------------------------------------------------------------------

    [Fact]
    public void GetHelpExamples_AtLeastTwo_EachUsingTheCmdlet()
    {
        var codes = _host.RunClean("(Get-Help -Name Export-JsonLines -Examples).examples.example | ForEach-Object { $_.code }")
            .Where(o => o is not null).Select(o => o.BaseObject as string).ToList();

        Assert.True(codes.Count >= 2, $"Export-JsonLines has {codes.Count} example(s) in Get-Help -Examples.");
        Assert.All(codes, code => Assert.Contains("Export-JsonLines", code));
    }
}

/// <summary>Ctrl+C tests run on their own, so that the timing is the module's and the writer-thread count is ours alone.</summary>
[CollectionDefinition(nameof(JsonLinesStopCollection), DisableParallelization = true)]
public sealed class JsonLinesStopCollection
{
}

/// <summary>
/// Ctrl+C (PowerShell.Stop(), what the console host calls) during Export-JsonLines: the command ends within a second,
/// its writer thread ends, no temporary file remains, and every file under a final name is whole.
/// </summary>
[Collection(nameof(JsonLinesStopCollection))]
public sealed class ExportJsonLinesStopTests : IDisposable
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(1);

    private const string Generator = "& { $i = 0; while ($true) { $i++; [pscustomobject]@{ i = $i; pad = 'abcdefghijklmnopqrstuvwxyz0123456789' } } }";

    private readonly ModuleHost _host = new();
    private readonly ITestOutputHelper _log;

    public ExportJsonLinesStopTests(ITestOutputHelper log)
    {
        _log = log;
    }

    public void Dispose() => _host.Dispose();

    private string InTemp(string name) => Path.Combine(_host.TempDir, name);

    private void StopWhileWriting(string script, params object[] args)
    {
        int baseline = JsonLinesFiles.WriterThreads();
        using var running = new RunningCommand(_host, script, args);
        Thread.Sleep(500);
        running.AssertRunning();
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(baseline + 1, JsonLinesFiles.WriterThreads());   // the probe sees the writer thread
        }

        TimeSpan took = running.StopWithin(StopWithin);
        _log.WriteLine($"Stopped {took.TotalMilliseconds:F0} ms after Stop(): {script}");

        // The writer thread is gone (it may take a moment for the OS thread to exit after its last instruction).
        var wait = Stopwatch.StartNew();
        while (JsonLinesFiles.WriterThreads() > baseline && wait.Elapsed < TimeSpan.FromSeconds(2))
        {
            Thread.Sleep(20);
        }

        Assert.Equal(baseline, JsonLinesFiles.WriterThreads());
        Assert.Empty(JsonLinesFiles.TempFiles(_host.TempDir));
    }

    /// <summary>The part files are part-00000 .. part-k without a gap, each holding exactly its <paramref name="batch"/> records.</summary>
    private void AssertWholeParts(string dir, int batch, string ext)
    {
        string[] names = JsonLinesFiles.Names(dir);
        _log.WriteLine($"{names.Length} part file(s) in place after the stop.");
        Assert.Equal(Enumerable.Range(0, names.Length).Select(i => $"part-{i:00000}{ext}"), names);
        for (int p = 0; p < names.Length; p++)
        {
            var lines = JsonLinesFiles.Lines(Path.Combine(dir, names[p]));
            Assert.Equal(Enumerable.Range(p * batch + 1, batch).Select(i => (long)i),
                lines.Select(l => JsonLinesFiles.Parse(l).GetProperty("i").GetInt64()));
        }
    }

    [Fact]
    public void Stop_Batch_LeavesOnlyWholeParts_NoTempFile_NoWriterThread()
    {
        string dir = InTemp("parts");
        StopWhileWriting(Generator + " | Export-JsonLines -LiteralPath $args[0] -BatchSize 1000", dir);
        AssertWholeParts(dir, 1000, ".jsonl");
    }

    [Fact]
    public void Stop_BatchCompressed_LeavesOnlyWholeParts()
    {
        string dir = InTemp("packed");
        StopWhileWriting(Generator + " | Export-JsonLines -LiteralPath $args[0] -BatchSize 500 -Compress", dir);
        AssertWholeParts(dir, 500, ".jsonl.gz");
    }

    [Fact]
    public void Stop_SingleFile_LeavesNoFile()
    {
        string file = InTemp("big.jsonl");
        StopWhileWriting(Generator + " | Export-JsonLines -LiteralPath $args[0]", file);

        Assert.False(File.Exists(file));
        Assert.Empty(Directory.GetFileSystemEntries(_host.TempDir));
    }

    [Fact]
    public void Stop_SingleFile_LeavesAnExistingTargetUnchanged()
    {
        string file = _host.WriteFile("big.jsonl", "{\"old\":true}\n");
        StopWhileWriting(Generator + " | Export-JsonLines -LiteralPath $args[0] -Compress", file);

        Assert.Equal("{\"old\":true}\n", File.ReadAllText(file));
    }

    [Fact]
    public void Stop_FromImportEventRecord_LeavesOnlyWholeParts()
    {
        // A file of 400,000 events, read several times over: the module's records through the fast path.
        var text = new StringBuilder();
        for (int i = 0; i < 400_000; i++)
        {
            text.Append("{\"user\":\"u").Append(i % 100).Append("\",\"event\":\"login\",\"status\":\"success\",\"timestamp\":\"2024-06-01T08:00:00Z\"}\n");
        }

        string input = _host.WriteFile("in/events.jsonl", text.ToString());
        string dir = InTemp("parts");
        StopWhileWriting("Import-EventRecord -LiteralPath $args[0], $args[0], $args[0], $args[0], $args[0] | Export-JsonLines -LiteralPath $args[1] -BatchSize 20000",
            input, dir);

        string[] names = JsonLinesFiles.Names(dir);
        _log.WriteLine($"{names.Length} part file(s) in place after the stop.");
        Assert.Equal(Enumerable.Range(0, names.Length).Select(i => $"part-{i:00000}.jsonl"), names);
        Assert.All(names, n => Assert.Equal(20000, JsonLinesFiles.Lines(Path.Combine(dir, n)).Count));
    }

    [Fact]
    public void SecondRunspace_IntoAFolderBeingWritten_IsRefused_NamingTheLock_AndTheFirstLosesNothing()
    {
        string dir = InTemp("parts");
        using var other = new ModuleHost();
        using (var running = new RunningCommand(_host, Generator + " | Export-JsonLines -LiteralPath $args[0] -BatchSize 1000", dir))
        {
            Thread.Sleep(500);
            running.AssertRunning();

            RunResult refused = other.Run("1..10 | Export-JsonLines -LiteralPath $args[0] -BatchSize 1000 -Append", dir);

            Assert.Null(refused.Terminating);
            ErrorRecord error = Assert.Single(refused.Errors);
            Assert.Equal("TargetInUse", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
            Assert.Contains(Path.Combine(dir, ".jsonl-parts.lock"), error.Exception.Message);
            running.AssertRunning();
            running.StopWithin(StopWithin);
        }

        AssertWholeParts(dir, 1000, ".jsonl");   // the first writer's parts, every record in place
        Assert.Empty(JsonLinesFiles.TempFiles(_host.TempDir));
        Assert.False(File.Exists(Path.Combine(dir, ".jsonl-parts.lock")));
    }

    [Fact]
    public void Stop_ReRunIntoAFolderOfEarlierParts_LeavesThemByteIdentical()
    {
        string dir = InTemp("parts");
        _host.RunClean("1..10000 | ForEach-Object { [pscustomobject]@{ i = $_; run = 'earlier' } } | Export-JsonLines -LiteralPath $args[0] -BatchSize 1000", dir);
        var before = JsonLinesFiles.Names(dir).ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(dir, n)));
        Assert.Equal(10, before.Count);

        StopWhileWriting(Generator + " | Export-JsonLines -LiteralPath $args[0] -BatchSize 1000", dir);

        Assert.Equal(before.Keys, JsonLinesFiles.Names(dir));
        Assert.All(before, part => Assert.Equal(part.Value, File.ReadAllBytes(Path.Combine(dir, part.Key))));
    }
}
