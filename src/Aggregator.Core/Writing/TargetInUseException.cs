using System;
using System.IO;

namespace Aggregator.Writing;

/// <summary>Another writer, in this process or another, holds the lock of the file or folder to write.</summary>
public sealed class TargetInUseException : IOException
{
    public TargetInUseException(string message, string lockPath, Exception? inner = null)
        : base(message, inner)
    {
        LockPath = lockPath;
    }

    /// <summary>The lock file the other writer holds open.</summary>
    public string LockPath { get; }
}
