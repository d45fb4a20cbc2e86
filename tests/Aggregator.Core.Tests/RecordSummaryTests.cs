using System.Text;
using Aggregator.Parsing;
using Aggregator.Reading;
using Aggregator.Sketches;
using Aggregator.Summaries;

namespace Aggregator.Core.Tests;

/// <summary>
/// The general summary (Measure-Record): grouping by any fields and a time bin, the figures per group, the same
/// result from a file and from pipeline values, what is skipped and why, and merging through the group's state.
/// </summary>
public sealed class RecordSummaryTests
{
    private const string Lines = """
        {"user":"a","country":"DE","ms":10,"ip":"1.1.1.1","timestamp":"2024-07-01T10:05:00Z"}
        {"user":"a","country":"DE","ms":30,"ip":"1.1.1.2","timestamp":"2024-07-01T10:55:00Z"}
        {"user":"b","country":"FR","ms":20,"ip":"1.1.1.1","timestamp":"2024-07-01T11:00:00Z"}
        {"user":"a","country":"DE","ms":null,"ip":"1.1.1.1","timestamp":"2024-07-01T11:30:00Z"}
        {"user":"c","ms":5,"timestamp":"2024-07-01T11:59:59Z"}
        {"user":"d","country":"DE","ms":"slow","timestamp":"2024-07-01T12:00:00Z"}
        {"user":"e","country":{"code":"DE"},"ms":1,"timestamp":"2024-07-01T12:00:00Z"}
        {"user":"f","country":"US","ms":7}
        """;

    private static readonly SummarySpec ByCountryHourly = new(new[] { "country" }, TimeSpan.FromHours(1),
        numeric: new[] { ("ms", NumericStatistic.Sum | NumericStatistic.Average | NumericStatistic.Maximum) },
        distinct: new[] { "ip" }, percentiles: new[] { ("ms", new[] { 50.0 }) }, top: new[] { ("user", 2) });

    [Fact]
    public void FileRecords_GroupByFieldAndBin_WithTheirReasonsForSkipping()
    {
        var (summaries, skipped, statistics) = ReadFile(ByCountryHourly, Lines);

        Assert.Equal(new[]
        {
            "(none) 2024-07-01T11:00:00 count 1 sum 5 avg 5 max 5 distinct 0 p50 5 top c=1",
            "DE 2024-07-01T10:00:00 count 2 sum 40 avg 20 max 30 distinct 2 p50 10 top a=2",
            "DE 2024-07-01T11:00:00 count 1 sum 0 avg - max - distinct 1 p50 - top a=1",
            "FR 2024-07-01T11:00:00 count 1 sum 20 avg 20 max 20 distinct 1 p50 20 top b=1",
        }, summaries.Select(Describe));
        Assert.Equal(new[]
        {
            "6 InvalidField The ms is not a number: 'slow'.",
            "7 InvalidField The country is an object or array, not a single value.",
            "8 MissingField The record has no timestamp (timestamp, event_time, time or @timestamp), which -Interval needs.",
        }, skipped.Select(s => $"{s.Line} {s.Reason} {s.Message}").ToArray());
        Assert.Equal(8, statistics.TotalRecords);
        Assert.Equal(statistics.TotalRecords, statistics.ValidRecords + statistics.SkippedRecords);
        Assert.Equal(summaries.Sum(s => s.Count), statistics.ValidRecords);
    }

    [Fact]
    public void PipelineValues_GiveWhatTheFileGives()
    {
        var (fromFile, _, _) = ReadFile(ByCountryHourly, Lines);
        var accumulator = new RecordSummaryAccumulator(ByCountryHourly);
        var row = new SummaryRow(ByCountryHourly, "(pipeline)");
        var timestamps = new TimestampParser();
        var rows = new (string User, string? Country, object? Ms, string? Ip, DateTime Time)[]
        {
            ("a", "DE", 10L, "1.1.1.1", Utc.At(2024, 7, 1, 10, 5)), ("a", "DE", 30.0, "1.1.1.2", Utc.At(2024, 7, 1, 10, 55)),
            ("b", "FR", 20, "1.1.1.1", Utc.At(2024, 7, 1, 11, 0)), ("a", "DE", null, "1.1.1.1", Utc.At(2024, 7, 1, 11, 30)),
            ("c", null, "5", null, Utc.At(2024, 7, 1, 11, 59, 59)),
        };
        foreach (var (user, country, ms, ip, time) in rows)
        {
            row.Clear();
            row.SetValue(ByCountryHourly.IndexOf("user"), user);
            if (country is not null) { row.SetValue(ByCountryHourly.IndexOf("country"), country); }
            row.SetValue(ByCountryHourly.IndexOf("ms"), ms);
            if (ip is not null) { row.SetValue(ByCountryHourly.IndexOf("ip"), ip); }
            row.SetTimestamp(time);
            Assert.True(row.TryValidate(timestamps, ValueKind.Absent, default, out _, out _));
            accumulator.Add(row);
        }

        Assert.Equal(fromFile.Select(Describe), accumulator.GetResults().Select(Describe));
    }

    [Fact]
    public void WithoutBy_OneGroupOfEverything_AndStandardDeviationAsMeasureObject()
    {
        var spec = new SummarySpec(numeric: new[] { ("ms", NumericStatistic.StandardDeviation | NumericStatistic.Minimum) });
        var (summaries, skipped, _) = ReadFile(spec, "{\"ms\":2}\n{\"ms\":4}\n{\"ms\":4}\n{\"ms\":4}\n{\"ms\":5}\n{\"ms\":5}\n{\"ms\":7}\n{\"ms\":9}\n");

        RecordSummary all = Assert.Single(summaries);
        Assert.Empty(skipped);
        Assert.Empty(all.Keys);
        var columns = all.GetColumns().ToDictionary(c => c.Key, c => c.Value);
        Assert.Equal(8L, columns["Count"]);
        Assert.Equal(2.0, columns["ms_Minimum"]);
        Assert.Equal(Math.Sqrt(32.0 / 7), (double)columns["ms_StandardDeviation"]!, 12);   // sample (n - 1), as Measure-Object
    }

    [Fact]
    public void Columns_AreNamedAfterTheirFieldsAndFigures()
    {
        var (summaries, _, _) = ReadFile(ByCountryHourly, Lines);

        Assert.Equal(new[] { "country", "Bin", "Count", "ms_Sum", "ms_Average", "ms_Maximum", "ip_DistinctCount", "ms_P50", "user_Top", "IsExact", "State" },
            summaries[0].GetColumns().Select(c => c.Key));
    }

    [Fact]
    public void State_RoundTrips_AndSplitsMergeIntoTheWhole()
    {
        string[] lines = Lines.Split('\n');
        var (whole, _, _) = ReadFile(ByCountryHourly, Lines);
        var merged = new RecordSummaryAccumulator(ByCountryHourly);
        foreach (string part in new[] { string.Join('\n', lines[..3]), string.Join('\n', lines[3..]) })
        {
            foreach (RecordSummary partial in ReadFile(ByCountryHourly, part).Summaries)
            {
                merged.Add(RecordSummary.FromState(partial.ToState()));
            }
        }

        Assert.Equal(whole.Select(Describe), merged.GetResults().Select(Describe));
        Assert.All(merged.GetResults(), group => Assert.True(group.IsExact));
    }

    [Fact]
    public void Summaries_AskedForDifferently_DoNotMerge()
    {
        var accumulator = new RecordSummaryAccumulator(ByCountryHourly);
        RecordSummary other = ReadFile(new SummarySpec(new[] { "user" }), Lines).Summaries[0];

        Assert.Contains("asked for differently", Assert.Throws<ArgumentException>(() => accumulator.Add(other)).Message);
    }

    [Theory]
    [InlineData("rs1:not base64!")]
    [InlineData("td1:abc")]
    [InlineData("")]
    public void State_Damaged_IsAFormatException(string state) => Assert.Throws<FormatException>(() => RecordSummary.FromState(state));

    [Fact]
    public void Spec_RefusesWhatCannotBeAnswered()
    {
        Assert.Throws<ArgumentException>(() => new SummarySpec(new[] { "a", "b", "c", "d", "e" }));
        Assert.Contains("from 0 to 100", Assert.Throws<ArgumentException>(() => new SummarySpec(percentiles: new[] { ("ms", new[] { 101.0 }) })).Message);
        Assert.Contains("from 1 to 1000", Assert.Throws<ArgumentException>(() => new SummarySpec(top: new[] { ("user", 0) })).Message);
        Assert.Contains("Two columns of the summary would be named 'Count'",
            Assert.Throws<ArgumentException>(() => new SummarySpec(new[] { "count" })).Message);
        Assert.Throws<ArgumentException>(() => new SummarySpec(new[] { "v_Sum" }, numeric: new[] { ("v", NumericStatistic.Sum) }));
        Assert.Throws<ArgumentException>(() => new SummarySpec(new[] { "a..b" }));
        Assert.Equal(ByCountryHourly, SummarySpec.Parse(ByCountryHourly.ToString()));
        // The timestamp's names matter only for a bin.
        Assert.Equal(new SummarySpec(new[] { "a" }), new SummarySpec(new[] { "a" }, timestampNames: new[] { "when" }));
    }

    /// <summary>On generated data with known answers: the estimators stay within their documented bounds (docs/estimators.md).</summary>
    [Fact]
    public void Estimates_AgainstExactAnswers_OnGeneratedData()
    {
        var random = new Random(5);
        var text = new StringBuilder();
        var exact = new Dictionary<string, (HashSet<int> Ips, List<double> Ms)>();
        for (int i = 0; i < 200_000; i++)
        {
            string group = "g" + random.Next(4);
            int ip = random.Next(30_000);
            double ms = Math.Round(Math.Exp(random.NextDouble() * 6), 2);
            text.Append($"{{\"g\":\"{group}\",\"ip\":\"10.0.{ip / 256}.{ip % 256}\",\"ms\":{ms.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}\n");
            if (!exact.TryGetValue(group, out var known)) { exact[group] = known = (new HashSet<int>(), new List<double>()); }
            known.Ips.Add(ip);
            known.Ms.Add(ms);
        }

        var spec = new SummarySpec(new[] { "g" }, distinct: new[] { "ip" }, percentiles: new[] { ("ms", new[] { 50.0, 95.0, 99.0 }) });
        var (summaries, _, _) = ReadFile(spec, text.ToString());

        Assert.Equal(4, summaries.Count);
        foreach (RecordSummary summary in summaries)
        {
            var (ips, ms) = exact[summary.Keys[0]!];
            ms.Sort();
            Assert.InRange(summary.Group.Distinct[0].Count, ips.Count * 0.975, ips.Count * 1.025);
            foreach (double q in new[] { 0.5, 0.95, 0.99 })
            {
                double estimate = summary.Group.Digests[0].Quantile(q);
                int found = ms.BinarySearch(estimate);
                double rank = found >= 0 ? found : ~found;
                Assert.InRange(rank / ms.Count, q - 0.01, q + 0.01);
            }

            Assert.False(summary.IsExact);
        }
    }

    /// <summary>Groups with more distinct values than fit inline, and values passed on a few at a time: still exact.</summary>
    [Fact]
    public void ManyGroups_SmallEnoughToBeExact_GiveTheExactAnswers()
    {
        var random = new Random(9);
        var text = new StringBuilder();
        var exact = new Dictionary<string, (HashSet<string> Tags, List<double> Values)>();
        for (int i = 0; i < 6000; i++)
        {
            string group = "g" + random.Next(50);
            string tag = "t" + random.Next(1 + random.Next(30));
            double value = random.Next(40);
            text.Append($"{{\"g\":\"{group}\",\"tag\":\"{tag}\",\"v\":{value}}}\n");
            if (!exact.TryGetValue(group, out var known)) { exact[group] = known = (new HashSet<string>(), new List<double>()); }
            known.Tags.Add(tag);
            known.Values.Add(value);
        }

        var spec = new SummarySpec(new[] { "g" }, distinct: new[] { "tag" }, percentiles: new[] { ("v", new[] { 10.0, 50.0, 95.0 }) });
        var (whole, _, _) = ReadFile(spec, text.ToString());
        // Two workers' halves, merged as ParallelAggregation merges them: the same groups.
        string[] lines = text.ToString().Split('\n');
        var first = ReadInto(spec, string.Join('\n', lines[..2500]));
        first.Merge(ReadInto(spec, string.Join('\n', lines[2500..])));
        IReadOnlyList<RecordSummary> summaries = first.GetResults();

        Assert.Equal(whole.Select(Describe), summaries.Select(Describe));
        Assert.Equal(50, summaries.Count);
        foreach (RecordSummary summary in summaries)
        {
            var (tags, values) = exact[summary.Keys[0]!];
            values.Sort();
            Assert.True(summary.IsExact);
            Assert.Equal(values.Count, summary.Count);
            Assert.Equal(tags.Count, summary.Group.Distinct[0].Count);
            foreach (double q in new[] { 0.1, 0.5, 0.95 })
            {
                Assert.Equal(values[(int)Math.Ceiling(q * values.Count) - 1], summary.Group.Digests[0].Quantile(q));
            }
        }
    }

    /// <summary>
    /// Values wait eight at a time in a chain per group and go on to the group's digest when the chain is full or the
    /// results are made: the digest still takes every value once, so it equals a digest fed the values directly.
    /// </summary>
    [Fact]
    public void WaitingValues_ReachTheDigestOnce()
    {
        var random = new Random(21);
        var text = new StringBuilder();
        var reference = new Dictionary<string, TDigest>();
        // Group "big" outgrows its chain many times (and is not exact); the small ones end with part of a chain.
        for (int i = 0; i < 30_000; i++)
        {
            string group = i % 3 == 0 ? "g" + random.Next(200) : "big";
            double value = Math.Round(random.NextDouble() * 10_000, 2);
            text.Append($"{{\"g\":\"{group}\",\"v\":{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}\n");
            if (!reference.TryGetValue(group, out var digest)) { reference[group] = digest = new TDigest(); }
            digest.Add(value);
        }

        var spec = new SummarySpec(new[] { "g" }, percentiles: new[] { ("v", new[] { 50.0, 99.0 }) });
        var (summaries, _, _) = ReadFile(spec, text.ToString());

        Assert.Equal(reference.Count, summaries.Count);
        foreach (RecordSummary summary in summaries)
        {
            TDigest expected = reference[summary.Keys[0]!];
            Assert.Equal(expected.Count, summary.Count);
            Assert.Equal(expected.ToState(), summary.Group.Digests[0].ToState());
        }

        Assert.False(summaries.Single(s => s.Keys[0] == "big").IsExact);
        // Merged halves that each end with waiting values: every value counted once.
        string[] lines = text.ToString().Split('\n');
        var first = ReadInto(spec, string.Join('\n', lines[..12_345]));
        first.Merge(ReadInto(spec, string.Join('\n', lines[12_345..])));
        Assert.Equal(summaries.Select(s => (s.Keys[0], s.Count, s.Group.Digests[0].Count)),
            first.GetResults().Select(s => (s.Keys[0], s.Count, s.Group.Digests[0].Count)));
    }

    /// <summary>
    /// A worker's partial taken over (Absorb) is folded in when the results are made; merging the taker into another,
    /// or adding finished groups to it, first folds in what it took over. Every way gives the whole.
    /// </summary>
    [Fact]
    public void AbsorbedPartials_GiveTheWhole_HoweverTheTakerIsUsedNext()
    {
        var random = new Random(17);
        var text = new StringBuilder();
        for (int i = 0; i < 9000; i++)
        {
            string group = "g" + random.Next(60);
            text.Append($"{{\"g\":\"{group}\",\"tag\":\"t{random.Next(12)}\",\"v\":{random.Next(300)}}}\n");
        }

        var spec = new SummarySpec(new[] { "g" }, numeric: new[] { ("v", NumericStatistic.Sum) }, distinct: new[] { "tag" },
            percentiles: new[] { ("v", new[] { 10.0, 50.0, 95.0 }) });
        string[] lines = text.ToString().Split('\n');
        RecordSummaryAccumulator Part(int part) => ReadInto(spec, string.Join('\n', lines[(part * 3000)..Math.Min(lines.Length, (part + 1) * 3000)]));
        string[] whole = ReadFile(spec, text.ToString()).Summaries.Select(DescribeFully).ToArray();

        RecordSummaryAccumulator taker = Part(0);
        taker.Absorb(Part(1));
        taker.Absorb(Part(2));
        Assert.Equal(whole, taker.GetResults().Select(DescribeFully));

        RecordSummaryAccumulator merged = Part(2);
        RecordSummaryAccumulator takerOfOne = Part(0);
        takerOfOne.Absorb(Part(1));
        merged.Merge(takerOfOne);
        Assert.Equal(whole, merged.GetResults().Select(DescribeFully));

        RecordSummaryAccumulator added = Part(0);
        added.Absorb(Part(1));
        foreach (RecordSummary summary in Part(2).GetResults())
        {
            added.Add(summary);
        }

        Assert.Equal(whole, added.GetResults().Select(DescribeFully));
    }

    private static string DescribeFully(RecordSummary s) =>
        string.Join(" ", s.GetFigures().Select(p => $"{p.Key}={Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)}"));

    private static string Describe(RecordSummary s)
    {
        var c = s.GetColumns().ToDictionary(p => p.Key, p => p.Value);
        string Show(string name) => c.TryGetValue(name, out object? value) && value is not null ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)! : "-";
        return $"{s.Keys[0] ?? "(none)"} {s.Bin:s} count {s.Count} sum {Show("ms_Sum")} avg {Show("ms_Average")} max {Show("ms_Maximum")} " +
            $"distinct {Show("ip_DistinctCount")} p50 {Show("ms_P50")} top {Show("user_Top")}";
    }

    private static RecordSummaryAccumulator ReadInto(SummarySpec spec, string text)
    {
        var accumulator = new RecordSummaryAccumulator(spec);
        using var stream = new MemoryStream(Read.Utf8NoBom.GetBytes(text));
        EventFileReader.ReadStream(stream, "part.jsonl", new EventReadOptions { Fields = FieldMap.ForSummary(spec), Format = InputFormat.JsonLines },
            new AccumulatingSink(accumulator, _ => { }, statistics: null));
        return accumulator;
    }

    private static (IReadOnlyList<RecordSummary> Summaries, List<SkippedRecord> Skipped, FileImportStatistics Statistics) ReadFile(SummarySpec spec, string text)
    {
        var accumulator = new RecordSummaryAccumulator(spec);
        var skipped = new List<SkippedRecord>();
        var sink = new AccumulatingSink(accumulator, skipped.Add, statistics: null);
        using var stream = new MemoryStream(Read.Utf8NoBom.GetBytes(text));
        FileImportStatistics statistics = EventFileReader.ReadStream(stream, "summary.jsonl",
            new EventReadOptions { Fields = FieldMap.ForSummary(spec), Format = InputFormat.JsonLines }, sink);
        return (accumulator.GetResults(), skipped, statistics);
    }
}
