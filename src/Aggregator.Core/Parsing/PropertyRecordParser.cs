using System;
using Aggregator.Reading;

namespace Aggregator.Parsing;

/// <summary>
/// Validates loose property values (from objects on the pipeline, such as Import-Csv rows) by the same rules the file
/// readers apply (<see cref="EventRules"/>), and builds an <see cref="EventRecord"/> or says why the object is skipped.
/// The cmdlets bind User, Event, Status and Timestamp with the default field names as aliases, so a missing field is
/// described by those names, as a file read with the default names describes it.
/// </summary>
public sealed class PropertyRecordParser
{
    private readonly TimestampParser _timestamps;
    private readonly StatusVocabulary _statuses;

    public PropertyRecordParser(TimeZoneInfo? assumeTimeZone = null, TimestampStyle? timestampStyle = null,
        StatusVocabulary? statuses = null)
    {
        _timestamps = new TimestampParser(assumeTimeZone, timestampStyle);
        _statuses = statuses ?? StatusVocabulary.Default;
    }

    /// <param name="timestamp">A DateTime, DateTimeOffset, text in an accepted form, a Unix epoch number, or null.</param>
    public bool TryCreate(string? user, string? @event, string? status, object? timestamp, string source, long line,
        out EventRecord? record, out SkippedRecord? skipped)
    {
        record = null;
        skipped = null;
        string raw = $"User={user}; Event={@event}; Status={status}; Timestamp={timestamp}";
        // The order and the words are the file readers' (EventRules): the user, the event, the timestamp, the status.
        string? problem = MissingProblem(user, EventField.User) ?? MissingProblem(@event, EventField.Event);
        if (problem is not null)
        {
            skipped = Skip(SkipReason.MissingField, problem);
            return false;
        }

        if (!TryTimestamp(timestamp, out DateTime? utc))
        {
            skipped = Skip(SkipReason.InvalidTimestamp, EventRules.InvalidTimestamp(timestamp?.ToString()));
            return false;
        }

        if (!_statuses.TryClassify(status, out EventStatus parsedStatus))
        {
            skipped = Skip(SkipReason.UnknownStatus, EventRules.UnknownStatus(_statuses, status));
            return false;
        }

        record = new EventRecord(user!, @event!, parsedStatus, utc, source, line);
        return true;

        SkippedRecord Skip(SkipReason reason, string message) =>
            new(source, line, reason, message, raw) { Record = line, User = user, Event = @event, Timestamp = timestamp?.ToString() };
    }

    // A property bound by name is null when the object lacks it, and empty when a CSV cell is: both are no value, as
    // an empty cell is in a CSV file. Blanks are a value that is empty.
    private static string? MissingProblem(string? text, EventField field) =>
        string.IsNullOrEmpty(text) ? EventRules.NoValue(FieldMap.Default.FieldName((int)field), FieldMap.Default.Describe(field))
        : string.IsNullOrWhiteSpace(text) ? EventRules.Empty(FieldMap.Default.FieldName((int)field))
        : null;

    /// <summary>A DateTime, DateTimeOffset, accepted text or Unix epoch number as UTC; null and blank text give null.</summary>
    public bool TryTimestamp(object? value, out DateTime? utc)
    {
        utc = null;
        long ticks;
        switch (value)
        {
            case null:
                return true;
            case DateTime dateTime:
                utc = _timestamps.ToUtc(dateTime);
                return true;
            case DateTimeOffset offset:
                utc = offset.UtcDateTime;
                return true;
            case string text when string.IsNullOrWhiteSpace(text):
                return true;
            case string text:
                if (!_timestamps.TryParse(text, out ticks))
                {
                    return false;
                }

                break;
            case double or float:
                if (!TimestampParser.TryFromEpoch(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), out ticks))
                {
                    return false;
                }

                break;
            case int or long or decimal:
                if (!TimestampParser.TryFromExactEpoch(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture), out ticks))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }
}
