using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using Aggregator.Writing;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// JSON for any pipeline object, as ConvertTo-Json builds it: single values as themselves, dictionaries and objects by
/// their properties, lists as arrays, and beyond -Depth levels of contained objects their text. The module's own
/// records go through <see cref="RecordJsonWriter"/>'s fast path unless members were added to them. Runs on the pipeline thread: properties may be scripts.
/// </summary>
internal sealed class PSObjectJsonWriter
{
    private readonly int _maxDepth;

    public PSObjectJsonWriter(int maxDepth)
    {
        _maxDepth = maxDepth;
    }

    /// <summary>Whether some object was cut off at the depth limit and written as its text.</summary>
    public bool Truncated { get; private set; }

    public void Write(Utf8JsonWriter json, object? value) => WriteValue(json, value, 0);

    private void WriteValue(Utf8JsonWriter json, object? value, int depth)
    {
        object? item = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (RecordJsonWriter.TryWriteScalar(json, item) ||
            (!AddedMembers.Any(value!) && RecordJsonWriter.TryWrite(json, item!, _maxDepth - depth)))
        {
            return;
        }

        if (depth > _maxDepth)
        {
            Truncated = true;
            json.WriteStringValue(PSObject.AsPSObject(value!).ToString());
            return;
        }

        switch (item)
        {
            case IDictionary dictionary:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    json.WritePropertyName(entry.Key.ToString() ?? string.Empty);
                    WriteValue(json, entry.Value, depth + 1);
                }

                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (object? element in items)
                {
                    WriteValue(json, element, depth + 1);
                }

                json.WriteEndArray();
                break;
            default:
                // As ConvertTo-Json: an object's own properties first, then those added to it (notes, scripts).
                json.WriteStartObject();
                PSMemberInfoCollection<PSPropertyInfo> properties = PSObject.AsPSObject(value!).Properties;
                WriteProperties(json, properties, depth, own: true);
                WriteProperties(json, properties, depth, own: false);
                json.WriteEndObject();
                break;
        }
    }

    private void WriteProperties(Utf8JsonWriter json, PSMemberInfoCollection<PSPropertyInfo> properties, int depth, bool own)
    {
        foreach (PSPropertyInfo property in properties)
        {
            if (!property.IsGettable || (property.MemberType == PSMemberTypes.Property) != own)
            {
                continue;
            }

            json.WritePropertyName(property.Name);
            WriteValue(json, ValueOf(property), depth + 1);
        }
    }

    // A property whose getter throws is written as null, as ConvertTo-Json does.
    private static object? ValueOf(PSPropertyInfo property)
    {
        try
        {
            return property.Value;
        }
        catch (GetValueException)
        {
            return null;
        }
        catch (ExtendedTypeSystemException)
        {
            return null;
        }
    }
}
