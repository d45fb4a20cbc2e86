using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Sketches;

namespace Aggregator.Aggregation;

/// <summary>Overall figures across all records: users, totals, event types, first and last time (Measure-EventRecord).</summary>
public sealed class EventStatisticsAccumulator : IEventAccumulator, IResultAccumulator<EventStatisticsAccumulator, EventStatistics>
{
    private StatusCounts _counts;
    private readonly BitArray _eventSeen = new(64);
    private long _first = long.MaxValue;
    private long _last = long.MinValue;

    public EventSymbols Symbols { get; } = new();

    public NameUse Names => NameUse.Both;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in ParsedEvent record)
    {
        if (!ReferenceEquals(record.Symbols, Symbols))
        {
            Add(record.User, record.Event, record.Status, record.TimestampTicks);
            return;
        }

        AddIds(record.EventId, record.Status, record.TimestampTicks);
    }

    public void Add(EventRecord record) =>
        Add(record.User, record.Event, record.Status,
            record.Timestamp is DateTime time ? TimestampParser.ToUtcTicks(time) : ParsedEvent.NoTimestamp);

    public void Add(string user, string @event, EventStatus status, long timestampTicks)
    {
        Symbols.Users.Intern(user);
        AddIds(Symbols.Events.Intern(@event), status, timestampTicks);
    }

    public void Merge(EventStatisticsAccumulator other)
    {
        _counts.Add(other._counts);
        for (int id = 0; id < other.Symbols.Users.Count; id++)
        {
            Symbols.Users.InternFrom(other.Symbols.Users, id);
        }

        int[] eventMap = UserEventAccumulator.MapIds(other.Symbols.Events, Symbols.Events);
        for (int id = 0; id < eventMap.Length; id++)
        {
            if (other._eventSeen[id])
            {
                MarkEvent(eventMap[id]);
            }
        }

        _first = Math.Min(_first, other._first);
        _last = Math.Max(_last, other._last);
    }

    /// <summary>The one EventStatistics of everything added.</summary>
    public IReadOnlyList<EventStatistics> GetResults(CancellationToken cancellation = default) => new[] { GetResult() };

    public EventStatistics GetResult()
    {
        var types = new EventTypeList(Enumerable.Range(0, Symbols.Events.Count).Where(id => _eventSeen[id]).Select(id => Symbols.Events[id]));
        DateTime? first = _first == long.MaxValue ? null : new DateTime(_first, DateTimeKind.Utc);
        DateTime? last = _last == long.MinValue ? null : new DateTime(_last, DateTimeKind.Utc);
        return new EventStatistics(Symbols.Users.Count, _counts.Total, _counts.Success, _counts.Fail, types, first, last)
        {
            UserSketch = DistinctCounter.Of(Enumerable.Range(0, Symbols.Users.Count).Select(id => Symbols.Users[id])).ToState(),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddIds(int eventId, EventStatus status, long timestampTicks)
    {
        _counts.Add(status);
        MarkEvent(eventId);
        if (timestampTicks != ParsedEvent.NoTimestamp)
        {
            if (timestampTicks < _first)
            {
                _first = timestampTicks;
            }

            if (timestampTicks > _last)
            {
                _last = timestampTicks;
            }
        }
    }

    private void MarkEvent(int id)
    {
        if (id >= _eventSeen.Length)
        {
            _eventSeen.Length = Math.Max(_eventSeen.Length * 2, id + 1);
        }

        _eventSeen[id] = true;
    }
}
