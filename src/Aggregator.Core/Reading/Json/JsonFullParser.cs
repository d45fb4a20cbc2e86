using System;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Aggregator.Parsing;
using Aggregator.Reading.Buffers;

namespace Aggregator.Reading.Json;

/// <summary>
/// Reads any record the flat scan declines: tokenized by <see cref="Utf8JsonReader"/>, which also says what is wrong.
/// Only the wanted fields are kept; nested objects no field path enters are skipped whole, and a path may go on
/// into a string that holds JSON (<see cref="EmbeddedJson"/>). Values are offered as slices of the window's buffer.
/// </summary>
internal sealed class JsonFullParser
{
    private const int MaxTrackedDepth = 16;

    private readonly ByteWindow _window;
    private readonly JsonFieldRouter _fields;
    private readonly FieldPathMatcher _matcher;
    private readonly RecordBuilder _builder;
    private readonly bool _lineMode;
    private readonly ulong[] _alive = new ulong[MaxTrackedDepth + 2];   // the field paths still open at each depth

    public JsonFullParser(ByteWindow window, JsonFieldRouter fields, bool lineMode)
    {
        _window = window;
        _fields = fields;
        _matcher = fields.Matcher;
        _builder = fields.Builder;
        _lineMode = lineMode;
    }

    public enum Outcome
    {
        Complete,
        NeedMoreData,
        Invalid,
    }

    /// <summary>
    /// Tokenizes the object whose '{' is at the window's position, up to <paramref name="limit"/>; <paramref name="final"/>
    /// says no more bytes can belong to it. When invalid, <paramref name="errorAt"/> is where the damage was seen.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Outcome Parse(int limit, bool final, out int recordEnd, out int errorAt, out string? error)
    {
        recordEnd = errorAt = 0;
        error = null;
        _builder.Reset();
        int pos = _window.Position;
        var reader = new Utf8JsonReader(_window.Buffer.AsSpan(pos, limit - pos), final, JsonBytes.InitialState);
        try
        {
            reader.Read();   // the '{' that starts the record
            _fields.RestartNames();
            int depth = 1;
            _alive[1] = _matcher.RootMask;
            ulong leaves = 0, continuing = 0;
            while (true)
            {
                if (!reader.Read())
                {
                    if (final)
                    {
                        errorAt = pos + (int)reader.BytesConsumed;
                        error = "The record ends before its closing brace.";
                        return Outcome.Invalid;
                    }

                    return Outcome.NeedMoreData;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        continuing = 0;
                        leaves = _alive[depth] == 0 ? 0 : MatchName(ref reader, depth, out continuing);
                        break;
                    case JsonTokenType.StartObject:
                        if (!_lineMode && StartsNewRecord(pos + (int)reader.TokenStartIndex))
                        {
                            errorAt = pos + (int)reader.TokenStartIndex;
                            error = "The record is cut off: a new record starts before it closes.";
                            return Outcome.Invalid;
                        }

                        if (leaves != 0)
                        {
                            OfferComposite(leaves, ref reader);
                        }

                        if (continuing != 0 && depth < MaxTrackedDepth)
                        {
                            _alive[++depth] = continuing;
                        }
                        else if (!reader.TrySkip())
                        {
                            return Outcome.NeedMoreData;
                        }

                        leaves = continuing = 0;
                        break;
                    case JsonTokenType.StartArray:
                        if (leaves != 0)
                        {
                            OfferComposite(leaves, ref reader);
                        }

                        if (!reader.TrySkip())
                        {
                            return Outcome.NeedMoreData;
                        }

                        leaves = continuing = 0;
                        break;
                    case JsonTokenType.EndObject:
                        if (--depth == 0)
                        {
                            recordEnd = pos + (int)reader.BytesConsumed;
                            return Outcome.Complete;
                        }

                        leaves = continuing = 0;
                        break;
                    default:
                        if (leaves != 0)
                        {
                            OfferScalar(ref reader, leaves);
                        }

                        if (continuing != 0 && reader.TokenType == JsonTokenType.String)
                        {
                            OfferEmbedded(ref reader, depth + 1, continuing);
                        }

                        leaves = continuing = 0;
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            errorAt = pos + (int)reader.BytesConsumed;
            error = Describe(ex);
            return Outcome.Invalid;
        }
    }

    // A '{' nested in the record that is first on its line and no deeper indented than the record itself is taken as
    // the start of the next record: pretty-printed JSON opens nested objects after "key":, not on a new line.
    // (Looking back from the brace stops at the record's own '{' when no line break comes between them.)
    private bool StartsNewRecord(int brace) => _window.FirstOnLineWithin(brace, _window.ColumnOf(_window.Position));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong MatchName(ref Utf8JsonReader reader, int depth, out ulong continuing)
    {
        if (!reader.ValueIsEscaped)
        {
            ReadOnlySpan<byte> raw = reader.ValueSpan;
            return depth == 1 ? _fields.MatchTopLevelName(raw, out continuing) : _matcher.Match(depth, _alive[depth], raw, out continuing);
        }

        Span<byte> name = stackalloc byte[Math.Min(reader.ValueSpan.Length, 1024)];
        if (reader.ValueSpan.Length > 1024)
        {
            continuing = 0;
            return 0;
        }

        int length = CopyUnescaped(ref reader, name);
        return _matcher.Match(depth, _alive[depth], name.Slice(0, length), out continuing);
    }

    // Utf8JsonReader validates UTF-8 only while unescaping, and reports it with an InvalidOperationException; found by
    // fuzzing. As JSON damage it makes the record skipped (InvalidJson) like any other.
    private static int CopyUnescaped(scoped ref Utf8JsonReader reader, scoped Span<byte> target)
    {
        try
        {
            return reader.CopyString(target);
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException("A string holds invalid UTF-8 next to an escape sequence.", ex);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OfferScalar(ref Utf8JsonReader reader, ulong leaves)
    {
        ValueKind kind;
        byte[] array = _window.Buffer;
        int offset = _window.Position + (int)reader.TokenStartIndex;
        int length = reader.ValueSpan.Length;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                kind = ValueKind.Text;
                if (reader.ValueIsEscaped)
                {
                    Span<byte> target = _builder.ReserveScratch(length, out array, out offset);
                    length = CopyUnescaped(ref reader, target);
                }
                else
                {
                    offset++;   // past the opening quote
                }

                break;
            case JsonTokenType.Number:
                kind = ValueKind.Number;
                break;
            case JsonTokenType.True:
                kind = ValueKind.True;
                break;
            case JsonTokenType.False:
                kind = ValueKind.False;
                break;
            default:
                kind = ValueKind.Null;
                break;
        }

        _fields.Offer(leaves, kind, array, offset, length);
    }

    // A path that goes on into a string value: the string may hold a JSON object (EmbeddedJson).
    private void OfferEmbedded(ref Utf8JsonReader reader, int depth, ulong continuing)
    {
        byte[] array = _window.Buffer;
        int offset = _window.Position + (int)reader.TokenStartIndex + 1;
        int length = reader.ValueSpan.Length;
        if (reader.ValueIsEscaped)
        {
            Span<byte> target = _builder.ReserveScratch(length, out array, out offset);
            length = CopyUnescaped(ref reader, target);
        }

        EmbeddedJson.Offer(_matcher, _builder, array, offset, length, depth, continuing);
    }

    // The value is offered as its opening bracket, so a builder can tell an array from an object.
    private void OfferComposite(ulong leaves, ref Utf8JsonReader reader) =>
        _fields.Offer(leaves, ValueKind.Composite, _window.Buffer, _window.Position + (int)reader.TokenStartIndex, 1);

    // Utf8JsonReader's message without its " LineNumber: ..." tail: the skip already names the line.
    private static string Describe(JsonException ex)
    {
        string message = ex.Message;
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message.Substring(0, cut).TrimEnd() : message;
    }
}
