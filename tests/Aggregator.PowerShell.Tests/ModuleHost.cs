using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Aggregator.PowerShell.Tests;

/// <summary>Where the repository, the built module and the samples are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        string? root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Aggregator.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        return root ?? throw new InvalidOperationException(
            $"No Aggregator.sln above {AppContext.BaseDirectory}; the tests must run inside the repository.");
    });

    public static string Root => LazyRoot.Value;

    public static string ModuleFolder => Path.Combine(Root, "out", "Aggregator");

    public static string ModuleManifest => Path.Combine(ModuleFolder, "Aggregator.psd1");

    public static string Samples => Path.Combine(Root, "samples");

    public static string EventsJson => Path.Combine(Samples, "events.json");

    public static string EventsExtraJson => Path.Combine(Samples, "events-extra.json");

    /// <summary>
    /// Public files nobody on the project wrote (shared/realdata beside the repository); see its README. A test that
    /// needs them fails with this message when they are missing, rather than passing without them.
    /// </summary>
    public static string RealData
    {
        get
        {
            string folder = Path.GetFullPath(Path.Combine(Root, "..", "shared", "realdata"));
            return Directory.Exists(folder)
                ? folder
                : throw new DirectoryNotFoundException($"The public test data is missing: expected the shared repository's realdata folder at {folder}, beside this checkout.");
        }
    }
}

/// <summary>
/// A fresh runspace (InitialSessionState.CreateDefault2) with the built module imported from out/Aggregator and the
/// current location set to a private temporary folder. One per test, so variables never leak between tests.
/// Only the engine's own cmdlets exist here (Microsoft.PowerShell.Core: Where-Object, ForEach-Object, Get-Help,
/// Test-ModuleManifest, ...); Get-ChildItem, Set-Location, Export-Csv and friends live in other assemblies.
/// </summary>
public sealed class ModuleHost : IDisposable
{
    private readonly Runspace _runspace;

    public ModuleHost()
    {
        if (!File.Exists(RepoPaths.ModuleManifest))
        {
            throw new InvalidOperationException($"{RepoPaths.ModuleManifest} is missing; run `dotnet build Aggregator.sln` first.");
        }

        TempDir = Directory.CreateTempSubdirectory("aggregator-pstests-").FullName;
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        _runspace.SessionStateProxy.Path.SetLocation(TempDir);
        var import = Run("Import-Module -Name $args[0] -ErrorAction Stop -PassThru", RepoPaths.ModuleManifest);
        if (import.HadErrors || import.Output.Count != 1)
        {
            throw new InvalidOperationException("Import-Module failed: " + string.Join("; ", import.Errors));
        }
    }

    /// <summary>A private folder, the runspace's current location; deleted on dispose.</summary>
    public string TempDir { get; }

    public Runspace Runspace => _runspace;

    /// <summary>Writes a file into <see cref="TempDir"/> and returns its full path.</summary>
    public string WriteFile(string name, string content)
    {
        string path = Path.Combine(TempDir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>
    /// Runs a script in the runspace. Values in <paramref name="args"/> arrive as $args[0], $args[1], ... so paths never
    /// need quoting. Terminating errors are returned in <see cref="RunResult.Terminating"/>, not thrown.
    /// </summary>
    public RunResult Run(string script, params object?[] args)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (object? arg in args)
        {
            ps.AddArgument(arg);
        }

        Collection<PSObject> output;
        RuntimeException? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            output = new Collection<PSObject>();
            terminating = ex;
        }

        return new RunResult(output, ps.Streams.Error.ToList(), ps.Streams.Verbose.Select(v => v.Message).ToList(),
            ps.HadErrors, terminating);
    }

    /// <summary>Runs a script that must not fail at all, and returns its output.</summary>
    public Collection<PSObject> RunClean(string script, params object?[] args)
    {
        RunResult result = Run(script, args);
        if (result.Terminating is not null)
        {
            throw new Xunit.Sdk.XunitException($"Script threw {result.Terminating.ErrorRecord?.FullyQualifiedErrorId}: {result.Terminating.Message}\n{script}");
        }

        if (result.Errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Script wrote errors:\n" + string.Join("\n",
                result.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")) + "\n" + script);
        }

        return result.Output;
    }

    /// <summary>Gets a variable that a script set in this runspace, wrapped so that <see cref="PSObjectExtensions.Prop"/> works.</summary>
    public PSObject? GetVariable(string name) =>
        _runspace.SessionStateProxy.GetVariable(name) is { } value ? PSObject.AsPSObject(value) : null;

    public void Dispose()
    {
        _runspace.Dispose();
        try
        {
            Directory.Delete(TempDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>What a script produced.</summary>
public sealed record RunResult(
    Collection<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Verbose,
    bool HadErrors,
    RuntimeException? Terminating)
{
    /// <summary>The single output object's base object.</summary>
    public object Single() => Assert.Single(Output).BaseObject;
}

/// <summary>Reading properties of output objects without referencing Aggregator.Core.</summary>
public static class PSObjectExtensions
{
    public static object? Prop(this PSObject obj, string name) =>
        obj.Properties[name]?.Value is { } value ? (value is PSObject wrapped ? wrapped.BaseObject : value) : null;

    public static T Prop<T>(this PSObject obj, string name) =>
        (T)LanguagePrimitives.ConvertTo(obj.Properties[name]?.Value ?? throw new Xunit.Sdk.XunitException(
            $"{obj.BaseObject.GetType().FullName} has no property {name}"), typeof(T), System.Globalization.CultureInfo.InvariantCulture);

    public static string TypeName(this PSObject obj) => obj.BaseObject.GetType().FullName!;

    public static IEnumerable<string> Strings(this PSObject obj, string name) =>
        ((IEnumerable)obj.Properties[name]!.Value).Cast<object>().Select(o => o.ToString()!);
}

/// <summary>One-line renderings of the module's output objects, for exact comparisons.</summary>
public static class Render
{
    /// <summary>"alice 4 3 1 login;logout;purchase;view" from a UserEventSummary.</summary>
    public static string Summary(PSObject s) =>
        $"{s.Prop("User")} {s.Prop("TotalEvents")} {s.Prop("Success")} {s.Prop("Fail")} {string.Join(";", s.Strings("EventTypes"))}";

    /// <summary>"2024-06-01T08:00:00Z 5 3 2" (or with " key" after the time) from an EventTimeBucket.</summary>
    public static string Bucket(PSObject b)
    {
        var start = (DateTime)b.Prop("Start")!;
        string key = b.Properties["Key"] is { } k ? " " + k.Value : string.Empty;
        return $"{start.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}{key} {b.Prop("TotalEvents")} {b.Prop("Success")} {b.Prop("Fail")}";
    }

    /// <summary>Every public property as name=value, so two runs can be compared in full.</summary>
    public static string All(PSObject o) =>
        o.TypeName() + "{" + string.Join(", ", o.Properties.Select(p => p.Name + "=" + Value(p.Value))) + "}";

    private static string Value(object? value) => value switch
    {
        null => "null",
        PSObject wrapped => Value(wrapped.BaseObject),
        DateTime time => time.ToString("o"),
        string text => text,
        IEnumerable items => "[" + string.Join(";", items.Cast<object>().Select(Value)) + "]",
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
