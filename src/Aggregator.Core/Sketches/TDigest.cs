using System;
using Aggregator.Aggregation;

namespace Aggregator.Sketches;

/// <summary>
/// Quantiles by a merging t-digest (Dunning and Ertl) with an arcsine scale function: values gather in a buffer,
/// and when it fills they are sorted into the centroids. Centroids that hold copies of one value only ("pure") are
/// answered exactly. While the input has at most <see cref="ExactCapacity"/> distinct values every centroid is pure and
/// <see cref="Quantile"/> is the exact nearest-rank answer.
/// </summary>
public sealed class TDigest : IMergeable<TDigest>
{
    public const double DefaultCompression = 100;

    /// <summary>The smallest compression a digest accepts.</summary>
    public const double MinCompression = 10;

    /// <summary>The largest compression a digest accepts (memory grows with it: 240 bytes per unit).</summary>
    public const double MaxCompression = 10_000;

    private const string Tag = "td1";
    private const string What = "t-digest";
    private const byte ExactFlag = 1;

    private readonly double _compression;
    private readonly int _exactCapacity;
    // A summary keeps a digest per group, most of them small: the array grows to its full size only when values come.
    private const int InitialItems = 8;

    private Centroid[] _items;   // [0, _centroids) sorted centroids, then _buffered unsorted weighted values

    // Plain values (weight 1) wait here: sorting doubles costs a fraction of sorting centroids, and most values are plain.
    private const int ValueCapacity = 1024;
    private double[]? _values;
    private int _valueCount;
    private int _centroids;
    private int _buffered;
    private long _count;
    private double _min = double.NaN;
    private double _max = double.NaN;
    private bool _exact = true;

    /// <param name="compression">
    /// The accuracy knob δ, <see cref="MinCompression"/> to <see cref="MaxCompression"/>: a non-exact digest keeps at
    /// most 2δ + 1 centroids (about 1.2δ in practice), and <see cref="ExactCapacity"/> is 5δ.
    /// </param>
    public TDigest(double compression = DefaultCompression)
    {
        if (!(compression >= MinCompression && compression <= MaxCompression))
        {
            throw new ArgumentOutOfRangeException(nameof(compression), compression,
                $"The compression must be between {MinCompression} and {MaxCompression}.");
        }

        _compression = compression;
        _exactCapacity = (int)Math.Ceiling(5 * compression);
        _items = new Centroid[InitialItems];
    }

    // Room for the centroids of an exact digest and as many buffered values again.
    private int FullItems => 2 * _exactCapacity;

    /// <summary>The compression δ this digest was made with.</summary>
    public double Compression => _compression;

    /// <summary>The most distinct values a digest keeps exactly (5 × compression: 500 by default).</summary>
    public int ExactCapacity => _exactCapacity;

    /// <summary>The number of values added (the sum of the weights); NaN and infinite values are not counted.</summary>
    public long Count => _count;

    /// <summary>The smallest value added, exactly; NaN when empty.</summary>
    public double Min => _min;

    /// <summary>The largest value added, exactly; NaN when empty.</summary>
    public double Max => _max;

    /// <summary>
    /// True while every centroid holds copies of one value only: at most <see cref="ExactCapacity"/> distinct values
    /// were added, and every digest merged in was exact too. Then <see cref="Quantile"/> is exact.
    /// </summary>
    public bool IsExact
    {
        get
        {
            if (HoldsFewPlainValues)
            {
                return true;
            }

            Flush();
            return _exact;
        }
    }

    /// <summary>
    /// Only plain values, no more than an exact digest keeps: such a digest (most of a summary's many small groups) is
    /// answered from the values themselves, without sorting them into centroids.
    /// </summary>
    private bool HoldsFewPlainValues => _exact && _centroids == 0 && _buffered == 0 && _valueCount <= _exactCapacity;

    /// <summary>The number of centroids after folding in the buffer: at most <see cref="ExactCapacity"/> while exact, then at most 2δ + 1.</summary>
    public int CentroidCount
    {
        get
        {
            Flush();
            return _centroids;
        }
    }

    /// <summary>Adds a value. NaN and positive or negative infinity are ignored (they are not counted); -0 is taken as 0.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        if (_values is null || _valueCount == _values.Length)
        {
            MakeRoomForValue();
        }

        value = value == 0 ? 0.0 : value;
        _values![_valueCount++] = value;
        _count = checked(_count + 1);
        if (!(value >= _min))
        {
            _min = value;
        }

        if (!(value <= _max))
        {
            _max = value;
        }
    }

    /// <summary>Adds values as <see cref="Add(double)"/> does, making room for all of them at once.</summary>
    public void Add(ReadOnlySpan<double> values)
    {
        if (values.Length > 1)
        {
            ReserveValues(values.Length);
        }

        foreach (double value in values)
        {
            Add(value);
        }
    }

    /// <summary>Makes room for <paramref name="more"/> plain values at once, so adding them grows the buffer once.</summary>
    internal void ReserveValues(int more)
    {
        int room = _values?.Length ?? 0;
        if (room < ValueCapacity && _valueCount + more > room)
        {
            Array.Resize(ref _values, Math.Min(ValueCapacity, Math.Max(InitialItems, _valueCount + more)));
        }
    }

    private void MakeRoomForValue()
    {
        if (_values is null)
        {
            _values = new double[InitialItems];
        }
        else if (_values.Length < ValueCapacity)
        {
            Array.Resize(ref _values, Math.Min(_values.Length * 2, ValueCapacity));
        }
        else
        {
            FlushValues();
        }
    }

    /// <summary>Adds <paramref name="weight"/> copies of a value (weight at least 1). NaN and infinities are ignored.</summary>
    public void Add(double value, long weight)
    {
        if (weight < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight must be at least 1.");
        }

        if (!double.IsFinite(value))
        {
            return;
        }

        if (weight == 1)
        {
            Add(value);
            return;
        }

        Append(new Centroid(value == 0 ? 0.0 : value, weight, pure: true));
    }

    /// <summary>
    /// Takes in another digest's centroids as weighted values. The result depends a little on the order of merges,
    /// within the documented error; it is exact when both were exact and the union has at most
    /// <see cref="ExactCapacity"/> distinct values.
    /// </summary>
    public void Merge(TDigest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._count == 0)
        {
            return;
        }

        if (other._centroids == 0 && other._buffered == 0 && !ReferenceEquals(other, this))
        {
            // Only plain values, never sorted (a small group's digest): they join this one's buffer as they are.
            for (int i = 0; i < other._valueCount; i++)
            {
                Add(other._values![i]);
            }

            return;
        }

        other.Flush();   // its plain values become centroids first
        Centroid[] theirs = ReferenceEquals(other, this) ? _items.AsSpan(0, _centroids).ToArray() : other._items;
        int theirCount = other._centroids;
        (double otherMin, double otherMax, long otherCount, bool otherExact) = (other._min, other._max, other._count, other._exact);
        Flush();

        // Both are sorted runs: one pass merges them, as a flush merges its sorted buffer, instead of sorting them again.
        Centroid[] merged = Scratch(_centroids + theirCount);
        int a = 0, b = 0, distinct = 0;
        while (a < _centroids || b < theirCount)
        {
            Centroid next = b >= theirCount || (a < _centroids && _items[a].Mean <= theirs[b].Mean) ? _items[a++] : theirs[b++];
            Fold(merged, ref distinct, next);
        }

        // A mixed centroid's mean lies inside its values: the extremes come from the other digest itself.
        (_min, _max) = _count == 0 ? (otherMin, otherMax) : (Math.Min(_min, otherMin), Math.Max(_max, otherMax));
        _count = checked(_count + otherCount);
        _exact &= otherExact;
        if (_items.Length < distinct)
        {
            Array.Resize(ref _items, distinct);
        }

        Settle(merged, distinct);
    }

    /// <summary>
    /// The value at quantile <paramref name="q"/> (0 to 1): exactly <see cref="Min"/> at 0 and <see cref="Max"/> at 1,
    /// NaN when empty. When <see cref="IsExact"/> it is the nearest-rank value v[ceil(q·n) − 1] of the sorted values
    /// (v[0] for q = 0); otherwise an interpolation between centroids, whose rank is within the documented error.
    /// </summary>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "The quantile must be between 0 and 1.");
        }

        if (_count == 0)
        {
            return double.NaN;
        }

        if (q == 0)
        {
            return _min;
        }

        if (q == 1)
        {
            return _max;
        }

        if (HoldsFewPlainValues)
        {
            return SelectedQuantile(q);
        }

        Flush();
        return _exact ? ExactQuantile(q) : InterpolatedQuantile(q);
    }

    /// <summary>The nearest-rank value, selected from a copy of the plain values: the same answer as sorting them.</summary>
    private double SelectedQuantile(double q)
    {
        int rank = (int)NearestRank(q, _valueCount);
        if (t_selection is null || t_selection.Length < _valueCount)
        {
            t_selection = new double[Math.Max(_valueCount, ValueCapacity)];
        }

        Span<double> values = t_selection.AsSpan(0, _valueCount);
        _values.AsSpan(0, _valueCount).CopyTo(values);
        return Selection.Select(values, rank - 1);
    }

    [ThreadStatic]
    private static double[]? t_selection;

    /// <summary>The 1-based nearest rank of quantile q among n values: ceil(q·n), at least 1 and at most n.</summary>
    public static long NearestRank(double q, long n) => Math.Clamp((long)Math.Ceiling(q * n), 1, Math.Max(n, 1));

    /// <summary>
    /// The state as printable ASCII, <c>td1:</c> then an encoding letter and base64: compression, min, max and the
    /// centroids (mean, weight, purity), deflated when that is shorter.
    /// </summary>
    public string ToState()
    {
        Flush();
        var writer = new StateWriter(32 + 10 * _centroids);
        writer.WriteByte(_exact ? ExactFlag : (byte)0);
        writer.WriteDouble(_compression);
        writer.WriteVarUInt64((ulong)_centroids);
        if (_centroids > 0)
        {
            writer.WriteDouble(_min);
            writer.WriteDouble(_max);
        }

        Span<byte> pureBits = new byte[(_centroids + 7) / 8];
        for (int i = 0; i < _centroids; i++)
        {
            writer.WriteDouble(_items[i].Mean);
            writer.WriteVarUInt64((ulong)_items[i].Weight);
            if (_items[i].Pure)
            {
                pureBits[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        writer.WriteBytes(pureBits);
        return SketchState.Encode(Tag, writer.Written, tryDeflate: true);
    }

    /// <summary>A digest from <see cref="ToState"/> text; a FormatException says what is wrong with other text.</summary>
    public static TDigest FromState(string state)
    {
        var reader = new StateReader(SketchState.Decode(state, Tag, What, 64 + 20 * (int)(10 * MaxCompression)), What);
        byte flags = reader.ReadByte();
        if (flags > ExactFlag)
        {
            throw reader.Invalid($"unknown flags {flags}");
        }

        double compression = reader.ReadDouble();
        if (!(compression >= MinCompression && compression <= MaxCompression))
        {
            throw reader.Invalid($"the compression {compression} is outside {MinCompression}..{MaxCompression}");
        }

        var digest = new TDigest(compression);
        int count = (int)reader.ReadVarInt64(0, digest._exactCapacity, "the number of centroids");
        digest._items = new Centroid[Math.Max(InitialItems, Math.Min(2 * count, digest.FullItems))];
        if (count > 0)
        {
            digest._min = reader.ReadDouble();
            digest._max = reader.ReadDouble();
        }

        long total = 0;
        for (int i = 0; i < count; i++)
        {
            double mean = reader.ReadDouble();
            long weight = reader.ReadVarInt64(1, long.MaxValue, "a centroid weight");
            if (!double.IsFinite(mean) || (i > 0 && !(mean > digest._items[i - 1].Mean)))
            {
                throw reader.Invalid("the centroid means are not finite and strictly ascending");
            }

            if (weight > long.MaxValue - total)
            {
                throw reader.Invalid("the weights add up to more than a 64-bit count");
            }

            total += weight;
            digest._items[i] = new Centroid(mean, weight, pure: false);
        }

        ReadOnlySpan<byte> pureBits = reader.ReadBytes((count + 7) / 8);
        for (int i = 0; i < count; i++)
        {
            bool pure = (pureBits[i / 8] & (1 << (i % 8))) != 0;
            if (!pure && digest._items[i].Weight < 2)
            {
                throw reader.Invalid("a centroid of weight 1 is marked as holding more than one value");
            }

            if (!pure && flags == ExactFlag)
            {
                throw reader.Invalid("an exact digest has a centroid that holds more than one value");
            }

            digest._items[i].Pure = pure;
        }

        if (count > 0)
        {
            Centroid first = digest._items[0];
            Centroid last = digest._items[count - 1];
            if (!double.IsFinite(digest._min) || !double.IsFinite(digest._max)
                || digest._min > first.Mean || digest._max < last.Mean)
            {
                throw reader.Invalid("min and max do not bound the centroids");
            }
        }

        reader.EnsureEnd();
        digest._centroids = count;
        digest._count = total;
        digest._exact = flags == ExactFlag;
        return digest;
    }

    private void Append(Centroid item)
    {
        if (_buffered == _items.Length - _centroids)
        {
            if (_items.Length < FullItems)
            {
                Array.Resize(ref _items, Math.Min(_items.Length * 2, FullItems));
            }
            else
            {
                Flush();
            }
        }

        _items[_centroids + _buffered++] = item;
        _count = checked(_count + item.Weight);
        if (!(item.Mean >= _min))
        {
            _min = item.Mean;
        }

        if (!(item.Mean <= _max))
        {
            _max = item.Mean;
        }
    }

    /// <summary>
    /// Sorts the buffer into the centroids and folds equal means together (lossless). If the digest is exact and at
    /// most <see cref="ExactCapacity"/> distinct values remain it stays exact; otherwise one merging pass.
    /// </summary>
    private void Flush()
    {
        if (_buffered > 0)
        {
            FlushItems();
        }

        if (_valueCount > 0)
        {
            FlushValues();
        }
    }

    /// <summary>Sorts the plain values and merges them into the centroids, as <see cref="FlushItems"/> does for weighted ones.</summary>
    private void FlushValues()
    {
        if (_buffered > 0)
        {
            FlushItems();
        }

        Array.Sort(_values!, 0, _valueCount);
        Centroid[] merged = Scratch(_centroids + _valueCount);
        int a = 0, b = 0, distinct = 0;
        while (a < _centroids || b < _valueCount)
        {
            Centroid next = b >= _valueCount || (a < _centroids && _items[a].Mean <= _values![b])
                ? _items[a++]
                : new Centroid(_values![b++], 1, pure: true);
            Fold(merged, ref distinct, next);
        }

        _valueCount = 0;
        if (_items.Length < distinct)
        {
            Array.Resize(ref _items, Math.Max(distinct, Math.Min(_items.Length * 2, FullItems)));
        }

        Settle(merged, distinct);
    }

    private void FlushItems()
    {
        // The centroids are sorted already: sort only the buffer, then merge the two runs, folding equal means together.
        int total = _centroids + _buffered;
        _items.AsSpan(_centroids, _buffered).Sort(default(MeanOrder));
        Centroid[] merged = Scratch(total);
        int a = 0, b = _centroids, distinct = 0;
        while (a < _centroids || b < total)
        {
            Centroid next = b >= total || (a < _centroids && _items[a].Mean <= _items[b].Mean) ? _items[a++] : _items[b++];
            Fold(merged, ref distinct, next);
        }

        _buffered = 0;
        Settle(merged, distinct);
    }

    /// <summary>
    /// Takes the merged, folded centroids back. If the digest is exact and at most <see cref="ExactCapacity"/> distinct
    /// values remain it stays exact; otherwise one merging pass.
    /// </summary>
    private void Settle(Centroid[] merged, int distinct)
    {
        Span<Centroid> items = _items.AsSpan(0, distinct);
        merged.AsSpan(0, distinct).CopyTo(items);
        if (_exact && distinct <= _exactCapacity)
        {
            _centroids = distinct;
            return;
        }

        _exact = false;
        _centroids = MergePass(items);
    }

    /// <summary>Appends the next centroid of a sorted run, folding it into the last when their means are equal (lossless).</summary>
    private static void Fold(Centroid[] merged, ref int distinct, in Centroid next)
    {
        if (distinct > 0 && merged[distinct - 1].Mean == next.Mean)
        {
            merged[distinct - 1].Weight += next.Weight;
            merged[distinct - 1].Pure &= next.Pure;
        }
        else
        {
            merged[distinct++] = next;
        }
    }

    // One merge buffer per thread: a summary keeps a digest per group, and a buffer each would double their memory.
    [ThreadStatic]
    private static Centroid[]? t_scratch;

    private static Centroid[] Scratch(int length)
    {
        if (t_scratch is null || t_scratch.Length < length)
        {
            t_scratch = new Centroid[Math.Max(length, 1024)];
        }

        return t_scratch;
    }

    private readonly struct MeanOrder : System.Collections.Generic.IComparer<Centroid>
    {
        public int Compare(Centroid x, Centroid y) => x.Mean.CompareTo(y.Mean);
    }

    // One left-to-right pass that joins neighbours while the joined centroid spans at most 1 on the scale
    // k(q) = δ/π·asin(2q − 1), twice Dunning's k1, so the whole range of q spans δ: any two neighbours span more than 1,
    // hence at most 2δ + 1 centroids. A centroid heavier than that (a pure one of many copies) stays alone.
    private int MergePass(Span<Centroid> items)
    {
        double total = 0;
        foreach (Centroid item in items)
        {
            total += item.Weight;
        }

        double normalizer = _compression / Math.PI;
        int written = 0;
        Centroid current = items[0];
        double before = 0;
        double limit = total * UpperQ(0, normalizer);
        for (int i = 1; i < items.Length; i++)
        {
            Centroid next = items[i];
            double joined = (double)current.Weight + next.Weight;
            if (before + joined <= limit)
            {
                // Rounding must not carry the mean past the next one (nor the last past the maximum).
                current.Mean = Math.Min(current.Mean + (next.Mean - current.Mean) * (next.Weight / joined), next.Mean);
                current.Weight += next.Weight;
                current.Pure = false;
            }
            else
            {
                items[written++] = current;
                before += current.Weight;
                limit = total * UpperQ(before / total, normalizer);
                current = next;
            }
        }

        items[written++] = current;
        return written;
    }

    // The quantile one unit further up the k scale than q.
    private static double UpperQ(double q, double normalizer)
    {
        double angle = Math.Asin(Math.Clamp(2 * q - 1, -1, 1)) + 1 / normalizer;
        return angle >= Math.PI / 2 ? 1 : (Math.Sin(angle) + 1) / 2;
    }

    private double ExactQuantile(double q)
    {
        long rank = NearestRank(q, _count);
        long seen = 0;
        for (int i = 0; i < _centroids; i++)
        {
            seen += _items[i].Weight;
            if (seen >= rank)
            {
                return _items[i].Mean;
            }
        }

        return _max;
    }

    /// <summary>
    /// A piecewise-linear curve of value against position t = q·n through knots: (0, min); (1, min) unless the first
    /// centroid's mean is the minimum; for a pure centroid over positions (S, S + w] a flat piece at its mean; for a
    /// mixed one its mean at its middle S + w/2; (n − 1, max) and (n, max) unless the last centroid's mean is the
    /// maximum. At a jump between two pure centroids the lower one answers, as the nearest rank does.
    /// </summary>
    private double InterpolatedQuantile(double q)
    {
        double t = q * _count;
        double knotT = 0;
        double knotV = _min;
        double result;
        if (_items[0].Mean > _min && Knot(t, 1, _min, ref knotT, ref knotV, out result))
        {
            return result;
        }

        double start = 0;
        for (int i = 0; i < _centroids; i++)
        {
            Centroid c = _items[i];
            if (c.Pure)
            {
                if (Knot(t, start, c.Mean, ref knotT, ref knotV, out result)
                    || Knot(t, start + c.Weight, c.Mean, ref knotT, ref knotV, out result))
                {
                    return Math.Clamp(result, _min, _max);
                }
            }
            else if (Knot(t, start + c.Weight / 2.0, c.Mean, ref knotT, ref knotV, out result))
            {
                return Math.Clamp(result, _min, _max);
            }

            start += c.Weight;
        }

        if (_items[_centroids - 1].Mean < _max && Knot(t, _count - 1, _max, ref knotT, ref knotV, out result))
        {
            return Math.Clamp(result, _min, _max);
        }

        return _max;
    }

    // Visits the next knot (kt, kv): if t is at or before it, interpolates from the previous knot. A knot never lies
    // before the previous one (after merges a pure first centroid may follow the knot of a smaller minimum).
    private static bool Knot(double t, double kt, double kv, ref double previousT, ref double previousV, out double result)
    {
        kt = Math.Max(kt, previousT);
        if (t <= kt)
        {
            result = kt <= previousT ? kv : previousV + (kv - previousV) * ((t - previousT) / (kt - previousT));
            return true;
        }

        previousT = kt;
        previousV = kv;
        result = 0;
        return false;
    }

    private struct Centroid
    {
        public double Mean;
        public long Weight;
        public bool Pure;

        public Centroid(double mean, long weight, bool pure)
        {
            Mean = mean;
            Weight = weight;
            Pure = pure;
        }
    }
}
