using System;
using System.Text;

namespace Aggregator.Reading;

/// <summary>
/// Recognises UTF-16 text written without a byte order mark: record files are mostly ASCII, which in UTF-16 leaves a
/// zero byte in every other position (the odd ones little-endian, the even ones big-endian). Plain UTF-8 text has none.
/// </summary>
internal static class Utf16Detector
{
    private const int SampleBytes = 512;

    /// <summary>The UTF-16 encoding the first bytes of a file look like, or null.</summary>
    public static Encoding? Detect(ReadOnlySpan<byte> head)
    {
        int pairs = Math.Min(head.Length, SampleBytes) / 2;
        if (pairs < 2)
        {
            return null;
        }

        int evenZeros = 0, oddZeros = 0;
        for (int i = 0; i < pairs; i++)
        {
            evenZeros += head[2 * i] == 0 ? 1 : 0;
            oddZeros += head[2 * i + 1] == 0 ? 1 : 0;
        }

        // Three quarters of the characters ASCII, and hardly a zero on the other side.
        bool Mostly(int zeros, int others) => zeros * 4 >= pairs * 3 && others * 8 < pairs;
        return Mostly(oddZeros, evenZeros) ? Encoding.Unicode
            : Mostly(evenZeros, oddZeros) ? Encoding.BigEndianUnicode
            : null;
    }
}
