using System;
using System.Collections.Generic;
using System.Globalization;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Reads "field:values" arguments such as -Percentile latency_ms:50,95,99 and -Top User:5. PowerShell splits the
/// commas into separate arguments, so a bare number continues the field before it.
/// </summary>
internal static class SummaryArgument
{
    public static List<(string Field, double[] Percentiles)> Percentiles(IEnumerable<string> given)
    {
        var requests = new List<(string Field, List<double> Values)>();
        foreach (string item in given)
        {
            foreach (string part in item.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int colon = part.LastIndexOf(':');
                if (colon > 0)
                {
                    requests.Add((part[..colon].Trim(), new List<double> { Number(part[(colon + 1)..], part) }));
                }
                else if (double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && requests.Count > 0)
                {
                    requests[^1].Values.Add(value);
                }
                else
                {
                    throw new ArgumentException(
                        $"'{part}' is not field:percentiles; write -Percentile latency_ms:50,95,99 (a field, a colon, then percentiles from 0 to 100).");
                }
            }
        }

        return requests.ConvertAll(request => (request.Field, request.Values.ToArray()));
    }

    /// <summary>"User:5" asks for the top 5; a field alone for the top 10.</summary>
    public static List<(string Field, int Count)> Top(IEnumerable<string> given)
    {
        var requests = new List<(string, int)>();
        foreach (string item in given)
        {
            foreach (string part in item.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int colon = part.LastIndexOf(':');
                if (colon < 0)
                {
                    requests.Add((part, 10));
                }
                else if (int.TryParse(part.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int count))
                {
                    requests.Add((part[..colon].Trim(), count));
                }
                else
                {
                    throw new ArgumentException($"'{part}' is not field:count; write -Top User:5.");
                }
            }
        }

        return requests;
    }

    private static double Number(string text, string part) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new ArgumentException($"'{part}' is not field:percentiles; the part after the colon must be a number from 0 to 100.");
}
