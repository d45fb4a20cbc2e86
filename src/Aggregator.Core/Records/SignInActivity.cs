using System;

namespace Aggregator;

/// <summary>
/// A Microsoft Graph user's sign-in activity, as emitted by Import-SignInActivity: who the user is, the three kinds of
/// last sign-in as <see cref="SignInEvent"/> objects (null when Graph has none), and how stale the account is.
/// </summary>
public sealed class SignInActivity : IInputRecord
{
    public SignInActivity(string? id, string? userPrincipalName, string? displayName, bool? accountEnabled,
        SignInEvent? interactive, SignInEvent? nonInteractive, SignInEvent? successful, DateTime asOf,
        string source, long line)
    {
        Id = id;
        UserPrincipalName = userPrincipalName;
        DisplayName = displayName;
        AccountEnabled = accountEnabled;
        Interactive = interactive;
        NonInteractive = nonInteractive;
        Successful = successful;
        Source = source;
        Line = line;
        LastSignIn = Latest(Latest(interactive?.DateTime, nonInteractive?.DateTime), successful?.DateTime);
        if (LastSignIn is { } last)
        {
            DaysSinceLastSignIn = (int)Math.Floor((asOf.ToUniversalTime() - last).TotalDays);
        }
    }

    public string? Id { get; }

    public string? UserPrincipalName { get; }

    public string? DisplayName { get; }

    /// <summary>Whether the account is enabled; null when the input did not say.</summary>
    public bool? AccountEnabled { get; }

    /// <summary>lastSignInDateTime and lastSignInRequestId: the last interactive sign-in, successful or not.</summary>
    public SignInEvent? Interactive { get; }

    /// <summary>lastNonInteractiveSignInDateTime and lastNonInteractiveSignInRequestId.</summary>
    public SignInEvent? NonInteractive { get; }

    /// <summary>lastSuccessfulSignInDateTime and lastSuccessfulSignInRequestId.</summary>
    public SignInEvent? Successful { get; }

    /// <summary>The latest of the three sign-in times (UTC), or null.</summary>
    public DateTime? LastSignIn { get; }

    /// <summary>Whole days from <see cref="LastSignIn"/> to the -AsOf time; null when the user never signed in.</summary>
    public int? DaysSinceLastSignIn { get; }

    /// <summary>True when no sign-in time is known: no signInActivity, or every time in it is null.</summary>
    public bool NeverSignedIn => LastSignIn is null;

    /// <summary>The file the user came from.</summary>
    public string Source { get; }

    /// <summary>1-based line in <see cref="Source"/> where the user object starts.</summary>
    public long Line { get; }

    public override string ToString() => UserPrincipalName ?? Id ?? string.Empty;

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
