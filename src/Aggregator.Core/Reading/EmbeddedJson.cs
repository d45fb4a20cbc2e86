using System;
using System.Text.Json;
using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>
/// A dotted path that goes on into a string holding a JSON object: Log Analytics exports nested columns such as
/// InitiatedBy as text. The text is parsed and its values are offered as if the object were nested there.
/// </summary>
internal static class EmbeddedJson
{
    private const int MaxNameBytes = 1024;

    /// <param name="depth">The depth of the embedded object's own properties.</param>
    /// <param name="alive">The paths that continue into the string.</param>
    public static void Offer(FieldPathMatcher matcher, RecordBuilder builder, byte[] array, int offset, int length, int depth, ulong alive)
    {
        int start = offset;
        while (start < offset + length && array[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == offset + length || array[start] != '{' || depth > matcher.MaxDepth)
        {
            return;
        }

        Span<ulong> aliveAt = stackalloc ulong[matcher.MaxDepth + 2];
        var reader = new Utf8JsonReader(array.AsSpan(start, offset + length - start));
        try
        {
            reader.Read();
            int level = depth;
            aliveAt[level] = alive;
            ulong leaves = 0, continuing = 0;
            while (reader.Read())
            {
                int at = start + (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        leaves = continuing = 0;
                        if (aliveAt[level] != 0 && level <= matcher.MaxDepth && reader.ValueSpan.Length <= MaxNameBytes)
                        {
                            Span<byte> name = stackalloc byte[MaxNameBytes];
                            int nameLength = reader.CopyString(name);
                            leaves = matcher.Match(level, aliveAt[level], name.Slice(0, nameLength), out continuing);
                        }

                        continue;
                    case JsonTokenType.StartObject:
                        Set(matcher, builder, leaves, ValueKind.Composite, array, at, 1);
                        if (continuing != 0 && level + 1 < aliveAt.Length)
                        {
                            aliveAt[++level] = continuing;
                        }
                        else
                        {
                            reader.Skip();
                        }

                        break;
                    case JsonTokenType.StartArray:
                        Set(matcher, builder, leaves, ValueKind.Composite, array, at, 1);
                        reader.Skip();
                        break;
                    case JsonTokenType.EndObject:
                        if (--level < depth)
                        {
                            return;
                        }

                        break;
                    case JsonTokenType.String:
                        byte[] text = array;
                        int textOffset = at + 1;
                        int textLength = reader.ValueSpan.Length;
                        if (reader.ValueIsEscaped)
                        {
                            Span<byte> target = builder.ReserveScratch(textLength, out text, out textOffset);
                            textLength = reader.CopyString(target);
                        }

                        Set(matcher, builder, leaves, ValueKind.Text, text, textOffset, textLength);
                        if (continuing != 0)
                        {
                            Offer(matcher, builder, text, textOffset, textLength, level + 1, continuing);
                        }

                        break;
                    default:
                        ValueKind kind = reader.TokenType switch
                        {
                            JsonTokenType.Number => ValueKind.Number,
                            JsonTokenType.True => ValueKind.True,
                            JsonTokenType.False => ValueKind.False,
                            _ => ValueKind.Null,
                        };
                        Set(matcher, builder, leaves, kind, array, at, reader.ValueSpan.Length);
                        break;
                }

                leaves = continuing = 0;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON after all: what was offered stands, and the paths find nothing more.
        }
    }

    private static void Set(FieldPathMatcher matcher, RecordBuilder builder, ulong leaves, ValueKind kind, byte[] array, int offset, int length)
    {
        while (leaves != 0)
        {
            int id = System.Numerics.BitOperations.TrailingZeroCount(leaves);
            leaves &= leaves - 1;
            builder.Set(matcher.FieldOf(id), matcher.RankOf(id), kind, array, offset, length);
        }
    }
}
