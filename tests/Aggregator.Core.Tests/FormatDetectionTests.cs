using Aggregator.Reading;

namespace Aggregator.Core.Tests;

public class FormatDetectionTests
{
    private const string LinesOfObjects = "{\"user\":\"a\",\"event\":\"x\"}\n{\"user\":\"b\",\"event\":\"y\"}\n";

    private const string PrettyObjects = "{\n  \"user\": \"a\",\n  \"event\": \"x\"\n}\n{\n  \"user\": \"b\",\n  \"event\": \"y\"\n}\n";

    private static InputFormat Detect(string name, string head) => FormatDetector.Detect(name, Read.Utf8NoBom.GetBytes(head));

    [Theory]
    [InlineData("events.csv", InputFormat.Csv)]
    [InlineData("EVENTS.CSV", InputFormat.Csv)]
    [InlineData("events.csv.gz", InputFormat.Csv)]
    [InlineData("events.jsonl", InputFormat.JsonLines)]
    [InlineData("events.ndjson", InputFormat.JsonLines)]
    [InlineData("events.jsonl.gz", InputFormat.JsonLines)]
    [InlineData("/var/log/app/events.JSONL", InputFormat.JsonLines)]
    public void ExtensionDecides(string name, InputFormat expected)
    {
        // The content would say otherwise; a known extension is trusted.
        string head = expected == InputFormat.Csv ? LinesOfObjects : "user,event\na,x\n";

        Assert.Equal(expected, Detect(name, head));
    }

    [Theory]
    [InlineData("events.json")]
    [InlineData("events.log")]
    [InlineData("events")]
    [InlineData("events.json.gz")]
    public void ContentDecidesOtherwise(string name)
    {
        Assert.Equal(InputFormat.Json, Detect(name, "[{\"user\":\"a\",\"event\":\"x\"}]"));
        Assert.Equal(InputFormat.Json, Detect(name, "  \r\n  [\n"));
        Assert.Equal(InputFormat.JsonLines, Detect(name, LinesOfObjects));
        Assert.Equal(InputFormat.Json, Detect(name, PrettyObjects));
        Assert.Equal(InputFormat.Json, Detect(name, "{\"user\":\"a\",\"event\":\"x\"}{\"user\":\"b\",\"event\":\"y\"}\n"));
    }

    [Fact]
    public void SingleObjectOnOneLineIsJsonLines()
    {
        Assert.Equal(InputFormat.JsonLines, Detect("events.log", "{\"user\":\"a\",\"event\":\"x\"}"));
    }

    [Fact]
    public void JsonLinesWithOneDamagedLineIsStillJsonLines()
    {
        string head = "{\"user\":\"a\",\"event\":\"x\"}\n{\"user\":\"b\",\"ev\n{\"user\":\"c\",\"event\":\"z\"}\n";

        Assert.Equal(InputFormat.JsonLines, Detect("events.log", head));
    }

    [Fact]
    public void JsonLinesCutOffByTheSampleIsStillJsonLines()
    {
        // The detector sees only the first 64 KiB; the last line it sees may be cut in the middle.
        string head = LinesOfObjects + "{\"user\":\"c\",\"ev";

        Assert.Equal(InputFormat.JsonLines, Detect("events.log", head));
    }

    [Fact]
    public void TextThatIsNotJsonIsCsvUnlessNamedJson()
    {
        Assert.Equal(InputFormat.Csv, Detect("events.txt", "user,event\na,x\n"));
        Assert.Equal(InputFormat.Csv, Detect("events", "user,event\na,x\n"));
        Assert.Equal(InputFormat.Json, Detect("events.json", "garbage\n{\"user\":\"a\",\"event\":\"x\"}"));
    }

    [Fact]
    public void EmptyInput()
    {
        Assert.Equal(InputFormat.Json, Detect("events.json", ""));
        Assert.Equal(InputFormat.Json, Detect("events.json", " \n "));
    }

    [Theory]
    [InlineData(LinesOfObjects, "events.log", InputFormat.JsonLines)]
    [InlineData(PrettyObjects, "events.log", InputFormat.Json)]
    [InlineData("user,event\na,x\nb,y\n", "events.txt", InputFormat.Csv)]
    [InlineData("[{\"user\":\"a\",\"event\":\"x\"},\n{\"user\":\"b\",\"event\":\"y\"}]", "events", InputFormat.Json)]
    public void ReaderUsesTheDetectedFormat(string text, string name, InputFormat expected)
    {
        ReadResult result = Read.Text(text, name);

        Assert.Equal(expected, result.Statistics.Format);
        Assert.Equal(new[] { "a", "b" }, result.Records.Select(r => r.User));
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void DetectionLooksPastAUtf16ByteOrderMark()
    {
        ReadResult result = Read.Bytes(Read.WithBom(LinesOfObjects, System.Text.Encoding.Unicode), "events.log");

        Assert.Equal(InputFormat.JsonLines, result.Statistics.Format);
        Assert.Equal(2, result.Records.Count);
    }

    [Fact]
    public void ForcedFormatIsReportedAsUsed()
    {
        ReadResult result = Read.Text("user,event\na,x\n", "events.json", Read.Format(InputFormat.Csv));

        Assert.Equal(InputFormat.Csv, result.Statistics.Format);
        Assert.Equal("a", result.Single.User);
    }
}
