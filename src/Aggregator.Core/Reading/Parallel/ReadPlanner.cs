using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Aggregator.Reading.Parallel;

/// <summary>
/// Cuts the run into parts: one per file, and for a large plain JSON Lines file several line ranges, so that workers
/// share a single big file. Cuts fall just after a line break, so every line belongs to exactly one range.
/// </summary>
internal static class ReadPlanner
{
    private const int WindowSize = 64 * 1024;

    // Several parts a worker, taken in turn: a worker slowed by the machine (another process, a shared core) then
    // takes fewer of them, instead of the run waiting for its half.
    internal const int PartsPerWorker = 8;

    public static List<ReadPart> Plan(IReadOnlyList<string> files, EventReadOptions options, int workers, long minPartBytes)
    {
        var parts = new List<ReadPart>();
        foreach (string path in files)
        {
            long length = LengthOf(path);
            var file = new PartedFile(path, length);
            List<long> cuts = workers > 1 && length >= 2 * minPartBytes && EventFileReader.IsSplittable(path, options, out length)
                ? LineCuts(path, length, (int)Math.Min((long)workers * PartsPerWorker, length / minPartBytes))
                : new List<long>();
            if (cuts.Count == 0)
            {
                file.SetPartCount(1);
                parts.Add(new ReadPart(parts.Count, file, 0, 0, -1));
                continue;
            }

            file.SetPartCount(cuts.Count + 1);
            long start = 0;
            for (int i = 0; i <= cuts.Count; i++)
            {
                long end = i < cuts.Count ? cuts[i] : length;
                parts.Add(new ReadPart(parts.Count, file, i, start, end));
                start = end;
            }
        }

        return parts;
    }

    // The starts of ranges 1..count-1: the first line start at or after each even cut.
    private static List<long> LineCuts(string path, long length, int count)
    {
        var cuts = new List<long>();
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            byte[] window = new byte[WindowSize];
            for (int i = 1; i < count; i++)
            {
                long cut = NextLineStart(handle, window, length * i / count, length);
                if (cut < length && (cuts.Count == 0 || cut > cuts[^1]))
                {
                    cuts.Add(cut);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            cuts.Clear();   // read whole: the reader reports what is wrong with the file
        }

        return cuts;
    }

    private static long NextLineStart(SafeFileHandle handle, byte[] window, long from, long length)
    {
        // A line starts at 'from' when the byte before it is a line break.
        for (long position = from - 1; position < length;)
        {
            int read = RandomAccess.Read(handle, window, position);
            if (read <= 0)
            {
                break;
            }

            int newline = window.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return position + newline + 1;
            }

            position += read;
        }

        return length;
    }

    private static long LengthOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
