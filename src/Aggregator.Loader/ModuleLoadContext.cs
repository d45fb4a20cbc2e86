using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Aggregator.Loader;

/// <summary>
/// Aggregator's own load context: every assembly found in the module's dependencies folder loads here, anything else
/// (the framework, System.Management.Automation) comes from the default context. Native libraries are looked up under
/// runtimes/&lt;rid&gt;/native in that folder, as NuGet lays them out.
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    /// <summary>The folder, beside the manifest, that holds the module's assemblies.</summary>
    public const string DependencyFolderName = "dependencies";

    private static readonly object Gate = new();

    /// <summary>
    /// Held by Aggregator.psm1 while it imports the type data: PowerShell's manifest processing enumerates a shared list
    /// that another runspace importing at the same moment changes ("Collection was modified").
    /// </summary>
    public static object ImportGate { get; } = new();
    private static ModuleLoadContext? _instance;

    private readonly string _folder;

    private ModuleLoadContext(string folder)
        : base("Aggregator", isCollectible: false)
    {
        _folder = folder;
    }

    /// <summary>
    /// Loads the module's cmdlet and core assemblies in the module's context (once per process: a second import of the
    /// same module gets the same assemblies) and returns them, cmdlets first.
    /// </summary>
    public static Assembly[] Initialize(string moduleRoot)
    {
        lock (Gate)
        {
            if (_instance is null)
            {
                _instance = new ModuleLoadContext(Path.Combine(moduleRoot, DependencyFolderName));
                // A type named with its assembly (as the module's type data names them) resolves through the default
                // context; it is answered with the module's own copy, so no second copy is ever loaded there.
                Default.Resolving += (_, name) => name.Name is "Aggregator.PowerShell" or "Aggregator.Core"
                    ? _instance.LoadFromAssemblyName(new AssemblyName(name.Name))
                    : null;
            }

            return new[]
            {
                _instance.LoadFromAssemblyName(new AssemblyName("Aggregator.PowerShell")),
                _instance.LoadFromAssemblyName(new AssemblyName("Aggregator.Core")),
            };
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        string path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (string rid in RuntimeIds())
        {
            string native = Path.Combine(_folder, "runtimes", rid, "native");
            foreach (string file in FileNames(unmanagedDllName))
            {
                string path = Path.Combine(native, file);
                if (File.Exists(path))
                {
                    return LoadUnmanagedDllFromPath(path);
                }
            }
        }

        return IntPtr.Zero;
    }

    private static IEnumerable<string> RuntimeIds()
    {
        yield return RuntimeInformation.RuntimeIdentifier;
        string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        if (os == "linux" && IsMusl())
        {
            yield return $"linux-musl-{arch}";
        }

        yield return $"{os}-{arch}";
    }

    // Alpine and other musl systems cannot load glibc builds.
    private static bool IsMusl() =>
        File.Exists("/lib/ld-musl-x86_64.so.1") || File.Exists("/lib/ld-musl-aarch64.so.1");

    private static IEnumerable<string> FileNames(string name)
    {
        yield return name;
        if (OperatingSystem.IsWindows())
        {
            yield return name + ".dll";
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return "lib" + name + ".dylib";
            yield return name + ".dylib";
        }
        else
        {
            yield return "lib" + name + ".so";
            yield return name + ".so";
        }
    }
}
