using System;
using System.IO;

namespace Aggregator.Reading;

/// <summary>A read-only view of the next <c>length</c> bytes of a stream, for reading one range of a file.</summary>
internal sealed class RangeStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly long _length;
    private long _position;

    public RangeStream(Stream inner, long length)
    {
        _inner = inner;
        _length = length;
    }

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        long left = _length - _position;
        if (left <= 0)
        {
            return 0;
        }

        int read = _inner.Read(buffer.Length > left ? buffer.Slice(0, (int)left) : buffer);
        _position += read;
        return read;
    }
}
