using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace Aggregator.Parsing;

/// <summary>Maps status words to <see cref="EventStatus"/>, case-insensitively.</summary>
public static class StatusParser
{
    /// <summary>Words read as <see cref="EventStatus.Success"/>.</summary>
    public static readonly string[] SuccessWords = { "success", "succeeded", "ok", "true" };

    /// <summary>Words read as <see cref="EventStatus.Fail"/>.</summary>
    public static readonly string[] FailWords = { "fail", "failed", "failure", "error", "false" };

    /// <summary>
    /// Classifies a status word. Blank text, and "None" as written by this module, mean no status (<see cref="EventStatus.None"/>);
    /// returns false when the word is not recognised.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out EventStatus status)
    {
        text = AsciiSpace.Trim(text);
        status = EventStatus.None;
        switch (text.Length)
        {
            case 0:
                return true;
            case 2:
                return Match(text, "ok"u8, EventStatus.Success, ref status);
            case 4:
                return Match(text, "fail"u8, EventStatus.Fail, ref status) || Match(text, "true"u8, EventStatus.Success, ref status) ||
                       Match(text, "none"u8, EventStatus.None, ref status);
            case 5:
                return Match(text, "error"u8, EventStatus.Fail, ref status) || Match(text, "false"u8, EventStatus.Fail, ref status);
            case 6:
                return Match(text, "failed"u8, EventStatus.Fail, ref status);
            case 7:
                return Match(text, "success"u8, EventStatus.Success, ref status) || Match(text, "failure"u8, EventStatus.Fail, ref status);
            case 9:
                return Match(text, "succeeded"u8, EventStatus.Success, ref status);
            default:
                return false;
        }
    }

    /// <summary>Classifies a status string as <see cref="TryParse(ReadOnlySpan{byte}, out EventStatus)"/> does.</summary>
    public static bool TryParse(string? text, out EventStatus status)
    {
        if (text is null)
        {
            status = EventStatus.None;
            return true;
        }

        if (text.Length > 32)
        {
            status = EventStatus.None;
            return text.AsSpan().Trim().IsEmpty;
        }

        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        int length = Encoding.UTF8.GetBytes(text, buffer);
        return TryParse(buffer.Slice(0, length), out status);
    }

    private static bool Match(ReadOnlySpan<byte> text, ReadOnlySpan<byte> word, EventStatus value, ref EventStatus status)
    {
        if (!ByteScan.EqualsLowercaseWord(text, word))
        {
            return false;
        }

        status = value;
        return true;
    }
}
