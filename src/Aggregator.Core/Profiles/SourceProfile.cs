using System;
using System.Collections.Generic;
using Aggregator.Parsing;

namespace Aggregator.Profiles;

/// <summary>
/// How one log format writes its events: the field paths, the status values and the timestamp form. Everything is
/// optional; what a profile leaves out keeps the module's default, and an explicit option overrides the profile.
/// </summary>
public sealed class SourceProfile
{
    public string Name { get; init; } = "";

    public IReadOnlyList<string>? User { get; init; }

    public IReadOnlyList<string>? Event { get; init; }

    public IReadOnlyList<string>? Status { get; init; }

    public IReadOnlyList<string>? Timestamp { get; init; }

    public IReadOnlyList<string>? SuccessValue { get; init; }

    public IReadOnlyList<string>? FailureValue { get; init; }

    /// <summary>The status of a record whose status field is absent, such as a CloudTrail call without an errorCode.</summary>
    public EventStatus? MissingStatus { get; init; }

    public IReadOnlyList<string>? TimestampFormat { get; init; }

    public string? AssumeTimeZone { get; init; }

    /// <summary>The profile's field names, each replaced by the option given for it.</summary>
    public FieldMap CreateFieldMap(IEnumerable<string>? user, IEnumerable<string>? @event, IEnumerable<string>? status,
        IEnumerable<string>? timestamp) =>
        new(user ?? User, @event ?? Event, status ?? Status, timestamp ?? Timestamp);

    /// <summary>The profile's status values, each part replaced by the option given for it.</summary>
    public StatusVocabulary CreateStatusVocabulary(IEnumerable<string>? successValue, IEnumerable<string>? failureValue,
        EventStatus? missingStatus) =>
        new(successValue ?? SuccessValue, failureValue ?? FailureValue, missingStatus ?? MissingStatus ?? EventStatus.None);

    public override string ToString() => Name;
}
