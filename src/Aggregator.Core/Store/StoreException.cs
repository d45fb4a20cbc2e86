using System;

namespace Aggregator.Store;

/// <summary>Why a results store cannot be used: corrupt, locked, from a newer version, or out of space. The message says which and what to do.</summary>
public sealed class StoreException : Exception
{
    public StoreException(StoreProblem problem, string message, Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
    }

    public StoreProblem Problem { get; }
}

/// <summary>The kinds of store failure, so that callers can tell them apart without reading messages.</summary>
public enum StoreProblem
{
    /// <summary>The file is not a SQLite database, or is damaged.</summary>
    Corrupt,

    /// <summary>Another process holds the store past the wait time.</summary>
    Locked,

    /// <summary>The store was written by a newer version of the module.</summary>
    NewerVersion,

    /// <summary>The disk is full or the store cannot be written.</summary>
    NotWritable,

    /// <summary>A stored object (an uploaded file) is missing.</summary>
    MissingObject,
}
