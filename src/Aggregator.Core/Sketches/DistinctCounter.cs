using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Aggregator.Aggregation;

namespace Aggregator.Sketches;

/// <summary>
/// Counts distinct values: exactly (a set of 64-bit hashes) up to <see cref="ExactLimit"/> distinct values, then as a
/// HyperLogLog of 2^<see cref="Precision"/> registers. The state is a function of the set of hashes added, so merging
/// is exactly associative and commutative: a set union, or a register-wise maximum.
/// </summary>
public sealed class DistinctCounter : IMergeable<DistinctCounter>
{
    /// <summary>Distinct values kept exactly, as 64-bit hashes, before switching to the HyperLogLog.</summary>
    public const int ExactLimit = 1024;

    /// <summary>Bits of the hash that pick a register: 2^14 registers, a standard error of about 0.81%.</summary>
    public const int Precision = 14;

    /// <summary>The number of HyperLogLog registers.</summary>
    public const int RegisterCount = 1 << Precision;

    /// <summary>The relative standard error of the HyperLogLog estimate, 1.04 / sqrt(registers).</summary>
    public static readonly double StandardError = 1.04 / Math.Sqrt(RegisterCount);

    private const string Tag = "dc1";
    private const string What = "distinct count";
    private const int RankBits = 64 - Precision;       // q in Ertl's notation
    private const byte MaxRank = RankBits + 1;         // a register holds 0..51
    private const byte ExactKind = 0;
    private const byte DenseKind = 1;

    // A summary keeps a counter per group and most groups see few values: those stay in a small array, scanned
    // linearly, and move to a hash set only past SmallLimit. Both hold the exact set of hashes.
    private const int SmallLimit = 16;
    private ulong[]? _small = new ulong[4];
    private int _smallCount;
    private HashSet<ulong>? _hashes;
    private byte[]? _registers;
    private long _estimate = -1;

    /// <summary>A counter of the given values, such as the distinct users an accumulator already holds.</summary>
    public static DistinctCounter Of(IEnumerable<string> values)
    {
        var counter = new DistinctCounter();
        foreach (string value in values)
        {
            counter.Add(value);
        }

        return counter;
    }

    /// <summary>Adds a value by the hash of its UTF-8 bytes (<see cref="Hash"/>).</summary>
    public void Add(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        AddHash(Hash(value.AsSpan()));
    }

    /// <summary>Adds a value; the same as <see cref="Add(string)"/> of the same characters.</summary>
    public void Add(ReadOnlySpan<char> value) => AddHash(Hash(value));

    /// <summary>Adds a value by its hash, as <see cref="Hash"/> computes it.</summary>
    public void AddHash(ulong hash)
    {
        if (_small is not null)
        {
            AddSmall(hash);
        }
        else if (_registers is null)
        {
            if (_hashes!.Add(hash) && _hashes.Count > ExactLimit)
            {
                ToDense();
            }
        }
        else if (SetRegister(_registers, hash))
        {
            _estimate = -1;
        }
    }

    private void AddSmall(ulong hash)
    {
        ulong[] small = _small!;
        for (int i = 0; i < _smallCount; i++)
        {
            if (small[i] == hash)
            {
                return;
            }
        }

        if (_smallCount == small.Length)
        {
            if (_smallCount == SmallLimit)
            {
                _hashes = new HashSet<ulong>(small) { hash };
                _small = null;
                return;
            }

            Array.Resize(ref _small, small.Length * 2);
        }

        _small![_smallCount++] = hash;
    }

    /// <summary>The exact set of hashes, while the counter is exact.</summary>
    private IEnumerable<ulong> ExactHashes => _small is not null ? _small.Take(_smallCount) : _hashes!;

    private int ExactCount => _small is not null ? _smallCount : _hashes!.Count;

    /// <summary>Takes in another counter: the union of the two sets of values. Exactly associative and commutative.</summary>
    public void Merge(DistinctCounter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            return;
        }

        if (other._registers is null)
        {
            foreach (ulong hash in other.ExactHashes)
            {
                AddHash(hash);
            }

            return;
        }

        if (_registers is null)
        {
            ToDense();
        }

        byte[] mine = _registers!;
        byte[] theirs = other._registers;
        for (int i = 0; i < mine.Length; i++)
        {
            if (theirs[i] > mine[i])
            {
                mine[i] = theirs[i];
                _estimate = -1;
            }
        }
    }

    /// <summary>
    /// The number of distinct values: exact while <see cref="IsExact"/>, otherwise the HyperLogLog estimate rounded to
    /// a whole number and never below <see cref="ExactLimit"/> + 1 (a counter only switches after that many).
    /// </summary>
    public long Count
    {
        get
        {
            if (_registers is null)
            {
                return ExactCount;
            }

            if (_estimate < 0)
            {
                _estimate = Math.Max(ExactLimit + 1, (long)Math.Round(Estimate(_registers)));
            }

            return _estimate;
        }
    }

    /// <summary>True while at most <see cref="ExactLimit"/> distinct values were added: <see cref="Count"/> is exact.</summary>
    public bool IsExact => _registers is null;

    /// <summary>
    /// The state as printable ASCII, <c>dc1:</c> then an encoding letter and base64: the sorted hashes while exact
    /// (at most 8 KB of bytes), else the registers deflated.
    /// </summary>
    public string ToState()
    {
        var writer = new StateWriter(_registers is null ? 16 + 8 * ExactCount : 1 + RegisterCount);
        if (_registers is null)
        {
            ulong[] sorted = ExactHashes.ToArray();
            Array.Sort(sorted);
            writer.WriteByte(ExactKind);
            writer.WriteVarUInt64((ulong)sorted.Length);
            foreach (ulong hash in sorted)
            {
                writer.WriteUInt64(hash);
            }

            return SketchState.Encode(Tag, writer.Written, tryDeflate: false);
        }

        writer.WriteByte(DenseKind);
        writer.WriteBytes(_registers);
        return SketchState.Encode(Tag, writer.Written, tryDeflate: true);
    }

    /// <summary>A counter from <see cref="ToState"/> text; a FormatException says what is wrong with other text.</summary>
    public static DistinctCounter FromState(string state)
    {
        var reader = new StateReader(SketchState.Decode(state, Tag, What, 1 + 10 + 8 * ExactLimit + RegisterCount), What);
        var counter = new DistinctCounter();
        byte kind = reader.ReadByte();
        if (kind == ExactKind)
        {
            long count = reader.ReadVarInt64(0, ExactLimit, "the number of hashes");
            ulong previous = 0;
            for (long i = 0; i < count; i++)
            {
                ulong hash = reader.ReadUInt64();
                if (i > 0 && hash <= previous)
                {
                    throw reader.Invalid("the hashes are not in strictly ascending order");
                }

                counter.AddHash(hash);
                previous = hash;
            }
        }
        else if (kind == DenseKind)
        {
            byte[] registers = reader.ReadBytes(RegisterCount).ToArray();
            bool any = false;
            foreach (byte register in registers)
            {
                if (register > MaxRank)
                {
                    throw reader.Invalid($"a register holds {register}, more than {MaxRank}");
                }

                any |= register != 0;
            }

            if (!any)
            {
                throw reader.Invalid("every register is empty");
            }

            counter._small = null;
            counter._hashes = null;
            counter._registers = registers;
        }
        else
        {
            throw reader.Invalid($"unknown kind {kind}");
        }

        reader.EnsureEnd();
        return counter;
    }

    /// <summary>
    /// The value's hash: xxHash64 (seed 0) of its UTF-8 bytes (<see cref="ValueHash"/>), the same for text a reader read
    /// from a file and for a pipeline string, in every process and on every machine.
    /// </summary>
    public static ulong Hash(ReadOnlySpan<char> value) => ValueHash.Of(value);

    /// <summary>The hash of a value's UTF-8 bytes, as a reader has them; equal to <see cref="Hash"/> of the same text.</summary>
    public static ulong HashUtf8(ReadOnlySpan<byte> value) => ValueHash.Utf8(value);

    private void ToDense()
    {
        var registers = new byte[RegisterCount];
        foreach (ulong hash in ExactHashes)
        {
            SetRegister(registers, hash);
        }

        _small = null;
        _hashes = null;
        _registers = registers;
        _estimate = -1;
    }

    // The top Precision bits pick the register; it keeps the highest 1 + (leading zeros of the remaining 50 bits).
    private static bool SetRegister(byte[] registers, ulong hash)
    {
        int index = (int)(hash >> RankBits);
        ulong rest = hash << Precision;
        byte rank = rest == 0 ? MaxRank : (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank <= registers[index])
        {
            return false;
        }

        registers[index] = rank;
        return true;
    }

    /// <summary>
    /// Ertl's improved estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017): unbiased over
    /// the whole range with no empirical tables; for few values it is linear counting on the empty registers, and it
    /// corrects for registers that reached the top rank.
    /// </summary>
    internal static double Estimate(byte[] registers)
    {
        Span<int> histogram = stackalloc int[MaxRank + 1];
        foreach (byte register in registers)
        {
            histogram[register]++;
        }

        double m = registers.Length;
        double z = m * Tau(1 - histogram[MaxRank] / m);
        for (int k = RankBits; k >= 1; k--)
        {
            z = 0.5 * (z + histogram[k]);
        }

        z += m * Sigma(histogram[0] / m);
        return m * m / (2 * Math.Log(2) * z);
    }

    private static double Sigma(double x)
    {
        if (x == 1)
        {
            return double.PositiveInfinity;
        }

        double y = 1;
        double z = x;
        double previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (z != previous);

        return z;
    }

    private static double Tau(double x)
    {
        if (x == 0 || x == 1)
        {
            return 0;
        }

        double y = 1;
        double z = 1 - x;
        double previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        }
        while (z != previous);

        return z / 3;
    }
}
