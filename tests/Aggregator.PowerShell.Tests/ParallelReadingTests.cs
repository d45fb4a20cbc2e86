using System.Collections;
using System.IO.Compression;
using System.Management.Automation;
using System.Text;
using Xunit.Abstractions;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// -ThrottleLimit: files, and line ranges of large JSON Lines files, read on worker threads and merged. Whatever the
/// number of workers, every cmdlet must give exactly what one worker gives: the same objects with the same properties,
/// the same statistics, and the same skipped records with their file's own line and record numbers.
/// </summary>
public sealed class ParallelReadingTests : IClassFixture<MessyEventFolder>, IDisposable
{
    private readonly MessyEventFolder _messy;
    private readonly ITestOutputHelper _log;
    private readonly ModuleHost _host = new();

    public ParallelReadingTests(MessyEventFolder messy, ITestOutputHelper log)
    {
        _messy = messy;
        _log = log;
    }

    public void Dispose() => _host.Dispose();

    /// <summary>Runs a cmdlet on the files with -ThrottleLimit and -StatisticsVariable and captures everything it produced.</summary>
    private RunSnapshot Read(string cmdlet, string options, IReadOnlyList<string> files, int throttle)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RunResult result = _host.Run($"$st = $null\n{cmdlet} -LiteralPath $args[0] -ThrottleLimit $args[1] {options} -StatisticsVariable st",
            files.ToArray(), throttle);
        long ran = clock.ElapsedMilliseconds;
        var snapshot = RunSnapshot.Of(result, _host.GetVariable("st"));
        _log.WriteLine($"{cmdlet} {options} -ThrottleLimit {throttle}: run {ran} ms, snapshot {clock.ElapsedMilliseconds - ran} ms");
        return snapshot;
    }

    private static void AssertSameAggregate(RunSnapshot expected, RunSnapshot actual, string because)
    {
        Assert.True(actual.Terminating is null, $"{because}: {actual.Terminating?.ErrorRecord?.FullyQualifiedErrorId} {actual.Terminating?.Message}");
        AssertSameLines(expected.OtherErrorsSorted, actual.OtherErrorsSorted, $"{because}: errors other than skipped records");   // first, so that a crash shows as itself
        AssertSameLines(expected.Output, actual.Output, $"{because}: output");
        Assert.Equal(expected.Statistics, actual.Statistics);
        AssertSameLines(expected.SkippedSorted, actual.SkippedSorted, $"{because}: skipped records");
    }

    /// <summary>Assert.Equal for long lists of long strings, with a message that shows the lines that differ.</summary>
    private static void AssertSameLines(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string what)
    {
        if (expected.SequenceEqual(actual))
        {
            return;
        }

        var missing = expected.Except(actual).Take(5).ToList();
        var extra = actual.Except(expected).Take(5).ToList();
        throw new Xunit.Sdk.XunitException($"{what} differ: expected {expected.Count} lines, got {actual.Count}.\n" +
            "Expected but missing:\n  " + string.Join("\n  ", missing) + "\nPresent but not expected:\n  " + string.Join("\n  ", extra) +
            (missing.Count == 0 && extra.Count == 0 ? "\n(the same lines in another order)" : string.Empty));
    }

    public static TheoryData<string, string> Aggregations => new()
    {
        { "Measure-UserEvent", "" },
        { "Measure-EventRecord", "" },
        { "Group-EventByHour", "" },
        { "Group-EventByHour", "-By User" },
        { "Group-EventByHour", "-Interval 00:05:00 -By Event" },
        { "Get-EventSession", "" },
        { "Get-EventSession", "-IdleTimeout 00:20:00" },
        { "Get-EventSession", "-MaxDuration 01:00:00" },
    };

    [Fact]
    public void TheMessyFolder_IsReallyMessy()
    {
        // The comparisons below prove little unless the files hold many records, bad ones of every reason, and
        // users and event types beyond the accumulators' first table sizes.
        RunSnapshot run = Read("Measure-EventRecord", "", _messy.Files, 1);
        PSObject st = _host.GetVariable("st")!;

        Assert.Null(run.Terminating);
        Assert.Empty(run.OtherErrors);
        Assert.Equal(_messy.Files.Length, st.Prop<int>("Files"));
        Assert.InRange(st.Prop<long>("ValidRecords"), 3500, 5000);
        Assert.Equal(st.Prop<long>("TotalRecords"), st.Prop<long>("ValidRecords") + st.Prop<long>("SkippedRecords"));
        Assert.Equal(run.Skipped.Count, st.Prop<long>("SkippedRecords"));
        var reasons = ((System.Collections.IDictionary)st.Prop("SkippedByReason")!).Keys.Cast<string>().Order().ToList();
        Assert.Equal(new[] { "InvalidField", "InvalidJson", "InvalidTimestamp", "MissingField", "NotAnObject", "UnknownStatus" }, reasons);
        Assert.InRange(st.Prop<long>("UniqueUsers"), 300, 1000);
        PSObject stats = PSObject.AsPSObject(Assert.Single(_host.RunClean("Measure-EventRecord -LiteralPath $args[0] -ErrorAction SilentlyContinue", (object)_messy.Files)).BaseObject);
        Assert.InRange(stats.Strings("EventTypes").Count(), 65, 200);
    }

    [Theory]
    [MemberData(nameof(Aggregations))]
    public void Aggregators_GiveTheSameResults_WithOneTwoAndFourWorkers(string cmdlet, string options)
    {
        RunSnapshot one = Read(cmdlet, options, _messy.Files, 1);
        Assert.Null(one.Terminating);
        Assert.NotEmpty(one.Output);
        Assert.NotEmpty(one.Skipped);

        foreach (int throttle in new[] { 2, 4 })
        {
            AssertSameAggregate(one, Read(cmdlet, options, _messy.Files, throttle), $"{cmdlet} {options} -ThrottleLimit {throttle}");
        }
    }

    [Theory]
    [InlineData("-Unique")]
    [InlineData("-UniqueBy User, Event")]
    public void Aggregators_Unique_GiveTheSameResults_WithOneAndTwoWorkers_WhenDuplicatesAreIdentical(string unique)
    {
        // Every file repeated under another name: each record has an exact twin in another file, identical in every
        // field, so which twin is kept cannot change any figure.
        string folder = Path.Combine(_host.TempDir, "twins");
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (string file in _messy.JsonLinesFiles.Where(f => new FileInfo(f).Length > 0))
        {
            foreach (string copy in new[] { "a-", "b-" })
            {
                string target = Path.Combine(folder, copy + Path.GetFileName(file));
                File.Copy(file, target);
                files.Add(target);
            }
        }

        foreach (var (cmdlet, options) in new[] { ("Measure-UserEvent", ""), ("Measure-EventRecord", ""), ("Group-EventByHour", "-By Event"), ("Get-EventSession", "") })
        {
            RunSnapshot one = Read(cmdlet, $"{options} {unique}", files, 1);
            Assert.Null(one.Terminating);
            Assert.NotEmpty(one.Output);
            Assert.InRange(long.Parse(one.Statistics!.Split("DuplicatesRemoved=")[1].Split(' ')[0]), 1000, long.MaxValue);
            AssertSameAggregate(one, Read(cmdlet, $"{options} {unique}", files, 2), $"{cmdlet} {unique} -ThrottleLimit 2");
        }
    }

    [Fact]
    public void ImportEventRecord_Ordered_EmitsExactlyTheSequenceOfOneWorker()
    {
        RunResult one = _host.Run("Import-EventRecord -LiteralPath $args[0] -StatisticsVariable st", (object)_messy.Files);
        string oneStats = RunSnapshot.Stats(_host.GetVariable("st")!);
        RunResult two = _host.Run("Import-EventRecord -LiteralPath $args[0] -ThrottleLimit 2 -Ordered -StatisticsVariable st", (object)_messy.Files);
        string twoStats = RunSnapshot.Stats(_host.GetVariable("st")!);

        Assert.Null(two.Terminating);
        Assert.InRange(one.Output.Count, 3500, 5000);
        Assert.Equal(one.Output.Select(Render.All), two.Output.Select(Render.All));
        // Skipped records are written in the files' order too.
        Assert.Equal(one.Errors.Select(e => Render.All(PSObject.AsPSObject(e.TargetObject))), two.Errors.Select(e => Render.All(PSObject.AsPSObject(e.TargetObject))));
        Assert.Equal(oneStats, twoStats);
    }

    [Fact]
    public void ImportEventRecord_WithWorkers_WritesEachSkip_AfterTheValidRecordsBeforeIt()
    {
        // Records go to the pipeline in batches: a skip must not overtake the records of its file that came first.
        var lines = _host.RunClean("""
            Import-EventRecord -LiteralPath $args[0] -ThrottleLimit 2 2>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.TargetObject } else { $_ } } |
                ForEach-Object { '{0}|{1}' -f $_.Source, $_.Line }
            """, (object)_messy.Files).Select(o => ((string)o.BaseObject).Split('|')).ToList();

        Assert.InRange(lines.Count, 3500, 6000);
        foreach (var file in lines.GroupBy(line => line[0]))
        {
            var order = file.Select(line => long.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.True(order.SequenceEqual(order.Order()), $"{file.Key}: records and skips out of the file's order");
        }

        Assert.Contains(lines, line => _messy.Files.Contains(line[0]) && lines.Count(other => other[0] == line[0]) > 300);
    }

    [Fact]
    public void StatisticsPerFile_WithWorkers_ListsTheFilesInTheOrderGiven()
    {
        string[] given = _messy.Files.Reverse().ToArray();
        _host.Run("Measure-EventRecord -LiteralPath $args[0] -ThrottleLimit 4 -StatisticsVariable st -ErrorAction SilentlyContinue", (object)given);

        var perFile = ((IEnumerable)_host.GetVariable("st")!.Prop("PerFile")!).Cast<object>()
            .Select(f => (string)PSObject.AsPSObject(f).Prop("Source")!).ToList();
        Assert.True(perFile.Count >= 4, $"only {perFile.Count} files");
        Assert.Equal(given.Where(perFile.Contains), perFile);
    }

    [Fact]
    public void ImportEventRecord_Unordered_EmitsTheSameRecords_EachFileInItsOwnOrder()
    {
        RunResult one = _host.Run("Import-EventRecord -LiteralPath $args[0]", (object)_messy.Files);
        RunResult two = _host.Run("Import-EventRecord -LiteralPath $args[0] -ThrottleLimit 2", (object)_messy.Files);

        Assert.Null(two.Terminating);
        Assert.Equal(one.Output.Select(Render.All).Order(StringComparer.Ordinal), two.Output.Select(Render.All).Order(StringComparer.Ordinal));
        foreach (string file in _messy.Files)
        {
            Assert.Equal(
                one.Output.Where(r => (string)r.Prop("Source")! == file).Select(Render.All),
                two.Output.Where(r => (string)r.Prop("Source")! == file).Select(Render.All));
            Assert.Equal(
                one.Errors.Select(e => PSObject.AsPSObject(e.TargetObject)).Where(t => (string?)t.Prop("Source") == file).Select(Render.All),
                two.Errors.Select(e => PSObject.AsPSObject(e.TargetObject)).Where(t => (string?)t.Prop("Source") == file).Select(Render.All));
        }
    }

    [Fact]
    public void ImportEventRecord_Unique_Ordered_KeepsTheSameFirsts_AsOneWorker()
    {
        string[] twice = _messy.Files.Concat(_messy.Files.Reverse()).ToArray();
        RunResult one = _host.Run("Import-EventRecord -LiteralPath $args[0] -Unique -StatisticsVariable st -ErrorAction SilentlyContinue", (object)twice);
        long oneRemoved = _host.GetVariable("st")!.Prop<long>("DuplicatesRemoved");
        RunResult two = _host.Run("Import-EventRecord -LiteralPath $args[0] -Unique -ThrottleLimit 2 -Ordered -StatisticsVariable st -ErrorAction SilentlyContinue", (object)twice);
        long twoRemoved = _host.GetVariable("st")!.Prop<long>("DuplicatesRemoved");

        Assert.Null(two.Terminating);
        Assert.Equal(one.Output.Select(Render.All), two.Output.Select(Render.All));
        Assert.InRange(oneRemoved, one.Output.Count, long.MaxValue);   // every file twice: at least as many dropped as kept
        Assert.Equal(oneRemoved, twoRemoved);
    }

    [Fact]
    public void ImportEventRecord_ManyWorkers_GathersPipedFiles_AndReadsThemAtTheEndOfInput()
    {
        // What `Get-ChildItem | ForEach-Object {...} | Import-EventRecord` shows: with one worker each file is read as it
        // arrives; with more, all files are gathered first.
        const string Script = """
            $log = [System.Collections.Generic.List[string]]::new()
            $ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Where-Object Name -like 'app-*.jsonl' |
                ForEach-Object { $log.Add('in ' + $_.Name); $_ } |
                Import-EventRecord -ThrottleLimit $args[1] -ErrorAction SilentlyContinue |
                ForEach-Object { if ($log[-1] -notlike 'out*') { $log.Add('out') } }
            $log
            """;

        var sequential = _host.RunClean(Script, _messy.Folder, 1).Select(o => (string)o.BaseObject).ToList();
        var parallel = _host.RunClean(Script, _messy.Folder, 2).Select(o => (string)o.BaseObject).ToList();

        Assert.Equal(new[] { "in app-1.jsonl", "out", "in app-2.jsonl", "out" }, sequential);
        Assert.Equal(new[] { "in app-1.jsonl", "in app-2.jsonl", "out" }, parallel);
    }

    [Theory]
    [InlineData("Measure-UserEvent")]
    [InlineData("Measure-EventRecord")]
    [InlineData("Group-EventByHour")]
    [InlineData("Get-EventSession")]
    public void ChildItemsPipedIn_WithTwoWorkers_EqualThePathResult(string cmdlet)
    {
        // `Get-ChildItem <dir> -Filter *.jsonl | Measure-UserEvent -ThrottleLimit 2`: the hosted engine has no
        // Get-ChildItem, so this uses what it calls, which returns the same FileInfo objects with PSPath.
        RunResult piped = _host.Run($"""
            $st = $null
            $ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Where-Object Name -like '*.jsonl' |
                {cmdlet} -ThrottleLimit 2 -StatisticsVariable st
            """, _messy.Folder);
        RunSnapshot fromPipe = RunSnapshot.Of(piped, _host.GetVariable("st"));
        RunSnapshot fromPath = Read(cmdlet, "", _messy.JsonLinesFiles, 1);
        RunResult wildcard = _host.Run($"$st = $null\n{cmdlet} -Path $args[0] -StatisticsVariable st", Path.Combine(_messy.Folder, "*.jsonl"));
        RunSnapshot fromWildcard = RunSnapshot.Of(wildcard, _host.GetVariable("st"));

        Assert.Contains($"Files={_messy.JsonLinesFiles.Length} ", fromPath.Statistics);
        AssertSameAggregate(fromPath, fromPipe, "piped");
        AssertSameAggregate(fromPath, fromWildcard, "-Path wildcard");
    }

    [Fact]
    public void LargeJsonLinesFile_InRanges_GivesTheSameResults_AndTheFilesOwnLineAndRecordNumbers()
    {
        foreach (var (crlf, bom) in new[] { (false, false), (true, true) })
        {
            // 280,000 lines of 100 bytes: 28 MB, cut into ranges of at least 8 MiB.
            string path = Path.Combine(_host.TempDir, crlf ? "large-crlf-bom.jsonl" : "large.jsonl");
            SplitJsonLinesFile file = SplitJsonLinesFile.Write(path, 280_000, crlf, bom);
            try
            {
                Assert.True(new FileInfo(path).Length > 20 << 20);

                RunSnapshot one = Read("Measure-UserEvent", "", new[] { path }, 1);
                PSObject st = _host.GetVariable("st")!;
                Assert.Null(one.Terminating);
                Assert.Equal(file.TotalRecords, st.Prop<long>("TotalRecords"));
                Assert.Equal(file.ValidRecords, st.Prop<long>("ValidRecords"));
                Assert.Equal(1000, one.Output.Count);

                // The sequential read numbers every skipped record as the generator does.
                var expected = file.Skipped.Select(s => $"{s.Line} {s.Record} {s.Reason}").ToList();
                Assert.InRange(expected.Count, 6000, 8000);
                Assert.Equal(expected, one.SkipNumbers);

                foreach (int throttle in new[] { 2, 4 })
                {
                    RunSnapshot many = Read("Measure-UserEvent", "", new[] { path }, throttle);
                    Assert.Equal(expected, many.SkipNumbers.Order(LineOrder).ToList());
                    AssertSameAggregate(one, many, $"-ThrottleLimit {throttle}, crlf {crlf}");
                }

                RunSnapshot sessions = Read("Get-EventSession", "", new[] { path }, 1);
                Assert.Equal(1000, sessions.Output.Count);
                AssertSameAggregate(sessions, Read("Get-EventSession", "", new[] { path }, 2), "sessions");
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    private static readonly IComparer<string> LineOrder = Comparer<string>.Create((a, b) =>
    {
        long[] x = a.Split(' ').Take(2).Select(long.Parse).ToArray();
        long[] y = b.Split(' ').Take(2).Select(long.Parse).ToArray();
        return x[0] != y[0] ? x[0].CompareTo(y[0]) : x[1].CompareTo(y[1]);
    });

    // ----- -Unique on the aggregators -----

    /// <summary>
    /// Files full of exact duplicates, within and across files, in three formats. A record's status is a function of its
    /// user, event and time, so twins are identical in every field and which one is kept cannot change any figure.
    /// Returns the files and how many duplicates -Unique must remove.
    /// </summary>
    private (string[] Files, long Duplicates) WriteDuplicateRichFiles()
    {
        var random = new Random(7);
        var seen = new HashSet<string>();
        long duplicates = 0;
        string Record(bool asJson)
        {
            string user = "u" + random.Next(40);
            string @event = "e" + random.Next(6);
            int minute = random.Next(20);
            bool timed = random.Next(10) != 0;
            string status = (user.Length + @event[^1] + (timed ? minute : 0)) % 3 == 0 ? "fail" : "success";
            string time = new DateTime(2024, 7, 10, 8, 0, 0, DateTimeKind.Utc).AddMinutes(minute).ToString("yyyy-MM-ddTHH:mm:ssZ");
            if (!seen.Add($"{user}|{@event}|{(timed ? time : "-")}"))
            {
                duplicates++;
            }

            return asJson
                ? $"{{\"user_id\":\"{user}\",\"event_type\":\"{@event}\",\"status\":\"{status}\"{(timed ? $",\"event_time\":\"{time}\"" : "")}}}"
                : $"{user},{@event},{status},{(timed ? time : "")}";
        }

        var files = new List<string>();
        for (int f = 0; f < 3; f++)
        {
            var lines = new StringBuilder();
            for (int i = 0; i < 1500; i++)
            {
                lines.Append(i % 97 == 5 ? "{\"user_id\": \"broken\"" : Record(true)).Append('\n');
            }

            files.Add(_host.WriteFile($"dups-{f}.jsonl", lines.ToString()));
        }

        var array = new StringBuilder("[\n");
        for (int i = 0; i < 400; i++)
        {
            array.Append("  ").Append(Record(true)).Append(i < 399 ? ",\n" : "\n");
        }

        files.Add(_host.WriteFile("dups-array.json", array.Append("]\n").ToString()));
        var csv = new StringBuilder("user,event,status,timestamp\n");
        for (int i = 0; i < 400; i++)
        {
            csv.Append(Record(false)).Append('\n');
        }

        files.Add(_host.WriteFile("dups.csv", csv.ToString()));
        return (files.ToArray(), duplicates);
    }

    [Theory]
    [InlineData("Get-EventSession", 1)]
    [InlineData("Get-EventSession", 2)]
    [InlineData("Measure-UserEvent", 1)]
    [InlineData("Measure-UserEvent", 2)]
    public void Unique_OnThePath_EqualsUniqueImportPipedIn(string cmdlet, int throttle)
    {
        var (files, duplicates) = WriteDuplicateRichFiles();
        Assert.InRange(duplicates, 1000, 6000);

        RunResult piped = _host.Run($"$st = $null\nImport-EventRecord -LiteralPath $args[0] -Unique -StatisticsVariable st | {cmdlet}", (object)files);
        RunSnapshot expected = RunSnapshot.Of(piped, _host.GetVariable("st"));
        RunSnapshot actual = Read(cmdlet, "-Unique", files, throttle);

        Assert.Contains($"DuplicatesRemoved={duplicates} ", expected.Statistics);
        AssertSameAggregate(expected, actual, $"{cmdlet} -Unique -ThrottleLimit {throttle}");

        // Without -Unique the twins count, so the comparison above is not vacuous.
        RunSnapshot all = Read(cmdlet, "", files, throttle);
        Assert.Contains("DuplicatesRemoved=0 ", all.Statistics);
        Assert.NotEqual(expected.Output, all.Output);
    }

    [Theory]
    [InlineData("Get-EventSession")]
    [InlineData("Measure-UserEvent")]
    public void Unique_InEveryParameterSet_KeepsTheFirstOfEachDuplicate(string cmdlet)
    {
        string sessions = Path.Combine(RepoPaths.Samples, "sessions.jsonl");
        var expected = _host.RunClean($"Import-EventRecord $args[0] -Unique -ErrorAction SilentlyContinue | {cmdlet}", sessions).Select(Render.All).ToList();

        var fromRecords = _host.RunClean($"Import-EventRecord $args[0] -ErrorAction SilentlyContinue | {cmdlet} -Unique -StatisticsVariable a", sessions);
        var fromProperties = _host.RunClean($$"""
            Import-EventRecord $args[0] -ErrorAction SilentlyContinue |
                ForEach-Object { [pscustomobject]@{ user_id = $_.User; event_type = $_.Event; event_time = $_.Timestamp.ToString('o') } } |
                {{cmdlet}} -Unique -StatisticsVariable b
            """, sessions);
        var fromPath = _host.Run($"{cmdlet} -Path $args[0] -Unique -StatisticsVariable c -ErrorAction SilentlyContinue", sessions).Output;

        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, fromRecords.Select(Render.All));
        Assert.Equal(expected, fromProperties.Select(Render.All));
        Assert.Equal(expected, fromPath.Select(Render.All));
        Assert.Equal(1L, _host.GetVariable("a")!.Prop<long>("DuplicatesRemoved"));
        Assert.Equal(1L, _host.GetVariable("b")!.Prop<long>("DuplicatesRemoved"));
        Assert.Equal(1L, _host.GetVariable("c")!.Prop<long>("DuplicatesRemoved"));
    }

    /// <summary>
    /// Two files with the same records. late.jsonl: 100,000 filler records, then the twins with
    /// <paramref name="lateStatus"/>. early.jsonl: the twins succeeding, then 50,000 filler records. Read in parallel,
    /// early.jsonl's copies are met first, whatever the order given; with "fail" the kept copy shows in the counts.
    /// </summary>
    private (string Late, string Early) WriteTwins(int users, string lateStatus)
    {
        var twins = Enumerable.Range(0, users).Select(i =>
            $"{{\"user\":\"t{i}\",\"event\":\"x{i % 90}\",\"status\":\"STATUS\",\"timestamp\":\"2024-06-01T10:00:00Z\"}}").ToList();
        string filler = "{\"user\":\"filler\",\"event\":\"tick\",\"status\":\"ok\",\"timestamp\":\"2024-06-01T09:00:00Z\"}\n";
        var late = new StringBuilder();
        late.Insert(0, filler, 100_000);
        twins.ForEach(t => late.Append(t.Replace("STATUS", lateStatus, StringComparison.Ordinal)).Append('\n'));
        var early = new StringBuilder();
        twins.ForEach(t => early.Append(t.Replace("STATUS", "success", StringComparison.Ordinal)).Append('\n'));
        early.Insert(early.Length, filler, 50_000);
        return (_host.WriteFile("late.jsonl", late.ToString()), _host.WriteFile("early.jsonl", early.ToString()));
    }

    [Fact]
    public void Unique_KeepsTheFirstDuplicate_WithOneWorker_AndExactlyOneCopy_WithTwo()
    {
        // One worker keeps the first of each set of duplicates in the files as given, as Import-EventRecord -Unique does:
        // late.jsonl is given first, so its failing copies are kept. With two workers which copy is kept is not defined
        // (the help says so), but exactly one of each is, and the counts of every other user are exact.
        // (The twins differ in Status, which is not in the default key.)
        var (late, early) = WriteTwins(100, "fail");
        string[] files = { late, early };

        var expected = _host.RunClean("Import-EventRecord -LiteralPath $args[0] -Unique | Measure-UserEvent", (object)files).Select(Render.All).ToList();
        Assert.Contains(expected, s => s.Contains("User=t5, TotalEvents=1, Success=0, Fail=1,", StringComparison.Ordinal));
        AssertSameLines(expected, Read("Measure-UserEvent", "-Unique", files, 1).Output, "one worker");

        RunSnapshot two = Read("Measure-UserEvent", "-Unique", files, 2);
        Assert.Null(two.Terminating);
        Assert.Empty(two.OtherErrors);
        Assert.Equal(expected.Count, two.Output.Count);
        for (int i = 0; i < 100; i++)
        {
            Assert.Single(two.Output, o => o.Contains($"User=t{i}, TotalEvents=1, Success=1, Fail=0,", StringComparison.Ordinal)
                || o.Contains($"User=t{i}, TotalEvents=1, Success=0, Fail=1,", StringComparison.Ordinal));
        }

        Assert.Equal(expected.Single(o => o.Contains("User=filler,", StringComparison.Ordinal)),
            two.Output.Single(o => o.Contains("User=filler,", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Measure-UserEvent")]
    [InlineData("Measure-EventRecord")]
    [InlineData("Group-EventByHour", "-By User")]
    [InlineData("Get-EventSession")]
    public void Unique_WithTwoWorkers_ManyNamesOnlyInDroppedDuplicates_GivesThePipelinesResult(string cmdlet, string options = "")
    {
        // early.jsonl is given first and read by the first worker; the second worker meets 300 users and 90 event types
        // only in duplicates that it drops: more than the accumulators' first table sizes. The twins are identical in
        // every field, so which copy is kept cannot matter.
        var (late, early) = WriteTwins(300, "success");
        string[] files = { early, late };
        var expected = _host.RunClean($"Import-EventRecord -LiteralPath $args[0] -Unique -StatisticsVariable st | {cmdlet} {options}", (object)files)
            .Select(Render.All).ToList();
        long removed = _host.GetVariable("st")!.Prop<long>("DuplicatesRemoved");
        Assert.Equal(300 + 150_000 - 1, removed);   // the twins, and all filler records but the first

        for (int attempt = 1; attempt <= 3; attempt++)
        {
            RunSnapshot two = Read(cmdlet, $"{options} -Unique", files, 2);
            Assert.True(two.Terminating is null, $"Attempt {attempt}: {two.Terminating?.Message}");
            Assert.True(two.OtherErrors.Count == 0, $"Attempt {attempt}: {string.Join("\n", two.OtherErrors)}");
            AssertSameLines(expected, two.Output, $"Attempt {attempt}");
            Assert.Contains($"DuplicatesRemoved={removed} ", two.Statistics);
        }
    }

    [Theory]
    [InlineData("Measure-UserEvent", "Event", 3, 2)]       // u2's only record repeats u0's event: u2 must not appear
    [InlineData("Measure-UserEvent", "Event", 300, 1)]     // 299 users whose records are all dropped
    [InlineData("Measure-EventRecord", "Event", 3, 2)]     // Users counts the users of kept records only
    [InlineData("Measure-EventRecord", "User", 1, 100)]    // 99 event types whose records are all dropped
    [InlineData("Group-EventByHour", "User", 1, 100, "-By Event")]
    [InlineData("Get-EventSession", "Event", 300, 1)]
    public void UniqueBy_OnThePath_EqualsTheSameKeyOnPipedRecords(string cmdlet, string key, int users, int events, string options = "")
    {
        // Record i: user u(i mod users), event e(i mod events), all at one time.
        var lines = new StringBuilder();
        for (int i = 0; i < Math.Max(users, events); i++)
        {
            lines.Append($"{{\"user\":\"u{i % users}\",\"event\":\"e{i % events}\",\"status\":\"ok\",\"timestamp\":\"2024-06-01T10:00:00Z\"}}\n");
        }

        string file = _host.WriteFile("keyed.jsonl", lines.ToString());
        var expected = _host.RunClean($"Import-EventRecord $args[0] -UniqueBy {key} | {cmdlet} {options}", file).Select(Render.All).ToList();
        var onRecords = _host.RunClean($"Import-EventRecord $args[0] | {cmdlet} {options} -UniqueBy {key}", file).Select(Render.All).ToList();
        RunResult onPath = _host.Run($"{cmdlet} -Path $args[0] {options} -UniqueBy {key} -StatisticsVariable st", file);

        Assert.Equal(expected, onRecords);
        Assert.True(onPath.Terminating is null, onPath.Terminating?.Message);
        Assert.True(onPath.Errors.Count == 0, string.Join("\n", onPath.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}")));
        AssertSameLines(expected, onPath.Output.Select(Render.All).ToList(), $"{cmdlet} -Path -UniqueBy {key}");
        long records = Math.Max(users, events);
        Assert.Equal(records - (key == "Event" ? events : users), _host.GetVariable("st")!.Prop<long>("DuplicatesRemoved"));
    }

    // ----- Files that cannot be read -----

    public static TheoryData<string, int> BrokenGzipCases => new()
    {
        { "corrupt", 1 },
        { "corrupt", 2 },
        { "truncated", 2 },
        { "truncated-header", 2 },
    };

    [Theory]
    [MemberData(nameof(BrokenGzipCases))]
    public void BrokenGzipFile_IsOneFileReadFailedError_AndTheOtherFilesAreComplete(string damage, int throttle)
    {
        // The broken file's users are all "bad-..." so the other files' results can be compared on their own.
        var content = new StringBuilder();
        for (int i = 0; i < 2000; i++)
        {
            content.Append($"{{\"user\":\"bad-{i % 50}\",\"event\":\"login\",\"status\":\"ok\",\"timestamp\":\"2024-06-01T10:{i % 60:00}:00Z\"}}\n");
        }

        byte[] gzip;
        using (var buffer = new MemoryStream())
        {
            using (var compressor = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            {
                compressor.Write(Encoding.UTF8.GetBytes(content.ToString()));
            }

            gzip = buffer.ToArray();
        }

        byte[] broken = damage switch
        {
            // A gzip header, then bytes that are no deflate stream.
            "corrupt" => gzip.Take(10).Concat(Enumerable.Range(0, 500).Select(i => (byte)(i * 37 + 11))).ToArray(),
            // Cut in the middle of the compressed data: no end of stream, no checksum.
            "truncated" => gzip.Take(gzip.Length / 2).ToArray(),
            // Cut inside the ten-byte header.
            _ => gzip.Take(6).ToArray(),
        };
        string bad = Path.Combine(_host.TempDir, "broken.jsonl.gz");
        File.WriteAllBytes(bad, broken);

        string[] good = _messy.Files.Where(f => !f.EndsWith(".gz", StringComparison.Ordinal)).ToArray();
        string[] all = good.Take(3).Append(bad).Concat(good.Skip(3)).ToArray();
        RunSnapshot withBad = Read("Measure-UserEvent", "", all, throttle);
        RunSnapshot alone = Read("Measure-UserEvent", "", good, 1);

        Assert.Null(withBad.Terminating);
        string failed = Assert.Single(withBad.OtherErrors);
        Assert.StartsWith($"FileReadFailed,Aggregator.Commands.MeasureUserEventCommand ReadError {bad} {bad}: ", failed);

        // The good files: the same users, figures, skipped records and per-file statistics as read without the broken one.
        Assert.Equal(alone.Output, withBad.Output.Where(o => !o.Contains("User=bad-", StringComparison.Ordinal)));
        Assert.Equal(alone.SkippedSorted, withBad.SkippedSorted.Where(s => !s.Contains($"Source={bad},", StringComparison.Ordinal)));
        string PerFileOfGood(string stats) => string.Join(" | ", stats.Split("PerFile=")[1].Split(" | ").Where(f => !f.Contains($"Source={bad},", StringComparison.Ordinal)));
        Assert.Equal(PerFileOfGood(alone.Statistics!), PerFileOfGood(withBad.Statistics!));
        Assert.Contains($"Files={all.Length} ", withBad.Statistics);
    }

    [Fact]
    public void MissingPaths_WithTwoWorkers_AreErrors_AndTheOtherFilesAreComplete()
    {
        string missing = Path.Combine(_messy.Folder, "missing.jsonl");
        string noMatch = Path.Combine(_messy.Folder, "nothing-*.jsonl");
        RunResult result = _host.Run("$st = $null\nMeasure-UserEvent -Path $args[0], $args[1], $args[2], $args[3] -ThrottleLimit 2 -StatisticsVariable st",
            _messy.JsonLinesFiles[0], missing, noMatch, _messy.JsonLinesFiles[1]);
        RunSnapshot withMissing = RunSnapshot.Of(result, _host.GetVariable("st"));
        RunSnapshot alone = Read("Measure-UserEvent", "", _messy.JsonLinesFiles.Take(2).ToArray(), 1);

        Assert.Equal(new[] { $"PathNotFound,Aggregator.Commands.MeasureUserEventCommand ObjectNotFound {missing}", $"PathNotFound,Aggregator.Commands.MeasureUserEventCommand ObjectNotFound {noMatch}" },
            withMissing.OtherErrors.Select(e => string.Join(' ', e.Split(' ').Take(3))));
        AssertSameLines(alone.Output, withMissing.Output, "output");
        Assert.Equal(alone.Statistics, withMissing.Statistics);
        AssertSameLines(alone.SkippedSorted, withMissing.SkippedSorted, "skipped records");
    }

    // ----- Parameters -----

    public static TheoryData<string> AllCmdlets => new() { "Import-EventRecord", "Measure-UserEvent", "Measure-EventRecord", "Group-EventByHour", "Get-EventSession" };

    [Theory]
    [MemberData(nameof(AllCmdlets))]
    public void ThrottleLimit_OutsideOneTo64_IsAParameterValidationError(string cmdlet)
    {
        foreach (int value in new[] { 0, 65, -1 })
        {
            RunResult result = _host.Run($"{cmdlet} -Path $args[0] -ThrottleLimit $args[1]", RepoPaths.EventsJson, value);
            ErrorRecord error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
            Assert.StartsWith("ParameterArgumentValidationError,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains("'ThrottleLimit'", error.Exception.Message);
            Assert.Empty(result.Output);
        }

        foreach (int value in new[] { 1, 64 })
        {
            RunResult result = _host.Run($"{cmdlet} -Path $args[0] -ThrottleLimit $args[1] -ErrorAction SilentlyContinue", RepoPaths.EventsJson, value);
            Assert.Null(result.Terminating);
            Assert.NotEmpty(result.Output);
        }
    }

    [Theory]
    [MemberData(nameof(AllCmdlets))]
    public void ThrottleLimit_IsInThePathSetsOnly_AndUniqueInEverySet(string cmdlet)
    {
        var sets = _host.RunClean("""
            (Get-Command $args[0]).ParameterSets | ForEach-Object {
                $names = $_.Parameters.Name
                '{0} {1} {2} {3}' -f $_.Name, ($names -contains 'ThrottleLimit'), ($names -contains 'Unique'), ($names -contains 'UniqueBy')
            }
            """, cmdlet).Select(o => (string)o.BaseObject).Order(StringComparer.Ordinal).ToList();

        var expected = new List<string> { "LiteralPath True True True", "Path True True True" };
        if (cmdlet != "Import-EventRecord")
        {
            expected.AddRange(new[] { "InputObject False True True", "Property False True True" });
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), sets);
    }

    [Theory]
    [InlineData("Measure-UserEvent")]
    [InlineData("Get-EventSession")]
    public void ThrottleLimit_WithPipedRecords_IsNotAccepted(string cmdlet)
    {
        // Piped records cannot bind in the Path sets: each is a binding error, and nothing is aggregated.
        RunResult piped = _host.Run($"Import-EventRecord $args[0] -ErrorAction SilentlyContinue | {cmdlet} -ThrottleLimit 2", RepoPaths.EventsJson);
        Assert.Empty(piped.Output);
        Assert.Equal(14, piped.Errors.Count);
        Assert.All(piped.Errors, e => Assert.StartsWith("InputObjectNotBound,", e.FullyQualifiedErrorId));

        RunResult objects = _host.Run($"[pscustomobject]@{{ User = 'a'; Event = 'login'; Status = 'ok'; Timestamp = '2024-06-01T10:00:00Z' }} | {cmdlet} -ThrottleLimit 2");
        Assert.Empty(objects.Output);
        Assert.StartsWith("InputObjectNotBound,", Assert.Single(objects.Errors).FullyQualifiedErrorId);

        RunResult named = _host.Run($"$r = @(Import-EventRecord $args[0] -ErrorAction SilentlyContinue)[0]\n{cmdlet} -InputObject $r -ThrottleLimit 2", RepoPaths.EventsJson);
        Assert.Empty(named.Output);
        Assert.StartsWith("AmbiguousParameterSet,", (named.Terminating?.ErrorRecord ?? Assert.Single(named.Errors)).FullyQualifiedErrorId);
    }
}
