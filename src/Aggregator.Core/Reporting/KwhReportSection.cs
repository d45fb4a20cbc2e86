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

    public void WriteData(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray("intervals");
        foreach (var (interval, meters) in _series)
        {
            json.WriteStartObject();
            json.WriteString("interval", interval.ToString());
            json.WriteString("zone", meters.Values.First()[0].TimeZone);
            json.WriteStartArray("meters");
            foreach (var (meter, rows) in meters)
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
