using System;
using System.Buffers.Binary;
using System.Text;

namespace Aggregator.Sketches;

/// <summary>Little-endian bytes of a sketch state: bytes, LEB128 varints, 64-bit words, doubles and UTF-16 strings.</summary>
internal sealed class StateWriter
{
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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

    /// <summary>
    /// A string, losslessly: as UTF-8 (varint of 2 × byte length, then the bytes) when it is well-formed UTF-16, else
    /// as UTF-16LE code units (varint of 2 × units + 1, then the units), which keeps lone surrogates.
    /// </summary>
    internal void WriteString(string value)
    {
        int utf8Length;
        try
        {
            utf8Length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            WriteVarUInt64((ulong)value.Length * 2 + 1);
            Span<byte> units = Reserve(value.Length * 2);
            for (int i = 0; i < value.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(units.Slice(i * 2), value[i]);
            }

            return;
        }

        WriteVarUInt64((ulong)utf8Length * 2);
        StrictUtf8.GetBytes(value, Reserve(utf8Length));
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
