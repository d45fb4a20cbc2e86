using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>
/// Flat records take a direct scan; anything the scan does not accept falls back to the full JSON parser. These cases
/// sit on that border: each must read exactly as valid JSON says, in JSON Lines and inside an array alike.
/// </summary>
public class FlatRecordScanTests
{
    /// <summary>The vectorised search for a string's end finds the first quote, backslash or control byte, at any position.</summary>
    [Fact]
    public void StringStop_IsTheFirstQuoteBackslashOrControlByte_AtAnyPosition()
    {
        byte[] stops = { (byte)'"', (byte)'\\', 0x00, 0x0A, 0x1F };
        byte[] plain = "aZ9 ~\u007f"u8.ToArray().Concat(new byte[] { 0x20, 0x7F, 0x80, 0xC3, 0xBC, 0xFF }).ToArray();
        var random = new Random(3);
        for (int length = 0; length <= 100; length++)
        {
            byte[] text = Enumerable.Range(0, length).Select(_ => plain[random.Next(plain.Length)]).ToArray();
            Assert.Equal(-1, Aggregator.Reading.Json.JsonFlatScanner.IndexOfStringStop(text));
            for (int at = 0; at < length; at++)
            {
                byte[] withStop = (byte[])text.Clone();
                withStop[at] = stops[random.Next(stops.Length)];
                if (at + 1 < length && random.Next(2) == 0)
                {
                    withStop[random.Next(at + 1, length)] = (byte)'"';   // a later stop does not count
                }

                Assert.Equal(at, Aggregator.Reading.Json.JsonFlatScanner.IndexOfStringStop(withStop));
            }
        }
    }

    [Theory]
    [InlineData("""{"user":"a","event":"x","n":-0.5e+3}""", "a", "x")]
    [InlineData("""{ "user" : "a" , "event" : "x" }""", "a", "x")]
    [InlineData("""{"user":"a\u0062","event":"x"}""", "ab", "x")]                  // escape: full parser
    [InlineData("""{"user":"a","event":"x","tags":["t"],"meta":{"k":1}}""", "a", "x")]   // nested: full parser
    [InlineData("""{"user":"a","event":"x",}""", "a", "x")]                        // trailing comma is allowed
    [InlineData("""{"user":"a",/* note */"event":"x"}""", "a", "x")]               // comments are skipped
    [InlineData("""{"user":12,"event":true,"status":null}""", "12", "true")]
    [InlineData("""{"user":"ü","event":"日本"}""", "ü", "日本")]
    public void ValidRecordsReadTheSameWhicheverPathTakesThem(string record, string user, string @event)
    {
        foreach (string text in new[] { record + "\n", "[\n" + record + ",\n" + record + "\n]" })
        {
            ReadResult result = Read.Text(text, "events.json");

            Assert.Empty(result.Skipped);
            Assert.All(result.Records, r => Assert.Equal((user, @event), (r.User, r.Event)));
            result.AssertCountsAddUp();
        }
    }

    [Theory]
    [InlineData("""{"user":"a","event":"x","n":01}""")]             // leading zero
    [InlineData("""{"user":"a","event":"x","n":1.}""")]             // no digits after the point
    [InlineData("""{"user":"a","event":"x","n":-}""")]
    [InlineData("""{"user":"a","event":"x","b":tru}""")]
    [InlineData("""{"user":"a","event":"x","b":truex}""")]
    [InlineData("{\"user\":\"a\tb\",\"event\":\"x\"}")]               // raw tab inside a string
    [InlineData("""{"user":"a" "event":"x"}""")]                   // missing comma
    [InlineData("""{"user":"a","event":"x",,"s":1}""")]
    [InlineData("""{user:"a","event":"x"}""")]                     // unquoted name
    public void MalformedRecordsAreReportedAndTheNextOneIsRead(string bad)
    {
        ReadResult result = Read.Text(bad + "\n" + """{"user":"b","event":"y"}""" + "\n", "events.jsonl");

        Assert.Equal(SkipReason.InvalidJson, result.SingleSkip.Reason);
        Assert.Equal(1, result.SingleSkip.Line);
        Assert.Equal("b", result.Single.User);
        Assert.Equal(2, result.Single.Line);
        result.AssertCountsAddUp();
    }
}
