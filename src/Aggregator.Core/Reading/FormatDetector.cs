using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Aggregator.Reading;

/// <summary>Decides how to frame a file from its name and its first bytes (already decompressed and decoded to UTF-8).</summary>
internal static class FormatDetector
{
    private const int LinesToSample = 8;

    public static InputFormat Detect(string name, ReadOnlySpan<byte> head)
    {
        string extension = Path.GetExtension(StripCompression(name)).ToLowerInvariant();
        switch (extension)
        {
            case ".csv":
            case ".tsv":
                return InputFormat.Csv;
            case ".jsonl":
            case ".ndjson":
                return InputFormat.JsonLines;
        }

        int first = head.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            return extension == ".json" ? InputFormat.Json : InputFormat.JsonLines;
        }

        if (RecordsEnvelopeLength(head.Slice(first)) > 0)
        {
            return InputFormat.Json;
        }

        return head[first] switch
        {
            (byte)'[' => InputFormat.Json,
            (byte)'{' => LooksLikeJsonLines(head.Slice(first)) ? InputFormat.JsonLines : InputFormat.Json,
            _ => extension == ".json" ? InputFormat.Json : InputFormat.Csv,
        };
    }

    /// <summary>
    /// For a file that wraps its records as <c>{"Records": [ ... ]}</c> (CloudTrail, Azure diagnostic logs) or as a
    /// Microsoft Graph page <c>{"@odata.context": ..., "value": [ ... ]}</c>, the length of that opening up to and
    /// including the '['; otherwise 0.
    /// </summary>
    public static int RecordsEnvelopeLength(ReadOnlySpan<byte> text) => EnvelopeOpeningLength(text, bareValue: false, out _);

    /// <summary>
    /// The length of an envelope's opening up to and including its array's '[', or 0. Scalar <c>@odata.*</c>
    /// properties may come first; a <c>"value"</c> array counts only after one of them, unless
    /// <paramref name="bareValue"/> (a Graph export saved without them). <paramref name="incomplete"/> says the text
    /// ended before it could be decided.
    /// </summary>
    public static int EnvelopeOpeningLength(ReadOnlySpan<byte> text, bool bareValue, out bool incomplete)
    {
        const int MaxOpening = 4096;
        incomplete = false;
        int i = SkipSpace(text, 0);
        if (i >= text.Length || text[i] != '{')
        {
            return 0;
        }

        bool odata = false;
        while (i < MaxOpening)
        {
            i = SkipSpace(text, i + 1);
            if (i >= text.Length)
            {
                incomplete = true;
                return 0;
            }

            int nameEnd = text[i] == '"' ? text.Slice(i + 1).IndexOfAny((byte)'"', (byte)'\\') : 0;
            if (nameEnd < 0)
            {
                incomplete = true;
                return 0;
            }

            if (text[i] != '"' || text[i + 1 + nameEnd] != '"')
            {
                return 0;   // not a name, or an escaped one: no envelope writes those
            }

            ReadOnlySpan<byte> name = text.Slice(i + 1, nameEnd);
            i = SkipSpace(text, i + nameEnd + 2);
            if (i >= text.Length || text[i] != ':')
            {
                incomplete = i >= text.Length;
                return 0;
            }

            i = SkipSpace(text, i + 1);
            if (i >= text.Length)
            {
                incomplete = true;
                return 0;
            }

            if (Ascii.EqualsIgnoreCase(name, "records"u8) || (Ascii.EqualsIgnoreCase(name, "value"u8) && (odata || bareValue)))
            {
                return text[i] == '[' ? i + 1 : 0;
            }

            if (!name.StartsWith("@odata."u8) || text[i] is (byte)'{' or (byte)'[')
            {
                return 0;
            }

            // A scalar annotation (@odata.context, @odata.count, @odata.nextLink): step over it.
            odata = true;
            var reader = new Utf8JsonReader(text.Slice(i), isFinalBlock: false, state: default);
            try
            {
                if (!reader.Read())
                {
                    incomplete = true;
                    return 0;
                }
            }
            catch (JsonException)
            {
                return 0;
            }

            i = SkipSpace(text, i + (int)reader.BytesConsumed);
            if (i >= text.Length)
            {
                incomplete = true;
                return 0;
            }

            if (text[i] != ',')
            {
                return 0;
            }
        }

        return 0;
    }

    private static int SkipSpace(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        {
            i++;
        }

        return i;
    }

    public static string StripCompression(string name) =>
        name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 3) : name;

    // JSON Lines when most sampled lines that start with '{' are whole objects on their own.
    private static bool LooksLikeJsonLines(ReadOnlySpan<byte> text)
    {
        int whole = 0, partial = 0;
        for (int sampled = 0; sampled < LinesToSample && !text.IsEmpty; sampled++)
        {
            int newline = text.IndexOf((byte)'\n');
            if (newline < 0 && sampled > 0)
            {
                break;   // the last line may be cut off by the sample
            }

            ReadOnlySpan<byte> line = newline < 0 ? text : text.Slice(0, newline);
            text = newline < 0 ? ReadOnlySpan<byte>.Empty : text.Slice(newline + 1);
            line = line.Trim(" \t\r"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] != '{')
            {
                partial++;
                continue;
            }

            if (IsWholeObject(line))
            {
                whole++;
            }
            else
            {
                partial++;
            }
        }

        return whole > 0 && whole >= partial;
    }

    private static bool IsWholeObject(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        try
        {
            return reader.Read() && reader.TrySkip() && reader.BytesConsumed == line.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
