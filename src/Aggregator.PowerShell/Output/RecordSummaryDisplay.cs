using System.Linq;
using System.Management.Automation;
using Aggregator.Summaries;

namespace Aggregator.Commands.Output;

/// <summary>
/// The default view of general summaries: every column but State (the group's mergeable state, long text). Columns
/// depend on what was asked, so the view is set in the session's type data when a summary is written; a later summary
/// with other columns sets it again.
/// </summary>
internal static class RecordSummaryDisplay
{
    private const string TypeName = "Aggregator.RecordSummary";
    private const string StateColumn = "State";

    public static void Register(PSCmdlet cmdlet, SummarySpec spec)
    {
        object shown = spec.ColumnNames().Where(name => name != StateColumn).ToArray();
        try
        {
            cmdlet.InvokeCommand.NewScriptBlock(
                    "param($names) Update-TypeData -TypeName '" + TypeName + "' -DefaultDisplayPropertySet $names -Force")
                .Invoke(shown);
        }
        catch (RuntimeException ex)
        {
            // A session whose type data cannot change (a shared type table) shows every column instead.
            cmdlet.WriteVerbose($"The default view of {TypeName} could not be set: {ex.Message}");
        }
    }
}
