using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Aggregator.Parsing;

/// <summary>
/// The byte searches and comparisons the readers make for every record. .NET's own span helpers do the same, but they
/// are shared code that tiers up while a run is under way: for the first second or so of a run each call also fed
/// the profiler, which cost a fresh process up to a sixth of its reading time. These compile into the callers.
/// </summary>
internal static class ByteScan
{
    /// <summary>Index of the first <paramref name="value"/> in <paramref name="span"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(ReadOnlySpan<byte> span, byte value)
    {
        ref byte start = ref MemoryMarshal.GetReference(span);
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> target = Vector128.Create(value);
            for (; i + Vector128<byte>.Count <= span.Length; i += Vector128<byte>.Count)
            {
                uint matches = Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)i), target).ExtractMostSignificantBits();
                if (matches != 0)
                {
                    return i + BitOperations.TrailingZeroCount(matches);
                }
            }
        }

        for (; i < span.Length; i++)
        {
            if (Unsafe.Add(ref start, i) == value)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>How many times <paramref name="value"/> occurs, and the index of the last (-1 when none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Count(ReadOnlySpan<byte> span, byte value, out int last)
    {
        // The spans counted are a record's gaps and lines, with few line breaks: one search per break is enough.
        int count = 0;
        last = -1;
        for (int found; (found = IndexOf(span.Slice(last + 1), value)) >= 0;)
        {
            last += found + 1;
            count++;
        }

        return count;
    }

    /// <summary>Whether two spans hold the same bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SequenceEqual(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        ref byte left = ref MemoryMarshal.GetReference(a);
        ref byte right = ref MemoryMarshal.GetReference(b);
        int i = 0;
        for (; i + sizeof(ulong) <= a.Length; i += sizeof(ulong))
        {
            if (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref left, i)) != Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref right, i)))
            {
                return false;
            }
        }

        for (; i < a.Length; i++)
        {
            if (Unsafe.Add(ref left, i) != Unsafe.Add(ref right, i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="text"/> is <paramref name="word"/> in any ASCII case; the word must be lowercase letters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool EqualsLowercaseWord(ReadOnlySpan<byte> text, ReadOnlySpan<byte> word)
    {
        if (text.Length != word.Length)
        {
            return false;
        }

        // A lowercase letter has bit 0x20 set, so (c | 0x20) equals it only for that letter and its capital.
        for (int i = 0; i < word.Length; i++)
        {
            if ((text[i] | 0x20) != word[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Copies a short span (no call into the runtime's copy routine).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyShort(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length > destination.Length)
        {
            throw new ArgumentException("The destination is too short.", nameof(destination));
        }

        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }
}
