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
        if (!HasText(User, out ReadOnlySpan<byte> user) || !HasText(Event, out ReadOnlySpan<byte> @event) ||
            !TryTimestamp(Timestamp, optional: true, out long ticks) || !TryStatus(out EventStatus status))
        {
            SkipInvalid(line, raw);
            return;
        }

        EventSymbols symbols = SinkSymbols(out NameUse names);
        int userId = (names & NameUse.User) != 0 ? symbols.Users.Intern(user) : -1;
        int eventId = (names & NameUse.Event) != 0 ? symbols.Events.Intern(@event) : -1;
        Emit(new ParsedEvent(symbols, userId, eventId, status, ticks, line));
    }

    // The first check that failed, in the order above, with its reason. Kept apart so that the per-record code the
    // JIT compiles stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SkipInvalid(long line, in RawText raw)
    {
        (int field, SkipReason otherwise, string problem) =
            !HasText(User, out _) ? (User, SkipReason.MissingField, NoTextProblem(User))
            : !HasText(Event, out _) ? (Event, SkipReason.MissingField, NoTextProblem(Event))
            : !TryTimestamp(Timestamp, optional: true, out _) ? (Timestamp, SkipReason.InvalidTimestamp, TimestampProblem())
            : (Status, SkipReason.UnknownStatus, StatusProblem());
        Skip(line, ReasonFor(field, otherwise), problem, raw, withFields: true);
    }

    protected override void DescribeFields(SkippedRecord record)
    {
        record.User = TextOf(User);
        record.Event = TextOf(Event);
        record.Timestamp = TextOf(Timestamp);
    }

    private string TimestampProblem() => KindOf(Timestamp, out _) == ValueKind.Composite
        ? "The timestamp is an object or array, not a single value."
        : $"'{Shorten(TextOf(Timestamp))}' is not a valid timestamp.";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryStatus(out EventStatus status)
    {
        ValueKind kind = KindOf(Status, out ReadOnlySpan<byte> text);
        status = EventStatus.None;
        switch (kind)
        {
            case ValueKind.Absent or ValueKind.Null:
                return true;
            case ValueKind.Text:
                return StatusParser.TryParse(text, out status);
            case ValueKind.True:
                status = EventStatus.Success;
                return true;
            case ValueKind.False:
                status = EventStatus.Fail;
                return true;
            default:
                return false;
        }
    }

    private string StatusProblem() => KindOf(Status, out _) == ValueKind.Composite
        ? "The status is an object or array, not a single value."
        : $"'{Shorten(TextOf(Status))}' is not a known status " +
          $"(expected {string.Join(", ", StatusParser.SuccessWords)}, {string.Join(", ", StatusParser.FailWords)}).";
}
