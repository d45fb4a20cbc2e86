using System;
using System.IO;

namespace Aggregator.Reading;

/// <summary>A read-only stream that returns bytes already peeked from the inner stream before the rest of it.</summary>
internal sealed class PrefixedStream : ReadOnlyStream
{
    private readonly byte[] _prefix;
    private readonly Stream _inner;
    private int _prefixPosition;
    private readonly int _prefixEnd;

    public PrefixedStream(byte[] prefix, int offset, int count, Stream inner)
    {
        _prefix = prefix;
        _prefixPosition = offset;
        _prefixEnd = offset + count;
        _inner = inner;
    }

    public override int Read(Span<byte> buffer)
    {
        int available = _prefixEnd - _prefixPosition;
        if (available > 0)
        {
            int take = Math.Min(available, buffer.Length);
            _prefix.AsSpan(_prefixPosition, take).CopyTo(buffer);
            _prefixPosition += take;
            return take;
        }

        return _inner.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
