using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace Aggregator.Reading;

/// <summary>
/// Decompresses gzip and checks that the data really ended: .NET's GZipStream simply stops at a cut-off file, so the
/// CRC-32 and length of what was read are compared with the trailer at the end of the file. A file of several joined
/// gzip members (its trailer covers only the last one) passes when a member starting near the end matches the trailer.
/// </summary>
internal sealed class GzipCheckedStream : ReadOnlyStream
{
    private const int TrailerLength = 8;
    private const int MinimumGzipLength = 18;   // header, empty deflate data, trailer
    private const int MembersToTry = 8;

    private static readonly uint[] Table = CreateTable();

    private readonly GZipStream _gzip;
    private readonly Stream _file;
    private uint _crc = 0xFFFFFFFF;
    private long _length;
    private bool _ended;

    public GzipCheckedStream(Stream compressed, Stream file)
    {
        _gzip = new GZipStream(compressed, CompressionMode.Decompress);
        _file = file;
    }

    public override int Read(Span<byte> buffer)
    {
        int read = _gzip.Read(buffer);
        if (read == 0)
        {
            if (!_ended)
            {
                _ended = true;
                string? problem = Check();
                if (problem is not null)
                {
                    throw new InvalidDataException(problem);
                }
            }

            return 0;
        }

        _crc = Update(_crc, buffer.Slice(0, read));
        _length += read;
        return read;
    }

    // Null when the file ends with the trailer of what was read; otherwise what is wrong.
    private string? Check()
    {
        const string Cut = "The gzip data ends early or is damaged: the file does not end with the checksum of the data read.";
        if (!_file.CanSeek)
        {
            return null;
        }

        long fileLength = _file.Length;
        if (fileLength < MinimumGzipLength)
        {
            return Cut;
        }

        byte[] trailer = new byte[TrailerLength];
        _file.Seek(fileLength - TrailerLength, SeekOrigin.Begin);
        _file.ReadExactly(trailer);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(4));
        if (crc == ~_crc && size == (uint)_length)
        {
            return null;
        }

        return LastMemberMatches(fileLength, crc, size) ? null : Cut;
    }

    // Several members: look back for a gzip header whose member, read to the end of the file, gives the trailer.
    private bool LastMemberMatches(long fileLength, uint crc, uint size)
    {
        byte[] window = new byte[64 * 1024];
        int tried = 0;
        for (long end = fileLength - TrailerLength; end > 0 && tried < MembersToTry;)
        {
            long start = Math.Max(0, end - window.Length);
            int count = (int)(end - start);
            _file.Seek(start, SeekOrigin.Begin);
            _file.ReadExactly(window, 0, count);
            for (int i = count - 3; i >= 0 && tried < MembersToTry; i--)
            {
                if (window[i] == 0x1F && window[i + 1] == 0x8B && window[i + 2] == 8 && start + i > 0)
                {
                    tried++;
                    if (MemberMatches(start + i, crc, size))
                    {
                        return true;
                    }
                }
            }

            end = start + 2;   // a header may straddle the window's edge
            if (start == 0)
            {
                break;
            }
        }

        return false;
    }

    private bool MemberMatches(long offset, uint crc, uint size)
    {
        try
        {
            _file.Seek(offset, SeekOrigin.Begin);
            using var member = new GZipStream(_file, CompressionMode.Decompress, leaveOpen: true);
            byte[] buffer = new byte[64 * 1024];
            uint memberCrc = 0xFFFFFFFF;
            long memberLength = 0;
            int read;
            while ((read = member.Read(buffer)) > 0)
            {
                memberCrc = Update(memberCrc, buffer.AsSpan(0, read));
                memberLength += read;
            }

            return ~memberCrc == crc && (uint)memberLength == size;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    // CRC-32 eight bytes at a time ("slicing by 8"): table k gives a byte's effect k bytes further on.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t = Table;
        while (data.Length >= 8)
        {
            uint one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint two = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(4));
            crc = t[0x700 + (one & 0xFF)] ^ t[0x600 + ((one >> 8) & 0xFF)] ^ t[0x500 + ((one >> 16) & 0xFF)] ^ t[0x400 + (one >> 24)]
                ^ t[0x300 + (two & 0xFF)] ^ t[0x200 + ((two >> 8) & 0xFF)] ^ t[0x100 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
            data = data.Slice(8);
        }

        foreach (byte value in data)
        {
            crc = t[(crc ^ value) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        for (int i = 0; i < 256; i++)
        {
            for (int slice = 1; slice < 8; slice++)
            {
                uint previous = table[(slice - 1) * 256 + i];
                table[slice * 256 + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }
}
