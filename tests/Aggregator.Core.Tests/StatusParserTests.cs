using System.Text;
using Aggregator.Parsing;

namespace Aggregator.Core.Tests;

public class StatusParserTests
{
    [Theory]
    [InlineData("success")]
    [InlineData("succeeded")]
    [InlineData("ok")]
    [InlineData("true")]
    [InlineData("SUCCESS")]
    [InlineData("Succeeded")]
    [InlineData("OK")]
    [InlineData("True")]
    [InlineData(" ok ")]
    public void SuccessWords(string word)
    {
        Assert.True(StatusParser.TryParse(word, out EventStatus status));
        Assert.Equal(EventStatus.Success, status);

        Assert.True(StatusParser.TryParse(Encoding.UTF8.GetBytes(word), out EventStatus fromBytes));
        Assert.Equal(EventStatus.Success, fromBytes);
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("failed")]
    [InlineData("failure")]
    [InlineData("error")]
    [InlineData("false")]
    [InlineData("FAIL")]
    [InlineData("Failed")]
    [InlineData("FAILURE")]
    [InlineData("Error")]
    [InlineData("FALSE")]
    public void FailWords(string word)
    {
        Assert.True(StatusParser.TryParse(word, out EventStatus status));
        Assert.Equal(EventStatus.Fail, status);

        Assert.True(StatusParser.TryParse(Encoding.UTF8.GetBytes(word), out EventStatus fromBytes));
        Assert.Equal(EventStatus.Fail, fromBytes);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("successful")]
    [InlineData("okay")]
    [InlineData("fails")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("yes")]
    [InlineData("errors")]
    [InlineData("a status word that is much longer than any known one")]
    public void UnknownWordsAreRejected(string word)
    {
        Assert.False(StatusParser.TryParse(word, out _));
        Assert.False(StatusParser.TryParse(Encoding.UTF8.GetBytes(word), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NoTextMeansNoStatus(string? text)
    {
        Assert.True(StatusParser.TryParse(text, out EventStatus status));
        Assert.Equal(EventStatus.None, status);
    }

    [Fact]
    public void NoneAsWrittenByTheModuleReadsBackAsNoStatus()
    {
        // Export-Csv of an EventRecord without status writes "None"; Import-Csv | Measure-UserEvent must accept it.
        Assert.True(StatusParser.TryParse(EventStatus.None.ToString(), out EventStatus status));
        Assert.Equal(EventStatus.None, status);
    }

    [Theory]
    [InlineData("\"status\":\"OK\"", EventStatus.Success)]
    [InlineData("\"status\":\"Failed\"", EventStatus.Fail)]
    [InlineData("\"status\":true", EventStatus.Success)]
    [InlineData("\"status\":false", EventStatus.Fail)]
    [InlineData("\"status\":null", EventStatus.None)]
    [InlineData("\"other\":1", EventStatus.None)]
    [InlineData("\"result\":\"error\"", EventStatus.Fail)]
    [InlineData("\"outcome\":\"succeeded\"", EventStatus.Success)]
    public void StatusInAJsonRecord(string statusProperty, EventStatus expected)
    {
        ReadResult result = Read.Text($$"""{"user":"a","event":"login",{{statusProperty}}}""");

        Assert.Empty(result.Skipped);
        Assert.Equal(expected, result.Single.Status);
    }

    [Theory]
    [InlineData("\"status\":\"pending\"", "pending")]
    [InlineData("\"status\":1", "1")]
    public void UnknownStatusInAJsonRecordIsSkipped(string statusProperty, string shownAs)
    {
        ReadResult result = Read.Text($$"""{"user":"a","event":"login",{{statusProperty}}}""");

        Assert.Empty(result.Records);
        SkippedRecord skipped = result.SingleSkip;
        Assert.Equal(SkipReason.UnknownStatus, skipped.Reason);
        Assert.Contains(shownAs, skipped.Message);
        Assert.Equal("a", skipped.User);
        Assert.Equal("login", skipped.Event);
        result.AssertCountsAddUp();
    }

    [Fact]
    public void StatusAsObjectIsSkipped()
    {
        ReadResult result = Read.Text("""{"user":"a","event":"login","status":{"code":0}}""");

        Assert.Empty(result.Records);
        // Either name fits: the value is not a single value, and it is not a known status word.
        Assert.Contains(result.SingleSkip.Reason, new[] { SkipReason.InvalidField, SkipReason.UnknownStatus });
    }
}
