using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Aggregator.Commands.Output;

/// <summary>
/// A general summary's group as a pipeline object: one note property per column (so Export-Csv, Format-Table and
/// Sort-Object see plain values), the type name Aggregator.RecordSummary for Merge-Aggregate, and a default display
/// that leaves out the State text. One instance serves a run: every group of a run has the same columns, so they share
/// one display member set instead of building one each.
/// </summary>
internal sealed class RecordSummaryOutput
{
    public const string TypeName = "Aggregator.RecordSummary";
    private const string StateColumn = "State";

    private PSMemberSet? _standardMembers;
    private string[]? _columns;

    public PSObject ToPSObject(RecordSummary summary)
    {
        var item = new PSObject();
        IReadOnlyList<KeyValuePair<string, object?>> columns = summary.GetColumns();
        // The names are distinct and new to the object, so PowerShell's check of each against its members is skipped:
        // it cost more than the rest of a group's output.
        foreach (var (name, value) in columns)
        {
            item.Properties.Add(new PSNoteProperty(name, value), preValidated: true);
        }

        item.Members.Add(StandardMembersFor(columns), preValidated: true);
        item.TypeNames.Insert(0, TypeName);
        return item;
    }

    private PSMemberSet StandardMembersFor(IReadOnlyList<KeyValuePair<string, object?>> columns)
    {
        if (_standardMembers is null || _columns!.Length != columns.Count || !columns.Select(c => c.Key).SequenceEqual(_columns))
        {
            _columns = columns.Select(column => column.Key).ToArray();
            string[] shown = _columns.Where(name => name != StateColumn).ToArray();
            _standardMembers = new PSMemberSet("PSStandardMembers", new PSMemberInfo[] { new PSPropertySet("DefaultDisplayPropertySet", shown) });
        }

        return _standardMembers;
    }
}
