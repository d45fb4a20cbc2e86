using System;
using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>How to read event files: format, field names, the zone for timestamps without one and how timestamp text is read.</summary>
public sealed class EventReadOptions
{
    /// <summary>Records larger than this are skipped (RecordTooLarge) rather than buffered.</summary>
    public const int DefaultMaxRecordBytes = 64 << 20;

    public InputFormat Format { get; init; } = InputFormat.Auto;

    public FieldMap Fields { get; init; } = FieldMap.Default;

    /// <summary>Zone for timestamps written without a zone; null means UTC.</summary>
    public TimeZoneInfo? AssumeTimeZone { get; init; }

    /// <summary>Exact formats or a culture for timestamp text; the invariant culture by default, never the machine's.</summary>
    public TimestampStyle TimestampStyle { get; init; } = TimestampStyle.Default;

    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>The status values that mean success and failure, and the status of a record without one.</summary>
    public StatusVocabulary Status { get; init; } = StatusVocabulary.Default;

    /// <summary>The time staleness is measured against (SignInActivity.DaysSinceLastSignIn); when the options were made by default.</summary>
    public DateTime AsOf { get; init; } = DateTime.UtcNow;

    public static EventReadOptions Default { get; } = new();

    /// <summary>A copy that reads the given format.</summary>
    public EventReadOptions With(InputFormat format) =>
        new()
        {
            Format = format, Fields = Fields, AssumeTimeZone = AssumeTimeZone, TimestampStyle = TimestampStyle,
            MaxRecordBytes = MaxRecordBytes, AsOf = AsOf, Status = Status,
        };
}
