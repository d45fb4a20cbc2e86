using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Aggregator.Parsing;

/// <summary>
/// The values of a status field that mean success and failure, compared case-insensitively, and what a record without
/// a status counts as. <c>*</c> on one side means "any other value", so a numeric code that is 0 for success reads as
/// success values <c>0</c> and failure values <c>*</c>. The default is the module's own words (<see cref="StatusParser"/>).
/// </summary>
public sealed class StatusVocabulary
{
    /// <summary>Stands for every value the other lists do not name.</summary>
    public const string AnyOtherValue = "*";

    private static readonly byte[] NoneWord = "none"u8.ToArray();

    private readonly byte[][] _success;
    private readonly byte[][] _failure;
    private readonly bool _anyOtherIsSuccess;
    private readonly bool _anyOtherIsFailure;
    private readonly bool _isDefaultWords;

    /// <param name="successValues">Values that mean success; null keeps the default words.</param>
    /// <param name="failureValues">Values that mean failure; null keeps the default words.</param>
    /// <param name="whenMissing">The status of a record whose status field is absent, null or blank.</param>
    public StatusVocabulary(IEnumerable<string>? successValues = null, IEnumerable<string>? failureValues = null,
        EventStatus whenMissing = EventStatus.None)
    {
        SuccessValues = Choose(successValues, StatusParser.SuccessWords, "success");
        FailureValues = Choose(failureValues, StatusParser.FailWords, "failure");
        WhenMissing = whenMissing;
        _isDefaultWords = successValues is null && failureValues is null;
        _anyOtherIsSuccess = SuccessValues.Contains(AnyOtherValue);
        _anyOtherIsFailure = FailureValues.Contains(AnyOtherValue);
        if (_anyOtherIsSuccess && _anyOtherIsFailure)
        {
            throw new ArgumentException($"'{AnyOtherValue}' (any other value) can mean success or failure, not both.");
        }

        string? both = SuccessValues.Intersect(FailureValues, StringComparer.OrdinalIgnoreCase).FirstOrDefault();
        if (both is not null)
        {
            throw new ArgumentException($"The status value '{both}' cannot mean both success and failure.");
        }

        _success = Lowered(SuccessValues);
        _failure = Lowered(FailureValues);
    }

    public static StatusVocabulary Default { get; } = new();

    public IReadOnlyList<string> SuccessValues { get; }

    public IReadOnlyList<string> FailureValues { get; }

    public EventStatus WhenMissing { get; }

    /// <summary>Classifies status text (UTF-8); false when it is none of the values.</summary>
    public bool TryClassify(ReadOnlySpan<byte> text, out EventStatus status)
    {
        text = AsciiSpace.Trim(text);
        if (text.IsEmpty)
        {
            status = WhenMissing;
            return true;
        }

        if (_isDefaultWords)
        {
            return StatusParser.TryParse(text, out status);
        }

        if (MatchesAny(text, _success))
        {
            status = EventStatus.Success;
            return true;
        }

        if (MatchesAny(text, _failure))
        {
            status = EventStatus.Fail;
            return true;
        }

        // "None" is how this module writes a record without a status, so its own output reads back.
        if (Matches(text, NoneWord))
        {
            status = EventStatus.None;
            return true;
        }

        status = _anyOtherIsSuccess ? EventStatus.Success : _anyOtherIsFailure ? EventStatus.Fail : EventStatus.None;
        return _anyOtherIsSuccess || _anyOtherIsFailure;
    }

    /// <summary>Classifies a status string as the byte form does; null counts as missing.</summary>
    public bool TryClassify(string? text, out EventStatus status)
    {
        if (text is null)
        {
            status = WhenMissing;
            return true;
        }

        return TryClassify(Encoding.UTF8.GetBytes(text), out status);
    }

    /// <summary>The skip message for a status that is none of the values, the same for files and the pipeline.</summary>
    public string UnknownMessage(string? value) =>
        $"'{MessageText.Shorten(value)}' is not a known status (expected {string.Join(", ", SuccessValues)} for success, " +
        $"{string.Join(", ", FailureValues)} for failure).";

    private static bool MatchesAny(ReadOnlySpan<byte> text, byte[][] values)
    {
        foreach (byte[] value in values)
        {
            if (Matches(text, value))
            {
                return true;
            }
        }

        return false;
    }

    // ASCII letters fold to lower case; other bytes must be equal (values are lowered the same way when made).
    private static bool Matches(ReadOnlySpan<byte> text, byte[] lowered)
    {
        if (text.Length != lowered.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            byte b = text[i];
            if ((b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b) != lowered[i])
            {
                return false;
            }
        }

        return true;
    }

    private static byte[][] Lowered(IEnumerable<string> values) =>
        values.Where(value => value != AnyOtherValue)
            .Select(value => Encoding.UTF8.GetBytes(string.Concat(value.Select(c => c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c))))
            .ToArray();

    private static IReadOnlyList<string> Choose(IEnumerable<string>? given, string[] defaults, string what)
    {
        if (given is null)
        {
            return defaults;
        }

        string[] values = given.Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value.Trim()).ToArray();
        if (values.Length == 0)
        {
            throw new ArgumentException($"The {what} values cannot be empty.");
        }

        return values;
    }
}
