using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Aggregator.Writing;

/// <summary>
/// New part files kept under their temporary names while a folder still holds an earlier set, so that the earlier set
/// is replaced only once the new one is complete: a cancelled or failed run leaves the earlier set as it was.
/// </summary>
internal sealed class StagedPartSet
{
    private readonly string _folder;
    private readonly bool _force;
    private readonly List<(string TempPath, WrittenFile File)> _parts = new();

    public StagedPartSet(string folder, bool force)
    {
        _folder = folder;
        _force = force;
    }

    /// <summary>Keeps a complete part, still under its temporary name.</summary>
    public void Add(string tempPath, WrittenFile file) => _parts.Add((tempPath, file));

    /// <summary>Moves the new parts to their final names, then deletes the earlier parts that none of them replaced.</summary>
    public IReadOnlyList<WrittenFile> Commit()
    {
        var newPaths = new HashSet<string>(_parts.Select(p => p.File.Path), StringComparer.Ordinal);
        var leftOver = JsonLinesWriter.ExistingParts(_folder).Select(p => p.Path).Where(p => !newPaths.Contains(p)).ToList();
        var committed = new List<WrittenFile>(_parts.Count);
        while (_parts.Count > 0)
        {
            var (tempPath, file) = _parts[0];
            MakeReplaceable(file.Path);
            File.Move(tempPath, file.Path, overwrite: true);
            _parts.RemoveAt(0);
            committed.Add(file);
        }

        foreach (string path in leftOver)
        {
            MakeReplaceable(path);
            File.Delete(path);
        }

        return committed;
    }

    /// <summary>Deletes the parts not committed; the folder keeps its earlier set.</summary>
    public void Discard()
    {
        foreach (var (tempPath, _) in _parts)
        {
            try
            {
                File.Delete(tempPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A later run removes it (TemporaryFile.RemoveAbandoned).
            }
        }

        _parts.Clear();
    }

    // -Force was checked before writing began; a read-only part is made writable only now that it is replaced.
    private void MakeReplaceable(string path)
    {
        if (_force && File.Exists(path))
        {
            File.SetAttributes(path, File.GetAttributes(path) & ~FileAttributes.ReadOnly);
        }
    }
}
