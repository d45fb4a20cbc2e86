using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Aggregator.Store;

/// <summary>
/// A result object as a JSON object of text values, one per public property, written as Export-Csv would write the
/// cell but in the invariant culture: the form the result mergers already read back (ResultProperties).
/// </summary>
public static class ResultRowText
{
    public static string Write(object result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (PropertyInfo property in PropertiesOf(result.GetType()))
            {
                writer.WriteString(property.Name, TextOf(property.GetValue(result)));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static IReadOnlyDictionary<string, object?> Read(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject()
            .ToDictionary(property => property.Name, property => (object?)property.Value.GetString(), StringComparer.Ordinal);
    }

    private static string? TextOf(object? value) => value switch
    {
        null => null,
        string text => text,
        DateTime time => time.ToString("o", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("o", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static IEnumerable<PropertyInfo> PropertiesOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0);
}
