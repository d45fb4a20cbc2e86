using System.Text;
using System.Text.Json;
using Aggregator.Aggregation;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>
/// A small data set whose aggregates are worked out by hand in the comments below, shared by the aggregator tests.
/// </summary>
internal static class SampleEvents
{
    //  user   totals: events, success, fail, types
    //  alice  4, 3, 1, login;logout;purchase;view
    //  bob    4, 2, 2, login;view
    //  carol  3, 1, 2, download;upload
    //  dave   2, 2, 0, login;view          (one record without timestamp)
    //  erin   1, 0, 0, login               (no status)
    //  all   14, 8, 5; 5 users; 6 event types; first 08:05:12, last 11:45:00
    //
    //  hour   total, success, fail (13 records have a timestamp)
    //  08:00  5, 3, 2
    //  09:00  3, 2, 1
    //  10:00  3, 0, 2
    //  11:00  2, 2, 0
    public static readonly IReadOnlyList<EventRecord> Records = new[]
    {
        Event("alice", "login", EventStatus.Success, 8, 5, 12),
        Event("alice", "view", EventStatus.Success, 8, 17, 40),
        Event("bob", "login", EventStatus.Fail, 8, 21, 3),
        Event("bob", "login", EventStatus.Fail, 8, 21, 30),
        Event("bob", "login", EventStatus.Success, 8, 22, 1),
        Event("carol", "upload", EventStatus.Success, 9, 2, 44),
        Event("alice", "purchase", EventStatus.Fail, 9, 15, 0),
        Event("dave", "login", EventStatus.Success, 9, 40, 19),
        new EventRecord("dave", "view", EventStatus.Success, null, "sample", 9),
        Event("carol", "download", EventStatus.Fail, 10, 1, 55),
        Event("carol", "download", EventStatus.Fail, 10, 2, 10),
        Event("erin", "login", EventStatus.None, 10, 30, 0),
        Event("bob", "view", EventStatus.Success, 11, 11, 11),
        Event("alice", "logout", EventStatus.Success, 11, 45, 0),
    };

    public static DateTime Day => Utc.At(2024, 6, 1);

    /// <summary>The records as a JSON Lines file, so the same data can go through a reader.</summary>
    public static byte[] ToJsonLines(IEnumerable<EventRecord> records)
    {
        var text = new StringBuilder();
        foreach (EventRecord record in records)
        {
            var fields = new Dictionary<string, object?> { ["user"] = record.User, ["event"] = record.Event };
            if (record.Status != EventStatus.None)
            {
                fields["status"] = record.Status == EventStatus.Success ? "success" : "fail";
            }

            if (record.Timestamp is DateTime timestamp)
            {
                fields["timestamp"] = timestamp.ToString("yyyy-MM-dd HH:mm:ss.fffffff");
            }

            text.Append(JsonSerializer.Serialize(fields)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads records through the fast path: straight from a reader into an accumulator.</summary>
    public static FileImportStatistics ReadInto(IEventAccumulator accumulator, IEnumerable<EventRecord> records,
        ImportStatisticsAccumulator? statistics = null, string name = "events.jsonl")
    {
        var sink = new AccumulatingSink(accumulator, skipped => Assert.Fail($"unexpected skip: {skipped}"), statistics);
        return EventFileReader.ReadStream(new MemoryStream(ToJsonLines(records)), name, EventReadOptions.Default, sink);
    }

    /// <summary>A larger generated set: over 256 users, 130 event types, spread over 150 hours (buckets).</summary>
    public static IReadOnlyList<EventRecord> Generated(int count = 5000)
    {
        var records = new List<EventRecord>(count);
        for (int i = 0; i < count; i++)
        {
            // One heavy user sees every event type; the others are spread over about 400 names.
            string user = i % 3 == 0 ? "heavy" : $"user{i * 31 % 400:D3}";
            var status = (EventStatus)(i / 2 % 3);
            DateTime? timestamp = i % 11 == 0 ? null : Day.AddMinutes(i * 7 % 9000);
            records.Add(new EventRecord(user, $"event{i % 130:D3}", status, timestamp, "generated", i + 1));
        }

        return records;
    }

    public static string Describe(UserEventSummary s) => $"{s.User}|{s.TotalEvents}|{s.Success}|{s.Fail}|{s.EventTypes}";

    public static string Describe(EventStatistics s) =>
        $"{s.Users}|{s.TotalEvents}|{s.Success}|{s.Fail}|{s.EventTypes}|{s.FirstTimestamp:o}|{s.LastTimestamp:o}";

    public static string Describe(EventTimeBucket b) =>
        $"{b.Start:o}|{(b as KeyedEventTimeBucket)?.Key}|{b.TotalEvents}|{b.Success}|{b.Fail}";

    private static EventRecord Event(string user, string @event, EventStatus status, int hour, int minute, int second) =>
        new(user, @event, status, Utc.At(2024, 6, 1, hour, minute, second), "sample", 0);
}
