using System.Collections.Generic;

namespace Aggregator.Service;

/// <summary>
/// The files of the web UI (HTML, script and style, by name) and the report's assets; the module passes them in from its
/// folder, so the core holds no page text.
/// </summary>
public sealed record ServerAssets(IReadOnlyDictionary<string, string> UiFiles, Reporting.ReportAssets Report);
