using System;
using System.Runtime.CompilerServices;
using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Aggregator.Sketches;

/// <summary>
/// The 64-bit hash distinct counts are made of: xxHash64 (seed 0) of a value's UTF-8 bytes. A reader hashes the bytes
/// it read and a pipeline object's text is hashed after encoding it, so a value counts as the same value whichever
/// way it arrived, in every process and on every machine.
/// </summary>
public static class ValueHash
{
    private const ulong P1 = 0x9E3779B185EBCA87UL;
    private const ulong P2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong P3 = 0x165667B19E3779F9UL;
    private const ulong P4 = 0x85EBCA77C2B2AE63UL;
    private const ulong P5 = 0x27D4EB2F165667C5UL;
    private const int StackLimit = 256;

    public static ulong Of(ReadOnlySpan<char> value)
    {
        int length = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented ?? stackalloc byte[StackLimit];
        try
        {
            int written = Encoding.UTF8.GetBytes(value, buffer);
            return Utf8(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Utf8(ReadOnlySpan<byte> data)
    {
        unchecked
        {
            int length = data.Length, i = 0;
            ulong h;
            if (length >= 32)
            {
                ulong v1 = P1 + P2, v2 = P2, v3 = 0, v4 = 0 - P1;
                for (; i + 32 <= length; i += 32)
                {
                    v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
                    v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 8)..]));
                    v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 16)..]));
                    v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 24)..]));
                }

                h = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) + BitOperations.RotateLeft(v3, 12) +
                    BitOperations.RotateLeft(v4, 18);
                h = MergeRound(h, v1);
                h = MergeRound(h, v2);
                h = MergeRound(h, v3);
                h = MergeRound(h, v4);
            }
            else
            {
                h = P5;
            }

            h += (ulong)length;
            for (; i + 8 <= length; i += 8)
            {
                h ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
                h = BitOperations.RotateLeft(h, 27) * P1 + P4;
            }

            if (i + 4 <= length)
            {
                h ^= BinaryPrimitives.ReadUInt32LittleEndian(data[i..]) * P1;
                h = BitOperations.RotateLeft(h, 23) * P2 + P3;
                i += 4;
            }

            for (; i < length; i++)
            {
                h ^= data[i] * P5;
                h = BitOperations.RotateLeft(h, 11) * P1;
            }

            h ^= h >> 33;
            h *= P2;
            h ^= h >> 29;
            h *= P3;
            h ^= h >> 32;
            return h;
        }
    }

    private static ulong Round(ulong accumulator, ulong input) =>
        unchecked(BitOperations.RotateLeft(accumulator + input * P2, 31) * P1);

    private static ulong MergeRound(ulong accumulator, ulong lane) => unchecked((accumulator ^ Round(0, lane)) * P1 + P4);
}
