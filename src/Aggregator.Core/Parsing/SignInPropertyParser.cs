using System;
using System.Collections;
using System.Globalization;

namespace Aggregator.Parsing;

/// <summary>
/// Builds <see cref="SignInActivity"/> objects from loose property values (Get-MgUser objects, ConvertFrom-Json output,
/// hashtables) by the rules the file reader applies (<see cref="SignInRules"/>), or says why the user is skipped.
/// </summary>
public sealed class SignInPropertyParser
{
    /// <summary>The six signInActivity property names, in <see cref="SignInField"/> order.</summary>
    public static readonly string[] ActivityNames =
    {
        "lastSignInDateTime", "lastSignInRequestId", "lastNonInteractiveSignInDateTime",
        "lastNonInteractiveSignInRequestId", "lastSuccessfulSignInDateTime", "lastSuccessfulSignInRequestId",
    };

    private readonly PropertyRecordParser _timestamps;
    private readonly DateTime _asOf;

    public SignInPropertyParser(DateTime asOf, TimeZoneInfo? assumeTimeZone = null, TimestampStyle? timestampStyle = null)
    {
        _asOf = asOf;
        _timestamps = new PropertyRecordParser(assumeTimeZone, timestampStyle);
    }

    /// <param name="activity">
    /// The six signInActivity values in <see cref="ActivityNames"/> order, or null when the user has no signInActivity.
    /// </param>
    /// <param name="activityIsScalar">The signInActivity was a single value (text, a number), not an object.</param>
    public bool TryCreate(object? id, object? userPrincipalName, object? displayName, object? accountEnabled,
        object?[]? activity, bool activityIsScalar, string source, long line,
        out SignInActivity? result, out SkippedRecord? skipped)
    {
        result = null;
        skipped = null;
        string raw = $"Id={id}; UserPrincipalName={userPrincipalName}; DisplayName={displayName}; AccountEnabled={accountEnabled}" +
            (activity is null ? string.Empty : "; " + string.Join("; ", Describe(activity)));
        string who = Text(userPrincipalName) ?? Text(id) ?? string.Empty;
        if (!TryName(id, "id", out string? idText, out string? problem) ||
            !TryName(userPrincipalName, "userPrincipalName", out string? upn, out problem) ||
            !TryName(displayName, "displayName", out string? name, out problem))
        {
            skipped = Skip(SkipReason.InvalidField, problem!);
            return false;
        }

        if (idText is null && upn is null)
        {
            skipped = Skip(SkipReason.MissingField, SignInRules.MissingIdentity);
            return false;
        }

        bool? enabled = accountEnabled as bool?;
        if (accountEnabled is not null and not bool && !SignInRules.TryEnabled(Text(accountEnabled), out enabled))
        {
            skipped = Skip(SkipReason.InvalidField, SignInRules.InvalidEnabled(Text(accountEnabled)));
            return false;
        }

        if (activityIsScalar)
        {
            skipped = Skip(SkipReason.InvalidField, SignInRules.ActivityNotAnObject);
            return false;
        }

        var events = new SignInEvent?[3];
        for (int kind = 0; kind < 3 && activity is not null; kind++)
        {
            object? time = activity[2 * kind], request = activity[2 * kind + 1];
            if (!_timestamps.TryTimestamp(time, out DateTime? utc))
            {
                skipped = Skip(SkipReason.InvalidTimestamp, SignInRules.InvalidDate(ActivityNames[2 * kind], Text(time)));
                return false;
            }

            if (!TryName(request, ActivityNames[2 * kind + 1], out string? requestId, out problem))
            {
                skipped = Skip(SkipReason.InvalidField, problem!);
                return false;
            }

            events[kind] = SignInRules.Event(utc, requestId);
        }

        result = new SignInActivity(idText, upn, name, enabled, events[0], events[1], events[2], _asOf, source, line);
        return true;

        SkippedRecord Skip(SkipReason reason, string message) =>
            new(source, line, reason, message, raw) { Record = line, User = who, Timestamp = Text(activity?[0]) };
    }

    private static bool TryName(object? value, string field, out string? text, out string? problem)
    {
        problem = null;
        text = null;
        if (value is IEnumerable and not string)
        {
            problem = SignInRules.NotAValue(field);
            return false;
        }

        text = Text(value);
        return true;
    }

    private static string? Text(object? value)
    {
        string? text = value switch
        {
            null => null,
            DateTime time => time.ToString("o", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static string[] Describe(object?[] activity) =>
        Array.ConvertAll(ActivityNames, name => $"{name}={Text(activity[Array.IndexOf(ActivityNames, name)])}");
}
