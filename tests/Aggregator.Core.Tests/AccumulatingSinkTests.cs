using Aggregator.Aggregation;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>
/// A duplicate filter in front of an accumulator: the accumulator sees only kept records, and only their names, whether
/// or not the key covers every name it keeps, and whether or not other sinks share the filter.
/// </summary>
public class AccumulatingSinkTests
{
    // u1's only record repeats u0's event at the same time; u2's repeats nothing.
    private const string Records =
        "{\"user\":\"u0\",\"event\":\"login\",\"timestamp\":\"2024-06-01T10:00:00Z\"}\n" +
        "{\"user\":\"u1\",\"event\":\"login\",\"timestamp\":\"2024-06-01T10:00:00Z\"}\n" +
        "{\"user\":\"u2\",\"event\":\"view\",\"timestamp\":\"2024-06-01T10:00:00Z\"}\n" +
        "{\"user\":\"u0\",\"event\":\"login\",\"timestamp\":\"2024-06-01T10:00:00Z\"}\n";

    [Fact]
    public void AKeyWithoutTheUser_LeavesOutTheUsersOfDroppedRecords()
    {
        var (users, sink, accumulator) = Read(new DuplicateFilter(DuplicateKey.Timestamp | DuplicateKey.Event));

        Assert.Equal(new[] { "u0 1", "u2 1" }, users);
        Assert.NotSame(sink.Symbols, accumulator.Symbols);
    }

    [Fact]
    public void TheDefaultKey_ReadsStraightIntoTheAccumulatorsTables()
    {
        var (users, sink, accumulator) = Read(new DuplicateFilter());

        Assert.Equal(new[] { "u0 1", "u1 1", "u2 1" }, users);
        Assert.Same(sink.Symbols, accumulator.Symbols);
    }

    [Fact]
    public void AFilterSharedWithAnotherSink_LeavesOutTheNamesOfRecordsTheOtherSinkKept()
    {
        // Two workers, one filter: the second worker's only record repeats one the first kept.
        var filter = new DuplicateFilter();
        var (first, _, _) = Read(filter, owns: false);
        var (second, sink, accumulator) = Read(filter, owns: false, "{\"user\":\"u0\",\"event\":\"login\",\"timestamp\":\"2024-06-01T10:00:00Z\"}\n");

        Assert.Equal(new[] { "u0 1", "u1 1", "u2 1" }, first);
        Assert.Empty(second);
        Assert.NotSame(sink.Symbols, accumulator.Symbols);
    }

    [Fact]
    public void SessionsKeepNoEventNames_SoAKeyWithoutTheEventStillSharesTheTables()
    {
        var sessions = new SessionAccumulator();
        var sink = new AccumulatingSink(sessions, _ => { }, null)
        {
            Duplicates = new DuplicateFilter(DuplicateKey.User | DuplicateKey.Timestamp),
            OwnsDuplicates = true,
        };
        using var dir = new TempDirectory();

        EventFileReader.ReadFile(dir.Write("events.jsonl", Records), EventReadOptions.Default, sink);

        Assert.Same(sink.Symbols, sessions.Symbols);
        Assert.Equal(new[] { "u0 1", "u1 1", "u2 1" }, sessions.GetResults().Select(s => $"{s.User} {s.EventCount}"));
    }

    private static (string[] Users, AccumulatingSink Sink, UserEventAccumulator Accumulator) Read(
        DuplicateFilter filter, bool owns = true, string records = Records)
    {
        var accumulator = new UserEventAccumulator();
        var sink = new AccumulatingSink(accumulator, _ => { }, null) { Duplicates = filter, OwnsDuplicates = owns };
        using var dir = new TempDirectory();

        EventFileReader.ReadFile(dir.Write("events.jsonl", records), EventReadOptions.Default, sink);

        return (accumulator.GetResults().Select(u => $"{u.User} {u.TotalEvents}").ToArray(), sink, accumulator);
    }
}
