using System;
using System.Runtime.CompilerServices;

namespace Aggregator.Summaries;

/// <summary>
/// Percentile values waiting for their group's t-digest, in chunks of <see cref="ChunkSize"/> taken from large blocks.
/// A group's chunks form a chain (each knows the one before it). Values wait here instead of in a digest per group
/// because a digest is several objects and a growing array per group: with many groups that was a chain of cache
/// misses per value and, worse, most of the garbage the collector had to trace. Blocks hold only numbers.
/// </summary>
internal sealed class ValueArena
{
    public const int ChunkSize = 8;
    private const int ChunksPerBlockShift = 13;   // 8,192 chunks: 512 KiB of values a block
    private const int ChunksPerBlock = 1 << ChunksPerBlockShift;
    private const int ChunkMask = ChunksPerBlock - 1;

    private double[][] _values = Array.Empty<double[]>();
    private int[][] _previous = Array.Empty<int[]>();
    private int _used;       // chunks handed out from the blocks so far
    private int _freeHead;   // a freed chunk + 1, linked through _previous; 0 for none

    /// <summary>
    /// A chunk holding <paramref name="values"/> (exactly <see cref="ChunkSize"/> of them) after chain
    /// <paramref name="head"/>; returns the new head. A head is a chunk number + 1, and 0 is the empty chain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public int Append(int head, ReadOnlySpan<double> values)
    {
        int chunk = Take();
        values.CopyTo(_values[chunk >> ChunksPerBlockShift].AsSpan((chunk & ChunkMask) * ChunkSize, ChunkSize));
        _previous[chunk >> ChunksPerBlockShift][chunk & ChunkMask] = head;
        return chunk + 1;
    }

    /// <summary>The longest chain: a group's values go on to its digest before it would grow longer.</summary>
    public const int MaxChainChunks = 64;

    /// <summary>The most values a chain holds.</summary>
    public const int MaxChainValues = MaxChainChunks * ChunkSize;

    /// <summary>
    /// Copies the chain's values into <paramref name="destination"/> (room for <see cref="MaxChainValues"/>) in the
    /// order they came, and returns how many there are. The chain stays as it is.
    /// </summary>
    public int CopyOut(int head, Span<double> destination)
    {
        // Chains link backwards; the chunks are listed first so the values come out oldest first.
        Span<int> chunks = stackalloc int[MaxChainChunks];
        int count = 0;
        for (int at = head; at != 0; at = PreviousOf(at - 1))
        {
            chunks[count++] = at - 1;
        }

        for (int i = 0; i < count; i++)
        {
            int chunk = chunks[count - 1 - i];
            _values[chunk >> ChunksPerBlockShift].AsSpan((chunk & ChunkMask) * ChunkSize, ChunkSize)
                .CopyTo(destination.Slice(i * ChunkSize));
        }

        return count * ChunkSize;
    }

    /// <summary>Frees every chain at once, keeping the blocks: for when all of them have been passed on.</summary>
    public void Clear()
    {
        _used = 0;
        _freeHead = 0;
    }

    /// <summary>Gives the chain's chunks back for other chains to use.</summary>
    public void Free(int head)
    {
        while (head != 0)
        {
            int chunk = head - 1;
            head = PreviousOf(chunk);
            _previous[chunk >> ChunksPerBlockShift][chunk & ChunkMask] = _freeHead;
            _freeHead = chunk + 1;
        }
    }

    private int PreviousOf(int chunk) => _previous[chunk >> ChunksPerBlockShift][chunk & ChunkMask];

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private int Take()
    {
        if (_freeHead != 0)
        {
            int free = _freeHead - 1;
            _freeHead = PreviousOf(free);
            return free;
        }

        if (_used == _values.Length * ChunksPerBlock)
        {
            AddBlock();
        }

        return _used++;
    }

    private void AddBlock()
    {
        int blocks = _values.Length;
        Array.Resize(ref _values, blocks + 1);
        Array.Resize(ref _previous, blocks + 1);
        _values[blocks] = GC.AllocateUninitializedArray<double>(ChunksPerBlock * ChunkSize);
        _previous[blocks] = GC.AllocateUninitializedArray<int>(ChunksPerBlock);
    }
}
