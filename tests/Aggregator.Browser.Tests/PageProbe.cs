using Microsoft.Playwright;

namespace Aggregator.Browser.Tests;

/// <summary>What the tests read off a page: drawn charts, dialogs that should never open, and requests that should never leave.</summary>
public static class PageProbe
{
    /// <summary>How many pixels of each chart canvas are painted, by the chart's data-chart name.</summary>
    public static async Task<Dictionary<string, int>> PaintedPixelsAsync(IPage page) =>
        await page.EvaluateAsync<Dictionary<string, int>>("""
            () => {
              const counts = {};
              document.querySelectorAll('.chart').forEach((box, i) => {
                const canvas = box.querySelector('canvas');
                let painted = 0;
                if (canvas) {
                  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                  for (let p = 3; p < pixels.length; p += 4) { if (pixels[p] !== 0) { painted++; } }
                }
                counts[(box.getAttribute('data-chart') || 'chart') + '#' + i] = painted;
              });
              return counts;
            }
            """);

    /// <summary>A canvas's image, to tell whether it was drawn again with other data.</summary>
    public static Task<string> ChartImageAsync(IPage page, string chart) =>
        page.EvaluateAsync<string>($"() => document.querySelector('.chart[data-chart=\"{chart}\"] canvas').toDataURL()");

    /// <summary>Opens a page, recording dialogs and any request that is not the file itself.</summary>
    public static async Task<(IPage Page, List<string> Dialogs, List<string> Requests)> OpenAsync(IBrowser browser, string url)
    {
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var dialogs = new List<string>();
        var requests = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        page.Request += (_, request) =>
        {
            if (request.Url != url)
            {
                requests.Add(request.Url);
            }
        };
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 15000 });
        return (page, dialogs, requests);
    }
}
