using System;
using System.Collections.Generic;
using System.Linq;

namespace Aggregator.Profiles;

/// <summary>The log formats -Source knows by name. Field names match case-insensitively, so Log Analytics' PascalCase columns match too.</summary>
public static class KnownSources
{
    private static readonly SourceProfile[] Profiles =
    {
        new()
        {
            Name = "GitHubArchive",
            User = new[] { "actor.login" },
            Event = new[] { "type" },
            Timestamp = new[] { "created_at" },
        },
        new()
        {
            // A call failed when it has an errorCode; a console sign-in says so in responseElements.ConsoleLogin.
            Name = "CloudTrail",
            User = new[] { "userIdentity.userName", "userIdentity.arn", "userIdentity.invokedBy" },
            Event = new[] { "eventName" },
            Status = new[] { "errorCode", "responseElements.ConsoleLogin" },
            Timestamp = new[] { "eventTime", "@timestamp" },
            SuccessValue = new[] { "Success" },
            FailureValue = new[] { "Failure", "*" },
            MissingStatus = EventStatus.Success,
        },
        new()
        {
            // Graph's signIn objects, bare or under "properties" as diagnostic settings deliver them.
            Name = "EntraSignIn",
            User = new[] { "userPrincipalName", "properties.userPrincipalName" },
            Event = new[] { "appDisplayName", "properties.appDisplayName" },
            Status = new[] { "status.errorCode", "properties.status.errorCode" },
            Timestamp = new[] { "createdDateTime", "properties.createdDateTime" },
            SuccessValue = new[] { "0" },
            FailureValue = new[] { "*" },
        },
        new()
        {
            Name = "EntraSignInLogAnalytics",
            User = new[] { "UserPrincipalName" },
            Event = new[] { "AppDisplayName" },
            Status = new[] { "ResultType" },
            Timestamp = new[] { "TimeGenerated" },
            SuccessValue = new[] { "0" },
            FailureValue = new[] { "*" },
        },
        new()
        {
            Name = "EntraAudit",
            User = new[] { "initiatedBy.user.userPrincipalName", "initiatedBy.app.displayName" },
            Event = new[] { "activityDisplayName" },
            Status = new[] { "result" },
            Timestamp = new[] { "activityDateTime" },
            SuccessValue = new[] { "success" },
            FailureValue = new[] { "failure", "timeout" },
        },
        new()
        {
            Name = "Okta",
            User = new[] { "actor.alternateId" },
            Event = new[] { "eventType" },
            Status = new[] { "outcome.result" },
            Timestamp = new[] { "published" },
            SuccessValue = new[] { "SUCCESS", "ALLOW" },
            FailureValue = new[] { "FAILURE", "DENY" },
        },
        new()
        {
            // Counted per computer: most Windows events name no user. TimeCreated is the exporting machine's local
            // time (add -AssumeTimeZone); winlogbeat's @timestamp is UTC.
            Name = "WindowsEvent",
            User = new[] { "Hostname", "host.name", "winlog.computer_name", "Computer" },
            Event = new[] { "EventID", "winlog.event_id", "event.code" },
            Status = new[] { "event.outcome" },
            Timestamp = new[] { "@timestamp", "TimeCreated" },
        },
    };

    /// <summary>The profile names, as -Source and tab completion offer them.</summary>
    public static IReadOnlyList<string> Names { get; } = Profiles.Select(profile => profile.Name).ToArray();

    /// <summary>The profile with this name, in any letter case.</summary>
    public static bool TryGet(string name, out SourceProfile profile)
    {
        profile = Profiles.FirstOrDefault(known => known.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return profile is not null;
    }
}
