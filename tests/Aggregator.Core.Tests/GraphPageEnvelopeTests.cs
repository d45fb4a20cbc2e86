using System.Text;
using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>
/// Graph paged responses ({"@odata.context": ..., "value": [users], "@odata.nextLink": ...}), alone or several in one file,
/// pretty-printed or one per line; the bare {"value": [...]} for users only; and what that means for event files.
/// </summary>
public class GraphPageEnvelopeTests
{
    private const string Context = "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,displayName,accountEnabled,signInActivity)";

    // Two users, pretty-printed as Graph Explorer shows a page; "first" is the line its first user starts on.
    private static string PrettyPage(int first, int page, bool nextLink = true, bool count = false)
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append("  \"@odata.context\": \"").Append(Context).Append("\",\n");
        if (count)
        {
            text.Append("  \"@odata.count\": 2,\n");
        }

        text.Append("  \"value\": [\n");
        for (int i = 0; i < 2; i++)
        {
            int n = first + i;
            text.Append("    {\n");
            text.Append("      \"id\": \"").Append(ReadSignIn.IdOf(n)).Append("\",\n");
            text.Append("      \"userPrincipalName\": \"user").Append(n).Append("@contoso.com\",\n");
            text.Append("      \"accountEnabled\": true,\n");
            text.Append("      \"assignedLicenses\": [ { \"skuId\": \"x\" } ],\n");
            text.Append("      \"signInActivity\": {\n");
            text.Append("        \"lastSignInDateTime\": \"").Append(ReadSignIn.TimeOf(n, 0)).Append("\",\n");
            text.Append("        \"lastSignInRequestId\": \"r").Append(n).Append("\"\n");
            text.Append("      }\n");
            text.Append(i == 0 ? "    },\n" : "    }\n");
        }

        text.Append("  ]");
        if (nextLink)
        {
            text.Append(",\n  \"@odata.nextLink\": \"https://graph.microsoft.com/v1.0/users?$top=2&$skiptoken=page").Append(page).Append('"');
        }

        return text.Append("\n}\n").ToString();
    }

    private const int PrettyPageLines = 26;   // with a nextLink and without a count

    // The line each user object starts on: the '{' before each "id" property.
    private static List<long> UserLines(string text)
    {
        var lines = new List<long>();
        for (int at = text.IndexOf("\"id\"", StringComparison.Ordinal); at >= 0; at = text.IndexOf("\"id\"", at + 1, StringComparison.Ordinal))
        {
            int brace = at - 1;
            while (char.IsWhiteSpace(text[brace]))
            {
                brace--;
            }

            Assert.Equal('{', text[brace]);
            lines.Add(1 + text.AsSpan(0, brace).Count('\n'));
        }

        return lines;
    }

    private static string Names(SignInReadResult result) => string.Join(",", result.Users.Select(u => u.UserPrincipalName));

    private static string Expected(IEnumerable<int> users) => string.Join(",", users.Select(n => $"user{n}@contoso.com"));

    [Fact]
    public void OnePrettyPage()
    {
        string page = PrettyPage(1, 1);
        Assert.Equal(PrettyPageLines, page.Count(c => c == '\n'));

        SignInReadResult result = ReadSignIn.Text(page, "page.json");

        result.AssertAllValid(2);
        Assert.Equal(Expected(new[] { 1, 2 }), Names(result));
        Assert.Equal(new long[] { 4, 14 }, result.Users.Select(u => u.Line));
        Assert.Equal(UserLines(page), result.Users.Select(u => u.Line));
        Assert.Equal(InputFormat.Json, result.Statistics.Format);
        Assert.Equal(ReadSignIn.TimeOf(2, 0), SignInEvent.FormatTime(result.Users[1].Interactive!.DateTime!.Value));
        Assert.Equal("r2", result.Users[1].Interactive!.RequestId);
    }

    [Theory]
    [InlineData("pages.json")]
    [InlineData("pages")]
    [InlineData("pages.txt")]
    public void SeveralPrettyPages_OneAfterAnother(string name)
    {
        string text = PrettyPage(1, 1) + PrettyPage(3, 2) + PrettyPage(5, 3, nextLink: false);

        SignInReadResult result = ReadSignIn.Text(text, name);

        result.AssertAllValid(6);
        Assert.Equal(Expected(Enumerable.Range(1, 6)), Names(result));
        Assert.Equal(new long[] { 4, 14, 30, 40, 56, 66 }, result.Users.Select(u => u.Line));
    }

    [Fact]
    public void PagesWithACount_AndWithout_ANextLink()
    {
        string text = PrettyPage(1, 1, count: true) + PrettyPage(3, 2, nextLink: false, count: true);

        SignInReadResult result = ReadSignIn.Text(text, "pages.json");

        result.AssertAllValid(4);
        Assert.Equal(Expected(Enumerable.Range(1, 4)), Names(result));
        Assert.Equal(new long[] { 5, 15, 32, 42 }, result.Users.Select(u => u.Line));
    }

    [Theory]
    [InlineData("pages.json")]
    [InlineData("pages.jsonl")]
    [InlineData("pages.ndjson")]
    public void CompactPages_OnePerLine(string name)
    {
        string text = string.Join("\n", Enumerable.Range(0, 4).Select(p => ReadSignIn.CompactPage(Enumerable.Range(p * 3 + 1, 3), p, nextLink: p < 3))) + "\n";

        SignInReadResult result = ReadSignIn.Text(text, name);

        result.AssertAllValid(12);
        Assert.Equal(Expected(Enumerable.Range(1, 12)), Names(result));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)(i / 3 + 1)), result.Users.Select(u => u.Line));
    }

    [Fact]
    public void CompactPages_WithoutLineBreaksBetween()
    {
        string text = ReadSignIn.CompactPage(new[] { 1, 2 }, 1) + ReadSignIn.CompactPage(new[] { 3 }, 2) + " " + ReadSignIn.CompactPage(new[] { 4 }, 3, false);

        SignInReadResult result = ReadSignIn.Text(text, "pages.json");

        result.AssertAllValid(4);
        Assert.Equal(Expected(Enumerable.Range(1, 4)), Names(result));
    }

    [Fact]
    public void NextLinkBeforeTheValue_AndAnnotationsOfEveryKind()
    {
        string text = "{\"@odata.context\":\"" + Context + "\",\"@odata.count\":2,\"@odata.nextLink\":\"https://x/users?$skiptoken=a\"," +
                      "\"@odata.deltaLink\":null,\"value\":[" + ReadSignIn.GraphUser(1) + "," + ReadSignIn.GraphUser(2) + "]}\n";

        SignInReadResult result = ReadSignIn.Text(text, "page.json");

        result.AssertAllValid(2);
        Assert.Equal(Expected(new[] { 1, 2 }), Names(result));
    }

    [Fact]
    public void WhatFollowsTheValueArray_IsNoRecord_EvenWithBracketsInIt()
    {
        // A nextLink with brackets, braces and escaped quotes, and an unknown annotation holding an object.
        string text = "{\"@odata.context\":\"" + Context + "\",\"value\":[" + ReadSignIn.GraphUser(1) + "]," +
                      "\"@odata.nextLink\":\"https://x/users?$filter=a eq '}' and b eq ']' and c eq '{' and d eq '\\\"[\\\\'\"," +
                      "\"@microsoft.graph.tips\":{\"hint\":[1,{\"x\":\"]}\"}]}}\n" +
                      ReadSignIn.CompactPage(new[] { 2 }, 2, nextLink: false) + "\n";

        SignInReadResult result = ReadSignIn.Text(text, "pages.json");

        result.AssertAllValid(2);
        Assert.Equal(Expected(new[] { 1, 2 }), Names(result));
        Assert.Equal(new long[] { 1, 2 }, result.Users.Select(u => u.Line));
    }

    [Fact]
    public void AnEmptyPage_ThenAFullOne()
    {
        string text = "{\n  \"@odata.context\": \"" + Context + "\",\n  \"value\": [],\n  \"@odata.nextLink\": \"https://x?$skiptoken=1\"\n}\n" +
                      "{\"@odata.context\":\"" + Context + "\",\"value\":[ ]}\n" +
                      PrettyPage(1, 3);

        SignInReadResult result = ReadSignIn.Text(text, "pages.json");

        result.AssertAllValid(2);
        Assert.Equal(new long[] { 10, 20 }, result.Users.Select(u => u.Line));
        Assert.Equal(UserLines(text), result.Users.Select(u => u.Line));
    }

    [Theory]
    [InlineData("users.json")]
    [InlineData("users.jsonl")]
    public void BareValueObject_HoldsUsers(string name)
    {
        string text = "{\"value\":[" + ReadSignIn.GraphUser(1) + ",\n" + ReadSignIn.GraphUser(2) + "]}";
        if (name.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            text = text.Replace("\n", string.Empty) + "\n{\"value\": [" + ReadSignIn.GraphUser(3) + "]}\n";
        }

        SignInReadResult result = ReadSignIn.Text(text, name);

        int users = name.EndsWith(".jsonl", StringComparison.Ordinal) ? 3 : 2;
        result.AssertAllValid(users);
        Assert.Equal(Expected(Enumerable.Range(1, users)), Names(result));
        Assert.Equal(users == 3 ? new long[] { 1, 1, 2 } : new long[] { 1, 2 }, result.Users.Select(u => u.Line));
    }

    [Fact]
    public void BareValueObject_IsOneRecord_ForEvents()
    {
        ReadResult result = Read.Text("{\"value\":[{\"user\":\"a\",\"event\":\"x\"},{\"user\":\"b\",\"event\":\"y\"}]}\n", "events.json");

        Assert.Empty(result.Records);
        Assert.Equal(SkipReason.MissingField, result.SingleSkip.Reason);
        result.AssertCountsAddUp();

        // The same as JSON Lines: each line one object, whatever it holds.
        result = Read.Text("{\"value\":[{\"user\":\"a\",\"event\":\"x\"}]}\n{\"user\":\"b\",\"event\":\"y\"}\n", "events.jsonl");
        Assert.Equal("b", result.Single.User);
        Assert.Equal(2, result.Single.Line);
        Assert.Equal(1, result.SingleSkip.Line);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void BareValueKeyword_IsAnEventFieldWhenItIsOne()
    {
        // An event record that happens to have a "value" property that is an array is still a record.
        ReadResult result = Read.Text("[{\"user\":\"a\",\"event\":\"x\",\"value\":[1,2]}]", "events.json");
        Assert.Equal("a", result.Single.User);
        result.AssertCountsAddUp();
    }

    [Theory]
    [InlineData("events.json")]
    [InlineData("events.jsonl")]
    public void ODataPage_OfEventRecords(string name)
    {
        string page1 = "{\"@odata.context\":\"https://x/$metadata#auditLogs\",\"value\":[{\"user\":\"a\",\"event\":\"login\",\"status\":\"success\"},{\"user\":\"b\",\"event\":\"login\"}],\"@odata.nextLink\":\"https://x?$skiptoken=1\"}";
        string page2 = "{\"@odata.context\":\"https://x/$metadata#auditLogs\",\"value\":[{\"user\":\"c\",\"event\":\"view\",\"timestamp\":\"2024-07-10T11:45:00Z\"}]}";

        ReadResult result = Read.Text(page1 + "\n" + page2 + "\n", name);

        Assert.Empty(result.Skipped);
        Assert.Equal(new[] { "a", "b", "c" }, result.Records.Select(r => r.User));
        Assert.Equal(new long[] { 1, 1, 2 }, result.Records.Select(r => r.Line));
        Assert.Equal(Utc.At(2024, 7, 10, 11, 45), result.Records[2].Timestamp);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void PrettyODataPage_OfEventRecords()
    {
        string text = "{\n  \"@odata.context\": \"https://x/$metadata#auditLogs\",\n  \"value\": [\n    {\"user\": \"a\", \"event\": \"x\"},\n    {\"user\": \"b\", \"event\": \"y\"}\n  ],\n  \"@odata.nextLink\": \"https://x\"\n}\n";

        ReadResult result = Read.Text(text, "events.json");

        Assert.Empty(result.Skipped);
        Assert.Equal(new[] { ("a", 4L), ("b", 5L) }, result.Records.Select(r => (r.User, r.Line)));
        result.AssertCountsAddUp();
    }

    [Fact]
    public void RecordsEnvelope_StillWorksForEvents_AndForUsers()
    {
        ReadResult events = Read.Text("{\"Records\":[{\"user\":\"a\",\"event\":\"x\"},{\"user\":\"b\",\"event\":\"y\"}]}", "trail.json");
        Assert.Equal(new[] { "a", "b" }, events.Records.Select(r => r.User));
        Assert.Empty(events.Skipped);

        SignInReadResult users = ReadSignIn.Text("{\"Records\":[" + ReadSignIn.GraphUser(1) + "]}", "users.json");
        users.AssertAllValid(1);
    }

    [Theory]
    [InlineData(true, "{\"@odata.context\":\"x\",\"value\":[", 31)]
    [InlineData(false, "{\"@odata.context\":\"x\",\"value\":[", 31)]
    [InlineData(true, "{ \"@odata.context\" : \"x\" , \"@odata.count\" : 12 , \"value\" : [", 60)]
    [InlineData(true, "{\"value\":[", 10)]
    [InlineData(false, "{\"value\":[", 0)]
    [InlineData(true, "{\"value\":{", 0)]
    [InlineData(true, "{\"@odata.context\":\"x\",\"id\":\"u1\",\"value\":[", 0)]
    [InlineData(true, "{\"@odata.context\":{\"a\":1},\"value\":[", 0)]
    [InlineData(true, "{\"id\":\"u1\"}", 0)]
    public void EnvelopeOpening_IsFoundOnlyWhereItIsOne(bool bareValue, string text, int expected)
    {
        Assert.Equal(expected, FormatDetector.EnvelopeOpeningLength(Encoding.UTF8.GetBytes(text), bareValue, out bool incomplete));
        Assert.False(incomplete);
    }

    [Theory]
    [InlineData("{\"@odata.context\":\"x\",")]
    [InlineData("{\"@odata.context\":\"https://graph.micro")]
    [InlineData("{\"@odata.count\":12")]
    [InlineData("{ ")]
    public void EnvelopeOpening_CutShort_IsUndecided(string text)
    {
        Assert.Equal(0, FormatDetector.EnvelopeOpeningLength(Encoding.UTF8.GetBytes(text), bareValue: false, out bool incomplete));
        Assert.True(incomplete);
    }

    [Fact]
    public void ODataPageFile_IsDetectedAsJson()
    {
        byte[] head = Encoding.UTF8.GetBytes(ReadSignIn.CompactPage(new[] { 1 }, 1) + "\n" + ReadSignIn.CompactPage(new[] { 2 }, 2) + "\n");
        Assert.Equal(InputFormat.Json, FormatDetector.Detect("users.json", head));
        Assert.Equal(InputFormat.Json, FormatDetector.Detect("users", head));
        Assert.Equal(InputFormat.JsonLines, FormatDetector.Detect("users.jsonl", head));
    }

    // --- damage ---

    [Fact]
    public void AMalformedUser_InTheMiddleOfAPage_CostsOnlyThatUser()
    {
        string bad = "{\"id\":\"bad\",\"userPrincipalName\": oops}";
        string text = "{\"@odata.context\":\"" + Context + "\",\"value\":[" + ReadSignIn.GraphUser(1) + "," + bad + "," + ReadSignIn.GraphUser(2) +
                      "],\"@odata.nextLink\":\"https://x\"}\n" + ReadSignIn.CompactPage(new[] { 3 }, 2) + "\n";

        foreach (string name in new[] { "pages.json", "pages.jsonl" })
        {
            SignInReadResult result = ReadSignIn.Text(text, name);

            Assert.Equal(Expected(new[] { 1, 2, 3 }), Names(result));
            SkippedRecord skip = result.SingleSkip;
            Assert.Equal(SkipReason.InvalidJson, skip.Reason);
            Assert.Equal(1, skip.Line);
            Assert.Equal(2, skip.Record);
            Assert.StartsWith(bad.Substring(0, 20), skip.Raw);
            result.AssertCountsAddUp();
        }
    }

    [Fact]
    public void AMalformedUser_InAPrettyPage_CostsOnlyThatUser()
    {
        string text = PrettyPage(1, 1) + PrettyPage(3, 2).Replace("\"accountEnabled\": true,\n", "\"accountEnabled\": tru,\n") + PrettyPage(5, 3);

        SignInReadResult result = ReadSignIn.Text(text, "pages.json");

        Assert.Equal(Expected(new[] { 1, 2, 5, 6 }), Names(result));
        List<long> lines = UserLines(text);
        Assert.Equal(new long[] { 4, 14, 56, 66 }, result.Users.Select(u => u.Line));
        Assert.Equal(new[] { lines[0], lines[1], lines[4], lines[5] }, result.Users.Select(u => u.Line));
        Assert.Equal(new long[] { 30, 40 }, result.Skipped.Select(s => s.Line));
        Assert.All(result.Skipped, s => Assert.Equal(SkipReason.InvalidJson, s.Reason));
        result.AssertCountsAddUp();
    }

    [Theory]
    [InlineData("pages.json")]
    [InlineData("pages.jsonl")]
    public void AMalformedLastUser_DoesNotCostTheNextPage(string name)
    {
        string bad = "{\"id\":\"bad\",\"userPrincipalName\": oops}";
        string text = "{\"@odata.context\":\"" + Context + "\",\"value\":[" + ReadSignIn.GraphUser(1) + "," + bad +
                      "],\"@odata.nextLink\":\"https://x\"}\n" +
                      ReadSignIn.CompactPage(new[] { 2, 3 }, 2) + "\n" +
                      ReadSignIn.CompactPage(new[] { 4 }, 3, nextLink: false) + "\n";

        SignInReadResult result = ReadSignIn.Text(text, name);

        Assert.Equal(Expected(new[] { 1, 2, 3, 4 }), Names(result));
        Assert.Equal(new long[] { 1, 2, 2, 3 }, result.Users.Select(u => u.Line));
        SkippedRecord skip = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidJson, skip.Reason);
        Assert.Equal(1, skip.Line);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void AMalformedLastUser_InAPrettyPage_DoesNotCostTheNextPage()
    {
        string damaged = PrettyPage(1, 1).Replace("\"r2\"\n", "\"r2\",,\n");
        string text = damaged + PrettyPage(3, 2) + PrettyPage(5, 3, nextLink: false);

        SignInReadResult result = ReadSignIn.Text(text, "pages.json");

        Assert.Equal(Expected(new[] { 1, 3, 4, 5, 6 }), Names(result));
        Assert.Equal(new long[] { 4, 30, 40, 56, 66 }, result.Users.Select(u => u.Line));
        Assert.Equal(14, result.SingleSkip.Line);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void AUserThatIsNotAnObject_IsSkippedAlone()
    {
        string text = "{\"@odata.context\":\"" + Context + "\",\"value\":[42," + ReadSignIn.GraphUser(1) + ",\"text\"," + ReadSignIn.GraphUser(2) + "]}\n";

        SignInReadResult result = ReadSignIn.Text(text, "page.json");

        Assert.Equal(Expected(new[] { 1, 2 }), Names(result));
        Assert.Equal(new[] { SkipReason.NotAnObject, SkipReason.NotAnObject }, result.Skipped.Select(s => s.Reason));
        result.AssertCountsAddUp();
    }

    [Theory]
    [InlineData("pages.json")]
    [InlineData("pages.jsonl")]
    public void APageCutOffInAUser_KeepsTheUsersBeforeIt(string name)
    {
        string page = ReadSignIn.CompactPage(new[] { 1, 2, 3 }, 1);
        string cut = page.Substring(0, page.IndexOf("user3@", StringComparison.Ordinal));

        SignInReadResult result = ReadSignIn.Text(ReadSignIn.CompactPage(new[] { 9 }, 0) + "\n" + cut, name);

        Assert.Equal(Expected(new[] { 9, 1, 2 }), Names(result));
        SkippedRecord skip = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidJson, skip.Reason);
        Assert.Equal(2, skip.Line);
        Assert.Equal(4, skip.Record);
        result.AssertCountsAddUp();
    }

    [Theory]
    [InlineData("]")]
    [InlineData("],\"@odata.nextLink\":\"https://graph.micro")]
    [InlineData(",")]
    [InlineData("")]
    public void APageCutOffBetweenUsers_KeepsThemAll(string tail)
    {
        string page = ReadSignIn.CompactPage(new[] { 1, 2 }, 1, nextLink: false);
        string cut = page.Substring(0, page.Length - 2) + tail;   // drop "]}"

        SignInReadResult result = ReadSignIn.Text(cut, "page.json");

        Assert.Equal(Expected(new[] { 1, 2 }), Names(result));
        result.AssertCountsAddUp();
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void APrettyPageCutOff_KeepsTheUsersBeforeIt()
    {
        string page = PrettyPage(3, 2);
        string text = PrettyPage(1, 1) + page.Substring(0, page.IndexOf("\"r4\"", StringComparison.Ordinal));

        SignInReadResult result = ReadSignIn.Text(text, "pages.json");

        Assert.Equal(Expected(new[] { 1, 2, 3 }), Names(result));
        Assert.Equal(40, result.SingleSkip.Line);
        Assert.Equal(SkipReason.InvalidJson, result.SingleSkip.Reason);
        result.AssertCountsAddUp();
    }

    // --- large files: pages and users across the reader's buffer refills ---

    [Fact]
    public void ManyPages_OverSeveralBuffers_AllUsersOnTheirLines()
    {
        var text = new StringBuilder();
        int n = 0;
        for (int page = 0; text.Length < 3 << 20; page++)
        {
            bool pretty = page % 3 == 0;
            if (pretty)
            {
                text.Append(PrettyPage(n + 1, page));
                n += 2;
            }
            else
            {
                int users = 1 + page % 40;
                text.Append(ReadSignIn.CompactPage(Enumerable.Range(n + 1, users), page)).Append('\n');
                n += users;
            }
        }

        SignInReadResult result = ReadSignIn.Text(text.ToString(), "big.json");

        result.AssertAllValid(n);
        Assert.Equal(Expected(Enumerable.Range(1, n)), Names(result));
        Assert.Equal(UserLines(text.ToString()), result.Users.Select(u => u.Line));
    }

    [Fact]
    public void ALongAnnotation_BeforeTheValueArray_AcrossABufferRefill()
    {
        // A page that starts just before the reader's 1 MiB buffer ends, with a long context, so its opening is cut.
        var text = new StringBuilder("{\"value\":[");
        int n = 0;
        while (text.Length < (1 << 20) - 300)
        {
            text.Append(n == 0 ? string.Empty : ",").Append(ReadSignIn.GraphUser(++n));
        }

        text.Append("]}\n");
        int firstOfNext = n + 1;
        text.Append("{\"@odata.context\":\"").Append('x', 2000).Append("\",\"@odata.count\":1,\"value\":[").Append(ReadSignIn.GraphUser(firstOfNext)).Append("]}\n");

        SignInReadResult result = ReadSignIn.Text(text.ToString(), "users.json");

        result.AssertAllValid(firstOfNext);
        Assert.Equal(2, result.Users[^1].Line);
        Assert.Equal($"user{firstOfNext}@contoso.com", result.Users[^1].UserPrincipalName);
    }
}
