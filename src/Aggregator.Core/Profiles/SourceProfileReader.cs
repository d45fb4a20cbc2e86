using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Aggregator.Profiles;

/// <summary>
/// A user's own profile, from a dictionary (a PowerShell hashtable or .psd1 file) or a .json file: keys User, Event,
/// Status, Timestamp (or UserField and so on), SuccessValue, FailureValue, MissingStatus, TimestampFormat and
/// AssumeTimeZone, in any letter case; each value a string or a list of strings.
/// </summary>
public static class SourceProfileReader
{
    private static readonly string[] Keys =
    {
        "Name", "User", "Event", "Status", "Timestamp", "SuccessValue", "FailureValue", "MissingStatus", "TimestampFormat",
        "AssumeTimeZone",
    };

    public static SourceProfile FromDictionary(IDictionary entries, string name)
    {
        var values = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in entries)
        {
            string key = entry.Key?.ToString() ?? "";
            string known = Keys.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase)
                                                    || (k + "Field").Equals(key, StringComparison.OrdinalIgnoreCase)
                                                    || (k + "s").Equals(key, StringComparison.OrdinalIgnoreCase))
                           ?? throw new ArgumentException($"The source profile {name} has an unknown key '{key}' (known keys: {string.Join(", ", Keys)}).");
            values[known] = Strings(entry.Value, name, key);
        }

        return new SourceProfile
        {
            Name = values.TryGetValue("Name", out string[]? given) ? string.Join(" ", given) : name,
            User = Get("User"),
            Event = Get("Event"),
            Status = Get("Status"),
            Timestamp = Get("Timestamp"),
            SuccessValue = Get("SuccessValue"),
            FailureValue = Get("FailureValue"),
            MissingStatus = Get("MissingStatus") is { } missing ? ParseStatus(missing, name) : null,
            TimestampFormat = Get("TimestampFormat"),
            AssumeTimeZone = Get("AssumeTimeZone")?.FirstOrDefault(),
        };

        string[]? Get(string key) => values.TryGetValue(key, out string[]? found) ? found : null;
    }

    /// <summary>A profile written as one JSON object.</summary>
    public static SourceProfile FromJsonFile(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The source profile {path} is not a JSON object.");
        }

        var entries = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            entries[property.Name] = property.Value.ValueKind == JsonValueKind.Array
                ? property.Value.EnumerateArray().Select(TextOf).ToArray()
                : TextOf(property.Value);
        }

        return FromDictionary(entries, Path.GetFileNameWithoutExtension(path));
    }

    private static string? TextOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Null ? null : value.GetRawText();

    private static string[] Strings(object? value, string name, string key)
    {
        IEnumerable<object?> items = value is string or null ? new[] { value } : value is IEnumerable list ? list.Cast<object?>() : new[] { value };
        string[] texts = items.Select(item => item is IConvertible convertible ? convertible.ToString(System.Globalization.CultureInfo.InvariantCulture) : item?.ToString())
            .Where(text => !string.IsNullOrWhiteSpace(text)).Select(text => text!.Trim()).ToArray();
        if (texts.Length == 0)
        {
            throw new ArgumentException($"The source profile {name} gives no value for '{key}'.");
        }

        return texts;
    }

    private static EventStatus ParseStatus(string[] value, string name) =>
        value.Length == 1 && Enum.TryParse(value[0], ignoreCase: true, out EventStatus status) && Enum.IsDefined(status)
            ? status
            : throw new ArgumentException($"The source profile {name} gives MissingStatus '{string.Join(", ", value)}'; use Success, Fail or None.");
}
