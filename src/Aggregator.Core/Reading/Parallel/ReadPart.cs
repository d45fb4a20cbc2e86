namespace Aggregator.Reading.Parallel;

/// <summary>A unit of work: a whole file, or one line range of a large JSON Lines file.</summary>
internal sealed class ReadPart
{
    public ReadPart(int index, PartedFile file, int number, long start, long end)
    {
        Index = index;
        File = file;
        Number = number;
        Start = start;
        End = end;
    }

    /// <summary>Position in the run; workers take parts in this order.</summary>
    public int Index { get; }

    public PartedFile File { get; }

    /// <summary>Position within the file.</summary>
    public int Number { get; }

    public long Start { get; }

    /// <summary>End of the range, exclusive; -1 for a whole file.</summary>
    public long End { get; }

    public bool IsWholeFile => End < 0;

    public long Length => IsWholeFile ? File.Length : End - Start;
}
