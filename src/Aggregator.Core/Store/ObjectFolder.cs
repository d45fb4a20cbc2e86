using System;
using System.IO;
using System.Security.Cryptography;

namespace Aggregator.Store;

/// <summary>
/// Uploaded files, each stored once under its content id (the first 16 bytes of its SHA-256, written like a GUID).
/// A file is copied under a temporary name while it is hashed and renamed into place only when complete.
/// </summary>
public sealed class ObjectFolder
{
    public ObjectFolder(string root)
    {
        Root = root;
    }

    public string Root { get; }

    /// <summary>Where the object with this id lives: a two-letter folder keeps any one folder small.</summary>
    public string PathOf(string fileId) => System.IO.Path.Combine(Root, fileId[..2], fileId);

    /// <summary>Copies a file in; returns its id and size. Copying the same bytes again keeps the stored copy.</summary>
    public (string FileId, long Size) Put(Stream content)
    {
        Directory.CreateDirectory(Root);
        string temporary = System.IO.Path.Combine(Root, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            string fileId;
            long size;
            using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                byte[] buffer = new byte[1 << 16];
                int read;
                while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    target.Write(buffer, 0, read);
                }

                // Renamed into place only once closed, so a killed process never leaves a partial object; like the
                // database (synchronous NORMAL), this is safe against a crash, not against a power cut.
                target.Flush();
                size = target.Length;
                fileId = ContentId.Format(hash.GetHashAndReset());
            }

            string final = PathOf(fileId);
            if (File.Exists(final))
            {
                File.Delete(temporary);
            }
            else
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(final)!);
                File.Move(temporary, final, overwrite: true);
            }

            return (fileId, size);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Removes uploads that a killed process left half-copied.</summary>
    public void RemoveAbandonedUploads(TimeSpan olderThan)
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (string file in Directory.EnumerateFiles(Root, ".upload-*.tmp"))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > olderThan)
            {
                TryDelete(file);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
