using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Aggregator.Parsing;

namespace Aggregator.Summaries;

/// <summary>
/// What Measure-Record computes: the fields to group by (plus an optional time bin), and per group the count, figures of
/// numeric fields, distinct counts, percentiles and top values. Every field is a dotted path (or a property name on a
/// pipeline object). A partial result carries its spec, so only results asked for the same way merge.
/// </summary>
public sealed class SummarySpec : IEquatable<SummarySpec>
{
    /// <summary>The most -By fields: a group key is four interned ids and a bin.</summary>
    public const int MaxGroupFields = 4;

    public const int MaxTopCount = 1000;

    private readonly Dictionary<string, int> _fieldIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _fields = new();
    private readonly string _text;

    public SummarySpec(IEnumerable<string>? by = null, TimeSpan? interval = null, IEnumerable<string>? timestampNames = null,
        IEnumerable<(string Field, NumericStatistic Statistics)>? numeric = null, IEnumerable<string>? distinct = null,
        IEnumerable<(string Field, double[] Percentiles)>? percentiles = null, IEnumerable<(string Field, int Count)>? top = null)
    {
        By = Distinct(by, "By");
        if (By.Count > MaxGroupFields)
        {
            throw new ArgumentException($"At most {MaxGroupFields} fields can be grouped by; {By.Count} were given.");
        }

        if (interval is { } bin && (bin <= TimeSpan.Zero || bin > TimeSpan.FromDays(3653)))
        {
            throw new ArgumentException($"The interval must be longer than zero and at most ten years; {bin:c} is not.");
        }

        Interval = interval;
        // The timestamp is read only for a bin: without one, its names do not make two summaries different.
        TimestampNames = interval is not null && timestampNames?.ToArray() is { Length: > 0 } names ? names : FieldMap.DefaultTimestampNames.ToArray();
        Numeric = (numeric ?? Array.Empty<(string, NumericStatistic)>())
            .GroupBy(request => Path(request.Field, "numeric"), StringComparer.OrdinalIgnoreCase)
            .Select(group => (group.First().Field.Trim(), group.Aggregate(NumericStatistic.None, (all, next) => all | next.Statistics)))
            .ToArray();
        DistinctFields = Distinct(distinct, "DistinctCount");
        Percentiles = (percentiles ?? Array.Empty<(string, double[])>())
            .GroupBy(request => Path(request.Field, "Percentile"), StringComparer.OrdinalIgnoreCase)
            .Select(group => (group.First().Field.Trim(), CheckPercentiles(group.SelectMany(request => request.Percentiles))))
            .ToArray();
        Top = (top ?? Array.Empty<(string, int)>())
            .GroupBy(request => Path(request.Field, "Top"), StringComparer.OrdinalIgnoreCase)
            .Select(group => (group.First().Field.Trim(), CheckTop(group.Max(request => request.Count))))
            .ToArray();

        foreach (string field in By.Concat(Numeric.Select(n => n.Field)).Concat(DistinctFields)
                     .Concat(Percentiles.Select(p => p.Field)).Concat(Top.Select(t => t.Field)))
        {
            if (_fieldIndex.TryAdd(field, _fields.Count))
            {
                _fields.Add(field);
            }
        }

        RejectCollidingColumns();
        NumericFields = new bool[_fields.Count];
        foreach (string field in Numeric.Select(n => n.Field).Concat(Percentiles.Select(p => p.Field)))
        {
            NumericFields[_fieldIndex[field]] = true;
        }

        _text = JsonSerializer.Serialize(new SpecText
        {
            By = By.ToArray(),
            IntervalTicks = Interval?.Ticks,
            Timestamp = TimestampNames.ToArray(),
            Numeric = Numeric.Select(n => $"{n.Field}={(int)n.Statistics}").ToArray(),
            Distinct = DistinctFields.ToArray(),
            Percentile = Percentiles.Select(p => $"{p.Field}={string.Join(",", p.Percentiles.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}").ToArray(),
            Top = Top.Select(t => $"{t.Field}={t.Count}").ToArray(),
        });
    }

    public IReadOnlyList<string> By { get; }

    public TimeSpan? Interval { get; }

    /// <summary>The names the timestamp is read from when there is an interval, best first.</summary>
    public IReadOnlyList<string> TimestampNames { get; }

    public IReadOnlyList<(string Field, NumericStatistic Statistics)> Numeric { get; }

    public IReadOnlyList<string> DistinctFields { get; }

    /// <summary>Each field's percentiles, from 0 to 100, in ascending order.</summary>
    public IReadOnlyList<(string Field, double[] Percentiles)> Percentiles { get; }

    public IReadOnlyList<(string Field, int Count)> Top { get; }

    /// <summary>Every field read, each once (case-insensitively): a record's values come in this order.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>Per field of <see cref="Fields"/>: whether its value must be a number (a numeric or percentile field).</summary>
    public bool[] NumericFields { get; }

    public int IndexOf(string field) => _fieldIndex[field];

    /// <summary>What the summary asks for, in the words of Measure-Record's parameters, for messages.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (By.Count > 0) { parts.Add("-By " + string.Join(", ", By)); }
        if (Interval is TimeSpan bin) { parts.Add($"-Interval {bin:c} (timestamp from {string.Join(", ", TimestampNames)})"); }
        foreach (NumericStatistic statistic in NumericStatistics.InColumnOrder)
        {
            string[] fields = Numeric.Where(n => (n.Statistics & statistic) != 0).Select(n => n.Field).ToArray();
            if (fields.Length > 0) { parts.Add($"-{statistic} {string.Join(", ", fields)}"); }
        }

        if (DistinctFields.Count > 0) { parts.Add("-DistinctCount " + string.Join(", ", DistinctFields)); }
        if (Percentiles.Count > 0)
        {
            parts.Add("-Percentile " + string.Join(", ", Percentiles.Select(p =>
                $"{p.Field}:{string.Join(",", p.Percentiles.Select(v => v.ToString(CultureInfo.InvariantCulture)))}")));
        }

        if (Top.Count > 0) { parts.Add("-Top " + string.Join(", ", Top.Select(t => $"{t.Field}:{t.Count}"))); }
        return parts.Count == 0 ? "(a count of everything)" : string.Join(" ", parts);
    }

    /// <summary>The spec as one line of text, kept in every partial result's state.</summary>
    public override string ToString() => _text;

    public static SummarySpec Parse(string text)
    {
        SpecText spec = JsonSerializer.Deserialize<SpecText>(text) ?? throw new FormatException("The summary spec is empty.");
        return new SummarySpec(spec.By, spec.IntervalTicks is long ticks ? new TimeSpan(ticks) : null, spec.Timestamp,
            spec.Numeric?.Select(n => Split(n, value => (NumericStatistic)int.Parse(value, CultureInfo.InvariantCulture))),
            spec.Distinct,
            spec.Percentile?.Select(p => Split(p, value => value.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())),
            spec.Top?.Select(t => Split(t, value => int.Parse(value, CultureInfo.InvariantCulture))));
    }

    public bool Equals(SummarySpec? other) => other is not null && _text == other._text;

    public override bool Equals(object? obj) => Equals(obj as SummarySpec);

    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// The columns a group comes out with (RecordSummary.GetColumns), in order, each with how its value is read from
    /// the group; State, the group's whole state, is last. A -By field keeps its own name, so it must not be spelled
    /// like a figure's column.
    /// </summary>
    public IReadOnlyList<SummaryColumn> Columns => _columns ??= MakeColumns();

    private IReadOnlyList<SummaryColumn>? _columns;

    public IReadOnlyList<string> ColumnNames() => Columns.Select(column => column.Name).ToArray();

    private List<SummaryColumn> MakeColumns()
    {
        var columns = new List<SummaryColumn>();
        for (int i = 0; i < By.Count; i++)
        {
            int key = i;
            columns.Add(new(By[i], summary => summary.Keys[key]));
        }

        if (Interval is not null)
        {
            columns.Add(new("Bin", summary => summary.Bin));
        }

        columns.Add(new("Count", summary => summary.Count));
        for (int i = 0; i < Numeric.Count; i++)
        {
            int field = i;
            foreach (NumericStatistic statistic in NumericStatistics.InColumnOrder)
            {
                if ((Numeric[i].Statistics & statistic) != 0)
                {
                    columns.Add(new($"{Numeric[i].Field}_{statistic}", summary => summary.Group.Moments[field].Value(statistic)));
                }
            }
        }

        for (int i = 0; i < DistinctFields.Count; i++)
        {
            int field = i;
            columns.Add(new($"{DistinctFields[i]}_DistinctCount", summary => summary.Group.Distinct[field].Count));
        }

        for (int i = 0; i < Percentiles.Count; i++)
        {
            int field = i;
            foreach (double percentile in Percentiles[i].Percentiles)
            {
                columns.Add(new($"{Percentiles[i].Field}_P{percentile.ToString(CultureInfo.InvariantCulture)}", summary =>
                    summary.Group.Digests[field].Quantile(percentile / 100) is var value && double.IsNaN(value) ? null : value));
            }
        }

        for (int i = 0; i < Top.Count; i++)
        {
            int field = i;
            int count = Top[i].Count;
            columns.Add(new($"{Top[i].Field}_Top", summary =>
                string.Join(";", summary.Group.Tops[field].Top(count).Select(top => $"{top.Value}={top.Count}"))));
        }

        columns.Add(new("IsExact", summary => summary.IsExact));
        columns.Add(new("State", summary => summary.State));
        return columns;
    }

    private void RejectCollidingColumns()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in ColumnNames())
        {
            if (!seen.Add(name))
            {
                throw new ArgumentException(
                    $"Two columns of the summary would be named '{name}': a -By field cannot be spelled like a figure's column " +
                    "(Bin, Count, IsExact, State or field_Figure). Rename the property first, for example with Select-Object @{Name='...'; Expression={...}}.");
            }
        }
    }

    private static (string, T) Split<T>(string pair, Func<string, T> parse)
    {
        int equals = pair.LastIndexOf('=');
        return (pair[..equals], parse(pair[(equals + 1)..]));
    }

    private static string[] Distinct(IEnumerable<string>? fields, string what) =>
        (fields ?? Array.Empty<string>()).Select(field => Path(field, what)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private static string Path(string field, string what)
    {
        string path = field?.Trim() ?? string.Empty;
        if (path.Length == 0 || path.Split('.').Any(segment => segment.Length == 0))
        {
            throw new ArgumentException($"The {what} field '{field}' is not a valid name or dotted path.");
        }

        return path;
    }

    private static double[] CheckPercentiles(IEnumerable<double> given)
    {
        double[] percentiles = given.Distinct().OrderBy(p => p).ToArray();
        if (percentiles.Length == 0 || percentiles.Any(p => !(p >= 0 && p <= 100)))
        {
            throw new ArgumentException("Percentiles are numbers from 0 to 100, such as 50, 95 and 99.");
        }

        return percentiles;
    }

    private static int CheckTop(int count) => count is >= 1 and <= MaxTopCount
        ? count
        : throw new ArgumentException($"A top count is from 1 to {MaxTopCount}; {count} is not.");

    private sealed class SpecText
    {
        public string[]? By { get; set; }
        public long? IntervalTicks { get; set; }
        public string[]? Timestamp { get; set; }
        public string[]? Numeric { get; set; }
        public string[]? Distinct { get; set; }
        public string[]? Percentile { get; set; }
        public string[]? Top { get; set; }
    }
}
