using System.Text.Json;

namespace Aggregator.Writing;

/// <summary>Figures that may be missing in JSON for pages and APIs: a finite number, else null (JSON has no NaN).</summary>
internal static class JsonNumbers
{
    public static void WriteFiniteOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
