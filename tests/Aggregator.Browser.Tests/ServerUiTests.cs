using Microsoft.Playwright;

namespace Aggregator.Browser.Tests;

/// <summary>
/// The web service's pages in Chromium: upload through the form, watch the list reach Processed, read the detail page,
/// and names that look like markup stay text.
/// </summary>
public sealed class ServerUiTests : IClassFixture<BrowserFixture>, IClassFixture<ServerFixture>
{
    private readonly BrowserFixture _browser;
    private readonly ServerFixture _server;

    public ServerUiTests(BrowserFixture browser, ServerFixture server)
    {
        _browser = browser;
        _server = server;
    }

    private async Task<IPage> OpenAsync(string path, List<string> dialogs)
    {
        IPage page = await _browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 800 } });
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await page.GotoAsync(new Uri(_server.Url, path).AbsoluteUri);
        return page;
    }

    private string WriteUpload(string name, string content)
    {
        string folder = Path.Combine(_server.Folder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task UploadThroughThePage_ListReachesProcessed_DetailPageShowsTheNumbers()
    {
        var dialogs = new List<string>();
        IPage page = await OpenAsync("ui", dialogs);
        string readings = Path.Combine(BrowserFixture.Samples, "sensors", "readings.csv");
        string boiler = Path.Combine(BrowserFixture.Samples, "sensors", "boiler.csv");

        await page.SetInputFilesAsync("#files", new[] { readings, boiler });
        await page.ClickAsync("#upload button[type=submit]");
        await page.WaitForSelectorAsync("#upload-status:has-text('2 file(s) accepted')");
        await page.WaitForFunctionAsync(
            "() => ['readings.csv', 'boiler.csv'].every(n => [...document.querySelectorAll('#file-list tbody tr')].some(r => r.cells[0].textContent === n && ['processed', 'partial'].includes(r.cells[1].textContent)))",
            null, new PageWaitForFunctionOptions { Timeout = 30000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "server-list.png"), FullPage = true });

        await page.ClickAsync("#file-list a:text-is('readings.csv')");
        await page.WaitForSelectorAsync("body[data-status=partial]");
        async Task<string> Fact(string label) => await page.InnerTextAsync($"dd[data-fact='{label}']");
        Assert.Equal("partial", await Fact("Status"));
        Assert.Equal("5", await Fact("Rows"));
        Assert.Equal("19.87", await Fact("Min"));
        Assert.Equal("42", await Fact("Max"));
        Assert.Equal("25.02", await Fact("Mean"));
        var sensors = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#per-sensor tbody tr')].map(r => r.cells[0].textContent + '=' + r.cells[1].textContent)");
        Assert.Equal(new[] { "sensor-a=2", "sensor-b=2", "sensor-c=1" }, sensors);
        var errors = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#row-errors tbody tr')].map(r => r.cells[0].textContent + ': ' + r.cells[1].textContent)");
        Assert.Equal(new[] { "6: missing timestamp" }, errors);
        Assert.Empty(dialogs);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "server-detail.png"), FullPage = true });
    }

    [Fact]
    public async Task MarkupInFileNamesAndSensorIds_StaysText()
    {
        var dialogs = new List<string>();
        string upload = WriteUpload("\"><img src=x onerror=alert(1)>.csv",
            "sensor_id,timestamp,value\n<script>alert(1)</script>,2025-10-01T08:00:00Z,1\njavascript:alert(1),2025-10-01T08:01:00Z,2\n");
        IPage page = await OpenAsync("ui", dialogs);

        await page.SetInputFilesAsync("#files", upload);
        await page.ClickAsync("#upload button[type=submit]");
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('#file-list tbody tr')].some(r => r.cells[0].textContent.startsWith('\"><img') && r.cells[1].textContent === 'processed')",
            null, new PageWaitForFunctionOptions { Timeout = 30000 });
        await page.ClickAsync("#file-list a:has-text('onerror')");
        await page.WaitForSelectorAsync("body[data-status=processed]");

        Assert.Equal("\"><img src=x onerror=alert(1)>.csv", await page.InnerTextAsync("#file-name"));
        string sensors = await page.InnerTextAsync("#per-sensor");
        Assert.Contains("<script>alert(1)</script>", sensors);
        Assert.Contains("javascript:alert(1)", sensors);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('main img, main script, #per-sensor a').length"));
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task ReportPage_DrawsTheStoredFiles()
    {
        using (var client = new HttpClient())
        using (var form = new MultipartFormDataContent())
        {
            var part = new ByteArrayContent(File.ReadAllBytes(Path.Combine(BrowserFixture.Samples, "sensors", "pumps.csv")));
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            form.Add(part, "file", "pumps.csv");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await client.PostAsync(new Uri(_server.Url, "files"), form)).StatusCode);
        }

        var dialogs = new List<string>();
        IPage page = await OpenAsync("ui", dialogs);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#file-list tbody tr')].some(r => r.cells[0].textContent === 'pumps.csv' && r.cells[1].textContent === 'partial')",
            null, new PageWaitForFunctionOptions { Timeout = 30000 });
        await page.GotoAsync(new Uri(_server.Url, "ui/report").AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-ready=true]");

        Assert.Contains("pumps.csv", await page.InnerTextAsync("table[data-table=files]"));
        Assert.True((await PageProbe.PaintedPixelsAsync(page)).Single().Value > 300);
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task EventsPage_ShowsTheDashboardOverWhatEventCmdletsStored()
    {
        string store = Path.Combine(_server.Folder, "results.db");
        string files = $"'{BrowserFixture.Samples}/events.json', '{BrowserFixture.Samples}/sessions.jsonl'";
        string expected = BrowserFixture.Pwsh($"""
            $users = Measure-UserEvent -Path {files} -Store '{store}' -ErrorAction SilentlyContinue
            $null = Get-EventSession -Path {files} -Store '{store}' -ErrorAction SilentlyContinue
            $null = Group-EventByHour -Path {files} -Store '{store}' -ErrorAction SilentlyContinue
            '{'{'}0{'}'} {'{'}1{'}'}' -f $users.Count, ($users | Measure-Object TotalEvents -Sum).Sum
            """).Trim();

        var dialogs = new List<string>();
        IPage page = await OpenAsync("ui/events", dialogs);
        await page.WaitForSelectorAsync("body[data-ready=true]");

        var metrics = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('[data-metric]')].map(m => [m.dataset.metric, m.querySelector('.value').textContent]))");
        Assert.Equal(expected, $"{metrics["users"]} {metrics["valid"]}");
        int users = int.Parse(expected.Split(' ')[0]);
        Assert.Equal(users, await page.EvaluateAsync<int>("() => document.querySelectorAll('table[data-table=users] tbody tr').length"));
        Assert.Equal(users, await page.EvaluateAsync<int>("() => document.querySelectorAll('table[data-table=sessions] tbody tr').length"));
        Dictionary<string, int> painted = await PageProbe.PaintedPixelsAsync(page);
        Assert.True(painted.Single(chart => chart.Key.StartsWith("hours#", StringComparison.Ordinal)).Value > 300);
        Assert.Empty(dialogs);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "server-events.png"), FullPage = true });
    }

    [Fact]
    public async Task OpenApiDocument_ValidatesAsOpenApi31()
    {
        string folder = Path.Combine(_server.Folder, "validator");
        Directory.CreateDirectory(folder);
        using (var client = new HttpClient())
        {
            File.WriteAllText(Path.Combine(folder, "openapi.json"), await client.GetStringAsync(new Uri(_server.Url, "openapi.json")));
        }

        File.WriteAllText(Path.Combine(folder, "validate.mjs"), """
            import { Validator } from "@seriousme/openapi-schema-validator";
            const validator = new Validator();
            const result = await validator.validate("./openapi.json");
            console.log(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors }));
            """);
        BrowserFixture.Run("npm", "install --silent --no-audit --no-fund @seriousme/openapi-schema-validator@2.11.0", folder, TimeSpan.FromMinutes(5));

        string output = BrowserFixture.Run("node", "validate.mjs", folder, TimeSpan.FromMinutes(1));

        Assert.Contains("\"valid\":true", output);
        Assert.Contains("\"version\":\"3.1\"", output);
    }
}
