using System;
using System.IO;

namespace Aggregator.Reading;

/// <summary>
/// The compressed bytes of a gzip file, buffered so that their file offsets are known and that the bytes a decompressor
/// was handed but did not use (the trailer, the next member) can be taken back: .NET's DeflateStream reads ahead and
/// does not say where the deflate data ended.
/// </summary>
internal sealed class CompressedInput : ReadOnlyStream
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _source;
    private byte[] _buffer = new byte[BufferSize];
    private long _bufferOffset;   // file offset of _buffer[0]
    private int _pos;
    private int _end;
    private int _chunkStart;      // where the bytes last handed to the decompressor start
    private bool _eof;

    public CompressedInput(Stream source)
    {
        _source = source;
    }

    /// <summary>File offset of the next byte not yet read.</summary>
    public long Offset => _bufferOffset + _pos;

    /// <summary>File offset of the first byte handed out by the last <see cref="Read(Span{byte})"/>.</summary>
    public long ChunkOffset => _bufferOffset + _chunkStart;

    /// <summary>Whether every byte of the file has been read.</summary>
    public bool AtEnd => _pos == _end && !Fill(1);

    /// <summary>Whether the file ends fewer than <paramref name="count"/> bytes ahead.</summary>
    public bool EndsWithin(int count) => !Fill(count);

    /// <summary>File offset just past the last byte read from the file: its length once it ends.</summary>
    public long ReadEnd => _bufferOffset + _end;

    /// <summary>For the decompressor: what is buffered, or the next block of the file.</summary>
    public override int Read(Span<byte> buffer)
    {
        if (_pos == _end && !Fill(1))
        {
            return 0;
        }

        _chunkStart = _pos;
        int count = Math.Min(buffer.Length, _end - _pos);
        _buffer.AsSpan(_pos, count).CopyTo(buffer);
        _pos += count;
        return count;
    }

    /// <summary>The next <paramref name="count"/> bytes, or an empty span when the file ends first.</summary>
    public ReadOnlySpan<byte> Take(int count)
    {
        _chunkStart = _pos;
        if (!Fill(count))
        {
            _pos = _end;
            return ReadOnlySpan<byte>.Empty;
        }

        var taken = new ReadOnlySpan<byte>(_buffer, _pos, count);
        _pos += count;
        return taken;
    }

    /// <summary>The next byte, or -1 at the end of the file.</summary>
    public int Next()
    {
        _chunkStart = _pos;
        return Fill(1) ? _buffer[_pos++] : -1;
    }

    /// <summary>Whether the bytes ahead start with <paramref name="prefix"/> (without reading them).</summary>
    public bool StartsWith(ReadOnlySpan<byte> prefix)
    {
        _chunkStart = _pos;
        return Fill(prefix.Length) && _buffer.AsSpan(_pos, prefix.Length).SequenceEqual(prefix);
    }

    /// <summary>
    /// Looks for <paramref name="trailer"/> from the start of the last chunk handed to the decompressor, where its data
    /// ended, and moves past it. The 8 bytes (CRC-32 and length) match by chance once in 2^64 tries.
    /// </summary>
    public bool SkipPast(ReadOnlySpan<byte> trailer)
    {
        Fill(trailer.Length);
        int searchEnd = _pos + trailer.Length;
        int found = _buffer.AsSpan(_chunkStart, Math.Min(searchEnd, _end) - _chunkStart).IndexOf(trailer);
        if (found < 0)
        {
            return false;
        }

        _pos = _chunkStart + found + trailer.Length;
        _chunkStart = _pos;
        return true;
    }

    /// <summary>Whether the rest of the file is zero bytes (padding), reading it to the end.</summary>
    public bool RestIsZero()
    {
        _chunkStart = _pos;
        while (Fill(1))
        {
            if (_buffer.AsSpan(_pos, _end - _pos).IndexOfAnyExcept((byte)0) >= 0)
            {
                return false;
            }

            _pos = _chunkStart = _end;
        }

        return true;
    }

    // Makes count bytes from _pos available, keeping the last chunk; false when the file ends first.
    private bool Fill(int count)
    {
        if (_end - _pos >= count)
        {
            return true;
        }

        int keep = Math.Min(_chunkStart, _pos);
        if (keep > 0)
        {
            Buffer.BlockCopy(_buffer, keep, _buffer, 0, _end - keep);
            _bufferOffset += keep;
            _end -= keep;
            _pos -= keep;
            _chunkStart -= keep;
        }

        if (_pos + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _pos + count));
        }

        while (!_eof && _end - _pos < count)
        {
            int read = _source.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
                break;
            }

            _end += read;
        }

        return _end - _pos >= count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }
}
