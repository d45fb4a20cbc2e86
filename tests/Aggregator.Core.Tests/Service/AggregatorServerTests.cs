using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Aggregator.Service;
using Aggregator.Store;
using Xunit;

namespace Aggregator.Core.Tests.Service;

public sealed class AggregatorServerTests : IDisposable
{
    private const string Readings = "sensor_id,timestamp,value\nsensor-a,2025-10-01T08:00:00Z,19.87\nsensor-b,2025-10-01T08:01:00Z,42\nsensor-a,,7\n";

    private readonly ServerHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<JsonElement> GetJson(string url)
    {
        using HttpResponseMessage response = await _host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<JsonElement> WaitForFinished(string id)
    {
        for (int i = 0; i < 200; i++)
        {
            JsonElement file = await GetJson("files/" + id);
            if (file.GetProperty("status").GetString() is "processed" or "partial" or "failed")
            {
                return file;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{id} was not processed.");
    }

    [Fact]
    public async Task Upload_Answers202WithTheFileId_ThenTheResultDocumentIsTheSeeds()
    {
        using HttpResponseMessage response = await _host.Client.PostAsync("files", ServerHost.Form(("readings.csv", Readings, "text/csv")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("file_id").GetString()!;
        Assert.Equal(ContentId.Of(new System.IO.MemoryStream(Encoding.UTF8.GetBytes(Readings))), id);
        JsonElement file = await WaitForFinished(id);
        Assert.Equal("partial", file.GetProperty("status").GetString());
        JsonElement aggregates = file.GetProperty("aggregates");
        Assert.Equal(2, aggregates.GetProperty("row_count").GetInt64());
        Assert.Equal(19.87, aggregates.GetProperty("min_value").GetDouble());
        Assert.Equal(42, aggregates.GetProperty("max_value").GetDouble());
        Assert.Equal(30.935, aggregates.GetProperty("mean_value").GetDouble());
        Assert.Equal(1, aggregates.GetProperty("per_sensor_count").GetProperty("sensor-a").GetInt64());
        JsonElement error = Assert.Single(file.GetProperty("errors").EnumerateArray());
        Assert.Equal(4, error.GetProperty("row_number").GetInt64());
        Assert.Equal("missing timestamp", error.GetProperty("reason").GetString());
        Assert.True(file.GetProperty("processing_ms").GetInt64() >= 0);
        Assert.True(DateTime.Parse(file.GetProperty("processed_at").GetString()!) >= DateTime.Parse(file.GetProperty("uploaded_at").GetString()!));
    }

    [Fact]
    public async Task List_FiltersByStatus_AndRefusesAnUnknownOne()
    {
        using var first = await _host.Client.PostAsync("files", ServerHost.Form(("a.csv", Readings, "text/csv"), ("b.csv", "sensor_id,timestamp,value\ns,2025-10-01T08:00:00Z,1\n", "text/csv")));
        var ids = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("files").EnumerateArray()
            .Select(f => f.GetProperty("file_id").GetString()!).ToList();
        foreach (string id in ids)
        {
            await WaitForFinished(id);
        }

        Assert.Equal(2, (await GetJson("files")).GetArrayLength());
        Assert.Equal("b.csv", Assert.Single((await GetJson("files?status=processed")).EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("a.csv", Assert.Single((await GetJson("files?status=partial")).EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(2, (await GetJson("files?status=partial,processed")).GetArrayLength());
        Assert.Equal(0, (await GetJson("files?status=uploaded,failed")).GetArrayLength());
        foreach (string wrong in new[] { "done", "3", "partial,nope" })
        {
            using HttpResponseMessage bad = await _host.Client.GetAsync("files?status=" + wrong);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        Assert.Equal("ok", (await GetJson("health")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("files/00000000-0000-0000-0000-000000000000", HttpStatusCode.NotFound)]
    [InlineData("files/..%2F..%2Fetc%2Fpasswd", HttpStatusCode.NotFound)]
    [InlineData("files/../../etc/passwd", HttpStatusCode.NotFound)]
    [InlineData("ui/assets/..%2F..%2Fresults.db", HttpStatusCode.NotFound)]
    [InlineData("nothing-here", HttpStatusCode.NotFound)]
    public async Task UnknownIdsAndPaths_Are404_AndNeverReachTheFileSystem(string url, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await _host.Client.GetAsync(url);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MalformedRequests_Get4xx_AndTheServerKeepsServing()
    {
        async Task<HttpStatusCode> Send(HttpContent content) => (await _host.Client.PostAsync("files", content)).StatusCode;

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Send(new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Send(ServerHost.Form(("x.png", "not a png", "image/png"))));
        var broken = new StringContent("--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nno closing boundary", Encoding.UTF8);
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=abc");
        Assert.Equal(HttpStatusCode.BadRequest, await Send(broken));
        var noFile = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        Assert.Equal(HttpStatusCode.BadRequest, await Send(noFile));
        using HttpResponseMessage delete = await _host.Client.DeleteAsync("files");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal("ok", (await GetJson("health")).GetProperty("status").GetString());
        Assert.Empty(_host.Store.SensorFiles.Query(SensorFileQuery.All));
    }

    [Fact]
    public async Task UploadOverTheLimit_Is413_AndNothingIsStored()
    {
        using var small = new ServerHost(maxUploadBytes: 4096);
        string big = "sensor_id,timestamp,value\n" + string.Concat(Enumerable.Repeat("s,2025-10-01T08:00:00Z,1\n", 400));

        using HttpResponseMessage response = await small.Client.PostAsync("files", ServerHost.Form(("big.csv", big, "text/csv")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(small.Store.SensorFiles.Query(SensorFileQuery.All));
    }

    [Fact]
    public async Task WithAnApiKey_RequestsWithoutItAre401()
    {
        using var keyed = new ServerHost(apiKey: "s3cret");

        using HttpResponseMessage without = await keyed.Client.GetAsync("health");
        using var request = new HttpRequestMessage(HttpMethod.Get, "health") { Headers = { { "X-Api-Key", "s3cret" } } };
        using HttpResponseMessage with = await keyed.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task WithAnApiKey_ABrowserOpensUiWithTheKeyOnce_AndACookieCarriesIt()
    {
        using var keyed = new ServerHost(apiKey: "s3cret");
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true })
        {
            BaseAddress = keyed.Client.BaseAddress,
        };

        using HttpResponseMessage wrong = await browser.GetAsync("ui?key=guess");
        using HttpResponseMessage page = await browser.GetAsync("ui?key=s3cret");
        using HttpResponseMessage api = await browser.GetAsync("files");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/ui", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Contains("HttpOnly", string.Join(";", cookies.GetAllCookies().Select(c => c.HttpOnly ? "HttpOnly" : "")));
    }

    [Fact]
    public void ListeningBeyondLoopback_WithoutAnApiKey_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new AggregatorServer(_host.Store,
            new ServerOptions { Address = IPAddress.Any, Port = 1 }, new ServerAssets(new System.Collections.Generic.Dictionary<string, string>(), new Reporting.ReportAssets("", "", "", ""))));
        Assert.Contains("API key", error.Message);
    }

    [Fact]
    public async Task OpenApiDocument_Is31_AndDescribesEveryRoute()
    {
        JsonElement document = await GetJson("openapi.json");

        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(new[] { "/files", "/files/{file_id}", "/health" }, paths);
    }

    [Fact]
    public async Task HundredConcurrentUploads_NoneLost_AllProcessed()
    {
        var files = Enumerable.Range(0, 100).Select(i =>
            "sensor_id,timestamp,value\n" + string.Concat(Enumerable.Range(0, 1000).Select(r => $"s-{r % 5},2025-10-01T08:{r / 60 % 60:00}:{r % 60:00}Z,{i + r}\n"))).ToList();

        var responses = await Task.WhenAll(files.Select(async (content, i) =>
        {
            using HttpResponseMessage response = await _host.Client.PostAsync("files", ServerHost.Form(($"f{i}.csv", content, "text/csv")));
            return (response.StatusCode, Id: JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("file_id").GetString()!);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(100, responses.Select(r => r.Id).Distinct().Count());
        foreach (var (_, id) in responses)
        {
            Assert.Equal("processed", (await WaitForFinished(id)).GetProperty("status").GetString());
        }

        Assert.Equal(100_000L, _host.Store.SensorFiles.Query(SensorFileQuery.All).Sum(f => f.RowCount));
    }

    [Fact]
    public async Task Stop_EndsWithinASecond_AndRefusesNewRequests()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        _host.Server.Stop();
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"stopping took {watch.Elapsed}");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _host.Client.GetAsync("health"));
    }
}
