using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Aggregator.Aggregation;

namespace Aggregator.Reporting;

/// <summary>
/// The Event Sessions Builder's dashboard and the Data Processor's figures over event records: the five metrics, the
/// sessions, the skipped records by reason, the trend of events by type in 5-minute buckets with a per-user filter, the
/// per-user summary and the hourly breakdown. It keeps aggregates only, so the page stays small whatever the input.
/// </summary>
public sealed class EventReportSection : IReportSection
{
    /// <summary>Rows of a table kept in the page (the largest first); the page says how many there were.</summary>
    public const int MaxTableRows = 2000;

    /// <summary>Points of the trend; a longer span widens the 5-minute bucket.</summary>
    public const int MaxTrendBuckets = 2000;

    /// <summary>Users the trend can be filtered by: the busiest ones.</summary>
    public const int MaxFilterUsers = 50;

    /// <summary>Non-zero (bucket, type) cells written for the filter's users in all, which bounds the page's size.</summary>
    public const int MaxFilterCells = 60_000;

    /// <summary>Distinct (user, bucket, event) cells kept for the filter before new users stop being followed.</summary>
    private const int MaxUserCells = 2_000_000;

    private const long TrendBucketSeconds = 300;

    private readonly UserEventAccumulator _users = new();
    private readonly SessionAccumulator _sessions = new(null, null);
    private readonly TimeBucketAccumulator _hours = new(TimeSpan.FromHours(1), TimeBucketKey.None);
    private readonly Dictionary<(long Minute, string Event), long> _trend = new();
    private readonly Dictionary<(string User, long Minute, string Event), long> _userTrend = new();
    private readonly HashSet<string> _followedUsers = new(StringComparer.Ordinal);
    private readonly Dictionary<SkipReason, long> _skippedByReason = new();
    private readonly List<SkippedRecord> _skipped = new();
    // Results made elsewhere (Measure-UserEvent, Get-EventSession, Group-EventByHour, or a store's partials) merge in.
    private readonly Merging.UserEventSummaryMerger _addedUsers = new();
    private readonly Merging.SessionMerger _addedSessions = new();
    private readonly Merging.TimeBucketMerger _addedHours = new(keyed: false);
    private long _addedSkipped;
    private IReadOnlyList<UserEventSummary>? _mergedUsers;
    private long _records;
    private long _skippedCount;
    private bool _usersCapped;

    /// <summary>The run's statistics (-StatisticsVariable), when given: its counts are the metrics.</summary>
    public ImportStatistics? Statistics { get; set; }

    public string Kind => "events";

    public bool IsEmpty => _records == 0 && _skippedCount == 0 && Statistics is null
        && _addedUsers.Added == 0 && _addedSessions.Added == 0 && _addedHours.Added == 0;

    /// <summary>Adds per-user totals made elsewhere (Measure-UserEvent, a store's partial results).</summary>
    public void Add(UserEventSummary user) => _addedUsers.Add(user);

    public void Add(EventSession session) => _addedSessions.Add(session);

    /// <summary>Adds an hour's counts made elsewhere (Group-EventByHour with its default one-hour interval).</summary>
    public void Add(EventTimeBucket hour) => _addedHours.Add(hour);

    /// <summary>Records skipped by runs whose results were added, counted but not listed (a store keeps the counts).</summary>
    public void AddSkippedCount(long count) => _addedSkipped += count;

    public void Add(EventRecord record)
    {
        _records++;
        _users.Add(record);
        _sessions.Add(record);
        _hours.Add(record);
        if (record.Timestamp is not { } time)
        {
            return;
        }

        // Buckets are kept by the minute, so the page can be drawn at 5 minutes or wider without the records.
        long minute = ReportTime.Seconds(time) / 60;
        _trend[(minute, record.Event)] = _trend.GetValueOrDefault((minute, record.Event)) + 1;
        if (_followedUsers.Contains(record.User) || (!_usersCapped && _followedUsers.Add(record.User)))
        {
            _userTrend[(record.User, minute, record.Event)] = _userTrend.GetValueOrDefault((record.User, minute, record.Event)) + 1;
            _usersCapped |= _userTrend.Count >= MaxUserCells;
        }
    }

    public void AddSkipped(SkippedRecord record)
    {
        _skippedCount++;
        _skippedByReason[record.Reason] = _skippedByReason.GetValueOrDefault(record.Reason) + 1;
        if (_skipped.Count < MaxTableRows)
        {
            _skipped.Add(record);
        }
    }

    public void WriteData(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        WriteMetrics(json);
        WriteSessions(json);
        WriteSkipped(json);
        WriteTrend(json);
        WriteUsers(json);
        WriteHours(json);
        json.WriteEndObject();
    }

    private void WriteMetrics(Utf8JsonWriter json)
    {
        IReadOnlyList<UserEventSummary> users = Users();
        long events = _records + _addedUsers.GetResults().Sum(user => user.TotalEvents);
        json.WriteStartObject("metrics");
        if (Statistics is { } statistics)
        {
            json.WriteNumber("total", statistics.TotalRecords);
            json.WriteNumber("valid", statistics.ValidRecords);
            json.WriteNumber("skipped", statistics.SkippedRecords);
            json.WriteNumber("duplicates", statistics.DuplicatesRemoved);
        }
        else
        {
            json.WriteNumber("total", events + _skippedCount + _addedSkipped);
            json.WriteNumber("valid", events);
            json.WriteNumber("skipped", _skippedCount + _addedSkipped);
            json.WriteNumber("duplicates", 0);
        }

        json.WriteNumber("users", users.Count);
        json.WriteNumber("records", events);
        json.WriteEndObject();
    }

    private void WriteSessions(Utf8JsonWriter json)
    {
        IReadOnlyList<EventSession> sessions = _addedSessions.Added == 0 ? _sessions.GetResults() : Merged(_addedSessions, _sessions.GetResults());
        json.WriteStartObject("sessions");
        json.WriteNumber("total", sessions.Count);
        json.WriteStartArray("rows");
        foreach (EventSession session in sessions.OrderByDescending(s => s.EventCount).ThenBy(s => s.User, StringComparer.Ordinal).Take(MaxTableRows))
        {
            json.WriteStartArray();
            json.WriteStringValue(session.User);
            json.WriteNumberValue(ReportTime.Seconds(session.SessionStart));
            json.WriteNumberValue(ReportTime.Seconds(session.SessionEnd));
            json.WriteNumberValue(session.EventCount);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteSkipped(Utf8JsonWriter json)
    {
        json.WriteStartObject("skipped");
        json.WriteNumber("total", _skippedCount + _addedSkipped);
        json.WriteStartArray("byReason");
        foreach (var (reason, count) in _skippedByReason.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key.ToString(), StringComparer.Ordinal))
        {
            json.WriteStartArray();
            json.WriteStringValue(reason.ToString());
            json.WriteNumberValue(count);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("rows");
        foreach (SkippedRecord record in _skipped)
        {
            json.WriteStartArray();
            json.WriteStringValue(System.IO.Path.GetFileName(record.Source));
            json.WriteNumberValue(record.Line);
            json.WriteStringValue(record.Reason.ToString());
            json.WriteStringValue(record.Message);
            json.WriteStringValue(record.Raw.Length > 300 ? record.Raw[..300] : record.Raw);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteTrend(Utf8JsonWriter json)
    {
        json.WriteStartObject("trend");
        if (_trend.Count == 0)
        {
            json.WriteNumber("bucket", TrendBucketSeconds);
            json.WriteNumber("start", 0);
            json.WriteNumber("count", 0);
            json.WriteStartArray("types");
            json.WriteEndArray();
            json.WriteStartObject("series");
            json.WriteEndObject();
            json.WriteStartObject("users");
            json.WriteEndObject();
            json.WriteEndObject();
            return;
        }

        long first = _trend.Keys.Min(key => key.Minute) * 60;
        long last = _trend.Keys.Max(key => key.Minute) * 60;
        long bucket = ReportTime.BucketSeconds(last - first, TrendBucketSeconds, MaxTrendBuckets);
        long start = first - Mod(first, bucket);
        int count = (int)((last - start) / bucket) + 1;
        string[] types = _trend.Keys.Select(key => key.Event).Distinct().Order(StringComparer.Ordinal).ToArray();
        json.WriteNumber("bucket", bucket);
        json.WriteNumber("start", start);
        json.WriteNumber("count", count);
        json.WriteStartArray("types");
        foreach (string type in types)
        {
            json.WriteStringValue(type);
        }

        json.WriteEndArray();
        WriteSeries(json, "series", _trend.Select(pair => (pair.Key.Minute, pair.Key.Event, pair.Value)), types, start, bucket, count);

        // The busiest users, each as sparse bucket counts per type (the page fills in the zeros), while they fit the budget.
        var busiest = _userTrend.GroupBy(pair => pair.Key.User, StringComparer.Ordinal)
            .Select(group => (User: group.Key, Cells: group.ToList(), Total: group.Sum(pair => pair.Value)))
            .OrderByDescending(user => user.Total).ThenBy(user => user.User, StringComparer.Ordinal).Take(MaxFilterUsers);
        var chosen = new List<(string User, List<(string Type, List<(long Bucket, long Count)> Cells)> Series)>();
        int budget = MaxFilterCells;
        foreach (var (user, cells, _) in busiest)
        {
            var series = cells.GroupBy(pair => pair.Key.Event).OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select(byType => (byType.Key, byType.GroupBy(pair => (pair.Key.Minute * 60 - start) / bucket).OrderBy(group => group.Key)
                    .Select(cell => (cell.Key, cell.Sum(pair => pair.Value))).ToList()))
                .ToList();
            int size = series.Sum(type => type.Item2.Count);
            if (size > budget && chosen.Count > 0)
            {
                break;
            }

            budget -= size;
            chosen.Add((user, series));
        }

        json.WriteStartObject("users");
        foreach (var (user, series) in chosen.OrderBy(user => user.User, StringComparer.Ordinal))
        {
            json.WriteStartObject(user);
            foreach (var (type, typeCells) in series)
            {
                json.WriteStartArray(type);
                foreach (var (index, events) in typeCells)
                {
                    json.WriteNumberValue(index);
                    json.WriteNumberValue(events);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteBoolean("usersCapped", _usersCapped);
        json.WriteEndObject();
    }

    private static void WriteSeries(Utf8JsonWriter json, string name, IEnumerable<(long Minute, string Event, long Count)> cells,
        string[] types, long start, long bucket, int count)
    {
        var series = types.ToDictionary(type => type, _ => new long[count], StringComparer.Ordinal);
        foreach (var (minute, type, value) in cells)
        {
            series[type][(minute * 60 - start) / bucket] += value;
        }

        json.WriteStartObject(name);
        foreach (string type in types)
        {
            json.WriteStartArray(type);
            foreach (long value in series[type])
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private void WriteUsers(Utf8JsonWriter json)
    {
        IReadOnlyList<UserEventSummary> users = Users();
        json.WriteStartObject("users");
        json.WriteNumber("total", users.Count);
        json.WriteStartArray("rows");
        foreach (UserEventSummary user in users.OrderByDescending(u => u.TotalEvents).ThenBy(u => u.User, StringComparer.Ordinal).Take(MaxTableRows))
        {
            json.WriteStartArray();
            json.WriteStringValue(user.User);
            json.WriteNumberValue(user.TotalEvents);
            json.WriteNumberValue(user.Success);
            json.WriteNumberValue(user.Fail);
            json.WriteNumberValue(Math.Round(user.FailureRate, 4));
            json.WriteStringValue(user.EventTypes.ToString());
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    // Every hour from the first to the last, with zeros where nothing happened.
    private void WriteHours(Utf8JsonWriter json)
    {
        IReadOnlyList<EventTimeBucket> hours = _addedHours.Added == 0 ? _hours.GetResults() : Merged(_addedHours, _hours.GetResults());
        json.WriteStartArray("hours");
        if (hours.Count > 0)
        {
            var byStart = hours.ToDictionary(hour => ReportTime.Seconds(hour.Start));
            long first = byStart.Keys.Min();
            long last = byStart.Keys.Max();
            long step = ReportTime.BucketSeconds(last - first, 3600, MaxTrendBuckets);
            var rows = new SortedDictionary<long, long[]>();
            for (long t = first - Mod(first, step); t <= last; t += step)
            {
                rows[t] = new long[3];
            }

            foreach (var (start, hour) in byStart)
            {
                long[] row = rows[start - Mod(start, step)];
                row[0] += hour.TotalEvents;
                row[1] += hour.Success;
                row[2] += hour.Fail;
            }

            foreach (var (start, row) in rows)
            {
                json.WriteStartArray();
                json.WriteNumberValue(start);
                json.WriteNumberValue(row[0]);
                json.WriteNumberValue(row[1]);
                json.WriteNumberValue(row[2]);
                json.WriteEndArray();
            }
        }

        json.WriteEndArray();
    }

    // Made once per page: merging adds the records' own results to the added ones.
    private IReadOnlyList<UserEventSummary> Users() =>
        _mergedUsers ??= _addedUsers.Added == 0 ? _users.GetResults() : Merged(_addedUsers, _users.GetResults());

    // The results added from elsewhere and those of the records read here, as one.
    private static IReadOnlyList<TResult> Merged<TSelf, TResult>(Merging.ResultMerger<TSelf, TResult> added, IReadOnlyList<TResult> own)
        where TSelf : Merging.ResultMerger<TSelf, TResult>
        where TResult : class
    {
        foreach (TResult result in own)
        {
            added.Add(result);
        }

        return added.GetResults();
    }

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
