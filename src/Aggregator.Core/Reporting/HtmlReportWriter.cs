using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Aggregator.Reporting;

/// <summary>
/// Writes a report as one HTML file that opens with no network. The data goes in as JSON inside a script element that
/// is never run as code, with every character that could end it escaped; the page's script builds the page from it with
/// text nodes only, so a user named &lt;script&gt; shows as text. A content security policy forbids fetching anything.
/// </summary>
public static class HtmlReportWriter
{
    private const string Policy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    public static void Write(TextWriter output, string title, IReadOnlyList<IReportSection> sections, ReportAssets assets, DateTime generatedUtc)
    {
        output.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        output.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{Policy}\">\n");
        output.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        output.Write($"<title>{WebUtility.HtmlEncode(title)}</title>\n");
        WriteElement(output, "style", assets.ChartStyle);
        WriteElement(output, "style", assets.PageStyle);
        output.Write("</head>\n<body>\n<noscript>This report draws its tables and charts with JavaScript.</noscript>\n");
        output.Write("<script type=\"application/json\" id=\"report-data\">");
        output.Write(DataOf(title, sections, generatedUtc));
        output.Write("</script>\n");
        WriteElement(output, "script", assets.ChartScript);
        WriteElement(output, "script", assets.PageScript);
        output.Write("</body>\n</html>\n");
    }

    /// <summary>The report's data as JSON in which &lt;, &gt;, &amp;, quotes and line separators are escaped.</summary>
    public static string DataOf(string title, IReadOnlyList<IReportSection> sections, DateTime generatedUtc)
    {
        using var buffer = new MemoryStream();
        // The default encoder escapes HTML-sensitive characters as \u003C and the like: "</script>" cannot appear.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            json.WriteStartObject();
            json.WriteString("title", title);
            json.WriteString("generated", generatedUtc.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteStartArray("sections");
            foreach (IReportSection section in sections.Where(section => !section.IsEmpty))
            {
                json.WriteStartObject();
                json.WriteString("kind", section.Kind);
                json.WritePropertyName("data");
                section.WriteData(json);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // Library text cannot hold "</script" or "</style" unless it means to end the element; refuse rather than break the page.
    private static void WriteElement(TextWriter output, string element, string content)
    {
        if (content.Contains("</" + element, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"An inline {element} of the report contains '</{element}', which would end it early.");
        }

        output.Write($"<{element}>\n");
        output.Write(content);
        output.Write($"\n</{element}>\n");
    }
}
