using System;

namespace Aggregator.Parsing;

/// <summary>
/// What makes a Graph user object valid, shared by the file reader and the pipeline parser so that both skip the same
/// users with the same messages. Null or missing sign-in values are never errors: they leave that sign-in null.
/// </summary>
public static class SignInRules
{
    public const string MissingIdentity = "The user has no id or userPrincipalName.";

    public const string ActivityNotAnObject = "The signInActivity is not an object.";

    /// <summary>Graph writes 0001-01-01T00:00:00Z for "never" in some tenants: that is no sign-in, not a date.</summary>
    public static bool MeansNever(DateTime utc) => utc.Year == 1;

    public static string InvalidDate(string field, string? written) => $"'{MessageText.Shorten(written)}' is not a valid {field}.";

    public static string NotAValue(string field) => $"The {field} is an object or array, not a single value.";

    public static string InvalidEnabled(string? written) => $"The accountEnabled '{MessageText.Shorten(written)}' is not true or false.";

    /// <summary>true/false in any case (CSV input), or blank for unknown.</summary>
    public static bool TryEnabled(string? text, out bool? enabled)
    {
        enabled = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (bool.TryParse(text.Trim(), out bool value))
        {
            enabled = value;
            return true;
        }

        return false;
    }

    /// <summary>A sign-in of one kind, or null when neither its time nor its request id is known.</summary>
    public static SignInEvent? Event(DateTime? utc, string? requestId)
    {
        if (utc is { } time && MeansNever(time))
        {
            utc = null;
        }

        requestId = string.IsNullOrWhiteSpace(requestId) ? null : requestId.Trim();
        return utc is null && requestId is null ? null : new SignInEvent(utc, requestId);
    }
}
