using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Aggregator.Commands.Output;

/// <summary>
/// A general summary's group as a pipeline object: one note property per column (so Export-Csv, Format-Table and
/// Sort-Object see plain values), the type name Aggregator.RecordSummary for Merge-Aggregate and the views, and a
/// default display that leaves out the State text.
/// </summary>
internal static class RecordSummaryOutput
{
    public const string TypeName = "Aggregator.RecordSummary";
    private const string StateColumn = "State";

    public static PSObject ToPSObject(RecordSummary summary)
    {
        var item = new PSObject();
        item.TypeNames.Insert(0, TypeName);
        IReadOnlyList<KeyValuePair<string, object?>> columns = summary.GetColumns();
        foreach (var (name, value) in columns)
        {
            item.Properties.Add(new PSNoteProperty(name, value));
        }

        string[] shown = columns.Select(column => column.Key).Where(name => name != StateColumn).ToArray();
        item.Members.Add(new PSMemberSet("PSStandardMembers",
            new PSMemberInfo[] { new PSPropertySet("DefaultDisplayPropertySet", shown) }));
        return item;
    }
}
