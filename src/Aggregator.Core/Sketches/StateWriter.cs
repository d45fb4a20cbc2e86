using System;
using System.Buffers.Binary;

namespace Aggregator.Sketches;

/// <summary>Little-endian bytes of a sketch state: bytes, LEB128 varints, 64-bit words, doubles and UTF-16 strings.</summary>
internal sealed class StateWriter
{
    private byte[] _bytes;
    private int _length;

    internal StateWriter(int capacity = 256) => _bytes = new byte[Math.Max(capacity, 16)];

    internal ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    internal void WriteByte(byte value) => Reserve(1)[0] = value;

    internal void WriteVarUInt64(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    internal void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    internal void WriteDouble(double value) => WriteUInt64((ulong)BitConverter.DoubleToInt64Bits(value));

    internal void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>The length in UTF-16 code units, then the units; lossless for any string, lone surrogates included.</summary>
    internal void WriteString(string value)
    {
        WriteVarUInt64((ulong)value.Length);
        Span<byte> target = Reserve(value.Length * 2);
        for (int i = 0; i < value.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(target.Slice(i * 2), value[i]);
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + count));
        }

        Span<byte> span = _bytes.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
