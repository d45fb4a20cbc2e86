using System;
using System.Collections.Generic;
using System.Management.Automation;
using Aggregator.Aggregation;
using Aggregator.Commands.Completion;
using Aggregator.Parsing;
using Aggregator.Profiles;

namespace Aggregator.Commands.Infrastructure;

/// <summary>File input of event records: the source profile, the field-name and status-value parameters and -Unique / -UniqueBy.</summary>
public abstract class EventFileCmdlet : FileReadingCmdlet
{
    private SourceProfile? _profile;

    /// <summary>A known log format's name, a hashtable, or a .psd1 or .json file: field paths, status values, timestamp form.</summary>
    [Parameter]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(SourceCompleter))]
    public object? Source { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? UserField { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? EventField { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? StatusField { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TimestampField { get; set; }

    /// <summary>Status values that mean success, in place of the default words; * means any value not listed as a failure.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? SuccessValue { get; set; }

    /// <summary>Status values that mean failure, in place of the default words; * means any value not listed as a success.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? FailureValue { get; set; }

    /// <summary>The status of a record without one (no status field, null or blank); None by default.</summary>
    [Parameter]
    public EventStatus? MissingStatus { get; set; }

    /// <summary>Drops exact duplicates (same user, timestamp and event), keeping the first.</summary>
    [Parameter]
    public SwitchParameter Unique { get; set; }

    /// <summary>The fields that make records duplicates with -Unique; User, Timestamp and Event by default.</summary>
    [Parameter]
    [ValidateSet("User", "Timestamp", "Event", "Status")]
    public string[]? UniqueBy { get; set; }

    /// <summary>The -Source profile, or an empty one.</summary>
    protected SourceProfile Profile => _profile ??= SourceArgument.Resolve(Source, SessionState.Path);

    protected override FieldMap CreateFieldMap() => Profile.CreateFieldMap(UserField, EventField, StatusField, TimestampField);

    protected override StatusVocabulary CreateStatusVocabulary() =>
        Profile.CreateStatusVocabulary(SuccessValue, FailureValue, MissingStatus);

    protected override string? DefaultAssumeTimeZone => Profile.AssumeTimeZone;

    protected override IReadOnlyList<string>? DefaultTimestampFormat => Profile.TimestampFormat;

    protected override DuplicateFilter? CreateDuplicateFilter()
    {
        if (!Unique && UniqueBy is null)
        {
            return null;
        }

        DuplicateKey key = UniqueBy is null ? DuplicateKey.Default : 0;
        foreach (string field in UniqueBy ?? Array.Empty<string>())
        {
            key |= Enum.Parse<DuplicateKey>(field, ignoreCase: true);
        }

        return new DuplicateFilter(key);
    }
}
