// usage: Aggregator.ReaderPasses <event|kwh|sensor> <file> <passes>
// Prints: best wall s, median wall s, checksum, best thread-CPU s, median thread-CPU s (tab-separated).
using System.Diagnostics;
using System.Runtime.InteropServices;
using Aggregator;
using Aggregator.Parsing;
using Aggregator.Reading;

string shape = args[0];
string path = args[1];
int passes = int.Parse(args[2]);
var options = shape switch
{
    "kwh" => new EventReadOptions { Fields = FieldMap.KwhDefault },
    "sensor" => new EventReadOptions { Fields = FieldMap.Sensor },
    _ => EventReadOptions.Default,
};

var wall = new List<double>();
var cpu = new List<double>();
long checksum = 0;
for (int pass = 0; pass < passes; pass++)
{
    var sink = new CountingSink();
    double cpuStart = ThreadCpu.Seconds();
    var clock = Stopwatch.StartNew();
    EventFileReader.ReadFile(path, options, sink);
    wall.Add(clock.Elapsed.TotalSeconds);
    cpu.Add(ThreadCpu.Seconds() - cpuStart);
    checksum = sink.Count + sink.Checksum;
}

wall.Sort();
cpu.Sort();
Console.WriteLine($"{wall[0]:F4}\t{wall[wall.Count / 2]:F4}\t{checksum}\t{cpu[0]:F4}\t{cpu[cpu.Count / 2]:F4}");

// This thread's CPU time (Linux CLOCK_THREAD_CPUTIME_ID).
static class ThreadCpu
{
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    public static double Seconds()
    {
        ClockGetTime(3, out Timespec time);
        return time.Seconds + time.Nanoseconds / 1e9;
    }
}

// Counts records and folds what the reader hands over into a checksum, so that two builds can be seen to agree.
sealed class CountingSink : IEventSink
{
    public long Count;
    public long Checksum;

    public EventSymbols Symbols { get; } = new();

    public NameUse Names => NameUse.Both;

    public void OnEvent(in ParsedEvent record)
    {
        Count++;
        Checksum += record.UserId ^ record.EventId ^ (long)record.Status ^ (record.TimestampTicks & 0xffff);
    }

    public void OnSkipped(SkippedRecord record) => Count += 1_000_000_000;
}
