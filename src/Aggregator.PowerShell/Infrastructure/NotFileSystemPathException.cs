namespace Aggregator.Commands.Infrastructure;

/// <summary>A path on a provider other than the file system, which the module cannot read or write.</summary>
internal sealed class NotFileSystemPathException : System.ArgumentException
{
    public NotFileSystemPathException(string given)
        : base($"'{given}' is not a file system path.")
    {
        Given = given;
    }

    public string Given { get; }
}
