using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

public class CsvReaderTests
{
    [Fact]
    public void HeaderAndRows()
    {
        ReadResult result = Read.Text(
            """
            user,event,status,timestamp
            alice,login,success,2024-06-01 08:05:12
            bob,login,fail,2024-06-01T08:21:03Z
            carol,view,,
            """, "events.csv");

        result.AssertCountsAddUp();
        Assert.Equal(InputFormat.Csv, result.Statistics.Format);
        Assert.Equal(new[] { "alice", "bob", "carol" }, result.Records.Select(r => r.User));
        Assert.Equal(new[] { "login", "login", "view" }, result.Records.Select(r => r.Event));
        Assert.Equal(new[] { EventStatus.Success, EventStatus.Fail, EventStatus.None }, result.Records.Select(r => r.Status));
        Assert.Equal(new DateTime?[] { Utc.At(2024, 6, 1, 8, 5, 12), Utc.At(2024, 6, 1, 8, 21, 3), null },
            result.Records.Select(r => r.Timestamp));
        Assert.Equal(new long[] { 2, 3, 4 }, result.Records.Select(r => r.Line));
        Assert.All(result.Records, r => Assert.Equal("events.csv", r.Source));
    }

    [Fact]
    public void ColumnsMatchAliasesInAnyOrderAndCase()
    {
        ReadResult result = Read.Text(
            """
            Event_Time,RESULT,extra,User_Id,EventType
            2024-06-01 08:00:00,ok,ignored,12,login
            """, "events.csv");

        EventRecord record = result.Single;
        Assert.Equal("12", record.User);
        Assert.Equal("login", record.Event);
        Assert.Equal(EventStatus.Success, record.Status);
        Assert.Equal(Utc.At(2024, 6, 1, 8), record.Timestamp);
    }

    [Fact]
    public void ExcelSeparatorLineSetsTheSeparatorAndIsNotARecord()
    {
        ReadResult result = Read.Text("sep=;\nuser;event;status\nsmith, j;login;ok\n", "events.csv");

        Assert.Equal("smith, j", result.Single.User);
        Assert.Equal("login", result.Single.Event);
        Assert.Equal(3, result.Single.Line);
        Assert.Equal(1, result.Statistics.TotalRecords);
    }

    [Fact]
    public void QuotedFieldsWithCommasAndQuotes()
    {
        ReadResult result = Read.Text("user,event,status\n\"smith, j\",\"say \"\"hi\"\"\",ok\n", "events.csv");

        Assert.Equal("smith, j", result.Single.User);
        Assert.Equal("say \"hi\"", result.Single.Event);
    }

    [Fact]
    public void QuotedLineBreakKeepsLaterLineNumbersRight()
    {
        ReadResult result = Read.Text(
            "user,event\n" +
            "a,\"two\nlines\"\n" +
            "b,x\n",
            "events.csv");

        result.AssertCountsAddUp();
        Assert.Equal("two\nlines", result.Records[0].Event);
        Assert.Equal(new long[] { 2, 4 }, result.Records.Select(r => r.Line));
    }

    [Fact]
    public void CrLfLineEndings()
    {
        ReadResult result = Read.Text("user,event,status\r\na,login,ok\r\nb,view,fail\r\n", "events.csv");

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "login", "view" }, result.Records.Select(r => r.Event));
        Assert.Equal(new[] { EventStatus.Success, EventStatus.Fail }, result.Records.Select(r => r.Status));
        Assert.Equal(new long[] { 2, 3 }, result.Records.Select(r => r.Line));
    }

    [Fact]
    public void EmptyCellsCountAsNoValue()
    {
        ReadResult result = Read.Text(
            """
            user,event,status,timestamp
            a,login,,
            ,login,ok,
            b,,ok,
            c,view,ok,2024-06-01 08:00:00
            """, "events.csv");

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "a", "c" }, result.Records.Select(r => r.User));
        Assert.Equal(EventStatus.None, result.Records[0].Status);
        Assert.Null(result.Records[0].Timestamp);
        Assert.All(result.Skipped, s => Assert.Equal(SkipReason.MissingField, s.Reason));
        Assert.Equal(new long[] { 3, 4 }, result.Skipped.Select(s => s.Line));
        Assert.Equal(",login,ok,", result.Skipped[0].Raw);
    }

    [Fact]
    public void ShortRowsLackTheMissingColumns()
    {
        ReadResult result = Read.Text(
            """
            user,event,status
            a,login
            b
            """, "events.csv");

        Assert.Equal("a", result.Single.User);
        Assert.Equal(EventStatus.None, result.Single.Status);
        Assert.Equal(SkipReason.MissingField, result.SingleSkip.Reason);
        Assert.Equal(3, result.SingleSkip.Line);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void UnterminatedQuoteIsInvalidCsv()
    {
        ReadResult result = Read.Text(
            """
            user,event,status
            a,login,ok
            b,"view,ok
            """, "events.csv");

        Assert.Equal("a", result.Single.User);
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidCsv, skipped.Reason);
        Assert.Equal(3, skipped.Line);
        Assert.Equal("b,\"view,ok", skipped.Raw);
        Assert.Equal("events.csv", skipped.Source);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void InvalidValuesInRowsAreSkippedLikeInJson()
    {
        ReadResult result = Read.Text(
            """
            user,event,status,timestamp
            a,login,pending,
            b,login,ok,2024-13-01 10:00:00
            c,login,ok,2024-06-01 10:00:00
            """, "events.csv");

        Assert.Equal("c", result.Single.User);
        Assert.Equal(new[] { SkipReason.UnknownStatus, SkipReason.InvalidTimestamp }, result.Skipped.Select(s => s.Reason));
        Assert.Equal(new long[] { 2, 3 }, result.Skipped.Select(s => s.Line));
        Assert.Equal("b,login,ok,2024-13-01 10:00:00", result.Skipped[1].Raw);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void DottedFieldNameMatchesAHeaderSpelledThatWay()
    {
        var options = new EventReadOptions { Fields = new FieldMap(user: new[] { "actor.login" }) };

        ReadResult result = Read.Text(
            """
            actor.login,type
            octocat,PushEvent
            """, "events.csv", options);

        Assert.Equal(("octocat", "PushEvent"), (result.Single.User, result.Single.Event));
    }

    [Fact]
    public void HeaderOnlyHasNoRecords()
    {
        ReadResult result = Read.Text("user,event,status\n", "events.csv");

        Assert.Empty(result.Records);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void ManyRowsAllArrive()
    {
        // More rows than the cancellation/progress check interval, and a few buffers' worth of text.
        string text = "user,event,status\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"user{i % 97},event{i % 5},{(i % 3 == 0 ? "fail" : "ok")}\n"));

        ReadResult result = Read.Text(text, "events.csv");

        result.AssertCountsAddUp();
        Assert.Equal(20_000, result.Records.Count);
        Assert.Equal(20_000 / 3 + 1, result.Records.Count(r => r.Status == EventStatus.Fail));
        Assert.Equal(20_001, result.Records[^1].Line);
        Assert.Equal("user" + 19_999 % 97, result.Records[^1].User);
    }
}
