using System.Collections.Generic;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Turns what a user gave -Path or -LiteralPath into file system paths, for the reading and the writing cmdlets alike:
/// -Path expands wildcards, -LiteralPath takes the text as it is (and may name a file that does not exist yet). A path
/// on another provider (a registry key, a variable) is refused by the provider's type, not its display name.
/// </summary>
internal static class PathResolver
{
    /// <summary>The paths <paramref name="given"/> names: every match of a wildcard, or the one literal path.</summary>
    /// <exception cref="NotFileSystemPathException">The path is on a provider other than the file system.</exception>
    public static IReadOnlyList<string> Resolve(PSCmdlet cmdlet, string given, bool literal)
    {
        ProviderInfo provider;
        IReadOnlyList<string> resolved = literal
            ? new[] { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(given, out provider, out _) }
            : cmdlet.GetResolvedProviderPathFromPSPath(given, out provider);
        return IsFileSystem(provider) ? resolved : throw new NotFileSystemPathException(given);
    }

    /// <summary>
    /// The one path a writer writes to. A -Path with wildcards must match exactly one existing item; otherwise the
    /// path is taken as it is, since the file or folder is often not there yet.
    /// </summary>
    /// <exception cref="AmbiguousPathException">A wildcard matched no item or several.</exception>
    /// <exception cref="NotFileSystemPathException">The path is on a provider other than the file system.</exception>
    public static string ResolveOutput(PSCmdlet cmdlet, string given, bool literal)
    {
        if (literal || !WildcardPattern.ContainsWildcardCharacters(given))
        {
            return Resolve(cmdlet, given, literal: true)[0];
        }

        IReadOnlyList<string> matches = Resolve(cmdlet, given, literal: false);
        return matches.Count == 1
            ? matches[0]
            : throw new AmbiguousPathException($"'{given}' matches {matches.Count} items; give one file or folder.");
    }

    private static bool IsFileSystem(ProviderInfo provider) => provider.ImplementingType == typeof(FileSystemProvider);
}
