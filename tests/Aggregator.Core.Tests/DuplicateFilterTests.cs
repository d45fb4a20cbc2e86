using Aggregator.Aggregation;

namespace Aggregator.Core.Tests;

/// <summary>Import-EventRecord -Unique: exact duplicates by a key of User, Timestamp, Event and Status; the first is kept.</summary>
public class DuplicateFilterTests
{
    private static readonly DateTime T1 = Utc.At(2024, 7, 10, 10, 0);
    private static readonly DateTime T2 = Utc.At(2024, 7, 10, 10, 5);

    private static EventRecord R(string user, string @event, EventStatus status, DateTime? time, long line) =>
        new(user, @event, status, time, "test", line);

    private static List<long> Kept(DuplicateFilter filter, IEnumerable<EventRecord> records) =>
        records.Where(r => filter.IsFirst(r.User, r.Event, r.Status, r.Timestamp)).Select(r => r.Line).ToList();

    [Fact]
    public void Default_IsUserTimestampEvent()
    {
        Assert.Equal(DuplicateKey.User | DuplicateKey.Timestamp | DuplicateKey.Event, DuplicateKey.Default);
        Assert.Equal(DuplicateKey.Default, new DuplicateFilter().Key);
    }

    [Fact]
    public void Default_KeepsFirst_DropsExactRepeats_IgnoresStatus()
    {
        var filter = new DuplicateFilter();

        List<long> kept = Kept(filter, new[]
        {
            R("1", "login", EventStatus.None, T1, 1),
            R("1", "view", EventStatus.None, T2, 2),
            R("1", "view", EventStatus.None, T2, 3),       // exact repeat of 2
            R("1", "view", EventStatus.Fail, T2, 4),       // differs only in status: still a duplicate by default
            R("2", "view", EventStatus.None, T2, 5),       // other user
            R("1", "view", EventStatus.None, T1, 6),       // other time
            R("1", "click", EventStatus.None, T2, 7),      // other event
            R("1", "login", EventStatus.None, T1, 8),      // repeat of 1, far away
        });

        Assert.Equal(new long[] { 1, 2, 5, 6, 7 }, kept);
        Assert.Equal(3, filter.Removed);
    }

    [Fact]
    public void UserAndEventOnly_IgnoresTime()
    {
        var filter = new DuplicateFilter(DuplicateKey.User | DuplicateKey.Event);

        List<long> kept = Kept(filter, new[]
        {
            R("1", "view", EventStatus.Success, T1, 1),
            R("1", "view", EventStatus.Fail, T2, 2),
            R("1", "view", EventStatus.Success, null, 3),
            R("2", "view", EventStatus.Success, T1, 4),
            R("1", "login", EventStatus.Success, T1, 5),
            R("2", "view", EventStatus.Success, T2, 6),
        });

        Assert.Equal(new long[] { 1, 4, 5 }, kept);
        Assert.Equal(3, filter.Removed);
    }

    [Fact]
    public void StatusIncluded_SameRecordWithOtherStatus_IsKept()
    {
        var filter = new DuplicateFilter(DuplicateKey.Default | DuplicateKey.Status);

        List<long> kept = Kept(filter, new[]
        {
            R("1", "view", EventStatus.Success, T1, 1),
            R("1", "view", EventStatus.Fail, T1, 2),
            R("1", "view", EventStatus.None, T1, 3),
            R("1", "view", EventStatus.Fail, T1, 4),
            R("1", "view", EventStatus.Success, T1, 5),
        });

        Assert.Equal(new long[] { 1, 2, 3 }, kept);
        Assert.Equal(2, filter.Removed);
    }

    [Fact]
    public void StatusOnly_OneRecordPerStatus()
    {
        var filter = new DuplicateFilter(DuplicateKey.Status);

        List<long> kept = Kept(filter, new[]
        {
            R("a", "x", EventStatus.Success, T1, 1), R("b", "y", EventStatus.Success, T2, 2),
            R("c", "z", EventStatus.None, null, 3), R("d", "w", EventStatus.Fail, T1, 4), R("e", "v", EventStatus.None, T2, 5),
        });

        Assert.Equal(new long[] { 1, 3, 4 }, kept);
        Assert.Equal(2, filter.Removed);
    }

    [Fact]
    public void MissingTimestamps_AreEqualToEachOther_ButNotToAnyTime()
    {
        var filter = new DuplicateFilter();

        List<long> kept = Kept(filter, new[]
        {
            R("1", "view", EventStatus.None, null, 1),
            R("1", "view", EventStatus.None, null, 2),
            R("1", "view", EventStatus.None, DateTime.MinValue, 3),
            R("1", "view", EventStatus.None, DateTime.MinValue.ToUniversalTime(), 4),
        });

        Assert.Equal(new long[] { 1, 3 }, kept);
        Assert.Equal(2, filter.Removed);
    }

    [Fact]
    public void UserMatching_IsCaseSensitive()
    {
        var filter = new DuplicateFilter();

        Assert.Equal(new long[] { 1, 2 }, Kept(filter, new[] { R("Ann", "view", EventStatus.None, T1, 1), R("ann", "view", EventStatus.None, T1, 2) }));
        Assert.Equal(0, filter.Removed);
    }

    [Fact]
    public void OrderIsPreserved_AndRemovedCountsEveryDrop()
    {
        var filter = new DuplicateFilter();
        // 200 records cycling through 50 distinct keys: the first 50 pass in order, the other 150 are dropped.
        var records = Enumerable.Range(0, 200)
            .Select(i => R($"u{(49 - i % 50):D2}", "e", EventStatus.None, T1.AddSeconds(i % 50), i)).ToList();

        List<long> kept = Kept(filter, records);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), kept);
        Assert.Equal(150, filter.Removed);
    }

    [Fact]
    public void NoFields_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new DuplicateFilter(0));
        Assert.Throws<ArgumentException>(() => new DuplicateFilter((DuplicateKey)16));
    }

    [Fact]
    public void ManyKeys_OverManyHours_AndOutOfOrder_AreEachKeptOnce()
    {
        // 30 days of keys, each hour's table growing past its first size, then all of them again in reverse order.
        var filter = new DuplicateFilter();
        var rng = new Random(11);
        var records = Enumerable.Range(0, 60000)
            .Select(i => R($"u{rng.Next(300)}", $"e{rng.Next(4)}", EventStatus.None, T1.AddSeconds(i * 43), i)).ToList();
        int distinct = records.Select(r => (r.User, r.Event, r.Timestamp)).Distinct().Count();

        Assert.Equal(distinct, Kept(filter, records).Count);
        records.Reverse();
        Assert.Empty(Kept(filter, records));
        Assert.Equal(records.Count + (records.Count - distinct), filter.Removed);
    }

    [Fact]
    public void RecordsWithoutTimestamp_AreDuplicatesOfEachOther_NotOfTimedOnes()
    {
        var filter = new DuplicateFilter();
        Assert.Equal(new long[] { 1, 3 }, Kept(filter, new[]
        {
            R("1", "view", EventStatus.None, null, 1),
            R("1", "view", EventStatus.None, null, 2),
            R("1", "view", EventStatus.None, new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), 3),
        }));
    }

    [Fact]
    public void ParsedRecords_FromSeveralTablesAndThreads_MatchTheStringKeys()
    {
        // Four threads, each with its own intern tables (ids differ between them), all offering the same keys.
        var filter = new DuplicateFilter();
        var keys = Enumerable.Range(0, 20000).Select(i => ($"u{i % 97}", $"e{i % 5}", T1.AddMinutes(i % 4000).Ticks)).ToList();
        int distinct = keys.Distinct().Count();
        int kept = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var symbols = new Aggregator.Reading.EventSymbols();
            var names = filter.CreateNameMap();
            var order = keys.OrderBy(k => (k.GetHashCode() * 31) ^ worker).ToList();   // each thread in its own order
            foreach (var (user, @event, ticks) in order)
            {
                var record = new Aggregator.Reading.ParsedEvent(symbols, symbols.Users.Intern(user), symbols.Events.Intern(@event),
                    EventStatus.Success, ticks, 0);
                if (filter.IsFirst(in record, names))
                {
                    Interlocked.Increment(ref kept);
                }
            }
        });

        Assert.Equal(distinct, kept);
        Assert.Equal(4L * keys.Count - distinct, filter.Removed);
        // The string form shares the numbering: every key is already known.
        Assert.All(keys.Take(100), k => Assert.False(filter.IsFirst(k.Item1, k.Item2, EventStatus.Fail, new DateTime(k.Item3, DateTimeKind.Utc))));
    }
}
