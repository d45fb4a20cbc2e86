using System;
using System.Runtime.CompilerServices;
using Aggregator.Parsing;
using Aggregator.Reading.Buffers;

namespace Aggregator.Reading.Json;

/// <summary>
/// Where a record that starts at the window's position may end, and room for one longer than what is buffered, up to
/// the record size limit. In JSON Lines a record ends with its line; elsewhere only the parser can tell.
/// </summary>
internal sealed class JsonRecordBounds
{
    private readonly ByteWindow _window;
    private readonly bool _lineMode;

    public JsonRecordBounds(ByteWindow window, bool lineMode, int maxRecordBytes)
    {
        _window = window;
        _lineMode = lineMode;
        MaxRecordBytes = maxRecordBytes;
    }

    public int MaxRecordBytes { get; }

    public string TooLargeMessage => $"The record is larger than {RecordSizeLimit.Describe(MaxRecordBytes)}.";

    /// <summary>The end of the record's line in JSON Lines, else what is buffered; <paramref name="final"/> says no more bytes can belong to it.</summary>
    // Inlined into the per-record loop: a call here cost JSON Lines about 5% of a read.
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public int Limit(out bool final)
    {
        ByteWindow window = _window;
        final = window.EndOfStream;
        if (_lineMode)
        {
            int newline = ByteScan.IndexOf(window.Buffer.AsSpan(window.Position, window.End - window.Position), (byte)'\n');
            if (newline >= 0)
            {
                final = true;
                return window.Position + newline;
            }
        }

        return window.End;
    }

    /// <summary>
    /// The record does not fit in what is buffered: reads more, growing the buffer when the record fills it. False when
    /// the record is already as large as the limit allows.
    /// </summary>
    public bool MakeRoom()
    {
        ByteWindow window = _window;
        if (window.EndOfStream)
        {
            return true;   // the parser saw the end and reports the record as cut off
        }

        if (window.Unread >= MaxRecordBytes)
        {
            return false;
        }

        if (window.Position == 0 && window.End == window.Buffer.Length)
        {
            if (window.Buffer.Length >= MaxRecordBytes)
            {
                return false;
            }

            window.Grow(MaxRecordBytes);
        }

        window.Refill(window.Position);
        return true;
    }
}
