using System;
using System.Runtime.CompilerServices;
using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>Event records: a user and an event are required; the timestamp and status are optional but must be valid.</summary>
internal sealed class EventRecordBuilder : RecordBuilder
{
    private const int User = (int)EventField.User;
    private const int Event = (int)EventField.Event;
    private const int Status = (int)EventField.Status;
    private const int Timestamp = (int)EventField.Timestamp;

    public EventRecordBuilder(string source, EventReadOptions options, IEventSink sink)
        : base(source, options, sink)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Complete(long line, in RawText raw)
    {
        if (!TryText(User, out ReadOnlySpan<byte> user, out string? problem))
        {
            Skip(line, ReasonFor(User, SkipReason.MissingField), problem!, raw, withFields: true);
            return;
        }

        if (!TryText(Event, out ReadOnlySpan<byte> @event, out problem))
        {
            Skip(line, ReasonFor(Event, SkipReason.MissingField), problem!, raw, withFields: true);
            return;
        }

        if (!TryTimestamp(out long ticks, out problem))
        {
            Skip(line, ReasonFor(Timestamp, SkipReason.InvalidTimestamp), problem!, raw, withFields: true);
            return;
        }

        if (!TryStatus(out EventStatus status, out problem))
        {
            Skip(line, ReasonFor(Status, SkipReason.UnknownStatus), problem!, raw, withFields: true);
            return;
        }

        EventSymbols symbols = SinkSymbols(out NameUse names);
        int userId = (names & NameUse.User) != 0 ? symbols.Users.Intern(user) : -1;
        int eventId = (names & NameUse.Event) != 0 ? symbols.Events.Intern(@event) : -1;
        Emit(new ParsedEvent(symbols, userId, eventId, status, ticks, line));
    }

    protected override void DescribeFields(SkippedRecord record)
    {
        record.User = TextOf(User);
        record.Event = TextOf(Event);
        record.Timestamp = TextOf(Timestamp);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryTimestamp(out long ticks, out string? problem)
    {
        ValueKind kind = KindOf(Timestamp, out ReadOnlySpan<byte> text);
        ticks = ParsedEvent.NoTimestamp;
        problem = null;
        bool ok = kind switch
        {
            ValueKind.Absent or ValueKind.Null => true,
            ValueKind.Text => Timestamps.TryParse(text, out ticks),
            ValueKind.Number => TimestampParser.TryParseEpoch(text, out ticks),
            _ => false,
        };
        if (!ok)
        {
            ticks = ParsedEvent.NoTimestamp;
            problem = kind == ValueKind.Composite
                ? "The timestamp is an object or array, not a single value."
                : $"'{Shorten(TextOf(Timestamp))}' is not a valid timestamp.";
        }

        return ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryStatus(out EventStatus status, out string? problem)
    {
        ValueKind kind = KindOf(Status, out ReadOnlySpan<byte> text);
        status = EventStatus.None;
        problem = null;
        bool ok = kind switch
        {
            ValueKind.Absent or ValueKind.Null => true,
            ValueKind.Text => StatusParser.TryParse(text, out status),
            ValueKind.True => (status = EventStatus.Success) == EventStatus.Success,
            ValueKind.False => (status = EventStatus.Fail) == EventStatus.Fail,
            _ => false,
        };
        if (!ok)
        {
            status = EventStatus.None;
            problem = kind == ValueKind.Composite ? "The status is an object or array, not a single value." :
                $"'{Shorten(TextOf(Status))}' is not a known status " +
                $"(expected {string.Join(", ", StatusParser.SuccessWords)}, {string.Join(", ", StatusParser.FailWords)}).";
        }

        return ok;
    }
}
