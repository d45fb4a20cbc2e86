using System;
using System.Text.Json;

namespace Aggregator.Reading.Json;

/// <summary>
/// The byte classes the JSON reader's loops look up, as 256-entry tables (a lookup beats a chain of compares on short
/// gaps), and the settings every <see cref="Utf8JsonReader"/> of the reader starts from.
/// </summary>
internal static class JsonBytes
{
    /// <summary>What may stand between records of a JSON array or of concatenated objects.</summary>
    public static readonly bool[] ArrayFraming = Table(" \t\r\n,[]"u8);

    /// <summary>JSON whitespace: all that may stand between JSON Lines records.</summary>
    public static readonly bool[] Whitespace = Table(" \t\r\n"u8);

    /// <summary>What may stand between records inside an envelope's array.</summary>
    public static readonly bool[] EnvelopeFraming = Table(" \t\r\n,"u8);

    /// <summary>Comments skipped and trailing commas allowed, as the readers have always read them.</summary>
    public static readonly JsonReaderState InitialState = new(new JsonReaderOptions
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    });

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
