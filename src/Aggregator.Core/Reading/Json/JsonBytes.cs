using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;

namespace Aggregator.Reading.Json;

/// <summary>
/// The byte classes the JSON reader's loops look up, as 256-entry tables (a lookup beats a chain of compares on short
/// gaps) or, for the end of a string, a vectorised set (names and values are longer than the gaps between them), and
/// the settings every <see cref="Utf8JsonReader"/> of the reader starts from.
/// </summary>
internal static class JsonBytes
{
    /// <summary>What may stand between records of a JSON array or of concatenated objects.</summary>
    public static readonly bool[] ArrayFraming = Table(" \t\r\n,[]"u8);

    /// <summary>JSON whitespace: all that may stand between JSON Lines records.</summary>
    public static readonly bool[] Whitespace = Table(" \t\r\n"u8);

    /// <summary>What may stand between records inside an envelope's array.</summary>
    public static readonly bool[] EnvelopeFraming = Table(" \t\r\n,"u8);

    /// <summary>Bytes that end the fast scan of a string: the closing quote, an escape, or a control character.</summary>
    public static readonly SearchValues<byte> StringStops = SearchValues.Create(StringStopBytes());

    /// <summary>Comments skipped and trailing commas allowed, as the readers have always read them.</summary>
    public static readonly JsonReaderState InitialState = new(new JsonReaderOptions
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    });

    private static byte[] StringStopBytes()
    {
        var stops = new List<byte> { (byte)'"', (byte)'\\' };
        for (int c = 0; c < 0x20; c++)
        {
            stops.Add((byte)c);
        }

        return stops.ToArray();
    }

    private static bool[] Table(ReadOnlySpan<byte> members)
    {
        var table = new bool[256];
        foreach (byte b in members)
        {
            table[b] = true;
        }

        return table;
    }
}
