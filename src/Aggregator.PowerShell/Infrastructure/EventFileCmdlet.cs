using System;
using System.Management.Automation;
using Aggregator.Aggregation;
using Aggregator.Parsing;

namespace Aggregator.Commands.Infrastructure;

/// <summary>File input of event records: the field-name parameters and -Unique / -UniqueBy.</summary>
public abstract class EventFileCmdlet : FileReadingCmdlet
{
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

    /// <summary>Drops exact duplicates (same user, timestamp and event), keeping the first.</summary>
    [Parameter]
    public SwitchParameter Unique { get; set; }

    /// <summary>The fields that make records duplicates with -Unique; User, Timestamp and Event by default.</summary>
    [Parameter]
    [ValidateSet("User", "Timestamp", "Event", "Status")]
    public string[]? UniqueBy { get; set; }

    protected override FieldMap CreateFieldMap() => new(UserField, EventField, StatusField, TimestampField);

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
