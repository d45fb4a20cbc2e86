using System.Net;
using System.Numerics;
using System.Text.Json;
using Aggregator.Writing;

namespace Aggregator.Core.Tests;

/// <summary>RecordJsonWriter: the exact JSON Export-JsonLines writes for the module's records and for single values.</summary>
public sealed class RecordJsonWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Writes one line through JsonLinesWriter's own Utf8JsonWriter, as Export-JsonLines does, and returns it.
    private string Json(Func<Utf8JsonWriter, bool> write)
    {
        string path = Path.Combine(_dir.Path, Guid.NewGuid().ToString("N") + ".jsonl");
        using (var writer = new JsonLinesWriter(new JsonLinesWriterOptions { Path = path }))
        {
            Assert.True(write(writer.Json));
            writer.EndRecord();
            writer.Complete();
        }

        string text = File.ReadAllText(path);
        Assert.EndsWith("\n", text);
        JsonDocument.Parse(text).Dispose();   // whatever it is, it is valid JSON
        return text[..^1];
    }

    private string Record(object record, int depth = 2) => Json(json => RecordJsonWriter.TryWrite(json, record, depth));

    private string Scalar(object? value) => Json(json => RecordJsonWriter.TryWriteScalar(json, value));

    [Fact]
    public void EventRecord_AllProperties_InOrder()
    {
        var record = new EventRecord("alice", "login", EventStatus.Success, Utc.At(2024, 7, 10, 11, 45), "events.jsonl", 3);

        Assert.Equal("""{"User":"alice","Event":"login","Status":"Success","Timestamp":"2024-07-10T11:45:00Z","Source":"events.jsonl","Line":3}""",
            Record(record));
        Assert.Equal(Record(record), Record(record, depth: 0));   // an event record holds no objects
    }

    [Fact]
    public void EventRecord_WithoutTimestamp_OrStatus()
    {
        Assert.Equal("""{"User":"bob","Event":"view","Status":"None","Timestamp":null,"Source":"x.csv","Line":0}""",
            Record(new EventRecord("bob", "view", EventStatus.None, null, "x.csv", 0)));
        Assert.Equal("""{"User":"bob","Event":"view","Status":"Fail","Timestamp":"2024-07-10T11:45:00.1234567Z","Source":"x","Line":9007199254740993}""",
            Record(new EventRecord("bob", "view", EventStatus.Fail, Utc.At(2024, 7, 10, 11, 45).AddTicks(1234567), "x", 9007199254740993)));
    }

    [Fact]
    public void EventRecord_FractionsWithoutTrailingZeros()
    {
        string json = Record(new EventRecord("u", "e", EventStatus.Success, Utc.At(2024, 7, 10, 11, 45).AddMilliseconds(500), "s", 1));
        Assert.Contains("\"Timestamp\":\"2024-07-10T11:45:00.5Z\"", json);
    }

    [Fact]
    public void Strings_AreEscaped_ButNonAsciiIsWrittenAsIs()
    {
        var record = new EventRecord("say \"hi\"\\ now\nthen\ttab", "Zoë 中文 <b>&'", EventStatus.Success, null, "C:\\logs\\a.json", 1);

        Assert.Equal(
            """{"User":"say \"hi\"\\ now\nthen\ttab","Event":"Zoë 中文 <b>&'","Status":"Success","Timestamp":null,"Source":"C:\\logs\\a.json","Line":1}""",
            Record(record));
    }

    [Fact]
    public void ControlCharacters_AreEscaped()
    {
        string json = Record(new EventRecord("a\u0001b\u001fc\rd", "e", EventStatus.None, null, "s", 1));
        Assert.StartsWith("""{"User":"a\u0001b\u001Fc\rd",""", json);
    }

    [Fact]
    public void SignInActivity_NeedsDepthOne()
    {
        var user = new SignInActivity("u1", "a@contoso.com", null, null, null, null, null, ReadSignIn.AsOf, "users.json", 4);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Assert.False(RecordJsonWriter.TryWrite(json, user, depth: 0));
        }

        Assert.Equal(0, buffer.WrittenCount);   // nothing half-written for the general path to follow

        Assert.Equal(
            """{"Id":"u1","UserPrincipalName":"a@contoso.com","DisplayName":null,"AccountEnabled":null,"Interactive":null,"NonInteractive":null,"Successful":null,"LastSignIn":null,"DaysSinceLastSignIn":null,"NeverSignedIn":true,"Source":"users.json","Line":4}""",
            Record(user, depth: 1));
    }

    [Fact]
    public void SignInActivity_WithEvents()
    {
        var user = new SignInActivity(null, "a@contoso.com", "Ann \"A\" Ørsted", false,
            new SignInEvent(Utc.At(2024, 7, 10, 11, 45), "req-i"), new SignInEvent(null, "req-n"),
            new SignInEvent(Utc.At(2024, 7, 12, 8).AddTicks(1234567), null), ReadSignIn.AsOf, "users.json", 12);

        Assert.Equal(
            """
            {"Id":null,"UserPrincipalName":"a@contoso.com","DisplayName":"Ann \"A\" Ørsted","AccountEnabled":false,"Interactive":{"DateTime":"2024-07-10T11:45:00Z","RequestId":"req-i"},"NonInteractive":{"DateTime":null,"RequestId":"req-n"},"Successful":{"DateTime":"2024-07-12T08:00:00.1234567Z","RequestId":null},"LastSignIn":"2024-07-12T08:00:00.1234567Z","DaysSinceLastSignIn":7,"NeverSignedIn":false,"Source":"users.json","Line":12}
            """,
            Record(user));
    }

    [Fact]
    public void SensorReading_AndKwhUsage()
    {
        Assert.Equal("""{"SensorId":"s-1","Timestamp":"2024-07-10T11:45:00Z","Value":21.5,"Source":"s.csv","Row":2}""",
            Record(new SensorReading("s-1", Utc.At(2024, 7, 10, 11, 45), 21.5, "s.csv", 2)));
        Assert.Equal("""{"Period":"2024-07-10T00:00:00+02:00","Interval":"QuarterHour","MeterId":"m1","Kwh":0.25,"Readings":3,"TimeZone":""}""",
            Record(new KwhUsage(new DateTimeOffset(2024, 7, 10, 0, 0, 0, TimeSpan.FromHours(2)), KwhInterval.QuarterHour, "m1", 0.25, 3)));
    }

    [Theory]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, "\"Infinity\"")]
    [InlineData(double.NegativeInfinity, "\"-Infinity\"")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(1e-7, "1E-07")]
    public void NonFiniteNumbers_AreStrings(double value, string expected)
    {
        Assert.Equal($$"""{"SensorId":"s","Timestamp":"2024-07-10T11:45:00Z","Value":{{expected}},"Source":"s.csv","Row":2}""",
            Record(new SensorReading("s", Utc.At(2024, 7, 10, 11, 45), value, "s.csv", 2)));
        Assert.Contains($"\"Kwh\":{expected},", Record(new KwhUsage(DateTimeOffset.UnixEpoch, KwhInterval.Day, "", value, 0)));
        Assert.Equal(expected, Scalar(value));
    }

    [Fact]
    public void OtherObjects_AreLeftToTheGeneralPath()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer);
        Assert.False(RecordJsonWriter.TryWrite(json, new SkippedRecord(), 5));
        Assert.False(RecordJsonWriter.TryWrite(json, "text", 5));
        Assert.False(RecordJsonWriter.TryWriteScalar(json, new EventRecord()));
        Assert.False(RecordJsonWriter.TryWriteScalar(json, new[] { 1, 2 }));
        Assert.False(RecordJsonWriter.TryWriteScalar(json, new Dictionary<string, int>()));
        json.Flush();
        Assert.Equal(0, buffer.WrittenCount);
    }

    public static TheoryData<object?, string> Scalars => new()
    {
        { null, "null" },
        { DBNull.Value, "null" },
        { "text \"q\" é", "\"text \\\"q\\\" é\"" },
        { 'c', "\"c\"" },
        { '"', "\"\\\"\"" },
        { true, "true" },
        { false, "false" },
        { 42, "42" },
        { (byte)255, "255" },
        { (short)-3, "-3" },
        { 4_000_000_000u, "4000000000" },
        { long.MinValue, "-9223372036854775808" },
        { ulong.MaxValue, "18446744073709551615" },
        { 1.5, "1.5" },
        { 0.1, "0.1" },
        { 0.5f, "0.5" },
        { 1.10m, "1.10" },
        { BigInteger.Pow(10, 30), "1000000000000000000000000000000" },
        { new DateTime(2024, 7, 10, 11, 45, 0, DateTimeKind.Utc), "\"2024-07-10T11:45:00Z\"" },
        { new DateTime(2024, 7, 10, 11, 45, 0, DateTimeKind.Utc).AddTicks(1), "\"2024-07-10T11:45:00.0000001Z\"" },
        { new DateTime(2024, 7, 10, 11, 45, 0, DateTimeKind.Unspecified), "\"2024-07-10T11:45:00\"" },
        { new DateTimeOffset(2024, 7, 10, 11, 45, 0, TimeSpan.FromHours(5.5)), "\"2024-07-10T11:45:00+05:30\"" },
        { new DateTimeOffset(2024, 7, 10, 11, 45, 0, TimeSpan.FromHours(-8)), "\"2024-07-10T11:45:00-08:00\"" },
        { Guid.Parse("6e7b768e-07e2-4810-8459-485f84f8f204"), "\"6e7b768e-07e2-4810-8459-485f84f8f204\"" },
        { new TimeSpan(1, 2, 3, 4, 5), "\"1.02:03:04.0050000\"" },
        { TimeSpan.FromMinutes(90), "\"01:30:00\"" },
        { -TimeSpan.FromSeconds(1), "\"-00:00:01\"" },
        { EventStatus.Fail, "\"Fail\"" },
        { KwhInterval.QuarterHour, "\"QuarterHour\"" },
        { FileAttributes.ReadOnly | FileAttributes.Hidden, "\"ReadOnly, Hidden\"" },
        { (EventStatus)7, "\"7\"" },
        { new Uri("https://graph.microsoft.com/v1.0/users?$top=2"), "\"https://graph.microsoft.com/v1.0/users?$top=2\"" },
        { new Version(1, 2, 3), "\"1.2.3\"" },
        { IPAddress.Parse("10.0.0.1"), "\"10.0.0.1\"" },
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Scalars_AsSingleJsonValues(object? value, string expected)
    {
        Assert.Equal(expected, Scalar(value));
    }

    [Fact]
    public void UnknownStatusValues_AreWrittenByNumber()
    {
        Assert.Contains("\"Status\":\"9\",", Record(new EventRecord("u", "e", (EventStatus)9, null, "s", 1)));
    }
}
