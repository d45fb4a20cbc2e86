using System.IO;

namespace Aggregator.Writing;

/// <summary>The file or part files to write exist already, and the caller said not to replace them (-NoClobber).</summary>
public sealed class TargetExistsException : IOException
{
    public TargetExistsException(string message)
        : base(message)
    {
    }
}
