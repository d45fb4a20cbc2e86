namespace Aggregator.Reporting;

/// <summary>The page's own script and style and the chart library's, all put inline so the page needs no network.</summary>
public sealed record ReportAssets(string ChartScript, string ChartStyle, string PageScript, string PageStyle);
