using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json;

/// <summary>W6 and W7: the JSON Lines writer, and the seed's reader-to-writer run. Results go to stdout as lines of name=value.</summary>
internal static class WriterBench
{
    public static int Run(Runspace runspace, string input, string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        using (var load = PowerShell.Create(runspace))
        {
            load.AddScript("$global:records = [System.Collections.Generic.List[object]]::new(); " +
                "Import-EventRecord -LiteralPath $args[0] -ErrorAction SilentlyContinue | ForEach-Object { $global:records.Add($_) }; $global:records.Count")
                .AddArgument(input);
            Console.WriteLine($"records={load.Invoke()[0]}");
        }

        string file = Path.Combine(outputFolder, "events.jsonl");
        Time(runspace, "export_inputobject", "Export-JsonLines -LiteralPath $args[0] -InputObject $global:records", file);
        Time(runspace, "export_pipeline", "$global:records | Export-JsonLines -LiteralPath $args[0]", file);
        Time(runspace, "export_compress", "Export-JsonLines -LiteralPath $args[0] -InputObject $global:records -Compress", file + ".gz");
        Time(runspace, "export_batches", "Export-JsonLines -LiteralPath $args[0] -InputObject $global:records -BatchSize 100000", Path.Combine(outputFolder, "parts"));
        Time(runspace, "import_then_export", "Import-EventRecord -LiteralPath $args[1] | Export-JsonLines -LiteralPath $args[0]", file, input);

        // The hand-written baseline: System.Text.Json serializing the same objects to one buffered file, one line each.
        List<BaselineEvent> records;
        using (var get = PowerShell.Create(runspace))
        {
            records = get.AddScript("$global:records").Invoke().Select(o => new BaselineEvent(
                (string)o.Properties["User"].Value, (string)o.Properties["Event"].Value, o.Properties["Status"].Value.ToString()!,
                (DateTime?)o.Properties["Timestamp"].Value, (string)o.Properties["Source"].Value, (long)o.Properties["Line"].Value)).ToList();
        }

        for (int run = 0; run < 2; run++)
        {
            var clock = Stopwatch.StartNew();
            string baseline = Path.Combine(outputFolder, "baseline.jsonl");
            using (var stream = new FileStream(baseline, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true }))
            {
                foreach (BaselineEvent record in records)
                {
                    JsonSerializer.Serialize(json, record);
                    json.Flush();
                    json.Reset();
                    stream.WriteByte((byte)'\n');
                }
            }

            Report("stj_baseline", clock.Elapsed.TotalSeconds, new FileInfo(baseline).Length);
            File.Delete(baseline);

            // The limit: the same six fields written by hand with Utf8JsonWriter, on one thread, no queue.
            clock.Restart();
            using (var stream = new FileStream(baseline, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                foreach (BaselineEvent record in records)
                {
                    json.WriteStartObject();
                    json.WriteString("User", record.User);
                    json.WriteString("Event", record.Event);
                    json.WriteString("Status", record.Status);
                    if (record.Timestamp is { } time)
                    {
                        json.WriteString("Timestamp", time);
                    }
                    else
                    {
                        json.WriteNull("Timestamp");
                    }

                    json.WriteString("Source", record.Source);
                    json.WriteNumber("Line", record.Line);
                    json.WriteEndObject();
                    json.Flush();
                    json.Reset();
                    stream.WriteByte((byte)'\n');
                }
            }

            Report("utf8json_limit", clock.Elapsed.TotalSeconds, new FileInfo(baseline).Length);
            File.Delete(baseline);
        }

        return 0;
    }

    public static int RunFramework(Runspace runspace, string input, string outputFolder, string throttle)
    {
        var clock = Stopwatch.StartNew();
        using var ps = PowerShell.Create(runspace);
        ps.AddScript($"Import-SignInActivity -Path $args[0] {throttle} -AsOf 2024-12-31 -ErrorAction SilentlyContinue | " +
            "Export-JsonLines -LiteralPath $args[1] -BatchSize 50000 -PassThru").AddArgument(input).AddArgument(outputFolder);
        var results = ps.Invoke();
        double seconds = clock.Elapsed.TotalSeconds;

        // Counted after the clock stops: the users that reached the part files, and the bytes read and written.
        var parts = results.Select(r => r.BaseObject).OfType<FileInfo>().ToList();
        long bytes = parts.Sum(f => f.Length);
        long valid = parts.Sum(f => File.ReadLines(f.FullName).LongCount());
        long inputBytes = Directory.EnumerateFiles(Path.GetDirectoryName(input)!, Path.GetFileName(input)).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"users={valid} errors={ps.Streams.Error.Count} files_written={parts.Count}");
        Console.WriteLine($"elapsed_s={seconds:F3} users_per_s={valid / seconds:F0} " +
            $"read_MBps={inputBytes / seconds / 1e6:F1} written_MBps={bytes / seconds / 1e6:F1}");
        return 0;
    }

    private static void Time(Runspace runspace, string name, string script, string target, string? input = null)
    {
        for (int run = 0; run < 2; run++)
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            File.Delete(target);   // replacing a large file would time the file system freeing it

            var clock = Stopwatch.StartNew();
            using var ps = PowerShell.Create(runspace);
            ps.AddScript(script).AddArgument(target).AddArgument(input);
            ps.Invoke();
            double seconds = clock.Elapsed.TotalSeconds;
            if (ps.HadErrors)
            {
                throw new InvalidOperationException($"{name}: {ps.Streams.Error[0]}");
            }

            long bytes = File.Exists(target) ? new FileInfo(target).Length
                : Directory.EnumerateFiles(target).Sum(f => new FileInfo(f).Length);
            Report(name, seconds, bytes);
        }
    }

    private sealed record BaselineEvent(string User, string Event, string Status, DateTime? Timestamp, string Source, long Line);

    private static void Report(string name, double seconds, long bytes) =>
        Console.WriteLine($"{name}: seconds={seconds:F3} bytes={bytes} MBps={bytes / seconds / 1e6:F1}");
}
