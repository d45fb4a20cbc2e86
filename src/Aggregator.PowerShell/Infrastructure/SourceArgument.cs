using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Aggregator.Profiles;

namespace Aggregator.Commands.Infrastructure;

/// <summary>Turns what -Source was given (a known name, a hashtable, or a .psd1 or .json path) into a profile.</summary>
internal static class SourceArgument
{
    public static SourceProfile Resolve(object? given, PathIntrinsics paths)
    {
        switch (given is PSObject wrapped ? wrapped.BaseObject : given)
        {
            case null:
                return new SourceProfile();
            case IDictionary table:
                return SourceProfileReader.FromDictionary(table, "(hashtable)");
            case string name when KnownSources.TryGet(name, out SourceProfile known):
                return known;
            case string path when path.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase):
                string file = paths.GetUnresolvedProviderPathFromPSPath(path);
                if (!File.Exists(file))
                {
                    throw new FileNotFoundException($"The source profile file '{file}' does not exist.", file);
                }

                return file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                    ? SourceProfileReader.FromJsonFile(file)
                    : SourceProfileReader.FromDictionary(ReadDataFile(file), System.IO.Path.GetFileNameWithoutExtension(file));
            default:
                throw new ArgumentException($"-Source '{given}' is neither a known log format ({string.Join(", ", KnownSources.Names)}) " +
                                            "nor a hashtable or a .psd1 or .json file.");
        }
    }

    // As Import-PowerShellDataFile does: the file's one hashtable, read as data without running anything.
    private static IDictionary ReadDataFile(string file)
    {
        ScriptBlockAst ast = Parser.ParseFile(file, out _, out ParseError[] errors);
        if (errors.Length > 0)
        {
            throw new ArgumentException($"The source profile file '{file}' is not valid PowerShell data: {errors[0].Message}");
        }

        if (ast.Find(node => node is HashtableAst, searchNestedScriptBlocks: false) is not HashtableAst table)
        {
            throw new ArgumentException($"The source profile file '{file}' holds no hashtable.");
        }

        try
        {
            return (IDictionary)table.SafeGetValue();
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException($"The source profile file '{file}' holds more than data: {ex.Message}", ex);
        }
    }
}
