using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Aggregator.Parsing;

namespace Aggregator.Reading.Buffers;

/// <summary>
/// The bytes of a stream a reader is looking at, as the JSON and CSV readers share them: one array refilled in place,
/// the line number at the read position, and the cancellation check. The readers parse; this only holds and moves
/// bytes (as nietras/Sep keeps its parser apart from its buffer).
/// </summary>
/// <remarks>
/// Plain fields, not properties: the readers' hot loops index <see cref="Buffer"/> between <see cref="Position"/> and
/// <see cref="End"/> directly, and keep them in locals where a loop runs per byte.
/// </remarks>
internal sealed class ByteWindow
{
    private const int CancellationCheckInterval = 1024;

    private readonly Stream _stream;
    private readonly CancellationToken _cancellation;
    private readonly Action? _onRefill;
    private int _sinceCheck;

    /// <summary>The bytes; replaced when the window grows.</summary>
    public byte[] Buffer;

    /// <summary>The next unread byte.</summary>
    public int Position;

    /// <summary>How many bytes of <see cref="Buffer"/> hold input.</summary>
    public int End;

    /// <summary>The stream has no more bytes.</summary>
    public bool EndOfStream;

    /// <summary>The line number (from 1) of the byte at <see cref="Position"/>.</summary>
    public long Line = 1;

    /// <summary>Bytes dropped from the front of the buffer so far: a buffer index plus this is a stream offset.</summary>
    public long Discarded;

    /// <summary>The stream offset of the last line break before <see cref="Position"/> that <see cref="AdvanceTo"/> passed; -1 for none.</summary>
    public long LastNewline = -1;

    /// <param name="onRefill">Called after each <see cref="Refill"/>, for progress by bytes read.</param>
    public ByteWindow(Stream stream, int initialSize, CancellationToken cancellation, Action? onRefill = null)
    {
        _stream = stream;
        Buffer = new byte[initialSize];
        _cancellation = cancellation;
        _onRefill = onRefill;
    }

    /// <summary>Bytes buffered and not yet read.</summary>
    public int Unread => End - Position;

    /// <summary>Moves the read position forward, counting the line breaks passed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AdvanceTo(int position)
    {
        int length = position - Position;
        if (length <= 0)
        {
            return;
        }

        if (length <= 16)
        {
            // Most gaps are a line break or ", ": a loop beats the vectorized count's setup.
            for (int i = Position; i < position; i++)
            {
                if (Buffer[i] == (byte)'\n')
                {
                    Line++;
                    LastNewline = Discarded + i;
                }
            }
        }
        else
        {
            int newlines = ByteScan.Count(Buffer.AsSpan(Position, length), (byte)'\n', out int last);
            if (newlines > 0)
            {
                Line += newlines;
                LastNewline = Discarded + Position + last;
            }
        }

        Position = position;
    }

    /// <summary>Reads until the buffer is full or the stream ends.</summary>
    public void FillAll()
    {
        while (End < Buffer.Length)
        {
            int read = _stream.Read(Buffer, End, Buffer.Length - End);
            if (read == 0)
            {
                EndOfStream = true;
                break;
            }

            End += read;
        }
    }

    /// <summary>Drops the bytes before <paramref name="keepFrom"/> and reads until full (the JSON reader's refill).</summary>
    /// <remarks>Not inlined: it is the cold end of the readers' loops, and inlined it costs them registers.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Refill(int keepFrom)
    {
        _cancellation.ThrowIfCancellationRequested();
        Compact(keepFrom);
        FillAll();
        _onRefill?.Invoke();
    }

    /// <summary>
    /// Moves the unread bytes to the front, or doubles a buffer they fill (up to <paramref name="maxSize"/>), then reads
    /// once (the CSV reader's refill). Returns how far the unread bytes moved back.
    /// </summary>
    public int ReadMore(int maxSize)
    {
        int moved = Position;
        if (moved == 0 && End == Buffer.Length)
        {
            Grow(maxSize);
        }

        Compact(Position);
        if (End == Buffer.Length)
        {
            return moved;   // full at the largest size: callers skip such a row before asking for more
        }

        int read = _stream.Read(Buffer, End, Buffer.Length - End);
        End += read;
        EndOfStream = read == 0;
        return moved;
    }

    /// <summary>Doubles the buffer, up to <paramref name="maxSize"/>; the bytes stay where they are.</summary>
    public void Grow(int maxSize) => Array.Resize(ref Buffer, (int)Math.Min(Buffer.Length * 2L, maxSize));

    private void Compact(int keepFrom)
    {
        if (keepFrom > 0)
        {
            System.Buffer.BlockCopy(Buffer, keepFrom, Buffer, 0, End - keepFrom);
            Discarded += keepFrom;
            End -= keepFrom;
            Position -= keepFrom;
        }
    }

    public void ThrowIfCancelled() => _cancellation.ThrowIfCancellationRequested();

    /// <summary>Counts a record; every 1024th checks for cancellation and returns true (a moment for progress).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CountRecord()
    {
        if (++_sinceCheck < CancellationCheckInterval)
        {
            return false;
        }

        _sinceCheck = 0;
        _cancellation.ThrowIfCancellationRequested();
        return true;
    }

    /// <summary>The column of a buffer position on its line (0 = line start); for positions at or after <see cref="Position"/>.</summary>
    public int ColumnOf(int index) => (int)Math.Min(int.MaxValue, Discarded + index - LastNewline - 1);

    /// <summary>
    /// Whether the byte at index is the first on its line, indented no deeper than column. Looks back over blanks only,
    /// so a long line costs nothing.
    /// </summary>
    public bool FirstOnLineWithin(int index, int column)
    {
        byte[] buffer = Buffer;
        int i = index - 1;
        while (i >= 0 && (buffer[i] == ' ' || buffer[i] == '\t'))
        {
            i--;
        }

        bool lineStart = i >= 0 ? buffer[i] == '\n' : Discarded == 0;
        return lineStart && index - i - 1 <= column;
    }
}
