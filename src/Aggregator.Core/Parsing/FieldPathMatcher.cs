using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace Aggregator.Parsing;

/// <summary>
/// Matches JSON property names, depth by depth, against the field paths of a <see cref="FieldMap"/>.
/// A mask of path ids says which paths are still alive at a depth, so nested objects that no path enters are skipped whole.
/// </summary>
internal sealed class FieldPathMatcher
{
    internal const int MaxPaths = 64;

    private readonly int[] _fields;
    private readonly int[] _ranks;
    private readonly byte[][][] _segments;
    private readonly string[][] _segmentText;
    private readonly int[][][] _byDepthAndLength;   // [depth - 1][name length] -> path ids

    public FieldPathMatcher(FieldMap map)
    {
        var fields = new List<int>();
        var ranks = new List<int>();
        var segments = new List<string[]>();
        for (int field = 0; field < map.FieldCount; field++)
        {
            var names = map.NamesFor(field);
            for (int rank = 0; rank < names.Count; rank++)
            {
                string name = names[rank];
                Add(field, rank, new[] { name });
                if (name.Contains('.'))
                {
                    Add(field, rank, name.Split('.'));
                }
            }
        }

        if (fields.Count > MaxPaths)
        {
            throw new ArgumentException($"At most {MaxPaths} field names can be given in all.");
        }

        _fields = fields.ToArray();
        _ranks = ranks.ToArray();
        _segmentText = segments.ToArray();
        _segments = new byte[_segmentText.Length][][];
        MaxDepth = 1;
        for (int id = 0; id < _segmentText.Length; id++)
        {
            _segments[id] = Array.ConvertAll(_segmentText[id], Encoding.UTF8.GetBytes);
            MaxDepth = Math.Max(MaxDepth, _segments[id].Length);
        }

        _byDepthAndLength = new int[MaxDepth][][];
        for (int depth = 0; depth < MaxDepth; depth++)
        {
            var byLength = new List<int>[257];
            for (int id = 0; id < _segments.Length; id++)
            {
                if (_segments[id].Length > depth)
                {
                    int length = Math.Min(_segments[id][depth].Length, 256);
                    (byLength[length] ??= new List<int>()).Add(id);
                }
            }

            _byDepthAndLength[depth] = Array.ConvertAll(byLength, list => list?.ToArray() ?? Array.Empty<int>());
        }

        RootMask = _fields.Length == 64 ? ulong.MaxValue : (1UL << _fields.Length) - 1;

        void Add(int field, int rank, string[] path)
        {
            fields.Add(field);
            ranks.Add(rank);
            segments.Add(path);
        }
    }

    /// <summary>Every path is alive at the top level of a record.</summary>
    public ulong RootMask { get; }

    /// <summary>The longest path, in segments.</summary>
    public int MaxDepth { get; }

    public int FieldOf(int pathId) => _fields[pathId];

    public int RankOf(int pathId) => _ranks[pathId];

    /// <summary>
    /// Matches a property name at a depth (1 = the record's own properties). Returns the mask of paths that end here
    /// (their value feeds the path's field) and, in <paramref name="continuing"/>, the paths that go on into this
    /// property's object value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong Match(int depth, ulong alive, ReadOnlySpan<byte> name, out ulong continuing)
    {
        continuing = 0;
        if (depth > MaxDepth)
        {
            return 0;
        }

        ulong leaves = 0;
        foreach (int id in _byDepthAndLength[depth - 1][Math.Min(name.Length, 256)])
        {
            ulong bit = 1UL << id;
            if ((alive & bit) == 0 || !SegmentEquals(name, id, depth - 1))
            {
                continue;
            }

            if (_segments[id].Length == depth)
            {
                leaves |= bit;
            }
            else
            {
                continuing |= bit;
            }
        }

        return leaves;
    }

    private bool SegmentEquals(ReadOnlySpan<byte> name, int id, int index)
    {
        byte[] segment = _segments[id][index];
        if (((name[0] ^ segment[0]) & ~0x20) != 0 && name[0] < 0x80)
        {
            return false;   // first letters differ even ignoring ASCII case: the common miss, decided cheaply
        }

        if (Ascii.EqualsIgnoreCase(name, segment))
        {
            return true;
        }

        // Non-ASCII names: compare as text.
        return !Ascii.IsValid(name) && string.Equals(Encoding.UTF8.GetString(name), _segmentText[id][index], StringComparison.OrdinalIgnoreCase);
    }
}
