using System.IO.Compression;
using System.Text.Json;

namespace Aggregator.PowerShell.Tests;

/// <summary>
/// The public files in ../shared/realdata, read with System.Text.Json instead of the module, so that tests can count
/// them another way.
/// </summary>
public static class RealDataJson
{
    public static string Folder => RepoPaths.RealData;

    /// <summary>
    /// The file's records: the elements of a top-level array or of a Records envelope, or the objects one after
    /// another (JSON Lines or concatenated); null when the file is not valid JSON.
    /// </summary>
    public static List<JsonElement>? Records(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes is [0x1f, 0x8b, ..])
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            bytes = plain.ToArray();
        }

        var records = new List<JsonElement>();
        int offset = 0;
        try
        {
            while (true)
            {
                while (offset < bytes.Length && char.IsWhiteSpace((char)bytes[offset]))
                {
                    offset++;
                }

                if (offset == bytes.Length)
                {
                    return records;
                }

                var reader = new Utf8JsonReader(bytes.AsSpan(offset));
                JsonElement value = JsonElement.ParseValue(ref reader);
                offset += (int)reader.BytesConsumed;
                if (value.ValueKind == JsonValueKind.Array)
                {
                    records.AddRange(value.EnumerateArray());
                }
                else if (value.ValueKind == JsonValueKind.Object && Property(value, "Records") is { ValueKind: JsonValueKind.Array } envelope)
                {
                    records.AddRange(envelope.EnumerateArray());
                }
                else
                {
                    records.Add(value);
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The value at a dotted path (exact key names, as the vendor writes them), or null when absent or JSON null.</summary>
    public static JsonElement? At(JsonElement record, string path)
    {
        JsonElement current = record;
        foreach (string key in path.Split('.'))
        {
            if (Property(current, key) is not { } next)
            {
                return null;
            }

            current = next;
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    /// <summary>The text at a dotted path: a string, or a number as written; null when absent.</summary>
    public static string? Text(JsonElement record, string path) => At(record, path) switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        _ => null,
    };

    private static JsonElement? Property(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out JsonElement found) ? found : null;
}
