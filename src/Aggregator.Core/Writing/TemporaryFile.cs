using System;
using System.IO;
using System.Text.RegularExpressions;

namespace Aggregator.Writing;

/// <summary>
/// The hidden name a file is written under until it is complete (".name.&lt;32 hex digits&gt;.tmp", beside the final
/// name), and the removal of such files that a killed writer left behind.
/// </summary>
internal static class TemporaryFile
{
    private static readonly Regex Name = new(@"^\.(?<final>.+)\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant);

    public static string PathFor(string finalPath) => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(finalPath)!,
        $".{System.IO.Path.GetFileName(finalPath)}.{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Deletes the temporary files in <paramref name="folder"/> whose final name <paramref name="isFinalName"/> accepts.
    /// Call it holding the target's lock: then no live writer of the target owns them. One that a process still has
    /// open is left alone all the same.
    /// </summary>
    public static void RemoveAbandoned(string folder, Func<string, bool> isFinalName)
    {
        foreach (string path in Directory.EnumerateFiles(folder, ".*.tmp"))
        {
            Match match = Name.Match(System.IO.Path.GetFileName(path));
            if (!match.Success || !isFinalName(match.Groups["final"].Value) || IsOpen(path))
            {
                continue;
            }

            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for a later run: it never hides under a final name.
            }
        }
    }

    private static bool IsOpen(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 1);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
