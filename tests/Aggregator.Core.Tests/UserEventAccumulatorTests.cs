using Aggregator.Aggregation;

namespace Aggregator.Core.Tests;

public class UserEventAccumulatorTests
{
    private static IReadOnlyList<UserEventSummary> Summarise(IEnumerable<EventRecord> records)
    {
        var accumulator = new UserEventAccumulator();
        foreach (EventRecord record in records)
        {
            accumulator.Add(record);
        }

        return accumulator.GetResults();
    }

    [Fact]
    public void PerUserTotalsOfTheSample()
    {
        IReadOnlyList<UserEventSummary> results = Summarise(SampleEvents.Records);

        Assert.Equal(
            new[]
            {
                "alice|4|3|1|login;logout;purchase;view",
                "bob|4|2|2|login;view",
                "carol|3|1|2|download;upload",
                "dave|2|2|0|login;view",
                "erin|1|0|0|login",
            },
            results.Select(SampleEvents.Describe));
    }

    [Fact]
    public void FailureRateIsFailOverTotalEvents()
    {
        Dictionary<string, double> rates = Summarise(SampleEvents.Records).ToDictionary(s => s.User, s => s.FailureRate);

        Assert.Equal(0.25, rates["alice"]);
        Assert.Equal(0.5, rates["bob"]);
        Assert.Equal(2.0 / 3.0, rates["carol"], 12);
        Assert.Equal(0.0, rates["dave"]);
        Assert.Equal(0.0, rates["erin"]);   // only a record without status: counts towards the total, not the rate
    }

    [Fact]
    public void RecordsWithoutStatusCountTowardsTotalOnly()
    {
        UserEventSummary summary = Assert.Single(Summarise(new[]
        {
            new EventRecord("u", "login", EventStatus.None, null, "s", 1),
            new EventRecord("u", "login", EventStatus.Fail, null, "s", 2),
            new EventRecord("u", "login", EventStatus.None, null, "s", 3),
            new EventRecord("u", "login", EventStatus.Success, null, "s", 4),
        }));

        Assert.Equal((4L, 1L, 1L), (summary.TotalEvents, summary.Success, summary.Fail));
        Assert.Equal(0.25, summary.FailureRate);
    }

    [Fact]
    public void EventTypesAreDistinctSortedAndPrintWithSemicolons()
    {
        UserEventSummary summary = Assert.Single(Summarise(
            new[] { "view", "login", "view", "Login", "login" }.Select(e => new EventRecord("u", e, EventStatus.Success, null, "s", 1))));

        // Ordinal: upper case sorts before lower case; "Login" and "login" are different types.
        Assert.Equal(new[] { "Login", "login", "view" }, summary.EventTypes);
        Assert.Equal("Login;login;view", summary.EventTypes.ToString());
        Assert.Equal(3, summary.EventTypes.Count);
    }

    [Fact]
    public void LoginAndViewPrintAsInTheIssue()
    {
        UserEventSummary summary = Assert.Single(Summarise(new[]
        {
            new EventRecord("alice", "view", EventStatus.Success, null, "s", 1),
            new EventRecord("alice", "login", EventStatus.Success, null, "s", 2),
        }));

        Assert.Equal("login;view", summary.EventTypes.ToString());
    }

    [Fact]
    public void ResultsAreOrderedByUserOrdinally()
    {
        string[] users = { "bob", "Zed", "alice", "Émile", "_x", "10", "9" };

        IReadOnlyList<UserEventSummary> results = Summarise(users.Select(u => new EventRecord(u, "e", EventStatus.Success, null, "s", 1)));

        string[] expected = users.ToArray();
        Array.Sort(expected, StringComparer.Ordinal);
        Assert.Equal(new[] { "10", "9", "Zed", "_x", "alice", "bob", "Émile" }, expected);   // the ordinal order, spelled out
        Assert.Equal(expected, results.Select(r => r.User));
    }

    [Fact]
    public void UsersAreCaseSensitive()
    {
        IReadOnlyList<UserEventSummary> results = Summarise(new[]
        {
            new EventRecord("alice", "e", EventStatus.Success, null, "s", 1),
            new EventRecord("Alice", "e", EventStatus.Fail, null, "s", 2),
        });

        Assert.Equal(new[] { "Alice|1|0|1|e", "alice|1|1|0|e" }, results.Select(SampleEvents.Describe));
    }

    [Fact]
    public void ManyUsersAndManyEventTypes()
    {
        IReadOnlyList<EventRecord> records = SampleEvents.Generated();

        IReadOnlyList<UserEventSummary> results = Summarise(records);

        // Worked out independently with LINQ over the same records.
        string[] expected = records
            .GroupBy(r => r.User)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}|{g.Count()}|{g.Count(r => r.Status == EventStatus.Success)}|{g.Count(r => r.Status == EventStatus.Fail)}|" +
                         string.Join(";", g.Select(r => r.Event).Distinct().OrderBy(e => e, StringComparer.Ordinal)))
            .ToArray();
        Assert.True(expected.Length > 256, "more users than the accumulator's initial capacity");
        Assert.True(expected.Max(e => e.Split('|')[4].Split(';').Length) > 64, "some user must have more than 64 event types");
        Assert.Equal(expected, results.Select(SampleEvents.Describe));
    }

    [Fact]
    public void ReadingStraightIntoTheAccumulatorGivesTheSameResults()
    {
        var accumulator = new UserEventAccumulator();

        FileImportStatistics file = SampleEvents.ReadInto(accumulator, SampleEvents.Records);

        Assert.Equal(14, file.ValidRecords);
        Assert.Equal(Summarise(SampleEvents.Records).Select(SampleEvents.Describe), accumulator.GetResults().Select(SampleEvents.Describe));
    }

    [Fact]
    public void GeneratedDataReadStraightIntoTheAccumulator()
    {
        IReadOnlyList<EventRecord> records = SampleEvents.Generated();
        var accumulator = new UserEventAccumulator();

        SampleEvents.ReadInto(accumulator, records);

        Assert.Equal(Summarise(records).Select(SampleEvents.Describe), accumulator.GetResults().Select(SampleEvents.Describe));
    }

    [Fact]
    public void NothingInNothingOut()
    {
        Assert.Empty(new UserEventAccumulator().GetResults());
    }
}
