using System;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Threading;
using Aggregator.Parsing;
using CsvHelper;

namespace Aggregator.Reading;

/// <summary>
/// Reads CSV with a header row. Columns match fields by the same names as JSON properties (a dotted name matches a
/// header spelled that way). An empty cell counts as no value. Rows with broken quoting are skipped as InvalidCsv.
/// Plain lines (no quote, no bare carriage return) are split in place, which is most of the time in most files; from
/// the first line that needs real CSV parsing, CsvHelper reads the rest of the file.
/// </summary>
internal sealed class CsvEventReader
{
    private const int CancellationCheckInterval = 1024;
    private const int InitialBufferSize = 1 << 16;
    private const int ShortLineBytes = 64;
    private const int SeparatorDetectionBytes = 1 << 16;   // CsvHelper's default buffer

    private readonly Stream _stream;
    private readonly RecordBuilder _builder;
    private readonly FieldMap _fields;
    private readonly CancellationToken _cancellation;
    private readonly Action? _onProgress;
    private readonly bool _plainLines;

    private byte[] _buffer = new byte[InitialBufferSize];
    private int _position;
    private int _end;
    private bool _endOfStream;
    private long _linesRead;
    private int _sinceCheck;
    private byte _separator = (byte)',';

    /// <param name="plainLines">False reads every line through CsvHelper (tests compare the two paths).</param>
    public CsvEventReader(Stream stream, RecordBuilder builder, EventReadOptions options, CancellationToken cancellation,
        Action? onProgress, bool plainLines = true)
    {
        _stream = stream;
        _builder = builder;
        _fields = options.Fields;
        _cancellation = cancellation;
        _onProgress = onProgress;
        _plainLines = plainLines;
    }

    public void Run()
    {
        ReadAll();
        _builder.Finish();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadAll()
    {
        if (!_plainLines)
        {
            ReadWithCsvHelper(_stream, columns: null, linesBefore: 0);
            return;
        }

        // CsvHelper detects the separator from its first buffer of the file: buffer as much before asking it.
        while (!_endOfStream && _end < SeparatorDetectionBytes)
        {
            Fill();
        }

        if (!NextLine(out int start, out int length, out bool plain))
        {
            new CsvColumns(Array.Empty<string>(), _fields).RequireAll(_fields);
            return;
        }

        if (!plain || length == 0 || IsSeparatorHint(start, length))
        {
            ReadWithCsvHelper(Remainder(start), columns: null, linesBefore: 0);
            return;
        }

        // The separator is the one CsvHelper settles on (',', ';', tab or '|', from the lines it first reads). When
        // none but ',' occurs in all it would read, that is ','; otherwise CsvHelper reads the header and says.
        (string[] header, char separator) = IsCommaOnly(start)
            ? (SplitHeader(start, length), ',')
            : ReadHeader(_buffer.AsMemory(start, _end - start));
        if (separator > 0x7F)
        {
            ReadWithCsvHelper(Remainder(start), columns: null, linesBefore: 0);
            return;
        }

        _separator = (byte)separator;
        _linesRead = 1;
        var columns = new CsvColumns(header, _fields);
        columns.RequireAll(_fields);
        int usefulColumns = columns.UsefulColumns;
        while (true)
        {
            bool split = TryShortLine(out start, out length, out ulong separators);
            if (!split)
            {
                if (!NextLine(out start, out length, out plain))
                {
                    return;
                }

                if (!plain)
                {
                    ReadWithCsvHelper(Remainder(start), columns, _linesRead);
                    return;
                }
            }

            long line = ++_linesRead;
            if (length == 0)
            {
                continue;
            }

            _builder.Reset();
            if (split)
            {
                OfferCells(columns, usefulColumns, start, length, separators);
            }
            else
            {
                OfferFields(columns, usefulColumns, start, length);
            }

            _builder.Complete(line, new RawText(_buffer, start, length));
            CheckNow();
        }
    }

    /// <summary>
    /// The common case in one step: a plain line that ends within the next 64 buffered bytes, with the positions of
    /// its separators as bits. Anything else (a longer line, a quote, a bare carriage return, the buffer's end) is left
    /// to <see cref="NextLine"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryShortLine(out int start, out int length, out ulong separators)
    {
        start = _position;
        length = 0;
        separators = 0;
        if (!Vector256.IsHardwareAccelerated || _end - _position < ShortLineBytes)
        {
            return false;
        }

        ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _position);
        Vector256<byte> low = Vector256.LoadUnsafe(ref at), high = Vector256.LoadUnsafe(ref at, 32);
        ulong lineFeeds = Matches(low, high, (byte)'\n');
        if (lineFeeds == 0)
        {
            return false;
        }

        int end = BitOperations.TrailingZeroCount(lineFeeds);
        length = end;
        ulong special = (Matches(low, high, (byte)'"') | Matches(low, high, (byte)'\r')) & ((1UL << end) - 1);
        if (special != 0)
        {
            // Plain only if it is one carriage return, right before the line feed.
            if (special != 1UL << (end - 1) || Unsafe.Add(ref at, end - 1) != (byte)'\r')
            {
                return false;
            }

            length = end - 1;
        }

        separators = Matches(low, high, _separator) & ((1UL << length) - 1);
        _position += end + 1;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Matches(Vector256<byte> low, Vector256<byte> high, byte value) =>
        Vector256.Equals(low, Vector256.Create(value)).ExtractMostSignificantBits() |
        ((ulong)Vector256.Equals(high, Vector256.Create(value)).ExtractMostSignificantBits() << 32);

    // Offers each useful cell of a short line, cut where the separator bits say.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OfferCells(CsvColumns columns, int usefulColumns, int start, int length, ulong separators)
    {
        int cellStart = start, lineEnd = start + length;
        for (int column = 0; column < usefulColumns; column++)
        {
            int cellEnd = separators == 0 ? lineEnd : start + BitOperations.TrailingZeroCount(separators);
            Offer(columns.For(column), cellStart, cellEnd - cellStart);
            if (separators == 0)
            {
                return;
            }

            separators &= separators - 1;
            cellStart = cellEnd + 1;
        }
    }

    // Offers each useful cell of a longer plain line: the cells between separators, as they are.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OfferFields(CsvColumns columns, int usefulColumns, int start, int length)
    {
        int cellStart = start, lineEnd = start + length;
        for (int column = 0; column < usefulColumns; column++)
        {
            int separator = ByteScan.IndexOf(_buffer.AsSpan(cellStart, lineEnd - cellStart), _separator);
            Offer(columns.For(column), cellStart, separator < 0 ? lineEnd - cellStart : separator);
            if (separator < 0)
            {
                return;
            }

            cellStart += separator + 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Offer(ReadOnlySpan<CsvColumns.Target> targets, int offset, int length)
    {
        foreach (CsvColumns.Target target in targets)
        {
            if (length == 0)
            {
                _builder.Set(target.Field, target.Rank, ValueKind.Null, Array.Empty<byte>(), 0, 0);
            }
            else
            {
                _builder.Set(target.Field, target.Rank, ValueKind.Text, _buffer, offset, length);
            }
        }
    }

    /// <summary>
    /// The next line, without its line break. A line is plain when it has no quote and no carriage return except
    /// one right before its line feed; a line that is not plain is left unread, for CsvHelper.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool NextLine(out int start, out int length, out bool plain)
    {
        int scanFrom = _position;
        while (true)
        {
            int hit = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOfAny((byte)'\n', (byte)'"', (byte)'\r');
            if (hit >= 0)
            {
                int at = scanFrom + hit;
                byte found = _buffer[at];
                bool lineFeedNext = found == '\r' && at + 1 < _end && _buffer[at + 1] == '\n';
                if (found == '\n' || lineFeedNext)
                {
                    start = _position;
                    length = at - start;
                    _position = lineFeedNext ? at + 2 : at + 1;
                    plain = true;
                    return true;
                }

                if (found == '"' || at + 1 < _end || _endOfStream)
                {
                    start = _position;
                    length = 0;
                    plain = false;
                    return true;
                }

                // A carriage return ends the buffer: whether a line feed follows is in the next read.
                scanFrom = at;
            }
            else if (_endOfStream)
            {
                start = _position;
                length = _end - _position;
                _position = _end;
                plain = true;
                return length > 0;
            }
            else
            {
                scanFrom = _end;
            }

            scanFrom -= Fill();
        }
    }

    // Moves the unread bytes to the front, reads more, and returns how far the unread bytes moved back.
    private int Fill()
    {
        int moved = _position;
        int unread = _end - _position;
        if (moved > 0)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, unread);
        }
        else if (unread == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _position = 0;
        _end = unread;
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _endOfStream = read == 0;
        return moved;
    }

    private Stream Remainder(int start) => new PrefixedStream(_buffer, start, _end - start, _stream);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckNow()
    {
        if (++_sinceCheck >= CancellationCheckInterval)
        {
            _sinceCheck = 0;
            _cancellation.ThrowIfCancellationRequested();
            _onProgress?.Invoke();
        }
    }

    // The general path: quoting, line breaks in quotes, bare carriage returns. Its line numbers continue from
    // the lines already read, and without columns the stream starts with the header.
    private void ReadWithCsvHelper(Stream stream, CsvColumns? columns, long linesBefore)
    {
        CsvReaderOptions options = Options(record => ReportMalformed(record, linesBefore));
        if (columns is not null)
        {
            // The rows after a header already read, with the header's separator.
            options = options with { HasHeader = false, Separator = (char)_separator };
        }

        using CsvReader csv = CsvReader.Create(stream, options, leaveOpen: true);
        if (columns is null)
        {
            columns = new CsvColumns(csv.Headers.ToArray(), _fields);
            columns.RequireAll(_fields);
        }

        // The row's text is read only if the row is skipped, while it is still the current row.
        var rawRow = new RawText(() => Encoding.UTF8.GetString(csv.RawRecord));
        int usefulColumns = columns.UsefulColumns;
        while (csv.Read())
        {
            _builder.Reset();
            int cells = Math.Min(usefulColumns, csv.FieldCount);
            for (int column = 0; column < cells; column++)
            {
                ReadOnlySpan<CsvColumns.Target> targets = columns.For(column);
                if (!targets.IsEmpty)
                {
                    ReadOnlySpan<byte> cell = csv.GetSpan(column);
                    foreach (CsvColumns.Target target in targets)
                    {
                        OfferCopy(target, cell);
                    }
                }
            }

            _builder.Complete(linesBefore + csv.LineNumber, rawRow);
            CheckNow();
        }
    }

    private static CsvReaderOptions Options(Action<CsvMalformedRecord>? onMalformed) => new()
    {
        HasHeader = true,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Skip,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        OnMalformedRecord = onMalformed,
    };

    // Excel's "sep=;" first line: CsvHelper takes the separator from it and reads the header from the next line.
    private bool IsSeparatorHint(int start, int length) =>
        length >= 4 && Ascii.EqualsIgnoreCase(_buffer.AsSpan(start, 4), "sep="u8);

    // CsvHelper picks a comma when no other candidate appears in the input it reads, which is at most what is
    // buffered here.
    private bool IsCommaOnly(int start) => _buffer.AsSpan(start, _end - start).IndexOfAny((byte)';', (byte)'\t', (byte)'|') < 0;

    // A plain header line: its cells between commas, as they are.
    private string[] SplitHeader(int start, int length)
    {
        ReadOnlySpan<byte> line = _buffer.AsSpan(start, length);
        var cells = new string[line.Count((byte)',') + 1];
        for (int cell = 0; cell < cells.Length; cell++)
        {
            int comma = line.IndexOf((byte)',');
            cells[cell] = Encoding.UTF8.GetString(comma < 0 ? line : line.Slice(0, comma));
            line = comma < 0 ? default : line.Slice(comma + 1);
        }

        return cells;
    }

    private static (string[] Header, char Separator) ReadHeader(ReadOnlyMemory<byte> start)
    {
        using CsvReader csv = CsvReader.Create(start, Options(onMalformed: null));
        return (csv.Headers.ToArray(), csv.Separator);
    }

    private void ReportMalformed(CsvMalformedRecord record, long linesBefore)
    {
        if (!record.Skipped)
        {
            return;
        }

        _builder.Skip(linesBefore + record.LineNumber, SkipReason.InvalidCsv, Describe(record.Reason), new RawText(record.RawRecord));
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "The row has a quote inside an unquoted field.",
        CsvMalformedReason.TextAfterClosingQuote => "The row has text after the closing quote of a field.",
        CsvMalformedReason.UnterminatedQuote => "The row has a quoted field that is never closed.",
        CsvMalformedReason.LineBreakInQuotes => "The row has a line break inside quotes.",
        CsvMalformedReason.FieldCountMismatch => "The row has a different number of fields from the header.",
        _ => $"The row is malformed ({reason}).",
    };

    private void OfferCopy(CsvColumns.Target target, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            _builder.Set(target.Field, target.Rank, ValueKind.Null, Array.Empty<byte>(), 0, 0);
            return;
        }

        // CsvHelper's span is only valid until its next read; the builder keeps its own copy for the row.
        Span<byte> copy = _builder.ReserveScratch(value.Length, out byte[] array, out int offset);
        value.CopyTo(copy);
        _builder.Set(target.Field, target.Rank, ValueKind.Text, array, offset, value.Length);
    }
}
