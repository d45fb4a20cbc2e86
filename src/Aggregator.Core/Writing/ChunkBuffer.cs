using System;
using System.Buffers;

namespace Aggregator.Writing;

/// <summary>The bytes of whole records waiting to be handed to the writer thread: an array that grows only for a huge record.</summary>
internal sealed class ChunkBuffer : IBufferWriter<byte>
{
    private byte[] _array;

    public ChunkBuffer(byte[] array)
    {
        _array = array;
    }

    public byte[] Array => _array;

    public int Length { get; private set; }

    public void Reset(byte[] array)
    {
        _array = array;
        Length = 0;
    }

    public void Truncate(int length) => Length = Math.Min(Length, length);

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(Length);
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _array[Length++] = value;
    }

    private void Ensure(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_array.Length - Length < needed)
        {
            System.Array.Resize(ref _array, Math.Max(_array.Length * 2, Length + needed));
        }
    }
}
