using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace Aggregator.Parsing;

/// <summary>
/// Trimming and blank checks for UTF-8 values. Nearly every value starts and ends with a non-space byte, so those
/// two bytes settle it before <see cref="Ascii.Trim(ReadOnlySpan{byte})"/> is asked.
/// </summary>
internal static class AsciiSpace
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) =>
        text.IsEmpty || (text[0] > ' ' && text[^1] > ' ') ? text : text[Ascii.Trim(text)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBlank(ReadOnlySpan<byte> text) =>
        text.IsEmpty || (text[0] <= ' ' && text[Ascii.Trim(text)].IsEmpty);
}
