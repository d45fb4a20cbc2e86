using System.Reflection.PortableExecutable;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// The build compiles the module's assemblies ReadyToRun when the SDK's runtime is there to compile against, and says so
/// in out/Aggregator.build; the module folder must hold what that line says, and the engine must load those files.
/// </summary>
public sealed class ReadyToRunTests : IDisposable
{
    private static readonly string[] Assemblies =
    {
        "Aggregator.Core.dll", "Aggregator.PowerShell.dll", "CsvHelper.dll", "Microsoft.Data.Sqlite.dll", "SQLitePCLRaw.core.dll",
    };

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void ModuleAssemblies_CarryNativeCode_ExactlyWhenTheBuildSaysReadyToRun()
    {
        string stamp = File.ReadAllText(Path.Combine(RepoPaths.ModuleFolder, "..", "Aggregator.build")).Trim();
        bool readyToRun = stamp.EndsWith("ReadyToRun=true", StringComparison.Ordinal);

        foreach (string name in Assemblies)
        {
            using FileStream file = File.OpenRead(Path.Combine(RepoPaths.ModuleFolder, "dependencies", name));
            using var image = new PEReader(file);
            bool native = image.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
            Assert.True(native == readyToRun, $"{name}: native code {native}, but the build says '{stamp}'.");
        }
    }

    [Fact]
    public void ImportedModule_RunsTheAssembliesInTheModuleFolder()
    {
        string location = (string)_host.RunClean("[Aggregator.EventRecord].Assembly.Location").Single().BaseObject;

        Assert.Equal(Path.GetFullPath(Path.Combine(RepoPaths.ModuleFolder, "dependencies", "Aggregator.Core.dll")), Path.GetFullPath(location));
    }
}
