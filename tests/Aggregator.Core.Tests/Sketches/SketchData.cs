namespace Aggregator.Core.Tests.Sketches;

/// <summary>Seeded data sets for the sketch tests, and the exact answers they are compared with.</summary>
internal static class SketchData
{
    public static double[] Uniform(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = random.NextDouble() * 1000;
        }

        return values;
    }

    /// <summary>Normal with mean 50 and standard deviation 10 (Box-Muller).</summary>
    public static double[] Normal(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = 50 + 10 * StandardNormal(random);
        }

        return values;
    }

    /// <summary>Log-normal, exp(2·N(0,1)): a long right tail spanning many orders of magnitude.</summary>
    public static double[] LogNormal(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = Math.Exp(2 * StandardNormal(random));
        }

        return values;
    }

    /// <summary>Whole numbers 1..distinct drawn by Zipf's law: heavy duplicates at the low end.</summary>
    public static double[] ZipfNumbers(int n, int distinct, double exponent, int seed)
    {
        var zipf = new Zipf(distinct, exponent, seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = zipf.Next() + 1;
        }

        return values;
    }

    /// <summary>Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent.</summary>
    public sealed class Zipf
    {
        private readonly double[] _cumulative;
        private readonly Random _random;

        public Zipf(int n, double exponent, int seed)
        {
            _random = new Random(seed);
            _cumulative = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += 1 / Math.Pow(i + 1, exponent);
                _cumulative[i] = sum;
            }

            for (int i = 0; i < n; i++)
            {
                _cumulative[i] /= sum;
            }
        }

        public int Next()
        {
            int index = Array.BinarySearch(_cumulative, _random.NextDouble());
            return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
        }
    }

    /// <summary>The nearest-rank quantile: v[ceil(q·n) − 1] of the sorted values, v[0] for q = 0.</summary>
    public static double NearestRank(double[] sorted, double q) =>
        sorted[Math.Max((int)Math.Ceiling(q * sorted.Length), 1) - 1];

    /// <summary>
    /// How far, as a fraction of n, the rank of <paramref name="value"/> is from q·n: 0 when some position of the value
    /// in the sorted data, from (values below it) to (values at or below it), is q·n.
    /// </summary>
    public static double RankError(double[] sorted, double q, double value)
    {
        double target = q * sorted.Length;
        int below = LowerBound(sorted, value);
        int atOrBelow = UpperBound(sorted, value);
        double distance = target < below ? below - target : target > atOrBelow ? target - atOrBelow : 0;
        return distance / sorted.Length;
    }

    /// <summary>0.001, 0.01, 0.05, 0.1 ... 0.9, 0.95, 0.99, 0.999 and the quartiles: what a summarize asks for.</summary>
    public static readonly double[] Quantiles =
        { 0.001, 0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99, 0.999 };

    /// <summary>A state is printable ASCII, safe in a CSV cell and in CliXml: its tag, a colon, then base64.</summary>
    public static void AssertPortableState(string state, string tag)
    {
        Assert.StartsWith(tag + ":", state);
        Assert.Matches("^[a-z0-9]+:[rz][A-Za-z0-9+/]*={0,2}$", state);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) { lo = mid + 1; } else { hi = mid; }
        }

        return lo;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) { lo = mid + 1; } else { hi = mid; }
        }

        return lo;
    }

    private static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
