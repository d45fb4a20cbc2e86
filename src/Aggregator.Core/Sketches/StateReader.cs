using System;
using System.Buffers.Binary;
using System.Text;

namespace Aggregator.Sketches;

/// <summary>Reads what <see cref="StateWriter"/> wrote; any shortfall or malformed value is a FormatException.</summary>
internal sealed class StateReader
{
    private readonly byte[] _bytes;
    private readonly string _what;
    private int _position;

    internal StateReader(byte[] bytes, string what)
    {
        _bytes = bytes;
        _what = what;
    }

    internal int Remaining => _bytes.Length - _position;

    internal FormatException Invalid(string reason) => new($"Invalid {_what} state: {reason}.");

    internal byte ReadByte() => Take(1)[0];

    internal ulong ReadVarUInt64()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 63 && b > 1)
            {
                break;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Invalid("a number is too large");
    }

    /// <summary>A varint that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    internal long ReadVarInt64(long min, long max, string name)
    {
        ulong value = ReadVarUInt64();
        if (value > (ulong)max || (long)value < min)
        {
            throw Invalid($"{name} {value} is outside {min}..{max}");
        }

        return (long)value;
    }

    internal ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    internal double ReadDouble() => BitConverter.Int64BitsToDouble((long)ReadUInt64());

    internal ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>A string as <see cref="StateWriter.WriteString"/> wrote it; malformed UTF-8 is a FormatException.</summary>
    internal string ReadString()
    {
        ulong header = ReadVarUInt64();
        if (header / 2 > (ulong)Remaining)
        {
            throw Invalid("a text is longer than the bytes left");
        }

        int length = (int)(header / 2);
        if (header % 2 == 0)
        {
            try
            {
                return StateWriter.StrictUtf8.GetString(Take(length));
            }
            catch (DecoderFallbackException)
            {
                throw Invalid("a text is not valid UTF-8");
            }
        }

        ReadOnlySpan<byte> units = Take(length * 2);
        return string.Create(length, units.ToArray(), static (chars, bytes) =>
        {
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2));
            }
        });
    }

    internal void EnsureEnd()
    {
        if (_position != _bytes.Length)
        {
            throw Invalid($"{Remaining} unexpected bytes at the end");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Invalid("the bytes end too soon");
        }

        ReadOnlySpan<byte> span = _bytes.AsSpan(_position, count);
        _position += count;
        return span;
    }
}
