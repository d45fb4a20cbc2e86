using Aggregator.Sketches;
using CsCheck;

namespace Aggregator.Core.Tests.Sketches;

/// <summary>DistinctCounter against exact distinct counts: exact up to its limit, then a HyperLogLog within 3 standard errors.</summary>
public sealed class DistinctCounterTests
{
    // Three standard errors of the HyperLogLog (1.04/sqrt(2^14) = 0.8125%): 2.44%.
    private static readonly double Bound = 3 * DistinctCounter.StandardError;

    // Reference values from the xxHash library (XXH64, seed 0) over the UTF-16LE bytes of each text.
    // Reference values of XXH64 with seed 0 over the UTF-8 bytes.
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x0B242D361FDA71BCUL)]
    public void Hash_IsXxHash64OfTheUtf8Bytes(string text, ulong expected)
    {
        Assert.Equal(expected, DistinctCounter.Hash(text));
        Assert.Equal(expected, DistinctCounter.HashUtf8(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    // Every length class of the hash (stripes of 32 bytes, words of 8 and 4, single bytes) agrees between text and bytes.
    [Fact]
    public void Hash_OfText_EqualsHash_OfItsUtf8Bytes_AtEveryLength()
    {
        for (int length = 0; length < 80; length++)
        {
            string text = string.Concat(Enumerable.Range(0, length).Select(i => (char)(i % 3 == 0 ? '\u00e9' : 'a' + i % 26)));
            Assert.Equal(DistinctCounter.HashUtf8(System.Text.Encoding.UTF8.GetBytes(text)), DistinctCounter.Hash(text));
        }
    }

    [Fact]
    public void AddString_AddSpan_AndAddHash_CountTheSameValue()
    {
        var counter = new DistinctCounter();
        counter.Add("alpha");
        counter.Add("xalphax".AsSpan(1, 5));
        counter.AddHash(DistinctCounter.Hash("alpha"));
        Assert.Equal(1, counter.Count);

        counter.Add("Alpha");
        counter.Add("");
        Assert.Equal(3, counter.Count);
        Assert.Throws<ArgumentNullException>(() => counter.Add((string)null!));
    }

    [Fact]
    public void Empty_CountsZero_AndRoundTrips()
    {
        var counter = new DistinctCounter();
        Assert.Equal(0, counter.Count);
        Assert.True(counter.IsExact);
        var restored = DistinctCounter.FromState(counter.ToState());
        Assert.Equal(0, restored.Count);
        Assert.True(restored.IsExact);
    }

    [Fact]
    public void UpToTheLimit_CountIsExact_ThroughHeavyDuplicates()
    {
        var random = new Random(7);
        var counter = new DistinctCounter();
        var truth = new HashSet<string>();
        for (int i = 0; i < 200_000; i++)
        {
            string value = "user" + random.Next(DistinctCounter.ExactLimit);
            counter.Add(value);
            truth.Add(value);
            if (i % 997 == 0)
            {
                Assert.Equal(truth.Count, counter.Count);
            }
        }

        Assert.Equal(DistinctCounter.ExactLimit, truth.Count);
        Assert.Equal(DistinctCounter.ExactLimit, counter.Count);
        Assert.True(counter.IsExact);

        counter.Add("one more");
        Assert.False(counter.IsExact);
        Assert.InRange(counter.Count, DistinctCounter.ExactLimit + 1, (DistinctCounter.ExactLimit + 1) * (1 + Bound));
    }

    [Fact]
    public void Sequential_Names_StayWithinThreeStandardErrors_From1025To1M()
    {
        int[] checkpoints = { 1025, 1500, 2000, 3000, 5000, 10_000, 20_000, 40_000, 60_000, 80_000, 100_000, 150_000,
            250_000, 500_000, 1_000_000 };
        var counter = new DistinctCounter();
        int next = 0;
        foreach (int checkpoint in checkpoints)
        {
            for (; next < checkpoint; next++)
            {
                counter.Add("host-" + next.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            Assert.False(counter.IsExact);
            double error = (counter.Count - (double)checkpoint) / checkpoint;
            Assert.True(Math.Abs(error) <= Bound, $"{checkpoint} distinct: estimate {counter.Count}, error {error:P3}");
        }
    }

    [Theory]
    [InlineData(10_000, 20_000, 1)]
    [InlineData(100_000, 200_000, 2)]
    [InlineData(1_000_000, 1_000_000, 3)]
    public void Random_And_Skewed_Data_StayWithinThreeStandardErrors(int universe, int samples, int seed)
    {
        // Uniform draws (many values repeat) and Zipf draws (a few values dominate) from the same universe.
        var uniform = new DistinctCounter();
        var skewed = new DistinctCounter();
        var uniformTruth = new HashSet<int>();
        var skewedTruth = new HashSet<int>();
        var random = new Random(seed);
        var zipf = new SketchData.Zipf(universe, 0.8, seed);
        for (int i = 0; i < samples; i++)
        {
            int u = random.Next(universe);
            int z = zipf.Next();
            uniformTruth.Add(u);
            skewedTruth.Add(z);
            uniform.Add($"{u:x8}/{seed}");
            skewed.Add($"{z:x8}/{seed}");
        }

        foreach (var (counter, truth) in new[] { (uniform, uniformTruth.Count), (skewed, skewedTruth.Count) })
        {
            Assert.True(truth > DistinctCounter.ExactLimit);
            double error = (counter.Count - (double)truth) / truth;
            Assert.True(Math.Abs(error) <= Bound, $"{truth} distinct: estimate {counter.Count}, error {error:P3}");
        }
    }

    [Fact]
    public void Estimate_HasNoBias_InTheMidRange()
    {
        // The range where a raw HyperLogLog estimate is known to be biased (2 to 5 times the register count): the mean
        // error over 24 independent counters must be near 0 (its standard error is 0.81%/sqrt(24) = 0.17%).
        foreach (int distinct in new[] { 3000, 20_000, 50_000, 80_000 })
        {
            double sum = 0;
            for (int run = 0; run < 24; run++)
            {
                var counter = new DistinctCounter();
                for (int i = 0; i < distinct; i++)
                {
                    counter.Add($"{run}:{i}");
                }

                sum += (counter.Count - (double)distinct) / distinct;
            }

            double mean = sum / 24;
            Assert.True(Math.Abs(mean) <= 0.006, $"{distinct} distinct: mean error {mean:P3}");
        }
    }

    [Fact]
    public void MergeOfParts_IsTheWhole_ExactlyInAnyOrder()
    {
        // Parts of any size, overlapping values, crossing the exact limit in the parts, in the whole or in neither.
        Gen.Select(Gen.Int[0, 4000], Gen.Int[1, 5], Gen.Int[1, 3000], Gen.Int).Sample((count, parts, universe, seed) =>
        {
            var random = new Random(seed);
            var whole = new DistinctCounter();
            var pieces = Enumerable.Range(0, parts).Select(_ => new DistinctCounter()).ToArray();
            for (int i = 0; i < count; i++)
            {
                string value = "v" + random.Next(universe);
                whole.Add(value);
                pieces[random.Next(parts)].Add(value);
            }

            int[] order = Enumerable.Range(0, parts).ToArray();
            random.Shuffle(order);
            DistinctCounter merged = pieces[order[0]];
            foreach (int next in order.Skip(1))
            {
                merged.Merge(pieces[next]);
            }

            Assert.Equal(whole.ToState(), merged.ToState());
            Assert.Equal(whole.Count, merged.Count);
            Assert.Equal(whole.IsExact, merged.IsExact);
        }, iter: 150);
    }

    [Fact]
    public void Merge_IsAssociative_Commutative_AndIdempotent_OnLargeCounters()
    {
        DistinctCounter Range(int from, int to)
        {
            var c = new DistinctCounter();
            for (int i = from; i < to; i++)
            {
                c.Add("k" + i);
            }

            return c;
        }

        DistinctCounter Copy(DistinctCounter c) => DistinctCounter.FromState(c.ToState());

        DistinctCounter a = Range(0, 50_000), b = Range(30_000, 90_000), c = Range(85_000, 85_500);
        DistinctCounter left = Copy(a);
        left.Merge(b);
        left.Merge(c);
        DistinctCounter bc = Copy(b);
        bc.Merge(c);
        DistinctCounter right = Copy(c);
        right.Merge(bc);
        right.Merge(a);
        right.Merge(right);
        right.Merge(Copy(a));

        Assert.Equal(Range(0, 90_000).ToState(), left.ToState());
        Assert.Equal(left.ToState(), right.ToState());
        double error = (left.Count - 90_000.0) / 90_000;
        Assert.True(Math.Abs(error) <= Bound, $"error {error:P3}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(5000)]
    [InlineData(300_000)]
    public void StateRoundTrip_KeepsCountExactnessAndBehaviour(int distinct)
    {
        var counter = new DistinctCounter();
        for (int i = 0; i < distinct; i++)
        {
            counter.Add("id" + i);
        }

        string state = counter.ToState();
        SketchData.AssertPortableState(state, "dc1");
        var restored = DistinctCounter.FromState(state);
        Assert.Equal(counter.Count, restored.Count);
        Assert.Equal(counter.IsExact, restored.IsExact);
        Assert.Equal(distinct <= DistinctCounter.ExactLimit, restored.IsExact);
        Assert.Equal(state, restored.ToState());

        // Both go on the same way.
        for (int i = distinct; i < distinct + 3000; i++)
        {
            counter.Add("id" + i);
            restored.Add("id" + i);
        }

        Assert.Equal(counter.ToState(), restored.ToState());
    }

    [Fact]
    public void StateSize_IsBounded()
    {
        var counter = new DistinctCounter();
        int longest = 0;
        for (int i = 0; i < 2_000_000; i++)
        {
            counter.Add("s" + i);
            if (i == 1023 || i == 1024 || i == 9_999 || i == 99_999 || i == 1_999_999)
            {
                longest = Math.Max(longest, counter.ToState().Length);
            }
        }

        // While exact: 1024 hashes of 8 bytes in base64; once dense: 16384 registers deflated.
        Assert.InRange(longest, 1, 12 * 1024);
    }

    [Fact]
    public void DenseState_IsSmallerThan16KB_AndMuchSmallerThanTheRegisters()
    {
        var counter = new DistinctCounter();
        for (int i = 0; i < 1_000_000; i++)
        {
            counter.Add("d" + i);
        }

        string state = counter.ToState();
        Assert.StartsWith("dc1:z", state);
        Assert.True(state.Length < 16 * 1024 * 3 / 4, $"{state.Length} characters");
    }

    [Theory]
    [InlineData("")]
    [InlineData("dc1")]
    [InlineData("dc1:")]
    [InlineData("DC1:r")]
    [InlineData("td1:rAA==")]
    [InlineData("dc2:rAA==")]
    [InlineData("dc1:x")]
    [InlineData("dc1:r")]                 // no bytes at all
    [InlineData("dc1:r!!!!")]             // not base64
    [InlineData("dc1:rAg==")]             // kind 2
    [InlineData("dc1:rAAE=")]             // one hash announced, none there
    [InlineData("dc1:rAAEAAAAAAAAAAAA=")] // one hash and a stray byte
    [InlineData("dc1:rAIEIAAAAAAAAAAAAAAAAAAAAAA==")] // 1025 hashes announced
    [InlineData("dc1:rAAIBAAAAAAAAAAEAAAAAAAAA")]    // the same hash twice
    [InlineData("dc1:zAAAA")]             // damaged deflate
    [InlineData("dc1:z")]                 // nothing to inflate
    public void FromState_RejectsBadText_WithFormatException(string state)
    {
        var e = Assert.Throws<FormatException>(() => DistinctCounter.FromState(state));
        Assert.Contains("distinct count", e.Message);
    }

    [Fact]
    public void FromState_RejectsBadRegisters()
    {
        byte[] registers = new byte[1 + DistinctCounter.RegisterCount];
        registers[0] = 1;
        Assert.Throws<FormatException>(() => DistinctCounter.FromState("dc1:r" + Convert.ToBase64String(registers)));
        registers[5] = 52;
        Assert.Throws<FormatException>(() => DistinctCounter.FromState("dc1:r" + Convert.ToBase64String(registers)));
        registers[5] = 51;
        Assert.False(DistinctCounter.FromState("dc1:r" + Convert.ToBase64String(registers)).IsExact);
        Assert.Throws<FormatException>(() => DistinctCounter.FromState("dc1:r" + Convert.ToBase64String(registers[..^1])));
        Assert.Throws<ArgumentNullException>(() => DistinctCounter.FromState(null!));
    }
}
