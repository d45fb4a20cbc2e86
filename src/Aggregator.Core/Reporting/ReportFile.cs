using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Aggregator.Writing;

namespace Aggregator.Reporting;

/// <summary>
/// Writes a report file the way Export-Csv's options ask (-NoClobber, -Force) and never half: the page is written under a
/// hidden temporary name and renamed over the target only when complete, so an earlier report stays until then.
/// </summary>
public static class ReportFile
{
    /// <exception cref="TargetExistsException">The file exists and <paramref name="noClobber"/> is set.</exception>
    /// <exception cref="UnauthorizedAccessException">The file is read-only and <paramref name="force"/> is not set.</exception>
    public static void Write(string path, string title, IReadOnlyList<IReportSection> sections, ReportAssets assets,
        bool noClobber, bool force)
    {
        var existing = new FileInfo(path);
        if (existing.Exists && noClobber)
        {
            throw new TargetExistsException($"The file '{path}' already exists; -NoClobber leaves it as it is.");
        }

        if (existing.Exists && existing.IsReadOnly && !force)
        {
            throw new UnauthorizedAccessException($"The file '{path}' is read-only; -Force replaces it.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = TemporaryFile.PathFor(Path.GetFullPath(path));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                HtmlReportWriter.Write(writer, title, sections, assets, DateTime.UtcNow);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            if (existing.Exists && existing.IsReadOnly)
            {
                existing.IsReadOnly = false;
            }

            File.Move(temporary, path, overwrite: !noClobber);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
            }

            throw;
        }
    }
}
