using System;
using System.Collections;
using System.Management.Automation;
using Aggregator.Merging;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Reads pipeline objects by property name for the core: a result after serialization or Import-Csv as
/// <see cref="ResultProperties"/>, and a dotted path such as client.ip into nested objects and hashtables.
/// </summary>
internal static class PSObjectProperties
{
    /// <summary>A result's properties; nested objects (such as PerFile entries) are read the same way.</summary>
    public static ResultProperties ForResult(PSObject item, string describe) =>
        new(name => item.Properties[name] is PSPropertyInfo property ? (true, Plain(property.Value)) : (false, null), describe,
            nested => nested is PSObject inner ? ForResult(inner, describe) : null);

    // Values as the core reads them: a PSObject's base object, except a deserialized DateTimeOffset, which becomes its UTC time.
    private static object? Plain(object? value) => DeserializedValue.Unwrap(value);

    /// <summary>
    /// The value at <paramref name="path"/>: a property named exactly so (Import-Csv gives 'client.ip' as one name),
    /// else each segment in turn through properties and dictionary keys. False when nothing is there.
    /// </summary>
    public static bool TryGetPath(PSObject item, string path, out object? value)
    {
        if (item.Properties[path] is PSPropertyInfo whole)
        {
            value = whole.Value;
            return true;
        }

        value = null;
        if (path.IndexOf('.') < 0)
        {
            return item.BaseObject is IDictionary dictionary && TryGetKey(dictionary, path, out value);
        }

        object? current = item;
        foreach (string segment in path.Split('.'))
        {
            switch (current)
            {
                case PSObject wrapped when wrapped.BaseObject is IDictionary dictionary:
                    if (!TryGetKey(dictionary, segment, out current))
                    {
                        return false;
                    }

                    break;
                case PSObject wrapped:
                    if (wrapped.Properties[segment] is not PSPropertyInfo property)
                    {
                        return false;
                    }

                    current = property.Value;
                    break;
                case IDictionary dictionary:
                    if (!TryGetKey(dictionary, segment, out current))
                    {
                        return false;
                    }

                    break;
                case null:
                    return false;
                default:
                    current = PSObject.AsPSObject(current).Properties[segment]?.Value;
                    if (current is null)
                    {
                        return false;
                    }

                    break;
            }
        }

        value = current;
        return true;
    }

    // Hashtables from ConvertFrom-Json -AsHashtable or @{} literals are case-insensitive; other dictionaries are tried as spelled.
    private static bool TryGetKey(IDictionary dictionary, string key, out object? value)
    {
        if (dictionary.Contains(key))
        {
            value = dictionary[key];
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Whether a value is an object or a list rather than a single value.</summary>
    public static bool IsComposite(object? value)
    {
        object? plain = value is PSObject wrapped ? wrapped.BaseObject : value;
        return plain is PSCustomObject or IDictionary || (plain is IEnumerable && plain is not string);
    }
}
