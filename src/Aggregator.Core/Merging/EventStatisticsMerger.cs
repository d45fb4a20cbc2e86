using System;
using System.Collections.Generic;
using System.Threading;
using Aggregator.Sketches;

namespace Aggregator.Merging;

/// <summary>
/// Overall figures from several runs (Measure-EventRecord): counts add, event types unite, the time range widens, and
/// the distinct users come from merging each result's UserSketch: exact while the users fit its exact limit.
/// </summary>
public sealed class EventStatisticsMerger : ResultMerger<EventStatisticsMerger, EventStatistics>
{
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly DistinctCounter _users = new();
    private EventStatistics? _only;
    private long _total, _success, _fail;
    private DateTime? _first, _last;

    public override ResultKind Kind => ResultKind.EventStatistics;

    public override EventStatistics Read(ResultProperties properties) => new(
        properties.Long("Users"), properties.Long("TotalEvents"), properties.Long("Success"), properties.Long("Fail"),
        new EventTypeList(properties.List("EventTypes", EventTypeList.Separator)),
        properties.OptionalDateTime("FirstTimestamp"), properties.OptionalDateTime("LastTimestamp"))
    {
        UserSketch = properties.Text("UserSketch", required: false),
        IsExact = !properties.Has("IsExact") || properties.Boolean("IsExact"),
    };

    protected override void AddResult(EventStatistics result)
    {
        _only = Added == 0 ? result : null;   // Added counts the results before this one
        _total += result.TotalEvents;
        _success += result.Success;
        _fail += result.Fail;
        _types.UnionWith(result.EventTypes);
        _first = Earlier(_first, result.FirstTimestamp);
        _last = Later(_last, result.LastTimestamp);
        if (!result.IsExact)
        {
            MarkInexact("A merged result was itself an estimate.");
        }

        if (result.UserSketch.Length == 0)
        {
            MarkInexact("A result has no UserSketch, so its users cannot be told apart from the others'.");
        }
        else
        {
            _users.Merge(DistinctCounter.FromState(result.UserSketch));
        }
    }

    public override IReadOnlyList<EventStatistics> GetResults(CancellationToken cancellation = default)
    {
        if (Added == 0)
        {
            return Array.Empty<EventStatistics>();
        }

        if (_only is not null)
        {
            return new[] { _only };   // one result merges into itself, its exact user count included
        }

        if (!_users.IsExact)
        {
            MarkInexact($"More than {DistinctCounter.ExactLimit} distinct users: Users is a HyperLogLog estimate.");
        }

        return new[]
        {
            new EventStatistics(_users.Count, _total, _success, _fail, new EventTypeList(_types), _first, _last)
            {
                UserSketch = _users.ToState(),
                IsExact = IsExact,
            },
        };
    }

    internal static DateTime? Earlier(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    internal static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
