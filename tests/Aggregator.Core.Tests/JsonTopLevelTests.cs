using System.Text;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>
/// Damage at the top level of a JSON file (brackets and commas around the records) is reported, never silently dropped;
/// a file with no content at all stays an empty file.
/// </summary>
public class JsonTopLevelTests
{
    [Theory]
    [InlineData("[[]]", 1)]
    [InlineData("[ {}, [] ]", 2)]   // {} lacks a user; [] is no record
    [InlineData("[ [], {\"user\":\"a\",\"event\":\"x\"}, [] ]", 2)]
    [InlineData("[] []", 1)]        // the first is the empty file's array, the second a value after it
    public void EmptyArraysWhereRecordsBelong_AreSkippedRecords(string json, int skipped)
    {
        ReadResult result = Read.Text(json);

        result.AssertCountsAddUp();
        Assert.Equal(skipped, result.Skipped.Count);
        Assert.Contains(result.Skipped, s => s.Reason == SkipReason.NotAnObject && s.Raw == "[]" && s.Message.Contains("empty array"));
    }

    [Theory]
    [InlineData("]", "]")]
    [InlineData("[,]", ",")]
    [InlineData("[{\"user\":\"a\",\"event\":\"x\"}]]", "]")]
    [InlineData("[{\"user\":\"a\",\"event\":\"x\"},,{\"user\":\"b\",\"event\":\"y\"}]", ",")]
    public void StrayBracketsAndCommas_AreSkippedRecords(string json, string stray)
    {
        ReadResult result = Read.Text(json);

        result.AssertCountsAddUp();
        SkippedRecord skip = result.SingleSkip;
        Assert.Equal(SkipReason.InvalidJson, skip.Reason);
        Assert.Equal(stray, skip.Raw);
    }

    [Theory]
    [InlineData("[", 0)]
    [InlineData("[,", 1)]
    [InlineData("[\n{\"user\":\"a\",\"event\":\"x\"},\n{\"user\":\"b\",\"event\":\"y\"}\n", 0)]
    public void AnArrayTheFileNeverCloses_IsAFileError(string json, int skipped)
    {
        ReadResult result = Read.Text(json);

        Assert.Equal(skipped, result.Skipped.Count);
        Assert.Equal(result.Statistics.ValidRecords + result.Statistics.SkippedRecords, result.Statistics.TotalRecords);
        Assert.Contains("not closed", result.Statistics.Error);
    }

    [Fact]
    public void AHundredThousandNestedOpenings_AreOneFileError()
    {
        ReadResult result = Read.Text(new string('[', 100_000));

        Assert.Equal(0, result.Statistics.TotalRecords);
        Assert.Contains("not closed", result.Statistics.Error);
    }

    [Fact]
    public void AHundredThousandNestedEmptyArrays_AreOneSkippedRecord()
    {
        ReadResult result = Read.Text(new string('[', 100_000) + new string(']', 100_000));

        result.AssertCountsAddUp();
        Assert.Equal(SkipReason.NotAnObject, result.SingleSkip.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t\r\n ")]
    [InlineData("\uFEFF")]
    [InlineData("\uFEFF  \n")]
    public void NoContent_IsAnEmptyFile(string text)
    {
        foreach (string name in new[] { "e.json", "e.jsonl" })
        {
            ReadResult result = Read.Bytes(Encoding.UTF8.GetBytes(text), name);

            result.AssertCountsAddUp();
            Assert.Equal(0, result.Statistics.TotalRecords);
        }
    }

    [Theory]
    [InlineData("hello {world\n", "e.jsonl")]
    [InlineData("hello {world\n", "e.json")]
    [InlineData("}{\n", "e.jsonl")]
    [InlineData("\"text\" junk\n", "e.jsonl")]
    public void OneGarbageLine_IsOneSkippedRecord(string line, string name)
    {
        ReadResult result = Read.Text("{\"user\":\"a\",\"event\":\"x\"}\n" + line + "{\"user\":\"b\",\"event\":\"y\"}\n", name);

        result.AssertCountsAddUp();
        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        Assert.Equal(line.TrimEnd('\n'), result.SingleSkip.Raw.TrimEnd('\n'));
        Assert.Equal(2, result.SingleSkip.Line);
    }

    [Theory]
    [InlineData("e.json")]
    [InlineData("e.jsonl")]
    [InlineData("e.csv")]
    public void Utf16WithoutAByteOrderMark_IsDecoded(string name)
    {
        string text = name.EndsWith(".csv")
            ? "user,event\nJosé,x\nZoë,y\n"
            : name.EndsWith(".jsonl") ? "{\"user\":\"José\",\"event\":\"x\"}\n{\"user\":\"Zoë\",\"event\":\"y\"}\n"
            : "[{\"user\":\"José\",\"event\":\"x\"},\n{\"user\":\"Zoë\",\"event\":\"y\"}]";
        foreach (Encoding encoding in new[] { Encoding.Unicode, Encoding.BigEndianUnicode })
        {
            ReadResult result = Read.Bytes(encoding.GetBytes(text), name);

            result.AssertCountsAddUp();
            Assert.Equal(new[] { "José", "Zoë" }, result.Records.Select(r => r.User));
        }
    }
}
