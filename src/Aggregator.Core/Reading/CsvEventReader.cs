using System;
using System.IO;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Threading;
using Aggregator.Parsing;
using Aggregator.Reading.Buffers;
using Aggregator.Reading.Shapes;
using CsvHelper;

namespace Aggregator.Reading;

/// <summary>
/// Reads CSV with a header row. Columns match fields by the same names as JSON properties (a dotted name matches a
/// header spelled that way). An empty cell counts as no value. Plain lines (no quote, no bare carriage return) are
/// split in place, which is most of the time in most files; any other row goes through <see cref="CsvRowScanner"/>.
/// Damage costs only its own line: a row with broken quoting is skipped as InvalidCsv and reading resumes at the next
/// line, and a row longer than the record size limit is skipped as RecordTooLarge without being buffered whole.
/// </summary>
internal sealed class CsvEventReader
{
    private const int InitialBufferSize = 1 << 16;
    private const int ShortLineBytes = 64;
    private const int SeparatorDetectionBytes = 1 << 16;   // CsvHelper's default buffer

    private readonly ByteWindow _window;
    private readonly RecordBuilder _builder;
    private readonly FieldMap _fields;
    private readonly Action? _onProgress;
    private readonly bool _plainLines;
    private readonly int _maxRecordBytes;
    private readonly int _maxBufferSize;
    private readonly List<CsvRowScanner.Cell> _cells = new();

    private byte _separator = (byte)',';

    /// <param name="plainLines">False reads every row through <see cref="CsvRowScanner"/> (tests compare the two paths).</param>
    public CsvEventReader(Stream stream, RecordBuilder builder, EventReadOptions options, CancellationToken cancellation,
        Action? onProgress, bool plainLines = true)
    {
        _window = new ByteWindow(stream, InitialBufferSize, cancellation);
        _builder = builder;
        _fields = options.Fields;
        _onProgress = onProgress;
        _plainLines = plainLines;
        _maxRecordBytes = RecordSizeLimit.Of(options);
        _maxBufferSize = Math.Max(InitialBufferSize, _maxRecordBytes + InitialBufferSize);
    }

    public void Run()
    {
        ReadAll();
        _builder.Finish();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadAll()
    {
        // The separator is detected from the start of the file: buffer as much as CsvHelper would look at.
        while (!_window.EndOfStream && _window.End < SeparatorDetectionBytes)
        {
            Fill();
        }

        _separator = DetectSeparator();
        string[] header = ReadHeader();
        var columns = new CsvColumns(WithRowNamesColumn(header), _fields);
        RecordShapes.For(_fields).CheckHeader(columns, _fields, _builder);

        int usefulColumns = columns.UsefulColumns;
        while (true)
        {
            bool split = TryShortLine(out int start, out int length, out ulong separators);
            if (!split)
            {
                if (!_plainLines)
                {
                    if (_window.Position == _window.End && !MoreInput())
                    {
                        return;
                    }

                    ReadScannedRow(columns);
                    continue;
                }

                if (!NextLine(out start, out length, out bool plain))
                {
                    return;
                }

                if (!plain)
                {
                    ReadScannedRow(columns);
                    continue;
                }
            }

            long line = _window.Line++;
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

            _builder.Complete(line, new RawText(_window.Buffer, start, length));
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
        ByteWindow window = _window;
        start = window.Position;
        length = 0;
        separators = 0;
        if (!_plainLines || !Vector256.IsHardwareAccelerated || window.End - start < ShortLineBytes)
        {
            return false;
        }

        ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(window.Buffer), start);
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
        window.Position = start + end + 1;
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
        byte[] buffer = _window.Buffer;
        int cellStart = start, lineEnd = start + length;
        for (int column = 0; column < usefulColumns; column++)
        {
            int cellEnd = separators == 0 ? lineEnd : start + BitOperations.TrailingZeroCount(separators);
            Offer(columns.For(column), buffer, cellStart, cellEnd - cellStart);
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
        byte[] buffer = _window.Buffer;
        int cellStart = start, lineEnd = start + length;
        for (int column = 0; column < usefulColumns; column++)
        {
            int separator = ByteScan.IndexOf(buffer.AsSpan(cellStart, lineEnd - cellStart), _separator);
            Offer(columns.For(column), buffer, cellStart, separator < 0 ? lineEnd - cellStart : separator);
            if (separator < 0)
            {
                return;
            }

            cellStart += separator + 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Offer(ReadOnlySpan<CsvColumns.Target> targets, byte[] buffer, int offset, int length)
    {
        foreach (CsvColumns.Target target in targets)
        {
            if (length == 0)
            {
                _builder.Set(target.Field, target.Rank, ValueKind.Null, Array.Empty<byte>(), 0, 0);
            }
            else
            {
                _builder.Set(target.Field, target.Rank, ValueKind.Text, buffer, offset, length);
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
        int scanFrom = _window.Position;
        while (true)
        {
            int hit = _window.Buffer.AsSpan(scanFrom, _window.End - scanFrom).IndexOfAny((byte)'\n', (byte)'"', (byte)'\r');
            if (hit >= 0)
            {
                int at = scanFrom + hit;
                byte found = _window.Buffer[at];
                bool lineFeedNext = found == '\r' && at + 1 < _window.End && _window.Buffer[at + 1] == '\n';
                if (found == '\n' || lineFeedNext)
                {
                    start = _window.Position;
                    length = at - start;
                    _window.Position = lineFeedNext ? at + 2 : at + 1;
                    plain = true;
                    return true;
                }

                if (found == '"' || at + 1 < _window.End || _window.EndOfStream)
                {
                    start = _window.Position;
                    length = 0;
                    plain = false;
                    return true;
                }

                // A carriage return ends the buffer: whether a line feed follows is in the next read.
                scanFrom = at;
            }
            else if (_window.EndOfStream)
            {
                start = _window.Position;
                length = _window.End - _window.Position;
                _window.Position = _window.End;
                plain = true;
                return length > 0;
            }
            else if (_window.End - _window.Position > _maxRecordBytes)
            {
                // Too long to be a row: the scanner reports it and skips to the next line.
                start = _window.Position;
                length = 0;
                plain = false;
                return true;
            }
            else
            {
                scanFrom = _window.End;
            }

            scanFrom -= Fill();
        }
    }

    // Moves the unread bytes to the front, reads more (growing a full buffer up to the record size limit and a little),
    // and returns how far the unread bytes moved back.
    private int Fill() => _window.ReadMore(_maxBufferSize);

    // Reads at least as much again as is unread, so scanning a long row over and over costs linear time in all.
    // False at the end of the input.
    private bool MoreInput()
    {
        int unread = _window.End - _window.Position;
        int wanted = (int)Math.Min(2L * unread + 1, _maxBufferSize);
        while (!_window.EndOfStream && _window.End - _window.Position < wanted)
        {
            Fill();
        }

        return _window.End - _window.Position > unread;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckNow()
    {
        if (_window.CountRecord())
        {
            _onProgress?.Invoke();
        }
    }

    /// <summary>
    /// Reads the row at the current position with <see cref="CsvRowScanner"/>. A row with broken quoting costs only its
    /// first line: reading resumes at the next line, so an unclosed quote cannot swallow the rest of the file.
    /// </summary>
    private void ReadScannedRow(CsvColumns columns)
    {
        CsvRowScanner.Outcome outcome;
        CsvRowScanner.Row row;
        while (true)
        {
            outcome = CsvRowScanner.Scan(_window.Buffer.AsSpan(_window.Position, _window.End - _window.Position), _separator, _window.EndOfStream, _cells,
                columns.UsefulColumns, out row);
            if (outcome != CsvRowScanner.Outcome.NeedMore)
            {
                break;
            }

            if (_window.End - _window.Position > _maxRecordBytes)
            {
                SkipOversizeRow();
                return;
            }

            MoreInput();
        }

        if (outcome != CsvRowScanner.Outcome.Complete)
        {
            SkipLine(SkipReason.InvalidCsv, Describe(outcome));
            return;
        }

        long line = _window.Line;
        _window.Line += row.Lines;
        if (row.Length > 0)
        {
            _builder.Reset();
            for (int column = 0; column < _cells.Count; column++)
            {
                foreach (CsvColumns.Target target in columns.For(column))
                {
                    OfferCell(target, _cells[column]);
                }
            }

            _builder.Complete(line, new RawText(_window.Buffer, _window.Position, row.Length));
            CheckNow();
        }

        _window.Position += row.Next;
    }

    // A row that has not ended within the limit. If its first line has ended, a quote opened there runs on over
    // later lines: most likely a broken quote, so only that line is skipped. Otherwise the line itself is too long.
    private void SkipOversizeRow()
    {
        bool spansLines = _window.Buffer.AsSpan(_window.Position, _window.End - _window.Position).IndexOfAny((byte)'\n', (byte)'\r') >= 0;
        string limit = RecordSizeLimit.Describe(_maxRecordBytes);
        if (spansLines)
        {
            SkipLine(SkipReason.InvalidCsv, $"The row has a quoted field that does not close within {limit}.");
        }
        else
        {
            SkipLine(SkipReason.RecordTooLarge, $"The row is larger than {limit}.");
        }
    }

    /// <summary>
    /// Reports the line at the current position as skipped and moves past its line break. What is buffered is its raw
    /// text; the rest of a line longer than the limit is read past without being kept.
    /// </summary>
    private void SkipLine(SkipReason reason, string message)
    {
        long line = _window.Line++;
        int next;
        while ((next = CsvRowScanner.NextLineStart(_window.Buffer.AsSpan(_window.Position, _window.End - _window.Position), _window.EndOfStream, out _)) < 0
               && _window.End - _window.Position <= _maxRecordBytes)
        {
            MoreInput();
        }

        CsvRowScanner.NextLineStart(_window.Buffer.AsSpan(_window.Position, _window.End - _window.Position), _window.EndOfStream, out int lineLength);
        _builder.Skip(line, reason, message, new RawText(_window.Buffer, _window.Position, lineLength));
        CheckNow();
        while (next < 0)
        {
            // Keep only a final carriage return, whose line feed may be the next byte read.
            bool carriageReturnLast = _window.End > _window.Position && _window.Buffer[_window.End - 1] == (byte)'\r';
            _window.Position = carriageReturnLast ? _window.End - 1 : _window.End;
            _window.ThrowIfCancelled();
            Fill();
            next = CsvRowScanner.NextLineStart(_window.Buffer.AsSpan(_window.Position, _window.End - _window.Position), _window.EndOfStream, out _);
        }

        _window.Position += next;
    }

    private static string Describe(CsvRowScanner.Outcome outcome) => outcome switch
    {
        CsvRowScanner.Outcome.TextAfterClosingQuote => "The row has text after the closing quote of a field.",
        CsvRowScanner.Outcome.UnterminatedQuote => "The row has a quoted field that is never closed.",
        _ => $"The row is malformed ({outcome}).",
    };

    // The separator CsvHelper would settle on: Excel's "sep=;" first line, else ',' when no other candidate appears
    // in the start of the file, else what CsvHelper detects from it.
    private byte DetectSeparator()
    {
        if (SeparatorHint() is byte hinted)
        {
            return hinted;
        }

        if (IsCommaOnly(_window.Position))
        {
            return (byte)',';
        }

        try
        {
            using CsvReader csv = CsvReader.Create(_window.Buffer.AsMemory(_window.Position, _window.End - _window.Position), new CsvReaderOptions());
            csv.ReadHeader();
            return csv.Separator <= 0x7F ? (byte)csv.Separator : (byte)',';
        }
        catch (CsvFormatException)
        {
            return (byte)',';
        }
    }

    // Excel's "sep=;" first line: it names the separator and is not the header.
    private byte? SeparatorHint()
    {
        int next = CsvRowScanner.NextLineStart(_window.Buffer.AsSpan(_window.Position, _window.End - _window.Position), _window.EndOfStream, out int length);
        if (next < 0 || length != 5 || !Ascii.EqualsIgnoreCase(_window.Buffer.AsSpan(_window.Position, 4), "sep="u8) || _window.Buffer[_window.Position + 4] > 0x7F)
        {
            return null;
        }

        byte separator = _window.Buffer[_window.Position + 4];
        _window.Position += next;
        _window.Line++;
        return separator;
    }

    // The header: the first row that is not empty, read as any row is. No header at all is an empty one.
    private string[] ReadHeader()
    {
        while (true)
        {
            if (_window.Position == _window.End && !MoreInput())
            {
                return Array.Empty<string>();
            }

            CsvRowScanner.Outcome outcome;
            CsvRowScanner.Row row;
            while ((outcome = CsvRowScanner.Scan(_window.Buffer.AsSpan(_window.Position, _window.End - _window.Position), _separator, _window.EndOfStream,
                       _cells, int.MaxValue, out row)) == CsvRowScanner.Outcome.NeedMore)
            {
                if (_window.End - _window.Position > _maxRecordBytes)
                {
                    throw new InvalidHeaderException($"The header row is larger than {RecordSizeLimit.Describe(_maxRecordBytes)}.");
                }

                MoreInput();
            }

            if (outcome != CsvRowScanner.Outcome.Complete)
            {
                throw new InvalidHeaderException("The header row cannot be read: " + Describe(outcome));
            }

            _window.Line += row.Lines;
            string[] header = new string[row.Length == 0 ? 0 : _cells.Count];
            for (int cell = 0; cell < header.Length; cell++)
            {
                header[cell] = Encoding.UTF8.GetString(CellText(_cells[cell]));
            }

            _window.Position += row.Next;
            if (header.Length > 0)
            {
                return header;
            }
        }
    }

    /// <summary>
    /// R's write.csv convention, which read.csv reverses: when the first row has one cell more than the header, that
    /// first cell is the row's name and the header names the cells after it. An unnamed column is put in front so
    /// that the names fall on their cells; without that, the UCI occupancy data's "date" would read the row numbers.
    /// </summary>
    private string[] WithRowNamesColumn(string[] header)
    {
        if (header.Length == 0)
        {
            return header;
        }

        int start = _window.Position;
        while (true)
        {
            int next = CsvRowScanner.NextLineStart(_window.Buffer.AsSpan(start, _window.End - start), _window.EndOfStream, out int length);
            if (next <= 0 || length > 0)
            {
                break;
            }

            start += next;   // empty lines before the first row
        }

        CsvRowScanner.Outcome outcome = CsvRowScanner.Scan(_window.Buffer.AsSpan(start, _window.End - start), _separator, _window.EndOfStream,
            _cells, int.MaxValue, out CsvRowScanner.Row row);
        if (outcome != CsvRowScanner.Outcome.Complete || row.Length == 0 || _cells.Count != header.Length + 1)
        {
            return header;
        }

        string[] shifted = new string[header.Length + 1];
        shifted[0] = "";
        Array.Copy(header, 0, shifted, 1, header.Length);
        return shifted;
    }

    private ReadOnlySpan<byte> CellText(CsvRowScanner.Cell cell)
    {
        ReadOnlySpan<byte> text = _window.Buffer.AsSpan(_window.Position + cell.Start, cell.Length);
        if (!cell.Escaped)
        {
            return text;
        }

        byte[] unescaped = new byte[text.Length];
        return unescaped.AsSpan(0, CsvRowScanner.Unescape(text, unescaped));
    }

    // CsvHelper picks a comma when no other candidate appears in the input it reads, which is at most what is
    // buffered here.
    private bool IsCommaOnly(int start) => _window.Buffer.AsSpan(start, _window.End - start).IndexOfAny((byte)';', (byte)'\t', (byte)'|') < 0;

    private void OfferCell(CsvColumns.Target target, CsvRowScanner.Cell cell)
    {
        if (cell.Length == 0)
        {
            _builder.Set(target.Field, target.Rank, ValueKind.Null, Array.Empty<byte>(), 0, 0);
        }
        else if (!cell.Escaped)
        {
            _builder.Set(target.Field, target.Rank, ValueKind.Text, _window.Buffer, _window.Position + cell.Start, cell.Length);
        }
        else
        {
            ReadOnlySpan<byte> text = _window.Buffer.AsSpan(_window.Position + cell.Start, cell.Length);
            Span<byte> copy = _builder.ReserveScratch(text.Length, out byte[] array, out int offset);
            _builder.Set(target.Field, target.Rank, ValueKind.Text, array, offset, CsvRowScanner.Unescape(text, copy));
        }
    }
}
