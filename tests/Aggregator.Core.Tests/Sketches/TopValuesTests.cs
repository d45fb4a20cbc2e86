using Aggregator.Sketches;
using CsCheck;
using Xunit.Abstractions;

namespace Aggregator.Core.Tests.Sketches;

/// <summary>TopValues against exact counts: exact while the values fit, and otherwise every count within its error.</summary>
public sealed class TopValuesTests(ITestOutputHelper output)
{
    private static readonly string[] Names = Enumerable.Range(0, 100_000).Select(i => "item" + i).ToArray();

    [Fact]
    public void FewValues_AreCountedExactly_InRankOrder()
    {
        Gen.Select(Gen.Int[1, 40], Gen.Int[0, 400], Gen.Int[1, 40], Gen.Int).Sample((capacity, adds, universe, seed) =>
        {
            var random = new Random(seed);
            var sketch = new TopValues(capacity);
            var truth = new Dictionary<string, long>();
            for (int i = 0; i < adds; i++)
            {
                string value = random.Next(3) == 0 ? "Item" + random.Next(universe) : "item" + random.Next(universe);
                long count = random.Next(4) == 0 ? random.Next(1, 50) : 1;
                sketch.Add(value, count);
                truth[value] = truth.GetValueOrDefault(value) + count;
            }

            Assert.Equal(truth.Count <= capacity, sketch.IsExact);
            Assert.Equal(truth.Values.Sum(), sketch.Total);
            if (sketch.IsExact)
            {
                var expected = truth.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => new TopValue(p.Key, p.Value, 0)).ToArray();
                Assert.Equal(expected, sketch.Top(capacity));
                Assert.Equal(expected.Take(3), sketch.Top(3));
            }

            AssertWithinErrors(sketch, truth);
        }, iter: 300);
    }

    [Fact]
    public void OneValueMoreThanTheCapacity_IsNotExact()
    {
        var sketch = new TopValues(3);
        sketch.Add("a", 5);
        sketch.Add("b", 2);
        sketch.Add("c", 2);
        sketch.Add("a");
        Assert.True(sketch.IsExact);
        Assert.Equal(new[] { new TopValue("a", 6, 0), new TopValue("b", 2, 0), new TopValue("c", 2, 0) }, sketch.Top(5));

        // "d" replaces the last in rank order among the smallest counts ("c"), and inherits its count as error.
        sketch.Add("d");
        Assert.False(sketch.IsExact);
        Assert.Equal(new[] { new TopValue("a", 6, 0), new TopValue("d", 3, 2), new TopValue("b", 2, 0) }, sketch.Top(5));
        Assert.Equal(2, sketch.UnmonitoredBound);
        Assert.Equal(11, sketch.Total);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopValues(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopValues(TopValues.MaxCapacity + 1));
        var sketch = new TopValues();
        Assert.Throws<ArgumentNullException>(() => sketch.Add(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add("x", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Top(-1));
        Assert.Throws<ArgumentNullException>(() => sketch.Merge(null!));
        Assert.Empty(sketch.Top(5));
    }

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(1.1, 2)]
    [InlineData(0.8, 3)]
    public void Zipf_1M_FindsTheTrueTop5_WithCountsWithinError(double exponent, int seed)
    {
        var (stream, truth) = ZipfStream(1_000_000, exponent, seed);
        var sketch = new TopValues();
        foreach (int item in stream)
        {
            sketch.Add(Names[item]);
        }

        Assert.False(sketch.IsExact);
        AssertFindsTop5(sketch, truth, $"Zipf {exponent}");
        AssertWithinErrors(sketch, truth);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Zipf_MergeOfParts_FindsTheTrueTop5_WithCountsWithinError(int parts)
    {
        var (stream, truth) = ZipfStream(600_000, 1.1, 40 + parts);
        var random = new Random(parts);
        var sketches = Enumerable.Range(0, parts).Select(_ => new TopValues()).ToArray();

        // Parts see different slices of the stream, so each part evicts differently.
        for (int i = 0; i < stream.Length; i++)
        {
            int part = i * parts / stream.Length;
            sketches[random.Next(4) == 0 ? random.Next(parts) : part].Add(Names[stream[i]]);
        }

        TopValues merged = sketches[0];
        foreach (TopValues other in sketches.Skip(1))
        {
            merged.Merge(other);
        }

        Assert.Equal(stream.Length, merged.Total);
        AssertFindsTop5(merged, truth, $"{parts} parts");
        AssertWithinErrors(merged, truth);
    }

    [Fact]
    public void Merge_OfExactSketches_IsTheWhole_InAnyOrder()
    {
        Gen.Select(Gen.Int[1, 60], Gen.Int[0, 300], Gen.Int[1, 5], Gen.Int).Sample((capacity, adds, parts, seed) =>
        {
            var random = new Random(seed);
            var whole = new TopValues(capacity);
            var pieces = Enumerable.Range(0, parts).Select(_ => new TopValues(capacity)).ToArray();
            var truth = new Dictionary<string, long>();
            for (int i = 0; i < adds; i++)
            {
                string value = "v" + random.Next(70);
                long count = random.Next(1, 4);
                whole.Add(value, count);
                pieces[random.Next(parts)].Add(value, count);
                truth[value] = truth.GetValueOrDefault(value) + count;
            }

            int[] order = Enumerable.Range(0, parts).ToArray();
            random.Shuffle(order);
            TopValues merged = pieces[order[0]];
            foreach (int next in order.Skip(1))
            {
                merged.Merge(pieces[next]);
            }

            Assert.Equal(whole.Total, merged.Total);
            Assert.Equal(truth.Count <= capacity, merged.IsExact);
            if (merged.IsExact)
            {
                Assert.Equal(whole.ToState(), merged.ToState());
            }

            AssertWithinErrors(merged, truth);
        }, iter: 300);
    }

    [Fact]
    public void Merge_IsCommutative()
    {
        var (stream, _) = ZipfStream(100_000, 1.0, 9);
        var a = new TopValues(64);
        var b = new TopValues(64);
        for (int i = 0; i < stream.Length; i++)
        {
            (i % 3 == 0 ? a : b).Add(Names[stream[i]]);
        }

        TopValues ab = TopValues.FromState(a.ToState());
        ab.Merge(b);
        TopValues ba = TopValues.FromState(b.ToState());
        ba.Merge(a);
        Assert.False(ab.IsExact);
        Assert.Equal(ab.ToState(), ba.ToState());
    }

    [Fact]
    public void StateRoundTrip_GivesTheSameSketch_ThatGoesOnTheSameWay()
    {
        var (stream, _) = ZipfStream(200_000, 1.0, 17);
        foreach (int prefix in new[] { 0, 10, 300, 200_000 })
        {
            var sketch = new TopValues(100);
            foreach (int item in stream.Take(prefix))
            {
                sketch.Add(Names[item]);
            }

            string state = sketch.ToState();
            SketchData.AssertPortableState(state, "top1");
            TopValues restored = TopValues.FromState(state);
            Assert.Equal(state, restored.ToState());
            Assert.Equal(sketch.IsExact, restored.IsExact);
            Assert.Equal(sketch.Total, restored.Total);
            Assert.Equal(sketch.Capacity, restored.Capacity);
            Assert.Equal(sketch.Top(100), restored.Top(100));

            // Replacement picks the same value in both, whatever the heap layout.
            foreach (int item in stream.Skip(prefix).Take(20_000))
            {
                sketch.Add(Names[item]);
                restored.Add(Names[item]);
            }

            Assert.Equal(sketch.ToState(), restored.ToState());
        }
    }

    [Fact]
    public void StateRoundTrip_KeepsAnyText()
    {
        var sketch = new TopValues(8);
        string[] values = { "", "plain", "comma, \"quoted\"", "line\r\nbreak", "\u00e9\u2713\uD834\uDD1E", "\uD800 lone", "\0" };
        for (int i = 0; i < values.Length; i++)
        {
            sketch.Add(values[i], i + 1);
        }

        string state = sketch.ToState();
        SketchData.AssertPortableState(state, "top1");
        Assert.Equal(sketch.Top(8), TopValues.FromState(state).Top(8));
    }

    [Fact]
    public void StateSize_IsBoundedByTheCapacity()
    {
        var (stream, _) = ZipfStream(1_000_000, 1.0, 23);
        var sketch = new TopValues();
        foreach (int item in stream)
        {
            sketch.Add(Names[item]);
        }

        int length = sketch.ToState().Length;
        output.WriteLine($"{sketch.Monitored} values monitored, state {length} characters");
        Assert.Equal(TopValues.DefaultCapacity, sketch.Monitored);
        Assert.True(length < 8 * 1024, $"{length} characters");
    }

    [Theory]
    [InlineData("")]
    [InlineData("top1")]
    [InlineData("top1:")]
    [InlineData("dc1:rAA==")]
    [InlineData("top1:r")]
    [InlineData("top1:r@@@@")]
    [InlineData("top1:zAAAA")]
    public void FromState_RejectsBadText_WithFormatException(string state)
    {
        var e = Assert.Throws<FormatException>(() => TopValues.FromState(state));
        Assert.Contains("top values", e.Message);
    }

    [Fact]
    public void FromState_RejectsInconsistentContent()
    {
        // flags, capacity, total, number of values, then per value: count, error, 2 × length and the UTF-8 bytes.
        static byte[] Build(byte flags = 1, byte capacity = 4, byte total = 5, byte size = 2, byte count1 = 3,
            byte error1 = 0, byte name1 = (byte)'a', byte count2 = 2, byte error2 = 0, byte name2 = (byte)'b') =>
            new byte[] { flags, capacity, total, size, count1, error1, 2, name1, count2, error2, 2, name2 };

        static TopValues Read(byte[] bytes) => TopValues.FromState("top1:r" + Convert.ToBase64String(bytes));

        TopValues good = Read(Build());
        Assert.True(good.IsExact);
        Assert.Equal(new[] { new TopValue("a", 3, 0), new TopValue("b", 2, 0) }, good.Top(2));
        Assert.False(Read(Build(flags: 0, total: 9, error1: 1)).IsExact);

        // A text may also come as UTF-16 code units: 2 × length + 1, then the units.
        Assert.Equal("\uD800", Read(new byte[] { 1, 4, 1, 1, 1, 0, 3, 0x00, 0xD8 }).Top(1)[0].Value);
        Assert.Throws<FormatException>(() => Read(new byte[] { 1, 4, 1, 1, 1, 0, 3, 0x00 }));

        Assert.Throws<FormatException>(() => Read(Build(flags: 2)));
        Assert.Throws<FormatException>(() => Read(Build(capacity: 0)));
        Assert.Throws<FormatException>(() => Read(Build(capacity: 1)));           // two values in one slot
        Assert.Throws<FormatException>(() => Read(Build(total: 6)));             // exact, but counts do not add up
        Assert.Throws<FormatException>(() => Read(Build(flags: 0, total: 4)));   // more counted than the total
        Assert.Throws<FormatException>(() => Read(Build(count1: 0)));
        Assert.Throws<FormatException>(() => Read(Build(error1: 1)));            // exact with an error
        Assert.Throws<FormatException>(() => Read(Build(flags: 0, error1: 3)));  // error not below the count
        Assert.Throws<FormatException>(() => Read(Build(name2: (byte)'a')));     // a value twice
        Assert.Throws<FormatException>(() => Read(Build(name2: 0xFF)));          // not UTF-8
        Assert.Throws<FormatException>(() => Read(Build()[..^1]));
        Assert.Throws<FormatException>(() => Read(Build().Append((byte)0).ToArray()));
        Assert.Throws<ArgumentNullException>(() => TopValues.FromState(null!));
    }

    private static (int[] Stream, Dictionary<string, long> Truth) ZipfStream(int n, double exponent, int seed)
    {
        // Ranks are shuffled onto names so that the most frequent values are not the first names in order.
        var zipf = new SketchData.Zipf(Names.Length, exponent, seed);
        int[] names = Enumerable.Range(0, Names.Length).ToArray();
        new Random(seed).Shuffle(names);
        var stream = new int[n];
        var truth = new Dictionary<string, long>();
        for (int i = 0; i < n; i++)
        {
            stream[i] = names[zipf.Next()];
            truth[Names[stream[i]]] = truth.GetValueOrDefault(Names[stream[i]]) + 1;
        }

        return (stream, truth);
    }

    private void AssertFindsTop5(TopValues sketch, Dictionary<string, long> truth, string what)
    {
        var trueTop = truth.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(5).ToArray();
        IReadOnlyList<TopValue> top = sketch.Top(5);
        Assert.Equal(trueTop.Select(p => p.Key), top.Select(t => t.Value));
        output.WriteLine($"{what}: " + string.Join(", ", top.Select((t, i) =>
            $"{t.Value} {t.Count} (error {t.Error}, true {trueTop[i].Value})")) +
            $"; smallest monitored count {sketch.UnmonitoredBound}, total/capacity {sketch.Total / sketch.Capacity}");
    }

    // Every monitored count brackets the truth; no unmonitored value has a true count above the bound.
    private static void AssertWithinErrors(TopValues sketch, Dictionary<string, long> truth)
    {
        IReadOnlyList<TopValue> all = sketch.Top(sketch.Capacity);
        var monitored = new HashSet<string>();
        foreach (TopValue t in all)
        {
            long real = truth.GetValueOrDefault(t.Value);
            Assert.InRange(real, t.Count - t.Error, t.Count);
            Assert.InRange(t.Error, 0, sketch.Total / sketch.Capacity);
            monitored.Add(t.Value);
        }

        long bound = sketch.UnmonitoredBound;
        foreach (var (value, count) in truth)
        {
            if (!monitored.Contains(value))
            {
                Assert.True(count <= bound, $"{value}: true count {count} above the bound {bound}");
            }
        }
    }
}
