using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Aggregator.Reading.Json;

/// <summary>
/// The fast path: the common record is a flat object whose names and values need no unescaping, scanned directly.
/// Only text that <see cref="System.Text.Json.Utf8JsonReader"/> reads the same way is accepted; anything else
/// (nesting, escapes, comments, control characters, a malformed number, a record running past the limit) is declined,
/// and <see cref="JsonFullParser"/> reads the record again, reporting any error.
/// </summary>
internal static class JsonFlatScanner
{
    /// <summary>Scans the object whose '{' is at <paramref name="start"/>; false declines it (nothing is reported).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryScan(byte[] b, int start, int limit, JsonFieldRouter fields, out int recordEnd)
    {
        recordEnd = 0;
        fields.BeginRecord();
        // The table in a local: one static read per record, not one per gap.
        bool[] whitespace = JsonBytes.Whitespace;
        int i = SkipSpace(b, start + 1, limit, whitespace);
        if (i < limit && b[i] == '}')
        {
            recordEnd = i + 1;
            return true;
        }

        while (i < limit && b[i] == '"')
        {
            int nameEnd = ScanString(b, i + 1, limit);
            if (nameEnd < 0)
            {
                return false;
            }

            ulong leaves = fields.MatchTopLevelName(b.AsSpan(i + 1, nameEnd - i - 1), out _);
            i = SkipSpace(b, nameEnd + 1, limit, whitespace);
            if (i >= limit || b[i] != ':')
            {
                return false;
            }

            i = SkipSpace(b, i + 1, limit, whitespace);
            if (i >= limit)
            {
                return false;
            }

            int valueStart = i;
            ValueKind kind;
            switch (b[i])
            {
                case (byte)'"':
                    i = ScanString(b, i + 1, limit);
                    if (i < 0)
                    {
                        return false;
                    }

                    kind = ValueKind.Text;
                    valueStart++;
                    break;
                case (byte)'t':
                    kind = ValueKind.True;
                    i = Literal(b, i, limit, "true"u8);
                    break;
                case (byte)'f':
                    kind = ValueKind.False;
                    i = Literal(b, i, limit, "false"u8);
                    break;
                case (byte)'n':
                    kind = ValueKind.Null;
                    i = Literal(b, i, limit, "null"u8);
                    break;
                default:
                    kind = ValueKind.Number;
                    i = ScanNumber(b, i, limit);
                    break;
            }

            if (i < 0)
            {
                return false;
            }

            if (leaves != 0)
            {
                fields.Offer(leaves, kind, b, valueStart, i - valueStart);
            }

            if (kind == ValueKind.Text)
            {
                i++;   // the closing quote
            }

            i = SkipSpace(b, i, limit, whitespace);
            if (i >= limit)
            {
                return false;
            }

            if (b[i] == '}')
            {
                recordEnd = i + 1;
                return true;
            }

            if (b[i] != ',')
            {
                return false;
            }

            i = SkipSpace(b, i + 1, limit, whitespace);
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipSpace(byte[] b, int i, int limit, bool[] whitespace)
    {
        while (i < limit && whitespace[b[i]])
        {
            i++;
        }

        return i;
    }

    // Index of the closing quote of a string whose text starts at i, or -1 for an escape, a control character or
    // the limit (cases the full parser settles).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScanString(byte[] b, int i, int limit)
    {
        int found = IndexOfStringStop(b.AsSpan(i, limit - i));
        return found >= 0 && b[i + found] == '"' ? i + found : -1;
    }

    // The first quote, backslash or control character, 16 bytes at a time: names and values are often longer than a
    // few bytes, and seldom longer than 16. Written here rather than with SearchValues, whose search the runtime first
    // runs unoptimised (it is not compiled ahead for this use): that cost a short read more than the vectors saved.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int IndexOfStringStop(ReadOnlySpan<byte> text)
    {
        ref byte start = ref MemoryMarshal.GetReference(text);
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> quote = Vector128.Create((byte)'"'), backslash = Vector128.Create((byte)'\\'),
                space = Vector128.Create((byte)' ');
            for (; i <= text.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                Vector128<byte> bytes = Vector128.LoadUnsafe(ref start, (nuint)i);
                uint stops = (Vector128.Equals(bytes, quote) | Vector128.Equals(bytes, backslash) |
                    Vector128.LessThan(bytes, space)).ExtractMostSignificantBits();
                if (stops != 0)
                {
                    return i + BitOperations.TrailingZeroCount(stops);
                }
            }
        }

        for (; i < text.Length; i++)
        {
            byte next = text[i];
            if (next == '"' || next == '\\' || next < ' ')
            {
                return i;
            }
        }

        return -1;
    }

    // End of a JSON number starting at i: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, or -1.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanNumber(byte[] b, int i, int limit)
    {
        if (i < limit && b[i] == '-')
        {
            i++;
        }

        if (i >= limit || !IsDigit(b[i]))
        {
            return -1;
        }

        if (b[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < limit && IsDigit(b[i]))
            {
                i++;
            }
        }

        if (i < limit && b[i] == '.')
        {
            int digits = ++i;
            while (i < limit && IsDigit(b[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return -1;
            }
        }

        if (i < limit && (b[i] == 'e' || b[i] == 'E'))
        {
            i++;
            if (i < limit && (b[i] == '+' || b[i] == '-'))
            {
                i++;
            }

            int digits = i;
            while (i < limit && IsDigit(b[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return -1;
            }
        }

        return i < limit ? i : -1;   // a number at the limit may go on: let the full parser decide
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Literal(byte[] b, int i, int limit, ReadOnlySpan<byte> word) =>
        i + word.Length < limit && b.AsSpan(i, word.Length).SequenceEqual(word) ? i + word.Length : -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;
}
