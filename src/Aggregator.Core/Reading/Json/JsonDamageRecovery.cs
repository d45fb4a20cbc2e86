using System;
using System.Text.Json;
using Aggregator.Reading.Buffers;

namespace Aggregator.Reading.Json;

/// <summary>
/// Damage costs only the damaged record: it is reported once as skipped, and reading resumes where a record can start
/// (in JSON Lines the next line; elsewhere a '{' first on its line or right after a '}'). Text that is not a record
/// at all is skipped the same way.
/// </summary>
internal sealed class JsonDamageRecovery
{
    private readonly ByteWindow _window;
    private readonly JsonRecordBounds _bounds;
    private readonly RecordBuilder _builder;
    private readonly bool _lineMode;

    public JsonDamageRecovery(ByteWindow window, JsonRecordBounds bounds, RecordBuilder builder, bool lineMode)
    {
        _window = window;
        _bounds = bounds;
        _builder = builder;
        _lineMode = lineMode;
    }

    /// <summary>The last damaged record ran to the end of the file (so an array left open is not reported again).</summary>
    public bool SkipRanToEnd { get; private set; }

    /// <summary>
    /// Text at the window's position that is not a record: a JSON value other than an object is skipped whole
    /// (NotAnObject); anything else is reported once as InvalidJson up to where a record can start (a '{' after stray
    /// text on the same line belongs to the same damage).
    /// </summary>
    public void SkipStrayText()
    {
        if (TrySkipNonObjectValue())
        {
            return;
        }

        int limit = _bounds.Limit(out _);
        int pos = _window.Position;
        string sample = new RawText(_window.Buffer, pos, Math.Min(limit - pos, 64)).ToString();
        ReportAndResync(pos + 1, SkipReason.InvalidJson, $"Expected '{{' to start a record but found '{Shorten(sample)}'.",
            strayText: true);
    }

    /// <summary>Reports the record (or stray text) at the window's position as skipped and moves to the next place a record can start.</summary>
    public void ReportAndResync(int errorAt, SkipReason reason, string message, bool strayText = false)
    {
        ByteWindow window = _window;
        long line = window.Line;
        int recordStart = window.Position;
        // Stray text closes no record and has no indentation to keep to: only a '{' first on its line resumes.
        int column = strayText ? int.MaxValue : window.ColumnOf(window.Position);
        bool afterBrace = !strayText;
        int resume = FindResyncPoint(Math.Max(errorAt, window.Position + 1), column, afterBrace);
        int rawEnd = resume >= 0 ? resume : window.End;
        _builder.Skip(line, reason, message, new RawText(window.Buffer, recordStart, rawEnd - recordStart));

        while (resume < 0)
        {
            window.AdvanceTo(window.End);
            if (window.EndOfStream)
            {
                return;
            }

            window.Refill(Math.Max(window.Position - 64, 0));   // keep a little context for the line-start test
            resume = FindResyncPoint(window.Position, column, afterBrace);
        }

        SkipRanToEnd = resume == window.End && window.EndOfStream;
        window.AdvanceTo(resume);
    }

    private bool TrySkipNonObjectValue()
    {
        ByteWindow window = _window;
        byte first = window.Buffer[window.Position];
        if (first != '"' && first != '-' && (uint)(first - '0') > 9 && first != 't' && first != 'f' && first != 'n' && first != '[')
        {
            return false;
        }

        while (true)
        {
            int limit = _bounds.Limit(out bool final);
            int pos = window.Position;
            var reader = new Utf8JsonReader(window.Buffer.AsSpan(pos, limit - pos), final, JsonBytes.InitialState);
            bool complete;
            try
            {
                complete = reader.Read() && (reader.TokenType != JsonTokenType.StartArray || reader.TrySkip());
                // A number at the end of a partial buffer may continue: only a following byte settles it.
                complete &= final || pos + (int)reader.BytesConsumed < limit;
            }
            catch (JsonException)
            {
                return false;
            }

            // In JSON Lines a value followed by more text on its line is one damaged line, not a value and more.
            if (complete && _lineMode && !IsBlank(pos + (int)reader.BytesConsumed, limit))
            {
                return false;
            }

            if (complete)
            {
                int end = pos + (int)reader.BytesConsumed;
                string kind = first switch { (byte)'"' => "a string", (byte)'[' => "an array", (byte)'t' or (byte)'f' => "a boolean", (byte)'n' => "null", _ => "a number" };
                _builder.Skip(window.Line, SkipReason.NotAnObject, $"Expected a record object but found {kind}.",
                    new RawText(window.Buffer, pos, end - pos));
                window.AdvanceTo(end);
                return true;
            }

            if (window.EndOfStream || !_bounds.MakeRoom())
            {
                return false;
            }
        }
    }

    private bool IsBlank(int from, int to)
    {
        byte[] buffer = _window.Buffer;
        for (int i = from; i < to; i++)
        {
            if (!JsonBytes.Whitespace[buffer[i]])
            {
                return false;
            }
        }

        return true;
    }

    // The next '{' that plausibly starts a record: first on its line (no deeper indented than the damaged record),
    // or right after a '}' (optionally with a comma between) as in "},{" and "}{". JSON Lines: the next line.
    private int FindResyncPoint(int from, int recordColumn, bool afterBrace)
    {
        ByteWindow window = _window;
        byte[] buffer = window.Buffer;
        int end = window.End;
        if (_lineMode)
        {
            int newline = buffer.AsSpan(from, end - from).IndexOf((byte)'\n');
            int lineEnd = newline >= 0 ? from + newline : end;
            for (int i = from; i < lineEnd; i++)
            {
                if (afterBrace && buffer[i] == (byte)'{' && FollowsClosingBrace(i))
                {
                    return i;
                }
            }

            return newline >= 0 ? lineEnd + 1 : (window.EndOfStream ? end : -1);
        }

        int at = from;
        while (at < end)
        {
            int brace = buffer.AsSpan(at, end - at).IndexOf((byte)'{');
            if (brace < 0)
            {
                break;
            }

            int candidate = at + brace;
            if ((afterBrace && FollowsClosingBrace(candidate)) || window.FirstOnLineWithin(candidate, recordColumn))
            {
                return candidate;
            }

            at = candidate + 1;
        }

        return window.EndOfStream ? end : -1;
    }

    private bool FollowsClosingBrace(int index)
    {
        byte[] buffer = _window.Buffer;
        bool[] whitespace = JsonBytes.Whitespace;
        int i = index - 1;
        while (i >= 0 && whitespace[buffer[i]])
        {
            i--;
        }

        if (i >= 0 && buffer[i] == (byte)',')
        {
            i--;
            while (i >= 0 && whitespace[buffer[i]])
            {
                i--;
            }
        }

        return i >= 0 && buffer[i] == (byte)'}';
    }

    private static string Shorten(string text)
    {
        text = text.Replace('\n', ' ').Replace('\r', ' ');
        return text.Length <= 40 ? text : text.Substring(0, 37) + "...";
    }
}
