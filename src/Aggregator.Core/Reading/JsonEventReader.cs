using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using Aggregator.Parsing;

namespace Aggregator.Reading;

/// <summary>
/// Streams JSON records through a fixed buffer: a JSON array of objects, objects one after another (pretty-printed or not),
/// or JSON Lines. A flat record is scanned directly; any other is tokenized with <see cref="Utf8JsonReader"/>, which
/// also reports what is wrong. Only the four wanted fields are kept, and nested objects no field path enters are skipped
/// whole. Damage costs only the damaged record: the reader reports it once and resumes where a record can start.
/// </summary>
internal sealed class JsonEventReader
{
    internal const int InitialBufferSize = 1 << 20;
    private const int MaxTrackedDepth = 16;
    private const int CancellationCheckInterval = 1024;
    private const int RecentNameSlots = 32;

    private static readonly byte[] EmptyArrayText = "[]"u8.ToArray();
    private static readonly bool[] ArrayFramingTable = ByteTable(" \t\r\n,[]"u8);
    private static readonly bool[] WhitespaceTable = ByteTable(" \t\r\n"u8);
    private static readonly bool[] EnvelopeFramingTable = ByteTable(" \t\r\n,"u8);
    private static readonly bool[] StringStopTable = StringStops();
    private static readonly JsonReaderState InitialState = new(new JsonReaderOptions
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    });

    private readonly Stream _stream;
    private readonly RecordBuilder _builder;
    private readonly FieldPathMatcher _matcher;
    private readonly bool _lineMode;
    private readonly bool _bareEnvelopes;
    private readonly int _maxRecordBytes;
    private readonly CancellationToken _cancellation;
    private readonly Action? _onRefill;
    private readonly ulong[] _alive = new ulong[MaxTrackedDepth + 2];

    // Records in one file mostly share a shape: remember what the n-th top-level property name matched last time.
    private readonly NameMatch[] _recentNames = new NameMatch[RecentNameSlots];
    private int _propertyOrdinal;

    private byte[] _buffer = new byte[InitialBufferSize];
    private int _pos;          // next unread byte
    private int _end;          // bytes in the buffer
    private bool _eof;
    private long _line = 1;    // line number of _buffer[_pos]
    private long _discarded;   // bytes dropped from the front of the buffer so far
    private long _lastNewline = -1;   // file offset of the last line break before _pos
    private int _sinceCheck;

    // The brackets and commas around records at the top level (not in JSON Lines): counted, never recursed into.
    private long _openArrays;
    private long _outerArrayLine;
    private bool _afterOpening;   // nothing since the last '['
    private bool _afterComma;     // nothing since the last ','
    private bool _valueSeen;      // a record, a skip or a closed array came before
    private bool _skipRanToEnd;   // the last damaged record ran to the end of the file

    public JsonEventReader(Stream stream, RecordBuilder builder, EventReadOptions options, bool lineMode,
        CancellationToken cancellation, Action? onRefill)
    {
        _stream = stream;
        _builder = builder;
        _matcher = options.Fields.Matcher;
        _lineMode = lineMode;
        _bareEnvelopes = options.Fields.Shape == RecordShape.SignIn;
        _maxRecordBytes = RecordSizeLimit.Of(options);
        _cancellation = cancellation;
        _onRefill = onRefill;
    }

    /// <summary>Line breaks passed so far; after <see cref="Run"/>, all the input held.</summary>
    public long LineBreaks => _line - 1;

    /// <summary>After <see cref="Run"/>: what is wrong with the file as a whole (not any one record), or null.</summary>
    public string? FileProblem { get; private set; }

    public void Run()
    {
        ReadAll();
        _builder.Finish();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadAll()
    {
        Fill();
        bool[] topFraming = _lineMode ? WhitespaceTable : ArrayFramingTable;
        bool[] framing = topFraming;

        // Envelopes ({"Records": [...]}, Graph pages) are looked for before every top-level record only in files that
        // start with one, or where records are Graph users: elsewhere it would cost every record a look.
        bool envelopes = _bareEnvelopes || FormatDetector.RecordsEnvelopeLength(_buffer.AsSpan(_pos, _end - _pos)) > 0;
        bool inEnvelope = false;
        while (true)
        {
            // Gaps between records are short ("\n", ",\n  "): a table loop beats a vectorized search here.
            int next = _pos;
            while (next < _end && framing[_buffer[next]])
            {
                if (_buffer[next] > (byte)' ' && framing == ArrayFramingTable)
                {
                    AdvanceTo(next);
                    Frame();
                    next = _pos;
                    continue;
                }

                next++;
            }

            if (next == _end)
            {
                AdvanceTo(_end);
                if (_eof)
                {
                    if (_openArrays > 0 && !_skipRanToEnd)
                    {
                        FileProblem = $"The JSON array that opens on line {_outerArrayLine} is not closed: the file ends first.";
                    }

                    return;
                }

                Refill(_pos);
                continue;
            }

            if (inEnvelope && _buffer[next] == (byte)']')
            {
                AdvanceTo(next);
                SkipEnvelopeEnd();
                inEnvelope = false;
                framing = topFraming;
                continue;
            }

            // Inside an envelope too: after a damaged last record the resync may land on the next page's opening.
            if (envelopes && _buffer[next] == (byte)'{')
            {
                AdvanceTo(next);
                int opening = FormatDetector.EnvelopeOpeningLength(_buffer.AsSpan(_pos, _end - _pos), _bareEnvelopes, out bool incomplete);
                if (incomplete && !_eof && (_pos > 0 || _end < _buffer.Length))
                {
                    Refill(_pos);
                    continue;
                }

                if (opening > 0)
                {
                    AdvanceTo(_pos + opening);
                    inEnvelope = true;
                    framing = EnvelopeFramingTable;
                    continue;
                }
            }

            AdvanceTo(next);
            if (_buffer[_pos] == (byte)'{')
            {
                ReadRecord();
            }
            else
            {
                SkipStrayText();
            }

            _valueSeen = true;
            _afterOpening = _afterComma = false;

            if (++_sinceCheck >= CancellationCheckInterval)
            {
                _sinceCheck = 0;
                _cancellation.ThrowIfCancellationRequested();
            }
        }
    }

    // A '[', ']' or ',' between top-level records, at _pos: arrays are counted; an empty one where a record belongs
    // (not the whole file's), a ']' that closes nothing and a ',' with no record before it are skipped records.
    private void Frame()
    {
        byte c = _buffer[_pos];
        if (c == (byte)'[')
        {
            if (_openArrays++ == 0)
            {
                _outerArrayLine = _line;
            }

            _afterOpening = true;
            _afterComma = false;
        }
        else if (c == (byte)']')
        {
            if (_openArrays == 0)
            {
                _builder.Skip(_line, SkipReason.InvalidJson, "Found ']' that closes no array.", new RawText(_buffer, _pos, 1));
            }
            else
            {
                if (_afterOpening && (_openArrays > 1 || _valueSeen))
                {
                    _builder.Skip(_line, SkipReason.NotAnObject, "Expected a record object but found an empty array.",
                        new RawText(EmptyArrayText, 0, EmptyArrayText.Length));
                }

                _openArrays--;
            }

            _valueSeen = true;
            _afterOpening = _afterComma = false;
        }
        else if (_afterOpening || _afterComma || !_valueSeen)
        {
            _builder.Skip(_line, SkipReason.InvalidJson, "Found ',' where a record belongs.", new RawText(_buffer, _pos, 1));
        }
        else
        {
            _afterComma = true;
        }

        AdvanceTo(_pos + 1);
    }

    // From the ']' that closes an envelope's array to just past the envelope's closing '}': the properties after the
    // array (such as @odata.nextLink) are not records.
    private void SkipEnvelopeEnd()
    {
        AdvanceTo(_pos + 1);
        int depth = 0;
        bool inString = false, escaped = false;
        while (true)
        {
            for (int i = _pos; i < _end; i++)
            {
                byte c = _buffer[i];
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
                    AdvanceTo(i + 1);
                    return;
                }
            }

            AdvanceTo(_end);
            if (_eof)
            {
                return;
            }

            Refill(_pos);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadRecord()
    {
        while (true)
        {
            int limit = RecordLimit(out bool final);
            int errorAt = 0;
            string? error = null;
            ParseOutcome outcome = TryScanFlatObject(limit, out int recordEnd)
                ? ParseOutcome.Complete
                : ParseObject(limit, final, out recordEnd, out errorAt, out error);
            switch (outcome)
            {
                case ParseOutcome.Complete:
                    if (recordEnd - _pos > _maxRecordBytes)
                    {
                        _builder.Skip(_line, SkipReason.RecordTooLarge, TooLargeMessage(), new RawText(_buffer, _pos, recordEnd - _pos));
                        AdvanceTo(recordEnd);
                        return;
                    }

                    _builder.Complete(_line, new RawText(_buffer, _pos, recordEnd - _pos));
                    if (_lineMode)
                    {
                        _pos = recordEnd;   // a JSON Lines record holds no line break
                    }
                    else
                    {
                        AdvanceTo(recordEnd);
                    }

                    return;
                case ParseOutcome.Invalid:
                    ReportAndResync(errorAt, SkipReason.InvalidJson, error!);
                    return;
                default:
                    if (!MakeRoomForRecord())
                    {
                        ReportAndResync(_end, SkipReason.RecordTooLarge, TooLargeMessage());
                        return;
                    }

                    break;
            }
        }
    }

    // Where a record starting at _pos must end: the end of its line in JSON Lines, else what is buffered.
    // final says no more bytes can belong to it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int RecordLimit(out bool final)
    {
        final = _eof;
        if (_lineMode)
        {
            int newline = ByteScan.IndexOf(_buffer.AsSpan(_pos, _end - _pos), (byte)'\n');
            if (newline >= 0)
            {
                final = true;
                return _pos + newline;
            }
        }

        return _end;
    }

    // The common record is a flat object whose names and values need no unescaping: scan it directly. Only text that
    // Utf8JsonReader reads the same way is accepted; anything else (nesting, escapes, comments, control characters,
    // a malformed number, a record running past the limit) returns false, and ParseObject reads the record again,
    // reporting any error.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryScanFlatObject(int limit, out int recordEnd)
    {
        recordEnd = 0;
        byte[] b = _buffer;
        _builder.Reset();
        _propertyOrdinal = 0;
        int i = SkipSpace(b, _pos + 1, limit);
        if (i < limit && b[i] == '}')
        {
            recordEnd = i + 1;
            return true;
        }

        while (i < limit && b[i] == '"')
        {
            int nameEnd = ScanString(b, i + 1, limit);
            if (nameEnd < 0)
            {
                return false;
            }

            ulong leaves = MatchTopLevelName(b.AsSpan(i + 1, nameEnd - i - 1), out _);
            i = SkipSpace(b, nameEnd + 1, limit);
            if (i >= limit || b[i] != ':')
            {
                return false;
            }

            i = SkipSpace(b, i + 1, limit);
            if (i >= limit)
            {
                return false;
            }

            int start = i;
            ValueKind kind;
            switch (b[i])
            {
                case (byte)'"':
                    i = ScanString(b, i + 1, limit);
                    if (i < 0)
                    {
                        return false;
                    }

                    kind = ValueKind.Text;
                    start++;
                    break;
                case (byte)'t':
                    kind = ValueKind.True;
                    i = Literal(b, i, limit, "true"u8);
                    break;
                case (byte)'f':
                    kind = ValueKind.False;
                    i = Literal(b, i, limit, "false"u8);
                    break;
                case (byte)'n':
                    kind = ValueKind.Null;
                    i = Literal(b, i, limit, "null"u8);
                    break;
                default:
                    kind = ValueKind.Number;
                    i = ScanNumber(b, i, limit);
                    break;
            }

            if (i < 0)
            {
                return false;
            }

            if (leaves != 0)
            {
                Offer(leaves, kind, b, start, i - start);
            }

            if (kind == ValueKind.Text)
            {
                i++;   // the closing quote
            }

            i = SkipSpace(b, i, limit);
            if (i >= limit)
            {
                return false;
            }

            if (b[i] == '}')
            {
                recordEnd = i + 1;
                return true;
            }

            if (b[i] != ',')
            {
                return false;
            }

            i = SkipSpace(b, i + 1, limit);
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipSpace(byte[] b, int i, int limit)
    {
        while (i < limit && WhitespaceTable[b[i]])
        {
            i++;
        }

        return i;
    }

    // Index of the closing quote of a string whose text starts at i, or -1 for an escape, a control character or
    // the limit (cases the full parser settles).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScanString(byte[] b, int i, int limit)
    {
        bool[] stops = StringStopTable;
        while (i < limit && !stops[b[i]])
        {
            i++;
        }

        return i < limit && b[i] == '"' ? i : -1;
    }

    // End of a JSON number starting at i: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, or -1.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanNumber(byte[] b, int i, int limit)
    {
        if (i < limit && b[i] == '-')
        {
            i++;
        }

        if (i >= limit || !IsDigit(b[i]))
        {
            return -1;
        }

        if (b[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < limit && IsDigit(b[i]))
            {
                i++;
            }
        }

        if (i < limit && b[i] == '.')
        {
            int digits = ++i;
            while (i < limit && IsDigit(b[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return -1;
            }
        }

        if (i < limit && (b[i] == 'e' || b[i] == 'E'))
        {
            i++;
            if (i < limit && (b[i] == '+' || b[i] == '-'))
            {
                i++;
            }

            int digits = i;
            while (i < limit && IsDigit(b[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return -1;
            }
        }

        return i < limit ? i : -1;   // a number at the limit may go on: let the full parser decide
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Literal(byte[] b, int i, int limit, ReadOnlySpan<byte> word) =>
        i + word.Length < limit && b.AsSpan(i, word.Length).SequenceEqual(word) ? i + word.Length : -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    // Tokenizes one object starting at _pos. Fields are offered to the builder as slices of the buffer.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ParseOutcome ParseObject(int limit, bool final, out int recordEnd, out int errorAt, out string? error)
    {
        recordEnd = errorAt = 0;
        error = null;
        _builder.Reset();
        var reader = new Utf8JsonReader(_buffer.AsSpan(_pos, limit - _pos), final, InitialState);
        try
        {
            reader.Read();   // the '{' that starts the record
            _propertyOrdinal = 0;
            int depth = 1;
            _alive[1] = _matcher.RootMask;
            ulong leaves = 0, continuing = 0;
            while (true)
            {
                if (!reader.Read())
                {
                    if (final)
                    {
                        errorAt = _pos + (int)reader.BytesConsumed;
                        error = "The record ends before its closing brace.";
                        return ParseOutcome.Invalid;
                    }

                    return ParseOutcome.NeedMoreData;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        continuing = 0;
                        leaves = _alive[depth] == 0 ? 0 : MatchName(ref reader, depth, out continuing);
                        break;
                    case JsonTokenType.StartObject:
                        if (!_lineMode && StartsNewRecord(_pos + (int)reader.TokenStartIndex))
                        {
                            errorAt = _pos + (int)reader.TokenStartIndex;
                            error = "The record is cut off: a new record starts before it closes.";
                            return ParseOutcome.Invalid;
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
                            return ParseOutcome.NeedMoreData;
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
                            return ParseOutcome.NeedMoreData;
                        }

                        leaves = continuing = 0;
                        break;
                    case JsonTokenType.EndObject:
                        if (--depth == 0)
                        {
                            recordEnd = _pos + (int)reader.BytesConsumed;
                            return ParseOutcome.Complete;
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
            errorAt = _pos + (int)reader.BytesConsumed;
            error = Describe(ex);
            return ParseOutcome.Invalid;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong MatchName(ref Utf8JsonReader reader, int depth, out ulong continuing)
    {
        if (!reader.ValueIsEscaped)
        {
            ReadOnlySpan<byte> raw = reader.ValueSpan;
            return depth == 1 ? MatchTopLevelName(raw, out continuing) : _matcher.Match(depth, _alive[depth], raw, out continuing);
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
    // A record's own property name, matched through the cache of what the n-th name matched in the last record.
    private ulong MatchTopLevelName(ReadOnlySpan<byte> raw, out ulong continuing)
    {
        if (_propertyOrdinal >= RecentNameSlots)
        {
            return _matcher.Match(1, _matcher.RootMask, raw, out continuing);
        }

        ref NameMatch recent = ref _recentNames[_propertyOrdinal++];
        if (recent.Name is null || !ByteScan.SequenceEqual(raw, recent.Name))
        {
            recent.Leaves = _matcher.Match(1, _matcher.RootMask, raw, out recent.Continuing);
            recent.Name = raw.ToArray();
        }

        continuing = recent.Continuing;
        return recent.Leaves;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OfferScalar(ref Utf8JsonReader reader, ulong leaves)
    {
        ValueKind kind;
        byte[] array = _buffer;
        int offset = _pos + (int)reader.TokenStartIndex;
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

        Offer(leaves, kind, array, offset, length);
    }

    // A path that goes on into a string value: the string may hold a JSON object (EmbeddedJson).
    private void OfferEmbedded(ref Utf8JsonReader reader, int depth, ulong continuing)
    {
        byte[] array = _buffer;
        int offset = _pos + (int)reader.TokenStartIndex + 1;
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
        Offer(leaves, ValueKind.Composite, _buffer, _pos + (int)reader.TokenStartIndex, 1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Offer(ulong leaves, ValueKind kind, byte[] array, int offset, int length)
    {
        while (leaves != 0)
        {
            int id = System.Numerics.BitOperations.TrailingZeroCount(leaves);
            leaves &= leaves - 1;
            _builder.Set(_matcher.FieldOf(id), _matcher.RankOf(id), kind, array, offset, length);
        }
    }

    // Text that is not a record: a JSON value other than an object is skipped whole (NotAnObject); anything else is
    // reported once as InvalidJson up to where a record can start: in JSON Lines the next line, elsewhere a '{' first on
    // its line (a '{' after stray text on the same line belongs to the same damage).
    private void SkipStrayText()
    {
        if (TrySkipNonObjectValue())
        {
            return;
        }

        int limit = RecordLimit(out _);
        string sample = new RawText(_buffer, _pos, Math.Min(limit - _pos, 64)).ToString();
        ReportAndResync(_pos + 1, SkipReason.InvalidJson, $"Expected '{{' to start a record but found '{Shorten(sample)}'.",
            strayText: true);
    }

    private bool TrySkipNonObjectValue()
    {
        byte first = _buffer[_pos];
        if (first != '"' && first != '-' && (uint)(first - '0') > 9 && first != 't' && first != 'f' && first != 'n' && first != '[')
        {
            return false;
        }

        while (true)
        {
            int limit = RecordLimit(out bool final);

            var reader = new Utf8JsonReader(_buffer.AsSpan(_pos, limit - _pos), final, InitialState);
            bool complete;
            try
            {
                complete = reader.Read() && (reader.TokenType != JsonTokenType.StartArray || reader.TrySkip());
                // A number at the end of a partial buffer may continue: only a following byte settles it.
                complete &= final || _pos + (int)reader.BytesConsumed < limit;
            }
            catch (JsonException)
            {
                return false;
            }

            // In JSON Lines a value followed by more text on its line is one damaged line, not a value and more.
            if (complete && _lineMode && !IsBlank(_pos + (int)reader.BytesConsumed, limit))
            {
                return false;
            }

            if (complete)
            {
                int end = _pos + (int)reader.BytesConsumed;
                string kind = first switch { (byte)'"' => "a string", (byte)'[' => "an array", (byte)'t' or (byte)'f' => "a boolean", (byte)'n' => "null", _ => "a number" };
                _builder.Skip(_line, SkipReason.NotAnObject, $"Expected a record object but found {kind}.",
                    new RawText(_buffer, _pos, end - _pos));
                AdvanceTo(end);
                return true;
            }

            if (_eof || !MakeRoomForRecord())
            {
                return false;
            }
        }
    }

    private bool IsBlank(int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (!WhitespaceTable[_buffer[i]])
            {
                return false;
            }
        }

        return true;
    }

    // Reports the record (or stray text) at _pos as skipped and moves to the next place a record can start.
    private void ReportAndResync(int errorAt, SkipReason reason, string message, bool strayText = false)
    {
        long line = _line;
        int recordStart = _pos;
        // Stray text closes no record and has no indentation to keep to: only a '{' first on its line resumes.
        int column = strayText ? int.MaxValue : ColumnOf(_pos);
        bool afterBrace = !strayText;
        int resume = FindResyncPoint(Math.Max(errorAt, _pos + 1), column, afterBrace);
        int rawEnd = resume >= 0 ? resume : _end;
        _builder.Skip(line, reason, message,
            new RawText(_buffer, recordStart, rawEnd - recordStart));

        while (resume < 0)
        {
            AdvanceTo(_end);
            if (_eof)
            {
                return;
            }

            Refill(Math.Max(_pos - 64, 0));   // keep a little context for the line-start test
            resume = FindResyncPoint(_pos, column, afterBrace);
        }

        _skipRanToEnd = resume == _end && _eof;
        AdvanceTo(resume);
    }

    // The next '{' that plausibly starts a record: first on its line (no deeper indented than the damaged record),
    // or right after a '}' (optionally with a comma between) as in "},{" and "}{". JSON Lines: the next line.
    private int FindResyncPoint(int from, int recordColumn, bool afterBrace = true)
    {
        if (_lineMode)
        {
            int newline = _buffer.AsSpan(from, _end - from).IndexOf((byte)'\n');
            int lineEnd = newline >= 0 ? from + newline : _end;
            for (int i = from; i < lineEnd; i++)
            {
                if (afterBrace && _buffer[i] == (byte)'{' && FollowsClosingBrace(i))
                {
                    return i;
                }
            }

            return newline >= 0 ? lineEnd + 1 : (_eof ? _end : -1);
        }

        int at = from;
        while (at < _end)
        {
            int brace = _buffer.AsSpan(at, _end - at).IndexOf((byte)'{');
            if (brace < 0)
            {
                break;
            }

            int candidate = at + brace;
            if ((afterBrace && FollowsClosingBrace(candidate)) || FirstOnLineWithin(candidate, recordColumn))
            {
                return candidate;
            }

            at = candidate + 1;
        }

        return _eof ? _end : -1;
    }

    // Column of a buffer position on its line (0 = line start); positions at or after _pos only.
    private int ColumnOf(int index) => (int)Math.Min(int.MaxValue, _discarded + index - _lastNewline - 1);

    // A '{' nested in the record at _pos that is first on its line and no deeper indented than the record itself is
    // taken as the start of the next record: pretty-printed JSON opens nested objects after "key":, not on a new line.
    // (Looking back from the brace stops at the record's own '{' when no line break comes between them.)
    private bool StartsNewRecord(int brace) => FirstOnLineWithin(brace, ColumnOf(_pos));

    private string TooLargeMessage() => $"The record is larger than {RecordSizeLimit.Describe(_maxRecordBytes)}.";

    private bool FollowsClosingBrace(int index)
    {
        int i = index - 1;
        while (i >= 0 && WhitespaceTable[_buffer[i]])
        {
            i--;
        }

        if (i >= 0 && _buffer[i] == (byte)',')
        {
            i--;
            while (i >= 0 && WhitespaceTable[_buffer[i]])
            {
                i--;
            }
        }

        return i >= 0 && _buffer[i] == (byte)'}';
    }

    // Whether the byte at index is the first on its line, indented no deeper than column. Looks back over blanks
    // only, so a long line costs nothing.
    private bool FirstOnLineWithin(int index, int column)
    {
        int i = index - 1;
        while (i >= 0 && (_buffer[i] == ' ' || _buffer[i] == '\t'))
        {
            i--;
        }

        bool lineStart = i >= 0 ? _buffer[i] == '\n' : _discarded == 0;
        return lineStart && index - i - 1 <= column;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AdvanceTo(int position)
    {
        int length = position - _pos;
        if (length <= 0)
        {
            return;
        }

        if (length <= 16)
        {
            // Most gaps are a line break or ", ": a loop beats the vectorized count's setup.
            for (int i = _pos; i < position; i++)
            {
                if (_buffer[i] == (byte)'\n')
                {
                    _line++;
                    _lastNewline = _discarded + i;
                }
            }
        }
        else
        {
            int newlines = ByteScan.Count(_buffer.AsSpan(_pos, length), (byte)'\n', out int last);
            if (newlines > 0)
            {
                _line += newlines;
                _lastNewline = _discarded + _pos + last;
            }
        }

        _pos = position;
    }

    // The record at _pos does not fit in what is buffered: read more, growing the buffer when the record fills it.
    private bool MakeRoomForRecord()
    {
        if (_eof)
        {
            return true;   // the parser saw the end and reports the record as cut off
        }

        if (_end - _pos >= _maxRecordBytes)
        {
            return false;
        }

        if (_pos == 0 && _end == _buffer.Length)
        {
            if (_buffer.Length >= _maxRecordBytes)
            {
                return false;
            }

            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _maxRecordBytes));
        }

        Refill(_pos);
        return true;
    }

    private void Fill()
    {
        while (_end < _buffer.Length)
        {
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
                break;
            }

            _end += read;
        }
    }

    // Drops bytes before keepFrom and reads more.
    private void Refill(int keepFrom)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (keepFrom > 0)
        {
            Buffer.BlockCopy(_buffer, keepFrom, _buffer, 0, _end - keepFrom);
            _discarded += keepFrom;
            _end -= keepFrom;
            _pos -= keepFrom;
        }

        Fill();
        _onRefill?.Invoke();
    }

    // Bytes that end the fast scan of a string: the closing quote, an escape, or a control character.
    private static bool[] StringStops()
    {
        bool[] table = ByteTable("\"\\"u8);
        for (int c = 0; c < 0x20; c++)
        {
            table[c] = true;
        }

        return table;
    }

    private static bool[] ByteTable(ReadOnlySpan<byte> members)
    {
        var table = new bool[256];
        foreach (byte b in members)
        {
            table[b] = true;
        }

        return table;
    }

    private static string Describe(JsonException ex)
    {
        string message = ex.Message;
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message.Substring(0, cut).TrimEnd() : message;
    }

    private static string Shorten(string text)
    {
        text = text.Replace('\n', ' ').Replace('\r', ' ');
        return text.Length <= 40 ? text : text.Substring(0, 37) + "...";
    }

    private struct NameMatch
    {
        public byte[]? Name;
        public ulong Leaves;
        public ulong Continuing;
    }

    private enum ParseOutcome
    {
        Complete,
        NeedMoreData,
        Invalid,
    }
}
