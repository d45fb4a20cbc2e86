namespace Aggregator.Reading;

/// <summary>Reads past the header of a gzip member (RFC 1952): fixed fields, then the optional extra, name, comment and CRC.</summary>
internal static class GzipHeader
{
    public static readonly byte[] Magic = { 0x1F, 0x8B };

    private const int Deflate = 8;
    private const int HeaderCrc = 0x02, Extra = 0x04, Name = 0x08, Comment = 0x10, Reserved = 0xE0;

    /// <summary>Null when a header was read; otherwise what is wrong with it.</summary>
    public static string? Skip(CompressedInput input)
    {
        long start = input.Offset;
        var fixedPart = input.Take(10);
        if (fixedPart.IsEmpty)
        {
            return CutOff(input, start);
        }

        if (fixedPart[0] != Magic[0] || fixedPart[1] != Magic[1] || fixedPart[2] != Deflate || (fixedPart[3] & Reserved) != 0)
        {
            return $"The gzip data is damaged: the gzip header at byte {start} is not valid.";
        }

        int flags = fixedPart[3];
        if ((flags & Extra) != 0)
        {
            var lengthBytes = input.Take(2);
            int length = lengthBytes.IsEmpty ? -1 : lengthBytes[0] | lengthBytes[1] << 8;
            if (length < 0 || (length > 0 && input.Take(length).IsEmpty))
            {
                return CutOff(input, start);
            }
        }

        foreach (int text in new[] { Name, Comment })
        {
            if ((flags & text) != 0 && !SkipZeroTerminated(input))
            {
                return CutOff(input, start);
            }
        }

        return (flags & HeaderCrc) != 0 && input.Take(2).IsEmpty ? CutOff(input, start) : null;
    }

    private static bool SkipZeroTerminated(CompressedInput input)
    {
        int b;
        while ((b = input.Next()) > 0)
        {
        }

        return b == 0;
    }

    private static string CutOff(CompressedInput input, long start) =>
        $"The gzip data ends early: the file is cut off at byte {input.ReadEnd}, inside the gzip header that starts at byte {start}.";
}
