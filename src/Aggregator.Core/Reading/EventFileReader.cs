using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;

namespace Aggregator.Reading;

/// <summary>
/// Reads one event file into an <see cref="IEventSink"/>: undoes gzip, skips a UTF-8 byte order mark, transcodes UTF-16,
/// detects the format, and streams the records through a fixed-size buffer.
/// </summary>
public static class EventFileReader
{
    private const int HeadSize = 64 * 1024;

    /// <summary>
    /// Reads a file. Damage inside the file is reported to the sink record by record; a failure that stops the file
    /// (unreadable, corrupt gzip) is returned in <see cref="FileImportStatistics.Error"/> with the counts so far.
    /// </summary>
    /// <param name="onBytesRead">Called now and then with the bytes of the file read so far, for progress.</param>
    public static FileImportStatistics ReadFile(string path, EventReadOptions options, IEventSink sink,
        CancellationToken cancellation = default, Action<long>? onBytesRead = null)
    {
        FileStream file;
        try
        {
            file = OpenInput(path);
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            return new FileImportStatistics(path, options.Format, 0, 0, 0, 0) { Error = ex.Message };
        }

        using (file)
        {
            Action? progress = onBytesRead is null ? null : () => onBytesRead(file.Position);
            return Read(file, path, file.Length, options, sink, cancellation, progress, out _);
        }
    }

    /// <summary>
    /// Reads the byte range [start, end) of a plain UTF-8 JSON Lines file; the range must begin at a line start.
    /// <paramref name="lines"/> is the number of line breaks the range held, so later ranges can number their lines.
    /// </summary>
    internal static FileImportStatistics ReadLineRange(string path, long start, long end, EventReadOptions options,
        IEventSink sink, CancellationToken cancellation, Action<long>? onBytesRead, out long lines)
    {
        FileStream file;
        try
        {
            file = OpenInput(path);
            file.Seek(start, SeekOrigin.Begin);
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            lines = 0;
            return new FileImportStatistics(path, InputFormat.JsonLines, 0, 0, 0, 0) { Error = ex.Message };
        }

        using (file)
        {
            var range = new RangeStream(file, end - start);
            Action? progress = onBytesRead is null ? null : () => onBytesRead(range.Position);
            // Only the first range can hold a byte order mark; the others are plain lines from their first byte.
            var rangeOptions = options.Format == InputFormat.JsonLines ? options : options.With(InputFormat.JsonLines);
            return Read(range, path, end - start, rangeOptions, sink, cancellation, progress, out lines, plain: start > 0);
        }
    }

    /// <summary>Opens an input file for a sequential read, letting others write, rename or delete it meanwhile.</summary>
    internal static FileStream OpenInput(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);

    /// <summary>Reads records from a stream; <paramref name="source"/> names it in records and errors.</summary>
    public static FileImportStatistics ReadStream(Stream stream, string source, EventReadOptions options, IEventSink sink,
        CancellationToken cancellation = default)
    {
        long length = stream.CanSeek ? stream.Length : 0;
        return Read(stream, source, length, options, sink, cancellation, null, out _);
    }

    private static FileImportStatistics Read(Stream raw, string source, long length, EventReadOptions options, IEventSink sink,
        CancellationToken cancellation, Action? onRefill, out long lines, bool plain = false)
    {
        lines = 0;
        var builder = RecordBuilder.Create(source, options, sink);
        InputFormat format = options.Format;
        string? error = null;
        bool headerError = false;
        try
        {
            GzipCheckedStream? gzip = null;
            using Stream data = plain ? raw : OpenData(raw, source, ref format, out gzip);
            if (format == InputFormat.Csv)
            {
                new CsvEventReader(data, builder, options, cancellation, onRefill).Run();
            }
            else
            {
                var reader = new JsonEventReader(data, builder, options, format == InputFormat.JsonLines, cancellation, onRefill);
                reader.Run();
                lines = reader.LineBreaks;
                error = reader.FileProblem;
            }

            // Damaged gzip ends the data early, so that the reader first gets every record before the damage.
            error = gzip?.Damage ?? error;
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            error = ex.Message;
            headerError = ex is InvalidHeaderException;
            builder.Finish();   // the reader stopped early, maybe holding back its last valid record
        }

        return new FileImportStatistics(source, format, builder.Total, builder.Valid, builder.Skipped, length)
        {
            Error = error,
            HeaderError = headerError,
        };
    }

    // Undoes compression and encoding, and settles the format from the first bytes.
    private static Stream OpenData(Stream raw, string source, ref InputFormat format, out GzipCheckedStream? gzip)
    {
        gzip = null;
        byte[] magic = new byte[2];
        int magicLength = ReadFully(raw, magic, 0, 2);
        Stream stream = new PrefixedStream(magic, 0, magicLength, raw);
        if (magicLength == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            stream = gzip = new GzipCheckedStream(stream);
        }

        byte[] head = new byte[HeadSize];
        int headLength = ReadFully(stream, head, 0, head.Length);
        int skip = 0;
        if (headLength >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        {
            skip = 3;
        }
        else if (headLength >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
        {
            Encoding utf16 = head[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            stream = Transcode(ref head, 2, ref headLength, stream, utf16);
        }
        else if (Utf16Detector.Detect(head.AsSpan(0, headLength)) is Encoding utf16)
        {
            stream = Transcode(ref head, 0, ref headLength, stream, utf16);
        }

        if (format == InputFormat.Auto)
        {
            format = FormatDetector.Detect(source, head.AsSpan(skip, headLength - skip));
        }

        return new PrefixedStream(head, skip, headLength - skip, stream);
    }

    // UTF-16 to UTF-8 from head[start] on; a new head holds the first UTF-8 bytes (the old one is the prefix still read).
    private static Stream Transcode(ref byte[] head, int start, ref int headLength, Stream rest, Encoding utf16)
    {
        Stream utf8 = Encoding.CreateTranscodingStream(new PrefixedStream(head, start, headLength - start, rest), utf16, Encoding.UTF8);
        head = new byte[HeadSize];
        headLength = ReadFully(utf8, head, 0, head.Length);
        return utf8;
    }

    /// <summary>
    /// Whether a file can be cut into line ranges for parallel reading: plain (not gzip, not UTF-16) JSON Lines.
    /// </summary>
    internal static bool IsSplittable(string path, EventReadOptions options, out long length)
    {
        length = 0;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            length = file.Length;
            byte[] head = new byte[HeadSize];
            int headLength = ReadFully(file, head, 0, head.Length);
            if (headLength >= 2 && ((head[0] == 0x1F && head[1] == 0x8B) || head[0] == 0xFF || head[0] == 0xFE) ||
                Utf16Detector.Detect(head.AsSpan(0, headLength)) is not null)
            {
                return false;
            }

            int skip = headLength >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
            InputFormat format = options.Format == InputFormat.Auto
                ? FormatDetector.Detect(path, head.AsSpan(skip, headLength - skip))
                : options.Format;
            return format == InputFormat.JsonLines;
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            return false;   // the reader reports the problem when it opens the file
        }
    }

    private static int ReadFully(Stream stream, byte[] buffer, int offset, int count)
    {
        int total = 0;
        while (total < count)
        {
            int read = stream.Read(buffer, offset + total, count - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static bool IsFileProblem(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or InvalidDataException or DecoderFallbackException or NotSupportedException;
}
