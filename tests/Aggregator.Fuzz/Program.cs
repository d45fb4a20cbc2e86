using Aggregator.Fuzz;
using SharpFuzz;

// Aggregator.Fuzz <target>                 run under afl-fuzz (run-fuzz.sh): one input per fork-server round
// Aggregator.Fuzz <target> <file|folder>... run the target once per file, for replaying seeds and findings
if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0], StringComparer.OrdinalIgnoreCase))
{
    Console.Error.WriteLine($"usage: Aggregator.Fuzz <{string.Join("|", FuzzTargets.Names)}> [input files or folders]");
    return 2;
}

string target = args[0];
if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        FuzzTargets.Run(target, copy.ToArray());
    });
    return 0;
}

int failures = 0;
foreach (string file in args.Skip(1).SelectMany(path => Directory.Exists(path) ? Directory.GetFiles(path) : new[] { path }))
{
    try
    {
        FuzzTargets.Run(target, File.ReadAllBytes(file));
    }
    catch (Exception ex)
    {
        failures++;
        Console.Error.WriteLine($"{file}: {ex.GetType().Name}: {ex.Message}");
    }
}

return failures == 0 ? 0 : 1;
