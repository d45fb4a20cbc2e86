using System;
using System.IO;
using System.IO.Compression;

namespace Aggregator.Sketches;

/// <summary>
/// The text form of a sketch state: <c>tag:</c>, one mode letter (<c>r</c> raw bytes, <c>z</c> raw deflate) and the
/// bytes in base64. Printable ASCII only, so it survives Export-Csv/Import-Csv and CliXml unchanged.
/// </summary>
internal static class SketchState
{
    /// <summary>No state decodes to more bytes than this, whatever its text claims.</summary>
    internal const int MaxPayloadBytes = 64 << 20;

    private const int MinDeflateBytes = 1024;

    internal static string Encode(string tag, ReadOnlySpan<byte> payload, bool tryDeflate)
    {
        char mode = 'r';
        byte[]? packed = null;
        // Small states are left raw: a compressor costs more per state than it saves, and a summary has a state per group.
        if (tryDeflate && payload.Length > MinDeflateBytes)
        {
            using var buffer = new MemoryStream();
            // The large states (a dense HyperLogLog) are worth the slower, tighter level.
            using (var deflate = new DeflateStream(buffer, payload.Length > 4096 ? CompressionLevel.Optimal : CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write(payload);
            }

            if (buffer.Length < payload.Length)
            {
                packed = buffer.ToArray();
                mode = 'z';
            }
        }

        return string.Concat(tag, ":", mode.ToString(), Convert.ToBase64String(packed ?? payload));
    }

    /// <summary>The bytes of a state with the given tag; a FormatException naming <paramref name="what"/> otherwise.</summary>
    internal static byte[] Decode(string state, string tag, string what, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length < tag.Length + 2 || !state.StartsWith(tag, StringComparison.Ordinal) || state[tag.Length] != ':')
        {
            throw new FormatException(
                $"Not a {what} state: the text should be '{tag}:', an encoding letter and base64, but it is '{Preview(state)}'.");
        }

        char mode = state[tag.Length + 1];
        if (mode != 'r' && mode != 'z')
        {
            throw new FormatException($"Not a {what} state: unknown encoding '{Preview(mode.ToString())}' after '{tag}:'.");
        }

        ReadOnlySpan<char> text = state.AsSpan(tag.Length + 2);
        int limit = Math.Min(maxBytes, MaxPayloadBytes);
        if (text.Length / 4L * 3 > limit + 3L)
        {
            throw new FormatException($"Invalid {what} state: {text.Length} characters is more than such a state can have.");
        }

        byte[] decoded = new byte[(text.Length + 3) / 4 * 3];
        if (!Convert.TryFromBase64Chars(text, decoded, out int length))
        {
            throw new FormatException($"Invalid {what} state: the text after '{tag}:{mode}' is not base64.");
        }

        if (mode == 'r')
        {
            if (length > limit)
            {
                throw new FormatException($"Invalid {what} state: {length} bytes is more than such a state can have.");
            }

            Array.Resize(ref decoded, length);
            return decoded;
        }

        return Inflate(decoded, length, limit, what);
    }

    private static byte[] Inflate(byte[] packed, int length, int limit, string what)
    {
        try
        {
            using var input = new MemoryStream(packed, 0, length, writable: false);
            using var deflate = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            byte[] chunk = new byte[16384];
            int read;
            while ((read = deflate.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > limit)
                {
                    throw new FormatException($"Invalid {what} state: it unpacks to more bytes than such a state can have.");
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new FormatException($"Invalid {what} state: the packed bytes are damaged ({e.Message}).", e);
        }
    }

    private static string Preview(string text)
    {
        var chars = new char[Math.Min(text.Length, 12)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = text[i] is >= ' ' and <= '~' ? text[i] : '?';
        }

        return new string(chars) + (text.Length > chars.Length ? "..." : "");
    }
}
