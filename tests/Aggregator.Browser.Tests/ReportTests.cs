using Microsoft.Playwright;

namespace Aggregator.Browser.Tests;

/// <summary>
/// Export-AggregateReport's pages in Chromium: the events dashboard (metrics, drawn charts, the user filter, sorting),
/// kWh and sensor reports, no network, and user names that look like markup or script staying text.
/// </summary>
public sealed class ReportTests : IClassFixture<BrowserFixture>, IDisposable
{
    // Names and an event type that would run script or inject markup if the page used them as HTML or a link.
    private static readonly string[] Injections = { "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)" };

    private readonly BrowserFixture _browser;
    private readonly string _folder = Directory.CreateTempSubdirectory("aggregator-report-").FullName;

    public ReportTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string EventsReport()
    {
        string evil = Path.Combine(_folder, "evil.jsonl");
        File.WriteAllLines(evil, new[]
        {
            """{"user":"<script>alert(1)</script>","event":"login","status":"success","timestamp":"2024-06-01T10:00:00Z"}""",
            """{"user":"\"><img src=x onerror=alert(1)>","event":"view","status":"fail","timestamp":"2024-06-01T10:07:00Z"}""",
            """{"user":"javascript:alert(1)","event":"<b>bold</b>","status":"success","timestamp":"2024-06-01T10:12:00Z"}""",
            """{"user":"x","event":"login","timestamp":"not a time"}""",
        });
        string report = Path.Combine(_folder, "events.html");
        BrowserFixture.Pwsh($"""
            Import-EventRecord '{BrowserFixture.Samples}/sessions.jsonl', '{BrowserFixture.Samples}/events.json', '{evil}' -Unique -ErrorVariable bad -StatisticsVariable st -ErrorAction SilentlyContinue |
                Export-AggregateReport -Path '{report}' -Skipped bad -Statistics st -Title 'Events <b>report</b>'
            """);
        return report;
    }

    [Fact]
    public async Task EventsReport_ShowsTheFiveMetrics_DrawsEveryChart_AndFetchesNothing()
    {
        var (page, dialogs, requests) = await PageProbe.OpenAsync(_browser.Browser, new Uri(EventsReport()).AbsoluteUri);

        var metrics = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('[data-metric]')].map(m => [m.dataset.metric, m.querySelector('.value').textContent]))");
        Assert.Equal(new Dictionary<string, string>
        {
            ["total"] = "26", ["valid"] = "21", ["skipped"] = "5", ["duplicates"] = "1", ["users"] = "10",
        }, metrics);
        Dictionary<string, int> painted = await PageProbe.PaintedPixelsAsync(page);
        Assert.Equal(new[] { "hours#2", "skipped#1", "trend#0" }, painted.Keys.Order());
        Assert.All(painted, chart => Assert.True(chart.Value > 500, $"{chart.Key} has {chart.Value} painted pixels"));
        Assert.Equal("Events <b>report</b>", await page.TitleAsync());
        Assert.Equal("Events <b>report</b>", await page.InnerTextAsync("h1"));
        Assert.Empty(requests);
        Assert.Empty(dialogs);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "report-events.png"), FullPage = true });
    }

    [Fact]
    public async Task UserFilter_RedrawsTheTrendForOneUser()
    {
        var (page, _, _) = await PageProbe.OpenAsync(_browser.Browser, new Uri(EventsReport()).AbsoluteUri);
        string all = await PageProbe.ChartImageAsync(page, "trend");

        await page.SelectOptionAsync("#user-filter", "alice");

        Assert.Equal("alice", await page.GetAttributeAsync(".chart[data-chart=trend]", "data-user"));
        Assert.NotEqual(all, await PageProbe.ChartImageAsync(page, "trend"));
        var options = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#user-filter option')].map(o => o.textContent)");
        Assert.Equal("All users", options[0]);
        Assert.Contains("<script>alert(1)</script>", options);
        await page.SelectOptionAsync("#user-filter", "");
        Assert.Equal(all, await PageProbe.ChartImageAsync(page, "trend"));
    }

    [Fact]
    public async Task SessionsTable_SortsByAColumnOnAClick()
    {
        var (page, _, _) = await PageProbe.OpenAsync(_browser.Browser, new Uri(EventsReport()).AbsoluteUri);
        const string FirstColumn = "() => [...document.querySelectorAll('table[data-table=sessions] tbody tr')].map(r => r.cells[0].textContent)";

        await page.ClickAsync("table[data-table=sessions] th:has-text('User')");
        string[] ascending = await page.EvaluateAsync<string[]>(FirstColumn);
        await page.ClickAsync("table[data-table=sessions] th:has-text('User')");
        string[] descending = await page.EvaluateAsync<string[]>(FirstColumn);

        Assert.Equal(10, ascending.Length);
        // The page sorts text as the browser's locale does: punctuation first, then digits, then letters.
        Assert.Equal(new[] { "\"><img src=x onerror=alert(1)>", "<script>alert(1)</script>", "1", "2", "alice" }, ascending.Take(5));
        Assert.Equal(ascending.Reverse(), descending);
        await page.ClickAsync("table[data-table=sessions] th:has-text('Events')");
        var events = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('table[data-table=sessions] tbody tr')].map(r => r.cells[3].textContent)");
        Assert.Equal(events.Select(int.Parse).OrderDescending(), events.Select(int.Parse));
    }

    [Fact]
    public async Task MarkupAndScriptInTheData_StayText_AndRunNothing()
    {
        var (page, dialogs, requests) = await PageProbe.OpenAsync(_browser.Browser, new Uri(EventsReport()).AbsoluteUri);

        string text = await page.InnerTextAsync("main");
        Assert.All(Injections, injection => Assert.Contains(injection, text));
        Assert.Contains("<b>bold</b>", text);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('main img, main a, main b, main iframe').length"));
        // The data, the chart library and the page's own script: nothing the data could add.
        Assert.Equal(3, await page.EvaluateAsync<int>("() => document.querySelectorAll('script').length"));
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(dialogs);
        Assert.Empty(requests);
    }

    [Fact]
    public async Task KwhReport_DrawsHourlyAndDailyCharts_WithTheZeroPeriods()
    {
        string report = Path.Combine(_folder, "kwh.html");
        BrowserFixture.Pwsh($"Measure-KwhUsage -Path '{BrowserFixture.Samples}/electro/*' -Interval Hour, Day -ErrorAction SilentlyContinue | Export-AggregateReport -Path '{report}' -Title kWh");
        string expected = BrowserFixture.Pwsh($"""
            $rows = Measure-KwhUsage -Path '{BrowserFixture.Samples}/electro/*' -Interval Hour -ErrorAction SilentlyContinue
            '{0}/{1}' -f @($rows | Where-Object Readings -eq 0).Count, $rows.Count
            """).Trim();

        var (page, dialogs, requests) = await PageProbe.OpenAsync(_browser.Browser, new Uri(report).AbsoluteUri);

        Dictionary<string, int> painted = await PageProbe.PaintedPixelsAsync(page);
        Assert.Contains(painted.Keys, key => key.StartsWith("kwh-Hour#", StringComparison.Ordinal));
        Assert.Contains(painted.Keys, key => key.StartsWith("kwh-Day#", StringComparison.Ordinal));
        Assert.All(painted, chart => Assert.True(chart.Value > 300, $"{chart.Key} has {chart.Value} painted pixels"));
        string zeroPeriods = expected.Split('/')[0];
        string hourTable = await page.InnerTextAsync("table[data-table=kwh-Hour]");
        Assert.Contains(zeroPeriods, hourTable);
        Assert.Empty(requests);
        Assert.Empty(dialogs);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "report-kwh.png"), FullPage = true });
    }

    [Fact]
    public async Task SensorReport_ShowsEachFilesStatus_RowErrors_AndPerSensorFigures()
    {
        string report = Path.Combine(_folder, "sensors.html");
        string store = Path.Combine(_folder, "results.db");
        BrowserFixture.Pwsh($"""
            $null = Add-SensorUpload -Path '{BrowserFixture.Samples}/sensors/*.csv' -Store '{store}'
            $null = Start-SensorIngest -Store '{store}'
            @(Get-SensorResult -Store '{store}') + @(Get-SensorResult -Store '{store}' -BySensor) | Export-AggregateReport -Path '{report}'
            """);

        var (page, _, requests) = await PageProbe.OpenAsync(_browser.Browser, new Uri(report).AbsoluteUri);

        var files = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('table[data-table=files] tbody tr')].map(r => r.cells[0].textContent + ' ' + r.cells[1].textContent + ' ' + r.cells[2].textContent)");
        Assert.Equal(new[] { "boiler.csv Processed 3", "pumps.csv Partial 3", "readings.csv Partial 5", "wrong-header.csv Failed 0" }, files.Order());
        Assert.True((await PageProbe.PaintedPixelsAsync(page)).Single().Value > 300);
        await page.ClickAsync("summary:has-text('readings.csv')");
        Assert.Contains("missing timestamp", await page.InnerTextAsync("details.row-errors[open]"));
        var sensors = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('table[data-table=sensors] tbody tr')].map(r => r.cells[0].textContent + '=' + r.cells[1].textContent)");
        // The largest sensors first, as every table of the report keeps its largest rows.
        Assert.Equal(new[] { "boiler=3", "pump-1=2", "sensor-a=2", "sensor-b=2", "pump-2=1", "sensor-c=1" }, sensors);
        Assert.Empty(requests);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "report-sensors.png"), FullPage = true });
    }
}
