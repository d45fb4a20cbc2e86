using Aggregator.Aggregation;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>
/// Get-EventSession's arithmetic: one session per user by default; -IdleTimeout splits where the gap between two
/// neighbouring events is longer than it (a gap exactly equal does not split); -MaxDuration cuts a session before
/// the event that would make it last longer than the limit.
/// </summary>
public class SessionAccumulatorTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMinutes(1);

    private static EventRecord At(string user, int hour, int minute, int second = 0) =>
        new(user, "view", EventStatus.Success, Utc.At(2024, 7, 10, hour, minute, second), "test", 0);

    private static SessionAccumulator Fill(SessionAccumulator accumulator, IEnumerable<EventRecord> records)
    {
        foreach (EventRecord record in records)
        {
            accumulator.Add(record);
        }

        return accumulator;
    }

    /// <summary>"user HH:mm:ss-HH:mm:ss count duration-in-seconds".</summary>
    private static string Describe(EventSession s) =>
        $"{s.User} {s.SessionStart:HH:mm:ss}-{s.SessionEnd:HH:mm:ss} {s.EventCount} {s.Duration.TotalSeconds}";

    private static List<string> Sessions(SessionAccumulator accumulator) => accumulator.GetResults().Select(Describe).ToList();

    [Fact]
    public void Default_OneSessionPerUser_FirstToLast()
    {
        var acc = Fill(new SessionAccumulator(), new[]
        {
            At("a", 10, 0), At("a", 10, 30), At("a", 14, 0), At("b", 9, 0),
        });

        Assert.Equal(new[] { "a 10:00:00-14:00:00 3 14400", "b 09:00:00-09:00:00 1 0" }, Sessions(acc));
        Assert.Null(acc.IdleTimeout);
        Assert.Null(acc.MaxDuration);
    }

    [Fact]
    public void Default_SessionTimes_AreUtc()
    {
        var session = Assert.Single(Fill(new SessionAccumulator(), new[] { At("a", 10, 0), At("a", 10, 5) }).GetResults());

        Assert.Equal(DateTimeKind.Utc, session.SessionStart.Kind);
        Assert.Equal(DateTimeKind.Utc, session.SessionEnd.Kind);
        Assert.Equal(Utc.At(2024, 7, 10, 10, 0), session.SessionStart);
        Assert.Equal(Utc.At(2024, 7, 10, 10, 5), session.SessionEnd);
        Assert.Equal(TimeSpan.FromMinutes(5), session.Duration);
    }

    [Fact]
    public void IdleTimeout_GapExactlyEqual_DoesNotSplit()
    {
        var acc = Fill(new SessionAccumulator(idleTimeout: 30 * Min), new[] { At("a", 10, 0), At("a", 10, 30), At("a", 11, 0) });

        Assert.Equal(new[] { "a 10:00:00-11:00:00 3 3600" }, Sessions(acc));
    }

    [Fact]
    public void IdleTimeout_GapLonger_Splits()
    {
        // Gaps: 30:00 (equal, kept), 30:01 (split), 10:00 (kept), 45:00 (split).
        var acc = Fill(new SessionAccumulator(idleTimeout: 30 * Min), new[]
        {
            At("a", 10, 0), At("a", 10, 30), At("a", 11, 0, 1), At("a", 11, 10, 1), At("a", 11, 55, 1),
        });

        Assert.Equal(new[]
        {
            "a 10:00:00-10:30:00 2 1800",
            "a 11:00:01-11:10:01 2 600",
            "a 11:55:01-11:55:01 1 0",
        }, Sessions(acc));
    }

    [Fact]
    public void IdleTimeout_OneTickLonger_Splits()
    {
        var first = At("a", 10, 0);
        var second = new EventRecord("a", "view", EventStatus.Success, first.Timestamp!.Value.AddMinutes(5).AddTicks(1), "test", 0);

        Assert.Equal(2, Fill(new SessionAccumulator(idleTimeout: 5 * Min), new[] { first, second }).GetResults().Count);
        Assert.Single(Fill(new SessionAccumulator(idleTimeout: 5 * Min + TimeSpan.FromTicks(1)), new[] { first, second }).GetResults());
    }

    [Fact]
    public void MaxDuration_CutsBeforeTheEventThatWouldMakeItLonger()
    {
        // Max 20 min: 10:00, 10:10, 10:20 (exactly 20, kept), 10:25 (25 > 20: new session), 10:40 (15 from 10:25),
        // 10:46 (21 from 10:25: new session).
        var acc = Fill(new SessionAccumulator(maxDuration: 20 * Min), new[]
        {
            At("a", 10, 0), At("a", 10, 10), At("a", 10, 20), At("a", 10, 25), At("a", 10, 40), At("a", 10, 46),
        });

        Assert.Equal(new[]
        {
            "a 10:00:00-10:20:00 3 1200",
            "a 10:25:00-10:40:00 2 900",
            "a 10:46:00-10:46:00 1 0",
        }, Sessions(acc));
        Assert.All(acc.GetResults(), s => Assert.True(s.Duration <= 20 * Min));
    }

    [Fact]
    public void MaxDuration_Alone_DoesNotSplitOnIdleGaps()
    {
        var acc = Fill(new SessionAccumulator(maxDuration: TimeSpan.FromHours(2)), new[] { At("a", 10, 0), At("a", 11, 59) });

        Assert.Equal(new[] { "a 10:00:00-11:59:00 2 7140" }, Sessions(acc));
    }

    [Fact]
    public void IdleTimeoutAndMaxDuration_Together()
    {
        // Idle 15, max 25: 10:00 10:10 10:20 | 10:30 (30 from start > 25) | 11:00 (gap 30 > 15) 11:05.
        var acc = Fill(new SessionAccumulator(idleTimeout: 15 * Min, maxDuration: 25 * Min), new[]
        {
            At("a", 10, 0), At("a", 10, 10), At("a", 10, 20), At("a", 10, 30), At("a", 11, 0), At("a", 11, 5),
        });

        Assert.Equal(new[]
        {
            "a 10:00:00-10:20:00 3 1200",
            "a 10:30:00-10:30:00 1 0",
            "a 11:00:00-11:05:00 2 300",
        }, Sessions(acc));
        Assert.Equal(15 * Min, acc.IdleTimeout);
        Assert.Equal(25 * Min, acc.MaxDuration);
    }

    [Fact]
    public void UnorderedInput_GivesTheSameSessionsAsOrderedInput()
    {
        EventRecord[] ordered =
        {
            At("a", 10, 0), At("a", 10, 10), At("a", 11, 0), At("a", 11, 5), At("b", 8, 0), At("b", 8, 50),
        };
        EventRecord[] shuffled = { ordered[3], ordered[5], ordered[0], ordered[2], ordered[4], ordered[1] };

        foreach (Func<SessionAccumulator> make in new Func<SessionAccumulator>[]
                 {
                     () => new SessionAccumulator(), () => new SessionAccumulator(idleTimeout: 20 * Min),
                     () => new SessionAccumulator(maxDuration: 30 * Min),
                 })
        {
            Assert.Equal(Sessions(Fill(make(), ordered)), Sessions(Fill(make(), shuffled)));
        }

        Assert.Equal(new[] { "a 10:00:00-11:05:00 4 3900", "b 08:00:00-08:50:00 2 3000" }, Sessions(Fill(new SessionAccumulator(), shuffled)));
        Assert.Equal(new[]
        {
            "a 10:00:00-10:10:00 2 600", "a 11:00:00-11:05:00 2 300", "b 08:00:00-08:00:00 1 0", "b 08:50:00-08:50:00 1 0",
        }, Sessions(Fill(new SessionAccumulator(idleTimeout: 20 * Min), shuffled)));
    }

    [Fact]
    public void SeveralUsers_OrderedByUserOrdinal_ThenStart()
    {
        // Users arrive as zed, Bob, amy; ordinal order puts upper case first: Bob, amy, zed.
        var acc = Fill(new SessionAccumulator(idleTimeout: 10 * Min), new[]
        {
            At("zed", 9, 0), At("Bob", 12, 0), At("amy", 11, 0), At("Bob", 8, 0), At("amy", 7, 0), At("zed", 6, 0),
        });

        Assert.Equal(new[]
        {
            "Bob 08:00:00-08:00:00 1 0", "Bob 12:00:00-12:00:00 1 0",
            "amy 07:00:00-07:00:00 1 0", "amy 11:00:00-11:00:00 1 0",
            "zed 06:00:00-06:00:00 1 0", "zed 09:00:00-09:00:00 1 0",
        }, Sessions(acc));
    }

    [Fact]
    public void RecordsWithoutTimestamp_AreCountedAndLeftOut()
    {
        var acc = Fill(new SessionAccumulator(), new[]
        {
            At("a", 10, 0),
            new EventRecord("a", "view", EventStatus.Success, null, "test", 2),
            new EventRecord("ghost", "view", EventStatus.Success, null, "test", 3),
            At("a", 10, 5),
        });

        Assert.Equal(new[] { "a 10:00:00-10:05:00 2 300" }, Sessions(acc));
        Assert.Equal(2, acc.WithoutTimestamp);
    }

    [Fact]
    public void FromReader_SameSessions_AndTimestamplessRecordsCounted()
    {
        var acc = new SessionAccumulator(idleTimeout: 5 * Min);
        using var stream = new MemoryStream(Read.Utf8NoBom.GetBytes("""
            {"user_id": 1, "event_time": "2024-07-10T10:00:00Z", "event_type": "login"}
            {"user_id": 1, "event_time": "2024-07-10T10:05:00Z", "event_type": "view"}
            {"user_id": 2, "event_type": "click"}
            {"user_id": 2, "event_time": "2024-07-10T12:10:00+02:00", "event_type": "purchase"}
            {"user_id": 1, "event_time": "2024-07-10T10:10:01Z", "event_type": "view"}
            """));
        var skipped = new List<SkippedRecord>();

        EventFileReader.ReadStream(stream, "s.jsonl", EventReadOptions.Default, new AccumulatingSink(acc, skipped.Add, null));

        Assert.Empty(skipped);
        Assert.Equal(new[] { "1 10:00:00-10:05:00 2 300", "1 10:10:01-10:10:01 1 0", "2 10:10:00-10:10:00 1 0" }, Sessions(acc));
        Assert.Equal(1, acc.WithoutTimestamp);
    }

    [Fact]
    public void FromReader_ManyUsers_LastOnesWithoutTimestamp()
    {
        // The reader interns every user, timestamp or not; a user past the first 256 whose records all lack a
        // timestamp has a symbol but no times, and must simply not appear.
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 256; i++)
        {
            text.Append($$"""{"user": "u{{i:D3}}", "event": "e", "timestamp": "2024-07-10T10:00:00Z"}""").Append('\n');
        }

        text.Append("""{"user": "late", "event": "e"}""").Append('\n');
        var acc = new SessionAccumulator();
        using var stream = new MemoryStream(Read.Utf8NoBom.GetBytes(text.ToString()));

        EventFileReader.ReadStream(stream, "many.jsonl", EventReadOptions.Default, new AccumulatingSink(acc, _ => { }, null));

        IReadOnlyList<EventSession> sessions = acc.GetResults();
        Assert.Equal(256, sessions.Count);
        Assert.DoesNotContain(sessions, s => s.User == "late");
        Assert.Equal(1, acc.WithoutTimestamp);
    }

    [Fact]
    public void Merge_FromReaderFilledPart_ManyUsers_LastOnesWithoutTimestamp()
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 256; i++)
        {
            text.Append($$"""{"user": "u{{i:D3}}", "event": "e", "timestamp": "2024-07-10T10:00:00Z"}""").Append('\n');
        }

        text.Append("""{"user": "late", "event": "e"}""").Append('\n');
        var part = new SessionAccumulator();
        using var stream = new MemoryStream(Read.Utf8NoBom.GetBytes(text.ToString()));
        EventFileReader.ReadStream(stream, "many.jsonl", EventReadOptions.Default, new AccumulatingSink(part, _ => { }, null));
        var whole = new SessionAccumulator();

        whole.Merge(part);

        Assert.Equal(256, whole.GetResults().Count);
        Assert.Equal(1, whole.WithoutTimestamp);
    }

    [Fact]
    public void ManyUsers_GrowBeyondTheInitialTable()
    {
        var records = Enumerable.Range(0, 1000).Select(i => At($"u{i:D4}", 10, i % 60)).ToList();

        var sessions = Fill(new SessionAccumulator(idleTimeout: Min), records).GetResults();

        Assert.Equal(1000, sessions.Count);
        Assert.Equal(records.Select(r => r.User), sessions.Select(s => s.User));
    }

    public static TheoryData<string, int> MergeCases => new()
    {
        { "default", 0 }, { "default", 3 }, { "default", 8 },
        { "idle", 0 }, { "idle", 3 }, { "idle", 4 }, { "idle", 8 },
        { "max", 3 }, { "both", 5 },
    };

    private static SessionAccumulator Make(string kind) => kind switch
    {
        "idle" => new SessionAccumulator(idleTimeout: 10 * Min),
        "max" => new SessionAccumulator(maxDuration: 15 * Min),
        "both" => new SessionAccumulator(idleTimeout: 10 * Min, maxDuration: 15 * Min),
        _ => new SessionAccumulator(),
    };

    [Theory]
    [MemberData(nameof(MergeCases))]
    public void Merge_OfTwoHalves_EqualsOnePass(string kind, int at)
    {
        // a: 10:00 10:05 | 10:08 10:14 -- with idle 10 min one session spans the cut at 3 or 4; c only in one half.
        EventRecord[] records =
        {
            At("a", 10, 0), At("b", 9, 0), At("a", 10, 5), At("a", 10, 8),
            new EventRecord("b", "view", EventStatus.Success, null, "test", 0),
            At("a", 10, 14), At("b", 9, 30), At("c", 8, 0),
        };

        SessionAccumulator whole = Fill(Make(kind), records);
        SessionAccumulator first = Fill(Make(kind), records.Take(at));
        first.Merge(Fill(Make(kind), records.Skip(at).Reverse()));

        Assert.Equal(Sessions(whole), Sessions(first));
        Assert.Equal(whole.WithoutTimestamp, first.WithoutTimestamp);
        Assert.Equal(1, first.WithoutTimestamp);
    }

    [Fact]
    public void Merge_SessionSpanningTheHalves_IsOneSession()
    {
        var left = Fill(new SessionAccumulator(idleTimeout: 10 * Min), new[] { At("a", 10, 0), At("a", 10, 5) });
        var right = Fill(new SessionAccumulator(idleTimeout: 10 * Min), new[] { At("b", 7, 0), At("a", 10, 12), At("a", 11, 0) });

        left.Merge(right);

        Assert.Equal(new[] { "a 10:00:00-10:12:00 3 720", "a 11:00:00-11:00:00 1 0", "b 07:00:00-07:00:00 1 0" }, Sessions(left));
    }

    [Fact]
    public void Merge_Default_CombinesFirstLastAndCount()
    {
        var left = Fill(new SessionAccumulator(), new[] { At("a", 10, 0), At("a", 12, 0) });
        var right = Fill(new SessionAccumulator(), new[] { At("a", 9, 0), At("a", 11, 0), At("b", 1, 0) });

        left.Merge(right);

        Assert.Equal(new[] { "a 09:00:00-12:00:00 4 10800", "b 01:00:00-01:00:00 1 0" }, Sessions(left));
    }

    [Fact]
    public void Merge_IntoEmpty_AndFromEmpty()
    {
        var empty = new SessionAccumulator(idleTimeout: 10 * Min);
        empty.Merge(Fill(new SessionAccumulator(idleTimeout: 10 * Min), new[] { At("a", 10, 0), At("a", 10, 30) }));
        empty.Merge(new SessionAccumulator(idleTimeout: 10 * Min));

        Assert.Equal(new[] { "a 10:00:00-10:00:00 1 0", "a 10:30:00-10:30:00 1 0" }, Sessions(empty));
    }

    [Fact]
    public void Empty_NoSessions()
    {
        Assert.Empty(new SessionAccumulator().GetResults());
        Assert.Empty(new SessionAccumulator(idleTimeout: Min).GetResults());
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(-1, null)]
    [InlineData(null, 0)]
    [InlineData(null, -5)]
    public void NonPositiveLimits_AreRejected(int? idleMinutes, int? maxMinutes)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SessionAccumulator(
            idleMinutes is int i ? i * Min : null, maxMinutes is int m ? m * Min : null));
        Assert.Equal(idleMinutes is not null ? "idleTimeout" : "maxDuration", ex.ParamName);
    }

    [Fact]
    public void GetResults_TwiceGivesTheSame()
    {
        var acc = Fill(new SessionAccumulator(idleTimeout: 10 * Min), new[] { At("a", 10, 30), At("a", 10, 0), At("a", 10, 5) });

        Assert.Equal(Sessions(acc), Sessions(acc));
        Assert.Equal(new[] { "a 10:00:00-10:05:00 2 300", "a 10:30:00-10:30:00 1 0" }, Sessions(acc));
    }
}
