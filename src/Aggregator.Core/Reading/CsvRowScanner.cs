using System;
using System.Collections.Generic;

namespace Aggregator.Reading;

/// <summary>
/// Finds where one CSV row ends and where its cells are, in bytes that start at the row. RFC 4180 with the leniency
/// of Import-Csv and Python's csv: a quote opens a quoted field only at the start of a field, and is text anywhere
/// else. Inside quotes, separators and line breaks are text and a doubled quote is one quote. A row ends at a line
/// feed, a carriage return with or without a line feed, or the end of the input.
/// </summary>
internal static class CsvRowScanner
{
    private const byte Quote = (byte)'"';

    public enum Outcome
    {
        /// <summary>The row and its line break are in the bytes.</summary>
        Complete,

        /// <summary>The row may go on past the bytes given: read more and scan again.</summary>
        NeedMore,

        /// <summary>A quoted field has text after its closing quote.</summary>
        TextAfterClosingQuote,

        /// <summary>A quoted field is still open at the end of the input.</summary>
        UnterminatedQuote,
    }

    /// <summary>A cell's text, relative to the row's start; <see cref="Escaped"/> when it holds doubled quotes.</summary>
    public readonly record struct Cell(int Start, int Length, bool Escaped);

    /// <summary>A complete row: <see cref="Length"/> bytes of text, <see cref="Next"/> with its line break, over <see cref="Lines"/> lines.</summary>
    public readonly record struct Row(int Length, int Next, int Lines);

    /// <summary>
    /// Scans the row at the start of <paramref name="data"/>, keeping the first <paramref name="wantedCells"/> cells.
    /// <paramref name="final"/> says no more input follows the bytes given.
    /// </summary>
    public static Outcome Scan(ReadOnlySpan<byte> data, byte separator, bool final, List<Cell> cells, int wantedCells, out Row row)
    {
        row = default;
        cells.Clear();
        int i = 0;
        while (true)
        {
            if (i < data.Length && data[i] == Quote)
            {
                int close = ClosingQuote(data, i + 1, final, out bool escaped);
                if (close < 0)
                {
                    return final ? Outcome.UnterminatedQuote : Outcome.NeedMore;
                }

                Keep(cells, wantedCells, new Cell(i + 1, close - i - 1, escaped));
                i = close + 1;
                if (i == data.Length)
                {
                    if (!final)
                    {
                        return Outcome.NeedMore;
                    }

                    break;
                }

                if (data[i] == separator)
                {
                    i++;
                    continue;
                }

                if (data[i] is not ((byte)'\n' or (byte)'\r'))
                {
                    return Outcome.TextAfterClosingQuote;
                }

                break;
            }

            int stop = data.Slice(i).IndexOfAny(separator, (byte)'\n', (byte)'\r');
            if (stop < 0)
            {
                if (!final)
                {
                    return Outcome.NeedMore;
                }

                Keep(cells, wantedCells, new Cell(i, data.Length - i, false));
                i = data.Length;
                break;
            }

            Keep(cells, wantedCells, new Cell(i, stop, false));
            i += stop;
            if (data[i] != separator)
            {
                break;
            }

            i++;
        }

        int next = i;
        if (i < data.Length)
        {
            next = i + 1;
            if (data[i] == (byte)'\r')
            {
                if (i + 1 == data.Length && !final)
                {
                    return Outcome.NeedMore;   // a line feed may follow
                }

                if (i + 1 < data.Length && data[i + 1] == (byte)'\n')
                {
                    next = i + 2;
                }
            }
        }

        row = new Row(i, next, 1 + LineBreaks(data.Slice(0, i)));
        return Outcome.Complete;
    }

    /// <summary>Where the next line starts after the first line break in <paramref name="data"/>, or -1 if it is not known yet.</summary>
    public static int NextLineStart(ReadOnlySpan<byte> data, bool final, out int lineLength)
    {
        lineLength = data.IndexOfAny((byte)'\n', (byte)'\r');
        if (lineLength < 0)
        {
            lineLength = data.Length;
            return final ? data.Length : -1;
        }

        if (data[lineLength] == (byte)'\n')
        {
            return lineLength + 1;
        }

        if (lineLength + 1 < data.Length)
        {
            return data[lineLength + 1] == (byte)'\n' ? lineLength + 2 : lineLength + 1;
        }

        return final ? lineLength + 1 : -1;
    }

    /// <summary>Doubled quotes as one: the text of an <see cref="Cell.Escaped"/> cell.</summary>
    public static int Unescape(ReadOnlySpan<byte> cell, Span<byte> into)
    {
        int written = 0;
        for (int i = 0; i < cell.Length; i++)
        {
            into[written++] = cell[i];
            if (cell[i] == Quote)
            {
                i++;   // the second quote of the pair
            }
        }

        return written;
    }

    // The index of the quote that closes a field whose text starts at from, or -1 if it is not in the bytes.
    private static int ClosingQuote(ReadOnlySpan<byte> data, int from, bool final, out bool escaped)
    {
        escaped = false;
        int at = from;
        while (true)
        {
            int quote = data.Slice(at).IndexOf(Quote);
            if (quote < 0)
            {
                return -1;
            }

            at += quote;
            if (at + 1 == data.Length)
            {
                // Either the closing quote, or the first of a pair that the next read completes.
                return final ? at : -1;
            }

            if (data[at + 1] != Quote)
            {
                return at;
            }

            escaped = true;
            at += 2;
        }
    }

    private static void Keep(List<Cell> cells, int wantedCells, Cell cell)
    {
        if (cells.Count < wantedCells)
        {
            cells.Add(cell);
        }
    }

    // Line breaks inside the row's quoted fields: line feeds, and carriage returns not followed by one.
    private static int LineBreaks(ReadOnlySpan<byte> text)
    {
        int breaks = 0;
        int at = 0;
        while (true)
        {
            int hit = text.Slice(at).IndexOfAny((byte)'\n', (byte)'\r');
            if (hit < 0)
            {
                return breaks;
            }

            at += hit;
            breaks++;
            at += text[at] == (byte)'\r' && at + 1 < text.Length && text[at + 1] == (byte)'\n' ? 2 : 1;
        }
    }
}
