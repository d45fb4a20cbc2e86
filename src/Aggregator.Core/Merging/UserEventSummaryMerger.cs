using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Aggregator.Merging;

/// <summary>Per-user totals from several runs: counts add, event types unite. Exact.</summary>
public sealed class UserEventSummaryMerger : ResultMerger<UserEventSummaryMerger, UserEventSummary>
{
    private readonly Dictionary<string, Totals> _users = new(StringComparer.Ordinal);

    public override ResultKind Kind => ResultKind.UserEventSummary;

    public override UserEventSummary Read(ResultProperties properties) => new(
        properties.Text("User"), properties.Long("TotalEvents"), properties.Long("Success"), properties.Long("Fail"),
        new EventTypeList(properties.List("EventTypes", EventTypeList.Separator)));

    protected override void AddResult(UserEventSummary result)
    {
        if (!_users.TryGetValue(result.User, out Totals? totals))
        {
            _users[result.User] = totals = new Totals();
        }

        totals.Add(result.TotalEvents, result.Success, result.Fail, result.EventTypes);
    }

    public override void Merge(UserEventSummaryMerger other)
    {
        MergeCommon(other);
        foreach (var (user, totals) in other._users)
        {
            if (!_users.TryGetValue(user, out Totals? mine))
            {
                _users[user] = mine = new Totals();
            }

            mine.Add(totals.Total, totals.Success, totals.Fail, totals.Types);
        }
    }

    /// <summary>One summary per user, ordered by user name (ordinal), as Measure-UserEvent orders them.</summary>
    public override IReadOnlyList<UserEventSummary> GetResults(CancellationToken cancellation = default) =>
        _users.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new UserEventSummary(pair.Key, pair.Value.Total, pair.Value.Success, pair.Value.Fail,
                new EventTypeList(pair.Value.Types)))
            .ToList();

    private sealed class Totals
    {
        public long Total;
        public long Success;
        public long Fail;
        public readonly HashSet<string> Types = new(StringComparer.Ordinal);

        public void Add(long total, long success, long fail, IEnumerable<string> types)
        {
            Total += total;
            Success += success;
            Fail += fail;
            Types.UnionWith(types);
        }
    }
}
