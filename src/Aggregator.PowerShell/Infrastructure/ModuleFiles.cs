using System.IO;
using System.Management.Automation;
using Aggregator.Reporting;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// The module's page files (module/report and module/ui, copied beside the manifest by the build), read for the
/// cmdlets that hand them to the core: the core holds no HTML.
/// </summary>
internal static class ModuleFiles
{
    public static string Read(PSCmdlet cmdlet, string folder, string name) => File.ReadAllText(Path.Combine(Root(cmdlet), folder, name));

    /// <summary>The report's chart library and its own script and style.</summary>
    public static ReportAssets Report(PSCmdlet cmdlet) => new(Read(cmdlet, "report", "uPlot.iife.min.js"),
        Read(cmdlet, "report", "uPlot.min.css"), Read(cmdlet, "report", "report.js"), Read(cmdlet, "report", "report.css"));

    // The manifest's folder; the cmdlet assembly sits one folder below it, in dependencies/.
    private static string Root(PSCmdlet cmdlet) => cmdlet.MyInvocation.MyCommand.Module?.ModuleBase
        ?? Path.GetDirectoryName(Path.GetDirectoryName(typeof(ModuleFiles).Assembly.Location))!;
}
