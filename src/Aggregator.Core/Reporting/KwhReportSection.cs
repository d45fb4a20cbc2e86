using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Aggregator.Reporting;

/// <summary>
/// Electro's charts: kWh per period for each interval (quarter-hour, hour, day) and meter, as Measure-KwhUsage wrote the
/// rows, so the zero-filled periods show as zeros.
/// </summary>
public sealed class KwhReportSection : IReportSection
{
    /// <summary>Meters drawn per interval (the largest by kWh); the table still lists every meter's total.</summary>
    public const int MaxChartedMeters = 10;

    private readonly SortedDictionary<KwhInterval, SortedDictionary<string, List<KwhUsage>>> _series = new();

    public string Kind => "kwh";

    public bool IsEmpty => _series.Count == 0;

    public void Add(KwhUsage usage)
    {
        if (!_series.TryGetValue(usage.Interval, out var meters))
        {
            _series[usage.Interval] = meters = new SortedDictionary<string, List<KwhUsage>>(StringComparer.Ordinal);
        }

        string meter = string.IsNullOrEmpty(usage.MeterId) ? "(all meters)" : usage.MeterId;
        if (!meters.TryGetValue(meter, out var rows))
        {
            meters[meter] = rows = new List<KwhUsage>();
        }

        rows.Add(usage);
    }

    // The page's charts name zones as browsers do (IANA); a Windows id is translated.
    private static string IanaZone(string zone) =>
        zone.Length == 0 || zone.Contains('/') ? zone : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone, out string? iana) ? iana : zone;

    public void WriteData(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray("intervals");
        foreach (var (interval, meters) in _series)
        {
            json.WriteStartObject();
            json.WriteString("interval", interval.ToString());
            json.WriteString("zone", IanaZone(meters.Values.First()[0].TimeZone));
            json.WriteNumber("meterCount", meters.Count);
            var charted = meters.OrderByDescending(pair => pair.Value.Sum(row => row.Kwh)).Take(MaxChartedMeters)
                .Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
            json.WriteStartArray("totals");
            foreach (var (meter, rows) in meters.OrderByDescending(pair => pair.Value.Sum(row => row.Kwh)).Take(EventReportSection.MaxTableRows))
            {
                json.WriteStartArray();
                json.WriteStringValue(meter);
                json.WriteNumberValue(Math.Round(rows.Sum(row => row.Kwh), 6));
                json.WriteNumberValue(rows.Count(row => row.Readings == 0));
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("meters");
            foreach (var (meter, rows) in meters.Where(pair => charted.Contains(pair.Key)))
            {
                json.WriteStartObject();
                json.WriteString("meter", meter);
                json.WriteNumber("total", Math.Round(rows.Sum(row => row.Kwh), 6));
                json.WriteNumber("zeroPeriods", rows.Count(row => row.Readings == 0));
                json.WriteStartArray("rows");
                foreach (KwhUsage row in rows.OrderBy(row => row.Period))
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(row.Period.ToUnixTimeSeconds());
                    json.WriteNumberValue(Math.Round(row.Kwh, 6));
                    json.WriteNumberValue(row.Readings);
                    json.WriteStringValue(row.Period.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture));
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
