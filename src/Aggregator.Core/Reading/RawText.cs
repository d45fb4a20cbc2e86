using System;
using System.Text;

namespace Aggregator.Reading;

/// <summary>The input text of a record, decoded only when the record is skipped.</summary>
internal readonly struct RawText
{
    private readonly byte[]? _bytes;
    private readonly int _offset;
    private readonly int _length;
    private readonly string? _text;
    private readonly Func<string>? _read;

    public RawText(byte[] bytes, int offset, int length)
    {
        _bytes = bytes;
        _offset = offset;
        _length = length;
        _text = null;
        _read = null;
    }

    public RawText(string text)
    {
        _bytes = null;
        _offset = 0;
        _length = 0;
        _text = text;
        _read = null;
    }

    /// <summary>Text read only if it is asked for, while the record is still current.</summary>
    public RawText(Func<string> read)
    {
        _bytes = null;
        _offset = 0;
        _length = 0;
        _text = null;
        _read = read;
    }

    /// <summary>At most <see cref="SkippedRecord.RawLength"/> characters, trailing line breaks removed.</summary>
    public override string ToString()
    {
        string text = _text ?? _read?.Invoke() ?? Decode(_bytes!, _offset, _length);
        return SkippedRecord.Truncate(text.TrimEnd('\r', '\n', ' ', '\t'));
    }

    private static string Decode(byte[] bytes, int offset, int length)
    {
        // 4 bytes per character at most, so this many bytes always cover the characters kept.
        int take = Math.Min(length, SkippedRecord.RawLength * 4);
        return Encoding.UTF8.GetString(bytes, offset, take);
    }
}
