using System.Management.Automation;
using Aggregator.Reading;

namespace Aggregator.Commands.Infrastructure;

/// <summary>Runs when Import-Module loads the module.</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    /// <summary>Starts compiling the JSON event read path in the background; Import-Module does not wait for it.</summary>
    public void OnImport() => HotLoopPrecompiler.Start(HotLoopPrecompiler.JsonEventPath);
}
