namespace Aggregator.Writing;

/// <summary>A JSON Lines file that was written whole and moved to its final name.</summary>
public sealed record WrittenFile(string Path, long Records, long Bytes);
