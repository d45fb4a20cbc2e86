using System;
using System.Runtime.CompilerServices;
using Aggregator.Reading.Buffers;

namespace Aggregator.Reading.Json;

/// <summary>
/// What stands around the records: a JSON array of objects, objects one after another (pretty-printed or not), JSON
/// Lines, and envelopes that hold the records in an array (CloudTrail's <c>{"Records": [...]}</c>, Graph pages). The
/// brackets and commas are counted, never recursed into; each record goes to <see cref="JsonRecordReader"/>.
/// </summary>
internal sealed class JsonFraming
{
    private readonly ByteWindow _window;
    private readonly JsonRecordReader _records;
    private readonly JsonDamageRecovery _recovery;
    private readonly RecordBuilder _builder;
    private readonly bool _lineMode;
    private readonly bool _bareEnvelopes;
    private readonly byte[] _emptyArrayText = "[]"u8.ToArray();   // an instance field: Frame runs per record and reads no static

    // The brackets and commas around records at the top level (not in JSON Lines).
    private long _openArrays;
    private long _outerArrayLine;
    private bool _afterOpening;   // nothing since the last '['
    private bool _afterComma;     // nothing since the last ','
    private bool _valueSeen;      // a record, a skip or a closed array came before

    /// <param name="bareEnvelopes">A Graph page's <c>"value"</c> array counts as an envelope even without <c>@odata</c> properties before it.</param>
    public JsonFraming(ByteWindow window, JsonRecordReader records, JsonDamageRecovery recovery, RecordBuilder builder,
        bool lineMode, bool bareEnvelopes)
    {
        _window = window;
        _records = records;
        _recovery = recovery;
        _builder = builder;
        _lineMode = lineMode;
        _bareEnvelopes = bareEnvelopes;
    }

    /// <summary>After <see cref="ReadAll"/>: what is wrong with the file as a whole (not any one record), or null.</summary>
    public string? FileProblem { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ReadAll()
    {
        ByteWindow window = _window;
        window.FillAll();
        bool[] arrayFraming = JsonBytes.ArrayFraming;   // in a local: compared per byte of every gap
        bool[] topFraming = _lineMode ? JsonBytes.Whitespace : arrayFraming;
        bool[] framing = topFraming;

        // Envelopes are looked for before every top-level record only in files that start with one, or where records
        // are Graph users: elsewhere it would cost every record a look.
        bool envelopes = _bareEnvelopes ||
            FormatDetector.RecordsEnvelopeLength(window.Buffer.AsSpan(window.Position, window.End - window.Position)) > 0;
        bool inEnvelope = false;
        while (true)
        {
            // Gaps between records are short ("\n", ",\n  "): a table loop beats a vectorized search here.
            byte[] buffer = window.Buffer;
            int end = window.End;
            int next = window.Position;
            while (next < end && framing[buffer[next]])
            {
                if (buffer[next] > (byte)' ' && framing == arrayFraming)
                {
                    window.AdvanceTo(next);
                    Frame();
                    next = window.Position;
                    continue;
                }

                next++;
            }

            if (next == end)
            {
                window.AdvanceTo(end);
                if (window.EndOfStream)
                {
                    if (_openArrays > 0 && !_recovery.SkipRanToEnd)
                    {
                        FileProblem = $"The JSON array that opens on line {_outerArrayLine} is not closed: the file ends first.";
                    }

                    return;
                }

                window.Refill(window.Position);
                continue;
            }

            if (inEnvelope && buffer[next] == (byte)']')
            {
                window.AdvanceTo(next);
                SkipEnvelopeEnd();
                inEnvelope = false;
                framing = topFraming;
                continue;
            }

            // Inside an envelope too: after a damaged last record the resync may land on the next page's opening.
            if (envelopes && buffer[next] == (byte)'{')
            {
                window.AdvanceTo(next);
                int opening = FormatDetector.EnvelopeOpeningLength(buffer.AsSpan(window.Position, end - window.Position),
                    _bareEnvelopes, out bool incomplete);
                if (incomplete && !window.EndOfStream && (window.Position > 0 || end < buffer.Length))
                {
                    window.Refill(window.Position);
                    continue;
                }

                if (opening > 0)
                {
                    window.AdvanceTo(window.Position + opening);
                    inEnvelope = true;
                    framing = JsonBytes.EnvelopeFraming;
                    continue;
                }
            }

            window.AdvanceTo(next);
            if (buffer[next] == (byte)'{')
            {
                _records.Read();
            }
            else
            {
                _recovery.SkipStrayText();
            }

            _valueSeen = true;
            _afterOpening = _afterComma = false;
            window.CountRecord();
        }
    }

    // A '[', ']' or ',' between top-level records, at the window's position: arrays are counted; an empty one where a
    // record belongs (not the whole file's), a ']' that closes nothing and a ',' with no record before it are skipped records.
    private void Frame()
    {
        ByteWindow window = _window;
        int pos = window.Position;
        byte c = window.Buffer[pos];
        if (c == (byte)'[')
        {
            if (_openArrays++ == 0)
            {
                _outerArrayLine = window.Line;
            }

            _afterOpening = true;
            _afterComma = false;
        }
        else if (c == (byte)']')
        {
            if (_openArrays == 0)
            {
                _builder.Skip(window.Line, SkipReason.InvalidJson, "Found ']' that closes no array.", new RawText(window.Buffer, pos, 1));
            }
            else
            {
                if (_afterOpening && (_openArrays > 1 || _valueSeen))
                {
                    _builder.Skip(window.Line, SkipReason.NotAnObject, "Expected a record object but found an empty array.",
                        new RawText(_emptyArrayText, 0, _emptyArrayText.Length));
                }

                _openArrays--;
            }

            _valueSeen = true;
            _afterOpening = _afterComma = false;
        }
        else if (_afterOpening || _afterComma || !_valueSeen)
        {
            _builder.Skip(window.Line, SkipReason.InvalidJson, "Found ',' where a record belongs.", new RawText(window.Buffer, pos, 1));
        }
        else
        {
            _afterComma = true;
        }

        window.AdvanceTo(pos + 1);
    }

    // From the ']' that closes an envelope's array to just past the envelope's closing '}': the properties after the
    // array (such as @odata.nextLink) are not records.
    private void SkipEnvelopeEnd()
    {
        ByteWindow window = _window;
        window.AdvanceTo(window.Position + 1);
        int depth = 0;
        bool inString = false, escaped = false;
        while (true)
        {
            byte[] buffer = window.Buffer;
            for (int i = window.Position; i < window.End; i++)
            {
                byte c = buffer[i];
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (c == (byte)'\\')
                    {
                        escaped = true;
                    }
                    else if (c == (byte)'"')
                    {
                        inString = false;
                    }
                }
                else if (c == (byte)'"')
                {
                    inString = true;
                }
                else if (c is (byte)'{' or (byte)'[')
                {
                    depth++;
                }
                else if (c is (byte)'}' or (byte)']' && depth-- == 0)
                {
                    window.AdvanceTo(i + 1);
                    return;
                }
            }

            window.AdvanceTo(window.End);
            if (window.EndOfStream)
            {
                return;
            }

            window.Refill(window.Position);
        }
    }
}
