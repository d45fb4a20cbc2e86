using Aggregator.Parsing;
using Aggregator.Reading;

namespace Aggregator.Core.Tests;

/// <summary>
/// The cases of csv-spectrum (github.com/maxogden/csv-spectrum, BSD-2-Clause), with the values its JSON answers give
/// for the first two columns, read as user and event. A row whose second cell is empty is skipped for lacking an
/// event, and still shows its user.
/// </summary>
public class CsvSpectrumTests
{
    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "comma_in_quotes", "first,last,address,city,zip\nJohn,Doe,120 any st.,\"Anytown, WW\",08123", new[] { "John|Doe" } },
        { "empty", "a,b,c\n1,\"\",\"\"\n2,3,4", new[] { "1|", "2|3" } },
        { "empty_crlf", "a,b,c\r\n1,\"\",\"\"\r\n2,3,4", new[] { "1|", "2|3" } },
        { "escaped_quotes", "a,b\n1,\"ha \"\"ha\"\" ha\"\n3,4\n", new[] { "1|ha \"ha\" ha", "3|4" } },
        { "json", "key,val\n1,\"{\"\"type\"\": \"\"Point\"\", \"\"coordinates\"\": [102.0, 0.5]}\"\n",
            new[] { "1|{\"type\": \"Point\", \"coordinates\": [102.0, 0.5]}" } },
        { "location_coordinates", "Contact Phone Number,Location Coordinates,Cities,Counties\n2095257564,37°36'37.8\"N 121°2'17.9\"W,Modesto,Stanislaus",
            new[] { "2095257564|37°36'37.8\"N 121°2'17.9\"W" } },
        { "newlines", "a,b,c\n1,2,3\n\"Once upon \na time\",5,6\n7,8,9\n", new[] { "1|2", "Once upon \na time|5", "7|8" } },
        { "newlines_crlf", "a,b,c\r\n1,2,3\r\n\"Once upon \r\na time\",5,6\r\n7,8,9\r\n", new[] { "1|2", "Once upon \r\na time|5", "7|8" } },
        { "quotes_and_newlines", "a,b\n1,\"ha \n\"\"ha\"\" \nha\"\n3,4\n", new[] { "1|ha \n\"ha\" \nha", "3|4" } },
        { "simple", "a,b,c\n1,2,3\n", new[] { "1|2" } },
        { "simple_crlf", "a,b,c\r\n1,2,3\r\n", new[] { "1|2" } },
        { "utf8", "a,b,c\n1,2,3\n4,5,ʤ", new[] { "1|2", "4|5" } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryRowReadsAsItsAnswerSays(string name, string text, string[] expected)
    {
        string[] header = text.Substring(0, text.IndexOfAny(new[] { '\r', '\n' })).Split(',');
        var options = new EventReadOptions { Fields = new FieldMap(user: new[] { header[0] }, @event: new[] { header[1] }) };

        ReadResult result = Read.Text(text, name + ".csv", options);

        result.AssertCountsAddUp();
        Assert.All(result.Skipped, s => Assert.Equal(SkipReason.MissingField, s.Reason));
        var rows = result.Records.Select(r => (r.Line, Text: $"{r.User}|{r.Event}"))
            .Concat(result.Skipped.Select(s => (s.Line, Text: $"{s.User}|")));
        Assert.Equal(expected, rows.OrderBy(row => row.Line).Select(row => row.Text));
    }
}
