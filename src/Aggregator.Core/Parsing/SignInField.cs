namespace Aggregator.Parsing;

/// <summary>The fields a reader extracts from a Microsoft Graph user object for its sign-in activity.</summary>
public enum SignInField
{
    Id = 0,
    UserPrincipalName = 1,
    DisplayName = 2,
    AccountEnabled = 3,

    /// <summary>The signInActivity object itself: only whether it is an object, null or missing.</summary>
    SignInActivity = 4,
    LastSignInDateTime = 5,
    LastSignInRequestId = 6,
    LastNonInteractiveSignInDateTime = 7,
    LastNonInteractiveSignInRequestId = 8,
    LastSuccessfulSignInDateTime = 9,
    LastSuccessfulSignInRequestId = 10,
}
