using System.IO;

namespace Aggregator.Reading;

/// <summary>A CSV file's header lacks a column the file must have; the whole file fails.</summary>
public sealed class InvalidHeaderException : IOException
{
    public InvalidHeaderException(string message)
        : base(message)
    {
    }
}
