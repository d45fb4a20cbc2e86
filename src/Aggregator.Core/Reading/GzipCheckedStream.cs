using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace Aggregator.Reading;

/// <summary>
/// Decompresses gzip member by member and checks each against its trailer (.NET's GZipStream stops silently at a
/// cut-off file). Damage does not throw: the stream ends where good data ends, so the reader still gets every byte
/// before it, and <see cref="Damage"/> says what is wrong and at which byte of the file. Zero padding after the last
/// member is accepted, as gzip itself does.
/// </summary>
internal sealed class GzipCheckedStream : ReadOnlyStream
{
    // Bounds what an exception in the decompressor can cost: the output of the call that threw is lost.
    private const int MaxReadLength = 16 * 1024;

    private readonly CompressedInput _input;
    private DeflateStream? _member;
    private long _memberStart;
    private bool _anyMember;
    private bool _ended;
    private uint _crc = Crc32.Initial;
    private long _length;

    public GzipCheckedStream(Stream compressed)
    {
        _input = new CompressedInput(compressed);
    }

    /// <summary>What is wrong with the gzip data, with the byte offset where it starts; null when it is sound.</summary>
    public string? Damage { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        while (!_ended)
        {
            if (_member is null && !StartMember())
            {
                _ended = true;
                break;
            }

            int read;
            try
            {
                read = _member!.Read(buffer.Slice(0, Math.Min(buffer.Length, MaxReadLength)));
            }
            catch (InvalidDataException)
            {
                End(_input.AtEnd
                    ? CutOff()
                    : $"The gzip data is damaged between bytes {_input.ChunkOffset} and {_input.Offset}, in the gzip member that starts at byte {_memberStart}; the data before it is read.");
                break;
            }

            if (read > 0)
            {
                _crc = Crc32.Update(_crc, buffer.Slice(0, read));
                _length += read;
                return read;
            }

            EndMember();
        }

        return 0;
    }

    // Reads the next member's header; false at the end of the data (or of what can be read).
    private bool StartMember()
    {
        _memberStart = _input.Offset;
        if (_anyMember && !_input.StartsWith(GzipHeader.Magic))
        {
            if (!_input.AtEnd && !_input.RestIsZero())
            {
                Damage = $"The gzip data ends at byte {_memberStart}, but the file goes on with bytes that are not gzip; they are not read.";
            }

            return false;
        }

        string? problem = GzipHeader.Skip(_input);
        if (problem is not null)
        {
            Damage = problem;
            return false;
        }

        _anyMember = true;
        _member = new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
        _crc = Crc32.Initial;
        _length = 0;
        return true;
    }

    // The deflate data ended: the trailer after it must hold the CRC-32 and length of what was read.
    private void EndMember()
    {
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Finish(_crc));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.Slice(4), (uint)_length);
        if (_input.SkipPast(trailer))
        {
            _member!.Dispose();
            _member = null;
            return;
        }

        End(_input.EndsWithin(trailer.Length)
            ? CutOff()
            : $"The gzip data is damaged: the gzip member that starts at byte {_memberStart} does not match its checksum.");
    }

    private string CutOff() =>
        $"The gzip data ends early: the file is cut off at byte {_input.ReadEnd}, inside the gzip member that starts at byte {_memberStart}.";

    private void End(string damage)
    {
        Damage = damage;
        _ended = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _member?.Dispose();
            _input.Dispose();
        }

        base.Dispose(disposing);
    }
}
