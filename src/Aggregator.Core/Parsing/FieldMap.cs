using System;
using System.Collections.Generic;
using System.Linq;

namespace Aggregator.Parsing;

/// <summary>
/// Which input names feed User, Event, Status and Timestamp, in order of preference. Names match case-insensitively;
/// a dotted name such as <c>actor.login</c> is a path into nested objects (and also matches a flat key spelled that way).
/// </summary>
public sealed class FieldMap
{
    public static readonly IReadOnlyList<string> DefaultUserNames = new[] { "user", "user_id", "userId", "username" };
    public static readonly IReadOnlyList<string> DefaultEventNames = new[] { "event", "event_type", "eventType", "type" };
    public static readonly IReadOnlyList<string> DefaultStatusNames = new[] { "status", "result", "outcome" };
    public static readonly IReadOnlyList<string> DefaultTimestampNames = new[] { "timestamp", "event_time", "time", "@timestamp" };

    private readonly IReadOnlyList<string>[] _names;

    public FieldMap(IEnumerable<string>? user = null, IEnumerable<string>? @event = null,
        IEnumerable<string>? status = null, IEnumerable<string>? timestamp = null)
    {
        _names = new[]
        {
            Choose(user, DefaultUserNames, "User"),
            Choose(@event, DefaultEventNames, "Event"),
            Choose(status, DefaultStatusNames, "Status"),
            Choose(timestamp, DefaultTimestampNames, "Timestamp"),
        };
        Matcher = new FieldPathMatcher(this);
    }

    public static FieldMap Default { get; } = new();

    internal FieldPathMatcher Matcher { get; }

    /// <summary>The names tried for a field, best first.</summary>
    public IReadOnlyList<string> NamesFor(EventField field) => _names[(int)field];

    /// <summary>"user, user_id, userId or username": for messages.</summary>
    public string Describe(EventField field)
    {
        var names = NamesFor(field);
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }

    private static IReadOnlyList<string> Choose(IEnumerable<string>? given, IReadOnlyList<string> defaults, string what)
    {
        if (given is null)
        {
            return defaults;
        }

        string[] names = given.Where(name => !string.IsNullOrWhiteSpace(name)).Select(name => name.Trim()).ToArray();
        if (names.Length == 0)
        {
            throw new ArgumentException($"The {what} field name cannot be empty.");
        }

        foreach (string name in names)
        {
            if (name.Split('.').Any(segment => segment.Length == 0))
            {
                throw new ArgumentException($"The {what} field '{name}' is not a valid dotted path.");
            }
        }

        return names;
    }
}
