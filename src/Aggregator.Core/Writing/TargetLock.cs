using System;
using System.IO;
using System.Threading;

namespace Aggregator.Writing;

/// <summary>
/// The lock a writer holds on its target for the whole write: a lock file held open with an exclusive handle. The
/// operating system ends the lock with the handle, so a writer that crashes or is killed never blocks the next one;
/// a lock file it leaves behind is taken over.
/// </summary>
public sealed class TargetLock : IDisposable
{
    private const int Attempts = 10;

    private readonly FileStream _handle;
    private bool _released;

    private TargetLock(string path, FileStream handle)
    {
        Path = path;
        _handle = handle;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The lock file of a single file (beside it), or of a folder of part files (inside it).</summary>
    public static string PathFor(string target, bool partFolder) => partFolder
        ? System.IO.Path.Combine(target, ".jsonl-parts.lock")
        : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(target))!, $".{System.IO.Path.GetFileName(target)}.lock");

    /// <summary>Takes the lock of <paramref name="target"/>, or throws <see cref="TargetInUseException"/> when another writer holds it.</summary>
    public static TargetLock Acquire(string target, bool partFolder)
    {
        string path = PathFor(target, partFolder);
        for (int attempt = 1; ; attempt++)
        {
            FileStream handle;
            try
            {
                // Windows deletes the file with the last handle. Elsewhere .NET would delete it even when this open
                // fails to lock, taking the holder's lock file away, so Dispose deletes it instead.
                handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1,
                    OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
            }
            catch (IOException ex) when (ex.GetType() == typeof(IOException))
            {
                throw InUse(target, path, ex);
            }
            catch (UnauthorizedAccessException) when (OperatingSystem.IsWindows() && attempt < Attempts)
            {
                Thread.Sleep(20);   // the holder is just ending: its lock file is being deleted
                continue;
            }

            if (IsStillAtItsPath(handle, path))
            {
                return new TargetLock(path, handle);
            }

            // The holder deleted this lock file and ended between our open and our lock: lock the new one instead.
            handle.Dispose();
            if (attempt == Attempts)
            {
                throw InUse(target, path, null);
            }
        }
    }

    public void Dispose()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        if (!OperatingSystem.IsWindows())
        {
            // Deleted while still held: a writer that opened it meanwhile sees it was deleted, and takes a new one.
            try
            {
                File.Delete(Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A lock file left behind blocks no one: the next writer takes it over.
            }
        }

        _handle.Dispose();
    }

    private static TargetInUseException InUse(string target, string path, Exception? inner) => new(
        $"'{target}' is being written by another writer, in this or another process, which holds the lock file '{path}'. " +
        "Wait for that writer to end, or write to another path. The lock ends with its writer, even if that writer is killed.",
        path, inner);

    private static bool IsStillAtItsPath(FileStream handle, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;   // a file that is being deleted cannot be opened there
        }

        if (OperatingSystem.IsLinux())
        {
            string link = $"/proc/self/fd/{handle.SafeFileHandle.DangerousGetHandle()}";
            string? target = new FileInfo(link).LinkTarget;
            if (target is not null)
            {
                return !target.EndsWith(" (deleted)", StringComparison.Ordinal);
            }
        }

        return File.Exists(path);
    }
}
