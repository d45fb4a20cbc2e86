using Aggregator.Sketches;
using CsCheck;
using Xunit.Abstractions;

namespace Aggregator.Core.Tests.Sketches;

/// <summary>
/// TDigest against exact nearest-rank quantiles: equal while exact, and otherwise the rank of the answer within the
/// documented distance of q·n (docs/estimators.md), printed as measured.
/// </summary>
public sealed class TDigestTests(ITestOutputHelper output)
{
    // The documented rank errors for compression 100, as fractions of n: q in [0.01, 0.99] (continuous data, and data
    // with heavy duplicates), q in [0.001, 0.01) or (0.99, 0.999], and q beyond those.
    private const double MidBound = 0.005;
    private const double DiscreteMidBound = 0.015;
    private const double NearTailBound = 0.002;
    private const double FarTailBound = 0.0005;

    // The theoretical bound, half the largest centroid: π/(2δ)·sqrt(q(1 − q)) of n, 0.785% at the median.
    private const double HalfCentroidAtMedian = Math.PI / (2 * TDigest.DefaultCompression) * 0.5;

    private static readonly double[] Grid = BuildGrid();

    [Fact]
    public void Empty_HasNoQuantiles()
    {
        var digest = new TDigest();
        Assert.Equal(0, digest.Count);
        Assert.True(digest.IsExact);
        Assert.True(double.IsNaN(digest.Min));
        Assert.True(double.IsNaN(digest.Max));
        Assert.True(double.IsNaN(digest.Quantile(0.5)));
        Assert.True(double.IsNaN(TDigest.FromState(digest.ToState()).Quantile(0)));
    }

    [Fact]
    public void NaN_AndInfinities_AreIgnored()
    {
        var digest = new TDigest();
        digest.Add(double.NaN);
        digest.Add(double.PositiveInfinity, 5);
        digest.Add(double.NegativeInfinity);
        Assert.Equal(0, digest.Count);
        digest.Add(3);
        digest.Add(double.NaN);
        digest.Add(-0.0);
        Assert.Equal(2, digest.Count);
        Assert.Equal(0.0, digest.Min);
        Assert.False(double.IsNegative(digest.Min));
        Assert.Equal(3, digest.Max);
        Assert.Equal(3, digest.Quantile(0.75));
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TDigest(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TDigest(double.NaN));
        var digest = new TDigest();
        Assert.Throws<ArgumentOutOfRangeException>(() => digest.Add(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => digest.Quantile(-0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => digest.Quantile(1.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => digest.Quantile(double.NaN));
        Assert.Throws<ArgumentNullException>(() => digest.Merge(null!));
    }

    [Fact]
    public void SmallInputs_AreExact_AndGiveTheNearestRank()
    {
        // Values from a small pool (so duplicates are common), some added with weights, in several digests merged.
        var gen = Gen.Select(Gen.Int[1, 600], Gen.Int[1, 3000], Gen.Int[1, 4], Gen.Int);
        gen.Sample((pool, count, parts, seed) =>
        {
            var random = new Random(seed);
            var values = new List<double>();
            var digests = Enumerable.Range(0, parts).Select(_ => new TDigest()).ToArray();
            for (int i = 0; i < count; i++)
            {
                double value = Math.Round((random.Next(pool) - pool / 3) * 0.37, 2);
                long weight = random.Next(4) == 0 ? random.Next(1, 20) : 1;
                digests[random.Next(parts)].Add(value, weight);
                values.AddRange(Enumerable.Repeat(value, (int)weight));
            }

            TDigest digest = digests[0];
            foreach (TDigest other in digests.Skip(1))
            {
                digest.Merge(other);
            }

            double[] sorted = values.Order().ToArray();
            int distinct = sorted.Distinct().Count();
            Assert.Equal(distinct <= digest.ExactCapacity, digest.IsExact);
            Assert.Equal(sorted.Length, digest.Count);
            Assert.Equal(sorted[0], digest.Min);
            Assert.Equal(sorted[^1], digest.Max);
            if (digest.IsExact)
            {
                foreach (double q in Grid.Append(random.NextDouble()))
                {
                    Assert.Equal(SketchData.NearestRank(sorted, q), digest.Quantile(q));
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void FewPlainValues_AreAnsweredWithoutCentroids_AsTheSortedValuesGive()
    {
        // Plain values only (a small group's digest): answered by selection before any flush, and the same after one.
        var gen = Gen.Select(Gen.Int[1, 50], Gen.Int[1, 700], Gen.Int);
        gen.Sample((pool, count, seed) =>
        {
            var random = new Random(seed);
            var digest = new TDigest();
            var values = new List<double>();
            for (int i = 0; i < count; i++)
            {
                double value = random.Next(3) == 0 ? random.Next(pool) - pool / 2 : Math.Round(random.NextDouble() * pool, 1);
                digest.Add(value);
                values.Add(value);
            }

            double[] sorted = values.Order().ToArray();
            double[] qs = Grid.Append(random.NextDouble()).ToArray();
            double[] before = qs.Select(digest.Quantile).ToArray();
            Assert.Equal(sorted.Distinct().Count() <= digest.ExactCapacity, digest.IsExact);
            if (digest.IsExact)
            {
                Assert.Equal(qs.Select(q => SketchData.NearestRank(sorted, q)), before);
            }

            _ = digest.CentroidCount;   // folds the values into centroids
            Assert.Equal(before, qs.Select(digest.Quantile));
        }, iter: 300);
    }

    [Fact]
    public void Selection_GivesWhatSortingGives()
    {
        Gen.Double[-5, 5].Select(d => Math.Round(d, 1)).Array[1, 300].Sample(values =>
        {
            double[] sorted = values.Order().ToArray();
            for (int k = 0; k < values.Length; k += Math.Max(1, values.Length / 7))
            {
                Assert.Equal(sorted[k], Selection.Select(values.ToArray(), k));
            }

            Assert.Equal(sorted[^1], Selection.Select(values.ToArray(), values.Length - 1));
        }, iter: 300);
    }

    [Fact]
    public void ExactCapacity_IsTheLastExactCount()
    {
        var digest = new TDigest();
        Assert.Equal(500, digest.ExactCapacity);
        for (int i = 0; i < 500; i++)
        {
            digest.Add(499 - i, 1000);
        }

        Assert.True(digest.IsExact);
        Assert.Equal(500, digest.CentroidCount);
        Assert.Equal(250, digest.Quantile(0.5005));
        Assert.Equal(249, digest.Quantile(0.5));
        digest.Add(1000.5);
        Assert.False(digest.IsExact);
        Assert.InRange(digest.CentroidCount, 1, 2 * 100 + 1);
    }

    [Fact]
    public void HeavyDuplicates_OfFewValues_StayExact_At1M()
    {
        double[] values = SketchData.ZipfNumbers(1_000_000, 300, 1.2, 11);
        var digest = new TDigest();
        foreach (double value in values)
        {
            digest.Add(value);
        }

        Array.Sort(values);
        Assert.True(digest.IsExact);
        foreach (double q in Grid)
        {
            Assert.Equal(SketchData.NearestRank(values, q), digest.Quantile(q));
        }
    }

    public static TheoryData<string> ContinuousSets => new() { "uniform", "normal", "lognormal" };

    [Theory]
    [MemberData(nameof(ContinuousSets))]
    public void Continuous_1M_RankErrorWithinBound_WholeAndMerged(string set)
    {
        double[] values = Continuous(set, 1_000_000);
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);

        foreach (int parts in new[] { 1, 2, 5 })
        {
            TDigest digest = BuildSplit(values, parts, seed: parts);
            Assert.False(digest.IsExact);
            Assert.Equal(values.Length, digest.Count);
            Assert.Equal(sorted[0], digest.Quantile(0));
            Assert.Equal(sorted[^1], digest.Quantile(1));
            AssertRankErrors(sorted, digest, MidBound, $"{set}, {parts} parts");
        }
    }

    [Fact]
    public void Discrete_HeavyDuplicates_1M_RankErrorWithinTheDiscreteBound()
    {
        // 100,000 whole numbers by Zipf's law: the first few hold a large share, most appear once or not at all.
        double[] values = SketchData.ZipfNumbers(1_000_000, 100_000, 1.1, 4);
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        foreach (int parts in new[] { 1, 3, 5 })
        {
            TDigest digest = BuildSplit(values, parts, seed: 10 + parts);
            Assert.False(digest.IsExact);
            AssertRankErrors(sorted, digest, DiscreteMidBound, $"zipf, {parts} parts");
        }
    }

    [Fact]
    public void ModerateSizes_RankErrorWithinBound_ManySeeds()
    {
        // Just past the exact capacity and a little beyond, where a centroid holds only a few values: the error nears
        // the theoretical bound (half a centroid), and in the tails it is a few ranks rather than a fraction of n.
        foreach (int n in new[] { 501, 1000, 5000, 50_000 })
        {
            for (int seed = 0; seed < 6; seed++)
            {
                double[] values = seed % 2 == 0 ? SketchData.Uniform(n, seed) : SketchData.LogNormal(n, seed);
                double[] sorted = (double[])values.Clone();
                Array.Sort(sorted);
                TDigest digest = BuildSplit(values, 1 + seed % 5, seed);
                Assert.False(digest.IsExact);
                AssertRankErrors(sorted, digest, HalfCentroidAtMedian + 1.0 / n, $"n {n}, seed {seed}", floor: 3.0 / n);
            }
        }
    }

    [Fact]
    public void MergeOrder_ChangesLittle()
    {
        double[] values = SketchData.LogNormal(300_000, 21);
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var parts = Enumerable.Range(0, 5).Select(_ => new TDigest()).ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            parts[i % 5].Add(values[i]);
        }

        var states = parts.Select(p => p.ToState()).ToArray();
        foreach (int[] order in new[] { new[] { 0, 1, 2, 3, 4 }, new[] { 4, 3, 2, 1, 0 }, new[] { 2, 0, 4, 1, 3 } })
        {
            TDigest merged = TDigest.FromState(states[order[0]]);
            foreach (int next in order.Skip(1))
            {
                merged.Merge(TDigest.FromState(states[next]));
            }

            Assert.Equal(values.Length, merged.Count);
            AssertRankErrors(sorted, merged, MidBound, "order " + string.Join(",", order));
        }

        // A tree of merges, as workers combine their partial results.
        TDigest left = TDigest.FromState(states[0]);
        left.Merge(TDigest.FromState(states[1]));
        TDigest right = TDigest.FromState(states[2]);
        right.Merge(TDigest.FromState(states[3]));
        right.Merge(TDigest.FromState(states[4]));
        right.Merge(left);
        AssertRankErrors(sorted, right, MidBound, "tree");
    }

    [Theory]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(200)]
    public void Memory_IsBounded_WhateverTheInputSize(double compression)
    {
        var digest = new TDigest(compression);
        var random = new Random(5);
        int most = 0;
        for (int i = 1; i <= 1_000_000; i++)
        {
            digest.Add(random.NextDouble() * random.NextDouble() * 1e6);
            if (i % 50_000 == 0)
            {
                most = Math.Max(most, digest.CentroidCount);
            }
        }

        Assert.InRange(most, 1, 2 * compression + 1);
        Assert.True(digest.ToState().Length < 40 * compression, $"{digest.ToState().Length} characters");
    }

    [Fact]
    public void StateRoundTrip_GivesTheSameDigest()
    {
        foreach (int n in new[] { 0, 1, 7, 500, 501, 200_000 })
        {
            double[] values = SketchData.Normal(n, n);
            var digest = new TDigest();
            foreach (double value in values)
            {
                digest.Add(value);
            }

            string state = digest.ToState();
            SketchData.AssertPortableState(state, "td1");
            TDigest restored = TDigest.FromState(state);
            Assert.Equal(state, restored.ToState());
            Assert.Equal(digest.Count, restored.Count);
            Assert.Equal(digest.IsExact, restored.IsExact);
            Assert.Equal(digest.Min, restored.Min);
            Assert.Equal(digest.Max, restored.Max);
            Assert.Equal(digest.CentroidCount, restored.CentroidCount);
            foreach (double q in Grid)
            {
                Assert.Equal(digest.Quantile(q), restored.Quantile(q));
            }

            // Both go on the same way.
            foreach (double value in SketchData.Uniform(3000, n))
            {
                digest.Add(value);
                restored.Add(value);
            }

            Assert.Equal(digest.ToState(), restored.ToState());
        }
    }

    [Fact]
    public void StateRoundTrip_KeepsTheCompression()
    {
        var digest = new TDigest(37.5);
        digest.Add(1);
        Assert.Equal(37.5, TDigest.FromState(digest.ToState()).Compression);
    }

    [Theory]
    [InlineData("")]
    [InlineData("td1")]
    [InlineData("td1:")]
    [InlineData("dc1:rAA==")]
    [InlineData("td1:r")]
    [InlineData("td1:r%%%%")]
    [InlineData("td1:zAAAA")]
    public void FromState_RejectsBadText_WithFormatException(string state)
    {
        var e = Assert.Throws<FormatException>(() => TDigest.FromState(state));
        Assert.Contains("t-digest", e.Message);
    }

    [Fact]
    public void FromState_RejectsInconsistentContent()
    {
        // Compression 100, min 1, max 3, two centroids (1 ×1, 3 ×1), the purity bits.
        byte[] Build(byte flags = 1, double compression = 100, double min = 1, double max = 3, double mean1 = 1,
            double mean2 = 3, byte weight2 = 1, byte pure = 3, bool extra = false)
        {
            var bytes = new List<byte> { flags };
            bytes.AddRange(BitConverter.GetBytes(compression));
            bytes.Add(2);
            bytes.AddRange(BitConverter.GetBytes(min));
            bytes.AddRange(BitConverter.GetBytes(max));
            bytes.AddRange(BitConverter.GetBytes(mean1));
            bytes.Add(1);
            bytes.AddRange(BitConverter.GetBytes(mean2));
            bytes.Add(weight2);
            bytes.Add(pure);
            if (extra)
            {
                bytes.Add(0);
            }

            return bytes.ToArray();
        }

        TDigest Read(byte[] bytes) => TDigest.FromState("td1:r" + Convert.ToBase64String(bytes));

        TDigest good = Read(Build());
        Assert.True(good.IsExact);
        Assert.Equal(2, good.Count);
        Assert.Equal(3, good.Quantile(0.6));

        Assert.Throws<FormatException>(() => Read(Build(flags: 2)));
        Assert.Throws<FormatException>(() => Read(Build(compression: 1)));
        Assert.Throws<FormatException>(() => Read(Build(compression: double.NaN)));
        Assert.Throws<FormatException>(() => Read(Build(mean2: 1)));            // not ascending
        Assert.Throws<FormatException>(() => Read(Build(mean2: double.PositiveInfinity)));
        Assert.Throws<FormatException>(() => Read(Build(min: 2)));              // min above the first centroid
        Assert.Throws<FormatException>(() => Read(Build(max: 2.5)));            // max below the last centroid
        Assert.Throws<FormatException>(() => Read(Build(weight2: 0)));          // weight 0
        Assert.Throws<FormatException>(() => Read(Build(pure: 1)));             // exact but a mixed centroid
        Assert.Throws<FormatException>(() => Read(Build(flags: 0, pure: 1)));   // a mixed centroid of weight 1
        Assert.Throws<FormatException>(() => Read(Build(extra: true)));
        Assert.Throws<FormatException>(() => Read(Build()[..^1]));
        Assert.Throws<ArgumentNullException>(() => TDigest.FromState(null!));
    }

    private static double[] Continuous(string set, int n) => set switch
    {
        "uniform" => SketchData.Uniform(n, 1),
        "normal" => SketchData.Normal(n, 2),
        _ => SketchData.LogNormal(n, 3),
    };

    private static TDigest BuildSplit(double[] values, int parts, int seed)
    {
        var random = new Random(seed);
        var digests = Enumerable.Range(0, parts).Select(_ => new TDigest()).ToArray();
        foreach (double value in values)
        {
            digests[random.Next(parts)].Add(value);
        }

        TDigest merged = digests[0];
        foreach (TDigest other in digests.Skip(1))
        {
            merged.Merge(other);
        }

        return merged;
    }

    // Every bound is at least floor: a few ranks when n is small.
    private void AssertRankErrors(double[] sorted, TDigest digest, double midBound, string what, double floor = 0)
    {
        var worst = new double[3];
        foreach (double q in Grid)
        {
            double error = SketchData.RankError(sorted, q, digest.Quantile(q));
            double tail = Math.Min(q, 1 - q);
            int band = tail >= 0.01 ? 0 : tail >= 0.001 ? 1 : 2;
            double bound = Math.Max(floor, band == 0 ? midBound : band == 1 ? NearTailBound : FarTailBound);
            worst[band] = Math.Max(worst[band], error);
            Assert.True(error <= bound, $"{what}: q {q}, rank error {error:P4} above {bound:P3}");
        }

        output.WriteLine($"{what}: n {sorted.Length}, {digest.CentroidCount} centroids, state {digest.ToState().Length} " +
            $"characters; worst rank error {worst[0]:P3} in [0.01, 0.99], {worst[1]:P3} to 0.001/0.999, {worst[2]:P3} beyond");
    }

    // Every 0.001 from 0 to 1, and every 0.0001 in the outer 1% at each end.
    private static double[] BuildGrid()
    {
        var grid = new SortedSet<double>();
        for (int i = 0; i <= 1000; i++)
        {
            grid.Add(i / 1000.0);
        }

        for (int i = 1; i < 100; i++)
        {
            grid.Add(i / 10000.0);
            grid.Add(1 - i / 10000.0);
        }

        return grid.ToArray();
    }
}
