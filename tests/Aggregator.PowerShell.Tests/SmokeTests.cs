using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Aggregator.PowerShell.Tests;

public class SmokeTests
{
    [Fact]
    public void ModuleImports()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Aggregator.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var state = InitialSessionState.CreateDefault2();
        using var ps = System.Management.Automation.PowerShell.Create(state);
        ps.AddScript($"Import-Module '{Path.Combine(root, "out", "Aggregator", "Aggregator.psd1")}'; (Import-EventRecord '{Path.Combine(root, "samples", "events.json")}' -ErrorAction SilentlyContinue | Measure-UserEvent).Count");
        var result = ps.Invoke();
        Assert.Empty(ps.Streams.Error.Where(e => e.FullyQualifiedErrorId.StartsWith("Module")));
        Assert.Equal(5, (int)result[0].BaseObject);
    }
}
