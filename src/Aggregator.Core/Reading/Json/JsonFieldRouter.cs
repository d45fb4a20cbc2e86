using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using Aggregator.Parsing;

namespace Aggregator.Reading.Json;

/// <summary>
/// Hands a value to the builder's fields its property name matched, for the flat scan and the full parse alike.
/// Records in one file mostly share a shape, so a record's own (top-level) names are matched through a cache of
/// what the n-th name matched in the record before.
/// </summary>
internal sealed class JsonFieldRouter
{
    private const int RecentNameSlots = 32;

    private readonly RecordBuilder _builder;
    private readonly FieldPathMatcher _matcher;
    private readonly NameMatch[] _recentNames = new NameMatch[RecentNameSlots];
    private int _propertyOrdinal;

    public JsonFieldRouter(FieldPathMatcher matcher, RecordBuilder builder)
    {
        _matcher = matcher;
        _builder = builder;
    }

    public FieldPathMatcher Matcher => _matcher;

    public RecordBuilder Builder => _builder;

    /// <summary>A new record starts: the builder forgets the last one's values and the names count from the first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void BeginRecord()
    {
        _builder.Reset();
        _propertyOrdinal = 0;
    }

    /// <summary>Only the names count from the first again (the full parse resets the builder itself, first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RestartNames() => _propertyOrdinal = 0;

    /// <summary>A record's own property name: the fields it feeds (leaves) and the paths that go on inside its value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong MatchTopLevelName(ReadOnlySpan<byte> raw, out ulong continuing)
    {
        if (_propertyOrdinal >= RecentNameSlots)
        {
            return _matcher.Match(1, _matcher.RootMask, raw, out continuing);
        }

        ref NameMatch recent = ref _recentNames[_propertyOrdinal++];
        if (recent.Name is null || !ByteScan.SequenceEqual(raw, recent.Name))
        {
            recent.Leaves = _matcher.Match(1, _matcher.RootMask, raw, out recent.Continuing);
            recent.Name = raw.ToArray();
        }

        continuing = recent.Continuing;
        return recent.Leaves;
    }

    /// <summary>Offers the value to every field in <paramref name="leaves"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Offer(ulong leaves, ValueKind kind, byte[] array, int offset, int length)
    {
        while (leaves != 0)
        {
            int id = BitOperations.TrailingZeroCount(leaves);
            leaves &= leaves - 1;
            _builder.Set(_matcher.FieldOf(id), _matcher.RankOf(id), kind, array, offset, length);
        }
    }

    private struct NameMatch
    {
        public byte[]? Name;
        public ulong Leaves;
        public ulong Continuing;
    }
}
